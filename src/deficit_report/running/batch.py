"""Run many reports from a schedule file: checked first, then in parallel, each on its own.

:func:`run_schedule` (``deficit-report batch schedule.yaml``) reads the schedule (:mod:`schedule`),
checks every run's parameters and data before any kernel starts (all problems
in one pass, exit status 2), optionally skips reports whose inputs, parameters
and code are unchanged (``--changed-only``), runs the rest in a process pool
(or on a Dask cluster, ``--dask`` or ``--scheduler``: :mod:`~deficit_report.running.cluster`)
with :func:`run_one` (:func:`~deficit_report.running.runner.run_report`) in each worker,
rebuilds ``index.html`` and prints a summary table. One failing report does not stop the others; the
batch then exits with status 1.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from deficit_report.errors import UserInputError
from deficit_report.paths import PDF_FILE, REPORTS_DIR
from deficit_report.running.conventions import (
    EXECUTION_TIMEOUT,
    FAILED_SUFFIX,
    MANIFEST_FILE,
    START_TIMEOUT,
    ExitStatus,
    default_workers,
)


@dataclass(frozen=True)
class CheckedRun:
    """A planned run whose parameters and data passed every check."""

    name: str
    parameters: dict
    inputs: dict[str, str]
    notebook: Path


@dataclass(frozen=True)
class Outcome:
    """What became of one run of a batch: ``ok``, ``failed`` or ``skipped``."""

    name: str
    status: str
    seconds: float = 0.0
    folder: Path | None = None
    #: One line, e.g. ``"RuntimeError in cell 4: ..."``; for a skipped run, why.
    error: str | None = None
    #: The error's name and the notebook cell it came from (None for a timeout or a dead kernel).
    error_name: str | None = None
    error_cell: int | None = None
    #: Files of the previous report the run did not make again (``report.pdf`` without ``--pdf``).
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunOptions:
    """Settings every run of a batch shares."""

    output_dir: Path = REPORTS_DIR
    execution_timeout: int | None = EXECUTION_TIMEOUT
    start_timeout: int = START_TIMEOUT
    workers: int = field(default_factory=default_workers)
    #: Paper for report.pdf ("A4" or "Letter"), or None for no PDF.
    pdf: str | None = None


def check_runs(planned, errors=()) -> list[CheckedRun]:
    """Check every planned run (parameters, data) and raise all problems at once.

    Raises
    ------
    ManyUserInputErrors
        One entry per bad run, including ``errors`` found while reading the schedule.
    """
    from deficit_report.running.runner import prepare
    from deficit_report.running.schedule import ManyUserInputErrors

    checked, problems = [], list(errors)
    for run in planned:
        try:
            parameters, inputs = prepare(run.parameters)
        except UserInputError as exc:
            where = run.origin + (f", schedule line {run.line}" if run.line else "")
            problems.append(UserInputError(f"run {run.name!r} ({where}): {exc.one_line()}"))
            continue
        checked.append(CheckedRun(run.name, parameters, inputs, run.notebook))
    if problems:
        raise ManyUserInputErrors(problems)
    return checked


def split_changed(
    runs: list[CheckedRun], output_dir: Path, pdf: str | None = None
) -> tuple[list[CheckedRun], list[Outcome]]:
    """Split runs into those to run and those whose report is current (same inputs, parameters, code).

    With ``pdf`` a report without ``report.pdf`` is not current either: the batch asked for one.
    """
    from deficit_report.dataset.files import sha256_of
    from deficit_report.running.manifest import changes_since, code_fingerprint, read_manifest

    fingerprint = code_fingerprint()
    todo, skipped = [], []
    for run in runs:
        folder = Path(output_dir) / run.name
        changes = changes_since(
            read_manifest(folder / MANIFEST_FILE),
            parameters=run.parameters,
            inputs=run.inputs,
            notebook_sha256=sha256_of(run.notebook),
            fingerprint=fingerprint,
        )
        no_pdf = pdf is not None and not (folder / PDF_FILE).exists()
        if changes or no_pdf or (Path(output_dir) / f"{run.name}{FAILED_SUFFIX}").exists():
            todo.append(run)
        else:
            skipped.append(Outcome(run.name, "skipped", folder=folder, error="unchanged"))
    return todo, skipped


def run_one(run: CheckedRun, options: RunOptions) -> Outcome:
    """Run one report (in a worker process) and say how it went; never raises for a failed report."""
    from deficit_report.running.runner import ReportFailed, run_report

    started = time.perf_counter()
    try:
        result = run_report(
            run.name,
            run.parameters,
            output_dir=options.output_dir,
            notebook=run.notebook,
            execution_timeout=options.execution_timeout,
            start_timeout=options.start_timeout,
            pdf=options.pdf,
        )
    except ReportFailed as exc:
        r = exc.result
        return Outcome(r.name, "failed", r.seconds, r.folder, r.error, r.error_name, r.error_cell)
    except Exception as exc:  # the data changed since the check, a full disk: this run fails, not the batch
        return Outcome(
            run.name, "failed", time.perf_counter() - started, None, f"{type(exc).__name__}: {exc}", type(exc).__name__
        )
    return Outcome(result.name, "ok", result.seconds, result.folder, removed=result.removed)


#: Modules the fork server imports once, so each worker starts in milliseconds, not seconds.
PRELOAD = (
    "deficit_report.running.batch",
    "deficit_report.running.runner",
    "deficit_report.rendering.html",
    "papermill",
    "nbconvert",
)


def _worker_context():
    """Return a multiprocessing context whose workers start fresh but fast.

    ``forkserver`` forks each worker from a clean server process that has the
    heavy modules imported (``fork`` would copy this process with its threads;
    ``spawn`` would import pandas and papermill again for every report).
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():  # Windows, for one
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


