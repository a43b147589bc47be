"""The hub's HTTP surface for the face-auth card reader (onshi's own protocol; the real one
between reader and national system is not public).

    POST /oqs/v1/card/challenges     {"MedicalInstitutionCode"} → {"Challenge", "ExpiresAt"}
    POST /oqs/v1/card/registrations  proof → {"Registered": true}   (保険証利用登録)
    POST /oqs/v1/card/confirmations  proof + consent → the 照会区分 1 result document

A proof is onshi.oqs.card_protocol.CardProof as JSON: the certificate (DER) and the signature
in base64; "Method" pin (the card signed the challenge bytes) or face / visual (the terminal
"Device" signed the attestation, naming the "Staff" who looked). Refusals answer 400 with
{"ErrorCode", "ErrorMessage"}; the body is kept (rejected_requests) as for every refusal.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson
from fastapi import FastAPI, Request, Response

from onshi.hub.bodies import read_body
from onshi.hub.card_service import CardRequest, CardService
from onshi.hub.store import HubStore
from onshi.oqs import errors, jsonform, xml
from onshi.oqs.card_protocol import (
    CARD_CONFIRM_PATH,
    CHALLENGE_PATH,
    REGISTRATION_PATH,
    CardProof,
    Method,
)
from onshi.oqs.codes import CharacterCode, ConsentFlag
from onshi.oqs.errors import OqsError
from onshi.oqs.xml import MAX_DOCUMENT_BYTES

_JSON = "application/json"


def add_card_routes(app: FastAPI, service: CardService, store: HubStore) -> None:
    @app.post(CHALLENGE_PATH)
    async def challenge(request: Request) -> Response:
        body = await read_body(request)
        try:
            fields = _fields(body)
            issued = service.challenge(_text(fields, "MedicalInstitutionCode"))
        except OqsError as problem:
            return _refused(store, service, problem, body)
        return _json({"Challenge": issued.nonce,
                      "ExpiresAt": f"{issued.expires_at:%Y%m%d%H%M%S}"})

    @app.post(REGISTRATION_PATH)
    async def register(request: Request) -> Response:
        body = await read_body(request)
        try:
            service.register(_proof(_fields(body)))
        except OqsError as problem:
            return _refused(store, service, problem, body)
        return _json({"Registered": True})

    @app.post(CARD_CONFIRM_PATH)
    async def confirm(request: Request) -> Response:
        body = await read_body(request)
        try:
            fields = _fields(body)
            card_request = CardRequest(
                _proof(fields), _code(fields, "LimitApplicationCertificateRelatedConsFlg",
                                      ConsentFlag, ConsentFlag.NOT_CONSENTED),
                fields.get("ArbitraryFileIdentifier") or None,
                _code(fields, "CharacterCodeIdentifier", CharacterCode, CharacterCode.UTF8))
            result = service.confirm(card_request)
        except OqsError as problem:
            return _refused(store, service, problem, body)
        if "json" in request.headers.get("accept", ""):
            return Response(jsonform.dump(result), media_type=_JSON)
        code = result.header.character_code
        return Response(xml.dump(result, code),
                        media_type=f"application/xml; charset={code.declaration}")


def _fields(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_DOCUMENT_BYTES:
        raise errors.too_large(MAX_DOCUMENT_BYTES)
    try:
        fields = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise OqsError(errors.UNREADABLE_BODY, "JSON") from None
    if not isinstance(fields, dict):
        raise OqsError(errors.UNREADABLE_BODY, "JSON")
    return fields


def _text(fields: dict[str, Any], name: str) -> str:
    value = fields.get(name)
    if value is None or value == "":
        raise OqsError(errors.MISSING_ITEM, name)
    if not isinstance(value, str):
        raise OqsError(errors.ITEM_FORMAT, name)
    return value


def _binary(fields: dict[str, Any], name: str) -> bytes:
    try:
        return base64.b64decode(_text(fields, name), validate=True)
    except (binascii.Error, ValueError):
        raise OqsError(errors.ITEM_FORMAT, name) from None


def _code(fields: dict[str, Any], name: str, kind: Any, default: Any) -> Any:
    value = fields.get(name)
    if value is None:
        return default
    try:
        return kind(value)
    except ValueError:
        raise OqsError(errors.ITEM_FORMAT, name) from None


def _proof(fields: dict[str, Any]) -> CardProof:
    challenge = _text(fields, "Challenge")
    try:
        bytes.fromhex(challenge)
    except ValueError:
        raise OqsError(errors.ITEM_FORMAT, "Challenge") from None
    return CardProof(_text(fields, "MedicalInstitutionCode"), _binary(fields, "Certificate"),
                     challenge, _binary(fields, "Signature"),
                     _code(fields, "Method", Method, Method.PIN),
                     _optional_text(fields, "Device"), _optional_text(fields, "Staff"))


def _optional_text(fields: dict[str, Any], name: str) -> str:
    return "" if fields.get(name) in (None, "") else _text(fields, name)


def _refused(store: HubStore, service: CardService, problem: OqsError, body: bytes) -> Response:
    store.keep_rejected(service.clock.now().replace(tzinfo=None), problem.error.code,
                        problem.detail, _JSON, body)
    return Response(orjson.dumps({"ErrorCode": problem.error.code,
                                  "ErrorMessage": problem.message}),
                    status_code=400, media_type=_JSON)


def _json(content: dict[str, Any]) -> Response:
    return Response(orjson.dumps(content), media_type=_JSON)
