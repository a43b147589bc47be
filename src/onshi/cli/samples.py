"""`onshi samples OUTDIR`: request files and the results the real hub produced for them.

Every file is made by running the real parties: a synthetic population in a throwaway hub
database, the hub served on loopback, the terminal's folder exchange answering req/ into res/,
and the terminal's card reader writing face/ for virtual cards issued by the sandbox CA.
Nothing here is hand-written except the requests themselves (and the broken ones on purpose).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console

from onshi.cli.wiring import (
    Terminal,
    certificate_authority,
    hub_app,
    party_engine,
    register_terminal_device,
)
from onshi.clock import FixedClock
from onshi.oqs import files, xml
from onshi.oqs.card_protocol import Method
from onshi.oqs.codes import CharacterCode, ConsentFlag
from onshi.oqs.messages import ConfirmationRequest, RequestBody, RequestHeader, SearchInfo
from onshi.server import serving
from onshi.synth import (
    DEMO_INSTITUTION_CODE,
    CardSample,
    SynthConfig,
    generate,
    sample_cards,
)
from onshi.synth.my_number_cards import DEMO_PIN, demo_cards
from onshi.terminal.folders import ExchangeFolders
from onshi.terminal.kiosk import KioskProblem
from onshi.terminal.reader import VirtualSlot

AS_OF = date(2025, 5, 15)
CASE_TITLES = {
    "valid": "資格有効（QualificationValidity 1）",
    "invalid": "資格無効：喪失（2）",
    "invalid_newer": "資格無効：新しい資格あり（3）",
    "not_found": "該当資格なし（4）",
    "multiple": "複数該当：枝番なしで双子を照会（5）",
    "preschool": "未就学（2割）",
    "elderly_70_74": "高齢受給者（70〜74歳）",
    "late_elderly": "後期高齢者（一部負担割合）",
    "limit_certificate": "限度額適用認定証情報（同意あり）",
    "gaiji": "氏名に外字（●）を含む",
}


CARD_TITLES = {  # case → (title, demo card, how the holder is verified)
    "card_pin": ("マイナンバーカード：暗証番号で本人確認", "有効", Method.PIN),
    "card_face": ("マイナンバーカード：顔認証（顔認証マイナンバーカード）",
                  "顔認証マイナンバーカード", Method.FACE),
    "card_visual": ("マイナンバーカード：目視確認モード", "有効", Method.VISUAL),
    "card_expiring": ("電子証明書の有効期限まで3か月以内（付帯情報 ON0101）",
                      "有効期限3か月以内", Method.PIN),
    "card_grace": ("電子証明書の有効期限切れ3か月以内（付帯情報 ON0102）",
                   "有効期限切れ（3か月以内）", Method.PIN),
    "card_expired": ("電子証明書の有効期限切れ3か月超（受付不可）", "有効期限切れ（3か月超）",
                     Method.PIN),
    "card_suspended": ("電子証明書の一時利用停止（受付不可）", "一時利用停止", Method.PIN),
    "card_revoked": ("電子証明書の失効（受付不可）", "失効", Method.PIN),
    "card_unregistered": ("保険証利用登録なし（受付不可）", "保険証利用登録なし", Method.PIN),
}


@dataclass(frozen=True)
class Sample:
    case: str
    title: str
    encoding: str
    request: str | None  # None for the card reader's results: no request file exists
    answer: list[str]
    written_to_face: bool | None = None  # card results: refusals stay in the journal only


def write_samples(out: Path, persons: int, console: Console) -> list[Sample]:
    with tempfile.TemporaryDirectory(prefix="onshi-samples-") as work:
        home = Path(work)
        hub_engine = party_engine("hub", home)
        generate(hub_engine, SynthConfig(persons=persons, as_of=AS_OF), progress=False)
        cards = sample_cards(hub_engine, AS_OF, limit_per_case=1)
        requests = _requests(cards)
        clock = FixedClock.at(AS_OF, 10, 0)
        authority = certificate_authority(home, clock)
        slot = VirtualSlot({c.label: c.card
                            for c in demo_cards(hub_engine, authority, clock.now())})
        device = register_terminal_device(hub_engine, clock, authority, DEMO_INSTITUTION_CODE)
        with serving(hub_app(hub_engine, clock, authority)) as hub_url:
            terminal = Terminal(party_engine("terminal", home), hub_url, clock,
                                DEMO_INSTITUTION_CODE, ExchangeFolders(home / "exchange"),
                                reader=(slot, device))
            for name, (_, _, data) in requests.items():
                (terminal.folders.req / name).write_bytes(data)
            try:
                terminal.exchange(settle_seconds=0).run_once()
                index = [*_collect(out, requests, terminal.folders),
                         *_card_samples(out, terminal, slot)]
            finally:
                terminal.close()
        hub_engine.dispose()
    (out / "index.json").write_text(json.dumps([s.__dict__ for s in index], ensure_ascii=False,
                                               indent=2), encoding="utf-8")
    console.print(f"{len(index)} samples")
    return index


def _requests(cards: dict[str, list[CardSample]]) -> dict[str, tuple[str, str, bytes]]:
    """File name → (case, encoding, bytes), for every card case and every refusal the hub
    reads far enough to answer in the asked encoding in both encodings; the rest in UTF-8."""
    out: dict[str, tuple[str, str, bytes]] = {}
    sequence = 0
    card = cards["valid"][0]
    for case in (*CASE_TITLES, *READ_REFUSALS):
        for code in CharacterCode:
            sequence += 1
            request = (_refused(card, case, code, sequence) if case in READ_REFUSALS
                       else _request(cards[case][0], case, code, sequence))
            name = files.new_request_name(files.Prefix.QUALIFICATION, sequence, AS_OF)
            out[name] = (case, code.declaration, xml.dump(request, code))
    for case, (prefix, data) in _unreadable(card).items():
        sequence += 1
        name = files.new_request_name(files.Prefix.QUALIFICATION, sequence, AS_OF)
        out[prefix + name.removeprefix(files.Prefix.QUALIFICATION)] = (case, "UTF-8", data)
    return out


def _request(card: CardSample, case: str, code: CharacterCode, sequence: int,
             **search_changes: object) -> ConfirmationRequest:
    search = SearchInfo(
        insurer_number=card.insurer_number, insured_card_symbol=card.symbol,
        insured_identification_number=card.number,
        insured_branch_number=None if case == "multiple" else card.branch,
        birthdate=card.birthdate, limit_consent=ConsentFlag.CONSENTED)
    return ConfirmationRequest(
        header=RequestHeader(confirmation_date=AS_OF, institution_code=DEMO_INSTITUTION_CODE,
                             arbitrary_file_identifier=f"SAMPLE{sequence:04d}",
                             character_code=code),
        body=RequestBody(search=replace(search, **search_changes)))


READ_REFUSALS = {  # the hub reads these requests: its answer follows their encoding
    "unknown_institution": "未登録の医療機関コード",
    "insurer_format": "保険者番号の形式誤り（個人単位のエラー）",
    "check_digit": "保険者番号の検証番号誤り（個人単位のエラー）",
    "branch_format": "枝番の形式誤り（個人単位のエラー）",
    "number_missing": "被保険者証番号が空白だけ（個人単位のエラー）",
    "birthdate_future": "生年月日が資格確認日より後（個人単位のエラー）",
}
BROKEN_TITLES = {
    **READ_REFUSALS,
    "not_xml": "XMLとして読めないファイル",
    "encoding_mismatch": "宣言はUTF-8、中身はShift_JIS",
    "doctype": "DTD（外部実体参照）を含むファイル",
    "too_large": "上限（1 MiB）を超える大きさのファイル",
    "wrong_root": "ルート要素がXmlMsgでない",
    "missing_item": "必須項目（生年月日）なし",
    "bad_date": "生年月日の形式誤り",
    "unknown_file": "照会種別として認識できないファイル名（接頭辞の誤り）",
    "unsupported_kind": "未対応の照会種別（一括照会）",
}


def _refused(card: CardSample, case: str, code: CharacterCode,
             sequence: int) -> ConfirmationRequest:
    """A request the hub reads and refuses: for the facility, or for the person's card data."""
    if case == "unknown_institution":
        good = _request(card, "valid", code, sequence)
        return replace(good, header=replace(good.header, institution_code="1312345687"))
    changes = {
        "insurer_format": {"insurer_number": "1234"},
        "check_digit": {"insurer_number": _wrong_check(card)},
        "branch_format": {"insured_branch_number": "123"},
        "number_missing": {"insured_identification_number": "\u3000"},
        "birthdate_future": {"birthdate": AS_OF + timedelta(days=1)},
    }[case]
    return _request(card, "valid", code, sequence, **changes)


