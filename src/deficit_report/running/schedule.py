"""Schedule files: which reports a batch runs, as named runs and parameter grids.

A schedule is a YAML file read with the strict loader of :mod:`runs` (``NO``
stays ``"NO"``, ``0101`` stays ``"0101"``)::

    notebook: notebooks/01_deficit_composition.ipynb   # optional; the default report notebook
    runs:
      - us-japan-framework-1994                 # a named run (notebooks/params/<name>.yaml)
      - run: us-japan-framework-1994            # a named run with some parameters changed
        name: us-japan-1995-deal                # its output folder (default: the run's name)
        parameters: {as_of: "1995-06-28", focus_year: 1995}
    grid:                                       # one grid, or a list of grids
      base: us-japan-framework-1994             # the named run every point starts from
      parameters: {compare_year: 1993}          # optional: set for every point
      vary:                                     # every combination, in the order written
        as_of: ["1994-06-06", "1995-06-28"]
        focus_year: [1994, 1995]
      name: "{base}-{focus_year}-as-of-{as_of}" # optional; placeholders: base and the varied names

Each entry may also name its own ``notebook``. Notebook paths, like ``data_dir``,
are relative to the project root. Every output name must be a plain folder name
(no ``/``, no ``..``) and unique in the schedule. Values put into a grid name are
made safe (any other character becomes ``-``); the template itself is not.
Problems are collected for every entry, so one pass reports all of them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from deficit_report.dataset.files import read_text
from deficit_report.errors import UserInputError
from deficit_report.paths import REPORT_NOTEBOOK, resolve
from deficit_report.running.runs import StrictLoader, check_run_name, load_run, load_yaml

TOP_KEYS = ("notebook", "runs", "grid")
RUN_KEYS = ("run", "name", "parameters", "notebook")
GRID_KEYS = ("base", "vary", "name", "parameters", "notebook")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class PlannedRun:
    """One report a schedule asks for: its output name, raw parameters and notebook."""

    name: str
    parameters: dict
    notebook: Path
    origin: str  # where in the schedule it comes from, e.g. "runs[2]" or "grid[0]"
    line: int | None = None  # the schedule line that entry starts on


class ManyUserInputErrors(UserInputError):
    """Several input problems found in one pass; ``errors`` holds each one.

    Examples
    --------
    >>> e = ManyUserInputErrors([UserInputError("bad", column="a"), UserInputError("worse", column="b")])
    >>> str(e)
    "2 problems: parameter 'a': bad; parameter 'b': worse"
    """

    def __init__(self, errors: list[UserInputError]) -> None:
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} problems: " + "; ".join(e.one_line() for e in self.errors))


def safe_name_part(value: object) -> str:
    """Return ``value`` as text fit for a folder name: other characters become ``-``.

    Examples
    --------
    >>> safe_name_part("1994-06-06"), safe_name_part("data/raw/x"), safe_name_part("../..")
    ('1994-06-06', 'data-raw-x', '-')
    """
    text = _UNSAFE.sub("-", str(value))
    while ".." in text:
        text = text.replace("..", "-")
    return re.sub("-{2,}", "-", text)


def expand_grid(vary: dict) -> list[dict]:
    """Return every combination of the varied values, in the order written.

    Examples
    --------
    >>> expand_grid({"as_of": ["1994-06-06", "1995-06-28"], "focus_year": [1994, 1995]})  # doctest: +NORMALIZE_WHITESPACE
    [{'as_of': '1994-06-06', 'focus_year': 1994}, {'as_of': '1994-06-06', 'focus_year': 1995},
     {'as_of': '1995-06-28', 'focus_year': 1994}, {'as_of': '1995-06-28', 'focus_year': 1995}]
    """
    keys = list(vary)
    return [dict(zip(keys, values)) for values in itertools.product(*(vary[k] for k in keys))]


def default_grid_name(vary: dict) -> str:
    """Return the name template used when a grid gives none.

    Examples
    --------
    >>> default_grid_name({"as_of": [], "focus_year": []})
    '{base}-as_of-{as_of}-focus_year-{focus_year}'
    """
    return "{base}" + "".join(f"-{key}-{{{key}}}" for key in vary)


def grid_point_name(template: str, base: str, point: dict) -> str:
    """Fill a grid's name template for one point and check the result is a plain folder name.

    Examples
    --------
    >>> grid_point_name("{base}-{as_of}", "japan", {"as_of": "1994-06-06"})
    'japan-1994-06-06'
    >>> grid_point_name("../{as_of}", "japan", {"as_of": "1994-06-06"})
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter 'name': expected letters, digits, '.', '_' or '-' (no '/' or '..'), got '../1994-06-06'
    """
    values = {"base": base, **{key: safe_name_part(value) for key, value in point.items()}}
    try:
        name = template.format(**values)
    except KeyError as exc:
        raise UserInputError(
            f"the name template uses {{{exc.args[0]}}}; expected placeholders among "
            f"{', '.join('{' + k + '}' for k in values)}",
            column="name",
        ) from None
    except (ValueError, IndexError) as exc:
        raise UserInputError(f"invalid name template {template!r}: {exc}", column="name") from None
    return check_run_name(name, what="name")


def _mapping(value, keys: tuple[str, ...], where: str) -> dict:
    """Check that ``value`` is a mapping with only the allowed keys."""
    if not isinstance(value, dict):
        raise UserInputError(f"{where}: expected a mapping with keys {', '.join(keys)}, got {value!r}")
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise UserInputError(f"{where}: unknown key {unknown[0]!r}; expected one of {', '.join(keys)}")
    return value


def _notebook(value, default: Path, where: str) -> Path:
    """Resolve an entry's notebook (relative to the project root) and check that it exists."""
    if value is None:
        return default
    path = resolve(str(value))
    if not isinstance(value, str) or not path.is_file():
        raise UserInputError(f"{where}: notebook {value!r} not found (paths are relative to the project root)")
    return path


