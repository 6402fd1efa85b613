"""Fast answers to the page's questions on a big corpus: which passages pass the filters, how
many passages name each place, which passages name one place.

`filters.apply_filters` walks every sentence of every passage in Python: ~0.3 s for 10,000
articles, on every filter change.  `PassageLookup` lays the same facts out once as numpy
columns (one row per sentence-source pair, per sentence-date, per passage-place), so a filter
is a few vectorised comparisons and a click is one mask: the answers are the same, in the
same (corpus) order.

    >>> from dashboard.corpus.analysis import load_corpus
    >>> from dashboard.corpus.filters import Filters
    >>> corpus = load_corpus()
    >>> lookup = PassageLookup(corpus.passages)
    >>> kept = lookup.passages(Filters(sources=("tass",)))
    >>> [p.passage.number for p in kept]
    [12]
    >>> lookup.mention_counts(Filters())["khasan"], len(lookup.mentioning("khasan", Filters()))
    (1, 1)

A sentence passes when it has one of the chosen sources *and* one date of the chosen kind in
the range (the same sentence, as in `filters.sentence_matches`); a passage passes when one of
its sentences does and its article is chosen.
"""
from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import fields

import numpy as np
import pandas as pd

from dashboard.corpus.arrays import days_of, distinct, distinct_counted, grouped, positions, ranges
from dashboard.corpus.charts import TimelineRows, all_period_ranks, points_of_rows
from dashboard.corpus.columns import KIND_CODES, Codes, LookupColumns
from dashboard.corpus.filters import Filters


