"""My Number cards across a generated population, and virtual cards made from them on demand.

Who holds a card, who registered it as マイナ保険証, who chose a 顔認証マイナンバーカード, when each
certificate was issued (so some are near their end, some in the 3-month grace, some past it),
and the few lost (一時利用停止) or revoked. Certificates go into the CA's register in bulk, and
their X.509 form is signed only when a card is actually used (`held_cards`). Every synthetic
card's 暗証番号 is DEMO_PIN.

The shares are round national figures, [unverified] as exact values: about 8 in 10 people
hold a card and about 8 in 10 holders registered it for insurance use (2025); 顔認証 cards,
reported losses and revocations are a few per thousand; a fifth of holders whose certificate
ended have not renewed it yet.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import Engine, func, select

from onshi.card.virtual import VirtualCard
from onshi.clock import JST
from onshi.hub.models import CardLink, Person
from onshi.pki.authority import CertificateAuthority, Issue, RevocationReason
from onshi.rules.certificate import CertificateStage, card_expiry, certificate_expiry
from onshi.rules.certificate import certificate_stage as stage_on
from onshi.synth.my_number_cards import DEMO_PIN, insured_on
from onshi.synth.population import progress_bar
from onshi.synth.writer import RowWriter

CARD_SHARE = 0.78
REGISTERED_SHARE = 0.80
FACE_ONLY_SHARE = 0.004
SUSPENDED_SHARE = 0.003
REVOKED_SHARE = 0.002
NOT_RENEWED_SHARE = 0.2
BATCH = 20_000
NEWBORN_WAIT = timedelta(days=30)  # no card before a month of age (application, issue)


@dataclass(frozen=True)
class PlannedCard:
    person_id: int
    serial: int
    issue: Issue
    registered: bool
    fate: str  # "", "suspend" or "revoke"


@dataclass(frozen=True)
class CardReport:
    holders: int
    registered: int
    face_only: int
    suspended: int
    revoked: int
    by_stage: dict[str, int]  # CertificateStage label → cards, on as_of


def issue_cards(engine: Engine, authority: CertificateAuthority, seed: int, as_of: date,
                progress: bool = False) -> CardReport:
    """Cards for the population insured on `as_of`: the CA's register, the hub's links."""
    counts: Counter[str] = Counter()
    now = datetime.combine(as_of, time(9, 0), JST)
    with progress_bar(progress, _insured_count(engine, as_of), "synth: cards") as advance:
        for plans in _batches(_plans(engine, seed, as_of, advance)):
            _record(engine, authority, plans, now, counts)
    return CardReport(counts["holders"], counts["registered"], counts["face_only"],
                      counts["suspend"], counts["revoke"],
                      {stage.value: counts[stage.value] for stage in CertificateStage})


def _record(engine: Engine, authority: CertificateAuthority, plans: list[PlannedCard],
            now: datetime, counts: Counter[str]) -> None:
    authority.record_issues(plan.issue for plan in plans)
    for plan in plans:
        if plan.fate == "suspend":
            authority.suspend(plan.serial, now)
        elif plan.fate == "revoke":
            authority.revoke(plan.serial, RevocationReason.KEY_COMPROMISE, now)
        counts.update([stage_on(plan.issue.last_day, now.date()).value,
                       *(["registered"] if plan.registered else []),
                       *(["face_only"] if plan.issue.face_only else []),
                       *([plan.fate] if plan.fate else [])])
    _link(engine, [p for p in plans if p.registered], now)
    counts["holders"] += len(plans)


def _insured_count(engine: Engine, as_of: date) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(
            select(Person.id).where(Person.id.in_(insured_on(as_of))).subquery())).scalar_one()


def _plans(engine: Engine, seed: int, as_of: date,
           advance: Callable[[int], None]) -> Iterator[PlannedCard]:
    query = (select(Person.id, Person.birthdate, Person.individual_number)
             .where(Person.id.in_(insured_on(as_of))).order_by(Person.id))
    with engine.connect() as conn:
        rows = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
        for partition in rows.partitions():  # the bar moves per partition, not per person
            for person_id, birthdate, number in partition:
                plan = _plan(seed, as_of, person_id, birthdate, number)
                if plan is not None:
                    yield plan
            advance(len(partition))


def _plan(seed: int, as_of: date, person_id: int, birthdate: date,
          number: str | None) -> PlannedCard | None:
    rng = random.Random(f"{seed}/cards/{person_id}")
    first_possible = birthdate + NEWBORN_WAIT
    if number is None or first_possible > as_of or rng.random() >= CARD_SHARE:
        return None
    issued = max(first_possible, as_of - timedelta(days=rng.randrange(5 * 365)))
    last_day = _last_day(birthdate, issued)
    if last_day < as_of and rng.random() >= NOT_RENEWED_SHARE:
        issued = max(last_day - timedelta(days=rng.randrange(90)), birthdate)
        last_day = _last_day(birthdate, issued)
    draw = rng.random()
    fate = "suspend" if draw < SUSPENDED_SHARE else \
        "revoke" if draw < SUSPENDED_SHARE + REVOKED_SHARE else ""
    serial = _serial(seed, person_id)
    issue = Issue(serial, datetime.combine(issued, time(0, 0), JST), last_day, number,
                  rng.random() < FACE_ONLY_SHARE)
    return PlannedCard(person_id, serial, issue, rng.random() < REGISTERED_SHARE, fate)


def _last_day(birthdate: date, issued: date) -> date:
    return certificate_expiry(birthdate, issued, card_expiry(birthdate, issued))


def _serial(seed: int, person_id: int) -> int:
    """Random-looking, positive, at most 16 bytes, the same for the same seed and person."""
    digest = hashlib.sha256(f"{seed}/serial/{person_id}".encode()).digest()
    return int.from_bytes(digest[:16], "big") >> 1 | 1


def _batches(plans: Iterator[PlannedCard]) -> Iterator[list[PlannedCard]]:
    batch: list[PlannedCard] = []
    for plan in plans:
        batch.append(plan)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _link(engine: Engine, plans: list[PlannedCard], at: datetime) -> None:
    with engine.begin() as conn:
        RowWriter(conn).insert(CardLink.__table__, [
            {"serial": f"{plan.serial:X}", "person_id": plan.person_id,
             "registered_at": at.replace(tzinfo=None), "deregistered_at": None}
            for plan in plans])


@dataclass(frozen=True)
class HeldCard:
    """A synthetic person's card, made usable: a VirtualCard whose certificate the CA signs."""

    person_id: int
    stage: CertificateStage
    status: str  # "" or the revocation reason
    card: VirtualCard


def held_cards(engine: Engine, authority: CertificateAuthority, on: date,
               keys: list[rsa.RSAPrivateKey], limit: int) -> Iterator[HeldCard]:
    """Registered synthetic cards in serial order, up to `limit`, each signed for one of
    `keys` (a card's key is its own; any key will do for a certificate signed on demand)."""
    query = (select(CardLink.serial, CardLink.person_id, Person.individual_number)
             .join(Person, Person.id == CardLink.person_id)
             .where(CardLink.deregistered_at.is_(None)).order_by(CardLink.serial).limit(limit))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    ca_der = authority.certificate.public_bytes(Encoding.DER)
    for index, (serial_hex, person_id, number) in enumerate(rows):
        serial = int(serial_hex, 16)
        entry = authority.entry(serial)
        if entry is None:
            continue
        key = keys[index % len(keys)]
        certificate = authority.certificate_of(serial, key.public_key())
        card = VirtualCard.issued(certificate.public_bytes(Encoding.DER), ca_der, key,
                                  None if entry.face_only else DEMO_PIN, number or "", b"")
        last_day = entry.not_after.astimezone(JST).date()
        yield HeldCard(person_id, stage_on(last_day, on),
                       entry.reason.value if entry.reason else "", card)
