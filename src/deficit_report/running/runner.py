"""Run one report: check, execute with papermill, render HTML, record, swap in atomically.

The report folder ``<output_dir>/<name>/`` holds ``report.ipynb`` (executed),
``report.html`` (offline, no input cells) and ``manifest.json``. It is always
either the previous complete report or the new complete one: everything is
written to a hidden partial folder first and renamed into place. A run that
fails while executing leaves the previous report untouched and keeps the failed
attempt (executed notebook with papermill's error cell, its HTML page showing
the error, manifest marked ``failed``) in ``<output_dir>/<name>.failed/``.
"""

from __future__ import annotations

import logging
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import nbformat

from deficit_report.errors import UserInputError
from deficit_report.rendering.html import notebook_to_html, stabilise_notebook
from deficit_report.running.manifest import build_manifest, write_manifest
from deficit_report.paths import NOTEBOOKS_DIR, PARAMS_DIR, REPORT_NOTEBOOK, REPORTS_DIR
from deficit_report.analysis.report import open_report
from deficit_report.running.runs import check_run_name, load_run

OUTPUT_FILES = ("report.ipynb", "report.html", "manifest.json")


@dataclass(frozen=True)
class RunResult:
    """What one run produced."""

    name: str
    status: str  # "ok" or "failed"
    folder: Path
    seconds: float
    error: str | None = None


class ReportFailed(RuntimeError):
    """The notebook raised while executing; the failed attempt is kept for reading."""

    def __init__(self, result: RunResult) -> None:
        self.result = result
        super().__init__(f"report {result.name!r} failed: {result.error} (executed notebook kept in {result.folder})")


def prepare(parameters: dict) -> tuple[dict, dict[str, str]]:
    """Check parameters and data before any kernel starts.

    Returns the checked parameters (plain values) and the input files with their sha256.
    """
    report = open_report(**parameters)
    return report.params.as_dict(), report.dataset.files


def check_notebook(notebook: Path) -> None:
    """Raise unless ``notebook`` is a readable notebook with a cell tagged ``parameters``.

    papermill only warns when that cell is missing and then runs the notebook
    with its own defaults, so the report would silently ignore the parameters.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "plain.ipynb"
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells.append(nbformat.v4.new_code_cell("partner = 'JPN'"))
    >>> nbformat.write(nb, path)
    >>> check_notebook(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: .../plain.ipynb: no cell tagged 'parameters'; expected one ...
    """
    notebook = Path(notebook)
    if not notebook.is_file():
        raise UserInputError("notebook not found", file=notebook)
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception as exc:  # nbformat raises JSON, validation and Unicode errors alike
        raise UserInputError(f"cannot read as a notebook: {' '.join(str(exc).split())[:200]}",
                             file=notebook) from None
    tagged = [cell for cell in nb.cells if "parameters" in cell.get("metadata", {}).get("tags", [])]
    if not tagged:
        raise UserInputError("no cell tagged 'parameters'; expected one code cell with that tag holding the "
                             "defaults (papermill would run the notebook ignoring the report's parameters)",
                             file=notebook)


def recover(output_dir: Path, name: str) -> None:
    """Finish or undo a swap that was interrupted (for example by kill -9)."""
    final, backup = output_dir / name, output_dir / f".{name}.previous"
    if backup.exists():
        if final.exists():
            shutil.rmtree(backup)
        else:
            backup.rename(final)
    for partial in output_dir.glob(f".{name}.partial-*"):
        shutil.rmtree(partial, ignore_errors=True)


def swap_in(partial: Path, final: Path) -> None:
    """Replace ``final`` by ``partial`` with two renames; :func:`recover` handles a crash between them."""
    backup = final.parent / f".{final.name}.previous"
    if final.exists():
        final.rename(backup)
    partial.rename(final)
    if backup.exists():
        shutil.rmtree(backup)


