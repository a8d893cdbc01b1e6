"""Which sources a report relies on: every source id its frames cite, resolved to the sources table."""

from __future__ import annotations

import pandas as pd

SOURCE_COLUMNS = ["publisher", "title", "date", "url", "quote"]


def cited_ids(*columns: pd.Series) -> list[str]:
    """Return the sorted source ids cited in ``columns``; a cell may cite several, separated by ``;``.

    Examples
    --------
    >>> cited_ids(pd.Series(["b; a", ""]), pd.Series(["a", None]))
    ['a', 'b']
    """
    cells = pd.concat(columns) if columns else pd.Series(dtype=object)
    return sorted({s.strip() for cell in cells.dropna() for s in str(cell).split(";") if s.strip()})


def sources_used(sources: pd.DataFrame, *columns: pd.Series) -> pd.DataFrame:
    """Return the rows of the sources table cited in ``columns``: id, publisher, title, date, URL and quote.

    Examples
    --------
    >>> src = pd.DataFrame({"source_id": ["a", "b", "c"], "publisher": "P", "title": "T", "date": "",
    ...                     "url": "https://example.org", "quote": ""})
    >>> sources_used(src, pd.Series(["c; a"]))["source_id"].tolist()
    ['a', 'c']
    """
    table = sources.set_index("source_id")
    return table.loc[cited_ids(*columns), SOURCE_COLUMNS].reset_index()
