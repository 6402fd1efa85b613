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

import datetime as dt
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.corpus.filters import Filters

_KIND_CODES = {"reported": 0, "event": 1}


class _Codes:
    """Small integer codes for strings (source ids, place ids, article ids)."""

    def __init__(self, names=()):
        self.names: list[str] = list(names)
        self.codes: dict[str, int] = {name: code for code, name in enumerate(self.names)}

    def code(self, name: str) -> int:
        code = self.codes.get(name)
        if code is None:
            code = self.codes[name] = len(self.names)
            self.names.append(name)
        return code

    def known(self, names) -> np.ndarray:
        return np.array([self.codes[n] for n in names if n in self.codes], dtype=np.int32)


@dataclass
class LookupColumns:
    """One corpus's passages as the columns `PassageLookup` queries.  Made from the passage
    objects (`of_passages`) or straight from the index's tables (`indexed_lookup`), the same
    arrays either way (tests/test_indexed_lookup.py).

    Codes are numbered in order of first appearance in corpus order; the rows of each table
    are in corpus order (passage, then sentence, then the order the analysis found them)."""
    sources: list  # source code -> source id
    places: list  # place code -> place id
    articles: list  # article code -> article id
    sentence_passage: np.ndarray  # int64, a row per sentence: its passage's index
    source_sentence: np.ndarray  # int64, a row per (sentence, distinct source): the sentence's row
    source_code: np.ndarray  # int32
    date_sentence: np.ndarray  # int64, a row per date of `Sentence.dates_of_kind("any")`
    date_kind: np.ndarray  # int8, _KIND_CODES
    date_first: np.ndarray  # int32 ordinals (date.toordinal())
    date_last: np.ndarray  # int32
    date_text: np.ndarray  # object: what is written ("" for an implied date)
    place_passage: np.ndarray  # int64, a row per (passage, distinct place), mentions then suggested
    place_code: np.ndarray  # int32
    passage_article: np.ndarray  # int32, a row per passage
    passage_number: np.ndarray  # int32
    first_source: np.ndarray  # int32: each passage's first source code, -1 for none

    @classmethod
    def of_passages(cls, passages: list) -> "LookupColumns":
        """The columns of AnalysedPassage objects, in one Python pass over them."""
        sources, places, articles = _Codes(), _Codes(), _Codes()
        sentence_passage: list[int] = []
        source_sentence: list[int] = []
        source_code: list[int] = []
        date_sentence: list[int] = []
        date_kind: list[int] = []
        date_first: list[int] = []
        date_last: list[int] = []
        date_text: list[str] = []
        place_passage: list[int] = []
        place_code: list[int] = []
        passage_article: list[int] = []
        passage_number: list[int] = []
        first_source: list[int] = []
        article_code, place_code_of, source_code_of = articles.code, places.code, sources.code
        row = -1
        # One pass, written for speed (90,000 passages: 1.8 s with the objects' helper methods,
        # see benchmarks/page.py); `sentence.dates_of_kind("any")` is the reported and the event dates.
        for index, passage in enumerate(passages):
            passage_article.append(article_code(passage.article.id))
            passage_number.append(passage.passage.number)
            first_source.append(-1)
            for place_id in dict.fromkeys([m.place for m in passage.mentions] + [m.place for m in passage.suggested]):
                place_passage.append(index)
                place_code.append(place_code_of(place_id))
            for sentence in passage.sentences:
                row += 1
                sentence_passage.append(index)
                for source in dict.fromkeys([a.source for a in sentence.attributions]):
                    source_sentence.append(row)
                    source_code.append(source_code_of(source))
                    if first_source[-1] < 0:
                        first_source[-1] = source_code[-1]
                for date in sentence.dates_of_kind("any"):
                    date_sentence.append(row)
                    date_kind.append(_KIND_CODES[date.kind])
                    date_first.append(date.first.toordinal())
                    date_last.append(date.last.toordinal())
                    date_text.append(date.text)
        return cls(sources.names, places.names, articles.names,
                   np.array(sentence_passage, dtype=np.int64), np.array(source_sentence, dtype=np.int64),
                   np.array(source_code, dtype=np.int32), np.array(date_sentence, dtype=np.int64),
                   np.array(date_kind, dtype=np.int8), np.array(date_first, dtype=np.int32),
                   np.array(date_last, dtype=np.int32), np.array(date_text, dtype=object),
                   np.array(place_passage, dtype=np.int64), np.array(place_code, dtype=np.int32),
                   np.array(passage_article, dtype=np.int32), np.array(passage_number, dtype=np.int32),
                   np.array(first_source, dtype=np.int32))


