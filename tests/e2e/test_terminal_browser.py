"""A clerk at the terminal's staff screens in Debian's chromium, with the real hub behind it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from onshi.clock import FixedClock
from onshi.oqs.client import HubClient
from onshi.server import serving
from onshi.terminal.store import TerminalStore
from onshi.terminal.views import create_app
from tests.hub.builders import INSTITUTION, KYOKAI_TOKYO, Registry
from tests.terminal.documents import ADULT


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.at(date(2025, 5, 15), 10, 30)


@pytest.fixture
def terminal_url(hub_engine: Engine, hub_url: str, terminal_engine: Engine,
                 clock: FixedClock) -> Iterator[str]:
    registry = Registry(hub_engine)
    registry.qualification(registry.person(ADULT), ADULT)
    hub = HubClient(hub_url)
    with serving(create_app(TerminalStore(terminal_engine), hub, clock, INSTITUTION)) as url:
        yield url
    hub.close()


def ask(page: Page, number: str) -> None:
    """Type the card into the form by its labels and press 照会."""
    page.get_by_label("保険者番号", exact=True).fill(KYOKAI_TOKYO)
    page.get_by_label("被保険者証記号", exact=True).fill("12345678")
    page.get_by_label("被保険者証番号", exact=True).fill(number)
    page.get_by_label("枝番", exact=True).fill("01")
    page.get_by_label("生年月日", exact=True).fill(ADULT.isoformat())
    page.get_by_role("button", name="照会").click()


@pytest.mark.browser
def test_clerk_confirms_two_cards_and_finds_both_in_the_list(
        terminal_url: str, page: Page, clock: FixedClock, tmp_path: Path) -> None:
    page.goto(terminal_url + "/")
    page.get_by_role("main").get_by_role("link", name="保険証/処方箋で確認").click()
    expect(page.get_by_label("資格確認日", exact=True)).to_have_value("2025-05-15")
    expect(page.get_by_label("限度額適用認定証等の情報提供に同意する")).to_be_checked()

    ask(page, "123")
    expect(page.locator(".badge")).to_have_text("有効")
    expect(page.locator(".person-name")).to_have_text("試験　花子")
    expect(page.locator("table.facts")).to_contain_text("昭和55年7月1日")
    expect(page.get_by_label("被保険者証番号", exact=True)).to_have_value("123")
    page.screenshot(path=tmp_path / "terminal-valid.png", full_page=True)

    clock.advance(minutes=5)
    ask(page, "124")
    expect(page.locator(".badge")).to_have_text("該当資格なし")
    expect(page.locator(".guidance")).to_contain_text(
        "記号・番号・枝番・生年月日に入力誤りがないか")
    page.screenshot(path=tmp_path / "terminal-not-found.png", full_page=True)

    page.get_by_role("navigation").get_by_role("link", name="資格確認結果一覧").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("令和7年5月15日 10:35")
    expect(rows.nth(0)).to_contain_text("該当資格なし")
    expect(rows.nth(1)).to_contain_text("試験　花子")
    expect(rows.nth(1)).to_contain_text("有効")
    expect(rows.nth(1)).to_contain_text("画面照会")
    page.screenshot(path=tmp_path / "terminal-history.png", full_page=True)

    rows.nth(1).get_by_role("link").click()
    expect(page.locator(".badge")).to_have_text("有効")
    expect(page.locator(".person-name")).to_have_text("試験　花子")
