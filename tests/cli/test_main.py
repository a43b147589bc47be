"""`onshi terminal watch` when another watcher already serves the folders."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from onshi.cli.main import app
from onshi.server import free_port
from onshi.terminal.folders import ExchangeFolders, watching


def test_watch_refuses_folders_another_watcher_serves(tmp_path: Path) -> None:
    folders = ExchangeFolders(tmp_path / "exchange").create()
    with watching(folders):
        outcome = CliRunner().invoke(app, [
            "terminal", "watch", "--root", str(folders.root), "--home", str(tmp_path),
            "--hub", f"http://127.0.0.1:{free_port()}", "--institution", "1312345679"])
    assert outcome.exit_code == 1
    assert "別の監視プロセスが使用中です" in outcome.output
