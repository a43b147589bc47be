"""The web stack's own floors for a 資格確認 POST: what answering costs before the hub's work.

Served only by the benchmark, never by onshi: the hub's real app plus two routes, so that the
gap between GET ping and a confirmation can be split into the stack's share and the hub's.

    POST /bench/echo   read the body; answer a fixed, real result document
    POST /bench/parse  the same, after reading the request with the hub's own XML codec

    ONSHI_BENCH_RESULT=<file of a real result document> python -m uvicorn floors:app --factory
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, Request, Response

from onshi.cli.wiring import hub_app_from_environment
from onshi.oqs import xml
from onshi.oqs.messages import ConfirmationRequest

ECHO_PATH = "/bench/echo"
PARSE_PATH = "/bench/parse"
RESULT_FILE = "ONSHI_BENCH_RESULT"
_MEDIA_TYPE = "application/xml; charset=UTF-8"


def app() -> FastAPI:
    hub = hub_app_from_environment()
    fixed = Path(os.environ[RESULT_FILE]).read_bytes()

    @hub.post(ECHO_PATH)
    async def echo(request: Request) -> Response:
        await request.body()
        return Response(fixed, media_type=_MEDIA_TYPE)

    @hub.post(PARSE_PATH)
    async def parse(request: Request) -> Response:
        xml.parse(ConfirmationRequest, await request.body())
        return Response(fixed, media_type=_MEDIA_TYPE)

    return hub
