"""Every passage as a row, with or without a place: what a reader takes to a spreadsheet.

    python -m dashboard export passages [--format csv|jsonl] [the export's filters]

The GeoJSON and CSV exports list passages under the places they name; a passage that names no
place (a statement, a denial, a figure) left the app only here. Each row: the article (its id,
title, outlet, date, link), the passage's number and text, its sources — each with its name,
kind (person, organisation, government, outlet or generic), role (speaker, cited, credit,
inherited, outlet: the article's own narration) and status (`registered` in sources.yaml, or
`found`: found in the text, or an outlet the registry does not list) —, the ids of the places it
names and its dates.
The filters of sources, dates and articles choose the passages, as on the page; the place kinds
and routes choose what a map draws, and do not apply here.

    >>> from dashboard.corpus.analysis import load_corpus
    >>> rows = list(passage_rows(load_corpus()))
    >>> len(rows), rows[0]["passage"], sorted(rows[0])[:4]
    (13, 1, ['article', 'dates', 'outlet', 'passage'])

JSON Lines: one JSON object a line, the lists as lists. CSV: the lists in one cell each
(``name (role, kind, status); …``), formulas neutralised as in the other exports.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from dashboard.corpus.claims import source_kind_of
from dashboard.corpus.export import ROW_FORMATS, write_rows
from dashboard.corpus.filters import Filters, apply_filters
from dashboard.text.sources import UNREGISTERED

FORMATS = ROW_FORMATS
CSV_COLUMNS = ("article", "passage", "title", "outlet", "published", "url", "sources", "places", "dates", "text")


def passage_rows(corpus, filters: Filters = Filters()) -> Iterator[dict]:
    """One dict per passage that passes the filters, in corpus order."""
    for analysed in apply_filters(corpus.passages, filters):
        article = analysed.article
        yield {
            "article": article.id,
            "passage": analysed.passage.number,
            "title": article.title,
            "outlet": article.outlet,
            "published": article.published.isoformat() if article.published else None,
            "url": article.url,
            "text": analysed.text,
            "sources": _sources(corpus, analysed),
            "places": analysed.place_ids(),
            "dates": [{"text": d.text, "first": d.first.isoformat(), "last": d.last.isoformat(), "kind": d.kind}
                      for d in analysed.dates()],
        }


def _sources(corpus, analysed) -> list[dict]:
    """Each (source, role) of the passage once, in the order they first come."""
    seen, found = set(), []
    for sentence in analysed.sentences:
        for attribution in sentence.attributions:
            key = (corpus.canonical_source(attribution.source), attribution.role)  # "Putin" is Vladimir Putin
            if key in seen:
                continue
            seen.add(key)
            source = corpus.registry.sources.get(attribution.source)
            found_here = source is None or source.kind == UNREGISTERED or source.status == "found"
            status = "found" if found_here else "registered"
            found.append({"name": corpus.source_name(attribution.source), "kind": source_kind_of(corpus, attribution.source),
                          "role": attribution.role, "status": status})
    return found


def write_passages(corpus, filters: Filters, out: TextIO, fmt: str = "csv") -> None:
    """The rows as CSV or JSON Lines, one at a time (memory grows with one passage)."""
    write_rows(passage_rows(corpus, filters), out, fmt, CSV_COLUMNS, _csv_cells, "passages")


def _csv_cells(row: dict) -> dict:
    return {
        **{key: row[key] for key in ("article", "passage", "title", "outlet", "published", "text")},
        "url": row["url"] or "",
        "sources": "; ".join(f"{s['name']} ({s['role']}, {s['kind']}, {s['status']})" for s in row["sources"]),
        "places": "; ".join(row["places"]),
        "dates": "; ".join(f"{d['text'] or '(implied)'}={d['first']}" + (f"/{d['last']}" if d["last"] != d["first"] else "")
                           + f" ({d['kind']})" for d in row["dates"]),
    }
