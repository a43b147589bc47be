"""The terminal's staff screens against the real hub over loopback HTTP (no mocks of the hub)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

import httpx
import pytest
from fastapi.testclient import TestClient
from lxml import html
from sqlalchemy import Engine

from onshi.clock import FixedClock
from onshi.oqs import errors
from onshi.oqs.client import HubClient
from onshi.server import free_port
from onshi.terminal.store import TerminalStore
from onshi.terminal.views import create_app
from tests.hub.builders import INSTITUTION, KYOKAI_OSAKA, KYOKAI_TOKYO, LATE_ELDERLY_TOKYO, Registry
from tests.terminal.documents import ADULT, request_bytes

TODAY = date(2025, 5, 15)
FORM = "/confirm/insurance-card"
TWINS = date(2015, 9, 9)


@pytest.fixture
def registry(hub_engine: Engine) -> Registry:
    """The hub's population; making it registers the facility every confirmation needs."""
    return Registry(hub_engine)


@pytest.fixture
def store(terminal_engine: Engine) -> TerminalStore:
    return TerminalStore(terminal_engine)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.at(TODAY, 10, 30)


@contextmanager
def terminal(store: TerminalStore, hub_url: str, clock: FixedClock,
             institution: str = INSTITUTION) -> Iterator[TestClient]:
    hub = HubClient(hub_url, timeout=5)
    with TestClient(create_app(store, hub, clock, institution)) as client:
        yield client
    hub.close()


@pytest.fixture
def client(store: TerminalStore, hub_url: str, clock: FixedClock) -> Iterator[TestClient]:
    with terminal(store, hub_url, clock) as client:
        yield client


@pytest.fixture
def offline_client(store: TerminalStore, clock: FixedClock) -> Iterator[TestClient]:
    """The terminal with a hub address where nothing listens."""
    with terminal(store, f"http://127.0.0.1:{free_port()}", clock) as client:
        yield client


def confirm(client: TestClient, **fields: str | None) -> httpx.Response:
    data = {"insurer_number": KYOKAI_TOKYO, "symbol": "12345678", "number": "123",
            "branch": "", "birthdate": ADULT.isoformat(), "confirmation_date": TODAY.isoformat(),
            "limit_consent": "1", **fields}
    return client.post(FORM, data={k: v for k, v in data.items() if v is not None})


def squeeze(content: str) -> str:
    """Collapse ASCII whitespace only: names keep their 全角 space (試験　花子)."""
    return re.sub(r"[ \t\r\n]+", " ", content).strip()


def text(response: httpx.Response) -> str:
    return squeeze(html.fromstring(response.text).text_content())


def first(response: httpx.Response, xpath: str) -> str:
    found = html.fromstring(response.text).xpath(xpath)
    assert found, xpath
    return squeeze(found[0].text_content())


def facts(response: httpx.Response) -> dict[str, str]:
    """The first qualification's table: row heading → value."""
    rows = html.fromstring(response.text).xpath('(//table[@class="facts"])[1]//tr')
    return {squeeze(row.xpath("th")[0].text_content()): squeeze(row.xpath("td")[0].text_content())
            for row in rows}


def badge(response: httpx.Response) -> str:
    return first(response, '//*[contains(@class, "badge ")]')


def value(response: httpx.Response, field: str) -> str:
    return html.fromstring(response.text).get_element_by_id(field).get("value")


def valid(registry: Registry) -> dict[str, str]:
    registry.qualification(registry.person(ADULT), ADULT)
    return {}


def lost(registry: Registry) -> dict[str, str]:
    registry.qualification(registry.person(ADULT), ADULT, lost=date(2024, 3, 1),
                           reason_of_loss="02")
    return {}


def moved(registry: Registry) -> dict[str, str]:
    person = registry.person(ADULT)
    registry.qualification(person, ADULT, lost=date(2024, 4, 1), reason_of_loss="03")
    registry.qualification(person, ADULT, insurer=KYOKAI_OSAKA, number="77", symbol="5555",
                           acquired=date(2024, 4, 1))
    return {}


def mistyped(registry: Registry) -> dict[str, str]:
    registry.qualification(registry.person(ADULT), ADULT)
    return {"number": "124"}


