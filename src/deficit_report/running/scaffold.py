"""A new dataset folder and its named run, from one command: ``deficit-report dataset new NAME --partner CODE``.

Writes, and refuses to overwrite:

- ``<raw>/NAME/``: every canonical table (required and optional, from the
  schema lists) as a header line, ready for a spreadsheet editor or for
  ``deficit-report import census``;
- ``<raw>/NAME/README.md``: what the folder is for and what each column
  means, generated from the schemas (:mod:`deficit_report.dataset.reference`);
- ``<params>/NAME.yaml``: a named run over the folder; years and the as-of
  date are written when given, otherwise left as commented lines to fill in.

Nothing is written if any of these already exists.
"""

from __future__ import annotations

import re
from pathlib import Path

from deficit_report.dataset.files import shown, write_atomic
from deficit_report.dataset.reference import all_tables, table_markdown
from deficit_report.errors import UserInputError
from deficit_report.paths import PARAMS_DIR, PROJECT_ROOT, RAW_DIR

#: A dataset and run name: matched whole (``fullmatch``), so a trailing newline is refused too.
NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")


def readme_text(name: str, partner: str) -> str:
    """Return the README template of a new dataset folder: its steps, then every table's columns.

    Examples
    --------
    >>> text = readme_text("us-vietnam", "VNM")
    >>> text.splitlines()[0], "### `status_events.csv`" in text
    ('# us-vietnam: U.S.-VNM trade (dataset folder)', True)
    """
    steps = [
        f"# {name}: U.S.-{partner} trade (dataset folder)",
        "",
        "Written by `deficit-report dataset new`. Replace this paragraph with what the folder holds and where",
        "its numbers come from. Every number and event cites a `source_id` of `sources.csv` (publisher, title,",
        "date, one URL, the exact quote or table row); a figure that is not known is left out, never guessed.",
        "",
        "Steps (docs/new-partner.md shows them with their output):",
        "",
        "1. figures, sectors and sources from saved Census files: "
        f"`deficit-report import census FILE... --partner CODE --vintage ID --out data/raw/{name}`;",
        "2. status events (and any context facts) typed into `status_events.csv` and `sources.csv` with a "
        "spreadsheet editor (save as CSV UTF-8);",
        f"3. `deficit-report dataset register {name}` records each file's sha256 in `data/raw/MANIFEST.csv`;",
        f"4. `deficit-report validate {name}`, then `deficit-report run {name}`.",
        "",
        "## Tables and columns",
        "",
    ]
    sections = [table_markdown(table, schema, optional, "###") for table, (schema, optional) in all_tables().items()]
    return "\n".join(steps + sections).rstrip("\n") + "\n"


def run_text(name: str, partner: str, data_dir: str, years: tuple, as_of: str | None, measure: str) -> str:
    """Return the named run of a new dataset: given values written, missing ones as commented lines.

    Examples
    --------
    >>> print(run_text("us-vietnam", "VNM", "data/raw/us-vietnam", (2024, None), None, "imports"), end="")
    # Named run of data/raw/us-vietnam (written by deficit-report dataset new; edit freely).
    partner: VNM
    focus_year: 2024
    # compare_year: YYYY   (fill in: the year the change is measured from)
    # as_of: "YYYY-MM-DD"   (fill in: the date of the status shown)
    measure: imports
    data_dir: data/raw/us-vietnam
    title: "U.S.-VNM trade by sector"
    """
    focus, compare = years
    lines = [
        f"# Named run of {data_dir} (written by deficit-report dataset new; edit freely).",
        f"partner: {partner}",
        f"focus_year: {focus}" if focus else "# focus_year: YYYY   (fill in: the year the report is about)",
        f"compare_year: {compare}"
        if compare
        else "# compare_year: YYYY   (fill in: the year the change is measured from)",
        f'as_of: "{as_of}"' if as_of else '# as_of: "YYYY-MM-DD"   (fill in: the date of the status shown)',
        f"measure: {measure}",
        f"data_dir: {data_dir}",
        f'title: "U.S.-{partner} trade by sector"',
    ]
    return "\n".join(lines) + "\n"


def new_dataset(
    name: str,
    partner: str,
    *,
    raw_dir: Path = RAW_DIR,
    params_dir: Path = PARAMS_DIR,
    focus_year: int | None = None,
    compare_year: int | None = None,
    as_of: str | None = None,
    measure: str = "balance",
) -> list[str]:
    """Write a new dataset folder (every table's header, a README) and its named run; return what was written."""
    if not NAME.fullmatch(name) or ".." in name:
        raise UserInputError(
            f"expected a name of lower-case letters, digits, '.', '_' or '-' such as us-vietnam, got {name!r}",
            column="NAME",
        )
    if not isinstance(partner, str) or not re.fullmatch(r"[A-Z0-9]{2,3}", partner):
        raise UserInputError(
            f"expected a partner code of 2-3 capital letters such as VNM, got {partner!r}", column="--partner"
        )
    folder, run = Path(raw_dir) / name, Path(params_dir) / f"{name}.yaml"
    for path in (folder, run):
        if path.exists():
            raise UserInputError("already exists; expected a new name (nothing was written)", file=path)
    folder.mkdir(parents=True)
    written = []
    for table, (schema, _) in all_tables().items():
        write_atomic(folder / table, ",".join(schema.columns) + "\n", exclusive=True)
        written.append(folder / table)
    write_atomic(folder / "README.md", readme_text(name, partner), exclusive=True)
    try:
        data_dir = folder.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        data_dir = str(folder.resolve())
    text = run_text(name, partner, data_dir, (focus_year, compare_year), as_of, measure)
    write_atomic(run, text, exclusive=True)
    return [f"wrote {shown(folder)}/: {', '.join(p.name for p in written)}, README.md", f"wrote {shown(run)}"]
