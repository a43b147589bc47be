"""HTTP client for the hub's 資格確認 endpoint, as terminals and vendors' software use it."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from onshi.oqs import xml
from onshi.oqs.messages import ConfirmationRequest, ConfirmationResult

CONFIRM_PATH = "/oqs/v1/qualification-confirmations"


class HubUnavailable(Exception):
    """The hub could not be reached or failed; the request was not answered and may be retried."""


@dataclass(frozen=True)
class HubReply:
    """The hub's answer as sent: a result document, or an error document (`rejected`)."""

    document: bytes
    rejected: bool


@dataclass
class HubClient:
    base_url: str
    timeout: float = 10.0

    def __post_init__(self) -> None:
        self._http = httpx.Client(base_url=self.base_url, timeout=self.timeout)

    def send(self, document: bytes, content_type: str = "application/xml") -> HubReply:
        try:
            response = self._http.post(CONFIRM_PATH, content=document,
                                       headers={"content-type": content_type})
        except httpx.HTTPError as exc:
            raise HubUnavailable(str(exc)) from exc
        if response.status_code >= 500 or response.status_code not in (200, 400):
            raise HubUnavailable(f"HTTP {response.status_code}")
        return HubReply(response.content, rejected=response.status_code == 400)

    def confirm(self, request: ConfirmationRequest) -> ConfirmationResult:
        return xml.parse(ConfirmationResult, self.send(xml.dump(request)).document)

    def close(self) -> None:
        self._http.close()
