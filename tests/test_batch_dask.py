"""A batch on a real Dask cluster: the same four runs as tests/test_batch.py, on a LocalCluster and on the pool.

One ``distributed.LocalCluster`` (two worker processes, one thread each) is
started for the module; the batch reaches it through its scheduler's address,
as ``deficit-report batch --scheduler tcp://HOST:8786`` would. The same
schedule then runs on the local process pool into another folder, and the two
outputs are compared. Everything is written under pytest's tmp folders.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import pytest

from cases import output_entries
from deficit_report.cli import main
from deficit_report.paths import REPORT_NOTEBOOK
from deficit_report.running.batch import RunOptions, run_schedule
from deficit_report.running.cluster import LOCAL_CLUSTER, dask_executor

pytestmark = pytest.mark.slow

BASE = "us-japan-framework-1994"
OK_RUNS = [BASE, "japan-as-of-1994-10-01", "japan-as-of-1995-06-28"]
ALL_RUNS = ["japan-broken", *OK_RUNS]


def write_schedule(root: Path) -> Path:
    """Write the four-run schedule: a run of a notebook that raises, a named run and a 2-point grid."""
    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell('raise RuntimeError("deliberate failure for the Dask test")'))
    nbformat.write(nb, root / "failing.ipynb")
    schedule = root / "schedule.yaml"
    schedule.write_text(
        f"runs:\n"
        f"  - run: {BASE}\n    name: japan-broken\n    notebook: {root / 'failing.ipynb'}\n"
        f"  - {BASE}\n"
        f"grid:\n  base: {BASE}\n  vary:\n    as_of: ['1994-10-01', '1995-06-28']\n"
        f'  name: "japan-as-of-{{as_of}}"\n',
        encoding="utf-8",
    )
    return schedule


def batch(schedule: Path, out: Path, cluster: str | None) -> tuple[int, list[str]]:
    """Run the schedule (2 workers) in this process; return the exit status and the printed lines."""
    printed = io.StringIO()
    with redirect_stdout(printed):
        status = run_schedule(schedule, RunOptions(output_dir=out, workers=2), progress=False, cluster=cluster)
    return status, printed.getvalue().splitlines()


@pytest.fixture(scope="module")
def cluster():
    """One real LocalCluster for the module: two worker processes, one thread each.

    A task whose worker dies is not retried (``allowed_failures=0``; Dask's default retries it
    3 times), so the test of a dying worker costs one kernel, not four.
    """
    import distributed

    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
        scheduler_kwargs={"allowed_failures": 0},
    ) as local:
        yield local


@pytest.fixture(scope="module")
def runs(cluster, tmp_path_factory):
    """The same schedule on the cluster and on the local pool, each into its own output folder."""
    root = tmp_path_factory.mktemp("dask")
    schedule = write_schedule(root)
    on_dask = batch(schedule, root / "dask", cluster.scheduler_address)
    tasks = dict(cluster.scheduler.task_prefixes)
    on_pool = batch(schedule, root / "pool", None)
    return {"dask": on_dask, "pool": on_pool, "root": root, "tasks": tasks, "address": cluster.scheduler_address}


def test_three_reports_complete_and_the_failed_one_fails_the_batch(runs):
    status, lines = runs["dask"]
    assert status == 1
    assert [line.split()[:2] for line in lines[1:5]] == [["japan-broken", "failed"]] + [[n, "ok"] for n in OK_RUNS]
    assert lines[5].startswith("4 runs: 3 ok, 1 failed, 0 skipped in ")
    # The two workers of the module's cluster ran them (the line names the scheduler), not a local pool.
    assert f"with 2 Dask workers ({runs['address']}); index: " in lines[5]


def test_the_runs_went_through_the_scheduler(runs):
    # Each run is one task of run_one on the scheduler (its key's prefix is the function's name).
    assert "run_one" in runs["tasks"]


def test_failed_report_is_kept_with_its_error(runs):
    folder = runs["root"] / "dask" / "japan-broken.failed"
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", "report.html", "report.ipynb"]
    manifest = json.loads((folder / "manifest.json").read_text())
    # Cell 4: title 0, parameters 1, papermill's injected cell 2, open_report 3, then the inserted raise.
    assert manifest["status"] == "failed"
    assert manifest["error"]["text"] == "RuntimeError in cell 4: deliberate failure for the Dask test"
    assert "deliberate failure for the Dask test" in (folder / "report.html").read_text()


def test_output_folder_holds_the_same_entries_as_the_pools(runs):
    names = set(output_entries(runs["root"] / "dask"))
    assert names == set(output_entries(runs["root"] / "pool"))
    # Three reports, the failed attempt, the index and each run's lock file; nothing partial left.
    assert names == {*OK_RUNS, "japan-broken.failed", "index.html", *(f".{n}.lock" for n in ALL_RUNS)}


@pytest.mark.parametrize("folder", [*OK_RUNS, "japan-broken.failed"])
def test_html_is_byte_identical_to_the_local_pools(runs, folder):
    on_dask = (runs["root"] / "dask" / folder / "report.html").read_bytes()
    assert on_dask == (runs["root"] / "pool" / folder / "report.html").read_bytes()


def test_index_is_the_pools_but_for_the_generation_times(runs):
    status, lines = runs["pool"]
    assert status == 1 and lines[5].startswith("4 runs: 3 ok, 1 failed, 0 skipped in ")
    # The index shows each report's generation time (UTC, from its manifest); everything else must agree.
    pages = [(runs["root"] / side / "index.html").read_text() for side in ("dask", "pool")]
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    assert [len(stamp.findall(page)) for page in pages] == [4, 4]
    assert stamp.sub("<time>", pages[0]) == stamp.sub("<time>", pages[1])


@pytest.fixture(scope="module")
def killed(runs, cluster):
    """After the main batch: a batch of one run whose notebook kills the Dask worker running it."""
    root = runs["root"]
    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    # The kernel's parent process is the Dask worker that started it (papermill runs in the worker).
    nb.cells.insert(3, nbformat.v4.new_code_cell("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"))
    nbformat.write(nb, root / "killer.ipynb")
    schedule = root / "killer.yaml"
    schedule.write_text(
        f"runs:\n  - run: {BASE}\n    name: japan-killed\n    notebook: {root / 'killer.ipynb'}\n", encoding="utf-8"
    )
    status, lines = batch(schedule, root / "killed", cluster.scheduler_address)
    cluster.wait_for_workers(2, timeout=120)  # the nanny restarts the killed worker
    return status, lines


def test_a_dying_worker_fails_its_run_not_the_batch(killed):
    status, lines = killed
    assert status == 1
    assert lines[1].split()[:2] == ["japan-killed", "failed"]
    # the summary names the worker that died (its address), not only the exception's class
    assert re.search(r"\(worker process died: KilledWorker \(worker tcp://[\d.]+:\d+\)\)$", lines[1]), lines[1]
    assert lines[2].startswith("1 runs: 0 ok, 1 failed, 0 skipped in ")


def alive(pid: int) -> bool:
    """Return True while a process with this id exists (and is not a zombie waiting to be reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ", 1)[1].startswith("Z"))


def test_dask_option_starts_a_local_cluster_of_worker_processes_and_closes_it():
    # What --dask promises (docs/scaling.md): the asked number of worker *processes* on this machine, so a
    # report's kernel is not a thread of the batch, and none left running after the batch.
    with dask_executor(LOCAL_CLUSTER, 2) as opened:
        assert opened.label == "2 Dask workers (local cluster)"
        worker = opened.executor.submit(os.getpid).result(timeout=60)
        assert worker != os.getpid()
        assert alive(worker)
    deadline = time.monotonic() + 60
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(worker), f"Dask worker process {worker} still runs after the batch"


def test_missing_extra_is_one_line_naming_it(tmp_path, monkeypatch, capsys):
    schedule = tmp_path / "schedule.yaml"
    schedule.write_text(f"runs: [{BASE}]\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    status = main(["batch", str(schedule), "--dask", "--output-dir", str(tmp_path / "out"), "--quiet"])
    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        "deficit-report: error: parameter '--dask/--scheduler': running a batch on Dask needs the optional "
        "extra 'dask'; install it with pip install -e '.[dask]'"
    ]
    assert not (tmp_path / "out").exists()


def test_unreachable_scheduler_is_one_line_and_nothing_runs(tmp_path, monkeypatch, capsys):
    from deficit_report.running import cluster

    schedule = tmp_path / "schedule.yaml"
    schedule.write_text(f"runs: [{BASE}]\n", encoding="utf-8")
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)  # the default 30 s, shortened for the test
    # Port 9 (discard) on this machine: nothing listens there, so the connection is refused until the timeout.
    status = main(["batch", str(schedule), "--scheduler", "tcp://127.0.0.1:9", "--output-dir", str(tmp_path / "out")])
    [line] = capsys.readouterr().err.splitlines()
    assert status == 2
    assert line.startswith("deficit-report: error: parameter '--scheduler': cannot reach the Dask scheduler at ")
    assert "tcp://127.0.0.1:9" in line
    assert not (tmp_path / "out").exists()


def test_dask_and_scheduler_together_are_refused_before_anything_runs(tmp_path, capsys):
    # Two places to run the batch is a user error: exit 2, one line naming both options, no output folder.
    schedule = tmp_path / "schedule.yaml"
    schedule.write_text(f"runs: [{BASE}]\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exc:
        main(["batch", str(schedule), "--dask", "--scheduler", "tcp://h:8786", "--output-dir", str(out)])
    assert exc.value.code == 2
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .endswith("error: argument --scheduler: not allowed with argument --dask")
    )
    assert not out.exists()
