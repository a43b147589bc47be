"""The exchange folders a facility's software shares with the terminal (oqs-interface §1.1).

`req/` in, `res/` and `face/` out, written atomically (a temp file renamed into place, so a
client never reads half a file). The terminal's own working folders live under `.onshi/`:
`processing/` holds claimed requests (a folder per claim) until they are answered, `error/`
keeps a copy of every rejected file for inspection, and `watcher.lock` lets one watcher at a
time serve the folders.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExchangeFolders:
    root: Path

    @property
    def req(self) -> Path:
        return self.root / "req"

    @property
    def res(self) -> Path:
        return self.root / "res"

    @property
    def face(self) -> Path:
        return self.root / "face"

    @property
    def processing(self) -> Path:
        return self.root / ".onshi" / "processing"

    @property
    def error(self) -> Path:
        return self.root / ".onshi" / "error"

    @property
    def lock(self) -> Path:
        return self.root / ".onshi" / "watcher.lock"

    def create(self) -> ExchangeFolders:
        for folder in (self.req, self.res, self.face, self.processing, self.error):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    def temp_for(self, final: Path) -> Path:
        """Where a file is written before its rename; the dot keeps clients' prefix scans off it."""
        return final.with_name(f".{final.name}.tmp")


def write_temp(path: Path, data: bytes) -> None:
    """Write and flush to disk, so the later rename publishes a complete file."""
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def publish(temp: Path, final: Path) -> None:
    os.replace(temp, final)


class FolderInUse(RuntimeError):
    """Another watcher serves these exchange folders."""

    def __init__(self, root: Path) -> None:
        super().__init__(f"{root} is served by another watcher")
        self.root = root


@contextmanager
def watching(folders: ExchangeFolders) -> Iterator[None]:
    """Hold the folders for one watcher: two would both answer what lies in processing/. The
    lock goes with the process, so a killed watcher leaves none behind."""
    with open(folders.lock, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderInUse(folders.root) from None
        yield
