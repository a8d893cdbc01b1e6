"""The report notebook still runs with papermill alone, as other schedulers (Airflow, cron) call it."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from deficit_report.paths import PROJECT_ROOT


@pytest.mark.slow
def test_papermill_cli_runs_the_notebook_with_a_named_run_file(tmp_path):
    output = tmp_path / "out.ipynb"
    command = [
        sys.executable,
        "-m",
        "papermill",
        "notebooks/01_deficit_composition.ipynb",
        str(output),
        "-f",
        "notebooks/params/us-japan-framework-1994.yaml",
        "--cwd",
        "notebooks",
        "--no-progress-bar",
    ]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    # Every parameter of the named run is declared in the notebook's parameters cell.
    assert "Passed unknown parameter" not in result.stderr
    nb = nbformat.read(output, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'as_of = "1994-06-06"' in injected[0].source and 'partner = "JPN"' in injected[0].source
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    charts = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    # The notebook draws nine charts (the key findings' coverage chart first), in this order, each as offline SVG whose alt text names its
    # main number (worked out from data/raw/us-japan-framework):
    expected = [
        # under the key findings: automotive (autos and parts) stalled, its 55.9% share
        ("Share of the deficit by status.", "stalled: 55.9%"),
        # 36.7 / 65.7: figures.csv line 25 (1994 automotive) over line 11 (1994 total)
        ("Share of the deficit by sector.", "Autos and auto parts 55.9%"),
        # -36.7 - -29.8 = -6.9 bn (lines 25 and 23); 6.9 / 16.3 (= 65.7 - 49.4, lines 11 and 3)
        ("Contributions to the change in the deficit.", "Autos and auto parts -6.9 bn (42.3% of the change)"),
        # the as-of date, and the count at each status that day: status_events.csv lines 17-19 (insurance,
        # medical, telecom within reach) and 20-21 (autos, parts stalled)
        (
            "Negotiation status over time, with a rule at 1994-06-06. On 1994-06-06, of the 5 rows: 3 within reach",
            "2 stalled (Passenger vehicles, Auto parts)",
        ),
        # automotive (autos and parts) stalled: its 55.9% share
        ("Share of the deficit by status.", "stalled: 55.9%"),
        # nothing agreed on the as-of date (the first 'agreed' event is line 22, 1994-09-30); then medical
        # and telecom agreed with no figures: at most the 29.0 / 65.7 remainder
        (
            "Share of the deficit held by sectors with an agreement. On the as-of date, 1994-06-06, they held 0.0% "
            "(piece by piece).",
            "(at most 44.1%)",
        ),
        # figures.csv line 11
        ("Balance over time.", "1994 -65.7 bn"),
        # context.csv line 4 ('60 percent of the $60 billion', about 1993, a year without an automotive figure)
        ("Claimed and computed shares of the deficit.", "1993 automotive: claimed 60.0%, computed no figure"),
        # outcomes.csv lines 9 (200 outlets by 1996-12-31) and 17 (132 outlets by 1997-07-31)
        ("Deal outcomes: auto_dealers 132 by 1997-07-31, against a goal of 200 by 1996-12-31.", "target 200"),
    ]
    assert len(charts) == len(expected) == 9
    for chart, (title, number) in zip(charts, expected):
        alt = chart.metadata["image/svg+xml"]["alt"]
        assert chart.data["image/svg+xml"].lstrip().startswith("<svg")
        assert alt == chart.data["text/plain"]
        assert alt.startswith(title) and number in alt, alt
