"""The 利用者証明用 CA: issues certificates, keeps their revocations, publishes a signed CRL.

State lives in one folder: the CA key and certificate as PEM, written once, and a journal of
issues, revocations and liftings, one JSON line each, replayed on open. So the sandbox CA
survives restarts the way the real one does, and issuing a million certificates stays linear.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from onshi.pki.names import AUTHENTICATION_CA, holder_name

KEY_BITS = 2048
CA_YEARS = 10
CRL_LIFETIME = timedelta(hours=24)
# [unverified] Certificates end at the close of their last JST day, as the CA certificates'
# 14:59:59Z does (domain-rules A6).
_END_OF_JST_DAY = time(14, 59, 59)
_KEY_FILE, _CERTIFICATE_FILE, _JOURNAL_FILE = "ca-key.pem", "ca-certificate.pem", "journal.jsonl"


class RevocationReason(StrEnum):
    """Why a certificate was revoked, as its CRL entry says it."""

    SUPERSEDED = "superseded"  # 更新・再発行: a new certificate replaced it
    CESSATION = "cessation_of_operation"  # 廃止: card returned, holder deceased
    KEY_COMPROMISE = "key_compromise"  # 失効 after loss or theft
    HOLD = "certificate_hold"  # 一時利用停止 (一時保留), which can be lifted

    @property
    def flag(self) -> x509.ReasonFlags:
        return x509.ReasonFlags[self.value]

    @classmethod
    def of(cls, flag: x509.ReasonFlags) -> RevocationReason | None:
        """The reason behind a CRL entry's flag; None for flags this CA never writes."""
        return next((reason for reason in cls if reason.value == flag.name), None)


class CertificateStatus(StrEnum):
    GOOD = "有効"
    SUSPENDED = "一時利用停止"
    REVOKED = "失効"
    UNKNOWN = "発行記録なし"


@dataclass(frozen=True)
class Issue:
    """A certificate to enter in the register: valid from `not_before` to the end of
    `last_day` (JST), held by the person with 個人番号 `holder`."""

    serial: int
    not_before: datetime
    last_day: date
    holder: str | None = None
    face_only: bool = False  # on a 顔認証マイナンバーカード (no PIN is set)


@dataclass
class Entry:
    """One issued certificate as the CA remembers it."""

    not_after: datetime
    holder: str | None = None  # 個人番号 of the holder: J-LIS knows it, the certificate does not
    not_before: datetime | None = None
    face_only: bool = False
    revoked_at: datetime | None = None
    reason: RevocationReason | None = None


