"""A PDF to send: the offline HTML printed to ``report.pdf`` by headless Chromium (Playwright's ``page.pdf``).

The browser is Debian's Chromium (``/usr/bin/chromium``, or
``$DEFICIT_REPORT_CHROMIUM``), the one the browser tests use; Playwright never
downloads one. Charts are SVG images, which Chromium prints as vectors. The
page's print style keeps table rows and charts whole; folded tables
(``<details>``) are opened so the PDF holds every row; each page has a running
header with the report's title and as-of date, and a page number.

Without Chromium (or Playwright) the report is still written: :func:`print_pdf`
returns one line saying no PDF was written and how to install the browser.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from deficit_report.errors import UserInputError

#: Paper sizes the command offers (Playwright's format names).
PAPER_SIZES = ("A4", "Letter")
#: Chromium in a container runs as root without a sandbox, and must not reach the network.
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")  # fmt: skip
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


def print_pdf(page_html: Path, pdf: Path, *, title: str, as_of: str, paper: str = "A4") -> str | None:
    """Print ``page_html`` to ``pdf``; return None, or one line saying why no PDF was written.

    The page is opened from disk with every request outside ``file:`` and ``data:`` blocked.
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
        _print(page_html, pdf, chromium, title=title, as_of=as_of, paper=paper)
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
            )
        finally:
            browser.close()
