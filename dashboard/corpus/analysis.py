"""The analysed corpus: every passage with its place mentions, sentences, sources and dates.

    >>> corpus = load_corpus()
    >>> len(corpus.passages_mentioning("khasan"))
    1

With ``world=True`` the corpus also holds the places that only the world gazetteer (GeoNames)
knows, as *suggested* places with ids such as ``gn:2635167``: `Corpus.place`,
`passages_mentioning`, `mention_counts` and `places_mentioned` treat them like the others, and
`Corpus.suggested` lists them (most mentioned first). Names that look like places but that no
gazetteer knows are in `Corpus.unknown_names()` ("not on the map yet"). It is off by default
until the map and the exports show a place's status (see the README).

    >>> corpus = load_corpus(world=True)
    >>> [(p.id, p.name, p.status) for p in corpus.suggested.values()]
    [('wr:pacific-ocean', 'Pacific Ocean', 'suggested'), ('gn:2635167', 'United Kingdom', 'suggested')]

`load_corpus` reads the three data sources (gazetteer, sources, articles), keeps all the
good records and collects every problem; it never raises on bad data.

An outlet that `sources.yaml` does not list is not an error: the article's passages are said by
a new, unregistered source under the name the article gives (id ``outlet:<slug>``), and
`Corpus.notices` (not `problems`) says so once per outlet.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.md").write_text("---\\ntitle: T\\noutlet: Harbour Wire\\npublished: 2023-09-12\\n"
    ...                                  "language: en\\n---\\nThe train reached Khasan.\\n", encoding="utf-8")
    >>> corpus = load_corpus(articles=[folder])
    >>> corpus.problems, [n.kind.value for n in corpus.notices]
    ([], ['unknown_source'])
    >>> [corpus.source_name(s) for s in corpus.passages[0].source_ids()]
    ['Harbour Wire']
    >>> import shutil; shutil.rmtree(folder)
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from dashboard.base.errors import DataProblem, ProblemKind
from dashboard.base.paths import DATA_DIR
from dashboard.base.words import plural
from dashboard.corpus.filters import Filters
from dashboard.places.gazetteer import Gazetteer, Place, load_gazetteer
from dashboard.places.gazetteer_mentions import PlaceFinder, PlaceMention
from dashboard.places.world import RULES_PATH, suggested_place
from dashboard.places.world_geoparser import Geoparser
from dashboard.text.articles import Article, Passage, load_articles
from dashboard.text.attribution import attribute_passage
from dashboard.text.dates import DateMention
from dashboard.text.matching import NameMatcher
from dashboard.text.sources import UNREGISTERED, Source, SourceRegistry, load_sources
from dashboard.text.speakers import SpeakerMemory, own_names

DEFAULT_PLACES = DATA_DIR / "places.yaml"
DEFAULT_SOURCES = DATA_DIR / "sources.yaml"
DEFAULT_ARTICLES = DATA_DIR / "articles"
STORY_ROUTE_STOPS = 2  # a journey the articles tell of names two of its stops at least: its two ends


@dataclass(slots=True)
class AnalysedPassage:
    article: Article
    passage: Passage
    mentions: list  # PlaceMention of places.yaml places, offsets in passage.text
    sentences: list  # Sentence
    suggested: list = field(default_factory=list)  # PlaceMention of suggested (world) places
    unknown: list = field(default_factory=list)  # toponyms.UnknownName: place-like, in no gazetteer
    # PlaceMention of demonyms and adjectives ("Turkish", "Canadians", 俄方): places.yaml or world ids.
    # Apart from the names above: they tie the passage to the place, but are no naming of it (no
    # marker, no framing, no route stop, no claim); the page lists them under the place, hideable.
    adjectival: list = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int]:
        return self.article.id, self.passage.number

    @property
    def text(self) -> str:
        return self.passage.text

    def all_mentions(self) -> list[PlaceMention]:
        """Mentions of places.yaml places and of suggested places, in text order."""
        if not self.suggested:
            return self.mentions
        return sorted(self.mentions + self.suggested, key=lambda m: m.start)

    def place_ids(self) -> list[str]:
        return list(dict.fromkeys(m.place for m in self.all_mentions()))

    def mentions_of(self, place_id: str) -> list[PlaceMention]:
        return [m for m in self.all_mentions() if m.place == place_id]

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
    suggested: dict = field(default_factory=dict)  # id -> world.SuggestedPlace, most mentioned first
    notices: list = field(default_factory=list)  # DataProblem worth knowing, not errors (unregistered outlets)
    _all_counts: Counter | None = field(default=None, init=False, repr=False, compare=False)
    _lookup: object = field(default=None, init=False, repr=False, compare=False)
    _index_state: object = field(default=None, init=False, repr=False, compare=False)  # see index.load_indexed_corpus
    _aliases: dict | None = field(default=None, init=False, repr=False, compare=False)
    _adjectival: dict | None = field(default=None, init=False, repr=False, compare=False)  # adjectival_passages

    @property
    def lookup(self):
        """The passages as columns (`lookup.PassageLookup`): the page's filters, counts and
        clicks on a big corpus; built on first use."""
        if self._lookup is None:
            # imported here: it imports pandas (~0.5 s), which `check` and `add` never need
            from dashboard.corpus.queries import PassageLookup
            self._lookup = PassageLookup(self.passages, aliases=self.source_aliases())
        return self._lookup

    def place(self, place_id: str) -> Place:
        """A places.yaml place or a suggested one (KeyError for neither)."""
        place = self.gazetteer.places.get(place_id)
        if place is None:
            place = self.suggested[place_id]
        return place

    def all_places(self) -> list[Place]:
        """Every place the map can show: the places.yaml ones, then the suggested (world) ones."""
        return [*self.gazetteer.places.values(), *self.suggested.values()]

    def has_place(self, place_id: str) -> bool:
        return place_id in self.gazetteer.places or place_id in self.suggested

    def is_suggested(self, place_id: str) -> bool:
        return place_id in self.suggested and place_id not in self.gazetteer.places

    def unknown_names(self, passages=None) -> list[UnknownPlaceName]:
        """Place-like names no gazetteer knows ("not on the map yet"), most passages first,
        each with the passages that name it (the same name written alike is one entry)."""
        found: dict[str, list] = {}
        for p in self.passages if passages is None else passages:
            for u in p.unknown:
                found.setdefault(u.surface, [])
                if not found[u.surface] or found[u.surface][-1] is not p:
                    found[u.surface].append(p)
        names = [UnknownPlaceName(surface, tuple(ps)) for surface, ps in found.items()]
        return sorted(names, key=lambda n: -len(n.passages))

    def adjectival_passages(self, place_id: str) -> list:
        """The passages that use the place's adjective or demonym ("Turkish", 俄方) and do not name
        it, in corpus order (read once for every place, on the first call)."""
        if self._adjectival is None:
            by_place: dict = {}
            for p in self.passages:
                if p.adjectival:
                    named = set(p.place_ids())
                    for pid in dict.fromkeys(m.place for m in p.adjectival):
                        if pid not in named:
                            by_place.setdefault(pid, []).append(p)
            self._adjectival = by_place
        return self._adjectival.get(place_id, [])

    def passages_mentioning(self, place_id: str, passages=None) -> list[AnalysedPassage]:
        return [p for p in (self.passages if passages is None else passages) if p.mentions_of(place_id)]

    def mention_counts(self, passages=None) -> Counter:
        """place id -> number of passages that mention it (`passages`: all of them when None).

        The count over the whole corpus is made once (the page asks for it on every rerun, to
        frame the map), from the lookup's columns when the lookup is built (a walk over every
        passage took ~0.2 s at 10,000 articles); treat the Counter returned as read-only."""
        if passages is None and self._all_counts is not None:
            return self._all_counts
        if passages is None and self._lookup is not None:
            self._all_counts = Counter(self._lookup.mention_counts(Filters()))
            return self._all_counts
        counts: Counter = Counter()
        for p in self.passages if passages is None else passages:
            counts.update(p.place_ids())
        if passages is None:
            self._all_counts = counts
        return counts

    def places_mentioned(self, passages=None) -> list[Place]:
        """Places mentioned at least once, most mentioned first (ties in gazetteer order)."""
        counts = self.mention_counts(passages)
        order = {pid: i for i, pid in enumerate([*self.gazetteer.places, *self.suggested])}
        return [self.place(pid) for pid in sorted(counts, key=lambda pid: (-counts[pid], order.get(pid, len(order))))]

    def story_routes(self) -> dict:
        """id -> Route of the places.yaml routes this corpus tells of: those with at least
        `STORY_ROUTE_STOPS` of their stops mentioned (all of them, for a route of one stop).
        A new story started with a places.yaml that has journeys of another story keeps them
        off its map and out of its route filter.

        >>> sorted(load_corpus().story_routes())
        ['actual-2023-09', 'delegation-2023-08', 'rumoured-2023', 'trip-2019']
        """
        counts = self.mention_counts()
        routes = {}
        for route_id, route in self.gazetteer.routes.items():
            stops = {stop for leg in route.legs for stop in leg.stops}
            if sum(1 for stop in stops if counts.get(stop)) >= min(STORY_ROUTE_STOPS, len(stops)):
                routes[route_id] = route
        return routes

    def source_aliases(self) -> dict:
        """source id -> the id of the source it is another name of (found in the texts under a short
        name: "Putin" in one article, "Vladimir Putin" in another); made once (the page asks on every rerun)."""
        if self._aliases is None:
            self._aliases = {sid: s.id for sid, s in self.registry.sources.items() if s.id != sid}
        return self._aliases

    def canonical_source(self, source_id: str) -> str:
        source = self.registry.sources.get(source_id)
        return source.id if source else source_id

    def with_affiliated(self, source_ids) -> tuple:
        """The chosen sources with those who speak for them (a found source whose affiliation names
        a chosen one, a registered one whose affiliation is its id) and the bodies the chosen speak for."""
        chosen = [self.canonical_source(s) for s in source_ids]
        names = {self.source_name(s).casefold() for s in chosen}
        out = list(chosen)
        for sid, source in self.registry.sources.items():
            affiliation = (source.affiliation or "").casefold()
            if affiliation and sid == source.id and (source.affiliation in chosen or affiliation in names
                                                     or any(len(n) > 3 and n in affiliation for n in names)):
                out.append(sid)
        for sid in chosen:
            source = self.registry.sources.get(sid)
            if source is not None and source.affiliation:
                body = self.registry.sources.get(source.affiliation) or self.registry.resolve(source.affiliation)
                if body is not None:
                    out.append(body.id)
        return tuple(dict.fromkeys(out))

    def source_name(self, source_id: str) -> str:
        source = self.registry.sources.get(source_id)
        return source.name if source else source_id

    def unregistered_sources(self) -> list[Source]:
        """The sources made for outlets that sources.yaml does not list (`outlet:<slug>` ids)."""
        return [s for s in self.registry.sources.values() if s.kind == UNREGISTERED]


@dataclass(frozen=True)
class UnknownPlaceName:
    surface: str  # as written, e.g. "Tumen River", "哈桑区"
    passages: tuple  # AnalysedPassage that name it, in corpus order


def outlet_id(article: Article, registry: SourceRegistry, matcher: NameMatcher) -> str | None:
    """The article's outlet as a source id: by id or canonical name, else by any written form."""
    if not article.outlet:
        return None
    source = registry.resolve(article.outlet)
    if source is None:
        matches = matcher.find(article.outlet)
        source = registry.sources.get(matches[0].target) if matches else None
    return source.id if source else None