def _overrides(entry: dict, where: str) -> dict:
    """Return an entry's ``parameters`` mapping (empty if absent)."""
    values = entry.get("parameters") or {}
    if not isinstance(values, dict):
        raise UserInputError(f"{where}: 'parameters' must be a mapping of parameter names to values")
    return values


def plan_run(entry, index: int, notebook: Path, line: int | None = None) -> PlannedRun:
    """Turn one item of ``runs`` (a name, or a mapping) into a planned run."""
    where = f"runs[{index}]"
    if isinstance(entry, str):
        entry = {"run": entry}
    entry = _mapping(entry, RUN_KEYS, where)
    if "run" not in entry:
        raise UserInputError(f"{where}: expected 'run: <named run>'")
    base = check_run_name(entry["run"], what=f"{where}.run")
    name = check_run_name(entry.get("name", base), what=f"{where}.name")
    parameters = {**load_run(base), **_overrides(entry, where)}
    return PlannedRun(name, parameters, _notebook(entry.get("notebook"), notebook, where), where, line)


def plan_grid(grid, index: int, notebook: Path, line: int | None = None) -> list[PlannedRun]:
    """Turn one grid into a planned run per point."""
    where = f"grid[{index}]"
    grid = _mapping(grid, GRID_KEYS, where)
    if "base" not in grid or "vary" not in grid:
        raise UserInputError(f"{where}: expected 'base: <named run>' and 'vary: {{parameter: [values]}}'")
    base = check_run_name(grid["base"], what=f"{where}.base")
    vary = grid["vary"]
    if not isinstance(vary, dict) or not vary or not all(isinstance(v, list) and v for v in vary.values()):
        raise UserInputError(f"{where}: 'vary' must map parameter names to non-empty lists of values")
    template = grid.get("name", default_grid_name(vary))
    if not isinstance(template, str):
        raise UserInputError(f"{where}: 'name' must be a text template such as \"{{base}}-{{as_of}}\"")
    raw = {**load_run(base), **_overrides(grid, where)}
    book = _notebook(grid.get("notebook"), notebook, where)
    planned = []
    for point in expand_grid(vary):
        try:
            name = grid_point_name(template, base, point)
        except UserInputError as exc:
            raise UserInputError(f"{where}: {exc.one_line()}") from None
        planned.append(PlannedRun(name, {**raw, **point}, book, where, line))
    return planned


