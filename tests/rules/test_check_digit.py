import pytest

from onshi.rules.check_digit import has_valid_check_digit, luhn_check_digit


@pytest.mark.parametrize(
    "number",
    [
        "33120015",  # 保険者番号 (domain-rules B1)
        "01040013",  # 保険者番号
        "06010391",  # 保険者番号
        "54016027",  # 公費負担者番号 (B3)
        "0110113719",  # 医療機関コード (B5)
    ],
)
def test_worked_examples_are_valid(number: str) -> None:
    assert has_valid_check_digit(number)
    assert luhn_check_digit(number[:-1]) == int(number[-1])


@pytest.mark.parametrize("number", ["33120015", "54016027", "0110113719"])
def test_every_other_last_digit_is_invalid(number: str) -> None:
    body, good = number[:-1], number[-1]
    for digit in "0123456789":
        assert has_valid_check_digit(body + digit) is (digit == good)


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("9", 1),  # 9×2 = 18 → 1+8 = 9 → 10−9
        ("59", 6),  # 9×2 → 9, 5×1 → 5; sum 14 → 10−4
        ("19", 0),  # 9×2 → 9, 1×1 → 1; sum 10 ends in 0 → 0, not 10
        ("0", 0),
        ("0000", 0),
    ],
)
def test_luhn_check_digit_arithmetic(digits: str, expected: int) -> None:
    assert luhn_check_digit(digits) == expected


def test_leading_zeros_do_not_change_the_check_digit() -> None:
    assert luhn_check_digit("0013303") == luhn_check_digit("13303") == 3


@pytest.mark.parametrize("digits", ["", "12a4", " 123", "１２３", "1.5"])
def test_luhn_check_digit_rejects_non_digits(digits: str) -> None:
    with pytest.raises(ValueError):
        luhn_check_digit(digits)


@pytest.mark.parametrize("number", ["", "7", "3312001X", "３３１２００１５", " 33120015"])
def test_has_valid_check_digit_is_false_for_non_numbers(number: str) -> None:
    assert has_valid_check_digit(number) is False
