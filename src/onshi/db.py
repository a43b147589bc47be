"""Storage plumbing every party shares: one database per party, chosen by URL.

SQLite (WAL) under `$ONSHI_HOME/<party>.sqlite3` is the embedded default; PostgreSQL is chosen with
`ONSHI_<PARTY>_DATABASE_URL`. Both run the same Alembic migrations.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def home(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get("ONSHI_HOME", "var"))


def database_url(party: str, environ: Mapping[str, str] | None = None) -> str:
    """The party's URL: `ONSHI_<PARTY>_DATABASE_URL`, else a SQLite file under the home folder."""
    env = os.environ if environ is None else environ
    explicit = env.get(f"ONSHI_{party.upper()}_DATABASE_URL")
    if explicit:
        return explicit
    return f"sqlite:///{home(env) / f'{party}.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine with the settings onshi relies on (SQLite: WAL, foreign keys, busy wait)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # No pre-ping: it doubles round trips on the hot path; a dropped connection surfaces as an
    # error the hub answers with 503, which callers retry. Recycle before servers time out.
    return create_engine(url, pool_size=10, max_overflow=20, pool_recycle=1800)


# Reads through a memory map skip a system call and a copy per page: a 資格確認 touches about
# a dozen pages of a database larger than SQLite's own page cache.
SQLITE_MMAP_BYTES = 1 << 30


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


def migrate(party_package: str, engine: Engine) -> None:
    """Bring the party's schema to the newest revision (`party_package` e.g. "onshi.hub")."""
    config = Config()
    config.set_main_option("script_location", f"{party_package}:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
