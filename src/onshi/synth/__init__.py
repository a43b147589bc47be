"""Deterministic synthetic data: an insured population written straight into the hub database.

generate() builds it; sample_cards() finds real card data sets in it for every validity case.
"""

from onshi.synth.cards import CardSample, sample_cards
from onshi.synth.facilities import DEMO_INSTITUTION_CODE
from onshi.synth.population import PopulatedDatabaseError, SynthConfig, SynthReport, generate

__all__ = [
    "DEMO_INSTITUTION_CODE",
    "CardSample",
    "PopulatedDatabaseError",
    "SynthConfig",
    "SynthReport",
    "generate",
    "sample_cards",
]
