"""Project hygiene a user relies on: raw data unchanged, dependencies in step, notebooks reviewable."""

from __future__ import annotations

import ast
import csv
import json
import re
import tomllib

import pytest
import yaml

from deficit_report.dataset.files import sha256_of
from deficit_report.paths import NOTEBOOKS_DIR, PROJECT_ROOT, RAW_DIR


def test_every_raw_file_matches_its_manifest_entry():
    # Each MANIFEST.csv covers the files below its folder (``deficit-report fetch`` writes its own).
    manifests = sorted(RAW_DIR.rglob("MANIFEST.csv"))
    entries = {}
    for manifest in manifests:
        with open(manifest, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                entries[manifest.parent / row["file"]] = row
    on_disk = {p for p in RAW_DIR.rglob("*") if p.is_file() and p.name != "MANIFEST.csv"}
    assert on_disk == set(entries), f"raw files without a manifest entry: {sorted(map(str, on_disk - set(entries)))}"
    changed = [str(path) for path, row in entries.items() if sha256_of(path) != row["sha256"]]
    assert changed == [], f"raw files changed without a new manifest entry: {changed}"
    assert all(row["origin"] and row["retrieved"] for row in entries.values())


def test_manifests_use_unix_line_ends_like_every_other_file():
    # Issue 13: data/raw/MANIFEST.csv had CRLF line ends; `dataset register` writes LF.
    for manifest in RAW_DIR.rglob("MANIFEST.csv"):
        assert b"\r" not in manifest.read_bytes(), manifest


def test_recent_figures_are_rebuilt_from_the_census_extracts_not_edited():
    from scripts.build_us_japan_recent import US_JAPAN_RECENT, build, to_csv_text

    committed = (RAW_DIR / US_JAPAN_RECENT["out"]).read_text(encoding="utf-8")
    assert committed == to_csv_text(build())


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert {"test", "bench", "dev"} <= set(extras)
    declared = {_name(r) for r in project["dependencies"] + [r for extra in extras.values() for r in extra]}
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == declared
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip == ["-e ."]
    assert any(str(d).startswith("python=3.11") for d in env["dependencies"])


def notebooks():
    return sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_every_notebook_has_a_jupytext_pair_with_the_same_code():
    import jupytext

    for path in notebooks():
        pair = path.with_suffix(".py")
        assert pair.exists(), f"{path.name} has no py:percent pair"
        ipynb = [c.source for c in jupytext.read(path).cells]
        py = [c.source for c in jupytext.read(pair).cells]
        assert ipynb == py, f"{path.name} and {pair.name} differ: run `make sync-notebooks`"


def test_notebooks_keep_only_checked_outputs():
    for path in notebooks():
        cells = json.loads(path.read_text())["cells"]
        for cell in cells:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and cell.get("outputs"):
                assert "NBVAL_CHECK_OUTPUT" in source, f"{path.name}: output committed in an unchecked cell"


# --------------------------------------------------------------------------- notebooks are thin

#: Node types a notebook cell may hold: imports, names bound to calls or literals, calls
#: (attribute calls included) and the names, attributes and literals they take.
ALLOWED_NODES = (
    ast.Module,
    ast.Expr,
    ast.Assign,
    ast.Import,
    ast.ImportFrom,
    ast.alias,
    ast.Name,
    ast.Attribute,
    ast.Constant,
    ast.Call,
    ast.keyword,
    ast.List,
    ast.Tuple,
    ast.Dict,
    ast.UnaryOp,
    ast.USub,
    ast.Load,
    ast.Store,
)
LOOPS = (ast.For, ast.AsyncFor, ast.While)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
FILE_ACCESS = {"open", "Path", "read_csv", "read_text", "read_bytes", "read_parquet", "read_excel"}


def _name(node: ast.AST) -> str | None:
    """The name a call goes to: ``open`` for ``open(...)``, ``read_csv`` for ``x.read_csv(...)``."""
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def _from_package(module: str | None) -> bool:
    return module is not None and (module == "deficit_report" or module.startswith("deficit_report."))


def thin_cell_violations(source: str) -> list[tuple[str, int]]:
    """Return (rule, line) for everything in a notebook cell that is more than telling the story."""
    tree = ast.parse(source)
    found = []
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom):
            ok = stmt.level == 0 and _from_package(stmt.module)
        elif isinstance(stmt, ast.Import):
            ok = all(_from_package(alias.name) for alias in stmt.names)
        elif isinstance(stmt, ast.Assign):
            ok = all(isinstance(t, ast.Name) for t in stmt.targets) and (
                isinstance(stmt.value, ast.Call) or _is_literal(stmt.value)
            )
        else:
            ok = isinstance(stmt, ast.Expr)
        if not ok:
            found.append(("import" if isinstance(stmt, (ast.Import, ast.ImportFrom)) else "statement", stmt.lineno))
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, LOOPS):
            found.append(("loop", line))
        elif isinstance(node, COMPREHENSIONS):
            found.append(("comprehension", line))
        elif isinstance(node, DEFINITIONS):
            found.append(("definition", line))
        elif isinstance(node, (ast.JoinedStr, ast.FormattedValue)):
            if isinstance(node, ast.JoinedStr):
                found.append(("f-string", line))  # e.g. a chart title built here instead of in rendering/
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("pd", "pandas"):
            found.append(("pandas", line))
        elif isinstance(node, ast.Call) and _name(node.func) in FILE_ACCESS:
            found.append(("file access", line))
        elif not isinstance(node, ALLOWED_NODES):
            found.append((f"not allowed: {type(node).__name__}", line))
    return found


