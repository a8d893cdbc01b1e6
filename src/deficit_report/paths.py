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


def resolve(path: str | Path) -> Path:
    """Return ``path`` as an absolute path, relative ones taken from the project root.

    Examples
    --------
    >>> resolve("data/raw") == PROJECT_ROOT / "data" / "raw"
    True
    """
    path = Path(path)
    return path if path.is_absolute() else PROJECT_ROOT / path
