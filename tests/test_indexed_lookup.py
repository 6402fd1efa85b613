"""The page's lookup columns made straight from the index's tables are the columns the passage
objects give (`LookupColumns.of_passages`, whose answers tests/test_lookup.py checks against
plain walks and the hand gold), on a warm start and on a refresh, whatever the order of the
article files against the tables' (sorted by article id)."""
from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from test_index import load, mixed_articles, write_article

from dashboard.corpus.analysis import DEFAULT_ARTICLES
from dashboard.corpus.filters import Filters
from dashboard.store.folder import index_folder, read_index
from dashboard.store.index import load_indexed_corpus
from dashboard.store.lookup_columns import lookup_columns
from dashboard.corpus.columns import LookupColumns


def assert_same_columns(made: LookupColumns, expected: LookupColumns) -> None:
    for field in dataclasses.fields(LookupColumns):
        got, want = getattr(made, field.name), getattr(expected, field.name)
        if isinstance(want, list):
            assert got == want, field.name
        else:
            assert got.dtype == want.dtype, field.name
            assert np.array_equal(got, want), field.name


def columns_of(lookup) -> LookupColumns:
    """The columns a PassageLookup holds."""
    arrays = {f.name: getattr(lookup, f"_{f.name}") for f in dataclasses.fields(LookupColumns)
              if f.name not in ("sources", "places", "articles")}
    return LookupColumns(lookup._sources.names, lookup._places.names, lookup._articles.names, **arrays)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return mixed_articles(tmp_path_factory.mktemp("mixed"))


@pytest.mark.parametrize("world", [False, True], ids=["places-yaml", "world"])
@pytest.mark.parametrize("which", ["seed", "mixed"])
def test_a_warm_start_builds_the_lookup_from_the_tables_as_the_objects_give_it(tmp_path, mixed, which, world):
    articles = [DEFAULT_ARTICLES] if which == "seed" else mixed
    published = dt.date(2023, 9, 6)
    load_indexed_corpus(articles=articles, published=published, world=world, index=tmp_path)
    corpus, stats = load_indexed_corpus(articles=articles, published=published, world=world, index=tmp_path)
    assert stats.analysed == 0
    assert corpus._lookup is not None  # made with the corpus, from the tables
    assert_same_columns(columns_of(corpus.lookup), LookupColumns.of_passages(corpus.passages))
    if which == "mixed":  # the files' order is not the tables' (sorted by id): the rows were put in corpus order
        ids = [a.id for a in corpus.articles]
        assert ids != sorted(ids)
        assert corpus.lookup.source_counts(Filters()) and corpus.lookup.mention_counts(Filters())


@pytest.mark.parametrize("world", [False, True], ids=["places-yaml", "world"])
def test_a_refresh_builds_the_lookup_from_the_tables_with_the_new_articles_in_their_place(tmp_path, world):
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "a.md", "The train left Pyongyang for Khasan on Tuesday, TASS said. TASS added that "
                  "Khasan was quiet.", outlet="TASS", language="en")
    write_article(folder, "c.md", "金正恩乘专列抵达哈桑。\n\n俄媒称，列车随后前往符拉迪沃斯托克。")
    before, _ = load(folder, tmp_path / "ix", world=world)
    write_article(folder, "b.md", "普京在东方航天发射场会见金正恩。据塔斯社4日报道，金正恩将访问莫斯科和首尔。")
    after, stats = load(folder, tmp_path / "ix", world=world, previous=before)
    assert stats.analysed == 1
    assert [a.id for a in after.articles] == ["a.md", "b.md", "c.md"]
    assert_same_columns(columns_of(after.lookup), LookupColumns.of_passages(after.passages))
    # hand-counted: a.md names Khasan twice in one passage (one passage), c.md once
    assert after.lookup.mention_counts(Filters())["khasan"] == 2
    assert [p.article.id for p in after.lookup.mentioning("vostochny-cosmodrome", Filters())] == ["b.md"]


def test_tables_with_an_article_the_corpus_lacks_are_refused_by_name(tmp_path):
    load_indexed_corpus(index=tmp_path)
    tables = read_index(index_folder(tmp_path, False)).tables
    with pytest.raises(ValueError, match="2023-09-06-globaltimes-kim-visit.md"):
        lookup_columns(tables, ["another.md"])


def test_hand_made_tables_give_hand_counted_columns():
    """One passage, two sentences.  The first says TASS twice and NYT once, and writes a
    reported date: its implied reported date is not one of its dates (`Sentence.dates_of_kind`).
    The second says nobody and writes no date: its implied date is.  Khasan is named twice;
    gn:2 only by its adjective, which is no naming."""
    import pyarrow as pa

    from dashboard.store.tables import SCHEMAS

    def table(name, rows):
        return pa.Table.from_pylist([{"article": "x.md", "passage": 1, **row} for row in rows], schema=SCHEMAS[name])

    sept = dt.date(2023, 9, 4), dt.date(2023, 9, 6)
    tables = {
        "passages": table("passages", [dict(n_mentions=3, n_suggested=1, n_sentences=2, n_adjectival=1)]),
        "sentences": table("sentences", [dict(sentence=1, n_attributions=3, n_dates=1, implied_reported=True),
                                         dict(sentence=2, n_attributions=0, n_dates=0, implied_reported=True)]),
        "attributions": table("attributions", [dict(sentence=1, source=s, role="speaker") for s in ("tass", "tass", "nyt")]),
        "dates": table("dates", [
            dict(sentence=1, text="4日", first=sept[0], last=sept[0], kind="reported", implied=False),
            dict(sentence=1, text="", first=sept[1], last=sept[1], kind="reported", implied=True),
            dict(sentence=2, text="", first=sept[1], last=sept[1], kind="reported", implied=True)]),
        "mentions": table("mentions", [dict(place=p, status=s) for p, s in (
            ("khasan", "gazetteer"), ("moscow", "gazetteer"), ("khasan", "gazetteer"), ("gn:1", "suggested"),
            ("gn:2", "adjectival"))]),  # a demonym ("Turkish") ties the passage to its country but names no place
    }
    columns = lookup_columns(tables, ["x.md"])
    assert (columns.sources, columns.places, columns.articles) == (["tass", "nyt"], ["khasan", "moscow", "gn:1"], ["x.md"])
    assert columns.source_sentence.tolist() == [0, 0] and columns.source_code.tolist() == [0, 1]
    assert columns.first_source.tolist() == [0]
    assert columns.sentence_passage.tolist() == [0, 0]
    assert columns.date_sentence.tolist() == [0, 1]
    assert columns.date_text.tolist() == ["4日", ""]
    assert columns.date_first.tolist() == [sept[0].toordinal(), sept[1].toordinal()]
    assert columns.date_kind.tolist() == [0, 0]  # reported
    assert columns.place_passage.tolist() == [0, 0, 0] and columns.place_code.tolist() == [0, 1, 2]
    assert columns.passage_number.tolist() == [1] and columns.passage_article.tolist() == [0]
