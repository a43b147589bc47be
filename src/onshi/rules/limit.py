"""限度額適用区分 (高額療養費 monthly limits) and 特定疾病 (domain-rules C2, C3).

Codes are OQSCD011, OQSCD012 and OQSCD013 (oqs-interface §4). [unverified] (C2): the limits may
have changed after 2025; a 2025-08 increase was postponed.
"""

from enum import StrEnum


class LimitCategory(StrEnum):
    """限度額適用区分 as OQS flags it (OQSCD012): A = under 70, B = 70 or over."""

    A01 = "A01"
    A02 = "A02"
    A03 = "A03"
    A04 = "A04"
    A05 = "A05"
    A06 = "A06"
    B01 = "B01"
    B02 = "B02"
    B03 = "B03"
    B04 = "B04"
    B05 = "B05"
    B06 = "B06"
    B07 = "B07"
    B08 = "B08"
    B09 = "B09"
    B10 = "B10"

    @property
    def label(self) -> str:
        """区分 name, e.g. ア or 現役並みⅢ."""
        return _CATEGORY_LABELS[self]

    @property
    def for_elderly(self) -> bool:
        """B codes are for 70歳以上 (B04 70–74歳, B09/B10 後期高齢者)."""
        return self.startswith("B")


_CATEGORY_LABELS: dict[LimitCategory, str] = {
    LimitCategory.A01: "ア",
    LimitCategory.A02: "イ",
    LimitCategory.A03: "ウ",
    LimitCategory.A04: "エ",
    LimitCategory.A05: "オ",
    LimitCategory.A06: "オ（境）",
    LimitCategory.B01: "現役並みⅢ",
    LimitCategory.B02: "現役並みⅡ",
    LimitCategory.B03: "現役並みⅠ",
    LimitCategory.B04: "一般",
    LimitCategory.B05: "低所得Ⅱ",
    LimitCategory.B06: "低所得Ⅰ",
    LimitCategory.B07: "低所得Ⅰ（老福）",
    LimitCategory.B08: "低所得Ⅰ（境）",
    LimitCategory.B09: "一般Ⅱ",
    LimitCategory.B10: "一般Ⅰ",
}


class LimitCertificateKind(StrEnum):
    """限度額適用認定証区分 (OQSCD011)."""

    LIMIT = "01"
    LIMIT_AND_MEAL_REDUCTION = "02"
    MEAL_REDUCTION = "03"

    @property
    def label(self) -> str:
        """Certificate name (C2; OQS code lists spell 01 as 限度額適用区分認定証)."""
        return _KIND_LABELS[self]


_KIND_LABELS: dict[LimitCertificateKind, str] = {
    LimitCertificateKind.LIMIT: "限度額適用認定証",
    LimitCertificateKind.LIMIT_AND_MEAL_REDUCTION: "限度額適用・標準負担額減額認定証",
    LimitCertificateKind.MEAL_REDUCTION: "標準負担額減額認定証",
}

# 住民税非課税 categories, whose certificate also reduces the 標準負担額 (meal cost).
_TAX_EXEMPT = frozenset(
    {
        LimitCategory.A05,
        LimitCategory.A06,
        LimitCategory.B05,
        LimitCategory.B06,
        LimitCategory.B07,
        LimitCategory.B08,
    }
)


def certificate_kind_for(category: LimitCategory) -> LimitCertificateKind:
    """Return the certificate a category is printed on: 減額認定証 for 住民税非課税 (C2)."""
    if category in _TAX_EXEMPT:
        return LimitCertificateKind.LIMIT_AND_MEAL_REDUCTION
    return LimitCertificateKind.LIMIT


# (base yen, medical-cost threshold yen) of the "base + (医療費 − threshold) × 1%" rows (C2).
_SLIDING: dict[LimitCategory, tuple[int, int]] = {
    LimitCategory.A01: (252_600, 842_000),
    LimitCategory.A02: (167_400, 558_000),
    LimitCategory.A03: (80_100, 267_000),
    LimitCategory.B01: (252_600, 842_000),  # as ア
    LimitCategory.B02: (167_400, 558_000),  # as イ
    LimitCategory.B03: (80_100, 267_000),  # as ウ
}

# Flat monthly limits (C2). For B04–B10 this is the 外来 (individual outpatient) amount, which
# C2 takes from open-source billing code; the 世帯 amounts are [unverified] there and not used.
_FLAT: dict[LimitCategory, int] = {
    LimitCategory.A04: 57_600,
    LimitCategory.A05: 35_400,
    LimitCategory.A06: 35_400,
    LimitCategory.B04: 18_000,
    LimitCategory.B05: 8_000,
    LimitCategory.B06: 8_000,
    LimitCategory.B07: 8_000,  # as 低所得Ⅰ
    LimitCategory.B08: 8_000,  # as 低所得Ⅰ
    LimitCategory.B09: 18_000,  # without the 配慮措置 (see burden.kourei_care_cap_applies)
    LimitCategory.B10: 18_000,
}


def monthly_limit_yen(category: LimitCategory, medical_cost_yen: int) -> int:
    """Return the monthly 自己負担限度額 for a month's 医療費 (10割 amount) (C2).

    The 1% part counts only the cost above the threshold, and C2 states no rounding, so it is
    rounded down to the yen: [unverified] rounding.
    """
    if medical_cost_yen < 0:
        raise ValueError(f"medical cost must not be negative, got {medical_cost_yen}")
    if category in _SLIDING:
        base, threshold = _SLIDING[category]
        return base + max(0, medical_cost_yen - threshold) // 100
    return _FLAT[category]


class SpecificDisease(StrEnum):
    """認定疾病区分 of 特定疾病療養受療証 (長期高額疾病; OQSCD013, domain-rules C3)."""

    DIALYSIS = "1"
    HAEMOPHILIA = "2"
    HIV_FROM_CLOTTING_FACTOR = "3"

    @property
    def label(self) -> str:
        """Japanese name of the disease category."""
        return _DISEASE_LABELS[self]


_DISEASE_LABELS: dict[SpecificDisease, str] = {
    SpecificDisease.DIALYSIS: "人工透析を必要とする慢性腎不全",
    SpecificDisease.HAEMOPHILIA: "先天性血液凝固因子障害（第VIII因子・第IX因子）",
    SpecificDisease.HIV_FROM_CLOTTING_FACTOR: "血液凝固因子製剤の投与に起因するHIV感染症",
}

_HIGH_INCOME_UNDER_70 = frozenset({LimitCategory.A01, LimitCategory.A02})


def specific_disease_self_pay_yen(
    disease: SpecificDisease, *, age: int, category: LimitCategory | None
) -> int:
    """Return the monthly 自己負担限度額 per facility under 特定疾病 (C3).

    10,000円; 20,000円 for 人工透析 patients under 70 in ア or イ. [unverified] C3 gives this as
    the standard rule, not re-checked against a primary source.
    """
    if disease == SpecificDisease.DIALYSIS and age < 70 and category in _HIGH_INCOME_UNDER_70:
        return 20_000
    return 10_000
