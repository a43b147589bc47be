"""Bounded request bodies: what a client sends beyond the limit is never held."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from onshi.hub.bodies import read_body

LIMIT = 1000


def client() -> TestClient:
    app = FastAPI()

    @app.post("/")
    async def size(request: Request) -> dict[str, int]:
        return {"read": len(await read_body(request, LIMIT))}

    return TestClient(app)


def test_a_body_within_the_limit_is_read_whole() -> None:
    with client() as http:
        assert http.post("/", content=b"x" * LIMIT).json() == {"read": LIMIT}
        assert http.post("/", content=b"").json() == {"read": 0}


def test_a_longer_body_is_read_to_one_byte_past_the_limit() -> None:
    chunks = (b"x" * 300 for _ in range(1000))  # 300,000 bytes, chunked
    with client() as http:
        assert http.post("/", content=chunks).json() == {"read": LIMIT + 1}
