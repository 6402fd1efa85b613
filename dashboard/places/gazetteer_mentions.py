"""Place mentions: every name or alias of every gazetteer place, with character offsets.

    >>> from dashboard.places.gazetteer import load_gazetteer
    >>> gaz, _ = load_gazetteer("data/places.yaml")
    >>> finder = PlaceFinder(gaz)
    >>> [(m.surface, m.place) for m in finder.find("普京和白俄罗斯总统在东方航天发射场，而非东方经济论坛")]
    [('白俄罗斯', 'belarus'), ('东方航天发射场', 'vostochny-cosmodrome')]

With the world gazetteer (`world=True`), `find_article` also returns the places that only
GeoNames knows, as *suggested* mentions (ids such as ``gn:1835848``), and the names that look
like places but that no gazetteer knows. `places.yaml` is matched first and always wins: a
world name never starts inside a hand place's name or a `not_places` phrase.

    >>> finder = PlaceFinder(gaz, world=True)
    >>> [found] = finder.find_article(["金正恩从平壤出发，途经首尔和图们江。"])
    >>> [(m.surface, m.place) for m in found.places], [(m.surface, m.place) for m in found.suggested]
    ([('平壤', 'pyongyang')], [('首尔', 'gn:1835848')])
    >>> [u.surface for u in found.unknown]
    ['图们江']
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.places.gazetteer import Gazetteer
from dashboard.places.world import distance_km
from dashboard.places.world_geoparser import Geoparser
from dashboard.text.matching import Name, NameMatcher


@dataclass(frozen=True, slots=True)
class PlaceMention:
    place: str  # place id
    surface: str  # the text as written
    start: int  # offsets in the searched text (a passage)
    end: int


@dataclass
class PassagePlaces:
    """What one passage names: hand places, suggested world places, unknown place-like names."""
    places: list  # PlaceMention of places.yaml places
    suggested: list = field(default_factory=list)  # PlaceMention of world places ("gn:…")
    adjectival: list = field(default_factory=list)  # PlaceMention of demonyms ("Turkish", 俄方): hand or world places
    unknown: list = field(default_factory=list)  # toponyms.UnknownName


class PlaceFinder:
    """Finds place mentions; built once per gazetteer (compiling the names is the slow part)."""

    def __init__(self, gazetteer: Gazetteer, world=False):
        names = [Name(surface, place.id, place.not_before, place.not_after)
                 for place in gazetteer.places.values() for _, surface in place.all_names()]
        names += [Name(phrase, None) for phrases in gazetteer.not_places.values() for phrase in phrases]
        self._matcher = NameMatcher(names)
        self.gazetteer = gazetteer
        self.geoparser = None
        if world:
            self.geoparser = world if isinstance(world, Geoparser) else Geoparser()
        self._duplicates: dict[str, str | None] = {}

    def find(self, text: str) -> list[PlaceMention]:
        return [PlaceMention(m.target, m.surface, m.start, m.end) for m in self._matcher.find(text)]

    def find_article(self, texts: list[str], outlet: str | None = None, url: str | None = None,
                     country: str | None = None) -> list[PassagePlaces]:
        """Hand places, suggested places and unknown names of each passage of one article
        (`outlet`, `url`, `country`: its outlet's name, web address and country, to know where
        it is at home: see `Geoparser.home`)."""
        spans = [self._matcher.find_spans(text) for text in texts]
        found = [PassagePlaces([PlaceMention(t, text[s:e], s, e) for s, e, t in passage if t is not None])
                 for text, passage in zip(texts, spans)]
        if self.geoparser is None:
            return found
        people = self.geoparser.people.find(texts)
        for passage, (text, result) in enumerate(zip(texts, found)):
            result.places = [m for m in result.places if not self._a_person(text, passage, m, people)]
        blocked = [[(s, e) for s, e, _ in passage] for passage in spans]
        context = [c for result in found for m in result.places for c in [self._country_of(m.place)] if c]
        toponyms = self.geoparser.parse_document(texts, blocked, context, people, self.geoparser.home(outlet, url, country))
        for text, result, passage_toponyms, taken in zip(texts, found, toponyms, blocked):
            for t in passage_toponyms:
                twin = self._hand_twin(t.place_id)
                if t.adjectival:
                    result.adjectival.append(PlaceMention(twin or t.place_id, t.surface, t.start, t.end))
                elif twin is None:
                    result.suggested.append(PlaceMention(t.place_id, t.surface, t.start, t.end))
                else:  # a name places.yaml does not list for one of its places: still that place
                    result.places.append(PlaceMention(twin, t.surface, t.start, t.end))
            result.places.sort(key=lambda m: m.start)
            taken = taken + [(t.start, t.end) for t in passage_toponyms]
            result.unknown = self.geoparser.unknown_names(text, taken)
        return found

    def _a_person(self, text: str, passage: int, mention: PlaceMention, people) -> bool:
        """True when a places.yaml name, written in Latin letters, is a person's here: inside a
        person's name ("Aleppo Mayor Brita Hagi Hasan"), that person's surname alone, or followed by
        ", the mayor" — people come before places, even before a places.yaml alias."""
        if not mention.surface[:1].isascii() or not mention.surface[:1].isalpha():
            return False
        if people.in_name(passage, mention.start, mention.end):
            return True
        if people.surname_alone(mention.surface) and self.gazetteer.places[mention.place].kind not in ("country", "region"):
            return True
        return self.geoparser.people.appositive_person(text, mention.end)

    def _country_of(self, hand_id: str) -> str | None:
        """The ISO country of a places.yaml place, through the world gazetteer: the country of
        that name, or the nearest world place of that name (within 50 km), for context."""
        key = "country:" + hand_id
        if key not in self._duplicates:
            hand = self.gazetteer.places[hand_id]
            country = None
            for place in self.geoparser.world.lookup(hand.name):
                if place.kind == "country" and hand.kind == "country":
                    country = place.country
                    break
                if place.country and distance_km(place.lat, place.lon, hand.lat, hand.lon) <= 50 + hand.precision_m / 1000:
                    country = place.country
                    break
            self._duplicates[key] = country
        return self._duplicates[key]

    def _hand_twin(self, world_id: str) -> str | None:
        """The places.yaml place a world place stands for (same English name, within 50 km plus
        its precision; or the same country), if any: places.yaml wins, no place is suggested twice."""
        if world_id not in self._duplicates:
            place = self.geoparser.world.get(world_id)
            twin = None
            for hand in self.gazetteer.places.values():
                if place.name == hand.name and distance_km(place.lat, place.lon, hand.lat, hand.lon) <= 50 + hand.precision_m / 1000:
                    twin = hand.id
                    break
                if place.kind == "country" and hand.kind == "country" and place.name == hand.name:
                    twin = hand.id
                    break
            self._duplicates[world_id] = twin
        return self._duplicates[world_id]
