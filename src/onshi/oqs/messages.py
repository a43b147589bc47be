"""Typed OQS documents for 資格確認 (oqs-interface.md §2–§3).

Identification values stay strings ("strings, not numbers": 枝番 `01`, insurer `01130012`);
dates are `date`, timestamps `datetime` (JST, no zone on the wire), codes are enums.
Field order is the element order writers use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

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
from onshi.oqs.errors import OqsError
from onshi.oqs.fields import element, items, required
from onshi.rules.limit import LimitCategory, LimitCertificateKind, SpecificDisease

# The schema's InstitutionCode: an error about a malformed code does not echo it.
_INSTITUTION_CODE = re.compile(r"[0-9]{10}")


@dataclass(frozen=True, kw_only=True)
class SearchInfo:
    """QualificationConfirmSearchInfo 資格確認照会用情報: what is printed on the card."""

    insurer_number: str = required("InsurerNumber")
    insured_card_symbol: str | None = element("InsuredCardSymbol")
    insured_identification_number: str = required("InsuredIdentificationNumber")
    insured_branch_number: str | None = element("InsuredBranchNumber")
    birthdate: date = required("Birthdate")
    limit_consent: ConsentFlag = required("LimitApplicationCertificateRelatedConsFlg")
    arbitrary_identifier: str | None = element("ArbitraryIdentifier")


@dataclass(frozen=True, kw_only=True)
class RequestHeader:
    confirmation_date: date = required("QualificationConfirmationDate")  # 資格確認日
    institution_code: str = required("MedicalInstitutionCode")  # 医療機関コード
    arbitrary_file_identifier: str | None = element("ArbitraryFileIdentifier")
    # Whether a request may name the result encoding is [unverified] (oqs-interface §1.3); onshi
    # accepts it so that one client can ask for Shift_JIS without a terminal-wide setting.
    character_code: CharacterCode | None = element("CharacterCodeIdentifier")


@dataclass(frozen=True, kw_only=True)
class RequestBody:
    search: SearchInfo = required("QualificationConfirmSearchInfo")


@dataclass(frozen=True, kw_only=True)
class ConfirmationRequest:
    """OQSsiquc01req: 資格確認 個別照会 by 被保険者証 information (照会区分 2)."""

    header: RequestHeader = required("MessageHeader")
    body: RequestBody = required("MessageBody")


@dataclass(frozen=True, kw_only=True)
class ElderlyRecipientInfo:
    """ElderlyRecipientCertificateInfo 高齢受給者証情報."""

    certificate_date: date | None = element("ElderlyRecipientCertificateDate")
    valid_start: date | None = element("ElderlyRecipientValidStartDate")
    valid_end: date | None = element("ElderlyRecipientValidEndDate")
    contribution_ratio: str | None = element("ElderlyRecipientContributionRatio")


@dataclass(frozen=True, kw_only=True)
class LimitCertificateInfo:
    """LimitApplicationCertificateRelatedInfo 限度額適用認定証関連情報."""

    kind: LimitCertificateKind | None = element("LimitApplicationCertificateClassification")
    category: LimitCategory | None = element("LimitApplicationCertificateClassificationFlag")
    certificate_date: date | None = element("LimitApplicationCertificateDate")
    valid_start: date | None = element("LimitApplicationCertificateValidStartDate")
    valid_end: date | None = element("LimitApplicationCertificateValidEndDate")
    long_term_date: date | None = element("LimitApplicationCertificateLongTermDate")


@dataclass(frozen=True, kw_only=True)
class SpecificDiseaseInfo:
    """SpecificDiseasesCertificateInfo 特定疾病療養受療証情報."""

    disease: SpecificDisease | None = element("SpecificDiseasesDiseaseCategory")
    certificate_date: date | None = element("SpecificDiseasesCertificateDate")
    valid_start: date | None = element("SpecificDiseasesValidStartDate")
    valid_end: date | None = element("SpecificDiseasesValidEndDate")
    self_pay_yen: str | None = element("SpecificDiseasesSelfPay")


@dataclass(frozen=True, kw_only=True)
class QualificationResult:
    """ResultOfQualificationConfirmation 資格確認結果 (§3.3), in the writers' element order."""

    card_classification: InsuredCardClassification = required("InsuredCardClassification")
    insurer_number: str = required("InsurerNumber")
    insured_card_symbol: str | None = element("InsuredCardSymbol")
    insured_identification_number: str | None = element("InsuredIdentificationNumber")
    insured_branch_number: str | None = element("InsuredBranchNumber")
    personal_family: PersonalFamily | None = element("PersonalFamilyClassification")
    insured_name: str | None = element("InsuredName")  # 被保険者氏名（世帯主）, not the patient
    name: str = required("Name")
    name_of_other: str | None = element("NameOfOther")
    name_kana: str | None = element("NameKana")  # 半角カナ
    name_of_other_kana: str | None = element("NameOfOtherKana")
    sex1: Sex = required("Sex1")
    sex2: Sex | None = element("Sex2")
    birthdate: date = required("Birthdate")
    address: str | None = element("Address")
    post_number: str | None = element("PostNumber")
    qualification_date: date | None = element("QualificationDate")  # 資格取得年月日
    disqualification_date: date | None = element("DisqualificationDate")  # 資格喪失年月日
    card_issuance_date: date | None = element("InsuredCertificateIssuanceDate")
    card_valid_date: date | None = element("InsuredCardValidDate")
    card_expiration_date: date | None = element("InsuredCardExpirationDate")
    partial_contribution_ratio: str | None = element("InsuredPartialContributionRatio")
    preschool: PreschoolClassification | None = element("PreschoolClassification")
    reason_of_loss: ReasonOfLoss | None = element("ReasonOfLoss")
    insurer_name: str = required("InsurerName")
    elderly_recipient: ElderlyRecipientInfo | None = element("ElderlyRecipientCertificateInfo")
    limit_consent: ConsentFlag | None = element("LimitApplicationCertificateRelatedConsFlg")
    limit_consent_time: datetime | None = element("LimitApplicationCertificateRelatedConsTime")
    limit_info: LimitCertificateInfo | None = element("LimitApplicationCertificateRelatedInfo")
    specific_disease_consent: ConsentStatus | None = element(
        "SpecificDiseasesCertificateRelatedConsFlg")
    specific_disease_consent_time: datetime | None = element(
        "SpecificDiseasesCertificateRelatedConsTime")
    specific_diseases: tuple[SpecificDiseaseInfo, ...] = items(
        "SpecificDiseasesCertificateList", "SpecificDiseasesCertificateInfo")
    checkups_consent: ConsentStatus | None = element("SpecificHealthCheckupsInfoConsFlg")
    checkups_consent_time: datetime | None = element("SpecificHealthCheckupsInfoConsTime")
    checkups_available_time: datetime | None = element(
        "SpecificHealthCheckupsInfoAcquisitionTime", "SpecificHealthCheckupsInfoAvailableTime")
    pharmaceutical_consent: ConsentStatus | None = element(
        "PharmaceuticalInfoConsFlg", "PharmacistsInfoConsFlg")
    pharmaceutical_consent_time: datetime | None = element(
        "PharmaceuticalInfoConsTime", "PharmacistsInfoConsTime")
    pharmaceutical_available_time: datetime | None = element(
        "PharmaceuticalInfoAcquisitionTime", "PharmacistsInfoAvailableTime")
    reference_number: str | None = element("ReferenceNumber")  # 照会番号
    diagnosis_consent: ConsentStatus | None = element("DiagnosisInfoConsFlg")
    diagnosis_consent_time: datetime | None = element("DiagnosisInfoConsTime")
    diagnosis_available_time: datetime | None = element(
        "DiagnosisInfoAcquisitionTime", "DiagnosisInfoAvailableTime")
    operation_consent: ConsentStatus | None = element("OperationInfoConsFlg")
    operation_consent_time: datetime | None = element("OperationInfoConsTime")
    operation_available_time: datetime | None = element(
        "OperationInfoAcquisitionTime", "OperationInfoAvailableTime")


