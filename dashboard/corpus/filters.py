"""Narrow the corpus to some sources, a date range or some articles; choose the place kinds and routes drawn.

    >>> import datetime as dt
    >>> from dashboard.corpus.analysis import load_corpus
    >>> corpus = load_corpus()
    >>> kept = apply_filters(corpus.passages, Filters(sources=("tass",)))
    >>> [p.passage.number for p in kept]
    [12]

A passage is kept when one of its sentences matches every sentence-level filter at once:
its attributed sources include one of the chosen sources, and one of its dates of the
chosen kind (reported, event or any) overlaps the range.  The article filter then applies to
the passage as a whole; kinds and routes choose which places and legs are drawn and
exported (the same for the map, the downloads and `python -m dashboard export`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DATE_KINDS = ("reported", "event", "any")


@dataclass(frozen=True)
class Filters:
    sources: tuple = ()  # source ids; empty = all
    since: dt.date | None = None
    until: dt.date | None = None
    date_kind: str = "any"
    articles: tuple = ()  # article ids; empty = all
    kinds: tuple = ()  # place kinds shown (map markers, export points); empty = all
    routes: tuple | None = None  # route ids drawn (map legs, export lines); None = all

    def shows_place(self, place) -> bool:
        return not self.kinds or place.kind in self.kinds

    def shows_route(self, route_id: str) -> bool:
        return self.routes is None or route_id in self.routes

    @property
    def has_dates(self) -> bool:
        return self.since is not None or self.until is not None


def sentence_matches(sentence, filters: Filters) -> bool:
    if filters.sources and not set(sentence.sources) & set(filters.sources):
        return False
    if filters.has_dates:
        return any(d.overlaps(filters.since, filters.until) for d in sentence.dates_of_kind(filters.date_kind))
    return True


def passage_matches(passage, filters: Filters) -> bool:
    if filters.articles and passage.article.id not in filters.articles:
        return False
    if not filters.sources and not filters.has_dates:
        return True
    return any(sentence_matches(s, filters) for s in passage.sentences)


def apply_filters(passages, filters: Filters) -> list:
    return [p for p in passages if passage_matches(p, filters)]


def resolve_sources(keys, registry) -> tuple[tuple, list[str]]:
    """Source ids for ids or canonical names (case-insensitive), and the keys that match none.
    A source found in the texts under a short name in some articles ("Putin") comes with that
    name's id too (the registry maps it to the fuller one's Source)."""
    ids, unknown = [], []
    for key in keys:
        source = registry.resolve(key)
        if source is None:
            unknown.append(key)
        elif source.id not in ids:
            ids.append(source.id)
    aliases = [sid for sid, source in registry.sources.items() if source.id != sid and source.id in ids]
    return tuple(ids + aliases), unknown


def parse_day(text: str | None) -> dt.date | None:
    """YYYY-MM-DD or None; raises ValueError with a message that says what to write."""
    if text in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date: write YYYY-MM-DD, e.g. 2023-09-05") from None
