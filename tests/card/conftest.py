"""Virtual cards issued by a real CA, shared by the card tests."""

from __future__ import annotations

import shutil
import socket
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
PCSCD_PID_FILE = PCSCD_SOCKET.with_name("pcscd.pid")


def _pcscd_answers() -> bool:
    """A pcscd listens on the socket; a file left by one that was killed does not answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(PCSCD_SOCKET))
        except OSError:
            return False
    return True


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Debian's pcscd (with vsmartcard's vpcd driver), started here unless one is running,
    and stopped by its process id.

    The socket and pid file of a pcscd that was killed outright stay behind; pcscd itself
    refuses to start while the old pid names a live process, so they are removed first."""
    if _pcscd_answers():
        yield
        return
    PCSCD_SOCKET.unlink(missing_ok=True)
    PCSCD_PID_FILE.unlink(missing_ok=True)
    binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
    log = tmp_path_factory.mktemp("pcscd") / "pcscd.log"
    with log.open("wb") as output:
        process = subprocess.Popen([binary, "--foreground"], stdout=output,
                                   stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while not _pcscd_answers():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pcscd did not start; its log:\n{log.read_text()}")
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
