"""The index page: one HTML page listing every report folder of an output folder.

:func:`render_index` turns entries (one per report folder, read from the
reports' manifests by :func:`deficit_report.running.manifest.report_entries`)
into the page: each report's first key finding and headline numbers (the
balance, its change, the share under each status group) when its manifest has
them, and links to its page, PDF, workbook, notebook and manifest. A few lines
of inline script sort the table when a column heading is clicked (partner,
periods, as-of date...); nothing is loaded from elsewhere. The same entries
give the same bytes. Links are relative, so the folder can be moved, zipped or
served as it is.
"""

from __future__ import annotations

import html
from urllib.parse import quote

COLUMNS = (
    "Report",
    "Status",
    "Partner",
    "Periods",
    "As of",
    "Key finding",
    "Balance (USD bn)",
    "Change (USD bn)",
    "Share by status",
    "Generated (UTC)",
    "Files",
)
#: Sorts the table by a clicked heading (text, numbers in order); a second click reverses. No network.
_SORT_SCRIPT = """
document.querySelectorAll("th").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0], dir = th.dataset.dir === "up" ? -1 : 1;
    th.dataset.dir = dir === 1 ? "up" : "down";
    Array.from(body.rows).sort(function (a, b) {
      return dir * a.cells[col].textContent.localeCompare(b.cells[col].textContent, undefined, {numeric: true});
    }).forEach(function (row) { body.appendChild(row); });
  });
});
"""

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #1a1a1a; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.35rem 0.8rem; border-bottom: 1px solid #ddd; vertical-align: top;
         white-space: nowrap; }
th { background: #f3f3f3; }
.failed { color: #a40000; font-weight: bold; }
.ok { color: #1b6e20; }
.error { color: #555; font-size: 0.85em; min-width: 18rem; max-width: 30rem; white-space: normal; }
th { cursor: pointer; }
.finding { display: block; white-space: normal; min-width: 20rem; max-width: 34rem; font-size: 0.9em; }
.num { text-align: right; }
"""


def _bn(value, signed: bool = False) -> str:
    """Write USD millions as billions with one decimal ("" when missing), a change with its sign.

    Examples
    --------
    >>> _bn(-65700.0), _bn(None), _bn(2019.87, signed=True)
    ('-65.7', '', '+2.0')
    """
    return "" if value is None else f"{value / 1000:{'+' if signed else ''},.1f}"


def _shares(shares: dict) -> str:
    """Write each status group's share, a range where it is one.

    Examples
    --------
    >>> _shares({"within reach or agreed": [0.0, 0.4414], "stalled": [0.5586, 0.5586]})
    'within reach or agreed 0.0-44.1%<br>stalled 55.9%'
    """
    parts = []
    for group, (least, most) in shares.items():
        share = f"{least:.1%}" if abs(most - least) < 5e-4 else f"{least * 100:.1f}-{most:.1%}"
        parts.append(f"{html.escape(group)} {share}")
    return "<br>".join(parts)


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
    summary = entry.get("summary") or {}
    cells = [
        link,
        status,
        esc(str(entry["partner"])),
        esc(entry["periods"]),
        esc(str(entry["as_of"])),
        f'<span class="finding">{esc(summary.get("finding") or "")}</span>',
        _bn(summary.get("balance_usd_m")),
        _bn(summary.get("change_usd_m"), signed=True),
        _shares(summary.get("shares") or {}),
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
    >>> '<a href="japan/report.html">japan</a>' in page, "<script src" in page, "http" in page
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
        f"<script>{_SORT_SCRIPT}</script>\n</body>\n</html>\n"
    )
