"""Executed notebook -> self-contained HTML, the same bytes for the same inputs.

nbconvert's ``lab`` template loads require.js, MathJax and mermaid from CDNs;
the project's ``offline`` template (``templates/offline``) drops them and gives
every SVG chart its description as alt text. Input cells and prompts are left
out: a report shows text, tables and charts.
"""

from __future__ import annotations

import nbformat

from deficit_report.paths import TEMPLATES_DIR
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


def notebook_to_html(nb: nbformat.NotebookNode) -> str:
    """Render an executed notebook as one offline HTML page without input cells.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(metadata={"title": "t"})
    >>> nb.cells.append(nbformat.v4.new_markdown_cell("# Hello"))
    >>> html = notebook_to_html(nb)
    >>> "Hello" in html and "<script src" not in html
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
    html, _ = exporter.from_notebook_node(nb)
    return link_sections(table_of_contents(html))
