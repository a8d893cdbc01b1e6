"""One table writer and one rule for adding rows (issue 23, item 2).

Before: five CSV writers and two merge policies. ``fetch`` let a new row win over a row already in
the dataset folder (a changed figure silently replaced the old one), ``import`` refused; the README
says raw files are never edited. Now both go through ``dataset.tables.add_rows``: a figure already
there with another value is an error naming the file, line and column, and nothing is written.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from deficit_report.dataset.registry import manifest_text
from deficit_report.dataset.schemas import FIGURES, SECTORS, SOURCES
from deficit_report.dataset.tables import table_text, write_table
from deficit_report.errors import UserInputError
from deficit_report.paths import PROJECT_ROOT
from deficit_report.sources.store import write_dataset

FIGURE = {
    "reporter": "USA",
    "partner": "VNM",
    "period": "2024",
    "sector": "total",
    "measure": "imports",
    "value_usd_m": "136561.5",
    "basis": "census",
    "vintage": "retrieved_2025_02_05",
    "source_id": "census-1",
    "note": "",
}
SECTOR = {"sector": "autos", "label": "Vehicles", "kind": "goods", "market": "private", "parent": "", "hs_codes": "87"}
SOURCE = {
    "source_id": "census-1",
    "publisher": "U.S. Census Bureau",
    "title": "t",
    "date": "2025-02-05",
    "url": "https://api.census.gov/x",
    "quote": "q",
}


def tables(value: str, source_id: str = "census-1"):
    figures = pd.DataFrame([{**FIGURE, "value_usd_m": value, "source_id": source_id}], columns=list(FIGURES.columns))
    sectors = pd.DataFrame([{**SECTOR, "note": ""}], columns=list(SECTORS.columns))
    sources = pd.DataFrame([{**SOURCE, "source_id": source_id}], columns=list(SOURCES.columns))
    return figures, sectors, sources


def test_fetch_never_overwrites_a_figure_with_another_value(tmp_path):
    write_dataset(tmp_path, *tables("136561.5"))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(UserInputError) as error:
        write_dataset(tmp_path, *tables("999.0"))
    assert str(error.value) == (
        f"{tmp_path}/figures.csv, line 2, column 'value_usd_m': already holds reporter=USA, partner=VNM, "
        "period=2024, sector=total, measure=imports, vintage=retrieved_2025_02_05 with value_usd_m '136561.5'; "
        "the new row gives '999.0' (nothing was overwritten: remove the row, or write into another folder)"
    )
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_the_same_figure_again_is_kept_once_with_its_first_source(tmp_path):
    write_dataset(tmp_path, *tables("136561.5"))
    write_dataset(tmp_path, *tables("136561.5", source_id="census-2"))
    figures = pd.read_csv(tmp_path / "figures.csv", dtype=str)
    assert figures[["value_usd_m", "source_id"]].values.tolist() == [["136561.5", "census-1"]]


def test_table_text_is_the_projects_csv():
    # Header, no index, \n line ends, minimal quoting, floats unrounded, a missing value empty.
    frame = pd.DataFrame({"sector": ["autos", "a, b", 'say "x"'], "value_usd_m": [-69392.117328, None, 0.1]})
    assert table_text(frame) == 'sector,value_usd_m\nautos,-69392.117328\n"a, b",\n"say ""x""",0.1\n'


def test_manifest_rows_go_through_the_same_writer():
    rows = [{"file": "b/x.csv", "sha256": "00", "origin": "a, b", "retrieved": "2026-12-02"}]
    assert manifest_text(rows) == 'file,sha256,origin,retrieved\nb/x.csv,00,"a, b",2026-12-02\n'


def test_written_table_is_readable_by_others_under_umask_022(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_table(tmp_path / "t.csv", pd.DataFrame({"a": [1]}))
    finally:
        os.umask(old)
    assert oct(stat.S_IMODE(path.stat().st_mode)) == "0o644"


def test_no_module_of_the_package_writes_csv_another_way():
    package = PROJECT_ROOT / "src" / "deficit_report"
    writers = []
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in (".to_csv(", "csv.writer(", "csv.DictWriter("):
            for line in text.splitlines():
                if needle in line and "hashlib" not in line:  # a frame's digest is not a file
                    writers.append(f"{Path(path).relative_to(package)}: {line.strip()}")
    assert writers == ['dataset/tables.py: return frame.to_csv(index=False, lineterminator="\\n")']
