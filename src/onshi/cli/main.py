"""`onshi …` subcommands."""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from threading import Event
from typing import Annotated, NoReturn

import typer
import uvicorn
from rich.console import Console

from onshi.cli.wiring import (
    Terminal,
    certificate_authority,
    clock_for,
    device_key,
    party_engine,
)
from onshi.clock import SystemClock
from onshi.hub.card_service import CardService
from onshi.hub.store import HubStore
from onshi.oqs.codes import CharacterCode
from onshi.oqs.errors import OqsError
from onshi.oqs.messages import wall_clock
from onshi.terminal.folders import ExchangeFolders, FolderInUse
from onshi.terminal.kiosk import DeviceIdentity
from onshi.terminal.reader import PcscSlot

app = typer.Typer(help="onshi — オンライン資格確認 sandbox and facility software",
                  no_args_is_help=True)
hub_cli = typer.Typer(help="The national side (hub).", no_args_is_help=True)
terminal_cli = typer.Typer(help="The facility's 資格確認端末 (terminal).", no_args_is_help=True)
app.add_typer(hub_cli, name="hub")
app.add_typer(terminal_cli, name="terminal")
console = Console()

Home = Annotated[Path, typer.Option(envvar="ONSHI_HOME", help="Folder for databases and files")]
AsOf = Annotated[str | None, typer.Option(help="Run as of this day (YYYY-MM-DD); default today")]
Host = Annotated[str, typer.Option(help="Address to listen on")]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@app.command()
def synth(home: Home = Path("var"), persons: int = 10_000, seed: int = 20250515,
          as_of: Annotated[str, typer.Option(help="History is built up to this day")]
          = "2025-05-15") -> None:
    """Generate a synthetic insured population straight into the hub database, with their
    マイナンバーカード (certificates in the sandbox CA under HOME/pki)."""
    from onshi.synth import SynthConfig, generate
    from onshi.synth.card_population import issue_cards

    day = date.fromisoformat(as_of)
    engine = party_engine("hub", home)
    report = generate(engine, SynthConfig(persons=persons, seed=seed, as_of=day))
    console.print(f"{report.persons:,} 人 / {report.qualifications:,} 資格 を生成しました"
                  f"（{report.seconds:.1f} 秒）")
    cards = issue_cards(engine, certificate_authority(home, clock_for(day)), seed, day,
                        progress=True)
    console.print(f"マイナンバーカード {cards.holders:,} 枚"
                  f"（保険証利用登録 {cards.registered:,} 枚）")


@hub_cli.command("serve")
def hub_serve(home: Home = Path("var"), host: Host = "127.0.0.1", port: int = 8801,
              as_of: AsOf = None,
              workers: Annotated[int, typer.Option(help="Worker processes")] = 1) -> None:
    """Serve the hub's OQS HTTP API."""
    party_engine("hub", home).dispose()  # migrate once, before any worker starts
    certificate_authority(home, clock_for(_day(as_of)))  # and the CA, which they all open
    os.environ["ONSHI_HOME"] = str(home)
    if as_of:
        os.environ["ONSHI_AS_OF"] = as_of
    uvicorn.run("onshi.cli.wiring:hub_app_from_environment", factory=True, host=host,
                port=port, workers=workers, log_level="warning", access_log=False)


@hub_cli.command("deregister-card")
def hub_deregister_card(
        individual_number: Annotated[str, typer.Argument(help="個人番号 (12 digits)")],
        home: Home = Path("var"), as_of: AsOf = None) -> None:
    """利用登録解除, as the insurer requests it: the person's cards stop working as マイナ保険証
    and the person is marked for a 資格確認書."""
    store = HubStore(party_engine("hub", home))
    person = store.person_by_individual_number(individual_number)
    if person is None:
        console.print(f"個人番号 {individual_number} の被保険者は登録されていません。")
        raise typer.Exit(code=1)
    count = store.deregister_cards(person, wall_clock(clock_for(_day(as_of)).now()))
    console.print(f"利用登録を解除しました（カード {count} 枚）。資格確認書の交付対象としました。")
    store.engine.dispose()


