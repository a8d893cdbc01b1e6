"""A report's folder on disk: one writer at a time, replaced whole or not at all, only where it may write.

An output folder is the command's own: a run writes only into a folder it made,
an empty one (which it then marks with :data:`OWNER_MARK`), or one it marked
before (:func:`check_output_dir`); never inside the project's ``data/``, never
beside someone else's files (``run NAME --output-dir data/raw`` would otherwise
replace the dataset folder of the same name).

A run holds the report's lock (:func:`report_lock`, a hidden ``.<name>.lock``
beside the folder) from before :func:`recover` until :func:`swap_in` has put
the new folder in place, so a cron run and a manual run of the same report
never delete each other's partial folder.

A report folder ``<name>`` is a symbolic link to a hidden folder
``.<name>.run-<token>`` holding one complete run. :func:`swap_in` replaces the
link with one ``rename``, so a reader finds the last good report at every
instant, even if the run is killed; the folder it pointed to is deleted after,
and :func:`recover` sweeps whatever a killed run left (partial folders, run
folders no link points to, half-made links).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deficit_report.errors import UserInputError
from deficit_report.paths import DATA_DIR, REPORTS_DIR
from deficit_report.running.conventions import FAILED_SUFFIX, INDEX_FILE, LOCK_SUFFIX, MANIFEST_FILE, OWNER_MARK


class ReportLocked(RuntimeError):
    """Another run of the same report held its lock for longer than this run would wait.

    Examples
    --------
    >>> str(ReportLocked("japan", Path("reports/.japan.lock")))
    "report 'japan' is being written by another run (lock reports/.japan.lock); try again when it ends"
    """

    def __init__(self, name: str, lock: Path) -> None:
        self.name, self.lock = name, Path(lock)
        super().__init__(f"report {name!r} is being written by another run (lock {lock}); try again when it ends")


def lock_path(output_dir: Path, name: str) -> Path:
    """Return the lock file of report ``name``: hidden, beside its folder.

    Examples
    --------
    >>> lock_path(Path("reports"), "japan")
    PosixPath('reports/.japan.lock')
    """
    return Path(output_dir) / f".{name}{LOCK_SUFFIX}"


@contextmanager
def report_lock(output_dir: Path, name: str, timeout: float | None = None) -> Iterator[Path]:
    """Hold the lock of report ``name`` while the block runs; wait for it ``timeout`` seconds (None: as long as it takes).

    Raises
    ------
    ReportLocked
        Another run held the lock for ``timeout`` seconds (at once for 0).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> with report_lock(out, "japan"):
    ...     with report_lock(out, "japan", timeout=0):
    ...         pass
    Traceback (most recent call last):
    ...
    deficit_report.running.folders.ReportLocked: report 'japan' is being written by another run (lock .../.japan.lock); try again when it ends
    """
    from filelock import FileLock, Timeout

    path = lock_path(output_dir, name)
    lock = FileLock(path, timeout=-1 if timeout is None else timeout)
    try:
        lock.acquire()
    except Timeout:
        raise ReportLocked(name, path) from None
    try:
        yield path
    finally:
        lock.release()


def _visible(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def _is_report(path: Path) -> bool:
    """Whether ``path`` is a report: a link to its run folder, or a folder with a manifest (written before links)."""
    if path.is_symlink():
        return os.readlink(path).startswith(f".{path.name}.run-")
    return path.is_dir() and (path / MANIFEST_FILE).is_file()


def _looks_like_reports(entries: list[Path]) -> bool:
    """Whether a folder's visible entries are reports and the index: one written before the mark existed."""
    reports = [p for p in entries if _is_report(p)]
    return bool(reports) and all(p in reports or p.name == INDEX_FILE for p in entries)


