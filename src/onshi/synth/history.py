"""A household's insurance history (資格の履歴) up to `as_of`.

The members under 75 share one qualification at a time — a *segment*: one insurer, one 記号・番号,
the 本人 (holder) on 枝番 01 and the 家族 on 02, 03 … Segments change when the holder changes job
(old qualification lost, new one acquired the same day), retires into 国保, or turns 75 (the
dependants then leave the employee insurer for 国保). Everyone gets a 後期高齢者医療
qualification of their own on the 75th birthday, the previous one lost that same day. Deaths
(資格喪失事由 01) and the start of 生活保護 (02) end qualifications with nothing after.

History is kept for HISTORY_YEARS before `as_of`; 75th birthdays up to FUTURE_DAYS after it
are already registered (広域連合 register new members ahead of the birthday).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from onshi.oqs.codes import ReasonOfLoss
from onshi.rules.age import age_on
from onshi.rules.houbetsu import Scheme
from onshi.rules.validity import covers
from onshi.synth.households import DAYS_PER_YEAR, Household, Member
from onshi.synth.insurers import Catalogue, InsurerEntry
from onshi.synth.numbering import CardNumbers
from onshi.synth.weighted import Weighted

HISTORY_YEARS = 5
FUTURE_DAYS = 366
EVENT_YEARS = 3  # deaths and 生活保護 fall within this many years before as_of
LATE_ELDERLY_SYSTEM_START = date(2008, 4, 1)  # 後期高齢者医療制度 began

WELFARE_RATE = 0.02  # of households insured by 国保/後期 only
SINGLE_DEATH_RATE = 0.003  # persons living alone, under 75, over EVENT_YEARS
JOB_TENURE_YEARS = 15.0  # mean years since the current qualification began
PREVIOUS_TENURE_YEARS = 10.0

_NHI_LIKE = frozenset({Scheme.NHI, Scheme.NHI_UNION})

# Holder's scheme by age: (upper age bound, schemes by weight). Calibrated so that persons
# covered on as_of split roughly 協会けんぽ 32%, 健保組合 23%, 共済 7%, 国保 21%, 後期 16%.
_TRACKS: tuple[tuple[float, Weighted[Scheme]], ...] = (
    (60, Weighted.of(((Scheme.KYOKAI, 45), (Scheme.SOCIETY, 32), (Scheme.MUTUAL_AID, 10),
                      (Scheme.SEAMEN, 0.3), (Scheme.NHI, 13), (Scheme.NHI_UNION, 1.5)))),
    (65, Weighted.of(((Scheme.KYOKAI, 33), (Scheme.SOCIETY, 22), (Scheme.MUTUAL_AID, 7),
                      (Scheme.NHI, 36), (Scheme.NHI_UNION, 2)))),
    (70, Weighted.of(((Scheme.KYOKAI, 17), (Scheme.SOCIETY, 10), (Scheme.MUTUAL_AID, 3),
                      (Scheme.SPECIAL_RETIREE, 2), (Scheme.NHI, 66), (Scheme.NHI_UNION, 2)))),
    (200, Weighted.of(((Scheme.KYOKAI, 10), (Scheme.SOCIETY, 6), (Scheme.MUTUAL_AID, 1),
                       (Scheme.SPECIAL_RETIREE, 2), (Scheme.NHI, 79), (Scheme.NHI_UNION, 2)))),
)
SELF_DEFENCE_RATE = 0.015  # of single persons aged 18–40 (自衛官)


@dataclass(frozen=True)
class Segment:
    """One shared qualification of the household's members under 75."""

    start: date
    end: date | None  # 喪失日 of everyone still in it, None while current
    insurer: InsurerEntry
    holder: int  # member index of the 本人
    members: tuple[int, ...]  # holder first: the 枝番 order
    reason_at_end: ReasonOfLoss | None


@dataclass(frozen=True)
class Timeline:
    segments: tuple[Segment, ...]
    late: tuple[int, ...]  # members with a 後期高齢者医療 qualification
    deaths: dict[int, date] = field(default_factory=dict)
    welfare: date | None = None  # 生活保護 start for the whole household


@dataclass
class QualificationDraft:
    """A qualification row before certificates and card data are added."""

    member: Member
    insurer: InsurerEntry
    symbol: str
    number: str
    branch: str | None
    personal_family: str | None
    insured_name: str
    acquired: date
    lost: date | None
    reason: ReasonOfLoss | None

    def covers(self, on: date) -> bool:
        return covers(self.acquired, self.lost, on)


@dataclass(frozen=True)
class _Dates:
    as_of: date
    window_start: date
    horizon: date
    events_from: date

    @classmethod
    @cache
    def of(cls, as_of: date) -> _Dates:
        return cls(as_of, _years_before(as_of, HISTORY_YEARS), as_of + timedelta(FUTURE_DAYS),
                   _years_before(as_of, EVENT_YEARS))


