"""Inputs shared by several test modules: the founding case's folder and parameters, the shared folder."""

from deficit_report.paths import PROJECT_ROOT, RAW_DIR

#: The team's read-only shared data folder, beside the project (``../shared/data``). It is optional:
#: the project never needs it to run, and every test that reads it skips when it is absent. The one
#: place that knows where it is (tests/sources and tests/fixtures import it from here).
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"

FRAMEWORK_DIR = RAW_DIR / "us-japan-framework"
#: The second founding case: U.S.-China 2015-2021 (issue 11).
CHINA_DIR = RAW_DIR / "us-china-tradewar"
FRAMEWORK_PARAMS = {
    "partner": "JPN",
    "focus_year": 1994,
    "compare_year": 1992,
    "as_of": "1994-06-06",
    "data_dir": "data/raw/us-japan-framework",
}


def write_tiny_notebook(path, *sources: str):
    """Write a report-shaped notebook: a title, a ``parameters`` cell, then one code cell per source.

    papermill puts its injected-parameters cell after the parameters cell, so in the executed
    notebook ``sources[0]`` is cell 3 (0-based: title 0, parameters 1, injected 2).
    """
    import nbformat

    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        }
    )
    nb.cells.append(nbformat.v4.new_markdown_cell("# A tiny report"))
    nb.cells.append(nbformat.v4.new_code_cell("partner = 'JPN'", metadata={"tags": ["parameters"]}))
    nb.cells.extend(nbformat.v4.new_code_cell(source) for source in sources)
    nbformat.write(nb, path)
    return path


#: The packages whose versions can change a report's bytes, as manifest.json must record them
#: (written out here rather than imported, so a package dropped from the record fails a test).
REPORT_PACKAGES = (
    "deficit-report",
    "pandas",
    "altair",
    "vl-convert-python",
    "papermill",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "pandera",
)


def installed_versions(names=REPORT_PACKAGES) -> dict[str, str]:
    """Return what pip would report for each package: the version a manifest must record."""
    from importlib import metadata

    return {name: metadata.version(name) for name in names}


def output_entries(out) -> list[str]:
    """Return the names in an output folder but its mark and the hidden run folders its reports link to.

    A report ``NAME`` is a link to ``.NAME.run-<token>`` (running/folders.py); each link must
    point to a run folder that exists, and no other run folder may be left.
    """
    import os
    import re

    names = sorted(p.name for p in out.iterdir())
    targets = {os.readlink(out / name) for name in names if (out / name).is_symlink()}
    assert all((out / target).is_dir() for target in targets), targets
    runs = {name for name in names if re.fullmatch(r"\..+\.run-[0-9a-f]+", name)}
    assert runs == targets, f"run folders no report links to: {sorted(runs - targets)}"
    return [name for name in names if name not in runs and name != ".deficit-report-output"]
