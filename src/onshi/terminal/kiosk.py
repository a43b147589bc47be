"""マイナンバーカードで確認 at the face-auth card reader: the kiosk's flow, without its screens.

受付 (the card is read) → 本人確認 (暗証番号, 顔認証, or 目視確認 by staff) → 同意の確認 →
受付完了. The hub answers with the 照会区分 1 result, which goes into face/ and the terminal's
journal; every card placed is one reader attempt, completed or not (reader metrics).
Problems come back as `KioskProblem`: a title and plain words for the patient.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from onshi.card.jpki import CardError, JpkiCard, NoPin, PinLocked, WrongPin
from onshi.clock import Clock
from onshi.oqs import xml
from onshi.oqs.card_protocol import (
    CardHubClient,
    CardProof,
    CardRefused,
    Method,
    attestation_message,
)
from onshi.oqs.client import HubUnavailable
from onshi.oqs.codes import CharacterCode, ConsentFlag, ProcessingResultStatus
from onshi.oqs.files import face_name
from onshi.oqs.messages import ConfirmationResult, wall_clock
from onshi.terminal.folders import ExchangeFolders, publish, write_temp
from onshi.terminal.reader import CardSlot
from onshi.terminal.store import TerminalStore

FACE_SOURCE = "face"
COMPLETED, CANCELLED = "完了", "中止"


class KioskProblem(Exception):
    def __init__(self, title: str, message: str) -> None:
        super().__init__(f"{title}: {message}")
        self.title = title
        self.message = message


class FaceMatcher(Protocol):
    """Decides whether the person at the reader is the card's holder. A camera-based matcher
    compares its frame with the card's face photo; the simulator has neither."""

    name: str

    def matches(self, kiosk_choice: str) -> bool: ...


class SimulatedFaceMatcher:
    """No camera: the kiosk's 「本人」/「別人」 buttons decide, and the screen says so."""

    name = "顔認証シミュレーター"

    def matches(self, kiosk_choice: str) -> bool:
        return kiosk_choice == "本人"


@dataclass(frozen=True)
class DeviceIdentity:
    """The terminal's registered key, with which it vouches for 顔認証 and 目視確認."""

    device_id: str
    key: rsa.RSAPrivateKey

    def attest(self, challenge: str, certificate: bytes, method: Method, staff: str) -> bytes:
        message = attestation_message(challenge, certificate, method, self.device_id, staff)
        return self.key.sign(message, padding.PKCS1v15(), hashes.SHA256())


@dataclass
class Attempt:
    """The card on the reader now, from the moment it was read."""

    started_at: datetime
    certificate: bytes
    face_only: bool  # 顔認証マイナンバーカード: no 暗証番号
    tries: int = 0
    proof: CardProof | None = None
    result: ConfirmationResult | None = None


