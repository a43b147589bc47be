"""Lifetimes of the My Number card and its 利用者証明用電子証明書 (domain-rules A6).

Dates only: the card and certificate each end on a day, and the reader's warnings and the
3-month grace after expiry are counted in days and months from that day.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from onshi.rules.age import age_on, birthday

ADULT_CARD_AGE = 18
# Applications made before this day used 20 as the age from which a card lasts ten birthdays.
ADULT_AGE_CHANGED = date(2022, 4, 1)
ADULT_CARD_BIRTHDAYS = 10
YOUTH_CARD_BIRTHDAYS = 5
CERTIFICATE_BIRTHDAYS = 5
WARNING_MONTHS = 3  # the reader warns from 3 months before the certificate's expiry
GRACE_MONTHS = 3  # usable for 資格情報 only, up to 3 months after the month of expiry


class CertificateStage(StrEnum):
    """Where a 利用者証明用電子証明書 stands on a day, by its dates alone."""

    VALID = "有効"
    EXPIRING_SOON = "有効期限まで3か月以内"
    GRACE = "有効期限切れ（3か月以内）"
    EXPIRED = "有効期限切れ"


def nth_birthday_after(birthdate: date, issued: date, n: int) -> date:
    """The Nth birthday after the day of issue.

    [unverified] A card issued on the holder's birthday is taken not to count that day: the
    first birthday "after issuance" is the next year's.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    years = issued.year - birthdate.year
    while birthday(birthdate, years) <= issued:
        years += 1
    return birthday(birthdate, years + n - 1)


def card_expiry(birthdate: date, issued: date, applied: date | None = None) -> date:
    """The last day of the card itself: 10 birthdays for adults, 5 for the young (A6).

    Whether "adult" is judged on the day of issue or of application is [unverified]; onshi uses
    the holder's legal age on the day of issue, and the application day only for the 18/20 rule.
    """
    adult_age = ADULT_CARD_AGE if (applied or issued) >= ADULT_AGE_CHANGED else 20
    if age_on(birthdate, issued) >= adult_age:
        return nth_birthday_after(birthdate, issued, ADULT_CARD_BIRTHDAYS)
    return nth_birthday_after(birthdate, issued, YOUTH_CARD_BIRTHDAYS)


def certificate_expiry(birthdate: date, issued: date, card_expires: date) -> date:
    """The certificate's last day: the 5th birthday after issue, never beyond the card (A6)."""
    return min(nth_birthday_after(birthdate, issued, CERTIFICATE_BIRTHDAYS), card_expires)


def warning_from(expires: date) -> date:
    """The first day the reader warns that the certificate is about to expire."""
    return _months_before(expires, WARNING_MONTHS)


def grace_end(expires: date) -> date:
    """The last day of the grace: the end of the 3rd month after the month of expiry.

    domain-rules A6: expiry 2025-05-10 → usable through 2025-08-31.
    """
    months = expires.year * 12 + expires.month - 1 + GRACE_MONTHS + 1
    return date(months // 12, months % 12 + 1, 1) - timedelta(days=1)


def certificate_stage(expires: date, on: date) -> CertificateStage:
    if on > grace_end(expires):
        return CertificateStage.EXPIRED
    if on > expires:
        return CertificateStage.GRACE
    if on >= warning_from(expires):
        return CertificateStage.EXPIRING_SOON
    return CertificateStage.VALID


def _months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or that month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return min(date(year, month, 1) + timedelta(days=day.day - 1),
               following - timedelta(days=1))
