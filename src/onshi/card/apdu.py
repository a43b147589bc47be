"""ISO 7816-4 short APDUs: command parsing and status words (domain-rules A3)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Status(IntEnum):
    OK = 0x9000
    END_OF_FILE = 0x6282  # fewer bytes than Le remained
    WRONG_LENGTH = 0x6700
    SECURITY_NOT_SATISFIED = 0x6982
    AUTHENTICATION_BLOCKED = 0x6983
    REFERENCE_DATA_NOT_USABLE = 0x6984
    COMMAND_NOT_ALLOWED = 0x6986
    WRONG_DATA = 0x6A80
    NOT_FOUND = 0x6A82
    WRONG_PARAMETERS = 0x6A86
    OFFSET_OUTSIDE = 0x6B00
    UNKNOWN_INSTRUCTION = 0x6D00
    UNKNOWN_CLASS = 0x6E00


def tries_left(count: int) -> int:
    """`63 Cx`: a wrong PIN, or the counter asked for, with x tries left."""
    return 0x63C0 | count


class MalformedApdu(ValueError):
    pass


@dataclass(frozen=True)
class Command:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None  # expected response length; 0 on the wire means 256

    @classmethod
    def parse(cls, raw: bytes) -> Command:
        """Cases 1–4 of short APDUs; anything else is MalformedApdu."""
        if len(raw) < 4:
            raise MalformedApdu(f"{len(raw)} bytes is shorter than a header")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        length = body[0]
        if length == 0 or len(body) not in (1 + length, 2 + length):
            raise MalformedApdu(f"Lc {length} does not match {len(body) - 1} body bytes")
        le = (body[-1] or 256) if len(body) == 2 + length else None
        return cls(cla, ins, p1, p2, bytes(body[1:1 + length]), le)

    def encode(self) -> bytes:
        out = bytes((self.cla, self.ins, self.p1, self.p2))
        if self.data:
            out += bytes((len(self.data),)) + self.data
        if self.le is not None:
            out += bytes((self.le % 256,))
        return out


def respond(status: int, data: bytes = b"") -> bytes:
    return data + status.to_bytes(2, "big")
