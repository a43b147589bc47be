"""The hot-path query on the driver's cursor answers as SQLAlchemy would, on both backends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, bindparam, select, text
from sqlalchemy.exc import DBAPIError

from onshi.hub.driver_query import DriverQuery
from onshi.hub.models import Qualification
from tests.hub.builders import Registry

BORN = date(1950, 2, 28)
_q = Qualification.__table__.c
_BY_NUMBER = (select(_q.id, _q.number, _q.birthdate, _q.acquired, _q.lost,
                     _q.has_specific_disease)
              .where(_q.number == bindparam("number"), _q.birthdate == bindparam("born"))
              .order_by(_q.id))


def _populated(engine: Engine) -> list[int]:
    registry = Registry(engine)
    person = registry.person(BORN)
    return [registry.qualification(person, BORN, lost=date(2024, 4, 1)),
            registry.qualification(person, BORN, acquired=date(2024, 4, 1),
                                   has_specific_disease=True)]


def test_rows_carry_python_values_by_column_name(hub_engine):
    old, new = _populated(hub_engine)
    rows = DriverQuery.prepare(_BY_NUMBER, hub_engine).run({"number": "123", "born": BORN})
    assert [(r.id, r.number, r.birthdate, r.acquired, r.lost, r.has_specific_disease)
            for r in rows] == [
        (old, "123", BORN, date(2018, 4, 1), date(2024, 4, 1), False),
        (new, "123", BORN, date(2024, 4, 1), None, True)]
    with hub_engine.connect() as conn:
        expected = conn.execute(_BY_NUMBER, {"number": "123", "born": BORN}).all()
    assert [tuple(r) for r in rows] == [tuple(r) for r in expected]


def test_values_are_bound_as_the_column_types_store_them(hub_engine):
    _populated(hub_engine)
    query = DriverQuery.prepare(_BY_NUMBER, hub_engine)
    assert query.run({"number": "123", "born": date(1950, 3, 1)}) == []
    assert query.run({"number": "0123", "born": BORN}) == []


def test_a_driver_failure_is_a_sqlalchemy_error_and_the_next_call_recovers(hub_engine):
    _populated(hub_engine)
    query = DriverQuery.prepare(_BY_NUMBER, hub_engine)
    with hub_engine.begin() as conn:
        conn.execute(text("ALTER TABLE qualifications RENAME TO qualifications_away"))
    with pytest.raises(DBAPIError):
        query.run({"number": "123", "born": BORN})
    with hub_engine.begin() as conn:
        conn.execute(text("ALTER TABLE qualifications_away RENAME TO qualifications"))
    assert len(query.run({"number": "123", "born": BORN})) == 2


def test_connections_go_back_to_the_pool_still_transactional(hub_engine):
    """PostgreSQL lookups run in autocommit; the pool must not hand that mode on to writers."""
    _populated(hub_engine)
    DriverQuery.prepare(_BY_NUMBER, hub_engine).run({"number": "123", "born": BORN})
    with hub_engine.connect() as conn:
        conn.execute(text("DELETE FROM qualifications"))
        conn.rollback()
    with hub_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM qualifications")).scalar_one() == 2