def twins(registry: Registry) -> dict[str, str]:
    for branch in ("03", "04"):
        registry.qualification(registry.person(TWINS), TWINS, branch=branch)
    return {"birthdate": TWINS.isoformat()}


@pytest.mark.parametrize(("case", "label", "tone", "reasons"), [
    (valid, "有効", "valid", ["試験　花子", "昭和55年7月1日", "全国健康保険協会東京支部"]),
    (lost, "無効", "invalid", ["資格を喪失しています", "令和6年3月1日", "生活保護受給開始",
                              "現在のマイナ保険証、または資格確認書の提示を求めてください"]),
    (moved, "無効（新しい資格あり）", "invalid", [
        "新しい資格があります", "マイナ保険証、または新しい資格確認書の提示を求めてください",
        "この照会結果の保険情報は登録しないでください", "医療保険等の資格取得"]),
    (mistyped, "該当資格なし", "caution", [
        "記号・番号・枝番・生年月日に入力誤りがないか", "過去の受診歴", "被保険者資格申立書"]),
    (twins, "複数該当", "caution", ["券面の枝番を入力して、再度照会してください"]),
], ids=["1-valid", "2-invalid", "3-invalid-newer", "4-not-found", "5-multiple"])
def test_each_validity_shows_its_badge_and_reason(
        registry: Registry, client: TestClient, store: TerminalStore,
        case: Callable[[Registry], dict[str, str]], label: str, tone: str,
        reasons: list[str]) -> None:
    response = confirm(client, **case(registry))
    assert response.status_code == 200
    assert badge(response) == label
    assert f"badge-{tone}" in response.text
    page = text(response)
    for reason in reasons:
        assert reason in page
    (journal,) = store.recent()
    assert journal.source == "form" and journal.file_name is None
    assert journal.validity is not None
    assert journal.result.startswith(b"<?xml")


def test_valid_result_shows_the_card_data_and_keeps_the_form(registry: Registry,
                                                             client: TestClient) -> None:
    registry.qualification(registry.person(ADULT), ADULT, branch="02")
    response = confirm(client, branch="02")
    assert facts(response) == {
        "氏名": "試験　花子", "氏名カナ": "ｼｹﾝ ﾊﾅｺ", "生年月日": "昭和55年7月1日", "性別": "女",
        "保険者名称": "全国健康保険協会東京支部", "保険者番号": KYOKAI_TOKYO,
        "記号・番号・枝番": "記号 12345678 番号 123 枝番 02", "本人・家族": "家族",
        "被保険者氏名": "試験　太郎", "被保険者証区分": "被保険者証（一般）",
        "資格取得年月日": "平成30年4月1日"}
    assert "●" not in text(response)
    assert value(response, "insurer_number") == KYOKAI_TOKYO
    assert value(response, "branch") == "02"
    assert value(response, "birthdate") == ADULT.isoformat()


@pytest.mark.parametrize(("born", "fields", "qualification", "burden"), [
    (date(1945, 3, 3), {"symbol": "", "number": "11112222", "insurer_number": LATE_ELDERLY_TOKYO},
     {"insurer": LATE_ELDERLY_TOKYO, "symbol": "", "number": "11112222", "branch": None},
     "1割（後期高齢者）"),
    (date(1953, 4, 15), {}, {"elderly_issued": date(2023, 4, 20),
                             "elderly_valid_from": date(2023, 5, 1),
                             "elderly_valid_until": date(2025, 7, 31), "elderly_ratio": 20},
     "2割（高齢受給者）"),
    (date(2020, 4, 2), {}, {"branch": "03"}, "未就学"),
], ids=["late-elderly", "elderly", "preschool"])
def test_burden_ratio_comes_from_the_result(
        registry: Registry, client: TestClient, born: date, fields: dict[str, str],
        qualification: dict[str, object], burden: str) -> None:
    registry.qualification(registry.person(born), born, **qualification)
    shown = facts(confirm(client, birthdate=born.isoformat(), **fields))
    assert shown["負担割合"] == burden
    if "elderly_ratio" in qualification:
        assert shown["高齢受給者証"] == "有効期間 令和5年5月1日〜令和7年7月31日 交付 令和5年4月20日"


