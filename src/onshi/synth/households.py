"""世帯 (households): who lives together, their ages, sexes and names.

Household types and head ages are weighted so that the whole population follows Japan's age
pyramid (2023 estimates: about 12% under 15, 29% 65 and over, 16% 75 and over) and an average
household of about 2.2 persons. Twins (same birthdate in one household) occur among siblings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from onshi.rules.age import elderly_start, late_elderly_start
from onshi.synth.addresses import Address, AddressDrawer
from onshi.synth.names import draw_given_name, draw_surname, full_name
from onshi.synth.weighted import Weighted

DAYS_PER_YEAR = 365.2425
TWIN_RATE = 0.02  # chance that a further child is the twin of the one before
GAIJI_RATE = 0.005  # households registered with a surname the 中間サーバー turns into ●
MAX_SIZE = 5  # a couple with three children, or three generations

MALE = "1"  # OQSCD007
FEMALE = "2"


class Role(StrEnum):
    HEAD = "世帯主"
    SPOUSE = "配偶者"
    CHILD = "子"
    PARENT = "親"  # the head's parent living with the family


class Kind(StrEnum):
    SINGLE = "単身"
    COUPLE = "夫婦のみ"
    FAMILY = "夫婦と子"
    SINGLE_PARENT = "ひとり親と子"
    THREE_GENERATIONS = "三世代"
    COUPLE_ADULT_CHILD = "夫婦と成人の子"


# Head age: first age of a 5-year band, by weight.
_HEAD_AGE_BANDS = Weighted.of(((20, 4.0), (25, 5.5), (30, 6.0), (35, 6.5), (40, 7.0), (45, 8.5),
                               (50, 8.5), (55, 7.5), (60, 7.0), (65, 7.5), (70, 9.5), (75, 8.5),
                               (80, 7.0), (85, 4.8), (90, 2.2), (95, 0.6)))

# Household kinds by the head's age: (upper age bound, kinds by weight).
_KINDS_BY_AGE: tuple[tuple[float, Weighted[Kind]], ...] = (
    (25, Weighted.of(((Kind.SINGLE, 85), (Kind.COUPLE, 8), (Kind.FAMILY, 7)))),
    (40, Weighted.of(((Kind.SINGLE, 28), (Kind.COUPLE, 17), (Kind.FAMILY, 50),
                      (Kind.SINGLE_PARENT, 5)))),
    (55, Weighted.of(((Kind.SINGLE, 20), (Kind.COUPLE, 10), (Kind.FAMILY, 48),
                      (Kind.SINGLE_PARENT, 8), (Kind.THREE_GENERATIONS, 8),
                      (Kind.COUPLE_ADULT_CHILD, 6)))),
    (65, Weighted.of(((Kind.SINGLE, 24), (Kind.COUPLE, 42), (Kind.COUPLE_ADULT_CHILD, 28),
                      (Kind.THREE_GENERATIONS, 6)))),
    (200, Weighted.of(((Kind.SINGLE, 40), (Kind.COUPLE, 48), (Kind.COUPLE_ADULT_CHILD, 12)))),
)
_CHILD_COUNT = Weighted.of(((1, 45), (2, 42), (3, 13)))
_WITH_SPOUSE = frozenset({Kind.COUPLE, Kind.FAMILY, Kind.THREE_GENERATIONS,
                          Kind.COUPLE_ADULT_CHILD})
_WITH_CHILDREN = frozenset({Kind.FAMILY, Kind.SINGLE_PARENT, Kind.THREE_GENERATIONS})


@dataclass(frozen=True)
class Member:
    """A person of a household; `index` 0 is the head (世帯主)."""

    index: int
    role: Role
    sex: str
    birthdate: date
    name: str  # as registered: ● for unsupported kanji
    name_kana: str  # 半角カナ
    elderly_from: date  # first day of the 70–74 ratio (rules.age.elderly_start)
    late_from: date  # 75th birthday: 後期高齢者医療 (rules.age.late_elderly_start)


@dataclass(frozen=True)
class Household:
    members: tuple[Member, ...]
    address: Address
    gaiji: bool

    @property
    def head(self) -> Member:
        return self.members[0]


@dataclass(frozen=True)
class _Sketch:
    """Ages (years, fractional) and sexes before names and dates are drawn."""

    roles: tuple[Role, ...]
    ages: tuple[float, ...]
    sexes: tuple[str, ...]
    twin_of_previous: tuple[bool, ...]


def draw_household(rng: random.Random, addresses: AddressDrawer, as_of: date,
                   max_size: int) -> Household:
    """A household of at most `max_size` persons living at one address on `as_of`."""
    sketch = _sketch(rng)
    while len(sketch.ages) > max_size:
        sketch = _sketch(rng)
    gaiji = rng.random() < GAIJI_RATE
    surname = draw_surname(rng, gaiji=gaiji)
    members: list[Member] = []
    for index, role in enumerate(sketch.roles):
        if sketch.twin_of_previous[index]:
            birthdate = members[-1].birthdate
        else:
            birthdate = _birthdate(rng, as_of, sketch.ages[index])
        given = draw_given_name(rng, male=sketch.sexes[index] == MALE,
                                birth_year=birthdate.year)
        name, kana = full_name(surname, given)
        members.append(Member(index, role, sketch.sexes[index], birthdate, name, kana,
                              elderly_start(birthdate), late_elderly_start(birthdate)))
    return Household(tuple(members), addresses.draw(rng), gaiji)


def _birthdate(rng: random.Random, as_of: date, age: float) -> date:
    return date.fromordinal(as_of.toordinal() - int(age * DAYS_PER_YEAR) - 1)


def _sketch(rng: random.Random) -> _Sketch:
    head_age = _HEAD_AGE_BANDS.draw(rng) + 5 * rng.random()
    kind = _kind(rng, head_age)
    head_sex = _head_sex(rng, kind, head_age)
    roles, ages, sexes, twins = [Role.HEAD], [head_age], [head_sex], [False]
    if kind in _WITH_SPOUSE:
        roles.append(Role.SPOUSE)
        ages.append(max(18.0, head_age + rng.gauss(-2, 3) * (1 if head_sex == MALE else -1)))
        sexes.append(FEMALE if head_sex == MALE else MALE)
        twins.append(False)
    if kind in _WITH_CHILDREN:
        mother_age = ages[1] if len(ages) > 1 else head_age
        limit = 2 if kind is Kind.THREE_GENERATIONS else 3
        for age, twin in _children(rng, mother_age, limit):
            roles.append(Role.CHILD)
            ages.append(age)
            sexes.append(MALE if rng.random() < 0.51 else FEMALE)
            twins.append(twin)
    if kind is Kind.COUPLE_ADULT_CHILD:
        roles.append(Role.CHILD)
        ages.append(max(18.0, head_age - rng.uniform(24, 34)))
        sexes.append(MALE if rng.random() < 0.5 else FEMALE)
        twins.append(False)
    if kind is Kind.THREE_GENERATIONS:
        roles.append(Role.PARENT)
        ages.append(min(104.0, head_age + rng.uniform(26, 34)))
        sexes.append(FEMALE if rng.random() < 0.7 else MALE)
        twins.append(False)
    return _Sketch(tuple(roles), tuple(ages), tuple(sexes), tuple(twins))


def _kind(rng: random.Random, head_age: float) -> Kind:
    for upper, kinds in _KINDS_BY_AGE:
        if head_age < upper:
            return kinds.draw(rng)
    return Kind.SINGLE


def _head_sex(rng: random.Random, kind: Kind, head_age: float) -> str:
    if kind in _WITH_SPOUSE:
        return MALE if rng.random() < 0.8 else FEMALE
    if kind is Kind.SINGLE_PARENT:
        return FEMALE if rng.random() < 0.85 else MALE
    female_share = 0.65 if head_age >= 65 else 0.45
    return FEMALE if rng.random() < female_share else MALE


def _children(rng: random.Random, mother_age: float, limit: int) -> list[tuple[float, bool]]:
    """Children's ages, oldest first, and whether each is the twin of the one before."""
    count = min(limit, _CHILD_COUNT.draw(rng))
    age = rng.uniform(max(0.0, mother_age - 40), max(0.1, min(mother_age - 22, 24)))
    children: list[tuple[float, bool]] = []
    while len(children) < count and age >= 0:
        children.append((age, False))
        if len(children) < count and rng.random() < TWIN_RATE:
            children.append((age, True))
        age -= rng.uniform(1, 5)
    return children
