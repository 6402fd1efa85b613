"""A corpus read from the index makes a passage's Sentence and PlaceMention objects only when they
are read, and they are the analysis's (tests/test_index.py compares whole corpora field by field)."""
from __future__ import annotations

import dataclasses

from gold import GOLD

from dashboard.corpus.analysis import load_corpus
from dashboard.store.index import load_indexed_corpus
from dashboard.store.lazy_rows import LazyRows


def test_sentences_read_from_the_index_are_made_when_read_and_equal_the_analysis(tmp_path):
    load_indexed_corpus(world=True, index=tmp_path)
    corpus, stats = load_indexed_corpus(world=True, index=tmp_path)
    assert stats.analysed == 0
    direct = load_corpus(world=True)
    lazy = [p.sentences for p in corpus.passages]
    assert all(isinstance(s, LazyRows) for s in lazy)
    # counted without making them
    assert [len(s) for s in lazy] == [len(p.sentences) for p in direct.passages]
    assert all(s._made is None for s in lazy)
    # one passage read: only its sentences are made, and they are the analysis's
    twelfth, expected = corpus.passages[11], direct.passages[11]
    assert twelfth.sentences == expected.sentences and expected.sentences == twelfth.sentences
    assert [dataclasses.astuple(s) for s in twelfth.sentences] == [dataclasses.astuple(s) for s in expected.sentences]
    assert sum(s._made is not None for s in lazy) == 1
    # reads like a list: index, slice, iteration, truth, source ids and dates through the passage
    assert twelfth.sentences[-1] == expected.sentences[-1] and twelfth.sentences[:2] == expected.sentences[:2]
    assert list(twelfth.sentences) == expected.sentences and bool(twelfth.sentences)
    assert {corpus.source_name(s) for s in twelfth.source_ids()} == set(GOLD[12]["sources"])  # the hand gold's
    assert twelfth.source_ids() == expected.source_ids()
    assert [d.text for d in twelfth.dates()] == [d.text for d in expected.dates()]
    assert repr(twelfth.sentences) == repr(expected.sentences)
    assert twelfth.sentences != expected.sentences[:-1]


def test_mentions_read_from_the_index_are_made_when_read_and_the_suggested_places_counted_without_them(tmp_path):
    load_indexed_corpus(world=True, index=tmp_path)
    corpus, _ = load_indexed_corpus(world=True, index=tmp_path)
    direct = load_corpus(world=True)
    lazy = [m for p in corpus.passages for m in (p.mentions, p.suggested)]
    assert all(isinstance(m, LazyRows) for m in lazy)
    # the suggested places, most named first, as the analysis counted them: none made to count them
    assert list(corpus.suggested) == list(direct.suggested) == ["wr:pacific-ocean", "gn:2635167"]
    assert all(m._made is None for m in lazy)
    # the hand gold's places of each passage, through the lazy mentions
    for passage, expected in zip(corpus.passages, direct.passages):
        assert passage.mentions == expected.mentions and passage.suggested == expected.suggested
        assert set(passage.place_ids()) == set(GOLD[passage.passage.number]["places"]) | \
            {pid for pid in expected.place_ids() if pid in direct.suggested}
        assert passage.all_mentions() == expected.all_mentions()  # mentions + suggested, in text order