@dataclass
class CertificateAuthority:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    folder: Path | None = None
    register: dict[int, Entry] = field(default_factory=dict)
    _published: x509.CertificateRevocationList | None = field(default=None, repr=False)
    _journal_read: int = field(default=0, repr=False)  # bytes of the journal applied so far

    @classmethod
    def create(cls, now: datetime, folder: Path | None = None) -> CertificateAuthority:
        key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
        certificate = (
            _builder(AUTHENTICATION_CA, key.public_key(), x509.random_serial_number(), now,
                     now.replace(year=now.year + CA_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(certificate_signing=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(folder / _KEY_FILE, key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
            _write_atomically(folder / _CERTIFICATE_FILE,
                              certificate.public_bytes(serialization.Encoding.PEM))
            (folder / _JOURNAL_FILE).touch()
        return cls(key, certificate, folder)

    @classmethod
    def open(cls, folder: Path) -> CertificateAuthority:
        key = serialization.load_pem_private_key((folder / _KEY_FILE).read_bytes(), None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{folder / _KEY_FILE} is not an RSA key")
        certificate = x509.load_pem_x509_certificate((folder / _CERTIFICATE_FILE).read_bytes())
        authority = cls(key, certificate, folder)
        authority.catch_up()
        return authority

    def catch_up(self) -> None:
        """Apply what other processes appended to the journal since it was last read (a hub
        worker sees a revocation made by `onshi` commands without restarting)."""
        if self.folder is None:
            return
        path = self.folder / _JOURNAL_FILE
        if path.stat().st_size <= self._journal_read:
            return
        with path.open("rb") as journal:
            journal.seek(self._journal_read)
            appended = journal.read()
        complete = appended[:appended.rfind(b"\n") + 1]  # a line still being written waits
        for line in complete.decode("utf-8").splitlines():
            if line.strip():
                self._apply(json.loads(line))
        self._journal_read += len(complete)
        if complete:
            self._published = None

    def issue(self, public_key: rsa.RSAPublicKey, now: datetime, last_day: date,
              holder: str | None = None, serial: int | None = None) -> x509.Certificate:
        """A 利用者証明用電子証明書 valid from `now` to the end of `last_day` (JST)."""
        serial = x509.random_serial_number() if serial is None else serial
        self.record_issues([Issue(serial, now, last_day, holder)])
        return self.certificate_of(serial, public_key)

    def record_issues(self, issues: Iterable[Issue]) -> None:
        """Enter certificates in the register (one journal write for the lot); their X.509 form
        comes from certificate_of. This is how synth issues a card to most of a population:
        signing a million certificates up front would take a quarter of an hour."""
        events = []
        for issue in issues:
            if issue.serial in self.register:
                raise ValueError(f"serial {issue.serial:X} was already issued")
            not_after = datetime.combine(issue.last_day, _END_OF_JST_DAY, UTC)
            events.append({"event": "issued", "serial": issue.serial,
                           "not_before": issue.not_before.isoformat(),
                           "not_after": not_after.isoformat(), "holder": issue.holder or "",
                           "face_only": int(issue.face_only)})
        self._record(*events)

    def certificate_of(self, serial: int, public_key: rsa.RSAPublicKey) -> x509.Certificate:
        """The certificate of a registered serial for the card's key. PKCS#1 v1.5 signatures are
        deterministic, so the same serial and key always give the same bytes."""
        entry = self._entry(serial)
        return (
            _builder(holder_name(serial), public_key, serial, entry.not_before or entry.not_after,
                     entry.not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(digital_signature=True), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256()))

    def revoke(self, serial: int, reason: RevocationReason, at: datetime) -> None:
        entry = self._entry(serial)
        if entry.reason is not None and entry.reason is not RevocationReason.HOLD:
            raise ValueError(f"certificate {serial:X} is already revoked")
        self._record({"event": "revoked", "serial": serial, "reason": reason.value,
                      "at": at.isoformat()})

    def suspend(self, serial: int, at: datetime) -> None:
        """一時利用停止 after a reported loss: refused everywhere until lifted."""
        self.revoke(serial, RevocationReason.HOLD, at)

    def lift(self, serial: int) -> None:
        """一時利用停止の解除 (at the municipal window, card in hand)."""
        entry = self._entry(serial)
        if entry.reason is not RevocationReason.HOLD:
            raise ValueError(f"certificate {serial:X} is not suspended")
        self._record({"event": "lifted", "serial": serial})

    def reissue(self, old_serial: int, public_key: rsa.RSAPublicKey, now: datetime,
                last_day: date) -> x509.Certificate:
        """A new certificate (new card or renewal) for the same holder; the old one is revoked
        as superseded."""
        self.revoke(old_serial, RevocationReason.SUPERSEDED, now)
        return self.issue(public_key, now, last_day, self.register[old_serial].holder)

    def entry(self, serial: int) -> Entry | None:
        """What the CA remembers of a certificate, or None when it issued no such serial."""
        self.catch_up()
        return self.register.get(serial)

    def holder_of(self, serial: int) -> str | None:
        """The holder's 個人番号, which J-LIS gives the 中間サーバー at 保険証利用登録."""
        self.catch_up()
        entry = self.register.get(serial)
        return entry.holder if entry else None

    def status(self, serial: int) -> CertificateStatus:
        self.catch_up()
        entry = self.register.get(serial)
        if entry is None:
            return CertificateStatus.UNKNOWN
        if entry.reason is None:
            return CertificateStatus.GOOD
        if entry.reason is RevocationReason.HOLD:
            return CertificateStatus.SUSPENDED
        return CertificateStatus.REVOKED

    def published_crl(self, now: datetime) -> x509.CertificateRevocationList:
        """The CRL relying parties fetch: signed anew after every change, and an hour before
        the one out there would go stale."""
        self.catch_up()
        current = self._published
        if current is None or current.next_update_utc is None or \
                current.next_update_utc - now < timedelta(hours=1):
            current = self._published = self.crl(now)
        return current

    def crl(self, now: datetime) -> x509.CertificateRevocationList:
        """The signed list of every revoked or suspended certificate not yet expired."""
        builder = (x509.CertificateRevocationListBuilder()
                   .issuer_name(AUTHENTICATION_CA).last_update(now)
                   .next_update(now + CRL_LIFETIME))
        for serial, entry in self.register.items():
            if entry.revoked_at is None or entry.reason is None or entry.not_after < now:
                continue
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial)
                .revocation_date(entry.revoked_at)
                .add_extension(x509.CRLReason(entry.reason.flag), critical=False).build())
        return builder.sign(self.key, hashes.SHA256())

    def _record(self, *events: dict[str, str | int]) -> None:
        """Append events to the journal and apply them (with anything appended before)."""
        if self.folder is None:
            for event in events:
                self._apply(event)
        else:
            with (self.folder / _JOURNAL_FILE).open("a", encoding="utf-8") as journal:
                journal.write("".join(json.dumps(event) + "\n" for event in events))
            self.catch_up()
        if any(event["event"] != "issued" for event in events):
            self._published = None

    def _apply(self, event: dict[str, str | int]) -> None:
        serial = int(event["serial"])
        if event["event"] == "issued":
            not_before = event.get("not_before")
            self.register[serial] = Entry(
                datetime.fromisoformat(str(event["not_after"])),
                str(event.get("holder") or "") or None,
                datetime.fromisoformat(str(not_before)) if not_before else None,
                bool(event.get("face_only")))
        elif event["event"] == "revoked":
            entry = self.register[serial]
            entry.revoked_at = datetime.fromisoformat(str(event["at"]))
            entry.reason = RevocationReason(event["reason"])
        else:
            self.register[serial].revoked_at = self.register[serial].reason = None

    def _entry(self, serial: int) -> Entry:
        entry = self.register.get(serial)
        if entry is None:
            raise KeyError(f"no certificate {serial:X} was issued by this CA")
        return entry


def _builder(subject: x509.Name, public_key: rsa.RSAPublicKey, serial: int,
             not_before: datetime, not_after: datetime) -> x509.CertificateBuilder:
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(AUTHENTICATION_CA)
            .public_key(public_key).serial_number(serial)
            .not_valid_before(not_before).not_valid_after(not_after))


def _key_usage(*, digital_signature: bool = False,
               certificate_signing: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=certificate_signing,
        crl_sign=certificate_signing, encipher_only=False, decipher_only=False)


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
