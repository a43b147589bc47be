"""A patient at the face-auth card reader's screens in Debian's chromium, the real hub behind.

Each verification method and each certificate case is walked with a virtual card, and the
face/ document the clinic's software would pick up is read back.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from onshi.oqs import errors, xml
from onshi.oqs.client import HubClient
from onshi.oqs.codes import ReferenceClassification
from onshi.oqs.messages import ConfirmationResult
from onshi.server import serving
from onshi.terminal.views import create_app
from tests.hub.builders import INSTITUTION
from tests.pki.conftest import holder_keys  # noqa: F401
from tests.terminal.conftest import KioskWorld, kiosk_world  # noqa: F401


@pytest.fixture
def kiosk_url(kiosk_world: KioskWorld) -> Iterator[str]:  # noqa: F811
    hub = HubClient(kiosk_world.hub_url)
    app = create_app(kiosk_world.store, hub, kiosk_world.clock, INSTITUTION, kiosk_world.kiosk)
    with serving(app) as url:
        yield url
    hub.close()


def place(page: Page, url: str, label: str) -> None:
    page.goto(url + "/kiosk")
    expect(page.get_by_text("マイナンバーカードを置いてください")).to_be_visible()
    page.get_by_role("button", name=f"「{label}」を置く").click()
    expect(page.get_by_role("heading", name="本人確認")).to_be_visible()


def by_pin(page: Page, pin: str = "1234") -> None:
    page.get_by_role("link", name="暗証番号").click()
    page.get_by_label("暗証番号").fill(pin)
    page.get_by_role("button", name="確定").click()


def consent_and_finish(page: Page) -> None:
    expect(page.get_by_role("heading", name="同意の確認")).to_be_visible()
    page.get_by_role("button", name="同意する").click()


def face_documents(world: KioskWorld) -> list[ConfirmationResult]:
    return [xml.parse(ConfirmationResult, f.read_bytes())
            for f in sorted(world.folders.face.iterdir())]


@pytest.mark.browser
def test_a_patient_confirms_by_pin_face_and_visual_check(
        kiosk_url: str, page: Page, kiosk_world: KioskWorld) -> None:  # noqa: F811
    place(page, kiosk_url, "有効")
    by_pin(page)
    consent_and_finish(page)
    expect(page.get_by_role("heading", name="受付完了")).to_be_visible()
    page.get_by_role("button", name="カードを取る").click()

    place(page, kiosk_url, "顔認証カード")
    expect(page.get_by_text("顔認証マイナンバーカードです")).to_be_visible()
    expect(page.get_by_role("link", name="暗証番号")).to_have_count(0)
    page.get_by_role("link", name="顔認証").click()
    expect(page.get_by_role("note")).to_contain_text("顔認証シミュレーター")
    page.get_by_role("button", name="本人として認証する").click()
    consent_and_finish(page)
    page.get_by_role("button", name="カードを取る").click()

    place(page, kiosk_url, "有効")
    page.get_by_role("link", name="職員が目視で確認する（目視確認モード）").click()
    page.get_by_label("確認した職員のアカウント").fill("uketsuke01")
    page.get_by_role("button", name="本人であることを確認しました").click()
    page.get_by_role("button", name="同意しない").click()
    expect(page.get_by_role("heading", name="受付完了")).to_be_visible()

    documents = face_documents(kiosk_world)
    assert len(documents) == 3
    assert all(d.is_confirmed for d in documents)
    assert {d.header.reference_classification for d in documents} == {
        ReferenceClassification.MY_NUMBER_CARD}
    consents = [d.body.results[0].limit_info is not None for d in documents]
    assert consents.count(False) >= 1  # the visual check was answered 同意しない
    methods = kiosk_world.store.reader_rates()[0]
    assert (methods.attempts, methods.incomplete) == (3, 0)


@pytest.mark.browser
@pytest.mark.parametrize(("label", "notice"), [
    ("期限3か月以内", errors.CERTIFICATE_EXPIRING),
    ("期限切れ3か月以内", errors.CERTIFICATE_IN_GRACE)])
def test_expiring_certificates_pass_with_their_notice_on_screen_and_in_face(
        kiosk_url: str, page: Page, kiosk_world: KioskWorld, label, notice) -> None:  # noqa: F811
    place(page, kiosk_url, label)
    by_pin(page)
    consent_and_finish(page)
    expect(page.get_by_role("status")).to_have_text(notice.message)
    (document,) = face_documents(kiosk_world)
    assert document.is_confirmed and document.body.result_code == notice.code


@pytest.mark.browser
@pytest.mark.parametrize(("label", "words"), [
    ("期限切れ", "資格情報のお知らせ"), ("一時利用停止", "一時利用停止の解除"),
    ("失効", "失効しています")])
def test_refused_certificates_tell_the_patient_what_to_do(
        kiosk_url: str, page: Page, kiosk_world: KioskWorld, label, words) -> None:  # noqa: F811
    place(page, kiosk_url, label)
    by_pin(page)
    consent_and_finish(page)
    expect(page.get_by_role("heading", name="資格確認ができませんでした")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(words)
    assert face_documents(kiosk_world) == []


@pytest.mark.browser
def test_a_wrong_pin_shows_the_tries_left(kiosk_url: str, page: Page) -> None:
    place(page, kiosk_url, "有効")
    by_pin(page, "9999")
    expect(page.get_by_role("heading", name="暗証番号が違います")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("あと2回")
    page.get_by_role("link", name="本人確認をやり直す").click()
    by_pin(page)
    consent_and_finish(page)
    expect(page.get_by_role("heading", name="受付完了")).to_be_visible()
