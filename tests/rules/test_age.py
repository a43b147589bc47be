from datetime import date

import pytest

from onshi.rules.age import (
    age_on,
    birthday,
    elderly_start,
    is_preschool,
    late_elderly_start,
    preschool_end,
    reaches_age_on,
)

LEAP_BABY = date(2000, 2, 29)


@pytest.mark.parametrize(
    ("birthdate", "on", "age"),
    [
        (date(2000, 4, 2), date(2006, 3, 31), 5),
        (date(2000, 4, 2), date(2006, 4, 1), 6),  # reaches 6 the day before the birthday
        (date(2000, 4, 2), date(2006, 4, 2), 6),
        (date(2000, 4, 2), date(2000, 4, 2), 0),
        (date(1950, 5, 15), date(2025, 5, 13), 74),
        (date(1950, 5, 15), date(2025, 5, 14), 75),
        (date(1955, 6, 1), date(2025, 5, 31), 70),
        (date(1990, 1, 1), date(2025, 12, 30), 35),
        (date(1990, 1, 1), date(2025, 12, 31), 36),  # day before the birthday, across New Year
        (LEAP_BABY, date(2001, 2, 27), 0),
        (LEAP_BABY, date(2001, 2, 28), 1),
        (LEAP_BABY, date(2004, 2, 27), 3),
        (LEAP_BABY, date(2004, 2, 28), 4),
    ],
)
def test_age_on(birthdate: date, on: date, age: int) -> None:
    assert age_on(birthdate, on) == age


def test_age_on_before_birth_raises() -> None:
    with pytest.raises(ValueError):
        age_on(date(2025, 5, 15), date(2025, 5, 14))


def test_birthday_of_29_february_is_1_march_in_common_years() -> None:
    # Documented choice in onshi.rules.age.birthday.
    assert birthday(LEAP_BABY, 1) == date(2001, 3, 1)
    assert birthday(LEAP_BABY, 4) == date(2004, 2, 29)
    assert reaches_age_on(LEAP_BABY, 1) == date(2001, 2, 28)
    assert reaches_age_on(LEAP_BABY, 4) == date(2004, 2, 28)


def test_birthday_and_reaching_age() -> None:
    assert birthday(date(2000, 4, 2), 0) == date(2000, 4, 2)
    assert birthday(date(2000, 4, 2), 6) == date(2006, 4, 2)
    assert reaches_age_on(date(2000, 4, 2), 6) == date(2006, 4, 1)
    assert reaches_age_on(date(2000, 1, 1), 1) == date(2000, 12, 31)


def test_negative_age_raises() -> None:
    with pytest.raises(ValueError):
        birthday(date(2000, 4, 2), -1)


@pytest.mark.parametrize(
    ("birthdate", "end"),
    [
        (date(2019, 4, 1), date(2025, 3, 31)),  # reaches 6 on 31 March itself
        (date(2019, 4, 2), date(2026, 3, 31)),  # reaches 6 on 1 April → a year later
        (date(2019, 5, 15), date(2026, 3, 31)),
        (date(2020, 1, 1), date(2026, 3, 31)),
        (date(2020, 3, 31), date(2026, 3, 31)),
        (date(2016, 2, 29), date(2022, 3, 31)),
    ],
)
def test_preschool_end(birthdate: date, end: date) -> None:
    assert preschool_end(birthdate) == end


@pytest.mark.parametrize(
    ("birthdate", "on", "expected"),
    [
        (date(2019, 4, 1), date(2025, 3, 31), True),
        (date(2019, 4, 1), date(2025, 4, 1), False),
        (date(2019, 4, 1), date(2025, 5, 15), False),
        (date(2019, 4, 2), date(2025, 5, 15), True),
        (date(2019, 4, 2), date(2026, 3, 31), True),
        (date(2019, 4, 2), date(2026, 4, 1), False),
        (date(2025, 5, 15), date(2025, 12, 2), True),
    ],
)
def test_is_preschool(birthdate: date, on: date, expected: bool) -> None:
    assert is_preschool(birthdate, on) is expected


@pytest.mark.parametrize(
    ("birthdate", "start"),
    [
        (date(1955, 6, 1), date(2025, 6, 1)),  # born on the 1st: from the birthday month
        (date(1955, 6, 2), date(2025, 7, 1)),  # otherwise the month after
        (date(1955, 5, 15), date(2025, 6, 1)),
        (date(1955, 6, 30), date(2025, 7, 1)),
        (date(1955, 12, 15), date(2026, 1, 1)),  # December rolls into the next year
        (date(1956, 1, 1), date(2026, 1, 1)),  # reaches 70 on 31 December
        (date(1956, 1, 2), date(2026, 2, 1)),
        (date(1956, 2, 29), date(2026, 3, 1)),  # reaches 70 on 28 February 2026
        (date(1956, 3, 1), date(2026, 3, 1)),
    ],
)
def test_elderly_start(birthdate: date, start: date) -> None:
    assert elderly_start(birthdate) == start


@pytest.mark.parametrize(
    ("birthdate", "start"),
    [
        (date(1950, 5, 15), date(2025, 5, 15)),  # the 75th birthday itself
        (date(1950, 12, 2), date(2025, 12, 2)),
        (date(1950, 1, 1), date(2025, 1, 1)),
        # 29 February births start on 1 March: [unverified] how insurers date it.
        (date(1952, 2, 29), date(2027, 3, 1)),
    ],
)
def test_late_elderly_start(birthdate: date, start: date) -> None:
    assert late_elderly_start(birthdate) == start
