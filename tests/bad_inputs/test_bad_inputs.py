"""Thirty-odd kinds of bad input, each through the command line, each its own test.

The catalogue is the table in ``README.md`` beside this file: one row per case
with its id, the input in words and the expected message. This module reads
that table, so the documentation and the tests cannot drift apart: a case
without a builder here, or a builder without a row there, fails
:func:`test_catalogue_and_builders_agree`.

Every case must give, whatever the input:

- exit status 2 and exactly one line on stderr, ``deficit-report: error: ...``,
  matching the table (``<data>``, ``<params>`` and ``<tmp>`` stand for the
  case's folders; ``…`` stands for any text);
- no traceback, on stderr or stdout;
- no report written, and the report already in the output folder left
  byte for byte as it was.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from cases import CHINA_DIR, FRAMEWORK_DIR
from deficit_report.cli import main
from deficit_report.errors import UserInputError
from deficit_report.paths import PROJECT_ROOT, REPORT_NOTEBOOK

CATALOGUE = Path(__file__).with_name("README.md")
CENSUS_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "census"
RUN = "us-japan-framework-1994"
PARAMS = {"partner": "JPN", "focus_year": "1994", "compare_year": "1992", "as_of": '"1994-06-06"'}


# --------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Case:
    """One row of the catalogue table."""

    id: str
    input: str
    expected: str

    def pattern(self, ws: Workspace) -> re.Pattern:
        """Return the regular expression the whole message must match."""
        text = self.expected
        for name in ("<data>", "<params>", "<tmp>"):  # placeholders for the workspace's folders
            text = text.replace(name, f"\0{name}\0")
        parts = []
        for piece in re.split(r"(\0<\w+>\0|…)", text):
            if piece == "…":
                parts.append(".*")
            elif piece.startswith("\0"):
                parts.append(re.escape(str(getattr(ws, piece.strip("\0<>")))))
            else:
                parts.append(re.escape(piece))
        return re.compile("".join(parts))


def read_catalogue(path: Path = CATALOGUE) -> list[Case]:
    """Return the cases of the table between the ``cases:start`` and ``cases:end`` markers."""
    text = path.read_text(encoding="utf-8")
    table = text.split("<!-- cases:start -->", 1)[1].split("<!-- cases:end -->", 1)[0]
    cases = []
    for line in table.strip().splitlines()[2:]:  # skip the header and the |---| row
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        ident, what, expected = cells
        cases.append(Case(id=ident.strip("`"), input=what, expected=expected.strip("`")))
    return cases


CASES = read_catalogue()


# --------------------------------------------------------------------------- a case's folders


class Workspace:
    """A copy of the real dataset and a folder of named runs, for one case."""

    def __init__(self, tmp: Path, out: Path) -> None:
        self.tmp = tmp
        self.out = out
        self.data = tmp / "us-japan-framework"
        self.params = tmp / "params"
        shutil.copytree(FRAMEWORK_DIR, self.data)
        self.params.mkdir()
        self.write_run(data_dir=str(self.data))
        self.env: dict[str, str | None] = {}
        self.server: http.server.HTTPServer | None = None

    def write_run(self, name: str = RUN, **changes) -> Path:
        """Write a named run: the default parameters with ``changes`` (``None`` removes one)."""
        values = {**PARAMS, "data_dir": str(self.data), **changes}
        path = self.params / f"{name}.yaml"
        path.write_text("".join(f"{k}: {v}\n" for k, v in values.items() if v is not None), encoding="utf-8")
        return path

    def use_china(self) -> list[str]:
        """Make the case's dataset a copy of the U.S.-China one, with a named run on it; return its arguments."""
        self.data = self.tmp / "us-china-tradewar"
        shutil.copytree(CHINA_DIR, self.data, ignore=shutil.ignore_patterns("tracker", "*.md", "status_timeline.csv"))
        self.write_run(partner="CHN", focus_year="2019", compare_year="2017", as_of='"2019-12-31"')
        return self.run()

    def run(self, name: str = RUN) -> list[str]:
        """Return the arguments of ``deficit-report run`` into the shared output folder."""
        return ["run", name, "--output-dir", str(self.out), "--params-dir", str(self.params), "--quiet"]

    def replace_line(self, file: str, number: int, text: str) -> None:
        """Replace line ``number`` (1-based) of a data file."""
        path = self.data / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[number - 1] = text + "\n"
        path.write_text("".join(lines), encoding="utf-8")

    def set_cells(self, file: str, number: int, **cells: str) -> None:
        """Set cells of line ``number`` (1-based, the header is line 1) of a data file, keeping CSV quoting."""
        import csv
        import io

        path = self.data / file
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        header = rows[0]
        for column, value in cells.items():
            rows[number - 1][header.index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    def line(self, file: str, number: int) -> str:
        return (self.data / file).read_text(encoding="utf-8").splitlines()[number - 1]

    def serve(self, body: bytes, content_type: str) -> str:
        """Answer every GET on a local port with ``body``; return the base URL."""

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/data/timeseries/intltrade"

    def fetch_census(self, *extra: str) -> list[str]:
        """Return the arguments of ``deficit-report fetch census`` into the case's folder."""
        return [
            "fetch",
            "census",
            "--partner",
            "5880",
            "--flow",
            "imports",
            "--level",
            "HS2",
            "--years",
            "2024",
            "--out",
            str(self.tmp / "census-jpn"),
            "--raw-dir",
            str(self.tmp / "raw-census"),
            "--retries",
            "0",
            "--timeout",
            "5",
            "--no-progress",
            *extra,
        ]


# --------------------------------------------------------------------------- the builders, one per case

BUILDERS: dict[str, Callable[[Workspace], list[str] | Callable[[], object]]] = {}


def builds(case_id: str):
    def register(function):
        assert case_id not in BUILDERS, f"two builders for {case_id}"
        BUILDERS[case_id] = function
        return function

    return register


@builds("empty-file")
def _(ws):
    (ws.data / "figures.csv").write_bytes(b"")
    return ws.run()


@builds("header-only")
def _(ws):
    path = ws.data / "sectors.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return ws.run()


@builds("missing-column")
def _(ws):
    path = ws.data / "sectors.csv"
    rows = [
        line.rsplit(",", 1)[0] if i == 0 else line
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines())
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return ws.run()


@builds("extra-column")
def _(ws):
    path = ws.data / "figures.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows = [rows[0] + ",unit"] + [row + ",USD m" for row in rows[1:]]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return ws.run()


@builds("ragged-row")
def _(ws):
    ws.replace_line("figures.csv", 11, "USA,JPN,1994,total,balance,-65700,census,first_release,ap-1995-02-18,,extra")
    return ws.run()


@builds("non-utf8")
def _(ws):
    path = ws.data / "sources.csv"
    path.write_bytes(path.read_bytes().replace(b"Los Angeles Times", b"Los Angeles Times \xe9dition", 1))
    return ws.run()


@builds("duplicate-column")
def _(ws):
    path = ws.data / "sources.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",url,", ",url,url,", 1).replace(",http", ",http://x.org,http"), encoding="utf-8")
    return ws.run()


@builds("two-urls-in-one-cell")
def _(ws):
    path = ws.data / "sources.csv"
    url = "http://articles.baltimoresun.com/1994-06-07/business/1994158004_1_japan-autos-and-auto-deal"
    path.write_text(
        path.read_text(encoding="utf-8").replace(url, url + "; https://www.deseret.com/", 1), encoding="utf-8"
    )
    return ws.run()


@builds("thousands-separator")
def _(ws):
    ws.replace_line("figures.csv", 11, 'USA,JPN,1994,total,balance,"-65,700",census,first_release,ap-1995-02-18,')
    return ws.run()


@builds("unit-suffix")
def _(ws):
    ws.replace_line("figures.csv", 25, "USA,JPN,1994,automotive,balance,-36.7bn,unstated,press,ct-1995-04-10,")
    return ws.run()


@builds("non-numeric")
def _(ws):
    ws.replace_line("figures.csv", 11, "USA,JPN,1994,total,balance,deficit,census,first_release,ap-1995-02-18,")
    return ws.run()


@builds("non-numeric-year")
def _(ws):
    ws.replace_line("figures.csv", 11, "USA,JPN,FY1994,total,balance,-65700,census,first_release,ap-1995-02-18,")
    return ws.run()


@builds("negative-imports")
def _(ws):
    ws.replace_line("figures.csv", 5, "USA,JPN,1992,total,imports,-97200,census,revised,state-1994-japan,")
    return ws.run()


@builds("nan-value")
def _(ws):
    ws.replace_line("figures.csv", 25, "USA,JPN,1994,automotive,balance,NaN,unstated,press,ct-1995-04-10,")
    return ws.run()


@builds("empty-value")
def _(ws):
    ws.replace_line("figures.csv", 25, "USA,JPN,1994,automotive,balance,,unstated,press,ct-1995-04-10,")
    return ws.run()


@builds("empty-required-text")
def _(ws):
    ws.replace_line("figures.csv", 25, "USA,JPN,1994,automotive,balance,-36700,unstated,press,,")
    return ws.run()


@builds("duplicate-key")
def _(ws):
    ws.replace_line("figures.csv", 26, "USA,JPN,1994,automotive,balance,-37000,unstated,press,ustr-1995-05-10,")
    return ws.run()


@builds("unknown-sector-in-figures")
def _(ws):
    ws.replace_line("figures.csv", 25, "USA,JPN,1994,automobiles,balance,-36700,unstated,press,ct-1995-04-10,")
    return ws.run()


@builds("unknown-sector-in-status-events")
def _(ws):
    ws.replace_line(
        "status_events.csv",
        20,
        "JPN,cars,1994-06-06,stalled,both,,officials: the two nations remain sharply divided,nyt-1994-06-07",
    )
    return ws.run()


@builds("unknown-status-word")
def _(ws):
    ws.replace_line(
        "status_events.csv",
        20,
        "JPN,autos,1994-06-06,deadlocked,both,,officials: the two nations remain sharply divided,nyt-1994-06-07",
    )
    return ws.run()


@builds("malformed-date")
def _(ws):
    ws.replace_line(
        "status_events.csv",
        20,
        "JPN,autos,06/06/1994,stalled,both,,officials: the two nations remain sharply divided,nyt-1994-06-07",
    )
    return ws.run()


@builds("impossible-date")
def _(ws):
    ws.replace_line(
        "status_events.csv",
        20,
        "JPN,autos,1994-06-31,stalled,both,,officials: the two nations remain sharply divided,nyt-1994-06-07",
    )
    return ws.run()


@builds("flow-word-not-allowed")
def _(ws):
    ws.replace_line(
        "status_events.csv",
        20,
        "JPN,autos,1994-06-06,stalled,import,,officials: the two nations remain sharply divided,nyt-1994-06-07",
    )
    return ws.run()


@builds("tariff-not-a-number")
def _(ws):
    args = ws.use_china()
    line = ws.line("tariffs.csv", 2)
    assert line.startswith("CHN,naics_111,2015-01,exports,7.731277557379556,"), line  # the tracker's first row
    ws.replace_line("tariffs.csv", 2, line.replace(",7.731277557379556,", ",7.7%,"))
    return args


@builds("policy-key-without-definition")
def _(ws):
    args = ws.use_china()
    line = ws.line("status_events.csv", 2)
    ws.replace_line("status_events.csv", 2, line.replace("CHN,ag,", "CHN,list_5,", 1))
    return args


@builds("policy-without-sector-mapping")
def _(ws):
    args = ws.use_china()
    path = ws.data / "policy_sectors.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("list_2,")), encoding="utf-8")
    return args


@builds("unresolved-source")
def _(ws):
    ws.replace_line("figures.csv", 11, "USA,JPN,1994,total,balance,-65700,census,first_release,ap-1995-02-19,")
    return ws.run()


@builds("sector-parent-cycle")
def _(ws):
    ws.replace_line("sectors.csv", 2, "automotive,Autos and auto parts,goods,private,autos,8703;8708;8706;8707,")
    return ws.run()


@builds("unknown-parent-sector")
def _(ws):
    ws.replace_line("sectors.csv", 3, "autos,Passenger vehicles,goods,private,vehicles,8703,")
    return ws.run()


@builds("data-dir-not-found")
def _(ws):
    ws.write_run(data_dir=str(ws.tmp / "no-such-dataset"))
    return ws.run()


@builds("unknown-parameter")
def _(ws):
    ws.write_run(focus_yr="1994")
    return ws.run()


@builds("wrong-parameter-type")
def _(ws):
    ws.write_run(focus_year='"1994"')
    return ws.run()


@builds("hindsight-not-a-boolean")
def _(ws):
    ws.write_run(hindsight='"no"')
    return ws.run()


@builds("partner-no-stays-text")
def _(ws):
    ws.write_run(partner="NO")
    return ws.run()


@builds("missing-parameter")
def _(ws):
    ws.write_run(compare_year=None)
    return ws.run()


@builds("malformed-as-of")
def _(ws):
    ws.write_run(as_of='"6/6/1994"')
    return ws.run()


@builds("impossible-as-of")
def _(ws):
    ws.write_run(as_of='"1994-02-30"')
    return ws.run()


@builds("focus-year-without-data")
def _(ws):
    ws.write_run(focus_year="2024")
    return ws.run()


@builds("unknown-share-base")
def _(ws):
    ws.write_run(share_base="remainder")
    return ws.run()


@builds("share-base-sectors-year-without-sectors")
def _(ws):
    ws.write_run(share_base="sectors", compare_year="1991")
    return ws.run()


@builds("as-of-before-first-event")
def _(ws):
    ws.write_run(as_of='"1993-01-01"')
    return ws.run()


@builds("unknown-partner")
def _(ws):
    ws.write_run(partner="CHN")
    return ws.run()


@builds("run-name-with-dotdot")
def _(ws):
    return ws.run("../" + RUN)


@builds("output-path-outside-output-dir")
def _(ws):
    ws.write_run()
    return ws.run(str(ws.tmp / "elsewhere"))


@builds("pdf-unknown-paper")
def _(ws):
    return [*ws.run(), "--pdf", "A5"]


@builds("unknown-run")
def _(ws):
    return ws.run("us-japan-framework-1995")


@builds("run-file-invalid-yaml")
def _(ws):
    (ws.params / f"{RUN}.yaml").write_text('partner: JPN\ntitle: "unclosed\nfocus_year: 1994\n', encoding="utf-8")
    return ws.run()


@builds("run-file-not-a-mapping")
def _(ws):
    (ws.params / f"{RUN}.yaml").write_text("- partner: JPN\n- focus_year: 1994\n", encoding="utf-8")
    return ws.run()


@builds("notebook-without-parameters-cell")
def _(ws):
    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("tags", None)
    path = ws.tmp / "no-parameters.ipynb"
    nbformat.write(nb, path)
    from deficit_report.running.runner import run_report

    return lambda: run_report(RUN, params_dir=ws.params, output_dir=ws.out, notebook=path)


@builds("sector-map-overlapping-prefixes")
def _(ws):
    path = ws.tmp / "map.csv"
    path.write_text("sector,label,hs_prefix\nautos,Passenger vehicles,8703\ntrucks,Trucks,8703\n", encoding="utf-8")
    ws.env["CENSUS_API_KEY"] = "test-key"
    return ws.fetch_census("--sector-map", str(path))


@builds("census-body-is-html")
def _(ws):
    url = ws.serve(b"<!DOCTYPE html><html><body><h1>Invalid Key</h1></body></html>", "text/html")
    ws.env["CENSUS_API_KEY"] = "test-key"
    return ws.fetch_census("--base-url", url)


@builds("census-truncated-json")
def _(ws):
    url = ws.serve(
        b'[["I_COMMODITY","I_COMMODITY_SDESC","CTY_CODE","CTY_NAME","GEN_VAL_YR"],'
        b'["87","VEHICLES, EXCEPT RAILWAY","5880","JAP',
        "application/json",
    )
    ws.env["CENSUS_API_KEY"] = "test-key"
    return ws.fetch_census("--base-url", url)


@builds("census-missing-api-key")
def _(ws):
    ws.env["CENSUS_API_KEY"] = None
    return ws.fetch_census()


def _import_census(ws, *files, partner="5520", vintage="census_2025") -> list[str]:
    """Return the arguments of ``deficit-report import census`` into the case's folder."""
    return ["import", "census", *map(str, files), "--partner", partner, "--vintage", vintage,
            "--sector-map", str(PROJECT_ROOT / "data" / "sector_maps" / "hs_chapters_vietnam.csv"),
            "--out", str(ws.tmp / "us-vietnam")]  # fmt: skip


@builds("import-no-rows-for-partner")
def _(ws):
    path = ws.tmp / "imports_total.csv"
    shutil.copy(CENSUS_FIXTURES / "imports_total_4_countries_monthly_2023_2024.csv", path)
    return _import_census(ws, path)


@builds("import-unknown-file-type")
def _(ws):
    path = ws.tmp / "imports.xlsx"
    path.write_bytes(b"PK\x03\x04")
    return _import_census(ws, path)


@builds("import-bad-vintage")
def _(ws):
    return _import_census(ws, CENSUS_FIXTURES / "imports_total_5520_monthly_2013_2024.csv", vintage="Census 2025")


@builds("import-would-overwrite")
def _(ws):
    source = CENSUS_FIXTURES / "imports_total_5520_monthly_2013_2024.csv"
    assert main(_import_census(ws, source)) == 0
    path = ws.tmp / "us-vietnam" / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("24651.035884", "24651", 1), encoding="utf-8")
    return _import_census(ws, source)


