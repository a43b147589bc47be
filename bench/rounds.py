"""Ping, the stack's floors and confirmations measured in alternation on one server process.

The machine's speed drifts (a shared host: up to a quarter between identical runs), so a ratio
of two loads measured minutes apart tells as much about the drift as about the code. Here every
round runs each load for a few seconds, back to back, in the opposite order to the round
before; each ratio is taken within its round and the median over the rounds is reported.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from floors import ECHO_PATH, PARSE_PATH
from loadgen import HubServer, LoadResult, load_confirm, load_ping

from onshi.oqs.client import CONFIRM_PATH

PING = "ping"
POST_FIXED = "post_fixed_result"  # the same POST, a fixed real result document
POST_PARSE = "post_parse_only"  # the same, after reading the request with the hub's codec
CONFIRM = "confirm"
MEASURES = (PING, POST_FIXED, POST_PARSE, CONFIRM)
_PATHS = {POST_FIXED: ECHO_PATH, POST_PARSE: PARSE_PATH, CONFIRM: CONFIRM_PATH}


@dataclass(frozen=True)
class Rounds:
    loads: dict[str, list[LoadResult]]  # per measure, one load per round

    def rates(self, measure: str) -> list[float]:
        return [load.rps for load in self.loads[measure]]

    def ratio(self, numerator: str, denominator: str = PING) -> float:
        """Median over the rounds of numerator ÷ denominator, each pair from one round."""
        return _median_of(self, lambda i: self.rates(numerator)[i] / self.rates(denominator)[i])

    def bound(self, floor: str, raw_per_second: float) -> float:
        """Median over the rounds of the best confirm ÷ ping one worker could reach: at least
        the floor's time per request plus one lookup at the raw rate (see ratio_bounds)."""
        return _median_of(self, lambda i: 1 / (1 / self.rates(floor)[i] + 1 / raw_per_second)
                          / self.rates(PING)[i])

    def summary(self) -> dict[str, Any]:
        return {
            "rounds": len(self.loads[PING]),
            "rps_by_round": {m: [round(r, 1) for r in self.rates(m)] for m in MEASURES},
            "median_rps": {m: round(statistics.median(self.rates(m)), 1) for m in MEASURES},
            "hub_cpu_us_per_request": {m: round(statistics.median(
                load.hub_cpu_us_per_request for load in self.loads[m]), 1) for m in MEASURES},
            "median_ratio_to_ping": {m: round(self.ratio(m), 3) for m in MEASURES[1:]},
            "median_ratio_confirm_to_post_fixed": round(self.ratio(CONFIRM, POST_FIXED), 3),
            "answers_checked": {m: self.answers(m) for m in MEASURES[1:]},
        }

    def answers(self, measure: str) -> dict[str, int]:
        """What wrk_confirm.lua counted over the rounds: valid results, and the rest."""
        counted = [load.responses or {} for load in self.loads[measure]]
        return {name: sum(counts.get(f"responses_{name}", 0) for counts in counted)
                for name in ("valid", "not_200", "invalid")}


def _median_of(rounds: Rounds, value: Callable[[int], float]) -> float:
    return statistics.median(value(i) for i in range(len(rounds.loads[PING])))


def measure_rounds(server: HubServer, bodies: Path, connections: int, rounds: int,
                   seconds: int, warmup: int) -> Rounds:
    """`rounds` rounds of every measure; a warm-up load of each first, not counted."""
    for measure in MEASURES:
        _load(server, bodies, measure, connections, warmup)
    loads: dict[str, list[LoadResult]] = {measure: [] for measure in MEASURES}
    for number in range(rounds):
        order = MEASURES if number % 2 == 0 else MEASURES[::-1]
        for measure in order:
            loads[measure].append(_load(server, bodies, measure, connections, seconds))
    return Rounds(loads)


def _load(server: HubServer, bodies: Path, measure: str, connections: int,
          seconds: int) -> LoadResult:
    if measure == PING:
        return load_ping(server, connections, seconds)
    return load_confirm(server, bodies, connections, seconds, _PATHS[measure])
