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
    command = [sys.executable, "-m", "papermill", "notebooks/01_deficit_composition.ipynb", str(output),
               "-f", "notebooks/params/us-japan-framework-1994.yaml", "--cwd", "notebooks", "--no-progress-bar"]
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
    assert len(charts) >= 3  # at least composition, coverage and claims, as offline SVG