@builds("census-network-unreachable")
def _(ws):
    import socket

    with socket.socket() as sock:  # a port nothing listens on: the connection is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ws.env["CENSUS_API_KEY"] = "test-key"
    return ws.fetch_census("--base-url", f"http://127.0.0.1:{port}/data/timeseries/intltrade")


@builds("dataset-new-exists")
def _(ws):
    return ["dataset", "new", "us-japan-framework", "--partner", "JPN", "--raw-dir", str(ws.tmp),
            "--params-dir", str(ws.params)]  # fmt: skip


@builds("dataset-changed-since-register")
def _(ws):
    from deficit_report.dataset.registry import register_folder

    register_folder(ws.data, "a copy of data/raw/us-japan-framework for this case")
    ws.replace_line("figures.csv", 11, "USA,JPN,1994,total,balance,-65000,census,first_release,ap-1995-02-18,")
    return ["validate", RUN, "--params-dir", str(ws.params)]


@builds("schedule-invalid-yaml")
def _(ws):
    path = ws.tmp / "bad.yaml"
    path.write_text(f"runs:\n  - name: {RUN}\n    output_dir: [reports\n", encoding="utf-8")
    return ["batch", str(path)]


def _schedule(ws) -> Path:
    """Write a valid one-run schedule into the case's folder."""
    path = ws.tmp / "schedule.yaml"
    path.write_text(f"runs: [{RUN}]\n", encoding="utf-8")
    return path


