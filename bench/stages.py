"""Where one confirmation's time goes: its stages timed in process over real request documents.

The hub's own code path minus HTTP: read the XML, build the request, the service (with its
store calls timed apart), then the result back to XML. Wall time and this thread's CPU time are
both kept: they differ when the database answers from another process (PostgreSQL).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from onshi.clock import FixedClock
from onshi.db import make_engine
from onshi.hub.service import ConfirmationService
from onshi.hub.store import HubStore
from onshi.oqs import xml
from onshi.oqs.messages import ConfirmationRequest
from onshi.oqs.tree import from_tree

STORE_STAGES = ("facility_check", "card_lookup", "insured_elsewhere")
STAGES = ("xml_read", "request_from_tree", *STORE_STAGES, "service_logic", "result_to_xml")


@dataclass
class Timer:
    wall_ns: int = 0
    cpu_ns: int = 0


@dataclass
class Timers:
    by_stage: dict[str, Timer] = field(default_factory=lambda: {s: Timer() for s in STAGES})
    confirmations: int = 0

    @contextmanager
    def timing(self, stage: str) -> Iterator[None]:
        wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
        try:
            yield
        finally:
            timer = self.by_stage[stage]
            timer.wall_ns += time.perf_counter_ns() - wall
            timer.cpu_ns += time.thread_time_ns() - cpu

    def per_confirmation_us(self) -> dict[str, dict[str, float]]:
        return {stage: {"wall_us": round(t.wall_ns / self.confirmations / 1000, 1),
                        "cpu_us": round(t.cpu_ns / self.confirmations / 1000, 1)}
                for stage, t in self.by_stage.items()}


@dataclass
class TimedStore(HubStore):
    """The hub's store, each query timed into its own stage."""

    timers: Timers = field(default_factory=Timers)

    def facility_exists(self, code: str) -> bool:
        with self.timers.timing("facility_check"):
            return super().facility_exists(code)

    def qualifications_by_card(self, *args: Any, **kwargs: Any) -> Any:
        with self.timers.timing("card_lookup"):
            return super().qualifications_by_card(*args, **kwargs)

    def persons_insured_elsewhere(self, *args: Any, **kwargs: Any) -> Any:
        with self.timers.timing("insured_elsewhere"):
            return super().persons_insured_elsewhere(*args, **kwargs)


def stage_costs(database_url: str, documents: list[bytes], on: date,
                seconds: float) -> dict[str, dict[str, float]]:
    """Confirm the documents in rotation for `seconds`; mean µs per confirmation and stage."""
    engine = make_engine(database_url)
    try:
        store = TimedStore(engine)
        service = ConfirmationService(store, FixedClock.at(on))
        for document in documents[:200]:  # warm pools and caches; then start counting
            _confirm_timed(service, store.timers, document)
        store.timers = timers = Timers()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            _confirm_timed(service, timers, documents[timers.confirmations % len(documents)])
            timers.confirmations += 1
    finally:
        engine.dispose()
    costs = timers.per_confirmation_us()
    for unit in ("wall_us", "cpu_us"):  # service_logic was timed with its store calls inside
        inside = sum(costs[stage][unit] for stage in STORE_STAGES)
        costs["service_logic"][unit] = round(costs["service_logic"][unit] - inside, 1)
    costs["total"] = {unit: round(sum(costs[s][unit] for s in STAGES), 1)
                      for unit in ("wall_us", "cpu_us")}
    return costs


def _confirm_timed(service: ConfirmationService, timers: Timers, document: bytes) -> None:
    with timers.timing("xml_read"):
        tree = xml.read_tree(document)
    with timers.timing("request_from_tree"):
        request = from_tree(ConfirmationRequest, tree)
    with timers.timing("service_logic"):
        result = service.confirm(request)
    with timers.timing("result_to_xml"):
        xml.dump(result, result.header.character_code)
