"""The kiosk's flow against the real hub: every verification method, every certificate case,
the face/ document, the journal and the reader metrics."""

from __future__ import annotations

import pytest

from onshi.oqs import errors, xml
from onshi.oqs.card_protocol import Method
from onshi.oqs.codes import ConsentFlag, QualificationValidity, ReferenceClassification
from onshi.oqs.files import FACE_NAME
from onshi.oqs.messages import ConfirmationResult
from onshi.terminal.kiosk import KioskProblem
from tests.card.conftest import PIN
from tests.terminal.conftest import KioskWorld


def _face_documents(world: KioskWorld) -> list[ConfirmationResult]:
    files = sorted(world.folders.face.iterdir())
    assert all(FACE_NAME.fullmatch(f.name) for f in files)
    return [xml.parse(ConfirmationResult, f.read_bytes()) for f in files]


def _place(world: KioskWorld, label: str) -> None:
    world.slot.place(label)
    world.kiosk.begin()


@pytest.mark.parametrize(("method", "label"), [
    (Method.PIN, "有効"), (Method.FACE, "有効"), (Method.VISUAL, "有効"),
    (Method.FACE, "顔認証カード"), (Method.VISUAL, "顔認証カード"),
])
def test_each_method_ends_in_a_face_document(kiosk_world: KioskWorld, method, label):
    _place(kiosk_world, label)
    verify = {Method.PIN: lambda: kiosk_world.kiosk.with_pin(PIN),
              Method.FACE: lambda: kiosk_world.kiosk.with_face("本人"),
              Method.VISUAL: lambda: kiosk_world.kiosk.with_visual_check("uketsuke01")}
    verify[method]()
    result = kiosk_world.kiosk.finish(ConsentFlag.CONSENTED)
    (document,) = _face_documents(kiosk_world)
    assert document == result
    assert document.header.reference_classification is ReferenceClassification.MY_NUMBER_CARD
    assert document.body.validity is QualificationValidity.VALID
    assert document.body.results[0].name == "試験　花子"
    (entry,) = kiosk_world.store.recent()
    assert (entry.source, entry.validity, entry.patient_name) == ("face", "1", "試験　花子")
    (rate,) = kiosk_world.store.reader_rates()
    assert (rate.attempts, rate.incomplete) == (1, 0)


@pytest.mark.parametrize(("label", "notice"), [
    ("期限3か月以内", errors.CERTIFICATE_EXPIRING),
    ("期限切れ3か月以内", errors.CERTIFICATE_IN_GRACE)])
def test_expiring_and_just_expired_certificates_pass_with_their_notice(
        kiosk_world: KioskWorld, label, notice):
    _place(kiosk_world, label)
    kiosk_world.kiosk.with_pin(PIN)
    result = kiosk_world.kiosk.finish(ConsentFlag.CONSENTED)
    assert result.is_confirmed and result.body.result_code == notice.code
    assert _face_documents(kiosk_world)[0].body.result_message == notice.message


@pytest.mark.parametrize(("label", "refusal"), [
    ("期限切れ", errors.CERTIFICATE_EXPIRED), ("一時利用停止", errors.CERTIFICATE_SUSPENDED),
    ("失効", errors.CERTIFICATE_REVOKED)])
def test_refused_certificates_say_what_to_do_and_write_no_face_document(
        kiosk_world: KioskWorld, label, refusal):
    _place(kiosk_world, label)
    kiosk_world.kiosk.with_pin(PIN)
    with pytest.raises(KioskProblem) as refused:
        kiosk_world.kiosk.finish(ConsentFlag.CONSENTED)
    assert refused.value.message.startswith(refusal.message)
    assert _face_documents(kiosk_world) == []
    (rate,) = kiosk_world.store.reader_rates()
    assert (rate.attempts, rate.incomplete) == (1, 1)


def test_wrong_pins_count_down_then_lock_with_a_way_out(kiosk_world: KioskWorld):
    _place(kiosk_world, "有効")
    for left in (2, 1):
        with pytest.raises(KioskProblem) as wrong:
            kiosk_world.kiosk.with_pin("9999")
        assert wrong.value.title == "暗証番号が違います"
        assert f"あと{left}回" in wrong.value.message
    with pytest.raises(KioskProblem) as locked:
        kiosk_world.kiosk.with_pin("9999")
    assert locked.value.title == "暗証番号がロックされています"
    assert "市区町村の窓口" in locked.value.message
    kiosk_world.kiosk.with_face("本人")  # the way out the screen names
    assert kiosk_world.kiosk.finish(ConsentFlag.NOT_CONSENTED).is_confirmed


def test_a_face_card_has_no_pin_and_a_stranger_is_not_let_through(kiosk_world: KioskWorld):
    kiosk_world.slot.place("顔認証カード")
    assert kiosk_world.kiosk.begin().face_only
    with pytest.raises(KioskProblem) as no_pin:
        kiosk_world.kiosk.with_pin(PIN)
    assert no_pin.value.title == "このカードには暗証番号がありません"
    with pytest.raises(KioskProblem):
        kiosk_world.kiosk.with_face("別人")
    with pytest.raises(KioskProblem):
        kiosk_world.kiosk.with_visual_check("  ")


def test_abandoned_attempts_raise_the_cancellation_rate(kiosk_world: KioskWorld):
    _place(kiosk_world, "有効")
    kiosk_world.kiosk.cancel()
    _place(kiosk_world, "有効")
    kiosk_world.kiosk.with_pin(PIN)
    kiosk_world.kiosk.finish(ConsentFlag.CONSENTED)
    _place(kiosk_world, "有効")
    _place(kiosk_world, "有効")  # placed again before finishing: the first did not complete
    (rate,) = kiosk_world.store.reader_rates()
    assert (rate.device, rate.attempts, rate.incomplete) == ("virtual-reader-1", 3, 2)
    assert rate.cancellation_rate == pytest.approx(2 / 3)


def test_without_a_card_the_kiosk_asks_for_one(kiosk_world: KioskWorld):
    with pytest.raises(KioskProblem) as nothing:
        kiosk_world.kiosk.begin()
    assert nothing.value.title == "カードが置かれていません"
