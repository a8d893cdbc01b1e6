"""The data behind each table and chart, recorded in the notebook's output for the runner to write out.

A table or chart shown in a report carries, in its output's metadata under
:data:`EXPORT_KEY`, the unrounded frame it was drawn from and a name. The
running layer (:mod:`deficit_report.running.exports`) reads those records from
the executed notebook and writes ``data/<name>.csv`` and ``report.xlsx``; the
HTML links each file under its table or chart. No frame is listed by hand: a
new section's table is exported because it is shown.

A frame's name comes from the report facade (``frame.attrs["name"]``: the
section's method, e.g. ``coverage_by_market``); a chart's from its title
(``chart_share_of_the_deficit_by_sector``); a frame with neither is named
after its contents' hash, so the name is stable from run to run.
"""

from __future__ import annotations

import hashlib
import json
import math
import re

import pandas as pd

from deficit_report.paths import DATA_FOLDER, WORKBOOK_FILE
from deficit_report.rendering.escape import html_text

#: The key of a display output's metadata that holds its exported frames.
EXPORT_KEY = "deficit_report"


def slug(text: str, limit: int = 48) -> str:
    """Make a file-name-safe lower-case name from text.

    Examples
    --------
    >>> slug("Share of the deficit by sector")
    'share_of_the_deficit_by_sector'
    >>> slug("Coverage (by market): 1994!")
    'coverage_by_market_1994'
    """
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:limit].rstrip("_") or "table"


def _plain(value):
    """Return a JSON-safe cell: NaN and NA become None, numpy numbers Python ones, dates text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, (pd.Timestamp,)) or hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, dict)):
        return json.dumps(sorted(value) if isinstance(value, set) else value, default=str)
    return value


def frame_name(frame: pd.DataFrame, fallback: str | None = None) -> str:
    """Name a frame: the facade's name in ``frame.attrs``, else ``fallback``, else a hash of its contents.

    Examples
    --------
    >>> f = pd.DataFrame({"a": [1]})
    >>> f.attrs["name"] = "headline"
    >>> frame_name(f), frame_name(pd.DataFrame({"a": [1]}), "chart_x")
    ('headline', 'chart_x')
    >>> frame_name(pd.DataFrame({"a": [1]}))
    'table_309b0e45'
    """
    if frame.attrs.get("name"):
        return slug(str(frame.attrs["name"]))
    if fallback:
        return slug(fallback)
    digest = hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()[:8]
    return f"table_{digest}"


def record(frame: pd.DataFrame, name: str) -> dict:
    """Return a frame as a JSON-safe record: its name, columns and rows, values unrounded.

    Examples
    --------
    >>> record(pd.DataFrame({"share": [0.5586, float("nan")], "sector": ["automotive", "x"]}), "composition")
    {'name': 'composition', 'columns': ['share', 'sector'], 'rows': [[0.5586, 'automotive'], [None, 'x']]}
    """
    flat = frame.reset_index(drop=True)
    rows = [[_plain(v) for v in row] for row in flat.itertuples(index=False, name=None)]
    return {"name": name, "columns": [str(c) for c in flat.columns], "rows": rows}


def chart_frames(chart) -> list[pd.DataFrame]:
    """Return the distinct data frames an Altair chart draws, in the order its layers and panels list them.

    Examples
    --------
    >>> import altair as alt
    >>> data = pd.DataFrame({"x": [1]})
    >>> base = alt.Chart(data).encode(x="x:Q")
    >>> len(chart_frames(base.mark_bar() + base.mark_text()))
    1
    """
    found: list[pd.DataFrame] = []

    def visit(node) -> None:
        data = getattr(node, "data", None)
        if isinstance(data, pd.DataFrame) and not any(data is f for f in found):
            found.append(data)
        for part in ("layer", "hconcat", "vconcat", "concat"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                for child in children:
                    visit(child)
        inner = getattr(node, "spec", None)
        if inner is not None and not isinstance(inner, (str, dict)):
            visit(inner)

    visit(chart)
    return found


def worth_a_file(frame: pd.DataFrame, first: bool) -> bool:
    """Say whether a chart's frame is data a reader needs, not an empty frame or a drawn annotation.

    A chart's further frames of one row are what it draws on top of its data:
    a rule at zero (``x`` = 0) or at the as-of date, whose value the report's
    parameters already give. Written out, they were one-cell files and sheets.

    Examples
    --------
    >>> worth_a_file(pd.DataFrame({"x": [0]}), first=False), worth_a_file(pd.DataFrame({"x": [0]}), first=True)
    (False, True)
    >>> worth_a_file(pd.DataFrame({"x": []}), first=True)
    False
    """
    return not frame.empty and (first or len(frame) > 1)


def chart_records(chart, title: str) -> list[dict]:
    """Return the records of a chart's frames, named ``chart_<title>`` (``_2``, ``_3`` for further frames).

    Each carries the chart's title; frames not :func:`worth_a_file` are left out.

    Examples
    --------
    >>> import altair as alt
    >>> bars = alt.Chart(pd.DataFrame({"sector": ["autos", "rest"], "share": [0.56, 0.44]})).mark_bar()
    >>> rule = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule()
    >>> [(r["name"], r["title"]) for r in chart_records(bars + rule, "Share of the deficit")]
    [('chart_share_of_the_deficit', 'Share of the deficit')]
    """
    base = "chart_" + slug(title)
    return [
        {**record(f, base if i == 0 else f"{base}_{i + 1}"), "title": title}
        for i, f in enumerate(chart_frames(chart))
        if worth_a_file(f, first=i == 0)
    ]


def data_links(names: list[str]) -> str:
    """Return the HTML line under a table or chart linking its CSV files and the workbook.

    Examples
    --------
    >>> data_links(["headline"])
    '<p class="report-data">Data: <a href="data/headline.csv">headline.csv</a> · <a href="report.xlsx">report.xlsx</a></p>'
    """
    if not names:
        return ""
    links = " · ".join(f'<a href="{DATA_FOLDER}/{html_text(n)}.csv">{html_text(n)}.csv</a>' for n in names)
    return f'<p class="report-data">Data: {links} · <a href="{WORKBOOK_FILE}">{WORKBOOK_FILE}</a></p>'
