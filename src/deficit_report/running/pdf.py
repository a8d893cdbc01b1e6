"""A PDF to send: the offline HTML printed to ``report.pdf`` by headless Chromium (Playwright's ``page.pdf``).

The browser is Debian's Chromium (``/usr/bin/chromium``, or
``$DEFICIT_REPORT_CHROMIUM``), the one the browser tests use; Playwright never
downloads one. Charts are SVG images, which Chromium prints as vectors. The
page's print style (``templates/offline``) keeps table rows and charts whole,
wraps wide tables inside the page and keeps headings with what follows; folded
tables (``<details>``) are opened so the PDF holds every row; each page has a
running header with the report's title and as-of date, and a page number. The
PDF is tagged and has an outline (bookmarks) of the section headings.

The runner prints the page in the report's partial folder, before it is
swapped into place, and Chromium writes every link as an absolute ``file:``
address into that folder, which is gone once the report is in place.
:func:`relative_links` rewrites the links into the report folder as relative
ones (``data/headline.csv``, resolved against the PDF's own place, as the PDF
standard says a relative URI is) and :func:`fixed_dates` replaces Chromium's
clock in the document dates, so a rerun gives the same bytes wherever the
report is written or moved.

Without Chromium (or Playwright) the report is still written: :func:`print_pdf`
returns one line saying no PDF was written and how to install the browser.
"""

from __future__ import annotations

import html
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from deficit_report.errors import UserInputError

#: Paper sizes the command offers (Playwright's format names).
PAPER_SIZES = ("A4", "Letter")
#: Chromium in a container runs as root without a sandbox, and must not reach the network.
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")  # fmt: skip
#: The PDF's creation and modification date: fixed, so reruns give the same bytes (as the workbook's).
PDF_DATE = "D:19800101000000+00'00'"
#: How to install what ``--pdf`` needs in Python (Playwright drives the system's Chromium: no browser download).
PDF_EXTRA = "pip install -e '.[pdf]'"
INSTALL_HINT = "install Debian's chromium (apt-get install -y chromium) or set DEFICIT_REPORT_CHROMIUM to its path"


def chromium_path() -> Path:
    """Return where Chromium is expected: ``$DEFICIT_REPORT_CHROMIUM`` or ``/usr/bin/chromium``."""
    return Path(os.environ.get("DEFICIT_REPORT_CHROMIUM", "/usr/bin/chromium"))


def check_paper(paper: str) -> str:
    """Return the paper size in Playwright's spelling, or raise a one-line error naming the option.

    Examples
    --------
    >>> check_paper("a4"), check_paper("letter")
    ('A4', 'Letter')
    >>> check_paper("A5")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: parameter '--pdf': expected A4 or Letter, got 'A5'
    """
    for size in PAPER_SIZES:
        if str(paper).lower() == size.lower():
            return size
    raise UserInputError(f"expected {' or '.join(PAPER_SIZES)}, got {paper!r}", column="--pdf")


def header_template(title: str, as_of: str) -> str:
    """Return the running header: the title and the as-of date, small, on every page.

    Examples
    --------
    >>> "as of 1994-06-06" in header_template("U.S.-Japan <1994>", "1994-06-06")
    True
    >>> "&lt;1994&gt;" in header_template("U.S.-Japan <1994>", "1994-06-06")
    True
    """
    return (
        '<div style="font-size:8px; width:100%; padding:0 12mm; color:#444; display:flex; '
        'justify-content:space-between;">'
        f"<span>{html.escape(title)}</span><span>status as of {html.escape(str(as_of))}</span></div>"
    )


