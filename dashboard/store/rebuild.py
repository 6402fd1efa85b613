"""The corpus made again from the index's tables: articles, passages, and their sentences and
mentions as columns that make objects only when a passage's are read (`lazy_rows.py`).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
from itertools import accumulate
from operator import add

import pyarrow as pa
import pyarrow.compute as pc

from dashboard.corpus.analysis import AnalysedArticle, AnalysedPassage
from dashboard.places.world_geoparser import UnknownName
from dashboard.store.lazy_rows import LazyRows, MentionColumns, SentenceColumns
from dashboard.store.lookup_columns import arrow_column, int_view
from dashboard.text.articles import Article, Passage
from dashboard.text.sources import Source


def _int_list(array: pa.Array) -> list:
    return array.to_pylist() if array.null_count else int_view(array).tolist()


def _ints(table: pa.Table, name: str) -> list:
    return _int_list(arrow_column(table, name)) if table.num_rows else []


def string_list(table: pa.Table, name: str, unique: bool = False) -> list:
    """A string column as Python strings, each distinct one made once (place ids, roles, kinds…)."""
    if not table.num_rows:
        return []  # (an empty column has no chunk to read, and combining none imports pandas)
    column = arrow_column(table, name)
    if not pa.types.is_dictionary(column.type):
        if unique:  # long texts, one a row: nothing to share
            return column.to_pylist()
        column = pc.dictionary_encode(column)
    values = column.dictionary.to_pylist()
    if column.null_count:
        return [None if i is None else values[i] for i in column.indices.to_pylist()]
    return [values[i] for i in _int_list(column.indices)]


def _days(table: pa.Table, name: str) -> list:
    """A date column as datetime.date objects, each distinct day made once."""
    if not table.num_rows:
        return []
    column = arrow_column(table, name)
    if column.null_count:
        return column.to_pylist()
    ordinals = _int_list(column.view(pa.int32()))
    epoch = dt.date(1970, 1, 1).toordinal()
    days = {d: dt.date.fromordinal(epoch + d) for d in set(ordinals)}
    return [days[d] for d in ordinals]


@contextlib.contextmanager
def collector_paused():
    """No garbage collection while a million small objects are made, and then none over them.

    The collector would walk them again and again (it tripled the time to read 10,000
    articles), and once more, for half a second, at its next full collection. They hold no
    reference cycles, so they are moved out of its reach (`gc.freeze`, as the page does with
    its corpus anyway): reference counting still frees them when the corpus is dropped."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.freeze()
            gc.enable()


def articles_from_tables(tables: dict) -> dict:
    """article id -> AnalysedArticle, from the tables (rows sorted by article, children in their
    parents' order: the counts of the parent rows say which child rows are whose).

    Each table leaves `tables` once read (the places table stays), and its memory goes back to
    the system: the objects and the tables are not all held at once.  Place mentions and
    sentences (with their attributions and dates) stay numpy columns, each passage's made into
    objects when first read (`indexed_objects`); passages, articles and unknown names are made
    here."""
    # every passage and unknown name of the corpus, in table order
    p = _taken(tables, "passages")
    passages = list(map(Passage, string_list(p, "article"), _ints(p, "passage"), string_list(p, "text", unique=True),
                        _ints(p, "start"), string_list(p, "heading"), p.column("caption").to_pylist()))
    n_mentions, n_suggested, n_unknown = _ints(p, "n_mentions"), _ints(p, "n_suggested"), _ints(p, "n_unknown")
    n_sentences, n_adjectival = _ints(p, "n_sentences"), _ints(p, "n_adjectival")
    del p
    release_memory()
    mentions = MentionColumns(_taken(tables, "mentions"))  # made into objects passage by passage (indexed_objects)
    u = _taken(tables, "unknown")
    unknown = list(map(UnknownName, _ints(u, "start"), _ints(u, "end"), string_list(u, "surface"), string_list(u, "ending")))
    # sentences with their attributions and dates: columns too
    sentences = SentenceColumns(_taken(tables, "sentences"), _taken(tables, "attributions"), _taken(tables, "dates"),
                                _taken(tables, "spans"))
    found = found_by_article(_taken(tables, "sources"))
    del u
    release_memory()
    # articles, then their passages with their slices of mentions, sentences and unknown names
    mention_at = list(accumulate(map(add, map(add, n_mentions, n_suggested), n_adjectival), initial=0))
    sentence_at = list(accumulate(n_sentences, initial=0))
    unknown_at = list(accumulate(n_unknown, initial=0))
    a = _taken(tables, "articles")
    n_passages = _ints(a, "n_passages")
    passage_at = list(accumulate(n_passages, initial=0))
    articles = list(map(Article, string_list(a, "article"), [""] * a.num_rows, string_list(a, "title", unique=True),
                        string_list(a, "outlet"), _days(a, "published"), string_list(a, "language"),
                        string_list(a, "body", unique=True),
                        string_list(a, "url", unique=True), map(tuple, a.column("authors").to_pylist()),
                        [passages[i:j] for i, j in zip(passage_at, passage_at[1:])]))
    unregistered, sources = a.column("unregistered").to_pylist(), string_list(a, "source")
    del a
    release_memory()
    analysed = list(map(
        AnalysedPassage, [article for article, n in zip(articles, n_passages) for _ in range(n)], passages,
        [LazyRows(mentions, i, i + n) for i, n in zip(mention_at, n_mentions)],
        [LazyRows(sentences, i, j, passage.text) for passage, i, j in zip(passages, sentence_at, sentence_at[1:])],
        [LazyRows(mentions, i + n, i + n + s) for i, n, s in zip(mention_at, n_mentions, n_suggested)],
        [unknown[i:j] for i, j in zip(unknown_at, unknown_at[1:])],
        [LazyRows(mentions, i + n + s, j) for i, n, s, j in zip(mention_at, n_mentions, n_suggested, mention_at[1:])]))
    return {article.id: AnalysedArticle(article, analysed[i:j], source if new else None, found.get(article.id, []))
            for article, i, j, source, new in zip(articles, passage_at, passage_at[1:], sources, unregistered)}


def found_by_article(table: pa.Table) -> dict:
    """article id -> the Source found in its text, from the index's sources table."""
    found: dict = {}
    columns = [string_list(table, name) for name in ("article", "id", "name", "kind", "title", "affiliation", "status")]
    for article, source_id, name, kind, title, affiliation, status in zip(*columns):
        found.setdefault(article, []).append(Source(source_id, name, kind, None, {}, affiliation, title=title,
                                                     status=status))
    return found


def _taken(tables: dict, name: str) -> pa.Table:
    """A table, out of `tables` (so that it is freed when the caller lets go of it)."""
    return tables.pop(name)


def release_memory() -> None:
    """Memory that Arrow's pool holds but no longer uses, back to the system."""
    pa.default_memory_pool().release_unused()