def _is_literal(node: ast.AST) -> bool:
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


def code_cells(stem: str) -> list[str]:
    import jupytext

    return [c.source for c in jupytext.read(NOTEBOOKS_DIR / f"{stem}.py").cells if c.cell_type == "code"]


REAL_NOTEBOOKS = ["01_deficit_composition", "02_explore"]


@pytest.mark.parametrize(
    "snippet, rule",
    [
        ("for sector in report.sectors():\n    tables.note(sector)", "loop"),
        ("while pending:\n    tables.note(pending)", "loop"),
        ("labels = [row.label for row in report.composition().itertuples()]", "comprehension"),
        ("shares = {s: 0.5 for s in sectors}", "comprehension"),
        ("tables.note(', '.join(s for s in sectors))", "comprehension"),
        ("def share(part, whole):\n    return part / whole", "definition"),
        ("to_bn = lambda value: value / 1000", "definition"),
        ("class View:\n    pass", "definition"),
        ("frame = pd.DataFrame({'share': [0.559]})", "pandas"),
        ("pd.concat([report.composition(), report.status()])", "pandas"),
        ("figures = pd.read_csv('data/raw/us-japan-framework/figures.csv')", "file access"),
        ("text = open('data/raw/us-japan-framework/figures.csv').read()", "file access"),
        ("folder = Path('data/raw/us-japan-framework')", "file access"),
        ("rows = report.figures.read_csv('figures.csv')", "file access"),
        ('charts.coverage_chart(report.coverage(), title=f"Share of the {report.measure_word} by status")', "f-string"),
        ("import pandas as pd", "import"),
        ("from pathlib import Path", "import"),
        ("from . import helpers", "import"),
        ("share = report.automotive / report.total", "not allowed: BinOp"),
        ("top = report.composition()['share']", "not allowed: Subscript"),
        ("if focus_year > 1993:\n    tables.note('after')", "statement"),
        ("report.title = 'Changed'", "statement"),
        ("total += 1", "statement"),
    ],
)
def test_a_cell_with_logic_is_not_thin(snippet, rule):
    assert rule in {found for found, _ in thin_cell_violations(snippet)}


@pytest.mark.parametrize(
    "snippet",
    [
        'partner = "JPN"  # partner code as written in the figures table',
        'vintage_order = ["first_release", "revised", "press"]  # preferred vintages, best first',
        "top_n = -1",
        "from deficit_report.rendering import charts, tables",
        "import deficit_report.rendering.charts",
        "report = open_report(partner=partner, focus_year=focus_year, vintage_order=vintage_order)",
        "# NBVAL_CHECK_OUTPUT\ntables.display_table(report.headline())",
        'charts.coverage_chart(report.coverage(), title="Share of the deficit by status")',
        "explore.linked_overview(view)",
    ],
)
def test_a_cell_that_tells_the_story_is_thin(snippet):
    assert thin_cell_violations(snippet) == []


