"""What a reader application does with a card: the easy API over raw APDUs.

The kiosk and tests talk to a `JpkiCard`; it speaks APDUs to whatever connection it is given
(a VirtualCard in process, or a PC/SC reader), so swapping a virtual card for a real reader
changes no code above this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from onshi.card.apdu import Command, Status
from onshi.card.digest_info import sha256_digest_info
from onshi.card.virtual import (
    AUTH_CA_EF,
    AUTH_CERTIFICATE_EF,
    AUTH_KEY_EF,
    AUTH_PIN_EF,
    FACE_EF,
    FACE_NUMBER_EF,
    FACE_TAG,
    JPKI_AP,
    KENKAKU_AP,
    TOKEN_EF,
)

MY_NUMBER_CARD_TOKEN = "JPKIAPICCTOKEN2"


class CardConnection(Protocol):
    def transmit(self, apdu: bytes) -> bytes: ...


class CardError(Exception):
    """The card answered with a status word other than success."""

    def __init__(self, status: int, doing: str) -> None:
        super().__init__(f"{doing}: status {status:04X}")
        self.status = status


class WrongPin(CardError):
    def __init__(self, status: int, tries_left: int) -> None:
        super().__init__(status, "VERIFY")
        self.tries_left = tries_left


class PinLocked(CardError):
    """No tries left: only the municipal window can re-set the 暗証番号."""


class NoPin(CardError):
    """A 顔認証マイナンバーカード: no 暗証番号 is set, so nothing can be signed."""


@dataclass
class JpkiCard:
    connection: CardConnection

    def token(self) -> str:
        self._select_file(JPKI_AP, TOKEN_EF)
        return self._read(0, 0x20).rstrip(b" \x00").decode("ascii", errors="replace")

    def authentication_certificate(self) -> bytes:
        """利用者証明用電子証明書 (DER); readable without the PIN."""
        return self._read_certificate(AUTH_CERTIFICATE_EF)

    def ca_certificate(self) -> bytes:
        return self._read_certificate(AUTH_CA_EF)

    def pin_tries_left(self) -> int:
        """Asks the counter without spending a try; 0 when locked."""
        self._select_file(JPKI_AP, AUTH_PIN_EF)
        status, _ = self._send(Command(0x00, 0x20, 0x00, 0x80))
        if status == Status.REFERENCE_DATA_NOT_USABLE:
            raise NoPin(status, "VERIFY")
        if status == Status.AUTHENTICATION_BLOCKED:
            return 0
        if status & 0xFFF0 != 0x63C0:
            raise CardError(status, "VERIFY")
        return status & 0x0F

    def verify_pin(self, pin: str) -> None:
        """VERIFY the 暗証番号; WrongPin (with tries left), PinLocked or NoPin when refused."""
        self._select_file(JPKI_AP, AUTH_PIN_EF)
        self._verify_selected(pin)

    def sign(self, message: bytes, pin: str) -> bytes:
        """The card's PKCS#1 v1.5 SHA-256 signature of `message`, opened with the 暗証番号.

        One sequence, as readers do it: selecting the application again in between would make
        the card forget the VERIFY.
        """
        self._select_file(JPKI_AP, AUTH_PIN_EF)
        self._verify_selected(pin)
        status, _ = self._send(Command(0x00, 0xA4, 0x02, 0x0C, AUTH_KEY_EF.to_bytes(2, "big")))
        self._check(status, "SELECT EF")
        status, signature = self._send(Command(0x80, 0x2A, 0x00, 0x80,
                                               sha256_digest_info(message), le=256))
        self._check(status, "COMPUTE DIGITAL SIGNATURE")
        return signature

    def _verify_selected(self, pin: str) -> None:
        status, _ = self._send(Command(0x00, 0x20, 0x00, 0x80, pin.encode("ascii")))
        if status == Status.OK:
            return
        if status == Status.REFERENCE_DATA_NOT_USABLE:
            raise NoPin(status, "VERIFY")
        if status == Status.AUTHENTICATION_BLOCKED or status == 0x63C0:
            raise PinLocked(status, "VERIFY")
        if status & 0xFFF0 == 0x63C0:
            raise WrongPin(status, status & 0x0F)
        raise CardError(status, "VERIFY")

    def face_image(self, my_number: str) -> bytes:
        """The face photo of the 券面事項確認AP, opened with the 12-digit 個人番号."""
        self._select_file(KENKAKU_AP, FACE_NUMBER_EF)
        status, _ = self._send(Command(0x00, 0x20, 0x00, 0x80, my_number.encode("ascii")))
        self._check(status, "VERIFY 照合番号A")
        status, _ = self._send(Command(0x00, 0xA4, 0x02, 0x0C, FACE_EF.to_bytes(2, "big")))
        self._check(status, "SELECT EF")
        head = self._read(0, 6)
        if head[0] != FACE_TAG:
            raise CardError(Status.WRONG_DATA, "券面事項")
        length, skip = _ber_length(head[1:])
        return self._read(1 + skip, length)

    def _read_certificate(self, ef: int) -> bytes:
        self._select_file(JPKI_AP, ef)
        head = self._read(0, 4)
        if head[:2] != b"\x30\x82":
            raise CardError(Status.WRONG_DATA, "certificate header")
        return head + self._read(4, int.from_bytes(head[2:4], "big"))

    def _select_file(self, application: bytes, ef: int) -> None:
        status, _ = self._send(Command(0x00, 0xA4, 0x04, 0x0C, application))
        self._check(status, "SELECT DF")
        status, _ = self._send(Command(0x00, 0xA4, 0x02, 0x0C, ef.to_bytes(2, "big")))
        self._check(status, "SELECT EF")

    def _read(self, offset: int, length: int) -> bytes:
        out = b""
        while len(out) < length:
            at = offset + len(out)
            wanted = min(256, length - len(out))
            status, chunk = self._send(Command(0x00, 0xB0, at >> 8, at & 0xFF, le=wanted))
            if status not in (Status.OK, Status.END_OF_FILE) or not chunk:
                raise CardError(status, "READ BINARY")
            out += chunk
        return out

    def _send(self, command: Command) -> tuple[int, bytes]:
        response = self.connection.transmit(command.encode())
        if len(response) < 2:
            raise CardError(0, "a response without a status word")
        return int.from_bytes(response[-2:], "big"), response[:-2]

    @staticmethod
    def _check(status: int, doing: str) -> None:
        if status != Status.OK:
            raise CardError(status, doing)


def _ber_length(data: bytes) -> tuple[int, int]:
    """(length, bytes the length field took) of a BER definite length."""
    if data[0] < 0x80:
        return data[0], 1
    size = data[0] & 0x7F
    return int.from_bytes(data[1:1 + size], "big"), 1 + size