class PassageLookup:
    """Columns of one corpus's passages; build once per corpus (about 0.1 s per 10,000
    passages from the objects; `columns` when they are made another way)."""

    def __init__(self, passages: list, cache_size: int = 16, columns: LookupColumns | None = None,
                 aliases: dict | None = None):
        """`aliases`: source id -> the id it stands for (one speaker found under a short name in
        one article and a full one in another): every query counts and filters them as one."""
        self.passages_list = list(passages)
        if columns is None:
            columns = LookupColumns.of_passages(self.passages_list)
        if len(columns.passage_number) != len(self.passages_list):
            raise ValueError(f"{len(columns.passage_number):,} passages in the columns, "
                             f"{len(self.passages_list):,} passages given")
        self._sources, self._places = Codes(columns.sources), Codes(columns.places)
        self._articles = Codes(columns.articles)
        for column in fields(LookupColumns):  # the arrays as self._sentence_passage, self._source_code…
            if column.name not in ("sources", "places", "articles"):
                setattr(self, f"_{column.name}", getattr(columns, column.name))
        if aliases and any(name in aliases for name in self._sources.names):
            canonical = Codes()
            to = np.array([canonical.code(aliases.get(name, name)) for name in self._sources.names], dtype=np.int32)
            self._source_code = to[self._source_code] if len(self._source_code) else self._source_code
            self._first_source = np.where(self._first_source >= 0, to[np.maximum(self._first_source, 0)], -1
                                          ).astype(np.int32)
            self._sources = Codes(canonical.names)
        # each attribution's passage (three queries ask; 400,000 rows at 10,000 articles)
        self._source_passage = self._sentence_passage[self._source_sentence]
        self._by_source: tuple | None = None  # (attributions' passages by source, each source's start)
        self._by_place: tuple | None = None  # (mentions' passages by place, each place's start)
        self._by_passage: tuple | None = None  # (attributions' sources by passage, each passage's start)
        self._masks: OrderedDict = OrderedDict()
        self._answers: OrderedDict = OrderedDict()
        self._timeline_rows: TimelineRows | None = None
        self._cache_size = cache_size

    def __len__(self) -> int:
        return len(self.passages_list)

    # ---- the filters -------------------------------------------------------------------
    def mask(self, filters: Filters) -> np.ndarray:
        """A boolean per passage: does it pass `filters`?  (Cached: a click reruns the same filters.)"""
        cached = self._masks.get(filters)
        if cached is not None:
            self._masks.move_to_end(filters)
            return cached
        mask = self._compute(filters)
        mask.setflags(write=False)
        self._masks[filters] = mask
        if len(self._masks) > self._cache_size:
            self._masks.popitem(last=False)
        return mask

    def _compute(self, filters: Filters) -> np.ndarray:
        count = len(self.passages_list)
        if filters.sources and not filters.has_dates:
            # the passages where one of the sources speaks: their rows, grouped by source once
            mask = np.zeros(count, dtype=bool)
            for code in self._sources.known(filters.sources).tolist():
                mask[self._passages_of_source(code)] = True
        elif filters.sources or filters.has_dates:
            sentences = np.ones(len(self._sentence_passage), dtype=bool)
            if filters.sources:
                sentences &= self._rows_marked(self._source_sentence,
                                               np.isin(self._source_code, self._sources.known(filters.sources)))
            if filters.has_dates:
                dated = np.ones(len(self._date_sentence), dtype=bool)
                if filters.date_kind in KIND_CODES:
                    dated &= self._date_kind == KIND_CODES[filters.date_kind]
                if filters.since is not None:
                    dated &= self._date_last >= filters.since.toordinal()
                if filters.until is not None:
                    dated &= self._date_first <= filters.until.toordinal()
                sentences &= self._rows_marked(self._date_sentence, dated)
            mask = np.zeros(count, dtype=bool)
            mask[self._sentence_passage[sentences]] = True
        else:
            mask = np.ones(count, dtype=bool)
        if filters.articles:
            mask &= np.isin(self._passage_article, self._articles.known(filters.articles))
        return mask

    def _passages_of_source(self, code: int) -> np.ndarray:
        """The passages (rows, with repeats) where source `code` speaks: the attributions
        sorted by source once per corpus, so that a source filter is a slice, not a pass over
        every attribution (~2 ms of each new view at 10,000 articles)."""
        if self._by_source is None:
            self._by_source = grouped(self._source_code, self._source_passage, len(self._sources.names))
        passages, starts = self._by_source
        return passages[starts[code]:starts[code + 1]]

    def _passages_naming(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the passages naming each place of `codes`, a row per mention; each row's place as
        its position in `codes`): the mentions' passages sorted by place once per corpus, so
        that the matrix's 25 places are slices read in order, not a pass over every mention."""
        if self._by_place is None:
            self._by_place = grouped(self._place_code, self._place_passage, len(self._places.names))
        passages, starts = self._by_place
        lengths = starts[codes + 1] - starts[codes]
        # 25 long runs copied as slices: ~0.3 ms faster than one `ranges` gather at 10,000 articles
        slices = [passages[starts[code]:starts[code + 1]] for code in codes.tolist()]
        return (np.concatenate(slices) if slices else passages[:0]), np.repeat(np.arange(len(codes)), lengths)

    def _sources_in(self, passages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(passage, source code) of each attribution in `passages` (distinct): the sources
        sorted by passage once per corpus, so that a query reads the attributions of the
        passages it keeps, not every attribution."""
        if self._by_passage is None:
            self._by_passage = grouped(self._source_passage, self._source_code, len(self.passages_list))
        codes, starts = self._by_passage
        lengths = starts[passages + 1] - starts[passages]
        return np.repeat(passages, lengths), codes[ranges(starts[passages], lengths)]

    def _rows_marked(self, rows: np.ndarray, keep: np.ndarray) -> np.ndarray:
        """A boolean per sentence: is one of its `rows` kept?"""
        marked = np.zeros(len(self._sentence_passage), dtype=bool)
        marked[rows[keep]] = True
        return marked

    # ---- answers -----------------------------------------------------------------------
    def passages(self, filters: Filters) -> list:
        """The passages that pass, in corpus order (as `filters.apply_filters`)."""
        mask = self.mask(filters)
        if mask.all():
            return self.passages_list
        return [self.passages_list[i] for i in np.flatnonzero(mask)]

    def _remembered(self, name, filters: Filters, compute):
        """The answer to `name` for `filters`, computed once (every rerun asks again); treat
        it as read-only."""
        key = (name, filters)
        if key not in self._answers:
            self._answers[key] = compute()
            if len(self._answers) > self._cache_size * 4:
                self._answers.popitem(last=False)
        return self._answers[key]

    def mention_counts(self, filters: Filters) -> Counter:
        """place id -> number of passing passages that name it (as `Corpus.mention_counts`)."""
        return self._remembered("mentions", filters, lambda: self._mention_counts(filters))

    def _mention_counts(self, filters: Filters) -> Counter:
        kept = self.mask(filters)[self._place_passage]
        counts = np.bincount(self._place_code[kept], minlength=len(self._places.names))
        return Counter({self._places.names[code]: int(n) for code in np.flatnonzero(counts) for n in [counts[code]]})

    def mentioning(self, place_id: str, filters: Filters) -> list:
        """The passing passages that name `place_id`, in corpus order (as `Corpus.passages_mentioning`)."""
        code = self._places.codes.get(place_id)
        if code is None:
            return []
        rows = self._place_passage[(self._place_code == code) & self.mask(filters)[self._place_passage]]
        return [self.passages_list[i] for i in rows]

    def by_first_source(self, place_id: str, filters: Filters) -> tuple[dict, int]:
        """The passing passages that name `place_id`, grouped by the first source each is
        attributed to ({source id or None: passages}, sources in the order they first come,
        passages in corpus order), and how many sources those passages are attributed to."""
        code = self._places.codes.get(place_id)
        if code is None:
            return {}, 0
        rows = self._place_passage[(self._place_code == code) & self.mask(filters)[self._place_passage]]
        groups: dict = {}
        for row, first in zip(rows.tolist(), self._first_source[rows].tolist()):
            groups.setdefault(self._sources.names[first] if first >= 0 else None, []).append(self.passages_list[row])
        chosen = np.zeros(len(self.passages_list), dtype=bool)
        chosen[rows] = True
        n_sources = len(distinct(self._source_code[chosen[self._source_passage]]))
        return groups, n_sources

    def source_counts(self, filters: Filters) -> Counter:
        """source id -> number of passing passages attributed (in one of their sentences) to it."""
        return self._remembered("sources", filters, lambda: self._source_counts(filters))

    def _source_counts(self, filters: Filters) -> Counter:
        mask = self.mask(filters)
        if 2 * np.count_nonzero(mask) < len(mask):  # a source's view: its passages' attributions only
            passages, codes = self._sources_in(np.flatnonzero(mask))
        else:
            kept = mask[self._source_passage]
            passages, codes = self._source_passage[kept], self._source_code[kept]
        pairs = distinct(passages.astype(np.int64) * len(self._sources.names) + codes)
        counts = np.bincount(pairs % max(len(self._sources.names), 1), minlength=len(self._sources.names))
        return Counter({self._sources.names[code]: int(counts[code]) for code in np.flatnonzero(counts)})

    def source_place_counts(self, filters: Filters, place_ids, source_ids=None) -> pd.DataFrame:
        """Columns source, place, passages: how many passing passages attribute something about
        each place (of `place_ids`) to each source (of `source_ids`; None: every source), as
        the plain count in tests/test_lookup.py.  Remembered per filters and ids."""
        place_ids = tuple(dict.fromkeys(place_ids))  # a place asked about twice is counted once
        source_ids = None if source_ids is None else tuple(dict.fromkeys(source_ids))
        return self._remembered(("matrix", place_ids, source_ids), filters,
                                lambda: self._source_place_counts(filters, place_ids, source_ids))

    def _source_place_counts(self, filters: Filters, place_ids, source_ids) -> pd.DataFrame:
        mask = self.mask(filters)
        # sources and places by their place among those asked about (a cell of the matrix)
        sources = np.arange(len(self._sources.names)) if source_ids is None else self._sources.known(source_ids)
        places = self._places.known(place_ids)
        source_cell = positions(sources, len(self._sources.names))
        n_sources, n_places = max(len(sources), 1), max(len(places), 1)
        # (passage, place) pairs, then (passage, source) pairs of those passages only (the
        # matrix's 25 places are named in a fraction of them), each distinct and sorted by passage
        naming, place = self._passages_naming(places)
        kept = mask[naming]
        named = distinct(naming[kept].astype(np.int64) * n_places + place[kept])
        saying, source = self._sources_in(distinct(named // n_places))
        cell = source_cell[source]
        said = distinct(saying[cell >= 0].astype(np.int64) * n_sources + cell[cell >= 0])
        # joined on the passage with numpy (a pandas merge and groupby took ~45 ms of a filter
        # change at 10,000 articles): each source pair meets the run of its passage's place pairs
        said_passage, named_passage = said // n_sources, named // n_places
        per_passage = np.bincount(named_passage, minlength=len(self.passages_list))
        run = per_passage[said_passage]
        start = (np.cumsum(per_passage) - per_passage)[said_passage]
        which = np.repeat(np.arange(len(said)), run)
        offsets = np.arange(len(which)) - np.repeat(np.cumsum(run) - run, run)
        cells = (said % n_sources)[which] * n_places + (named % n_places)[start[which] + offsets]
        if n_sources * n_places <= DENSE_CELLS:
            counts = np.bincount(cells, minlength=n_sources * n_places)
            codes = np.flatnonzero(counts)
            counts = counts[codes]
        else:  # thousands of sources by thousands of places: count the cells that occur
            codes, counts = distinct_counted(cells)
        return pd.DataFrame({"source": [self._sources.names[c] for c in sources[codes // n_places].tolist()],
                             "place": [self._places.names[c] for c in places[codes % n_places].tolist()],
                             "passages": counts})

    def timeline(self, filters: Filters, date_kind: str = "any") -> pd.DataFrame:
        """One row per (sentence date of `date_kind`, attributed source) of the passing passages,
        as a plain walk over the sentences would (tests/test_lookup.py): columns date, last (datetime64), kind, source (id, or
        "unattributed"), expression, article, passage (number), row (the passage's index)."""
        rows = self._timeline_selected(filters, date_kind)
        return pd.DataFrame({
            "date": rows.days, "last": rows.last,
            "kind": pd.Categorical.from_codes(rows.event.astype(np.int8), list(KIND_CODES)),
            "source": pd.Categorical.from_codes(rows.source, rows.source_names), "expression": rows.expression,
            "article": pd.Categorical.from_codes(rows.article, rows.article_names),
            "passage": rows.passage, "row": rows.row})

    def timeline_points(self, filters: Filters, date_kind: str, source_name, limit: int) -> pd.DataFrame:
        """`timeline_points` of the timeline under `filters`, remembered: a reader going back to
        a view (no filter after one source) does not wait for the grouping again.  `source_name`
        must be the same for every call (the corpus's)."""
        return self._remembered(("timeline", date_kind, limit), filters,
                                lambda: self._timeline_points(filters, date_kind, source_name, limit))

    def _timeline_points(self, filters: Filters, date_kind: str, source_name, limit: int) -> pd.DataFrame:
        """`timeline_points` of `timeline(filters, date_kind)`, on the table's numpy columns (the
        frame's rows selected with pandas took ~5 ms of a filter change at 10,000 articles)."""
        return points_of_rows(self._timeline_selected(filters, date_kind), source_name, limit, 30)

    def _timeline_selected(self, filters: Filters, date_kind: str) -> "TimelineRows":
        columns = self._timeline_columns()
        keep = self.mask(filters)[columns.row]
        if date_kind in KIND_CODES:
            keep &= columns.event == (date_kind == "event")
        return columns.take(np.flatnonzero(keep))

    def _timeline_columns(self) -> "TimelineRows":
        """Every (sentence date, source) row of the corpus, joined once (a join per filter change
        took ~0.3 s on 100,000 passages), as numpy columns: what the timeline's points are
        grouped from and `timeline` makes its frame of."""
        if self._timeline_rows is None:
            dates = pd.DataFrame({"sentence": self._date_sentence, "row": np.arange(len(self._date_sentence))})
            sources = pd.DataFrame({"sentence": self._source_sentence, "source": self._source_code})
            joined = dates.merge(sources, on="sentence", how="left")
            date = joined["row"].to_numpy()
            passage = self._sentence_passage[joined["sentence"].to_numpy()]
            days = days_of(self._date_first[date])
            self._timeline_rows = TimelineRows(
                days, days_of(self._date_last[date]),
                self._date_kind[date] == KIND_CODES["event"],
                joined["source"].fillna(len(self._sources.names)).astype(np.int64).to_numpy(),
                [*self._sources.names, "unattributed"], self._date_text[date],
                self._passage_article[passage], self._articles.names, self._passage_number[passage], passage,
                all_period_ranks(days))
        return self._timeline_rows


# The most cells (sources x places asked about) the matrix counts in one dense array.
DENSE_CELLS = 1 << 22