@builds("dask-scheduler-address-malformed")
def _(ws):
    return ["batch", str(_schedule(ws)), "--scheduler", "10.0.0.5:8786", "--output-dir", str(ws.out), "--quiet"]


@builds("dask-extra-missing")
def _(ws):
    from unittest import mock

    from deficit_report.running.batch import RunOptions, run_schedule

    def action():
        with mock.patch.dict(sys.modules, {"distributed": None}):  # `import distributed` raises ImportError
            run_schedule(_schedule(ws), RunOptions(output_dir=ws.out), progress=False, cluster="local")

    return action


# Data loss and names (issues 24, 25): a run writes only into folders it made, never inside data/;
# names stay inside the folders they are given.


@builds("output-dir-inside-data")
def _(ws):
    return [*ws.run()[:2], "--output-dir", str(PROJECT_ROOT / "data" / "raw"), "--params-dir", str(ws.params)]


@builds("output-dir-holds-a-dataset")
def _(ws):
    ws.write_run("us-japan-framework")
    return ["run", "us-japan-framework", "--output-dir", str(ws.tmp), "--params-dir", str(ws.params), "--quiet"]


@builds("output-dir-with-own-index")
def _(ws):
    (ws.tmp / "www").mkdir()
    (ws.tmp / "www" / "index.html").write_text("<h1>My own page</h1>\n", encoding="utf-8")
    return [*ws.run()[:2], "--output-dir", str(ws.tmp / "www"), "--params-dir", str(ws.params)]


