"""The hub as its own process on loopback, and wrk driving it for a bounded time."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from floors import RESULT_FILE

from onshi.hub.api import PING_PATH
from onshi.oqs import xml
from onshi.oqs.client import CONFIRM_PATH
from onshi.oqs.codes import QualificationValidity, SegmentOfResult
from onshi.oqs.errors import OqsError
from onshi.oqs.messages import ConfirmationResult
from onshi.server import free_port

HOST = "127.0.0.1"
HERE = Path(__file__).resolve().parent
REPORT_SCRIPT = HERE / "wrk_report.lua"
CONFIRM_SCRIPT = HERE / "wrk_confirm.lua"
JSON_MARK = "WRK_JSON "
STARTUP_SECONDS = 60.0
QUIET_CORES = 0.25  # machine CPU busy, in cores, below which a load may start
QUIET_WAIT_SECONDS = 120.0


@dataclass(frozen=True)
class HubServer:
    base_url: str
    pid: int

    @property
    def ping_url(self) -> str:
        return self.base_url + PING_PATH

    @property
    def confirm_url(self) -> str:
        return self.base_url + CONFIRM_PATH


@contextmanager
def hub_server(database_url: str, workdir: Path, as_of: date) -> Iterator[HubServer]:
    """`python -m onshi hub serve` (one uvicorn worker) on a free loopback port; stopped after."""
    port = free_port(HOST)
    command = [sys.executable, "-m", "onshi", "hub", "serve", "--home", str(workdir),
               "--host", HOST, "--port", str(port), "--as-of", as_of.isoformat()]
    with _serving(command, port, workdir, {"ONSHI_HUB_DATABASE_URL": database_url}) as server:
        yield server


@contextmanager
def floors_server(database_url: str, workdir: Path, as_of: date, result_file: Path,
                  workers: int = 1) -> Iterator[HubServer]:
    """The hub's app with the floor routes of floors.py, in `workers` uvicorn workers (the
    hub's default is one)."""
    port = free_port(HOST)
    command = [sys.executable, "-m", "uvicorn", "floors:app", "--factory", "--app-dir",
               str(HERE), "--host", HOST, "--port", str(port), "--log-level", "warning",
               "--no-access-log", "--workers", str(workers)]
    with _serving(command, port, workdir, {
            "ONSHI_HUB_DATABASE_URL": database_url, "ONSHI_HOME": str(workdir),
            "ONSHI_AS_OF": as_of.isoformat(), RESULT_FILE: str(result_file)}) as server:
        yield server


@contextmanager
def _serving(command: list[str], port: int, workdir: Path,
             environment: dict[str, str]) -> Iterator[HubServer]:
    with (workdir / "hub-server.log").open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, **environment})
        try:
            server = HubServer(f"http://{HOST}:{port}", process.pid)
            _wait_until_ready(server, process)
            yield server
        finally:
            _stop(process)


