"""資格有効性 (qualification validity) of the qualification a card points at.

Source: oqs-interface §4 (OQSCD006) and §6 pitfalls 7–8; domain-rules B6.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Validity(StrEnum):
    """QualificationValidity codes (OQSCD006).

    Code 6 有効（未登録） is left out: it is returned for 医療扶助 only.
    """

    VALID = "1"
    INVALID = "2"
    INVALID_NEWER = "3"
    NOT_FOUND = "4"
    MULTIPLE = "5"

    @property
    def label(self) -> str:
        """Japanese label as OQS names the code."""
        return _LABELS[self]


_LABELS: dict[Validity, str] = {
    Validity.VALID: "有効",
    Validity.INVALID: "無効",
    Validity.INVALID_NEWER: "無効（新しい資格あり）",
    Validity.NOT_FOUND: "該当資格なし",
    Validity.MULTIPLE: "複数該当",
}


@dataclass(frozen=True)
class Candidate:
    """One qualification row matching the card data (insurer, 記号・番号 (+枝番), birthdate).

    `lost` is the 資格喪失日, the first day not covered (the day after retirement or death).
    `person_has_other_on_date` says the same person holds another qualification on the date.
    """

    person_key: str
    acquired: date
    lost: date | None
    person_has_other_on_date: bool


def covers(acquired: date, lost: date | None, on: date) -> bool:
    """Tell whether a qualification from 資格取得日 `acquired` to 喪失日 `lost` covers `on`."""
    return acquired <= on and (lost is None or on < lost)


def qualification_validity(
    candidates: Sequence[Candidate], on: date
) -> tuple[Validity, tuple[Candidate, ...]]:
    """Decide the 資格有効性 on `on` and the candidates the result should report.

    Which rows OQS puts in ResultList for codes 2, 3 and 5 is [unverified] (oqs-interface §6
    pitfall 7 and §7), so this function chooses:
    - several persons covered on the date → 5 複数該当 with every covering row;
    - one person covered → 1 有効 with that row (the latest acquired if the person has several);
    - nobody covered → each person's latest row; one person → 2 無効, or 3 無効（新しい資格あり）
      when that person holds another qualification on the date; several persons → 5 複数該当.
    Reported rows follow the input order (latest rows: the order persons first appear).
    """
    if not candidates:
        return Validity.NOT_FOUND, ()
    covering = [c for c in candidates if covers(c.acquired, c.lost, on)]
    if covering:
        latest_covering = _latest_per_person(covering)
        if len(latest_covering) == 1:
            return Validity.VALID, latest_covering
        return Validity.MULTIPLE, tuple(covering)
    latest = _latest_per_person(candidates)
    if len(latest) > 1:
        return Validity.MULTIPLE, latest
    (only,) = latest
    return (Validity.INVALID_NEWER if only.person_has_other_on_date else Validity.INVALID), latest


def _latest_per_person(candidates: Sequence[Candidate]) -> tuple[Candidate, ...]:
    """Keep each person's most recently acquired row (the first one given on a tie)."""
    latest: dict[str, Candidate] = {}
    for candidate in candidates:
        kept = latest.get(candidate.person_key)
        if kept is None or candidate.acquired > kept.acquired:
            latest[candidate.person_key] = candidate
    return tuple(latest.values())
