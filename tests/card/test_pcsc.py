"""A virtual card behind the real PC/SC stack: pcscd with vsmartcard's vpcd, read by pyscard.

This is the code path of a physical reader: JpkiCard over PcscConnection. pcscd is started
here (and stopped by its process id) when it is not already running.
"""

from __future__ import annotations

import time

import pytest
from cryptography import x509
from smartcard.Exceptions import SmartcardException

from onshi.card.jpki import JpkiCard, WrongPin
from onshi.card.pcsc import NoReader, PcscConnection
from onshi.card.vpcd import VpcdCard
from onshi.pki.verify import verify_signature
from tests.card.conftest import PIN

VPCD_READER = "Virtual PCD"


def _connected() -> PcscConnection:
    """pcscd notices the inserted card within a moment; wait for it."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return PcscConnection.open(VPCD_READER)
        except (NoReader, SmartcardException):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_virtual_card_is_read_and_signs_through_pcscd(pcscd, issue_card):
    card = issue_card()
    inserted = VpcdCard(card)
    inserted.insert()
    try:
        connection = _connected()
        reader = JpkiCard(connection)
        assert reader.token() == "JPKIAPICCTOKEN2"
        der = reader.authentication_certificate()
        assert der == card.certificate
        with pytest.raises(WrongPin):
            reader.verify_pin("0000")
        signature = reader.sign(b"challenge from the hub", PIN)
        assert verify_signature(x509.load_der_x509_certificate(der),
                                b"challenge from the hub", signature)
        connection.close()
    finally:
        inserted.remove()
