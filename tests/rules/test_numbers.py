import dataclasses

import pytest

from onshi.rules.numbers import (
    PREFECTURES,
    SCORE_TABLES,
    InstitutionCode,
    InstitutionCodeError,
    InsurerNumber,
    InsurerNumberError,
    is_valid_individual_number,
    normalize_branch,
    normalize_symbol_or_number,
    parse_institution_code,
    parse_insurer_number,
    to_half_width,
)

# --- to_half_width -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣｘｙｚ０１２３４５６７８９", "ABCxyz0123456789"),
        ("！＃（）．／＠［］～", "!#()./@[]~"),
        ("１２－３４", "12-34"),  # U+FF0D
        ("12‐34", "12-34"),  # U+2010
        ("12−34", "12-34"),  # U+2212
        ("試験\u3000太郎", "試験 太郎"),
        ("ｼｹﾝ ﾊﾅｺ", "ｼｹﾝ ﾊﾅｺ"),  # half-width kana stay (NFKC would widen them)
        ("シケン", "シケン"),
        ("ー", "ー"),  # long-vowel mark is not a minus
        ("abc-12", "abc-12"),
    ],
)
def test_to_half_width(text: str, expected: str) -> None:
    assert to_half_width(text) == expected


# --- 記号・番号・枝番 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１２－３４", "12-34"),
        (" 00123 ", "00123"),
        ("12 34\u300056", "123456"),
        ("　００７　", "007"),
        ("記号Ａ", "記号A"),
    ],
)
def test_normalize_symbol_or_number(text: str, expected: str) -> None:
    assert normalize_symbol_or_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("\u3000", None),
        ("1", "01"),
        ("１", "01"),
        (" 01 ", "01"),
        ("００", "00"),
        ("12", "12"),
    ],
)
def test_normalize_branch(text: str | None, expected: str | None) -> None:
    assert normalize_branch(text) == expected


@pytest.mark.parametrize("text", ["001", "a", "1a", "１２３", "1 2", "²"])
def test_normalize_branch_rejects_anything_but_two_digits(text: str) -> None:
    with pytest.raises(ValueError, match="枝番"):
        normalize_branch(text)


# --- InsurerNumber ---------------------------------------------------------------------------


def test_eight_digit_insurer_number_parts() -> None:
    number = parse_insurer_number("01130012")
    assert number == InsurerNumber("01130012")
    assert number.is_national_health_insurance is False
    assert number.houbetsu == "01"
    assert number.prefecture == "13"
    assert number.insurer_serial == "001"
    assert number.is_kokuho_union is False
    assert number.padded == "01130012"


def test_six_digit_insurer_number_parts() -> None:
    number = parse_insurer_number("132019")
    assert number.digits == "132019"
    assert number.is_national_health_insurance is True
    assert number.houbetsu is None
    assert number.prefecture == "13"
    assert number.insurer_serial == "201"
    assert number.is_kokuho_union is False
    assert number.padded == "  132019"


@pytest.mark.parametrize(("text", "union"), [("133033", True), ("132019", False)])
def test_kokuho_union_is_serial_in_the_300s(text: str, union: bool) -> None:
    assert parse_insurer_number(text).is_kokuho_union is union


def test_eight_digit_number_with_serial_in_300s_is_not_a_kokuho_union() -> None:
    assert InsurerNumber("01133010").is_kokuho_union is False


def test_insurer_number_is_frozen() -> None:
    number = parse_insurer_number("01130012")
    with pytest.raises(dataclasses.FrozenInstanceError):
        number.digits = "06130017"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("01130012", "01130012"),
        ("０１１３００１２", "01130012"),
        (" 01130012 ", "01130012"),
        ("132019", "132019"),
        ("  132019", "132019"),  # space-padded as in OQS results
        ("\u3000\u3000132019", "132019"),
        ("00132019", "132019"),  # zero-padded as some clients send
        ("００１３３０３３", "133033"),
    ],
)
def test_parse_insurer_number_accepts(text: str, canonical: str) -> None:
    assert parse_insurer_number(text) == InsurerNumber(canonical)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0113001",  # 7 digits
        "011300123",  # 9 digits
        "1320",
        "0113001A",
        "0113 0012",  # space inside
        "48001 2",
        "01480011",  # 都道府県番号 48 (check digit is right)
        "01000017",  # 都道府県番号 00
        "480012",  # 6-digit, 都道府県番号 48
        "000018",  # 6-digit, 都道府県番号 00
        "00480012",  # zero-padded, 都道府県番号 48
        "12130019",  # 法別 12 生活保護 is 公費, not insurance
        "27130012",  # 法別 27 unknown
    ],
)
def test_parse_insurer_number_format_errors(text: str) -> None:
    with pytest.raises(InsurerNumberError) as caught:
        parse_insurer_number(text)
    assert caught.value.reason == "format"


