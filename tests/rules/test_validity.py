"""資格有効性. Which rows OQS reports for codes 2, 3 and 5 is [unverified] (oqs-interface §6
pitfall 7); the expected rows below pin the choices documented in onshi.rules.validity."""

from datetime import date

import pytest

from onshi.rules.validity import Candidate, Validity, covers, qualification_validity

ON = date(2025, 5, 15)


def row(
    person: str,
    acquired: date,
    lost: date | None = None,
    *,
    other: bool = False,
) -> Candidate:
    return Candidate(
        person_key=person, acquired=acquired, lost=lost, person_has_other_on_date=other
    )


def test_codes_and_labels() -> None:
    assert {v.value: v.label for v in Validity} == {
        "1": "有効",
        "2": "無効",
        "3": "無効（新しい資格あり）",
        "4": "該当資格なし",
        "5": "複数該当",
    }
    assert Validity("3") is Validity.INVALID_NEWER


@pytest.mark.parametrize(
    ("acquired", "lost", "expected"),
    [
        (date(2020, 4, 1), None, True),
        (ON, None, True),  # acquired on the day
        (date(2025, 5, 16), None, False),  # acquired tomorrow
        (date(2020, 4, 1), date(2025, 5, 16), True),  # last covered day
        (date(2020, 4, 1), ON, False),  # 喪失日 is the first day not covered
        (date(2020, 4, 1), date(2025, 5, 14), False),
    ],
)
def test_covers(acquired: date, lost: date | None, expected: bool) -> None:
    assert covers(acquired, lost, ON) is expected


def test_no_candidates_is_not_found() -> None:
    assert qualification_validity([], ON) == (Validity.NOT_FOUND, ())


def test_one_covering_row_is_valid() -> None:
    current = row("p1", date(2018, 4, 1))
    assert qualification_validity([current], ON) == (Validity.VALID, (current,))


def test_valid_ignores_the_persons_old_rows() -> None:
    old = row("p1", date(2010, 4, 1), date(2018, 4, 1))
    current = row("p1", date(2018, 4, 1))
    assert qualification_validity([old, current], ON) == (Validity.VALID, (current,))


def test_valid_reports_the_latest_of_one_persons_overlapping_rows() -> None:
    older = row("p1", date(2010, 4, 1))
    newer = row("p1", date(2020, 4, 1))
    assert qualification_validity([newer, older], ON) == (Validity.VALID, (newer,))


def test_covered_person_wins_over_a_person_not_covered() -> None:
    gone = row("p2", date(2010, 4, 1), date(2015, 4, 1))
    current = row("p1", date(2018, 4, 1))
    assert qualification_validity([gone, current], ON) == (Validity.VALID, (current,))


def test_two_persons_covered_is_multiple_with_all_covering_rows() -> None:
    first = row("p1", date(2018, 4, 1))
    second = row("p2", date(2019, 4, 1))
    gone = row("p3", date(2010, 4, 1), date(2012, 4, 1))
    assert qualification_validity([first, gone, second], ON) == (
        Validity.MULTIPLE,
        (first, second),
    )


def test_lost_on_the_day_is_invalid() -> None:
    retired = row("p1", date(2018, 4, 1), ON)
    assert qualification_validity([retired], ON) == (Validity.INVALID, (retired,))


def test_lost_on_the_day_with_another_qualification_is_invalid_newer() -> None:
    retired = row("p1", date(2018, 4, 1), ON, other=True)
    assert qualification_validity([retired], ON) == (Validity.INVALID_NEWER, (retired,))


def test_future_acquisition_is_not_covered() -> None:
    starts_tomorrow = row("p1", date(2025, 5, 16))
    assert qualification_validity([starts_tomorrow], ON) == (
        Validity.INVALID,
        (starts_tomorrow,),
    )


def test_not_covered_reports_the_persons_latest_row_and_its_flag() -> None:
    oldest = row("p1", date(2005, 4, 1), date(2010, 4, 1), other=False)
    latest = row("p1", date(2015, 4, 1), date(2020, 4, 1), other=True)
    assert qualification_validity([latest, oldest], ON) == (Validity.INVALID_NEWER, (latest,))

    latest_without_other = row("p1", date(2015, 4, 1), date(2020, 4, 1), other=False)
    older_with_other = row("p1", date(2005, 4, 1), date(2010, 4, 1), other=True)
    assert qualification_validity([older_with_other, latest_without_other], ON) == (
        Validity.INVALID,
        (latest_without_other,),
    )


def test_several_persons_none_covered_is_multiple_with_their_latest_rows() -> None:
    p1_old = row("p1", date(2000, 4, 1), date(2005, 4, 1))
    p2 = row("p2", date(2008, 4, 1), date(2012, 4, 1), other=True)
    p1_new = row("p1", date(2006, 4, 1), date(2010, 4, 1))
    assert qualification_validity([p1_old, p2, p1_new], ON) == (
        Validity.MULTIPLE,
        (p1_new, p2),
    )
