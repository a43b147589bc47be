from collections.abc import Callable
from datetime import date

import pytest

from onshi.rules.era import era_of, wareki, wareki_short


@pytest.mark.parametrize(
    ("day", "full", "short", "era"),
    [
        (date(2025, 5, 15), "令和7年5月15日", "R7.5.15", ("令和", 7)),
        (date(2025, 12, 2), "令和7年12月2日", "R7.12.2", ("令和", 7)),
        (date(2019, 5, 1), "令和元年5月1日", "R1.5.1", ("令和", 1)),
        (date(2020, 1, 1), "令和2年1月1日", "R2.1.1", ("令和", 2)),
        (date(2019, 4, 30), "平成31年4月30日", "H31.4.30", ("平成", 31)),
        (date(1989, 1, 8), "平成元年1月8日", "H1.1.8", ("平成", 1)),
        (date(1989, 1, 7), "昭和64年1月7日", "S64.1.7", ("昭和", 64)),
        (date(1926, 12, 25), "昭和元年12月25日", "S1.12.25", ("昭和", 1)),
        (date(1926, 12, 24), "大正15年12月24日", "T15.12.24", ("大正", 15)),
        (date(1912, 7, 30), "大正元年7月30日", "T1.7.30", ("大正", 1)),
        (date(1912, 7, 29), "明治45年7月29日", "M45.7.29", ("明治", 45)),
        (date(1868, 1, 25), "明治元年1月25日", "M1.1.25", ("明治", 1)),  # simplified start
    ],
)
def test_era_forms(day: date, full: str, short: str, era: tuple[str, int]) -> None:
    assert wareki(day) == full
    assert wareki_short(day) == short
    assert era_of(day) == era


@pytest.mark.parametrize("convert", [wareki, wareki_short, era_of])
def test_before_meiji_raises(convert: Callable[[date], object]) -> None:
    with pytest.raises(ValueError):
        convert(date(1868, 1, 24))
