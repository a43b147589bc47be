"""資格確認 throughput and latency of the hub, against its own ceilings, on one machine.

    .venv/bin/python bench/eligibility.py --backend sqlite|postgresql [--persons 1000000]
        [--duration 20] [--connections 16] [--keep]

One run: a fresh hub database populated by synth (timed) → ~10,000 real cards valid on the
benchmark day → the database's raw indexed-lookup rate (1 and 2 processes) → one confirmation's
stages timed in process (stages.py) → the hub as its own process under wrk: GET /oqs/v1/ping
(the stack's ceiling), then POST real request documents at full and at low concurrency, with
the hub's CPU time per request → マイナンバーカード confirmations: synthetic cards, each POST
carrying a fresh challenge signed by the card's key (cardpath.py) → paired rounds on one
server process (rounds.py): ping, the stack's floors for the same POSTs (floors.py: a fixed
answer, and a fixed answer after reading the request) and confirmations, alternated, so that
each ratio is taken between loads seconds apart; then the same rounds with one hub worker per
core (--scaled-workers), as a deployment on this machine runs. Results go to
bench/results/eligibility-<backend>.json.
Target (the issue): confirmations ≥ half the ping rate (the median over the paired rounds),
p99 under 20 ms at that load.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
from cardpath import populate_cards, ready_cards, write_proofs
from hubdb import (
    BenchDatabase,
    LookupRate,
    create_database,
    drop_database,
    populate,
    raw_lookup_rate,
    request_document,
    server_version,
    valid_cards,
    write_bodies,
)
from loadgen import (
    HubServer,
    LoadResult,
    check_sample,
    floors_server,
    hub_server,
    load_confirm,
    load_ping,
)
from rich.console import Console
from rich.table import Table
from rounds import CONFIRM, MEASURES, PING, POST_FIXED, POST_PARSE, Rounds, measure_rounds
from stages import stage_costs

from onshi.oqs.card_protocol import CARD_CONFIRM_PATH

DAY = date(2025, 5, 15)
RESULTS = Path(__file__).resolve().parent / "results"
SOURCE = Path(__file__).resolve().parent.parent / "src" / "onshi"
TARGET_RATIO = 0.5
CARD_POOL = 1_000  # distinct cards in the card load
CARD_PROOFS = 24_000  # single-use proofs: more than the card load can send
CARD_SECONDS = 8  # challenges live a minute: preparing and sending must fit in it
TARGET_P99_MS = 20.0

console = Console()


@dataclass(frozen=True)
class Options:
    backend: str
    persons: int
    duration: int
    connections: int
    low_connections: int
    rounds: int
    round_seconds: int
    keys: int
    raw_seconds: float
    warmup: int
    sample: int
    seed: int
    scaled_workers: int
    keep: bool
    workdir: Path | None
    output: Path


def parse_options() -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), required=True)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds per measured load")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--low-connections", type=int, default=4,
                        help="connections of the moderate-load latency check")
    parser.add_argument("--rounds", type=int, default=5,
                        help="paired rounds of ping, floors and confirmations")
    parser.add_argument("--round-seconds", type=int, default=5,
                        help="seconds per load within a paired round")
    parser.add_argument("--keys", type=int, default=10_000, help="distinct request documents")
    parser.add_argument("--raw-seconds", type=float, default=5.0)
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured seconds before loads")
    parser.add_argument("--sample", type=int, default=300,
                        help="results read in full with the project's codec before the load")
    parser.add_argument("--seed", type=int, default=20250515)
    parser.add_argument("--scaled-workers", type=int, default=os.cpu_count() or 1,
                        help="hub workers of the second set of paired rounds (default: one per "
                             "core, as a deployment runs; 1 skips it)")
    parser.add_argument("--keep", action="store_true", help="keep the database and work folder")
    parser.add_argument("--workdir", type=Path, help="default: a new temporary folder")
    parser.add_argument("--output", type=Path, help="default: results/eligibility-<backend>.json")
    args = parser.parse_args()
    output = args.output or RESULTS / f"eligibility-{args.backend}.json"
    return Options(args.backend, args.persons, args.duration, args.connections,
                   args.low_connections, args.rounds, args.round_seconds, args.keys,
                   args.raw_seconds, args.warmup, args.sample, args.seed, args.scaled_workers,
                   args.keep, args.workdir, output)


def main() -> None:
    options = parse_options()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # so `finally` stops the hub, drops the DB
    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="onshi-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    database = create_database(options.backend, workdir)
    console.log(f"{options.backend} hub database: {database.url}")
    try:
        report = benchmark(options, database, workdir)
    finally:
        if options.keep:
            console.log(f"kept {database.url} and {workdir}")
        else:
            drop_database(database)
            shutil.rmtree(workdir, ignore_errors=True)
    write_report(report, options.output)
    print_report(report)
    console.log(f"written {options.output}")


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise SystemExit(143)


def benchmark(options: Options, database: BenchDatabase, workdir: Path) -> dict[str, Any]:
    load_at_start = os.getloadavg()
    source_at_start = source_fingerprint()
    console.log(f"generating {options.persons:,} persons with synth …")
    generation = populate(database, options.persons, options.seed, DAY)
    console.log(f"{generation.persons:,} persons, {generation.qualifications:,} qualifications "
                f"in {generation.seconds:.1f} s")
    card_generation = populate_cards(database, workdir, options.seed, DAY)
    console.log(f"{card_generation.holders:,} マイナンバーカード ({card_generation.registered:,} "
                f"registered) in {card_generation.seconds:.1f} s")
    cards = valid_cards(database, DAY, options.keys, options.seed)
    documents = [request_document(card, DAY, i) for i, card in enumerate(cards)]
    bodies = workdir / "confirm-bodies.xml"
    write_bodies(documents, bodies)
    console.log(f"{len(cards):,} request documents valid on {DAY} → {bodies}")
    raw = [raw_lookup_rate(database, cards, processes, options.raw_seconds)
           for processes in (1, 2)]
    for rate in raw:
        console.log(f"raw lookups, {rate.processes} process(es): {rate.per_second:,.0f}/s")
    stages = stage_costs(database.url, documents, DAY, options.raw_seconds)
    console.log(f"in-process confirmation: {stages['total']['wall_us']:,.0f} µs wall, "
                f"{stages['total']['cpu_us']:,.0f} µs CPU")
    with hub_server(database.url, workdir, DAY) as server:
        console.log(f"hub pid {server.pid} at {server.base_url}")
        sample = check_sample(server, documents[:options.sample])
        console.log(f"sample read in full: {sample.valid}/{sample.sent} valid results")
        load_ping(server, options.connections, options.warmup)
        trivial = load_ping(server, options.connections, options.duration)
        console.log(f"ping: {trivial.rps:,.0f} req/s")
        load_confirm(server, bodies, options.connections, options.warmup)
        confirm = load_confirm(server, bodies, options.connections, options.duration)
        console.log(f"confirm: {confirm.rps:,.0f} req/s")
        low = load_confirm(server, bodies, options.low_connections, options.duration)
        console.log(f"confirm at {options.low_connections} connections: {low.rps:,.0f} req/s")
        fixed_result = workdir / "fixed-result.xml"
        fixed_result.write_bytes(httpx.post(server.confirm_url, content=documents[0]).content)
        card, proof_seconds = card_load(options, database, workdir, server)
    rounds = paired_rounds(options, database, workdir, bodies, fixed_result, 1)
    scaled = (paired_rounds(options, database, workdir, bodies, fixed_result,
                            options.scaled_workers) if options.scaled_workers > 1 else None)
    return {
        "backend": options.backend,
        "persons": generation.persons,
        "qualifications": generation.qualifications,
        "generation_seconds": round(generation.seconds, 2),
        "generation_persons_per_second": round(generation.persons_per_second, 1),
        "raw_lookups_per_second_1proc": round(raw[0].per_second, 1),
        "raw_lookups_per_second_2proc": round(raw[1].per_second, 1),
        "raw_lookups_empty": sum(rate.empty_results for rate in raw),
        "request_documents": len(documents),
        "sample_check": {"sent": sample.sent, "valid": sample.valid,
                         "problems": list(sample.problems[:10])},
        "trivial": trivial.summary(),
        "confirm": confirm.summary(),
        "confirm_low_load": low.summary(),
        "ratio_confirm_to_trivial": round(rounds.ratio(CONFIRM), 3),
        "ratio_of_long_loads": round(confirm.rps / trivial.rps, 3),
        "paired_rounds": rounds.summary(),
        "scaled": scaled_summary(options.scaled_workers, scaled),
        "card_generation": {"holders": card_generation.holders,
                            "registered": card_generation.registered,
                            "seconds": round(card_generation.seconds, 2)},
        "card_confirm": card.summary(),
        "card_proofs_prepared_seconds": round(proof_seconds, 2),
        "confirm_stages_us": stages,
        "hub_cpu_us_per_request": {
            "ping": round(trivial.hub_cpu_us_per_request, 1),
            "confirm": round(confirm.hub_cpu_us_per_request, 1),
            "confirm_outside_stages": round(
                confirm.hub_cpu_us_per_request - stages["total"]["cpu_us"], 1),
        },
        "target": target(rounds, scaled, confirm, low),
        "ratio_bounds": ratio_bounds(rounds, raw[0]),
        "settings": {"duration_s": options.duration, "warmup_s": options.warmup,
                     "rounds": options.rounds, "round_seconds": options.round_seconds,
                     "raw_seconds": options.raw_seconds, "seed": options.seed,
                     "as_of": DAY.isoformat(), "hub_workers": 1,
                     "scaled_workers": options.scaled_workers, "wrk_threads": 1},
        "machine": {**machine(database), "load_average_at_start": load_at_start,
                    "load_average_at_end": os.getloadavg()},
        "source": {"fingerprint": source_at_start,
                   "changed_during_run": source_fingerprint() != source_at_start},
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def card_load(options: Options, database: BenchDatabase, workdir: Path,
              server: HubServer) -> tuple[LoadResult, float]:
    """Card confirmations, each with its own challenge signed by the card's key (cardpath)."""
    cards = ready_cards(database, workdir, DAY, CARD_POOL)
    proofs = workdir / "card-proofs.jsonl"
    seconds = write_proofs(server.base_url, cards, CARD_PROOFS, proofs)
    console.log(f"{CARD_PROOFS:,} card proofs from {len(cards):,} cards in {seconds:.1f} s")
    load = load_confirm(server, proofs, options.connections, CARD_SECONDS, CARD_CONFIRM_PATH,
                        "application/json")
    valid = (load.responses or {}).get("responses_valid", 0)
    console.log(f"card confirm: {load.rps:,.0f} req/s, {valid:,} of {load.requests:,} "
                f"answers valid")
    return load, seconds


