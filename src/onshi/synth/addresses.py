"""Household addresses (住所) on real postal areas, drawn by prefecture population."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from onshi.rules.numbers import PREFECTURES
from onshi.synth.postal import POSTAL_AREAS
from onshi.synth.weighted import Weighted

# Population by 都道府県番号, thousands (2020 census, rounded): the weight of each prefecture.
PREFECTURE_POPULATION: dict[str, int] = {
    "01": 5225, "02": 1238, "03": 1211, "04": 2302, "05": 960, "06": 1068, "07": 1833,
    "08": 2867, "09": 1933, "10": 1939, "11": 7345, "12": 6284, "13": 14048, "14": 9237,
    "15": 2201, "16": 1035, "17": 1133, "18": 767, "19": 810, "20": 2048, "21": 1979,
    "22": 3633, "23": 7542, "24": 1770, "25": 1414, "26": 2578, "27": 8838, "28": 5465,
    "29": 1324, "30": 923, "31": 553, "32": 671, "33": 1888, "34": 2800, "35": 1342,
    "36": 720, "37": 950, "38": 1335, "39": 692, "40": 5135, "41": 811, "42": 1312,
    "43": 1738, "44": 1124, "45": 1070, "46": 1588, "47": 1467,
}  # fmt: skip

_WARD_OF_CITY = re.compile(r"^(.+?市)(.+区)$")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789-", "０１２３４５６７８９－")


@dataclass(frozen=True)
class PostalArea:
    """One row of POSTAL_AREAS."""

    post_number: str  # 123-4567, as OQS PostNumber
    prefecture: str  # 都道府県番号
    city: str  # 市区町村 as written, e.g. 札幌市中央区, 虻田郡倶知安町
    town: str  # 町域
    has_chome: bool

    @property
    def municipality(self) -> str:
        """The 市区町村 that runs 国民健康保険: a designated city, not its ward; no 郡."""
        ward = _WARD_OF_CITY.match(self.city)
        if ward:
            return ward.group(1)
        return self.city.split("郡", 1)[-1]


@dataclass(frozen=True)
class Address:
    area: PostalArea
    text: str  # 東京都千代田区千代田１－２－３


AREAS: tuple[PostalArea, ...] = tuple(PostalArea(*row) for row in POSTAL_AREAS)


class AddressDrawer:
    """Draws addresses: a prefecture by population, then one of its postal areas."""

    def __init__(self) -> None:
        by_prefecture: dict[str, list[PostalArea]] = {code: [] for code in PREFECTURES}
        for area in AREAS:
            by_prefecture[area.prefecture].append(area)
        self._areas = Weighted([tuple(by_prefecture[code]) for code in PREFECTURES],
                               [PREFECTURE_POPULATION[code] for code in PREFECTURES])

    def draw(self, rng: random.Random) -> Address:
        area = rng.choice(self._areas.draw(rng))
        return Address(area, PREFECTURES[area.prefecture] + area.city + area.town
                       + _house_number(rng, area.has_chome))


def _house_number(rng: random.Random, has_chome: bool) -> str:
    """丁目－番－号 (or 番地－号 where the area has no 丁目), in full-width digits."""
    if has_chome:
        digits = f"{rng.randint(1, 3)}-{rng.randint(1, 25)}-{rng.randint(1, 20)}"
    elif rng.random() < 0.5:
        digits = f"{rng.randint(1, 2500)}"
    else:
        digits = f"{rng.randint(1, 999)}-{rng.randint(1, 30)}"
    return digits.translate(_FULL_WIDTH_DIGITS)
