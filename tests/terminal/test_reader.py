"""A physical reader's slot, through pcscd and vsmartcard's vpcd: one connection per card,
a card taken away is a card error, and the next card is read afresh."""

from __future__ import annotations

import time

import pytest

from onshi.card.jpki import CardError, JpkiCard
from onshi.card.vpcd import VpcdCard
from onshi.terminal.reader import PcscSlot
from tests.card.conftest import issue_card, pcscd  # noqa: F401
from tests.pki.conftest import authority, holder_keys  # noqa: F401


def _until_connected(slot: PcscSlot):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 10
    while (connection := slot.connection()) is None:
        assert time.monotonic() < deadline, "pcscd never saw the card"
        time.sleep(0.2)
    return connection


def test_the_slot_keeps_one_connection_per_card(pcscd, issue_card) -> None:  # noqa: F811
    slot = PcscSlot("Virtual PCD", "reader-1", "vsmartcard")
    inserted = VpcdCard(issue_card())
    inserted.insert()
    try:
        connection = _until_connected(slot)
        assert JpkiCard(connection).authentication_certificate() == inserted.card.certificate
        assert slot.connection() is connection
    finally:
        inserted.remove()
    with pytest.raises(CardError):  # the card was taken away
        JpkiCard(connection).token()
    assert connection.closed
    deadline = time.monotonic() + 10
    while (empty := slot.connection()) is not None:  # until pcscd notices the empty slot
        assert empty is not connection, "a closed connection was handed out again"
        assert time.monotonic() < deadline
        empty.close()
        time.sleep(0.2)


def test_a_reader_pcscd_does_not_know_holds_no_card(pcscd) -> None:  # noqa: F811
    assert PcscSlot("no such reader", "reader-x", "none").connection() is None
