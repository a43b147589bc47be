"""RSA keys are slow to make: the pki and card tests share a few per session."""

from __future__ import annotations

from datetime import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from onshi.clock import JST
from onshi.pki.authority import CertificateAuthority

ISSUED_AT = datetime(2025, 5, 15, 10, 30, tzinfo=JST)


@pytest.fixture(scope="session")
def holder_keys() -> list[rsa.RSAPrivateKey]:
    return [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(3)]


@pytest.fixture
def authority(tmp_path) -> CertificateAuthority:
    return CertificateAuthority.create(ISSUED_AT, tmp_path / "ca")
