"""The page's lookup columns (`lookup.LookupColumns`) straight from the index's Arrow tables.

`LookupColumns.of_passages` walks a million small objects in Python: 0.65-0.9 s of a warm start
at 10,000 articles, and again after every added article.  The same columns are a few numpy
sorts over the tables the index has just read (~0.1 s), so the page builds them from there.

The tables' rows are sorted by article id; the corpus is in the order of its article files
(`article_ids`).  Each child table says how many rows each parent row has (n_sentences,
n_attributions…), so every row's parent is a `np.repeat`, and a stable sort on the parent's
place in the corpus puts the rows in corpus order without changing their order within a
parent: the order `of_passages` sees them in.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.corpus.columns import KIND_CODES, LookupColumns

_EPOCH_ORDINAL = 719163  # dt.date(1970, 1, 1).toordinal(): Arrow's date32 counts days from it


def arrow_column(table: pa.Table, name: str) -> pa.Array:
    """A column as one array (chunks combined)."""
    column = table.column(name)
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def int_view(array: pa.Array) -> np.ndarray:
    """An integer array (no nulls) as numpy's view of its buffer (pyarrow's to_numpy imports
    pandas: a second and a half at a cold start)."""
    width = array.type.bit_width // 8
    return np.frombuffer(array.buffers()[1], dtype=f"<i{width}", count=len(array), offset=array.offset * width)


def lookup_columns(tables: dict, article_ids: list) -> LookupColumns:
    """The columns of the corpus whose articles are `article_ids` (in corpus order), from the
    index's passages, sentences, attributions, dates and mentions tables."""
    passages, sentences = tables["passages"], tables["sentences"]
    rank = {aid: i for i, aid in enumerate(article_ids)}
    passage_rank = _article_ranks(passages, rank)
    passage_order = np.argsort(passage_rank, kind="stable")  # the passages' rows in corpus order
    passage_at = _inverse(passage_order)  # each passage row's index in the corpus
    n_passages = len(passage_order)

    # sentences, in corpus order
    sentence_passage_row = np.repeat(np.arange(n_passages), _ints(passages, "n_sentences"))
    sentence_order = np.argsort(passage_at[sentence_passage_row], kind="stable")
    sentence_at = _inverse(sentence_order)
    sentence_passage = passage_at[sentence_passage_row][sentence_order].astype(np.int64)
    n_sentences = len(sentence_order)

    # attributions: a row per (sentence, distinct source), the first of each kept
    said_sentence = sentence_at[np.repeat(np.arange(n_sentences), _ints(sentences, "n_attributions"))]
    source_raw, source_values = dictionary_codes(tables["attributions"], "source")
    said_order = np.argsort(said_sentence, kind="stable")
    said_sentence, source_raw = said_sentence[said_order], source_raw[said_order]
    kept = _first_of_each_pair(said_sentence, source_raw, len(source_values))
    said_sentence, source_raw = said_sentence[kept], source_raw[kept]
    source_code, source_names = _first_seen_codes(source_raw, source_values)
    first_source = np.full(n_passages, -1, dtype=np.int32)
    said_passage = sentence_passage[said_sentence]
    starts = _run_starts(said_passage)  # rows come by passage: a run's first is the first source
    first_source[said_passage[starts]] = source_code[starts]

    # dates: written ones, then the implied reported date when the sentence writes no reported one
    dates = tables["dates"]
    implied_per_sentence = _bools(sentences, "implied_reported").astype(np.int64)
    dated_sentence_row = np.repeat(np.arange(n_sentences), _ints(sentences, "n_dates") + implied_per_sentence)
    kind_raw, kind_values = dictionary_codes(dates, "kind")
    kind = np.array([KIND_CODES[k] for k in kind_values], dtype=np.int8)[kind_raw] if len(kind_raw) else \
        np.zeros(0, dtype=np.int8)
    implied = _bools(dates, "implied")
    writes_reported = np.bincount(dated_sentence_row[~implied & (kind == KIND_CODES["reported"])],
                                  minlength=n_sentences) > 0
    keep = ~implied | ~writes_reported[dated_sentence_row]
    date_sentence = sentence_at[dated_sentence_row][keep]
    date_order = np.argsort(date_sentence, kind="stable")
    text_raw, text_values = dictionary_codes(dates, "text")
    chosen = np.flatnonzero(keep)[date_order]

    # places: a row per (passage, distinct place), mentions then suggested, the first of each kept
    named_passage = passage_at[np.repeat(np.arange(n_passages), _ints(passages, "n_mentions")
                                         + _ints(passages, "n_suggested") + _ints(passages, "n_adjectival"))]
    place_raw, place_values = dictionary_codes(tables["mentions"], "place")
    names = pc.not_equal(tables["mentions"].column("status"), "adjectival").to_numpy(zero_copy_only=False)
    named_passage, place_raw = named_passage[names], place_raw[names]  # demonyms are no naming (analysis.py)
    named_order = np.argsort(named_passage, kind="stable")
    named_passage, place_raw = named_passage[named_order], place_raw[named_order]
    kept = _first_of_each_pair(named_passage, place_raw, len(place_values))
    place_code, place_names = _first_seen_codes(place_raw[kept], place_values)

    # passages: their articles numbered in corpus order
    ranks = passage_rank[passage_order]
    article_starts = _run_starts(ranks)
    return LookupColumns(
        sources=source_names, places=place_names,
        articles=[article_ids[r] for r in ranks[article_starts].tolist()],
        sentence_passage=sentence_passage, source_sentence=said_sentence.astype(np.int64),
        source_code=source_code, date_sentence=date_sentence[date_order].astype(np.int64),
        date_kind=kind[chosen], date_first=_ordinals(dates, "first")[chosen],
        date_last=_ordinals(dates, "last")[chosen],
        date_text=np.array(text_values, dtype=object)[text_raw[chosen]] if len(chosen) else np.array([], dtype=object),
        place_passage=named_passage[kept].astype(np.int64), place_code=place_code,
        passage_article=(np.cumsum(article_starts) - 1).astype(np.int32),
        passage_number=_ints(passages, "passage")[passage_order].astype(np.int32),
        first_source=first_source)


