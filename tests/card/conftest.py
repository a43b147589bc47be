"""Virtual cards issued by a real CA, shared by the card tests."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding

from onshi.card.virtual import VirtualCard
from onshi.pki.authority import CertificateAuthority
from tests.pki.conftest import ISSUED_AT, authority, holder_keys  # noqa: F401

PIN = "1234"
MY_NUMBER = "123456789018"
FACE = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8  # a JPEG-like blob longer than one READ


@pytest.fixture
def issue_card(authority: CertificateAuthority,  # noqa: F811
               holder_keys: list[rsa.RSAPrivateKey]) -> Callable[..., VirtualCard]:  # noqa: F811
    def issue(pin: str | None = PIN, key_index: int = 0, holder: str | None = MY_NUMBER,
              issued_at: datetime = ISSUED_AT, last_day: date = date(2030, 7, 1)) -> VirtualCard:
        key = holder_keys[key_index]
        certificate = authority.issue(key.public_key(), issued_at, last_day, holder)
        return VirtualCard.issued(certificate.public_bytes(Encoding.DER),
                                  authority.certificate.public_bytes(Encoding.DER), key, pin,
                                  MY_NUMBER, FACE)
    return issue


PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")


@pytest.fixture(scope="session")
def pcscd() -> Iterator[None]:
    """Debian's pcscd (with vsmartcard's vpcd driver), started here unless already running,
    and stopped by its process id."""
    if PCSCD_SOCKET.exists():
        yield
        return
    binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
    process = subprocess.Popen([binary, "--foreground"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not PCSCD_SOCKET.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
