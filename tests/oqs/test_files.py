"""Exchange-folder file names (oqs-interface §1.2)."""

from __future__ import annotations

import os
import re
from datetime import date, datetime

import pytest

from onshi.oqs import files
from onshi.oqs.files import Prefix
from tests.oqs.documents import REFERENCE_REQUEST, REFERENCE_RESULT

LISTED = ["OQSsiquc01req_", "OQSmuquc01req_", "OQSmuquc02req_", "OQSsiimm01req_",
          "OQSmuimm01req_", "YZKsiquc01req_", "TKKsiquc01req_", "OQSmuhvq01req_",
          "OQSmuhvq02req_", "OQSmuonq01req_", "OQSmuonq02req_", "OQSmutic01req_",
          "OQSmutic02req_"]


def test_prefixes_are_the_listed_ones() -> None:
    assert [p.value for p in Prefix] == LISTED
    assert all(p.label for p in Prefix)
    assert Prefix.QUALIFICATION.label == "資格確認（個別照会）"


@pytest.mark.parametrize("prefix", LISTED)
def test_every_prefix_is_recognised(prefix: str) -> None:
    assert files.request_kind(f"{prefix}202506010001.xml") is Prefix(prefix)


@pytest.mark.parametrize("name", [
    "OQSsiquc01req_202506010001.txt",
    "OQSsiquc01req_202506010001.XML",
    "OQSsiquc01req_202506010001.xml.tmp",
    "OQSsiquc01req_.xml",
    "oqssiquc01req_202506010001.xml",
    "OQSsiquc01res_202506010001.xml",
    "OQSsiquc03req_202506010001.xml",
    "OQSmuquc03req_202506010001.xml",
    "OQSsiquc01req202506010001.xml",
    "OQSsiquc01res_face_1312345679_20250601093012.xml",
    "x_OQSsiquc01req_202506010001.xml",
    "",
])
def test_other_names_are_not_requests(name: str) -> None:
    assert files.request_kind(name) is None


def test_result_name_of_the_reference_example() -> None:
    assert files.result_name(REFERENCE_REQUEST.name) == REFERENCE_RESULT.name


@pytest.mark.parametrize(("request_name", "result"), [
    ("OQSsiquc01req_X.xml", "OQSsiquc01res_X.xml"),
    ("OQSmuquc02req_202506010001.xml", "OQSmuquc02res_202506010001.xml"),
    ("YZKsiquc01req_req_request.xml", "YZKsiquc01res_req_request.xml"),
    ("OQSsiquc01req_OQSsiquc01req_.xml", "OQSsiquc01res_OQSsiquc01req_.xml"),
])
def test_result_name_changes_the_prefix_only(request_name: str, result: str) -> None:
    assert files.result_name(request_name) == result


@pytest.mark.parametrize(("request_name", "error"), [
    ("OQSmuquc01req_req1.xml", "OQSmuquc01req_req1.err"),
    ("OQSsiquc01req_202506010001.txt", "OQSsiquc01req_202506010001.txt.err"),
    ("OQSsiquc01req_1.err", "OQSsiquc01req_1.err.err"),
    ("notes", "notes.err"),
])
def test_error_name_keeps_the_basename_of_xml_only(request_name: str, error: str) -> None:
    assert files.error_name(request_name) == error


def test_error_names_of_different_files_never_clash() -> None:
    names = ["OQSsiquc01req_X.xml", "OQSsiquc01req_X.txt", "OQSsiquc01req_X.err",
             "OQSsiquc01req_X.xml.txt"]
    answers = [files.error_name(name) for name in names]
    assert len(set(answers)) == len(names)


def test_display_name_shows_bytes_that_are_not_utf8() -> None:
    name = os.fsdecode(b"OQSsiquc01req_\xff\xfe.xml")
    assert files.display_name(name) == "OQSsiquc01req_\\xff\\xfe.xml"
    assert files.display_name("OQSsiquc01req_受付.xml") == "OQSsiquc01req_受付.xml"


def test_result_name_of_a_non_request_is_refused() -> None:
    with pytest.raises(ValueError, match="not a request"):
        files.result_name("OQSsiquc01req_X.txt")


def test_face_name_matches_the_readers_pattern() -> None:
    name = files.face_name("1312345679", datetime(2025, 6, 1, 9, 30, 12), 7)
    assert name == "OQSsiquc01res_face_13123456790007_20250601093012.xml"
    match = re.fullmatch(r"OQSsiquc01res_face_.+_(\d{14})\.xml", name)
    assert match and match.group(1) == "20250601093012"
    assert files.FACE_NAME.fullmatch(name)


@pytest.mark.parametrize("code", ["131234567", "13123456790", "13_2345679", ""])
def test_face_name_needs_a_ten_digit_code(code: str) -> None:
    with pytest.raises(ValueError, match="10-digit"):
        files.face_name(code, datetime(2025, 6, 1))


def test_face_names_of_one_second_differ_by_sequence() -> None:
    at = datetime(2025, 6, 1, 9, 30, 12)
    assert files.face_name("1312345679", at, 0) != files.face_name("1312345679", at, 1)
    with pytest.raises(ValueError):
        files.face_name("1312345679", at, 10000)


def test_new_request_name() -> None:
    name = files.new_request_name(Prefix.QUALIFICATION, 1, date(2025, 6, 1))
    assert name == "OQSsiquc01req_202506010001.xml" == REFERENCE_REQUEST.name
    assert files.request_kind(name) is Prefix.QUALIFICATION


def test_new_request_names_are_unique_with_twelve_character_suffixes() -> None:
    days = [date(2025, 6, 1), date(2025, 6, 2), date(2026, 1, 10)]
    names = [files.new_request_name(Prefix.BULK_UPLOAD, n, day)
             for day in days for n in (0, 1, 10, 999, 9999)]
    assert len(set(names)) == len(names)
    suffixes = {n.removeprefix(Prefix.BULK_UPLOAD).removesuffix(".xml") for n in names}
    assert {len(s) for s in suffixes} == {12}
    assert all(s.isdigit() for s in suffixes)


@pytest.mark.parametrize("sequence", [-1, 10000])
def test_new_request_name_sequence_is_four_digits(sequence: int) -> None:
    with pytest.raises(ValueError, match="sequence"):
        files.new_request_name(Prefix.QUALIFICATION, sequence, date(2025, 6, 1))
