"""Japanese names with their readings, drawn by weight and by birth generation.

The core lists are Faker's ja_JP name/kana pairs, read once from the provider class (calling
Faker per person is far too slow for a million people); the extra surnames and the given names
of the older and younger generations are onshi's own, so that a 90-year-old is not called 陽翔.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker.providers.person.ja_JP import Provider as _JaPerson

from onshi.synth.kana import to_half_width_katakana
from onshi.synth.weighted import Weighted

UNSUPPORTED_MARK = "●"

# Kanji the insurers' 中間サーバー cannot store: replaced by ● when registered (oqs-interface §6
# pitfall 1). 德 (JIS 第3水準) is NOT replaced there, so it is not listed.
UNSUPPORTED_KANJI = frozenset({"髙", "﨑", "\U00020bb7"})  # ハシゴ高, タツサキ, ツチヨシ (𠮷)

# Surnames spelled with an unsupported kanji: (kanji, reading).
GAIJI_SURNAMES: tuple[tuple[str, str], ...] = (
    ("髙橋", "タカハシ"),
    ("髙木", "タカギ"),
    ("髙田", "タカダ"),
    ("山﨑", "ヤマザキ"),
    ("宮﨑", "ミヤザキ"),
    ("\U00020bb7田", "ヨシダ"),
    ("\U00020bb7川", "ヨシカワ"),
)

_EXTRA_SURNAME_WEIGHT = 30_000
_EXTRA_SURNAMES: tuple[tuple[str, str], ...] = (
    ("松井", "マツイ"), ("千葉", "チバ"), ("岩崎", "イワサキ"), ("桜井", "サクライ"),
    ("野口", "ノグチ"), ("菊地", "キクチ"), ("木下", "キノシタ"), ("野村", "ノムラ"),
    ("新井", "アライ"), ("渡部", "ワタナベ"), ("高木", "タカギ"), ("宮崎", "ミヤザキ"),
    ("上田", "ウエダ"), ("杉山", "スギヤマ"), ("原田", "ハラダ"), ("大野", "オオノ"),
    ("丸山", "マルヤマ"), ("今井", "イマイ"), ("高田", "タカダ"), ("増田", "マスダ"),
    ("小山", "コヤマ"), ("藤本", "フジモト"), ("武田", "タケダ"), ("村田", "ムラタ"),
    ("上野", "ウエノ"), ("杉本", "スギモト"), ("平野", "ヒラノ"), ("大塚", "オオツカ"),
    ("久保", "クボ"), ("松尾", "マツオ"), ("菅原", "スガワラ"), ("内田", "ウチダ"),
    ("和田", "ワダ"), ("中山", "ナカヤマ"), ("石田", "イシダ"), ("小島", "コジマ"),
    ("柴田", "シバタ"), ("酒井", "サカイ"), ("工藤", "クドウ"), ("横山", "ヨコヤマ"),
    ("宮本", "ミヤモト"), ("内藤", "ナイトウ"), ("高野", "タカノ"), ("谷口", "タニグチ"),
    ("安藤", "アンドウ"), ("小野", "オノ"), ("田村", "タムラ"), ("竹内", "タケウチ"),
    ("金子", "カネコ"), ("中野", "ナカノ"), ("原", "ハラ"), ("松下", "マツシタ"),
    ("河野", "コウノ"), ("野田", "ノダ"), ("菅野", "カンノ"), ("大西", "オオニシ"),
    ("荒木", "アラキ"), ("島田", "シマダ"), ("西田", "ニシダ"), ("浜田", "ハマダ"),
    ("吉川", "ヨシカワ"), ("森田", "モリタ"), ("北村", "キタムラ"), ("松岡", "マツオカ"),
    ("服部", "ハットリ"), ("中田", "ナカタ"), ("桑原", "クワハラ"), ("小松", "コマツ"),
    ("安田", "ヤスダ"), ("川口", "カワグチ"), ("辻", "ツジ"), ("星野", "ホシノ"),
    ("秋山", "アキヤマ"), ("土屋", "ツチヤ"), ("永井", "ナガイ"), ("田口", "タグチ"),
    ("松村", "マツムラ"), ("岩田", "イワタ"), ("平田", "ヒラタ"), ("大久保", "オオクボ"),
    ("望月", "モチヅキ"), ("関", "セキ"), ("水野", "ミズノ"), ("宮田", "ミヤタ"),
    ("吉村", "ヨシムラ"), ("山内", "ヤマウチ"), ("片山", "カタヤマ"), ("比嘉", "ヒガ"),
    ("金城", "キンジョウ"), ("大城", "オオシロ"), ("新垣", "アラカキ"), ("佐野", "サノ"),
    ("西川", "ニシカワ"), ("五十嵐", "イガラシ"), ("本田", "ホンダ"), ("飯田", "イイダ"),
    ("小池", "コイケ"), ("早川", "ハヤカワ"), ("菊池", "キクチ"), ("横田", "ヨコタ"),
    ("熊谷", "クマガイ"), ("千田", "チダ"), ("宇野", "ウノ"), ("堀", "ホリ"),
)  # fmt: skip

# Given names by birth generation: (kanji, reading), male then female.
_BORN_BEFORE_1950 = (
    (("清", "キヨシ"), ("茂", "シゲル"), ("博", "ヒロシ"), ("勇", "イサム"), ("実", "ミノル"),
     ("進", "ススム"), ("正", "タダシ"), ("勝", "マサル"), ("昭", "アキラ"), ("武", "タケシ"),
     ("和夫", "カズオ"), ("正雄", "マサオ"), ("義男", "ヨシオ"), ("一郎", "イチロウ"),
     ("三郎", "サブロウ"), ("幸雄", "ユキオ"), ("秀夫", "ヒデオ"), ("光男", "ミツオ")),
    (("幸子", "サチコ"), ("和子", "カズコ"), ("節子", "セツコ"), ("洋子", "ヨウコ"),
     ("恵子", "ケイコ"), ("京子", "キョウコ"), ("美智子", "ミチコ"), ("久子", "ヒサコ"),
     ("文子", "フミコ"), ("千代子", "チヨコ"), ("静子", "シズコ"), ("ハナ", "ハナ"),
     ("キヨ", "キヨ"), ("照子", "テルコ"), ("敏子", "トシコ"), ("澄子", "スミコ")),
)  # fmt: skip
_BORN_1950_1969 = (
    (("誠", "マコト"), ("浩", "ヒロシ"), ("修", "オサム"), ("健一", "ケンイチ"), ("隆", "タカシ"),
     ("博之", "ヒロユキ"), ("和彦", "カズヒコ"), ("正樹", "マサキ"), ("聡", "サトシ"),
     ("明", "アキラ"), ("哲也", "テツヤ"), ("克也", "カツヤ"), ("雅之", "マサユキ"),
     ("稔", "ミノル"), ("治", "オサム")),
    (("由美子", "ユミコ"), ("久美子", "クミコ"), ("真由美", "マユミ"), ("恵美子", "エミコ"),
     ("裕子", "ユウコ"), ("直美", "ナオミ"), ("明美", "アケミ"), ("智子", "トモコ"),
     ("順子", "ジュンコ"), ("弘子", "ヒロコ"), ("典子", "ノリコ"), ("陽子", "ヨウコ"),
     ("千恵子", "チエコ"), ("直子", "ナオコ")),
)  # fmt: skip
_BORN_1990_2009 = (
    (("翔太", "ショウタ"), ("拓海", "タクミ"), ("大翔", "ヒロト"), ("翔", "ショウ"),
     ("蓮", "レン"), ("颯太", "ソウタ"), ("健太", "ケンタ"), ("大輝", "ダイキ"),
     ("拓真", "タクマ"), ("翼", "ツバサ"), ("裕太", "ユウタ")),
    (("美咲", "ミサキ"), ("陽菜", "ヒナ"), ("結衣", "ユイ"), ("葵", "アオイ"),
     ("さくら", "サクラ"), ("七海", "ナナミ"), ("優花", "ユウカ"), ("彩花", "アヤカ"),
     ("真綾", "マアヤ"), ("春香", "ハルカ")),
)  # fmt: skip
_BORN_2010_ON = (
    (("蓮", "レン"), ("陽翔", "ハルト"), ("湊", "ミナト"), ("悠真", "ユウマ"), ("蒼", "アオイ"),
     ("樹", "イツキ"), ("大和", "ヤマト"), ("朝陽", "アサヒ"), ("律", "リツ"), ("新", "アラタ")),
    (("陽葵", "ヒマリ"), ("凛", "リン"), ("結菜", "ユイナ"), ("芽依", "メイ"), ("紬", "ツムギ"),
     ("澪", "ミオ"), ("杏", "アン"), ("さくら", "サクラ"), ("結愛", "ユア"), ("葵", "アオイ")),
)  # fmt: skip
_BORN_1970_1989_EXTRA = (
    (("大輔", "ダイスケ"), ("拓也", "タクヤ"), ("達也", "タツヤ"), ("剛", "ツヨシ")),
    (("愛", "アイ"), ("恵", "メグミ"), ("彩", "アヤ"), ("麻衣", "マイ"), ("由紀", "ユキ")),
)  # fmt: skip


@dataclass(frozen=True)
class NamePart:
    """A surname or given name: kanji as written, reading in half-width katakana."""

    kanji: str
    kana: str


def _pool(pairs: tuple[tuple[str, str], ...], weights: tuple[float, ...] | None = None
          ) -> Weighted[NamePart]:
    parts = [NamePart(kanji, to_half_width_katakana(kana)) for kanji, kana in pairs]
    return Weighted(parts, weights or (1.0,) * len(parts))


def _faker_surnames() -> tuple[tuple[tuple[str, str], ...], tuple[float, ...]]:
    pairs = tuple((kanji, kana) for (kanji, kana, _romaji) in _JaPerson.last_name_pairs)
    weights = tuple(float(weight) for weight in _JaPerson.last_name_pairs.values())
    return pairs, weights


def _faker_given(pairs: tuple[tuple[str, str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((kanji, kana) for kanji, kana, _romaji in pairs)


def _surname_pool() -> Weighted[NamePart]:
    pairs, weights = _faker_surnames()
    extra_weights = (float(_EXTRA_SURNAME_WEIGHT),) * len(_EXTRA_SURNAMES)
    return _pool(pairs + _EXTRA_SURNAMES, weights + extra_weights)


def _generation_pools() -> tuple[tuple[int, Weighted[NamePart], Weighted[NamePart]], ...]:
    """(first birth year, male pool, female pool), newest generation first."""
    middle_male = _faker_given(_JaPerson.first_name_male_pairs) + _BORN_1970_1989_EXTRA[0]
    middle_female = _faker_given(_JaPerson.first_name_female_pairs) + _BORN_1970_1989_EXTRA[1]
    return (
        (2010, _pool(_BORN_2010_ON[0]), _pool(_BORN_2010_ON[1])),
        (1990, _pool(_BORN_1990_2009[0]), _pool(_BORN_1990_2009[1])),
        (1970, _pool(middle_male), _pool(middle_female)),
        (1950, _pool(_BORN_1950_1969[0]), _pool(_BORN_1950_1969[1])),
        (0, _pool(_BORN_BEFORE_1950[0]), _pool(_BORN_BEFORE_1950[1])),
    )


_SURNAMES = _surname_pool()
_GAIJI_SURNAMES = _pool(GAIJI_SURNAMES)
_GENERATIONS = _generation_pools()


def draw_surname(rng: random.Random, *, gaiji: bool = False) -> NamePart:
    """A household's surname; `gaiji` picks one spelled with an unsupported kanji."""
    return (_GAIJI_SURNAMES if gaiji else _SURNAMES).draw(rng)


def draw_given_name(rng: random.Random, *, male: bool, birth_year: int) -> NamePart:
    """A given name common for the sex and the birth generation."""
    for first_year, male_pool, female_pool in _GENERATIONS:  # noqa: B007 (used after the loop)
        if birth_year >= first_year:
            break
    return (male_pool if male else female_pool).draw(rng)


def full_name(surname: NamePart, given: NamePart) -> tuple[str, str]:
    """(氏名 as the hub stores it, NameKana): 全角スペース between kanji parts, ASCII space in kana.

    Unsupported kanji become ● in the stored name; the kana is left intact.
    """
    return registered(f"{surname.kanji}\u3000{given.kanji}"), f"{surname.kana} {given.kana}"


_REGISTERED = str.maketrans(dict.fromkeys(UNSUPPORTED_KANJI, UNSUPPORTED_MARK))


def registered(name: str) -> str:
    """The name as the 中間サーバー holds it: unsupported kanji replaced by ●."""
    return name.translate(_REGISTERED)