def paired_rounds(options: Options, database: BenchDatabase, workdir: Path, bodies: Path,
                  fixed_result: Path, workers: int) -> Rounds:
    """Ping, both floors and confirmations alternated on one server: the hub's app plus the
    floor routes of floors.py (rounds.py), in `workers` worker processes."""
    with floors_server(database.url, workdir, DAY, fixed_result, workers) as server:
        rounds = measure_rounds(server, bodies, options.connections, options.rounds,
                                options.round_seconds, options.warmup)
    for measure in MEASURES:
        console.log(f"{workers} worker(s), {measure} in {options.rounds} rounds: "
                    + ", ".join(f"{rate:,.0f}" for rate in rounds.rates(measure)) + " req/s")
    answers = rounds.answers(CONFIRM)
    console.log(f"confirm answers in the rounds: {answers['valid']:,} valid, "
                f"{answers['not_200']:,} not 200, {answers['invalid']:,} invalid")
    return rounds


def scaled_summary(workers: int, rounds: Rounds | None) -> dict[str, Any] | None:
    """The paired rounds with one hub worker per core: what a deployment on this machine
    serves, the load generator sharing its cores."""
    if rounds is None:
        return None
    return {"workers": workers, "ratio_confirm_to_trivial": round(rounds.ratio(CONFIRM), 3),
            "paired_rounds": rounds.summary()}