def _unreadable(card: CardSample) -> dict[str, tuple[str, bytes]]:
    """Requests refused before they can be read, each the way real clients get it wrong, with
    the prefix of their file name."""
    text = xml.dump(_request(card, "valid", CharacterCode.UTF8, 0)).decode()
    birth = f"<Birthdate>{card.birthdate:%Y%m%d}</Birthdate>"
    single, bulk = files.Prefix.QUALIFICATION.value, files.Prefix.BULK_UPLOAD.value
    return {
        "not_xml": (single, "保険者番号,記号,番号\n".encode()),
        "encoding_mismatch": (single, text.replace(
            "<MessageBody>", "<MessageBody><!-- 資格確認 -->").encode("cp932")),
        "doctype": (single, text.replace("<XmlMsg>", '<!DOCTYPE x [<!ENTITY e SYSTEM '
                                         '"file:///etc/passwd">]><XmlMsg>').encode()),
        "too_large": (single, text.replace(
            "<MessageBody>", "<MessageBody>" + " " * xml.MAX_DOCUMENT_BYTES).encode()),
        "wrong_root": (single, text.replace("XmlMsg", "Request").encode()),
        "missing_item": (single, text.replace(birth, "").encode()),
        "bad_date": (single, text.replace(birth, "<Birthdate>1953-04-15</Birthdate>").encode()),
        "unknown_file": ("OQSsiquc01rq_", text.encode()),
        "unsupported_kind": (bulk, text.encode()),
    }