@pytest.mark.parametrize("text", ["01130013", "132018", "00132018", "33120016"])
def test_parse_insurer_number_check_digit_errors(text: str) -> None:
    with pytest.raises(InsurerNumberError) as caught:
        parse_insurer_number(text)
    assert caught.value.reason == "check_digit"


def test_insurer_number_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_insurer_number("x")
    assert InsurerNumberError(reason="format").reason == "format"


@pytest.mark.parametrize("digits", ["12345", "1234567", "０１１３００１２", "  132019", ""])
def test_insurer_number_constructor_checks_shape(digits: str) -> None:
    with pytest.raises(InsurerNumberError) as caught:
        InsurerNumber(digits)
    assert caught.value.reason == "format"


# --- 医療機関等コード --------------------------------------------------------------------------


def test_institution_code_parts() -> None:
    code = parse_institution_code("0110113719")
    assert code == InstitutionCode("0110113719")
    assert code.prefecture == "01"
    assert code.score_table == "1"
    assert code.district == "01"
    assert code.serial == "1371"


def test_institution_code_from_oqs_example() -> None:
    code = parse_institution_code("１３１２３４５６７９")
    assert (code.prefecture, code.score_table, code.district, code.serial) == (
        "13",
        "1",
        "23",
        "4567",
    )


@pytest.mark.parametrize(
    "text",
    [
        "011011371",
        "01101137190",
        "011011371X",
        "",
        "4810113714",  # 都道府県番号 48 (check digit is right)
        "0010113710",  # 都道府県番号 00 (check digit is right)
    ],
)
def test_parse_institution_code_format_errors(text: str) -> None:
    with pytest.raises(InstitutionCodeError) as caught:
        parse_institution_code(text)
    assert caught.value.reason == "format"


def test_parse_institution_code_check_digit_error() -> None:
    with pytest.raises(InstitutionCodeError) as caught:
        parse_institution_code("0110113718")
    assert caught.value.reason == "check_digit"
    assert isinstance(caught.value, ValueError)


def test_score_tables() -> None:
    # "6" 訪問看護 is [unverified] (domain-rules B5).
    assert SCORE_TABLES == {"1": "医科", "3": "歯科", "4": "調剤", "6": "訪問看護"}


# --- 都道府県 ---------------------------------------------------------------------------------


def test_prefectures_cover_01_to_47_in_jis_order() -> None:
    assert list(PREFECTURES) == [f"{n:02d}" for n in range(1, 48)]
    assert PREFECTURES["01"] == "北海道"
    assert PREFECTURES["02"] == "青森県"
    assert PREFECTURES["13"] == "東京都"
    assert PREFECTURES["14"] == "神奈川県"
    assert PREFECTURES["26"] == "京都府"
    assert PREFECTURES["27"] == "大阪府"
    assert PREFECTURES["46"] == "鹿児島県"
    assert PREFECTURES["47"] == "沖縄県"
    assert all(name[-1] in "都道府県" for name in PREFECTURES.values())
    assert len(set(PREFECTURES.values())) == 47


@pytest.mark.parametrize(("number", "valid"), [
    ("123456789018", True),  # the number used in public examples
    ("123456789011", False),
    ("000000000000", True),  # remainder 0 → check digit 0
    ("12345678901", False),
    ("１２３４５６７８９０１８", False),  # full-width digits are not a number
])
def test_individual_number_check_digit(number: str, valid: bool) -> None:
    assert is_valid_individual_number(number) is valid
