"""The benchmark's own hub database: create, populate with synth, pick real cards, measure, drop.

SQLite is a file under the run's work folder; PostgreSQL is a fresh database on the local server
(`onshi_bench_<pid>_<time>`), dropped afterwards unless kept.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from queue import Queue
from threading import Barrier

from sqlalchemy import Connection, Engine, and_, create_engine, func, or_, select, text

from onshi.db import make_engine, migrate
from onshi.hub.models import Person, Qualification
from onshi.hub.store import HubStore
from onshi.oqs import xml
from onshi.oqs.codes import ConsentFlag
from onshi.oqs.messages import ConfirmationRequest, RequestBody, RequestHeader, SearchInfo
from onshi.synth import DEMO_INSTITUTION_CODE, SynthConfig, generate

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
BODY_SEPARATOR = b"\x1e"  # ASCII record separator: not allowed anywhere in an XML document

_q = Qualification.__table__.c


@dataclass(frozen=True)
class BenchDatabase:
    backend: str
    url: str

    def engine(self) -> Engine:
        return make_engine(self.url)


@dataclass(frozen=True)
class Card:
    """What a facility reads off a 被保険者証 (the lookup key is insurer, number, birthdate)."""

    insurer_number: str
    symbol: str
    number: str
    branch: str | None
    birthdate: date

    @property
    def lookup_key(self) -> tuple[str, str, date]:
        return self.insurer_number, self.number, self.birthdate


@dataclass(frozen=True)
class Generation:
    persons: int
    qualifications: int
    seconds: float

    @property
    def persons_per_second(self) -> float:
        return self.persons / self.seconds


@dataclass(frozen=True)
class LookupRate:
    processes: int
    lookups: int
    per_second: float
    empty_results: int


def create_database(backend: str, workdir: Path) -> BenchDatabase:
    """A new, migrated, empty hub database."""
    if backend == "sqlite":
        url = f"sqlite:///{workdir / 'hub.sqlite3'}"
    else:
        name = f"onshi_bench_{os.getpid()}_{int(time.time())}"
        with _postgres_admin() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = f"{POSTGRES_SERVER}/{name}"
    database = BenchDatabase(backend, url)
    engine = database.engine()
    try:
        migrate("onshi.hub", engine)
    finally:
        engine.dispose()
    return database


def drop_database(database: BenchDatabase) -> None:
    """PostgreSQL only: the SQLite file goes with its work folder."""
    if database.backend != "postgresql":
        return
    name = database.url.rsplit("/", 1)[1]
    with _postgres_admin() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def _postgres_admin() -> Iterator[Connection]:
    engine = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def server_version(database: BenchDatabase) -> str:
    if database.backend == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    engine = database.engine()
    try:
        with engine.connect() as conn:
            return f"PostgreSQL {conn.execute(text('SHOW server_version')).scalar()}"
    finally:
        engine.dispose()


def populate(database: BenchDatabase, persons: int, seed: int, as_of: date) -> Generation:
    """Run synth into the database (timed, wall clock) and refresh the planner's statistics."""
    engine = database.engine()
    try:
        started = time.perf_counter()
        generate(engine, SynthConfig(persons=persons, seed=seed, as_of=as_of), progress=True)
        seconds = time.perf_counter() - started
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
            counted = conn.execute(select(func.count()).select_from(Person)).scalar_one()
            qualifications = conn.execute(
                select(func.count()).select_from(Qualification)).scalar_one()
    finally:
        engine.dispose()
    return Generation(counted, qualifications, seconds)


def valid_cards(database: BenchDatabase, on: date, limit: int, seed: int) -> list[Card]:
    """A random sample of cards whose qualification covers `on` (acquired ≤ on < lost)."""
    covering = and_(_q.acquired <= on, or_(_q.lost.is_(None), _q.lost > on))
    engine = database.engine()
    try:
        with engine.connect() as conn:
            ids = conn.execute(select(_q.id).where(covering)).scalars().all()
            chosen = random.Random(seed).sample(list(ids), min(limit, len(ids)))
            rows = conn.execute(select(_q.id, _q.insurer_number, _q.symbol, _q.number, _q.branch,
                                       _q.birthdate).where(_q.id.in_(chosen))).all()
    finally:
        engine.dispose()
    by_id = {row.id: Card(row.insurer_number, row.symbol, row.number, row.branch, row.birthdate)
             for row in rows}
    return [by_id[ident] for ident in chosen]


def request_document(card: Card, on: date, index: int) -> bytes:
    """The OQSsiquc01 request a facility's software sends for this card."""
    return xml.dump(ConfirmationRequest(
        header=RequestHeader(confirmation_date=on, institution_code=DEMO_INSTITUTION_CODE,
                             arbitrary_file_identifier=f"BENCH{index:07d}"),
        body=RequestBody(search=SearchInfo(
            insurer_number=card.insurer_number, insured_card_symbol=card.symbol or None,
            insured_identification_number=card.number, insured_branch_number=card.branch,
            birthdate=card.birthdate, limit_consent=ConsentFlag.CONSENTED))))


def write_bodies(documents: list[bytes], path: Path) -> None:
    path.write_bytes(BODY_SEPARATOR.join(documents))


def raw_lookup_rate(database: BenchDatabase, cards: list[Card], processes: int,
                    seconds: float) -> LookupRate:
    """HubStore.qualifications_by_card in a tight loop, in `processes` parallel processes."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    keys = [card.lookup_key for card in cards]
    workers = [context.Process(target=_lookup_loop,
                               args=(database.url, keys[i::processes], seconds, barrier, results))
               for i in range(processes)]
    for worker in workers:
        worker.start()
    try:
        counts = [results.get(timeout=seconds + 300) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=30)
    return LookupRate(processes, sum(c for c, _, _ in counts),
                      sum(c / elapsed for c, elapsed, _ in counts), sum(e for _, _, e in counts))


def _lookup_loop(url: str, keys: list[tuple[str, str, date]], seconds: float, barrier: Barrier,
                 results: Queue) -> None:
    engine = make_engine(url)
    store = HubStore(engine)
    for key in keys[:200]:  # open the pooled connection, fill the statement caches
        store.qualifications_by_card(*key)
    barrier.wait()
    lookups = empty = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        if not store.qualifications_by_card(*keys[lookups % len(keys)]):
            empty += 1
        lookups += 1
    results.put((lookups, time.perf_counter() - started, empty))
    engine.dispose()
