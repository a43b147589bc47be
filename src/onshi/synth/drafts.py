"""A household drafted in full — members, history, personal traits — before ids and numbers.

Drafting has no side effects, so a draft can be thrown away: that is how the *showcase*
households at the head of every population are found (drafts are drawn until one shows the
wanted case), which makes every sample_cards case exist even in a population of a few hundred.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from onshi.rules.age import is_preschool
from onshi.rules.burden import IncomeCategory
from onshi.rules.houbetsu import Scheme
from onshi.rules.limit import LimitCategory, SpecificDisease
from onshi.synth.addresses import AddressDrawer
from onshi.synth.certificates import draw_income, draw_limit_category, draw_specific_disease
from onshi.synth.history import HISTORY_YEARS, Timeline, draw_timeline
from onshi.synth.households import Household, Member, draw_household
from onshi.synth.insurers import Catalogue

SHOWCASE_ROUNDS = 3  # showcase households per case: sample_cards' default limit
_SHOWCASE_ATTEMPTS = 5_000  # the rarest case shows in about 1 draft of 300


@dataclass(frozen=True)
class Traits:
    """What the insurer knows of a person beyond the card: income, certificates."""

    income: IncomeCategory
    limit: LimitCategory | None
    disease: SpecificDisease | None


@dataclass(frozen=True)
class Draft:
    household: Household
    timeline: Timeline
    traits: tuple[Traits, ...]

    def alive_and_insured(self, index: int) -> bool:
        """Not dead and not on 生活保護: the member still holds a qualification."""
        return self.timeline.welfare is None and index not in self.timeline.deaths


class Drafter:
    """Draws household drafts as of one day."""

    def __init__(self, catalogue: Catalogue, as_of: date) -> None:
        self._catalogue = catalogue
        self._addresses = AddressDrawer()
        self._showcase_index = 0
        self.as_of = as_of

    def draft(self, rng: random.Random, max_size: int) -> Draft:
        household = draw_household(rng, self._addresses, self.as_of, max_size)
        timeline = draw_timeline(rng, household, self.as_of, self._catalogue)
        traits = tuple(self._traits(rng, member) for member in household.members)
        return Draft(household, timeline, traits)

    def _traits(self, rng: random.Random, member: Member) -> Traits:
        income = draw_income(rng, member, self.as_of)
        return Traits(income, draw_limit_category(rng, member, income, self.as_of),
                      draw_specific_disease(rng))

    def showcase(self, rng: random.Random, max_size: int) -> Draft | None:
        """The next showcase draft, cycling through SHOWCASES; None when none fits."""
        _name, wanted = SHOWCASES[self._showcase_index % len(SHOWCASES)]
        self._showcase_index += 1
        for _ in range(_SHOWCASE_ATTEMPTS):
            draft = self.draft(rng, max_size)
            if wanted(draft, self.as_of):
                return draft
        return None


def _insured_members(draft: Draft) -> list[int]:
    return [m.index for m in draft.household.members if draft.alive_and_insured(m.index)]


def _has_twins(draft: Draft, _as_of: date) -> bool:
    births = [draft.household.members[i].birthdate for i in _insured_members(draft)]
    return len(births) != len(set(births))


def _has_job_change(draft: Draft, as_of: date) -> bool:
    """An employee who moved to another employee insurer within the last year."""
    segments = draft.timeline.segments
    if len(segments) < 2 or not _insured_members(draft):
        return False
    old, new = segments[0], segments[1]
    employee = {old.insurer.scheme, new.insurer.scheme}.isdisjoint(
        {Scheme.NHI, Scheme.NHI_UNION})
    return employee and old.end is not None and 0 < (as_of - old.end).days <= 365


def _has_death(draft: Draft, _as_of: date) -> bool:
    return bool(draft.timeline.deaths)


def _has_welfare(draft: Draft, _as_of: date) -> bool:
    return draft.timeline.welfare is not None


def _has_elderly(draft: Draft, as_of: date) -> bool:
    members = draft.household.members
    return any(members[i].elderly_from <= as_of < members[i].late_from
               for i in _insured_members(draft))


def _turned_75_recently(draft: Draft, as_of: date) -> bool:
    """Someone alive whose 75th birthday fell within the history window (shows the switch)."""
    window_days = HISTORY_YEARS * 365
    return any(0 <= (as_of - draft.household.members[i].late_from).days < window_days
               for i in _insured_members(draft))


def _has_limit(draft: Draft, _as_of: date) -> bool:
    return any(draft.traits[i].limit is not None for i in _insured_members(draft))


def _has_gaiji(draft: Draft, _as_of: date) -> bool:
    return draft.household.gaiji and bool(_insured_members(draft))


def _has_specific_disease(draft: Draft, _as_of: date) -> bool:
    return any(draft.traits[i].disease is not None for i in _insured_members(draft))


def _has_preschool_child(draft: Draft, as_of: date) -> bool:
    members = draft.household.members
    return any(is_preschool(members[i].birthdate, as_of) for i in _insured_members(draft))


SHOWCASES: tuple[tuple[str, Callable[[Draft, date], bool]], ...] = (
    ("twins", _has_twins),
    ("job change", _has_job_change),
    ("death", _has_death),
    ("生活保護", _has_welfare),
    ("70–74", _has_elderly),
    ("turned 75", _turned_75_recently),
    ("限度額", _has_limit),
    ("外字", _has_gaiji),
    ("特定疾病", _has_specific_disease),
    ("未就学", _has_preschool_child),
)
