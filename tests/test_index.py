"""index.html from manifests: every folder, deterministic, offline, relative links."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from deficit_report.running.manifest import INDEX_FILES, report_entries, write_index


def make_report(out: Path, folder: str, status: str, files=("report.html", "report.ipynb"), **parameters) -> None:
    """Write a report folder with a manifest and empty output files."""
    (out / folder).mkdir(parents=True)
    manifest = {
        "run": folder.removesuffix(".failed"),
        "status": status,
        "generated": "2024-05-01T10:00:00Z",
        "parameters": {"partner": "JPN", "focus_year": 1994, "compare_year": 1992, "as_of": "1994-06-06", **parameters},
        "error": "boom" if status == "failed" else None,
    }
    (out / folder / "manifest.json").write_text(json.dumps(manifest))
    for name in files:
        (out / folder / name).write_text("")


def test_entries_in_folder_name_order_with_failed_and_without_hidden(tmp_path):
    make_report(tmp_path, "zeta", "ok")
    make_report(tmp_path, "alpha.failed", "failed", files=("report.ipynb",))
    make_report(tmp_path, "alpha", "ok", as_of="1995-06-28")
    make_report(tmp_path, ".alpha.partial-1234abcd", "ok")
    (tmp_path / "not-a-report").mkdir()
    result = [(e["folder"], e["status"], e["as_of"], e["periods"], e["files"]) for e in report_entries(tmp_path)]
    expected = [
        ("alpha", "ok", "1995-06-28", "1994 vs 1992", ["report.html", "report.ipynb", "manifest.json"]),
        ("alpha.failed", "failed", "1994-06-06", "1994 vs 1992", ["report.ipynb", "manifest.json"]),
        ("zeta", "ok", "1994-06-06", "1994 vs 1992", ["report.html", "report.ipynb", "manifest.json"]),
    ]
    assert result == expected


def test_page_is_offline_and_links_are_relative(tmp_path):
    make_report(tmp_path, "a b&c", "ok")
    make_report(tmp_path, "x.failed", "failed", files=("report.ipynb",))
    page = write_index(tmp_path).read_text()
    assert '<a href="a%20b%26c/report.html">a b&amp;c</a>' in page
    assert '<a href="x.failed/report.ipynb">x.failed</a>' in page
    assert '<span class="failed">failed</span><div class="error">boom</div>' in page
    assert '<td class="small">2024-05-01T10:00:00Z</td>' in page
    assert "2 report folders, 1 failed." in page
    # the only script is the inline sorter; nothing is loaded from elsewhere
    assert page.count("<script") == 1 and "<script>" in page
    for external in ("<script src", "<link", "src=", "http:", "https:", "@import", "fetch(", "import("):
        assert external not in page


def test_same_reports_same_bytes_and_no_temporary_file_left(tmp_path):
    make_report(tmp_path, "b", "ok")
    make_report(tmp_path, "a", "ok")
    first = write_index(tmp_path).read_bytes()
    assert write_index(tmp_path).read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "index.html"]


def test_empty_output_dir(tmp_path):
    assert "No reports yet." in write_index(tmp_path).read_text()


def test_shares_say_of_which_flow_they_are(tmp_path):
    # Issue 21: "Share by status" named no flow. A balance report's shares are of the deficit; a report
    # whose coverage is per flow gives each share of its flow; an imports report's shares are of imports.
    make_report(tmp_path, "balance", "ok")
    make_report(tmp_path, "imports", "ok", measure="imports")
    for folder, shares in (("balance", {"stalled": [0.5586, 0.5586]}), ("imports", {"agreed": [0.1, 0.2]})):
        manifest = json.loads((tmp_path / folder / "manifest.json").read_text())
        manifest["summary"] = {"balance_usd_m": -65700.0, "change_usd_m": -16300.0, "shares": shares}
        (tmp_path / folder / "manifest.json").write_text(json.dumps(manifest))
    page = write_index(tmp_path).read_text()
    assert "stalled: 55.9% of the deficit" in page
    assert "agreed: 10.0-20.0% of imports" in page


@pytest.mark.slow
@pytest.mark.browser
def test_index_fits_1280_px_wide(tmp_path):
    # Issue 21: the index was 2,581 px wide at 1,280 (Change, Share, Files off-screen).
    if os.environ.get("DEFICIT_REPORT_SKIP_BROWSER") == "1" or not os.access("/usr/bin/chromium", os.X_OK):
        pytest.skip("no Chromium")
    from playwright.sync_api import sync_playwright

    for n in range(4):
        make_report(tmp_path, f"us-japan-framework-1994-as-of-1995-06-2{n}", "ok", files=INDEX_FILES[:-1])
        manifest = json.loads((tmp_path / f"us-japan-framework-1994-as-of-1995-06-2{n}" / "manifest.json").read_text())
        manifest["summary"] = {
            "finding": "The U.S. goods balance with JPN was -$65.7 bn in 1994, against -$49.4 bn in 1992: "
            "a change of -$16.3 bn, the largest of the decade and driven by automotive trade.",
            "balance_usd_m": -65700.0,
            "change_usd_m": -16300.0,
            "shares": {"within reach or agreed": [0.0, 0.4414], "stalled": [0.5586, 0.5586],
                       "imports: in talks": [0.1, 0.9]},
        }  # fmt: skip
        (tmp_path / f"us-japan-framework-1994-as-of-1995-06-2{n}" / "manifest.json").write_text(json.dumps(manifest))
    page_file = write_index(tmp_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(page_file.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        browser.close()
