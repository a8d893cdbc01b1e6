"""The index pages: every report folder of an output folder, and the world index of ``deficit-report world``.

Both pages are Jinja2 templates (``templates/index/``, autoescaped: no text is
built into markup by hand) filled from plain values prepared here.

:func:`render_index` lists report folders (entries read from the reports'
manifests by :func:`deficit_report.running.manifest.report_entries`): each
report's first key finding and headline numbers (the balance, its change, the
share under each status group, saying of which flow or balance each share is)
and links to its files.

:func:`render_world_index` lists partners (rows of
:func:`deficit_report.analysis.world.world_rows`): the balance, its change, the
largest sector and its share of the deficit (or surplus), the three sectors
that moved the balance most in the direction of its change, and the status
coverage where the partner's report has status data.

Both fit one screen 1,280 px wide (text cells wrap), sort by a clicked column
heading (numbers by value, via ``data-sort``), load nothing from elsewhere, and
carry a Content-Security-Policy that allows only their own script and style by
hash: the script is static, so its hash never changes. The same input gives
the same bytes. Links are relative, so the folder can be moved or served as it is.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from urllib.parse import quote

from markupsafe import Markup

from deficit_report.paths import TEMPLATES_DIR
from deficit_report.vocabulary import MEASURE_WORDS

COLUMNS = (
    "Report",
    "Status",
    "Partner",
    "Periods",
    "Key finding",
    "Balance (USD bn)",
    "Change (USD bn)",
    "Share by status (of which flow)",
    "Generated (UTC)",
)
#: Sorts a table by a clicked heading: numbers by their data-sort value (blank last), text in order;
#: a second click reverses. Static text, so its CSP hash is stable. No network.
SORT_SCRIPT = """
document.querySelectorAll("th").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0], dir = th.dataset.dir === "up" ? -1 : 1;
    th.dataset.dir = dir === 1 ? "up" : "down";
    var num = function (cell) {
      var v = cell.dataset.sort;
      return v === undefined || v === "" ? NaN : Number(v);
    };
    Array.from(body.rows).sort(function (a, b) {
      var x = num(a.cells[col]), y = num(b.cells[col]);
      if (a.cells[col].dataset.sort !== undefined || b.cells[col].dataset.sort !== undefined) {
        if (isNaN(x) || isNaN(y)) { return isNaN(x) - isNaN(y); }
        return dir * (x - y);
      }
      return dir * a.cells[col].textContent.localeCompare(b.cells[col].textContent, undefined, {numeric: true});
    }).forEach(function (row) { body.appendChild(row); });
  });
});
"""

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1rem; color: #1a1a1a;
       max-width: 1240px; }
h1 { font-size: 1.4rem; }
p { max-width: 70rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
th, td { text-align: left; padding: 0.3rem 0.45rem; border-bottom: 1px solid #ddd; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #f3f3f3; cursor: pointer; }
.failed { color: #a40000; font-weight: bold; }
.ok { color: #1b6e20; }
.error { color: #555; font-size: 0.85em; }
.finding { min-width: 14rem; }
.num { text-align: right; white-space: nowrap; }
.small, .files { font-size: 0.8em; color: #444; }
.name { min-width: 8rem; }
"""


