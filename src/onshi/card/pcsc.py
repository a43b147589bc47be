"""A card in a PC/SC reader, through pyscard: real readers and vpcd alike."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from smartcard.Exceptions import SmartcardException
from smartcard.System import readers

from onshi.card.jpki import CardError


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
        try:
            connection.connect()
        except SmartcardException:
            _release(connection)
            raise
        return cls(connection)

    closed: bool = False

    def transmit(self, apdu: bytes) -> bytes:
        """One APDU; a card taken away (or any reader failure) closes the connection and is
        a CardError, as a refusal from the card would be."""
        try:
            data, sw1, sw2 = self.connection.transmit(list(apdu))
        except SmartcardException as exc:
            self.close()
            raise CardError(0, f"PC/SC: {exc}") from exc
        return bytes(data) + bytes((sw1, sw2))

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            _release(self.connection)


def _release(connection: Any) -> None:
    """Disconnect and free the PC/SC context now, quietly: left to the garbage collector, a
    context pcscd no longer knows raises from a destructor."""
    with suppress(SmartcardException):
        connection.release()