def unregistered_source(outlet: str) -> Source:
    """The source an article's outlet becomes when sources.yaml does not list it.

    >>> s = unregistered_source("  Harbour   Wire "); (s.id, s.name, s.kind)
    ('outlet:harbour-wire', 'Harbour Wire', 'unregistered')
    >>> unregistered_source("环球网").id
    'outlet:环球网'
    """
    name = " ".join(outlet.split())
    slug = re.sub(r"[\W_]+", "-", name.casefold()).strip("-")
    if not slug:
        slug = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return Source(id=f"outlet:{slug}", name=name, kind=UNREGISTERED, country=None, names={})


def world_geoparser(problems: list[DataProblem]):
    """The process's world geoparser, or None (with a problem) when it cannot be built."""
    global _GEOPARSER
    if _GEOPARSER is None:
        try:
            _GEOPARSER = Geoparser()
        except (ImportError, OSError, ValueError) as error:
            problems.append(DataProblem(str(RULES_PATH), 1, f"the world gazetteer is not available ({error})",
                                        "pip install -r requirements.txt; only places.yaml places are shown",
                                        kind=ProblemKind.FILE))
            return None
    return _GEOPARSER


_GEOPARSER = None


class ArticleAnalyser:
    """Analyses one article at a time against one gazetteer and source registry.

    Built once for many articles (compiling the names is the slow part); the analysis of an
    article depends on nothing but the article and these inputs, so articles can be analysed
    in any order, in any process (`dashboard.store.engine`), and the results put together with
    `assemble`."""

    def __init__(self, gazetteer: Gazetteer, registry: SourceRegistry, geoparser=None):
        self.registry = registry
        self.geoparser = geoparser
        self.source_matcher = NameMatcher(registry.names())
        self.finder = PlaceFinder(gazetteer, world=geoparser or False)

    def outlet(self, article: Article) -> tuple[str | None, bool]:
        """(source id of the article's outlet, True when sources.yaml does not list it)."""
        outlet = outlet_id(article, self.registry, self.source_matcher)
        if outlet is None and article.outlet and article.outlet.strip():
            return unregistered_source(article.outlet).id, True
        return outlet, False

    def passages(self, article: Article, outlet: str | None) -> list[AnalysedPassage]:
        """The article's analysed passages (it raises when the engine fails on the article)."""
        return self.analyse(article, outlet)[0]

    def analyse(self, article: Article, outlet: str | None) -> tuple[list[AnalysedPassage], list[Source]]:
        """The article's analysed passages and the sources found in its text that sources.yaml
        does not list (it raises when the engine fails on the article)."""
        return _analyse_article(article, self.registry, self.source_matcher, self.finder, outlet)

    def suggested_place(self, place_id: str):
        """The record of a suggested (world) place, as `Corpus.suggested` holds it."""
        return suggested_place(self.geoparser.world.get(place_id))


