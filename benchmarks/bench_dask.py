"""Goal 7: the batch of 8 (goal 2's schedule) on a two-worker Dask LocalCluster against the local pool.

Three sides, alternating, each a ``deficit-report batch`` child process into an
empty output folder (every report executed):

- *pool*: ``--workers 2``, the local process pool;
- *--dask*: ``--dask --workers 2``, which starts a LocalCluster of two worker
  processes for the batch and closes it after (its start-up is in the time);
- *--scheduler*: ``--scheduler tcp://...`` to a two-worker LocalCluster this
  script started once beforehand, as a team with a running cluster would use it
  (the scheduler's own per-task cost, without the cluster's start-up).

The ratios to the pool are the overhead of running through Dask's scheduler.

Run alone: ``python benchmarks/bench_dask.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import REPORTS, schedule  # noqa: E402
from common import PYTHON, Result, interleaved, median, run_child  # noqa: E402

GOAL = 1.2
WORKERS = 2


def run(runs: int = 3) -> list[Result]:
    try:
        import distributed
    except ImportError:
        return [Result("7", "batch of 8 on Dask", "not measured", note="the [dask] extra is not installed")]
    plan = schedule()
    out = Path(tempfile.mkdtemp(prefix="bench-dask-"))

    def batch(name: str, *engine: str):
        def go() -> float:
            target = out / name
            shutil.rmtree(target, ignore_errors=True)
            command = [PYTHON, "-m", "deficit_report.cli", "batch", str(plan), "--workers", str(WORKERS)]
            seconds, _, _ = run_child([*command, *engine, "--output-dir", str(target), "--quiet"])
            return seconds

        return go

    with distributed.LocalCluster(
        n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    ) as cluster:
        times = interleaved(
            runs,
            pool=batch("pool"),
            dask=batch("dask", "--dask"),
            scheduler=batch("scheduler", "--scheduler", cluster.scheduler_address),
        )
    shutil.rmtree(out, ignore_errors=True)
    pool, dask, running = (median(times[k]) for k in ("pool", "dask", "scheduler"))
    return [
        Result(
            "7",
            f"batch of {REPORTS} reports, local pool, {WORKERS} workers",
            f"{pool:.1f} s",
            runs=runs,
            details={"times": times["pool"]},
        ),
        Result(
            "7",
            f"`--dask` (LocalCluster of {WORKERS} started per batch) / pool",
            f"{dask:.1f} s = {dask / pool:.2f}x",
            f"<= {GOAL}x",
            dask / pool <= GOAL,
            runs=runs,
            details={"times": times["dask"]},
        ),
        Result(
            "7",
            f"`--scheduler` (LocalCluster of {WORKERS} already running) / pool",
            f"{running:.1f} s = {running / pool:.2f}x",
            runs=runs,
            note="the scheduler's own overhead, without a cluster's start-up",
            details={"times": times["scheduler"]},
        ),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    for result in run(parser.parse_args().runs):
        print(result.what, "|", result.value, "|", result.target, result.verdict, result.note)
