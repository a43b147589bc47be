"""What a relying party (the hub) checks of a presented 利用者証明用電子証明書 and its signature.

Expiry is reported, not judged: the grace after expiry is an insurance rule
(onshi.rules.certificate), so the chain, the signature and the CRL are what is checked here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from onshi.pki.authority import RevocationReason


class Verdict(StrEnum):
    GOOD = "有効"
    NOT_ISSUED_BY_CA = "発行元不明"  # unknown CA, or a forged signature on the certificate
    NOT_YET_VALID = "有効期間前"
    SUSPENDED = "一時利用停止"
    REVOKED = "失効"
    STALE_REVOCATION_LIST = "失効情報が古い"


@dataclass(frozen=True)
class CertificateCheck:
    verdict: Verdict
    serial: int
    not_after: datetime


def check_certificate(certificate: x509.Certificate, authority: x509.Certificate,
                      revocations: x509.CertificateRevocationList,
                      now: datetime) -> CertificateCheck:
    """Chain to `authority`, validity start, and revocation by a CRL that CA signed."""
    def checked(verdict: Verdict) -> CertificateCheck:
        return CertificateCheck(verdict, certificate.serial_number,
                                certificate.not_valid_after_utc)

    try:
        certificate.verify_directly_issued_by(authority)
    except (ValueError, TypeError, InvalidSignature):
        return checked(Verdict.NOT_ISSUED_BY_CA)
    if now < certificate.not_valid_before_utc:
        return checked(Verdict.NOT_YET_VALID)
    if (revocations.issuer != authority.subject
            or not revocations.is_signature_valid(_rsa_key(authority))
            or revocations.next_update_utc is None or revocations.next_update_utc < now):
        return checked(Verdict.STALE_REVOCATION_LIST)
    entry = revocations.get_revoked_certificate_by_serial_number(certificate.serial_number)
    if entry is None:
        return checked(Verdict.GOOD)
    return checked(Verdict.SUSPENDED if _reason(entry) is RevocationReason.HOLD
                   else Verdict.REVOKED)


def verify_signature(certificate: x509.Certificate, message: bytes, signature: bytes) -> bool:
    """RSASSA-PKCS1-v1_5 with SHA-256 over `message`, by the certificate's key."""
    try:
        _rsa_key(certificate).verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def verify_signature_by_key(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """The same check with a bare RSA public key in PEM (a terminal's device key)."""
    try:
        key = serialization.load_pem_public_key(public_key)
    except ValueError:
        return False
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def _rsa_key(certificate: x509.Certificate) -> rsa.RSAPublicKey:
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise TypeError("JPKI certificates carry RSA keys")
    return key


def _reason(entry: x509.RevokedCertificate) -> RevocationReason | None:
    try:
        flag = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    except x509.ExtensionNotFound:
        return None
    return RevocationReason.of(flag)
