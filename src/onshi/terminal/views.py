"""The terminal's staff screens: 資格確認 by typing the card, and the list of past results.

Thin by design: read the form, ask the hub through HubClient, record the answer, render it.
The hub normalises and validates the card data; the form only catches what the terminal can
see by itself (an empty required field, a date that does not exist).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict

from onshi.clock import Clock
from onshi.oqs import xml
from onshi.oqs.client import HubClient, HubUnavailable
from onshi.oqs.codes import (
    ConsentFlag,
    ProcessingResultStatus,
    QualificationValidity,
    SegmentOfResult,
)
from onshi.oqs.messages import (
    ConfirmationRequest,
    ConfirmationResult,
    QualificationResult,
    RequestBody,
    RequestHeader,
    SearchInfo,
    wall_clock,
)
from onshi.terminal.kiosk import FACE_SOURCE, Kiosk
from onshi.terminal.kiosk_views import add_kiosk_routes
from onshi.terminal.models import Exchange
from onshi.terminal.store import TerminalStore, by_maker
from onshi.web.templating import mount_static, templates

FORM_SOURCE = "form"
ROUTES = {"req": "フォルダ連携", FORM_SOURCE: "画面照会",
          FACE_SOURCE: "マイナンバーカード"}  # 経路 of an exchange

# Badge colour of each 資格有効性: green only for 有効.
TONES = {
    QualificationValidity.VALID: "valid",
    QualificationValidity.INVALID: "invalid",
    QualificationValidity.INVALID_NEWER: "invalid",
    QualificationValidity.NOT_FOUND: "caution",
    QualificationValidity.MULTIPLE: "caution",
}

REQUIRED = {
    "insurer_number": "保険者番号を入力してください。",
    "number": "被保険者証番号を入力してください。",
    "birthdate": "生年月日を入力してください。",
    "confirmation_date": "資格確認日を入力してください。",
}
DATES = {
    "birthdate": "生年月日が正しい日付ではありません。",
    "confirmation_date": "資格確認日が正しい日付ではありません。",
}


class CardForm(BaseModel):
    """保険証/処方箋で確認: the card data as typed (dates as the date inputs send them)."""

    model_config = ConfigDict(frozen=True)

    insurer_number: str = ""
    symbol: str = ""
    number: str = ""
    branch: str = ""
    birthdate: str = ""
    confirmation_date: str = ""
    limit_consent: bool = False  # an unticked checkbox sends nothing

    @classmethod
    def blank(cls, today: date) -> CardForm:
        return cls(confirmation_date=today.isoformat(), limit_consent=True)

    def problems(self) -> dict[str, str]:
        """Form errors by field name, in Japanese; empty when the hub can be asked."""
        found: dict[str, str] = {}
        for name, message in REQUIRED.items():
            if not getattr(self, name).strip():
                found[name] = message
        for name, message in DATES.items():
            if name not in found and _day(getattr(self, name)) is None:
                found[name] = message
        return found

    def born(self) -> date | None:
        return _day(self.birthdate)

    def request(self, institution_code: str, now: datetime) -> ConfirmationRequest:
        """The OQSsiquc01 request; call only when `problems()` is empty."""
        birthdate, confirmation_date = _day(self.birthdate), _day(self.confirmation_date)
        if birthdate is None or confirmation_date is None:
            raise ValueError("the form has problems; check problems() first")
        consent = ConsentFlag.CONSENTED if self.limit_consent else ConsentFlag.NOT_CONSENTED
        return ConfirmationRequest(
            header=RequestHeader(confirmation_date=confirmation_date,
                                 institution_code=institution_code,
                                 arbitrary_file_identifier=f"WEB{now:%Y%m%d%H%M%S}"),
            body=RequestBody(search=SearchInfo(
                insurer_number=self.insurer_number, insured_card_symbol=_optional(self.symbol),
                insured_identification_number=self.number,
                insured_branch_number=_optional(self.branch), birthdate=birthdate,
                limit_consent=consent)))


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _optional(text: str) -> str | None:
    return text if text.strip() else None


@dataclass(frozen=True)
class Answer:
    """A result document as the screen reads it: an error, or a 資格有効性 with its entries."""

    result: ConfirmationResult

    @property
    def error(self) -> tuple[str, str] | None:
        """(code, message) of a file-level (SegmentOfResult 9) or person-level error."""
        header, body = self.result.header, self.result.body
        if header.segment is not SegmentOfResult.NORMAL:
            return header.error_code or "", header.error_message or header.segment.label
        if body.status is ProcessingResultStatus.ERROR:
            return body.result_code or "", body.result_message or ""
        return None

    @property
    def notice(self) -> tuple[str, str] | None:
        """付帯情報: a ProcessingResultCode on a normal answer."""
        body = self.result.body
        if self.error is None and body.result_code:
            return body.result_code, body.result_message or ""
        return None

    @property
    def validity(self) -> QualificationValidity | None:
        return self.result.body.validity

    @property
    def tone(self) -> str:
        return TONES[self.validity] if self.validity else "caution"

    @property
    def entries(self) -> tuple[QualificationResult, ...]:
        return self.result.body.results


@dataclass(frozen=True)
class HistoryRow:
    """One line of 資格確認結果一覧."""

    token: str
    received_at: datetime
    route: str
    file_name: str | None
    patient_name: str
    outcome: str
    tone: str

    @classmethod
    def of(cls, exchange: Exchange) -> HistoryRow:
        outcome, tone = _outcome(exchange)
        return cls(token=exchange.token, received_at=exchange.received_at,
                   route=ROUTES.get(exchange.source, exchange.source),
                   file_name=exchange.file_name, patient_name=exchange.patient_name or "",
                   outcome=outcome, tone=tone)


def _outcome(exchange: Exchange) -> tuple[str, str]:
    if exchange.validity:
        validity = QualificationValidity(exchange.validity)
        return validity.label, TONES[validity]
    return f"エラー {exchange.error_code or ''}".strip(), "invalid"


def create_app(store: TerminalStore, hub: HubClient, clock: Clock,
               institution_code: str, kiosk: Kiosk | None = None) -> FastAPI:
    """The staff screens; with a card reader (`kiosk`) also its patient-facing screens."""
    app = FastAPI(title="onshi terminal", docs_url=None, redoc_url=None)
    mount_static(app)
    pages = templates()
    if kiosk is not None:
        add_kiosk_routes(app, kiosk, pages)

    def page(request: Request, name: str, section: str, status_code: int = 200,
             **context: Any) -> HTMLResponse:
        shared = {"section": section, "institution_code": institution_code,
                  "now": wall_clock(clock.now())}
        return pages.TemplateResponse(request, f"terminal/{name}", {**shared, **context},
                                      status_code=status_code)

    def confirm_page(request: Request, form: CardForm, status_code: int = 200,
                     problems: dict[str, str] | None = None, answer: Answer | None = None,
                     unreachable: bool = False) -> HTMLResponse:
        return page(request, "confirm.html", "confirm", status_code, form=form,
                    problems=problems or {}, answer=answer, unreachable=unreachable)

    @app.get("/", response_class=HTMLResponse)
    def menu(request: Request) -> HTMLResponse:
        return page(request, "menu.html", "menu")

    @app.get("/confirm/insurance-card", response_class=HTMLResponse)
    def card_form(request: Request) -> HTMLResponse:
        return confirm_page(request, CardForm.blank(clock.today()))

    @app.post("/confirm/insurance-card", response_class=HTMLResponse)
    def confirm_card(request: Request, form: Annotated[CardForm, Form()]) -> HTMLResponse:
        problems = form.problems()
        if problems:
            return confirm_page(request, form, 422, problems=problems)
        received_at = wall_clock(clock.now())
        try:
            result = hub.confirm(form.request(institution_code, received_at))
        except HubUnavailable:
            return confirm_page(request, form, 503, unreachable=True)
        record(store, result, received_at, wall_clock(clock.now()))
        return confirm_page(request, form, answer=Answer(result))

    @app.get("/history", response_class=HTMLResponse)
    def history(request: Request) -> HTMLResponse:
        rows = [HistoryRow.of(exchange) for exchange in store.recent()]
        return page(request, "history.html", "history", rows=rows)

    @app.get("/readers", response_class=HTMLResponse)
    def readers(request: Request) -> HTMLResponse:
        """Reader metrics: the cancellation rate per device, and per maker."""
        rates = store.reader_rates()
        return page(request, "readers.html", "readers", rates=rates, makers=by_maker(rates))

    @app.get("/history/{token}", response_class=HTMLResponse)
    def history_entry(request: Request, token: str) -> HTMLResponse:
        exchange = store.find(token)
        if exchange is None:
            return page(request, "history_entry.html", "history", 404, row=None)
        answer = Answer(xml.parse(ConfirmationResult, exchange.result))
        return page(request, "history_entry.html", "history", row=HistoryRow.of(exchange),
                    answer=answer, unreachable=False)

    return app


def record(store: TerminalStore, result: ConfirmationResult, received_at: datetime,
           answered_at: datetime) -> None:
    """Journal a form confirmation like the folder exchange journals a request file."""
    entry = result.body.results[0] if result.body.results else None
    store.record(
        token=uuid.uuid4().hex, source=FORM_SOURCE, file_name=None, received_at=received_at,
        answered_at=answered_at, rejected=result.header.segment is SegmentOfResult.ABNORMAL,
        error_code=result.header.error_code or result.body.result_code,
        validity=result.body.validity.value if result.body.validity else None,
        patient_name=entry.name if entry else None, result=xml.dump(result))
