"""The files a reader takes away: data/*.csv and report.xlsx under every table and chart, the PDF, the index.

The default report is run twice through the command line (the first time with ``--pdf`` when
Chromium is present); expected values are worked out by hand from data/raw/us-japan-framework
(line numbers cited).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from deficit_report.cli import main
from deficit_report.dataset.files import sha256_of
from deficit_report.running import pdf as pdf_
from readme_numbers import readme_number

pytestmark = pytest.mark.slow
RUN = "us-japan-framework-1994"
HAS_CHROMIUM = os.access(pdf_.chromium_path(), os.X_OK) and os.environ.get("DEFICIT_REPORT_SKIP_BROWSER") != "1"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    assert main(["run", RUN, "--output-dir", str(first), "--quiet", *(["--pdf"] if HAS_CHROMIUM else [])]) == 0
    assert main(["run", RUN, "--output-dir", str(second), "--quiet"]) == 0
    return first / RUN, second / RUN


def data_files(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "data").glob("*.csv"))


def test_every_table_and_chart_links_its_csv_and_the_workbook(runs):
    folder = runs[0]
    html = (folder / "report.html").read_text()
    linked = set(re.findall(r'href="data/([^"]+\.csv)"', html))
    assert linked and linked <= set(data_files(folder))  # every link resolves
    # each displayed table is followed by its data line before the next table
    for table in html.split('<table class="dataframe deficit-report-table"')[1:]:
        assert '<p class="report-data">Data: <a href="data/' in table.split("</table>", 1)[1].split("<table", 1)[0]
    # each chart too: 9 images (the notebook's nine charts, tests/test_papermill_direct.py), 9 data lines after them
    assert html.count('data-mime-type="image/svg+xml"') == 9
    assert len(re.findall(r"<img [^>]*>\s*<p class=\"report-data\">Data: <a href=\"data/chart_", html)) == 9
    for name in ("headline", "composition", "coverage", "coverage_by_market", "status_bands", "claims", "sources"):
        assert f"{name}.csv" in linked


def test_csv_values_are_unrounded_with_units_in_the_column_names(runs):
    data = runs[0] / "data"
    headline = pd.read_csv(data / "headline.csv").set_index("item")["value_usd_m"]
    # figures.csv lines 4-5 (47,800 - 97,200) and 11 (-65,700); change -16,300
    assert headline.to_dict() == {"1992 balance": -49400.0, "1994 balance": -65700.0,
                                  "change in balance, 1992 to 1994": -16300.0}  # fmt: skip
    composition = pd.read_csv(data / "composition.csv").set_index("sector")
    assert "share_fraction" in composition.columns and "value_usd_m" in composition.columns
    # line 25: -36,700 / -65,700, kept to full precision (the page shows 55.9%)
    assert composition.loc["automotive", "share_fraction"] == pytest.approx(36700 / 65700, rel=1e-12)
    assert pd.isna(composition.loc["medical_equipment", "value_usd_m"])  # no figure stays empty, never 0
    coverage = pd.read_csv(data / "coverage.csv").set_index("group")
    assert coverage.loc["within reach or agreed", "share_at_most_fraction"] == pytest.approx(29000 / 65700)
    chart = pd.read_csv(data / "chart_share_of_the_deficit_by_sector.csv")
    assert list(chart["label"]) == ["Autos and auto parts", "All other goods"]
    sources = pd.read_csv(data / "sources.csv")
    assert {"source_id", "publisher", "url", "quote"} <= set(sources.columns)
    assert "ap-1995-02-18" in set(sources["source_id"])


def test_workbook_has_a_sheet_per_table_sources_and_parameters(runs):
    with zipfile.ZipFile(runs[0] / "report.xlsx") as book:
        sheets = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
        core = book.read("docProps/core.xml").decode()
        dates = {info.date_time for info in book.infolist()}
        contents = book.read("xl/worksheets/sheet1.xml").decode() + book.read("xl/sharedStrings.xml").decode()
    tables = [name.removesuffix(".csv") for name in data_files(runs[0])]
    assert sheets[0] == "contents" and sheets[-2:] == ["sources", "parameters"]
    assert len(sheets) == len(tables) + 2  # contents, one sheet per CSV (sources among them), parameters
    for table in tables:  # contents names each table's CSV
        assert f"data/{table}.csv" in contents
    # no clock in the file: fixed document dates and zip entry dates
    assert "1980-01-01T00:00:00Z" in core and dates == {(1980, 1, 31, 0, 0, 0)}


XLSX = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def workbook_sheets(path: Path) -> dict[str, list[list[tuple[str, str]]]]:
    """Every sheet of a workbook by name: rows of (value as text, number format) cells, read from its XML."""
    import xml.etree.ElementTree as ET

    tag = f"{{{XLSX['m']}}}"
    with zipfile.ZipFile(path) as book:
        names = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
        strings = [
            "".join(t.text or "" for t in si.iter(f"{tag}t")) for si in ET.fromstring(book.read("xl/sharedStrings.xml"))
        ]
        styles = ET.fromstring(book.read("xl/styles.xml"))
        codes = {n.get("numFmtId"): n.get("formatCode") for n in styles.iter(f"{tag}numFmt")}
        cell_formats = [codes.get(xf.get("numFmtId"), "General") for xf in styles.find("m:cellXfs", XLSX)]
        sheets = {}
        for number, name in enumerate(names, start=1):
            rows = []
            for row in ET.fromstring(book.read(f"xl/worksheets/sheet{number}.xml")).iter(f"{tag}row"):
                cells: list[tuple[str, str]] = []
                for cell in row.findall("m:c", XLSX):
                    letters = cell.get("r").rstrip("0123456789")
                    column = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters)))
                    cells += [("", "General")] * (column - 1 - len(cells))  # an empty cell is not written
                    value = cell.findtext("m:v", "", XLSX)
                    text = strings[int(value)] if cell.get("t") == "s" else value
                    cells.append((text, cell_formats[int(cell.get("s", 0))]))
                rows.append(cells)
            sheets[name] = rows
    return sheets


def test_no_file_or_sheet_is_empty_or_one_cell(runs):
    folder = runs[0]
    # The 1994 events name no flow and the data has no tariff series, no non-trade issue, no policy and no
    # share met on one basis: balance_effect, change_by_exposure, non_trade_issues, policy_status and
    # shares_met have no rows (the page says so in a line) and were written as empty files (balance_effect.csv
    # a bare newline). Two charts draw a rule (at zero; at the as-of date) from a one-row frame, written as
    # chart_..._2.csv holding "x / 0".
    names = data_files(folder)
    for gone in ("balance_effect", "change_by_exposure", "non_trade_issues", "policy_status", "shares_met"):
        assert f"{gone}.csv" not in names
    assert not [name for name in names if re.search(r"_\d\.csv$", name)], names
    for name in names:
        frame = pd.read_csv(folder / "data" / name)
        assert len(frame) >= 1 and frame.size > 1, name
    for sheet, rows in workbook_sheets(folder / "report.xlsx").items():
        assert len(rows) >= 2 and sum(len(row) for row in rows) > 2, sheet


def test_workbook_sheet_names_contents_units_and_number_formats(runs):
    folder = runs[0]
    sheets = workbook_sheets(folder / "report.xlsx")
    names = list(sheets)
    # short, distinct (Excel ignores case), whole words, never cut inside a word as before
    # ("chart_share_of_the_deficit_by_", "chart_share_of_the_deficit_b_2")
    assert all(len(name) <= 31 for name in names) and len({n.lower() for n in names}) == len(names)
    assert {"chart share deficit by sector", "chart share deficit by status", "coverage by market"} <= set(names)
    # the contents sheet: one row per table sheet with its title, section, units, CSV file and rows
    header, *rows = [[value for value, _ in row] + [""] * (6 - len(row)) for row in sheets["contents"]]
    assert header == ["sheet", "title", "section", "units", "csv_file", "rows"]
    assert [row[0] for row in rows] == names[1:-1]
    contents = {row[0]: row for row in rows}
    for sheet, _title, _section, _units, csv_file, count in rows:
        assert int(count) == len(pd.read_csv(folder / csv_file)) == len(sheets[sheet]) - 1, sheet
    _, title, section, units, csv_file, _ = contents["chart share deficit by sector"]
    assert (title, section, csv_file) == (
        "Share of the deficit by sector", "2. Composition", "data/chart_share_of_the_deficit_by_sector.csv"
    )  # fmt: skip
    assert units == "share_fraction: share, a fraction of 1 (shown as a percentage)"
    # millions and billions side by side are named: the balance chart draws billions from the millions
    assert contents["chart balance over time"][3] == (
        "value_usd_m: U.S. dollars, millions; value_usd_bn: U.S. dollars, billions"
    )
    # number formats: automotive's row in composition, figures.csv line 25: -36,700 and 36,700 / 65,700
    header, *rows = sheets["composition"]
    automotive = dict(zip([h for h, _ in header], next(row for row in rows if row[0][0] == "automotive")))
    assert automotive["value_usd_m"] == ("-36700", "#,##0.0##")
    value, shown_as = automotive["share_fraction"]
    assert float(value) == pytest.approx(36700 / 65700) and shown_as == "0.0%"  # shows 55.9%, keeps the fraction


def test_data_files_and_workbook_are_byte_identical_across_runs_and_in_the_manifest(runs):
    first, second = runs
    assert data_files(first) == data_files(second)
    for name in [f"data/{n}" for n in data_files(first)] + ["report.xlsx"]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    outputs = json.loads((first / "manifest.json").read_text())["outputs"]
    for name in [f"data/{n}" for n in data_files(first)] + ["report.xlsx"]:
        assert outputs[name] == sha256_of(first / name)


def test_index_shows_the_first_finding_headline_numbers_and_links(runs):
    page = (runs[0].parent / "index.html").read_text()
    assert "The U.S. goods balance with JPN was -$65.7 bn in 1994" in page
    assert re.search(r'>-65\.7</td>\s*<td class="num" data-sort="-163\d\d[.\d]*">-16\.3</td>', page)
    # each share says of what it is a share (issue 21): here of the deficit
    assert "stalled: 55.9% of the deficit" in page and "within reach or agreed: 0.0-44.1% of the deficit" in page
    assert f'<a href="{RUN}/report.xlsx">report.xlsx</a>' in page
    if HAS_CHROMIUM:
        assert f'<a href="{RUN}/report.pdf">report.pdf</a>' in page


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in PdfReader(path).pages]


@pytest.mark.browser
@pytest.mark.skipif(not HAS_CHROMIUM, reason="Chromium not found: no PDF to check (apt-get install -y chromium)")
def test_pdf_holds_the_key_numbers_on_every_page_none_blank(runs):
    pages = pdf_text(runs[0] / "report.pdf")
    # The page count the README states (folded tables opened); a change of the page updates both.
    assert len(pages) == readme_number("default_report_pdf_pages"), len(pages)
    assert all(len(text) > 100 for text in pages), [len(t) for t in pages]  # no blank page (header alone ~100)
    first = pages[0]
    for key in ("-$65.7 bn", "55.9%", "held 0.0% to at most 44.1%", "-$6.9 bn (42.3%)", "Key findings"):
        assert key in first, key
    # the running header: title and as-of date on every page
    assert all("status as of 1994-06-06" in text for text in pages)
    # charts are vectors: their words are text in the PDF, and no page holds a raster image
    assert "Share of the deficit by status" in first and "Share of the total" in first
    from pypdf import PdfReader

    assert [len(page.images) for page in PdfReader(runs[0] / "report.pdf").pages] == [0] * len(pages)


@pytest.mark.browser
@pytest.mark.skipif(not HAS_CHROMIUM, reason="Chromium not found (apt-get install -y chromium)")
def test_pdf_on_letter_paper(runs, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "letter.pdf"
    assert pdf_.print_pdf(runs[1] / "report.html", out, title="t", as_of="1994-06-06", paper="letter") is None
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # 8.5 x 11 in


def test_without_chromium_the_pdf_step_says_so_in_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("DEFICIT_REPORT_CHROMIUM", str(tmp_path / "no-chromium"))
    line = pdf_.print_pdf(tmp_path / "r.html", tmp_path / "r.pdf", title="t", as_of="x")
    assert line.startswith("no PDF written: Chromium not found at ") and "apt-get install -y chromium" in line
    assert "\n" not in line and not (tmp_path / "r.pdf").exists()


def test_contents_and_section_references_come_from_the_page(runs):
    html = (runs[0] / "report.html").read_text()
    headings = re.findall(r'<h2 id="([^"]+)">', html)
    nav = re.search(r'<nav class="report-toc".*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="#([^"]+)"', nav) == headings  # every section, in page order
    assert headings[0] == "Key-findings" and headings[-1] == "14.-Sources"
    assert "#section:" not in html  # every reference resolved to a heading's anchor
    for anchor in set(re.findall(r'<a href="#([^"]+)">section \d+', html)):
        assert anchor in headings
    # the opening text's pointer to the sources: the number is the page's, not typed in the notebook
    assert '(<a href="#14.-Sources">section 14, Sources</a>)' in html


def test_long_tables_fold_and_short_ones_do_not(runs):
    html = (runs[0] / "report.html").read_text()
    # status_events.csv holds 32 events for this case (lines 2-33): folded, with a one-line summary
    # the hint is for the screen; the print stylesheet hides it (the PDF opens every folded table)
    assert '<summary>Status bands: 32 rows <span class="report-fold-hint">(click to show)</span></summary>' in html
    # the headline's three rows stay open
    headline = html.split('id="1.-Headline"')[1].split("<h2")[0]
    assert "<details>" not in headline and "1994 balance" in headline


def test_a_chromium_that_fails_leaves_no_pdf_and_one_line(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("DEFICIT_REPORT_CHROMIUM", str(fake))
    (tmp_path / "r.html").write_text("<p>x</p>")
    line = pdf_.print_pdf(tmp_path / "r.html", tmp_path / "r.pdf", title="t", as_of="x")
    assert line.startswith(f"no PDF written: Chromium at {fake} failed (") and "\n" not in line
    assert not (tmp_path / "r.pdf").exists()


def test_a_section_with_nothing_to_show_is_its_heading_and_one_line(runs):
    # The 1994 data has no tariff series: section 8 used to print its paragraph about dashed rules and
    # line colours above "This dataset has no tariff series". The notebook keeps the paragraph.
    html = (runs[0] / "report.html").read_text(encoding="utf-8")
    section = html.split('id="8.-Tariffs-as-a-measured-status"', 1)[1].split("<h2", 1)[0]
    assert "This dataset has no tariff series: no tariff chart and no change by tariff exposure." in section
    assert "Dashed rules mark the dates" not in section and "The change in each flow" not in section
    notebook = (runs[0] / "report.ipynb").read_text(encoding="utf-8")
    assert "Dashed rules mark the dates" in notebook
    # a section with a chart or a table keeps its description (section 10, the balance over time)
    assert "The partner balance for every year with data" in html
