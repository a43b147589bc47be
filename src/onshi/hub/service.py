"""資格確認 by 被保険者証 information: the hub's answer to one OQSsiquc01 request."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import Row

from onshi.clock import Clock
from onshi.hub.store import HubStore
from onshi.oqs import errors
from onshi.oqs.codes import (
    CharacterCode,
    ConsentFlag,
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
from onshi.oqs.messages import (
    ConfirmationRequest,
    ConfirmationResult,
    ElderlyRecipientInfo,
    LimitCertificateInfo,
    QualificationResult,
    ResultBody,
    ResultHeader,
    SearchInfo,
    wall_clock,
)
from onshi.rules.age import is_preschool
from onshi.rules.burden import IncomeCategory, burden, contribution_ratio_code
from onshi.rules.check_digit import has_valid_check_digit
from onshi.rules.houbetsu import Scheme
from onshi.rules.limit import LimitCategory, LimitCertificateKind
from onshi.rules.numbers import (
    InsurerNumberError,
    normalize_branch,
    normalize_symbol_or_number,
    parse_insurer_number,
)
from onshi.rules.validity import Candidate, covers, qualification_validity


@dataclass(frozen=True)
class CardQuery:
    """The card data of a request, normalised for lookup."""

    insurer_number: str
    symbol: str | None
    number: str
    branch: str | None
    birthdate: date


@dataclass
class ConfirmationService:
    store: HubStore
    clock: Clock

    def confirm(self, request: ConfirmationRequest) -> ConfirmationResult:
        """Answer the request as the national system does, as of its 資格確認日."""
        header = request.header
        check_institution(self.store, header.institution_code)
        now = wall_clock(self.clock.now())
        search = request.body.search
        try:
            query = card_query(search, header.confirmation_date)
        except OqsError as problem:
            return _result(request, now, ResultBody(
                search=search, status=ProcessingResultStatus.ERROR,
                result_code=problem.error.code, result_message=problem.message))
        validity, rows = self._resolve(query, header.confirmation_date)
        body = ResultBody(
            search=search, status=ProcessingResultStatus.NORMAL, validity=validity,
            results=tuple(qualification_result(row, search.limit_consent,
                                               header.confirmation_date, now)
                          for row in rows))
        return _result(request, now, body)

    def _resolve(self, query: CardQuery, on: date) -> tuple[QualificationValidity, list[Row]]:
        rows = [r for r in self.store.qualifications_by_card(
                    query.insurer_number, query.number, query.birthdate)
                if _same_card(r, query)]
        uncovered = [r for r in rows if not covers(r.acquired, r.lost, on)]
        elsewhere = (self.store.persons_insured_elsewhere(
            {r.person_id for r in uncovered}, [r.id for r in rows], on) if uncovered else set())
        return resolve(rows, on, elsewhere)


def resolve(rows: Sequence[Row], on: date, insured_elsewhere: Collection[int] = ()
            ) -> tuple[QualificationValidity, list[Row]]:
    """The 資格有効性 of qualification rows on `on`, and the rows the result reports
    (rules.validity decides; `insured_elsewhere` names persons holding another on that day)."""
    candidates = [Candidate(str(r.person_id), r.acquired, r.lost,
                            r.person_id in insured_elsewhere) for r in rows]
    validity, chosen = qualification_validity(candidates, on)
    row_of = {id(c): r for c, r in zip(candidates, rows, strict=True)}
    return validity, [row_of[id(c)] for c in chosen]


def check_institution(store: HubStore, code: str) -> None:
    """A well-formed 医療機関コード of a registered facility, or a file-level OqsError."""
    if not _well_formed_institution_code(code):
        raise OqsError(errors.ITEM_FORMAT, "MedicalInstitutionCode")
    if not store.facility_exists(code):
        raise OqsError(errors.UNKNOWN_INSTITUTION, code)


@lru_cache(maxsize=4096)
def _well_formed_institution_code(code: str) -> bool:
    """Remembered: a facility's software sends the same code with every request."""
    return len(code) == 10 and code.isdigit() and has_valid_check_digit(code)


