"""負担割合 (patient co-payment ratio) by age, scheme and income (domain-rules C1)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from onshi.rules.age import elderly_start, is_preschool, late_elderly_start

# 後期高齢者 一定以上所得 pay 2割 from this day (C1); before it they paid 1割.
LATE_ELDERLY_TWENTY_PERCENT_FROM = date(2022, 10, 1)
# 配慮措置 for 後期 2割 (outpatient increase capped at 3,000円/month) ends on this day (C1, [code]).
LATE_ELDERLY_CARE_CAP_UNTIL = date(2025, 9, 30)


class IncomeCategory(StrEnum):
    """Income category that changes the ratio for 70+ and 後期高齢者."""

    GENERAL = "一般"
    CERTAIN = "一定以上所得"  # 後期高齢者 2割
    ACTIVE = "現役並み所得"
    LOW = "低所得"  # same ratio as GENERAL


class AgeGroup(StrEnum):
    """The C1 row a ratio comes from."""

    PRESCHOOL = "未就学"
    WORKING = "義務教育就学後〜69歳"
    ELDERLY = "70〜74歳（高齢受給者）"
    LATE_ELDERLY = "後期高齢者"


@dataclass(frozen=True)
class Burden:
    """Co-payment ratio in percent and the group that set it."""

    ratio_percent: int
    group: AgeGroup


def burden(
    birthdate: date, on: date, *, late_elderly_insured: bool, income: IncomeCategory
) -> Burden:
    """Return the 負担割合 on `on` (C1).

    `late_elderly_insured` means insured by 後期高齢者医療, which also covers 65–74 with
    障害認定. A person of 75 or more who is not (which should not happen) falls to 3割 WORKING.
    """
    if late_elderly_insured:
        return Burden(_late_elderly_percent(on, income), AgeGroup.LATE_ELDERLY)
    if is_preschool(birthdate, on):
        return Burden(20, AgeGroup.PRESCHOOL)
    if elderly_start(birthdate) <= on < late_elderly_start(birthdate):
        return Burden(30 if income == IncomeCategory.ACTIVE else 20, AgeGroup.ELDERLY)
    return Burden(30, AgeGroup.WORKING)


def _late_elderly_percent(on: date, income: IncomeCategory) -> int:
    if income == IncomeCategory.ACTIVE:
        return 30
    if income == IncomeCategory.CERTAIN and on >= LATE_ELDERLY_TWENTY_PERCENT_FROM:
        return 20
    return 10


def kourei_care_cap_applies(on: date) -> bool:
    """Tell whether the 後期 2割 配慮措置 is in force on `on` (C1).

    The start on 2022-10-01 is inferred from the start of 2割 itself; the end is [code].
    """
    return LATE_ELDERLY_TWENTY_PERCENT_FROM <= on <= LATE_ELDERLY_CARE_CAP_UNTIL


def contribution_ratio_code(percent: int) -> str:
    """Format a ratio as OQS carries it: 3 digits, 10 → "010".

    Width of ElderlyRecipientContributionRatio is [inferred] (oqs-interface §3.4);
    InsuredPartialContributionRatio is 3 digits (oqs-interface §3.3, §6 pitfall 13).
    """
    if not 0 <= percent <= 100:
        raise ValueError(f"ratio must be 0–100 percent, got {percent}")
    return f"{percent:03d}"


def ratio_label(percent: int) -> str:
    """Name a ratio the Japanese way: 10 → "1割"."""
    if percent % 10 or not 10 <= percent <= 100:
        raise ValueError(f"ratio must be a whole 割 (10, 20, …), got {percent}")
    return f"{percent // 10}割"