@dataclass
class Kiosk:
    slot: CardSlot
    hub: CardHubClient
    identity: DeviceIdentity
    institution_code: str
    clock: Clock
    store: TerminalStore
    folders: ExchangeFolders
    character_code: CharacterCode = CharacterCode.UTF8
    face_matcher: FaceMatcher = field(default_factory=SimulatedFaceMatcher)
    attempt: Attempt | None = None

    def begin(self) -> Attempt:
        """受付: read the certificate of the card on the reader."""
        if self.attempt is not None:
            self.cancel()
        reader = self._reader()
        try:
            certificate = reader.authentication_certificate()
            face_only = _has_no_pin(reader)
        except CardError:
            raise KioskProblem("カードを読み取れませんでした",
                               "マイナンバーカードを置き直してください。") from None
        self.attempt = Attempt(self._now(), certificate, face_only)
        return self.attempt

    def with_pin(self, pin: str) -> None:
        """本人確認 by 暗証番号: the card signs the hub's challenge."""
        attempt = self._current()
        attempt.tries += 1
        if len(pin) != 4 or not pin.isdigit():
            raise KioskProblem("暗証番号を確認してください", "4桁の数字で入力してください。")
        challenge = self._challenge()
        try:
            signature = self._reader().sign(bytes.fromhex(challenge), pin)
        except WrongPin as wrong:
            raise KioskProblem("暗証番号が違います", _tries_left(wrong.tries_left)) from None
        except PinLocked:
            raise KioskProblem(
                "暗証番号がロックされています",
                "お住まいの市区町村の窓口で暗証番号の再設定を行ってください。"
                "今日は顔認証か、職員による目視確認で受付できます。") from None
        except NoPin:
            raise KioskProblem("このカードには暗証番号がありません",
                               "顔認証マイナンバーカードです。顔認証で本人確認してください。"
                               ) from None
        attempt.proof = CardProof(self.institution_code, attempt.certificate, challenge,
                                  signature, Method.PIN)

    def with_face(self, kiosk_choice: str) -> None:
        """本人確認 by 顔認証: the matcher decides; the terminal attests."""
        attempt = self._current()
        attempt.tries += 1
        if not self.face_matcher.matches(kiosk_choice):
            raise KioskProblem("顔認証ができませんでした",
                               "もう一度お試しいただくか、暗証番号で本人確認してください。")
        attempt.proof = self._attested(attempt, Method.FACE, "")

    def with_visual_check(self, staff: str) -> None:
        """目視確認モード: staff compared the face photo; their account is named."""
        attempt = self._current()
        attempt.tries += 1
        if not staff.strip():
            raise KioskProblem("職員を確認できません",
                               "確認した職員のアカウントを入力してください。")
        attempt.proof = self._attested(attempt, Method.VISUAL, staff.strip())

    def finish(self, limit_consent: ConsentFlag) -> ConfirmationResult:
        """同意の確認 done: ask the hub, write face/, journal; 受付完了 or the refusal."""
        attempt = self._current()
        if attempt.proof is None:
            raise KioskProblem("本人確認が済んでいません", "本人確認の方法を選んでください。")
        try:
            document = self.hub.confirm(attempt.proof, limit_consent.value,
                                        base64.b64encode(secrets.token_bytes(10)).decode(),
                                        self.character_code.value)
        except (CardRefused, HubUnavailable) as problem:
            raise KioskProblem("資格確認ができませんでした", _unavailable(problem)) from None
        result = xml.parse(ConfirmationResult, document)
        attempt.result = result
        self._journal(result, document)
        if result.body.status is ProcessingResultStatus.ERROR:
            self._end(result.body.result_code or "エラー", completed=False)
            raise KioskProblem("資格確認ができませんでした", result.body.result_message or "")
        self._publish(document)
        self._end(COMPLETED, completed=True)
        return result

    def cancel(self) -> None:
        """The card was taken away, or the patient gave up: the attempt did not complete."""
        if self.attempt is not None:
            self._end(CANCELLED, completed=False)

    def _attested(self, attempt: Attempt, method: Method, staff: str) -> CardProof:
        challenge = self._challenge()
        signature = self.identity.attest(challenge, attempt.certificate, method, staff)
        return CardProof(self.institution_code, attempt.certificate, challenge, signature,
                         method, self.identity.device_id, staff)

    def _challenge(self) -> str:
        try:
            return self.hub.challenge(self.institution_code)
        except (CardRefused, HubUnavailable) as problem:
            raise KioskProblem("資格確認ができませんでした", _unavailable(problem)) from None

    def _reader(self) -> JpkiCard:
        connection = self.slot.connection()
        if connection is None:
            raise KioskProblem("カードが置かれていません",
                               "マイナンバーカードをカードリーダーに置いてください。")
        return JpkiCard(connection)

    def _current(self) -> Attempt:
        if self.attempt is None:
            raise KioskProblem("カードが置かれていません",
                               "はじめからやり直してください。")
        return self.attempt

    def _publish(self, document: bytes) -> None:
        """Into face/ under a name no other result has (several may fall in one second)."""
        now = self._now()
        sequence = 0
        while (final := self.folders.face / face_name(self.institution_code, now,
                                                      sequence)).exists():
            sequence += 1
        temp = self.folders.temp_for(final)
        write_temp(temp, document)
        publish(temp, final)

    def _journal(self, result: ConfirmationResult, document: bytes) -> None:
        entry = result.body.results[0] if result.body.results else None
        attempt = self._current()
        self.store.record(
            token=uuid.uuid4().hex, source=FACE_SOURCE, file_name=None,
            received_at=attempt.started_at, answered_at=self._now(), rejected=False,
            error_code=result.body.result_code,
            validity=result.body.validity.value if result.body.validity else None,
            patient_name=entry.name if entry else None, result=document)

    def _end(self, outcome: str, completed: bool) -> None:
        attempt = self._current()
        method = attempt.proof.method.value if attempt.proof else None
        self.store.record_attempt(device=self.slot.device, maker=self.slot.maker,
                                  started_at=attempt.started_at, ended_at=self._now(),
                                  method=method, tries=max(attempt.tries, 1),
                                  completed=completed, outcome=outcome)
        self.attempt = None

    def _now(self) -> datetime:
        return wall_clock(self.clock.now())


def _has_no_pin(reader: JpkiCard) -> bool:
    try:
        reader.pin_tries_left()
    except NoPin:
        return True
    return False


def _tries_left(left: int) -> str:
    return (f"あと{left}回間違えると暗証番号がロックされます。"
            "分からない場合は、顔認証か職員による目視確認で受付できます。")


def _unavailable(problem: Exception) -> str:
    if isinstance(problem, CardRefused):
        return problem.message
    return "資格確認システムに接続できません。受付の職員にお声がけください。"
