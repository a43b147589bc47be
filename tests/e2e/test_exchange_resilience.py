"""Nothing is lost and nothing is answered twice when the watcher or the hub stops mid-batch.

A consumer thread takes every result from res/ the moment it appears, as facility software does,
so a result written a second time after a restart would be counted twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from onshi.clock import FixedClock
from onshi.hub.api import create_app
from onshi.hub.store import HubStore
from onshi.oqs import files
from onshi.server import free_port, serving
from onshi.terminal.folders import ExchangeFolders
from tests.hub.builders import INSTITUTION, Registry
from tests.terminal.documents import ADULT, request_bytes

BATCH = 240
LIMIT_SECONDS = 120


class Consumer:
    """Takes results out of res/ as they appear and counts them by name."""

    def __init__(self, res: Path) -> None:
        self.res = res
        self.taken: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            for path in self.res.iterdir():
                if not path.name.startswith("."):
                    path.unlink()
                    self.taken[path.name] += 1
            self._stop.wait(0.005)

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + LIMIT_SECONDS
        while sum(self.taken.values()) < count:
            assert time.monotonic() < deadline, f"only {sum(self.taken.values())} answered"
            time.sleep(0.02)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@pytest.fixture
def batch(hub_engine, tmp_path) -> Iterator[tuple[ExchangeFolders, list[str], Consumer]]:
    registry = Registry(hub_engine)
    registry.qualification(registry.person(ADULT), ADULT)
    folders = ExchangeFolders(tmp_path / "exchange").create()
    names = [f"OQSsiquc01req_20250515{i:04d}.xml" for i in range(BATCH)]
    for name in names:
        (folders.req / name).write_bytes(request_bytes(name[14:26]))
    consumer = Consumer(folders.res)
    yield folders, names, consumer
    consumer.stop()


def start_watcher(folders: ExchangeFolders, hub: str, terminal_db: str,
                  home: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ONSHI_TERMINAL_DATABASE_URL": terminal_db}
    command = [sys.executable, "-m", "onshi", "terminal", "watch", "--root", str(folders.root),
               "--hub", hub, "--institution", INSTITUTION, "--home", str(home),
               "--settle", "0", "--interval", "0.05"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    process.send_signal(sig)
    process.wait(timeout=30)


def assert_each_answered_once(folders: ExchangeFolders, names: list[str],
                              consumer: Consumer) -> None:
    consumer.wait_for(len(names))
    time.sleep(0.3)
    assert consumer.taken == Counter({files.result_name(n): 1 for n in names})
    assert list(folders.req.iterdir()) == []
    assert list(folders.processing.iterdir()) == []


def test_watcher_killed_mid_batch(batch, hub_url, database_url: Callable[[str], str],
                                  tmp_path):
    folders, names, consumer = batch
    terminal_db = database_url("terminal")
    first = start_watcher(folders, hub_url, terminal_db, tmp_path)
    consumer.wait_for(BATCH // 4)
    stop(first, signal.SIGKILL)
    assert sum(consumer.taken.values()) < BATCH, "the kill came too late to test anything"
    second = start_watcher(folders, hub_url, terminal_db, tmp_path)
    try:
        assert_each_answered_once(folders, names, consumer)
    finally:
        stop(second)


def test_hub_stopped_mid_batch(batch, hub_engine, database_url: Callable[[str], str],
                               tmp_path):
    folders, names, consumer = batch
    port = free_port()
    app = create_app(HubStore(hub_engine), FixedClock.at(ADULT.replace(year=2025, month=5,
                                                                        day=15)))
    with serving(app, port=port) as hub:
        watcher = start_watcher(folders, hub, database_url("terminal"), tmp_path)
        consumer.wait_for(BATCH // 4)
    try:
        answered_while_down = sum(consumer.taken.values())
        time.sleep(0.5)
        assert answered_while_down < BATCH
        assert sum(consumer.taken.values()) - answered_while_down <= 1
        with serving(app, port=port):
            assert_each_answered_once(folders, names, consumer)
    finally:
        stop(watcher)
