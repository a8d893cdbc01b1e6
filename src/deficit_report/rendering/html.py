"""Executed notebook -> self-contained HTML, the same bytes for the same inputs.

nbconvert's ``lab`` template loads require.js, MathJax and mermaid from CDNs;
the project's ``offline`` template (``templates/offline``) drops them and gives
every SVG chart its description as alt text. Input cells and prompts are left
out: a report shows text, tables and charts. The page carries a
Content-Security-Policy that runs no script it does not list
(:mod:`deficit_report.rendering.csp`). What to leave out is read from
explicit marks, never guessed from the markup: the notebook tags its cells
(sections, appendix sections, parts, introductions) and the helpers that show a
table or chart mark an output that has nothing to show; :class:`ReportLayout`
(an nbconvert preprocessor) leaves such outputs and sections out, lists the
sections left out once, and numbers the rest.
"""

from __future__ import annotations

import copy
import re

import nbformat
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from deficit_report.paths import TEMPLATES_DIR
from deficit_report.rendering.csp import with_policy
from deficit_report.rendering.frame_records import EXPORT_KEY
from deficit_report.rendering.sections import link_sections, table_of_contents
from deficit_report.rendering.tables import EMPTY_KEY

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


#: Cell tags the report notebook sets, read by :class:`ReportLayout` (never guessed from the output's markup).
SECTION_TAG = "section"  # an "## Title" cell opening a numbered section
APPENDIX_TAG = "appendix"  # an "## Title" cell opening a section of reference material, lettered A, B, ...
SUBSECTION_TAG = "subsection"  # an "### Title" cell opening a part of a section
INTRO_TAG = "intro"  # a Markdown cell introducing the next code cell's output (left out with it)
NOT_IN_REPORT_TAG = "not-in-report"  # the cell that lists the sections left out, once
#: The tag :class:`ReportLayout` gives a cell to leave out; nbconvert's TagRemovePreprocessor removes it.
OMIT_TAG = "omit-in-html"
_BLOCK_TAGS = {SECTION_TAG: 2, APPENDIX_TAG: 2, SUBSECTION_TAG: 3, "heading": 2}


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def shows_nothing(cell) -> bool:
    """Say whether a code cell shows nothing for this report: no output, or only outputs marked empty.

    A helper that has nothing to show (an empty table, a chart without data) marks its output
    (:func:`deficit_report.rendering.tables.empty_metadata`); an error always shows.

    Examples
    --------
    >>> out = nbformat.v4.new_output("display_data", {"text/plain": "No claims."},
    ...                              metadata={"deficit_report": {"empty": "No claims."}})
    >>> shows_nothing(nbformat.v4.new_code_cell("", outputs=[out])), shows_nothing(nbformat.v4.new_code_cell(""))
    (True, True)
    >>> shows_nothing(nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output("stream", text="x")]))
    False
    """
    outputs = cell.get("outputs", [])
    return all(
        output.get("output_type") != "error" and EMPTY_KEY in output.get("metadata", {}).get(EXPORT_KEY, {})
        for output in outputs
    )


def _title(cell) -> str:
    return cell.source.lstrip().splitlines()[0].lstrip("#").strip() if cell.source.strip() else ""


def _letter(n: int) -> str:
    return chr(ord("A") + n)


class ReportLayout(Preprocessor):
    r"""Lay the report out from its cells' tags: leave out what has nothing to show, number the sections.

    - A code cell that shows nothing (:func:`shows_nothing`) is left out, with the Markdown cell
      tagged ``intro`` just before it.
    - A section (``section``, ``appendix``) or part of one (``subsection``) whose code cells all show
      nothing is left out whole; its title is listed once in the cell tagged ``not-in-report``
      ("Not in this report: ..."), which is left out when nothing is.
    - Kept sections are numbered in order (``## 3. Contributions to the change``), appendix sections
      lettered (``## A. Sources``), so the page has no gaps where sections were left out.

    Cells to leave out are tagged :data:`OMIT_TAG`; nbconvert's ``TagRemovePreprocessor`` removes them.

    Examples
    --------
    >>> md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    >>> empty = nbformat.v4.new_output("display_data", {"text/plain": "No tariffs."},
    ...                                metadata={"deficit_report": {"empty": "No tariffs."}})
    >>> table = nbformat.v4.new_output("display_data", {"text/html": "<table></table>"})
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     md("Left out: ...", metadata={"tags": ["not-in-report"]}),
    ...     md("## Tariffs\nThe tariff each side.", metadata={"tags": ["section"]}), code("", outputs=[empty]),
    ...     md("## Sector rows", metadata={"tags": ["section"]}), code("", outputs=[table]),
    ...     md("The same by market:", metadata={"tags": ["intro"]}), code("", outputs=[empty]),
    ...     md("## Sources", metadata={"tags": ["appendix"]}), code("", outputs=[table])])
    >>> nb, _ = ReportLayout().preprocess(nb, {})
    >>> [c.source for c in nb.cells if "omit-in-html" not in c.metadata.get("tags", [])]
    ['**Not in this report** (nothing to show for this data): Tariffs.', '## 1. Sector rows', '', '## A. Sources', '']
    """

    def preprocess(self, nb, resources):
        cells = nb.cells
        omit = [False] * len(cells)
        for i, cell in enumerate(cells):
            if cell.cell_type == "code" and shows_nothing(cell):
                omit[i] = True
                if i > 0 and INTRO_TAG in _tags(cells[i - 1]):
                    omit[i - 1] = True
        left_out: list[str] = []
        heads = [(i, level) for i, c in enumerate(cells) for t, level in _BLOCK_TAGS.items() if t in _tags(c)]
        for n, (start, level) in enumerate(heads):
            if omit[start]:
                continue  # inside a block already left out
            end = next((i for i, lv in heads[n + 1 :] if lv <= level), len(cells))
            codes = [i for i in range(start + 1, end) if cells[i].cell_type == "code"]
            if codes and all(omit[i] for i in codes):
                for i in range(start, end):
                    omit[i] = True
                left_out.append(_title(cells[start]))
        numbered = lettered = 0
        for i, cell in enumerate(cells):
            tags = _tags(cell)
            if omit[i]:
                cell.setdefault("metadata", {}).setdefault("tags", []).append(OMIT_TAG)
            elif SECTION_TAG in tags or APPENDIX_TAG in tags:
                if SECTION_TAG in tags:
                    numbered += 1
                    number = str(numbered)
                else:
                    number = _letter(lettered)
                    lettered += 1
                head, _, rest = cell.source.lstrip().partition("\n")
                cell.source = f"## {number}. {head.lstrip('#').strip()}" + (f"\n{rest}" if rest else "")
            elif NOT_IN_REPORT_TAG in tags:
                if left_out:
                    cell.source = f"**Not in this report** (nothing to show for this data): {', '.join(left_out)}."
                else:
                    cell.setdefault("metadata", {}).setdefault("tags", []).append(OMIT_TAG)
        return nb, resources


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
        preprocessors=[ReportLayout, TagRemovePreprocessor(remove_cell_tags={OMIT_TAG}, enabled=True)],
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    page = copy.deepcopy(nb)
    page.metadata["title"] = report_title(nb)
    html, _ = exporter.from_notebook_node(page)
    return with_policy(table_break_points(link_sections(table_of_contents(html))))
