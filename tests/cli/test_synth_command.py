"""`onshi synth`: a population and its cards, into the hub database and the sandbox CA."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from onshi import db
from onshi.cli.main import app
from onshi.hub.models import CardLink, Person
from onshi.pki.authority import CertificateAuthority


def test_synth_writes_persons_and_their_cards(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("ONSHI_HUB_DATABASE_URL", raising=False)
    outcome = CliRunner().invoke(app, ["synth", "--home", str(tmp_path), "--persons", "400",
                                       "--seed", "9"])
    assert outcome.exit_code == 0, outcome.output
    assert "400 人" in outcome.output and "マイナンバーカード" in outcome.output
    engine = db.make_engine(db.database_url("hub", {"ONSHI_HOME": str(tmp_path)}))
    with engine.connect() as conn:
        persons = conn.execute(select(func.count()).select_from(Person)).scalar_one()
        links = conn.execute(select(func.count()).select_from(CardLink)).scalar_one()
    engine.dispose()
    authority = CertificateAuthority.open(tmp_path / "pki")
    assert persons == 400
    assert 0 < links < len(authority.register) <= persons
