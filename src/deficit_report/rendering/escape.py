"""Text from parameters and data, made safe for where it is shown: HTML, Markdown, links, spreadsheets.

Every text a report shows comes from files a user hands it: a named run's YAML
(``title``, ``data_dir``, ...) and a dataset's CSV tables (notes, quotes,
labels, deal and item names, publishers, source ids, URLs). A shared schedule or
a colleague's dataset is exactly such a file, so all of it is text, never
markup: this module is the one place that turns it into HTML, Markdown, a link
or a spreadsheet cell, and nothing in :mod:`deficit_report.rendering` builds
HTML or Markdown from raw input.

- :func:`html_text`: for HTML text and attribute values (``&``, ``<``, ``>``
  and both quotes become entities);
- :func:`markdown_text`: for Markdown; the same entities, every character
  Markdown reads as syntax (links, emphasis, code, headings, tables, ``$``
  mathematics) escaped with a backslash, line breaks and control characters
  made spaces, so a text stays one inline run of plain characters;
- :func:`link_target`: a URL a page may link to (``http``, ``https`` or a
  ``#fragment`` of the page), or None for anything else (``javascript:``,
  ``data:``, ``vbscript:``, however spelled);
- :func:`spreadsheet_text`: a CSV cell a spreadsheet would run as a formula
  (``=``, ``+``, ``-``, ``@``, tab or carriage return first) gets a leading
  ``'``; numbers and other text are left as they are; :func:`csv_cell` also
  writes a carriage return inside a cell as a line break (quoted), so it cannot
  end the row.

Examples
--------
>>> html_text('<script>alert(1)</script> "&"')
'&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&quot;'
>>> print(markdown_text("[l](javascript:alert(3)) costs $5 & <b>"))
\\[l\\](javascript:alert(3)) costs \\$5 &amp; &lt;b&gt;
>>> link_target("java&#115;cript:alert(1)") is None, link_target("https://example.org/a")
(True, 'https://example.org/a')
>>> spreadsheet_text("=1+1"), spreadsheet_text("-65.7"), spreadsheet_text("Autos")
("'=1+1", '-65.7', 'Autos')
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote

#: Characters Markdown (CommonMark, GitHub's tables and strikethrough, JupyterLab's ``$`` mathematics) reads
#: as syntax anywhere in a line: escaped with a backslash. ``&``, ``<`` and ``>`` become entities instead,
#: so no HTML tag, entity or autolink can start (quotes need nothing: no tag can open around them).
_MARKDOWN_SYNTAX = "`*_[]$~|#{}"
_MARKDOWN = str.maketrans(
    {
        **{c: "\\" + c for c in _MARKDOWN_SYNTAX},
        "&": "&amp;",
        # a backslash as an entity: Jupyter's Markdown reads an escaped "\\(" as the start of mathematics
        "\\": "&#92;",
        "<": "&lt;",
        ">": "&gt;",
    }
)
#: Where a Markdown renderer makes a link of bare text (``http://...``, ``www.``): the ``:`` or ``.`` is escaped.
_AUTOLINK = re.compile(r"(?i)(?<![a-z])(?:[a-z]+:(?=//)|www\.)")
#: Line breaks and other control characters (C0, DEL, C1, Unicode line and paragraph separators).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: Characters a linked URL may not hold (unencoded, they end an attribute or hide a scheme).
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"<>\\`]")
#: Schemes a report links to; anything else (javascript:, data:, vbscript:, file:, ...) is not a link.
LINK_SCHEMES = ("http://", "https://")
#: What a spreadsheet reads as the start of a formula (or, for tab and CR, of a cell it may shift).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Characters a link target keeps as they are (RFC 3986's reserved and unreserved ones but quotes); others are %-encoded.
_URL_SAFE = "/:?#[]@!$&()*+,;=%-._~"
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def html_text(value) -> str:
    """Return a value as HTML text, safe in element content and in a quoted attribute value.

    Examples
    --------
    >>> html_text("AT&T's \\"best\\" <offer>")
    'AT&amp;T&#x27;s &quot;best&quot; &lt;offer&gt;'
    >>> html_text(1994)
    '1994'
    """
    return html.escape(str(value), quote=True)


def single_line(value) -> str:
    """Return a value as one line: line breaks, tabs and other control characters become spaces.

    Examples
    --------
    >>> single_line("Autos\\n# and parts\\r\\x00")
    'Autos # and parts  '
    """
    return _CONTROL.sub(" ", str(value))


def markdown_text(value) -> str:
    r"""Return a value as Markdown that shows exactly its characters, on one line, with no markup.

    Backslash escapes keep ``[l](javascript:...)`` from becoming a link, ``*``
    and ``_`` from emphasis, `````` from code and ``$`` from mathematics; ``&``,
    ``<`` and ``>`` become entities, so no raw HTML gets through. A
    leading ``-`` or ``+`` is escaped too (it would start a list item), and so
    is the ``:`` of ``http://`` and the ``.`` of ``www.`` (a bare URL becomes a link).

    Examples
    --------
    >>> print(markdown_text('<img src=x onerror=alert(2)> *a* `b` $1 & "c"'))
    &lt;img src=x onerror=alert(2)&gt; \*a\* \`b\` \$1 &amp; "c"
    >>> print(markdown_text("- auto_parts\n# two"))
    \- auto\_parts \# two
    >>> print(markdown_text("see https://e.org or www.e.org"))
    see https\://e.org or www\.e.org
    """
    text = _AUTOLINK.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], single_line(value).translate(_MARKDOWN))
    return "\\" + text if text[:1] in ("-", "+") else text


def link_target(url) -> str | None:
    """Return a URL if a page may link to it (``http``, ``https``, or a ``#fragment``), else None.

    The scheme is read as a browser would: after decoding character references
    (``java&#115;cript:``), ignoring case and dropping whitespace and control
    characters anywhere in it (`` javascript:``, ``java\\tscript:``). A URL
    holding whitespace, a control character, a quote, an angle bracket, a
    backslash or a backtick is no link either (the dataset check refuses them).

    Examples
    --------
    >>> link_target("https://ustr.gov/a?b=1#c"), link_target("#source-ap-1995-02-18")
    ('https://ustr.gov/a?b=1#c', '#source-ap-1995-02-18')
    >>> [link_target(u) for u in ["JaVaScRiPt:alert(1)", " data:text/html,x", "java\\tscript:x", "vbscript:x"]]
    [None, None, None, None]
    >>> link_target('https://e.org/"><svg onload=alert(1)>'), link_target("https://e.org/a\\x01b")
    (None, None)
    """
    text = str(url)
    if text.startswith("#"):
        return text
    plain = re.sub(r"[\s\x00-\x1f\x7f-\x9f]", "", html.unescape(unicodedata.normalize("NFKC", text))).lower()
    if _NOT_IN_URL.search(text) or not plain.startswith(LINK_SCHEMES):
        return None
    return text


def markdown_link(text, url) -> str:
    """Return a Markdown link showing ``text``; plain text when the URL may not be linked.

    The target is percent-encoded where Markdown or HTML would read it
    (non-ASCII characters, quotes) and written in angle
    brackets, so no character of it can close the link.

    Examples
    --------
    >>> markdown_link("ap-1995", "#source-ap-1995")
    '[ap-1995](<#source-ap-1995>)'
    >>> markdown_link("x", "https://ustr.gov/agriculture‐related_(2019)")
    '[x](<https://ustr.gov/agriculture%E2%80%90related_(2019)>)'
    >>> markdown_link("x", "javascript:alert(1)")
    'x'
    """
    target = link_target(url)
    if target is None:
        return markdown_text(text)
    return f"[{markdown_text(text)}](<{quote(target, safe=_URL_SAFE)}>)"


def html_link(text, url) -> str:
    """Return an HTML link showing ``text``; escaped plain text when the URL may not be linked.

    Examples
    --------
    >>> html_link("<b>", "https://e.org/?a=1&b=2")
    '<a href="https://e.org/?a=1&amp;b=2">&lt;b&gt;</a>'
    >>> html_link("x", "JAVASCRIPT:alert(1)")
    'x'
    """
    target = link_target(url)
    if target is None:
        return html_text(text)
    return f'<a href="{html_text(target)}">{html_text(text)}</a>'


def spreadsheet_text(value):
    """Return a CSV cell as a spreadsheet should read it: text that would run as a formula gets a leading ``'``.

    A spreadsheet opening a CSV file runs a cell starting with ``=``, ``+``,
    ``-`` or ``@`` as a formula (``=HYPERLINK(...)``, ``-1+1``, ``@SUM(...)``),
    and a leading tab or carriage return can shift it into one; such a cell is
    written ``'=1+1``, which spreadsheets show as the text ``=1+1``. A cell that
    is a plain number (``-65.7``, ``+3``) is left alone: a spreadsheet reads a
    number there and runs nothing. Values that are not text are returned as they are.

    Examples
    --------
    >>> [spreadsheet_text(v) for v in ["=HYPERLINK(\\"http://x\\")", "@SUM(A1)", "+1+1", "\\tx", "-", "-1e3", -5.0]]
    ['\\'=HYPERLINK("http://x")', "'@SUM(A1)", "'+1+1", "'\\tx", "'-", '-1e3', -5.0]
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def csv_cell(value):
    r"""Return a cell as a CSV file should hold it: formula-safe (:func:`spreadsheet_text`), a CR as a line break.

    A carriage return inside a text cell is left unquoted by Python's CSV writer
    when lines end in ``\n``, and every spreadsheet reads it as the end of the row:
    ``Autos\r=HYPERLINK(...)`` would start a new row with a formula. It is written
    as ``\n``, which makes the writer quote the cell.

    Examples
    --------
    >>> csv_cell("Autos\r=HYPERLINK(1)"), csv_cell("\r\n=1+1"), csv_cell(-65.7)
    ('Autos\n=HYPERLINK(1)', "'\n=1+1", -65.7)
    """
    value = spreadsheet_text(value)
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def runs_as_formula(value) -> bool:
    """Say whether a text cell starts like a formula (see :func:`spreadsheet_text`); numbers never do.

    Examples
    --------
    >>> runs_as_formula("=1+1"), runs_as_formula("-65.7"), runs_as_formula(-65.7), runs_as_formula("Autos")
    (True, False, False, False)
    """
    return isinstance(value, str) and spreadsheet_text(value) != value
