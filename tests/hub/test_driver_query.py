"""The hot-path query on the driver's cursor answers as SQLAlchemy would, on both backends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, bindparam, event, select, text
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


def _pool_traffic(engine: Engine) -> dict[str, int]:
    counts = {"checkout": 0, "checkin": 0}
    for name in counts:
        event.listen(engine, name, lambda *_, name=name: counts.__setitem__(name, counts[name] + 1))
    return counts


def test_a_query_keeps_its_connection_between_lookups(hub_engine):
    _populated(hub_engine)
    query = DriverQuery.prepare(_BY_NUMBER, hub_engine)
    traffic = _pool_traffic(hub_engine)
    for _ in range(5):
        assert len(query.run({"number": "123", "born": BORN})) == 2
    assert traffic == {"checkout": 1, "checkin": 0}


def test_queries_of_one_engine_share_the_connections_they_keep(hub_engine):
    _populated(hub_engine)
    traffic = _pool_traffic(hub_engine)
    for _ in range(20):  # e.g. a store made per request
        DriverQuery.prepare(_BY_NUMBER, hub_engine).run({"number": "123", "born": BORN})
    assert traffic == {"checkout": 1, "checkin": 0}


def test_kept_connections_are_closed_when_the_engine_is_disposed(hub_engine):
    _populated(hub_engine)
    query = DriverQuery.prepare(_BY_NUMBER, hub_engine)
    lent: list = []
    event.listen(hub_engine, "checkout", lambda driver, *_: lent.append(driver))
    query.run({"number": "123", "born": BORN})
    hub_engine.dispose()
    with pytest.raises(hub_engine.dialect.loaded_dbapi.Error):
        lent[0].cursor().execute("SELECT 1")


def test_a_connection_kept_past_its_time_goes_back_to_the_pool(hub_engine):
    _populated(hub_engine)
    query = DriverQuery.prepare(_BY_NUMBER, hub_engine, keep_seconds=0)
    traffic = _pool_traffic(hub_engine)
    query.run({"number": "123", "born": BORN})
    query.run({"number": "123", "born": BORN})
    assert traffic == {"checkout": 2, "checkin": 2}


def test_a_connection_idle_past_its_time_is_not_used_again(hub_engine):
    """An idle spell longer than the keep time: the pool (and its recycling) lends anew."""
    _populated(hub_engine)
    seconds = [0.0]
    query = DriverQuery.prepare(_BY_NUMBER, hub_engine, keep_seconds=60,
                                timer=lambda: seconds[0])
    traffic = _pool_traffic(hub_engine)
    query.run({"number": "123", "born": BORN})
    seconds[0] = 3600.0
    assert len(query.run({"number": "123", "born": BORN})) == 2
    assert traffic == {"checkout": 2, "checkin": 1}


def test_a_connection_lent_before_a_dispose_is_closed_not_kept(hub_engine):
    """The engine disposed while a lookup runs: that lookup's connection belongs to the old
    pool, so it is closed afterwards, and the next lookup gets one from the new pool."""
    _populated(hub_engine)
    query = DriverQuery.prepare(_BY_NUMBER, hub_engine)
    lent: list = []

    def dispose_once(driver, *_):
        lent.append(driver)
        if len(lent) == 1:
            hub_engine.dispose()
    event.listen(hub_engine, "checkout", dispose_once)
    assert len(query.run({"number": "123", "born": BORN})) == 2
    with pytest.raises(hub_engine.dialect.loaded_dbapi.Error):
        lent[0].cursor().execute("SELECT 1")
    assert len(query.run({"number": "123", "born": BORN})) == 2
    assert len(lent) == 2


def test_connections_go_back_to_the_pool_still_transactional(hub_engine):
    """PostgreSQL lookups run in autocommit; the pool must not hand that mode on to writers."""
    _populated(hub_engine)
    DriverQuery.prepare(_BY_NUMBER, hub_engine, keep_seconds=0).run(
        {"number": "123", "born": BORN})
    with hub_engine.connect() as conn:
        conn.execute(text("DELETE FROM qualifications"))
        conn.rollback()
    with hub_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM qualifications")).scalar_one() == 2
