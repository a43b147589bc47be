"""Documents shared by the OQS codec tests: one request and one result with every field set."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from onshi.oqs.codes import (
    CharacterCode,
    ConsentFlag,
    ConsentStatus,
    InsuredCardClassification,
    PersonalFamily,
    PreschoolClassification,
    ProcessingResultStatus,
    QualificationValidity,
    ReasonOfLoss,
    ReferenceClassification,
    SegmentOfResult,
    Sex,
)
from onshi.oqs.messages import (
    ConfirmationRequest,
    ConfirmationResult,
    ElderlyRecipientInfo,
    LimitCertificateInfo,
    QualificationResult,
    RequestBody,
    RequestHeader,
    ResultBody,
    ResultHeader,
    SearchInfo,
    SpecificDiseaseInfo,
)
from onshi.rules.limit import LimitCategory, LimitCertificateKind, SpecificDisease

DATA = Path(__file__).parent / "data"
REFERENCE_REQUEST = DATA / "OQSsiquc01req_202506010001.xml"  # oqs-interface §5.1
REFERENCE_RESULT = DATA / "OQSsiquc01res_202506010001.xml"  # oqs-interface §5.2

INSTITUTION = "1312345679"
# CP932-only characters (① NEC special, 髙 IBM extension), the 外字 mark ● and 半角カナ.
NAME = "髙橋　①子●"
NAME_KANA = "ﾀｶﾊｼ ｼｹﾝｺ"


def search_info() -> SearchInfo:
    return SearchInfo(
        insurer_number="  123456",
        insured_card_symbol="１２－ab",
        insured_identification_number="0012",
        insured_branch_number="01",
        birthdate=date(1953, 4, 15),
        limit_consent=ConsentFlag.CONSENTED,
        arbitrary_identifier="patient-42",
    )


def full_request() -> ConfirmationRequest:
    return ConfirmationRequest(
        header=RequestHeader(
            confirmation_date=date(2025, 6, 1),
            institution_code=INSTITUTION,
            arbitrary_file_identifier="202506010001",
            character_code=CharacterCode.SHIFT_JIS,
        ),
        body=RequestBody(search=search_info()),
    )


def _disease(disease: SpecificDisease, self_pay_yen: str) -> SpecificDiseaseInfo:
    return SpecificDiseaseInfo(
        disease=disease,
        certificate_date=date(2024, 3, 1),
        valid_start=date(2024, 4, 1),
        valid_end=date(2026, 3, 31),
        self_pay_yen=self_pay_yen,
    )


def qualification_result() -> QualificationResult:
    consent_at = datetime(2025, 6, 1, 9, 30, 5)
    available_until = datetime(2025, 6, 2, 23, 59, 59)
    return QualificationResult(
        card_classification=InsuredCardClassification.SHORT_TERM_GENERAL,
        insurer_number="  123456",
        insured_card_symbol="１２－ab",
        insured_identification_number="0012",
        insured_branch_number="01",
        personal_family=PersonalFamily.DEPENDANT,
        insured_name="髙橋　太郎",
        name=NAME,
        name_of_other="高橋　一子",
        name_kana=NAME_KANA,
        name_of_other_kana="ﾀｶﾊｼ ｲﾁｺ",
        sex1=Sex.FEMALE,
        sex2=Sex.UNSET,
        birthdate=date(1953, 4, 15),
        address="東京都千代田区千代田①－９",
        post_number="100-0001",
        qualification_date=date(2018, 4, 1),
        disqualification_date=date(2025, 12, 31),
        card_issuance_date=date(2020, 10, 19),
        card_valid_date=date(2020, 10, 19),
        card_expiration_date=date(2026, 7, 31),
        partial_contribution_ratio="010",
        preschool=PreschoolClassification.PRESCHOOL,
        reason_of_loss=ReasonOfLoss.OTHER_INSURANCE,
        insurer_name="国民健康保険　千代田区",
        elderly_recipient=ElderlyRecipientInfo(
            certificate_date=date(2024, 7, 20),
            valid_start=date(2024, 8, 1),
            valid_end=date(2025, 7, 31),
            contribution_ratio="020",
        ),
        limit_consent=ConsentFlag.CONSENTED,
        limit_consent_time=consent_at,
        limit_info=LimitCertificateInfo(
            kind=LimitCertificateKind.LIMIT_AND_MEAL_REDUCTION,
            category=LimitCategory.B05,
            certificate_date=date(2024, 7, 20),
            valid_start=date(2024, 8, 1),
            valid_end=date(2025, 7, 31),
            long_term_date=date(2025, 2, 1),
        ),
        specific_disease_consent=ConsentStatus.GIVEN,
        specific_disease_consent_time=consent_at,
        specific_diseases=(_disease(SpecificDisease.DIALYSIS, "10000"),
                           _disease(SpecificDisease.HAEMOPHILIA, "0")),
        checkups_consent=ConsentStatus.EXPIRED,
        checkups_consent_time=consent_at,
        checkups_available_time=available_until,
        pharmaceutical_consent=ConsentStatus.GIVEN,
        pharmaceutical_consent_time=consent_at,
        pharmaceutical_available_time=available_until,
        reference_number="K-0042",
        diagnosis_consent=ConsentStatus.NONE,
        diagnosis_consent_time=consent_at,
        diagnosis_available_time=available_until,
        operation_consent=ConsentStatus.NOT_OBTAINABLE,
        operation_consent_time=consent_at,
        operation_available_time=available_until,
    )


def full_result() -> ConfirmationResult:
    return ConfirmationResult(
        header=ResultHeader(
            process_time=datetime(2025, 6, 1, 9, 30, 12),
            confirmation_date=date(2025, 6, 1),
            institution_code=INSTITUTION,
            arbitrary_file_identifier="202506010001",
            reference_classification=ReferenceClassification.INSURANCE_CARD,
            segment=SegmentOfResult.NORMAL,
            error_code="E0001",
            error_message="付帯情報あり",
            character_code=CharacterCode.UTF8,
        ),
        body=ResultBody(
            search=search_info(),
            prescription_issue_select="1",
            status=ProcessingResultStatus.NORMAL,
            result_code="W0001",
            result_message="マイナンバーカードの有効期限が近づいています。",
            validity=QualificationValidity.VALID,
            results=(qualification_result(),),
        ),
    )


def result_with(*results: QualificationResult) -> ConfirmationResult:
    """The full result with its ResultList replaced."""
    document = full_result()
    return replace(document, body=replace(document.body, results=results))


def minimal_result() -> ConfirmationResult:
    """A file-level error: only the required header elements and an empty body."""
    return ConfirmationResult(header=ResultHeader(
        process_time=datetime(2025, 6, 1, 9, 30, 12),
        segment=SegmentOfResult.ABNORMAL,
        character_code=CharacterCode.UTF8,
    ))
