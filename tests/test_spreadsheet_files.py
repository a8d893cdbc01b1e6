"""Friction 4 of issue 13: a table saved by a spreadsheet program still loads, and means the same.

A spreadsheet's "CSV UTF-8" starts with a byte-order mark and may end lines with CRLF, and a user may
drag a column elsewhere. The loaded tables must equal those of the untouched folder, cell for cell.
"""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest
from scripts.write_data_format import DATA_FORMAT_DOC, data_format_markdown

from cases import FRAMEWORK_DIR
from deficit_report.dataset.load import load_dataset
from deficit_report.errors import UserInputError
from deficit_report.vocabulary import TABLE_FILES


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "ds"
    shutil.copytree(FRAMEWORK_DIR, target)
    return target


def _tables(dataset):
    return {name: getattr(dataset, name.removesuffix(".csv")).reset_index(drop=True) for name in TABLE_FILES}


def _resave(path, *, bom=False, crlf=False, order=None):
    """Rewrite a CSV file the way a spreadsheet program would (quoted where needed)."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    if order:
        index = [rows[0].index(c) for c in order]
        rows = [[row[i] for i in index] for row in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if crlf else "\n").writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))


def test_bom_crlf_and_reordered_columns_load_to_the_same_tables(folder, framework):
    # Every table re-saved with a BOM and CRLF line ends; sectors.csv and figures.csv also reordered
    # (label first; value_usd_m first). The tables must be those of the original folder, in file order.
    for name in TABLE_FILES:
        _resave(folder / name, bom=True, crlf=True)
    _resave(folder / "sectors.csv", order=["label", "sector", "kind", "market", "parent", "hs_codes", "note"], bom=True)
    figures_order = ["value_usd_m", "reporter", "partner", "period", "sector", "measure", "basis", "vintage"]
    _resave(folder / "figures.csv", order=figures_order + ["source_id", "note"], crlf=True)
    assert (folder / "status_events.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (folder / "figures.csv").read_bytes()
    loaded = _tables(load_dataset(folder))
    for name, table in _tables(framework).items():
        pd.testing.assert_frame_equal(loaded[name], table, check_dtype=False, obj=name)
    # The columns come back in the schema's order, whatever the file's.
    assert list(loaded["sectors.csv"].columns)[:2] == ["sector", "label"]


def test_a_repeated_column_is_an_error_naming_it(folder):
    path = folder / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",url"] + [line + ",x" for line in lines[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(
        UserInputError, match=r"sources.csv, line 1: column url appears twice; expected header: source_id,"
    ):
        load_dataset(folder)


def test_committed_data_format_doc_is_the_generated_one():
    # docs/data-format.md is written by `make data-format`; a schema change without it fails here.
    assert DATA_FORMAT_DOC.read_text(encoding="utf-8") == data_format_markdown()


def test_data_format_doc_lists_every_column_with_its_allowed_words():
    text = data_format_markdown()
    # Words and columns typed out from docs/design.md's data model, not read from the schemas.
    assert "| `status` | text | " in text
    assert "one of `not_in_talks`, `in_talks`, `stalled`, `within_reach`, `agreed`, `expired`" in text
    assert "one of `government`, `private`, `mixed`" in text
    assert "Header line: `source_id,publisher,title,date,url,quote`" in text
    # Every column of the required tables says what it means (optional tables may come without, at first).
    from deficit_report.dataset import schemas
    from deficit_report.dataset.reference import column_rows

    for name, schema in schemas.TABLES.items():
        assert all(row[2] != "(no description yet)" for row in column_rows(name, schema)), name
