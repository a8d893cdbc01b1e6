"""What went into a report: parameters, input files, versions, code, timings.

``manifest.json`` sits next to ``report.html``. It is the record a reader (or
``--changed-only``) uses to know whether a report is current.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from deficit_report.dataset.files import sha256_of, write_atomic
from deficit_report.paths import PDF_FILE, PROJECT_ROOT, WORKBOOK_FILE
from deficit_report.rendering.index_page import render_index
from deficit_report.running.conventions import INDEX_FILE, MANIFEST_FILE, REPORT_HTML_FILE, REPORT_NOTEBOOK_FILE
from deficit_report.running.failure import RunError, error_text

#: The files of a report folder the index links, when they exist.
INDEX_FILES = (REPORT_HTML_FILE, PDF_FILE, WORKBOOK_FILE, REPORT_NOTEBOOK_FILE, MANIFEST_FILE)

#: Packages whose versions can change a report's bytes.
RECORDED_PACKAGES = (
    "deficit-report",
    "pandas",
    "altair",
    "vl-convert-python",
    "papermill",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "pandera",
)


def package_versions(names=RECORDED_PACKAGES) -> dict[str, str]:
    """Return installed versions of the packages that shape a report.

    A package that is not installed is recorded as such, not left out.

    Examples
    --------
    >>> package_versions(["pandas"]) == {"pandas": metadata.version("pandas")}
    True
    >>> package_versions(["no-such-package-deficit-report-doctest"])
    {'no-such-package-deficit-report-doctest': 'not installed'}
    """
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit(root: Path = PROJECT_ROOT) -> str | None:
    """Return the project's git commit (with ``+dirty`` if files changed), or None outside git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("+dirty" if dirty else "")


def code_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """Return a sha256 over the package's source, templates and the report notebook.

    Unlike the git commit, this changes only when code that shapes a report changes.
    """
    import hashlib

    digest = hashlib.sha256()
    files = (
        sorted((root / "src" / "deficit_report").rglob("*.py"))
        + sorted((root / "src" / "deficit_report" / "templates").rglob("*.j2"))
        + sorted((root / "notebooks").glob("*.ipynb"))
    )
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def utc_now() -> str:
    """Return the current UTC time as ISO 8601 text to the second, e.g. ``1994-06-06T12:00:00Z``.

    Examples
    --------
    >>> len(utc_now()), utc_now().endswith("Z")
    (20, True)
    """
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_manifest(
    *,
    run: str,
    parameters: dict,
    inputs: dict[str, str],
    notebook: Path,
    status: str,
    timings: dict[str, float],
    outputs: dict[str, Path],
    error: RunError | None = None,
    summary: dict | None = None,
) -> dict:
    """Assemble the manifest of one report run.

    Parameters
    ----------
    run : str
        The run's name (its folder under ``reports/``).
    parameters : dict
        The checked parameters.
    inputs : dict of str to str
        Input files and their sha256.
    notebook : Path
        The notebook that was executed.
    status : {"ok", "failed"}
    timings : dict
        Seconds per step.
    outputs : dict of str to Path
        Output files written; their sha256 is recorded.
    error : RunError, optional
        Why a run failed; recorded as ``{"name", "cell_index", "execution_count", "message", "text"}``
        (``text`` is the one line the index shows). Manifests written before held the text alone.
    summary : dict, optional
        The first key finding and headline numbers the index page shows
        (:func:`deficit_report.running.exports.report_summary`).
    """
    return {
        "run": run,
        "status": status,
        "generated": utc_now(),
        "error": error.as_dict() if error is not None else None,
        "parameters": parameters,
        "inputs": dict(sorted(inputs.items())),
        "notebook": {
            "path": str(notebook.relative_to(PROJECT_ROOT)) if notebook.is_relative_to(PROJECT_ROOT) else str(notebook),
            "sha256": sha256_of(notebook),
        },
        "code": {"git_commit": git_commit(), "fingerprint": code_fingerprint()},
        "packages": package_versions(),
        "python": platform.python_version(),
        "outputs": {name: sha256_of(path) for name, path in sorted(outputs.items()) if path.exists()},
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
        "summary": summary,
    }


