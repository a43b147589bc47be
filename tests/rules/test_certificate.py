"""Card and certificate lifetimes, reader warning and the 3-month grace (domain-rules A6)."""

from __future__ import annotations

from datetime import date

import pytest

from onshi.rules.certificate import (
    CertificateStage,
    card_expiry,
    certificate_expiry,
    certificate_stage,
    grace_end,
    nth_birthday_after,
    warning_from,
)


def test_birthdays_are_counted_from_the_day_after_issue():
    assert nth_birthday_after(date(1980, 7, 1), date(2025, 5, 15), 1) == date(2025, 7, 1)
    assert nth_birthday_after(date(1980, 7, 1), date(2025, 7, 2), 1) == date(2026, 7, 1)
    # [unverified] issued on the birthday itself: that day does not count
    assert nth_birthday_after(date(1980, 7, 1), date(2025, 7, 1), 5) == date(2030, 7, 1)


def test_leap_day_birthdays_fall_on_the_first_of_march_in_common_years():
    assert nth_birthday_after(date(2000, 2, 29), date(2025, 1, 10), 1) == date(2025, 3, 1)
    assert nth_birthday_after(date(2000, 2, 29), date(2025, 1, 10), 4) == date(2028, 2, 29)


@pytest.mark.parametrize(("born", "issued", "applied", "expires"), [
    (date(1980, 7, 1), date(2025, 5, 15), None, date(2034, 7, 1)),  # adult: 10th birthday
    (date(2007, 7, 1), date(2025, 5, 15), None, date(2029, 7, 1)),  # 17: 5th birthday
    (date(2007, 5, 15), date(2025, 5, 15), None, date(2035, 5, 15)),  # 18 on the day of issue
    (date(2003, 7, 1), date(2022, 5, 1), date(2022, 3, 1), date(2026, 7, 1)),  # 18, old rule: 5
    (date(2003, 7, 1), date(2022, 5, 1), date(2022, 4, 1), date(2031, 7, 1)),  # 18, new rule
])
def test_card_lifetime_depends_on_age(born, issued, applied, expires):
    assert card_expiry(born, issued, applied) == expires


def test_certificate_ends_on_the_fifth_birthday_or_with_the_card():
    born, issued = date(1980, 7, 1), date(2025, 5, 15)
    assert certificate_expiry(born, issued, card_expiry(born, issued)) == date(2029, 7, 1)
    assert certificate_expiry(born, issued, date(2028, 1, 31)) == date(2028, 1, 31)


def test_grace_runs_to_the_end_of_the_third_month_after_expiry():
    assert grace_end(date(2025, 5, 10)) == date(2025, 8, 31)  # the reference's own example
    assert grace_end(date(2025, 10, 31)) == date(2026, 1, 31)
    assert grace_end(date(2025, 11, 1)) == date(2026, 2, 28)
    assert grace_end(date(2027, 11, 30)) == date(2028, 2, 29)


def test_warning_starts_three_months_before_expiry():
    assert warning_from(date(2025, 5, 10)) == date(2025, 2, 10)
    assert warning_from(date(2025, 5, 31)) == date(2025, 2, 28)
    assert warning_from(date(2025, 2, 15)) == date(2024, 11, 15)


@pytest.mark.parametrize(("on", "stage"), [
    (date(2025, 2, 9), CertificateStage.VALID),
    (date(2025, 2, 10), CertificateStage.EXPIRING_SOON),
    (date(2025, 5, 10), CertificateStage.EXPIRING_SOON),
    (date(2025, 5, 11), CertificateStage.GRACE),
    (date(2025, 8, 31), CertificateStage.GRACE),
    (date(2025, 9, 1), CertificateStage.EXPIRED),
])
def test_stage_on_each_side_of_every_boundary(on, stage):
    assert certificate_stage(date(2025, 5, 10), on) is stage
