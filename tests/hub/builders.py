"""Small hand-made hub populations, so each test states exactly the case it checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import count
from typing import Any

from sqlalchemy import Engine, insert

from onshi.hub.models import Facility, Insurer, Person, Qualification

INSTITUTION = "1312345679"  # valid 医療機関コード (oqs-interface §5.1)
KYOKAI_TOKYO = "01130012"  # 協会けんぽ東京支部
KYOKAI_OSAKA = "01270016"
LATE_ELDERLY_TOKYO = "39131016"
NHI_SHINJUKU = "131045"


@dataclass
class Registry:
    engine: Engine
    _ids: count = field(default_factory=lambda: count(1))
    _insurers: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(Facility), [{"code": INSTITUTION, "name": "オンシ内科クリニック",
                                             "prefecture": "13", "score_table": "1"}])

    def insurer(self, number: str, name: str, scheme: str) -> int:
        if number not in self._insurers:
            ident = next(self._ids)
            with self.engine.begin() as conn:
                conn.execute(insert(Insurer), [{"id": ident, "number": number, "name": name,
                                                "scheme": scheme, "prefecture": number[-6:-4]}])
            self._insurers[number] = ident
        return self._insurers[number]

    def person(self, birthdate: date, name: str = "試験　花子", kana: str = "ｼｹﾝ ﾊﾅｺ",
               sex: str = "2", individual_number: str | None = None) -> int:
        ident = next(self._ids)
        with self.engine.begin() as conn:
            conn.execute(insert(Person), [{
                "id": ident, "name": name, "name_kana": kana, "sex": sex,
                "birthdate": birthdate, "post_number": "100-0001",
                "address": "東京都千代田区千代田９－９－９",
                "individual_number": individual_number}])
        return ident

    def qualification(self, person: int, birthdate: date, *, insurer: str = KYOKAI_TOKYO,
                      number: str = "123", symbol: str = "12345678", branch: str | None = "01",
                      acquired: date = date(2018, 4, 1), lost: date | None = None,
                      **extra: Any) -> int:
        scheme = _SCHEMES[insurer]
        ident = next(self._ids)
        row = {"id": ident, "person_id": person, "insurer_id": self.insurer(insurer, *scheme),
               "insurer_number": insurer, "symbol": symbol, "number": number, "branch": branch,
               "birthdate": birthdate, "card_classification": "01",
               "personal_family": "1" if branch == "01" else "2",
               "insured_name": "試験　太郎", "acquired": acquired, "lost": lost,
               "card_issued": acquired, "card_valid_from": acquired, **extra}
        with self.engine.begin() as conn:
            conn.execute(insert(Qualification), [row])
        return ident


_SCHEMES = {
    KYOKAI_TOKYO: ("全国健康保険協会東京支部", "協会けんぽ"),
    KYOKAI_OSAKA: ("全国健康保険協会大阪支部", "協会けんぽ"),
    LATE_ELDERLY_TOKYO: ("東京都後期高齢者医療広域連合", "後期高齢者医療"),
    NHI_SHINJUKU: ("新宿区国民健康保険", "国民健康保険"),
}
