"""Drafts → table rows (persons, qualifications, specific_disease_certificates) with their ids."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from onshi.rules.limit import LimitCategory, SpecificDisease
from onshi.synth.certificates import (
    card_columns,
    elderly_columns,
    elderly_period,
    limit_columns,
    row_income,
    specific_disease_certificate,
)
from onshi.synth.drafts import Draft
from onshi.synth.history import QualificationDraft, qualification_drafts
from onshi.synth.insurers import Catalogue
from onshi.synth.names import UNSUPPORTED_MARK
from onshi.synth.numbering import CardNumbers, individual_number_of

Row = dict[str, Any]

_QUALIFICATION_DEFAULTS: Row = {
    "elderly_issued": None, "elderly_valid_from": None, "elderly_valid_until": None,
    "elderly_ratio": None, "limit_kind": None, "limit_category": None, "limit_issued": None,
    "limit_valid_from": None, "limit_valid_until": None, "limit_long_term": None,
    "has_specific_disease": False,
}  # fmt: skip


@dataclass
class Tally:
    """What the rows hold; see SynthReport for the meaning of each count."""

    households: int = 0
    persons_with_gaiji: int = 0
    deceased: int = 0
    on_welfare: int = 0
    changed_insurer: int = 0
    twin_pairs: int = 0
    elderly_recipients: int = 0
    with_limit_certificate: int = 0
    covered_by_scheme: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for item in fields(self):
            if item.name != "covered_by_scheme":
                setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))
        self.covered_by_scheme.update(other.covered_by_scheme)


@dataclass
class Batch:
    """Rows ready to write, and their tally."""

    persons: list[Row] = field(default_factory=list)
    qualifications: list[Row] = field(default_factory=list)
    certificates: list[Row] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)


class RowMaker:
    """Assigns ids and card numbers in draw order and turns drafts into rows."""

    def __init__(self, catalogue: Catalogue, as_of: date) -> None:
        self._catalogue = catalogue
        self._as_of = as_of
        self._numbers = CardNumbers()
        self._next_person = 1
        self._next_qualification = 1
        self._next_certificate = 1
        self._next_household = 1

    def add(self, rng: random.Random, draft: Draft, batch: Batch) -> None:
        household_id = self._next_household
        self._next_household += 1
        person_ids = self._persons(draft, household_id, batch)
        drafts = qualification_drafts(rng, draft.household, draft.timeline, self._as_of,
                                      self._catalogue, self._numbers)
        for qualification in drafts:
            self._qualification(rng, draft, qualification, person_ids, batch)
        _count_household(draft, drafts, self._as_of, batch.tally)

    def _persons(self, draft: Draft, household_id: int, batch: Batch) -> list[int]:
        address = draft.household.address
        ids = []
        for member in draft.household.members:
            ids.append(self._next_person)
            batch.persons.append({
                "id": self._next_person, "name": member.name, "name_kana": member.name_kana,
                "name_of_other": None, "name_of_other_kana": None, "sex": member.sex,
                "birthdate": member.birthdate, "post_number": address.area.post_number,
                "address": address.text, "household": household_id,
                "individual_number": individual_number_of(self._next_person)})
            self._next_person += 1
        return ids

    def _qualification(self, rng: random.Random, draft: Draft, qualification: QualificationDraft,
                       person_ids: list[int], batch: Batch) -> None:
        member = qualification.member
        traits = draft.traits[member.index]
        elderly = elderly_period(qualification, self._as_of)
        row: Row = {
            "id": self._next_qualification, "person_id": person_ids[member.index],
            "insurer_id": qualification.insurer.id,
            "insurer_number": qualification.insurer.number, "symbol": qualification.symbol,
            "number": qualification.number, "branch": qualification.branch,
            "birthdate": member.birthdate, "personal_family": qualification.personal_family,
            "insured_name": qualification.insured_name, "acquired": qualification.acquired,
            "lost": qualification.lost,
            "reason_of_loss": qualification.reason.value if qualification.reason else None,
            "income": row_income(qualification, traits.income, elderly).value,
            **_QUALIFICATION_DEFAULTS,
            **card_columns(rng, qualification, self._as_of),
            **elderly_columns(rng, qualification, traits.income, elderly),
        }
        self._next_qualification += 1
        if qualification.covers(self._as_of):
            self._current_certificates(rng, qualification, traits.limit, traits.disease, row,
                                       batch)
        batch.qualifications.append(row)

    def _current_certificates(self, rng: random.Random, qualification: QualificationDraft,
                              limit: LimitCategory | None, disease: SpecificDisease | None,
                              row: Row, batch: Batch) -> None:
        """限度額 and 特定疾病 certificates sit on the qualification in force on as_of."""
        tally = batch.tally
        tally.covered_by_scheme[qualification.insurer.scheme.value] += 1
        if row["elderly_valid_from"] is not None and row["elderly_valid_from"] <= self._as_of:
            tally.elderly_recipients += 1
        if limit is not None:
            row.update(limit_columns(rng, qualification, limit, self._as_of))
            tally.with_limit_certificate += 1
        if disease is not None:
            certificate = specific_disease_certificate(rng, qualification, disease, limit,
                                                       self._as_of)
            row["has_specific_disease"] = True
            batch.certificates.append({
                "id": self._next_certificate, "qualification_id": row["id"],
                "disease": certificate.disease.value, "issued": certificate.valid_from,
                "valid_from": certificate.valid_from, "valid_until": None,
                "self_pay_yen": certificate.self_pay_yen})
            self._next_certificate += 1


def _count_household(draft: Draft, drafts: list[QualificationDraft], as_of: date,
                     tally: Tally) -> None:
    members = draft.household.members
    tally.households += 1
    if draft.household.gaiji:
        tally.persons_with_gaiji += sum(UNSUPPORTED_MARK in m.name for m in members)
    tally.deceased += len(draft.timeline.deaths)
    if draft.timeline.welfare is not None:
        tally.on_welfare += len(members) - len(draft.timeline.deaths)
    births = [m.birthdate for m in members]
    tally.twin_pairs += len(births) - len(set(births))
    tally.changed_insurer += len({d.member.index for d in drafts
                                  if d.lost is not None and d.lost <= as_of
                                  and any(o.covers(as_of) for o in drafts
                                          if o.member.index == d.member.index)})