def draw_timeline(rng: random.Random, household: Household, as_of: date,
                  catalogue: Catalogue) -> Timeline:
    dates = _Dates.of(as_of)
    t75 = [m.late_from for m in household.members]
    if t75[0] <= dates.horizon:
        segments = _retired_head(rng, household, dates, catalogue, t75)
    else:
        segments = _working_head(rng, household, dates, catalogue)
    kept = tuple(s for s in segments if s.end is None or s.end > dates.window_start)
    late = tuple(i for i, start in enumerate(t75) if start <= dates.horizon)
    deaths = _deaths(rng, household, dates, t75, kept)
    return Timeline(kept, late, deaths, _welfare(rng, household, dates, kept, t75))


def _working_head(rng: random.Random, household: Household, dates: _Dates,
                  catalogue: Catalogue) -> list[Segment]:
    head = household.head
    age = _age_years(head.birthdate, dates.as_of)
    scheme = _track(rng, age, single=len(household.members) == 1)
    start = _start(rng, head.birthdate, age, scheme, dates.as_of)
    everyone = tuple(m.index for m in household.members)
    area = household.address.area
    current = Segment(start, None, catalogue.insurer_for(scheme, area, rng), 0, everyone, None)
    if start <= dates.window_start or _age_years(head.birthdate, start) < 19:
        return [current]
    previous = _previous_insurer(rng, scheme, current.insurer, household, catalogue)
    tenure = 30 + int(rng.expovariate(1 / PREVIOUS_TENURE_YEARS) * DAYS_PER_YEAR)
    began = max(_adult(head.birthdate), start - timedelta(tenure))
    if began >= start:
        return [current]
    reason = (ReasonOfLoss.OTHER_INSURANCE
              if previous.scheme in _NHI_LIKE and scheme not in _NHI_LIKE else ReasonOfLoss.OTHER)
    return [Segment(began, start, previous, 0, everyone, reason), current]


def _retired_head(rng: random.Random, household: Household, dates: _Dates,
                  catalogue: Catalogue, t75: list[date]) -> list[Segment]:
    """The head turns 75 by the horizon; before that, their insurance as a 70–74-year-old."""
    head, turned = household.head, t75[0]
    scheme = _track(rng, 74.0, single=len(household.members) == 1)
    start = _start(rng, head.birthdate, 74.9, scheme, turned - timedelta(1))
    area = household.address.area
    everyone = tuple(m.index for m in household.members)
    insurer = catalogue.insurer_for(scheme, area, rng)
    if scheme in _NHI_LIKE:
        return [Segment(start, None, insurer, 0, everyone, None)]  # only the head leaves at 75
    before = Segment(start, turned, insurer, 0, everyone, ReasonOfLoss.OTHER)
    staying = [m for m in household.members[1:] if t75[m.index] > turned]
    if not staying:
        return [before]
    holder = min(staying, key=lambda m: m.birthdate)
    order = (holder.index, *(m.index for m in staying if m is not holder))
    nhi = catalogue.insurer_for(Scheme.NHI, area, rng)
    return [before, Segment(turned, None, nhi, holder.index, order, None)]


def _track(rng: random.Random, age: float, *, single: bool) -> Scheme:
    if single and 18 <= age < 40 and rng.random() < SELF_DEFENCE_RATE:
        return Scheme.SELF_DEFENCE
    for upper, schemes in _TRACKS:
        if age < upper:
            return schemes.draw(rng)
    return Scheme.NHI


def _start(rng: random.Random, birthdate: date, age: float, scheme: Scheme, until: date
           ) -> date:
    """First day of the holder's qualification current on `until`.

    国保 of someone 60 or older begins at retirement (60–66); otherwise the years since the
    last change of job are exponential with mean JOB_TENURE_YEARS. Never before 18.
    """
    if scheme in _NHI_LIKE and age >= 60:
        retired = birthdate + timedelta(int(rng.uniform(60, min(age, 66)) * DAYS_PER_YEAR))
        return min(max(retired, _adult(birthdate)), until)
    tenure = int(rng.expovariate(1 / JOB_TENURE_YEARS) * DAYS_PER_YEAR)
    return min(max(until - timedelta(tenure), _adult(birthdate)), until)


def _previous_insurer(rng: random.Random, scheme: Scheme, current: InsurerEntry,
                      household: Household, catalogue: Catalogue) -> InsurerEntry:
    """Employee insurance before a job change or before 国保; never the current insurer."""
    area = household.address.area
    if scheme in _NHI_LIKE or rng.random() < 0.65:
        for candidate in (Scheme.KYOKAI, Scheme.SOCIETY, Scheme.MUTUAL_AID):
            if rng.random() < 0.6:
                insurer = catalogue.insurer_for(candidate, area, rng)
                if insurer.id != current.id:
                    return insurer
        return catalogue.insurer_for(Scheme.SOCIETY if current.scheme is Scheme.KYOKAI
                                     else Scheme.KYOKAI, area, rng)
    return catalogue.insurer_for(Scheme.NHI, area, rng)