@builds("output-dir-is-a-file")
def _(ws):
    (ws.tmp / "reports.txt").write_text("not a folder\n", encoding="utf-8")
    return [*ws.run()[:2], "--output-dir", str(ws.tmp / "reports.txt"), "--params-dir", str(ws.params)]


@builds("run-name-with-newline")
def _(ws):
    return ws.run(RUN + "\n")


@builds("dataset-register-outside-raw")
def _(ws):
    (ws.tmp / "raw").mkdir()
    return ["dataset", "register", "../../../escape/target", "--raw-dir", str(ws.tmp / "raw")]


@builds("dataset-register-absolute-path")
def _(ws):
    (ws.tmp / "raw").mkdir()
    (ws.tmp / "elsewhere").mkdir()
    return ["dataset", "register", str(ws.tmp / "elsewhere"), "--raw-dir", str(ws.tmp / "raw")]


@builds("dataset-new-name-with-newline")
def _(ws):
    return ["dataset", "new", "us-vietnam\n", "--partner", "VNM", "--raw-dir", str(ws.tmp / "raw"),
            "--params-dir", str(ws.params)]  # fmt: skip


# Typos that passed validation and changed findings, implausible values, clearer messages (issue 25).


def _append_line(ws, file: str, text: str) -> int:
    """Append a line to a data file; return its line number."""
    path = ws.data / file
    body = path.read_text(encoding="utf-8")
    path.write_text(body + text + "\n", encoding="utf-8")
    return body.count("\n") + 1


