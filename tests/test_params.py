"""Report parameters: clear, one-line errors before any kernel starts."""

from __future__ import annotations

import pytest

from deficit_report.errors import UserInputError
from deficit_report.analysis.report import open_report

from cases import FRAMEWORK_PARAMS


def error_for(**changes) -> str:
    params = {**FRAMEWORK_PARAMS, **changes}
    params = {k: v for k, v in params.items() if v is not None}
    with pytest.raises(UserInputError) as info:
        open_report(**params)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_unknown_parameter_is_an_error():
    assert error_for(focus_yeer=1994).startswith("parameter 'focus_yeer': unknown parameter; expected one of partner")


def test_year_given_as_text_is_an_error():
    assert error_for(focus_year="1994") == \
        "parameter 'focus_year': expected an integer, a year such as 1994, got '1994' (str)"


def test_yaml_false_for_a_partner_code_is_explained():
    assert "quote the value" in error_for(partner=False)


def test_malformed_date():
    assert error_for(as_of="1994-13-01") == "parameter 'as_of': expected a date as YYYY-MM-DD, got '1994-13-01'"


def test_focus_year_without_data_lists_the_years_there_are():
    assert error_for(focus_year=1990) == \
        "parameter 'focus_year': no balance total for JPN in 1990; years with data: 1991-1997"


def test_as_of_before_the_first_event():
    assert error_for(as_of="1993-07-09") == ("parameter 'as_of': 1993-07-09 is before the first status event "
                                             "(1993-07-10); expected a date on or after it")


def test_unknown_partner():
    assert error_for(partner="CHN").startswith("parameter 'partner': unknown partner 'CHN'")


def test_missing_parameter():
    assert error_for(as_of=None) == "parameter 'as_of': missing; every report needs it"


def test_unknown_measure():
    assert error_for(measure="surplus").startswith("parameter 'measure': expected one of exports, imports, balance")
