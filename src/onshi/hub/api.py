"""The hub's HTTP surface: POST a 資格確認 request document (XML or JSON), get the result.

Thin by design: read the body, let the codec and the service do the work, answer in the
caller's own format. Every rejected body is kept (rejected_requests) before answering.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, Response
from sqlalchemy.exc import SQLAlchemyError

from onshi.clock import Clock
from onshi.hub.bodies import read_body
from onshi.hub.card_api import add_card_routes
from onshi.hub.card_service import Authority, CardService
from onshi.hub.service import ConfirmationService
from onshi.hub.store import HubStore
from onshi.oqs import errors, jsonform, xml
from onshi.oqs.client import CONFIRM_PATH
from onshi.oqs.codes import CharacterCode
from onshi.oqs.errors import OqsError
from onshi.oqs.messages import ConfirmationRequest, ConfirmationResult, error_result

PING_PATH = "/oqs/v1/ping"
XML_TYPE = "application/xml"
JSON_TYPE = "application/json"
_PING = xml.write_tree({"MessageHeader": {"SegmentOfResult": "1"}})

log = logging.getLogger(__name__)


def create_app(store: HubStore, clock: Clock, authority: Authority | None = None) -> FastAPI:
    """The hub's API; with the CA (`authority`) also the card reader's routes (card_api)."""
    service = ConfirmationService(store, clock)
    app = FastAPI(title="onshi hub", docs_url="/docs", redoc_url=None)
    if authority is not None:
        add_card_routes(app, CardService(store, clock, authority), store)

    @app.post(CONFIRM_PATH)
    async def confirm(request: Request) -> Response:
        body = await read_body(request)
        as_json = _wants_json(request.headers.get("content-type", ""), body)
        parsed: ConfirmationRequest | None = None
        try:
            parsed = (jsonform if as_json else xml).parse(ConfirmationRequest, body)
            result = service.confirm(parsed)
        except OqsError as problem:
            store.keep_rejected(clock.now().replace(tzinfo=None), problem.error.code,
                                problem.detail, request.headers.get("content-type", ""), body)
            result = error_result(problem, clock.now(), _encoding(parsed), parsed)
        return _answer(result, as_json)

    @app.exception_handler(SQLAlchemyError)
    async def database_failed(request: Request, exc: SQLAlchemyError) -> Response:
        """Answer in the caller's format; 503 tells terminals to keep the request and retry."""
        log.exception("database failure while answering %s", request.url.path)
        result = error_result(OqsError(errors.SYSTEM_ERROR), clock.now())
        response = _answer(result, "json" in request.headers.get("content-type", ""))
        response.status_code = 503
        return response

    @app.get(PING_PATH)
    async def ping() -> Response:
        """A fixed document from the same stack: liveness, and the benchmark's ceiling."""
        return Response(_PING, media_type=XML_TYPE)

    return app


def _wants_json(content_type: str, body: bytes) -> bool:
    if "json" in content_type:
        return True
    return "xml" not in content_type and body.lstrip()[:1] == b"{"


def _encoding(parsed: ConfirmationRequest | None) -> CharacterCode:
    if parsed is None or parsed.header.character_code is None:
        return CharacterCode.UTF8
    return parsed.header.character_code


def _answer(result: ConfirmationResult, as_json: bool) -> Response:
    status = 400 if result.header.error_code else 200
    if as_json:
        return Response(jsonform.dump(result), status_code=status, media_type=JSON_TYPE)
    code = result.header.character_code
    return Response(xml.dump(result, code), status_code=status,
                    media_type=f"{XML_TYPE}; charset={code.declaration}")
