"""Inputs shared by several test modules: the founding case's folder and parameters."""

from deficit_report.paths import RAW_DIR

FRAMEWORK_DIR = RAW_DIR / "us-japan-framework"
FRAMEWORK_PARAMS = {"partner": "JPN", "focus_year": 1994, "compare_year": 1992, "as_of": "1994-06-06",
                    "data_dir": "data/raw/us-japan-framework"}

#: The packages whose versions can change a report's bytes, as manifest.json must record them
#: (written out here rather than imported, so a package dropped from the record fails a test).
REPORT_PACKAGES = ("deficit-report", "pandas", "altair", "vl-convert-python", "papermill", "nbconvert", "nbformat",
                   "ipykernel", "pandera")


def installed_versions(names=REPORT_PACKAGES) -> dict[str, str]:
    """Return what pip would report for each package: the version a manifest must record."""
    from importlib import metadata

    return {name: metadata.version(name) for name in names}