def test_the_real_notebooks_are_the_ones_checked():
    assert sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")) == REAL_NOTEBOOKS


@pytest.mark.parametrize("stem", REAL_NOTEBOOKS)
def test_real_notebooks_are_thin(stem):
    """No logic and no text built in a notebook cell (f-string chart titles belong in rendering/)."""
    found = [(rule, line, i) for i, cell in enumerate(code_cells(stem)) for rule, line in thin_cell_violations(cell)]
    assert found == [], f"{stem}: logic belongs in src/ (rule, line, cell): {found}"


def test_parameters_cell_holds_literals_with_a_comment_each():
    import ast

    import jupytext

    for path in notebooks():
        cells = [c for c in jupytext.read(path).cells if "parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, f"{path.name}: expected one cell tagged 'parameters'"
        for line in cells[0].source.splitlines():
            if not line.strip():
                continue
            code, _, comment = line.partition("  # ")
            assert comment.strip(), f"{path.name}: parameter without a comment: {line}"
            ast.literal_eval(code.split("=", 1)[1].strip())


def test_parameters_cell_names_every_report_parameter_and_passes_it_on():
    """papermill injects unknown names silently: each parameter must be declared and passed."""
    from dataclasses import fields

    import jupytext

    from deficit_report.analysis.parameters import ReportParameters

    cells = jupytext.read(NOTEBOOKS_DIR / "01_deficit_composition.ipynb").cells
    index = next(i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", []))
    declared = {line.split("=")[0].strip() for line in cells[index].source.splitlines() if "=" in line}
    passed = set(re.findall(r"(\w+)=\1\b", cells[index + 1].source))
    expected = {f.name for f in fields(ReportParameters)}
    assert declared == expected and passed == expected


def test_every_measured_number_the_readme_states_is_still_there():
    # tests/readme_numbers.py: a test compares each with its measurement; a reworded sentence must not
    # silently drop the check.
    from readme_numbers import CLAIMS, readme_number

    assert all(readme_number(claim) > 0 for claim in CLAIMS)


def test_the_shared_folder_is_located_in_one_place():
    # ../shared was found three ways (a fixed /work/shared, RAW_DIR.parents[2], __file__.parents[3]); one
    # moved checkout then skipped some tests and not others. tests/cases.py's SHARED_DATA is the one.
    spelled = re.compile(r"""/work/shared|["']shared["']""")
    found = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "tests").rglob("*.py")
        if path.name not in ("cases.py", "test_project.py") and spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


#: A path the docs or the code cite: a file of the project's own folders (not ``REV:path``, a path in git history).
CITED_PATH = re.compile(
    r"(?<![\w/.:])((?:tests|docs|scripts|benchmarks|notebooks|src/deficit_report)/[\w/.-]+\.(?:py|md|yaml|ipynb))"
)


def test_every_file_the_docs_and_code_cite_exists():
    # pyproject.toml named tests/test_pdf.py and data/README.md tests/test_raw_manifest.py, neither of which
    # existed; files cited DESIGN.md, which is not in the repository (the design note is docs/design.md).
    root = PROJECT_ROOT
    texts = [root / "README.md", root / "pyproject.toml", root / "Makefile", *root.glob("docs/*.md")]
    texts += [*root.glob("data/**/README.md"), *root.glob("benchmarks/*.*"), *root.glob("scripts/*.py")]
    texts += [*(root / "src" / "deficit_report").rglob("*.py")]
    tests = [path for path in (root / "tests").glob("*.py") if path.name != "test_project.py"]  # this file names them
    missing = []
    for path in texts + tests:
        text = path.read_text(encoding="utf-8")
        for cited in CITED_PATH.findall(text) if path not in tests else []:  # tests: DESIGN.md only
            placeholder = re.search(r"[A-Z]{3,}|<", cited) or cited.endswith(
                "us-vietnam-2024.yaml"
            )  # the guide's example
            if not placeholder and not (root / cited).exists():
                missing.append(f"{path.relative_to(root)} cites {cited}")
        if re.search(r"(?<![\w/])DESIGN\.md", text) and path.name != "design.md":
            missing.append(f"{path.relative_to(root)} cites DESIGN.md (the design note is docs/design.md)")
    assert missing == []
