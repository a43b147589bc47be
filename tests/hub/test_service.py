"""The hub's 資格確認 by card information, on both database backends, as of 2025-05-15."""

from __future__ import annotations

from datetime import date

import pytest

from onshi.clock import FixedClock
from onshi.hub.service import ConfirmationService
from onshi.hub.store import HubStore
from onshi.oqs import errors
from onshi.oqs.codes import (
    CharacterCode,
    ConsentFlag,
    PreschoolClassification,
    ProcessingResultStatus,
    QualificationValidity,
    ReasonOfLoss,
    SegmentOfResult,
)
from onshi.oqs.errors import OqsError
from onshi.oqs.messages import ConfirmationRequest, RequestBody, RequestHeader, SearchInfo
from tests.hub.builders import (
    INSTITUTION,
    KYOKAI_OSAKA,
    KYOKAI_TOKYO,
    LATE_ELDERLY_TOKYO,
    NHI_SHINJUKU,
    Registry,
)

TODAY = date(2025, 5, 15)
ADULT = date(1980, 7, 1)


@pytest.fixture
def registry(hub_engine) -> Registry:
    return Registry(hub_engine)


@pytest.fixture
def service(hub_engine) -> ConfirmationService:
    return ConfirmationService(HubStore(hub_engine), FixedClock.at(TODAY, 10, 30))


def ask(service: ConfirmationService, birthdate: date, *, insurer: str = KYOKAI_TOKYO,
        number: str = "123", symbol: str | None = "12345678", branch: str | None = None,
        on: date = TODAY, consent: ConsentFlag = ConsentFlag.CONSENTED,
        institution: str = INSTITUTION, character_code: CharacterCode | None = None):
    return service.confirm(ConfirmationRequest(
        header=RequestHeader(confirmation_date=on, institution_code=institution,
                             arbitrary_file_identifier="T0001", character_code=character_code),
        body=RequestBody(search=SearchInfo(
            insurer_number=insurer, insured_card_symbol=symbol,
            insured_identification_number=number, insured_branch_number=branch,
            birthdate=birthdate, limit_consent=consent))))


def test_valid_qualification_is_confirmed_with_the_card_data(registry, service):
    registry.qualification(registry.person(ADULT), ADULT)
    result = ask(service, ADULT, branch="01")
    assert result.is_confirmed
    assert result.header.segment is SegmentOfResult.NORMAL
    assert result.header.arbitrary_file_identifier == "T0001"
    entry = result.body.results[0]
    assert (entry.insurer_number, entry.insured_card_symbol, entry.insured_branch_number) == (
        KYOKAI_TOKYO, "12345678", "01")
    assert entry.insurer_name == "全国健康保険協会東京支部"
    assert entry.qualification_date == date(2018, 4, 1)
    assert entry.partial_contribution_ratio is None and entry.preschool is None


def test_lost_qualification_without_a_newer_one_is_invalid(registry, service):
    person = registry.person(ADULT)
    registry.qualification(person, ADULT, lost=date(2024, 3, 1), reason_of_loss="02")
    result = ask(service, ADULT)
    assert result.body.validity is QualificationValidity.INVALID
    entry = result.body.results[0]
    assert entry.disqualification_date == date(2024, 3, 1)
    assert entry.reason_of_loss is ReasonOfLoss.WELFARE


def test_old_card_of_a_person_with_a_newer_qualification(registry, service):
    person = registry.person(ADULT)
    registry.qualification(person, ADULT, lost=date(2024, 4, 1), reason_of_loss="03")
    registry.qualification(person, ADULT, insurer=KYOKAI_OSAKA, number="77", symbol="5555",
                           acquired=date(2024, 4, 1))
    assert ask(service, ADULT).body.validity is QualificationValidity.INVALID_NEWER
    new_card = ask(service, ADULT, insurer=KYOKAI_OSAKA, number="77", symbol="5555")
    assert new_card.body.validity is QualificationValidity.VALID


