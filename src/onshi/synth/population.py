"""generate(): a deterministic synthetic insured population written straight into the hub.

Same seed and config give byte-identical rows on any backend: every random choice comes from
`random.Random` streams seeded with strings derived from the seed, rows are produced in one
fixed order, and ids are assigned by the generator. Rows are streamed in batches, so a million
persons never sit in memory at once.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from time import perf_counter

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Connection, Engine, exists, select

from onshi.hub.models import Facility, Insurer, Person, Qualification, SpecificDiseaseCertificate
from onshi.synth.drafts import SHOWCASE_ROUNDS, SHOWCASES, Drafter
from onshi.synth.facilities import facilities
from onshi.synth.households import MAX_SIZE
from onshi.synth.insurers import Catalogue
from onshi.synth.rows import Batch, RowMaker, Tally
from onshi.synth.writer import RowWriter

BATCH_PERSONS = 20_000


@dataclass(frozen=True)
class SynthConfig:
    persons: int = 10_000
    seed: int = 20250515
    as_of: date = date(2025, 5, 15)  # the "today" the history is built up to

    def __post_init__(self) -> None:
        if self.persons < 1:
            raise ValueError(f"persons must be at least 1, got {self.persons}")


@dataclass(frozen=True)
class SynthReport:
    """What generate() wrote. "On as_of" counts use qualifications covering that day."""

    persons: int
    households: int
    qualifications: int
    insurers: int
    facilities: int
    specific_disease_certificates: int
    persons_with_gaiji: int  # 氏名 stored with ●
    deceased: int
    on_welfare: int  # 生活保護: every qualification ended
    changed_insurer: int  # persons with an old lost card and a newer qualification on as_of
    twin_pairs: int
    elderly_recipients: int  # 高齢受給者証 in force on as_of
    with_limit_certificate: int  # 限度額適用認定証 in force on as_of
    covered_by_scheme: dict[str, int] = field(default_factory=dict)  # persons on as_of
    seconds: float = 0.0


class PopulatedDatabaseError(RuntimeError):
    """generate() writes only into an empty hub database."""


def generate(engine: Engine, config: SynthConfig, progress: bool = True) -> SynthReport:
    """Write insurers, facilities and `config.persons` persons with their history.

    The hub schema must be migrated and hold no persons, qualifications or insurers; facilities
    already registered (e.g. the demo facility) are kept.
    """
    started = perf_counter()
    catalogue = Catalogue()
    tally, counts = Tally(), Counter[str]()
    with engine.begin() as conn:
        _refuse_populated(conn)
        writer = RowWriter(conn)
        writer.insert(Insurer.__table__, [entry.as_row() for entry in catalogue.entries])
        facility_rows = _new_facilities(conn, config.seed)
        writer.insert(Facility.__table__, facility_rows)
        with progress_bar(progress, config.persons) as advance:
            for batch in _batches(config, catalogue):
                writer.insert(Person.__table__, batch.persons)
                writer.insert(Qualification.__table__, batch.qualifications)
                writer.insert(SpecificDiseaseCertificate.__table__, batch.certificates)
                tally.add(batch.tally)
                counts.update(persons=len(batch.persons),
                              qualifications=len(batch.qualifications),
                              certificates=len(batch.certificates))
                advance(len(batch.persons))
        writer.finish([Insurer.__table__, Facility.__table__, Person.__table__,
                       Qualification.__table__, SpecificDiseaseCertificate.__table__])
    return SynthReport(
        persons=counts["persons"], qualifications=counts["qualifications"],
        insurers=len(catalogue.entries), facilities=len(facility_rows),
        specific_disease_certificates=counts["certificates"], households=tally.households,
        persons_with_gaiji=tally.persons_with_gaiji, deceased=tally.deceased,
        on_welfare=tally.on_welfare, changed_insurer=tally.changed_insurer,
        twin_pairs=tally.twin_pairs, elderly_recipients=tally.elderly_recipients,
        with_limit_certificate=tally.with_limit_certificate,
        covered_by_scheme=dict(sorted(tally.covered_by_scheme.items())),
        seconds=round(perf_counter() - started, 3))


def _refuse_populated(conn: Connection) -> None:
    for table in (Person, Qualification, Insurer):
        if conn.execute(select(exists().select_from(table))).scalar():
            raise PopulatedDatabaseError(
                f"the hub database already has {table.__tablename__}; synth writes only into "
                "an empty, migrated hub database")


def _new_facilities(conn: Connection, seed: int) -> list[dict[str, object]]:
    present = set(conn.execute(select(Facility.code)).scalars())
    entries = facilities(random.Random(f"{seed}/facilities"))
    return [entry.as_row() for entry in entries if entry.code not in present]


def _batches(config: SynthConfig, catalogue: Catalogue) -> Iterator[Batch]:
    """Showcase households first (see drafts.py), then ordinary ones, until config.persons."""
    drafter = Drafter(catalogue, config.as_of)
    maker = RowMaker(catalogue, config.as_of)
    rng = random.Random(f"{config.seed}/households")
    showcase_rng = random.Random(f"{config.seed}/showcase")
    showcases = SHOWCASE_ROUNDS * len(SHOWCASES)
    remaining = config.persons
    batch = Batch()
    while remaining > 0:
        showing = showcases > 0 and remaining >= MAX_SIZE
        draft = drafter.showcase(showcase_rng, remaining) if showing else None
        showcases -= 1
        if draft is None:
            draft = drafter.draft(rng, remaining)
        maker.add(rng, draft, batch)
        remaining -= len(draft.household.members)
        if len(batch.persons) >= BATCH_PERSONS:
            yield batch
            batch = Batch()
    if batch.persons:
        yield batch


@contextmanager
def progress_bar(show: bool, total: int, label: str = "synth: persons"
                 ) -> Iterator[Callable[[int], None]]:
    """A rich progress bar over `total` items; the callable advances it."""
    if not show:
        yield lambda _count: None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns) as bar:
        task = bar.add_task("persons", total=total)
        yield lambda count: bar.advance(task, count)
