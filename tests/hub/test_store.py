"""The hub's queries on both backends."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete

from onshi.hub.models import Facility
from onshi.hub.store import HubStore
from tests.hub.builders import INSTITUTION, KYOKAI_OSAKA, KYOKAI_TOKYO, Registry

BORN = date(1980, 7, 1)


def test_lookup_by_card_returns_every_matching_qualification(hub_engine):
    registry = Registry(hub_engine)
    person = registry.person(BORN)
    registry.qualification(person, BORN, lost=date(2024, 4, 1))
    registry.qualification(person, BORN, insurer=KYOKAI_OSAKA, number="9")
    rows = HubStore(hub_engine).qualifications_by_card(KYOKAI_TOKYO, "123", BORN)
    assert [(r.insurer_name, r.lost, r.name) for r in rows] == [
        ("全国健康保険協会東京支部", date(2024, 4, 1), "試験　花子")]
    assert HubStore(hub_engine).qualifications_by_card(KYOKAI_TOKYO, "123", date(1980, 7, 2)) == []


def test_persons_insured_elsewhere_on_a_day(hub_engine):
    registry = Registry(hub_engine)
    person = registry.person(BORN)
    old = registry.qualification(person, BORN, lost=date(2024, 4, 1))
    registry.qualification(person, BORN, insurer=KYOKAI_OSAKA, number="9",
                           acquired=date(2024, 4, 1))
    store = HubStore(hub_engine)
    assert store.persons_insured_elsewhere([person], [old], date(2025, 5, 15)) == {person}
    assert store.persons_insured_elsewhere([person], [old], date(2024, 3, 31)) == set()


def test_registered_facilities_are_remembered_only_briefly(hub_engine):
    Registry(hub_engine)
    remembering, forgetting = HubStore(hub_engine), HubStore(hub_engine, 0.0)
    assert remembering.facility_exists(INSTITUTION) and forgetting.facility_exists(INSTITUTION)
    with hub_engine.begin() as conn:
        conn.execute(delete(Facility))
    assert remembering.facility_exists(INSTITUTION)
    assert not forgetting.facility_exists(INSTITUTION)
    assert not remembering.facility_exists("1312345687")