def _deaths(rng: random.Random, household: Household, dates: _Dates, t75: list[date],
            segments: tuple[Segment, ...]) -> dict[int, date]:
    """Death dates within EVENT_YEARS: mostly of 後期 members, by age; rarely of singles."""
    deaths: dict[int, date] = {}
    for member in household.members:
        if t75[member.index] <= dates.as_of:
            age = age_on(member.birthdate, dates.as_of)
            rate = 0.06 if age < 85 else 0.18 if age < 95 else 0.30
            first = max(t75[member.index], LATE_ELDERLY_SYSTEM_START, dates.events_from)
        elif len(household.members) == 1 and segments:
            rate, first = SINGLE_DEATH_RATE, max(segments[-1].start, dates.events_from)
        else:
            continue
        if rng.random() < rate and first < dates.as_of:
            deaths[member.index] = _day_between(rng, first, dates.as_of - timedelta(1))
    return deaths


def _welfare(rng: random.Random, household: Household, dates: _Dates,
             segments: tuple[Segment, ...], t75: list[date]) -> date | None:
    """生活保護 for households insured only by 国保 and 後期 (employees rarely start it).

    It starts after every birth, segment and 後期 qualification so far, so each member keeps
    the qualification it ends.
    """
    current = [s for s in segments if s.end is None or s.end > dates.as_of]
    if any(s.insurer.scheme not in _NHI_LIKE for s in current):
        return None
    if rng.random() >= WELFARE_RATE:
        return None
    latest = max([m.birthdate for m in household.members] + [s.start for s in segments]
                 + [start for start in t75 if start <= dates.as_of])
    first = max(dates.events_from, latest + timedelta(1))
    if first >= dates.as_of:
        return None
    return _day_between(rng, first, dates.as_of - timedelta(1))


def qualification_drafts(rng: random.Random, household: Household, timeline: Timeline,
                         as_of: date, catalogue: Catalogue, numbers: CardNumbers
                         ) -> list[QualificationDraft]:
    """Every qualification of the household, ended by deaths and 生活保護, within the window."""
    dates = _Dates.of(as_of)
    drafts: list[QualificationDraft] = []
    for segment in timeline.segments:
        drafts.extend(_segment_drafts(rng, household, segment, dates, numbers))
    late_insurer = catalogue.late_elderly[household.address.area.prefecture]
    for index in timeline.late:
        drafts.append(_late_elderly_draft(rng, household.members[index], late_insurer, numbers))
    for index, died in timeline.deaths.items():
        drafts = _end_all(drafts, died + timedelta(1), ReasonOfLoss.DEATH, index)
    if timeline.welfare is not None:
        drafts = _end_all(drafts, timeline.welfare, ReasonOfLoss.WELFARE, None)
    return [d for d in drafts if d.lost is None or d.lost > dates.window_start]


def _segment_drafts(rng: random.Random, household: Household, segment: Segment,
                    dates: _Dates, numbers: CardNumbers) -> list[QualificationDraft]:
    symbol, number = numbers.allocate(segment.insurer, rng)
    insured_name = household.head.name
    drafts: list[QualificationDraft] = []
    for index in segment.members:
        member = household.members[index]
        turned = member.late_from
        if (segment.end is not None and member.birthdate >= segment.end) or turned <= segment.start:
            continue
        if turned <= dates.horizon and (segment.end is None or turned <= segment.end):
            lost, reason = turned, ReasonOfLoss.OTHER_INSURANCE
        else:
            lost, reason = segment.end, segment.reason_at_end
        drafts.append(QualificationDraft(
            member, segment.insurer, symbol, number, f"{len(drafts) + 1:02d}",
            "1" if index == segment.holder else "2", insured_name,
            max(segment.start, member.birthdate), lost, reason))
    return drafts


def _late_elderly_draft(rng: random.Random, member: Member, insurer: InsurerEntry,
                        numbers: CardNumbers) -> QualificationDraft:
    symbol, number = numbers.allocate(insurer, rng)
    acquired = max(member.late_from, LATE_ELDERLY_SYSTEM_START)
    return QualificationDraft(member, insurer, symbol, number, None, None, member.name,
                              acquired, None, None)


def _end_all(drafts: list[QualificationDraft], lost: date, reason: ReasonOfLoss,
             member_index: int | None) -> list[QualificationDraft]:
    """End on `lost` every qualification open then (of one member, or of all); drop later ones."""
    kept: list[QualificationDraft] = []
    for draft in drafts:
        if member_index is not None and draft.member.index != member_index:
            kept.append(draft)
            continue
        if draft.acquired >= lost:
            continue
        if draft.lost is None or draft.lost > lost:
            draft.lost, draft.reason = lost, reason
        kept.append(draft)
    return kept


def _age_years(birthdate: date, on: date) -> float:
    return (on.toordinal() - birthdate.toordinal()) / DAYS_PER_YEAR


def _adult(birthdate: date) -> date:
    return birthdate + timedelta(int(18 * DAYS_PER_YEAR) + 1)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return date(day.year - years, 2, 28)


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))