def write_manifest(manifest: dict, path: Path) -> None:
    """Write a manifest as sorted, indented JSON."""
    write_atomic(path, json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def read_manifest(path: Path) -> dict | None:
    """Read a manifest, or return None if there is none (or it is unreadable)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def changes_since(
    manifest: dict | None, *, parameters: dict, inputs: dict[str, str], notebook_sha256: str, fingerprint: str
) -> list[str]:
    """List what differs between a report's manifest and a run about to start.

    An empty list means the report is current: same parameters, same input
    files (sha256), same notebook and same code, and it finished ``ok``.

    Examples
    --------
    >>> m = {"status": "ok", "parameters": {"focus_year": 1994}, "inputs": {"a.csv": "1"},
    ...      "notebook": {"sha256": "n"}, "code": {"fingerprint": "c"}}
    >>> changes_since(m, parameters={"focus_year": 1994}, inputs={"a.csv": "1"}, notebook_sha256="n",
    ...               fingerprint="c")
    []
    >>> changes_since(m, parameters={"focus_year": 1995}, inputs={"a.csv": "2"}, notebook_sha256="n",
    ...               fingerprint="c")
    ['parameters', 'inputs']
    >>> changes_since(None, parameters={}, inputs={}, notebook_sha256="n", fingerprint="c")
    ['no previous report']
    """
    if not manifest:
        return ["no previous report"]
    checks = {
        "status": manifest.get("status") == "ok",
        "parameters": manifest.get("parameters") == parameters,
        "inputs": manifest.get("inputs") == dict(sorted(inputs.items())),
        "notebook": (manifest.get("notebook") or {}).get("sha256") == notebook_sha256,
        "code": (manifest.get("code") or {}).get("fingerprint") == fingerprint,
    }
    return [what for what, same in checks.items() if not same]


def report_entries(output_dir: Path) -> list[dict]:
    """Return one entry per report folder (a visible folder with a manifest), in folder-name order.

    Each entry has the folder, run, status, error (one line of text, from a
    structured or an older plain-text manifest error), partner, periods, as-of
    date, generation time, the report files present and the one to link first.

    Examples
    --------
    >>> import json, tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> (out / "b").mkdir(); (out / "a.failed").mkdir(); (out / ".a.partial-1").mkdir()
    >>> _ = (out / "b" / "manifest.json").write_text(json.dumps({"run": "b", "status": "ok"}))
    >>> _ = (out / "a.failed" / "manifest.json").write_text(json.dumps({"run": "a", "status": "failed"}))
    >>> [(e["folder"], e["status"]) for e in report_entries(out)]
    [('a.failed', 'failed'), ('b', 'ok')]
    """
    entries = []
    for folder in sorted(Path(output_dir).iterdir(), key=lambda p: p.name):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        manifest = read_manifest(folder / MANIFEST_FILE)
        if manifest is None:
            continue
        params = manifest.get("parameters") or {}
        files = [name for name in INDEX_FILES if (folder / name).is_file()]
        entries.append(
            {
                "folder": folder.name,
                "run": manifest.get("run", folder.name),
                "status": manifest.get("status", "unknown"),
                "error": error_text(manifest.get("error")),
                "partner": params.get("partner", ""),
                "measure": params.get("measure", "balance"),
                "periods": _periods(params),
                "as_of": params.get("as_of", ""),
                "generated": manifest.get("generated", ""),
                "files": files,
                "main": next((f for f in (REPORT_HTML_FILE, REPORT_NOTEBOOK_FILE) if f in files), None),
                "summary": manifest.get("summary") or {},
            }
        )
    return entries


def _periods(params: dict) -> str:
    """Return ``"1994 vs 1992"`` (focus year against comparison year), or what there is of it."""
    focus, compare = params.get("focus_year"), params.get("compare_year")
    if focus is None:
        return ""
    return f"{focus} vs {compare}" if compare is not None else str(focus)


@contextmanager
def folder_locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` itself (flock on its descriptor) while the block runs.

    Without ``fcntl`` (Windows) the block runs unlocked.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux or macOS
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def write_index(output_dir: Path) -> Path:
    """Rebuild ``output_dir/index.html`` from the manifests there, replacing the old page atomically.

    Writers take turns (a lock on the folder itself, so no lock file is left), and each first
    deletes the temporary files a killed writer left (``.index.html.*.tmp``).

    Examples
    --------
    >>> import tempfile
    >>> write_index(Path(tempfile.mkdtemp())).name
    'index.html'
    """
    output_dir = Path(output_dir)
    with folder_locked(output_dir):  # one writer at a time, so the sweep never takes another's file
        for stale in output_dir.glob(f".{INDEX_FILE}.*.tmp"):  # a killed write's temporary file
            stale.unlink(missing_ok=True)
        return write_atomic(output_dir / INDEX_FILE, render_index(report_entries(output_dir)))
