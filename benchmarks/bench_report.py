"""Goal 1: the default report end to end (papermill + HTML) against the floor.

The floor is the same pipeline (``report.run_report``: checks, papermill,
nbconvert HTML, manifest, atomic swap) on a notebook that declares the same
parameters and only imports pandas, altair and the helper package. Both run
in child processes (``deficit-report``-like), interleaved, ``runs`` times each.

Where the time goes comes from each run's own record: ``manifest.json``'s
``timings_seconds`` (checks, execute, html) and papermill's per-cell
``duration`` in ``report.ipynb``; what the execute step holds beyond the cells
is kernel start-up and papermill's own work (saving the notebook after each cell).

Run alone: ``python benchmarks/bench_report.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, PYTHON, Result, fmt_s, interleaved, median, run_child  # noqa: E402

RUN = "us-japan-framework-1994"
GOAL = 1.3
CHILD = """
import sys
from pathlib import Path
from deficit_report.running.runner import run_report
kwargs = {{"notebook": Path(sys.argv[1])}} if sys.argv[1] != "-" else {{}}
run_report({run!r}, output_dir=Path(sys.argv[2]), **kwargs)
"""


def floor_notebook() -> Path:
    """Write the floor notebook: the report's parameters cell, then the imports alone."""
    import jupytext
    import nbformat

    from deficit_report.paths import REPORT_NOTEBOOK

    report = jupytext.read(REPORT_NOTEBOOK)
    parameters = next(c for c in report.cells if "parameters" in c.metadata.get("tags", []))
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": report.metadata["kernelspec"]})
    nb.cells = [
        nbformat.v4.new_code_cell(parameters.source, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import pandas, altair, deficit_report"),
    ]
    for i, cell in enumerate(nb.cells):
        cell.id = f"floor-{i}"
    path = CACHE / "floor_notebook.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _breakdown(folder: Path) -> dict:
    manifest = json.loads((folder / "manifest.json").read_text())
    timings = manifest["timings_seconds"]
    nb = json.loads((folder / "report.ipynb").read_text())
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    durations = [(c["metadata"].get("papermill", {}).get("duration") or 0.0, "".join(c["source"])) for c in cells]
    imports = sum(d for d, src in durations if "import " in src)
    charts = sum(d for d, src in durations if "import " not in src and "_chart(" in src)
    other = sum(d for d, src in durations if "import " not in src and "_chart(" not in src)
    return {
        "checks": timings["checks"],
        "html": timings["html"],
        "execute": timings["execute"],
        "kernel start + papermill": timings["execute"] - imports - charts - other,
        "import + open_report cell": imports,
        "chart cells (build + vl-convert SVG)": charts,
        "table and text cells": other,
        "html bytes": (folder / "report.html").stat().st_size,
        "code cells": len(cells),
    }


def run(runs: int = 5, env: dict | None = None) -> list[Result]:
    floor = floor_notebook()
    out = Path(tempfile.mkdtemp(prefix="bench-report-"))
    child = CHILD.format(run=RUN)
    breakdowns: dict[str, list[dict]] = {"report": [], "floor": []}

    def one(kind: str):
        def go() -> float:
            seconds, _, _ = run_child(
                [PYTHON, "-c", child, str(floor) if kind == "floor" else "-", str(out / kind)], env=env
            )
            breakdowns[kind].append(_breakdown(out / kind / RUN))
            return seconds

        return go

    one("floor")()  # warm the disk cache and compiled bytecode once, not counted
    one("report")()
    breakdowns = {"report": [], "floor": []}
    times = interleaved(runs, floor=one("floor"), report=one("report"))
    floor_s, report_s = median(times["floor"]), median(times["report"])
    ratio = report_s / floor_s
    steps = {kind: {k: median([b[k] for b in bs]) for k in bs[0]} for kind, bs in breakdowns.items()}
    return [
        Result(
            "1",
            "floor: same pipeline, notebook only imports pandas, altair, deficit_report",
            fmt_s(floor_s),
            runs=runs,
            details={"times": times["floor"], "steps": steps["floor"]},
        ),
        Result(
            "1",
            f"default report ({RUN}) end to end",
            fmt_s(report_s),
            runs=runs,
            details={"times": times["report"], "steps": steps["report"]},
        ),
        Result("1", "report / floor", f"{ratio:.2f}x", f"<= {GOAL}x", ratio <= GOAL, runs=runs),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for result in run(args.runs):
        print(result.what, result.value, result.target, result.verdict)
        if "steps" in result.details:
            for k, v in result.details["steps"].items():
                print(f"    {k:40s} {v:.3f}" if isinstance(v, float) else f"    {k:40s} {v}")
