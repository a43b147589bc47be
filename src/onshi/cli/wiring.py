"""Build each party from its database URL and clock (shared by the commands)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from fastapi import FastAPI
from sqlalchemy import Engine

from onshi import db
from onshi.clock import Clock, OffsetClock, SystemClock
from onshi.hub.api import create_app as create_hub_app
from onshi.hub.card_service import CardService
from onshi.hub.store import HubStore
from onshi.oqs.card_protocol import CardHubClient
from onshi.oqs.client import HubClient
from onshi.oqs.codes import CharacterCode
from onshi.pki.authority import CertificateAuthority
from onshi.terminal.exchange import FolderExchange
from onshi.terminal.folders import ExchangeFolders
from onshi.terminal.kiosk import DeviceIdentity, Kiosk
from onshi.terminal.reader import CardSlot
from onshi.terminal.store import TerminalStore
from onshi.terminal.views import create_app as create_terminal_app


def clock_for(as_of: date | None) -> Clock:
    return OffsetClock.starting(as_of) if as_of else SystemClock()


def party_engine(party: str, home: Path) -> Engine:
    """The party's own database (env URL or SQLite under `home`), migrated to the newest schema."""
    engine = db.make_engine(db.database_url(party, {**os.environ, "ONSHI_HOME": str(home)}))
    db.migrate(f"onshi.{party}", engine)
    return engine


def certificate_authority(home: Path, clock: Clock) -> CertificateAuthority:
    """The sandbox's CA (J-LIS): its folder under `home`, created on first use."""
    folder = home / "pki"
    if (folder / "ca-certificate.pem").exists():
        return CertificateAuthority.open(folder)
    return CertificateAuthority.create(clock.now(), folder)


def hub_app(engine: Engine, clock: Clock, authority: CertificateAuthority | None = None
            ) -> FastAPI:
    return create_hub_app(HubStore(engine), clock, authority)


def hub_app_from_environment() -> FastAPI:
    """The hub app for a uvicorn worker process: ONSHI_HOME (or the URL) and ONSHI_AS_OF."""
    as_of = os.environ.get("ONSHI_AS_OF")
    clock = clock_for(date.fromisoformat(as_of) if as_of else None)
    engine = db.make_engine(db.database_url("hub"))
    return hub_app(engine, clock, certificate_authority(db.home(), clock))


def device_key(home: Path) -> rsa.RSAPrivateKey:
    """The terminal's own key under `home`, made on first use; its public half beside it."""
    path = home / "terminal-device-key.pem"
    if path.exists():
        key = load_pem_private_key(path.read_bytes(), None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{path} is not an RSA key")
        return key
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    home.mkdir(parents=True, exist_ok=True)
    path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    path.chmod(0o600)
    path.with_suffix(".pub").write_bytes(
        key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    return key


def register_terminal_device(hub_engine: Engine, clock: Clock, authority: CertificateAuthority,
                             institution_code: str) -> DeviceIdentity:
    """A new key for a terminal, registered at the hub for its attestations. (The portal's
    activation will do this for real facilities; the sandbox does it directly.)"""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    device = CardService(HubStore(hub_engine), clock, authority).register_device(
        institution_code, pem.decode("ascii"))
    return DeviceIdentity(device, key)


@dataclass
class Terminal:
    """A terminal bound to one facility, its folders and a hub URL."""

    engine: Engine
    hub_url: str
    clock: Clock
    institution_code: str
    folders: ExchangeFolders
    character_code: CharacterCode | None = None
    reader: tuple[CardSlot, DeviceIdentity] | None = None  # a card reader and the device key

    def __post_init__(self) -> None:
        self.folders.create()
        self.store = TerminalStore(self.engine)
        self.hub = HubClient(self.hub_url)
        self.card_hub = CardHubClient(self.hub_url)
        self.kiosk = None if self.reader is None else Kiosk(
            self.reader[0], self.card_hub, self.reader[1], self.institution_code, self.clock,
            self.store, self.folders, self.character_code or CharacterCode.UTF8)

    def exchange(self, settle_seconds: float = 0.2) -> FolderExchange:
        return FolderExchange(self.folders, self.hub, self.store, self.clock,
                              character_code=self.character_code,
                              settle_seconds=settle_seconds)

    def app(self) -> FastAPI:
        return create_terminal_app(self.store, self.hub, self.clock, self.institution_code,
                                   self.kiosk)

    def close(self) -> None:
        self.hub.close()
        self.card_hub.close()
        self.engine.dispose()
