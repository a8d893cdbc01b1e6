"""The report notebook's parameters cell and the package agree, so plain papermill and the CLI give one report.

papermill runs the notebook with the defaults written in its ``parameters`` cell; ``deficit-report``
fills a missing optional parameter from :class:`ReportParameters`. Where the two differ, a run
without that parameter gives a different report depending on how it was started.
"""

from __future__ import annotations

import ast
import dataclasses

import papermill
import pytest

from cases import FRAMEWORK_PARAMS
from deficit_report.analysis.parameters import ReportParameters
from deficit_report.paths import REPORT_NOTEBOOK
from deficit_report.running.runs import load_run

FIELDS = {f.name: f for f in dataclasses.fields(ReportParameters)}
REQUIRED = [name for name, f in FIELDS.items() if f.default is dataclasses.MISSING]
OPTIONAL = [name for name in FIELDS if name not in REQUIRED]


@pytest.fixture(scope="module")
def notebook_defaults() -> dict:
    """The parameters cell of the report notebook as Python values, read the way papermill reads it."""
    return {
        name: ast.literal_eval(p["default"]) for name, p in papermill.inspect_notebook(str(REPORT_NOTEBOOK)).items()
    }


def test_notebook_declares_exactly_the_package_parameters(notebook_defaults):
    assert list(notebook_defaults) == list(FIELDS)
    assert REQUIRED == ["partner", "focus_year", "compare_year", "as_of", "data_dir"]


@pytest.mark.parametrize("name", OPTIONAL)
def test_optional_default_is_the_package_default(notebook_defaults, name):
    expected = ReportParameters(**FRAMEWORK_PARAMS).as_dict()[name]  # JSON-ready: a tuple becomes a list
    assert notebook_defaults[name] == expected


def test_package_defaults_worked_out_by_hand():
    assert ReportParameters(**FRAMEWORK_PARAMS).as_dict() == {
        **FRAMEWORK_PARAMS,
        "title": "Trade deficit composition",
        "measure": "balance",
        "top_n": 5,
        "vintage_order": [
            "first_release",
            "revised",
            "press",
            "official_statement",
            "estimate",
            "study",
            "approximate",
        ],
        "hindsight": True,  # issue 12: deal outcomes after the as-of date are shown, labelled "what followed"
        "share_base": "total",  # shares of the partner total unless a run says "sectors" (issue 11)
    }


def test_notebook_required_values_are_the_founding_case(notebook_defaults):
    # U.S.-Japan framework talks: 1994 against 1992, status as of 6 June 1994.
    assert {name: notebook_defaults[name] for name in REQUIRED} == {
        "partner": "JPN",
        "focus_year": 1994,
        "compare_year": 1992,
        "as_of": "1994-06-06",
        "data_dir": "data/raw/us-japan-framework",
    }


def test_founding_named_run_has_the_notebook_required_values(notebook_defaults):
    run = load_run("us-japan-framework-1994")
    assert {name: run[name] for name in REQUIRED} == {name: notebook_defaults[name] for name in REQUIRED}
