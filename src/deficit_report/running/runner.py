"""Run one report: check, execute with papermill, render HTML, record, swap in atomically.

The report folder ``<output_dir>/<name>/`` holds ``report.ipynb`` (executed),
``report.html`` (offline, no input cells), ``manifest.json``, the data behind every
table and chart (``data/*.csv``, ``report.xlsx``) and, with ``pdf``, ``report.pdf``. It is always
either the previous complete report or the new complete one: everything is
written to a hidden partial folder first and renamed into place. A run that
fails while executing leaves the previous report untouched and keeps the failed
attempt (executed notebook with papermill's error cell, its HTML page showing
the error, manifest marked ``failed``) in ``<output_dir>/<name>.failed/``.

Two runs of the same report (cron and a manual run) take turns: a run holds
the lock ``<output_dir>/.<name>.lock`` from before it tidies up leftovers of
killed runs until its report is in place. The lock is the operating system's
(flock), so a killed run releases it with its process.
"""

from __future__ import annotations

import errno
import logging
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import nbformat

from deficit_report.analysis.headline import sector_years_note
from deficit_report.analysis.parameters import check_and_load
from deficit_report.dataset.files import write_atomic
from deficit_report.dataset.load import rows_for_other_partners
from deficit_report.dataset.registry import check_folder
from deficit_report.errors import UserInputError
from deficit_report.paths import NOTEBOOKS_DIR, PARAMS_DIR, PDF_FILE, REPORT_NOTEBOOK, REPORTS_DIR, WORKBOOK_FILE
from deficit_report.paths import resolve as resolve_path
from deficit_report.rendering.html import notebook_to_html, stabilise_notebook
from deficit_report.running.conventions import (
    EXECUTION_LOG_FILE,
    EXECUTION_TIMEOUT,
    FAILED_SUFFIX,
    MANIFEST_FILE,
    REPORT_FILES,
    REPORT_HTML_FILE,
    REPORT_NOTEBOOK_FILE,
    START_TIMEOUT,
    ExitStatus,
)
from deficit_report.running.exports import write_exports
from deficit_report.running.failure import RunError, run_error
from deficit_report.running.folders import (
    ReportLocked,
    check_output_dir,
    claim_output_dir,
    partial_folder,
    recover,
    remove_report,
    report_lock,
    swap_in,
)
from deficit_report.running.manifest import build_manifest, write_index, write_manifest
from deficit_report.running.pdf import check_paper, print_pdf
from deficit_report.running.runs import check_run_name, load_run


@dataclass(frozen=True)
class RunResult:
    """What one run produced.

    A failed run says what went wrong: ``error`` is one line such as
    ``"RuntimeError in cell 4: ..."``; ``error_name``, ``error_cell`` (0-based,
    papermill's injected-parameters cell included), ``error_execution_count`` and
    ``error_message`` are its parts. A timeout or a dead kernel has no cell.
    """

    name: str
    status: str  # "ok" or "failed"
    folder: Path
    seconds: float
    error: str | None = None
    error_name: str | None = None
    error_cell: int | None = None
    error_execution_count: int | None = None
    error_message: str | None = None
    #: Files of the previous report this run did not make again, e.g. ``("report.pdf",)``
    #: (a run without ``pdf`` replacing a report printed with it): gone with the old folder.
    removed: tuple[str, ...] = ()

    @classmethod
    def of(cls, name: str, folder: Path, seconds: float, failure: RunError | None = None) -> RunResult:
        """Return the result of a run that succeeded (``failure`` None) or failed.

        Examples
        --------
        >>> r = RunResult.of("x", Path("out/x.failed"), 2.0, RunError("RuntimeError", "boom", 4, 4))
        >>> r.status, r.error, r.error_cell
        ('failed', 'RuntimeError in cell 4: boom', 4)
        """
        if failure is None:
            return cls(name, "ok", folder, seconds)
        return cls(
            name,
            "failed",
            folder,
            seconds,
            error=failure.text,
            error_name=failure.name,
            error_cell=failure.cell_index,
            error_execution_count=failure.execution_count,
            error_message=failure.message,
        )


