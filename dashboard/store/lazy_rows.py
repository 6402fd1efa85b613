"""A corpus's sentences and place mentions read from the index, made into objects only when a
passage's are asked for.

The page answers its filters and counts from the lookup's columns (`indexed_lookup`), and
looks at sentences and mentions only for the passage cards it shows and for an export.
Making every `Sentence` with its dates when the index is read took ~0.45 s of a warm start at
10,000 articles (271,000 sentences, 235,000 dates) and ~110 MB (each sentence's text is a
third copy of the passage's); every `PlaceMention` (362,000) another ~0.25 s.  So those tables
stay as numpy columns (`SentenceColumns`, `MentionColumns`: a few MB), and each passage holds
`LazyRows`: read-only sequences that make their own objects the first time they are read,
equal to the lists the analysis made (tests/test_index.py compares every field).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from dashboard.places.gazetteer_mentions import PlaceMention
from dashboard.store.lookup_columns import arrow_column, dictionary_codes, int_view
from dashboard.text.attribution import Attribution, Sentence
from dashboard.text.dates import DateMention, ImpliedDate

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class SentenceColumns:
    """The index's sentences, attributions and dates tables as columns, rows in table order."""

    def __init__(self, sentences: pa.Table, attributions: pa.Table, dates: pa.Table, spans: pa.Table):
        self.start, self.end = _ints(sentences, "start"), _ints(sentences, "end")
        self.span_at = np.concatenate([[0], np.cumsum(_ints(sentences, "n_spans"))])
        self.span_start, self.span_end = _ints(spans, "start"), _ints(spans, "end")
        self.span_source = dictionary_codes(spans, "source")
        n_attributions, n_dates = _ints(sentences, "n_attributions"), _ints(sentences, "n_dates")
        self.n_dates = n_dates
        self.implied = _ints(sentences, "implied_reported", cast=pa.int8())
        self.attribution_at = np.concatenate([[0], np.cumsum(n_attributions)])
        self.date_at = np.concatenate([[0], np.cumsum(n_dates + self.implied)])
        (source, sources), (role, roles) = dictionary_codes(attributions, "source"), dictionary_codes(attributions, "role")
        # each distinct (source, role) made once (a few hundred at most): numbered densely
        n_roles = max(len(roles), 1)
        pairs = source * n_roles + role
        present = np.zeros(len(sources) * n_roles, dtype=bool)
        present[pairs] = True
        distinct = np.flatnonzero(present)
        self.attribution_code = (np.cumsum(present) - 1)[pairs]
        self.attributions = [Attribution(sources[p // n_roles], roles[p % n_roles]) for p in distinct.tolist()]
        self.text, self.precision, self.kind = (dictionary_codes(dates, name) for name in ("text", "precision", "kind"))
        self.date_start, self.date_end = _ints(dates, "start"), _ints(dates, "end")
        self.first, self.last = _ints(dates, "first"), _ints(dates, "last")
        self._days: dict = {}
        self._implied: dict = {}  # (first, last, precision) -> ImpliedDate: one object each, as the index read them

    def __len__(self) -> int:
        return len(self.start)

    def make(self, first: int, stop: int, text: str) -> list:
        """The Sentence objects of rows first..stop (one passage's, whose text is `text`)."""
        attribution_at = self.attribution_at[first: stop + 1].tolist()
        codes = self.attribution_code[attribution_at[0]: attribution_at[-1]].tolist()
        date_at = self.date_at[first: stop + 1].tolist()
        a, b = date_at[0], date_at[-1]
        texts, precisions, kinds = ([values[c] for c in codes_[a:b].tolist()] for codes_, values in
                                    (self.text, self.precision, self.kind))
        starts, ends = self.date_start[a:b].tolist(), self.date_end[a:b].tolist()
        firsts, lasts = [self._day(d) for d in self.first[a:b].tolist()], [self._day(d) for d in self.last[a:b].tolist()]
        span_at = self.span_at[first: stop + 1].tolist()
        s0, s1 = span_at[0], span_at[-1]
        span_rows = list(zip(self.span_start[s0:s1].tolist(), self.span_end[s0:s1].tolist(),
                             [self.span_source[1][c] for c in self.span_source[0][s0:s1].tolist()]))
        made = []
        for i, (start, end, n_dates, implied) in enumerate(zip(self.start[first:stop].tolist(), self.end[first:stop].tolist(),
                                                                self.n_dates[first:stop].tolist(),
                                                                self.implied[first:stop].tolist())):
            d = date_at[i] - a
            attributions = [self.attributions[c] for c in
                            codes[attribution_at[i] - attribution_at[0]: attribution_at[i + 1] - attribution_at[0]]]
            dates = [DateMention(texts[k], starts[k], ends[k], firsts[k], lasts[k], precisions[k], kinds[k])
                     for k in range(d, d + n_dates)]
            reported = None
            if implied:  # the row after the written dates: days only
                key = (firsts[d + n_dates], lasts[d + n_dates], precisions[d + n_dates])
                reported = self._implied.get(key) or self._implied.setdefault(key, ImpliedDate(*key))
            spans = span_rows[span_at[i] - s0: span_at[i + 1] - s0]
            made.append(Sentence(start, end, text[start:end], attributions, dates, reported, spans))
        return made

    def _day(self, days: int) -> dt.date:
        day = self._days.get(days)
        if day is None:
            day = self._days[days] = dt.date.fromordinal(_EPOCH_ORDINAL + days)
        return day


class MentionColumns:
    """The index's mentions table as columns, rows in table order (a passage's places.yaml
    mentions, then its suggested ones)."""

    def __init__(self, mentions: pa.Table):
        self.place, self.surface = dictionary_codes(mentions, "place"), dictionary_codes(mentions, "surface")
        self.start, self.end = _ints(mentions, "start"), _ints(mentions, "end")

    def __len__(self) -> int:
        return len(self.start)

    def make(self, first: int, stop: int, _=None) -> list:
        """The PlaceMention objects of rows first..stop."""
        (place_codes, places), (surface_codes, surfaces) = self.place, self.surface
        return [PlaceMention(places[p], surfaces[s], a, b) for p, s, a, b in
                zip(place_codes[first:stop].tolist(), surface_codes[first:stop].tolist(),
                    self.start[first:stop].tolist(), self.end[first:stop].tolist())]


class LazyRows(Sequence):
    """Rows first..stop of `columns` (SentenceColumns, MentionColumns) as the objects
    `columns.make(first, stop, extra)` makes, made when first read and then kept.  Reads like
    the list of the analysis (indexing, slicing, len, iteration, +) and equals it."""

    __slots__ = ("_columns", "_first", "_stop", "_extra", "_made")

    def __init__(self, columns, first: int, stop: int, extra=None):
        self._columns, self._first, self._stop, self._extra = columns, first, stop, extra
        self._made: list | None = None

    def _list(self) -> list:
        made = self._made
        if made is None:  # two sessions' threads may both make them: the same objects either way
            made = self._made = self._columns.make(self._first, self._stop, self._extra)
        return made

    def __len__(self) -> int:
        return len(self._made) if self._made is not None else self._stop - self._first

    def __getitem__(self, index):
        return self._list()[index]

    def __iter__(self):
        return iter(self._list())

    def __add__(self, other) -> list:
        return self._list() + list(other)

    def __radd__(self, other) -> list:
        return list(other) + self._list()

    def __eq__(self, other) -> bool:
        if isinstance(other, LazyRows):
            other = other._list()
        return isinstance(other, list) and self._list() == other

    __hash__ = None  # a list's equality: not hashable

    def __repr__(self) -> str:
        return repr(self._list())


def _ints(table: pa.Table, name: str, cast=None) -> np.ndarray:
    """An integer (date32 as days, bool with `cast`) column without nulls, as int64."""
    if not table.num_rows:
        return np.zeros(0, dtype=np.int64)
    column = arrow_column(table, name)
    if column.null_count:
        raise ValueError(f"the index's column {name} has empty values")
    if cast is not None:
        column = column.cast(cast)
    elif pa.types.is_date32(column.type):
        column = column.view(pa.int32())
    return int_view(column).astype(np.int64)