def target(rounds: Rounds, scaled: Rounds | None, confirm: LoadResult,
           low: LoadResult) -> dict[str, Any]:
    p99_ms = confirm.latency_us["p99"] / 1000
    return {
        "min_ratio": TARGET_RATIO,
        "max_p99_ms": TARGET_P99_MS,
        "ratio_met": rounds.ratio(CONFIRM) >= TARGET_RATIO,
        "ratio_met_scaled": None if scaled is None else scaled.ratio(CONFIRM) >= TARGET_RATIO,
        "p99_met_at_full_load": p99_ms < TARGET_P99_MS,
        "p99_met_at_low_load": low.latency_us["p99"] / 1000 < TARGET_P99_MS,
    }


def ratio_bounds(rounds: Rounds, raw: LookupRate) -> dict[str, float]:
    """The best confirm ÷ ping one worker could reach, from this run's own measurements.

    Per confirmation a single worker spends at least a floor's time per request (the same POST
    answered by the stack alone, or after reading the request) plus one indexed lookup at the
    raw rate, one lookup at a time as the hub makes them (on PostgreSQL the worker waits out
    the round trip); rules and writing the answer come on top. So 1 / (1/floor + 1/raw) bounds
    the confirmation rate; each round's bound is taken against that round's ping."""
    return {"fixed_answer_and_lookup": round(rounds.bound(POST_FIXED, raw.per_second), 3),
            "request_read_and_lookup": round(rounds.bound(POST_PARSE, raw.per_second), 3)}


