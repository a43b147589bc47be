"""The settings every SQLite connection of a party gets."""

from __future__ import annotations

from sqlalchemy import text

from onshi.db import SQLITE_MMAP_BYTES, make_engine


def test_sqlite_connections_share_the_settings_onshi_relies_on(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'hub.sqlite3'}")
    try:
        with engine.connect() as conn:
            settings = {name: conn.execute(text(f"PRAGMA {name}")).scalar_one()
                        for name in ("journal_mode", "synchronous", "foreign_keys", "mmap_size")}
    finally:
        engine.dispose()
    assert 0 < settings.pop("mmap_size") <= SQLITE_MMAP_BYTES  # a build may cap the map
    assert settings == {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1}
