"""Insurer catalogue, facilities and the postal table: fixed data, checked without a database."""

import random
import re

from onshi.rules.houbetsu import Scheme, scheme_of
from onshi.rules.numbers import PREFECTURES, parse_institution_code, parse_insurer_number
from onshi.synth import DEMO_INSTITUTION_CODE
from onshi.synth.addresses import AREAS, AddressDrawer
from onshi.synth.facilities import facilities
from onshi.synth.insurers import Catalogue
from onshi.synth.postal import POSTAL_AREAS


def test_every_insurer_number_is_valid_and_of_its_scheme() -> None:
    for entry in Catalogue().entries:
        assert scheme_of(parse_insurer_number(entry.number)) is entry.scheme, entry


def test_insurer_numbers_and_ids_are_unique() -> None:
    entries = Catalogue().entries
    assert len({e.number for e in entries}) == len(entries)
    assert [e.id for e in entries] == list(range(1, len(entries) + 1))


def test_catalogue_shape() -> None:
    catalogue = Catalogue()
    assert catalogue.kyokai["13"].number == "01130012"  # as in the OQS examples
    assert catalogue.kyokai["13"].name == "全国健康保険協会東京支部"
    assert catalogue.late_elderly["01"].name == "北海道後期高齢者医療広域連合"
    assert set(catalogue.kyokai) == set(catalogue.late_elderly) == set(PREFECTURES)
    assert all(len(e.number) == 6 for e in catalogue.nhi.values())
    assert all(e.name.endswith("国民健康保険") for e in catalogue.nhi.values())
    for union in catalogue.nhi_unions:
        assert parse_insurer_number(union.number).is_kokuho_union
    assert {e.number[:2] for e in catalogue.entries if e.scheme is Scheme.MUTUAL_AID} == {
        "31", "32", "33", "34"}


def test_facility_codes_are_valid_and_unique() -> None:
    entries = facilities(random.Random(1))
    assert len(entries) == len({e.code for e in entries}) > 200
    for entry in entries:
        code = parse_institution_code(entry.code)
        assert (code.prefecture, code.score_table) == (entry.prefecture, entry.score_table)
    assert {e.score_table for e in entries} == {"1", "3", "4", "6"}


def test_demo_facility_is_first_and_valid() -> None:
    demo = facilities(random.Random(1))[0]
    assert demo.code == DEMO_INSTITUTION_CODE == "1312345679"
    assert parse_institution_code(demo.code).score_table == "1"  # 医科
    assert demo.name == "オンシ内科クリニック"


def test_postal_table_format_and_coverage() -> None:
    assert 150 <= len(POSTAL_AREAS) <= 300
    assert len(set(POSTAL_AREAS)) == len(POSTAL_AREAS)
    for post_number, prefecture, city, town, _has_chome in POSTAL_AREAS:
        assert re.fullmatch(r"\d{3}-\d{4}", post_number)
        assert prefecture in PREFECTURES and city and town
    assert {area.prefecture for area in AREAS} == set(PREFECTURES)
    assert ("100-0001", "13", "千代田区", "千代田", False) in POSTAL_AREAS


def test_municipality_of_wards_and_districts() -> None:
    by_city = {area.city: area.municipality for area in AREAS}
    assert by_city["札幌市中央区"] == "札幌市"
    assert by_city["千代田区"] == "千代田区"
    assert by_city["虻田郡倶知安町"] == "倶知安町"
    assert by_city["四日市市"] == "四日市市"


def test_addresses_use_full_width_numbers() -> None:
    address = AddressDrawer().draw(random.Random(2))
    area = address.area
    prefix = PREFECTURES[area.prefecture] + area.city + area.town
    assert address.text.startswith(prefix)
    assert re.fullmatch(r"[０-９]+(－[０-９]+)*", address.text[len(prefix):])
