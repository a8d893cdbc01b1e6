"""Tables as a reader sees them: billions with one decimal, shares in percent.

Frames from :mod:`deficit_report.analysis.report` keep exact numbers (USD millions,
shares as fractions); :func:`display_table` formats them for the report, with
a missing figure shown as "no figure", never as a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from deficit_report.rendering import frame_records, labels
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
#: Tables with more text than this (characters in their cells) fold too: a few rows of long notes.
FOLD_CHARS = 700
#: The key, in an output's ``deficit_report`` metadata, of an output that has nothing to show for this
#: report (an empty table, a chart without data): the HTML leaves it out, and a section holding
#: nothing else is listed once under "Not in this report" (:mod:`deficit_report.rendering.html`).
EMPTY_KEY = "empty"


def empty_metadata(line: str) -> dict:
    """Return the output metadata that marks an output as having nothing to show, with the line saying why.

    Examples
    --------
    >>> empty_metadata("No claims.")
    {'deficit_report': {'empty': 'No claims.'}}
    """
    return {frame_records.EXPORT_KEY: {EMPTY_KEY: line}}


@dataclass(frozen=True)
class Missing:
    """One line saying what a report does not have (a chart without data): marked so the HTML can leave it out.

    In the notebook it shows as the bold line; in the HTML the section keeps it only if the
    section has something else to show (see :mod:`deficit_report.rendering.html`).

    Examples
    --------
    >>> data, meta = missing("No tariff series.")._repr_mimebundle_()
    >>> data["text/markdown"], meta
    ('**No tariff series.**', {'deficit_report': {'empty': 'No tariff series.'}})
    """

    data: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        page = f'<p class="{PLAIN_TEXT}"><strong>{html_text(self.data)}</strong></p>'
        data = {"text/markdown": f"**{markdown_text(self.data)}**", "text/html": page, "text/plain": self.data}
        return data, empty_metadata(self.data)


def missing(line: str) -> Missing:
    """Say in one line that a chart or table has nothing to show for this report (see :class:`Missing`)."""
    return Missing(line)


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
    fold: bool = True
    caption: str = ""
    folded: bool = False

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
        caption = f'<p class="report-caption">{html_text(self.caption)}</p>' if self.caption else ""
        if self.frame.empty:
            return caption or f'<p class="report-empty">{html_text(self.empty_line)}</p>'
        table = self.frame.to_html(index=False, border=0, escape=True, classes="deficit-report-table")
        text = sum(len(str(v)) for v in self.frame.to_numpy().ravel())
        if self.folded or (self.fold and (len(self.frame) > FOLD_ROWS or text > FOLD_CHARS)):
            summary = f"{self.label.capitalize()}: {len(self.frame)} rows"
            table = f"<details><summary>{html_text(summary)}{FOLD_HINT}</summary>\n{table}\n</details>"
        return caption + table + (frame_records.data_links([self.name]) if self.data is not None else "")

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/html": self._repr_html_(), "text/plain": repr(self)}
        if self.frame.empty and not self.caption:  # nothing to show and no data file holding nothing
            return data, empty_metadata(self.empty_line)
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


def display_table(frame: pd.DataFrame, name: str | None = None, fold: bool = True, folded: bool = False) -> Table:
    """Format a section's frame for reading; numbers become text.

    The unrounded frame is kept for the report's data files, under ``name`` (by
    default the facade's name for the frame, see :func:`~deficit_report.rendering.frame_records.frame_name`).
    ``*_usd_m`` columns become ``* (USD bn)`` with one decimal; columns
    starting with ``share`` or ending in ``_share`` become percentages.
    ``fold=False`` keeps a long table open (the headline is never folded); ``folded=True`` folds even a
    short one (a table that a chart above it draws).

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
    out = labels.plain_frame(out)
    blank = [c for c in out.columns if len(out) and out[c].map(lambda v: v is None or v == "" or v is pd.NA).all()]
    out = out.drop(columns=blank)  # a column empty in every row says nothing (the data file keeps it)
    if {"sector", "label"} <= set(out.columns):  # the label names the sector; the data file keeps the code
        out["label"] = [labels.sector_name(s, v) for s, v in zip(frame.loc[out.index, "sector"], out["label"])]
        out = out.drop(columns="sector").rename(columns={"label": "sector"})
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
    renames = {c: renames.get(c, labels.column_name(str(c))) for c in out.columns}
    return Table(out.rename(columns=renames).fillna(""), name, frame.copy(), fold, folded=folded)


