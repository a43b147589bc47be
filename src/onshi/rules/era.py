"""和暦 (Japanese era dates) as printed on cards and forms.

Era start dates are general knowledge; the reference files do not list them.
"""

from datetime import date
from typing import NamedTuple


class _Era(NamedTuple):
    name: str
    letter: str
    start: date


# Newest first. 明治 is taken to start on 1868-01-25 (明治元年1月1日 of the old calendar, to which
# the 1868 改元 was back-dated) for simplicity; months and days before 1873 are still printed
# Gregorian, not in the lunisolar calendar then in use.
_ERAS: tuple[_Era, ...] = (
    _Era("令和", "R", date(2019, 5, 1)),
    _Era("平成", "H", date(1989, 1, 8)),
    _Era("昭和", "S", date(1926, 12, 25)),
    _Era("大正", "T", date(1912, 7, 30)),
    _Era("明治", "M", date(1868, 1, 25)),
)


def _era_and_year(day: date) -> tuple[_Era, int]:
    for era in _ERAS:
        if day >= era.start:
            return era, day.year - era.start.year + 1
    raise ValueError(f"{day} is before 明治")


def era_of(day: date) -> tuple[str, int]:
    """Return the era name and year, e.g. 2025-05-15 → ("令和", 7)."""
    era, year = _era_and_year(day)
    return era.name, year


def wareki(day: date) -> str:
    """Return the full form, e.g. "令和7年5月15日"; the first year is written 元年."""
    era, year = _era_and_year(day)
    year_text = "元" if year == 1 else str(year)
    return f"{era.name}{year_text}年{day.month}月{day.day}日"


def wareki_short(day: date) -> str:
    """Return the short form printed on forms, e.g. "R7.5.15".

    Choice: era letter, then year, month and day without zero padding; the first year is "1".
    """
    era, year = _era_and_year(day)
    return f"{era.letter}{year}.{day.month}.{day.day}"
