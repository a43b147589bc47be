"""DER DigestInfo, what COMPUTE DIGITAL SIGNATURE signs (RFC 8017 §9.2, domain-rules A3/A4)."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import hashes

# The DER prefix of DigestInfo for each hash (AlgorithmIdentifier with NULL parameters).
_PREFIXES: dict[bytes, hashes.HashAlgorithm] = {
    bytes.fromhex("3021300906052B0E03021A05000414"): hashes.SHA1(),
    bytes.fromhex("3031300D060960864801650304020105000420"): hashes.SHA256(),
    bytes.fromhex("3041300D060960864801650304020205000430"): hashes.SHA384(),
    bytes.fromhex("3051300D060960864801650304020305000440"): hashes.SHA512(),
}
_SHA256_PREFIX = bytes.fromhex("3031300D060960864801650304020105000420")


class DigestInfoError(ValueError):
    pass


def parse_digest_info(data: bytes) -> tuple[hashes.HashAlgorithm, bytes]:
    for prefix, algorithm in _PREFIXES.items():
        if data.startswith(prefix) and len(data) == len(prefix) + algorithm.digest_size:
            return algorithm, data[len(prefix):]
    raise DigestInfoError("not a DigestInfo of SHA-1, SHA-256, SHA-384 or SHA-512")


def sha256_digest_info(message: bytes) -> bytes:
    """What a caller sends to have `message` signed with SHA-256."""
    return _SHA256_PREFIX + hashlib.sha256(message).digest()
