"""The generated writers: what they write for absent, empty, nested and repeated elements."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from onshi.oqs.codes import CharacterCode, SegmentOfResult
from onshi.oqs.messages import ConfirmationResult, ResultBody, ResultHeader
from onshi.oqs.writer import body_writer, element_writer, escaped
from tests.oqs.documents import full_result

HEADER = ResultHeader(process_time=datetime(2025, 5, 15, 9, 30, 5),
                      segment=SegmentOfResult.NORMAL, character_code=CharacterCode.UTF8)


def written(document: object, indent: str = "") -> list[str]:
    lines: list[str] = []
    body_writer(type(document), indent)(document, lines)
    return lines


def test_absent_fields_are_left_out_and_set_ones_written_in_field_order() -> None:
    assert written(HEADER) == ["<ProcessExecutionTime>20250515093005</ProcessExecutionTime>",
                               "<SegmentOfResult>1</SegmentOfResult>",
                               "<CharacterCodeIdentifier>0</CharacterCodeIdentifier>"]


def test_a_nested_message_with_nothing_set_is_an_empty_element() -> None:
    lines = written(ConfirmationResult(header=HEADER, body=ResultBody()), "  ")
    assert lines[0] == "  <MessageHeader>" and lines[-2] == "  </MessageHeader>"
    assert lines[-1] == "  <MessageBody/>"


def test_repeated_entries_stand_one_level_deeper_under_their_wrapper() -> None:
    result = full_result()
    entry = result.body.results[0]
    second = replace(entry, name="山田　花子")
    body = replace(result.body, results=(entry, second))
    lines = written(body, "    ")
    start = lines.index("    <ResultList>")
    assert lines[start + 1] == "      <ResultOfQualificationConfirmation>"
    assert lines.count("      <ResultOfQualificationConfirmation>") == 2
    assert "        <Name>山田　花子</Name>" in lines
    assert lines[-1] == "    </ResultList>"


def test_an_empty_list_writes_no_wrapper() -> None:
    body = replace(full_result().body, results=())
    assert not any("ResultList" in line for line in written(body))


def test_free_text_is_escaped_and_codes_are_written_as_their_values() -> None:
    entry = replace(full_result().body.results[0], name="A&B <株>")
    lines = written(entry)
    assert "<Name>A&amp;B &lt;株&gt;</Name>" in lines
    assert f"<Sex1>{entry.sex1.value}</Sex1>" in lines


def test_escaped_leaves_plain_text_as_it_is() -> None:
    assert escaped("ｻﾄｳ ｷﾖｼ") == "ｻﾄｳ ｷﾖｼ"
    assert escaped("a>b") == "a&gt;b"


def test_element_writer_wraps_the_body() -> None:
    lines: list[str] = []
    element_writer(ResultHeader, "MessageHeader", "")(HEADER, lines)
    assert lines[0] == "<MessageHeader>" and lines[-1] == "</MessageHeader>"
    assert lines[1] == "  <ProcessExecutionTime>20250515093005</ProcessExecutionTime>"


def test_a_date_field_given_a_zoned_time_is_written_as_its_own_day() -> None:
    """Two zoned times of one instant are equal; each is still written as its own day."""
    tokyo = datetime(2025, 5, 15, 0, 30, tzinfo=timezone(timedelta(hours=9)))
    utc = tokyo.astimezone(UTC)
    first = written(replace(HEADER, confirmation_date=tokyo))
    second = written(replace(HEADER, confirmation_date=utc))
    assert "<QualificationConfirmationDate>20250515</QualificationConfirmationDate>" in first
    assert "<QualificationConfirmationDate>20250514</QualificationConfirmationDate>" in second
