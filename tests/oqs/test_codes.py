"""Code tables (oqs-interface §4)."""

from __future__ import annotations

from typing import Any

import pytest

from onshi.oqs import codes
from onshi.oqs.codes import (
    CharacterCode,
    ConsentFlag,
    InsuredCardClassification,
    ReasonOfLoss,
    SegmentOfResult,
)

TABLES = [codes.ConsentFlag, codes.ConsentStatus, codes.ReferenceClassification,
          codes.SegmentOfResult, codes.ProcessingResultStatus, codes.CharacterCode,
          codes.QualificationValidity, codes.Sex, codes.ReasonOfLoss, codes.PersonalFamily,
          codes.InsuredCardClassification, codes.PreschoolClassification]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.__name__)
def test_every_code_has_a_label(table: type) -> None:
    assert all(member.label for member in table)


@pytest.mark.parametrize(("code", "label"), [
    (ConsentFlag.CONSENTED, "同意"),
    (codes.ConsentStatus.EXPIRED, "同意有効期限切れ"),
    (SegmentOfResult.ABNORMAL, "異常終了"),
    (codes.QualificationValidity.INVALID_NEWER, "無効（新しい資格あり）"),
    (InsuredCardClassification.SPECIAL_MEDICAL_EXPENSES, "特別療養費支給対象者"),
    (ReasonOfLoss.OTHER, "その他"),
    (codes.PersonalFamily.DEPENDANT, "家族"),
])
def test_labels(code: Any, label: str) -> None:
    assert code.label == label


def test_wire_values_keep_leading_zeros() -> None:
    assert [c.value for c in ReasonOfLoss] == ["01", "02", "03", "99"]
    assert SegmentOfResult("9") is SegmentOfResult.ABNORMAL


def test_character_codes() -> None:
    assert CharacterCode.SHIFT_JIS.codec == "cp932"
    assert CharacterCode.UTF8.codec == "utf-8"
    assert (CharacterCode("0").declaration, CharacterCode("1").declaration) == (
        "UTF-8", "Shift_JIS")
