"""Certificates carried on a qualification (domain-rules C1–C3, D1).

高齢受給者証, 限度額適用認定証, 特定疾病療養受療証, and the dates of the insurance card itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from onshi.rules.age import age_on
from onshi.rules.burden import IncomeCategory
from onshi.rules.houbetsu import Scheme
from onshi.rules.limit import (
    LimitCategory,
    SpecificDisease,
    certificate_kind_for,
    specific_disease_self_pay_yen,
)
from onshi.synth.history import QualificationDraft
from onshi.synth.households import Member
from onshi.synth.weighted import Weighted

# 高齢受給者証 and the 国保/後期 cards run from 1 August to 31 July.
_CERTIFICATE_YEAR_MONTH = 8

# Legacy cards (D1): no new 健康保険証 from 2024-12-02; most 国保 and all 後期 cards renewed on
# 2024-08-01 expire on 2025-07-31.
NO_NEW_CARDS_FROM = date(2024, 12, 2)
LEGACY_RENEWAL = date(2024, 8, 1)
LEGACY_EXPIRY = date(2025, 7, 31)
_EXPIRING_SCHEMES = frozenset({Scheme.NHI, Scheme.LATE_ELDERLY})

CARD_REISSUE_RATE = 0.12
SPECIAL_MEDICAL_EXPENSES_RATE = 0.005  # 国保 被保険者資格証明書 (card class 05)
_CARD_CLASS = {Scheme.SPECIAL_RETIREE: "06", Scheme.SELF_DEFENCE: "07"}  # OQSCD010; else 01

# Income categories (domain-rules C1): 後期 一般 (incl. 低所得) 1割, 一定以上 2割, 現役並み 3割.
_LATE_INCOMES = Weighted.of(((IncomeCategory.GENERAL, 70), (IncomeCategory.CERTAIN, 20),
                             (IncomeCategory.ACTIVE, 7), (IncomeCategory.LOW, 3)))
_ELDERLY_INCOMES = Weighted.of(((IncomeCategory.GENERAL, 82), (IncomeCategory.ACTIVE, 10),
                                (IncomeCategory.LOW, 8)))

LIMIT_RATE_UNDER_70 = 0.025
LIMIT_RATE_70_ON = 0.35  # of 現役並み and 低所得 (the others need no certificate)
_UNDER_70 = Weighted.of(((LimitCategory.A01, 4), (LimitCategory.A02, 8), (LimitCategory.A03, 38),
                         (LimitCategory.A04, 30), (LimitCategory.A05, 18),
                         (LimitCategory.A06, 2)))
_70_ON: dict[IncomeCategory, Weighted[LimitCategory]] = {
    IncomeCategory.ACTIVE: Weighted.of(((LimitCategory.B01, 10), (LimitCategory.B02, 30),
                                        (LimitCategory.B03, 60))),
    IncomeCategory.LOW: Weighted.of(((LimitCategory.B05, 60), (LimitCategory.B06, 34),
                                     (LimitCategory.B07, 3), (LimitCategory.B08, 3))),
}
_LONG_TERM_CATEGORIES = frozenset({LimitCategory.A05, LimitCategory.B05})

SPECIFIC_DISEASE_RATE = 0.003
_DISEASES = Weighted.of(((SpecificDisease.DIALYSIS, 92), (SpecificDisease.HAEMOPHILIA, 6),
                         (SpecificDisease.HIV_FROM_CLOTTING_FACTOR, 2)))


def draw_income(rng: random.Random, member: Member, as_of: date) -> IncomeCategory:
    """A person's income category; it only matters from 70 (C1)."""
    if member.late_from <= as_of:
        return _LATE_INCOMES.draw(rng)
    if member.elderly_from <= as_of:
        return _ELDERLY_INCOMES.draw(rng)
    return IncomeCategory.GENERAL


def draw_limit_category(rng: random.Random, member: Member, income: IncomeCategory,
                        as_of: date) -> LimitCategory | None:
    """The 限度額適用区分 of a person holding a certificate on `as_of`, or None (C2)."""
    if age_on(member.birthdate, as_of) < 70:
        return _UNDER_70.draw(rng) if rng.random() < LIMIT_RATE_UNDER_70 else None
    table = _70_ON.get(income)
    if table is None or rng.random() >= LIMIT_RATE_70_ON:
        return None
    return table.draw(rng)


def draw_specific_disease(rng: random.Random) -> SpecificDisease | None:
    if rng.random() >= SPECIFIC_DISEASE_RATE:
        return None
    return _DISEASES.draw(rng)


def row_income(draft: QualificationDraft, income: IncomeCategory,
               elderly: tuple[date, date] | None) -> IncomeCategory:
    """The income category a qualification carries: 一定以上所得 exists only in 後期, and
    under 後期 age income matters only while the 高齢受給者証 (`elderly`) applies."""
    if draft.insurer.scheme is Scheme.LATE_ELDERLY:
        return income
    if elderly is not None and income in (IncomeCategory.ACTIVE, IncomeCategory.LOW):
        return income
    return IncomeCategory.GENERAL


