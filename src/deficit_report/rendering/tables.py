"""Tables as a reader sees them: billions with one decimal, shares in percent.

Frames from :mod:`deficit_report.analysis.report` keep exact numbers (USD millions,
shares as fractions); :func:`display_table` formats them for the report, with
a missing figure shown as "no figure", never as a number.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from deficit_report.rendering.formats import MISSING, billions, percent, with_unit

#: Columns used inside the package that a reader does not need.
HIDDEN = ("counted", "inside")
#: Value columns written with the unit in their partner column (the unit column is then dropped).
UNIT_PAIRS = {"value": "unit", "claimed_share": "claimed_unit"}


@dataclass(frozen=True)
class Table:
    """A formatted table: shown whole (no truncated cells, no index) as HTML and text."""

    frame: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.frame.to_html(index=False, border=0, escape=True, classes="deficit-report-table")

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def display_table(frame: pd.DataFrame) -> Table:
    """Format a section's frame for reading; numbers become text.

    ``*_usd_m`` columns become ``* (USD bn)`` with one decimal; columns
    starting with ``share`` or ending in ``_share`` become percentages.

    Examples
    --------
    >>> display_table(pd.DataFrame({"sector": ["automotive", "medical"], "value_usd_m": [-36700.0, None],
    ...                             "share": [0.5586, None], "counted": [True, False]}))
        sector value (USD bn)     share
    automotive          -36.7     55.9%
       medical      no figure no figure
    """
    out = frame.drop(columns=[c for c in HIDDEN if c in frame.columns]).copy()
    for value, unit in UNIT_PAIRS.items():
        if {value, unit} <= set(out.columns):
            out[value] = [with_unit(v, u) for v, u in zip(out[value], out[unit])]
            out = out.drop(columns=unit).rename(columns={value: value.removesuffix("_share")})
    renames = {}
    for column in out.columns:
        if column.endswith("_usd_m"):
            out[column] = out[column].map(billions)
            renames[column] = column.removesuffix("_usd_m").replace("_", " ") + " (USD bn)"
        elif column.startswith("hhi"):
            out[column] = out[column].map(lambda v: MISSING if pd.isna(v) else f"{v:,.0f}")
            renames[column] = column.replace("_", " ").replace("hhi", "HHI")
        elif column.startswith("share") or column.endswith("_share"):
            out[column] = out[column].map(percent)
            renames[column] = column.replace("_", " ")
    return Table(out.rename(columns=renames).fillna(""))


def note(text: str | list[str]):
    """Show a computed sentence in bold, or several as a list, as Markdown."""
    from IPython.display import Markdown

    if isinstance(text, str):
        return Markdown(f"**{text}**")
    return Markdown("\n".join(f"- {line}" for line in text))


def title_block(report):
    """Show the report's title and the parameters it was run with, as Markdown."""
    from IPython.display import Markdown

    p = report.params
    lines = [
        f"# {p.title}",
        "",
        f"Partner **{p.partner}**, {p.measure} in **{p.focus_year}** compared with **{p.compare_year}**, "
        f"negotiation status as of **{p.as_of}**. Data: `{p.data_dir}`. "
        f"Vintage order: {', '.join(p.vintage_order)}.",
    ]
    return Markdown("\n".join(lines))


def source_list(sources: pd.DataFrame):
    """Show sources as a Markdown list: id, publisher, title, date, link and quote.

    Examples
    --------
    >>> src = pd.DataFrame({"source_id": ["ap-1995-02-18"], "publisher": ["Associated Press"], "title": ["Deficit"],
    ...     "date": ["1995-02-18"], "url": ["http://example.org/a"], "quote": ["up 11 percent to $65.7 billion"]})
    >>> print(source_list(src).data)
    - **ap-1995-02-18**: Associated Press, *Deficit*, 1995-02-18. <http://example.org/a>. "up 11 percent to $65.7 billion"
    """
    from IPython.display import Markdown

    lines = []
    for s in sources.itertuples():
        quote = f' "{s.quote}"' if s.quote else ""
        lines.append(f"- **{s.source_id}**: {s.publisher}, *{s.title}*, {s.date or 'undated'}. <{s.url}>.{quote}")
    return Markdown("\n".join(lines))