class ReportFailed(RuntimeError):
    """The notebook raised while executing; the failed attempt is kept for reading."""

    def __init__(self, result: RunResult) -> None:
        self.result = result
        super().__init__(f"report {result.name!r} failed: {result.error} (executed notebook kept in {result.folder})")


def prepare(parameters: dict) -> tuple[dict, dict[str, str]]:
    """Check parameters and data before any kernel starts (:func:`~deficit_report.analysis.parameters.check_and_load`).

    Returns the checked parameters (plain values) and the input files with their sha256.
    """
    checked, inputs, _ = prepare_run(parameters)
    return checked, inputs


def prepare_run(parameters: dict) -> tuple[dict, dict[str, str], list[str]]:
    """Return :func:`prepare`'s checked parameters and input files, and one warning per table with rows left out."""
    params, dataset = check_and_load(parameters)
    return params.as_dict(), dataset.files, left_out_lines(params.partner, params.data_dir, dataset)


def left_out_lines(partner: str, data_dir: str, dataset) -> list[str]:
    """Return one line per table whose rows for other partners the report leaves out, with their count.

    Examples
    --------
    >>> import pandas as pd
    >>> from deficit_report.dataset.load import Dataset
    >>> ds = Dataset(*(pd.DataFrame({"partner": ["CHN"]}) for _ in range(5)),
    ...              tariffs=pd.DataFrame({"partner": ["CHN", "JPN", "JPN"]}))
    >>> left_out_lines("CHN", "data/raw/x", ds)
    ['data/raw/x/tariffs.csv: 2 rows for JPN left out (the report is on CHN)']
    """
    return [
        f"{data_dir}/{name}: {count} row{'s' if count > 1 else ''} for {', '.join(others)} left out "
        f"(the report is on {partner})"
        for name, (count, others) in rows_for_other_partners(dataset, partner).items()
    ]


def notebook_text(nb: nbformat.NotebookNode) -> str:
    r"""Return a notebook as the text ``nbformat.write`` gives (ending in a newline), for :func:`write_atomic`.

    Examples
    --------
    >>> notebook_text(nbformat.v4.new_notebook()).endswith("}\n")
    True
    """
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def check_inputs_unchanged(data_dir: str, inputs: dict[str, str]) -> None:
    """Raise if an input file's bytes are not those checked before the run (it changed while the report ran).

    ``inputs`` maps each file (relative to the dataset folder's parent) to the sha256 recorded
    when it was checked; the manifest records those, so a report computed from other bytes is
    never written under them (and ``--changed-only`` would then skip it).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "ds"; folder.mkdir(); _ = (folder / "f.csv").write_text("a")
    >>> check_inputs_unchanged(str(folder), {"ds/f.csv": "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"})
    >>> check_inputs_unchanged(str(folder), {"ds/f.csv": "0" * 64})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: .../ds/f.csv: changed while the report ran (sha256 000000000000... when checked, ca978112ca1b... now); the report was not written: run it again once the file is final
    """
    from deficit_report.dataset.files import sha256_of

    parent = resolve_path(data_dir).parent
    for name, digest in sorted(inputs.items()):
        path = parent / name
        now = sha256_of(path) if path.is_file() else "absent"
        if now != digest:
            raise UserInputError(
                f"changed while the report ran (sha256 {digest[:12]}... when checked, {now[:12]}... now); "
                "the report was not written: run it again once the file is final",
                file=path,
            )


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
        raise UserInputError(f"cannot read as a notebook: {' '.join(str(exc).split())[:200]}", file=notebook) from None
    tagged = [cell for cell in nb.cells if "parameters" in cell.get("metadata", {}).get("tags", [])]
    if not tagged:
        raise UserInputError(
            "no cell tagged 'parameters'; expected one code cell with that tag holding the "
            "defaults (papermill would run the notebook ignoring the report's parameters)",
            file=notebook,
        )


