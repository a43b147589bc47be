"""資格確認 by マイナンバーカード on both backends, with a real CA and virtual cards."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import insert, select

from onshi.card.jpki import JpkiCard
from onshi.card.virtual import VirtualCard
from onshi.clock import JST, FixedClock
from onshi.hub.card_service import CardRequest, CardService
from onshi.hub.models import CardConfirmation, Facility
from onshi.hub.store import HubStore
from onshi.oqs import errors, xml
from onshi.oqs.card_protocol import CardProof, Method, attestation_message
from onshi.oqs.codes import ConsentFlag, ProcessingResultStatus, ReferenceClassification
from onshi.oqs.errors import OqsError
from onshi.oqs.messages import ConfirmationResult
from onshi.oqs.validation import validate
from onshi.pki.authority import CertificateAuthority, RevocationReason
from tests.card.conftest import MY_NUMBER, PIN, issue_card  # noqa: F401
from tests.hub.builders import INSTITUTION, Registry
from tests.pki.conftest import authority, holder_keys  # noqa: F401

BORN = date(1980, 7, 1)
TODAY = date(2025, 5, 15)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.at(TODAY, 10, 30)


@pytest.fixture
def service(hub_engine, clock, authority) -> CardService:  # noqa: F811
    registry = Registry(hub_engine)
    person = registry.person(BORN, individual_number=MY_NUMBER)
    registry.qualification(person, BORN)
    return CardService(HubStore(hub_engine), clock, authority)


def _proof(service: CardService, card: VirtualCard, challenge: str | None = None,
           pin: str = PIN) -> CardProof:
    nonce = challenge or service.challenge(INSTITUTION).nonce
    reader = JpkiCard(card)
    return CardProof(INSTITUTION, reader.authentication_certificate(), nonce,
                     reader.sign(bytes.fromhex(nonce), pin))


def _confirm(service: CardService, card: VirtualCard) -> ConfirmationResult:
    return service.confirm(CardRequest(_proof(service, card), ConsentFlag.CONSENTED))


def _refusal(result: ConfirmationResult) -> str | None:
    assert result.body.status is ProcessingResultStatus.ERROR
    return result.body.result_code


def test_a_registered_card_confirms_its_holder(service, issue_card, hub_engine):  # noqa: F811
    card = issue_card()
    service.register(_proof(service, card))
    result = _confirm(service, card)
    assert result.is_confirmed
    assert result.header.reference_classification is ReferenceClassification.MY_NUMBER_CARD
    assert result.body.result_code is None
    assert result.body.results[0].name == "試験　花子"
    assert result.body.results[0].birthdate == BORN
    assert validate(xml.dump(result)) == []
    with hub_engine.connect() as conn:
        recorded = conn.execute(select(CardConfirmation.method, CardConfirmation.outcome,
                                       CardConfirmation.person_id)).all()
    assert [(r.method, r.outcome) for r in recorded] == [("pin", "OK")]


def test_an_unregistered_card_is_refused_until_registered(service, issue_card):  # noqa: F811
    card = issue_card()
    assert _refusal(_confirm(service, card)) == errors.CARD_NOT_REGISTERED.code
    service.register(_proof(service, card))
    assert _confirm(service, card).is_confirmed


def test_a_card_whose_holder_the_hub_does_not_know_cannot_register(
        service, issue_card):  # noqa: F811
    with pytest.raises(OqsError) as refused:
        service.register(_proof(service, issue_card(holder="999999999999")))
    assert refused.value.error is errors.HOLDER_UNKNOWN


def test_deregistration_through_the_insurer_refuses_the_card(
        service, issue_card, hub_engine):  # noqa: F811
    card = issue_card()
    person = service.register(_proof(service, card))
    assert HubStore(hub_engine).deregister_cards(person, datetime(2025, 5, 15, 11, 0)) == 1
    assert _refusal(_confirm(service, card)) == errors.CARD_DEREGISTERED.code


@pytest.mark.parametrize(("last_day", "notice"), [
    (date(2025, 7, 1), errors.CERTIFICATE_EXPIRING),  # within 3 months of expiry
    (date(2025, 3, 10), errors.CERTIFICATE_IN_GRACE),  # expired, grace through 2025-06-30
])
def test_a_certificate_near_or_just_past_expiry_confirms_with_a_notice(
        service, issue_card, last_day, notice):  # noqa: F811
    card = issue_card(issued_at=datetime(2020, 3, 1, tzinfo=JST), last_day=last_day)
    service.register(_proof(service, card))
    result = _confirm(service, card)
    assert result.is_confirmed
    assert result.body.status is ProcessingResultStatus.NORMAL
    assert (result.body.result_code, result.body.result_message) == (notice.code, notice.message)
    assert validate(xml.dump(result)) == []


def test_a_certificate_expired_beyond_the_grace_is_refused_with_guidance(
        service, issue_card, clock):  # noqa: F811
    card = issue_card(last_day=date(2025, 5, 31))
    service.register(_proof(service, card))
    clock.advance(days=109)  # 2025-09-01: grace ended with August
    result = _confirm(service, card)
    assert _refusal(result) == errors.CERTIFICATE_EXPIRED.code
    assert "資格情報のお知らせ" in (result.body.result_message or "")
    with pytest.raises(OqsError) as refused:
        service.register(_proof(service, card))
    assert refused.value.error is errors.CERTIFICATE_EXPIRED


def test_suspended_and_revoked_certificates_are_refused(
        service, issue_card, authority):  # noqa: F811
    card = issue_card()
    service.register(_proof(service, card))
    serial = x509.load_der_x509_certificate(card.certificate).serial_number
    authority.suspend(serial, datetime(2025, 5, 15, 10, 0, tzinfo=JST))
    assert _refusal(_confirm(service, card)) == errors.CERTIFICATE_SUSPENDED.code
    authority.lift(serial)
    assert _confirm(service, card).is_confirmed
    authority.revoke(serial, RevocationReason.KEY_COMPROMISE,
                     datetime(2025, 5, 15, 10, 0, tzinfo=JST))
    assert _refusal(_confirm(service, card)) == errors.CERTIFICATE_REVOKED.code


def test_a_certificate_from_an_unknown_ca_is_refused(
        service, tmp_path, holder_keys):  # noqa: F811
    stranger = CertificateAuthority.create(datetime(2025, 1, 1, tzinfo=JST), tmp_path / "x")
    key = holder_keys[2]
    certificate = stranger.issue(key.public_key(), datetime(2025, 1, 1, tzinfo=JST),
                                 date(2030, 1, 1), MY_NUMBER)
    card = VirtualCard.issued(certificate.public_bytes(Encoding.DER),
                              stranger.certificate.public_bytes(Encoding.DER), key, PIN,
                              MY_NUMBER, b"")
    assert _refusal(_confirm(service, card)) == errors.CERTIFICATE_UNTRUSTED.code


def test_a_signature_by_another_key_is_refused(service, issue_card):  # noqa: F811
    card = issue_card()
    service.register(_proof(service, card))
    impostor = issue_card(key_index=1)
    proof = _proof(service, impostor)
    forged = CardProof(INSTITUTION, card.certificate, proof.challenge, proof.signature)
    result = service.confirm(CardRequest(forged, ConsentFlag.CONSENTED))
    assert _refusal(result) == errors.IDENTITY_NOT_VERIFIED.code


def test_a_replayed_signature_is_refused(service, issue_card):  # noqa: F811
    card = issue_card()
    service.register(_proof(service, card))
    proof = _proof(service, card)
    assert service.confirm(CardRequest(proof, ConsentFlag.CONSENTED)).is_confirmed
    again = service.confirm(CardRequest(proof, ConsentFlag.CONSENTED))
    assert _refusal(again) == errors.CHALLENGE_INVALID.code


def test_a_stale_challenge_or_another_facilitys_is_refused(
        service, issue_card, clock, hub_engine):  # noqa: F811
    card = issue_card()
    service.register(_proof(service, card))
    late = service.challenge(INSTITUTION).nonce
    clock.advance(seconds=61)
    assert _refusal(service.confirm(CardRequest(_proof(service, card, late),
                                                ConsentFlag.CONSENTED))) == \
        errors.CHALLENGE_INVALID.code
    other = "1312345687"
    with hub_engine.begin() as conn:
        conn.execute(insert(Facility), {"code": other, "name": "オンシ歯科", "prefecture": "13",
                                        "score_table": "1"})
    elsewhere = service.challenge(other).nonce
    assert _refusal(service.confirm(CardRequest(_proof(service, card, elsewhere),
                                                ConsentFlag.CONSENTED))) == \
        errors.CHALLENGE_INVALID.code


def test_an_unknown_facility_gets_no_challenge(service):
    with pytest.raises(OqsError) as refused:
        service.challenge("1312345687")
    assert refused.value.error is errors.UNKNOWN_INSTITUTION



def _attested(service: CardService, card: VirtualCard, device: str, key, method: Method,
              staff: str = "") -> CardProof:
    nonce = service.challenge(INSTITUTION).nonce
    message = attestation_message(nonce, card.certificate, method, device, staff)
    return CardProof(INSTITUTION, card.certificate, nonce,
                     key.sign(message, padding.PKCS1v15(), hashes.SHA256()), method, device,
                     staff)


def _device(service: CardService, key, facility: str = INSTITUTION) -> str:
    return service.register_device(facility, key.public_key().public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode("ascii"))


@pytest.mark.parametrize(("method", "staff"), [(Method.FACE, ""), (Method.VISUAL, "uketsuke01")])
def test_a_registered_terminal_attests_face_and_visual_checks(
        service, issue_card, holder_keys, hub_engine, method, staff):  # noqa: F811
    card = issue_card(pin=None)  # a 顔認証マイナンバーカード: no PIN at all
    terminal_key = holder_keys[2]
    device = _device(service, terminal_key)
    service.register(_attested(service, card, device, terminal_key, method, staff))
    proof = _attested(service, card, device, terminal_key, method, staff)
    assert service.confirm(CardRequest(proof, ConsentFlag.CONSENTED)).is_confirmed
    with hub_engine.connect() as conn:
        methods = conn.execute(select(CardConfirmation.method)).scalars().all()
    assert methods == [method.value]  # registration is not a confirmation


def test_attestations_need_a_registered_terminal_of_this_facility_and_its_key(
        service, issue_card, holder_keys, hub_engine):  # noqa: F811
    card = issue_card()
    service.register(_proof(service, card))
    terminal_key, other_key = holder_keys[2], holder_keys[1]
    unknown = _attested(service, card, "0123456789abcdef", terminal_key, Method.FACE)
    assert _refusal(service.confirm(CardRequest(unknown, ConsentFlag.CONSENTED))) == \
        errors.DEVICE_NOT_REGISTERED.code
    with hub_engine.begin() as conn:
        conn.execute(insert(Facility), {"code": "1312345687", "name": "オンシ歯科",
                                        "prefecture": "13", "score_table": "1"})
    elsewhere = _device(service, terminal_key, "1312345687")
    foreign = _attested(service, card, elsewhere, terminal_key, Method.FACE)
    assert _refusal(service.confirm(CardRequest(foreign, ConsentFlag.CONSENTED))) == \
        errors.DEVICE_NOT_REGISTERED.code
    device = _device(service, terminal_key)
    wrong_key = _attested(service, card, device, other_key, Method.FACE)
    assert _refusal(service.confirm(CardRequest(wrong_key, ConsentFlag.CONSENTED))) == \
        errors.IDENTITY_NOT_VERIFIED.code
    nobody = _attested(service, card, device, terminal_key, Method.VISUAL, staff="")
    assert _refusal(service.confirm(CardRequest(nobody, ConsentFlag.CONSENTED))) == \
        errors.IDENTITY_NOT_VERIFIED.code
    other_card = issue_card(key_index=1)
    swapped = _attested(service, other_card, device, terminal_key, Method.FACE)
    swapped = CardProof(INSTITUTION, card.certificate, swapped.challenge, swapped.signature,
                        Method.FACE, device)
    assert _refusal(service.confirm(CardRequest(swapped, ConsentFlag.CONSENTED))) == \
        errors.IDENTITY_NOT_VERIFIED.code
