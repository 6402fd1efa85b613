"""The `places` and `sources` commands (`add_parsers` adds them to ``python -m dashboard``)::

    python -m dashboard places geocode NAME [--language zh] [--pick N] [--id ID] [--limit N] [--places F]
    python -m dashboard places accept ID|NAME [--id NEW_ID] [--places F] [--articles PATH ...]
    python -m dashboard places verify [--places F] [--online]
    python -m dashboard sources add ID --name NAME [--kind K] [--country CC] [--name-zh X ...] [--sources F]
    python -m dashboard sources accept NAME|ID [--id NEW_ID] [--sources F] [--articles PATH ...]
    python -m dashboard sources found [--kind K] [--sources F] [--articles PATH ...]

Every error is one line, ``error: what is wrong — what to do``, and exit status 2.  The work
is done by `dashboard/edit/upkeep.py`, which the page calls too.
"""
from __future__ import annotations

import os
import sys

from dashboard.base.languages import LANGUAGES
from dashboard.base.settings import SettingsError
from dashboard.corpus.analysis import DEFAULT_PLACES, DEFAULT_SOURCES, load_corpus
from dashboard.corpus.filters import Filters
from dashboard.edit.data_writer import SOURCE_KINDS, GazetteerWriteError, accept_place, add_source
from dashboard.edit.upkeep import (Check, UpkeepError, accept_found_source, accept_suggested, story_places,
                                   verify_places)
from dashboard.places.gazetteer import load_gazetteer
from dashboard.places.geocoding import Candidate, Geocoder, GeocodingError


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
    keep = source_actions.add_parser("accept", help="write a speaker found in the texts into sources.yaml")
    keep.add_argument("key", metavar="NAME", help="its name as `sources found` lists it, or its id (found:…)")
    keep.add_argument("--id", dest="source_id", metavar="NEW_ID", help="its id in sources.yaml (default: from its name)")
    data_arguments(keep)
    listing = source_actions.add_parser("found", help="list the speakers found in the texts that sources.yaml lacks")
    listing.add_argument("--kind", choices=("person", "organisation", "government", "outlet", "generic"))
    data_arguments(listing)


def run(args) -> int:
    """Runs a ``places`` or ``sources`` command; errors are one line on standard error."""
    try:
        if args.command == "sources":
            return {"add": _sources_add, "accept": _sources_accept, "found": _sources_found}[args.action](args)
        return {"geocode": _geocode, "accept": _accept, "verify": _verify}[args.action](args)
    except (UpkeepError, GazetteerWriteError, GeocodingError, SettingsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (`| head`): not worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the flush at exit is quiet too
        return 1


def _sources_accept(args) -> int:
    entry = accept_found_source(_corpus(args), args.key, args.sources, args.source_id)
    print(f"added '{entry['id']}' to {args.sources}: {entry['name']}, {entry['kind']}"
          + (f", speaks for '{entry['affiliation']}'" if entry["affiliation"] else ""))
    return 0


def _sources_found(args) -> int:
    corpus = _corpus(args)
    counts = corpus.lookup.source_counts(Filters())
    found = [s for sid, s in corpus.registry.sources.items()
             if s.status == "found" and sid == s.id and (not args.kind or s.kind == args.kind)]
    found.sort(key=lambda s: (-counts.get(s.id, 0), s.name))
    for source in found:
        said = ", ".join(x for x in (source.title, source.affiliation) if x)
        print(f"{counts.get(source.id, 0):>5}  {source.name} — {source.kind}" + (f" ({said})" if said else ""))
    print(f"{len(found)} source(s) found in the texts; keep one with: python -m dashboard sources accept NAME",
          file=sys.stderr)
    return 0


def _corpus(args, world: bool = False):
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
    path = args.sources or str(DEFAULT_SOURCES)
    names = {lang: getattr(args, f"name_{lang}") for lang in LANGUAGES if getattr(args, f"name_{lang}")}
    add_source(path, args.source_id, args.name, args.kind, args.country, names, args.affiliation)
    print(f"added source '{args.source_id}' ({args.name}) to {path}")
    return 0
