"""Tables as a reader sees them: billions with one decimal, shares in percent.

Frames from :mod:`deficit_report.analysis.report` keep exact numbers (USD millions,
shares as fractions); :func:`display_table` formats them for the report, with
a missing figure shown as "no figure", never as a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from deficit_report.rendering import frame_records
from deficit_report.rendering.escape import html_link, html_text, markdown_link, markdown_text
from deficit_report.rendering.formats import MISSING, billions, percent, with_unit

#: Columns used inside the package that a reader does not need.
HIDDEN = ("counted", "inside")
#: Value columns written with the unit in their partner column (the unit column is then dropped).
UNIT_PAIRS = {"value": "unit", "claimed_share": "claimed_unit"}
#: Tables with more rows than this fold into a <details> block in the HTML, with a one-line summary.
FOLD_ROWS = 5
#: What a folded block's summary adds on screen; the print stylesheet hides it (the PDF opens every block).
FOLD_HINT = ' <span class="report-fold-hint">(click to show)</span>'


@dataclass(frozen=True)
class Table:
    """A formatted table: shown whole (no truncated cells, no index) as HTML and text.

    ``data`` is the unrounded frame it was formatted from and ``name`` its name;
    both travel in the output's metadata so the runner can write the table's CSV
    (:mod:`deficit_report.rendering.frame_records`). A table with no rows says so in one
    line; a long one folds into a ``<details>`` block.

    Examples
    --------
    >>> t = display_table(pd.DataFrame({"sector": list("abcdefghijklmn")}), name="status_bands")
    >>> t._repr_html_().startswith("<details")
    True
    >>> print(display_table(pd.DataFrame({"sector": []}), name="claims")._repr_html_())
    <p class="report-empty">No claims for this report&#x27;s partner and periods.</p>
    """

    frame: pd.DataFrame
    name: str = ""
    data: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """The table's name as words, e.g. ``status bands``."""
        return (self.name or "rows").replace("_", " ")

    @property
    def empty_line(self) -> str:
        """Say why the table has no rows: the frame's ``empty_reason`` (``attrs``) if it gives one.

        Examples
        --------
        >>> f = pd.DataFrame({"group": []})
        >>> f.attrs["empty_reason"] = "every status event names a flow"
        >>> display_table(f, name="coverage").empty_line
        'No coverage: every status event names a flow.'
        """
        reason = self.data.attrs.get("empty_reason") if self.data is not None else None
        return f"No {self.label}: {reason}." if reason else f"No {self.label} for this report's partner and periods."

    def _repr_html_(self) -> str:
        if self.frame.empty:
            return f'<p class="report-empty">{html_text(self.empty_line)}</p>'
        table = self.frame.to_html(index=False, border=0, escape=True, classes="deficit-report-table")
        if len(self.frame) > FOLD_ROWS:
            summary = f"{self.label.capitalize()}: {len(self.frame)} rows"
            table = f"<details><summary>{html_text(summary)}{FOLD_HINT}</summary>\n{table}\n</details>"
        return table + (frame_records.data_links([self.name]) if self.data is not None else "")

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/html": self._repr_html_(), "text/plain": repr(self)}
        if self.data is None:
            return data
        return data, {frame_records.EXPORT_KEY: {"exports": [frame_records.record(self.data, self.name)]}}

    def __repr__(self) -> str:
        if self.frame.empty:
            return self.empty_line
        return self.frame.to_string(index=False)


@dataclass(frozen=True)
class Text:
    """Markdown text shown in a report, with the unrounded frame it was written from (exported like a table's).

    Examples
    --------
    >>> t = Text("- one", pd.DataFrame({"a": [1]}), "key_findings")
    >>> t._repr_mimebundle_()[1]["deficit_report"]["exports"][0]["name"]
    'key_findings'
    """

    data: str
    frame: pd.DataFrame | None = field(default=None, repr=False)
    name: str = ""
    html: str = field(default="", repr=False)

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/markdown": self.data, "text/plain": self.data}
        if self.html:
            data["text/html"] = self.html
        if self.frame is None:
            return data
        return data, {frame_records.EXPORT_KEY: {"exports": [frame_records.record(self.frame, self.name)]}}


