"""The walkthrough of docs/new-partner.md, end to end, on the vendored Vietnam slice (issue 13).

The same commands as the page, through the command line, into temporary folders: ``dataset new``,
``import census`` (the Vietnam lines of the shared Census files, ``tests/fixtures/census/``),
``validate`` (passes: no status events is valid), the status and source rows typed in (read from the page
itself, so page and test cannot drift), ``dataset register``, ``validate``, ``run``. No network, no
Python written by the user. The key sentence is checked against numbers worked out by hand.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from deficit_report.cli import main
from deficit_report.dataset import schemas
from deficit_report.paths import PROJECT_ROOT, SECTOR_MAPS_DIR

DOC = PROJECT_ROOT / "docs" / "new-partner.md"
CENSUS = PROJECT_ROOT / "tests" / "fixtures" / "census"
NAME = "us-vietnam-2024"


def rows_from_doc(table: str, header: list[str]) -> str:
    """Return the CSV rows the page tells the user to add to ``table``, in the order of the file's ``header``.

    The page shows each block under a header line; the user puts each value in the column of that
    name, as a spreadsheet user would. A column of the file that the page's rows lack fails here
    (the page must then give it a value: a test never fills one in).
    """
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {re.escape(table)} rows -->\n```csv\n(.*?)```", text, re.S)
    assert match, f"no rows for {table} in {DOC}"
    rows = list(csv.DictReader(io.StringIO(match.group(1))))
    missing = [c for c in header if c not in rows[0]]
    assert not missing, f"{DOC.name}: the {table} rows have no {', '.join(missing)} column"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[row[c] for c in header] for row in rows])
    return out.getvalue()


def _append_doc_rows(folder, table: str, newline: str = "\n") -> None:
    header = (folder / table).read_text(encoding="utf-8").splitlines()[0].split(",")
    with open(folder / table, "a", encoding="utf-8", newline="") as handle:
        handle.write(rows_from_doc(table, header).replace("\n", newline))


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_walkthrough_from_saved_files_to_a_report(tmp_path, capsys):
    raw, params, reports = tmp_path / "raw", tmp_path / "params", tmp_path / "reports"
    folder = raw / NAME
    code, out, _ = _cli(
        capsys, "dataset", "new", NAME, "--partner", "VNM", "--focus-year", "2024", "--compare-year", "2023",
        "--as-of", "2024-12-31", "--measure", "imports", "--raw-dir", raw, "--params-dir", params,
    )  # fmt: skip
    assert code == 0 and (params / f"{NAME}.yaml").is_file() and (folder / "README.md").is_file()
    code, out, _ = _cli(
        capsys, "import", "census",
        CENSUS / "imports_hs2_5520_monthly_2023_2024.csv.gz",
        CENSUS / "imports_total_5520_monthly_2013_2024.csv",
        CENSUS / "exports_total_5520_monthly_2013_2024.csv",
        "--partner", "5520", "--sector-map", SECTOR_MAPS_DIR / "hs_chapters_vietnam.csv",
        "--vintage", "census_2025", "--out", folder,
    )  # fmt: skip
    assert code == 0
    assert "figures.csv (36 rows), sectors.csv (6), sources.csv (3)" in out  # as on the page
    code, out, _ = _cli(capsys, "validate", NAME, "--params-dir", params)
    # No status events yet is valid: the report would say status data are not available (issue 22).
    assert code == 0 and "input files are valid" in out
    # The user types the page's rows into the two files (a spreadsheet editor, saved as CSV UTF-8).
    for table in ("status_events.csv", "sources.csv"):
        _append_doc_rows(folder, table, "\r\n")
    code, out, _ = _cli(capsys, "dataset", "register", NAME, "--raw-dir", raw)
    assert code == 0 and "us-vietnam-2024/status_events.csv: recorded" in out
    assert b"\r" not in (raw / "MANIFEST.csv").read_bytes()
    code, out, _ = _cli(capsys, "validate", NAME, "--params-dir", params)
    # `dataset new` wrote every table, the optional ones with their header only.
    tables = len(schemas.TABLES) + len(schemas.OPTIONAL_TABLES)
    assert (code, out.strip()) == (0, f"{NAME}: parameters and {tables} input files are valid")
    code, _, err = _cli(capsys, "run", NAME, "--params-dir", params, "--output-dir", reports, "--quiet")
    assert code == 0, err
    html = (reports / NAME / "report.html").read_text(encoding="utf-8")
    # By hand from the fixture: furniture (ch. 94) 13,239,524,759 + wood (ch. 44) 993,864,903 dollars,
    # agreed since 2021-10-01, of 136,501,146,900 dollars of 2024 imports = 10.43%.
    # Both sectors have figures and no other status reaches them: the range is a point, printed as one number.
    assert "held 10.4% of the 2024 imports with VNM; stalled sectors held 0.0%." in html
    assert "natlawreview-2020-10-20" in html and "census-5520-imports-hs2-5520-monthly-2023-2024" in html


def test_validate_names_the_file_that_changed_after_register(tmp_path, capsys):
    raw, params = tmp_path / "raw", tmp_path / "params"
    folder = raw / NAME
    assert (
        main(
            [
                "dataset",
                "new",
                NAME,
                "--partner",
                "VNM",
                "--raw-dir",
                str(raw),
                "--params-dir",
                str(params),
                "--focus-year",
                "2024",
                "--compare-year",
                "2020",
                "--as-of",
                "2024-12-31",
                "--measure",
                "imports",
            ]
        )
        == 0
    )
    files = [CENSUS / "imports_hs2_5520_monthly_2023_2024.csv.gz", CENSUS / "imports_total_5520_monthly_2013_2024.csv"]
    assert (
        main(
            [
                "import",
                "census",
                *map(str, files),
                "--partner",
                "5520",
                "--vintage",
                "census_2025",
                "--sector-map",
                str(SECTOR_MAPS_DIR / "hs_chapters_vietnam.csv"),
                "--out",
                str(folder),
            ]
        )
        == 0
    )
    for table in ("status_events.csv", "sources.csv"):
        _append_doc_rows(folder, table)
    assert main(["dataset", "register", NAME, "--raw-dir", str(raw)]) == 0
    capsys.readouterr()
    # Friction 5: compare year 2020 has a total but no sector figures: a warning, and the data notes say so.
    code, out, _ = _cli(capsys, "validate", NAME, "--params-dir", params)
    assert code == 0
    assert out.splitlines()[1] == (
        f"{NAME}: warning: Imports by sector: figures for 2023-2024 only; 2020 has none, so its imports are one "
        "block of all other goods and the change by sector from 2020 is not a sector comparison."
    )
    from deficit_report.analysis.report import open_report

    notes = open_report(
        partner="VNM", focus_year=2024, compare_year=2020, as_of="2024-12-31", measure="imports", data_dir=str(folder)
    ).data_notes()
    assert any(note.startswith("Imports by sector: figures for 2023-2024 only; 2020 has none") for note in notes)
    # A changed file: validate names it and stops.
    with open(folder / "status_events.csv", "a", encoding="utf-8") as handle:
        handle.write("VNM,wood,2022-01-01,stalled,imports,,an edit after register,reuters-2021-10-01-timber\n")
    code, _, err = _cli(capsys, "validate", NAME, "--params-dir", params)
    assert code == 2
    assert re.fullmatch(
        rf"deficit-report: error: .*/{NAME}/status_events\.csv: changed since it was registered in .*MANIFEST\.csv "
        rf"\(sha256 there [0-9a-f]{{12}}\.\.\., now [0-9a-f]{{12}}\.\.\.\); if the change is meant, record it: "
        rf"deficit-report dataset register {NAME}\n",
        err,
    )


def test_dataset_new_writes_every_table_header_and_refuses_to_overwrite(tmp_path, capsys):
    from deficit_report.dataset.reference import all_tables

    raw, params = tmp_path / "raw", tmp_path / "params"
    args = ["dataset", "new", "x-1", "--partner", "VNM", "--raw-dir", str(raw), "--params-dir", str(params)]
    assert main(args) == 0
    for table, (schema, _) in all_tables().items():
        assert (raw / "x-1" / table).read_text(encoding="utf-8") == ",".join(schema.columns) + "\n"
    readme = (raw / "x-1" / "README.md").read_text(encoding="utf-8")
    assert "| `status` | text | The sector's (or policy's) status from this date on: a negotiation status" in readme
    run = (params / "x-1.yaml").read_text(encoding="utf-8")
    assert "partner: VNM\n" in run and "# focus_year: YYYY" in run
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(args) == 2
    assert capsys.readouterr().err.strip().endswith("x-1: already exists; expected a new name (nothing was written)")
    assert {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()} == before
