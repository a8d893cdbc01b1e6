"""The manifest of hand-made dataset folders: ``data/raw/MANIFEST.csv``, one row per file with its sha256.

Raw files are never edited once a report used them. A dataset folder made with
a spreadsheet editor is *registered* (``deficit-report dataset register NAME``):
each of its files gets a row of ``MANIFEST.csv`` in the folder above it
(``file`` relative to that folder, ``sha256``, ``origin``, ``retrieved``).
``deficit-report validate`` then checks the folder against those rows and says
which file changed since. The manifest is written with Unix line ends, like
every other file of the project, and atomically.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from deficit_report.dataset.files import read_text, sha256_of, shown, write_atomic
from deficit_report.errors import UserInputError

MANIFEST_NAME = "MANIFEST.csv"
COLUMNS = ["file", "sha256", "origin", "retrieved"]


def read_manifest(path: Path) -> list[dict]:
    """Return the rows of a manifest (none when the file does not exist).

    Examples
    --------
    >>> read_manifest(Path("no/such/MANIFEST.csv"))
    []
    """
    path = Path(path)
    if not path.exists():
        return []
    reader = csv.DictReader(io.StringIO(read_text(path, "manifest"), newline=""))
    if reader.fieldnames is None or list(reader.fieldnames)[:4] != COLUMNS:
        raise UserInputError(f"expected the header {','.join(COLUMNS)}", file=path, row=1)
    return [dict(row) for row in reader]


def manifest_text(rows: list[dict]) -> str:
    """Write manifest rows as CSV text with Unix line ends, sorted by file.

    Examples
    --------
    >>> manifest_text([{"file": "b/x.csv", "sha256": "00", "origin": "a, b", "retrieved": "2026-12-02"}])
    'file,sha256,origin,retrieved\\nb/x.csv,00,"a, b",2026-12-02\\n'
    """
    import pandas as pd

    from deficit_report.dataset.tables import table_text

    ordered = sorted(rows, key=lambda r: r["file"])
    return table_text(pd.DataFrame([[row.get(c, "") for c in COLUMNS] for row in ordered], columns=COLUMNS))


def folder_files(folder: Path) -> list[Path]:
    """Return the files of a dataset folder that a manifest covers (every file but hidden ones), sorted."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and not p.name.startswith("."))


def register_folder(folder: Path, origin: str, today: date | None = None) -> list[str]:
    """Record the sha256 of every file of ``folder`` in the manifest of the folder above it.

    A file whose bytes are unchanged keeps its row; a new or changed file gets
    a row with ``origin`` (a changed file keeps its old origin) and today's date;
    rows of files no longer in the folder are dropped. Returns one line per file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UserInputError("dataset folder not found", file=folder)
    manifest = folder.parent / MANIFEST_NAME
    rows = read_manifest(manifest)
    prefix = folder.name + "/"
    others = [r for r in rows if not r["file"].startswith(prefix)]
    known = {r["file"]: r for r in rows if r["file"].startswith(prefix)}
    today = (today or date.today()).isoformat()
    mine, lines = [], []
    for path in folder_files(folder):
        name = path.relative_to(folder.parent).as_posix()
        digest = sha256_of(path)
        old = known.get(name)
        if old and old["sha256"] == digest:
            mine.append(old)
            lines.append(f"{name}: unchanged")
            continue
        mine.append({"file": name, "sha256": digest, "origin": old["origin"] if old else origin, "retrieved": today})
        lines.append(f"{name}: {'changed, recorded' if old else 'recorded'} (sha256 {digest[:12]}...)")
    lines += [
        f"{name}: no longer in the folder, row removed" for name in sorted(set(known) - {r["file"] for r in mine})
    ]
    write_atomic(manifest, manifest_text(others + mine))
    lines.append(f"wrote {shown(manifest)}")
    return lines


#: A dataset folder's name: one plain file name, so ``<raw>/NAME`` stays directly inside ``<raw>``.
DATASET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def register_dataset(raw_dir: Path, name: str, origin: str, today: date | None = None) -> list[str]:
    """Register the dataset folder ``<raw_dir>/<name>`` (:func:`register_folder`); ``name`` must be a plain name.

    A name with ``/``, ``..``, an absolute path or a control character would write a
    manifest outside ``raw_dir``; it is refused before anything is read or written.

    Examples
    --------
    >>> register_dataset(Path("data/raw"), "../../../escape/target", "x")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter 'NAME': expected a dataset folder name of letters, digits, '.', '_' or '-' (no '/', '..', absolute path or control character), got '../../../escape/target'
    """
    if not isinstance(name, str) or not DATASET_NAME.fullmatch(name) or ".." in name:
        raise UserInputError(
            "expected a dataset folder name of letters, digits, '.', '_' or '-' "
            f"(no '/', '..', absolute path or control character), got {name!r}",
            column="NAME",
        )
    return register_folder(Path(raw_dir) / name, origin, today)


def check_folder(folder: Path) -> list[str]:
    """Check a dataset folder against its manifest: raise on a changed file, return warnings.

    A folder whose parent has no manifest is not checked (a copy in a
    temporary folder, say). A file without a row is a warning; a file whose
    sha256 differs from its row is an error naming the file.
    """
    folder = Path(folder)
    manifest = folder.parent / MANIFEST_NAME
    if not manifest.exists():
        return []
    rows = {r["file"]: r for r in read_manifest(manifest)}
    missing = []
    for path in folder_files(folder):
        name = path.relative_to(folder.parent).as_posix()
        row = rows.get(name)
        if row is None:
            missing.append(name)
        elif row["sha256"] != sha256_of(path):
            raise UserInputError(
                f"changed since it was registered in {shown(manifest)} (sha256 there {row['sha256'][:12]}..., "
                f"now {sha256_of(path)[:12]}...); if the change is meant, record it: "
                f"deficit-report dataset register {folder.name}",
                file=path,
            )
    if missing:
        return [
            f"not registered in {shown(manifest)}: {', '.join(missing)} "
            f"(record them: deficit-report dataset register {folder.name})"
        ]
    return []
