"""Goal 6: import times, each in a fresh interpreter, interleaved, median of ``runs``.

``import deficit_report`` against ``import pandas, altair`` (goal: at most
1.2x), and what the notebook imports (``deficit_report.analysis.report`` and the
notebook's own import line) against the same baseline, for the record; and the
start-up of the command, ``deficit-report --help`` end to end in a fresh
process (goal: under 0.3 s; it used to import pandas and pandera through the
parser, 0.7-1.0 s).

Run alone: ``python benchmarks/bench_import.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, Result, interleaved, median, run_child  # noqa: E402

GOAL = 1.2
#: Seconds ``deficit-report --help`` may take, start to exit.
CLI_GOAL = 0.3
CLI = [str(Path(PYTHON).with_name("deficit-report")), "--help"]
STATEMENTS = {
    "baseline": "import pandas, altair",
    "package": "import deficit_report",
    "sections": "import deficit_report.analysis.report",
    "notebook": "from deficit_report.analysis.report import open_report; from deficit_report.rendering import charts, tables, time_charts",
}
CHILD = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"


def _one(stmt: str):
    def go() -> float:
        _, _, out = run_child([PYTHON, "-c", CHILD.format(stmt=stmt)])
        return float(out)

    return go


def _cli() -> float:
    seconds, _, _ = run_child(CLI)
    return seconds


def run(runs: int = 7) -> list[Result]:
    for stmt in STATEMENTS.values():  # warm bytecode and disk cache, not counted
        _one(stmt)()
    _cli()
    times = interleaved(runs, **{k: _one(v) for k, v in STATEMENTS.items()}, cli=_cli)
    m = {k: median(v) for k, v in times.items()}
    base = m["baseline"]
    results = [Result("6", f"`{STATEMENTS['baseline']}`", f"{base:.3f} s", runs=runs)]
    for key, label in (
        ("package", "goal"),
        ("sections", "what the notebook's code needs"),
        ("notebook", "the notebook's import line (adds altair via charts)"),
    ):
        ratio = m[key] / base
        results.append(
            Result(
                "6",
                f"`{STATEMENTS[key]}`",
                f"{m[key]:.3f} s = {ratio:.2f}x baseline",
                f"<= {GOAL}x" if key == "package" else "",
                ratio <= GOAL if key == "package" else None,
                runs=runs,
                note=label,
            )
        )
    results.append(
        Result(
            "6",
            "`deficit-report --help` (a fresh process, start to exit)",
            f"{m['cli']:.3f} s",
            f"< {CLI_GOAL} s",
            m["cli"] < CLI_GOAL,
            runs=runs,
            note="CLI start-up: the parser imports no pandas, pandera or requests",
        )
    )
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    for result in run(parser.parse_args().runs):
        print(result.what, result.value, result.target, result.verdict)
