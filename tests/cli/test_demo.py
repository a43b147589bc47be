"""`onshi demo` at a user's terminal: its table of cards at 80 columns, a port already taken."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from onshi.cli.demo import CASE_LABELS, card_table
from onshi.cli.main import app
from onshi.rules.era import wareki
from onshi.server import LOOPBACK, free_port
from onshi.synth import CardSample
from onshi.terminal.folders import ExchangeFolders, watching

WIDEST = [
    CardSample("01230010", "41487335", "1234567890", "01", date(1979, 12, 10), "長谷川　由美子",
               "ﾊｾｶﾞﾜ ﾕﾐｺ", "invalid_newer"),
    CardSample("39130018", None, "11236827", None, date(1944, 5, 22), "●田　明美", "ﾀﾞ ｱｹﾐ",
               "limit_certificate"),
]


def rendered(width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(card_table({card.expected: [card] for card in WIDEST}))
    return console.export_text().splitlines()


@pytest.mark.parametrize("width", [80, 120])
def test_card_data_is_printed_whole_on_one_line(width: int) -> None:
    lines = rendered(width)
    for card in WIDEST:
        printed = [card.insurer_number, card.number, wareki(card.birthdate)]
        printed += [value for value in (card.symbol, card.branch) if value]
        assert any(all(value in line.split() for value in printed) for line in lines), card


def test_the_table_fits_80_columns_and_wraps_labels_and_names_whole() -> None:
    lines = rendered(80)
    assert max(Console().measure(line).maximum for line in lines) <= 80
    for card in WIDEST:
        label, name = wrapped_label_and_name(lines, card)
        assert label == CASE_LABELS[card.expected]
        assert name == card.name.replace("\u3000", "")


def wrapped_label_and_name(lines: list[str], card: CardSample) -> tuple[str, str]:
    """A card's label (first column) and name (last column), each joined over the lines its
    row runs on, cut at the header's column starts."""
    header = next(line for line in lines if "保険者番号" in line)
    label_end, name_start = cell_at(header, "保険者番号"), cell_at(header, "氏名")
    start = next(i for i, line in enumerate(lines) if card.insurer_number in line)
    rows = [lines[start]]
    for line in lines[start + 1:]:
        if not line.strip() or any(other.insurer_number in line for other in WIDEST):
            break
        rows.append(line)
    label = "".join(cells(row, 0, label_end).strip() for row in rows)
    name = "".join(cells(row, name_start, 80).strip() for row in rows)
    return label, name.replace("\u3000", "")


def cell_at(line: str, text: str) -> int:
    return cell_len(line[:line.index(text)])


def cells(line: str, start: int, end: int) -> str:
    """The characters of `line` between two terminal columns."""
    out, column = "", 0
    for character in line:
        if start <= column < end:
            out += character
        column += cell_len(character)
    return out


def test_demo_on_a_taken_port_says_so_before_generating(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind((LOOPBACK, 0))
        listener.listen()
        busy = listener.getsockname()[1]
        outcome = CliRunner().invoke(app, ["demo", "--home", str(tmp_path), "--persons", "50",
                                           "--hub-port", str(busy),
                                           "--terminal-port", str(free_port())])
    assert outcome.exit_code == 1
    assert f"ポート {busy} は使用中です" in outcome.output
    assert "--hub-port" in outcome.output
    assert not (tmp_path / "hub.sqlite3").exists()


def test_demo_on_folders_another_watcher_serves_says_so(tmp_path: Path) -> None:
    with watching(ExchangeFolders(tmp_path / "exchange").create()):
        outcome = CliRunner().invoke(app, ["demo", "--home", str(tmp_path), "--persons", "50",
                                           "--hub-port", str(free_port()),
                                           "--terminal-port", str(free_port())])
    assert outcome.exit_code == 1
    assert "別の監視プロセスが使用中です" in outcome.output
    assert not (tmp_path / "hub.sqlite3").exists()
