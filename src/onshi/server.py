"""Run an ASGI app on loopback in a background thread (demo, samples, tests)."""

from __future__ import annotations

import errno
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

LOOPBACK = "127.0.0.1"


def free_port(host: str = LOOPBACK) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class PortInUse(OSError):
    """Another program (often a demo already running) listens on the port asked for."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(errno.EADDRINUSE, f"{host}:{port} is in use")
        self.host, self.port = host, port


def ensure_free(host: str, port: int) -> None:
    """Raise PortInUse now, rather than after a server thread has failed to bind."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as problem:
            if problem.errno == errno.EADDRINUSE:
                raise PortInUse(host, port) from None
            raise


@contextmanager
def serving(app: FastAPI, host: str = LOOPBACK, port: int | None = None) -> Iterator[str]:
    """Serve `app` until the block ends; yields its base URL."""
    if port:
        ensure_free(host, port)
    else:
        port = free_port(host)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                           access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, name=f"uvicorn:{port}", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"server on {host}:{port} did not start")
        threading.Event().wait(0.01)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
