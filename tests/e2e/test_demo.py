"""`onshi demo` as a user runs it: a real process, real ports on loopback, then Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from onshi.oqs import xml
from onshi.oqs.messages import ConfirmationResult
from onshi.server import free_port
from tests.terminal.documents import request_bytes


def wait_for_output(process: subprocess.Popen[str], pattern: str, seconds: float) -> str:
    seen = ""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()  # type: ignore[union-attr]
        seen += line
        if re.search(pattern, seen):
            return seen
        assert process.poll() is None, seen
    raise AssertionError(f"no {pattern!r} in:\n{seen}")


def ctrl_c_as_at_a_terminal() -> None:
    """Run in the demo's process before it starts: a demo started at a terminal takes Ctrl-C,
    even when the tests themselves run in the background, where the shell ignores SIGINT and
    the demo would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_demo_serves_hub_terminal_and_folders(tmp_path: Path):
    hub_port, terminal_port = free_port(), free_port()
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("ONSHI_HUB_DATABASE_URL", None)
    env.pop("ONSHI_TERMINAL_DATABASE_URL", None)
    command = [sys.executable, "-m", "onshi", "demo", "--home", str(tmp_path), "--persons",
               "1500", "--as-of", "2025-05-15", "--hub-port", str(hub_port),
               "--terminal-port", str(terminal_port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               preexec_fn=ctrl_c_as_at_a_terminal)
    try:
        output = wait_for_output(process, "Ctrl-C", 180)
        assert f"http://127.0.0.1:{hub_port}/oqs/v1/qualification-confirmations" in output
        assert f"http://127.0.0.1:{terminal_port}/" in output
        for case in ("有効", "無効（新しい資格あり）", "複数該当", "外字"):
            assert case in output
        menu = httpx.get(f"http://127.0.0.1:{terminal_port}/", timeout=10)
        assert "保険証/処方箋で確認" in menu.text
        answer = httpx.post(f"http://127.0.0.1:{hub_port}/oqs/v1/qualification-confirmations",
                            content=request_bytes("DEMO"), timeout=10)
        assert xml.parse(ConfirmationResult, answer.content).header.segment.value in "19"
        (tmp_path / "exchange" / "req" / "OQSsiquc01req_202505150001.xml").write_bytes(
            request_bytes("DEMO2"))
        result = tmp_path / "exchange" / "res" / "OQSsiquc01res_202505150001.xml"
        deadline = time.monotonic() + 30
        while not result.exists():
            assert time.monotonic() < deadline, "the demo's watcher did not answer"
            time.sleep(0.1)
        for label in ("顔認証マイナンバーカード", "有効期限切れ（3か月超）", "一時利用停止"):
            assert label in output
        walk_the_kiosk(f"http://127.0.0.1:{terminal_port}", tmp_path / "exchange" / "face")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        process.stdout.close()  # type: ignore[union-attr]
    assert (tmp_path / "hub.sqlite3").exists() and (tmp_path / "terminal.sqlite3").exists()


def walk_the_kiosk(terminal: str, face: Path) -> None:
    """The demo's virtual card 「有効」 through 暗証番号 to a face/ document."""
    with httpx.Client(base_url=terminal, timeout=10, follow_redirects=True) as kiosk:
        assert "本人確認の方法を選んでください" in kiosk.post("/kiosk/place",
                                                          data={"card": "有効"}).text
        assert "同意の確認" in kiosk.post("/kiosk/verify/pin", data={"answer": "1234"}).text
        assert "受付が完了しました" in kiosk.post("/kiosk/consent", data={"limit": "1"}).text
    (document,) = face.iterdir()
    result = xml.parse(ConfirmationResult, document.read_bytes())
    assert result.is_confirmed and result.header.reference_classification.value == "1"
