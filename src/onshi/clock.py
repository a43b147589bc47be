"""The injected clock: every rule and service takes today/now from here, never from the OS.

Japan has no daylight saving, so all wall-clock values are JST (UTC+9).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Protocol

JST = timezone(timedelta(hours=9), "JST")


class Clock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    """The real clock, in JST."""

    def now(self) -> datetime:
        return datetime.now(JST)

    def today(self) -> date:
        return self.now().date()


@dataclass
class FixedClock:
    """A clock pinned to one instant (tests, demos run 'as of' a date); `advance` moves it."""

    instant: datetime

    @classmethod
    def at(cls, day: date, hour: int = 9, minute: int = 0) -> FixedClock:
        return cls(datetime(day.year, day.month, day.day, hour, minute, tzinfo=JST))

    def now(self) -> datetime:
        return self.instant

    def today(self) -> date:
        return self.instant.date()

    def advance(self, **delta: float) -> None:
        self.instant += timedelta(**delta)


@dataclass
class OffsetClock:
    """The system clock shifted so that it starts at a chosen day (`onshi demo --as-of`)."""

    offset: timedelta

    @classmethod
    def starting(cls, day: date) -> OffsetClock:
        real = datetime.now(JST)
        start = datetime(day.year, day.month, day.day, real.hour, real.minute, real.second,
                         tzinfo=JST)
        return cls(start - real)

    def now(self) -> datetime:
        return datetime.now(JST) + self.offset

    def today(self) -> date:
        return self.now().date()
