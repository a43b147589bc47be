"""資格確認 by マイナンバーカード (照会区分 1): the hub's side of the face-auth card reader.

The reader asks for a challenge; the card signs it (暗証番号), or the terminal attests a 顔認証
or 目視確認 with its registered device key. The hub checks in this order: the challenge (fresh,
this facility's, unused), the certificate (chain to the CA, CRL), the signature or attestation,
the certificate's dates (onshi.rules.certificate: warning, 3-month grace, refusal), then the
保険証利用登録 link to a person, whose qualifications answer as for 照会区分 2. Every attempt is
recorded with the verification method used.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from cryptography import x509

from onshi.clock import JST, Clock
from onshi.hub.service import check_institution, qualification_result, resolve
from onshi.hub.store import HubStore
from onshi.oqs import errors
from onshi.oqs.card_protocol import CardProof, Method, attestation_message
from onshi.oqs.codes import (
    CharacterCode,
    ConsentFlag,
    ProcessingResultStatus,
    ReferenceClassification,
    SegmentOfResult,
)
from onshi.oqs.errors import ErrorCode, Level, OqsError
from onshi.oqs.messages import ConfirmationResult, ResultBody, ResultHeader, wall_clock
from onshi.pki.verify import (
    Revocations,
    Verdict,
    check_certificate,
    verify_signature,
    verify_signature_by_key,
)
from onshi.rules.certificate import CertificateStage, certificate_stage

CHALLENGE_SECONDS = 60  # a challenge is signed within a minute of being issued, or not at all
CHALLENGE_BYTES = 32


class Authority(Protocol):
    """What the hub needs of the CA (J-LIS): its certificate, its CRL, and the holder of a
    certificate at 保険証利用登録."""

    certificate: x509.Certificate

    def published_crl(self, now: datetime) -> x509.CertificateRevocationList: ...

    def holder_of(self, serial: int) -> str | None: ...


@dataclass(frozen=True)
class Challenge:
    nonce: str  # hex; the card signs its bytes
    expires_at: datetime


@dataclass(frozen=True)
class CardRequest:
    proof: CardProof
    limit_consent: ConsentFlag
    arbitrary_file_identifier: str | None = None
    character_code: CharacterCode = CharacterCode.UTF8


@dataclass(frozen=True)
class Verified:
    """A proven holder: the certificate's serial and where its dates stand today."""

    serial: str
    stage: CertificateStage
    expires: date


