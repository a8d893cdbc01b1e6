"""A report's folder on disk: one writer at a time, replaced whole or not at all.

A run holds the report's lock (:func:`report_lock`, a hidden ``.<name>.lock``
beside the folder) from before :func:`recover` until :func:`swap_in` has put
the new folder in place, so a cron run and a manual run of the same report
never delete each other's partial folder. The swap is two renames; a crash
between them is finished or undone by the next run's :func:`recover`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deficit_report.running.conventions import LOCK_SUFFIX


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