def elderly_period(draft: QualificationDraft, as_of: date) -> tuple[date, date] | None:
    """The 高齢受給者証 validity in force on the qualification's last day up to `as_of`.

    From the 1st of the month after reaching 70 (rules.age.elderly_start) until 31 July, or the
    day before the 75th birthday.
    """
    if draft.insurer.scheme is Scheme.LATE_ELDERLY:
        return None
    reference = as_of if draft.lost is None or draft.lost > as_of else draft.lost - timedelta(1)
    starts, last = draft.member.elderly_from, draft.member.late_from - timedelta(1)
    if reference < max(starts, draft.acquired) or reference > last:
        return None
    year = reference.year if reference.month >= _CERTIFICATE_YEAR_MONTH else reference.year - 1
    valid_from = max(date(year, _CERTIFICATE_YEAR_MONTH, 1), starts, draft.acquired)
    return valid_from, min(date(year + 1, _CERTIFICATE_YEAR_MONTH, 1) - timedelta(1), last)


def elderly_columns(rng: random.Random, draft: QualificationDraft, income: IncomeCategory,
                    period: tuple[date, date] | None) -> dict[str, object]:
    if period is None:
        return {}
    valid_from, valid_until = period
    return {"elderly_issued": _issued_before(rng, valid_from, draft.acquired),
            "elderly_valid_from": valid_from, "elderly_valid_until": valid_until,
            "elderly_ratio": 30 if income is IncomeCategory.ACTIVE else 20}


def limit_columns(rng: random.Random, draft: QualificationDraft, category: LimitCategory,
                  as_of: date) -> dict[str, object]:
    """A one-year 限度額適用認定証 in force on `as_of`, begun on the 1st of a recent month."""
    months_back = rng.randrange(12)
    month_index = as_of.year * 12 + as_of.month - 1 - months_back
    valid_from = max(date(month_index // 12, month_index % 12 + 1, 1), draft.acquired)
    long_term = None
    if category in _LONG_TERM_CATEGORIES and rng.random() < 0.15:
        candidate = valid_from + timedelta(rng.randint(91, 200))
        long_term = candidate if candidate <= as_of else None
    return {"limit_kind": certificate_kind_for(category).value, "limit_category": category.value,
            "limit_issued": _issued_before(rng, valid_from, draft.acquired),
            "limit_valid_from": valid_from, "limit_valid_until": _year_later(valid_from),
            "limit_long_term": long_term}


@dataclass(frozen=True)
class SpecificDiseaseCertificate:
    disease: SpecificDisease
    valid_from: date
    self_pay_yen: int


def specific_disease_certificate(rng: random.Random, draft: QualificationDraft,
                                 disease: SpecificDisease, category: LimitCategory | None,
                                 as_of: date) -> SpecificDiseaseCertificate:
    """特定疾病療養受療証 since some day of the qualification (C3); no end date."""
    earliest = max(draft.acquired.toordinal(), as_of.toordinal() - 8 * 365)
    valid_from = date.fromordinal(rng.randint(earliest, as_of.toordinal()))
    age = age_on(draft.member.birthdate, as_of)
    return SpecificDiseaseCertificate(
        disease, valid_from, specific_disease_self_pay_yen(disease, age=age, category=category))


def card_columns(rng: random.Random, draft: QualificationDraft, as_of: date
                 ) -> dict[str, object]:
    """被保険者証区分 and the card's issue and validity dates."""
    scheme = draft.insurer.scheme
    card_class = _CARD_CLASS.get(scheme, "01")
    if scheme is Scheme.NHI and rng.random() < SPECIAL_MEDICAL_EXPENSES_RATE:
        card_class = "05"
    issued = _reissued(rng, draft, as_of)
    valid_from, valid_until = issued, None
    if _renewed_in_2024(draft, as_of):
        valid_from = max(draft.acquired, LEGACY_RENEWAL)
        issued = (valid_from if valid_from > LEGACY_RENEWAL
                  else _issued_before(rng, valid_from, draft.acquired))
        valid_until = LEGACY_EXPIRY
    return {"card_classification": card_class, "card_issued": issued,
            "card_valid_from": valid_from, "card_valid_until": valid_until}


def _renewed_in_2024(draft: QualificationDraft, as_of: date) -> bool:
    return (draft.insurer.scheme in _EXPIRING_SCHEMES and as_of >= LEGACY_RENEWAL
            and draft.acquired < NO_NEW_CARDS_FROM
            and (draft.lost is None or draft.lost > LEGACY_RENEWAL))


def _reissued(rng: random.Random, draft: QualificationDraft, as_of: date) -> date:
    """Mostly the day of acquisition; sometimes a later reissue, never after cards stopped."""
    last = min(as_of, NO_NEW_CARDS_FROM - timedelta(1))
    if draft.lost is not None:
        last = min(last, draft.lost - timedelta(1))
    if rng.random() < CARD_REISSUE_RATE and last > draft.acquired:
        return date.fromordinal(rng.randint(draft.acquired.toordinal() + 1, last.toordinal()))
    return draft.acquired


def _issued_before(rng: random.Random, valid_from: date, acquired: date) -> date:
    return max(acquired, valid_from - timedelta(rng.randint(5, 20)))


def _year_later(day: date) -> date:
    """The day before the same date a year on (29 February → 28 February)."""
    try:
        anniversary = day.replace(year=day.year + 1)
    except ValueError:
        anniversary = date(day.year + 1, 3, 1)
    return anniversary - timedelta(1)
