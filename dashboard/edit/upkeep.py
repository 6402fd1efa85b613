"""Gazetteer upkeep: grow places.yaml and sources.yaml, and check the coordinates it holds.

The functions here are what the command line and the page both call:

* `story_places(corpus)` — the places.yaml places the articles mention (all of them when
  none is mentioned): what geocoding candidates are measured against.
* `find_suggested(corpus, key)` and `accept_suggested(corpus, key, places_yaml)` — a place
  only the world gazetteer knows (``gn:…``), found by id or English name, written into
  places.yaml with its names, GeoNames id and precision.
* `verify_places(gazetteer, geocoder=None)` — for each place, the distance from its stored
  coordinates to the nearest GeoNames place of its English name (and Nominatim's, with a
  geocoder), and whether that is farther than its stated precision.

and the commands (`add_parsers` adds them to ``python -m dashboard``)::

    python -m dashboard places geocode NAME [--language zh] [--pick N] [--id ID] [--limit N] [--places F]
    python -m dashboard places accept ID|NAME [--id NEW_ID] [--places F] [--articles PATH ...]
    python -m dashboard places verify [--places F] [--online]
    python -m dashboard sources add ID --name NAME [--kind K] [--country CC] [--name-zh X ...] [--sources F]

Every error is one line, ``error: what is wrong — what to do``, and exit status 2.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from geopy.distance import geodesic

from dashboard.base.languages import LANGUAGES
from dashboard.places.gazetteer import Gazetteer, Place, load_gazetteer
from dashboard.edit.data_writer import SOURCE_KINDS, GazetteerWriteError, accept_place, add_source, place_entry
from dashboard.places.geocoding import Candidate, Geocoder, GeocodingError
from dashboard.base.settings import SettingsError
from dashboard.base.errors import NewsMapError


class UpkeepError(NewsMapError):
    """A request that cannot be carried out; str() is `what is wrong — what to do`."""


# ---------------------------------------------------------------------------------------------
# Functions (the page calls these too)


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
    from dashboard.places.world import suggested_place, world
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
    from dashboard.places.world import world
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


# ---------------------------------------------------------------------------------------------
# Command line


def add_parsers(commands, data_arguments) -> None:
    """Adds ``places`` and ``sources`` to the ``python -m dashboard`` subcommands.

    `data_arguments(parser)` adds --places, --sources, --articles and --published."""
    places = commands.add_parser("places", help="grow and check the gazetteer (places.yaml)")
    actions = places.add_subparsers(dest="action", required=True)

    geocode = actions.add_parser("geocode", help="look a name up in Nominatim (OpenStreetMap); --pick writes one")
    geocode.add_argument("name")
    geocode.add_argument("--language", default=None, metavar="LANG",
                         help="language of the answer's names (Nominatim accept-language; default en)")
    geocode.add_argument("--pick", type=int, metavar="N", help="write candidate N into places.yaml")
    geocode.add_argument("--id", dest="place_id", metavar="ID", help="its id in places.yaml (default: from its name)")
    geocode.add_argument("--limit", type=int, default=5, metavar="N", help="at most N candidates (default 5)")
    geocode.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds to wait (default 10)")
    data_arguments(geocode)

    accept = actions.add_parser("accept", help="write a suggested place (gn:…) into places.yaml")
    accept.add_argument("key", metavar="ID", help="a suggested place's id (gn:2013348) or English name")
    accept.add_argument("--id", dest="place_id", metavar="NEW_ID", help="its id in places.yaml (default: from its name)")
    data_arguments(accept)

    verify = actions.add_parser("verify", help="compare each place's coordinates with GeoNames (and Nominatim)")
    verify.add_argument("--places", default=None, help="gazetteer YAML (default: data/places.yaml)")
    verify.add_argument("--online", action="store_true", help="ask Nominatim too (needs the network)")
    verify.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds to wait (default 10)")

    sources = commands.add_parser("sources", help="register sources in sources.yaml")
    source_actions = sources.add_subparsers(dest="action", required=True)
    add = source_actions.add_parser("add", help="add a source (outlet, agency, official…)")
    add.add_argument("source_id", metavar="ID", help="lowercase letters, digits and hyphens, e.g. yonhap")
    add.add_argument("--name", required=True, help="its canonical English name")
    add.add_argument("--kind", default="outlet", choices=SOURCE_KINDS)
    add.add_argument("--country", metavar="CC", help="ISO 3166-1 alpha-2 code, e.g. KR")
    add.add_argument("--affiliation", metavar="ID", help="the source it speaks for (an official's body)")
    for lang in LANGUAGES:
        add.add_argument(f"--name-{lang}", dest=f"name_{lang}", action="append", default=[], metavar="TEXT",
                         help=f"how it is written in {lang} (repeatable)")
    add.add_argument("--sources", default=None, help="sources YAML (default: data/sources.yaml)")


def run(args) -> int:
    """Runs a ``places`` or ``sources`` command; errors are one line on standard error."""
    try:
        if args.command == "sources":
            return _sources_add(args)
        return {"geocode": _geocode, "accept": _accept, "verify": _verify}[args.action](args)
    except (UpkeepError, GazetteerWriteError, GeocodingError, SettingsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (`| head`): not worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the flush at exit is quiet too
        return 1


def _corpus(args, world: bool = False):
    from dashboard.corpus.analysis import load_corpus
    return load_corpus(args.places, args.sources, args.articles, args.published, world=world)


def _km(km: float) -> str:
    return f"{km:.1f} km" if km < 10 else f"{km:,.0f} km"


def _describe(number: int, c: Candidate) -> str:
    where = f"{c.lat:.5f}, {c.lon:.5f}"
    distance = f" · {_km(c.distance_km)} from {c.nearest}" if c.distance_km is not None else ""
    names = ", ".join(f"{lang} {name}" for lang, name in c.names.items() if lang != "en")
    return (f"{number:>3}. {c.name} — {c.country or '?'} · {c.place_kind} ({c.kind}) · {where}{distance}\n"
            f"     {c.display_name} · OSM {c.osm}" + (f" · {names}" if names else ""))


def _geocode(args) -> int:
    corpus = _corpus(args)
    geocoder = Geocoder(timeout=args.timeout)
    near = story_places(corpus)
    found = geocoder.candidates(args.name, language=args.language, near=near, limit=args.limit)
    if not found:
        print(f"no place called {args.name!r} at {geocoder.url} — check the spelling, or try a longer name "
              f"(\"{args.name}, <region or country>\") or the name in another language", file=sys.stderr)
        return 1
    if args.pick is None:
        print(f"{len(found)} candidate(s) for {args.name!r} from {geocoder.url} "
              f"(distance to the nearest of the story's {len(near)} places):")
        for number, candidate in enumerate(found, 1):
            print(_describe(number, candidate))
        print(f"Write one into {args.places} with: python -m dashboard places geocode {_quoted(args.name)} --pick N")
        return 0
    if not 1 <= args.pick <= len(found):
        raise UpkeepError(f"--pick {args.pick} is not one of the {len(found)} candidates — "
                          f"give a number from 1 to {len(found)}")
    entry = found[args.pick - 1].entry(args.place_id)
    accept_place(args.places, entry)
    _added(entry, args.places)
    return 0


def _quoted(text: str) -> str:
    return f'"{text}"' if any(ch in text for ch in " '\"") else text


def _added(entry: dict, path) -> None:
    others = ", ".join(v for k, v in entry["names"].items() if k != "en")
    print(f"added '{entry['id']}' to {path}: {entry['names']['en']}" + (f" ({others})" if others else "")
          + f", {entry['kind']}, {entry['lat']:.5f}, {entry['lon']:.5f}, precision {entry['precision_m']:g} m, "
            f"{entry['coord_source']}")


def _accept(args) -> int:
    corpus = _corpus(args, world=True)
    if not corpus.suggested and any("world gazetteer is not available" in p.problem for p in corpus.problems):
        raise UpkeepError("the world gazetteer is not available — pip install -r requirements.txt")
    entry = accept_suggested(corpus, args.key, args.places, args.place_id)
    _added(entry, args.places)
    return 0


def _verify(args) -> int:
    from dashboard.corpus.analysis import DEFAULT_PLACES
    path = args.places or str(DEFAULT_PLACES)
    gazetteer, problems = load_gazetteer(path)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    if not gazetteer.places:
        raise UpkeepError(f"{path} holds no place that can be read — fix it first (python -m dashboard check)")
    geocoder = None
    if args.online:
        geocoder = Geocoder(timeout=args.timeout)
        print(f"asking {geocoder.url} about {len(gazetteer.places)} places (one request a second, cached)",
              file=sys.stderr)
    width = max(len(p.id) for p in gazetteer.places.values())

    def show(check: Check) -> None:
        place = check.place
        parts = [f"{'!' if check.farther else ' '} {place.id:<{width}}  precision {_km(place.precision_m / 1000):>9}"]
        if check.geonames_km is None:
            parts.append(f"GeoNames: no place called {place.name!r}")
        else:
            parts.append(f"GeoNames {check.geonames_id} ({check.geonames_label}): {_km(check.geonames_km)}")
        if args.online:
            parts.append(f"Nominatim OSM {check.nominatim_osm}: {_km(check.nominatim_km)}"
                         if check.nominatim_km is not None else f"Nominatim: no place called {place.name!r}")
        print("  ".join(parts), flush=True)

    checks = verify_places(gazetteer, geocoder, progress=show)
    farther = [c for c in checks if c.farther]
    unmatched = [c for c in checks if c.geonames_km is None and c.nominatim_km is None]
    print(f"{len(checks)} places: {len(farther)} farther than their precision (marked !), "
          f"{len(checks) - len(farther) - len(unmatched)} within it, {len(unmatched)} not found by name")
    return 1 if farther else 0


def _sources_add(args) -> int:
    from dashboard.corpus.analysis import DEFAULT_SOURCES
    path = args.sources or str(DEFAULT_SOURCES)
    names = {lang: getattr(args, f"name_{lang}") for lang in LANGUAGES if getattr(args, f"name_{lang}")}
    add_source(path, args.source_id, args.name, args.kind, args.country, names, args.affiliation)
    print(f"added source '{args.source_id}' ({args.name}) to {path}")
    return 0
