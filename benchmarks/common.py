"""Shared helpers of the benchmark scripts: timing, child processes, the machine, results.

Every figure is a median of several runs; every comparison is a ratio of two
medians measured in the same run, with the two sides interleaved (A, B, A, B,
...) so that a busy neighbour on the machine slows both alike.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from deficit_report.running.manifest import package_versions

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "data" / "cache" / "bench"  # git-ignored (data/cache/)
PYTHON = sys.executable
REAL_HS2_FILE = Path(
    os.environ.get(
        "BENCH_REAL_HS2_FILE",
        ROOT.parent / "shared" / "data" / "census-api-2013-2024" / "imports_hs2_by_country_monthly_2023_2024.csv.gz",
    )
)
PACKAGES = [
    "pandas",
    "altair",
    "vl-convert-python",
    "papermill",
    "nbconvert",
    "ipykernel",
    "pandera",
    "duckdb",
    "numpy",
]


@dataclass
class Result:
    """One line of the results table."""

    goal: str
    what: str
    value: str
    target: str = ""
    met: bool | None = None
    runs: int | None = None
    note: str = ""
    details: dict = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT met", None: "-"}[self.met]


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """Run ``fn`` once; return (seconds, its result)."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def run_child(args: list[str], *, env: dict | None = None, cwd: Path = ROOT) -> tuple[float, float, str]:
    """Run a command; return (wall seconds, peak RSS of that child in MB, its stdout).

    The peak comes from ``os.wait4`` (the child's own ``ru_maxrss``), not from
    ``RUSAGE_CHILDREN``, which would keep the largest child seen so far.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} exited {proc.returncode}:\n{stderr[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, stdout


def interleaved(runs: int, **commands) -> dict[str, list[float]]:
    """Call each named zero-argument function ``runs`` times, alternating; return their times."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, fn in commands.items():
            seconds = fn()
            times[name].append(seconds)
    return times


def machine() -> dict:
    """The machine and the versions that the numbers depend on."""
    meminfo = Path("/proc/meminfo").read_text().split("\n") if Path("/proc/meminfo").exists() else []
    total_kb = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    versions = package_versions(PACKAGES)
    try:
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(total_kb / 1024**2, 1),
        "cpu": _cpu_name(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "load_at_start": load,
    }


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s"
