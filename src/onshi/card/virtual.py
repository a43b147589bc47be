"""A virtual My Number card answering APDUs as the real one does (domain-rules A1–A5).

It holds what a card holds: the JPKI AP with the 利用者証明用電子証明書, the CA certificate, the
private key (which never leaves) and the 4-digit 暗証番号 with its try counter; and the
券面事項確認AP with the face photo. A 顔認証マイナンバーカード has no PIN at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from onshi.card.apdu import Command, MalformedApdu, Status, respond, tries_left
from onshi.card.digest_info import DigestInfoError, parse_digest_info

JPKI_AP = bytes.fromhex("D392F000260100000001")
KENKAKU_AP = bytes.fromhex("D3921000310001010402")
TOKEN_EF, AUTH_CERTIFICATE_EF, AUTH_CA_EF = 0x0006, 0x000A, 0x000B
AUTH_KEY_EF, AUTH_PIN_EF = 0x0017, 0x0018
FACE_NUMBER_EF, FACE_EF = 0x0013, 0x0002  # 照合番号A (個人番号), then 券面事項
CARD_TOKEN = b"JPKIAPICCTOKEN2".ljust(0x20, b" ")
PIN_TRIES = 3
# [unverified] How many wrong 照合番号A a card accepts before locking; onshi allows 10.
FACE_NUMBER_TRIES = 10
# [unverified] The face photo's container inside 券面事項: onshi wraps the image in one BER TLV
# under tag 0x65; real cards hold JPEG 2000 among other fields (domain-rules A2).
FACE_TAG = 0x65

_CLA_ISO, _CLA_PROPRIETARY = 0x00, 0x80
_SELECT, _READ_BINARY, _VERIFY, _SIGN = 0xA4, 0xB0, 0x20, 0x2A


@dataclass
class Secret:
    """A PIN-like reference value with its try counter; blocked at zero."""

    value: str | None  # None: never set (顔認証マイナンバーカード)
    tries: int
    limit: int

    def verify(self, given: bytes | None) -> int:
        if self.value is None:
            return Status.REFERENCE_DATA_NOT_USABLE  # [unverified] status for "no PIN set"
        if self.tries == 0:
            return Status.AUTHENTICATION_BLOCKED
        if given is None:
            return tries_left(self.tries)
        if given == self.value.encode("ascii"):
            self.tries = self.limit
            return Status.OK
        self.tries -= 1
        # [unverified] The wrong try that blocks answers 63C0; later tries 6983 (domain-rules A3).
        return tries_left(self.tries)


@dataclass
class VirtualCard:
    certificate: bytes  # 利用者証明用電子証明書, DER
    ca_certificate: bytes
    key: rsa.RSAPrivateKey
    pin: Secret
    my_number: str  # 個人番号, 12 digits: the 照合番号A of the 券面事項確認AP
    face_image: bytes
    _application: bytes | None = field(default=None, init=False)
    _file: int | None = field(default=None, init=False)
    _verified: set[int] = field(default_factory=set, init=False)
    _face_number: Secret = field(init=False)

    def __post_init__(self) -> None:
        self._face_number = Secret(self.my_number, FACE_NUMBER_TRIES, FACE_NUMBER_TRIES)

    @classmethod
    def issued(cls, certificate: bytes, ca_certificate: bytes, key: rsa.RSAPrivateKey,
               pin: str | None, my_number: str, face_image: bytes) -> VirtualCard:
        """A card as the municipality hands it over; `pin` None makes a 顔認証 card."""
        return cls(certificate, ca_certificate, key, Secret(pin, PIN_TRIES, PIN_TRIES),
                   my_number, face_image)

    @property
    def is_face_only(self) -> bool:
        return self.pin.value is None

    def reset(self) -> None:
        """Power cycle: selections and verified PINs are forgotten; try counters are not."""
        self._application, self._file = None, None
        self._verified.clear()

    def unblock(self, new_pin: str) -> None:
        """Re-set the 暗証番号 at the municipal window (photo ID checked there)."""
        if self.is_face_only:
            raise ValueError("a 顔認証マイナンバーカード has no 暗証番号")
        self.pin = Secret(new_pin, PIN_TRIES, PIN_TRIES)

    def transmit(self, raw: bytes) -> bytes:
        try:
            command = Command.parse(raw)
        except MalformedApdu:
            return respond(Status.WRONG_LENGTH)
        handler = self._handlers().get((command.cla, command.ins))
        if handler is None:
            known = {cla for cla, _ in self._handlers()}
            return respond(Status.UNKNOWN_INSTRUCTION if command.cla in known
                           else Status.UNKNOWN_CLASS)
        return handler(command)

    def _handlers(self) -> dict[tuple[int, int], Callable[[Command], bytes]]:
        return {(_CLA_ISO, _SELECT): self._select, (_CLA_ISO, _READ_BINARY): self._read,
                (_CLA_ISO, _VERIFY): self._verify, (_CLA_PROPRIETARY, _SIGN): self._sign}

    def _files(self) -> dict[int, bytes | None]:
        """EFs of the selected application; None marks files that cannot be read."""
        if self._application == JPKI_AP:
            return {TOKEN_EF: CARD_TOKEN, AUTH_CERTIFICATE_EF: self.certificate,
                    AUTH_CA_EF: self.ca_certificate, AUTH_KEY_EF: None, AUTH_PIN_EF: None}
        if self._application == KENKAKU_AP:
            return {FACE_NUMBER_EF: None, FACE_EF: _tlv(FACE_TAG, self.face_image)}
        return {}

    def _select(self, command: Command) -> bytes:
        if command.p1 == 0x04 and command.data in (JPKI_AP, KENKAKU_AP):
            self._application, self._file = command.data, None
            self._verified.clear()
            return respond(Status.OK)
        if command.p1 == 0x02 and len(command.data) == 2:
            ef = int.from_bytes(command.data, "big")
            if ef in self._files():
                self._file = ef
                return respond(Status.OK)
            return respond(Status.NOT_FOUND)
        if command.p1 in (0x02, 0x04):
            return respond(Status.NOT_FOUND)
        return respond(Status.WRONG_PARAMETERS)

    def _read(self, command: Command) -> bytes:
        if self._file is None:
            return respond(Status.COMMAND_NOT_ALLOWED)
        content = self._files()[self._file]
        if content is None:
            return respond(Status.SECURITY_NOT_SATISFIED)
        if self._file == FACE_EF and FACE_NUMBER_EF not in self._verified:
            return respond(Status.SECURITY_NOT_SATISFIED)
        offset = command.p1 * 256 + command.p2
        if offset > len(content):
            return respond(Status.OFFSET_OUTSIDE)
        wanted = command.le or 256
        chunk = content[offset:offset + wanted]
        return respond(Status.OK if len(chunk) == wanted else Status.END_OF_FILE, chunk)

    def _verify(self, command: Command) -> bytes:
        secret = {AUTH_PIN_EF: self.pin, FACE_NUMBER_EF: self._face_number}.get(
            self._file if self._file is not None else -1)
        if secret is None or command.p1 != 0x00 or command.p2 != 0x80:
            return respond(Status.COMMAND_NOT_ALLOWED)
        status = secret.verify(command.data or None)
        if status == Status.OK:
            self._verified.add(self._file)  # type: ignore[arg-type]
        return respond(status)

    def _sign(self, command: Command) -> bytes:
        """COMPUTE DIGITAL SIGNATURE: PKCS#1 v1.5 over the DigestInfo the caller sends."""
        if self._application != JPKI_AP or self._file != AUTH_KEY_EF:
            return respond(Status.COMMAND_NOT_ALLOWED)
        if AUTH_PIN_EF not in self._verified:
            return respond(Status.SECURITY_NOT_SATISFIED)
        try:
            algorithm, digest = parse_digest_info(command.data)
        except DigestInfoError:
            return respond(Status.WRONG_DATA)
        signature = self.key.sign(digest, padding.PKCS1v15(), utils.Prehashed(algorithm))
        return respond(Status.OK, signature)


def _tlv(tag: int, value: bytes) -> bytes:
    """One BER TLV with a definite length (short form up to 127 bytes, else long form)."""
    if len(value) < 0x80:
        return bytes((tag, len(value))) + value
    size = len(value).to_bytes((len(value).bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(size))) + size + value

