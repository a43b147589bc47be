import random

from onshi.synth.kana import is_half_width_kana
from onshi.synth.names import (
    GAIJI_SURNAMES,
    UNSUPPORTED_KANJI,
    UNSUPPORTED_MARK,
    draw_given_name,
    draw_surname,
    full_name,
    registered,
)


def test_full_name_uses_full_width_space_and_half_width_kana() -> None:
    rng = random.Random(1)
    name, kana = full_name(draw_surname(rng), draw_given_name(rng, male=False, birth_year=1980))
    assert name.count("\u3000") == 1
    assert kana.count(" ") == 1
    assert is_half_width_kana(kana)


def test_unsupported_kanji_become_marks_and_kana_stays() -> None:
    surname = draw_surname(random.Random(3), gaiji=True)
    given = draw_given_name(random.Random(3), male=True, birth_year=1950)
    name, kana = full_name(surname, given)
    assert UNSUPPORTED_MARK in name
    assert not set(name) & UNSUPPORTED_KANJI
    assert UNSUPPORTED_MARK not in kana and is_half_width_kana(kana)


def test_every_gaiji_surname_holds_an_unsupported_kanji() -> None:
    for kanji, _reading in GAIJI_SURNAMES:
        assert set(kanji) & UNSUPPORTED_KANJI
        assert UNSUPPORTED_MARK in registered(kanji)


def test_toku_of_jis_level_3_is_not_replaced() -> None:
    """oqs-interface §6 pitfall 1: 德 passes the 中間サーバー as is."""
    assert registered("德永") == "德永"


def test_given_names_follow_the_generation() -> None:
    rng = random.Random(5)
    old = {draw_given_name(rng, male=False, birth_year=1935).kanji for _ in range(200)}
    young = {draw_given_name(rng, male=False, birth_year=2018).kanji for _ in range(200)}
    assert "幸子" in old and "陽葵" not in old
    assert "陽葵" in young and "幸子" not in young