def _duplicates(planned: list[PlannedRun]) -> list[UserInputError]:
    """One error per output name that two entries share (they would overwrite each other)."""
    first: dict[str, PlannedRun] = {}
    errors = []
    for run in planned:
        if run.name in first:
            errors.append(
                UserInputError(
                    f"{run.origin}: output name {run.name!r} is also used by "
                    f"{first[run.name].origin}; every run needs its own name",
                    row=run.line,
                )
            )
        first.setdefault(run.name, run)
    return errors


def entry_lines(text: str) -> dict[str, list[int]]:
    r"""Return the line each item of ``runs`` and ``grid`` starts on (1-based).

    Examples
    --------
    >>> entry_lines("runs:\n  - a\n  - run: b\n    name: c\ngrid: {base: a, vary: {x: [1]}}\n")
    {'runs': [2, 3], 'grid': [5]}
    """
    try:
        root = yaml.compose(text, Loader=StrictLoader)
    except yaml.YAMLError:
        return {}
    lines = {}
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if key.value in ("runs", "grid"):
            items = value.value if isinstance(value, yaml.SequenceNode) else [value]
            lines[key.value] = [item.start_mark.line + 1 for item in items]
    return lines


def read_schedule(path: Path) -> tuple[list[PlannedRun], list[UserInputError]]:
    """Read a schedule file into planned runs, collecting the problems of every entry.

    A file that is not a schedule at all (bad YAML, not a mapping, unknown keys,
    nothing to run) raises at once; problems in single entries are returned.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "s.yaml"
    >>> _ = path.write_text("runs: [us-japan-framework-1994]\\ngrid: {base: us-japan-framework-1994, "
    ...                     "vary: {as_of: ['1994-10-01']}, name: 'japan-{as_of}'}\\n")
    >>> runs, errors = read_schedule(path)
    >>> [r.name for r in runs], errors
    (['us-japan-framework-1994', 'japan-1994-10-01'], [])
    """
    path = Path(path)
    raw = load_yaml(path)
    lines = entry_lines(read_text(path, "schedule"))

    def fail(message: str, row: int | None = None) -> UserInputError:
        return UserInputError(message, file=path, row=row)

    def line_of(key: str, index: int) -> int | None:
        return lines.get(key, [])[index] if index < len(lines.get(key, [])) else None

    try:
        raw = _mapping(raw, TOP_KEYS, "schedule")
        notebook = _notebook(raw.get("notebook"), REPORT_NOTEBOOK, "notebook")
    except UserInputError as exc:
        raise fail(exc.one_line()) from None
    runs = raw.get("runs") or []
    grids = raw.get("grid") or []
    grids = [grids] if isinstance(grids, dict) else grids
    if not isinstance(runs, list) or not isinstance(grids, list) or not (runs or grids):
        raise fail("expected 'runs: [named runs]' and/or 'grid: {base, vary, name}'")
    planned, errors = [], []
    sections = (("runs", runs, lambda *args: [plan_run(*args)]), ("grid", grids, plan_grid))
    for key, items, plan in sections:
        for index, item in enumerate(items):
            line = line_of(key, index)
            try:
                planned.extend(plan(item, index, notebook, line))
            except UserInputError as exc:
                errors.append(fail(exc.one_line() if exc.file is None else f"{key}[{index}]: {exc.one_line()}", line))
    errors.extend(fail(e.message, e.row) for e in _duplicates(planned))
    return planned, errors
