"""The ``deficit-report`` command: a thin wrapper over the package's functions.

Exit status: 0 success, 1 a report failed while executing, 2 a user error
(bad parameters, data or files), printed as one line without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from deficit_report.running.batch import add_batch_parser
from deficit_report.errors import UserInputError
from deficit_report.paths import PARAMS_DIR, REPORTS_DIR

EXIT_OK, EXIT_FAILED, EXIT_USER_ERROR = 0, 1, 2


def _run(args: argparse.Namespace) -> int:
    from deficit_report.rendering.index_page import write_index
    from deficit_report.running.runner import ReportFailed, run_report

    try:
        result = run_report(args.name, output_dir=args.output_dir, params_dir=args.params_dir,
                            progress=not args.quiet)
    except ReportFailed as exc:
        write_index(args.output_dir)
        print(f"deficit-report: {exc}", file=sys.stderr)
        return EXIT_FAILED
    write_index(args.output_dir)
    print(f"Report written to {result.folder}/")
    for name in ("report.html", "report.ipynb", "manifest.json"):
        print(f"  {result.folder / name}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from deficit_report.running.runner import prepare
    from deficit_report.running.runs import load_run

    for name in args.names:
        _, inputs = prepare(load_run(name, args.params_dir))
        print(f"{name}: parameters and {len(inputs)} input files are valid")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="deficit-report", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run a named report (notebooks/params/NAME.yaml)")
    run.add_argument("name", help="named run, e.g. us-japan-framework-1994")
    run.add_argument("--output-dir", type=Path, default=REPORTS_DIR,
                     help="folder that receives NAME/ (default: reports/)")
    run.add_argument("--params-dir", type=Path, default=PARAMS_DIR,
                     help="folder of named runs NAME.yaml (default: notebooks/params/)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(handler=_run)

    validate = commands.add_parser("validate", help="check named runs' parameters and data without running them")
    validate.add_argument("names", nargs="+", help="named runs")
    validate.add_argument("--params-dir", type=Path, default=PARAMS_DIR,
                          help="folder of named runs NAME.yaml (default: notebooks/params/)")
    validate.set_defaults(handler=_validate)
    add_batch_parser(commands)

    from deficit_report.fetch import add_fetch_parser, run_fetch

    add_fetch_parser(commands).set_defaults(handler=run_fetch)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UserInputError as exc:
        print(f"deficit-report: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("deficit-report: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
