"""Card and facility numbers: 保険者番号, 被保険者記号・番号・枝番, 医療機関等コード (B1–B5)."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from onshi.rules.check_digit import has_valid_check_digit
from onshi.rules.houbetsu import INSURANCE_HOUBETSU

# 都道府県番号 in JIS X 0401 order (domain-rules B1).
PREFECTURES: dict[str, str] = {
    f"{index:02d}": name
    for index, name in enumerate(
        (
            "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
            "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
            "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
            "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
            "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
            "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
            "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
        ),
        start=1,
    )
}  # fmt: skip

# 点数表番号 of 医療機関等コード (domain-rules B5).
SCORE_TABLES: dict[str, str] = {
    "1": "医科",
    "3": "歯科",
    "4": "調剤",
    "6": "訪問看護",  # [unverified] domain-rules B5: "6" for 訪問看護ステーション
}

_FULL_WIDTH_FIRST = 0xFF01  # "！"
_FULL_WIDTH_LAST = 0xFF5E  # "～"
_FULL_TO_HALF_OFFSET = 0xFEE0
_EXTRA_HALF_WIDTH = {"\u3000": " ", "\u2010": "-", "\u2212": "-"}

ErrorReason = Literal["format", "check_digit"]


def _half_width_char(char: str) -> str:
    code = ord(char)
    if _FULL_WIDTH_FIRST <= code <= _FULL_WIDTH_LAST:
        return chr(code - _FULL_TO_HALF_OFFSET)
    return _EXTRA_HALF_WIDTH.get(char, char)


def to_half_width(text: str) -> str:
    """Turn full-width ASCII (U+FF01–U+FF5E), U+3000 and hyphen/minus variants into ASCII.

    Done char by char instead of NFKC so that half-width kana (as in NameKana) stay as they are.
    """
    if text.isascii():  # nothing to turn: every character handled here lies outside ASCII
        return text
    return "".join(_half_width_char(char) for char in text)


def normalize_symbol_or_number(text: str) -> str:
    """Normalise 被保険者記号 or 番号: half-width, every space removed, leading zeros kept."""
    return to_half_width(text).replace(" ", "")


def normalize_branch(text: str | None) -> str | None:
    """Normalise 枝番 to two digits (domain-rules B4); blank means no 枝番."""
    if text is None:
        return None
    branch = to_half_width(text).strip()
    if not branch:
        return None
    if len(branch) == 1 and _is_ascii_digits(branch):
        return "0" + branch
    if len(branch) == 2 and _is_ascii_digits(branch):
        return branch
    raise ValueError(f"枝番 must be two digits, got {text!r}")


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _digits_of_length(text: str, lengths: tuple[int, ...]) -> str | None:
    """Return the half-width digits of `text` without surrounding spaces, if of a given length."""
    candidate = to_half_width(text).strip()
    if _is_ascii_digits(candidate) and len(candidate) in lengths:
        return candidate
    return None


class NumberError(ValueError):
    """A number that fails its format or its 検証番号; `reason` tells which."""

    def __init__(self, reason: ErrorReason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: ErrorReason = reason


class InsurerNumberError(NumberError):
    """Invalid 保険者番号."""


class InstitutionCodeError(NumberError):
    """Invalid 医療機関等コード."""


@dataclass(frozen=True)
class InsurerNumber:
    """保険者番号 in canonical form: 8 digits, or 6 digits for 国民健康保険 (domain-rules B1).

    The constructor checks only the shape; use parse_insurer_number for input from people or
    files, which also checks 都道府県番号, 法別番号 and 検証番号.
    """

    digits: str

    def __post_init__(self) -> None:
        if not (_is_ascii_digits(self.digits) and len(self.digits) in (6, 8)):
            raise InsurerNumberError("format", f"保険者番号 must be 6 or 8 digits: {self.digits!r}")

    @property
    def is_national_health_insurance(self) -> bool:
        """Six-digit numbers belong to 国民健康保険 (市町村 or 国保組合)."""
        return len(self.digits) == 6

    @property
    def houbetsu(self) -> str | None:
        """法別番号, absent from six-digit 国保 numbers."""
        return None if self.is_national_health_insurance else self.digits[:2]

    @property
    def prefecture(self) -> str:
        """都道府県番号."""
        return self._body[:2]

    @property
    def insurer_serial(self) -> str:
        """保険者別番号 (3 digits)."""
        return self._body[2:5]

    @property
    def is_kokuho_union(self) -> bool:
        """国保組合 (医師国保 etc.): six-digit number with 保険者別番号 in the 300s."""
        return self.is_national_health_insurance and self.insurer_serial.startswith("3")

    @property
    def padded(self) -> str:
        """Eight characters, six-digit numbers left-padded with spaces as OQS results carry them.

        oqs-interface §6 pitfall 4.
        """
        return self.digits.rjust(8)

    @property
    def _body(self) -> str:
        """都道府県番号 + 保険者別番号 + 検証番号."""
        return self.digits[-6:]


@lru_cache(maxsize=8192)
def parse_insurer_number(text: str) -> InsurerNumber:
    """Read a 保険者番号 as printed, typed or sent (domain-rules B1, B2; oqs-interface §2, §6).

    Accepts 8 or 6 digits, full-width digits, surrounding spaces (so space-padded `  123456`)
    and zero-padded 6-digit numbers (`00123456` → `123456`). Remembered: every confirmation
    parses one, and the country has a few thousand insurers (refusals are not remembered).
    """
    digits = _digits_of_length(text, (6, 8))
    if digits is None:
        raise InsurerNumberError("format", f"保険者番号 must be 6 or 8 digits: {text!r}")
    if len(digits) == 8 and digits.startswith("00"):
        digits = digits[2:]
    number = InsurerNumber(digits)
    if number.prefecture not in PREFECTURES:
        raise InsurerNumberError("format", f"unknown 都道府県番号 {number.prefecture}")
    if number.houbetsu is not None and number.houbetsu not in INSURANCE_HOUBETSU:
        raise InsurerNumberError("format", f"法別番号 {number.houbetsu} is not an insurance")
    if not has_valid_check_digit(digits):
        raise InsurerNumberError("check_digit", f"wrong 検証番号 in {digits}")
    return number


@dataclass(frozen=True)
class InstitutionCode:
    """医療機関等コード: 10 digits (domain-rules B5)."""

    digits: str

    def __post_init__(self) -> None:
        if not (_is_ascii_digits(self.digits) and len(self.digits) == 10):
            raise InstitutionCodeError("format", f"must be 10 digits: {self.digits!r}")

    @property
    def prefecture(self) -> str:
        """都道府県番号."""
        return self.digits[:2]

    @property
    def score_table(self) -> str:
        """点数表番号 (see SCORE_TABLES)."""
        return self.digits[2]

    @property
    def district(self) -> str:
        """郡市区番号."""
        return self.digits[3:5]

    @property
    def serial(self) -> str:
        """医療機関番号 (4 digits)."""
        return self.digits[5:9]


def parse_institution_code(text: str) -> InstitutionCode:
    """Read a 医療機関等コード; checks 都道府県番号 and the 検証番号 over 9 digits (B5)."""
    digits = _digits_of_length(text, (10,))
    if digits is None:
        raise InstitutionCodeError("format", f"must be 10 digits: {text!r}")
    code = InstitutionCode(digits)
    if code.prefecture not in PREFECTURES:
        raise InstitutionCodeError("format", f"unknown 都道府県番号 {code.prefecture}")
    if not has_valid_check_digit(digits):
        raise InstitutionCodeError("check_digit", f"wrong 検証番号 in {digits}")
    return code


# Weights of the 個人番号 検査用数字, for the 11 digits read from the right (P1 … P11).
_INDIVIDUAL_NUMBER_WEIGHTS = (2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6)


def individual_number_check_digit(eleven: str) -> int:
    """The 12th digit of a 個人番号 (マイナンバー) for its first 11 digits.

    Σ Pn×Qn over the digits from the right, Qn = n+1 for n ≤ 6 and n−5 above; the check digit
    is 11 minus the remainder mod 11, or 0 when the remainder is 0 or 1 (総務省令).
    """
    if len(eleven) != 11 or not _is_ascii_digits(eleven):
        raise ValueError(f"expected 11 ASCII digits, got {eleven!r}")
    total = sum(int(digit) * weight
                for digit, weight in zip(reversed(eleven), _INDIVIDUAL_NUMBER_WEIGHTS,
                                         strict=True))
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_individual_number(text: str) -> bool:
    return (len(text) == 12 and _is_ascii_digits(text)
            and individual_number_check_digit(text[:11]) == int(text[11]))
