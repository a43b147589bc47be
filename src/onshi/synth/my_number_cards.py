"""Virtual My Number cards for the demo: one of every certificate case, each held by a person
insured on the day, with a known 暗証番号 (DEMO_PIN).

The card's holder gets a 個人番号 (valid check digit), the CA issues the certificate with that
holder, and the hub links it (保険証利用登録) unless the case is the unregistered card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import Engine, Select, func, insert, select, update

from onshi.card.virtual import VirtualCard
from onshi.clock import JST
from onshi.hub.models import CardLink, Person, Qualification
from onshi.pki.authority import CertificateAuthority, RevocationReason
from onshi.synth.numbering import individual_number_of

DEMO_PIN = "1234"
_FACE_PHOTO = b"\xff\x4f\xff\x51"  # the start of a JPEG 2000 codestream; no real photo


@dataclass(frozen=True)
class CardCase:
    label: str
    pin: str | None  # None: 顔認証マイナンバーカード
    expires_in_days: int  # the certificate's last day, counted from today
    fate: str = ""  # "suspend", "revoke", or "unregistered"


CARD_CASES = (
    CardCase("有効", DEMO_PIN, 5 * 365),
    CardCase("顔認証マイナンバーカード", None, 5 * 365),
    CardCase("有効期限3か月以内", DEMO_PIN, 40),
    CardCase("有効期限切れ（3か月以内）", DEMO_PIN, -20),
    CardCase("有効期限切れ（3か月超）", DEMO_PIN, -200),
    CardCase("一時利用停止", DEMO_PIN, 5 * 365, "suspend"),
    CardCase("失効", DEMO_PIN, 5 * 365, "revoke"),
    CardCase("保険証利用登録なし", DEMO_PIN, 5 * 365, "unregistered"),
)


@dataclass(frozen=True)
class DemoCard:
    label: str
    card: VirtualCard
    person_id: int
    holder_name: str
    individual_number: str


def demo_cards(engine: Engine, authority: CertificateAuthority, now: datetime
               ) -> list[DemoCard]:
    """A card of every case in CARD_CASES for persons insured on `now`'s day."""
    keys = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2)]
    on = now.date()
    cards = []
    for case, (person, name) in zip(CARD_CASES, _insured_persons(engine, on, len(CARD_CASES)),
                                    strict=True):
        number = _individual_number(engine, person)
        card = _issue(engine, authority, case, person, number, keys[len(cards) % 2], now)
        cards.append(DemoCard(case.label, card, person, name, number))
    return cards


def insured_on(on: date) -> Select:
    """Ids of persons holding a qualification that covers `on` (one row per qualification)."""
    covering = (Qualification.acquired <= on) & (
        Qualification.lost.is_(None) | (Qualification.lost > on))
    return select(Qualification.person_id).where(covering)


def _insured_persons(engine: Engine, on: date, count: int) -> list[tuple[int, str]]:
    """Persons with exactly one qualification covering `on`, the first `count` by id."""
    once = insured_on(on).group_by(Qualification.person_id).having(func.count() == 1)
    query = (select(Person.id, Person.name).where(Person.id.in_(once))
             .order_by(Person.id).limit(count))
    with engine.connect() as conn:
        found = [(row.id, row.name) for row in conn.execute(query)]
    if len(found) < count:
        raise ValueError(f"only {len(found)} persons are insured on {on}; need {count}")
    return found


def _individual_number(engine: Engine, person: int) -> str:
    """The person's 個人番号 (synth gives everyone one; older databases get it here)."""
    with engine.begin() as conn:
        current = conn.execute(select(Person.individual_number)
                               .where(Person.id == person)).scalar_one()
        if current is None:
            current = individual_number_of(person)
            conn.execute(update(Person).where(Person.id == person)
                         .values(individual_number=current))
    return current


def _issue(engine: Engine, authority: CertificateAuthority, case: CardCase, person: int,
           number: str, key: rsa.RSAPrivateKey, now: datetime) -> VirtualCard:
    last_day = now.date() + timedelta(days=case.expires_in_days)
    issued_at = min(now, datetime.combine(last_day, datetime.min.time(), JST)
                    - timedelta(days=5 * 365))
    certificate = authority.issue(key.public_key(), issued_at, last_day, number)
    serial = certificate.serial_number
    if case.fate != "unregistered":
        with engine.begin() as conn:
            conn.execute(insert(CardLink), {"serial": f"{serial:X}", "person_id": person,
                                            "registered_at": now.replace(tzinfo=None)})
    if case.fate == "suspend":
        authority.suspend(serial, now)
    elif case.fate == "revoke":
        authority.revoke(serial, RevocationReason.KEY_COMPROMISE, now)
    return VirtualCard.issued(certificate.public_bytes(Encoding.DER),
                              authority.certificate.public_bytes(Encoding.DER), key, case.pin,
                              number, _FACE_PHOTO)