def test_limit_category_only_with_consent(registry: Registry, client: TestClient) -> None:
    registry.qualification(registry.person(ADULT), ADULT, limit_kind="02",
                           limit_category="A05", limit_issued=date(2024, 8, 1),
                           limit_valid_from=date(2024, 8, 1),
                           limit_valid_until=date(2025, 7, 31))
    consented = facts(confirm(client))
    assert consented["限度額適用区分"] == (
        "オ（限度額適用・標準負担額減額認定証）有効期間 令和6年8月1日〜令和7年7月31日")
    declined = confirm(client, limit_consent=None)
    assert "限度額適用区分" not in facts(declined)
    checkbox = html.fromstring(declined.text).get_element_by_id("limit_consent")
    assert checkbox.get("checked") is None


def test_person_level_error_shows_the_hub_code_and_message(
        registry: Registry, client: TestClient, store: TerminalStore) -> None:
    response = confirm(client, insurer_number="01130013")
    code, message = '(//dl[@class="error-detail"]//dd)[1]', '(//dl[@class="error-detail"]//dd)[2]'
    assert first(response, code) == "ON2002"
    assert first(response, message) == (
        f"{errors.INSURER_CHECK_DIGIT.message}（01130013）")
    (journal,) = store.recent()
    assert (journal.error_code, journal.validity, journal.rejected) == ("ON2002", None, False)


def test_file_level_error_shows_the_header_code_and_message(
        registry: Registry, store: TerminalStore, hub_url: str, clock: FixedClock) -> None:
    unregistered = "0110113719"  # a valid 医療機関コード the hub does not know
    with terminal(store, hub_url, clock, unregistered) as client:
        response = confirm(client)
    assert first(response, '(//dl[@class="error-detail"]//dd)[1]') == "ON1009"
    assert first(response, '(//dl[@class="error-detail"]//dd)[2]') == (
        f"{errors.UNKNOWN_INSTITUTION.message}（{unregistered}）")
    (journal,) = store.recent()
    assert (journal.error_code, journal.rejected) == ("ON1009", True)


def test_missing_fields_are_refused_by_the_form_without_asking(
        registry: Registry, client: TestClient, store: TerminalStore) -> None:
    response = confirm(client, insurer_number=" ", birthdate="")
    assert response.status_code == 422
    assert first(response, '//*[@id="insurer_number-error"]') == "保険者番号を入力してください。"
    assert first(response, '//*[@id="birthdate-error"]') == "生年月日を入力してください。"
    assert 'id="number-error"' not in response.text
    assert value(response, "number") == "123"
    assert store.recent() == []


def test_impossible_date_is_a_form_error(registry: Registry, client: TestClient,
                                         store: TerminalStore) -> None:
    response = confirm(client, birthdate="1980-02-30")
    assert response.status_code == 422
    assert first(response, '//*[@id="birthdate-error"]') == "生年月日が正しい日付ではありません。"
    assert store.recent() == []


def test_a_name_with_a_black_circle_warns_the_clerk(registry: Registry,
                                                    client: TestClient) -> None:
    registry.qualification(registry.person(ADULT, name="●橋　花子"), ADULT)
    warning = first(confirm(client), '//*[contains(@class, "alert-warning")]')
    assert warning == "氏名に●が含まれています（外字）。カルテの氏名を上書きしないでください。"


