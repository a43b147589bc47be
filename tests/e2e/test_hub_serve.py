"""`onshi hub serve` as operators run it: separate worker processes on one port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx

from onshi.oqs import xml
from onshi.oqs.messages import ConfirmationResult
from onshi.server import free_port
from tests.hub.builders import Registry
from tests.terminal.documents import ADULT, request_bytes


def test_two_workers_answer_confirmations(hub_engine, tmp_path):
    registry = Registry(hub_engine)
    registry.qualification(registry.person(ADULT), ADULT)
    port = free_port()
    env = {**os.environ,
           "ONSHI_HUB_DATABASE_URL": hub_engine.url.render_as_string(hide_password=False)}
    command = [sys.executable, "-m", "onshi", "hub", "serve", "--home", str(tmp_path),
               "--port", str(port), "--workers", "2", "--as-of", "2025-05-15"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/oqs/v1/qualification-confirmations"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answers = [httpx.post(url, content=request_bytes(f"W{i}"), timeout=10)
                           for i in range(20)]
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the hub did not start"
                time.sleep(0.2)
        for answer in answers:
            result = xml.parse(ConfirmationResult, answer.content)
            assert result.is_confirmed
            assert result.header.confirmation_date.isoformat() == "2025-05-15"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
