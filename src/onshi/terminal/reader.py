"""The face-auth card reader as the kiosk sees it: a slot that may hold a card.

`VirtualSlot` holds virtual cards that a test panel places (demo, tests); `PcscSlot` asks pcscd
for the card in a physical reader. Either hands the kiosk a CardConnection, so the kiosk's code
is the same for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from onshi.card.jpki import CardConnection
from onshi.card.virtual import VirtualCard


class CardSlot(Protocol):
    device: str  # the reader's own id, for its metrics
    maker: str

    def connection(self) -> CardConnection | None: ...


@dataclass
class VirtualSlot:
    cards: dict[str, VirtualCard] = field(default_factory=dict)  # label → card
    device: str = "virtual-reader-1"
    maker: str = "onshi（仮想）"
    placed: str | None = None

    def place(self, label: str) -> None:
        if label not in self.cards:
            raise KeyError(label)
        self.cards[label].reset()  # a card placed on a reader is powered up afresh
        self.placed = label

    def remove(self) -> None:
        self.placed = None

    def connection(self) -> CardConnection | None:
        return self.cards[self.placed] if self.placed else None


@dataclass
class PcscSlot:
    """A physical reader: one PC/SC connection per card on it, opened again once the card
    was taken away (the connection closes itself then)."""

    reader_name: str
    device: str
    maker: str
    _open: Any = field(default=None, init=False, repr=False)

    def connection(self) -> CardConnection | None:
        # pyscard is an optional install (extra "reader"): imported only for a real reader.
        from smartcard.Exceptions import SmartcardException

        from onshi.card.pcsc import NoReader, PcscConnection
        if self._open is None or self._open.closed:
            try:
                self._open = PcscConnection.open(self.reader_name)
            except (NoReader, SmartcardException):
                return None
        return self._open
