"""The patient-facing screens of the face-auth card reader (kiosk), served by the terminal.

One kiosk, one reader: the screens follow the card on the reader. With a virtual reader a
test panel on 受付 places one of its cards, as a patient would place theirs.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from onshi.oqs.codes import ConsentFlag
from onshi.terminal.kiosk import Kiosk, KioskProblem
from onshi.terminal.reader import VirtualSlot

KIOSK = "/kiosk"


def add_kiosk_routes(app: FastAPI, kiosk: Kiosk, pages: Jinja2Templates) -> None:
    def screen(request: Request, name: str, status_code: int = 200,
               **context: Any) -> HTMLResponse:
        shared = {"attempt": kiosk.attempt, "matcher": kiosk.face_matcher.name,
                  "slot": kiosk.slot}
        return pages.TemplateResponse(request, f"kiosk/{name}", {**shared, **context},
                                      status_code=status_code)

    def problem(request: Request, trouble: KioskProblem) -> HTMLResponse:
        return screen(request, "problem.html", 409, problem=trouble)

    def go(path: str) -> Response:
        return RedirectResponse(KIOSK + path, status_code=303)

    @app.get(KIOSK, response_class=HTMLResponse)
    def reception(request: Request) -> HTMLResponse:
        cards = sorted(kiosk.slot.cards) if isinstance(kiosk.slot, VirtualSlot) else []
        return screen(request, "reception.html", cards=cards)

    @app.post(KIOSK + "/place")
    def place(request: Request, card: Annotated[str, Form()]) -> Response:
        if not isinstance(kiosk.slot, VirtualSlot) or card not in kiosk.slot.cards:
            return problem(request, KioskProblem("カードを置けません",
                                                 "テスト用カードを選んでください。"))
        kiosk.slot.place(card)
        return read(request)

    @app.post(KIOSK + "/reset-pin")
    def reset_pin(request: Request, card: Annotated[str, Form()],
                  pin: Annotated[str, Form()] = "") -> Response:
        """The municipal window, for test cards: a locked 暗証番号 set anew."""
        if not isinstance(kiosk.slot, VirtualSlot) or card not in kiosk.slot.cards \
                or len(pin) != 4 or not pin.isdigit():
            return problem(request, KioskProblem("暗証番号を再設定できません",
                                                 "テスト用カードと数字4桁の暗証番号を選んでください。"))
        try:
            kiosk.slot.cards[card].unblock(pin)
        except ValueError:
            return problem(request, KioskProblem("暗証番号を再設定できません",
                                                 "顔認証マイナンバーカードには暗証番号がありません。"))
        return go("")

    @app.post(KIOSK + "/read")
    def read(request: Request) -> Response:
        return step_then(request, kiosk.begin, "/identify")

    @app.get(KIOSK + "/identify", response_class=HTMLResponse)
    def identify(request: Request) -> HTMLResponse:
        return screen(request, "identify.html")

    verifications = {"pin": kiosk.with_pin, "face": kiosk.with_face,
                     "visual": kiosk.with_visual_check}

    @app.get(KIOSK + "/verify/{how}", response_class=HTMLResponse)
    def verification_form(request: Request, how: str) -> HTMLResponse:
        """暗証番号, 顔認証 or 目視確認: each its own screen, each answering one field."""
        if how not in verifications:
            return screen(request, "identify.html", 404)
        return screen(request, f"{how}.html")

    @app.post(KIOSK + "/verify/{how}")
    def verify(request: Request, how: str, answer: Annotated[str, Form()] = "") -> Response:
        if how not in verifications:
            return go("/identify")
        return step_then(request, lambda: verifications[how](answer), "/consent")

    def step_then(request: Request, step: Any, next_screen: str) -> Response:
        """Take a step of the flow; the next screen, or the problem in plain words."""
        try:
            step()
        except KioskProblem as trouble:
            return problem(request, trouble)
        return go(next_screen)

    @app.get(KIOSK + "/consent", response_class=HTMLResponse)
    def consent_form(request: Request) -> HTMLResponse:
        return screen(request, "consent.html")

    @app.post(KIOSK + "/consent")
    def consent(request: Request, limit: Annotated[str, Form()] = "0") -> Response:
        flag = ConsentFlag.CONSENTED if limit == "1" else ConsentFlag.NOT_CONSENTED
        try:
            result = kiosk.finish(flag)
        except KioskProblem as trouble:
            return problem(request, trouble)
        return screen(request, "done.html", result=result)

    @app.post(KIOSK + "/remove")
    def remove() -> Response:
        """The card leaves the reader: whatever was under way did not complete."""
        kiosk.cancel()
        if isinstance(kiosk.slot, VirtualSlot):
            kiosk.slot.remove()
        return go("")
