"""A prebuilt SELECT run straight on the driver's cursor, for the one query on the hot path.

SQLAlchemy's execution layer costs several times what SQLite spends answering an indexed
lookup (about 45 µs against 18 µs per confirmation). The statement is still built and compiled
by SQLAlchemy, once, for the engine's dialect; values cross the same bind and result
processors (SQLite keeps dates as text), and driver errors come back as SQLAlchemy's own
exceptions, so callers see no difference but speed.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select
from sqlalchemy.exc import DBAPIError

QueryRow = Any  # a namedtuple made per statement: attributes named after its columns

Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class DriverQuery:
    engine: Engine
    sql: str
    parameter_order: tuple[str, ...] | None  # positional drivers (SQLite); None for named
    binds: tuple[tuple[str, Processor], ...]
    row: type
    results: tuple[tuple[int, Processor], ...]
    autocommit: bool  # PostgreSQL: no transaction, so no ROLLBACK round trip at check-in

    @classmethod
    def prepare(cls, statement: Select, engine: Engine) -> DriverQuery:
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
                   dialect.name == "postgresql")

    def run(self, parameters: Mapping[str, Any]) -> list[QueryRow]:
        values = dict(parameters)
        for name, processor in self.binds:
            values[name] = processor(values[name])
        bound: Any = values if self.parameter_order is None else \
            [values[name] for name in self.parameter_order]
        connection = self.engine.raw_connection()
        try:
            raw_rows = self._fetch(connection, bound)
        except self.engine.dialect.loaded_dbapi.Error as exc:
            connection.invalidate(exc)
            raise DBAPIError.instance(self.sql, bound, exc,
                                      self.engine.dialect.loaded_dbapi.Error) from exc
        finally:
            connection.close()
        return [self._row(raw) for raw in raw_rows]

    def _fetch(self, connection: Any, bound: Any) -> list[tuple[Any, ...]]:
        driver = connection.driver_connection
        if self.autocommit:
            driver.autocommit = True
        try:
            cursor = connection.cursor()
            cursor.execute(self.sql, bound)
            rows = cursor.fetchall()
            cursor.close()
            return rows
        finally:
            if self.autocommit:
                driver.autocommit = False

    def _row(self, raw: tuple[Any, ...]) -> QueryRow:
        if not self.results:
            return self.row._make(raw)
        values = list(raw)
        for index, processor in self.results:
            values[index] = processor(values[index])
        return self.row._make(values)
