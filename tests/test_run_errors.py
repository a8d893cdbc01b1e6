"""A failed run keeps papermill's structure: error name, cell and message in the result, manifest and index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError

from cases import FRAMEWORK_PARAMS, write_tiny_notebook
from deficit_report.running import runner
from deficit_report.running.batch import CheckedRun, Outcome, RunOptions, run_one, summary_table
from deficit_report.running.failure import RunError, run_error
from deficit_report.running.manifest import report_entries, write_index
from deficit_report.running.runner import ReportFailed, RunResult, run_report

MESSAGE = "deliberate failure in cell 4"


def index_rows(out: Path) -> list[str]:
    return re.findall(r"<tr>\n(.*?)\n</tr>", (out / "index.html").read_text(), re.S)


# --- without a kernel --------------------------------------------------------------------------------


def test_papermill_error_keeps_name_cell_and_message():
    exc = PapermillExecutionError(
        cell_index=4,
        exec_count=4,
        source="raise RuntimeError(...)",
        ename="RuntimeError",
        evalue=MESSAGE,
        traceback=["..."],
    )
    error = run_error(exc)
    assert error == RunError("RuntimeError", MESSAGE, cell_index=4, execution_count=4)
    assert error.text == f"RuntimeError in cell 4: {MESSAGE}"


@pytest.mark.parametrize(
    "exc, expected",
    [
        (
            CellTimeoutError("A cell timed out while it was being executed, after 600 seconds."),
            (
                "CellTimeoutError",
                None,
                "A cell timed out while it was being executed, after 600 seconds.",
                "CellTimeoutError: A cell timed out while it was being executed, after 600 seconds.",
            ),
        ),
        (DeadKernelError("Kernel died"), ("DeadKernelError", None, "Kernel died", "DeadKernelError: Kernel died")),
    ],
)
def test_timeout_or_dead_kernel_has_a_name_and_message_but_no_cell(exc, expected):
    error = run_error(exc)
    assert (error.name, error.cell_index, error.message, error.text) == expected


def test_index_shows_a_structured_error_as_one_line(tmp_path):
    (tmp_path / "r.failed").mkdir()
    manifest = {
        "run": "r",
        "status": "failed",
        "parameters": {},
        "error": {
            "name": "RuntimeError",
            "cell_index": 4,
            "execution_count": 4,
            "message": "boom",
            "text": "RuntimeError in cell 4: boom",
        },
    }
    (tmp_path / "r.failed" / "manifest.json").write_text(json.dumps(manifest))
    assert [e["error"] for e in report_entries(tmp_path)] == ["RuntimeError in cell 4: boom"]
    write_index(tmp_path)
    assert '<div class="error">RuntimeError in cell 4: boom</div>' in index_rows(tmp_path)[0]


def test_batch_outcome_and_summary_carry_the_error(monkeypatch):
    failed = RunResult(
        name="bad",
        status="failed",
        folder=Path("reports/bad.failed"),
        seconds=3.0,
        error="RuntimeError in cell 4: boom",
        error_name="RuntimeError",
        error_cell=4,
        error_execution_count=4,
        error_message="boom",
    )

    def fail(*args, **kwargs):
        raise ReportFailed(failed)

    monkeypatch.setattr(runner, "run_report", fail)
    outcome = run_one(CheckedRun("bad", {}, {}, Path("nb.ipynb")), RunOptions())
    assert outcome == Outcome(
        "bad",
        "failed",
        3.0,
        Path("reports/bad.failed"),
        "RuntimeError in cell 4: boom",
        error_name="RuntimeError",
        error_cell=4,
    )
    assert (
        summary_table([outcome]).splitlines()[1]
        == "bad  failed     3.0 s  reports/bad.failed  (RuntimeError in cell 4: boom)"
    )


# --- a real run of a notebook that raises in a known cell --------------------------------------------


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("failing")
    # Executed cells: 0 title, 1 parameters, 2 papermill's injected parameters, 3 x = 1, 4 the raise;
    # execution counts 1 (parameters), 2 (injected), 3, 4.
    notebook = write_tiny_notebook(root / "failing.ipynb", "x = 1", f"raise RuntimeError({MESSAGE!r})")
    out = root / "out"
    with pytest.raises(ReportFailed) as failed:
        run_report("tiny", dict(FRAMEWORK_PARAMS), output_dir=out, notebook=notebook)
    write_index(out)
    return failed.value, out


@pytest.mark.slow
def test_run_result_names_the_error_and_the_cell(failed_run):
    exc, out = failed_run
    r = exc.result
    assert (r.status, r.folder) == ("failed", out / "tiny.failed")
    assert (r.error_name, r.error_cell, r.error_execution_count, r.error_message) == ("RuntimeError", 4, 4, MESSAGE)
    assert r.error == f"RuntimeError in cell 4: {MESSAGE}"
    assert str(exc) == f"report 'tiny' failed: RuntimeError in cell 4: {MESSAGE} (executed notebook kept in {r.folder})"


@pytest.mark.slow
def test_manifest_error_is_structured(failed_run):
    _, out = failed_run
    manifest = json.loads((out / "tiny.failed" / "manifest.json").read_text())
    assert manifest["status"] == "failed"
    assert manifest["error"] == {
        "name": "RuntimeError",
        "cell_index": 4,
        "execution_count": 4,
        "message": MESSAGE,
        "text": f"RuntimeError in cell 4: {MESSAGE}",
    }


@pytest.mark.slow
def test_index_row_says_what_failed_where(failed_run):
    _, out = failed_run
    [row] = index_rows(out)
    assert f'<span class="failed">failed</span><div class="error">RuntimeError in cell 4: {MESSAGE}</div>' in row


@pytest.mark.slow
def test_a_timed_out_report_is_kept_with_the_cells_it_ran(tmp_path):
    # A scheduled report that hangs is killed by the execution timeout; its failed folder keeps the notebook as
    # far as it got (cell 3 printed its line) and the HTML page, so a reader sees where it stopped.
    notebook = write_tiny_notebook(tmp_path / "slow.ipynb", "print('reached cell 3')", "import time; time.sleep(30)")
    with pytest.raises(ReportFailed) as failed:
        run_report("slow", dict(FRAMEWORK_PARAMS), output_dir=tmp_path / "out", notebook=notebook, execution_timeout=2)
    assert failed.value.result.error_name == "CellTimeoutError"
    kept = tmp_path / "out" / "slow.failed"
    ran = nbformat.read(kept / "report.ipynb", as_version=4)
    assert "reached cell 3" in ran.cells[3].outputs[0]["text"]
    assert "reached cell 3" in (kept / "report.html").read_text(encoding="utf-8")
