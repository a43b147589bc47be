"""Between the face-auth card reader's terminal and the hub: onshi's card protocol.

The national system's own protocol here is not public, so this one is onshi's: the terminal
asks for a challenge, then sends the card's certificate with either the card's signature of the
challenge (暗証番号) or its own attestation, signed with its registered device key, that the
holder was verified by face (顔認証) or by staff looking at the face photo (目視確認).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx

from onshi.oqs.client import HubUnavailable

CHALLENGE_PATH = "/oqs/v1/card/challenges"
REGISTRATION_PATH = "/oqs/v1/card/registrations"
CARD_CONFIRM_PATH = "/oqs/v1/card/confirmations"


class Method(StrEnum):
    """How the holder was verified at the reader."""

    PIN = "pin"  # 暗証番号: the card signed the challenge
    FACE = "face"  # 顔認証: the reader matched the face; the terminal attests
    VISUAL = "visual"  # 目視確認: staff compared the face photo; the terminal attests


def attestation_message(challenge: str, certificate: bytes, method: Method, device: str,
                        staff: str) -> bytes:
    """The exact bytes a terminal signs to vouch for a 顔認証 or 目視確認."""
    fingerprint = hashlib.sha256(certificate).hexdigest()
    return "\n".join(("onshi card attestation v1", challenge, fingerprint, method.value,
                      device, staff)).encode("utf-8")


@dataclass(frozen=True)
class CardProof:
    """What the reader sends: the card's certificate and a signature of the challenge, the
    card's own (PIN) or the terminal's attestation (face, visual)."""

    institution_code: str
    certificate: bytes  # 利用者証明用電子証明書, DER
    challenge: str
    signature: bytes
    method: Method = Method.PIN
    device: str = ""  # the attesting terminal (face, visual)
    staff: str = ""  # the staff account that looked (visual)

    def fields(self) -> dict[str, str]:
        return {"MedicalInstitutionCode": self.institution_code, "Challenge": self.challenge,
                "Certificate": base64.b64encode(self.certificate).decode("ascii"),
                "Signature": base64.b64encode(self.signature).decode("ascii"),
                "Method": self.method.value, "Device": self.device, "Staff": self.staff}


class CardRefused(Exception):
    """The hub refused a challenge or registration; code and Japanese message as sent."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass
class CardHubClient:
    base_url: str
    timeout: float = 10.0

    def __post_init__(self) -> None:
        self._http = httpx.Client(base_url=self.base_url, timeout=self.timeout)

    def challenge(self, institution_code: str) -> str:
        return str(self._post(CHALLENGE_PATH, {"MedicalInstitutionCode": institution_code})
                   .json()["Challenge"])

    def register(self, proof: CardProof) -> None:
        self._post(REGISTRATION_PATH, proof.fields())

    def confirm(self, proof: CardProof, limit_consent: str, file_identifier: str,
                character_code: str) -> bytes:
        """The 照会区分 1 result document, as the terminal writes it into face/."""
        return self._post(CARD_CONFIRM_PATH, {
            **proof.fields(), "LimitApplicationCertificateRelatedConsFlg": limit_consent,
            "ArbitraryFileIdentifier": file_identifier,
            "CharacterCodeIdentifier": character_code}).content

    def close(self) -> None:
        self._http.close()

    def _post(self, path: str, fields: dict[str, Any]) -> httpx.Response:
        try:
            response = self._http.post(path, json=fields)
        except httpx.HTTPError as exc:
            raise HubUnavailable(str(exc)) from exc
        if response.status_code == 400:
            refusal = response.json()
            raise CardRefused(refusal["ErrorCode"], refusal["ErrorMessage"])
        if response.status_code != 200:
            raise HubUnavailable(f"HTTP {response.status_code}")
        return response