def test_loss_takes_effect_on_the_day_of_loss(registry, service):
    person = registry.person(ADULT)
    registry.qualification(person, ADULT, lost=TODAY, reason_of_loss="01")
    assert ask(service, ADULT, on=date(2025, 5, 14)).body.validity is QualificationValidity.VALID
    assert ask(service, ADULT).body.validity is QualificationValidity.INVALID


def test_unknown_card_finds_nothing(registry, service):
    registry.qualification(registry.person(ADULT), ADULT)
    for variant in ({"number": "124"}, {"symbol": "12345679"}, {"branch": "02"}):
        result = ask(service, ADULT, **variant)
        assert result.body.validity is QualificationValidity.NOT_FOUND, variant
        assert result.body.results == ()
    assert ask(service, date(1980, 7, 2)).body.validity is QualificationValidity.NOT_FOUND


def test_twins_match_twice_without_the_branch_number(registry, service):
    twins = date(2015, 9, 9)
    for branch in ("03", "04"):
        registry.qualification(registry.person(twins), twins, branch=branch)
    result = ask(service, twins)
    assert result.body.validity is QualificationValidity.MULTIPLE
    assert {e.insured_branch_number for e in result.body.results} == {"03", "04"}
    assert ask(service, twins, branch="04").body.validity is QualificationValidity.VALID


def test_card_data_is_normalised_before_lookup(registry, service):
    registry.qualification(registry.person(ADULT), ADULT)
    result = ask(service, ADULT, symbol="１２３４５６７８", number=" １２３ ", branch="1")
    assert result.body.validity is QualificationValidity.VALID


@pytest.mark.parametrize("written", ["131045", "00131045", "  131045"])
def test_six_digit_nhi_numbers_in_every_padding(registry, service, written):
    registry.qualification(registry.person(ADULT), ADULT, insurer=NHI_SHINJUKU, symbol="")
    result = ask(service, ADULT, insurer=written, symbol=None)
    assert result.body.validity is QualificationValidity.VALID
    assert result.body.results[0].insurer_number == "  131045"


def test_late_elderly_ratio_follows_income(registry, service):
    born = date(1945, 3, 3)
    registry.qualification(registry.person(born), born, insurer=LATE_ELDERLY_TOKYO, symbol="",
                           number="11112222", branch=None, acquired=date(2020, 3, 3))
    other = date(1946, 6, 6)
    registry.qualification(registry.person(other), other, insurer=LATE_ELDERLY_TOKYO, symbol="",
                           number="33334444", branch=None, acquired=date(2021, 6, 6),
                           income="一定以上所得")
    first = ask(service, born, insurer=LATE_ELDERLY_TOKYO, symbol=None, number="11112222")
    assert first.body.results[0].partial_contribution_ratio == "010"
    second = ask(service, other, insurer=LATE_ELDERLY_TOKYO, symbol=None, number="33334444")
    assert second.body.results[0].partial_contribution_ratio == "020"


def test_preschool_child_is_marked(registry, service):
    child = date(2020, 4, 2)
    registry.qualification(registry.person(child), child, branch="03", acquired=child)
    entry = ask(service, child).body.results[0]
    assert entry.preschool is PreschoolClassification.PRESCHOOL
    assert ask(service, child, on=date(2027, 4, 1)).body.results[0].preschool is None


def test_elderly_recipient_certificate_is_reported(registry, service):
    born = date(1953, 4, 15)
    registry.qualification(registry.person(born), born, elderly_issued=date(2023, 4, 20),
                           elderly_valid_from=date(2023, 5, 1),
                           elderly_valid_until=date(2025, 7, 31), elderly_ratio=20)
    info = ask(service, born).body.results[0].elderly_recipient
    assert info is not None
    assert info.contribution_ratio == "020"
    assert info.valid_start == date(2023, 5, 1)


