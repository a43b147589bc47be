"""保険医療機関等 (facilities) with valid 医療機関等コード (domain-rules B5).

Code = 都道府県番号 (2) + 点数表番号 (1) + 郡市区番号 (2) + 医療機関番号 (4) + 検証番号 (1).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from onshi.rules.check_digit import luhn_check_digit
from onshi.rules.numbers import PREFECTURES
from onshi.synth.addresses import AREAS, PREFECTURE_POPULATION, PostalArea
from onshi.synth.names import draw_surname
from onshi.synth.weighted import Weighted

# The facility of the OQS request examples (oqs-interface §5.1): 東京都, 医科.
DEMO_INSTITUTION_CODE = "1312345679"
DEMO_INSTITUTION_NAME = "オンシ内科クリニック"

FACILITY_COUNT = 300  # besides the demo facility

# 点数表番号 → (weight, name templates); {s} = a surname, {t} = a town, {c} = a municipality.
_KINDS: dict[str, tuple[int, tuple[str, ...]]] = {
    "1": (50, ("{s}内科クリニック", "{s}医院", "{t}ファミリークリニック", "{s}整形外科",
               "{c}中央病院", "{s}小児科", "{t}診療所")),
    "3": (24, ("{s}歯科医院", "{t}デンタルクリニック", "{s}歯科")),
    "4": (18, ("{t}薬局", "{s}調剤薬局", "あおば薬局{t}店")),
    "6": (8, ("{t}訪問看護ステーション", "訪問看護ステーション{s}", "{c}在宅看護ステーション")),
}  # fmt: skip


@dataclass(frozen=True)
class FacilityEntry:
    code: str
    name: str
    prefecture: str
    score_table: str  # 点数表番号

    def as_row(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "prefecture": self.prefecture,
                "score_table": self.score_table}


def institution_code(prefecture: str, score_table: str, district: int, serial: int) -> str:
    body = f"{prefecture}{score_table}{district:02d}{serial:04d}"
    return body + str(luhn_check_digit(body))


def facilities(rng: random.Random, count: int = FACILITY_COUNT) -> list[FacilityEntry]:
    """The demo facility first, then `count` facilities spread by prefecture population."""
    demo = FacilityEntry(DEMO_INSTITUTION_CODE, DEMO_INSTITUTION_NAME, "13", "1")
    entries, used = [demo], {demo.code}
    prefectures = Weighted(list(PREFECTURES), [PREFECTURE_POPULATION[p] for p in PREFECTURES])
    tables = Weighted(list(_KINDS), [weight for weight, _ in _KINDS.values()])
    areas = {p: [a for a in AREAS if a.prefecture == p] for p in PREFECTURES}
    while len(entries) < count + 1:
        prefecture = prefectures.draw(rng)
        table = tables.draw(rng)
        code = institution_code(prefecture, table, rng.randint(1, 99), rng.randint(1, 9999))
        if code in used:
            continue
        used.add(code)
        name = _name(rng, table, rng.choice(areas[prefecture]))
        entries.append(FacilityEntry(code, name, prefecture, table))
    return entries


def _name(rng: random.Random, table: str, area: PostalArea) -> str:
    template = rng.choice(_KINDS[table][1])
    surname = draw_surname(rng).kanji
    return template.format(s=surname, t=area.town, c=area.municipality)
