"""``index.html``: one page listing every report folder in an output folder.

The page is built from the reports' ``manifest.json`` files only, so the same
reports give the same bytes: no build time, folders in name order, no script,
no stylesheet or font from elsewhere. Links are relative, so the folder can be
moved, zipped or served as it is.
"""

from __future__ import annotations

import html
import os
import uuid
from pathlib import Path
from urllib.parse import quote

from deficit_report.running.manifest import read_manifest

INDEX_FILE = "index.html"
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


def report_entries(output_dir: Path) -> list[dict]:
    """Return one entry per report folder (a visible folder with a manifest), in folder-name order.

    Examples
    --------
    >>> import json, tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> (out / "b").mkdir(); (out / "a.failed").mkdir(); (out / ".a.partial-1").mkdir()
    >>> _ = (out / "b" / "manifest.json").write_text(json.dumps({"run": "b", "status": "ok"}))
    >>> _ = (out / "a.failed" / "manifest.json").write_text(json.dumps({"run": "a", "status": "failed"}))
    >>> [(e["folder"], e["status"]) for e in report_entries(out)]
    [('a.failed', 'failed'), ('b', 'ok')]
    """
    entries = []
    for folder in sorted(Path(output_dir).iterdir(), key=lambda p: p.name):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        manifest = read_manifest(folder / "manifest.json")
        if manifest is None:
            continue
        params = manifest.get("parameters") or {}
        entries.append({
            "folder": folder.name,
            "run": manifest.get("run", folder.name),
            "status": manifest.get("status", "unknown"),
            "error": manifest.get("error"),
            "partner": params.get("partner", ""),
            "periods": _periods(params),
            "as_of": params.get("as_of", ""),
            "generated": manifest.get("generated", ""),
            "files": [name for name in ("report.html", "report.ipynb", "manifest.json")
                      if (folder / name).is_file()],
        })
    return entries


def _periods(params: dict) -> str:
    """Return ``"1994 vs 1992"`` (focus year against comparison year), or what there is of it."""
    focus, compare = params.get("focus_year"), params.get("compare_year")
    if focus is None:
        return ""
    return f"{focus} vs {compare}" if compare is not None else str(focus)


def _row(entry: dict) -> str:
    """Return one table row of the index."""
    esc = html.escape
    base = quote(entry["folder"])
    main = "report.html" if "report.html" in entry["files"] else "report.ipynb"
    title = esc(entry["folder"])
    link = f'<a href="{base}/{main}">{title}</a>' if main in entry["files"] else title
    files = " · ".join(f'<a href="{base}/{quote(name)}">{esc(name)}</a>' for name in entry["files"])
    status = f'<span class="{esc(entry["status"])}">{esc(entry["status"])}</span>'
    if entry["error"]:
        status += f'<div class="error">{esc(entry["error"])}</div>'
    cells = [link, status, esc(str(entry["partner"])), esc(entry["periods"]), esc(str(entry["as_of"])),
             esc(str(entry["generated"])), files]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def render_index(entries: list[dict], title: str = "Trade deficit composition reports") -> str:
    """Return the index page for ``entries`` (from :func:`report_entries`) as HTML text.

    Examples
    --------
    >>> page = render_index([{"folder": "japan", "run": "japan", "status": "ok", "error": None,
    ...                       "partner": "JPN", "periods": "1994 vs 1992", "as_of": "1994-06-06",
    ...                       "generated": "2024-01-02T03:04:05Z", "files": ["report.html"]}])
    >>> '<a href="japan/report.html">japan</a>' in page, "<script" in page, "http" in page
    (True, False, False)
    """
    head = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
    rows = "\n".join(_row(e) for e in entries) or f'<tr><td colspan="{len(COLUMNS)}">No reports yet.</td></tr>'
    failed = sum(e["status"] != "ok" for e in entries)
    summary = f"{len(entries)} report folders, {failed} failed." if entries else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>{summary}</p>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n"
        "</body>\n</html>\n"
    )


def write_index(output_dir: Path) -> Path:
    """Rebuild ``output_dir/index.html`` from the manifests there, replacing the old page atomically.

    Examples
    --------
    >>> import tempfile
    >>> write_index(Path(tempfile.mkdtemp())).name
    'index.html'
    """
    output_dir = Path(output_dir)
    page = render_index(report_entries(output_dir))
    target = output_dir / INDEX_FILE
    temporary = output_dir / f".{INDEX_FILE}.{uuid.uuid4().hex[:8]}"
    temporary.write_text(page, encoding="utf-8")
    os.replace(temporary, target)
    return target