# ---- columns as numpy ---------------------------------------------------------------------------

def _ints(table: pa.Table, name: str) -> np.ndarray:
    if not table.num_rows:  # (an empty column has no chunk to read)
        return np.zeros(0, dtype=np.int64)
    return int_view(arrow_column(table, name)).astype(np.int64)


def _bools(table: pa.Table, name: str) -> np.ndarray:
    if not table.num_rows:
        return np.zeros(0, dtype=bool)
    return int_view(pc.cast(arrow_column(table, name), pa.int8())).astype(bool)


def _ordinals(table: pa.Table, name: str) -> np.ndarray:
    """A date column as int32 ordinals (date.toordinal())."""
    if not table.num_rows:
        return np.zeros(0, dtype=np.int32)
    return (int_view(arrow_column(table, name).view(pa.int32())) + _EPOCH_ORDINAL).astype(np.int32)


def dictionary_codes(table: pa.Table, name: str) -> tuple[np.ndarray, list]:
    """(each row's index into the values, the distinct values) of a string column."""
    if not table.num_rows:
        return np.zeros(0, dtype=np.int64), []
    column = arrow_column(table, name)
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    return int_view(column.indices).astype(np.int64), column.dictionary.to_pylist()


def _article_ranks(table: pa.Table, rank: dict) -> np.ndarray:
    """Each row's article's place in the corpus (a dictionary column may hold ids no row uses)."""
    raw, values = dictionary_codes(table, "article")
    if not len(raw):
        return raw
    ranks = np.array([rank.get(aid, -1) for aid in values], dtype=np.int64)[raw]
    if (ranks < 0).any():
        missing = values[raw[np.argmax(ranks < 0)]]
        raise ValueError(f"the index's tables have article {missing!r}, which the corpus does not")
    return ranks


# ---- sorting helpers ----------------------------------------------------------------------------

def _inverse(order: np.ndarray) -> np.ndarray:
    """The inverse permutation: where each row went."""
    at = np.empty(len(order), dtype=np.int64)
    at[order] = np.arange(len(order))
    return at


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values begins (a boolean per row)."""
    return np.r_[True, values[1:] != values[:-1]] if len(values) else np.zeros(0, dtype=bool)


def _first_of_each_pair(group: np.ndarray, value: np.ndarray, n_values: int) -> np.ndarray:
    """The rows that are the first of their (group, value) pair, in row order (dict.fromkeys
    per group)."""
    key = group.astype(np.int64) * max(n_values, 1) + value
    order = np.argsort(key, kind="stable")
    return np.sort(order[_run_starts(key[order])])


def _first_seen_codes(raw: np.ndarray, values: list) -> tuple[np.ndarray, list]:
    """(codes numbered in order of first appearance, the values in that order) of indices into `values`."""
    if not len(raw):
        return np.zeros(0, dtype=np.int32), []
    order = np.argsort(raw, kind="stable")
    firsts = order[_run_starts(raw[order])]  # each distinct value's first row
    distinct = raw[np.sort(firsts)]  # in order of first appearance
    code_of = np.zeros(len(values), dtype=np.int32)
    code_of[distinct] = np.arange(len(distinct), dtype=np.int32)
    return code_of[raw], [values[i] for i in distinct.tolist()]
