"""The 利用者証明用 CA: what it issues, how revocation and 一時利用停止 work, what survives."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID, SignatureAlgorithmOID

from onshi.pki.authority import (
    CertificateAuthority,
    CertificateStatus,
    Issue,
    RevocationReason,
)
from tests.pki.conftest import ISSUED_AT

LAST_DAY = date(2030, 7, 1)


def test_issued_certificate_names_no_person_and_chains_to_the_ca(authority, holder_keys):
    certificate = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY)
    assert certificate.signature_algorithm_oid == SignatureAlgorithmOID.RSA_WITH_SHA256
    assert isinstance(certificate.public_key(), rsa.RSAPublicKey)
    assert certificate.public_key().key_size == 2048
    kinds = {attribute.oid for attribute in certificate.subject}
    assert kinds == {NameOID.COUNTRY_NAME, NameOID.ORGANIZATION_NAME,
                     NameOID.ORGANIZATIONAL_UNIT_NAME, NameOID.COMMON_NAME}
    common_name = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert int(str(common_name), 16) == certificate.serial_number
    assert certificate.issuer.rfc4514_string() == (
        "OU=Japan Agency for Local Authority Information Systems,"
        "OU=JPKI for user authentication,O=JPKI,C=JP")
    certificate.verify_directly_issued_by(authority.certificate)
    assert not certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_certificate_ends_at_the_close_of_its_last_jst_day(authority, holder_keys):
    certificate = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY)
    # [unverified] end of day as the CA certificates' 14:59:59Z (domain-rules A6)
    assert certificate.not_valid_after_utc == datetime(2030, 7, 1, 14, 59, 59,
                                                       tzinfo=UTC)
    assert certificate.not_valid_before_utc == ISSUED_AT


def test_suspension_is_lifted_but_revocation_is_final(authority, holder_keys):
    serial = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY).serial_number
    assert authority.status(serial) is CertificateStatus.GOOD
    authority.suspend(serial, ISSUED_AT + timedelta(days=1))
    assert authority.status(serial) is CertificateStatus.SUSPENDED
    authority.lift(serial)
    assert authority.status(serial) is CertificateStatus.GOOD
    authority.revoke(serial, RevocationReason.KEY_COMPROMISE, ISSUED_AT + timedelta(days=2))
    assert authority.status(serial) is CertificateStatus.REVOKED
    with pytest.raises(ValueError):
        authority.lift(serial)
    with pytest.raises(ValueError):
        authority.revoke(serial, RevocationReason.CESSATION, ISSUED_AT + timedelta(days=3))


def test_a_suspended_certificate_can_still_be_revoked_and_unknown_serials_are_unknown(
        authority, holder_keys):
    serial = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY).serial_number
    authority.suspend(serial, ISSUED_AT)
    authority.revoke(serial, RevocationReason.KEY_COMPROMISE, ISSUED_AT)
    assert authority.status(serial) is CertificateStatus.REVOKED
    assert authority.status(serial + 1) is CertificateStatus.UNKNOWN
    with pytest.raises(KeyError):
        authority.suspend(serial + 1, ISSUED_AT)


def test_reissue_supersedes_the_old_certificate(authority, holder_keys):
    old = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY)
    new = authority.reissue(old.serial_number, holder_keys[1].public_key(),
                            ISSUED_AT + timedelta(days=30), LAST_DAY)
    assert new.serial_number != old.serial_number
    assert authority.status(old.serial_number) is CertificateStatus.REVOKED
    assert authority.status(new.serial_number) is CertificateStatus.GOOD
    entry = authority.crl(ISSUED_AT + timedelta(days=31)).get_revoked_certificate_by_serial_number(
        old.serial_number)
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason is \
        x509.ReasonFlags.superseded


def test_crl_lists_revoked_and_suspended_with_reasons_and_is_signed(authority, holder_keys):
    key = holder_keys[0].public_key()
    good, held, lost, lifted = (authority.issue(key, ISSUED_AT, LAST_DAY).serial_number
                                for _ in range(4))
    expired = authority.issue(key, ISSUED_AT, date(2025, 6, 1)).serial_number
    authority.suspend(held, ISSUED_AT)
    authority.revoke(lost, RevocationReason.KEY_COMPROMISE, ISSUED_AT)
    authority.suspend(lifted, ISSUED_AT)
    authority.lift(lifted)
    authority.revoke(expired, RevocationReason.CESSATION, ISSUED_AT)
    now = datetime(2025, 7, 1, tzinfo=UTC)
    crl = authority.crl(now)
    assert crl.is_signature_valid(authority.certificate.public_key())
    assert crl.next_update_utc == now + timedelta(hours=24)
    reasons = {entry.serial_number: entry.extensions.get_extension_for_class(
        x509.CRLReason).value.reason for entry in crl}
    assert reasons == {held: x509.ReasonFlags.certificate_hold,
                       lost: x509.ReasonFlags.key_compromise}
    assert good not in reasons


def test_the_ca_reopens_with_its_key_and_every_event(tmp_path, holder_keys):
    folder = tmp_path / "ca"
    first = CertificateAuthority.create(ISSUED_AT, folder)
    key = holder_keys[0].public_key()
    held, revoked, lifted = (first.issue(key, ISSUED_AT, LAST_DAY).serial_number
                             for _ in range(3))
    first.suspend(held, ISSUED_AT)
    first.revoke(revoked, RevocationReason.KEY_COMPROMISE, ISSUED_AT)
    first.suspend(lifted, ISSUED_AT)
    first.lift(lifted)
    again = CertificateAuthority.open(folder)
    assert again.certificate == first.certificate
    assert [again.status(s) for s in (held, revoked, lifted)] == [
        CertificateStatus.SUSPENDED, CertificateStatus.REVOKED, CertificateStatus.GOOD]
    issued = again.issue(key, ISSUED_AT, LAST_DAY)
    issued.verify_directly_issued_by(first.certificate)
    with pytest.raises(ValueError):
        again.issue(key, ISSUED_AT, LAST_DAY, serial=held)


def test_the_ca_knows_each_holder_and_a_reissue_keeps_it(tmp_path, holder_keys):
    folder = tmp_path / "ca"
    authority = CertificateAuthority.create(ISSUED_AT, folder)
    old = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY, "123456789018")
    new = authority.reissue(old.serial_number, holder_keys[1].public_key(), ISSUED_AT,
                            LAST_DAY)
    assert authority.holder_of(new.serial_number) == "123456789018"
    assert CertificateAuthority.open(folder).holder_of(old.serial_number) == "123456789018"
    assert authority.holder_of(new.serial_number + 1) is None


def test_the_published_crl_is_signed_anew_only_after_a_change(authority, holder_keys):
    serial = authority.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY).serial_number
    first = authority.published_crl(ISSUED_AT)
    assert authority.published_crl(ISSUED_AT + timedelta(hours=1)) is first
    authority.suspend(serial, ISSUED_AT + timedelta(hours=2))
    second = authority.published_crl(ISSUED_AT + timedelta(hours=2))
    assert second is not first
    assert second.get_revoked_certificate_by_serial_number(serial) is not None
    assert authority.published_crl(ISSUED_AT + timedelta(hours=25, minutes=30)) is not second


def test_another_process_sees_revocations_without_reopening(tmp_path, holder_keys):
    folder = tmp_path / "ca"
    issuing = CertificateAuthority.create(ISSUED_AT, folder)
    serial = issuing.issue(holder_keys[0].public_key(), ISSUED_AT, LAST_DAY, "123456789018"
                           ).serial_number
    relying = CertificateAuthority.open(folder)  # e.g. a hub worker
    assert relying.published_crl(ISSUED_AT).get_revoked_certificate_by_serial_number(
        serial) is None
    issuing.suspend(serial, ISSUED_AT)
    assert relying.status(serial) is CertificateStatus.SUSPENDED
    assert relying.published_crl(ISSUED_AT).get_revoked_certificate_by_serial_number(
        serial) is not None
    with (folder / "journal.jsonl").open("a") as journal:
        journal.write('{"event": "lifted", "ser')  # a line still being written is left
    assert relying.status(serial) is CertificateStatus.SUSPENDED


def test_registered_certificates_are_signed_the_same_whenever_asked(tmp_path, holder_keys):
    folder = tmp_path / "ca"
    authority = CertificateAuthority.create(ISSUED_AT, folder)
    key = holder_keys[0].public_key()
    authority.record_issues([Issue(serial, ISSUED_AT, LAST_DAY, f"{serial:012d}")
                             for serial in range(1, 101)])
    issued = authority.issue(key, ISSUED_AT, LAST_DAY, serial=500)
    reopened = CertificateAuthority.open(folder)
    assert reopened.certificate_of(500, key) == issued
    assert reopened.certificate_of(7, key).public_bytes(Encoding.DER) == \
        authority.certificate_of(7, key).public_bytes(Encoding.DER)
    assert reopened.holder_of(42) == "000000000042"
    reopened.certificate_of(42, key).verify_directly_issued_by(authority.certificate)
    with pytest.raises(KeyError):
        reopened.certificate_of(101, key)
    with pytest.raises(ValueError):
        reopened.record_issues([Issue(7, ISSUED_AT, LAST_DAY)])
