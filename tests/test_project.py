"""Project hygiene a user relies on: raw data unchanged, dependencies in step, notebooks reviewable."""

from __future__ import annotations

import csv
import json
import re
import tomllib

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


def test_recent_figures_are_rebuilt_from_the_census_extracts_not_edited():
    from deficit_report.sources.extracts import US_JAPAN_RECENT, build, to_csv_text

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


def test_notebooks_are_thin_and_keep_only_checked_outputs():
    for path in notebooks():
        cells = json.loads(path.read_text())["cells"]
        for cell in cells:
            source = "".join(cell["source"])
            if cell["cell_type"] != "code":
                continue
            assert not re.search(r"^\s*(def|class)\s", source, re.M), f"{path.name}: logic belongs in src/"
            assert "open(" not in source and "read_csv" not in source, f"{path.name}: notebooks read no files"
            if cell.get("outputs"):
                assert "NBVAL_CHECK_OUTPUT" in source, f"{path.name}: output committed in an unchecked cell"


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