def source_fingerprint() -> str:
    """Which code was measured: a digest of src/onshi/**/*.py (the tree has no commit yet)."""
    digest = hashlib.sha256()
    for path in sorted(SOURCE.rglob("*.py")):
        digest.update(str(path.relative_to(SOURCE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def machine(database: BenchDatabase) -> dict[str, Any]:
    return {"cores": os.cpu_count(), "cpu": _cpu_model(), "python": platform.python_version(),
            "database": server_version(database), "platform": platform.platform()}


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if not cpuinfo.exists():
        return platform.processor()
    names = (line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
             if line.startswith("model name"))
    return next(names, platform.processor())


def write_report(report: dict[str, Any], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".tmp")
    partial.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    partial.replace(output)


def print_report(report: dict[str, Any]) -> None:
    table = Table(title=f"onshi hub — {report['backend']}, {report['persons']:,} persons")
    for column in ("measure", "per second", "p50 ms", "p99 ms", "non-2xx", "hub CPU"):
        table.add_column(column, justify="right" if column != "measure" else "left")
    table.add_row("synth generation (persons)", f"{report['generation_persons_per_second']:,.0f}")
    table.add_row("raw lookup, 1 process", f"{report['raw_lookups_per_second_1proc']:,.0f}")
    table.add_row("raw lookup, 2 processes", f"{report['raw_lookups_per_second_2proc']:,.0f}")
    for label, key in (("GET ping", "trivial"), ("POST confirm", "confirm"),
                       ("POST confirm, low load", "confirm_low_load")):
        load = report[key]
        table.add_row(f"{label} ({load['connections']} conn)", f"{load['rps']:,.0f}",
                      f"{load['p50_ms']:.2f}", f"{load['p99_ms']:.2f}",
                      str(load.get("non_2xx", load["http_errors"])),
                      f"{load['cpu_cores']['hub']:.2f} core")
    card = report["card_confirm"]
    table.add_row(f"POST card confirm ({card['connections']} conn)", f"{card['rps']:,.0f}",
                  f"{card['p50_ms']:.2f}", f"{card['p99_ms']:.2f}", str(card["non_2xx"]),
                  f"{card['cpu_cores']['hub']:.2f} core")
    console.print(table)
    console.print(rounds_table(report["paired_rounds"], 1))
    scaled = report["scaled"]
    if scaled is not None:
        console.print(rounds_table(scaled["paired_rounds"], scaled["workers"]))
        console.print(f"confirm / ping with {scaled['workers']} workers = "
                      f"{scaled['ratio_confirm_to_trivial']:.2f}, the median of "
                      f"{scaled['paired_rounds']['rounds']} paired rounds")
    bounds = report["ratio_bounds"]
    console.print(f"best reachable confirm / ping with one worker: "
                  f"{bounds['fixed_answer_and_lookup']:.2f} (stack and lookup), "
                  f"{bounds['request_read_and_lookup']:.2f} (with reading the request)")
    goal = report["target"]
    console.print(f"confirm / ping = {report['ratio_confirm_to_trivial']:.2f}, the median of "
                  f"{report['paired_rounds']['rounds']} paired rounds "
                  f"(target ≥ {TARGET_RATIO}: {'met' if goal['ratio_met'] else 'NOT met'}); "
                  f"p99 < {TARGET_P99_MS:.0f} ms at full load: "
                  f"{'met' if goal['p99_met_at_full_load'] else 'NOT met'}, at low load: "
                  f"{'met' if goal['p99_met_at_low_load'] else 'NOT met'}")


def rounds_table(rounds: dict[str, Any], workers: int) -> Table:
    table = Table(title=f"paired rounds on one server, {workers} worker(s) "
                        f"({rounds['rounds']} rounds)")
    for column in ("measure", "median per second", "by round", "÷ ping", "hub CPU µs"):
        table.add_column(column, justify="right" if column != "measure" else "left")
    labels = {PING: "GET ping", POST_FIXED: "POST, fixed answer",
              POST_PARSE: "POST, request read only", CONFIRM: "POST confirm"}
    for measure, label in labels.items():
        ratio = rounds["median_ratio_to_ping"].get(measure)
        table.add_row(label, f"{rounds['median_rps'][measure]:,.0f}",
                      " ".join(f"{rate:,.0f}" for rate in rounds["rps_by_round"][measure]),
                      "" if ratio is None else f"{ratio:.2f}",
                      f"{rounds['hub_cpu_us_per_request'][measure]:,.0f}")
    return table


if __name__ == "__main__":
    main()
