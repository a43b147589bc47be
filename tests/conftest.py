"""Fixtures shared by the whole suite: real databases on both backends.

Every store test runs on SQLite and on the PostgreSQL server at 127.0.0.1:5432 (user postgres).
PostgreSQL is required, not optional: an unreachable server fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date

import psycopg
import pytest
from sqlalchemy import Engine

from onshi.clock import FixedClock
from onshi.db import make_engine, migrate
from onshi.hub.api import create_app
from onshi.hub.store import HubStore
from onshi.server import serving

POSTGRES_ADMIN = os.environ.get(
    "ONSHI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["sqlite", "postgresql"]


def _admin(statement: str) -> None:
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture
def database_url(backend: str, tmp_path) -> Iterator[Callable[[str], str]]:
    """Make fresh, empty databases (one per party) on the test's backend."""
    created: list[str] = []

    def make(party: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'{party}.sqlite3'}"
        name = f"onshi_test_{party}_{uuid.uuid4().hex[:10]}"
        _admin(f'CREATE DATABASE "{name}"')
        created.append(name)
        return POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"

    yield make
    for name in created:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def hub_engine(database_url: Callable[[str], str]) -> Iterator[Engine]:
    engine = make_engine(database_url("hub"))
    migrate("onshi.hub", engine)
    yield engine
    engine.dispose()


@pytest.fixture
def terminal_engine(database_url: Callable[[str], str]) -> Iterator[Engine]:
    engine = make_engine(database_url("terminal"))
    migrate("onshi.terminal", engine)
    yield engine
    engine.dispose()


@pytest.fixture
def hub_url(hub_engine: Engine) -> Iterator[str]:
    """The real hub, over HTTP on loopback, as of 2025-05-15 10:30 JST, with a registry."""
    clock = FixedClock.at(date(2025, 5, 15), 10, 30)
    with serving(create_app(HubStore(hub_engine), clock)) as url:
        yield url