@hub_cli.command("register-device")
def hub_register_device(
        public_key: Annotated[Path, typer.Argument(help="The terminal's public key (PEM)")],
        institution: Annotated[str, typer.Option(help="医療機関コード")],
        home: Home = Path("var")) -> None:
    """Trust a facility's terminal for 顔認証 and 目視確認 attestations; prints its device id."""
    engine = party_engine("hub", home)
    clock = SystemClock()
    service = CardService(HubStore(engine), clock, certificate_authority(home, clock))
    try:
        device = service.register_device(institution, public_key.read_text("ascii"))
    except OqsError as problem:
        console.print(problem.message)
        raise typer.Exit(code=1) from None
    finally:
        engine.dispose()
    typer.echo(device)  # plain, for scripts


@terminal_cli.command("device-key")
def terminal_device_key(home: Home = Path("var")) -> None:
    """The terminal's key for attestations (made on first use); prints its public key file."""
    device_key(home)
    typer.echo(str(home / "terminal-device-key.pub"))  # plain, for scripts


@terminal_cli.command("serve")
def terminal_serve(hub: Annotated[str, typer.Option(help="Hub base URL")],
                   institution: Annotated[str, typer.Option(help="医療機関コード")],
                   root: Annotated[Path, typer.Option(help="Exchange folder (req/res/face)")],
                   home: Home = Path("var"), host: Host = "127.0.0.1", port: int = 8802,
                   device_id: Annotated[str, typer.Option(
                       help="This terminal's id at the hub (hub register-device)")] = "",
                   pcsc_reader: Annotated[str, typer.Option(
                       help="Name (or part) of the PC/SC card reader")] = "",
                   reader_maker: str = "", as_of: AsOf = None) -> None:
    """Serve the staff screens and, with a PC/SC reader and a device id, the card reader."""
    reader = None
    if pcsc_reader and device_id:
        reader = (PcscSlot(pcsc_reader, pcsc_reader, reader_maker or pcsc_reader),
                  DeviceIdentity(device_id, device_key(home)))
    terminal = Terminal(party_engine("terminal", home), hub, clock_for(_day(as_of)), institution,
                        ExchangeFolders(root), reader=reader)
    try:
        uvicorn.run(terminal.app(), host=host, port=port, log_level="warning",
                    access_log=False)
    finally:
        terminal.close()


@terminal_cli.command("watch")
def terminal_watch(root: Annotated[Path, typer.Option(help="Exchange folder (req/res/face)")],
                   hub: Annotated[str, typer.Option(help="Hub base URL")],
                   institution: Annotated[str, typer.Option(help="医療機関コード")],
                   home: Home = Path("var"), as_of: AsOf = None,
                   shift_jis: bool = False, interval: float = 0.5,
                   settle: float = 0.2) -> None:
    """Answer request files dropped into ROOT/req, writing results to ROOT/res."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    terminal = Terminal(party_engine("terminal", home), hub, clock_for(_day(as_of)), institution,
                        ExchangeFolders(root),
                        CharacterCode.SHIFT_JIS if shift_jis else None)
    try:
        terminal.exchange(settle).serve(Event(), interval)
    except FolderInUse as taken:
        _folder_in_use(taken)
    except KeyboardInterrupt:
        console.print("停止しました。")
    finally:
        terminal.close()


@app.command()
def demo(home: Home = Path("var/demo"), persons: int = 20_000, seed: int = 20250515,
         as_of: AsOf = None, hub_port: int = 8801, terminal_port: int = 8802) -> None:
    """Create the databases, generate a population, start hub + terminal, print their URLs."""
    from onshi.cli.demo import run_demo
    from onshi.server import PortInUse

    try:
        run_demo(home, persons, seed, _day(as_of), hub_port, terminal_port, console)
    except PortInUse as busy:
        console.print(f"ポート {busy.port} は使用中です（onshi demo が既に動いていませんか）。"
                      "--hub-port / --terminal-port で別の番号を指定できます。")
        raise typer.Exit(code=1) from None
    except FolderInUse as taken:
        _folder_in_use(taken)


@app.command()
def samples(out: Annotated[Path, typer.Argument(help="Folder to write the samples into")],
            persons: int = 3_000) -> None:
    """Write request/result file pairs produced by the real hub, for integrators."""
    from onshi.cli.samples import write_samples

    index = write_samples(out, persons, console)
    console.print(f"{len(index)} 組のサンプルを {out} に書き出しました（index.json）。")


def _folder_in_use(taken: FolderInUse) -> NoReturn:
    console.print(f"交換フォルダ {taken.root} は別の監視プロセスが使用中です。"
                  "同じフォルダを監視できるのは一つだけです。")
    raise typer.Exit(code=1) from None
