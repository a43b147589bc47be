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


@dataclass(frozen=True)
class Revocations:
    """A CRL checked once (its issuer and signature) and indexed by serial, so that checking a
    certificate against it is a dictionary lookup however many entries it holds."""

    next_update: datetime
    reasons: dict[int, RevocationReason | None]

    @classmethod
    def of(cls, crl: x509.CertificateRevocationList,
           authority: x509.Certificate) -> Revocations | None:
        """None when the CRL is not the authority's own, signed by it."""
        if crl.issuer != authority.subject or crl.next_update_utc is None \
                or not crl.is_signature_valid(_rsa_key(authority)):
            return None
        return cls(crl.next_update_utc, {entry.serial_number: _reason(entry) for entry in crl})

    def verdict(self, serial: int, now: datetime) -> Verdict:
        if self.next_update < now:
            return Verdict.STALE_REVOCATION_LIST
        if serial not in self.reasons:
            return Verdict.GOOD
        return Verdict.SUSPENDED if self.reasons[serial] is RevocationReason.HOLD \
            else Verdict.REVOKED


def check_certificate(certificate: x509.Certificate, authority: x509.Certificate,
                      revocations: Revocations | None, now: datetime) -> CertificateCheck:
    """Chain to `authority`, validity start, and revocation by that CA's checked CRL (None:
    no trustworthy CRL is at hand)."""
    def checked(verdict: Verdict) -> CertificateCheck:
        return CertificateCheck(verdict, certificate.serial_number,
                                certificate.not_valid_after_utc)

    try:
        certificate.verify_directly_issued_by(authority)
    except (ValueError, TypeError, InvalidSignature):
        return checked(Verdict.NOT_ISSUED_BY_CA)
    if now < certificate.not_valid_before_utc:
        return checked(Verdict.NOT_YET_VALID)
    if revocations is None:
        return checked(Verdict.STALE_REVOCATION_LIST)
    return checked(revocations.verdict(certificate.serial_number, now))


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