def status_table(status: pd.DataFrame, as_of: str) -> Table:
    """Show the sectors with a status on the as-of date; those without one are counted in a line, not listed.

    The data file keeps every sector. A sector without an event of its own that policies reach is
    counted apart (the Policies table says which).

    Examples
    --------
    >>> st = pd.DataFrame({"sector": ["a", "b", "c"], "label": ["A", "B", "C"], "status": ["stalled", "", ""],
    ...                    "policies": ["", "list_1 (imports, part): stalled", ""]})
    >>> t = status_table(st, "2019-12-31")
    >>> list(t.frame["sector"]), t.caption
    (['A'], '2 sectors without an event of their own on or before 2019-12-31 are not listed (policies reach 1 of them).')
    """
    has = status["status"].fillna("") != ""
    shown = status[has]
    table = display_table(shown.assign(sector=shown["label"]).drop(columns=["label"]), name="status")
    table = Table(table.frame, "status", status.copy(), table.fold)
    rest = status[~has]
    if rest.empty:
        return table
    reached = int((rest["policies"].fillna("") != "").sum()) if "policies" in rest.columns else 0
    caption = (
        f"{len(rest)} sector{'s' if len(rest) != 1 else ''} without an event of their own on or before {as_of} "
        f"{'are' if len(rest) != 1 else 'is'} not listed"
        + (f" (policies reach {reached} of them)." if reached else ".")
    )
    return Table(table.frame, "status", status.copy(), table.fold, caption)


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
    >>> no_status_note(f).data.startswith("Status data are not available"), no_status_note(pd.DataFrame({"group": []}))
    (True, None)
    """
    from deficit_report.analysis.report import NO_STATUS

    # marked as having nothing to show: the page names the status sections once, under "Not in this report"
    return missing(NO_STATUS_DATA) if frame.empty and frame.attrs.get("empty_reason") == NO_STATUS else None


def note(text: str | list[str], shows_nothing: bool = False, run_in: bool = False) -> Text:
    """Show a computed sentence in bold, or several as a list; every character shown as text, codes named plainly.

    ``shows_nothing=True`` marks lines that only say what this report lacks (the HTML leaves them out
    with their section when it has nothing else, see :class:`Missing`); ``run_in=True`` writes several
    lines as one paragraph, each ending with a full stop, for short caveats.

    Examples
    --------
    >>> print(note("Autos <b>held</b> 55.9% of -$65.7 bn.").html)
    <p class="tex2jax_ignore mathjax_ignore"><strong>Autos &lt;b&gt;held&lt;/b&gt; 55.9% of -$65.7 bn.</strong></p>
    >>> print(note(["one", "[two](javascript:x)"]).data)
    - one
    - \\[two\\](javascript:x)
    >>> note(["No figure for medical_equipment."]).data
    '- No figure for medical equipment.'
    >>> note("No imports by sector.", shows_nothing=True)._repr_mimebundle_()[1]
    {'deficit_report': {'empty': 'No imports by sector.'}}
    """
    names = labels.current()
    lines = [labels.plain(text, names)] if isinstance(text, str) else [labels.plain(t, names) for t in text]
    if shows_nothing:
        return Missing("; ".join(lines))
    if isinstance(text, str):
        page = f'<p class="{PLAIN_TEXT}"><strong>{html_text(lines[0])}</strong></p>'
        return Text(f"**{markdown_text(lines[0])}**", html=page)
    if run_in:
        joined = " ".join(line if line.endswith(".") else f"{line}." for line in lines)
        return Text(markdown_text(joined), html=f'<p class="{PLAIN_TEXT}">{html_text(joined)}</p>' if joined else "")
    items = "".join(f"<li>{html_text(line)}</li>\n" for line in lines)
    page = f'<ul class="{PLAIN_TEXT}">\n{items}</ul>' if items else ""
    return Text("\n".join(f"- {markdown_text(line)}" for line in lines), html=page)


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
        row = row._replace(text=labels.plain(row.text, labels.PARTNERS))  # "with JPN" -> "with Japan"
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
    Partner **Japan**, balance in **1994** compared with **1992**, negotiation status as of **1994-06-06**. Data: data/\\`x\\`. Vintage order: press, revised.
    """
    p = report.params
    # (words, a parameter's value shown in bold): both are text, escaped where they are written
    facts = [
        ("Partner ", labels.word(p.partner)),
        (f", {p.measure} in ", p.focus_year),
        (" compared with ", p.compare_year),
    ]
    if report.has_status_data():
        facts.append((", negotiation status as of ", p.as_of))
    else:
        facts.append((", " + NO_STATUS_DATA.split(":")[0].lower(), None))
    vintages = ", ".join(labels.word(str(v)) for v in p.vintage_order)  # "first release", not first_release
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