def display_table(frame: pd.DataFrame, name: str | None = None) -> Table:
    """Format a section's frame for reading; numbers become text.

    The unrounded frame is kept for the report's data files, under ``name`` (by
    default the facade's name for the frame, see :func:`~deficit_report.rendering.frame_records.frame_name`).
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
    name = frame_records.frame_name(frame, name)
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
    return Table(out.rename(columns=renames).fillna(""), name, frame.copy())


#: Classes of computed text in the page: MathJax (JupyterLab typesets HTML outputs) leaves "$65.7 ... -$49.4" as text.
PLAIN_TEXT = "tex2jax_ignore mathjax_ignore"


#: Said once where status sections would be, for a dataset without status events (never shown as a 0% finding).
NO_STATUS_DATA = (
    "Status data are not available for this report: its dataset has no status events, so no sector's "
    "negotiation status, coverage or status over time is shown. Composition and contributions need none."
)


def no_status_note(frame: pd.DataFrame):
    """Return the no-status-data note when ``frame`` is empty for want of status data, else None.

    Examples
    --------
    >>> from deficit_report.analysis.report import NO_STATUS
    >>> f = pd.DataFrame({"group": []})
    >>> f.attrs["empty_reason"] = NO_STATUS
    >>> no_status_note(f).data.startswith("**Status data are not available"), no_status_note(pd.DataFrame({"group": []}))
    (True, None)
    """
    from deficit_report.analysis.report import NO_STATUS

    return note(NO_STATUS_DATA) if frame.empty and frame.attrs.get("empty_reason") == NO_STATUS else None


def note(text: str | list[str]) -> Text:
    """Show a computed sentence in bold, or several as a list; every character shown as text.

    Examples
    --------
    >>> print(note("Autos <b>held</b> 55.9% of -$65.7 bn.").html)
    <p class="tex2jax_ignore mathjax_ignore"><strong>Autos &lt;b&gt;held&lt;/b&gt; 55.9% of -$65.7 bn.</strong></p>
    >>> print(note(["one", "[two](javascript:x)"]).data)
    - one
    - \\[two\\](javascript:x)
    """
    if isinstance(text, str):
        page = f'<p class="{PLAIN_TEXT}"><strong>{html_text(text)}</strong></p>'
        return Text(f"**{markdown_text(text)}**", html=page)
    items = "".join(f"<li>{html_text(line)}</li>\n" for line in text)
    page = f'<ul class="{PLAIN_TEXT}">\n{items}</ul>' if items else ""
    return Text("\n".join(f"- {markdown_text(line)}" for line in text), html=page)


def findings(frame: pd.DataFrame, most_sources: int = 3) -> Text:
    """Show key findings as a list, each with a link to its section and to its sources.

    A link ``#section:<heading>`` names a section by its heading; the HTML page
    points it at that section and writes its number
    (:func:`deficit_report.rendering.sections.link_sections`). Each source id
    links to its entry in the source list; past ``most_sources`` the rest are
    counted, with a link to the Sources section.

    Examples
    --------
    >>> f = pd.DataFrame({"text": ["The balance was -$65.7 bn in 1994."], "section": ["Headline"],
    ...                   "source_ids": ["ap-1995-02-18"]})
    >>> print(findings(f).data)
    - The balance was -\\$65.7 bn in 1994. <small>[Headline](<#section:Headline>) · sources: [ap-1995-02-18](<#source-ap-1995-02-18>)</small>
    >>> print(findings(f).html.splitlines()[1])
    <li>The balance was -$65.7 bn in 1994. <small><a href="#section:Headline">Headline</a> · sources: <a href="#source-ap-1995-02-18">ap-1995-02-18</a></small></li>
    >>> f["source_ids"] = "a; b; c; d; e"
    >>> print(findings(f).data.split("sources: ")[1])
    [a](<#source-a>), [b](<#source-b>), [c](<#source-c>) and [2 more](<#section:Sources>)</small>
    """
    if frame.empty:
        return Text("No key findings: the data hold no figures for this report's years.")
    lines, items = [], []
    for row in frame.itertuples():
        ids = [i.strip() for i in str(row.source_ids or "").split(";") if i.strip()]
        anchor = row.section.replace(" ", "-")
        links = ", ".join(markdown_link(i, f"#source-{i}") for i in ids[:most_sources])
        tags = ", ".join(html_link(i, f"#source-{i}") for i in ids[:most_sources])
        if len(ids) > most_sources:
            links += " and " + markdown_link(f"{len(ids) - most_sources} more", "#section:Sources")
            tags += " and " + html_link(f"{len(ids) - most_sources} more", "#section:Sources")
        sources = f" · sources: {links}" if ids else ""
        section = markdown_link(row.section, f"#section:{anchor}")
        lines.append(f"- {markdown_text(row.text)} <small>{section}{sources}</small>")
        items.append(
            f"<li>{html_text(row.text)} <small>{html_link(row.section, f'#section:{anchor}')}"
            + (f" · sources: {tags}" if ids else "")
            + "</small></li>"
        )
    # HTML first: a Markdown renderer reads "$65.7 ... -$49.4" as mathematics, and JupyterLab
    # typesets HTML outputs too unless they carry MathJax's ignore class
    page = f'<ul class="key-findings {PLAIN_TEXT}">\n' + "\n".join(items) + "\n</ul>"
    return Text("\n".join(lines), frame.copy(), frame_records.frame_name(frame, "key_findings"), page)


def title_block(report) -> Text:
    """Show the report's title and the parameters it was run with; every parameter shown as text.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> p = SimpleNamespace(title="AT&T's $5 <script>", partner="JPN", measure="balance", focus_year=1994,
    ...     compare_year=1992, as_of="1994-06-06", data_dir="data/`x`", vintage_order=["press", "revised"])
    >>> report = SimpleNamespace(params=p, has_status_data=lambda: True)
    >>> print(title_block(report).html.splitlines()[1])
    <h1 id="report-title">AT&amp;T&#x27;s $5 &lt;script&gt;</h1>
    >>> print(title_block(report).data.splitlines()[0])
    # AT&amp;T's \\$5 &lt;script&gt;
    >>> print(title_block(report).data.splitlines()[2])
    Partner **JPN**, balance in **1994** compared with **1992**, negotiation status as of **1994-06-06**. Data: data/\\`x\\`. Vintage order: press, revised.
    """
    p = report.params
    # (words, a parameter's value shown in bold): both are text, escaped where they are written
    facts = [("Partner ", p.partner), (f", {p.measure} in ", p.focus_year), (" compared with ", p.compare_year)]
    if report.has_status_data():
        facts.append((", negotiation status as of ", p.as_of))
    else:
        facts.append((", " + NO_STATUS_DATA.split(":")[0].lower(), None))
    vintages = ", ".join(map(str, p.vintage_order))
    text = "".join(
        html_text(words) + ("" if value is None else f"<strong>{html_text(value)}</strong>") for words, value in facts
    )
    page = (
        f'<div class="report-title {PLAIN_TEXT}">\n<h1 id="report-title">{html_text(p.title)}</h1>\n'
        f"<p>{text}. Data: <code>{html_text(p.data_dir)}</code>. Vintage order: {html_text(vintages)}.</p>\n</div>"
    )
    words = "".join(
        markdown_text(words) + ("" if value is None else f"**{markdown_text(value)}**") for words, value in facts
    )
    markdown = (
        f"# {markdown_text(p.title)}\n\n{words}. Data: {markdown_text(p.data_dir)}. "
        f"Vintage order: {markdown_text(vintages)}."
    )
    return Text(markdown, html=page)


def source_list(sources: pd.DataFrame) -> Text:
    """Show sources as a list: id, publisher, title, date, link and quote.

    Examples
    --------
    >>> src = pd.DataFrame({"source_id": ["ap-1995-02-18"], "publisher": ["Associated Press"], "title": ["Deficit"],
    ...     "date": ["1995-02-18"], "url": ["http://example.org/a"], "quote": ["up 11 percent to $65.7 billion"]})
    >>> print(source_list(src).data)
    - **ap-1995-02-18**: Associated Press, *Deficit*, 1995-02-18. [http\\://example.org/a](<http://example.org/a>). "up 11 percent to \\$65.7 billion"
    """
    lines, items = [], []
    for s in sources.itertuples():
        date = s.date or "undated"
        quote = f' "{s.quote}"' if s.quote else ""
        lines.append(
            f"- **{markdown_text(s.source_id)}**: {markdown_text(s.publisher)}, *{markdown_text(s.title)}*, "
            f"{markdown_text(date)}. {markdown_link(s.url, s.url)}.{markdown_text(quote)}"
        )
        items.append(
            f'<li id="source-{html_text(s.source_id)}"><b>{html_text(s.source_id)}</b>: {html_text(s.publisher)}, '
            f"<i>{html_text(s.title)}</i>, {html_text(date)}. {html_link(s.url, s.url)}.{html_text(quote)}</li>"
        )
    summary = f"{len(items)} sources: publisher, title, date, link and the exact quote"
    page = f'<details class="{PLAIN_TEXT}"><summary>{html_text(summary)}{FOLD_HINT}</summary>\n<ul>\n' + "\n".join(
        items
    )
    page += "\n</ul>\n</details>" + frame_records.data_links(["sources"])
    return Text("\n".join(lines), sources.copy(), "sources", page)