@contextmanager
def process_pool(workers: int) -> Iterator:
    """Open the local process pool for the block: ``workers`` processes, a fresh one for each run.

    Yields an :class:`~deficit_report.running.cluster.OpenExecutor`, as
    :func:`~deficit_report.running.cluster.dask_executor` does, so both feed :func:`run_batch`.
    """
    from concurrent.futures import ProcessPoolExecutor

    from deficit_report.running.cluster import OpenExecutor

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(), max_tasks_per_child=1)
    try:
        yield OpenExecutor(pool, f"{workers} worker{'s' if workers > 1 else ''}")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def open_executor(cluster: str | None, workers: int):
    """Return the context manager of the executor a batch runs on.

    ``cluster`` None is the local process pool; :data:`~deficit_report.running.cluster.LOCAL_CLUSTER`
    a Dask cluster started on this machine; anything else a Dask scheduler's address.
    """
    if cluster is None:
        return process_pool(workers)
    from deficit_report.running.cluster import dask_executor

    return dask_executor(cluster, workers)


def run_batch(
    runs: list[CheckedRun], options: RunOptions, *, progress: bool = True, executor: Executor | None = None
) -> list[Outcome]:
    """Run checked runs on an executor; return their outcomes in the runs' order.

    Every executor gets the same callable, :func:`run_one`, once per run. Without
    ``executor`` a local process pool runs them: a fresh worker process per run
    (``max_tasks_per_child=1``), so no state leaks from one report into the next.
    A Dask cluster (:mod:`~deficit_report.running.cluster`) runs them in its worker
    processes. Either way each report starts its own kernel, and a run whose worker
    dies (killed, out of memory) is a failed run, not a failed batch.
    """
    if not runs:
        return []
    if executor is None:
        with process_pool(max(1, min(options.workers, len(runs)))) as pool:
            return run_batch(runs, options, progress=progress, executor=pool.executor)

    from concurrent.futures import as_completed

    from tqdm import tqdm

    outcomes: dict[str, Outcome] = {}
    futures = {}
    with tqdm(total=len(runs), desc="reports", unit="report", disable=not progress, file=sys.stderr) as bar:
        try:
            futures = {executor.submit(run_one, run, options): run for run in runs}
            for future in as_completed(futures):
                run = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # the worker process died (killed, out of memory)
                    outcome = Outcome(run.name, "failed", error=worker_death_text(exc), error_name=type(exc).__name__)
                outcomes[run.name] = outcome
                bar.set_postfix_str(f"{outcome.name}: {outcome.status}")
                bar.update()
        finally:  # interrupted: runs not started yet never start
            for future in futures:
                future.cancel()
    return [outcomes[run.name] for run in runs]


def worker_death_text(exc: BaseException) -> str:
    """Say that a run's worker died, naming the worker when the executor says which (a Dask worker's address).

    Examples
    --------
    >>> worker_death_text(RuntimeError("A process in the process pool was terminated abruptly"))
    'worker process died: RuntimeError'
    >>> class KilledWorker(Exception):
    ...     pass
    >>> worker_death_text(KilledWorker("run_one-1f2e", "tcp://10.0.0.7:40123", 0))
    'worker process died: KilledWorker (worker tcp://10.0.0.7:40123)'
    """
    import re

    address = None
    for arg in getattr(exc, "args", ()):
        text = getattr(arg, "address", arg)  # distributed's KilledWorker carries the last worker's state
        if isinstance(text, str) and re.fullmatch(r"[a-z]+://\S+", text):
            address = text
    if address is None:
        found = re.search(r"\b(?:tcp|tls|inproc|ucx)://[^\s.,;]+(?:\.[^\s.,;]+)*", str(exc))
        address = found.group() if found else None
    return f"worker process died: {type(exc).__name__}" + (f" (worker {address})" if address else "")