def _headline_value(headline: pd.DataFrame, item: str) -> float | None:
    rows = headline[headline["item"] == item]
    return None if rows.empty or pd.isna(rows["value_usd_m"].iloc[0]) else float(rows["value_usd_m"].iloc[0])


def context_lines(report) -> list[str]:
    """The methods and context an economist looks for first: basis, adjustment, dollars, which figure leads.

    Examples
    --------
    >>> from deficit_report.running.runs import open_run
    >>> lines = context_lines(open_run("us-china-2019"))
    >>> lines[0]
    'Figures: U.S. Census basis (exports f.a.s., general imports at customs value), annual, not seasonally adjusted, current U.S. dollars (not adjusted for inflation).'
    >>> print(lines[1])
    Which figure leads: the Census country total, -$342.6 bn in 2019 (+$32.5 bn from 2017). Shares and contributions are of the sum of the sector rows, -$341.0 bn (+$26.7 bn), the base of the decomposition; the appendix sets the two side by side.
    """
    p = report.params
    head = report.headline()
    used = head[head["basis"].fillna("") != ""]
    census = not used.empty and all(str(b).startswith("census") for b in used["basis"])
    basis = (
        "U.S. Census basis (exports f.a.s., general imports at customs value)"
        if census
        else "as each source states it (see the Headline's basis column)"
    )
    lines = [f"Figures: {basis}, annual, not seasonally adjusted, current U.S. dollars (not adjusted for inflation)."]
    measure = p.measure
    focus = _headline_value(head, f"{p.focus_year} {measure}")
    change = _headline_value(head, f"change in {measure}, {p.compare_year} to {p.focus_year}")
    sums = _headline_value(head, f"{p.focus_year} {measure}, sum of the sectors")
    sums_change = _headline_value(head, f"change in {measure}, sum of the sectors")
    if p.share_base == "sectors" and None not in (focus, change, sums, sums_change):
        lines.append(
            f"Which figure leads: the Census country total, {money(focus)} in {p.focus_year} "
            f"({money(change, signed=True)} from {p.compare_year}). Shares and contributions are of the sum of "
            f"the sector rows, {money(sums)} ({money(sums_change, signed=True)}), the base of the decomposition; "
            "the appendix sets the two side by side."
        )
    lines.append(
        f"{labels.word(p.partner)}'s share of the total U.S. goods {('deficit' if measure == 'balance' else measure)} "
        f"in {p.focus_year} and its rank among partners: not available in this report's data."
    )
    return lines


def money(value_usd_m: float, *, signed: bool = False) -> str:
    """Write USD millions as billions with one decimal, the sign before the dollar sign.

    Examples
    --------
    >>> money(-342629.5), money(32538.4, signed=True)
    ('-$342.6 bn', '+$32.5 bn')
    """
    sign = "-" if value_usd_m < 0 else ("+" if signed and value_usd_m > 0 else "")
    return f"{sign}${abs(value_usd_m) / 1000:,.1f} bn"


def context_box(report) -> Text:
    """Show the methods-and-context box near the top of a report (:func:`context_lines`) as a short list."""
    lines = context_lines(report)
    esc = html_text
    page = (
        '<div class="report-context tex2jax_ignore mathjax_ignore"><b>Methods and context</b><ul>'
        + "".join(f"<li>{esc(line)}</li>" for line in lines)
        + "</ul></div>"
    )
    return Text("\n".join(f"- {line}".replace("$", "\\$") for line in lines), None, "", page)
