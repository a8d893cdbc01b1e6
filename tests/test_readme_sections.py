"""The README's "What a report says" table lists the report's sections as the notebook heads them.

Before: the table stopped at "12. Sources" after three sections had been added to the notebook, so a
reader looking for "section 13, Deal outcomes" (a key finding's link) found it as "11." in the README.
"""

from __future__ import annotations

import re

from deficit_report.paths import PROJECT_ROOT


def test_the_readme_section_table_follows_the_notebook():
    notebook = (PROJECT_ROOT / "notebooks" / "01_deficit_composition.py").read_text(encoding="utf-8")
    headings = re.findall(r"^# ## (.+)$", notebook, flags=re.M)
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| section | what it shows |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| ([^|]+?) \|", table, flags=re.M)
    assert rows == headings
    assert headings[0] == "Key findings" and headings[-1] == "Sources"
