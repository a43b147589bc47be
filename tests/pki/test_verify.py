"""What the hub checks of a presented certificate: chain, forgery, CRL, freshness, signature."""

from __future__ import annotations

from datetime import date, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from onshi.pki.authority import CertificateAuthority, RevocationReason
from onshi.pki.names import AUTHENTICATION_CA
from onshi.pki.verify import Revocations, Verdict, check_certificate, verify_signature
from tests.pki.conftest import ISSUED_AT

LAST_DAY = date(2030, 7, 1)
NOW = ISSUED_AT + timedelta(hours=1)


def _check(certificate, authority: CertificateAuthority, crl=None) -> Verdict:
    revocations = Revocations.of(authority.crl(ISSUED_AT) if crl is None else crl,
                                 authority.certificate)
    return check_certificate(certificate, authority.certificate, revocations, NOW).verdict


def test_a_good_certificate_passes(authority, holder_keys):
    certificate = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY)
    check = check_certificate(certificate, authority.certificate,
                              Revocations.of(authority.crl(ISSUED_AT), authority.certificate), NOW)
    assert check.verdict is Verdict.GOOD
    assert check.serial == certificate.serial_number
    assert check.not_after == certificate.not_valid_after_utc


def test_revoked_and_suspended_certificates_are_refused(authority, holder_keys):
    key = holder_keys[0].public_key()
    revoked = authority.issue(key, ISSUED_AT, LAST_DAY)
    held = authority.issue(key, ISSUED_AT, LAST_DAY)
    authority.revoke(revoked.serial_number, RevocationReason.KEY_COMPROMISE, ISSUED_AT)
    authority.suspend(held.serial_number, ISSUED_AT)
    assert _check(revoked, authority) is Verdict.REVOKED
    assert _check(held, authority) is Verdict.SUSPENDED
    authority.lift(held.serial_number)
    assert _check(held, authority) is Verdict.GOOD


def test_a_certificate_from_an_unknown_ca_is_refused(tmp_path, authority, holder_keys):
    stranger = CertificateAuthority.create(ISSUED_AT, tmp_path / "other")
    certificate = stranger.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY)
    assert certificate.issuer == AUTHENTICATION_CA  # same name, different key
    assert _check(certificate, authority) is Verdict.NOT_ISSUED_BY_CA


def test_a_forged_certificate_is_refused(authority, holder_keys):
    genuine = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY)
    forged = (x509.CertificateBuilder().subject_name(genuine.subject)
              .issuer_name(genuine.issuer).public_key(holder_keys[1].public_key())
              .serial_number(genuine.serial_number)
              .not_valid_before(genuine.not_valid_before_utc)
              .not_valid_after(genuine.not_valid_after_utc)
              .sign(holder_keys[1], hashes.SHA256()))
    assert _check(forged, authority) is Verdict.NOT_ISSUED_BY_CA


def test_a_stale_or_foreign_crl_is_not_trusted(tmp_path, authority, holder_keys):
    certificate = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY)
    stale = authority.crl(ISSUED_AT - timedelta(days=2))
    assert _check(certificate, authority, stale) is Verdict.STALE_REVOCATION_LIST
    stranger = CertificateAuthority.create(ISSUED_AT, tmp_path / "other")
    assert _check(certificate, authority, stranger.crl(ISSUED_AT)) is \
        Verdict.STALE_REVOCATION_LIST


def test_a_certificate_before_its_start_is_refused(authority, holder_keys):
    certificate = authority.issue(holder_keys[0].public_key(), NOW + timedelta(days=1), LAST_DAY)
    assert _check(certificate, authority) is Verdict.NOT_YET_VALID


def test_signatures_verify_only_for_the_holder_and_the_message(authority, holder_keys):
    certificate = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY)
    challenge = b"\x01" * 32
    signature = holder_keys[0].sign(challenge, padding.PKCS1v15(), hashes.SHA256())
    assert verify_signature(certificate, challenge, signature)
    assert not verify_signature(certificate, b"\x02" * 32, signature)
    other = holder_keys[1].sign(challenge, padding.PKCS1v15(), hashes.SHA256())
    assert not verify_signature(certificate, challenge, other)
    assert not verify_signature(certificate, challenge, b"garbage")
