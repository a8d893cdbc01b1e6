"""The numbers the README states from a measurement, read back so a test can hold them to it.

A README sentence such as "The default report prints to 11 A4 pages" goes stale silently when the
page changes. Each such number is registered here by a pattern that finds it; the test that
measures the thing compares its measurement with :func:`readme_number`, so changing the report
without the README (or the README without the report) fails that test.
``tests/test_project.py`` checks every pattern still finds its sentence.
"""

from __future__ import annotations

import re

from deficit_report.paths import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"

#: Name -> a pattern whose first group is the number, matched against the README with its white space
#: squeezed to single spaces (the README wraps lines anywhere).
CLAIMS = {
    # measured by tests/test_report_files.py (the default run printed with --pdf) and tests/test_browser.py
    "default_report_pdf_pages": r"The default report prints to (\d+) A4 pages",
    # measured by tests/test_browser.py (the U.S.-China run printed with --pdf)
    "china_report_pdf_pages": r"The default report prints to \d+ A4 pages, the U\.S\.-China report to (\d+)",
}


def readme_number(claim: str) -> int:
    """Return the number the README states for ``claim`` (thousands separators allowed).

    Examples
    --------
    >>> readme_number("default_report_pdf_pages") > 0
    True
    """
    text = " ".join(README.read_text(encoding="utf-8").split())
    found = re.search(CLAIMS[claim], text)
    if found is None:
        raise AssertionError(
            f"README.md no longer states {claim} (pattern {CLAIMS[claim]!r}): update tests/readme_numbers.py"
        )
    return int(found.group(1).replace(",", ""))
