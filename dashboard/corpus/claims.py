"""Claims and where sources disagree.

A claim is (source, place, what happens there, when, stance), read from one sentence: its
source is who the sentence is attributed to ("who said it": the speaker named nearest before the
place, else the sentence's best attribution), its stance and predicate come from
data/stances.yaml (dashboard/text/stances.py), its dates are the event date of the place's
clause.  A place named only as a qualifier of someone else (俄罗斯总统普京) is no claim; a
place that qualifies the speaker itself speaks for its own ground (哈桑村的行政人员表示 … is
about Khasan).  A mention with neither a predicate nor a stance cue says nothing happens there.

The journeys of places.yaml are claims too: a leg that cites a sentence is its source saying the
journey passes each stop (`route_claims`).

A place is **disputed** when one source says the event happens there (asserts, hearsay, hedged
or confirms) and another denies it or says it is not confirmed, for the same event: dated in the
same window (each claim's event dates, else from `UNDATED_BEFORE` days before its article's date
to `UNDATED_AFTER` after).  A "no comment" conflicts with nothing, but is listed.

A route of `kind: record` in places.yaml is one more source: a dated claim that someone meets,
visits, arrives or stays at a place during the record's period, where the record has no stop
then, is checked against it ("rumoured: Vladivostok, 10–13 Sep; record: Vostochny Cosmodrome,
13 Sep").

    >>> from dashboard.corpus.analysis import load_corpus
    >>> claims = corpus_claims(load_corpus())
    >>> {c.stance for c in claims} <= set(STANCE_NAMES)
    True
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, replace

from dashboard.places.kinds import table as bundled_kinds
from dashboard.places.people import bundled_person_names
from dashboard.text.matching import fold
from dashboard.text.sources import UNREGISTERED, speaker_kind
from dashboard.text.stances import NEGATIVE, POSITIVE, STANCE_NAMES, bundled_stances

UNDATED_BEFORE, UNDATED_AFTER = 3, 14  # an undated claim's event: from 3 days before its article to 14 after
# two sources that date the same happening at the same place differently: each dated to within a
# week, the two dates no more than a week apart (further apart, they are two events: a 2019
# journey and this week's)
DATED_WITHIN_DAYS, DATES_APART_DAYS = 7, 7
# happenings that take place once, at one place: two sources that put one at two places on the
# same days, about the same person, disagree on where
ONE_PLACE = frozenset({"meet", "hold", "sign", "arrive"})
SAME_DAYS = 3  # such a happening dated to within 3 days
MOST_PER_CLAIM = 5  # a claim's row names at most 5 sources that date or place it otherwise
ROLE_ORDER = {"speaker": 0, "cited": 1, "inherited": 2, "credit": 3, "outlet": 4}
# predicates a record's stops answer: being somewhere at a time
# what puts the claim's subject at the place in its window: checked against the record's stops
PRESENCE = frozenset({"meet", "arrive", "stay", "hold", "visit", "travel"})
__all__ = ["Claim", "Dispute", "RecordConflict", "corpus_claims", "find_disputes", "STANCE_NAMES", "mention_stances",
           "SentencePeople", "strongest_stances", "corpus_disputes"]


@dataclass(frozen=True, slots=True)
class Claim:
    article: str
    passage: int
    source: str  # canonical source id
    place: str  # place id
    predicate: str
    event_first: dt.date | None
    event_last: dt.date | None
    stance: str
    cue: str  # the words that gave the stance, as written
    sentence: str  # the sentence, as written
    published: dt.date | None = None
    # the dates are written by the place (its clause, the next, or a clause of the date alone before
    # it), not only somewhere in its sentence: only such a date is held against the record
    dated_here: bool = True

    def window(self) -> tuple[dt.date, dt.date] | None:
        """When the event is: its dates, else about its article's date (a rumour, a denial or a
        doubt with no date speaks of now or the days ahead)."""
        if self.event_first is not None:
            return self.event_first, self.event_last or self.event_first
        if self.published is not None:
            return self.published - dt.timedelta(days=UNDATED_BEFORE), self.published + dt.timedelta(days=UNDATED_AFTER)
        return None


@dataclass(frozen=True, slots=True)
class RecordConflict:
    claim: Claim
    route: str  # the record route's id
    stop: str  # the record's place at the time (its last stop in the claim's window)
    first: dt.date
    last: dt.date


@dataclass
class Dispute:
    place: str
    conflicts: list = field(default_factory=list)  # (Claim that says it happens, Claim that denies or doubts)
    record: list = field(default_factory=list)  # RecordConflict
    timing: list = field(default_factory=list)  # (Claim here, Claim of another source that dates it differently)
    elsewhere: list = field(default_factory=list)  # (Claim here, Claim of another source that puts it elsewhere)

    @property
    def claims(self) -> list[Claim]:
        seen = []
        for pair in self.conflicts + self.timing + self.elsewhere:
            for claim in pair:
                if claim not in seen:
                    seen.append(claim)
        for conflict in self.record:
            if conflict.claim not in seen:
                seen.append(conflict.claim)
        return seen


def passage_claims(corpus, analysed, stances=None) -> list[Claim]:
    """The claims of one analysed passage, in text order."""
    stances = stances or bundled_stances()
    lang = "zh" if (analysed.article.language or "").startswith("zh") else "en"
    mentions = analysed.all_mentions()
    published = analysed.article.published
    claims: list[Claim] = []
    for sentence in analysed.sentences:
        inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        if not inside:
            continue
        for mention in inside:
            start, end = mention.start - sentence.start, mention.end - sentence.start
            speaking_span = _span_touching(sentence, mention)
            others = [(m.start - sentence.start, m.end - sentence.start) for m in inside if m.place != mention.place]
            # one reading, or more when a second predicate says something else of the same happening
            # ("… injured 37 people and may have been caused by a gas leak")
            readings = stances.read_all(sentence.text, start, end, lang, own_ground=speaking_span is not None,
                                        elsewhere=others)
            readings = [r for r in readings if r.predicate or r.stance != "asserts"]
            if not readings or (not readings[0].scene and speaking_span is None):
                continue
            source = speaking_span or _source_for(sentence, mention)
            if source is None:
                continue
            first, last, here = _event_near(sentence, mention)
            claims.extend(Claim(analysed.article.id, analysed.passage.number, corpus.canonical_source(source),
                                mention.place, reading.predicate, first, last, reading.stance, reading.cue,
                                sentence.text, published, here) for reading in readings)
    return _one_per_pair(claims)


def route_claims(corpus, stances=None) -> list[Claim]:
    """The journeys of places.yaml as claims: a leg that cites a sentence (`claim: {article,
    contains}`) is that sentence's source saying the journey passes each of its stops, with the
    stance its status gives (data/stances.yaml `route_status`: rumoured is hearsay, possible
    hedged).  A record route is not a claim: it is what claims are checked against."""
    stances = stances or bundled_stances()
    by_article: dict[str, list] = defaultdict(list)
    for analysed in corpus.passages:
        by_article[analysed.article.id].append(analysed)
    claims = []
    for route in corpus.gazetteer.routes.values():
        if getattr(route, "kind", "claim") == "record":
            continue
        for leg in route.legs:
            stance = stances.route_status.get(leg.status)
            if leg.claim is None or stance is None:
                continue
            found = _cited_sentence(by_article.get(leg.claim.article, ()), leg.claim.contains)
            if found is None:
                continue
            analysed, sentence = found
            source = _source_for(sentence, None)
            if source is None:
                continue
            if leg.dates:
                first, last = (dt.date.fromisoformat(str(d)) for d in leg.dates)
            else:
                first = last = None
            for place, predicate in ((leg.start, "travel"), *((v, "pass through") for v in leg.via), (leg.end, "travel")):
                claims.append(Claim(analysed.article.id, analysed.passage.number, corpus.canonical_source(source), place,
                                    predicate, first, last, stance, f"{route.id} · {leg.status}", sentence.text,
                                    analysed.article.published))
    return claims


def _cited_sentence(passages, contains: str):
    for analysed in passages:
        at = analysed.text.find(contains)
        if at < 0:
            continue
        for sentence in analysed.sentences:
            if sentence.start <= at < sentence.end:
                return analysed, sentence
    return None


def corpus_claims(corpus) -> list[Claim]:
    """Every claim of the corpus, the texts' and the journeys', made once per corpus (kept on it)."""
    cached = getattr(corpus, "_claims", None)
    if cached is not None:
        return cached
    stances = bundled_stances()
    claims = [c for analysed in corpus.passages for c in passage_claims(corpus, analysed, stances)]
    claims = _one_per_pair(claims + route_claims(corpus, stances), per_passage=True)
    try:
        corpus._claims = claims
    except AttributeError:  # a corpus type without the slot: made again next time
        pass
    return claims


def _span_touching(sentence, mention) -> str | None:
    """The source whose named mention holds or directly follows the place (哈桑村的行政人员)."""
    for start, end, source in sentence.spans:
        if start <= mention.start < end or 0 <= start - mention.end <= 1:
            return source
    return None


def _source_for(sentence, mention) -> str | None:
    """The speaker named nearest before the place (None: the sentence's first speaker), else the
    sentence's best attribution."""
    before = [(start, source) for start, _, source in sentence.spans if mention is not None and start < mention.start]
    if before:
        return max(before)[1]
    if sentence.spans:
        return sentence.spans[0][2]
    if sentence.attributions:
        return min(sentence.attributions, key=lambda a: ROLE_ORDER.get(a.role, 9)).source
    return None


def _event_near(sentence, mention, clause_marks: str = ",;:，；：") -> tuple[dt.date | None, dt.date | None, bool]:
    """(first, last, written here): the event date of the place's clause (the nearest, when several),
    else the sentence's one event date (None when it has several).  Written here: in the place's
    clause, in the clause after it (its verb goes on: "两人将前往远东联邦大学，参加定于9月10日至13日举行的
    论坛"), or alone in a clause before it ("9月10日，金正恩抵达…"); not when it is another event's
    ("…举行的论坛，金正恩还计划访问33号码头": the forum's dates are the pier's only loosely)."""
    events = [d for d in sentence.dates if d.kind == "event" and d.text]
    if not events:
        return None, None, True
    text = sentence.text

    def clause(at: int) -> int:
        return sum(text.count(mark, 0, at) for mark in clause_marks)

    own = clause(mention.start - sentence.start)
    by_distance = {}
    for d in events:
        by_distance.setdefault(abs(clause(d.start - sentence.start) - own), []).append(d)
    if 0 in by_distance:
        nearest = min(by_distance[0], key=lambda d: abs(d.start - mention.start))
        return nearest.first, nearest.last, True
    if len(events) != 1:
        return None, None, True
    [date] = events
    at = clause(date.start - sentence.start)
    here = at == own + 1
    if at < own:  # a clause of the date alone, perhaps with "on" or "local time": the scene's time
        bounds = [0] + [i + 1 for i, ch in enumerate(text) if ch in clause_marks] + [len(text) + 1]
        here = len(text[bounds[at]:bounds[at + 1] - 1].replace(date.text, "").strip()) <= 4
    return date.first, date.last, here


def _one_per_pair(claims: list[Claim], per_passage: bool = False) -> list[Claim]:
    """One claim per (source, place, predicate, stance) in a passage: a place named twice in a
    sentence, or in two sentences that say the same, is one claim (and a journey's stop that
    its sentence names already)."""
    seen, out = set(), []
    for claim in claims:
        key = (claim.source, claim.place, claim.stance) + ((claim.article, claim.passage) if per_passage else (claim.predicate,))
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out


# ---- disagreement ----------------------------------------------------------------------------
def _same_event(a: Claim, b: Claim) -> bool:
    """Their windows overlap (`Claim.window`): an article's 2019 journey, last month's
    delegation and this week's rumour are three events."""
    wa, wb = a.window(), b.window()
    return wa is not None and wb is not None and wa[0] <= wb[1] and wb[0] <= wa[1]


def corpus_disputes(corpus, claims: list[Claim]) -> dict[str, Dispute]:
    """`find_disputes` with what the corpus knows: its places.yaml, its people, and the kinds of
    the places suggested from the world gazetteer too."""
    return find_disputes(claims, corpus.gazetteer, SentencePeople(corpus.registry),
                         lambda place_id: corpus.place(place_id) if corpus.has_place(place_id) else None)


def find_disputes(claims: list[Claim], gazetteer=None, people=None, place_of=None) -> dict[str, Dispute]:
    """place id -> its Dispute, for the places where sources conflict (one says it happens, another
    denies or doubts it; they date it differently; they put it at other places, about one of the
    `people`: a `SentencePeople`) or a claim meets the record."""
    by_place: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_place[claim.place].append(claim)
    disputes: dict[str, Dispute] = {}
    for place, listed in by_place.items():
        yes = [c for c in listed if c.stance in POSITIVE]
        no = [c for c in listed if c.stance in NEGATIVE]
        pairs = [(a, b) for a in yes for b in no if a.source != b.source and _same_event(a, b)]
        if pairs:
            disputes[place] = Dispute(place, pairs)
    if gazetteer is not None:
        # a denial or a doubt about a place is about the places it directly holds ("no information about
        # a visit to the region" against a visit to Vladivostok, whose `parent` in places.yaml is
        # Primorsky Krai); one level only: the krai's doubt is not about a berth of its capital's port
        for place, listed in by_place.items():
            held_by = getattr(gazetteer.places.get(place), "parent", None)
            for area in (held_by,) if held_by else ():
                pairs = [(a, b) for a in listed if a.stance in POSITIVE for b in by_place.get(area, ())
                         if b.stance in NEGATIVE and a.source != b.source and _same_event(a, b)]
                for where in (place, area) if pairs else ():
                    disputes.setdefault(where, Dispute(where)).conflicts.extend(pairs)
    for conflict in record_conflicts(claims, gazetteer):
        disputes.setdefault(conflict.claim.place, Dispute(conflict.claim.place)).record.append(conflict)
    for here, other in different_dates(claims, gazetteer):
        disputes.setdefault(here.place, Dispute(here.place)).timing.append((here, other))
    for here, other in different_places(claims, gazetteer, people, place_of):
        disputes.setdefault(here.place, Dispute(here.place)).elsewhere.append((here, other))
    return disputes


def _dated(claim: Claim, days: int) -> bool:
    """Dated by its own clause to within `days` days (a day, "10–13 September"; not "this year")."""
    return (claim.dated_here and claim.event_first is not None
            and ((claim.event_last or claim.event_first) - claim.event_first).days < days)


def _by_date(claims: list[Claim], key) -> dict:
    """key -> (its claims sorted by first date, their first dates)."""
    buckets: dict = defaultdict(list)
    for claim in claims:
        buckets[key(claim)].append(claim)
    out = {}
    for k, listed in buckets.items():
        listed.sort(key=lambda c: c.event_first)
        out[k] = (listed, [c.event_first for c in listed])
    return out


def _starting(bucket, first: dt.date, last: dt.date) -> list[Claim]:
    """The bucket's claims whose first date lies between `first` and `last`."""
    listed, firsts = bucket
    return listed[bisect_left(firsts, first):bisect_right(firsts, last)]


def different_dates(claims: list[Claim], gazetteer=None) -> list[tuple[Claim, Claim]]:
    """(claim, claim of another source) for each pair of sources that say the same happens at the
    same place (or at a place within it) on different dates, a few days apart: "arrives in
    Vladivostok on 10 September" against "on 12 September".  Both ways round, so that each place's
    claims list the other; at most `MOST_PER_CLAIM` others for a claim."""
    dated = [c for c in claims if c.stance in POSITIVE and c.predicate and _dated(c, DATED_WITHIN_DAYS)]
    buckets = _by_date(dated, lambda c: (c.predicate, c.place))
    reach = dt.timedelta(days=DATED_WITHIN_DAYS + DATES_APART_DAYS)
    found: dict = defaultdict(list)
    for a in dated:
        first_a, last_a = a.event_first, a.event_last or a.event_first
        around_a = _within(a.place, gazetteer) if gazetteer is not None else {a.place}  # a's place and what holds it
        for place in around_a:
            bucket = buckets.get((a.predicate, place))
            for b in _starting(bucket, first_a - reach, last_a + reach) if bucket else ():
                if a.source == b.source:
                    continue
                first_b, last_b = b.event_first, b.event_last or b.event_first
                if first_b <= last_a and first_a <= last_b:
                    continue  # the dates overlap: they agree
                gap = (first_b - last_a).days if last_a < first_b else (first_a - last_b).days
                if gap > DATES_APART_DAYS:
                    continue
                for here, there in ((a, b), (b, a)) if b.place != a.place else ((a, b),):
                    if len(found[here]) < MOST_PER_CLAIM and there not in found[here]:
                        found[here].append(there)
    return [(here, there) for here, others in found.items() for there in others]


class SentencePeople:
    """Who a sentence names, as keys that match across sentences: the corpus's people (its sources
    of kind person, by id: "Putin" and "普京" are one) and the surnames of people's names (of those
    sources' Latin names, and in English of names that start with a given name or follow a title:
    "President Vladimir Putin", "Mr Kim")."""

    def __init__(self, registry):
        self.forms = {}  # written form -> the keys it gives
        for source in registry.sources.values():
            if speaker_kind(source.kind) != "person":
                continue
            for surface in source.surfaces():
                surface = str(surface).strip()
                if len(surface) >= (2 if not surface.isascii() else 4):  # not inside other words
                    keys = self.forms.setdefault(surface, {source.id})
                    if surface.isascii():
                        keys.add(f"surname:{fold(surface.split()[-1])}")
        self.names = bundled_person_names()

    def __call__(self, sentence: str) -> set:
        named = {key for surface, keys in self.forms.items() if surface in sentence for key in keys}
        return named | {f"surname:{surname}" for _, _, surname in self.names.names_in(sentence)}


def different_places(claims: list[Claim], gazetteer=None, people=None, place_of=None) -> list[tuple[Claim, Claim]]:
    """(claim, claim of another source) for each pair of sources that put a happening that takes
    place once (a meeting, a signing, an arrival) at two places on the same days, about the same
    person (named in both sentences, `SentencePeople`): "Kim will meet Putin in Vladivostok on
    12 September" against "Kim met Putin at Vostochny on 12 September".  Neither place may hold the
    other (Pier 33 is in Vladivostok), and neither be an area (a country or a region holds many places)."""
    if people is None:
        return []
    kinds = bundled_kinds()
    if place_of is None:
        place_of = gazetteer.places.get if gazetteer is not None else (lambda place_id: None)

    def area(place_id: str) -> bool:  # or unknown
        place = place_of(place_id)
        return place is None or kinds.is_area(place.kind)

    dated = [c for c in claims if c.stance in POSITIVE and c.predicate in ONE_PLACE and _dated(c, SAME_DAYS)
             and not area(c.place)]
    buckets = _by_date(dated, lambda c: c.predicate)
    pairs = []
    for a in dated:
        last_a = a.event_last or a.event_first
        for b in _starting(buckets[a.predicate], a.event_first - dt.timedelta(days=SAME_DAYS), last_a):
            if a.source == b.source or a.place == b.place or (b.event_last or b.event_first) < a.event_first:
                continue
            if a.place in _within(b.place, gazetteer) or b.place in _within(a.place, gazetteer):
                continue
            pairs.append((a, b))
    named: dict = {}  # who each paired claim's sentence names (the others are never read)
    for claim in (c for pair in pairs for c in pair):
        if claim not in named:
            named[claim] = people(claim.sentence)
    # a surname found with its given name or title in one sentence names the person alone in another ("Kishida")
    surnames = {key for keys in named.values() for key in keys if key.startswith("surname:")}
    for claim, keys in named.items():
        words = set(re.findall(r"\w+", fold(claim.sentence)))
        keys |= {key for key in surnames if key[len("surname:"):] in words}
    found: dict = defaultdict(list)
    for a, b in pairs:
        if named[a] & named[b] and len(found[a]) < MOST_PER_CLAIM:
            found[a].append(b)
    return [(here, there) for here, others in found.items() for there in others]


def _record_stops(route) -> list[tuple[str, dt.date, dt.date]]:
    """(place, first, last) of each place a record route was at: a leg's start on its first
    date, its end on its last, the places it passes on the way during the leg."""
    stops = []
    for leg in route.legs:
        if not leg.dates:
            continue
        first, last = (d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in leg.dates)
        stops.append((leg.start, first, first))
        stops.extend((via, first, last) for via in leg.via)
        stops.append((leg.end, last, last))
    return stops


def _within(place_id: str, gazetteer) -> set:
    """The place and the places that hold it, by places.yaml's `parent` (Pier 33, Vladivostok)."""
    found = set()
    while place_id and place_id not in found:
        found.add(place_id)
        place = gazetteer.places.get(place_id) if gazetteer is not None else None
        place_id = getattr(place, "parent", None) if place is not None else None
    return found


def record_conflicts(claims: list[Claim], gazetteer, kinds=None) -> list[RecordConflict]:
    """Dated claims of presence at a place where the record has no stop at that time.  A claim
    about an area (a country, a region: `area: true` in data/place_kinds.yaml) is not checked:
    the record's stops lie in some area or other."""
    if gazetteer is None:
        return []
    kinds = kinds or bundled_kinds()
    areas = {pid for pid, place in gazetteer.places.items() if kinds.is_area(place.kind)}
    records = [r for r in gazetteer.routes.values() if getattr(r, "kind", None) == "record"]
    found = []
    for route in records:
        stops = _record_stops(route)
        if not stops:
            continue
        begin, end = min(s[1] for s in stops), max(s[2] for s in stops)
        for claim in claims:
            # undated, or dated only by another clause of its sentence: about its article's date
            window = claim.window() if claim.dated_here else replace(claim, event_first=None, event_last=None).window()
            if (claim.stance not in POSITIVE or claim.predicate not in PRESENCE or window is None
                    or claim.place in areas or claim.place not in gazetteer.places):
                continue
            first, last = window
            if last < begin or first > end:
                continue
            during = [s for s in stops if s[1] <= last and first <= s[2]]
            # a stop at the place or at a place that holds it (Pier 33 is in Vladivostok) agrees with the claim
            if not during or any(place in _within(claim.place, gazetteer) for place, _, _ in during):
                continue
            ends = {leg.end for leg in route.legs} | {leg.start for leg in route.legs}
            stop = max(during, key=lambda s: (s[2], s[0] in ends))  # the latest, a leg's end before a place passed
            found.append(RecordConflict(claim, route.id, stop[0], stop[1], stop[2]))
    return found


# ---- stances by passage -----------------------------------------------------------------------
def mention_stances(claims: list[Claim]) -> dict[tuple[str, int, str], list[str]]:
    """(article, passage, place) -> the stances of the passage's claims about the place, each
    once, in the claims' order (what the GeoJSON and CSV exports give each passage of a place).

    >>> a = Claim("a.md", 3, "nyt", "vladivostok", "meet", None, None, "hedged", "可能", "…")
    >>> b = Claim("a.md", 3, "ria-novosti", "vladivostok", "visit", None, None, "unconfirmed", "尚未", "…")
    >>> mention_stances([a, b, a])
    {('a.md', 3, 'vladivostok'): ['hedged', 'unconfirmed']}
    """
    found: dict[tuple[str, int, str], list[str]] = {}
    for claim in claims:
        stances = found.setdefault((claim.article, claim.passage, claim.place), [])
        if claim.stance not in stances:
            stances.append(claim.stance)
    return found


def strongest_stances(claims: list[Claim], order: dict | None = None) -> dict[tuple[str, int], str]:
    """(article, passage) -> the strongest stance among the passage's claims, by the order of
    `stances` in data/stances.yaml (a denial, a refusal or a doubt over a confirmation, that over a
    hedge, a hedge over hearsay, hearsay over a plain assertion): the timeline's colour of a passage.

    >>> a = Claim("a.md", 1, "nyt", "russia", "visit", None, None, "hedged", "计划", "…")
    >>> b = Claim("a.md", 1, "global-times", "russia", "visit", None, None, "unconfirmed", "未宣布", "…")
    >>> c = Claim("a.md", 2, "nyt", "russia", "visit", None, None, "hearsay", "据报道", "…")
    >>> strongest_stances([a, b, c])
    {('a.md', 1): 'unconfirmed', ('a.md', 2): 'hearsay'}
    """
    order = order if order is not None else stance_order()
    found: dict[tuple[str, int], str] = {}
    for claim in claims:
        key = (claim.article, claim.passage)
        held = found.get(key)
        if held is None or order.get(claim.stance, len(order)) < order.get(held, len(order)):
            found[key] = claim.stance
    return found


def stance_order() -> dict[str, int]:
    """stance -> its rank in data/stances.yaml's `stances` (0: the strongest)."""
    return dict(bundled_stances().languages["en"].order)


def source_kind_of(corpus, source_id: str) -> str:
    source = corpus.registry.sources.get(source_id)
    return speaker_kind(source.kind if source else UNREGISTERED)
