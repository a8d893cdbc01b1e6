"""The package's layers hold: imports run downwards only (docs/design.md, "Architecture").

The rule itself is the import-linter contract in ``pyproject.toml``; this test
runs it, so ``make test`` and CI fail on an import that goes upwards (for
example an analysis module importing a table formatter from ``rendering``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from deficit_report.paths import PROJECT_ROOT


def lint_imports() -> subprocess.CompletedProcess:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    return subprocess.run([command, "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


def test_imports_run_downwards_through_the_layers():
    done = lint_imports()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_every_module_sits_in_a_layer_of_the_contract():
    """A new top-level module or folder must be placed in the contract, or the rule does not cover it."""
    import tomllib

    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layered = {
        name.strip()
        for contract in config["contracts"]
        if contract["type"] == "layers"
        for layer in contract["layers"]
        for name in layer.split("|")
    }
    package = PROJECT_ROOT / "src" / "deficit_report"
    top = {f"deficit_report.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"} | {
        f"deficit_report.{p.name}" for p in package.iterdir() if (p / "__init__.py").is_file()
    }
    assert top == layered
