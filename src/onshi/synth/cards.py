"""sample_cards(): real card data sets from the hub database, one list per validity case.

Every sample is checked before it is returned: the rows a request with exactly these card data
would match are read back and judged by rules.validity, as the hub judges them, and only
samples matching a single row (two rows of two persons for "multiple") are kept, so the label
holds however the hub groups rows. Candidates are read in id order, so the showcase households
at the head of the population (see drafts.py) come first and the search mostly stops there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    Select,
    and_,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from onshi.hub.models import Insurer, Person, Qualification
from onshi.rules.age import elderly_start, is_preschool, late_elderly_start
from onshi.rules.houbetsu import Scheme
from onshi.rules.validity import Candidate, Validity, covers, qualification_validity
from onshi.synth.names import UNSUPPORTED_MARK

CASES = ("valid", "invalid", "invalid_newer", "not_found", "multiple", "preschool",
         "elderly_70_74", "late_elderly", "limit_certificate", "gaiji")
_EXPECTED: dict[str, Validity] = {
    "invalid": Validity.INVALID, "invalid_newer": Validity.INVALID_NEWER,
    "not_found": Validity.NOT_FOUND, "multiple": Validity.MULTIPLE}
_PAGES = (10, 40, 160, 640, 2_560, 2_560, 2_560, 2_560)  # candidate rows per query

_q = Qualification.__table__.c
_p = Person.__table__.c
_i = Insurer.__table__.c


@dataclass(frozen=True)
class CardSample:
    """Card data as printed (insurer number 8 or 6 digits), and what a query on it returns."""

    insurer_number: str
    symbol: str | None
    number: str
    branch: str | None
    birthdate: date
    name: str
    name_kana: str
    expected: str  # one of CASES


def sample_cards(engine: Engine, on: date, limit_per_case: int = 3
                 ) -> dict[str, list[CardSample]]:
    """Up to `limit_per_case` verified samples for each of CASES, queried on `on`."""
    with engine.connect() as conn:
        samples = {name: _find(conn, name, on, limit_per_case)
                   for name in CASES if name != "not_found"}
        samples["not_found"] = [_not_found(conn, sample) for sample in samples["valid"]]
    return {name: samples[name] for name in CASES}


def _find(conn: Connection, name: str, on: date, limit: int) -> list[CardSample]:
    """Page through candidate rows in id order until `limit` samples pass verification.

    Pages grow, so rare cases (found at the head of the population) cost little.
    """
    query, keep, order = _SEARCHES[name](on)
    found: list[CardSample] = []
    seen: set[tuple[str, str, str]] = set()  # one sample per card (household)
    after = 0
    for page in _PAGES:
        rows = conn.execute(query.where(_q.id > after).order_by(_q.id).limit(page)).all()
        for row in _round_robin(rows, order):
            sample = _sample(row, name)
            key = (sample.insurer_number, sample.symbol or "", sample.number)
            if key in seen or not keep(row) or not _verified(conn, sample, on):
                continue
            seen.add(key)
            found.append(sample)
            if len(found) == limit:
                return found
        if len(rows) < page:
            break
        after = rows[-1].id
    return found


_Search = tuple[Select[Any], Callable[[Row[Any]], bool], Callable[[Row[Any]], Any] | None]


def _covering(on: date, table: Any = Qualification.__table__) -> ColumnElement[bool]:
    return and_(table.c.acquired <= on, or_(table.c.lost.is_(None), table.c.lost > on))


def _card_rows() -> Select[Any]:
    return (select(_q.id, _q.insurer_number, _q.symbol, _q.number, _q.branch, _q.birthdate,
                   _p.name, _p.name_kana, _i.scheme)
            .join(Person.__table__, _p.id == _q.person_id)
            .join(Insurer.__table__, _i.id == _q.insurer_id))


def _valid(on: date) -> _Search:
    return _card_rows().where(_covering(on)), _always, lambda row: row.scheme


def _lost(on: date, newer: bool) -> _Search:
    other = aliased(Qualification.__table__)
    elsewhere = exists().where(other.c.person_id == _q.person_id, _covering(on, other))
    query = _card_rows().where(_q.lost <= on)
    if newer:  # left a job (その他), with a newer qualification
        return query.where(_q.reason_of_loss == "99", elsewhere), _always, None
    return (query.where(_q.reason_of_loss.in_(("01", "02")), ~elsewhere),
            _always, lambda row: row.scheme)


def _multiple(on: date) -> _Search:
    """Two persons (twins) on one card: same numbers and birthdate, both covered.

    A correlated EXISTS, so that the scan in id order stops at the first few twins.
    """
    twin = aliased(Qualification.__table__)
    has_twin = exists().where(
        twin.c.insurer_number == _q.insurer_number, twin.c.number == _q.number,
        twin.c.birthdate == _q.birthdate, twin.c.symbol == _q.symbol,
        twin.c.person_id != _q.person_id, _covering(on, twin))
    return _card_rows().where(_covering(on), has_twin), _always, None


def _preschool(on: date) -> _Search:
    young = _card_rows().where(_covering(on), _q.birthdate > date(on.year - 7, 1, 1))
    return young, lambda row: is_preschool(row.birthdate, on), None


def _elderly(on: date) -> _Search:
    query = _card_rows().where(_covering(on), _q.elderly_valid_from <= on,
                               _q.elderly_valid_until >= on)
    return query, lambda row: elderly_start(row.birthdate) <= on < late_elderly_start(
        row.birthdate), lambda row: row.scheme


def _late_elderly(on: date) -> _Search:
    query = _card_rows().where(_covering(on), _i.scheme == Scheme.LATE_ELDERLY.value)
    return query, _always, None


def _limit(on: date) -> _Search:
    query = _card_rows().where(_covering(on), _q.limit_valid_from <= on,
                               _q.limit_valid_until >= on)
    return query, _always, lambda row: row.scheme


def _gaiji(on: date) -> _Search:
    query = _card_rows().where(_covering(on), _p.name.contains(UNSUPPORTED_MARK))
    return query, _always, None


def _always(_row: Row[Any]) -> bool:
    return True


_SEARCHES: dict[str, Callable[[date], _Search]] = {
    "valid": _valid,
    "invalid": lambda on: _lost(on, newer=False),
    "invalid_newer": lambda on: _lost(on, newer=True),
    "multiple": _multiple,
    "preschool": _preschool,
    "elderly_70_74": _elderly,
    "late_elderly": _late_elderly,
    "limit_certificate": _limit,
    "gaiji": _gaiji,
}


def _round_robin(rows: Sequence[Row[Any]], key: Callable[[Row[Any]], Any] | None
                 ) -> list[Row[Any]]:
    """Rows reordered to alternate between key values (e.g. schemes), first-seen order."""
    if key is None:
        return list(rows)
    groups: dict[Any, list[Row[Any]]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    ordered: list[Row[Any]] = []
    queues = list(groups.values())
    while queues:
        ordered.extend(queue.pop(0) for queue in queues)
        queues = [queue for queue in queues if queue]
    return ordered


def _sample(row: Row[Any], name: str) -> CardSample:
    return CardSample(insurer_number=row.insurer_number, symbol=row.symbol or None,
                      number=row.number, branch=None if name == "multiple" else row.branch,
                      birthdate=row.birthdate, name=row.name, name_kana=row.name_kana,
                      expected=name)


def _verified(conn: Connection, sample: CardSample, on: date) -> bool:
    validity, rows = card_validity(conn, sample, on)
    if sample.expected == "multiple":
        return validity is Validity.MULTIPLE and len(rows) == 2 and all(
            covers(r.acquired, r.lost, on) for r in rows)
    return validity is _EXPECTED.get(sample.expected, Validity.VALID) and len(rows) == 1


def card_validity(conn: Connection, card: CardSample, on: date
                  ) -> tuple[Validity, list[Row[Any]]]:
    """資格有効性 of a request carrying `card` on `on`, and the qualification rows it matches.

    記号 and 枝番 narrow the match only when given, as in a real request (oqs-interface §6).
    """
    rows = [row for row in conn.execute(
        select(_q.id, _q.person_id, _q.symbol, _q.branch, _q.acquired, _q.lost)
        .where(_q.insurer_number == card.insurer_number, _q.number == card.number,
               _q.birthdate == card.birthdate)).all()
        if (card.symbol is None or row.symbol == card.symbol)
        and (card.branch is None or row.branch == card.branch)]
    ids = [row.id for row in rows]
    uncovered = {row.person_id for row in rows if not covers(row.acquired, row.lost, on)}
    other = aliased(Qualification.__table__)
    elsewhere = set(conn.execute(
        select(other.c.person_id).distinct()
        .where(other.c.person_id.in_(uncovered), other.c.id.not_in(ids), _covering(on, other))
    ).scalars()) if uncovered else set()
    validity, _chosen = qualification_validity(
        [Candidate(str(row.person_id), row.acquired, row.lost, row.person_id in elsewhere)
         for row in rows], on)
    return validity, rows


def _not_found(conn: Connection, sample: CardSample) -> CardSample:
    """The valid card with a number nobody holds under that insurer and 記号."""
    number = sample.number
    while True:
        number = _next_number(number)
        taken = conn.execute(select(func.count()).select_from(Qualification.__table__).where(
            _q.insurer_number == sample.insurer_number, _q.number == number,
            _q.symbol == (sample.symbol or ""))).scalar_one()
        if not taken:
            return replace(sample, number=number, expected="not_found")


def _next_number(number: str) -> str:
    """The number plus 7 with the same width (zero-padded numbers stay zero-padded)."""
    bumped = (int(number) + 7) % 10 ** len(number)
    return f"{bumped:0{len(number)}d}" if number.startswith("0") else str(bumped)
