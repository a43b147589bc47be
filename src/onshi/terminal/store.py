"""The terminal's queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, case, func, insert, select

from onshi.terminal.models import Exchange, ReaderAttempt


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

    def record_attempt(self, **values: object) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(ReaderAttempt), [values])

    def reader_rates(self) -> list[ReaderRate]:
        """Per reader: attempts, those not completed, and their share (the cancellation rate)."""
        incomplete = func.sum(case((ReaderAttempt.completed, 0), else_=1))
        query = (select(ReaderAttempt.device, ReaderAttempt.maker, func.count(), incomplete)
                 .group_by(ReaderAttempt.device, ReaderAttempt.maker)
                 .order_by(ReaderAttempt.device))
        with self.engine.connect() as conn:
            return [ReaderRate(device, maker, attempts, int(missed))
                    for device, maker, attempts, missed in conn.execute(query)]


@dataclass(frozen=True)
class ReaderRate:
    device: str
    maker: str
    attempts: int
    incomplete: int

    @property
    def cancellation_rate(self) -> float:
        return self.incomplete / self.attempts if self.attempts else 0.0


def by_maker(rates: list[ReaderRate]) -> list[ReaderRate]:
    """The same rates summed per maker (the device column names the maker)."""
    totals: dict[str, tuple[int, int]] = {}
    for rate in rates:
        attempts, incomplete = totals.get(rate.maker, (0, 0))
        totals[rate.maker] = (attempts + rate.attempts, incomplete + rate.incomplete)
    return [ReaderRate(maker, maker, attempts, incomplete)
            for maker, (attempts, incomplete) in sorted(totals.items())]