def execute(
    notebook: Path, output: Path, parameters: dict, *, execution_timeout: int | None, start_timeout: int, progress: bool
) -> None:
    """Execute a notebook with papermill into ``output``; papermill's and nbclient's log lines go to execution.log."""
    log = logging.getLogger("papermill")  # nbclient logs through it too ("Timeout waiting for execute reply")
    log.setLevel(logging.WARNING)
    # Its warnings and errors go to the report folder's execution.log (created only when one comes), not to
    # stderr between a batch's progress bar and its summary; the run's error itself is in the manifest.
    handler = logging.FileHandler(Path(output).parent / EXECUTION_LOG_FILE, delay=True, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    propagate, log.propagate = log.propagate, False
    try:
        _execute(notebook, output, parameters, execution_timeout, start_timeout, progress)
    finally:
        log.removeHandler(handler)
        handler.close()
        log.propagate = propagate


def _execute(notebook, output, parameters, execution_timeout, start_timeout, progress) -> None:
    """Call papermill with the report's engine, kernel, folder and timeouts (see :func:`execute`)."""
    import papermill

    from deficit_report.running.engine import ENGINE_NAME  # registers the engine with papermill

    # record_timing=False: nbclient would stamp every cell with wall-clock times;
    # papermill's own timing metadata is the only run-to-run difference left.
    # The kernel's own log (a warning about local TCP on every start) would clutter a batch's
    # progress bar; errors in cells still reach the notebook and papermill's exception.
    # The engine writes the notebook once, not twice per cell (running/engine.py).
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        engine_name=ENGINE_NAME,
        cwd=str(NOTEBOOKS_DIR),
        kernel_name="python3",
        progress_bar=progress,
        log_output=False,
        execution_timeout=execution_timeout,
        start_timeout=start_timeout,
        record_timing=False,
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )


#: Errors of the disk, not of the report: said in one line (exit status 2), the previous report kept.
DISK_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EEXIST)


@contextmanager
def disk_errors_as_input_errors(output_dir: Path) -> Iterator[None]:
    """Turn a full disk, a read-only folder or a path that is a file into one line naming the folder.

    Examples
    --------
    >>> with disk_errors_as_input_errors(Path("out")):
    ...     raise OSError(errno.ENOSPC, "No space left on device")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter '--output-dir': cannot write the report into 'out': No space left on device (errno ENOSPC); the previous report is unchanged
    """
    try:
        yield
    except OSError as exc:
        if exc.errno not in DISK_ERRNOS:
            raise
        raise UserInputError(
            f"cannot write the report into {str(output_dir)!r}: {exc.strerror or exc} "
            f"(errno {errno.errorcode.get(exc.errno, exc.errno)}); the previous report is unchanged",
            column="--output-dir",
        ) from None


@contextmanager
def timed(timings: dict[str, float], step: str) -> Iterator[None]:
    """Record in ``timings[step]`` the seconds the block took, also when it raises.

    Examples
    --------
    >>> timings = {}
    >>> with timed(timings, "html"):
    ...     pass
    >>> list(timings), timings["html"] >= 0
    (['html'], True)
    """
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[step] = time.perf_counter() - start