def engine_problem(article: Article, error: Exception) -> DataProblem:
    """The problem that stands for an article the engine could not analyse (it is skipped)."""
    return DataProblem(
        article.path, 1, f"the engine could not analyse this article ({type(error).__name__}: {error})",
        "the article is skipped; please report it with the file attached", kind=ProblemKind.ENGINE)


def analyse(gazetteer: Gazetteer, registry: SourceRegistry, articles: list[Article],
            problems: list[DataProblem] | None = None, world: bool = False) -> Corpus:
    problems = list(problems or [])
    geoparser = world_geoparser(problems) if world else None
    analyser = ArticleAnalyser(gazetteer, registry, geoparser)
    analysed = []
    for article in articles:
        outlet, unregistered = analyser.outlet(article)
        try:
            article_passages, found = analyser.analyse(article, outlet)
        except Exception as error:  # noqa: BLE001 -- one article the engine cannot read must not hide the others
            problems.append(engine_problem(article, error))
            continue
        analysed.append(AnalysedArticle(article, article_passages, outlet if unregistered else None, found))
    return assemble(gazetteer, registry, analysed, problems,
                    analyser.suggested_place if geoparser is not None else None)


@dataclass(slots=True)
class AnalysedArticle:
    """One article's analysis, as `assemble` puts it in a corpus."""
    article: Article
    passages: list  # AnalysedPassage
    unregistered: str | None = None  # the outlet's source id when sources.yaml does not list it
    found: list = field(default_factory=list)  # Source found in the text (status "found"), sources.yaml lists none


