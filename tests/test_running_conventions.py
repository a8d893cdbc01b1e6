"""The running layer's fixed choices reach every place that uses them: preloaded modules, timeouts."""

from __future__ import annotations

import importlib

import nbclient
import nbformat
from scripts import sync_notebook_outputs as notebook_outputs

from deficit_report.running import conventions
from deficit_report.running.batch import PRELOAD


def unimportable(names) -> list[str]:
    """Return the dotted names that do not import (what the fork server would silently skip)."""
    missing = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def test_every_preloaded_module_imports():
    # multiprocessing's fork server ignores a preload name that fails to import, so a stale
    # name only makes every worker slower; nothing else would notice.
    assert unimportable(PRELOAD) == []


def test_check_catches_the_names_from_before_the_layer_subpackages():
    # PRELOAD before the package was grouped into layers (git show 91c1489^:src/deficit_report/batch.py).
    old = ("deficit_report.batch", "deficit_report.report", "deficit_report.export", "papermill", "nbconvert")
    assert unimportable(old) == ["deficit_report.batch", "deficit_report.report", "deficit_report.export"]


def test_refresh_takes_its_cell_timeout_from_the_conventions(tmp_path, monkeypatch):
    seen = {}

    class RecordingClient:  # stands in for nbclient's: no kernel starts
        def __init__(self, nb, **options):
            seen.update(options)

        def execute(self):
            return None

    path = tmp_path / "n.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), path)
    monkeypatch.setattr(nbclient, "NotebookClient", RecordingClient)
    notebook_outputs.refresh(path)
    assert seen["timeout"] == conventions.EXECUTION_TIMEOUT
    # Changing the convention changes the timeout: the module uses the name, not its own copy of 600.
    monkeypatch.setattr(notebook_outputs, "EXECUTION_TIMEOUT", 7)
    notebook_outputs.refresh(path)
    assert seen["timeout"] == 7
