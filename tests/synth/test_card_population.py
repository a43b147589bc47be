"""Cards across a synthetic population: realistic shares, every certificate case, and cards
that work at the real hub when made usable."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from synth_databases import EngineFactory
from tests.pki.conftest import holder_keys  # noqa: F401

from onshi.card.jpki import JpkiCard
from onshi.clock import JST, FixedClock
from onshi.hub.card_service import CardRequest, CardService
from onshi.hub.models import CardLink
from onshi.hub.store import HubStore
from onshi.oqs.card_protocol import CardProof
from onshi.oqs.codes import ConsentFlag
from onshi.pki.authority import CertificateAuthority
from onshi.rules.certificate import CertificateStage
from onshi.synth import DEMO_INSTITUTION_CODE, SynthConfig, generate
from onshi.synth.card_population import held_cards, issue_cards
from onshi.synth.my_number_cards import DEMO_PIN

AS_OF = datetime(2025, 5, 15, 10, 30, tzinfo=JST)


def test_cards_spread_over_the_population_and_every_certificate_case(
        new_hub: EngineFactory, tmp_path, holder_keys) -> None:  # noqa: F811
    authority = CertificateAuthority.create(AS_OF - timedelta(days=4000), tmp_path / "ca")
    with new_hub() as engine:
        generate(engine, SynthConfig(persons=3000, seed=11, as_of=AS_OF.date()), progress=False)
        report = issue_cards(engine, authority, 11, AS_OF.date())
        with engine.connect() as conn:
            links = conn.execute(select(func.count()).select_from(CardLink)).scalar_one()
        assert 0.70 < report.holders / 3000 < 0.85  # of the insured, most of the population
        assert 0.74 < report.registered / report.holders < 0.86
        assert links == report.registered
        assert report.face_only > 0 and report.suspended > 0 and report.revoked > 0
        assert all(report.by_stage[stage.value] > 0 for stage in CertificateStage), \
            report.by_stage
        service = CardService(HubStore(engine), FixedClock(AS_OF), authority)
        confirmed = 0
        for held in held_cards(engine, authority, AS_OF.date(), holder_keys, 60):
            if held.stage is not CertificateStage.VALID or held.status or held.card.is_face_only:
                continue
            nonce = service.challenge(DEMO_INSTITUTION_CODE).nonce
            reader = JpkiCard(held.card)
            signature = reader.sign(bytes.fromhex(nonce), DEMO_PIN)
            result = service.confirm(CardRequest(CardProof(
                DEMO_INSTITUTION_CODE, reader.authentication_certificate(), nonce, signature),
                ConsentFlag.CONSENTED))
            assert result.is_confirmed, result.body.result_message
            confirmed += 1
        assert confirmed > 30


def test_the_same_seed_gives_the_same_cards(new_hub: EngineFactory, tmp_path) -> None:
    serials = []
    for run in ("a", "b"):
        authority = CertificateAuthority.create(AS_OF, tmp_path / run)
        with new_hub() as engine:
            generate(engine, SynthConfig(persons=200, seed=5, as_of=AS_OF.date()),
                     progress=False)
            issue_cards(engine, authority, 5, AS_OF.date())
        serials.append(sorted(authority.register))
    assert serials[0] == serials[1] and serials[0]


def test_no_certificate_starts_after_the_day_it_is_generated_for(new_hub: EngineFactory,
                                                                tmp_path) -> None:
    """Newborns get no card yet, and every card is valid from the start of its day at the
    latest: a certificate 'not yet valid' would be refused at the reader."""
    authority = CertificateAuthority.create(AS_OF - timedelta(days=4000), tmp_path / "ca")
    with new_hub() as engine:
        generate(engine, SynthConfig(persons=3000, seed=4, as_of=AS_OF.date()), progress=False)
        issue_cards(engine, authority, 4, AS_OF.date())
    start_of_day = AS_OF.replace(hour=0, minute=0)
    assert authority.register
    assert all(entry.not_before is not None and entry.not_before <= start_of_day
               for entry in authority.register.values())