@builds("partner-code-with-space")
def _(ws):
    ws.set_cells("status_events.csv", 20, partner="JPN ")
    return ws.run()


@builds("partner-code-lower-case-in-figures")
def _(ws):
    ws.set_cells("figures.csv", 11, partner="jpn")
    return ws.run()


@builds("deal-partner-unknown")
def _(ws):
    ws.set_cells("deals.csv", 2, partner="ZZZ")
    return ws.run()


@builds("status-event-partner-unknown")
def _(ws):
    ws.set_cells("status_events.csv", 20, partner="KOR")
    return ws.run()


@builds("outcome-row-duplicated")
def _(ws):
    assert _append_line(ws, "outcomes.csv", ws.line("outcomes.csv", 20)) == 51
    return ws.run()


@builds("two-actuals-one-item-period")
def _(ws):
    line = ws.line("outcomes.csv", 20)
    assert ",31.9,usd_bn," in line
    assert _append_line(ws, "outcomes.csv", line.replace(",31.9,", ",29.9,")) == 51
    return ws.run()


@builds("two-statuses-one-day")
def _(ws):
    line = ws.line("status_events.csv", 20)
    assert _append_line(ws, "status_events.csv", line.replace(",stalled,", ",within_reach,")) == 34
    return ws.run()


@builds("value-overflows-to-inf")
def _(ws):
    ws.set_cells("figures.csv", 25, value_usd_m="-" + "9" * 400)
    return ws.run()