def _sha256(text: str) -> str:
    """Return the CSP source of an inline element's text: ``'sha256-<base64>'``.

    Examples
    --------
    >>> _sha256("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode()}'"


#: Nothing from elsewhere; only this page's own script and style, by hash; no forms, no base changes.
CSP = (
    f"default-src 'none'; script-src {_sha256(SORT_SCRIPT)}; style-src {_sha256(STYLE)}; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'"
)


@cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR / "index"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def _page(template: str, **values) -> str:
    common = {"csp": CSP, "style": Markup(STYLE), "script": Markup(SORT_SCRIPT)}
    return _environment().get_template(template).render(**common, **values)


def _bn(value, signed: bool = False) -> str:
    """Write USD millions as billions with one decimal ("" when missing), a change with its sign.

    Examples
    --------
    >>> _bn(-65700.0), _bn(None), _bn(2019.87, signed=True)
    ('-65.7', '', '+2.0')
    """
    return "" if value is None else f"{value / 1000:{'+' if signed else ''},.1f}"


def _bn_small(value: float) -> str:
    """Write a signed USD-millions amount in billions, with more decimals below $50 million (never "-0.0").

    Examples
    --------
    >>> _bn_small(5075.0), _bn_small(-12.3), _bn_small(0.4)
    ('+5.1', '-0.012', '+0.000')
    """
    return _bn(value, signed=True) if abs(value) >= 50 else f"{value / 1000:+.3f}"


def _sort_key(value) -> str:
    """The data-sort value of a number: plain text, "" when missing.

    Examples
    --------
    >>> _sort_key(-65700.0), _sort_key(None)
    ('-65700.0', '')
    """
    return "" if value is None else repr(float(value))


def _percent(least: float, most: float) -> str:
    """Write a share, or a range where it is one.

    Examples
    --------
    >>> _percent(0.0, 0.4414), _percent(0.5586, 0.5586)
    ('0.0-44.1%', '55.9%')
    """
    return f"{least:.1%}" if abs(most - least) < 5e-4 else f"{least * 100:.1f}-{most:.1%}"


def share_lines(shares: dict, measure: str = "balance", balance_usd_m: float | None = None) -> list[str]:
    """Write each status group's share saying of which flow (or balance) it is.

    Keys ``"imports: <group>"`` are shares of a flow (coverage given per flow); other keys are shares
    of the report's measure: the deficit (a surplus when the balance is positive), imports or exports.

    Examples
    --------
    >>> share_lines({"within reach or agreed": [0.0, 0.4414], "stalled": [0.5586, 0.5586]})
    ['within reach or agreed: 0.0-44.1% of the deficit', 'stalled: 55.9% of the deficit']
    >>> share_lines({"imports: within reach or agreed": [0.0, 0.9563]}, "balance")
    ['within reach or agreed: 0.0-95.6% of imports']
    """
    word = MEASURE_WORDS.get(measure, measure)
    if measure == "balance" and balance_usd_m is not None and balance_usd_m > 0:
        word = "surplus"
    whole = f"the {word}" if word in ("deficit", "surplus") else word
    lines = []
    for key, (least, most) in shares.items():
        flow, _, group = key.partition(": ")
        if group and flow in ("imports", "exports"):
            lines.append(f"{group}: {_percent(least, most)} of {flow}")
        else:
            lines.append(f"{key}: {_percent(least, most)} of {whole}")
    return lines


def _entry(entry: dict) -> dict:
    """Prepare one report folder's row: links quoted, numbers written, shares in words."""
    summary = entry.get("summary") or {}
    balance, change = summary.get("balance_usd_m"), summary.get("change_usd_m")
    return {
        "folder": entry["folder"],
        "base": quote(entry["folder"]),
        "main": entry.get("main"),
        "main_href": quote(entry.get("main") or ""),
        "files": [{"name": name, "href": quote(name)} for name in entry["files"]],
        "status": entry["status"],
        "error": entry["error"],
        "partner": str(entry["partner"]),
        "periods": entry["periods"],
        "as_of": str(entry["as_of"] or ""),
        "finding": summary.get("finding") or "",
        "balance": _bn(balance),
        "balance_sort": _sort_key(balance),
        "change": _bn(change, signed=True),
        "change_sort": _sort_key(change),
        "shares": share_lines(summary.get("shares") or {}, entry.get("measure") or "balance", balance),
        "generated": str(entry["generated"]),
    }


