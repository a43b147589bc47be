import pytest

from onshi.rules.limit import (
    LimitCategory,
    LimitCertificateKind,
    SpecificDisease,
    certificate_kind_for,
    monthly_limit_yen,
    specific_disease_self_pay_yen,
)

L = LimitCategory


def test_category_codes_and_labels() -> None:
    assert {c.value: c.label for c in LimitCategory} == {
        "A01": "ア",
        "A02": "イ",
        "A03": "ウ",
        "A04": "エ",
        "A05": "オ",
        "A06": "オ（境）",
        "B01": "現役並みⅢ",
        "B02": "現役並みⅡ",
        "B03": "現役並みⅠ",
        "B04": "一般",
        "B05": "低所得Ⅱ",
        "B06": "低所得Ⅰ",
        "B07": "低所得Ⅰ（老福）",
        "B08": "低所得Ⅰ（境）",
        "B09": "一般Ⅱ",
        "B10": "一般Ⅰ",
    }


def test_for_elderly_is_the_b_codes() -> None:
    assert [c.value for c in LimitCategory if c.for_elderly] == [f"B{n:02d}" for n in range(1, 11)]
    assert not any(c.for_elderly for c in LimitCategory if c.value.startswith("A"))


def test_certificate_kinds() -> None:
    assert {k.value: k.label for k in LimitCertificateKind} == {
        "01": "限度額適用認定証",
        "02": "限度額適用・標準負担額減額認定証",
        "03": "標準負担額減額認定証",
    }


@pytest.mark.parametrize("category", list(LimitCategory))
def test_certificate_kind_for(category: LimitCategory) -> None:
    tax_exempt = {L.A05, L.A06, L.B05, L.B06, L.B07, L.B08}
    expected = (
        LimitCertificateKind.LIMIT_AND_MEAL_REDUCTION
        if category in tax_exempt
        else LimitCertificateKind.LIMIT
    )
    assert certificate_kind_for(category) is expected


@pytest.mark.parametrize(
    ("category", "cost", "limit"),
    [
        (L.A01, 1_000_000, 254_180),  # 252,600 + 158,000 × 1%
        (L.A01, 842_000, 252_600),
        (L.A01, 100_000, 252_600),  # below the threshold: the base amount
        (L.A02, 600_000, 167_820),  # 167,400 + 42,000 × 1%
        (L.A02, 558_000, 167_400),
        (L.A03, 1_000_000, 87_430),  # 80,100 + 733,000 × 1%
        (L.A03, 267_000, 80_100),
        (L.A03, 0, 80_100),
    ],
)
def test_sliding_limits(category: LimitCategory, cost: int, limit: int) -> None:
    assert monthly_limit_yen(category, cost) == limit


def test_one_percent_part_is_rounded_down() -> None:
    # C2 states no rounding; rounding down is a choice: [unverified].
    assert monthly_limit_yen(L.A03, 267_199) == 80_101  # 1.99 → 1
    assert monthly_limit_yen(L.A01, 842_099) == 252_600


@pytest.mark.parametrize(("elderly", "under_70"), [(L.B01, L.A01), (L.B02, L.A02), (L.B03, L.A03)])
@pytest.mark.parametrize("cost", [0, 300_000, 700_000, 1_234_567])
def test_active_income_elderly_use_the_under_70_formula(
    elderly: LimitCategory, under_70: LimitCategory, cost: int
) -> None:
    assert monthly_limit_yen(elderly, cost) == monthly_limit_yen(under_70, cost)


@pytest.mark.parametrize(
    ("category", "limit"),
    [
        (L.A04, 57_600),
        (L.A05, 35_400),
        (L.A06, 35_400),
        (L.B04, 18_000),  # 外来 (individual); 世帯 57,600 is [unverified] and not used
        (L.B05, 8_000),
        (L.B06, 8_000),
        (L.B07, 8_000),
        (L.B08, 8_000),
        (L.B09, 18_000),  # without the 配慮措置
        (L.B10, 18_000),
    ],
)
@pytest.mark.parametrize("cost", [0, 50_000, 2_000_000])
def test_flat_limits(category: LimitCategory, limit: int, cost: int) -> None:
    assert monthly_limit_yen(category, cost) == limit


def test_negative_cost_raises() -> None:
    with pytest.raises(ValueError):
        monthly_limit_yen(L.A04, -1)


def test_specific_disease_labels() -> None:
    assert {d.value: d.label for d in SpecificDisease} == {
        "1": "人工透析を必要とする慢性腎不全",
        "2": "先天性血液凝固因子障害（第VIII因子・第IX因子）",
        "3": "血液凝固因子製剤の投与に起因するHIV感染症",
    }


# The 20,000円 case for 人工透析 under 70 in ア/イ is [unverified] (domain-rules C3).
@pytest.mark.parametrize(
    ("disease", "age", "category", "yen"),
    [
        (SpecificDisease.DIALYSIS, 69, L.A01, 20_000),
        (SpecificDisease.DIALYSIS, 45, L.A02, 20_000),
        (SpecificDisease.DIALYSIS, 69, L.A03, 10_000),
        (SpecificDisease.DIALYSIS, 45, L.A05, 10_000),
        (SpecificDisease.DIALYSIS, 45, None, 10_000),
        (SpecificDisease.DIALYSIS, 70, L.A01, 10_000),
        (SpecificDisease.DIALYSIS, 72, L.B01, 10_000),
        (SpecificDisease.HAEMOPHILIA, 45, L.A01, 10_000),
        (SpecificDisease.HIV_FROM_CLOTTING_FACTOR, 45, L.A02, 10_000),
    ],
)
def test_specific_disease_self_pay(
    disease: SpecificDisease, age: int, category: LimitCategory | None, yen: int
) -> None:
    assert specific_disease_self_pay_yen(disease, age=age, category=category) == yen
