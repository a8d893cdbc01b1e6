"""Report parameters: clear, one-line errors before any kernel starts.

Bad parameters a named run can hold are in the catalogue, tests/bad_inputs/README.md (the one
place their messages are asserted); here only values the Python API can be given.
"""

from __future__ import annotations

import pytest

from cases import FRAMEWORK_PARAMS
from deficit_report.analysis.report import open_report
from deficit_report.errors import UserInputError


def error_for(**changes) -> str:
    params = {**FRAMEWORK_PARAMS, **changes}
    params = {k: v for k, v in params.items() if v is not None}
    with pytest.raises(UserInputError) as info:
        open_report(**params)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_yaml_false_for_a_partner_code_is_explained():
    assert "quote the value" in error_for(partner=False)


def test_unknown_measure():
    assert error_for(measure="surplus").startswith("parameter 'measure': expected one of exports, imports, balance")
