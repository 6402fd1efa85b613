"""Gazetteer upkeep: grow places.yaml and sources.yaml, and check the coordinates it holds.

The functions here are what the command line and the page both call:

* `story_places(corpus)` — the places.yaml places the articles mention (all of them when
  none is mentioned): what geocoding candidates are measured against.
* `find_suggested(corpus, key)` and `accept_suggested(corpus, key, places_yaml)` — a place
  only the world gazetteer knows (``gn:…``), found by id or English name, written into
  places.yaml with its names, GeoNames id and precision.
* `find_found_source(corpus, key)` and `accept_found_source(corpus, key, sources_yaml)` — a
  speaker found in the texts (``found:…``), by id or name, written into sources.yaml.
* `verify_places(gazetteer, geocoder=None)` — for each place, the distance from its stored
  coordinates to the nearest GeoNames place of its English name (and Nominatim's, with a
  geocoder), and whether that is farther than its stated precision.

The commands built on them are in `dashboard/cli/upkeep.py`.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from geopy.distance import geodesic

from dashboard.base.errors import NewsMapError
from dashboard.base.words import slug
from dashboard.edit.data_writer import accept_place, add_source, place_entry
from dashboard.places.gazetteer import Gazetteer, Place
from dashboard.places.geocoding import Geocoder
from dashboard.places.world import suggested_place, world


class UpkeepError(NewsMapError):
    """A request that cannot be carried out; str() is `what is wrong — what to do`."""




def story_places(corpus) -> list[Place]:
    """The places.yaml places the articles mention, most mentioned first; all of them if none."""
    mentioned = [p for p in corpus.places_mentioned() if p.id in corpus.gazetteer.places]
    return mentioned or list(corpus.gazetteer.places.values())


def find_suggested(corpus, key: str) -> Place:
    """A suggested place of `corpus` (``load_corpus(world=True)``) by id (``gn:2013348``) or
    English name (any case); a world gazetteer id the articles do not mention is found too."""
    wanted = key.strip()
    if wanted in corpus.suggested:
        return corpus.suggested[wanted]
    by_name = [p for p in corpus.suggested.values() if p.name.casefold() == wanted.casefold()]
    if by_name:
        return by_name[0]
    if wanted in corpus.gazetteer.places:
        raise UpkeepError(f"'{wanted}' is in places.yaml already — nothing to accept")
    if ":" in wanted and world().get(wanted) is not None:
        place = suggested_place(world().get(wanted))
        owner = next((p.id for p in corpus.gazetteer.places.values()
                      if place.name.casefold() in {n.casefold() for _, n in p.all_names()}), None)
        if owner is not None:
            raise UpkeepError(f"'{wanted}' ({place.name}) is in places.yaml already, as '{owner}' — nothing to accept")
        return place
    shown = ", ".join(f"{p.id} ({p.name})" for p in list(corpus.suggested.values())[:8])
    raise UpkeepError(f"'{wanted}' is not a suggested place — "
                      + (f"use one of: {shown}" if shown else "the articles name no place outside places.yaml"))


def find_found_source(corpus, key: str):
    """A source found in the articles' texts (status "found"), by id (``found:maria-zakharova``)
    or name (any case)."""
    wanted = key.strip()
    found = [s for s in corpus.registry.sources.values() if s.status == "found"]
    for source in found:
        if wanted == source.id or wanted.casefold() == source.name.casefold():
            return source
    registered = corpus.registry.resolve(wanted)
    if registered is not None:
        raise UpkeepError(f"'{wanted}' is in sources.yaml already, as '{registered.id}' — nothing to accept")
    close = [s for s in found if wanted.casefold() in s.name.casefold()][:8]
    shown = ", ".join(f"'{s.name}'" for s in close or found[:8])
    raise UpkeepError(f"no source found in the texts is called '{wanted}' — "
                      + (f"use one of: {shown}" if shown else "the articles name no speaker outside sources.yaml"))


def accept_found_source(corpus, key: str, sources_yaml, source_id: str | None = None) -> dict:
    """Writes a source found in the texts into sources.yaml (see `find_found_source`), the file's
    other bytes kept; returns the entry written.  Its name is written in the language it was found
    in; an affiliation is kept when it names a source of sources.yaml."""
    source = find_found_source(corpus, key)
    new_id = source_id or slug(source.name)
    if not new_id or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", new_id):
        new_id = "source-" + hashlib.sha256(source.name.encode("utf-8")).hexdigest()[:8]
    lang = "zh" if re.search(r"[\u3400-\u9fff]", source.name) else "en"
    body = corpus.registry.resolve(source.affiliation) if source.affiliation else None
    entry = {"id": new_id, "name": source.name, "kind": source.kind,  # a found kind is a sources.yaml kind too
             "names": {lang: [source.name]}, "affiliation": body.id if body and body.status != "found" else None}
    add_source(sources_yaml, new_id, source.name, entry["kind"], names=entry["names"], affiliation=entry["affiliation"])
    return entry


def accept_suggested(corpus, key: str, places_yaml, place_id: str | None = None) -> dict:
    """Writes a suggested place into places.yaml (see `find_suggested`); returns the entry written."""
    entry = place_entry(find_suggested(corpus, key), place_id)
    accept_place(places_yaml, entry)
    return entry


@dataclass(frozen=True)
class Check:
    """How far one place's stored coordinates are from another gazetteer's."""
    place: Place
    geonames_id: str | None = None  # the nearest world gazetteer place of the same name
    geonames_km: float | None = None
    geonames_label: str = ""  # its name and country ("Hassan, IN"): a namesake far away shows as such
    nominatim_osm: str | None = None  # "node 123"
    nominatim_km: float | None = None

    @property
    def farther(self) -> bool:
        """Farther from either gazetteer than the place's stated precision."""
        limit = self.place.precision_m / 1000
        return any(km is not None and km > limit for km in (self.geonames_km, self.nominatim_km))


def verify_places(gazetteer: Gazetteer, geocoder: Geocoder | None = None, progress=None) -> list[Check]:
    """A `Check` per place, in file order. With a geocoder, Nominatim too (one request a
    second for names it has not cached; it raises a `GeocodingError` when it cannot answer).
    `progress(check)` is called after each place."""
    w = world()
    checks = []
    for place in gazetteer.places.values():
        here = (place.lat, place.lon)
        matches = [(geodesic(here, (m.lat, m.lon)).km, m) for m in w.lookup(place.name)]
        km_gn, match = min(matches, key=lambda pair: pair[0]) if matches else (None, None)
        osm = km = None
        if geocoder is not None:
            found = geocoder.candidates(place.name, near=[(place.id, place.lat, place.lon)])
            if found:
                nearest = min(found, key=lambda c: c.distance_km)
                osm, km = nearest.osm, nearest.distance_km
        label = ", ".join(x for x in (match.name, match.country) if x) if match else ""
        check = Check(place, match.id if match else None, km_gn, label, osm, km)
        checks.append(check)
        if progress is not None:
            progress(check)
    return checks
