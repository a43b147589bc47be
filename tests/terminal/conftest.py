"""A card reader's world: the real hub with its CA served on loopback, virtual cards of every
certificate case linked to one insured person, and the terminal's kiosk with a virtual slot."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import Engine

from onshi.card.virtual import VirtualCard
from onshi.clock import JST, FixedClock
from onshi.hub.api import create_app
from onshi.hub.card_service import CardService
from onshi.hub.store import HubStore
from onshi.oqs.card_protocol import CardHubClient
from onshi.pki.authority import CertificateAuthority, RevocationReason
from onshi.server import serving
from onshi.terminal.folders import ExchangeFolders
from onshi.terminal.kiosk import DeviceIdentity, Kiosk
from onshi.terminal.reader import VirtualSlot
from onshi.terminal.store import TerminalStore
from tests.card.conftest import FACE, MY_NUMBER, PIN
from tests.hub.builders import INSTITUTION, Registry
from tests.pki.conftest import holder_keys  # noqa: F401

BORN = date(1980, 7, 1)
TODAY = date(2025, 5, 15)
LONG_AGO = datetime(2020, 3, 1, tzinfo=JST)
# label → (PIN or None for a 顔認証 card, last day of the certificate, what happens to it)
CARDS: dict[str, tuple[str | None, date, str]] = {
    "有効": (PIN, date(2030, 7, 1), ""),
    "顔認証カード": (None, date(2030, 7, 1), ""),
    "期限3か月以内": (PIN, date(2025, 7, 1), ""),
    "期限切れ3か月以内": (PIN, date(2025, 3, 10), ""),
    "期限切れ": (PIN, date(2025, 1, 10), ""),
    "一時利用停止": (PIN, date(2030, 7, 1), "suspend"),
    "失効": (PIN, date(2030, 7, 1), "revoke"),
}


@dataclass
class KioskWorld:
    kiosk: Kiosk
    slot: VirtualSlot
    folders: ExchangeFolders
    store: TerminalStore
    clock: FixedClock
    hub_url: str


@pytest.fixture
def kiosk_world(hub_engine: Engine, terminal_engine: Engine, tmp_path: Path,
                holder_keys: list[rsa.RSAPrivateKey]) -> Iterator[KioskWorld]:  # noqa: F811
    clock = FixedClock.at(TODAY, 10, 30)
    registry = Registry(hub_engine)
    person = registry.person(BORN, individual_number=MY_NUMBER)
    registry.qualification(person, BORN)
    authority = CertificateAuthority.create(LONG_AGO, tmp_path / "ca")
    hub_store = HubStore(hub_engine)
    slot = VirtualSlot({label: _card(authority, hub_store, person, holder_keys[0], *case)
                        for label, case in CARDS.items()})
    device_key = holder_keys[2]
    device = CardService(hub_store, clock, authority).register_device(
        INSTITUTION, device_key.public_key().public_bytes(
            Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode("ascii"))
    folders = ExchangeFolders(tmp_path / "exchange").create()
    store = TerminalStore(terminal_engine)
    with serving(create_app(hub_store, clock, authority)) as url:
        hub = CardHubClient(url)
        kiosk = Kiosk(slot, hub, DeviceIdentity(device, device_key), INSTITUTION, clock, store,
                      folders)
        yield KioskWorld(kiosk, slot, folders, store, clock, url)
        hub.close()


def _card(authority: CertificateAuthority, hub: HubStore, person: int, key: rsa.RSAPrivateKey,
          pin: str | None, last_day: date, fate: str) -> VirtualCard:
    certificate = authority.issue(key.public_key(), LONG_AGO, last_day, MY_NUMBER)
    hub.link_card(f"{certificate.serial_number:X}", person, LONG_AGO.replace(tzinfo=None))
    if fate == "suspend":
        authority.suspend(certificate.serial_number, LONG_AGO)
    elif fate == "revoke":
        authority.revoke(certificate.serial_number, RevocationReason.KEY_COMPROMISE, LONG_AGO)
    return VirtualCard.issued(certificate.public_bytes(Encoding.DER),
                              authority.certificate.public_bytes(Encoding.DER), key, pin,
                              MY_NUMBER, FACE)
