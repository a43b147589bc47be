"""Age and the age-based dates behind 負担割合 (domain-rules C1).

Japanese legal age (年齢計算ニ関スル法律, 民法143条): a person reaches age N (年齢に達する日) on the
day before the Nth birthday.
"""

from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


def birthday(birthdate: date, n: int) -> date:
    """Return the Nth birthday.

    Choice: someone born on 29 February has the birthday on 1 March in common years, so the day
    before it (reaching the age) is 28 February, the last day of the month as 民法143条 gives.
    """
    if n < 0:
        raise ValueError(f"age must not be negative, got {n}")
    year = birthdate.year + n
    try:
        return birthdate.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def reaches_age_on(birthdate: date, n: int) -> date:
    """Return the day the person reaches age N: the day before the Nth birthday (C1)."""
    return birthday(birthdate, n) - _ONE_DAY


def age_on(birthdate: date, on: date) -> int:
    """Return the legal age on `on`; it goes up on the day before each birthday (C1)."""
    if on < birthdate:
        raise ValueError(f"{on} is before the birthdate {birthdate}")
    # Start one year high: a person born on 1 January reaches the next age on 31 December.
    years = on.year - birthdate.year + 1
    while reaches_age_on(birthdate, years) > on:
        years -= 1
    return years


def preschool_end(birthdate: date) -> date:
    """Return the last day of 未就学: the first 31 March on or after reaching 6 (C1)."""
    reached = reaches_age_on(birthdate, 6)
    march_end = date(reached.year, 3, 31)
    return march_end if reached <= march_end else date(reached.year + 1, 3, 31)


def is_preschool(birthdate: date, on: date) -> bool:
    """Tell whether the child is 未就学 (before school entry) on `on` (C1)."""
    return on <= preschool_end(birthdate)


def elderly_start(birthdate: date) -> date:
    """Return the first day of the 70–74 ratio (高齢受給者): the 1st of the month after reaching 70.

    For someone born on the 1st, reaching 70 falls on the last day of the previous month, so
    the ratio starts on the 1st of the birthday month, as C1 states.
    """
    reached = reaches_age_on(birthdate, 70)
    if reached.month == 12:
        return date(reached.year + 1, 1, 1)
    return date(reached.year, reached.month + 1, 1)


def late_elderly_start(birthdate: date) -> date:
    """Return the first day of 後期高齢者医療 qualification: the 75th birthday itself (C1).

    For a 29 February birth in a common year this is 1 March (see `birthday`); [unverified]
    how insurers date it.
    """
    return birthday(birthdate, 75)
