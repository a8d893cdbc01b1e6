"""index.html from manifests: every folder, deterministic, offline, relative links."""

from __future__ import annotations

import json
from pathlib import Path

from deficit_report.running.manifest import report_entries, write_index


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
    assert "<td>2024-05-01T10:00:00Z</td>" in page
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