class PassageLookup:
    """Columns of one corpus's passages; build once per corpus (about 0.1 s per 10,000
    passages from the objects; `columns` when they are made another way)."""

    def __init__(self, passages: list, cache_size: int = 16, columns: LookupColumns | None = None):
        self.passages_list = list(passages)
        if columns is None:
            columns = LookupColumns.of_passages(self.passages_list)
        if len(columns.passage_number) != len(self.passages_list):
            raise ValueError(f"{len(columns.passage_number):,} passages in the columns, "
                             f"{len(self.passages_list):,} passages given")
        self._sources, self._places = _Codes(columns.sources), _Codes(columns.places)
        self._articles = _Codes(columns.articles)
        for column in fields(LookupColumns):  # the arrays as self._sentence_passage, self._source_code…
            if column.name not in ("sources", "places", "articles"):
                setattr(self, f"_{column.name}", getattr(columns, column.name))
        # each attribution's passage (three queries ask; 400,000 rows at 10,000 articles)
        self._source_passage = self._sentence_passage[self._source_sentence]
        self._by_source: tuple | None = None  # (attributions' passages by source, each source's start)
        self._by_place: tuple | None = None  # (mentions' passages by place, each place's start)
        self._by_passage: tuple | None = None  # (attributions' sources by passage, each passage's start)
        self._masks: OrderedDict = OrderedDict()
        self._answers: OrderedDict = OrderedDict()
        self._timeline_rows: _TimelineRows | None = None
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
                if filters.date_kind in _KIND_CODES:
                    dated &= self._date_kind == _KIND_CODES[filters.date_kind]
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
            self._by_source = _grouped(self._source_code, self._source_passage, len(self._sources.names))
        passages, starts = self._by_source
        return passages[starts[code]:starts[code + 1]]

    def _passages_naming(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the passages naming each place of `codes`, a row per mention; each row's place as
        its position in `codes`): the mentions' passages sorted by place once per corpus, so
        that the matrix's 25 places are slices read in order, not a pass over every mention."""
        if self._by_place is None:
            self._by_place = _grouped(self._place_code, self._place_passage, len(self._places.names))
        passages, starts = self._by_place
        lengths = starts[codes + 1] - starts[codes]
        # 25 long runs copied as slices: ~0.3 ms faster than one `_ranges` gather at 10,000 articles
        slices = [passages[starts[code]:starts[code + 1]] for code in codes.tolist()]
        return (np.concatenate(slices) if slices else passages[:0]), np.repeat(np.arange(len(codes)), lengths)

    def _sources_in(self, passages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(passage, source code) of each attribution in `passages` (distinct): the sources
        sorted by passage once per corpus, so that a query reads the attributions of the
        passages it keeps, not every attribution."""
        if self._by_passage is None:
            self._by_passage = _grouped(self._source_passage, self._source_code, len(self.passages_list))
        codes, starts = self._by_passage
        lengths = starts[passages + 1] - starts[passages]
        return np.repeat(passages, lengths), codes[_ranges(starts[passages], lengths)]

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
        n_sources = len(_distinct(self._source_code[chosen[self._source_passage]]))
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
        pairs = _distinct(passages.astype(np.int64) * len(self._sources.names) + codes)
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
        source_cell = _positions(sources, len(self._sources.names))
        n_sources, n_places = max(len(sources), 1), max(len(places), 1)
        # (passage, place) pairs, then (passage, source) pairs of those passages only (the
        # matrix's 25 places are named in a fraction of them), each distinct and sorted by passage
        naming, place = self._passages_naming(places)
        kept = mask[naming]
        named = _distinct(naming[kept].astype(np.int64) * n_places + place[kept])
        saying, source = self._sources_in(_distinct(named // n_places))
        cell = source_cell[source]
        said = _distinct(saying[cell >= 0].astype(np.int64) * n_sources + cell[cell >= 0])
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
            codes, counts = _distinct_counted(cells)
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
            "kind": pd.Categorical.from_codes(rows.event.astype(np.int8), list(_KIND_CODES)),
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
        return _timeline_points(self._timeline_selected(filters, date_kind), source_name, limit, 30)

    def _timeline_selected(self, filters: Filters, date_kind: str) -> "_TimelineRows":
        columns = self._timeline_columns()
        keep = self.mask(filters)[columns.row]
        if date_kind in _KIND_CODES:
            keep &= columns.event == (date_kind == "event")
        return columns.take(np.flatnonzero(keep))

    def _timeline_columns(self) -> "_TimelineRows":
        """Every (sentence date, source) row of the corpus, joined once (a join per filter change
        took ~0.3 s on 100,000 passages), as numpy columns: what the timeline's points are
        grouped from and `timeline` makes its frame of."""
        if self._timeline_rows is None:
            dates = pd.DataFrame({"sentence": self._date_sentence, "row": np.arange(len(self._date_sentence))})
            sources = pd.DataFrame({"sentence": self._source_sentence, "source": self._source_code})
            joined = dates.merge(sources, on="sentence", how="left")
            date = joined["row"].to_numpy()
            passage = self._sentence_passage[joined["sentence"].to_numpy()]
            days = _days(self._date_first[date])
            self._timeline_rows = _TimelineRows(
                days, _days(self._date_last[date]),
                self._date_kind[date] == _KIND_CODES["event"],
                joined["source"].fillna(len(self._sources.names)).astype(np.int64).to_numpy(),
                [*self._sources.names, "unattributed"], self._date_text[date],
                self._passage_article[passage], self._articles.names, self._passage_number[passage], passage,
                _all_period_ranks(days))
        return self._timeline_rows


def source_place_matrix(pairs: pd.DataFrame, sources: list, places: list, source_name, place_name,
                        corner: str = "source") -> pa.Table:
    """The source x place table of `PassageLookup.source_place_counts`, as the page shows it: a
    row per source of `sources` and a column per place of `places`, in those orders (0 where no
    passage), named; the sources' names in the first column, `corner`.  An Arrow table made from
    the counts' array (through a pandas frame, its conversion took ~2.5 ms of every run that
    draws the matrix).

    >>> import pandas as pd
    >>> pairs = pd.DataFrame({"source": ["tass", "tass", "nyt"], "place": ["a", "b", "a"], "passages": [3, 1, 5]})
    >>> source_place_matrix(pairs, ["nyt", "tass"], ["a", "b"], str.upper, str.upper).to_pylist()
    [{'source': 'NYT', 'A': 5, 'B': 0}, {'source': 'TASS', 'A': 3, 'B': 1}]
    """
    row_of = {s: i for i, s in enumerate(sources)}
    column_of = {p: i for i, p in enumerate(places)}
    cells = np.zeros((len(row_of), len(column_of)), dtype=np.int64)  # filled by hand: pivot_table took ~6 ms
    for source, place, n in zip(pairs["source"].tolist(), pairs["place"].tolist(), pairs["passages"].tolist()):
        if source in row_of and place in column_of:
            cells[row_of[source], column_of[place]] += n
    names = [place_name(p) for p in column_of]
    while corner in names:  # a place of that name: the sources' column keeps a name of its own
        corner += "\u00a0"
    return pa.Table.from_arrays([pa.array([source_name(s) for s in row_of], type=pa.string()),
                                 *(pa.array(cells[:, i]) for i in range(len(column_of)))], names=[corner, *names])


# The most cells (sources x places asked about) the matrix counts in one dense array.
DENSE_CELLS = 1 << 22
OTHER_SOURCES = "other sources"
_PERIODS = (("day", None), ("week", "W"), ("month", "M"), ("quarter", "Q"), ("year", "Y"))


def _all_period_ranks(days: np.ndarray, units=tuple(unit for _, unit in _PERIODS)) -> dict:
    """unit -> (each day's period as a rank among those of `days`, int32; each rank's first
    day), the period being the day itself (unit None), its week, month, quarter or year.
    From one pass over `days`: the distinct days are marked in a table over their range (a
    sort of each unit's starts took ~1 s at a million passages), and each unit's ranks are
    those of the distinct days' periods."""
    if not len(days):
        return {unit: (np.zeros(0, dtype=np.int32), days[:0]) for unit in units}
    offsets = days.astype(np.int64) - days.min().astype(np.int64)
    present = np.zeros(int(offsets.max()) + 1, dtype=bool)
    present[offsets] = True
    day_rank = (np.cumsum(present) - 1).astype(np.int32)[offsets]
    distinct = days.min() + np.flatnonzero(present).astype("timedelta64[D]")
    ranks = {}
    for unit in units:
        if unit is None:
            ranks[unit] = (day_rank, distinct)
        else:
            firsts, of_day = np.unique(_period_starts(distinct, unit), return_inverse=True)
            ranks[unit] = (of_day.astype(np.int32)[day_rank], firsts)
    return ranks


def _period_starts(days: np.ndarray, unit: str) -> np.ndarray:
    """The first day of each day's week (Monday), month, quarter or year (numpy days)."""
    if unit == "W":  # 1970-01-01 was a Thursday
        return days - ((days.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    if unit == "Q":
        months = days.astype("datetime64[M]").astype(np.int64)
        return (months - months % 3).astype("datetime64[M]").astype("datetime64[D]")
    return days.astype(f"datetime64[{unit}]").astype("datetime64[D]")


def timeline_points(frame: pd.DataFrame, source_name, limit: int, top_sources: int = 30) -> pd.DataFrame:
    """What the timeline draws from `PassageLookup.timeline`: a point per row (`passages` 1,
    `period` "day") up to `limit` rows.  Past it, the `top_sources` sources with the most rows
    keep a line each and the rest share one ("other sources"), and a point stands for a source's
    passages in one day, or week, month, quarter or year — the shortest period that keeps the
    points under `limit` (`period`; `date` is its first day, `passages` how many passages,
    `expression`/`passage` the first of them).  Dates as YYYY-MM-DD, sources by name.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2023-09-05", "2023-09-05", "2023-09-06", "2023-09-05"]),
    ...                       "last": pd.to_datetime(["2023-09-05", "2023-09-05", "2023-09-06", "2023-09-05"]),
    ...                       "kind": ["reported"] * 4, "source": ["tass", "tass", "tass", "unattributed"],
    ...                       "expression": ["5日", "September 5", "6日", "5日"], "article": ["a.md", "b.md", "b.md", "a.md"],
    ...                       "passage": [1, 2, 4, 3], "row": [0, 5, 6, 2]})
    >>> cols = ["period", "date", "source", "passages", "expression", "passage"]
    >>> timeline_points(frame, str.upper, limit=3)[cols].values.tolist()
    [['day', '2023-09-05', 'TASS', 2, '5日 (+1)', 'a.md #1'], ['day', '2023-09-05', 'unattributed', 1, '5日', 'a.md #3'], ['day', '2023-09-06', 'TASS', 1, '6日', 'b.md #4']]
    >>> timeline_points(frame, str.upper, limit=2, top_sources=1)[cols].values.tolist()
    [['week', '2023-09-04', 'other sources', 1, '5日', 'a.md #3'], ['week', '2023-09-04', 'TASS', 3, '5日 (+2)', 'a.md #1']]
    """
    return _timeline_points(_TimelineRows.of_frame(frame), source_name, limit, top_sources)


@dataclass
class _TimelineRows:
    """A timeline's rows as numpy columns: sources and articles as codes into their names."""
    days: np.ndarray  # datetime64[D]: the date's first day
    last: np.ndarray  # datetime64[D]: its last day
    event: np.ndarray  # bool: an event date (else reported)
    source: np.ndarray  # int: code into `source_names`
    source_names: list
    expression: np.ndarray  # object: what is written
    article: np.ndarray  # int: code into `article_names`
    article_names: list
    passage: np.ndarray  # the passage's number
    row: np.ndarray  # int64: the passage's index in the corpus
    # unit (None for the day, "W", "M", "Q", "Y") -> (each row's period as a rank among the
    # corpus's periods, int32; each rank's first day), made once for the corpus's rows: made
    # per view, a month's or quarter's starts were ~1 ms each of a filter change, and the ranks
    # keep the points' keys dense (days as keys spanned the corpus's whole range of dates)
    periods: dict = field(default_factory=dict)

    @classmethod
    def of_frame(cls, frame: pd.DataFrame) -> "_TimelineRows":
        source, source_names = _codes(frame["source"])
        article, article_names = _codes(frame["article"])
        kind, kinds = _codes(frame["kind"])
        return cls(frame["date"].to_numpy().astype("datetime64[D]"), frame["last"].to_numpy().astype("datetime64[D]"),
                   (np.asarray(kinds, dtype=object) == "event")[kind] if len(kinds) else np.zeros(0, dtype=bool),
                   source, source_names, frame["expression"].to_numpy(dtype=object), article, article_names,
                   frame["passage"].to_numpy(), frame["row"].to_numpy().astype(np.int64))

    def take(self, chosen: np.ndarray) -> "_TimelineRows":
        return _TimelineRows(self.days[chosen], self.last[chosen], self.event[chosen], self.source[chosen],
                             self.source_names, self.expression[chosen], self.article[chosen], self.article_names,
                             self.passage[chosen], self.row[chosen],
                             {unit: (ranks[chosen], firsts) for unit, (ranks, firsts) in self.periods.items()})

    def period_ranks(self, unit: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(each row's period, as a rank; each rank's first day): the period is the row's day
        (unit None), week, month, quarter or year."""
        if unit not in self.periods:  # rows not made by the lookup (`timeline_points` of a frame)
            self.periods = _all_period_ranks(self.days)
        return self.periods[unit]


def _timeline_points(rows: _TimelineRows, source_name, limit: int, top_sources: int) -> pd.DataFrame:
    """`timeline_points` on numpy columns."""
    if len(rows.days) <= limit:
        period, first = "day", np.arange(len(rows.days))
        starts, last, passages = rows.days, rows.last, np.ones(len(first), dtype=np.int64)
        line_source, labels = rows.source, rows.source_names
        expressions = rows.expression.tolist()
    else:
        # grouped with numpy on one dense integer key (period, line): pandas' groupby with
        # nunique over 235,000 rows took ~180 ms of every filter change at 10,000 articles, and
        # counting the points of each period with np.unique took ~60 ms
        labels, line_source = _top_source_lines(rows.source, rows.source_names, top_sources)
        n_lines = 2 * len(labels)
        line = line_source.astype(np.int64) * 2 + rows.event
        for period, unit in _PERIODS:  # the shortest period whose points number at most `limit`
            ranks, firsts = rows.period_ranks(unit)
            key, taken = _dense_keys(ranks, line, n_lines)
            if unit == "Y" or np.count_nonzero(taken) <= limit:
                break
        group = (np.cumsum(taken) - 1)[key]  # the point of each row; points in (period, line) order
        n_points = int(group.max()) + 1
        first = np.full(n_points, len(group), dtype=np.int64)
        np.minimum.at(first, group, np.arange(len(group)))  # a point's first row
        last = np.full(n_points, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(last, group, rows.last.astype(np.int64))
        last = last.astype("datetime64[D]")
        # distinct passages per point: keyed passage first, as the rows come (in corpus order),
        # the keys are nearly sorted already and their sort is ~2.5x faster
        passages = np.bincount(_distinct(rows.row * n_points + group) % n_points, minlength=n_points)
        more = (np.bincount(group, minlength=n_points) - 1).tolist()
        starts = firsts[ranks[first]]
        expressions = [e if n == 0 else f"{e} (+{n})" for e, n in zip(rows.expression[first].tolist(), more)]
    sources = np.asarray(labels, dtype=object)[line_source[first]].tolist()
    names = {s: s if s in ("unattributed", OTHER_SOURCES) else source_name(s) for s in set(sources)}
    articles = [rows.article_names[code] for code in rows.article[first].tolist()]
    return pd.DataFrame({
        "period": [period] * len(first),
        "date": np.datetime_as_string(starts, unit="D").tolist(),
        "last": np.datetime_as_string(last, unit="D").tolist(),
        "kind": np.where(rows.event[first], "event", "reported").tolist(),
        "source": [names[s] for s in sources],
        "expression": expressions,
        "passage": [f"{a} #{n}" for a, n in zip(articles, rows.passage[first].tolist())],
        "passages": passages}, columns=["period", "date", "last", "kind", "source", "expression", "passage", "passages"])


def _grouped(keys: np.ndarray, values: np.ndarray, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """(`values` in the order of their `keys`, stably; each key's start): the values of key k
    are `ordered[starts[k]:starts[k + 1]]`, for keys 0 to n_keys - 1.

    >>> ordered, starts = _grouped(np.array([2, 0, 2, 1]), np.array([10, 11, 12, 13]), 3)
    >>> ordered.tolist(), starts.tolist()
    ([11, 13, 10, 12], [0, 1, 2, 4])
    """
    order = np.argsort(keys, kind="stable")
    return values[order], np.searchsorted(keys[order], np.arange(n_keys + 1))


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The ranges [start, start + length) one after another, as one array of integers.

    >>> _ranges(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist()
    [5, 6, 9, 10, 11]
    """
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(ends[-1] if len(ends) else 0)


def _positions(chosen: np.ndarray, n_codes: int) -> np.ndarray:
    """A table over the n_codes codes: each chosen code's position in `chosen`, -1 for the rest."""
    table = np.full(max(n_codes, 1), -1, dtype=np.int64)
    table[chosen] = np.arange(len(chosen))
    return table


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: np.unique's answer.  numpy 2.4's np.unique takes a hash
    path for integers that is ~9x slower than this sort on 235,000 int64s (98 ms against 11).
    The sort is the stable one (timsort): the pairs asked about come nearly sorted (passage
    first, in corpus order), and it takes 2.4 ms on 300,000 of them where quicksort takes 13."""
    ordered = np.sort(values, kind="stable")
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def _distinct_counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct values, sorted; how many times each comes): np.unique(return_counts=True)."""
    ordered = np.sort(values, kind="stable")
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.zeros(0, dtype=np.int64)
    return ordered[starts], np.diff(np.r_[starts, len(ordered)])


def _dense_keys(periods: np.ndarray, line: np.ndarray, n_lines: int) -> tuple[np.ndarray, np.ndarray]:
    """(each row's key, which keys are taken): key = (period - first period) x n_lines + line,
    so the keys' order is (period, line).  `taken` is a boolean array over the key range (the
    periods are ranks among the corpus's: its distinct days times the lines at most); counting
    and numbering the points from it is linear."""
    periods = periods.astype(np.int64)
    key = (periods - periods.min()) * n_lines + line
    taken = np.zeros(int(key.max()) + 1, dtype=bool)
    taken[key] = True
    return key, taken


def _codes(column: pd.Series) -> tuple[np.ndarray, list]:
    """Integer codes and their values, for a categorical or a plain column."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), list(column.cat.categories)
    codes, values = pd.factorize(column)
    return codes, list(values)


def _top_source_lines(codes: np.ndarray, sources: list, keep: int) -> tuple[list, np.ndarray]:
    """(the lines' labels, sorted; each row's line): the `keep` sources with the most rows keep
    their own line, the others share OTHER_SOURCES."""
    counts = np.bincount(codes, minlength=len(sources))
    used = [i for i in np.argsort(-counts, kind="stable") if counts[i] > 0]
    kept = {sources[i] for i in used[:keep]}
    labels = sorted(kept | ({OTHER_SOURCES} if len(used) > keep else set()))
    index = {label: i for i, label in enumerate(labels)}
    line_of = np.array([index[s] if s in kept else index.get(OTHER_SOURCES, 0) for s in sources], dtype=np.int64)
    return labels, line_of[codes]


_EPOCH = dt.date(1970, 1, 1).toordinal()


def _days(ordinals: np.ndarray) -> np.ndarray:
    """Proleptic Gregorian ordinals (date.toordinal()) as numpy days."""
    return (ordinals.astype(np.int64) - _EPOCH).astype("datetime64[D]")