def check_output_dir(output_dir: Path) -> Path:
    """Raise unless reports may be written into ``output_dir``; return it. Writes nothing.

    Allowed: a folder that does not exist yet, the project's ``reports/``, an empty one (hidden
    files aside), one holding :data:`OWNER_MARK`, or one whose every visible entry is a report folder with
    its manifest or the index page (written before the mark existed). Refused: a file,
    a folder inside the project's ``data/``, a folder holding anything else.

    Examples
    --------
    >>> import tempfile
    >>> mine = Path(tempfile.mkdtemp())
    >>> check_output_dir(mine / "new") == mine / "new"
    True
    >>> check_output_dir(REPORTS_DIR) == REPORTS_DIR  # the project's own, whatever else it holds
    True
    >>> _ = (mine / "notes.txt").write_text("mine")
    >>> check_output_dir(mine)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter '--output-dir': '...' holds files deficit-report did not write (notes.txt); expected a new or empty folder, or one deficit-report made (nothing was written)
    """
    output_dir = Path(output_dir)
    where = str(output_dir)
    if output_dir.exists() and not output_dir.is_dir():
        raise UserInputError(f"{where!r} is a file; expected a folder for the reports", column="--output-dir")
    resolved = output_dir.resolve()
    if resolved == DATA_DIR.resolve() or resolved.is_relative_to(DATA_DIR.resolve()):
        raise UserInputError(
            f"{where!r} is inside the project's data folder; reports never go there "
            "(a report would replace the dataset folder of its name); choose another folder such as reports/",
            column="--output-dir",
        )
    if not output_dir.is_dir() or (output_dir / OWNER_MARK).is_file() or resolved == REPORTS_DIR.resolve():
        return output_dir  # new, marked, or the project's own git-ignored reports/ (make coverage writes there too)
    entries = _visible(output_dir)
    if entries and not _looks_like_reports(entries):
        names = ", ".join(p.name for p in entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise UserInputError(
            f"{where!r} holds files deficit-report did not write ({names}); expected a new or empty folder, "
            "or one deficit-report made (nothing was written)",
            column="--output-dir",
        )
    return output_dir


def claim_output_dir(output_dir: Path) -> Path:
    """Make ``output_dir`` if needed and mark it as the command's own; the caller checked it (:func:`check_output_dir`)."""
    from deficit_report.dataset.files import write_atomic

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    mark = output_dir / OWNER_MARK
    if not mark.is_file():
        write_atomic(
            mark,
            "This folder holds reports written by deficit-report; it writes only into folders that hold this file.\n",
        )
    return output_dir


_TOKEN = r"[0-9a-f]+"


def run_folder_of(final: Path) -> Path | None:
    """Return the run folder a report's link points to, or None (no link, or an older plain folder)."""
    if not final.is_symlink():
        return None
    return final.parent / os.readlink(final)


def remove_report(final: Path) -> None:
    """Delete a report (its link and the run folder it points to, or an older plain folder); nothing if absent."""
    target = run_folder_of(final)
    if target is not None:
        final.unlink()
        shutil.rmtree(target, ignore_errors=True)
    elif final.is_dir():
        shutil.rmtree(final)


def recover(output_dir: Path, name: str) -> None:
    """Sweep what an interrupted run of report ``name`` left (for example after kill -9); lock held.

    A plain folder moved aside while becoming a link (``.<name>.previous``) is put back
    if the link never came; partial folders, half-made links and run folders no link
    points to are deleted. Other reports' folders are never touched.
    """
    output_dir = Path(output_dir)
    for report in (name, f"{name}{FAILED_SUFFIX}"):
        final, backup = output_dir / report, output_dir / f".{report}.previous"
        if backup.exists():
            if final.exists() or final.is_symlink():
                shutil.rmtree(backup)
            else:
                backup.rename(final)
        current = run_folder_of(final)
        pattern = re.compile(rf"\.{re.escape(report)}\.(partial|run|link)-{_TOKEN}")
        for path in output_dir.iterdir():
            if not pattern.fullmatch(path.name) or (current is not None and path.name == current.name):
                continue
            if path.is_symlink() or path.is_file():
                path.unlink()
            else:
                shutil.rmtree(path, ignore_errors=True)


def new_token() -> str:
    """Return a fresh token for a partial or run folder's name.

    Examples
    --------
    >>> len(new_token())
    12
    """
    return uuid.uuid4().hex[:12]


def partial_folder(output_dir: Path, name: str) -> Path:
    """Return a new, unique partial folder's path for report ``name`` (not created)."""
    return Path(output_dir) / f".{name}.partial-{new_token()}"


def swap_in(partial: Path, final: Path) -> None:
    """Put the complete report ``partial`` in place as ``final`` with one rename of a link.

    ``partial`` becomes the run folder ``.<name>.run-<token>``; a new link to it replaces
    ``final`` at once (``rename`` over the old link); the run folder the old link pointed
    to is then deleted. A plain folder from before links is moved aside first (once).
    """
    token = new_token()
    target = final.parent / f".{final.name}.run-{token}"
    partial.rename(target)
    link = final.parent / f".{final.name}.link-{token}"
    os.symlink(target.name, link)
    old = run_folder_of(final)
    if final.is_dir() and not final.is_symlink():  # a report written before links: moved aside once
        backup = final.parent / f".{final.name}.previous"
        final.rename(backup)
        os.replace(link, final)
        shutil.rmtree(backup)
    else:
        os.replace(link, final)
    if old is not None and old != target:
        shutil.rmtree(old, ignore_errors=True)