def _wait_until_ready(server: HubServer, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hub exited with {process.returncode} before answering")
        try:
            if httpx.get(server.ping_url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"hub did not answer {server.ping_url} within {STARTUP_SECONDS:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass(frozen=True)
class SampleCheck:
    sent: int
    valid: int
    problems: tuple[str, ...]


def check_sample(server: HubServer, documents: list[bytes]) -> SampleCheck:
    """Send documents one by one and read each answer fully with the project's own codec."""
    problems: list[str] = []
    with httpx.Client(timeout=10.0) as client:
        for document in documents:
            response = client.post(server.confirm_url, content=document,
                                   headers={"content-type": "application/xml"})
            problem = _result_problem(response)
            if problem:
                problems.append(problem)
    return SampleCheck(len(documents), len(documents) - len(problems), tuple(problems))


def _result_problem(response: httpx.Response) -> str | None:
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    try:
        result = xml.parse(ConfirmationResult, response.content)
    except OqsError as problem:
        return f"unreadable result: {problem}"
    if result.header.segment is not SegmentOfResult.NORMAL:
        return f"SegmentOfResult {result.header.segment}"
    if result.body.validity is not QualificationValidity.VALID:
        return f"QualificationValidity {result.body.validity}"
    return None


@dataclass(frozen=True)
class LoadResult:
    """One wrk run, from the JSON line printed by wrk_report.lua's done()."""

    connections: int
    requests: int
    seconds: float
    errors: dict[str, int]
    latency_us: dict[str, float]
    responses: dict[str, int] | None
    cpu_cores: dict[str, float]
    hub_cpu_seconds: float
    quiet_wait_s: float  # waited before the load for the machine to fall quiet

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def hub_cpu_us_per_request(self) -> float:
        return self.hub_cpu_seconds / self.requests * 1e6

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rps": round(self.rps, 1),
            "p50_ms": self.latency_us["p50"] / 1000,
            "p90_ms": self.latency_us["p90"] / 1000,
            "p99_ms": self.latency_us["p99"] / 1000,
            "max_ms": self.latency_us["max"] / 1000,
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "connections": self.connections,
            "socket_errors": {k: v for k, v in self.errors.items() if k != "status"},
            "http_errors": self.errors["status"],  # wrk: responses with status > 399
            "cpu_cores": self.cpu_cores,
            "hub_cpu_us_per_request": round(self.hub_cpu_us_per_request, 1),
            "quiet_wait_s": self.quiet_wait_s,
        }
        if self.responses is not None:
            out["non_2xx"] = self.responses["responses_not_200"]  # anything but 200, exactly
            out["checked_valid"] = self.responses["responses_valid"]
            out["checked_invalid"] = self.responses["responses_invalid"]
        return out


def run_wrk(server: HubServer, url: str, connections: int, seconds: int, script: Path,
            script_args: tuple[str, ...] = ()) -> LoadResult:
    """Closed-loop load (one wrk thread) for `seconds`; wrk runs in its own process."""
    command = ["wrk", "--threads", "1", "--connections", str(connections),
               "--duration", f"{seconds}s", "--timeout", "5s", "--latency",
               "--script", str(script), url]
    if script_args:
        command += ["--", *script_args]
    waited = wait_until_quiet()
    before = CpuSample.take(server.pid)
    finished = subprocess.run(command, capture_output=True, text=True, check=True,
                              timeout=seconds + 60)
    after = CpuSample.take(server.pid)
    line = next((line for line in finished.stdout.splitlines() if line.startswith(JSON_MARK)),
                None)
    if line is None:
        raise RuntimeError(f"wrk printed no report:\n{finished.stdout}\n{finished.stderr}")
    report = json.loads(line[len(JSON_MARK):])
    return LoadResult(connections, report["requests"], report["duration_us"] / 1e6,
                      report["errors"], report["latency_us"], report["responses"],
                      before.cores_used_until(after), after.hub - before.hub, waited)


def wait_until_quiet() -> float:
    """Seconds waited for the machine to fall quiet (e.g. a database server still writing
    after the previous load), so that one load's aftermath is not charged to the next."""
    started = time.monotonic()
    while time.monotonic() - started < QUIET_WAIT_SECONDS:
        busy_before, at = _machine_seconds()[0], time.monotonic()
        time.sleep(0.5)
        if (_machine_seconds()[0] - busy_before) / (time.monotonic() - at) < QUIET_CORES:
            break
    return round(time.monotonic() - started, 1)


def _machine_seconds() -> tuple[float, float]:
    """The whole machine's CPU seconds so far: busy, and stolen by the host."""
    ticks = os.sysconf("SC_CLK_TCK")
    # cpu  user nice system idle iowait irq softirq steal guest guest_nice
    cpu = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6]) / ticks, cpu[7] / ticks


@dataclass(frozen=True)
class CpuSample:
    """CPU seconds so far: the whole machine (busy), the hub (its process and its worker
    processes), and reaped children (wrk).

    Cores used over an interval show whether the hub's workers are CPU-bound (≈ 1.0 each) and
    how much of the machine went elsewhere (database server, kernel, other people's jobs).
    """

    wall: float
    machine_busy: float
    steal: float
    hub: float
    children: float

    @classmethod
    def take(cls, hub_pid: int) -> CpuSample:
        busy, steal = _machine_seconds()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return cls(time.monotonic(), busy, steal,
                   _process_tree_ticks(hub_pid) / os.sysconf("SC_CLK_TCK"),
                   children.ru_utime + children.ru_stime)

    def cores_used_until(self, later: CpuSample) -> dict[str, float]:
        wall = later.wall - self.wall
        return {"machine": round((later.machine_busy - self.machine_busy) / wall, 2),
                "steal": round((later.steal - self.steal) / wall, 2),
                "hub": round((later.hub - self.hub) / wall, 2),
                "wrk": round((later.children - self.children) / wall, 2)}


def _process_tree_ticks(pid: int) -> int:
    """User + system clock ticks of a process and of its live child processes (uvicorn's
    workers)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields and pid in (int(entry.name), int(fields[1])):
                total += int(fields[11]) + int(fields[12])
    return total


def _stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat after the command name (field 3 onwards); empty once the process is
    gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return []


def load_ping(server: HubServer, connections: int, seconds: int) -> LoadResult:
    return run_wrk(server, server.ping_url, connections, seconds, REPORT_SCRIPT)


def load_confirm(server: HubServer, bodies: Path, connections: int, seconds: int,
                 path: str = CONFIRM_PATH, content_type: str = "application/xml") -> LoadResult:
    """POST the documents in rotation; every answer is checked to be a valid result."""
    return run_wrk(server, server.base_url + path, connections, seconds, CONFIRM_SCRIPT,
                   (str(bodies), content_type))