@builds("figure-1e17-bn")
def _(ws):
    ws.set_cells("figures.csv", 25, value_usd_m="-100000000000000000000")
    return ws.run()


@builds("tariff-1e9-percent")
def _(ws):
    args = ws.use_china()
    ws.set_cells("tariffs.csv", 2, tariff_pct="1000000000")
    return args


@builds("outcome-negative-count")
def _(ws):
    ws.set_cells("outcomes.csv", 13, value="-106")
    return ws.run()


@builds("outcome-negative-market-share")
def _(ws):
    ws.set_cells("outcomes.csv", 38, value="-14")
    return ws.run()


@builds("outcome-commitment-share-580")
def _(ws):
    args = ws.use_china()
    assert ",57,percent,share,commitment," in ws.line("outcomes.csv", 60)
    ws.set_cells("outcomes.csv", 60, value="580")
    return args


@builds("nul-byte-in-cell")
def _(ws):
    ws.set_cells("sources.csv", 3, title="(1991 trade\x00 figures)")
    return ws.run()


@builds("url-with-trailing-newline")
def _(ws):
    url = "http://articles.baltimoresun.com/1994-06-07/business/1994158004_1_japan-autos-and-auto-deal"
    ws.set_cells("sources.csv", 2, url=url + "\n")
    return ws.run()


