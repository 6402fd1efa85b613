"""Every claim as a row: who says what happens where and when, with its stance.

    python -m dashboard export claims [--format csv|jsonl] [the export's filters]

One row per claim (dashboard/corpus/claims.py), in corpus order: `article`, `passage`, `source`
(its name) and `source_kind`, `place` (its id) and `place_name` (its English name),
`predicate`, `event_first` and `event_last` (ISO dates, or empty), `stance` (asserts, hearsay,
hedged, denies, no-comment, unconfirmed, confirms), `disputed` (true when the place is disputed:
sources conflict there, or a claim meets the record), then the `cue` that gave the stance and
the `sentence` it is read from.  The source and date filters choose the passages as on the
page; a claim of a chosen passage is kept when its source is chosen (or no source is).

    >>> from dashboard.corpus.analysis import load_corpus
    >>> rows = list(claim_rows(load_corpus()))
    >>> list(rows[0])[:6]
    ['article', 'passage', 'source', 'source_kind', 'place', 'place_name']
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from dashboard.corpus.claims import corpus_claims, corpus_disputes, source_kind_of
from dashboard.corpus.export import ROW_FORMATS, write_rows
from dashboard.corpus.filters import Filters, apply_filters

FORMATS = ROW_FORMATS
COLUMNS = ("article", "passage", "source", "source_kind", "place", "place_name", "predicate", "event_first",
           "event_last", "stance", "disputed", "cue", "sentence")


def claim_rows(corpus, filters: Filters = Filters()) -> Iterator[dict]:
    claims = corpus_claims(corpus)
    disputed = set(corpus_disputes(corpus, claims))
    kept = {p.key for p in apply_filters(corpus.passages, filters)}
    chosen = set(filters.sources)
    for claim in claims:
        if (claim.article, claim.passage) not in kept or (chosen and claim.source not in chosen):
            continue
        yield {
            "article": claim.article,
            "passage": claim.passage,
            "source": corpus.source_name(claim.source),
            "source_kind": source_kind_of(corpus, claim.source),
            "place": claim.place,
            "place_name": corpus.place(claim.place).name if corpus.has_place(claim.place) else claim.place,
            "predicate": claim.predicate,
            "event_first": claim.event_first.isoformat() if claim.event_first else "",
            "event_last": claim.event_last.isoformat() if claim.event_last else "",
            "stance": claim.stance,
            "disputed": claim.place in disputed,
            "cue": claim.cue,
            "sentence": claim.sentence,
        }


def write_claims(corpus, filters: Filters, out: TextIO, fmt: str = "csv") -> None:
    write_rows(claim_rows(corpus, filters), out, fmt, COLUMNS, lambda row: {
        key: str(value).lower() if isinstance(value, bool) else value for key, value in row.items()}, "claims")
