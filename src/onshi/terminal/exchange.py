"""The req/res exchange: answer every request file exactly once, even across crashes.

For each request: claim it (rename req/N → processing/<token>/N, a folder per claim, so any
name that fits req/ fits there too), get the answer, write it to a temp file named by the token,
journal it (commit), rename the temp file into res/, drop the claim.
A restart resumes from processing/: a journalled claim only needs its renames finished; an
unjournalled one is asked again (a 資格確認 query changes nothing at the hub, so asking twice
is harmless, while writing twice is not: a client may already have taken the first file).
"""

from __future__ import annotations

import logging
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from threading import Event
from typing import Protocol

from onshi.clock import Clock
from onshi.oqs import errors, files, xml
from onshi.oqs.client import HubReply, HubUnavailable
from onshi.oqs.codes import CharacterCode
from onshi.oqs.errors import OqsError
from onshi.oqs.messages import ConfirmationResult, error_result, wall_clock
from onshi.terminal.folders import ExchangeFolders, publish, watching, write_temp
from onshi.terminal.models import FILE_NAME_LENGTH
from onshi.terminal.store import TerminalStore

log = logging.getLogger(__name__)
SUPPORTED = {files.Prefix.QUALIFICATION}


class Hub(Protocol):
    def send(self, document: bytes, content_type: str = ...) -> HubReply: ...


@dataclass
class FolderExchange:
    folders: ExchangeFolders
    hub: Hub
    store: TerminalStore
    clock: Clock
    character_code: CharacterCode | None = None  # the terminal's output setting; None: as asked
    max_bytes: int = xml.MAX_DOCUMENT_BYTES
    settle_seconds: float = 0.2  # a file younger than this may still be being written
    _failing: set[Path] = field(default_factory=set, init=False, repr=False)

    def serve(self, stop: Event, interval: float = 0.5) -> None:
        """Watch req/ until `stop` is set; an unreachable hub is retried, nothing is dropped,
        and no failure ends the watch. Raises FolderInUse if another watcher serves the folders.
        """
        with watching(self.folders):
            while not stop.is_set():
                try:
                    self.run_once()
                except HubUnavailable as exc:
                    log.warning("hub unreachable, requests stay pending: %s", exc)
                except Exception:  # e.g. the terminal's database: files wait for the next pass
                    log.exception("exchange pass failed; requests stay pending")
                stop.wait(interval)

    def run_once(self) -> int:
        """Answer what is waiting: first claims left by a stop, then new requests.

        Raises HubUnavailable when the hub cannot be reached; what is left stays pending. A file
        that fails otherwise stays where it is, logged, and the others are answered.
        """
        answered = 0
        for claim in sorted(self.folders.processing.iterdir()):
            if claim.is_dir():  # anything else was not put there by a watcher
                answered += self._isolated(self._resume, claim)
        for path in sorted(self.folders.req.iterdir()):
            if path.is_file() and not path.name.startswith(".") and self._settled(path):
                answered += self._isolated(self._take, path)
        return answered

    def _isolated(self, step: Callable[[Path], int], path: Path) -> int:
        """One file's failure is logged (with its traceback the first time only) and leaves
        the file pending; the others go on."""
        try:
            answered = step(path)
        except HubUnavailable:
            raise
        except Exception:
            first = path not in self._failing
            self._failing.add(path)
            log.error("could not answer %s; it stays pending", files.display_name(path.name),
                      exc_info=first)
            return 0
        self._failing.discard(path)
        return answered

    def _resume(self, claim: Path) -> int:
        """A claim left by a stop; empty when the stop came between its folder and its file,
        or after the file was done with."""
        claimed = next(claim.iterdir(), None)
        if claimed is None:
            claim.rmdir()
            return 0
        return self._answer(claimed)

    def _take(self, path: Path) -> int:
        claimed = self._claim(path)
        return 0 if claimed is None else self._answer(claimed)

    def _settled(self, path: Path) -> bool:
        try:
            return time.time() - path.stat().st_mtime >= self.settle_seconds
        except FileNotFoundError:
            return False

    def _claim(self, path: Path) -> Path | None:
        claim = self.folders.processing / uuid.uuid4().hex
        claim.mkdir()
        try:
            path.rename(claim / path.name)
        except FileNotFoundError:  # the client took it back
            claim.rmdir()
            return None
        return claim / path.name

    def _answer(self, claimed: Path) -> int:
        token, name = claimed.parent.name, claimed.name
        journalled = self.store.find(token)
        rejected = journalled.rejected if journalled else self._respond(token, name, claimed)
        answer = self.folders.res / (files.error_name(name) if rejected
                                     else files.result_name(name))
        temp = self._temp(token)
        if temp.exists():
            publish(temp, answer)
        if rejected:  # the request itself goes back beside its .err, as clients expect
            publish(claimed, self.folders.res / name)
        else:
            claimed.unlink()
        claimed.parent.rmdir()
        return 0 if journalled else 1

    def _temp(self, token: str) -> Path:
        """Where a claim's answer waits for its rename: named by the claim, so that two claims
        of one name never share it, and short whatever the name."""
        return self.folders.res / f".{token}.tmp"

    def _respond(self, token: str, name: str, claimed: Path) -> bool:
        """Get the answer, stage it in a temp file, journal it; True when it is a rejection."""
        oversized = claimed.stat().st_size > self.max_bytes
        reply = self._ask(name, None if oversized else claimed.read_bytes())
        if reply.rejected:
            kept = self.folders.error / token
            kept.mkdir(exist_ok=True)
            shutil.copyfile(claimed, kept / name)
        document = self._encode(reply.document)
        write_temp(self._temp(token), document)
        self._journal(token, files.display_name(name), document, reply.rejected)
        return reply.rejected

    def _ask(self, name: str, data: bytes | None) -> HubReply:
        """The hub's reply, or the terminal's own refusal of a file it must not forward
        (`data` None: the file is over the size limit)."""
        kind = files.request_kind(name)
        if kind is None:
            return self._local_error(OqsError(errors.UNKNOWN_FILE, files.display_name(name)))
        if kind not in SUPPORTED:
            return self._local_error(OqsError(errors.UNSUPPORTED_KIND, kind.label))
        if data is None:
            return self._local_error(errors.too_large(self.max_bytes))
        return self.hub.send(data)

    def _local_error(self, problem: OqsError) -> HubReply:
        log.warning("rejected request file: %s", problem)
        code = self.character_code or CharacterCode.UTF8
        return HubReply(xml.dump(error_result(problem, self.clock.now(), code), code),
                        rejected=True)

    def _encode(self, document: bytes) -> bytes:
        """Apply the terminal's output encoding setting to a result or error document."""
        if self.character_code is None:
            return document
        result = xml.parse(ConfirmationResult, document)
        header = replace(result.header, character_code=self.character_code)
        return xml.dump(replace(result, header=header), self.character_code)

    def _journal(self, token: str, name: str, document: bytes, rejected: bool) -> None:
        result = xml.parse(ConfirmationResult, document)
        entry = result.body.results[0] if result.body.results else None
        now = wall_clock(self.clock.now())
        self.store.record(
            token=token, source="req", file_name=name[:FILE_NAME_LENGTH], received_at=now,
            answered_at=now,
            rejected=rejected, error_code=result.header.error_code or result.body.result_code,
            validity=result.body.validity.value if result.body.validity else None,
            patient_name=entry.name if entry else None, result=document)
