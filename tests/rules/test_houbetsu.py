import pytest

from onshi.rules.houbetsu import (
    INSURANCE_HOUBETSU,
    Scheme,
    is_employee_insurance,
    scheme_of,
)
from onshi.rules.numbers import InsurerNumber, parse_insurer_number


def test_insurance_houbetsu_table_matches_domain_rules_b2() -> None:
    # 67 退職者医療: the closing date to new entrants is [unverified] (B2); only the code is used.
    assert INSURANCE_HOUBETSU == {
        "01": Scheme.KYOKAI,
        "02": Scheme.SEAMEN,
        "03": Scheme.DAY_LABOURER,
        "04": Scheme.DAY_LABOURER,
        "06": Scheme.SOCIETY,
        "07": Scheme.SELF_DEFENCE,
        "31": Scheme.MUTUAL_AID,
        "32": Scheme.MUTUAL_AID,
        "33": Scheme.MUTUAL_AID,
        "34": Scheme.MUTUAL_AID,
        "39": Scheme.LATE_ELDERLY,
        "63": Scheme.SPECIAL_RETIREE,
        "67": Scheme.RETIREE_NHI,
        "72": Scheme.SPECIAL_RETIREE,
        "73": Scheme.SPECIAL_RETIREE,
        "74": Scheme.SPECIAL_RETIREE,
        "75": Scheme.SPECIAL_RETIREE,
    }


@pytest.mark.parametrize("kouhi", ["12", "15", "21", "54"])
def test_public_expense_houbetsu_are_not_insurance(kouhi: str) -> None:
    assert kouhi not in INSURANCE_HOUBETSU


def test_scheme_values_are_japanese_labels() -> None:
    assert Scheme.KYOKAI == "協会けんぽ"
    assert Scheme.RETIREE_NHI == "国民健康保険（退職者医療）"
    assert Scheme.NHI_UNION.value == "国民健康保険組合"
    assert len({s.value for s in Scheme}) == len(Scheme) == 11


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01130012", Scheme.KYOKAI),
        ("06130017", Scheme.SOCIETY),
        ("31130016", Scheme.MUTUAL_AID),
        ("39130018", Scheme.LATE_ELDERLY),
        ("67130013", Scheme.RETIREE_NHI),
        ("132019", Scheme.NHI),  # 保険者別番号 201
        ("133033", Scheme.NHI_UNION),  # 保険者別番号 303: 国保組合
        ("  133033", Scheme.NHI_UNION),
        ("00132019", Scheme.NHI),
    ],
)
def test_scheme_of(text: str, expected: Scheme) -> None:
    assert scheme_of(parse_insurer_number(text)) is expected


def test_scheme_of_unknown_houbetsu_raises() -> None:
    with pytest.raises(ValueError, match="12"):
        scheme_of(InsurerNumber("12130019"))


@pytest.mark.parametrize(
    ("scheme", "employee"),
    [
        (Scheme.KYOKAI, True),
        (Scheme.SEAMEN, True),
        (Scheme.DAY_LABOURER, True),
        (Scheme.SOCIETY, True),
        (Scheme.SELF_DEFENCE, True),
        (Scheme.MUTUAL_AID, True),
        (Scheme.SPECIAL_RETIREE, True),
        (Scheme.LATE_ELDERLY, False),
        (Scheme.RETIREE_NHI, False),
        (Scheme.NHI, False),
        (Scheme.NHI_UNION, False),
    ],
)
def test_is_employee_insurance(scheme: Scheme, employee: bool) -> None:
    assert is_employee_insurance(scheme) is employee
