"""The sums behind the page's charts: the source x place matrix and the timeline's points
(passages by period and source, or by period, source and stance), from the rows
`queries.PassageLookup` selects.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.corpus.arrays import distinct


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


OTHER_SOURCES = "other sources"
NO_CLAIM = "no claim"  # a passage's colour on the stance timeline when it makes no claim


PERIODS = (("day", None), ("week", "W"), ("month", "M"), ("quarter", "Q"), ("year", "Y"))


def all_period_ranks(days: np.ndarray, units=tuple(unit for _, unit in PERIODS)) -> dict:
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
            firsts, of_day = np.unique(period_starts(distinct, unit), return_inverse=True)
            ranks[unit] = (of_day.astype(np.int32)[day_rank], firsts)
    return ranks


def period_starts(days: np.ndarray, unit: str) -> np.ndarray:
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
    return points_of_rows(TimelineRows.of_frame(frame), source_name, limit, top_sources)


@dataclass
class TimelineRows:
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
    def of_frame(cls, frame: pd.DataFrame) -> "TimelineRows":
        source, source_names = _codes(frame["source"])
        article, article_names = _codes(frame["article"])
        kind, kinds = _codes(frame["kind"])
        return cls(frame["date"].to_numpy().astype("datetime64[D]"), frame["last"].to_numpy().astype("datetime64[D]"),
                   (np.asarray(kinds, dtype=object) == "event")[kind] if len(kinds) else np.zeros(0, dtype=bool),
                   source, source_names, frame["expression"].to_numpy(dtype=object), article, article_names,
                   frame["passage"].to_numpy(), frame["row"].to_numpy().astype(np.int64))

    def take(self, chosen: np.ndarray) -> "TimelineRows":
        return TimelineRows(self.days[chosen], self.last[chosen], self.event[chosen], self.source[chosen],
                             self.source_names, self.expression[chosen], self.article[chosen], self.article_names,
                             self.passage[chosen], self.row[chosen],
                             {unit: (ranks[chosen], firsts) for unit, (ranks, firsts) in self.periods.items()})

    def period_ranks(self, unit: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(each row's period, as a rank; each rank's first day): the period is the row's day
        (unit None), week, month, quarter or year."""
        if unit not in self.periods:  # rows not made by the lookup (`timeline_points` of a frame)
            self.periods = all_period_ranks(self.days)
        return self.periods[unit]


def passage_stance_codes(passages, strongest: dict, lines: tuple) -> np.ndarray:
    """Each passage's stance on the timeline, as a code into `lines` (the stances' names, then
    NO_CLAIM; int8, in the passages' order: the timeline rows' `row`), from
    `claims.strongest_stances`.  (The names come from the caller: the analysis imports this
    module, and the stances' module is no part of it.)

    >>> from types import SimpleNamespace as P
    >>> lines = ("asserts", "denies", NO_CLAIM)
    >>> passage_stance_codes([P(key=("a.md", 1)), P(key=("a.md", 2))], {("a.md", 2): "denies"}, lines).tolist()
    [2, 1]
    """
    code = {stance: i for i, stance in enumerate(lines)}
    return np.array([code[strongest.get(p.key, NO_CLAIM)] for p in passages], dtype=np.int8)


def stance_timeline_points(frame: pd.DataFrame, passage_stance: np.ndarray, lines: tuple, source_name, limit: int,
                           top_sources: int = 30) -> pd.DataFrame:
    """`timeline_points` with a `stance` column: each row's passage's stance (`passage_stance`,
    of `passage_stance_codes` into `lines`, indexed by the frame's `row`).  Past `limit` a point stands for
    one source's passages of one stance in one period (a day, else the shortest period that
    keeps the points under `limit`), so that a passage's colour is never averaged away.

    >>> import numpy as np, pandas as pd
    >>> days = pd.to_datetime(["2023-09-05", "2023-09-05", "2023-09-06"])
    >>> frame = pd.DataFrame({"date": days, "last": days, "kind": ["reported"] * 3, "source": ["tass"] * 3,
    ...                       "expression": ["5日", "5日", "6日"], "article": ["a.md"] * 3,
    ...                       "passage": [1, 2, 3], "row": [0, 1, 2]})
    >>> lines = ("hedged", "unconfirmed", NO_CLAIM)
    >>> codes = np.array([0, 1, 0], dtype=np.int8)  # hedged, unconfirmed, hedged
    >>> stance_timeline_points(frame, codes, lines, str.upper, limit=2)[["period", "date", "stance", "passages"]].values.tolist()
    [['week', '2023-09-04', 'hedged', 2], ['week', '2023-09-04', 'unconfirmed', 1]]
    """
    rows = TimelineRows.of_frame(frame)
    codes = passage_stance[rows.row] if len(rows.row) else np.zeros(0, dtype=np.int8)
    return points_of_rows(rows, source_name, limit, top_sources, stance=(codes, lines))


def points_of_rows(rows: TimelineRows, source_name, limit: int, top_sources: int,
                   stance: tuple | None = None) -> pd.DataFrame:
    """`timeline_points` on numpy columns; with `stance` ((a code per row, the codes' names)), a
    `stance` column, and past `limit` the points are grouped by stance too."""
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
        if stance is not None:  # a line per (source, kind, stance)
            n_lines *= len(stance[1])
            line = line * len(stance[1]) + stance[0]
        for period, unit in PERIODS:  # the shortest period whose points number at most `limit`
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
        passages = np.bincount(distinct(rows.row * n_points + group) % n_points, minlength=n_points)
        more = (np.bincount(group, minlength=n_points) - 1).tolist()
        starts = firsts[ranks[first]]
        expressions = [e if n == 0 else f"{e} (+{n})" for e, n in zip(rows.expression[first].tolist(), more)]
    sources = np.asarray(labels, dtype=object)[line_source[first]].tolist()
    names = {s: s if s in ("unattributed", OTHER_SOURCES) else source_name(s) for s in set(sources)}
    articles = [rows.article_names[code] for code in rows.article[first].tolist()]
    columns = {
        "period": [period] * len(first),
        "date": np.datetime_as_string(starts, unit="D").tolist(),
        "last": np.datetime_as_string(last, unit="D").tolist(),
        "kind": np.where(rows.event[first], "event", "reported").tolist(),
        "source": [names[s] for s in sources],
        "expression": expressions,
        "passage": [f"{a} #{n}" for a, n in zip(articles, rows.passage[first].tolist())],
        "passages": passages}
    if stance is not None:
        columns["stance"] = np.asarray(stance[1], dtype=object)[stance[0][first]].tolist()
    return pd.DataFrame(columns, columns=list(columns))


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
