"""A reader application's view of the card: certificate, PIN counter, signing, face photo."""

from __future__ import annotations

import pytest
from cryptography import x509

from onshi.card.jpki import CardError, JpkiCard, NoPin, PinLocked, WrongPin
from onshi.pki.verify import verify_signature
from tests.card.conftest import FACE, MY_NUMBER, PIN

CHALLENGE = bytes(range(32))


def test_the_certificate_is_read_without_the_pin(issue_card):
    card = issue_card()
    reader = JpkiCard(card)
    assert reader.token() == "JPKIAPICCTOKEN2"
    assert reader.authentication_certificate() == card.certificate
    assert reader.ca_certificate() == card.ca_certificate
    assert reader.pin_tries_left() == 3


def test_the_card_signs_a_challenge_with_the_pin(issue_card):
    reader = JpkiCard(issue_card())
    signature = reader.sign(CHALLENGE, PIN)
    certificate = x509.load_der_x509_certificate(reader.authentication_certificate())
    assert len(signature) == 256
    assert verify_signature(certificate, CHALLENGE, signature)
    assert not verify_signature(certificate, CHALLENGE[::-1], signature)


def test_a_wrong_pin_signs_nothing_and_costs_a_try(issue_card):
    reader = JpkiCard(issue_card())
    with pytest.raises(WrongPin) as wrong:
        reader.sign(CHALLENGE, "0000")
    assert wrong.value.tries_left == 2


def test_three_wrong_pins_lock_the_card_until_the_municipal_office(issue_card):
    card = issue_card()
    reader = JpkiCard(card)
    for left in (2, 1):
        with pytest.raises(WrongPin) as wrong:
            reader.verify_pin("9999")
        assert wrong.value.tries_left == left
    with pytest.raises(PinLocked):
        reader.verify_pin("9999")
    with pytest.raises(PinLocked):
        reader.verify_pin(PIN)  # even the right PIN
    assert reader.pin_tries_left() == 0
    card.unblock("5678")
    reader.verify_pin("5678")
    assert reader.pin_tries_left() == 3


def test_a_right_pin_restores_the_counter(issue_card):
    reader = JpkiCard(issue_card())
    with pytest.raises(WrongPin):
        reader.verify_pin("0000")
    reader.verify_pin(PIN)
    assert reader.pin_tries_left() == 3


def test_a_face_recognition_card_has_no_pin_but_shows_its_certificate(issue_card):
    card = issue_card(pin=None)
    reader = JpkiCard(card)
    assert card.is_face_only
    assert reader.authentication_certificate() == card.certificate
    with pytest.raises(NoPin):
        reader.pin_tries_left()
    with pytest.raises(NoPin):
        reader.verify_pin("1234")
    with pytest.raises(NoPin):
        reader.sign(CHALLENGE, "1234")
    with pytest.raises(ValueError):
        card.unblock("1234")


def test_the_face_photo_opens_with_the_individual_number(issue_card):
    reader = JpkiCard(issue_card())
    assert reader.face_image(MY_NUMBER) == FACE
    with pytest.raises(CardError) as wrong:
        JpkiCard(issue_card()).face_image("000000000000")
    assert wrong.value.status == 0x63C9