def test_history_lists_the_confirmations_newest_first(
        registry: Registry, client: TestClient, store: TerminalStore, clock: FixedClock,
        hub_url: str) -> None:
    registry.qualification(registry.person(ADULT), ADULT)
    hub = HubClient(hub_url)
    now = clock.now().replace(tzinfo=None)
    store.record(token="f" * 32, source="req", file_name="OQSsiquc01req_1.xml",
                 received_at=now, answered_at=now,
                 rejected=False, error_code=None, validity="1", patient_name="試験　花子",
                 result=hub.send(request_bytes("X1")).document)
    hub.close()
    clock.advance(minutes=1)
    confirm(client)
    clock.advance(minutes=1)
    confirm(client, number="124")
    clock.advance(minutes=1)
    confirm(client, insurer_number="01130013")
    rows = html.fromstring(client.get("/history").text).xpath("//tbody/tr")
    cells = [[squeeze(td.text_content()) for td in row.xpath("td")] for row in rows]
    assert cells == [
        ["令和7年5月15日 10:33", "画面照会", "", "エラー ON2002"],
        ["令和7年5月15日 10:32", "画面照会", "", "該当資格なし"],
        ["令和7年5月15日 10:31", "画面照会", "試験　花子", "有効"],
        ["令和7年5月15日 10:30", "フォルダ連携", "試験　花子", "有効"],
    ]
    link = rows[1].xpath(".//a/@href")[0]
    shown = client.get(link)
    assert badge(shown) == "該当資格なし"
    assert "入力誤りがないか" in text(shown)
    folder = text(client.get("/history/" + "f" * 32))
    assert "OQSsiquc01req_1.xml" in folder and "試験　花子" in folder


def test_unknown_history_entry_is_not_found(registry: Registry, client: TestClient) -> None:
    response = client.get("/history/0123456789abcdef0123456789abcdef")
    assert response.status_code == 404
    assert "指定された照会結果は見つかりません。" in text(response)


def test_unreachable_hub_explains_what_to_do(offline_client: TestClient,
                                             store: TerminalStore) -> None:
    response = confirm(offline_client)
    assert response.status_code == 503
    page = text(response)
    assert "オンライン資格確認等システムに接続できません。" in page
    for step in ("資格確認書", "被保険者資格申立書", "資格情報照会（システム障害時）"):
        assert step in page
    assert value(response, "insurer_number") == KYOKAI_TOKYO
    assert store.recent() == []
    assert offline_client.get("/history").status_code == 200


def test_menu_and_blank_form(registry: Registry, client: TestClient) -> None:
    menu = html.fromstring(client.get("/").text)
    links = {squeeze(a.xpath('*[@class="menu-button-label"]')[0].text_content()): a.get("href")
             for a in menu.xpath('//main//a')}
    assert links == {"保険証/処方箋で確認": FORM, "資格確認結果一覧": "/history",
                     "カードリーダー利用状況": "/readers"}
    form = client.get(FORM)
    assert value(form, "confirmation_date") == TODAY.isoformat()
    document = html.fromstring(form.text)
    assert document.get_element_by_id("limit_consent").get("checked") is not None
    labels = {label.get("for") for label in document.xpath("//label")}
    assert labels >= {"insurer_number", "symbol", "number", "branch", "birthdate",
                      "confirmation_date", "limit_consent"}
    assert client.get("/static/onshi.css").status_code == 200


def test_reader_metrics_show_each_devices_cancellation_rate_and_a_chart(client, store):
    at = datetime(2025, 5, 15, 10, 0)
    attempts = [("reader-a", "メーカーA", True), ("reader-a", "メーカーA", False),
                ("reader-a", "メーカーA", False), ("reader-b", "メーカーB", True),
                ("reader-c", "メーカーA", True)]
    for device, maker, completed in attempts:
        store.record_attempt(device=device, maker=maker, started_at=at, ended_at=at,
                             method="pin", tries=1, completed=completed,
                             outcome="完了" if completed else "中止")
    page = client.get("/readers")
    assert page.status_code == 200
    tree = html.fromstring(page.text)
    assert tree.xpath("//svg[@role='img']")
    device_rows, maker_rows = ([[cell.text_content() for cell in row.xpath("td")]
                                for row in table.xpath("tbody/tr")]
                               for table in tree.xpath("//table"))
    assert device_rows == [["reader-a", "メーカーA", "3", "2", "66.7%"],
                           ["reader-b", "メーカーB", "1", "0", "0.0%"],
                           ["reader-c", "メーカーA", "1", "0", "0.0%"]]
    assert maker_rows == [["メーカーA", "4", "2", "50.0%"], ["メーカーB", "1", "0", "0.0%"]]


def test_reader_metrics_say_when_nothing_was_recorded(client):
    assert "カードリーダーの利用記録はまだありません。" in client.get("/readers").text
