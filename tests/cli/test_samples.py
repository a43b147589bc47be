"""`onshi samples`: every case and error case, both encodings, produced by the real hub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from onshi.cli.samples import (
    BROKEN_TITLES,
    CARD_TITLES,
    CASE_TITLES,
    READ_REFUSALS,
    write_samples,
)
from onshi.oqs import files, xml
from onshi.oqs.codes import QualificationValidity, ReferenceClassification, SegmentOfResult
from onshi.oqs.messages import ConfirmationResult
from onshi.oqs.validation import validate

EXPECTED_VALIDITY = {
    "valid": QualificationValidity.VALID,
    "invalid": QualificationValidity.INVALID,
    "invalid_newer": QualificationValidity.INVALID_NEWER,
    "not_found": QualificationValidity.NOT_FOUND,
    "multiple": QualificationValidity.MULTIPLE,
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("samples")
    write_samples(out, 2_000, Console(quiet=True))
    return out, json.loads((out / "index.json").read_text(encoding="utf-8"))


def answers(out: Path, entry: dict) -> list[bytes]:
    return [(out / name).read_bytes() for name in entry["answer"]]


def test_every_case_in_both_encodings_has_a_result(samples):
    out, index = samples
    pairs = {(e["case"], e["encoding"]) for e in index if e["case"] in CASE_TITLES}
    assert pairs == {(c, enc) for c in CASE_TITLES for enc in ("UTF-8", "Shift_JIS")}
    for entry in index:
        if entry["case"] not in CASE_TITLES:
            continue
        [document] = answers(out, entry)
        assert validate(document) == [], entry["request"]
        result = xml.parse(ConfirmationResult, document)
        assert result.header.character_code.declaration == entry["encoding"]
        expected = EXPECTED_VALIDITY.get(entry["case"], QualificationValidity.VALID)
        assert result.body.validity is expected, entry["case"]


def test_special_cases_carry_their_data(samples):
    out, index = samples
    by_case = {e["case"]: xml.parse(ConfirmationResult, answers(out, e)[0]).body.results[0]
               for e in index if e["encoding"] == "UTF-8" and e["case"] in CASE_TITLES
               and e["case"] not in EXPECTED_VALIDITY}
    assert by_case["preschool"].preschool is not None
    assert by_case["elderly_70_74"].elderly_recipient is not None
    assert by_case["late_elderly"].partial_contribution_ratio in {"010", "020", "030"}
    assert by_case["limit_certificate"].limit_info is not None
    assert "●" in by_case["gaiji"].name


REFUSAL_CODES = {
    "unknown_institution": "ON1009", "insurer_format": "ON2001", "check_digit": "ON2002",
    "branch_format": "ON2003", "number_missing": "ON2004", "birthdate_future": "ON2005",
    "not_xml": "ON1001",
    "encoding_mismatch": "ON1002", "doctype": "ON1003", "too_large": "ON1004",
    "wrong_root": "ON1005", "missing_item": "ON1006", "bad_date": "ON1007",
    "unknown_file": "ON1008", "unsupported_kind": "ON1011",
}


def test_every_refusal_is_answered_with_its_code_and_validates(samples):
    out, index = samples
    refused = [e for e in index if e["case"] in BROKEN_TITLES]
    assert {e["case"] for e in refused} == set(BROKEN_TITLES) == set(REFUSAL_CODES)
    for entry in refused:
        [document] = answers(out, entry)
        assert validate(document) == [], entry["request"]
        result = xml.parse(ConfirmationResult, document)
        code = REFUSAL_CODES[entry["case"]]
        if code.startswith("ON2"):  # the person's card data: a result, not a refused file
            assert entry["answer"][0].endswith(".xml"), entry["case"]
            assert result.body.result_code == code, entry["case"]
        else:
            assert entry["answer"][0].endswith(".err"), entry["case"]
            assert result.header.segment is SegmentOfResult.ABNORMAL, entry["case"]
            assert result.header.error_code == code, entry["case"]
        assert result.header.character_code.declaration == entry["encoding"], entry["case"]


def test_refusals_of_readable_requests_come_in_both_encodings(samples):
    _, index = samples
    pairs = {(e["case"], e["encoding"]) for e in index if e["case"] in READ_REFUSALS}
    assert pairs == {(c, enc) for c in READ_REFUSALS for enc in ("UTF-8", "Shift_JIS")}


def test_card_reader_results_for_every_method_and_certificate_case(samples):
    out, index = samples
    cards = {e["case"]: e for e in index if e["case"] in CARD_TITLES}
    assert set(cards) == set(CARD_TITLES)
    expected_codes = {"card_pin": None, "card_face": None, "card_visual": None,
                      "card_expiring": "ON0101", "card_grace": "ON0102",
                      "card_expired": "ON3004", "card_suspended": "ON3002",
                      "card_revoked": "ON3003", "card_unregistered": "ON3007"}
    for case, entry in cards.items():
        assert entry["request"] is None
        [document] = answers(out, entry)
        assert validate(document) == [], case
        result = xml.parse(ConfirmationResult, document)
        assert result.header.reference_classification is ReferenceClassification.MY_NUMBER_CARD
        assert result.body.result_code == expected_codes[case], case
        accepted = expected_codes[case] in (None, "ON0101", "ON0102")
        assert entry["written_to_face"] is accepted, case
        assert result.is_confirmed is accepted, case
        if accepted:
            assert files.FACE_NAME.fullmatch(Path(entry["answer"][0]).name)
