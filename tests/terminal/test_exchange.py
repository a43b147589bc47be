"""The req/res exchange folders against the real hub over loopback HTTP."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from threading import Event, Thread

import pytest

from onshi.clock import FixedClock
from onshi.oqs import errors, files, xml
from onshi.oqs.client import HubClient, HubUnavailable
from onshi.oqs.codes import CharacterCode, QualificationValidity, SegmentOfResult
from onshi.oqs.messages import ConfirmationResult
from onshi.server import free_port
from onshi.terminal.exchange import FolderExchange
from onshi.terminal.folders import ExchangeFolders, FolderInUse, watching
from onshi.terminal.store import TerminalStore
from tests.hub.builders import Registry
from tests.terminal.documents import ADULT, request_bytes

NAME = "OQSsiquc01req_202505150001.xml"
RESULT = "OQSsiquc01res_202505150001.xml"
CLOCK = FixedClock.at(ADULT.replace(year=2025, month=5, day=15), 10, 30)


@pytest.fixture
def folders(tmp_path: Path) -> ExchangeFolders:
    return ExchangeFolders(tmp_path / "exchange").create()


@pytest.fixture
def exchange(hub_engine, hub_url, terminal_engine, folders) -> Iterator[FolderExchange]:
    registry = Registry(hub_engine)
    registry.qualification(registry.person(ADULT), ADULT)
    hub = HubClient(hub_url)
    yield FolderExchange(folders, hub, TerminalStore(terminal_engine), CLOCK,
                         max_bytes=64 * 1024, settle_seconds=0)
    hub.close()


@pytest.fixture
def dead_hub() -> Iterator[HubClient]:
    """A hub address where nothing listens."""
    client = HubClient(f"http://127.0.0.1:{free_port()}", timeout=2)
    yield client
    client.close()


def drop(folders: ExchangeFolders, name: str, data: bytes) -> None:
    (folders.req / name).write_bytes(data)


def visible(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_request_file_is_answered_in_res_under_the_request_name(exchange, folders):
    drop(folders, NAME, request_bytes("202505150001"))
    assert exchange.run_once() == 1
    assert visible(folders.res) == {RESULT}
    assert visible(folders.req) == set() and visible(folders.processing) == set()
    result = xml.parse(ConfirmationResult, (folders.res / RESULT).read_bytes())
    assert result.is_confirmed
    assert result.header.arbitrary_file_identifier == "202505150001"
    journal = exchange.store.recent()
    assert [(e.file_name, e.validity) for e in journal] == [(NAME, "1")]


def test_shift_jis_requests_and_the_terminal_output_setting(exchange, folders):
    exchange.character_code = CharacterCode.SHIFT_JIS
    drop(folders, NAME, request_bytes("SJIS1", encoding="shift_jis"))
    exchange.run_once()
    data = (folders.res / RESULT).read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="Shift_JIS"')
    assert "試験　花子" in data.decode("cp932")
    result = xml.parse(ConfirmationResult, data)
    assert result.header.character_code is CharacterCode.SHIFT_JIS


def test_validity_is_reported_for_an_unknown_card(exchange, folders):
    drop(folders, NAME, request_bytes("X", number="999"))
    exchange.run_once()
    result = xml.parse(ConfirmationResult, (folders.res / RESULT).read_bytes())
    assert result.body.validity is QualificationValidity.NOT_FOUND


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                  b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                  b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><XmlMsg>&c;</XmlMsg>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
       b"<XmlMsg><MessageHeader>&e;</MessageHeader></XmlMsg>")


@pytest.mark.parametrize(("name", "data", "code"), [
    (NAME, b"this is not xml", errors.NOT_XML),
    (NAME, b"", errors.NOT_XML),
    (NAME, b'<?xml version="1.0" encoding="UTF-8"?><XmlMsg>\x82\xa0</XmlMsg>', errors.ENCODING),
    (NAME, XXE, errors.FORBIDDEN_XML),
    (NAME, BILLION_LAUGHS, errors.FORBIDDEN_XML),
    (NAME, b"<XmlMsg>" + b" " * (64 * 1024) + b"</XmlMsg>", errors.TOO_LARGE),
    (NAME, b"<Other/>", errors.WRONG_ROOT),
    (NAME, request_bytes("U", institution="1312345687"), errors.UNKNOWN_INSTITUTION),
    ("ABCsiquc01req_202505150001.xml", request_bytes("P"), errors.UNKNOWN_FILE),
    ("OQSsiquc01req_202505150001.txt", request_bytes("T"), errors.UNKNOWN_FILE),
    ("OQSmuquc01req_202505150001.xml", request_bytes("B"), errors.UNSUPPORTED_KIND),
])
def test_bad_files_come_back_with_an_err_beside_them(exchange, folders, name, data, code):
    drop(folders, name, data)
    assert exchange.run_once() == 1
    assert visible(folders.res) == {name, files.error_name(name)}
    assert (folders.res / name).read_bytes() == data
    answer = (folders.res / files.error_name(name)).read_bytes()
    assert b"root:" not in answer
    result = xml.parse(ConfirmationResult, answer)
    assert result.header.segment is SegmentOfResult.ABNORMAL
    assert result.header.error_code == code.code
    assert result.header.error_message.startswith(code.message[:10])
    kept = [path for path in folders.error.rglob("*") if path.is_file()]
    assert [(path.name, path.read_bytes()) for path in kept] == [(name, data)]
    assert exchange.store.recent()[0].error_code == code.code


def test_hub_refusals_follow_the_terminal_output_setting(exchange, folders):
    exchange.character_code = CharacterCode.SHIFT_JIS
    drop(folders, NAME, b"this is not xml")
    exchange.run_once()
    data = (folders.res / files.error_name(NAME)).read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="Shift_JIS"')
    result = xml.parse(ConfirmationResult, data)
    assert result.header.character_code is CharacterCode.SHIFT_JIS
    assert result.header.error_code == errors.NOT_XML.code


def test_names_as_long_as_the_folder_takes_are_answered(exchange, folders):
    long_request = "OQSsiquc01req_" + "9" * 237 + ".xml"  # 255 bytes
    long_other = "OQSsiquc01req_" + "9" * 237 + ".txt"
    drop(folders, long_request, request_bytes("LONG"))
    drop(folders, long_other, b"notes")
    assert exchange.run_once() == 2
    refusal = "OQSsiquc01req_" + "9" * 237 + ".err"  # cut to 255 bytes with its .err
    assert files.error_name(long_other) == refusal
    assert visible(folders.res) == {files.result_name(long_request), long_other, refusal}
    assert xml.parse(ConfirmationResult, (folders.res / refusal).read_bytes()
                     ).header.error_code == errors.UNKNOWN_FILE.code
    assert visible(folders.req) == set() and visible(folders.processing) == set()


@pytest.mark.parametrize("raw", [b"OQSsiquc01req_\xff.xml", b"bad\xff" + b"\xfe" * 100 + b".txt"])
def test_names_that_are_not_utf8_are_answered_and_journalled_readably(exchange, folders, raw):
    name = os.fsdecode(raw)
    drop(folders, name, request_bytes("202505150001"))
    assert exchange.run_once() == 1
    (entry,) = exchange.store.recent()
    assert entry.file_name == files.display_name(name)[:255]
    assert entry.file_name.startswith(raw[:3].decode())
    if files.request_kind(name):
        assert visible(folders.res) == {os.fsdecode(raw.replace(b"req_", b"res_"))}
    else:
        assert entry.rejected and entry.error_code == errors.UNKNOWN_FILE.code
        assert visible(folders.res) == {name, files.error_name(name)}


def test_a_stray_file_is_left_alone_and_blocks_no_request(exchange, folders):
    stray = folders.processing / "copied-here-by-hand.xml"
    stray.write_bytes(b"<XmlMsg/>")
    drop(folders, NAME, request_bytes("202505150001"))
    assert exchange.run_once() == 1
    assert visible(folders.res) == {RESULT}
    assert stray.read_bytes() == b"<XmlMsg/>"


def test_a_claim_that_keeps_failing_is_logged_once_in_full(exchange, folders, caplog):
    broken = folders.processing / ("0" * 32) / NAME
    broken.mkdir(parents=True)  # a folder where the request should be: reading it fails
    drop(folders, NAME.replace("0001", "0002"), request_bytes("202505150002"))
    with caplog.at_level("ERROR"):
        assert exchange.run_once() == 1
        assert exchange.run_once() == 0
    failures = [r for r in caplog.records if "stays pending" in r.getMessage()]
    assert [bool(r.exc_info) for r in failures] == [True, False]
    assert broken.is_dir()


def test_a_second_watcher_on_the_same_folders_is_refused(exchange, folders):
    stop = Event()
    first = Thread(target=exchange.serve, args=(stop, 0.05))
    first.start()
    try:
        drop(folders, NAME, request_bytes("202505150001"))
        wait_for(folders.res / RESULT)  # the first watcher is serving
        with pytest.raises(FolderInUse):
            replace(exchange).serve(Event())
    finally:
        stop.set()
        first.join(timeout=10)
    with watching(folders):  # free again once the first has stopped
        pass


def wait_for(path: Path) -> None:
    deadline = time.monotonic() + 10
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.02)


def test_unreachable_hub_keeps_requests_pending_until_it_answers(exchange, folders, dead_hub):
    real_hub = exchange.hub
    exchange.hub = dead_hub
    drop(folders, NAME, request_bytes("P1"))
    with pytest.raises(HubUnavailable):
        exchange.run_once()
    assert visible(folders.res) == set()
    assert len(visible(folders.processing)) == 1
    exchange.hub = real_hub
    assert exchange.run_once() == 1
    assert visible(folders.res) == {RESULT}
    assert exchange.run_once() == 0
    assert len(exchange.store.recent()) == 1


def test_journalled_answer_is_published_once_without_asking_again(exchange, folders,
                                                                  dead_hub):
    drop(folders, NAME, request_bytes("J1"))
    exchange.run_once()
    answer = (folders.res / RESULT).read_bytes()
    (folders.res / RESULT).unlink()
    token = exchange.store.recent()[0].token
    claim = folders.processing / token / NAME
    claim.parent.mkdir()
    claim.write_bytes(request_bytes("J1"))
    (folders.res / f".{token}.tmp").write_bytes(answer)
    exchange.hub = dead_hub
    assert exchange.run_once() == 0
    assert (folders.res / RESULT).read_bytes() == answer
    assert visible(folders.processing) == set()
    (folders.res / RESULT).unlink()
    claim.parent.mkdir()
    claim.write_bytes(request_bytes("J1"))
    exchange.run_once()
    assert visible(folders.res) == set(), "a taken answer must not be written again"
