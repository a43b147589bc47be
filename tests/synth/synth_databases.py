"""Empty, migrated hub databases for the synth tests, on SQLite and on PostgreSQL.

PostgreSQL runs at 127.0.0.1:5432 as user postgres (trust auth); each database gets a unique
name and is dropped at teardown. PostgreSQL is required, as in the rest of the suite.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from onshi.db import make_engine, migrate
from onshi.synth import SynthConfig

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BACKENDS = ("sqlite", "postgresql")
TEST_CONFIG = SynthConfig(persons=2_000)

EngineFactory = Callable[[], AbstractContextManager[Engine]]


@contextmanager
def sqlite_hub(folder: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{folder / f'hub-{uuid.uuid4().hex}.sqlite3'}")
    migrate("onshi.hub", engine)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def postgres_hub() -> Iterator[Engine]:
    name = f"onshi_synth_test_{uuid.uuid4().hex[:12]}"
    server = create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:  # required, as everywhere in the suite: no skip
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(f"postgresql://postgres@127.0.0.1:5432/{name}")
    try:
        migrate("onshi.hub", engine)
        yield engine
    finally:
        engine.dispose()
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def hub_factory(backend: str, folder: Path) -> EngineFactory:
    if backend == "sqlite":
        return lambda: sqlite_hub(folder)
    return postgres_hub
