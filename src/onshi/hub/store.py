"""The hub's queries: the only module that builds SQL."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, bindparam, insert, or_, select, update

from onshi.hub.driver_query import DriverQuery, QueryRow
from onshi.hub.models import (
    CardChallenge,
    CardConfirmation,
    CardLink,
    Facility,
    Insurer,
    Person,
    Qualification,
    RejectedRequest,
    TerminalDevice,
)

_q = Qualification.__table__.c
_p = Person.__table__.c
_i = Insurer.__table__.c

_FACILITY = select(Facility.code).where(Facility.code == bindparam("code"))
_QUALIFICATION_COLUMNS = (*Qualification.__table__.c, _p.name, _p.name_kana, _p.name_of_other,
                          _p.name_of_other_kana, _p.sex, _p.post_number, _p.address,
                          _i.name.label("insurer_name"), _i.scheme)
# Built once: the hot path binds values into this statement, so SQLAlchemy compiles it once.
_BY_CARD = (
    select(*_QUALIFICATION_COLUMNS)
    .join(Person.__table__, _p.id == _q.person_id)
    .join(Insurer.__table__, _i.id == _q.insurer_id)
    .where(_q.insurer_number == bindparam("insurer_number"), _q.number == bindparam("number"),
           _q.birthdate == bindparam("birthdate"))
)
_BY_PERSON = (
    select(*_QUALIFICATION_COLUMNS)
    .join(Person.__table__, _p.id == _q.person_id)
    .join(Insurer.__table__, _i.id == _q.insurer_id)
    .where(_q.person_id == bindparam("person_id")).order_by(_q.acquired, _q.id)
)
_LINK = select(CardLink.person_id, CardLink.deregistered_at).where(
    CardLink.serial == bindparam("serial"))
_USE_CHALLENGE = update(CardChallenge).where(
    CardChallenge.nonce == bindparam("the_nonce"),
    CardChallenge.facility_code == bindparam("facility"), CardChallenge.used_at.is_(None),
    CardChallenge.issued_at > bindparam("issued_after"),
    CardChallenge.issued_at <= bindparam("now")).values(used_at=bindparam("now"))


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
        self._by_person = DriverQuery.prepare(_BY_PERSON, self.engine)
        self._link = DriverQuery.prepare(_LINK, self.engine)

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

    def qualifications_of_person(self, person_id: int) -> Sequence[QueryRow]:
        """Every qualification of one person, oldest first (card confirmations)."""
        return self._by_person.run({"person_id": person_id})

    def person_by_individual_number(self, number: str) -> int | None:
        with self._reads.connect() as conn:
            return conn.execute(select(Person.id).where(
                Person.individual_number == number)).scalar_one_or_none()

    def card_link(self, serial: str) -> CardLinkState | None:
        rows = self._link.run({"serial": serial})
        return CardLinkState(rows[0].person_id, rows[0].deregistered_at) if rows else None

    def link_card(self, serial: str, person_id: int, at: datetime) -> None:
        """保険証利用登録; registering again after 利用登録解除 links the card anew."""
        with self.engine.begin() as conn:
            changed = conn.execute(update(CardLink).where(CardLink.serial == serial).values(
                person_id=person_id, registered_at=at, deregistered_at=None)).rowcount
            if not changed:
                conn.execute(insert(CardLink), {"serial": serial, "person_id": person_id,
                                                "registered_at": at})

    def deregister_cards(self, person_id: int, at: datetime) -> int:
        """利用登録解除 through the insurer: every card of the person, who is then due a
        資格確認書; how many cards were linked."""
        with self.engine.begin() as conn:
            conn.execute(update(Person).where(Person.id == person_id).values(
                eligibility_document_due=at))
            return conn.execute(update(CardLink).where(
                CardLink.person_id == person_id, CardLink.deregistered_at.is_(None)).values(
                deregistered_at=at)).rowcount

    def eligibility_document_due(self, person_id: int) -> datetime | None:
        with self._reads.connect() as conn:
            return conn.execute(select(Person.eligibility_document_due).where(
                Person.id == person_id)).scalar_one_or_none()

    def add_challenge(self, nonce: str, facility_code: str, at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(CardChallenge), {"nonce": nonce, "facility_code": facility_code,
                                                 "issued_at": at})

    def use_challenge(self, nonce: str, facility_code: str, now: datetime,
                      issued_after: datetime) -> bool:
        """Spend a challenge: true once, for its facility, while it is fresh."""
        with self.engine.begin() as conn:
            return conn.execute(_USE_CHALLENGE, {
                "the_nonce": nonce, "facility": facility_code, "issued_after": issued_after,
                "now": now}).rowcount == 1

    def record_card_confirmation(self, at: datetime, facility_code: str, serial: str,
                                 person_id: int | None, method: str, outcome: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(CardConfirmation), {
                "confirmed_at": at, "facility_code": facility_code, "serial": serial,
                "person_id": person_id, "method": method, "outcome": outcome})

    def add_device(self, device_id: str, facility_code: str, public_key: str,
                   at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(TerminalDevice), {
                "device_id": device_id, "facility_code": facility_code,
                "public_key": public_key, "registered_at": at})

    def device_key(self, device_id: str, facility_code: str) -> str | None:
        """The PEM key of a terminal registered to this facility."""
        with self._reads.connect() as conn:
            return conn.execute(select(TerminalDevice.public_key).where(
                TerminalDevice.device_id == device_id,
                TerminalDevice.facility_code == facility_code)).scalar_one_or_none()


@dataclass(frozen=True)
class CardLinkState:
    person_id: int
    deregistered_at: datetime | None
