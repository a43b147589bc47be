"""The insurer catalogue (保険者): fixed, seed-independent, every number with a valid 検証番号.

Numbers follow domain-rules B1: 法別番号 + 都道府県番号 + 保険者別番号 + 検証番号 (8 digits), or
都道府県番号 + 保険者別番号 + 検証番号 for 国民健康保険 (6 digits, 国保組合 in the 300s). The
保険者別番号 are onshi's own; the names of 健保組合 are invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from onshi.rules.check_digit import luhn_check_digit
from onshi.rules.houbetsu import Scheme
from onshi.rules.numbers import PREFECTURES
from onshi.synth.addresses import AREAS, PostalArea

_SOCIETIES: tuple[tuple[str, str], ...] = (
    ("13", "東都電機"), ("13", "北斗精密"), ("13", "中央化学工業"), ("13", "大和運輸"),
    ("13", "光洋商事"), ("13", "日本橋食品"), ("13", "湾岸物流"), ("13", "新都心不動産"),
    ("13", "旭日ソフトウェア"), ("13", "若葉銀行"), ("13", "青葉損害保険"), ("13", "桜通商"),
    ("13", "東日本情報システム"), ("13", "富士見百貨店"), ("13", "京浜鉄鋼"),
    ("13", "丸の内総合商社"),
    ("13", "東京都情報産業"), ("14", "湘南電子"), ("14", "横浜港湾"), ("11", "武蔵野製菓"),
    ("12", "房総石油化学"), ("27", "関西電工"), ("27", "浪速製薬"), ("27", "西日本印刷"),
    ("27", "堺重機"), ("28", "阪神製鉄"), ("28", "瀬戸内造船"), ("23", "名港自動車部品"),
    ("23", "三河織物"), ("23", "東海ガス"), ("22", "遠州楽器"), ("40", "九州建設"),
    ("34", "安芸自動車"), ("17", "北陸製薬"), ("20", "信越精機"), ("01", "北海道酪農"),
    ("04", "杜の都電力"), ("08", "常磐化成"),
)  # fmt: skip

_NHI_UNIONS: tuple[tuple[str, str], ...] = (
    ("13", "東京都医師国民健康保険組合"), ("13", "東京都歯科医師国民健康保険組合"),
    ("13", "東京芸能人国民健康保険組合"), ("13", "東京建設業国民健康保険組合"),
    ("13", "文芸美術国民健康保険組合"), ("27", "大阪府医師国民健康保険組合"),
    ("27", "大阪府食品国民健康保険組合"), ("23", "愛知県薬剤師国民健康保険組合"),
    ("40", "福岡県建設国民健康保険組合"), ("01", "北海道建設国民健康保険組合"),
)  # fmt: skip

# (法別番号, 都道府県番号, name) of 共済組合 covering the whole country.
_NATIONAL_MUTUAL_AID: tuple[tuple[str, str, str], ...] = (
    ("31", "13", "財務省共済組合"), ("31", "13", "厚生労働省共済組合"),
    ("31", "13", "国土交通省共済組合"), ("31", "13", "文部科学省共済組合"),
    ("31", "13", "法務省共済組合"), ("31", "13", "防衛省共済組合"),
    ("34", "13", "日本私立学校振興・共済事業団"),
)  # fmt: skip
# Prefectures with their own branches of the local-government, police and teachers' 共済.
_MUTUAL_AID_PREFECTURES = ("01", "04", "11", "12", "13", "14", "23", "26", "27", "28", "34", "40")

_SPECIAL_RETIREES = (("13", "東都電機特定健康保険組合"), ("27", "関西電工特定健康保険組合"))


@dataclass(frozen=True)
class InsurerEntry:
    """One row of the insurers table."""

    id: int
    number: str
    name: str
    scheme: Scheme
    prefecture: str

    def as_row(self) -> dict[str, object]:
        return {"id": self.id, "number": self.number, "name": self.name,
                "scheme": self.scheme.value, "prefecture": self.prefecture}


def with_check_digit(body: str) -> str:
    """Append the 検証番号 (domain-rules B1) to the digits before it."""
    return body + str(luhn_check_digit(body))


def prefecture_short(code: str) -> str:
    """東京都 → 東京, 北海道 stays: the form in 全国健康保険協会東京支部."""
    name = PREFECTURES[code]
    return name if name == "北海道" else name[:-1]


class Catalogue:
    """Every insurer of the synthetic country, and how a household finds its own."""

    def __init__(self) -> None:
        self._entries: list[InsurerEntry] = []
        self.kyokai = {p: self._add(f"01{p}001", f"全国健康保険協会{prefecture_short(p)}支部",
                                    Scheme.KYOKAI, p) for p in PREFECTURES}
        self.seamen = self._add("0213001", "全国健康保険協会船員保険部", Scheme.SEAMEN, "13")
        self.self_defence = self._add("0713001", "防衛省（自衛官等）", Scheme.SELF_DEFENCE, "13")
        self.societies = self._serials(_SOCIETIES, "06", 101, "{}健康保険組合", Scheme.SOCIETY)
        self.mutual_aid_national = tuple(
            self._add(f"{h}{p}{101 + i:03d}", name, Scheme.MUTUAL_AID, p)
            for i, (h, p, name) in enumerate(_NATIONAL_MUTUAL_AID))
        self.mutual_aid_local = {p: self._local_mutual_aid(p) for p in _MUTUAL_AID_PREFECTURES}
        self.special_retirees = self._serials(_SPECIAL_RETIREES, "63", 1, "{}",
                                              Scheme.SPECIAL_RETIREE)
        self.late_elderly = {p: self._add(f"39{p}001", f"{PREFECTURES[p]}後期高齢者医療広域連合",
                                          Scheme.LATE_ELDERLY, p) for p in PREFECTURES}
        self.nhi = self._municipal_nhi()
        self.nhi_unions = self._serials(_NHI_UNIONS, "", 301, "{}", Scheme.NHI_UNION)
        self._choices = {Scheme.SOCIETY: self.societies, Scheme.NHI_UNION: self.nhi_unions,
                         Scheme.SPECIAL_RETIREE: self.special_retirees}

    @property
    def entries(self) -> tuple[InsurerEntry, ...]:
        return tuple(self._entries)

    def _add(self, body: str, name: str, scheme: Scheme, prefecture: str) -> InsurerEntry:
        entry = InsurerEntry(len(self._entries) + 1, with_check_digit(body), name, scheme,
                             prefecture)
        self._entries.append(entry)
        return entry

    def _serials(self, names: tuple[tuple[str, str], ...], houbetsu: str, first: int,
                 template: str, scheme: Scheme) -> tuple[InsurerEntry, ...]:
        """Insurers numbered first, first+1 … within each prefecture."""
        used: dict[str, int] = {}
        entries = []
        for prefecture, name in names:
            serial = first + used.get(prefecture, 0)
            used[prefecture] = used.get(prefecture, 0) + 1
            entries.append(self._add(f"{houbetsu}{prefecture}{serial:03d}",
                                     template.format(name), scheme, prefecture))
        return tuple(entries)

    def _local_mutual_aid(self, prefecture: str) -> tuple[InsurerEntry, ...]:
        short = prefecture_short(prefecture)
        return (
            self._add(f"32{prefecture}201", f"地方職員共済組合{short}支部", Scheme.MUTUAL_AID,
                      prefecture),
            self._add(f"32{prefecture}202", f"{PREFECTURES[prefecture]}市町村職員共済組合",
                      Scheme.MUTUAL_AID, prefecture),
            self._add(f"33{prefecture}201", f"警察共済組合{short}支部", Scheme.MUTUAL_AID,
                      prefecture),
            self._add(f"34{prefecture}201", f"公立学校共済組合{short}支部", Scheme.MUTUAL_AID,
                      prefecture),
        )

    def _municipal_nhi(self) -> dict[tuple[str, str], InsurerEntry]:
        """One 国民健康保険 per municipality of the postal table (保険者別番号 from 101)."""
        nhi: dict[tuple[str, str], InsurerEntry] = {}
        count: dict[str, int] = {}
        for area in AREAS:
            key = (area.prefecture, area.municipality)
            if key in nhi:
                continue
            serial = 101 + count.get(area.prefecture, 0)
            count[area.prefecture] = count.get(area.prefecture, 0) + 1
            nhi[key] = self._add(f"{area.prefecture}{serial:03d}",
                                 f"{area.municipality}国民健康保険", Scheme.NHI, area.prefecture)
        return nhi

    def insurer_for(self, scheme: Scheme, area: PostalArea, rng: random.Random) -> InsurerEntry:
        """The insurer of a household living in `area` that belongs to `scheme`."""
        if scheme is Scheme.KYOKAI:
            return self.kyokai[area.prefecture]
        if scheme is Scheme.LATE_ELDERLY:
            return self.late_elderly[area.prefecture]
        if scheme is Scheme.NHI:
            return self.nhi[(area.prefecture, area.municipality)]
        if scheme is Scheme.SEAMEN:
            return self.seamen
        if scheme is Scheme.SELF_DEFENCE:
            return self.self_defence
        if scheme is Scheme.MUTUAL_AID:
            return rng.choice(self.mutual_aid_local.get(area.prefecture, ())
                              + self.mutual_aid_national)
        return rng.choice(self._choices[scheme])