def _wrong_check(card: CardSample) -> str:
    number = card.insurer_number
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def _collect(out: Path, requests: dict[str, tuple[str, str, bytes]],
             folders: ExchangeFolders) -> list[Sample]:
    titles = {**CASE_TITLES, **BROKEN_TITLES}
    index: list[Sample] = []
    for name, (case, encoding, data) in requests.items():
        folder = out / case / encoding.lower().replace("_", "-")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        answers = [files.result_name(name)] if files.request_kind(name) else []
        answers = [a for a in (*answers, files.error_name(name)) if (folders.res / a).exists()]
        for answer in answers:
            shutil.copyfile(folders.res / answer, folder / answer)
        index.append(Sample(case, titles[case], encoding,
                            str((folder / name).relative_to(out)),
                            [str((folder / a).relative_to(out)) for a in answers]))
    return index


def _card_samples(out: Path, terminal: Terminal, slot: VirtualSlot) -> list[Sample]:
    """Each verification method and certificate case through the kiosk, as it writes face/."""
    samples = []
    for case, (title, label, method) in CARD_TITLES.items():
        before = set(terminal.folders.face.iterdir())
        _walk(terminal, slot, label, method)
        written = sorted(set(terminal.folders.face.iterdir()) - before)
        folder = out / case
        folder.mkdir(parents=True, exist_ok=True)
        if written:
            target = folder / written[0].name
            shutil.copyfile(written[0], target)
        else:  # refused: the hub's answer stays in the terminal's journal, not in face/
            target = folder / "refused.xml"
            target.write_bytes(terminal.store.recent(1)[0].result)
        samples.append(Sample(case, title, "UTF-8", None, [str(target.relative_to(out))],
                              bool(written)))
    return samples


def _walk(terminal: Terminal, slot: VirtualSlot, label: str, method: Method) -> None:
    """A patient at the reader: place the card, verify, consent."""
    kiosk = terminal.kiosk
    assert kiosk is not None
    slot.place(label)
    kiosk.begin()
    {Method.PIN: lambda: kiosk.with_pin(DEMO_PIN),
     Method.FACE: lambda: kiosk.with_face("本人"),
     Method.VISUAL: lambda: kiosk.with_visual_check("uketsuke01")}[method]()
    with suppress(KioskProblem):
        kiosk.finish(ConsentFlag.CONSENTED)
