"""Issue 21 (a short page in plain words) and issue 23 item 5 (HTML from explicit marks, not guesses).

Each test states what a reader of the page sees; charts are checked through ``chart.to_dict()``.
Expected values are worked out from the dataset files named in each comment.
"""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from deficit_report.rendering import charts, labels, outcome_charts, tables, tariff_charts, time_charts
from deficit_report.rendering.html import ReportLayout, notebook_to_html
from deficit_report.running.runs import open_run

SNAKE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")


@pytest.fixture(scope="module")
def china():
    report = open_run("us-china-2019")
    labels.use(report)
    yield report
    labels.use(None)


@pytest.fixture(scope="module")
def japan():
    return open_run("us-japan-framework-1994")


# --------------------------------------------------------------------------- the layout, from cell tags


def _cell(kind, source="", tags=(), outputs=None):
    if kind == "md":
        return nbformat.v4.new_markdown_cell(source, metadata={"tags": list(tags)})
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)}, outputs=outputs or [])


def _shown(html: str) -> str:
    body = html.split("<main>", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", body).replace("¶", "").split())


def test_sections_with_nothing_to_show_are_left_out_listed_once_and_the_rest_numbered():
    # Before: html.py kept an empty section's heading and its "No ..." line, and deleted every untagged
    # Markdown cell of a section it guessed (by searching the output for "<table" or "<svg") had no figures.
    nothing = tables.missing("This dataset has no tariff series.")
    data, meta = nothing._repr_mimebundle_()
    empty = nbformat.v4.new_output("display_data", data, metadata=meta)
    table = nbformat.v4.new_output("display_data", {"text/html": "<p>a small table</p>"})
    nb = nbformat.v4.new_notebook(
        cells=[
            _cell("md", "placeholder", ["not-in-report"]),
            _cell("md", "**About this report.** Where does the deficit come from?"),  # untagged: always kept
            _cell("md", "## Tariffs as a measured status\n\nDashed rules mark the dates.", ["section"]),
            _cell("code", outputs=[empty]),
            _cell("md", "## Claims beside figures", ["section"]),
            _cell("code", outputs=[table]),
            _cell("md", "The change by exposure:", ["intro"]),
            _cell("code", outputs=[empty]),
            _cell("md", "### Policies", ["subsection"]),
            _cell("code", outputs=[empty]),
            _cell("md", "## Sources", ["appendix"]),
            _cell("code", outputs=[table]),
        ]
    )
    text = _shown(notebook_to_html(nb))
    assert "Not in this report (nothing to show for this data): Tariffs as a measured status, Policies." in text
    assert "About this report." in text
    assert "Dashed rules" not in text and "no tariff series" not in text and "change by exposure" not in text
    # numbered from 1 with no gap where Tariffs was, the appendix lettered
    assert "1. Claims beside figures" in text and "A. Sources" in text and "2. " not in text


def test_the_layout_reads_marks_not_markup():
    # A table whose HTML has no "<table" (a one-line summary) is content; the old guess dropped its section's text.
    summary = nbformat.v4.new_output("display_data", {"text/html": "<p>Market context: 10 rows</p>"})
    nb = nbformat.v4.new_notebook(
        cells=[
            _cell("md", "## Market-access context\n\nFacts that are not trade flows.", ["section"]),
            _cell("code", outputs=[summary]),
        ]  # fmt: skip
    )
    laid, _ = ReportLayout().preprocess(nb, {})
    assert laid.cells[0].source == "## 1. Market-access context\n\nFacts that are not trade flows."
    assert "omit-in-html" not in laid.cells[0].metadata.tags


# --------------------------------------------------------------------------- plain names


def test_tables_name_codes_plainly(china):
    # policies.csv: list_4a "Section 301 List 4A (about $120B, ...)"; status_events.csv: status agreed;
    # flows imports. sectors.csv: naics_990 is a Census special classification code (label "NAICS 990").
    shown = tables.display_table(china.policy_status()).frame
    assert "Section 301 List 4A" in set(shown["policy"])
    assert not any(SNAKE.search(str(v)) for v in shown.to_numpy().ravel() if not str(v).startswith("tl-"))
    assert "source" in shown.columns and "source_id" not in shown.columns
    comp = tables.display_table(china.composition()).frame
    assert "Census special classification 990 (not a NAICS industry)" in set(comp["sector"])


def test_status_lists_sectors_with_a_status_and_counts_the_rest(china):
    # status_events.csv of us-china-tradewar: every event is a policy's or names a flow; no NAICS sector has
    # an event of its own on or before 2019-12-31; policy_sectors.csv names 30 of the 31 (not naics_980).
    table = tables.status_table(china.status(), "2019-12-31")
    assert table.frame.empty
    assert table.caption == (
        "31 sectors without an event of their own on or before 2019-12-31 are not listed (policies reach 30 of them)."
    )
    assert len(table.data) == 31  # the data file keeps every sector


def test_findings_name_the_partner(japan):
    labels.use(japan)
    try:
        shown = tables.findings(japan.key_findings()).html
    finally:
        labels.use(None)
    assert "deficit with Japan" in shown and "JPN" not in shown


def test_headline_is_never_folded(china):
    # the China headline has six rows (two totals, the change, two sums of the sectors, their change)
    html = tables.display_table(china.headline(), fold=False)._repr_html_()
    assert len(china.headline()) == 6 and "<details>" not in html


# --------------------------------------------------------------------------- charts


def test_contributions_are_sorted_by_size(china):
    # contributions of the China run (tests/test_china_findings.py): 334 +37.1 bn first, then 336 -8.7 bn,
    # 111 -5.4 bn, ... by absolute size; all other goods last
    spec = charts.contribution_chart(china.contributions()).chart.to_dict()
    order = spec["layer"][0]["encoding"]["y"]["sort"]
    assert order[:3] == [
        "Computer and Electronic Product Manufacturing",
        "Transportation Equipment Manufacturing",
        "Crop Production",
    ]
    contrib = china.contributions().set_index("label")["change_usd_m"].abs()
    sizes = [contrib[label] for label in order if label != "All other goods"]
    assert sizes == sorted(sizes, reverse=True)


def test_balance_over_time_draws_exports_imports_and_the_used_vintage_on_top(japan):
    # figures.csv (us-japan-framework): exports and imports of the total for 1992, 1993 (revised), 1995 and
    # 1997 (first release); the balance in two vintages for several years
    figure = time_charts.history_chart(japan.balance_history(), japan.flow_history())
    spec = figure.chart.to_dict()
    assert spec["title"] == "Exports, imports and the balance over time"
    layers = spec["layer"]
    filters = [str(layer.get("transform", "")) for layer in layers]
    others = next(i for i, f in enumerate(filters) if "!datum.used" in f or "!(datum.used)" in f)
    used = max(i for i, f in enumerate(filters) if "datum.used" in f and "!" not in f and "highlight" not in f)
    assert others < used  # drawn first: the used figure's marker lies on top
    series = {row["series"] for row in spec["datasets"][spec["data"]["name"]]}
    assert {"exports", "imports", "balance"} <= series
    assert not any(SNAKE.search(str(row["vintage"])) for row in spec["datasets"][spec["data"]["name"]])


def test_tariff_panels_name_the_five_highest_and_grey_the_rest(china):
    spec = tariff_charts.tariff_chart(
        china.tariff_series(), china.tariff_action_dates(), china.tariff_changes()
    ).chart.to_dict()
    for panel in spec["vconcat"]:
        texts = [layer for layer in panel["layer"] if layer["mark"]["type"] == "text"]
        greys = [layer for layer in panel["layer"] if layer["mark"].get("color") == tariff_charts.OTHER_LINES]
        assert len(texts) == 1 and len(greys) == 1
        assert len(texts[0]["encoding"]["color"]["scale"]["domain"]) == 5  # five sectors named, in colour
        assert "5 highest named" in panel["title"]


def test_deal_outcome_panels_have_plain_titles(japan):
    figure = outcome_charts.outcome_chart(japan.outcome_path(), japan.shares_met())
    spec = figure.chart.to_dict()
    panels = {row["panel"] for row in spec["datasets"][spec["data"]["name"]]}
    assert panels and not any(SNAKE.search(p) for p in panels), panels
    assert not SNAKE.search(figure.description.split(". ")[0])


def test_status_legends_use_words(japan):
    # status_events.csv as of 1994-06-06: medical and telecom within_reach; the legend says "within reach"
    spec = time_charts.timeline_chart(japan.status_bands(), japan.params.as_of).chart.to_dict()
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert "within reach" in domain and "within_reach" not in domain


def test_context_box_gives_basis_and_says_when_data_is_missing(japan):
    lines = tables.context_lines(japan)
    # headline.csv basis of both used figures: census (figures.csv lines 3 and 11)
    assert lines[0].startswith("Figures: U.S. Census basis")
    assert "not seasonally adjusted" in lines[0] and "current U.S. dollars" in lines[0]
    # the project holds no all-country totals for 1994: said, not estimated
    assert lines[-1] == (
        "Japan's share of the total U.S. goods deficit in 1994 and its rank among partners: not available in "
        "this report's data."
    )


def test_contribution_chart_keeps_all_other_goods_last():
    c = pd.DataFrame(
        {"sector": ["a", "all_other_goods", "b"], "label": ["A", "All other goods", "B"],
         "change_usd_m": [-100.0, -900.0, 500.0], "share_of_change": [0.2, 1.8, -1.0]}
    )  # fmt: skip
    order = charts.contribution_chart(c).chart.to_dict()["layer"][0]["encoding"]["y"]["sort"]
    assert order == ["B", "A", "All other goods"]