@builds("unclosed-quote")
def _(ws):
    line = ws.line("sources.csv", 3)
    ws.replace_line("sources.csv", 3, line.replace(",(1991 trade figures),", ',"(1991 trade figures),', 1))
    return ws.run()


@builds("header-with-trailing-space")
def _(ws):
    ws.replace_line("deals.csv", 1, "deal ,partner,title,date,note,source_id")
    return ws.run()


@builds("policies-header-only")
def _(ws):
    args = ws.use_china()
    ws.replace_line("status_events.csv", 1, ws.line("status_events.csv", 1))  # unchanged; the header stays
    path = ws.data / "policies.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return args


@builds("cell-over-field-limit")
def _(ws):
    ws.set_cells("sources.csv", 2, quote="x" * 131_073)
    return ws.run()


# Deal outcomes (issue 12): outcomes.csv of the framework dataset. Line 9 is the 200-dealer goal (a target
# of autos_1995, 1995-06-28 to 1996-12-31), line 13 the 106 outlets counted by July 1996, line 20 JAMA's
# $31.9bn of FY1999 parts purchases, line 38 the 14% foreign share of Japan's flat-glass market in 1998.


@builds("outcome-increment-as-actual")
def _(ws):
    ws.set_cells("outcomes.csv", 20, meaning="increment")
    return ws.run()


@builds("outcome-market-share-above-100")
def _(ws):
    ws.set_cells("outcomes.csv", 38, value="140")
    return ws.run()


@builds("outcome-actual-before-deal")
def _(ws):
    ws.set_cells("outcomes.csv", 13, period_start="1995-01-01", period_end="1995-05-31")
    return ws.run()


@builds("outcome-unknown-unit")
def _(ws):
    ws.set_cells("outcomes.csv", 20, unit="usd_billion")
    return ws.run()


@builds("outcome-target-without-deal")
def _(ws):
    ws.set_cells("outcomes.csv", 9, deal="")
    return ws.run()


