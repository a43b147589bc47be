"""Full-width katakana → half-width (半角カナ), the form OQS carries NameKana in.

NFKC maps half-width to full-width, never back, so the table here is NFKC's inverse: built from
the half-width block U+FF61–U+FF9F, whose voiced marks (ﾞ ﾟ) are the inverse of the combining
marks U+3099/U+309A. Text is decomposed (NFD) first, so ガ becomes カ + U+3099 → ｶﾞ.
"""

from __future__ import annotations

import unicodedata

_HALF_WIDTH_FIRST = 0xFF61  # ｡
_HALF_WIDTH_LAST = 0xFF9F  # ﾟ

# Full-width katakana with no half-width form of their own.
_EXTRA: dict[str, str] = {
    "ヮ": "ﾜ",
    "ヰ": "ｲ",
    "ヱ": "ｴ",
    "ヵ": "ｶ",
    "ヶ": "ｹ",
    "\u3000": " ",
    " ": " ",
    "\u309b": "ﾞ",  # ゛ spacing voiced mark
    "\u309c": "ﾟ",  # ゜ spacing semi-voiced mark
}


def _inverse_nfkc_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in range(_HALF_WIDTH_FIRST, _HALF_WIDTH_LAST + 1):
        half = chr(code)
        full = unicodedata.normalize("NFKC", half)
        if len(full) == 1:
            table[full] = half
    table.update(_EXTRA)
    return table


_TO_HALF_WIDTH = _inverse_nfkc_table()


def to_half_width_katakana(text: str) -> str:
    """Return `text` (full-width katakana, spaces) in half-width katakana.

    Raises ValueError for anything else (kanji, hiragana, Latin), so a NameKana never carries a
    character OQS would not.
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        half = _TO_HALF_WIDTH.get(char)
        if half is None:
            raise ValueError(f"no half-width katakana for {char!r} in {text!r}")
        out.append(half)
    return "".join(out)


def is_half_width_kana(text: str) -> bool:
    """Tell whether `text` holds only half-width katakana, their marks and ASCII spaces."""
    return all(char == " " or _HALF_WIDTH_FIRST <= ord(char) <= _HALF_WIDTH_LAST for char in text)
