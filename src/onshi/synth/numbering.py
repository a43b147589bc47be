"""被保険者記号・番号: a never-used pair per insured household (or per 後期 person).

Each insurer numbers within a 記号 (employer, office or district) with a counter, so pairs are
unique without lookups. Where real numbers look scattered (後期, 国保) the counter goes through a
fixed permutation: (counter × multiplier + offset) mod span, one-to-one while the counter stays
below span because the multiplier and span have no common factor.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from onshi.rules.houbetsu import Scheme
from onshi.rules.numbers import individual_number_check_digit
from onshi.synth.insurers import InsurerEntry

_MULTIPLIER = 7919  # prime, coprime with every span below


@dataclass(frozen=True)
class _Style:
    """How one scheme spells its 記号 and 番号."""

    symbols: int  # how many 記号 an insurer has (0: no 記号)
    symbol_width: int  # digits of a 記号; 0 = as many as needed, no leading zeros
    number_span: int  # 0: plain counter 1, 2, 3 …; otherwise permuted, zero-padded
    number_width: int


_STYLES: dict[Scheme, _Style] = {
    Scheme.KYOKAI: _Style(symbols=4000, symbol_width=8, number_span=0, number_width=0),
    Scheme.SEAMEN: _Style(symbols=40, symbol_width=3, number_span=0, number_width=0),
    Scheme.SOCIETY: _Style(symbols=60, symbol_width=0, number_span=0, number_width=0),
    Scheme.SELF_DEFENCE: _Style(symbols=30, symbol_width=4, number_span=0, number_width=0),
    Scheme.MUTUAL_AID: _Style(symbols=300, symbol_width=5, number_span=0, number_width=0),
    Scheme.SPECIAL_RETIREE: _Style(symbols=3, symbol_width=0, number_span=0, number_width=0),
    Scheme.NHI: _Style(symbols=40, symbol_width=2, number_span=10_000_000, number_width=7),
    Scheme.NHI_UNION: _Style(symbols=20, symbol_width=2, number_span=1_000_000, number_width=6),
    Scheme.LATE_ELDERLY: _Style(symbols=0, symbol_width=0, number_span=0, number_width=8),
}

_LATE_ELDERLY_FIRST = 10_000_000  # 8-digit 被保険者番号 without a leading zero
_LATE_ELDERLY_SPAN = 90_000_000


class CardNumbers:
    """Hands out (記号, 番号) pairs; "" is the 記号 of schemes without one (後期)."""

    def __init__(self) -> None:
        self._counters: dict[tuple[int, str], int] = {}

    def allocate(self, insurer: InsurerEntry, rng: random.Random) -> tuple[str, str]:
        style = _STYLES[insurer.scheme]
        symbol = _symbol(insurer, style, rng)
        key = (insurer.id, symbol)
        counter = self._counters.get(key, 0) + 1
        self._counters[key] = counter
        return symbol, _number(insurer, style, counter)


def _symbol(insurer: InsurerEntry, style: _Style, rng: random.Random) -> str:
    if not style.symbols:
        return ""
    index = rng.randrange(style.symbols)
    if style.symbol_width == 8:
        # 協会けんぽ: 8-digit 事業所記号, scattered per insurer.
        return str(10_000_000 + (index * _MULTIPLIER + insurer.id * 104_729) % 90_000_000)
    if style.symbol_width:
        return f"{index + 1:0{style.symbol_width}d}"
    return str(index + 1)


def _number(insurer: InsurerEntry, style: _Style, counter: int) -> str:
    if insurer.scheme is Scheme.LATE_ELDERLY:
        scattered = (counter * _MULTIPLIER + insurer.id * 7_777) % _LATE_ELDERLY_SPAN
        return str(_LATE_ELDERLY_FIRST + scattered)
    if style.number_span:
        scattered = (counter * _MULTIPLIER + insurer.id * 7_777) % style.number_span
        return f"{scattered:0{style.number_width}d}"
    return str(counter)


# 個人番号: everyone resident has one, card or not. Eleven digits by the same kind of fixed
# permutation (this multiplier is coprime with 10¹¹), then the check digit.
_INDIVIDUAL_SPAN = 10**11
_INDIVIDUAL_MULTIPLIER = 7_919_000_003
_INDIVIDUAL_OFFSET = 31_415_926_535


def individual_number_of(person_id: int) -> str:
    """The 個人番号 of the person with this id: unique while ids stay below 10¹¹."""
    eleven = f"{(person_id * _INDIVIDUAL_MULTIPLIER + _INDIVIDUAL_OFFSET) % _INDIVIDUAL_SPAN:011d}"
    return eleven + str(individual_number_check_digit(eleven))