def assemble(gazetteer: Gazetteer, registry: SourceRegistry, analysed: list[AnalysedArticle],
             problems: list[DataProblem], suggested_place=None, suggested_counts: Counter | None = None) -> Corpus:
    """The corpus of analysed articles, in their order.

    `suggested_place(place_id)` gives the record of a suggested (world) place; None when the
    world gazetteer was not used.  `suggested_counts` (place id -> passages naming it, in order
    of first mention) spares reading every passage's suggested mentions (the index has them)."""
    passages = [p for a in analysed for p in a.passages]
    unregistered: dict[str, list] = {}  # source id -> [Source, articles]
    for a in analysed:
        if a.unregistered is not None:
            unregistered.setdefault(a.unregistered, [unregistered_source(a.article.outlet), []])[1].append(a.article)
    found = found_sources(analysed)
    if unregistered or found:  # the corpus's own registry holds them, so names, filters and links work alike
        registry = SourceRegistry({**found, **registry.sources, **{sid: s for sid, (s, _) in unregistered.items()}},
                                  registry.grammar, registry.path, registry.dates)
    notices = [_unregistered_notice(source, found) for source, found in unregistered.values()]
    suggested = {}
    if suggested_place is not None:  # most mentioned first (ties: first mentioned first)
        counts: Counter = Counter() if suggested_counts is None else suggested_counts
        for p in passages if suggested_counts is None else ():
            if p.suggested:
                for pid in dict.fromkeys(m.place for m in p.suggested):
                    counts[pid] += 1
        suggested = {pid: suggested_place(pid) for pid, _ in counts.most_common()}
    return Corpus(gazetteer, registry, [a.article for a in analysed], passages, list(problems), suggested, notices)