def card_query(search: SearchInfo, on: date) -> CardQuery:
    """Validate and normalise card data; person-level problems raise OqsError."""
    try:
        insurer = parse_insurer_number(search.insurer_number)
    except InsurerNumberError as problem:
        code = errors.INSURER_CHECK_DIGIT if problem.reason == "check_digit" \
            else errors.INSURER_FORMAT
        raise OqsError(code, search.insurer_number) from None
    try:
        branch = normalize_branch(search.insured_branch_number)
    except ValueError:
        raise OqsError(errors.BRANCH_FORMAT, search.insured_branch_number or "") from None
    number = normalize_symbol_or_number(search.insured_identification_number)
    if not number:
        raise OqsError(errors.NUMBER_MISSING)
    if search.birthdate > on:
        raise OqsError(errors.BIRTHDATE_FUTURE)
    symbol = normalize_symbol_or_number(search.insured_card_symbol or "") or None
    return CardQuery(insurer.digits, symbol, number, branch, search.birthdate)


def _same_card(row: Row, query: CardQuery) -> bool:
    """記号 and 枝番 narrow the match only when the request gives them."""
    if query.symbol is not None and row.symbol != query.symbol:
        return False
    return query.branch is None or row.branch == query.branch


def qualification_result(row: Row, limit_consent: ConsentFlag, on: date,
                         now: datetime) -> QualificationResult:
    """One ResultOfQualificationConfirmation; 限度額 information only with its consent."""
    scheme = Scheme(row.scheme)
    ratio = burden(row.birthdate, on, late_elderly_insured=scheme is Scheme.LATE_ELDERLY,
                   income=IncomeCategory(row.income))
    limit_consented = limit_consent is ConsentFlag.CONSENTED
    return QualificationResult(
        card_classification=InsuredCardClassification(row.card_classification),
        insurer_number=parse_insurer_number(row.insurer_number).padded,
        insured_card_symbol=row.symbol or None,
        insured_identification_number=row.number,
        insured_branch_number=row.branch,
        personal_family=PersonalFamily(row.personal_family) if row.personal_family else None,
        insured_name=row.insured_name, name=row.name, name_of_other=row.name_of_other,
        name_kana=row.name_kana, name_of_other_kana=row.name_of_other_kana,
        sex1=Sex(row.sex), birthdate=row.birthdate, address=row.address,
        post_number=row.post_number, qualification_date=row.acquired,
        disqualification_date=row.lost, card_issuance_date=row.card_issued,
        card_valid_date=row.card_valid_from, card_expiration_date=row.card_valid_until,
        partial_contribution_ratio=(contribution_ratio_code(ratio.ratio_percent)
                                    if scheme is Scheme.LATE_ELDERLY else None),
        preschool=PreschoolClassification.PRESCHOOL if is_preschool(row.birthdate, on) else None,
        reason_of_loss=ReasonOfLoss(row.reason_of_loss) if row.reason_of_loss else None,
        insurer_name=row.insurer_name,
        elderly_recipient=_elderly(row, on),
        limit_consent=limit_consent,
        limit_consent_time=now if limit_consented else None,
        limit_info=_limit(row, on) if limit_consented else None,
    )


def _elderly(row: Row, on: date) -> ElderlyRecipientInfo | None:
    """高齢受給者証情報 of a certificate in force on the 資格確認日: before it starts the person
    is not yet a 高齢受給者, and one that has ended no longer sets the ratio."""
    if row.elderly_ratio is None or not _within(row.elderly_valid_from,
                                                row.elderly_valid_until, on):
        return None
    return ElderlyRecipientInfo(certificate_date=row.elderly_issued,
                                valid_start=row.elderly_valid_from,
                                valid_end=row.elderly_valid_until,
                                contribution_ratio=contribution_ratio_code(row.elderly_ratio))


def _limit(row: Row, on: date) -> LimitCertificateInfo | None:
    if row.limit_category is None or not _within(row.limit_valid_from, row.limit_valid_until, on):
        return None
    return LimitCertificateInfo(kind=LimitCertificateKind(row.limit_kind),
                                category=LimitCategory(row.limit_category),
                                certificate_date=row.limit_issued,
                                valid_start=row.limit_valid_from, valid_end=row.limit_valid_until,
                                long_term_date=row.limit_long_term)


def _within(start: date | None, end: date | None, on: date) -> bool:
    """A certificate's 有効開始年月日 … 有効終了年月日, both days included."""
    return (start is None or start <= on) and (end is None or on <= end)


def _result(request: ConfirmationRequest, now: datetime, body: ResultBody) -> ConfirmationResult:
    header = request.header
    return ConfirmationResult(
        header=ResultHeader(process_time=now, confirmation_date=header.confirmation_date,
                     institution_code=header.institution_code,
                     arbitrary_file_identifier=header.arbitrary_file_identifier,
                     reference_classification=ReferenceClassification.INSURANCE_CARD,
                     segment=SegmentOfResult.NORMAL,
                     character_code=header.character_code or CharacterCode.UTF8),
        body=body)
