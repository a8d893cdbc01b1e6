"""``deficit-report --help`` answers without loading the data stack (issue 23, item 6).

The parser used to import ``sources.census`` for its ``--level`` choices, and with it pandas and
pandera: 0.7-1.0 s before any help was printed. Handlers import what they need when they run.
How fast it starts is measured in benchmarks/bench_import.py (docs/benchmarks.md, goal 6);
this test checks the cause, which modules a help request loads.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "pandera", "requests", "duckdb", "altair", "nbformat", "papermill")
PROBE = """
import sys
from deficit_report.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print("loaded:", ",".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "argv", [["--help"], ["run", "--help"], ["fetch", "census", "--help"], ["import", "census", "--help"]]
)
def test_help_loads_no_data_library(argv):
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv, heavy=HEAVY)], capture_output=True, text=True, check=True
    )
    assert "usage: deficit-report" in done.stdout
    assert done.stderr.splitlines()[-1] == "loaded: "


def test_fetch_help_still_shows_the_api_defaults():
    # The values moved to sources/endpoints.py; the help must still name them (typed from the Census and
    # Comtrade documentation: the intltrade time series, HS2 by default, a 60-second read timeout).
    done = subprocess.run(
        [sys.executable, "-m", "deficit_report.cli", "fetch", "census", "--help"], capture_output=True, text=True
    )
    text = " ".join(done.stdout.split())
    assert "https://api.census.gov/data/timeseries/intltrade" in text
    assert "[--level {HS2," in text and "(default: HS2)" in text
    assert "(default: 60)" in text
