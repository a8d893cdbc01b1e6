"""Where things live in the project (the one place that knows the layout)."""

from __future__ import annotations

from pathlib import Path

#: The project's top folder (``src/deficit_report`` is two levels below it).
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
SECTOR_MAPS_DIR = DATA_DIR / "sector_maps"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PARAMS_DIR = NOTEBOOKS_DIR / "params"
REPORTS_DIR = PROJECT_ROOT / "reports"
REPORT_NOTEBOOK = NOTEBOOKS_DIR / "01_deficit_composition.ipynb"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# The files of a report folder, named once here (the running layer writes them, the rendering layer
# links them, the index page lists them; none of them spells a name out again).
REPORT_NOTEBOOK_FILE = "report.ipynb"
REPORT_HTML_FILE = "report.html"
MANIFEST_FILE = "manifest.json"
PDF_FILE = "report.pdf"
WORKBOOK_FILE = "report.xlsx"
#: The folder of ``<name>.csv`` files, one per table and chart the page shows.
DATA_FOLDER = "data"
#: The page that lists every report folder of an output folder.
INDEX_FILE = "index.html"
#: A failed attempt is kept beside the report, in ``<name>.failed/``.
FAILED_SUFFIX = ".failed"


def resolve(path: str | Path) -> Path:
    """Return ``path`` as an absolute path, relative ones taken from the project root.

    Examples
    --------
    >>> resolve("data/raw") == PROJECT_ROOT / "data" / "raw"
    True
    """
    path = Path(path)
    return path if path.is_absolute() else PROJECT_ROOT / path
