"""The default report, run through the command line into a temporary folder."""

from __future__ import annotations

import base64
import json
import re

import pytest

from cases import FRAMEWORK_DIR, installed_versions
from deficit_report.cli import main
from deficit_report.dataset.files import sha256_of

pytestmark = pytest.mark.slow
RUN = "us-japan-framework-1994"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    status = main(["run", RUN, "--output-dir", str(out), "--quiet"])
    return status, out / RUN


def test_run_writes_the_three_outputs(report):
    status, folder = report
    assert status == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "data",
        "manifest.json",
        "report.html",
        "report.ipynb",
        "report.xlsx",
    ]


def chart_images(html: str) -> list[tuple[str, str]]:
    """Return (base64 SVG, alt text) of every embedded SVG image, in page order."""
    images = []
    for tag in re.findall(r"<img\b[^>]*>", html):
        src = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', tag)
        alt = re.search(r'alt="([^"]*)"', tag)
        if src:
            images.append((src.group(1), alt.group(1) if alt else ""))
    return images


def test_every_chart_is_an_svg_with_a_real_description(report):
    html = (report[1] / "report.html").read_text()
    images = chart_images(html)
    # coverage (under the key findings), composition, contributions, timeline, coverage, coverage path,
    # history, claims, deal outcomes
    assert len(images) == 9
    for data, alt in images:
        assert base64.b64decode(data).startswith(b"<svg")
        assert alt and "No description has been provided" not in alt
    assert images[0][1].startswith("Share of the deficit by status. within reach or agreed: 0.0% to at most 44.1%")
    assert images[1][1] == "Share of the deficit by sector. Autos and auto parts 55.9%, All other goods 44.1%."


def test_html_loads_nothing_from_the_network(report):
    html = (report[1] / "report.html").read_text()
    assert not re.search(r"<(script|link|img|iframe|source)\b[^>]*\b(src|href)=[\"']?(https?:)?//", html, re.I)
    # (the key findings' class "mathjax_ignore" tells JupyterLab's MathJax to leave dollar amounts alone)
    page = html.lower().replace("mathjax_ignore", "")
    assert "require.js" not in html and "mathjax" not in page and "mermaid" not in page
    assert "<script src" not in html


def test_html_states_the_shares_and_the_bound(report):
    html = (report[1] / "report.html").read_text()
    assert "55.9%" in html and "44.1%" in html
    assert (
        "held 0.0% to at most 44.1% of the 1994 deficit with JPN, assuming that no goods inside all other goods" in html
    )
    assert "ct-1995-04-10" in html  # the press figure used for automotive, named
    assert "def " not in html and "open_report" not in html  # no input cells


def test_manifest_records_what_went_in(report):
    manifest = json.loads((report[1] / "manifest.json").read_text())
    assert manifest["status"] == "ok"
    assert manifest["parameters"]["as_of"] == "1994-06-06"
    assert manifest["inputs"]["us-japan-framework/figures.csv"] == sha256_of(FRAMEWORK_DIR / "figures.csv")
    assert manifest["outputs"]["report.html"] == sha256_of(report[1] / "report.html")
    # every recorded version is the installed one, not merely present
    assert manifest["packages"] == installed_versions()


def test_the_recent_run_uses_the_same_notebook_and_states_what_is_missing(tmp_path):
    assert main(["run", "us-japan-2024", "--output-dir", str(tmp_path), "--quiet"]) == 0
    html = (tmp_path / "us-japan-2024" / "report.html").read_text()
    assert "Exports by sector in 2024: no figures in this data" in html
    assert "33.9%" in html  # vehicles and parts: 50.3 of 148.4 bn of imports
    # context.csv of us-japan-recent records no claimed shares: one line, not an empty table or chart
    assert "No claims for this report's partner and periods." in html
    assert "Claimed and computed shares of the deficit: this dataset records no claimed shares." in html
    # the coverage chart under the key findings, six of the 1994 sections' seven (no claims) and coverage
    # per flow (imports by sector exist); no deal-outcome chart: one line says the data records none
    assert len(chart_images(html)) == 8
    assert "No deal outcome chart: this dataset records no deal outcomes." in html
    assert "Balance over time. Used figures: 2013 -73.3 bn" in html  # 65,237.4 - 138,575.3
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)=[\"']?(https?:)?//", html, re.I)


def test_every_cited_source_resolves_to_an_anchor_on_the_page(report):
    # issue 20: the contribution finding cited ct-1993-01-10 (the 1992 automotive estimate) and the source
    # list left it out, so its link led nowhere. Every source link, and every source id in the data behind
    # a table or chart, must name an entry of the source list on the same page.
    import csv

    html = (report[1] / "report.html").read_text()
    anchors = set(re.findall(r'id="source-([^"]+)"', html))
    linked = set(re.findall(r'href="#source-([^"]+)"', html))
    assert "ct-1993-01-10" in linked and linked <= anchors, sorted(linked - anchors)
    cited = set()
    for path in (report[1] / "data").glob("*.csv"):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            for column in ("source_id", "source_ids"):
                cited |= {i.strip() for i in (row.get(column) or "").split(";") if i.strip()}
    assert cited and cited <= anchors, sorted(cited - anchors)