@dataclass(frozen=True, kw_only=True)
class ResultHeader:
    process_time: datetime = required("ProcessExecutionTime")  # 処理実行日時
    confirmation_date: date | None = element("QualificationConfirmationDate")
    institution_code: str | None = element("MedicalInstitutionCode")
    arbitrary_file_identifier: str | None = element("ArbitraryFileIdentifier")
    reference_classification: ReferenceClassification | None = element(
        "ReferenceClassification")
    segment: SegmentOfResult = required("SegmentOfResult")
    error_code: str | None = element("ErrorCode")
    error_message: str | None = element("ErrorMessage")
    character_code: CharacterCode = required("CharacterCodeIdentifier")


@dataclass(frozen=True, kw_only=True)
class ResultBody:
    search: SearchInfo | None = element("QualificationConfirmSearchInfo")
    prescription_issue_select: str | None = element("PrescriptionIssueSelect")
    status: ProcessingResultStatus | None = element("ProcessingResultStatus")
    result_code: str | None = element("ProcessingResultCode")
    result_message: str | None = element("ProcessingResultMessage")
    validity: QualificationValidity | None = element("QualificationValidity")
    results: tuple[QualificationResult, ...] = items(
        "ResultList", "ResultOfQualificationConfirmation")


@dataclass(frozen=True, kw_only=True)
class ConfirmationResult:
    """OQSsiquc01res (and face/ files): the answer to one 資格確認."""

    header: ResultHeader = required("MessageHeader")
    body: ResultBody = element("MessageBody", default=ResultBody())

    @property
    def is_confirmed(self) -> bool:
        """Valid means all four (oqs-interface §6.6): file and person normal, 有効, one entry."""
        return (self.header.segment is SegmentOfResult.NORMAL
                and self.body.status is ProcessingResultStatus.NORMAL
                and self.body.validity is QualificationValidity.VALID
                and len(self.body.results) == 1)


def wall_clock(now: datetime) -> datetime:
    """OQS timestamps are JST wall-clock values with no zone and no fraction."""
    return now.replace(tzinfo=None, microsecond=0)


def error_result(problem: OqsError, now: datetime,
                 character_code: CharacterCode = CharacterCode.UTF8,
                 request: ConfirmationRequest | None = None) -> ConfirmationResult:
    """SegmentOfResult 9: the file could not be processed (an onshi error code, errors.py)."""
    header = request.header if request else None
    return ConfirmationResult(header=ResultHeader(
        process_time=wall_clock(now),
        confirmation_date=header.confirmation_date if header else None,
        institution_code=(header.institution_code if header and
                          _INSTITUTION_CODE.fullmatch(header.institution_code) else None),
        arbitrary_file_identifier=header.arbitrary_file_identifier if header else None,
        reference_classification=ReferenceClassification.INSURANCE_CARD,
        segment=SegmentOfResult.ABNORMAL, error_code=problem.error.code,
        error_message=problem.message, character_code=character_code))
