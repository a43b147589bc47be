"""A card in a PC/SC reader, through pyscard: real readers and vpcd alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smartcard.System import readers


class NoReader(RuntimeError):
    pass


@dataclass
class PcscConnection:
    """A CardConnection (see jpki) over a reader that pcscd knows."""

    connection: Any

    @classmethod
    def open(cls, name_contains: str = "") -> PcscConnection:
        """Connect to the card in the first reader whose name contains `name_contains`."""
        found = [reader for reader in readers() if name_contains in str(reader)]
        if not found:
            raise NoReader(f"no PC/SC reader named like {name_contains!r}")
        connection = found[0].createConnection()
        connection.connect()
        return cls(connection)

    def transmit(self, apdu: bytes) -> bytes:
        data, sw1, sw2 = self.connection.transmit(list(apdu))
        return bytes(data) + bytes((sw1, sw2))

    def close(self) -> None:
        self.connection.disconnect()
