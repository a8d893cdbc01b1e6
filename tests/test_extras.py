"""Optional parts are extras, and a missing one is named on one line (issue 23, item 7).

``pyproject.toml`` declares ``pdf`` (Playwright, for ``--pdf``), ``duckdb`` (saved Census CSV files)
and ``lab`` (JupyterLab and jupytext, for ``make lab`` and ``make sync-notebooks``). The package must
not import any of them at module level, or installing without the extra breaks unrelated commands;
and the command that needs one says which extra to install.
"""

from __future__ import annotations

import ast
import sys
import tomllib

from deficit_report.paths import PROJECT_ROOT

SRC = PROJECT_ROOT / "src" / "deficit_report"
#: Top-level module names each extra provides (typed from the packages' own names).
EXTRA_MODULES = {
    "pdf": {"playwright"},
    "duckdb": {"duckdb"},
    "lab": {"jupyterlab", "jupytext"},
    "dask": {"dask", "distributed"},
}


def module_level_imports(path) -> set[str]:
    """Return the top-level package names a module imports when it is imported (not inside functions)."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_extras_are_declared_and_not_required():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    required = " ".join(project["dependencies"])
    for extra, modules in EXTRA_MODULES.items():
        assert extra in project["optional-dependencies"], extra
        assert not any(m in required for m in modules), f"{modules} must not be a required dependency"


def test_no_module_of_the_package_imports_an_extra_when_imported():
    optional = set().union(*EXTRA_MODULES.values())
    found = {
        f"{path.relative_to(SRC)}: {name}"
        for path in SRC.rglob("*.py")
        for name in module_level_imports(path) & optional
    }
    assert found == set()


def test_pdf_without_playwright_says_which_extra_on_one_line(monkeypatch, tmp_path):
    from deficit_report.running.pdf import print_pdf

    monkeypatch.setenv("DEFICIT_REPORT_CHROMIUM", sys.executable)  # an executable, so the browser check passes
    monkeypatch.setitem(sys.modules, "playwright", None)  # import playwright.sync_api now raises ImportError
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    page = tmp_path / "report.html"
    page.write_text("<html></html>", encoding="utf-8")
    message = print_pdf(page, tmp_path / "report.pdf", title="t", as_of="2019-12-31")
    assert (
        message
        == "no PDF written: --pdf needs the optional extra 'pdf' (Playwright); install it with pip install -e '.[pdf]'"
    )
    assert not (tmp_path / "report.pdf").exists()


def test_import_census_csv_without_duckdb_says_which_extra_and_exits_2(monkeypatch, tmp_path, capsys):
    from deficit_report.cli import main

    saved = tmp_path / "imports.csv"
    saved.write_text("CTY_CODE,CTY_NAME,GEN_VAL_MO,YEAR,MONTH\n5520,VIETNAM,5,2024,01\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "duckdb", None)
    out = tmp_path / "vnm"
    status = main(["import", "census", str(saved), "--partner", "5520", "--partner-id", "VNM",
                   "--vintage", "census_2025", "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert status == 2
    assert err == (
        f"deficit-report: error: {saved}: reading a saved Census CSV file needs the optional extra 'duckdb'; "
        "install it with pip install -e '.[duckdb]'\n"
    )
    assert not out.exists()  # nothing half-written
