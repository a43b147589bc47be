"""Build each party from its database URL and clock (shared by the commands)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from onshi import db
from onshi.clock import Clock, OffsetClock, SystemClock
from onshi.hub.api import create_app as create_hub_app
from onshi.hub.store import HubStore
from onshi.oqs.client import HubClient
from onshi.oqs.codes import CharacterCode
from onshi.terminal.exchange import FolderExchange
from onshi.terminal.folders import ExchangeFolders
from onshi.terminal.store import TerminalStore
from onshi.terminal.views import create_app as create_terminal_app


def clock_for(as_of: date | None) -> Clock:
    return OffsetClock.starting(as_of) if as_of else SystemClock()


def party_engine(party: str, home: Path) -> Engine:
    """The party's own database (env URL or SQLite under `home`), migrated to the newest schema."""
    engine = db.make_engine(db.database_url(party, {**os.environ, "ONSHI_HOME": str(home)}))
    db.migrate(f"onshi.{party}", engine)
    return engine


def hub_app(engine: Engine, clock: Clock) -> FastAPI:
    return create_hub_app(HubStore(engine), clock)


def hub_app_from_environment() -> FastAPI:
    """The hub app for a uvicorn worker process: ONSHI_HOME (or the URL) and ONSHI_AS_OF."""
    as_of = os.environ.get("ONSHI_AS_OF")
    engine = db.make_engine(db.database_url("hub"))
    return hub_app(engine, clock_for(date.fromisoformat(as_of) if as_of else None))


@dataclass
class Terminal:
    """A terminal bound to one facility, its folders and a hub URL."""

    engine: Engine
    hub_url: str
    clock: Clock
    institution_code: str
    folders: ExchangeFolders
    character_code: CharacterCode | None = None

    def __post_init__(self) -> None:
        self.folders.create()
        self.store = TerminalStore(self.engine)
        self.hub = HubClient(self.hub_url)

    def exchange(self, settle_seconds: float = 0.2) -> FolderExchange:
        return FolderExchange(self.folders, self.hub, self.store, self.clock,
                              character_code=self.character_code,
                              settle_seconds=settle_seconds)

    def app(self) -> FastAPI:
        return create_terminal_app(self.store, self.hub, self.clock, self.institution_code)

    def close(self) -> None:
        self.hub.close()
        self.engine.dispose()