@dataclass
class CardService:
    store: HubStore
    clock: Clock
    authority: Authority
    _crl: x509.CertificateRevocationList | None = field(default=None, init=False, repr=False)
    _indexed: Revocations | None = field(default=None, init=False, repr=False)

    def challenge(self, institution_code: str) -> Challenge:
        check_institution(self.store, institution_code)
        now = self._now()
        nonce = secrets.token_hex(CHALLENGE_BYTES)
        self.store.add_challenge(nonce, institution_code, now)
        return Challenge(nonce, now + timedelta(seconds=CHALLENGE_SECONDS))

    def register(self, proof: CardProof) -> int:
        """保険証利用登録 at the reader: link the certificate to its holder; the person's id."""
        check_institution(self.store, proof.institution_code)
        verified = self._verify(proof)
        if verified.stage is CertificateStage.EXPIRED:
            raise OqsError(errors.CERTIFICATE_EXPIRED)
        holder = self.authority.holder_of(int(verified.serial, 16))
        person = self.store.person_by_individual_number(holder) if holder else None
        if person is None:
            raise OqsError(errors.HOLDER_UNKNOWN)
        self.store.link_card(verified.serial, person, self._now())
        return person

    def confirm(self, request: CardRequest) -> ConfirmationResult:
        """The ReferenceClassification 1 result, as the terminal writes it to face/."""
        proof = request.proof
        check_institution(self.store, proof.institution_code)
        now = self._now()
        serial, person, outcome = _serial_of(proof.certificate), None, "OK"
        try:
            verified = self._verify(proof)
            serial = verified.serial
            person = self._person(verified.serial)
            body = self._answer(request, verified, person, now)
        except OqsError as problem:
            if problem.error.level is not Level.PERSON:
                raise
            outcome = problem.error.code
            body = ResultBody(status=ProcessingResultStatus.ERROR, result_code=outcome,
                              result_message=problem.message)
        self.store.record_card_confirmation(now, proof.institution_code, serial, person,
                                            proof.method.value, outcome)
        return ConfirmationResult(header=ResultHeader(
            process_time=now, confirmation_date=now.date(),
            institution_code=proof.institution_code,
            arbitrary_file_identifier=request.arbitrary_file_identifier,
            reference_classification=ReferenceClassification.MY_NUMBER_CARD,
            segment=SegmentOfResult.NORMAL, character_code=request.character_code), body=body)

    def _verify(self, proof: CardProof) -> Verified:
        now = self._now()
        if not self.store.use_challenge(proof.challenge, proof.institution_code, now,
                                        now - timedelta(seconds=CHALLENGE_SECONDS)):
            raise OqsError(errors.CHALLENGE_INVALID)
        try:
            certificate = x509.load_der_x509_certificate(proof.certificate)
        except ValueError:
            raise OqsError(errors.CERTIFICATE_UNTRUSTED) from None
        aware = now.replace(tzinfo=JST)
        check = check_certificate(certificate, self.authority.certificate,
                                  self._revocations(aware), aware)
        if check.verdict is not Verdict.GOOD:
            raise OqsError(_REFUSALS[check.verdict])
        self._check_identity(proof, certificate)
        expires = check.not_after.astimezone(JST).date()
        return Verified(f"{check.serial:X}", certificate_stage(expires, now.date()), expires)

    def _revocations(self, now: datetime) -> Revocations | None:
        """The CA's current CRL, checked and indexed once per CRL it publishes."""
        crl = self.authority.published_crl(now)
        if crl is not self._crl:
            self._crl, self._indexed = crl, Revocations.of(crl, self.authority.certificate)
        return self._indexed

    def _check_identity(self, proof: CardProof, certificate: x509.Certificate) -> None:
        if proof.method is Method.PIN:
            proven = verify_signature(certificate, bytes.fromhex(proof.challenge),
                                      proof.signature)
        else:
            key = self.store.device_key(proof.device, proof.institution_code)
            if key is None:
                raise OqsError(errors.DEVICE_NOT_REGISTERED, proof.device)
            if proof.method is Method.VISUAL and not proof.staff:
                raise OqsError(errors.IDENTITY_NOT_VERIFIED, "確認した職員")
            proven = verify_signature_by_key(key.encode("ascii"), attestation_message(
                proof.challenge, proof.certificate, proof.method, proof.device, proof.staff),
                proof.signature)
        if not proven:
            raise OqsError(errors.IDENTITY_NOT_VERIFIED)

    def register_device(self, institution_code: str, public_key: str) -> str:
        """A terminal whose 顔認証 and 目視確認 attestations the hub will accept; its id."""
        check_institution(self.store, institution_code)
        device = secrets.token_hex(8)
        self.store.add_device(device, institution_code, public_key, self._now())
        return device

    def _person(self, serial: str) -> int:
        link = self.store.card_link(serial)
        if link is None:
            raise OqsError(errors.CARD_NOT_REGISTERED)
        if link.deregistered_at is not None:
            raise OqsError(errors.CARD_DEREGISTERED)
        return link.person_id

    def _answer(self, request: CardRequest, verified: Verified, person: int,
                now: datetime) -> ResultBody:
        if verified.stage is CertificateStage.EXPIRED:
            raise OqsError(errors.CERTIFICATE_EXPIRED, f"有効期限 {verified.expires:%Y/%m/%d}")
        on = now.date()
        validity, rows = resolve(self.store.qualifications_of_person(person), on)
        notice = _NOTICES.get(verified.stage)
        return ResultBody(
            status=ProcessingResultStatus.NORMAL, validity=validity,
            result_code=notice.code if notice else None,
            result_message=notice.message if notice else None,
            results=tuple(qualification_result(row, request.limit_consent, on, now)
                          for row in rows))

    def _now(self) -> datetime:
        return wall_clock(self.clock.now())


_REFUSALS: dict[Verdict, ErrorCode] = {
    Verdict.NOT_ISSUED_BY_CA: errors.CERTIFICATE_UNTRUSTED,
    Verdict.NOT_YET_VALID: errors.CERTIFICATE_UNTRUSTED,
    Verdict.SUSPENDED: errors.CERTIFICATE_SUSPENDED,
    Verdict.REVOKED: errors.CERTIFICATE_REVOKED,
    Verdict.STALE_REVOCATION_LIST: errors.SYSTEM_ERROR,
}
# 付帯情報 on a normal result (oqs-interface §3: ProcessingResultCode with status 正常).
_NOTICES: dict[CertificateStage, ErrorCode] = {
    CertificateStage.EXPIRING_SOON: errors.CERTIFICATE_EXPIRING,
    CertificateStage.GRACE: errors.CERTIFICATE_IN_GRACE,
}


def _serial_of(certificate: bytes) -> str:
    """The serial to record even for a refused certificate; empty when it cannot be read."""
    try:
        return f"{x509.load_der_x509_certificate(certificate).serial_number:X}"
    except ValueError:
        return ""