@builds("outcome-period-end-before-start")
def _(ws):
    ws.set_cells("outcomes.csv", 9, period_end="1994-12-31")
    return ws.run()


@builds("outcome-target-without-promise")
def _(ws):
    ws.set_cells("outcomes.csv", 9, promise="")
    return ws.run()


@builds("outcome-share-without-share-kind")
def _(ws):
    ws.set_cells("outcomes.csv", 38, share_kind="")
    return ws.run()


@builds("outcome-level-in-percent")
def _(ws):
    ws.set_cells("outcomes.csv", 20, unit="percent")
    return ws.run()


@builds("unknown-deal-in-status-events")
def _(ws):
    ws.set_cells("status_events.csv", 30, deal="autos_1996")
    return ws.run()


# --------------------------------------------------------------------------- the checks


@pytest.fixture(scope="module")
def existing_report(tmp_path_factory):
    """The default report, run once into an output folder; every bad case runs into the same folder."""
    out = tmp_path_factory.mktemp("reports")
    assert main(["run", RUN, "--output-dir", str(out), "--quiet"]) == 0
    return out, snapshot(out)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_case(case: Case, ws: Workspace, monkeypatch, capsys) -> tuple[int, str, str]:
    """Build the case's input, run it, and return (exit status, stdout, stderr)."""
    action = BUILDERS[case.id](ws)
    for name, value in ws.env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    try:
        if callable(action):  # through the Python API (the command line has no --notebook)
            try:
                action()
            except UserInputError as exc:
                print(f"deficit-report: error: {exc}", file=sys.stderr)
                status = 2
            else:
                status = 0
        else:
            try:
                status = main(action)
            except SystemExit as exc:  # argparse: an unknown command or option
                status = exc.code
    finally:
        if ws.server:
            ws.server.shutdown()
            ws.server.server_close()
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.slow  # the shared fixture runs the default report once
@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_bad_input(case, existing_report, tmp_path, monkeypatch, capsys):
    out, before = existing_report
    ws = Workspace(tmp_path, out)
    status, stdout, stderr = run_case(case, ws, monkeypatch, capsys)
    assert "Traceback" not in stderr + stdout
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    prefix = "deficit-report: error: "
    assert lines[0].startswith(prefix), lines[0]
    message = lines[0][len(prefix) :]
    assert case.pattern(ws).fullmatch(message), f"\n  got:      {message}\n  expected: {case.expected}"
    assert status == 2
    assert snapshot(out) == before, "the existing report changed, or something was written beside it"


def test_catalogue_and_builders_agree():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "a case id appears twice in README.md"
    assert set(ids) == set(BUILDERS), (
        f"in README.md only: {sorted(set(ids) - set(BUILDERS))}; builders only: {sorted(set(BUILDERS) - set(ids))}"
    )
    # every table row was read (a row the parser skipped would silently lose its test)
    table = CATALOGUE.read_text(encoding="utf-8").split("<!-- cases:start -->", 1)[1].split("<!-- cases:end -->")[0]
    assert len(ids) == len(re.findall(r"^\| `[a-z0-9-]+` \|", table, re.M))
    assert all(case.input and case.expected for case in CASES)


@pytest.mark.slow
@pytest.mark.parametrize("case_id", ["run-name-with-dotdot", "two-urls-in-one-cell", "unknown-parameter"])
def test_real_process_exits_2_without_traceback(case_id, existing_report, tmp_path):
    """The same cases in a real process: the exit status and stderr a scheduler sees."""
    out, before = existing_report
    ws = Workspace(tmp_path, out)
    case = next(c for c in CASES if c.id == case_id)
    argv = BUILDERS[case_id](ws)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "deficit_report.cli", *argv], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert case.pattern(ws).fullmatch(line.removeprefix("deficit-report: error: "))
    assert snapshot(out) == before
