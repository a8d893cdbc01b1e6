"""The index page: one HTML page listing every report folder of an output folder.

:func:`render_index` turns entries (one per report folder, read from the
reports' manifests by :func:`deficit_report.running.manifest.report_entries`)
into the page. The same entries give the same bytes: no build time, no script,
no stylesheet or font from elsewhere. Links are relative, so the folder can be
moved, zipped or served as it is.
"""

from __future__ import annotations

import html
from urllib.parse import quote

COLUMNS = ("Report", "Status", "Partner", "Periods", "As of", "Generated (UTC)", "Files")

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #1a1a1a; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.35rem 0.8rem; border-bottom: 1px solid #ddd; vertical-align: top;
         white-space: nowrap; }
th { background: #f3f3f3; }
.failed { color: #a40000; font-weight: bold; }
.ok { color: #1b6e20; }
.error { color: #555; font-size: 0.85em; min-width: 18rem; max-width: 30rem; white-space: normal; }
"""


def _row(entry: dict) -> str:
    """Return one table row of the index."""
    esc = html.escape
    base = quote(entry["folder"])
    main, title = entry.get("main"), esc(entry["folder"])
    link = f'<a href="{base}/{quote(main)}">{title}</a>' if main else title
    files = " · ".join(f'<a href="{base}/{quote(name)}">{esc(name)}</a>' for name in entry["files"])
    status = f'<span class="{esc(entry["status"])}">{esc(entry["status"])}</span>'
    if entry["error"]:
        status += f'<div class="error">{esc(entry["error"])}</div>'
    cells = [
        link,
        status,
        esc(str(entry["partner"])),
        esc(entry["periods"]),
        esc(str(entry["as_of"])),
        esc(str(entry["generated"])),
        files,
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def render_index(entries: list[dict], title: str = "Trade deficit composition reports") -> str:
    """Return the index page for ``entries`` (from :func:`report_entries`) as HTML text.

    Examples
    --------
    >>> page = render_index([{"folder": "japan", "run": "japan", "status": "ok", "error": None,
    ...                       "partner": "JPN", "periods": "1994 vs 1992", "as_of": "1994-06-06",
    ...                       "generated": "2024-01-02T03:04:05Z", "files": ["report.html"],
    ...                       "main": "report.html"}])
    >>> '<a href="japan/report.html">japan</a>' in page, "<script" in page, "http" in page
    (True, False, False)
    """
    head = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
    rows = "\n".join(_row(e) for e in entries) or f'<tr><td colspan="{len(COLUMNS)}">No reports yet.</td></tr>'
    failed = sum(e["status"] != "ok" for e in entries)
    summary = f"{len(entries)} report folders, {failed} failed." if entries else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>{summary}</p>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n"
        "</body>\n</html>\n"
    )
