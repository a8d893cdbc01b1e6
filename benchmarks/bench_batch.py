"""Goal 2: a batch of 8 reports with 2 workers against 1 (``deficit-report batch``).

The schedule (written to ``data/cache/bench/batch_schedule.yaml``) runs each
named run four times under different output names: 4 x us-japan-framework-1994
and 4 x us-japan-2024. Each batch starts from an empty output folder, so
every report is executed (no ``--changed-only`` skipping). 1 and 2 workers
alternate; the median of ``runs`` each.

Run alone: ``python benchmarks/bench_batch.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, PYTHON, Result, interleaved, median, run_child  # noqa: E402

GOAL = 0.6
REPORTS = 8
RUNS = ("us-japan-framework-1994", "us-japan-2024")


def schedule() -> Path:
    lines = ["# Benchmark schedule (benchmarks/bench_batch.py): 8 reports, two named runs four times each.", "runs:"]
    for i in range(REPORTS):
        run = RUNS[i % len(RUNS)]
        lines += [f"  - run: {run}", f"    name: bench-{i + 1}-{run}"]
    path = CACHE / "batch_schedule.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(runs: int = 3) -> list[Result]:
    try:
        import deficit_report.running.batch  # noqa: F401
    except ImportError:
        return [
            Result(
                "2",
                "batch of 8 reports, 2 workers vs 1",
                "not measured",
                note="`deficit-report batch` is not on this branch yet (branch batch)",
            )
        ]
    plan = schedule()
    out = Path(tempfile.mkdtemp(prefix="bench-batch-"))

    def batch(workers: int):
        def go() -> float:
            target = out / f"w{workers}"
            shutil.rmtree(target, ignore_errors=True)
            seconds, _, _ = run_child(
                [
                    PYTHON,
                    "-m",
                    "deficit_report.cli",
                    "batch",
                    str(plan),
                    "--workers",
                    str(workers),
                    "--output-dir",
                    str(target),
                    "--quiet",
                ]
            )
            return seconds

        return go

    times = interleaved(runs, serial=batch(1), parallel=batch(2))
    serial, parallel = median(times["serial"]), median(times["parallel"])
    ratio = parallel / serial
    return [
        Result(
            "2",
            f"batch of {REPORTS} reports, 1 worker",
            f"{serial:.1f} s ({serial / REPORTS:.1f} s a report)",
            runs=runs,
            details={"times": times["serial"]},
        ),
        Result(
            "2",
            f"batch of {REPORTS} reports, 2 workers / 1 worker",
            f"{parallel:.1f} s = {ratio:.2f}x",
            f"<= {GOAL}x",
            ratio <= GOAL,
            runs=runs,
            details={"times": times["parallel"]},
        ),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    for result in run(parser.parse_args().runs):
        print(result.what, "|", result.value, "|", result.target, result.verdict, result.note)
