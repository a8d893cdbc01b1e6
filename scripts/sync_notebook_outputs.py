"""Keep a notebook reviewable: outputs only where nbval checks them.

``python scripts/sync_notebook_outputs.py NOTEBOOK...`` executes each
notebook with its default parameters, keeps the outputs of cells marked
``# NBVAL_CHECK_OUTPUT`` (the expected values nbval compares against) and
clears every other output and execution count. ``make sync-notebooks`` runs
it after rebuilding the ``.ipynb`` from its jupytext pair.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from deficit_report.running.conventions import EXECUTION_TIMEOUT

CHECK_MARK = "NBVAL_CHECK_OUTPUT"


def is_checked(cell) -> bool:
    """Return True for a code cell whose output nbval compares."""
    return cell.cell_type == "code" and CHECK_MARK in cell.source


def keep_checked_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Clear outputs and execution counts of every cell nbval does not check.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("1", outputs=[{"output_type": "stream", "name": "stdout", "text": "1"}]),
    ...             nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\\n2", outputs=[{"output_type": "stream",
    ...                                       "name": "stdout", "text": "2"}])]
    >>> [len(c.outputs) for c in keep_checked_outputs(nb).cells]
    [0, 1]
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if not is_checked(cell):
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nb


def refresh(path: Path) -> None:
    """Execute a notebook in its folder and keep only the checked outputs.

    Each cell may run for :data:`~deficit_report.running.conventions.EXECUTION_TIMEOUT`
    seconds, as in a report run.
    """
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=EXECUTION_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    nbformat.write(keep_checked_outputs(nb), path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        refresh(Path(name))
        print(f"refreshed checked outputs of {name}")
