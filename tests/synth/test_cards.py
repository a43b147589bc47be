"""sample_cards(): every case exists and the hub answers each card as labelled."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from onshi.clock import FixedClock
from onshi.hub.service import ConfirmationService
from onshi.hub.store import HubStore
from onshi.oqs.codes import ConsentFlag, PreschoolClassification
from onshi.oqs.messages import (
    ConfirmationRequest,
    ConfirmationResult,
    QualificationResult,
    RequestBody,
    RequestHeader,
    SearchInfo,
)
from onshi.rules.validity import Validity
from onshi.synth import DEMO_INSTITUTION_CODE, CardSample, SynthConfig, SynthReport, sample_cards
from onshi.synth.cards import CASES
from onshi.synth.names import UNSUPPORTED_MARK

AS_OF = SynthConfig().as_of
EXPECTED_VALIDITY = {"invalid": Validity.INVALID, "invalid_newer": Validity.INVALID_NEWER,
                     "not_found": Validity.NOT_FOUND, "multiple": Validity.MULTIPLE}


def confirm(engine: Engine, card: CardSample, on: date) -> ConfirmationResult:
    service = ConfirmationService(HubStore(engine), FixedClock.at(on))
    search = SearchInfo(insurer_number=card.insurer_number, insured_card_symbol=card.symbol,
                        insured_identification_number=card.number,
                        insured_branch_number=card.branch, birthdate=card.birthdate,
                        limit_consent=ConsentFlag.CONSENTED)
    return service.confirm(ConfirmationRequest(
        header=RequestHeader(confirmation_date=on, institution_code=DEMO_INSTITUTION_CODE),
        body=RequestBody(search=search)))


@pytest.fixture(scope="module")
def cards(population: tuple[Engine, SynthReport]) -> dict[str, list[CardSample]]:
    return sample_cards(population[0], AS_OF)


def test_every_case_has_three_samples(cards: dict[str, list[CardSample]]) -> None:
    assert list(cards) == list(CASES)
    for case, samples in cards.items():
        assert len(samples) == 3, case
        assert all(sample.expected == case for sample in samples)
        assert len({(s.insurer_number, s.symbol, s.number) for s in samples}) == 3, case


@pytest.mark.parametrize("case", CASES)
def test_the_hub_answers_as_labelled(population: tuple[Engine, SynthReport],
                                     cards: dict[str, list[CardSample]], case: str) -> None:
    for card in cards[case]:
        body = confirm(population[0], card, AS_OF).body
        assert body.validity is EXPECTED_VALIDITY.get(case, Validity.VALID), card
        if case == "multiple":
            assert card.branch is None
            assert len({r.insured_branch_number for r in body.results}) == 2
        elif case != "not_found":
            assert len(body.results) == 1
            _check_case(case, card, body.results[0])


def _check_case(case: str, card: CardSample, result: QualificationResult) -> None:
    if case == "preschool":
        assert result.preschool is PreschoolClassification.PRESCHOOL
    elif case == "elderly_70_74":
        assert result.elderly_recipient is not None
    elif case == "late_elderly":
        assert card.symbol is None and len(card.insurer_number) == 8
        assert result.partial_contribution_ratio in ("010", "020", "030")
    elif case == "limit_certificate":
        assert result.limit_info is not None
    elif case == "gaiji":
        assert UNSUPPORTED_MARK in result.name and UNSUPPORTED_MARK not in card.name_kana
    elif case in ("invalid", "invalid_newer"):
        assert result.disqualification_date is not None and result.reason_of_loss is not None
    assert result.name == card.name


def test_printed_insurer_numbers_have_6_or_8_digits(cards: dict[str, list[CardSample]]) -> None:
    numbers = {s.insurer_number for samples in cards.values() for s in samples}
    assert {len(n) for n in numbers} == {6, 8}  # 国保 and the others


def test_valid_samples_mix_schemes(cards: dict[str, list[CardSample]]) -> None:
    assert len({s.insurer_number for s in cards["valid"]}) == 3


def test_samples_on_a_later_day_still_hold(population: tuple[Engine, SynthReport]) -> None:
    later = date(2025, 6, 1)  # the day of the OQS request examples
    for case, samples in sample_cards(population[0], later, limit_per_case=1).items():
        assert len(samples) == 1, case
        body = confirm(population[0], samples[0], later).body
        assert body.validity is EXPECTED_VALIDITY.get(case, Validity.VALID), samples[0]