FOOTER = (
    '<div style="font-size:8px; width:100%; text-align:center; color:#444;">'
    'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


def _pdf_literal(text: bytes) -> bytes:
    r"""Return the text of a PDF literal string (between its parentheses), its escapes undone.

    Examples
    --------
    >>> _pdf_literal(rb"file:///r/a\(1\).csv")
    b'file:///r/a(1).csv'
    """
    return re.sub(rb"\\([()\\])", rb"\1", text)


def _padded(literal: bytes, length: int) -> bytes:
    """Return ``(literal)`` followed by spaces up to ``length`` bytes: offsets in the file stay valid."""
    if len(literal) + 2 > length:
        raise ValueError("a rewritten string must not be longer than the one it replaces")
    return b"(" + literal + b")" + b" " * (length - len(literal) - 2)


def relative_links(data: bytes, folder: Path) -> bytes:
    """Rewrite the PDF's ``file:`` links into ``folder`` as links relative to it; keep every other link.

    Chromium writes each link's address as a literal string in an uncompressed
    link annotation (``/URI (file:///...)``). The relative address is shorter
    than the absolute one, so it is written in its place followed by spaces:
    the file's cross-reference offsets stay right and nothing else moves.

    Examples
    --------
    >>> pdf = b"<</S /URI /URI (file:///tmp/.r.partial-1/data/headline.csv)>> <</URI (https://census.gov/x)>>"
    >>> relative_links(pdf, Path("/tmp/.r.partial-1"))
    b'<</S /URI /URI (data/headline.csv)                         >> <</URI (https://census.gov/x)>>'
    """
    root = Path(folder).resolve()

    def rewrite(match: re.Match) -> bytes:
        whole, address = match.group(1), _pdf_literal(match.group(2)).decode("latin-1")
        parts = urlsplit(address)
        if parts.scheme != "file":
            return match.group(0)
        target = Path(unquote(parts.path))
        if not target.is_relative_to(root) or target == root:
            return match.group(0)
        relative = quote(target.relative_to(root).as_posix()) + (f"#{parts.fragment}" if parts.fragment else "")
        return b"/URI " + _padded(relative.encode("ascii"), len(whole))

    return re.sub(rb"/URI (\(((?:[^()\\]|\\.)*)\))", rewrite, data)


def fixed_dates(data: bytes) -> bytes:
    """Replace the PDF's creation and modification dates (Chromium's clock) by :data:`PDF_DATE`.

    Examples
    --------
    >>> fixed_dates(b"/CreationDate (D:20261204145339+00'00')")
    b"/CreationDate (D:19800101000000+00'00')"
    """

    def rewrite(match: re.Match) -> bytes:
        return match.group(1) + _padded(PDF_DATE.encode("ascii"), len(match.group(2)))

    return re.sub(rb"(/(?:CreationDate|ModDate) )(\(D:[^()]*\))", rewrite, data)


def print_pdf(page_html: Path, pdf: Path, *, title: str, as_of: str, paper: str = "A4") -> str | None:
    """Print ``page_html`` to ``pdf``; return None, or one line saying why no PDF was written.

    The page is opened from disk with every request outside ``file:`` and ``data:`` blocked.
    Links to files in the page's folder become relative (:func:`relative_links`), so they keep
    working after the folder is renamed, moved or sent whole.
    """
    paper = check_paper(paper)
    chromium = chromium_path()
    if not os.access(chromium, os.X_OK):
        return f"no PDF written: Chromium not found at {chromium}; {INSTALL_HINT}"
    try:
        import playwright.sync_api  # noqa: F401 (only to know it is there)
    except ImportError:
        return f"no PDF written: --pdf needs the optional extra 'pdf' (Playwright); install it with {PDF_EXTRA}"
    try:
        # in a thread of its own: Playwright's sync API refuses to run where an asyncio loop runs
        # (a Jupyter kernel, or a program already driving a browser)
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(_print, page_html, pdf, chromium, title=title, as_of=as_of, paper=paper).result()
        pdf.write_bytes(fixed_dates(relative_links(pdf.read_bytes(), Path(page_html).parent)))
    except Exception as exc:  # Playwright's launch or page errors: the report stands without its PDF
        first = " ".join(str(exc).split())[:200]
        pdf.unlink(missing_ok=True)
        return f"no PDF written: Chromium at {chromium} failed ({type(exc).__name__}: {first}); {INSTALL_HINT}"
    return None


def _print(page_html: Path, pdf: Path, chromium: Path, *, title: str, as_of: str, paper: str) -> None:
    """Open the page in headless Chromium and print it (see :func:`print_pdf`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=list(CHROMIUM_ARGS), headless=True)
        try:
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            page.goto(Path(page_html).resolve().as_uri(), wait_until="load")
            page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=20_000)
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            page.emulate_media(media="print")
            page.pdf(
                path=str(pdf),
                format=paper,
                print_background=True,
                display_header_footer=True,
                header_template=header_template(title, as_of),
                footer_template=FOOTER,
                margin={"top": "16mm", "bottom": "14mm", "left": "10mm", "right": "10mm"},
                scale=0.8,
                tagged=True,  # the structure the outline is made from (and screen readers read)
                outline=True,  # bookmarks: the section headings
            )
        finally:
            browser.close()
