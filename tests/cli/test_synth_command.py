"""`onshi synth`: a population and its cards, into the hub database and the sandbox CA."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from onshi import db
from onshi.cli.main import app
from onshi.hub.models import CardLink, Person
from onshi.hub.store import HubStore
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


def test_an_insurer_deregisters_a_persons_cards(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("ONSHI_HUB_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["synth", "--home", str(tmp_path), "--persons", "300"]
                         ).exit_code == 0
    engine = db.make_engine(db.database_url("hub", {"ONSHI_HOME": str(tmp_path)}))
    with engine.connect() as conn:
        person, number = conn.execute(
            select(Person.id, Person.individual_number).join(
                CardLink, CardLink.person_id == Person.id).limit(1)).one()
    outcome = runner.invoke(app, ["hub", "deregister-card", number, "--home", str(tmp_path),
                                  "--as-of", "2025-05-15"])
    assert outcome.exit_code == 0, outcome.output
    assert "資格確認書の交付対象" in outcome.output
    store = HubStore(engine)
    assert store.eligibility_document_due(person) is not None
    with engine.connect() as conn:
        serial = conn.execute(select(CardLink.serial).where(CardLink.person_id == person)
                              ).scalar_one()
    link = store.card_link(serial)
    assert link is not None and link.deregistered_at is not None
    unknown = runner.invoke(app, ["hub", "deregister-card", "123456789018", "--home",
                                  str(tmp_path)])
    assert unknown.exit_code == 1 and "登録されていません" in unknown.output
    engine.dispose()
