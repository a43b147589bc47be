"""Distinguished names of the 利用者証明用 CA and of what it issues (domain-rules A4)."""

from __future__ import annotations

from cryptography import x509
from cryptography.x509.oid import NameOID

AUTHENTICATION_CA = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for user authentication"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME,
                       "Japan Agency for Local Authority Information Systems"),
])


def holder_name(serial: int) -> x509.Name:
    """A 利用者証明用電子証明書 subject: no 基本4情報, only the certificate's own number.

    [unverified] The real subject's exact content is not public (domain-rules A4); what matters
    is that it names no person, so relying parties identify the holder by the certificate.
    """
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for user authentication"),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{serial:032X}"),
    ])
