"""The demo's virtual My Number cards: one per certificate case, each a working card whose
certificate names its holder's 個人番号 at the CA and is linked (or not) at the hub."""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from sqlalchemy import select
from synth_databases import EngineFactory

from onshi.card.jpki import JpkiCard, NoPin
from onshi.clock import JST
from onshi.hub.models import CardLink, Person
from onshi.pki.authority import CertificateAuthority, CertificateStatus
from onshi.pki.verify import verify_signature
from onshi.rules.numbers import is_valid_individual_number
from onshi.synth import SynthConfig, generate
from onshi.synth.my_number_cards import CARD_CASES, DEMO_PIN, demo_cards

NOW = datetime(2025, 5, 15, 10, 30, tzinfo=JST)


def test_every_case_gets_a_working_card_for_an_insured_person(new_hub: EngineFactory,
                                                               tmp_path) -> None:
    authority = CertificateAuthority.create(NOW - timedelta(days=4000), tmp_path / "ca")
    with new_hub() as engine:
        generate(engine, SynthConfig(persons=300, seed=3, as_of=NOW.date()), progress=False)
        cards = demo_cards(engine, authority, NOW)
        with engine.connect() as conn:
            linked = set(conn.execute(select(CardLink.serial)).scalars())
            numbers = dict(conn.execute(select(Person.id, Person.individual_number)).all())
    assert [card.label for card in cards] == [case.label for case in CARD_CASES]
    for case, demo in zip(CARD_CASES, cards, strict=True):
        certificate = x509.load_der_x509_certificate(demo.card.certificate)
        serial = certificate.serial_number
        assert is_valid_individual_number(demo.individual_number)
        assert numbers[demo.person_id] == demo.individual_number
        assert authority.holder_of(serial) == demo.individual_number
        assert (f"{serial:X}" in linked) is (case.fate != "unregistered")
        expected = {"suspend": CertificateStatus.SUSPENDED,
                    "revoke": CertificateStatus.REVOKED}.get(case.fate, CertificateStatus.GOOD)
        assert authority.status(serial) is expected
        last_day = certificate.not_valid_after_utc.astimezone(JST).date()
        assert last_day == NOW.date() + timedelta(days=case.expires_in_days)
        reader = JpkiCard(demo.card)
        if case.pin is None:
            try:
                reader.pin_tries_left()
            except NoPin:
                continue
            raise AssertionError("a 顔認証 card must have no PIN")
        assert verify_signature(certificate, b"x", reader.sign(b"x", DEMO_PIN))
