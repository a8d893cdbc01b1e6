"""Inputs shared by several test modules: the founding case's folder and parameters."""

from deficit_report.paths import RAW_DIR

FRAMEWORK_DIR = RAW_DIR / "us-japan-framework"
FRAMEWORK_PARAMS = {"partner": "JPN", "focus_year": 1994, "compare_year": 1992, "as_of": "1994-06-06",
                    "data_dir": "data/raw/us-japan-framework"}
