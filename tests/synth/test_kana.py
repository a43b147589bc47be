import pytest

from onshi.synth.kana import is_half_width_kana, to_half_width_katakana


@pytest.mark.parametrize(
    ("full", "half"),
    [
        ("シケン　ハナコ", "ｼｹﾝ ﾊﾅｺ"),  # the OQS sample NameKana
        ("ガギグゲゴ", "ｶﾞｷﾞｸﾞｹﾞｺﾞ"),  # dakuten: two half-width characters
        ("パピプペポ", "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"),  # handakuten
        ("ヴ", "ｳﾞ"),
        ("キョウスケ", "ｷｮｳｽｹ"),  # small kana
        ("ッ", "ｯ"),
        ("ヂヅ", "ﾁﾞﾂﾞ"),
        ("ユーコ", "ﾕｰｺ"),  # long-vowel mark
        ("ヶ", "ｹ"),  # no half-width form of its own
    ],
)
def test_full_width_katakana_becomes_half_width(full: str, half: str) -> None:
    assert to_half_width_katakana(full) == half
    assert is_half_width_kana(half)


@pytest.mark.parametrize("text", ["試験", "しけん", "Shiken", "●"])
def test_anything_but_katakana_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        to_half_width_katakana(text)


def test_full_width_text_is_not_half_width() -> None:
    assert not is_half_width_kana("シケン")
    assert not is_half_width_kana("ｼｹﾝ\u3000ﾊﾅｺ")
