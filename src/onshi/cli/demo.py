"""`onshi demo`: the whole sandbox on embedded SQLite with a synthetic population."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import date
from pathlib import Path
from threading import Event, Thread

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from onshi.cli.wiring import (
    Terminal,
    certificate_authority,
    clock_for,
    hub_app,
    party_engine,
    register_terminal_device,
)
from onshi.hub.store import HubStore
from onshi.rules.era import wareki
from onshi.server import LOOPBACK, ensure_free, serving
from onshi.synth import DEMO_INSTITUTION_CODE, CardSample, SynthConfig, generate, sample_cards
from onshi.synth.card_population import issue_cards
from onshi.synth.my_number_cards import DEMO_PIN, DemoCard, demo_cards
from onshi.terminal.folders import ExchangeFolders, watching
from onshi.terminal.reader import VirtualSlot

CASE_LABELS = {
    "valid": "有効", "invalid": "無効", "invalid_newer": "無効（新しい資格あり）",
    "not_found": "該当資格なし", "multiple": "複数該当（枝番なし）", "preschool": "未就学",
    "elderly_70_74": "高齢受給者", "late_elderly": "後期高齢者",
    "limit_certificate": "限度額適用認定証", "gaiji": "外字（●）",
}


def run_demo(home: Path, persons: int, seed: int, as_of: date | None, hub_port: int,
             terminal_port: int, console: Console) -> None:
    for port in (hub_port, terminal_port):  # before the population, which takes a while
        ensure_free(LOOPBACK, port)
    with watching(ExchangeFolders(home / "exchange").create()):
        pass  # FolderInUse now, not later in the watcher's thread
    clock = clock_for(as_of)
    hub_engine = party_engine("hub", home)
    authority = certificate_authority(home, clock)
    if not HubStore(hub_engine).any_qualification():
        generate(hub_engine, SynthConfig(persons=persons, seed=seed, as_of=clock.today()))
        issue_cards(hub_engine, authority, seed, clock.today(), progress=True)
    cards = demo_cards(hub_engine, authority, clock.now())
    slot = VirtualSlot({card.label: card.card for card in cards})
    device = register_terminal_device(hub_engine, clock, authority, DEMO_INSTITUTION_CODE)
    stop = Event()
    with ExitStack() as stack:
        hub_url = stack.enter_context(serving(hub_app(hub_engine, clock, authority),
                                              port=hub_port))
        terminal = Terminal(party_engine("terminal", home), hub_url, clock,
                            DEMO_INSTITUTION_CODE, ExchangeFolders(home / "exchange"),
                            reader=(slot, device))
        terminal_url = stack.enter_context(serving(terminal.app(), port=terminal_port))
        watcher = Thread(target=terminal.exchange().serve, args=(stop,), daemon=True)
        watcher.start()
        _announce(console, hub_url, terminal_url, terminal.folders, clock.today(), hub_engine)
        _announce_cards(console, terminal_url, cards)
        try:
            stop.wait()
        except KeyboardInterrupt:
            console.print("停止します。")
        finally:
            stop.set()
            watcher.join(timeout=5)
            terminal.close()


def _announce(console: Console, hub_url: str, terminal_url: str, folders: ExchangeFolders,
              today: date, hub_engine: Engine) -> None:
    console.print(f"[bold]onshi demo[/bold] — {wareki(today)}時点")
    console.print(f"hub (OQS API):      {hub_url}/oqs/v1/qualification-confirmations")
    console.print(f"terminal (職員画面): {terminal_url}/")
    console.print(f"exchange folder:    {folders.root.resolve()} (req/ → res/)")
    console.print(f"医療機関コード:       {DEMO_INSTITUTION_CODE}")
    console.print(card_table(sample_cards(hub_engine, today, limit_per_case=2)))


def _announce_cards(console: Console, terminal_url: str, cards: list[DemoCard]) -> None:
    console.print(f"card reader (受付):  {terminal_url}/kiosk — テスト用カードを画面で置けます")
    table = _table(f"試せるマイナンバーカード（仮想カード、暗証番号 {DEMO_PIN}）")
    table.add_column("カード", overflow="fold", ratio=1)
    table.add_column("持ち主", overflow="fold", ratio=1)
    for card in cards:
        table.add_row(card.label, card.holder_name)
    console.print(table)
    console.print("Ctrl-C で終了します。")
    console.file.flush()


def card_table(cards: dict[str, list[CardSample]]) -> Table:
    """試せる被保険者証: card data whole even on an 80-column terminal (labels wrap instead)."""
    table = _table("試せる被保険者証（合成データ）")
    table.add_column("ケース", overflow="fold", ratio=1)
    for column in ("保険者番号", "記号", "番号", "枝番", "生年月日"):
        table.add_column(column, no_wrap=True)
    table.add_column("氏名", overflow="fold", ratio=1)
    for case, samples in cards.items():
        for card in samples:
            table.add_row(CASE_LABELS.get(case, case), card.insurer_number, card.symbol or "",
                          card.number, card.branch or "", wareki(card.birthdate), card.name)
    return table


def _table(title: str) -> Table:
    """No frame and one space between columns: the demo's tables fit a narrow terminal.
    The title sets the least width, so that it stays on one line."""
    return Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                 padding=(0, 1, 0, 0), min_width=cell_len(title))