def render_index(entries: list[dict], title: str = "Trade deficit composition reports") -> str:
    """Return the index page for ``entries`` (from :func:`report_entries`) as HTML text.

    Examples
    --------
    >>> page = render_index([{"folder": "japan", "run": "japan", "status": "ok", "error": None,
    ...                       "partner": "JPN", "periods": "1994 vs 1992", "as_of": "1994-06-06",
    ...                       "generated": "2024-01-02T03:04:05Z", "files": ["report.html"],
    ...                       "main": "report.html"}])
    >>> '<a href="japan/report.html">japan</a>' in page, "<script src" in page, "http:" in page
    (True, False, False)
    """
    failed = sum(e["status"] != "ok" for e in entries)
    summary = f"{len(entries)} report folders, {failed} failed." if entries else ""
    return _page("reports.html.j2", title=title, columns=COLUMNS, entries=[_entry(e) for e in entries], summary=summary)


def world_columns(year: int, compare: int) -> tuple[str, ...]:
    """The world index's column headings.

    Examples
    --------
    >>> world_columns(2025, 2024)[:3]
    ('Partner', 'Balance 2025 (USD bn)', 'Change from 2024 (USD bn)')
    """
    return (
        "Partner",
        f"Balance {year} (USD bn)",
        f"Change from {compare} (USD bn)",
        "Largest sector: its share of the deficit (or surplus)",
        f"Top three contributors to the change, {compare}-{year} (USD bn)",
        "Status coverage",
    )


def _largest(row: dict, labels: dict) -> str:
    """Write the largest sector and its share of the partner's deficit or surplus.

    Examples
    --------
    >>> _largest({"largest_sector": "naics_336", "largest_share": 0.6798, "largest_usd_m": -43428.8,
    ...           "balance_usd_m": -63883.0}, {"naics_336": "Transportation Equipment"})
    'Transportation Equipment: 68.0% of the deficit (-43.4)'
    """
    sector = row.get("largest_sector")
    if not isinstance(sector, str):
        return "no sector with both flows"
    word = "deficit" if row["balance_usd_m"] < 0 else "surplus"
    return f"{labels.get(sector, sector)}: {row['largest_share']:.1%} of the {word} ({_bn(row['largest_usd_m'])})"


def _contributors(row: dict, labels: dict) -> list[str]:
    """Write each contributor to the change with its signed amount.

    Examples
    --------
    >>> _contributors({"contributors": [("naics_336", 5075.0)]}, {"naics_336": "Transportation Equipment"})
    ['Transportation Equipment +5.1']
    """
    return [f"{labels.get(sector, sector)} {_bn_small(usd_m)}" for sector, usd_m in row["contributors"]]


def world_row(row: dict, *, name: str, labels: dict, href: str | None, failed: bool, coverage: list[str]) -> dict:
    """Prepare one partner's row of the world index (words and sort keys)."""
    return {
        "name": name,
        "href": href,
        "failed": failed,
        "balance": _bn(row["balance_usd_m"]),
        "balance_sort": _sort_key(row["balance_usd_m"]),
        "change": _bn(row["change_usd_m"], signed=True),
        "change_sort": _sort_key(row["change_usd_m"]),
        "largest": _largest(row, labels),
        "largest_sort": _sort_key(row.get("largest_share") if isinstance(row.get("largest_sector"), str) else None),
        "contributors": _contributors(row, labels) or ["no sector moved the balance that way"],
        "coverage": "; ".join(coverage) if coverage else "no status data",
    }


def render_world_index(rows: list[dict], *, title: str, intro: list[str], notes: list[str], columns) -> str:
    """Return the world index page: one row per partner (from :func:`world_row`), sortable, offline.

    Examples
    --------
    >>> r = world_row({"balance_usd_m": -63883.0, "change_usd_m": 5509.1, "largest_sector": "naics_336",
    ...     "largest_share": 0.6798, "largest_usd_m": -43428.8, "contributors": [("naics_336", 5075.0)]},
    ...     name="Japan", labels={}, href="japan/report.html", failed=False, coverage=[])
    >>> page = render_world_index([r], title="t", intro=[], notes=[], columns=world_columns(2025, 2024))
    >>> '<a href="japan/report.html">Japan</a>' in page, 'data-sort="-63883.0">-63.9<' in page
    (True, True)
    """
    return _page("world.html.j2", title=title, columns=columns, rows=rows, intro=intro, notes=notes)
