"""End to end: one batch of four reports (one failing on purpose), shared by the assertions.

Kernel-starting work happens in module-scoped fixtures: the batch (4 reports,
2 workers), a run killed with SIGKILL and its rerun, and one rerun after a
parameter change. Everything is written under pytest's tmp folders.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from cases import installed_versions, output_entries
from deficit_report.cli import main
from deficit_report.paths import PROJECT_ROOT, REPORT_NOTEBOOK
from deficit_report.running.manifest import write_index

pytestmark = pytest.mark.slow

BASE = "us-japan-framework-1994"
OK_RUNS = [BASE, "japan-as-of-1994-10-01", "japan-as-of-1995-06-28"]
DATA = PROJECT_ROOT / "data" / "raw" / "us-japan-framework"
OK_SCHEDULE = f"""
runs:
  - {BASE}
grid:
  base: {BASE}
  vary:
    as_of: ["1994-10-01", "1995-06-28"]
  name: "japan-as-of-{{as_of}}"
"""


def cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``deficit-report`` in a child process (as cron would) and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "deficit_report.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=PROJECT_ROOT,
    )


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file in a folder, by name, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def without_papermill_metadata(path: Path) -> dict:
    """A notebook as JSON with papermill's metadata (timings, paths) dropped from it and its cells."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"].pop("papermill", None)
    for cell in nb["cells"]:
        cell["metadata"].pop("papermill", None)
    return nb


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Run a batch of 4: a named run, a 2-point grid, and a run of a notebook that raises."""
    root = tmp_path_factory.mktemp("batch")
    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell('raise RuntimeError("deliberate failure for the batch test")'))
    nbformat.write(nb, root / "failing.ipynb")
    schedule = root / "schedule.yaml"
    schedule.write_text(
        OK_SCHEDULE.replace(
            "runs:\n", f"runs:\n  - run: {BASE}\n    name: japan-broken\n    notebook: {root / 'failing.ipynb'}\n"
        ),
        encoding="utf-8",
    )
    out = root / "out"
    started = time.perf_counter()
    result = cli("batch", str(schedule), "--output-dir", str(out), "--workers", "2", "--quiet")
    return {"result": result, "out": out, "root": root, "seconds": time.perf_counter() - started}


def test_batch_exits_1_when_one_report_fails(batch):
    assert batch["result"].returncode == 1, batch["result"].stderr


def test_summary_table_lists_every_run_in_schedule_order(batch):
    lines = batch["result"].stdout.splitlines()
    assert lines[0].split() == ["run", "status", "duration", "output"]
    rows = [line.split()[:2] for line in lines[1:5]]
    assert rows == [
        ["japan-broken", "failed"],
        [BASE, "ok"],
        ["japan-as-of-1994-10-01", "ok"],
        ["japan-as-of-1995-06-28", "ok"],
    ]
    # The raise is cell 4 of the executed notebook: title 0, parameters 1, papermill's injected cell 2,
    # open_report 3, then the inserted cell.
    assert re.search(
        r"japan-broken\s+failed\s+\d+\.\d s\s+\S+japan-broken\.failed\s+"
        r"\(RuntimeError in cell 4: deliberate failure",
        lines[1],
    )
    assert lines[5].startswith("4 runs: 3 ok, 1 failed, 0 skipped in ")


def test_ok_reports_are_complete_and_nothing_partial_is_left(batch):
    out = batch["out"]
    # Each run's lock file stays (hidden, so the index ignores it); a lock file is never removed while in use.
    locks = [f".{name}.lock" for name in [*OK_RUNS, "japan-broken"]]
    assert output_entries(out) == sorted([*OK_RUNS, "japan-broken.failed", "index.html", *locks])
    for name in OK_RUNS:
        files = sorted(folder_bytes(out / name))
        assert [f for f in files if not f.startswith("data/")] == [
            "manifest.json",
            "report.html",
            "report.ipynb",
            "report.xlsx",
        ]
        assert "data/headline.csv" in files and "data/key_findings.csv" in files


def test_failed_report_kept_with_papermill_error_cell(batch):
    folder = batch["out"] / "japan-broken.failed"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "failed"
    assert manifest["error"] == {
        "name": "RuntimeError",
        "cell_index": 4,
        "execution_count": 4,
        "message": "deliberate failure for the batch test",
        "text": "RuntimeError in cell 4: deliberate failure for the batch test",
    }
    nb = nbformat.read(folder / "report.ipynb", as_version=4)
    assert "papermill-error-cell-tag" in nb.cells[0].metadata.get("tags", [])
    raised = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert [(o.ename, o.evalue) for o in raised] == [("RuntimeError", "deliberate failure for the batch test")]
    # The failed attempt can be read in a browser too: its page shows the error.
    page = (folder / "report.html").read_text()
    assert "deliberate failure for the batch test" in page and "<script src" not in page


def test_manifest_records_what_went_in(batch):
    manifest = json.loads((batch["out"] / "japan-as-of-1995-06-28" / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["error"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", manifest["generated"])
    assert manifest["parameters"]["as_of"] == "1995-06-28"  # the grid point
    assert manifest["parameters"]["focus_year"] == 1994  # from the named run
    expected_inputs = {
        f"us-japan-framework/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(DATA.glob("*.csv"))
    }
    assert manifest["inputs"] == expected_inputs
    assert manifest["notebook"] == {
        "path": "notebooks/01_deficit_composition.ipynb",
        "sha256": hashlib.sha256(REPORT_NOTEBOOK.read_bytes()).hexdigest(),
    }
    assert manifest["packages"] == installed_versions()
    assert manifest["python"] == ".".join(map(str, sys.version_info[:3]))
    assert set(manifest["code"]) == {"git_commit", "fingerprint"}
    assert set(manifest["timings_seconds"]) == {"checks", "execute", "data", "html", "total"}
    for name in ("report.html", "report.ipynb"):
        path = batch["out"] / "japan-as-of-1995-06-28" / name
        assert manifest["outputs"][name] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_index_lists_every_folder_with_relative_links(batch):
    page = (batch["out"] / "index.html").read_text()
    rows = re.findall(r"<tr>\n(.*?)\n</tr>", page, re.S)
    names = [re.search(r">([^<]+)</a>", row).group(1) for row in rows]
    assert names == ["japan-as-of-1994-10-01", "japan-as-of-1995-06-28", "japan-broken.failed", BASE]
    assert '<a href="japan-broken.failed/report.html">japan-broken.failed</a>' in rows[2]
    assert (
        '<span class="failed">failed</span><div class="error">RuntimeError in cell 4: deliberate failure for '
        "the batch test</div>"
    ) in rows[2]
    assert f'<a href="{BASE}/report.html">{BASE}</a>' in rows[3]
    assert '<td>JPN</td>\n<td>1994 vs 1992<div class="small">as of 1994-06-06</div></td>' in rows[3]
    assert "<script src" not in page and "<link" not in page and "src=" not in page
    assert "http:" not in page and "https:" not in page  # (the CSP meta tag is http-equiv, no address)


def test_index_is_deterministic(batch):
    before = (batch["out"] / "index.html").read_bytes()
    assert write_index(batch["out"]).read_bytes() == before


@pytest.fixture(scope="module")
def killed_then_rerun(batch, tmp_path_factory):
    """Copy a finished report, start a rerun over it, SIGKILL it mid-execution, then rerun in process."""
    out = tmp_path_factory.mktemp("kill") / "out"
    shutil.copytree(batch["out"] / BASE, out / BASE)
    # as if the report had been printed by an earlier `run --pdf` (only whether the file is there matters)
    (out / BASE / "report.pdf").write_bytes(b"%PDF-1.4 of the previous page\n")
    before = folder_bytes(out / BASE)
    child = subprocess.Popen(
        [sys.executable, "-m", "deficit_report.cli", "run", BASE, "--output-dir", str(out), "--quiet"],
        cwd=PROJECT_ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline, partial = time.monotonic() + 120, []
    while time.monotonic() < deadline and child.poll() is None:
        partial = [p for p in out.glob(f".{BASE}.partial-*") if (p / "report.ipynb").exists()]
        if partial:
            break
        time.sleep(0.05)
    assert partial and child.poll() is None, "the run finished (or died) before it could be killed"
    time.sleep(0.5)  # papermill is executing cells now
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    after_kill = folder_bytes(out / BASE)
    leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    rerun = cli("run", BASE, "--output-dir", str(out), "--quiet")
    return {
        "out": out,
        "before": before,
        "after_kill": after_kill,
        "leftovers": leftovers,
        "rerun": rerun,
        "returncode": child.returncode,
    }


def test_kill_9_leaves_previous_report_intact(killed_then_rerun):
    assert killed_then_rerun["returncode"] == -signal.SIGKILL
    assert killed_then_rerun["after_kill"] == killed_then_rerun["before"]
    # The killed run's partial folder and its lock file (the lock itself went with the process), nothing else.
    [mark, lock, partial] = killed_then_rerun["leftovers"]
    assert mark == ".deficit-report-output"  # the folder is now marked as the command's own
    assert lock == f".{BASE}.lock" and partial.startswith(f".{BASE}.partial-")


def test_rerun_after_kill_succeeds_and_cleans_up(killed_then_rerun):
    out = killed_then_rerun["out"]
    assert killed_then_rerun["rerun"].returncode == 0, killed_then_rerun["rerun"].stderr
    assert output_entries(out) == [f".{BASE}.lock", "index.html", BASE]
    assert f'<a href="{BASE}/report.html">{BASE}</a>' in (out / "index.html").read_text()  # 'run' rebuilt it
    # the rerun had no --pdf: the folder holds what it made, and the PDF of the previous page is said gone
    assert not (out / BASE / "report.pdf").exists()
    assert killed_then_rerun["rerun"].stdout.splitlines()[-1] == (
        f"removed report.pdf of the previous {BASE} report: this run printed no PDF (add --pdf to print one)"
    )


def test_same_inputs_give_byte_identical_html(batch, killed_then_rerun):
    # The batch ran in a pool worker, the rerun in a 'deficit-report run' process, into another folder, later.
    first, second = batch["out"] / BASE, killed_then_rerun["out"] / BASE
    assert (first / "report.html").read_bytes() == (second / "report.html").read_bytes()
    assert without_papermill_metadata(first / "report.ipynb") == without_papermill_metadata(second / "report.ipynb")


def test_html_has_no_timestamps_random_ids_or_external_loads(batch):
    page = (batch["out"] / BASE / "report.html").read_text()
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", page)
    # Source links (<a href="https://...">) are fine; nothing may be loaded from the network.
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "<script src" not in page
    # the page carries only the notebook's fixed cell ids; papermill's parameters cell has a fixed id too
    notebook = json.loads((batch["out"] / BASE / "report.ipynb").read_text())
    ids = [cell["id"] for cell in notebook["cells"]]
    assert ids.count("injected-parameters") == 1
    assert set(re.findall(r'id="cell-id=([^"]+)"', page)) <= set(ids)


def test_changed_only_skips_unchanged_and_reruns_changed(batch, capsys):
    out, root = batch["out"], batch["root"]
    unchanged = root / "unchanged.yaml"
    unchanged.write_text(OK_SCHEDULE, encoding="utf-8")
    before = {name: folder_bytes(out / name) for name in OK_RUNS}

    # Nothing to run: in this process (no kernel starts), to save a Python start-up.
    assert main(["batch", str(unchanged), "--output-dir", str(out), "--changed-only", "--quiet"]) == 0
    stdout = capsys.readouterr().out
    assert [line.split()[:2] for line in stdout.splitlines()[1:4]] == [[n, "skipped"] for n in OK_RUNS]
    assert {name: folder_bytes(out / name) for name in OK_RUNS} == before

    # An input whose recorded sha256 no longer matches the file (as after an edit of figures.csv) is a change.
    manifest_path = out / OK_RUNS[1] / "manifest.json"
    original = manifest_path.read_text()
    manifest = json.loads(original)
    manifest["inputs"]["us-japan-framework/figures.csv"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    assert main(["batch", str(unchanged), "--output-dir", str(out), "--changed-only", "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{BASE}: skip (unchanged)",
        f"{OK_RUNS[1]}: run",
        f"{OK_RUNS[2]}: skip (unchanged)",
    ]
    manifest_path.write_text(original)
    # A batch asked for PDFs reruns a report without one: the folder is to hold what the batch asks for.
    (out / OK_RUNS[2] / "report.pdf").write_bytes(b"%PDF-1.4 of an earlier run --pdf\n")
    assert main(["batch", str(unchanged), "--output-dir", str(out), "--changed-only", "--dry-run", "--pdf"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{BASE}: run",
        f"{OK_RUNS[1]}: run",
        f"{OK_RUNS[2]}: skip (unchanged)",
    ]
    (out / BASE / "report.pdf").write_bytes(b"%PDF-1.4 of an earlier run --pdf\n")

    # A changed parameter reruns that report only.
    changed = root / "changed.yaml"
    changed.write_text(
        OK_SCHEDULE.replace(f"  - {BASE}\n", f"  - run: {BASE}\n    parameters: {{title: Changed}}\n"), encoding="utf-8"
    )
    result = cli("batch", str(changed), "--output-dir", str(out), "--changed-only", "--quiet")
    assert result.returncode == 0, result.stderr
    assert [line.split()[:2] for line in result.stdout.splitlines()[1:4]] == [
        [BASE, "ok"],
        [OK_RUNS[1], "skipped"],
        [OK_RUNS[2], "skipped"],
    ]
    # The rerun report's PDF (of the old page) went with its old folder, and the batch says so in one line;
    # the skipped report keeps its PDF.
    assert result.stdout.splitlines()[4] == (
        f"removed report.pdf of the previous {BASE} report: this batch printed no PDF (add --pdf to print one)"
    )
    assert not (out / BASE / "report.pdf").exists() and (out / OK_RUNS[2] / "report.pdf").exists()
    (out / OK_RUNS[2] / "report.pdf").unlink()
    assert json.loads((out / BASE / "manifest.json").read_text())["parameters"]["title"] == "Changed"
    assert folder_bytes(out / BASE)["report.html"] != before[BASE]["report.html"]
