"""検証番号 (check digit) shared by 保険者番号, 公費負担者番号, 受給者番号 and 医療機関等コード."""


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


# Digit sum of 2 × d for d = 0…9 (12 → 1 + 2 = 3).
_DOUBLED_DIGIT_SUM = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_check_digit(digits: str) -> int:
    """Return the 検証番号 for the preceding digits (domain-rules B1, B3, B5).

    From the rightmost digit leftwards multiply by 2, 1, 2, 1…, add the digits of two-digit
    products, and take 10 minus the last digit of the sum (0 when that digit is 0).
    """
    if not _is_ascii_digits(digits):
        raise ValueError(f"expected ASCII digits, got {digits!r}")
    doubled = sum(_DOUBLED_DIGIT_SUM[int(char)] for char in digits[::-1][::2])
    single = sum(int(char) for char in digits[::-1][1::2])
    return (10 - (doubled + single) % 10) % 10


def has_valid_check_digit(number: str) -> bool:
    """Tell whether the last digit of `number` is the 検証番号 of the digits before it."""
    if len(number) < 2 or not _is_ascii_digits(number):
        return False
    return luhn_check_digit(number[:-1]) == int(number[-1])
