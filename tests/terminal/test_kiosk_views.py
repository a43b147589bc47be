"""The kiosk's screens over HTTP: a locked card set anew at the (test) municipal window, and
requests the screens never send."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from onshi.oqs.client import HubClient
from onshi.terminal.views import create_app
from tests.hub.builders import INSTITUTION
from tests.terminal.conftest import KioskWorld


@pytest.fixture
def kiosk(kiosk_world: KioskWorld) -> Iterator[TestClient]:
    hub = HubClient(kiosk_world.hub_url)
    app = create_app(kiosk_world.store, hub, kiosk_world.clock, INSTITUTION, kiosk_world.kiosk)
    with TestClient(app) as client:
        yield client
    hub.close()


def test_a_locked_pin_is_set_anew_and_works(kiosk: TestClient) -> None:
    kiosk.post("/kiosk/place", data={"card": "有効"})
    for _ in range(3):
        kiosk.post("/kiosk/verify/pin", data={"answer": "9999"})
    locked = kiosk.post("/kiosk/verify/pin", data={"answer": "1234"})
    assert "暗証番号がロックされています" in locked.text
    kiosk.post("/kiosk/remove")
    assert kiosk.post("/kiosk/reset-pin", data={"card": "有効", "pin": "4321"}).status_code == 200
    kiosk.post("/kiosk/place", data={"card": "有効"})
    assert "同意の確認" in kiosk.post("/kiosk/verify/pin", data={"answer": "4321"}).text
    assert "受付が完了しました" in kiosk.post("/kiosk/consent", data={"limit": "1"}).text


@pytest.mark.parametrize("form", [{"card": "顔認証カード", "pin": "1234"},
                                  {"card": "ない", "pin": "1234"},
                                  {"card": "有効", "pin": "12a4"}])
def test_a_reset_that_cannot_be_done_says_so(kiosk: TestClient, form) -> None:
    response = kiosk.post("/kiosk/reset-pin", data=form)
    assert response.status_code == 409
    assert "暗証番号を再設定できません" in response.text


def test_unknown_steps_and_cards_lead_back(kiosk: TestClient) -> None:
    assert kiosk.get("/kiosk/verify/fingerprint").status_code == 404
    assert kiosk.post("/kiosk/place", data={"card": "ない"}).status_code == 409
    assert "カードが置かれていません" in kiosk.get("/kiosk/identify").text
