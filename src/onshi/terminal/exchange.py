"""The req/res exchange: answer every request file exactly once, even across crashes.

For each request: claim it (rename req/N → processing/<token>~N), get the answer, write the
answer to temp files, journal it (commit), rename the temp files into res/, drop the claim.
A restart resumes from processing/: a journalled claim only needs its renames finished; an
unjournalled one is asked again (a 資格確認 query changes nothing at the hub, so asking twice
is harmless, while writing twice is not: a client may already have taken the first file).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
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
from onshi.terminal.store import TerminalStore

log = logging.getLogger(__name__)
SEPARATOR = "~"
SUPPORTED = {files.Prefix.QUALIFICATION}
# A claim adds a token and SEPARATOR (33 bytes) to the name; file names stop at 255 bytes.
MAX_CLAIMABLE_NAME = 255 - 33


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
        for claimed in sorted(self.folders.processing.iterdir()):
            answered += self._isolated(self._answer, claimed)
        for path in sorted(self.folders.req.iterdir()):
            if path.is_file() and not path.name.startswith(".") and self._settled(path):
                answered += self._isolated(self._take, path)
        return answered

    def _isolated(self, step: Callable[[Path], int], path: Path) -> int:
        try:
            return step(path)
        except HubUnavailable:
            raise
        except Exception:
            log.exception("could not answer %s; it stays pending", files.display_name(path.name))
            return 0

    def _take(self, path: Path) -> int:
        if len(os.fsencode(path.name)) > MAX_CLAIMABLE_NAME:
            return self._refuse_unclaimable(path)
        claimed = self._claim(path)
        return 0 if claimed is None else self._answer(claimed)

    def _settled(self, path: Path) -> bool:
        try:
            return time.time() - path.stat().st_mtime >= self.settle_seconds
        except FileNotFoundError:
            return False

    def _claim(self, path: Path) -> Path | None:
        target = self.folders.processing / f"{uuid.uuid4().hex}{SEPARATOR}{path.name}"
        try:
            path.rename(target)
        except FileNotFoundError:  # the client took it back
            return None
        return target

    def _answer(self, claimed: Path) -> int:
        token, name = claimed.name.split(SEPARATOR, 1)
        journalled = self.store.find(token)
        rejected = journalled.rejected if journalled else self._respond(token, name, claimed)
        answer = self.folders.res / (files.error_name(name) if rejected
                                     else files.result_name(name))
        temp = self.folders.temp_for(answer)
        if temp.exists():
            publish(temp, answer)
        if rejected:  # the request itself goes back beside its .err, as clients expect
            publish(claimed, self.folders.res / name)
        else:
            claimed.unlink()
        return 0 if journalled else 1

    def _refuse_unclaimable(self, path: Path) -> int:
        """A name too long to claim under processing/ (no client writes one) is refused on the
        spot: its `.err`, written through a short temp name, then the file itself, into res/."""
        token = uuid.uuid4().hex
        shutil.copyfile(path, self.folders.error / token)
        name = files.display_name(path.name)
        document = self._local_error(OqsError(errors.UNKNOWN_FILE, name[:60] + "…")).document
        temp = self.folders.processing / f".{token}.tmp"
        write_temp(temp, document)
        self._journal(token, name, document, rejected=True)
        publish(temp, self.folders.res / files.error_name(path.name))
        publish(path, self.folders.res / path.name)
        return 1

    def _respond(self, token: str, name: str, claimed: Path) -> bool:
        """Get the answer, stage it in a temp file, journal it; True when it is a rejection."""
        oversized = claimed.stat().st_size > self.max_bytes
        reply = self._ask(name, None if oversized else claimed.read_bytes())
        if reply.rejected:
            shutil.copyfile(claimed, self.folders.error / f"{token}{SEPARATOR}{name}")
            answer = files.error_name(name)
        else:
            answer = files.result_name(name)
        document = self._encode(reply.document)
        write_temp(self.folders.temp_for(self.folders.res / answer), document)
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
            token=token, source="req", file_name=name, received_at=now, answered_at=now,
            rejected=rejected, error_code=result.header.error_code or result.body.result_code,
            validity=result.body.validity.value if result.body.validity else None,
            patient_name=entry.name if entry else None, result=document)
