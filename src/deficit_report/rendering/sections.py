"""The report's section list, read from the rendered page: a table of contents and section links.

Sections are the page's ``<h2>`` headings, numbered or not ("6. Coverage",
"Key findings"); nothing here lists them, so a section added to the notebook
appears in the contents and can be linked without a change here. Text refers
to a section by its heading, as a link ``#section:Coverage``;
:func:`link_sections` points the link at the heading's anchor and writes the
section's number as the page has it ("section 6, Coverage"). A link to a
section this report does not have becomes plain text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from deficit_report.rendering.escape import html_text

_H2 = re.compile(r'<h2 id="(?P<id>[^"]+)">(?P<text>.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h2>', re.S)
_LINK = re.compile(r'<a href="#section:(?P<target>[^"]+)">(?P<text>.*?)</a>', re.S)
_NUMBER = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\.?\s+(?P<title>.*)$")


@dataclass(frozen=True)
class Section:
    """One section of the page: its anchor, number (may be empty) and title."""

    anchor: str
    number: str
    title: str

    @property
    def reference(self) -> str:
        """How text refers to the section: ``section 6, Coverage`` (or the title alone, unnumbered)."""
        return f"section {self.number}, {self.title}" if self.number else self.title


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", html.unescape(text).lower()).strip()


def sections(page: str) -> list[Section]:
    """Return the page's sections (its ``<h2>`` headings) in order.

    Examples
    --------
    >>> page = '<h2 id="Key-findings">Key findings</h2><h2 id="6.-Coverage">6. Coverage<a class="anchor-link" href="#6.-Coverage">¶</a></h2>'
    >>> sections(page)
    [Section(anchor='Key-findings', number='', title='Key findings'), Section(anchor='6.-Coverage', number='6', title='Coverage')]
    """
    found = []
    for m in _H2.finditer(page):
        text = re.sub(r"<[^>]+>", "", m["text"]).strip()
        parts = _NUMBER.match(text)
        number, title = (parts["number"], parts["title"]) if parts else ("", text)
        found.append(Section(m["id"], number, html.unescape(title)))
    return found


def link_sections(page: str) -> str:
    """Point every ``#section:<heading>`` link at its section, written with the section's number.

    Examples
    --------
    >>> page = ('<h2 id="11.-Sources">11. Sources</h2><p><a href="#section:Sources">Sources</a>, '
    ...         '<a href="#section:Tariffs">Tariffs</a>, <a href="#section:Sources">2 more</a></p>')
    >>> link_sections(page).split("<p>")[1]
    '<a href="#11.-Sources">section 11, Sources</a>, Tariffs, <a href="#11.-Sources">2 more</a></p>'
    """
    by_title = {_key(s.title): s for s in sections(page)}

    def replace(m: re.Match) -> str:
        target = _key(m["target"].replace("-", " "))
        section = by_title.get(target)
        if section is None:
            return m["text"]
        text = html_text(section.reference) if _key(m["text"]) == target else m["text"]
        return f'<a href="#{section.anchor}">{text}</a>'

    return _LINK.sub(replace, page)


def table_of_contents(page: str) -> str:
    """Insert a table of contents (one compact line of links) before the page's first section.

    Examples
    --------
    >>> page = '<h1 id="T">T</h1><h2 id="1.-Headline">1. Headline</h2><h2 id="2.-Composition">2. Composition</h2>'
    >>> print(table_of_contents(page).split("</h1>")[1].split("<h2")[0])
    <nav class="report-toc" aria-label="Contents"><b>Contents</b> <a href="#1.-Headline">1 Headline</a> · <a href="#2.-Composition">2 Composition</a></nav>
    """
    found = sections(page)
    if not found:
        return page
    links = " · ".join(f'<a href="#{s.anchor}">{html_text((s.number + " " + s.title).strip())}</a>' for s in found)
    nav = f'<nav class="report-toc" aria-label="Contents"><b>Contents</b> {links}</nav>'
    first = _H2.search(page)
    return page[: first.start()] + nav + page[first.start() :]