def found_sources(analysed: list[AnalysedArticle]) -> dict:
    """id -> Source of the sources found in the articles' texts; one found in several articles
    keeps the fullest title and affiliation any of them gives.  A person found under a short name
    ("Putin", "Mr Putin") that is the end of exactly one fuller name found elsewhere ("Vladimir
    Putin") is that person: its id maps to the fuller one's Source (see `Corpus.source_aliases`)."""
    found: dict[str, Source] = {}
    for a in analysed:
        for source in a.found:
            old = found.get(source.id)
            if old is None:
                found[source.id] = source
            elif (not old.title and source.title) or (not old.affiliation and source.affiliation):
                found[source.id] = Source(old.id, old.name, old.kind, None, {}, old.affiliation or source.affiliation,
                                          title=old.title or source.title, status="found")
    by_last: dict[str, list] = {}
    for source in found.values():
        words = source.name.casefold().split()
        if source.kind == "person" and len(words) > 1:
            by_last.setdefault(words[-1], []).append(source)
    for sid, source in list(found.items()):
        words = source.name.casefold().split()
        if source.kind == "person" and len(words) == 1 and len(by_last.get(words[0], ())) == 1:
            found[sid] = by_last[words[0]][0]
    return found


def _unregistered_notice(source: Source, articles: list[Article]) -> DataProblem:
    more = f" (and {plural(len(articles) - 1, 'more article')})" if len(articles) > 1 else ""
    return DataProblem(articles[0].path, 1, f"outlet '{source.name}' is not in the sources registry{more}",
                       f"its passages are said by '{source.name}' as written; register it with "
                       f"`python -m dashboard sources add` to give its names in other languages",
                       kind=ProblemKind.UNKNOWN_SOURCE)


def _analyse_article(article: Article, registry: SourceRegistry, source_matcher: NameMatcher,
                     finder: PlaceFinder, outlet: str | None) -> tuple[list[AnalysedPassage], list[Source]]:
    last_reported: dict = {}
    passages = []
    own = registry.sources.get(outlet) if outlet else None
    speakers = SpeakerMemory(own_names=own_names([article.outlet or "", *(own.surfaces() if own else ())]))
    found = finder.find_article([passage.text for passage in article.passages], article.outlet, article.url,
                                getattr(own, "country", None))
    quoted: tuple = ()  # whose quotation the next passage continues when it opens with a quotation mark
    for passage, places in zip(article.passages, found):
        source_mentions = source_matcher.find(passage.text)
        mentions = places.places
        sentences = attribute_passage(passage.text, registry, article.published, outlet,
                                      source_mentions=source_mentions, last_reported=last_reported,
                                      blocked_spans=[(m.start, m.end) for m in mentions], speakers=speakers,
                                      opening_quote_of=quoted,
                                      speaking_places=_speaking_places(places.suggested, finder))
        passages.append(AnalysedPassage(article, passage, mentions, sentences, places.suggested, places.unknown,
                                        places.adjectival))
        quoted = _quotation_carried(passage.text, sentences)
    return passages, speakers.found()


def _speaking_places(suggested, finder: PlaceFinder) -> list[tuple[int, int]]:
    """The spans of the world places of a passage that stand for a government when they speak:
    countries, regions (states, provinces) and capitals ("Turkey has said", "Ottawa announced")."""
    world = finder.geoparser.world if finder.geoparser is not None else None
    if world is None or not suggested:
        return []
    spans = []
    for mention in suggested:
        place = world.get(mention.place)
        if place is not None and (place.kind in ("country", "region") or place.subtype == "capital"):
            spans.append((mention.start, mention.end))
    return spans


_OPENING_QUOTES, _CLOSING_QUOTES = "“「『", "”」』"


def _quotation_carried(text: str, sentences) -> tuple:
    """The sources whose words a passage that opens with a quotation mark continues, after this
    passage: its last speakers when it leaves its quotation open or ends with a colon ("…, saying:"),
    or when it has a single speaker (a bare quotation after it is near-certainly theirs); else none."""
    own = [a for s in sentences for a in s.attributions if a.role not in ("outlet", "cited")]
    if not own:
        return ()
    last = next(s for s in reversed(sentences) if any(a.role not in ("outlet", "cited") for a in s.attributions))
    speakers = tuple(dict.fromkeys(a.source for a in last.attributions if a.role not in ("outlet", "cited")))
    opens = sum(text.count(q) for q in _OPENING_QUOTES)
    closes = sum(text.count(q) for q in _CLOSING_QUOTES)
    left_open = opens > closes or text.count('"') % 2 == 1
    if left_open or text.rstrip().endswith((":", "：")):
        return speakers
    distinct = set(a.source for a in own)
    return speakers if len(distinct) == 1 else ()


def load_corpus(places=DEFAULT_PLACES, sources=DEFAULT_SOURCES, articles=(DEFAULT_ARTICLES,),
                published: dt.date | None = None, world: bool = False) -> Corpus:
    gazetteer, problems = load_gazetteer(places)
    registry, source_problems = load_sources(sources)
    loaded, article_problems = load_articles(articles, published)
    return analyse(gazetteer, registry, loaded, problems + source_problems + article_problems, world=world)