def summary_table(outcomes: list[Outcome]) -> str:
    """Return a plain-text table of outcomes: run, status, duration, output.

    Examples
    --------
    >>> print(summary_table([Outcome("japan", "ok", 8.25, Path("reports/japan")),
    ...                      Outcome("bad", "failed", 3.0, Path("reports/bad.failed"),
    ...                              "ValueError in cell 4: x", "ValueError", 4)]))
    run    status  duration  output
    japan  ok         8.2 s  reports/japan
    bad    failed     3.0 s  reports/bad.failed  (ValueError in cell 4: x)
    """
    rows = [("run", "status", "duration", "output")]
    for o in outcomes:
        output = str(o.folder) if o.folder else "-"
        if o.error:
            output += f"  ({o.error})"
        rows.append((o.name, o.status, f"{o.seconds:.1f} s" if o.status != "skipped" else "-", output))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}" for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def run_schedule(
    schedule: Path,
    options: RunOptions | None = None,
    *,
    changed_only: bool = False,
    dry_run: bool = False,
    progress: bool = True,
    cluster: str | None = None,
) -> ExitStatus:
    """Carry out ``deficit-report batch``: check every run, run them, write the index, print a summary.

    ``cluster`` None runs the reports in a local process pool of ``options.workers``;
    ``"local"`` (``--dask``) on a Dask cluster of that many processes started on this
    machine; ``tcp://HOST:PORT`` (``--scheduler``) on a running Dask cluster, whose
    workers write into the same output folder (given as an absolute path, so it must be
    the same path on every worker).

    Returns :attr:`ExitStatus.OK`, :attr:`ExitStatus.REPORT_FAILED` (a report
    failed; the others ran) or :attr:`ExitStatus.USER_ERROR` (a schedule or
    run problem, every one printed on its own line; nothing ran).

    Raises
    ------
    UserInputError
        A cluster was asked for but Dask is not installed, its address is malformed or
        its scheduler does not answer; nothing ran.
    """
    from deficit_report.running.folders import check_output_dir, claim_output_dir
    from deficit_report.running.manifest import write_index
    from deficit_report.running.schedule import ManyUserInputErrors, read_schedule

    options = options or RunOptions()
    if cluster is not None:  # a missing extra or a malformed address is said before anything else
        from deficit_report.running.cluster import check_address, import_distributed

        import_distributed()
        check_address(cluster)
        options = replace(options, output_dir=Path(options.output_dir).resolve())

    try:
        runs = check_runs(*read_schedule(schedule))
    except ManyUserInputErrors as exc:
        for error in exc.errors:
            print(f"deficit-report: error: {error.one_line()}", file=sys.stderr)
        return ExitStatus.USER_ERROR
    output_dir = check_output_dir(Path(options.output_dir))
    todo, skipped = split_changed(runs, output_dir, options.pdf) if changed_only else (runs, [])
    if dry_run:
        names = {run.name for run in todo}
        for run in runs:
            print(f"{run.name}: {'run' if run.name in names else 'skip (unchanged)'}")
        return ExitStatus.OK
    started = time.perf_counter()
    ran, label = [], f"{options.workers} workers"
    if todo:
        with open_executor(cluster, max(1, min(options.workers, len(todo)))) as opened:
            claim_output_dir(output_dir)  # once the executor is up: an unreachable scheduler writes nothing
            ran, label = run_batch(todo, options, progress=progress, executor=opened.executor), opened.label
    done = {o.name: o for o in skipped + ran}
    outcomes = [done[run.name] for run in runs]
    claim_output_dir(output_dir)
    index = write_index(output_dir)
    print(summary_table(outcomes))
    removed = [o.name for o in outcomes if o.removed]
    if removed:  # a report folder holds what its last run made: say what went with the old folders
        from deficit_report.running.runner import removed_line

        print(removed_line(removed, by="batch"))
    failed = sum(o.status == "failed" for o in outcomes)
    print(
        f"{len(outcomes)} runs: {len(outcomes) - failed - len(skipped)} ok, {failed} failed, "
        f"{len(skipped)} skipped in {time.perf_counter() - started:.1f} s with {label}; "
        f"index: {index}"
    )
    return ExitStatus.REPORT_FAILED if failed else ExitStatus.OK
