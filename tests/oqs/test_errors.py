"""onshi's own code table is documented: every code has its row, with its message, in the
README."""

from __future__ import annotations

from pathlib import Path

import pytest

from onshi.oqs.errors import CODES, ErrorCode, Level, OqsError

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("error", list(CODES.values()), ids=lambda e: e.code)
def test_every_code_is_in_the_readme_table(error: ErrorCode) -> None:
    row = f"| {error.code} | {error.level.value} | {error.message}"
    assert row in README.read_text("utf-8")


def test_codes_are_unique_and_levels_follow_their_numbers() -> None:
    prefixes = {Level.FILE: "ON1", Level.PERSON: ("ON2", "ON3"), Level.NOTICE: "ON01"}
    for error in CODES.values():
        assert error.code.startswith(prefixes[error.level]), error.code


def test_the_message_carries_the_detail_in_brackets() -> None:
    problem = OqsError(CODES["ON1009"], "1312345687")
    assert problem.message == "医療機関コードが登録されていません。（1312345687）"
