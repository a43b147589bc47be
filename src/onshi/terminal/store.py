"""The terminal's queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select

from onshi.terminal.models import Exchange


@dataclass
class TerminalStore:
    engine: Engine

    def record(self, **values: object) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(Exchange), [values])

    def find(self, token: str) -> Exchange | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(Exchange.__table__).where(Exchange.token == token)).first()
        return Exchange(**row._mapping) if row else None

    def recent(self, limit: int = 50) -> Sequence[Exchange]:
        query = select(Exchange.__table__).order_by(Exchange.received_at.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [Exchange(**row._mapping) for row in conn.execute(query)]
