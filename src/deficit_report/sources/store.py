"""Keeping what was fetched: immutable raw files with a manifest, and dataset folders.

Raw answers go to ``data/raw/<source>/`` under a name that carries the
retrieval time; an existing file is never overwritten (a second retrieval in
the same second gets a ``_2`` suffix). ``MANIFEST.csv`` beside them records
each file's sha256, origin (the request URL without key, or the file it was
copied from), retrieval time and vintage (the retrieval date). Every write is
atomic: a temporary file in the same folder, then a rename.

A dataset folder receives ``figures.csv``, ``sectors.csv`` and
``sources.csv`` by :func:`~deficit_report.dataset.tables.add_rows`, the one
rule ``import`` follows too: rows already there are kept, the same row again is
added once, and a row whose key is there with other values (the same pull made
again on the same day, answered differently) is an error; nothing is overwritten.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pandas as pd

from deficit_report.dataset.csvtext import read_csv_rows
from deficit_report.dataset.files import read_text, write_atomic
from deficit_report.dataset.schemas import FIGURES, SECTORS, SOURCES
from deficit_report.dataset.tables import FIGURE_VALUES, add_rows, table_text, write_table
from deficit_report.errors import UserInputError

MANIFEST = "MANIFEST.csv"
MANIFEST_COLUMNS = ["file", "sha256", "origin", "retrieved", "vintage"]


def retrieval_stamp(when: datetime) -> str:
    """Return the compact UTC time used in raw file names and source ids.

    Examples
    --------
    >>> from datetime import timezone
    >>> retrieval_stamp(datetime(2025, 10, 1, 12, 0, 5, tzinfo=timezone.utc))
    '20251001T120005Z'
    """
    return when.strftime("%Y%m%dT%H%M%SZ")


def vintage_id(when: datetime) -> str:
    """Return the figures' vintage for a retrieval date (a slug: ``retrieved_YYYY_MM_DD``).

    Examples
    --------
    >>> vintage_id(datetime(2025, 10, 1))
    'retrieved_2025_10_01'
    """
    return when.strftime("retrieved_%Y_%m_%d")


def store_raw(raw_dir: Path, stem: str, suffix: str, data: bytes, *, origin: str, retrieved: datetime) -> Path:
    """Keep one raw answer or file under a new name and add its manifest row.

    Returns the path written.
    """
    raw_dir = Path(raw_dir)
    base = f"{stem}_{retrieval_stamp(retrieved)}"
    for attempt in range(1, 1000):
        path = raw_dir / f"{base}{'' if attempt == 1 else f'_{attempt}'}{suffix}"
        try:
            write_atomic(path, data, exclusive=True)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - a thousand retrievals in one second
        raise UserInputError(f"too many raw files named {base}*{suffix}", file=raw_dir)
    append_manifest(
        raw_dir,
        {
            "file": path.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "origin": origin,
            "retrieved": retrieved.isoformat(timespec="seconds"),
            "vintage": retrieved.date().isoformat(),
        },
    )
    return path


def append_manifest(raw_dir: Path, row: dict) -> None:
    """Add one row to ``MANIFEST.csv`` (created with its header if absent), atomically."""
    path = Path(raw_dir) / MANIFEST
    text = read_text(path) if path.exists() else ",".join(MANIFEST_COLUMNS) + "\n"
    if not text.startswith(",".join(MANIFEST_COLUMNS)):
        raise UserInputError(f"expected the header {','.join(MANIFEST_COLUMNS)}", file=path, row=1)
    write_atomic(path, text + table_text(pd.DataFrame([row], columns=MANIFEST_COLUMNS)).split("\n", 1)[1])


def write_dataset(out_dir: Path, figures: pd.DataFrame, sectors: pd.DataFrame, sources: pd.DataFrame) -> Path:
    """Add figures, sectors and sources to a dataset folder's CSV files.

    ``figures`` must already hold ``value_usd_m`` as plain decimal text (see
    :func:`deficit_report.sources.canonical.plain_number`). A sector already
    in the folder with other HS codes is an error: two sector maps in one
    dataset would make its sectors mean different things.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sectors_path = out_dir / "sectors.csv"
    if sectors_path.exists():
        old = read_csv_rows(sectors_path, list(SECTORS.columns), may_be_empty=True).set_index("sector")["hs_codes"]
        for row in sectors.itertuples():
            if row.sector in old.index and old[row.sector] != row.hs_codes:
                raise UserInputError(
                    f"sector {row.sector} has HS codes {old[row.sector]} here, the sector map "
                    f"gives {row.hs_codes}; use another --out folder or the same map",
                    file=sectors_path,
                    column="hs_codes",
                )
    merged = {
        "figures.csv": add_rows(
            out_dir / "figures.csv", figures, list(FIGURES.columns), list(FIGURES.unique), FIGURE_VALUES
        ),
        "sectors.csv": add_rows(sectors_path, sectors, list(SECTORS.columns), ["sector"]),
        "sources.csv": add_rows(out_dir / "sources.csv", sources, list(SOURCES.columns), ["source_id"]),
    }
    for name, frame in merged.items():
        write_table(out_dir / name, frame)
    return out_dir
