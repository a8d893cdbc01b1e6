"""Two runs of the same report (cron and a manual run) take turns instead of deleting each other's work.

A run holds ``<output_dir>/.<name>.lock`` from before it tidies up leftovers until its report is in
place. Here the test holds that lock itself with filelock, standing in for the other run.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from filelock import FileLock

from cases import FRAMEWORK_PARAMS, write_tiny_notebook
from deficit_report.cli import build_parser, main
from deficit_report.running.conventions import ExitStatus
from deficit_report.running.folders import ReportLocked, swap_in
from deficit_report.running.runner import run_report

BASE = "us-japan-framework-1994"


def folder_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones too), by relative path, with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def existing_report_and_partial(out: Path, name: str) -> None:
    """A finished report, and the partial folder of the run now holding the lock."""
    (out / name).mkdir(parents=True)
    (out / name / "report.html").write_text("previous report")
    (out / name / "manifest.json").write_text(json.dumps({"run": name, "status": "ok"}))
    (out / f".{name}.partial-1234abcd").mkdir()
    (out / f".{name}.partial-1234abcd" / "report.ipynb").write_text("the other run, half written")


def test_wait_option_parses_seconds_and_defaults_to_waiting():
    assert build_parser().parse_args(["run", BASE]).lock_timeout is None
    assert build_parser().parse_args(["run", BASE, "--wait", "0"]).lock_timeout == 0.0
    assert build_parser().parse_args(["run", BASE, "--wait", "2.5"]).lock_timeout == 2.5


def test_locked_report_fails_at_once_and_touches_nothing(tmp_path):
    out = tmp_path / "out"
    existing_report_and_partial(out, BASE)
    lock = out / f".{BASE}.lock"
    with FileLock(lock):
        before = folder_bytes(out)
        with pytest.raises(ReportLocked) as locked:
            run_report(BASE, output_dir=out, lock_timeout=0)
        assert folder_bytes(out) == before
    assert str(locked.value) == (
        f"report '{BASE}' is being written by another run (lock {lock}); try again when it ends"
    )


def test_command_line_says_which_report_and_lock_and_exits_75(tmp_path, capsys):
    out = tmp_path / "out"
    existing_report_and_partial(out, BASE)
    lock = out / f".{BASE}.lock"
    with FileLock(lock):
        before = folder_bytes(out)
        status = main(["run", BASE, "--output-dir", str(out), "--quiet", "--wait", "0"])
        assert folder_bytes(out) == before  # no index rebuilt either: nothing changed
    assert status == ExitStatus.LOCKED == 75  # EX_TEMPFAIL: try again later
    assert capsys.readouterr().err.splitlines() == [
        f"deficit-report: error: report '{BASE}' is being written by another run (lock {lock}); try again when it ends"
    ]


@pytest.mark.slow
def test_a_waiting_run_goes_on_when_the_other_run_ends(tmp_path):
    out = tmp_path / "out"
    existing_report_and_partial(out, "tiny")
    notebook = write_tiny_notebook(tmp_path / "tiny.ipynb", "x = 1")
    results = []
    other = FileLock(out / ".tiny.lock")
    other.acquire()
    waiting = threading.Thread(
        target=lambda: results.append(run_report("tiny", dict(FRAMEWORK_PARAMS), output_dir=out, notebook=notebook))
    )
    waiting.start()
    waiting.join(timeout=1.0)
    # Still waiting, and the other run's half-written folder is still there.
    assert waiting.is_alive() and sorted(p.name for p in out.iterdir()) == [
        ".tiny.lock",
        ".tiny.partial-1234abcd",
        "tiny",
    ]
    swap_in(out / ".tiny.partial-1234abcd", out / "tiny")  # the other run puts its report in place
    other.release()
    waiting.join(timeout=300)
    assert not waiting.is_alive()
    [result] = results
    assert (result.status, result.folder) == ("ok", out / "tiny")
    # the folder is marked as the command's own; "tiny" links to the one run folder left
    run_folder = os.readlink(out / "tiny")
    assert sorted(p.name for p in out.iterdir()) == [".deficit-report-output", ".tiny.lock", run_folder, "tiny"]
    # execution.log: papermill's warnings (the tiny notebook has no cell for most parameters passed)
    assert sorted(p.name for p in (out / "tiny").iterdir()) == [
        "execution.log",
        "manifest.json",
        "report.html",
        "report.ipynb",
    ]
    assert "Passed unknown parameter: focus_year" in (out / "tiny" / "execution.log").read_text()
    assert json.loads((out / "tiny" / "manifest.json").read_text())["status"] == "ok"