def run_report(
    name: str,
    parameters: dict | None = None,
    *,
    output_dir: Path = REPORTS_DIR,
    params_dir: Path = PARAMS_DIR,
    notebook: Path = REPORT_NOTEBOOK,
    execution_timeout: int | None = EXECUTION_TIMEOUT,
    start_timeout: int = START_TIMEOUT,
    progress: bool = False,
    lock_timeout: float | None = None,
    pdf: str | None = None,
) -> RunResult:
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
    lock_timeout : float, optional
        Seconds to wait while another run of the same report holds its lock
        (``<output_dir>/.<name>.lock``); None waits until that run ends, 0 not at all.
    pdf : {"A4", "Letter"}, optional
        Also print the page to ``report.pdf`` on this paper (headless Chromium); without
        Chromium the report is written and one line on stderr says why there is no PDF.

    Raises
    ------
    UserInputError
        Bad parameters or data; nothing is written.
    ReportLocked
        Another run of the same report held the lock past ``lock_timeout``; nothing is written.
    ReportFailed
        The notebook raised (or timed out, or its kernel died); the previous
        report is untouched. Its ``result`` names the error and the cell.

    Examples
    --------
    >>> import tempfile
    >>> result = run_report("us-japan-framework-1994", output_dir=Path(tempfile.mkdtemp()))  # doctest: +SKIP
    >>> sorted(p.name for p in result.folder.iterdir())  # doctest: +SKIP
    ['manifest.json', 'report.html', 'report.ipynb']
    """
    started = time.perf_counter()
    check_run_name(name)
    output_dir = check_output_dir(Path(output_dir))
    if lock_timeout is not None and lock_timeout < 0:
        raise UserInputError(
            f"expected 0 or more seconds (or None to wait until the other run ends), got {lock_timeout}",
            column="lock_timeout",
        )
    if pdf is not None:
        pdf = check_paper(pdf)
    raw = load_run(name, params_dir) if parameters is None else parameters
    checked, inputs, left_out = prepare_run(raw)
    for line in left_out:
        print(f"deficit-report: {name}: warning: {line}", file=sys.stderr)
    notebook = Path(notebook)
    check_notebook(notebook)
    checks = time.perf_counter() - started
    with disk_errors_as_input_errors(output_dir):
        output_dir.mkdir(parents=True, exist_ok=True)
        with report_lock(output_dir, name, lock_timeout):
            claim_output_dir(output_dir)
            recover(output_dir, name)
            had_pdf = (output_dir / name / PDF_FILE).exists()
            final, error = write_report(
                name,
                checked,
                inputs,
                notebook,
                output_dir,
                checks,
                started,
                execution_timeout=execution_timeout,
                start_timeout=start_timeout,
                progress=progress,
                pdf=pdf,
            )
    result = RunResult.of(name, final, time.perf_counter() - started, error)
    if error is None and had_pdf and not (final / PDF_FILE).exists():
        result = replace(result, removed=(PDF_FILE,))
    if error is not None:
        raise ReportFailed(result)
    return result


def write_report(
    name: str,
    checked: dict,
    inputs: dict[str, str],
    notebook: Path,
    output_dir: Path,
    checks: float,
    started: float,
    *,
    execution_timeout: int | None,
    start_timeout: int,
    progress: bool,
    pdf: str | None = None,
) -> tuple[Path, RunError | None]:
    """Execute, render and record a report in a partial folder, then swap it into place (lock held).

    Returns the folder it went to (``name/``, or ``name.failed/`` for a failed
    run) and the error, if the notebook failed. ``checks`` is the seconds the checks before
    it took and ``started`` when the run began: the manifest records each step's time.
    """
    timings = {"checks": checks}
    partial = partial_folder(output_dir, name)
    partial.mkdir()
    outputs = {f: partial / f for f in REPORT_FILES}
    error, summary = None, None
    try:
        with timed(timings, "execute"):
            try:
                execute(
                    notebook,
                    outputs[REPORT_NOTEBOOK_FILE],
                    checked,
                    execution_timeout=execution_timeout,
                    start_timeout=start_timeout,
                    progress=progress,
                )
            except OSError as exc:
                if exc.errno in DISK_ERRNOS:  # the disk refused papermill's output: not the notebook's fault
                    raise
                error = run_error(exc)
            except Exception as exc:  # papermill's PapermillExecutionError, a timeout, a dead kernel
                error = run_error(exc)
        check_inputs_unchanged(checked["data_dir"], inputs)
        final = output_dir / (name if error is None else f"{name}{FAILED_SUFFIX}")
        if outputs[REPORT_NOTEBOOK_FILE].exists():
            nb = stabilise_notebook(
                nbformat.read(outputs[REPORT_NOTEBOOK_FILE], as_version=4),
                output_path=str(final / REPORT_NOTEBOOK_FILE),
            )
            write_atomic(outputs[REPORT_NOTEBOOK_FILE], notebook_text(nb))
        if error is None:  # the data behind every table and chart: data/*.csv and report.xlsx
            with timed(timings, "data"):
                written, summary = write_exports(partial, nb, checked)
                outputs.update(written)
        if outputs[REPORT_NOTEBOOK_FILE].exists():  # a failed run's page shows papermill's error cell too
            with timed(timings, "html"):
                write_atomic(outputs[REPORT_HTML_FILE], notebook_to_html(nb))
        if error is None and pdf is not None:
            with timed(timings, "pdf"):
                why_not = print_pdf(
                    outputs[REPORT_HTML_FILE], partial / PDF_FILE, title=checked.get("title", name),
                    as_of=checked.get("as_of", ""), paper=pdf,
                )  # fmt: skip
            if why_not:
                print(f"deficit-report: {name}: {why_not}", file=sys.stderr)
            else:
                outputs[PDF_FILE] = partial / PDF_FILE
        status = "ok" if error is None else "failed"
        timings["total"] = time.perf_counter() - started
        write_manifest(
            build_manifest(
                run=name,
                parameters=checked,
                inputs=inputs,
                notebook=notebook,
                status=status,
                timings=timings,
                outputs=outputs,
                error=error,
                summary=summary,
            ),
            outputs[MANIFEST_FILE],
        )
        if error is None:
            remove_report(output_dir / f"{name}{FAILED_SUFFIX}")
        swap_in(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final, error


def run_named_report(
    name: str,
    *,
    output_dir: Path = REPORTS_DIR,
    params_dir: Path = PARAMS_DIR,
    progress: bool = True,
    lock_timeout: float | None = None,
    pdf: str | None = None,
) -> ExitStatus:
    """Run a named run as ``deficit-report run`` does: report, index page, one line per outcome.

    Returns :attr:`ExitStatus.OK`, :attr:`ExitStatus.REPORT_FAILED` when the
    notebook raised (the failed attempt is kept and listed in the index), or
    :attr:`ExitStatus.LOCKED` when another run of the same report held its lock
    past ``lock_timeout`` seconds (nothing written).
    Bad input raises :class:`UserInputError` before anything is written.
    """
    try:
        result = run_report(
            name,
            output_dir=output_dir,
            params_dir=params_dir,
            progress=progress,
            lock_timeout=lock_timeout,
            pdf=pdf,
        )
    except ReportLocked as exc:
        print(f"deficit-report: error: {exc}", file=sys.stderr)
        return ExitStatus.LOCKED
    except ReportFailed as exc:
        write_index(output_dir)
        print(f"deficit-report: {exc}", file=sys.stderr)
        return ExitStatus.REPORT_FAILED
    write_index(output_dir)
    print(f"Report written to {result.folder}/")
    for file in (*REPORT_FILES, WORKBOOK_FILE, PDF_FILE):
        if (result.folder / file).exists():
            print(f"  {result.folder / file}")
    if result.removed:
        print(removed_line([result.name], result.removed))
    return ExitStatus.OK


def removed_line(names: list[str], files: tuple[str, ...] = (PDF_FILE,), by: str = "run") -> str:
    """Say in one line which files of the previous reports a run or batch did not make again, and so removed.

    A report folder holds what its last run made: a PDF printed from the
    previous page would sit beside a page whose numbers may differ, so it goes
    with the old folder. Reports are named in the order given; ``by`` is ``run`` or ``batch``.

    Examples
    --------
    >>> removed_line(["us-japan-framework-1994"])
    'removed report.pdf of the previous us-japan-framework-1994 report: this run printed no PDF (add --pdf to print one)'
    >>> removed_line(["a", "b", "c"], by="batch")
    'removed report.pdf of the previous a, b and c reports: this batch printed no PDF (add --pdf to print one)'
    """
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return (
        f"removed {' and '.join(files)} of the previous {listed} report{'s' if len(names) > 1 else ''}: "
        f"this {by} printed no PDF (add --pdf to print one)"
    )


def validate_named_runs(names: list[str], params_dir: Path = PARAMS_DIR) -> list[str]:
    """Check named runs' parameters and data without running them; return one line per run.

    Examples
    --------
    >>> validate_named_runs(["us-japan-framework-1994"])
    ['us-japan-framework-1994: parameters and 7 input files are valid']
    """
    lines = []
    for name in names:
        params, dataset = check_and_load(load_run(name, params_dir))
        warnings = check_folder(resolve_path(params.data_dir))
        warnings += left_out_lines(params.partner, params.data_dir, dataset)
        lines.append(f"{name}: parameters and {len(dataset.files)} input files are valid")
        note = sector_years_note(
            dataset.figures, params.partner, params.measure, params.focus_year, params.compare_year
        )
        lines += [f"{name}: warning: {w}" for w in warnings + ([note] if note else [])]
    return lines
