"""Executed notebook -> self-contained HTML, the same bytes for the same inputs.

nbconvert's ``lab`` template loads require.js, MathJax and mermaid from CDNs;
the project's ``offline`` template (``templates/offline``) drops them and gives
every SVG chart its description as alt text. Input cells and prompts are left
out: a report shows text, tables and charts. The page carries a
Content-Security-Policy that runs no script it does not list
(:mod:`deficit_report.rendering.csp`). A section with no table or chart
for this report keeps its heading and its computed lines (which say what is
missing) but not its description of what it would show.
"""

from __future__ import annotations

import copy
import re

import nbformat

from deficit_report.paths import TEMPLATES_DIR
from deficit_report.rendering.csp import with_policy
from deficit_report.rendering.sections import link_sections, table_of_contents

#: The id given to papermill's injected-parameters cell (papermill picks a random one).
INJECTED_CELL_ID = "injected-parameters"


def stabilise_notebook(nb: nbformat.NotebookNode, output_path: str | None = None) -> nbformat.NotebookNode:
    """Give papermill's injected cell a fixed id so reruns give identical output.

    papermill records where it wrote the notebook; a run writes into a partial
    folder with a random suffix, so ``output_path`` replaces that record with
    the notebook's final place. The markdown cells papermill adds to a failed
    run (tagged ``papermill-error-cell-tag``) get random ids too; they are
    numbered in order instead, so a failed report is reproducible as well.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(metadata={"papermill": {"output_path": "r/.x.partial-1a2b/report.ipynb"}})
    >>> nb.cells.append(nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["injected-parameters"]}))
    >>> stable = stabilise_notebook(nb, output_path="r/x/report.ipynb")
    >>> stable.cells[0].id, stable.metadata.papermill.output_path
    ('injected-parameters', 'r/x/report.ipynb')
    >>> nb.cells.append(nbformat.v4.new_markdown_cell("Error", metadata={"tags": ["papermill-error-cell-tag"]}))
    >>> stabilise_notebook(nb).cells[1].id
    'papermill-error-0'
    """
    if output_path is not None and "papermill" in nb.metadata:
        nb.metadata.papermill["output_path"] = str(output_path)
    errors = 0
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = INJECTED_CELL_ID
        elif "papermill-error-cell-tag" in tags:
            cell["id"] = f"papermill-error-{errors}"
            errors += 1
    return nb


def _shows_figures(cell: nbformat.NotebookNode) -> bool:
    """Say whether a code cell's outputs hold a chart, a table, a folded block or an error."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return True
        data = output.get("data", {})
        if any(kind.startswith("image/") for kind in data):
            return True
        if any(mark in str(data.get("text/html", "")) for mark in ("<table", "<details", "<img", "<svg")):
            return True
    return False


def trim_sections_without_figures(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    r"""Return a copy in which each section that shows no table or chart keeps only its heading and outputs.

    A section runs from a Markdown heading cell to the next one. When none of
    its code cells shows a chart, a table, a folded block or an error, its
    Markdown is cut to the heading lines: the page says in one computed line
    what is missing (e.g. "This dataset has no tariff series") instead of a
    paragraph about a chart that is not there. Cells papermill tagged are kept.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("## 8. Tariffs\n\nThe tariff each side, by sector."),
    ...     nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output("display_data",
    ...         {"text/markdown": "**This dataset has no tariff series.**"})]),
    ...     nbformat.v4.new_markdown_cell("The change by exposure:"),
    ...     nbformat.v4.new_markdown_cell("## 9. Sector rows\n\nSum of sectors."),
    ...     nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output("display_data",
    ...         {"text/html": "<table></table>"})])]
    >>> [c.source for c in trim_sections_without_figures(nb).cells if c.cell_type == "markdown"]
    ['## 8. Tariffs', '## 9. Sector rows\n\nSum of sectors.']
    """
    out = copy.deepcopy(nb)
    heading_cells = [
        i for i, c in enumerate(out.cells) if c.cell_type == "markdown" and c.source.lstrip().startswith("#")
    ]
    keep = [True] * len(out.cells)
    for n, start in enumerate(heading_cells):
        end = heading_cells[n + 1] if n + 1 < len(heading_cells) else len(out.cells)
        section = range(start, end)
        if any(out.cells[i].cell_type == "code" and _shows_figures(out.cells[i]) for i in section):
            continue
        head = out.cells[start]
        head.source = "\n".join(line for line in head.source.splitlines() if line.startswith("#"))
        for i in section[1:]:
            cell = out.cells[i]
            if cell.cell_type == "markdown" and not cell.get("metadata", {}).get("tags"):
                keep[i] = False
    out.cells = [c for c, k in zip(out.cells, keep) if k]
    return out


#: The page title of a notebook run without a ``title`` parameter (the parameters' own default is longer).
DEFAULT_TITLE = "Trade deficit composition report"
_TABLE = re.compile(r'<table class="dataframe deficit-report-table".*?</table>', re.S)


def report_title(nb: nbformat.NotebookNode) -> str:
    """Return the report's title: the run's ``title`` parameter, else the notebook's own title.

    nbconvert names the page after the notebook file otherwise ("Notebook" for
    a notebook held in memory), which is what a browser tab, a bookmark and the
    PDF's document title then showed.

    Examples
    --------
    >>> report_title(nbformat.v4.new_notebook(metadata={"papermill": {"parameters": {"title": "U.S.-Japan 1994"}}}))
    'U.S.-Japan 1994'
    >>> report_title(nbformat.v4.new_notebook())
    'Trade deficit composition report'
    """
    title = nb.metadata.get("papermill", {}).get("parameters", {}).get("title") or nb.metadata.get("title")
    return " ".join(str(title).split()) if title else DEFAULT_TITLE


def table_break_points(page: str) -> str:
    """Let the report's tables wrap after underscores: ``<wbr>`` after each ``_`` in their cells' text.

    A table wider than the page (a code such as ``target_level_usd_bn`` in
    every column) then wraps inside it when printed, instead of losing its last
    columns past the paper's edge; the text itself is unchanged.

    Examples
    --------
    >>> table_break_points('<table class="dataframe deficit-report-table"><th>source_id</th></table><p>a_b</p>')
    '<table class="dataframe deficit-report-table"><th>source_<wbr>id</th></table><p>a_b</p>'
    """

    def text_only(match: re.Match) -> str:
        parts = re.split(r"(<[^>]*>)", match.group(0))
        return "".join(p if p.startswith("<") else p.replace("_", "_<wbr>") for p in parts)

    return _TABLE.sub(text_only, page)


def notebook_to_html(nb: nbformat.NotebookNode) -> str:
    """Render an executed notebook as one offline HTML page without input cells.

    The page's ``<title>`` is the report's (:func:`report_title`), escaped by the template.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(metadata={"papermill": {"parameters": {"title": "Japan <1994> & after"}}})
    >>> nb.cells.append(nbformat.v4.new_markdown_cell("# Hello"))
    >>> html = notebook_to_html(nb)
    >>> "Hello" in html and "<script src" not in html
    True
    >>> "<title>Japan &lt;1994&gt; &amp; after</title>" in html
    True
    >>> "script-src 'none'" in html.split('http-equiv="Content-Security-Policy"')[1].split(">")[0].replace("&#x27;", "'")
    True
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    page = trim_sections_without_figures(nb)
    page.metadata["title"] = report_title(nb)
    html, _ = exporter.from_notebook_node(page)
    return with_policy(table_break_points(link_sections(table_of_contents(html))))
