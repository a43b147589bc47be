"""The hub's queries: the only module that builds SQL."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, bindparam, insert, or_, select

from onshi.hub.driver_query import DriverQuery, QueryRow
from onshi.hub.models import Facility, Insurer, Person, Qualification, RejectedRequest

_q = Qualification.__table__.c
_p = Person.__table__.c
_i = Insurer.__table__.c

_FACILITY = select(Facility.code).where(Facility.code == bindparam("code"))
# Built once: the hot path binds values into this statement, so SQLAlchemy compiles it once.
_BY_CARD = (
    select(*Qualification.__table__.c, _p.name, _p.name_kana, _p.name_of_other,
           _p.name_of_other_kana, _p.sex, _p.post_number, _p.address,
           _i.name.label("insurer_name"), _i.scheme)
    .join(Person.__table__, _p.id == _q.person_id)
    .join(Insurer.__table__, _i.id == _q.insurer_id)
    .where(_q.insurer_number == bindparam("insurer_number"), _q.number == bindparam("number"),
           _q.birthdate == bindparam("birthdate"))
)


@dataclass
class HubStore:
    engine: Engine
    facility_memory_seconds: float = 60.0

    def __post_init__(self) -> None:
        # Lookups need no transaction: on PostgreSQL autocommit spares a BEGIN/ROLLBACK per
        # confirmation. SQLite's driver opens none for a SELECT, and switching its level would
        # cost a PRAGMA on every checkout.
        sqlite = self.engine.dialect.name == "sqlite"
        self._reads = self.engine if sqlite else self.engine.execution_options(
            isolation_level="AUTOCOMMIT")
        self._facilities_seen: dict[str, float] = {}
        self._by_card = DriverQuery.prepare(_BY_CARD, self.engine)

    def facility_exists(self, code: str) -> bool:
        """Registered facilities are remembered for a minute: a facility sends many requests in
        a row, and registrations change on a scale of days."""
        seen = self._facilities_seen.get(code)
        if seen is not None and time.monotonic() - seen < self.facility_memory_seconds:
            return True
        with self._reads.connect() as conn:
            found = conn.execute(_FACILITY, {"code": code}).first() is not None
        if found:
            self._facilities_seen[code] = time.monotonic()
        return found

    def qualifications_by_card(self, insurer_number: str, number: str,
                               birthdate: date) -> Sequence[QueryRow]:
        """Every qualification printed with these numbers for a person born that day."""
        return self._by_card.run({"insurer_number": insurer_number, "number": number,
                                  "birthdate": birthdate})

    def persons_insured_elsewhere(self, person_ids: Iterable[int], excluding: Iterable[int],
                                  on: date) -> set[int]:
        """Persons holding another qualification that covers `on` (新しい資格あり)."""
        query = (select(_q.person_id).distinct()
                 .where(_q.person_id.in_(list(person_ids)), _q.id.not_in(list(excluding)),
                        _q.acquired <= on, or_(_q.lost.is_(None), _q.lost > on)))
        with self._reads.connect() as conn:
            return set(conn.execute(query).scalars())

    def keep_rejected(self, received_at: datetime, error_code: str, detail: str,
                      content_type: str, body: bytes) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(RejectedRequest), {
                "received_at": received_at, "error_code": error_code, "detail": detail[:200],
                "content_type": content_type[:80], "body": body})

    def any_qualification(self) -> bool:
        """Whether a population has been loaded (the demo generates one only once)."""
        with self._reads.connect() as conn:
            return conn.execute(select(_q.id).limit(1)).first() is not None
