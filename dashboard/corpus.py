"""The analysed corpus: every passage with its place mentions, sentences, sources and dates.

    >>> corpus = load_corpus()
    >>> len(corpus.passages_mentioning("khasan"))
    1

`load_corpus` reads the three data sources (gazetteer, sources, articles), keeps all the
good records and collects every problem; it never raises on bad data.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .articles import Article, Passage, load_articles
from .attribution import attribute_passage
from .dates import DateMention
from .errors import DataProblem
from .gazetteer import Gazetteer, Place, load_gazetteer
from .matching import NameMatcher
from .mentions import PlaceFinder, PlaceMention
from .sources import SourceRegistry, load_sources

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_PLACES = DATA_DIR / "places.yaml"
DEFAULT_SOURCES = DATA_DIR / "sources.yaml"
DEFAULT_ARTICLES = DATA_DIR / "articles"


@dataclass
class AnalysedPassage:
    article: Article
    passage: Passage
    mentions: list  # PlaceMention, offsets in passage.text
    sentences: list  # Sentence

    @property
    def key(self) -> tuple[str, int]:
        return self.article.id, self.passage.number

    @property
    def text(self) -> str:
        return self.passage.text

    def place_ids(self) -> list[str]:
        return list(dict.fromkeys(m.place for m in self.mentions))

    def mentions_of(self, place_id: str) -> list[PlaceMention]:
        return [m for m in self.mentions if m.place == place_id]

    def source_ids(self) -> list[str]:
        return list(dict.fromkeys(s for sentence in self.sentences for s in sentence.sources))

    def dates(self) -> list[DateMention]:
        """Dates written in the passage, with their kind."""
        return [d for sentence in self.sentences for d in sentence.dates]


@dataclass
class Corpus:
    gazetteer: Gazetteer
    registry: SourceRegistry
    articles: list
    passages: list  # AnalysedPassage
    problems: list = field(default_factory=list)

    def place(self, place_id: str) -> Place:
        return self.gazetteer.place(place_id)

    def passages_mentioning(self, place_id: str, passages=None) -> list[AnalysedPassage]:
        return [p for p in (self.passages if passages is None else passages) if p.mentions_of(place_id)]

    def mention_counts(self, passages=None) -> Counter:
        """place id -> number of passages that mention it."""
        counts: Counter = Counter()
        for p in self.passages if passages is None else passages:
            counts.update(p.place_ids())
        return counts

    def places_mentioned(self, passages=None) -> list[Place]:
        """Places mentioned at least once, most mentioned first (ties in gazetteer order)."""
        counts = self.mention_counts(passages)
        order = list(self.gazetteer.places)
        return [self.place(pid) for pid in sorted(counts, key=lambda pid: (-counts[pid], order.index(pid)))]

    def source_name(self, source_id: str) -> str:
        source = self.registry.sources.get(source_id)
        return source.name if source else source_id


def outlet_id(article: Article, registry: SourceRegistry, matcher: NameMatcher) -> str | None:
    """The article's outlet as a source id: by id or canonical name, else by any written form."""
    if not article.outlet:
        return None
    source = registry.resolve(article.outlet)
    if source is None:
        matches = matcher.find(article.outlet)
        source = registry.sources.get(matches[0].target) if matches else None
    return source.id if source else None


def analyse(gazetteer: Gazetteer, registry: SourceRegistry, articles: list[Article],
            problems: list[DataProblem] | None = None) -> Corpus:
    problems = list(problems or [])
    source_matcher = NameMatcher(registry.names())
    finder = PlaceFinder(gazetteer)
    passages = []
    analysed_articles = []
    for article in articles:
        try:
            article_passages = _analyse_article(article, registry, source_matcher, finder, problems)
        except Exception as error:  # noqa: BLE001 -- one article the engine cannot read must not hide the others
            problems.append(DataProblem(
                article.path, 1, f"the engine could not analyse this article ({type(error).__name__}: {error})",
                "the article is skipped; please report it with the file attached"))
            continue
        analysed_articles.append(article)
        passages.extend(article_passages)
    return Corpus(gazetteer, registry, analysed_articles, passages, problems)


def _analyse_article(article: Article, registry: SourceRegistry, source_matcher: NameMatcher,
                     finder: PlaceFinder, problems: list[DataProblem]) -> list[AnalysedPassage]:
    outlet = outlet_id(article, registry, source_matcher)
    if article.outlet and outlet is None:
        problems.append(DataProblem(article.path, 1, f"outlet '{article.outlet}' is not in the sources registry",
                                    "add it to data/sources.yaml (name and the ways it is written)"))
    last_reported: dict = {}
    passages = []
    for passage in article.passages:
        source_mentions = source_matcher.find(passage.text)
        mentions = finder.find(passage.text)
        sentences = attribute_passage(passage.text, registry, article.published, outlet,
                                      source_mentions=source_mentions, last_reported=last_reported,
                                      blocked_spans=[(m.start, m.end) for m in mentions])
        passages.append(AnalysedPassage(article, passage, mentions, sentences))
    return passages


def load_corpus(places=DEFAULT_PLACES, sources=DEFAULT_SOURCES, articles=(DEFAULT_ARTICLES,),
                published: dt.date | None = None) -> Corpus:
    gazetteer, problems = load_gazetteer(places)
    registry, source_problems = load_sources(sources)
    loaded, article_problems = load_articles(articles, published)
    return analyse(gazetteer, registry, loaded, problems + source_problems + article_problems)
