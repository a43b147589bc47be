import random

import pytest

from onshi.rules.houbetsu import Scheme
from onshi.synth.insurers import Catalogue, InsurerEntry
from onshi.synth.numbering import CardNumbers
from onshi.synth.weighted import Weighted

CATALOGUE = Catalogue()


@pytest.mark.parametrize(
    ("insurer", "symbol_digits", "number_digits"),
    [
        (CATALOGUE.kyokai["13"], {8}, None),
        (CATALOGUE.nhi[("13", "千代田区")], {2}, {7}),  # zero-padded, leading zeros kept
        (CATALOGUE.late_elderly["27"], {0}, {8}),  # 後期: no 記号, 8-digit 被保険者番号
    ],
)
def test_pairs_are_unique_and_shaped_per_scheme(insurer: InsurerEntry, symbol_digits: set[int],
                                                number_digits: set[int] | None) -> None:
    numbers, rng = CardNumbers(), random.Random(4)
    pairs = [numbers.allocate(insurer, rng) for _ in range(20_000)]
    assert len(set(pairs)) == len(pairs)
    assert {len(symbol) for symbol, _ in pairs} == symbol_digits
    assert all(number.isdigit() for _, number in pairs)
    if number_digits is not None:
        assert {len(number) for _, number in pairs} == number_digits


def test_late_elderly_numbers_do_not_start_with_zero() -> None:
    numbers, rng = CardNumbers(), random.Random(1)
    insurer = CATALOGUE.late_elderly["01"]
    assert insurer.scheme is Scheme.LATE_ELDERLY
    assert all(not numbers.allocate(insurer, rng)[1].startswith("0") for _ in range(5_000))


def test_weighted_draws_follow_the_weights_and_the_seed() -> None:
    table = Weighted.of((("a", 1), ("b", 3)))
    draws = [table.draw(random.Random(9)) for _ in range(3)]
    assert len(set(draws)) == 1  # same seed, same draw
    rng = random.Random(2)
    share = sum(table.draw(rng) == "b" for _ in range(20_000)) / 20_000
    assert 0.73 < share < 0.77


def test_weighted_refuses_mismatched_tables() -> None:
    with pytest.raises(ValueError):
        Weighted(["a"], [1, 2])
