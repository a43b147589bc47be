"""The virtual card at the APDU level: what it refuses and with which status word."""

from __future__ import annotations

import pytest

from onshi.card.apdu import Command, MalformedApdu, Status
from onshi.card.digest_info import sha256_digest_info
from onshi.card.virtual import AUTH_KEY_EF, JPKI_AP

SELECT_JPKI = Command(0x00, 0xA4, 0x04, 0x0C, JPKI_AP).encode()


def _status(response: bytes) -> int:
    return int.from_bytes(response[-2:], "big")


@pytest.mark.parametrize("command", [
    Command(0x00, 0xA4, 0x04, 0x0C, JPKI_AP),  # case 3
    Command(0x00, 0xB0, 0x01, 0x02, le=256),  # case 2, Le 00
    Command(0x80, 0x2A, 0x00, 0x80, b"\x01\x02", le=256),  # case 4
    Command(0x00, 0x20, 0x00, 0x80),  # case 1
])
def test_commands_round_trip(command):
    assert Command.parse(command.encode()) == command


@pytest.mark.parametrize("raw", [
    b"\x00\xa4\x04", b"\x00\xa4\x04\x0c\x05\x01", b"\x00\xa4\x04\x0c\x00\x01\x02"])
def test_malformed_commands_are_rejected(raw):
    with pytest.raises(MalformedApdu):
        Command.parse(raw)


@pytest.mark.parametrize(("raw", "status"), [
    (b"\x00\xa4\x04", Status.WRONG_LENGTH),
    (b"\x00\xee\x00\x00", Status.UNKNOWN_INSTRUCTION),
    (b"\x90\xa4\x04\x0c", Status.UNKNOWN_CLASS),
    (Command(0x00, 0xA4, 0x04, 0x0C, b"\xd3\x92\x00").encode(), Status.NOT_FOUND),
    (Command(0x00, 0xB0, 0x00, 0x00, le=4).encode(), Status.COMMAND_NOT_ALLOWED),
])
def test_the_card_answers_bad_commands_with_iso_status_words(issue_card, raw, status):
    assert _status(issue_card().transmit(raw)) == status


def test_the_private_key_never_leaves_the_card(issue_card):
    card = issue_card()
    card.transmit(SELECT_JPKI)
    assert _status(card.transmit(Command(0x00, 0xA4, 0x02, 0x0C,
                                         AUTH_KEY_EF.to_bytes(2, "big")).encode())) == Status.OK
    assert _status(card.transmit(Command(0x00, 0xB0, 0x00, 0x00, le=0).encode())) == \
        Status.SECURITY_NOT_SATISFIED


def test_reading_past_the_end_and_signing_garbage_are_refused(issue_card):
    card = issue_card()
    card.transmit(SELECT_JPKI)
    card.transmit(Command(0x00, 0xA4, 0x02, 0x0C, b"\x00\x0a").encode())
    assert _status(card.transmit(Command(0x00, 0xB0, 0x7F, 0x00, le=16).encode())) == \
        Status.OFFSET_OUTSIDE
    card.transmit(Command(0x00, 0xA4, 0x02, 0x0C, b"\x00\x18").encode())
    assert _status(card.transmit(Command(0x00, 0x20, 0x00, 0x80, b"1234").encode())) == Status.OK
    card.transmit(Command(0x00, 0xA4, 0x02, 0x0C, AUTH_KEY_EF.to_bytes(2, "big")).encode())
    assert _status(card.transmit(Command(0x80, 0x2A, 0x00, 0x80, b"\x30\x00",
                                         le=256).encode())) == Status.WRONG_DATA


def _signing_sequence(card, verify: bool) -> int:
    card.transmit(SELECT_JPKI)
    card.transmit(Command(0x00, 0xA4, 0x02, 0x0C, b"\x00\x18").encode())
    if verify:
        card.transmit(Command(0x00, 0x20, 0x00, 0x80, b"1234").encode())
    card.transmit(Command(0x00, 0xA4, 0x02, 0x0C, AUTH_KEY_EF.to_bytes(2, "big")).encode())
    return _status(card.transmit(Command(0x80, 0x2A, 0x00, 0x80, sha256_digest_info(b"x"),
                                         le=256).encode()))


def test_nothing_is_signed_without_verify_and_a_reset_forgets_it(issue_card):
    card = issue_card()
    assert _signing_sequence(card, verify=False) == Status.SECURITY_NOT_SATISFIED
    assert _signing_sequence(card, verify=True) == Status.OK
    card.reset()
    card.transmit(Command(0x00, 0xA4, 0x02, 0x0C, AUTH_KEY_EF.to_bytes(2, "big")).encode())
    assert _status(card.transmit(Command(0x80, 0x2A, 0x00, 0x80, sha256_digest_info(b"x"),
                                         le=256).encode())) == Status.COMMAND_NOT_ALLOWED
