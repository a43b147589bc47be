"""The generated population, on SQLite and PostgreSQL (see conftest.population)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, Row, func, select
from synth_databases import EngineFactory

from onshi.hub.models import (
    Facility,
    Insurer,
    Person,
    Qualification,
    SpecificDiseaseCertificate,
)
from onshi.rules.age import elderly_start, late_elderly_start
from onshi.rules.burden import IncomeCategory
from onshi.rules.houbetsu import Scheme
from onshi.rules.numbers import PREFECTURES, parse_institution_code, parse_insurer_number
from onshi.rules.validity import covers
from onshi.synth import (
    DEMO_INSTITUTION_CODE,
    PopulatedDatabaseError,
    SynthConfig,
    SynthReport,
    generate,
)
from onshi.synth.kana import is_half_width_kana
from onshi.synth.names import UNSUPPORTED_KANJI, UNSUPPORTED_MARK
from onshi.synth.postal import POSTAL_AREAS

AS_OF = SynthConfig().as_of
Population = tuple[Engine, SynthReport]


def _all(engine: Engine, *columns: Any) -> list[Row[Any]]:
    with engine.connect() as conn:
        return list(conn.execute(select(*columns)).all())


def _join_insurers(engine: Engine) -> list[Row[Any]]:
    q, i, p = Qualification.__table__, Insurer.__table__, Person.__table__
    query = (select(*q.c, i.c.scheme, i.c.number.label("insurer_printed"), p.c.household)
             .join(i, i.c.id == q.c.insurer_id).join(p, p.c.id == q.c.person_id))
    with engine.connect() as conn:
        return list(conn.execute(query).all())


def test_report_matches_the_database(population: Population) -> None:
    engine, report = population
    with engine.connect() as conn:
        def count(model: Any) -> int:
            return conn.execute(select(func.count()).select_from(model)).scalar_one()

        assert count(Person) == report.persons == 2_000
        assert count(Qualification) == report.qualifications
        assert count(Insurer) == report.insurers
        assert count(Facility) == report.facilities
        assert count(SpecificDiseaseCertificate) == report.specific_disease_certificates
        households = conn.execute(select(func.count(func.distinct(Person.household))))
        assert households.scalar_one() == report.households
    assert report.persons_with_gaiji > 0 and report.twin_pairs > 0
    assert report.deceased > 0 and report.on_welfare > 0 and report.changed_insurer > 0
    assert report.seconds > 0


def test_every_insurer_number_is_valid(population: Population) -> None:
    engine, _ = population
    for number, scheme in _all(engine, Insurer.number, Insurer.scheme):
        parse_insurer_number(number)
        assert Scheme(scheme)
    for row in _join_insurers(engine):
        assert row.insurer_number == row.insurer_printed


def test_every_facility_code_is_valid(population: Population) -> None:
    engine, _ = population
    codes = {code: name for code, name in _all(engine, Facility.code, Facility.name)}
    for code in codes:
        parse_institution_code(code)
    assert codes[DEMO_INSTITUTION_CODE] == "オンシ内科クリニック"


def test_household_members_share_numbers_and_differ_by_branch(population: Population) -> None:
    engine, _ = population
    cards: dict[tuple[str, str, str], list[Row[Any]]] = defaultdict(list)
    for row in _join_insurers(engine):
        if row.scheme != Scheme.LATE_ELDERLY:
            cards[(row.insurer_number, row.symbol, row.number)].append(row)
    shared = 0
    for rows in cards.values():
        assert len({r.household for r in rows}) == 1
        assert len({r.branch for r in rows}) == len(rows)
        assert len({r.insured_name for r in rows}) == 1
        # 本人 on 枝番 01; a 国保 世帯主 who moved to 後期 long ago has left the card to the 家族.
        assert all((r.personal_family == "1") == (r.branch == "01") for r in rows)
        assert {r.personal_family for r in rows} <= {"1", "2"}
        shared += len(rows) > 1
    assert shared > 100


def test_households_have_one_to_five_persons_at_one_address(population: Population) -> None:
    engine, _ = population
    households: dict[int, set[tuple[str, str]]] = defaultdict(set)
    sizes: dict[int, int] = defaultdict(int)
    for household, post_number, address in _all(engine, Person.household, Person.post_number,
                                                Person.address):
        households[household].add((post_number, address))
        sizes[household] += 1
    assert all(len(addresses) == 1 for addresses in households.values())
    assert set(sizes.values()) == {1, 2, 3, 4, 5}


@pytest.mark.parametrize("persons", [1, 7])
def test_tiny_populations_have_exactly_the_persons_asked(new_hub: EngineFactory,
                                                       persons: int) -> None:
    with new_hub() as engine:
        report = generate(engine, SynthConfig(persons=persons), progress=False)
        assert report.persons == persons == len(_all(engine, Person.id))


def test_late_elderly_qualifications_are_personal(population: Population) -> None:
    engine, _ = population
    late = [r for r in _join_insurers(engine) if r.scheme == Scheme.LATE_ELDERLY]
    assert late
    assert len({(r.insurer_number, r.number) for r in late}) == len(late)
    for row in late:
        assert row.symbol == "" and row.branch is None and row.personal_family is None
        assert len(row.number) == 8 and row.number.isdigit()
        assert row.acquired == max(late_elderly_start(row.birthdate), date(2008, 4, 1))


def test_75_and_over_are_late_elderly_from_the_75th_birthday(population: Population) -> None:
    engine, _ = population
    by_person: dict[int, list[Row[Any]]] = defaultdict(list)
    for row in _join_insurers(engine):
        by_person[row.person_id].append(row)
    switched = 0
    for rows in by_person.values():
        turned = late_elderly_start(rows[0].birthdate)
        covering = [r for r in rows if covers(r.acquired, r.lost, AS_OF)]
        late = [r for r in covering if r.scheme == Scheme.LATE_ELDERLY]
        if turned > AS_OF:
            assert not late
            continue
        if covering:  # not dead, not on 生活保護
            assert late == covering
        for before in (r for r in rows if r.scheme != Scheme.LATE_ELDERLY):
            if before.lost is not None and before.lost >= turned:
                assert before.lost == turned and before.reason_of_loss == "03"
                switched += 1
    assert switched > 0


def test_at_most_one_qualification_covers_a_day(population: Population) -> None:
    engine, _ = population
    by_person: dict[int, list[Row[Any]]] = defaultdict(list)
    for row in _join_insurers(engine):
        assert row.lost is None or row.lost > row.acquired
        assert (row.lost is None) == (row.reason_of_loss is None) or row.lost > AS_OF
        by_person[row.person_id].append(row)
    for rows in by_person.values():
        for day in {r.acquired for r in rows} | {r.lost for r in rows if r.lost}:
            assert sum(covers(r.acquired, r.lost, day) for r in rows) <= 1
    assert len(by_person) == 2_000  # nobody without a qualification


def test_losses_by_death_and_welfare_leave_nothing_after(population: Population) -> None:
    engine, _ = population
    by_person: dict[int, list[Row[Any]]] = defaultdict(list)
    for row in _join_insurers(engine):
        by_person[row.person_id].append(row)
    reasons = set()
    for rows in by_person.values():
        for row in rows:
            if row.reason_of_loss in ("01", "02"):
                reasons.add(row.reason_of_loss)
                assert all(other.acquired < row.lost for other in rows)
    assert reasons == {"01", "02"}


def test_gaiji_names_carry_marks_and_intact_kana(population: Population) -> None:
    engine, report = population
    persons = _all(engine, Person.name, Person.name_kana)
    marked = [p for p in persons if UNSUPPORTED_MARK in p.name]
    assert len(marked) == report.persons_with_gaiji > 0
    for name, kana in persons:
        assert not set(name) & UNSUPPORTED_KANJI
        assert name.count("\u3000") == 1
        assert is_half_width_kana(kana) and kana.count(" ") == 1, kana


def test_addresses_and_postal_codes_come_from_the_table(population: Population) -> None:
    engine, _ = population
    areas = {(code, PREFECTURES[pref] + city + town) for code, pref, city, town, _ in POSTAL_AREAS}
    for post_number, address in _all(engine, Person.post_number, Person.address):
        assert any(post_number == code and address.startswith(prefix) for code, prefix in areas)


def test_elderly_certificates_belong_to_70_to_74(population: Population) -> None:
    engine, report = population
    in_force = 0
    for row in _join_insurers(engine):
        if row.elderly_ratio is None:
            continue
        assert row.scheme != Scheme.LATE_ELDERLY
        assert elderly_start(row.birthdate) <= row.elderly_valid_from
        assert row.elderly_valid_until < late_elderly_start(row.birthdate)
        active = row.income == IncomeCategory.ACTIVE
        assert row.elderly_ratio == (30 if active else 20)
        in_force += row.elderly_valid_from <= AS_OF <= row.elderly_valid_until and covers(
            row.acquired, row.lost, AS_OF)
    assert in_force == report.elderly_recipients > 0


def test_limit_and_specific_disease_certificates(population: Population) -> None:
    engine, report = population
    rows = _join_insurers(engine)
    limits = [r for r in rows if r.limit_category is not None]
    assert len(limits) == report.with_limit_certificate > 0
    for row in limits:
        assert covers(row.acquired, row.lost, AS_OF)
        assert row.limit_valid_from <= AS_OF <= row.limit_valid_until
        assert row.limit_kind in ("01", "02")
    flagged = {r.id for r in rows if r.has_specific_disease}
    certificates = _all(engine, SpecificDiseaseCertificate.qualification_id,
                        SpecificDiseaseCertificate.self_pay_yen)
    assert {c.qualification_id for c in certificates} == flagged and flagged
    assert {c.self_pay_yen for c in certificates} <= {10_000, 20_000}


def test_a_populated_database_is_refused(population: Population) -> None:
    engine, _ = population
    with pytest.raises(PopulatedDatabaseError, match="already has persons"):
        generate(engine, SynthConfig(persons=10), progress=False)
