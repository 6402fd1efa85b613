"""One corpus's passages as numpy columns: what `queries.PassageLookup` asks its questions of.

Made from the passage objects (`LookupColumns.of_passages`) or straight from the index's
tables (`store/lookup_columns.py`). No pandas here: the command line reads an index through
these columns without importing it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

KIND_CODES = {"reported": 0, "event": 1}


class Codes:
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
    date_kind: np.ndarray  # int8, KIND_CODES
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
        sources, places, articles = Codes(), Codes(), Codes()
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
                    date_kind.append(KIND_CODES[date.kind])
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
