"""Named runs: ``notebooks/params/<name>.yaml`` files of report parameters.

YAML 1.1, which PyYAML follows, reads ``NO`` (Norway) as false and ``0101``
(an HS heading) as the octal number 65. Parameter files are read with a
stricter loader: only ``true``/``false`` are booleans, only integers without a
leading zero are numbers, everything else stays text.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from deficit_report.analysis.report import DeficitReport, open_report
from deficit_report.dataset.files import read_text
from deficit_report.errors import UserInputError
from deficit_report.paths import FAILED_SUFFIX, INDEX_FILE, PARAMS_DIR

RUN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: Names a report folder may not take: the index page, and the folders of failed attempts.
RESERVED_NAMES = (INDEX_FILE,)
RESERVED_SUFFIXES = (FAILED_SUFFIX,)
#: Files in the params folder whose names start with this are batch schedules, not named runs.
SCHEDULE_PREFIX = "schedule"


class StrictLoader(yaml.SafeLoader):
    """A YAML loader that keeps ``NO``, ``yes``, ``on`` and ``0101`` as text.

    Examples
    --------
    >>> yaml.load("a: NO\\nb: 0101\\nc: 1994\\nd: true\\ne: 1994-06-06", Loader=StrictLoader)
    {'a': 'NO', 'b': '0101', 'c': 1994, 'd': True, 'e': '1994-06-06'}
    """


StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)


def load_yaml(path: Path) -> object:
    """Read a YAML file with :class:`StrictLoader`; a syntax error names the line."""
    path = Path(path)
    text = read_text(path)
    try:
        return yaml.load(text, Loader=StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark, start = exc.problem_mark, exc.context_mark
        context = ""
        if exc.context and start is not None and (mark is None or start.line != mark.line):
            # e.g. an unclosed quote: the problem shows at the end of the file, its cause lines earlier
            context = f"{exc.context} starting on line {start.line + 1}: "
        raise UserInputError(
            f"invalid YAML: {context}{exc.problem}", file=path, row=mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise UserInputError(f"invalid YAML: {exc}", file=path) from None


def check_run_name(name: str, what: str = "run name") -> str:
    """Reject names that are not a plain file name (no ``/``, no ``..``, no leading dot).

    Examples
    --------
    >>> check_run_name("us-japan-framework-1994")
    'us-japan-framework-1994'
    >>> check_run_name("../etc")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter 'run name': expected letters, digits, '.', '_' or '-' (no '/' or '..'), got '../etc'
    >>> check_run_name("japan.failed")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter 'run name': 'japan.failed' is reserved for the report index or failed attempts; choose another name
    """
    if not isinstance(name, str) or not RUN_NAME.fullmatch(name) or ".." in name:
        raise UserInputError(f"expected letters, digits, '.', '_' or '-' (no '/' or '..'), got {name!r}", column=what)
    if name.endswith(RESERVED_SUFFIXES) or name in RESERVED_NAMES:
        raise UserInputError(
            f"{name!r} is reserved for the report index or failed attempts; choose another name", column=what
        )
    return name


def open_run(run: str, params_dir: Path = PARAMS_DIR, **overrides) -> DeficitReport:
    """Open a named run's report, with some parameters changed (for exploring in JupyterLab).

    Examples
    --------
    >>> open_run("us-japan-framework-1994", focus_year=1993, as_of="1994-10-15").params.focus_year
    1993
    """
    return open_report(**{**load_run(run, params_dir), **overrides})


def load_run(name: str, params_dir: Path = PARAMS_DIR) -> dict:
    """Return the raw parameters of a named run (types are checked later).

    Examples
    --------
    >>> load_run("us-japan-framework-1994")["focus_year"]
    1994
    """
    check_run_name(name)
    path = Path(params_dir) / f"{name}.yaml"
    if name.startswith(SCHEDULE_PREFIX):
        raise UserInputError("this is a schedule, not a named run; run it with 'deficit-report batch'", file=path)
    if not path.is_file():
        known = sorted(p.stem for p in Path(params_dir).glob("*.yaml") if not p.stem.startswith(SCHEDULE_PREFIX))
        raise UserInputError(f"no named run {name!r}; expected one of {', '.join(known)}", file=path)
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise UserInputError("expected a mapping of parameter names to values", file=path)
    return raw
