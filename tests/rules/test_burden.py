from datetime import date

import pytest

from onshi.rules.burden import (
    AgeGroup,
    Burden,
    IncomeCategory,
    burden,
    contribution_ratio_code,
    kourei_care_cap_applies,
    ratio_label,
)

ON = date(2025, 5, 15)


def not_late(birthdate: date, on: date, income: IncomeCategory = IncomeCategory.GENERAL) -> Burden:
    return burden(birthdate, on, late_elderly_insured=False, income=income)


def late(birthdate: date, on: date, income: IncomeCategory) -> Burden:
    return burden(birthdate, on, late_elderly_insured=True, income=income)


# --- 後期高齢者 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("income", "percent"),
    [
        (IncomeCategory.ACTIVE, 30),
        (IncomeCategory.CERTAIN, 20),
        (IncomeCategory.GENERAL, 10),
        (IncomeCategory.LOW, 10),
    ],
)
def test_late_elderly_ratio_by_income(income: IncomeCategory, percent: int) -> None:
    assert late(date(1945, 3, 3), ON, income) == Burden(percent, AgeGroup.LATE_ELDERLY)


@pytest.mark.parametrize(
    ("on", "percent"),
    [
        (date(2022, 9, 30), 10),
        (date(2022, 10, 1), 20),  # 一定以上所得 2割 from 2022-10-01
        (date(2025, 12, 2), 20),
    ],
)
def test_late_elderly_certain_income_edge(on: date, percent: int) -> None:
    assert late(date(1940, 7, 7), on, IncomeCategory.CERTAIN).ratio_percent == percent


def test_late_elderly_active_income_was_30_before_the_2022_change() -> None:
    assert late(date(1940, 7, 7), date(2022, 9, 30), IncomeCategory.ACTIVE).ratio_percent == 30


def test_late_elderly_insurance_wins_under_75_with_disability_certification() -> None:
    # 65–74 with 障害認定 may join 後期高齢者医療: the 後期 ratio applies, not the 70–74 one.
    assert late(date(1958, 1, 10), ON, IncomeCategory.GENERAL) == Burden(10, AgeGroup.LATE_ELDERLY)


# --- 未就学 ------------------------------------------------------------------------------------


def test_preschool_is_20_percent() -> None:
    assert not_late(date(2019, 4, 2), ON) == Burden(20, AgeGroup.PRESCHOOL)
    assert not_late(date(2025, 5, 15), date(2025, 12, 2)) == Burden(20, AgeGroup.PRESCHOOL)


def test_preschool_ignores_income() -> None:
    assert not_late(date(2022, 1, 1), ON, IncomeCategory.ACTIVE).ratio_percent == 20


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 3, 31), Burden(20, AgeGroup.PRESCHOOL)),
        (date(2025, 4, 1), Burden(30, AgeGroup.WORKING)),
    ],
)
def test_child_born_1_april_leaves_preschool_after_31_march_of_the_6th_year(
    on: date, expected: Burden
) -> None:
    assert not_late(date(2019, 4, 1), on) == expected


def test_child_born_2_april_is_preschool_a_year_longer() -> None:
    assert not_late(date(2019, 4, 2), date(2026, 3, 31)).group is AgeGroup.PRESCHOOL
    assert not_late(date(2019, 4, 2), date(2026, 4, 1)).group is AgeGroup.WORKING


# --- 義務教育就学後〜69歳 -----------------------------------------------------------------------


@pytest.mark.parametrize("income", list(IncomeCategory))
def test_working_age_is_30_percent_whatever_the_income(income: IncomeCategory) -> None:
    assert not_late(date(1990, 1, 1), date(2025, 12, 2), income) == Burden(30, AgeGroup.WORKING)


# --- 70〜74歳 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("income", "percent"),
    [
        (IncomeCategory.ACTIVE, 30),
        (IncomeCategory.GENERAL, 20),
        (IncomeCategory.LOW, 20),
        (IncomeCategory.CERTAIN, 20),  # 一定以上所得 is a 後期 category; 2割 here
    ],
)
def test_elderly_ratio_by_income(income: IncomeCategory, percent: int) -> None:
    assert not_late(date(1953, 8, 20), ON, income) == Burden(percent, AgeGroup.ELDERLY)


@pytest.mark.parametrize(
    ("birthdate", "last_working_day", "first_elderly_day"),
    [
        (date(1955, 6, 1), date(2025, 5, 31), date(2025, 6, 1)),  # born on the 1st
        (date(1955, 6, 2), date(2025, 6, 30), date(2025, 7, 1)),
    ],
)
def test_elderly_ratio_starts_on_the_1st_of_the_month(
    birthdate: date, last_working_day: date, first_elderly_day: date
) -> None:
    assert not_late(birthdate, last_working_day) == Burden(30, AgeGroup.WORKING)
    assert not_late(birthdate, first_elderly_day) == Burden(20, AgeGroup.ELDERLY)


def test_elderly_ratio_ends_the_day_before_the_75th_birthday() -> None:
    birthdate = date(1950, 5, 15)
    assert not_late(birthdate, date(2025, 5, 14)) == Burden(20, AgeGroup.ELDERLY)
    # From the 75th birthday the person should be 後期-insured; if not, the fallback is 3割.
    assert not_late(birthdate, date(2025, 5, 15)) == Burden(30, AgeGroup.WORKING)
    assert late(birthdate, date(2025, 5, 15), IncomeCategory.GENERAL) == Burden(
        10, AgeGroup.LATE_ELDERLY
    )


# --- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "applies"),
    [
        (date(2022, 9, 30), False),  # start inferred from the 2割 start
        (date(2022, 10, 1), True),
        (date(2025, 9, 30), True),  # end is [code] in domain-rules C1
        (date(2025, 10, 1), False),
    ],
)
def test_kourei_care_cap_applies(on: date, applies: bool) -> None:
    assert kourei_care_cap_applies(on) is applies


@pytest.mark.parametrize(
    ("percent", "code"), [(10, "010"), (20, "020"), (30, "030"), (0, "000"), (100, "100")]
)
def test_contribution_ratio_code(percent: int, code: str) -> None:
    # 3-digit width: InsuredPartialContributionRatio per sources; ElderlyRecipientContributionRatio
    # width is [inferred] (oqs-interface §3.4).
    assert contribution_ratio_code(percent) == code


@pytest.mark.parametrize("percent", [-10, 101, 1000])
def test_contribution_ratio_code_rejects_out_of_range(percent: int) -> None:
    with pytest.raises(ValueError):
        contribution_ratio_code(percent)


@pytest.mark.parametrize(("percent", "label"), [(10, "1割"), (20, "2割"), (30, "3割")])
def test_ratio_label(percent: int, label: str) -> None:
    assert ratio_label(percent) == label


@pytest.mark.parametrize("percent", [0, 15, -10, 110])
def test_ratio_label_rejects_non_whole_wari(percent: int) -> None:
    with pytest.raises(ValueError):
        ratio_label(percent)