def execute(notebook: Path, output: Path, parameters: dict, *, execution_timeout: int | None,
            start_timeout: int, progress: bool) -> None:
    """Execute a notebook with papermill into ``output``."""
    import papermill

    logging.getLogger("papermill").setLevel(logging.WARNING)
    # record_timing=False: nbclient would stamp every cell with wall-clock times;
    # papermill's own timing metadata is the only run-to-run difference left.
    # The kernel's own log (a warning about local TCP on every start) would clutter a batch's
    # progress bar; errors in cells still reach the notebook and papermill's exception.
    papermill.execute_notebook(str(notebook), str(output), parameters=parameters, cwd=str(NOTEBOOKS_DIR),
                               kernel_name="python3", progress_bar=progress, log_output=False,
                               execution_timeout=execution_timeout, start_timeout=start_timeout,
                               record_timing=False, extra_arguments=["--IPKernelApp.log_level=CRITICAL"])


def run_report(name: str, parameters: dict | None = None, *, output_dir: Path = REPORTS_DIR,
               params_dir: Path = PARAMS_DIR, notebook: Path = REPORT_NOTEBOOK, execution_timeout: int | None = 600, start_timeout: int = 60,
               progress: bool = False) -> RunResult:
    """Run one report into ``output_dir/name`` and return what it produced.

    Parameters
    ----------
    name : str
        The run's name; with ``parameters=None`` also the named run to read
        from ``<params_dir>/<name>.yaml``.
    parameters : dict, optional
        Report parameters; checked before any kernel starts.
    output_dir : Path
        Folder that receives the report folder ``name/``.
    params_dir : Path
        Folder of named runs (default ``notebooks/params/``).
    notebook : Path
        The parameterised notebook to execute.
    execution_timeout, start_timeout : int
        Seconds allowed per cell and for the kernel to start.
    progress : bool
        Show papermill's progress bar over cells.

    Raises
    ------
    UserInputError
        Bad parameters or data; nothing is written.
    ReportFailed
        The notebook raised; the previous report is untouched.

    Examples
    --------
    >>> import tempfile
    >>> result = run_report("us-japan-framework-1994", output_dir=Path(tempfile.mkdtemp()))  # doctest: +SKIP
    >>> sorted(p.name for p in result.folder.iterdir())  # doctest: +SKIP
    ['manifest.json', 'report.html', 'report.ipynb']
    """
    started = time.perf_counter()
    check_run_name(name)
    raw = load_run(name, params_dir) if parameters is None else parameters
    checked, inputs = prepare(raw)
    notebook = Path(notebook)
    check_notebook(notebook)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    recover(output_dir, name)
    partial = output_dir / f".{name}.partial-{uuid.uuid4().hex[:8]}"
    partial.mkdir()
    timings = {"checks": time.perf_counter() - started}
    outputs = {f: partial / f for f in OUTPUT_FILES}
    error = None
    try:
        t0 = time.perf_counter()
        try:
            execute(notebook, outputs["report.ipynb"], checked, execution_timeout=execution_timeout,
                    start_timeout=start_timeout, progress=progress)
        except Exception as exc:  # papermill's PapermillExecutionError, a timeout, a dead kernel
            error = " ".join(str(getattr(exc, "evalue", "") or exc).split())[:500] or type(exc).__name__
        timings["execute"] = time.perf_counter() - t0
        final = output_dir / (name if error is None else f"{name}.failed")
        if outputs["report.ipynb"].exists():
            nb = stabilise_notebook(nbformat.read(outputs["report.ipynb"], as_version=4),
                                    output_path=str(final / "report.ipynb"))
            nbformat.write(nb, outputs["report.ipynb"])
        if outputs["report.ipynb"].exists():  # a failed run's page shows papermill's error cell too
            t0 = time.perf_counter()
            outputs["report.html"].write_text(notebook_to_html(nb), encoding="utf-8")
            timings["html"] = time.perf_counter() - t0
        status = "ok" if error is None else "failed"
        timings["total"] = time.perf_counter() - started
        write_manifest(build_manifest(run=name, parameters=checked, inputs=inputs, notebook=notebook,
                                      status=status, timings=timings, outputs=outputs, error=error),
                       outputs["manifest.json"])
        if error is None and (output_dir / f"{name}.failed").exists():
            shutil.rmtree(output_dir / f"{name}.failed")
        swap_in(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    result = RunResult(name=name, status=status, folder=final, seconds=time.perf_counter() - started, error=error)
    if error is not None:
        raise ReportFailed(result)
    return result