@pytest.mark.parametrize(("on", "reported"), [
    (date(2023, 4, 30), False),  # 70 already, certificate from the 1st of the next month
    (date(2023, 5, 1), True),
    (date(2025, 7, 31), True),
    (date(2025, 8, 1), False),  # ended; its renewal would be a new certificate
])
def test_elderly_recipient_certificate_only_while_in_force(registry, service, on, reported):
    born = date(1953, 4, 15)
    registry.qualification(registry.person(born), born, acquired=date(2010, 4, 1),
                           elderly_issued=date(2023, 4, 20), elderly_valid_from=date(2023, 5, 1),
                           elderly_valid_until=date(2025, 7, 31), elderly_ratio=20)
    (entry,) = ask(service, born, on=on).body.results
    assert (entry.elderly_recipient is not None) is reported


def test_limit_information_only_with_consent(registry, service):
    registry.qualification(registry.person(ADULT), ADULT, limit_kind="01", limit_category="A03",
                           limit_issued=date(2024, 8, 1), limit_valid_from=date(2024, 8, 1),
                           limit_valid_until=date(2025, 7, 31))
    with_consent = ask(service, ADULT).body.results[0]
    assert with_consent.limit_info is not None
    assert with_consent.limit_info.category.value == "A03"
    assert with_consent.limit_consent_time is not None
    without = ask(service, ADULT, consent=ConsentFlag.NOT_CONSENTED).body.results[0]
    assert without.limit_info is None and without.limit_consent_time is None
    expired = ask(service, ADULT, on=date(2025, 8, 1)).body.results[0]
    assert expired.limit_info is None


@pytest.mark.parametrize(("insurer", "branch", "code"), [
    ("01130013", None, errors.INSURER_CHECK_DIGIT),
    ("0113001", None, errors.INSURER_FORMAT),
    ("ABCDEFGH", None, errors.INSURER_FORMAT),
    ("01130012", "123", errors.BRANCH_FORMAT),
])
def test_unusable_card_data_is_a_person_level_error(registry, service, insurer, branch, code):
    result = ask(service, ADULT, insurer=insurer, branch=branch)
    assert result.header.segment is SegmentOfResult.NORMAL
    assert result.body.status is ProcessingResultStatus.ERROR
    assert result.body.result_code == code.code
    assert result.body.result_message.startswith(code.message[:8])
    assert result.body.validity is None


def test_birthdate_after_the_confirmation_date_is_refused(registry, service):
    result = ask(service, date(2026, 1, 1))
    assert result.body.result_code == errors.BIRTHDATE_FUTURE.code


def test_unregistered_institution_is_refused(registry, service):
    with pytest.raises(OqsError) as raised:
        ask(service, ADULT, institution="1312345687")
    assert raised.value.error is errors.UNKNOWN_INSTITUTION
    with pytest.raises(OqsError) as malformed:
        ask(service, ADULT, institution="1312345678")
    assert malformed.value.error is errors.ITEM_FORMAT


def test_result_encoding_follows_the_request(registry, service):
    registry.qualification(registry.person(ADULT), ADULT)
    result = ask(service, ADULT, character_code=CharacterCode.SHIFT_JIS)
    assert result.header.character_code is CharacterCode.SHIFT_JIS
    assert result.header.process_time.isoformat() == "2025-05-15T10:30:00"


def test_one_person_with_two_lapsed_rows_on_one_card_is_invalid_not_multiple(registry, service):
    person = registry.person(ADULT)
    registry.qualification(person, ADULT, acquired=date(2015, 4, 1), lost=date(2018, 4, 1))
    registry.qualification(person, ADULT, acquired=date(2019, 4, 1), lost=date(2024, 4, 1),
                           reason_of_loss="02")
    result = ask(service, ADULT)
    assert result.body.validity is QualificationValidity.INVALID
    assert [e.disqualification_date for e in result.body.results] == [date(2024, 4, 1)]
