"""Serving on loopback: a port already taken is said so before anything starts."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from onshi.server import LOOPBACK, PortInUse, ensure_free, free_port, serving


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind((LOOPBACK, 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_a_listening_port_is_in_use(taken_port: int) -> None:
    with pytest.raises(PortInUse) as caught:
        ensure_free(LOOPBACK, taken_port)
    assert caught.value.port == taken_port


def test_serving_on_a_taken_port_starts_no_server(taken_port: int) -> None:
    threads = threading.active_count()
    with pytest.raises(PortInUse), serving(FastAPI(), port=taken_port):
        pass
    assert threading.active_count() == threads


def test_serving_on_a_free_port_answers() -> None:
    app = FastAPI()
    app.get("/")(lambda: {"ok": True})
    port = free_port()
    ensure_free(LOOPBACK, port)
    with serving(app, port=port) as url:
        assert url == f"http://{LOOPBACK}:{port}"
        assert httpx.get(url + "/", timeout=5).json() == {"ok": True}
