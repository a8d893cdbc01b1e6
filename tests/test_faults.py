"""Faults around a run (issue 25): a full or read-only disk, a killed writer, files others must read.

One real run of the default report (under umask 022) gives the previous report; the faults are then
injected into later runs whose notebook execution is replaced by a copy of that run's executed
notebook (no second kernel): everything after execution (data files, workbook, page, manifest, swap)
runs for real. Every fault must end in one line on stderr and exit status 2, with the previous
report byte for byte as it was and no partial folder left.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import stat
from pathlib import Path
from unittest import mock

import pytest

from deficit_report.cli import main
from deficit_report.paths import PROJECT_ROOT
from deficit_report.running import runner
from deficit_report.running.manifest import write_index

RUN = "us-japan-framework-1994"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (following the report's link), by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """The default report, run once under umask 022, and a copy of its executed notebook."""
    out = tmp_path_factory.mktemp("reports")
    old = os.umask(0o022)
    try:
        assert main(["run", RUN, "--output-dir", str(out), "--quiet"]) == 0
    finally:
        os.umask(old)
    executed = tmp_path_factory.mktemp("executed") / "report.ipynb"
    shutil.copy(out / RUN / "report.ipynb", executed)
    return out, executed


@pytest.fixture
def fake_execute(previous):
    """Replace the kernel run by a copy of the executed notebook (the fault comes after execution)."""
    _, executed = previous

    def execute(notebook, output, parameters, **kwargs):
        shutil.copy(executed, output)

    with mock.patch.object(runner, "execute", execute):
        yield


@pytest.mark.slow
def test_every_report_file_and_the_index_are_0644_under_umask_022(previous):
    # mkstemp makes 0600 files: manifest.json, data/*.csv and index.html were unreadable to a web
    # server while report.html was 0644 (issue 21). 0644 = 0666 minus the umask 022.
    out, _ = previous
    folder = out / RUN
    files = [p for p in folder.rglob("*") if p.is_file()] + [out / "index.html"]
    names = {str(p.relative_to(out)) for p in files}
    assert {f"{RUN}/manifest.json", f"{RUN}/report.html", f"{RUN}/report.xlsx", "index.html"} <= names
    assert any(name.startswith(f"{RUN}/data/") for name in names)
    modes = {str(p.relative_to(out)): oct(stat.S_IMODE(p.stat().st_mode)) for p in files}
    assert set(modes.values()) == {"0o644"}, modes


@pytest.mark.slow
@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("execute", OSError(errno.ENOSPC, "No space left on device")),  # papermill cannot write the notebook
        ("write_manifest", OSError(errno.ENOSPC, "No space left on device")),  # the last file of the report
        ("write_atomic", OSError(errno.EROFS, "Read-only file system")),  # the first file after execution
        ("write_atomic", PermissionError(errno.EACCES, "Permission denied")),
    ],
    ids=["full-disk-in-papermill", "full-disk-in-manifest", "read-only-folder", "no-permission"],
)
def test_disk_faults_give_one_line_exit_2_and_keep_the_previous_report(previous, fake_execute, where, error, capsys):
    out, _ = previous
    before = snapshot(out)
    with mock.patch.object(runner, where, side_effect=error):
        status = main(["run", RUN, "--output-dir", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    [line] = err.splitlines()
    assert line.startswith(f"deficit-report: error: parameter '--output-dir': cannot write the report into '{out}': ")
    assert line.endswith("; the previous report is unchanged")
    assert error.strerror in line
    assert status == 2
    assert snapshot(out) == before
    assert not [p.name for p in out.iterdir() if ".partial-" in p.name]


@pytest.mark.slow
def test_rerun_swaps_in_a_new_folder_and_leaves_one_run_folder(previous, fake_execute):
    out, _ = previous
    assert main(["run", RUN, "--output-dir", str(out), "--quiet"]) == 0
    assert main(["run", RUN, "--output-dir", str(out), "--quiet"]) == 0
    runs = sorted(p.name for p in out.iterdir() if p.name.startswith(f".{RUN}.run-"))
    assert runs == [os.readlink(out / RUN)]  # the report is a link to the one run folder kept


def test_killed_index_write_leaves_a_temporary_file_that_the_next_write_sweeps(tmp_path):
    real_replace = os.replace

    def killed(src, dst):
        raise KeyboardInterrupt  # kill -9 between writing the temporary file and renaming it

    with mock.patch("os.replace", killed), mock.patch("os.unlink"), pytest.raises(KeyboardInterrupt):
        write_index(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert os.replace is real_replace
    write_index(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


@pytest.mark.slow
def test_a_data_file_changed_during_the_run_fails_it_in_one_line(previous, tmp_path, capsys):
    # Before: the report was computed from the new file while the manifest kept the old sha256, and
    # --changed-only then skipped it for good. Now the run fails and the previous report stays.
    out, executed = previous
    data = tmp_path / "us-japan-framework"
    shutil.copytree(PROJECT_ROOT / "data" / "raw" / "us-japan-framework", data)
    params = tmp_path / "params"
    params.mkdir()
    (params / f"{RUN}.yaml").write_text(
        f'partner: JPN\nfocus_year: 1994\ncompare_year: 1992\nas_of: "1994-06-06"\ndata_dir: {data}\n', encoding="utf-8"
    )
    before = snapshot(out)

    def execute(notebook, output, parameters, **kwargs):  # a colleague saves the file mid-run
        shutil.copy(executed, output)
        path = data / "figures.csv"
        path.write_text(path.read_text(encoding="utf-8").replace("-65700", "-65000", 1), encoding="utf-8")

    with mock.patch.object(runner, "execute", execute):
        status = main(["run", RUN, "--output-dir", str(out), "--params-dir", str(params), "--quiet"])
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"deficit-report: error: {data}/figures.csv: changed while the report ran (sha256 ")
    assert status == 2
    assert snapshot(out) == before


def test_papermills_log_lines_go_to_the_report_folder_not_to_stderr(tmp_path, capsys):
    # nbclient logs "Timeout waiting for execute reply (20s)." through papermill's logger; it was a stray
    # line on stderr between a batch's progress bar and its summary (the timeout is the run's error anyway).
    def papermill_logging_a_timeout(*args, **kwargs):
        logging.getLogger("papermill").error("Timeout waiting for execute reply (20s).")

    with mock.patch("papermill.execute_notebook", papermill_logging_a_timeout):
        runner.execute(
            Path("nb.ipynb"), tmp_path / "report.ipynb", {}, execution_timeout=20, start_timeout=60, progress=False
        )
    assert capsys.readouterr().err == ""
    assert (tmp_path / "execution.log").read_text() == "ERROR papermill: Timeout waiting for execute reply (20s).\n"


def test_tariff_rows_for_another_partner_are_counted_in_a_warning(tmp_path, capsys):
    # Before: rows of tariffs.csv for another partner were dropped without a word.
    data = tmp_path / "us-china-tradewar"
    shutil.copytree(PROJECT_ROOT / "data" / "raw" / "us-china-tradewar", data, ignore=shutil.ignore_patterns("tracker"))
    path = data / "tariffs.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    copies = [line.replace("CHN,", "JPN,", 1) for line in lines[1:4]]  # three rows, for Japan
    path.write_text("".join(lines + copies), encoding="utf-8")
    params = tmp_path / "params"
    params.mkdir()
    (params / "china.yaml").write_text(
        f'partner: CHN\nfocus_year: 2019\ncompare_year: 2017\nas_of: "2019-12-31"\ndata_dir: {data}\n', encoding="utf-8"
    )
    assert main(["validate", "china", "--params-dir", str(params)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"china: warning: {data}/tariffs.csv: 3 rows for JPN left out (the report is on CHN)" in out
