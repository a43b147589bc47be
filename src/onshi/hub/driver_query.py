"""A prebuilt SELECT run straight on the driver's cursor, for the one query on the hot path.

SQLAlchemy's execution layer costs several times what SQLite spends answering an indexed
lookup (about 45 µs against 18 µs per confirmation). The statement is still built and compiled
by SQLAlchemy, once, for the engine's dialect; values cross the same bind and result
processors (SQLite keeps dates as text), and driver errors come back as SQLAlchemy's own
exceptions, so callers see no difference but speed.

A pool checkout and its reset on return cost about as much again as the lookup itself, so an
engine's prepared queries keep the connections they used checked out, idle (a few, shared by
all of them), for up to `keep_seconds`; then they go back to the pool and its recycling.
Disposing of the engine closes them, also one that was in use meanwhile; like any checked-out
connection, they hold the engine until then.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, PoolProxiedConnection, Select, event
from sqlalchemy.exc import DBAPIError

QueryRow = Any  # a namedtuple made per statement: attributes named after its columns

Processor = Callable[[Any], Any]
KEEP_SECONDS = 60.0
MAX_IDLE = 8  # more than the threads that run one query at a time in a hub worker


@dataclass(frozen=True)
class _Kept:
    connection: PoolProxiedConnection
    pool: object  # the engine's pool that lent it: disposing replaces the pool
    since: float

    def close(self, error: BaseException | None = None) -> None:
        """Close the driver connection itself: its state, or its pool, is gone."""
        self.connection.invalidate(error)
        self.connection.close()


_IDLE: weakref.WeakKeyDictionary[Engine, list[_Kept]] = weakref.WeakKeyDictionary()
_IDLE_LOCK = threading.Lock()


def _idle_of(engine: Engine) -> list[_Kept]:
    with _IDLE_LOCK:
        idle = _IDLE.get(engine)
        if idle is None:
            idle = _IDLE[engine] = []
            event.listen(engine, "engine_disposed", _close_idle)
        return idle


def _close_idle(engine: Engine) -> None:
    """The engine was disposed (its pool is already gone): close what its queries kept."""
    idle = _IDLE.get(engine, [])
    while idle:
        idle.pop().close()


@dataclass(frozen=True)
class DriverQuery:
    engine: Engine
    sql: str
    parameter_order: tuple[str, ...] | None  # positional drivers (SQLite); None for named
    binds: tuple[tuple[str, Processor], ...]
    row: type
    results: tuple[tuple[int, Processor], ...]
    autocommit: bool  # PostgreSQL: no transaction, so no ROLLBACK round trip at check-in
    keep_seconds: float = KEEP_SECONDS
    idle: list[_Kept] = field(default_factory=list, compare=False, repr=False)
    timer: Callable[[], float] = time.monotonic  # seconds, for how long a connection is kept

    @classmethod
    def prepare(cls, statement: Select, engine: Engine, keep_seconds: float = KEEP_SECONDS,
                timer: Callable[[], float] = time.monotonic) -> DriverQuery:
        dialect = engine.dialect
        compiled = statement.compile(dialect=dialect)
        binds = tuple((name, processor) for name, bind in compiled.binds.items()
                      if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)))
        columns = statement.selected_columns
        results = tuple(
            (index, processor) for index, column in enumerate(columns)
            if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None)))
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        return cls(engine, compiled.string, order, binds,
                   namedtuple("QueryRow", [c.key for c in columns]), results,
                   dialect.name == "postgresql", keep_seconds, _idle_of(engine), timer)

    def run(self, parameters: Mapping[str, Any]) -> list[QueryRow]:
        values = dict(parameters)
        for name, processor in self.binds:
            values[name] = processor(values[name])
        bound: Any = values if self.parameter_order is None else \
            [values[name] for name in self.parameter_order]
        kept = self._checkout()
        try:
            cursor = kept.connection.dbapi_connection.cursor()
            cursor.execute(self.sql, bound)
            raw_rows = cursor.fetchall()
            cursor.close()
        except self.engine.dialect.loaded_dbapi.Error as exc:
            kept.close(exc)
            raise DBAPIError.instance(self.sql, bound, exc,
                                      self.engine.dialect.loaded_dbapi.Error) from exc
        except BaseException:
            kept.close()  # interrupted mid-query: its state is unknown
            raise
        self._checkin(kept)
        return [self._row(raw) for raw in raw_rows]

    def _checkout(self) -> _Kept:
        """A kept connection still within its time, else a new one from the pool (which
        recycles old ones)."""
        while self.idle:
            try:
                kept = self.idle.pop()
            except IndexError:  # another thread took the last one
                break
            if self._still_keepable(kept):
                return kept
            self._retire(kept)
        pool = self.engine.pool  # before the checkout, which may see the engine disposed
        connection = self.engine.raw_connection()
        if self.autocommit:
            connection.driver_connection.autocommit = True  # type: ignore[union-attr]
        return _Kept(connection, pool, self.timer())

    def _checkin(self, kept: _Kept) -> None:
        if len(self.idle) < MAX_IDLE and self._still_keepable(kept):
            self.idle.append(kept)
        else:
            self._retire(kept)

    def _still_keepable(self, kept: _Kept) -> bool:
        return kept.pool is self.engine.pool and self.timer() - kept.since < self.keep_seconds

    def _retire(self, kept: _Kept) -> None:
        if kept.pool is self.engine.pool:
            self._give_back(kept)
        else:
            kept.close()

    def _give_back(self, kept: _Kept) -> None:
        """To the pool as the pool lent it: transactional (writers rely on it)."""
        try:
            if self.autocommit and kept.connection.is_valid:
                kept.connection.driver_connection.autocommit = False  # type: ignore[union-attr]
        finally:
            kept.connection.close()

    def _row(self, raw: tuple[Any, ...]) -> QueryRow:
        if not self.results:
            return self.row._make(raw)
        values = list(raw)
        for index, processor in self.results:
            values[index] = processor(values[index])
        return self.row._make(values)
