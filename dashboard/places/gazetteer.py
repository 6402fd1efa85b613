"""The gazetteer: places with their names in several languages, and routes between them.

    >>> gaz, problems = load_gazetteer("data/places.yaml")
    >>> gaz.place("khasan").names["zh"], problems
    ('哈桑村', [])

`load_gazetteer` never raises on bad data: it keeps every place and route it can read and
returns a `DataProblem` (file, line, fix) for each one it cannot.  A place's kind must be one
of the place-kinds table (`data/place_kinds.yaml`, dashboard/places/kinds.py); the table's own
problems are returned with the gazetteer's, and the table rides along as `Gazetteer.kinds`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.base.errors import DataProblem, ProblemKind
from dashboard.base.languages import LANGUAGES, unknown_language
from dashboard.base.schema import LegEntry, PlaceEntry, RailwayEntry, RouteEntry, validate
from dashboard.base.yamlio import LineList, LineMap, id_entries, load_yaml_file
from dashboard.places.kinds import KindTable, load_kinds
from dashboard.places.railways import read_railways

ROUTE_STATUSES = ("rumoured", "possible", "reported", "confirmed")
ROUTE_MODES = ("rail", "air", "road", "sea", "unspecified")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Place:
    id: str
    kind: str
    names: dict  # language -> preferred name
    aliases: dict  # language -> tuple of other names
    lat: float
    lon: float
    precision_m: float
    coord_source: str
    not_before: tuple = ()
    not_after: tuple = ()
    parent: str | None = None
    status: str = "gazetteer"  # "gazetteer": typed into places.yaml; "suggested": found by the world gazetteer

    @property
    def name(self) -> str:
        return self.names["en"]

    def all_names(self):
        """(language, surface) for the preferred names and every alias."""
        for lang, name in self.names.items():
            yield lang, name
        for lang, names in self.aliases.items():
            for name in names:
                yield lang, name

    def __repr__(self) -> str:
        return f"Place({self.id!r}, {self.name!r}, {self.lat:.4f}, {self.lon:.4f})"


@dataclass(frozen=True)
class Claim:
    article: str  # file name of the article
    contains: str  # text of the passage that makes the claim


@dataclass(frozen=True)
class Leg:
    route: str
    index: int
    start: str  # place id
    end: str
    mode: str
    status: str
    via: tuple = ()
    claim: Claim | None = None
    dates: tuple = ()  # (start, end) ISO strings for "what happened" legs, as given

    @property
    def stops(self) -> tuple:
        return (self.start, *self.via, self.end)


@dataclass(frozen=True)
class Route:
    id: str
    name: str
    legs: tuple
    names: dict = field(default_factory=dict)
    sources: tuple = ()
    kind: str = "claim"  # claim (what articles say) or record (what happened)


@dataclass
class Gazetteer:
    places: dict  # id -> Place, in file order
    routes: dict  # id -> Route
    not_places: dict  # language -> tuple of phrases that are not places
    path: str = ""
    railways: dict = field(default_factory=dict)  # id -> railways.Railway
    kinds: KindTable = field(default_factory=KindTable)  # the place-kinds table the places were checked against

    def place(self, place_id: str) -> Place:
        return self.places[place_id]

    def __contains__(self, place_id: str) -> bool:
        return place_id in self.places


def load_gazetteer(path: str | Path, kinds_path: str | Path | None = None) -> tuple[Gazetteer, list[DataProblem]]:
    """The gazetteer in `path`, its places' kinds checked against the table in `kinds_path`
    (default: the bundled `data/place_kinds.yaml`)."""
    path = str(path)
    kinds, kind_problems = load_kinds(kinds_path)
    gazetteer, problems = _load_gazetteer(path, kinds)
    gazetteer.kinds = kinds
    return gazetteer, kind_problems + problems


def _load_gazetteer(path: str, kinds: KindTable) -> tuple[Gazetteer, list[DataProblem]]:
    data, problems = load_yaml_file(path)
    empty = Gazetteer({}, {}, {}, path)
    if data is None:
        return empty, problems
    if not isinstance(data, LineMap):
        return empty, [DataProblem(path, getattr(data, "line", 1), "the file is not a mapping",
                                   "start the file with 'places:' and 'routes:' keys", kind=ProblemKind.TYPE)]
    problems += [DataProblem(path, line, f"key '{key}' is given twice", "remove one of them",
                             kind=ProblemKind.DUPLICATE) for key, line in data.duplicates]
    not_places = _read_not_places(data, path, problems)
    places = _read_places(data, path, problems, kinds)
    _check_shared_aliases(places, data, path, problems)
    routes = _read_routes(data, places, path, problems)
    railways = read_railways(_typed_railways(data, path, problems), places, path, problems)
    return Gazetteer(places, routes, not_places, path, railways), problems


def _read_not_places(data, path, problems) -> dict:
    raw = data.get("not_places")
    if raw is None:  # the section is optional
        return {}
    if not isinstance(raw, LineMap):
        problems.append(DataProblem(path, data.line_of("not_places"), "not_places must map languages to lists",
                                    "write e.g. 'not_places: {zh: [东方经济论坛]}'", kind=ProblemKind.TYPE))
        return {}
    result = {}
    for lang, phrases in raw.items():
        if lang not in LANGUAGES:
            problems.append(unknown_language(path, raw.line_of(lang), lang))
            continue
        phrases = [phrases] if isinstance(phrases, str) else phrases or []
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            problems.append(DataProblem(path, raw.line_of(lang), f"not_places '{lang}' must be a list of text",
                                        f"write e.g. '{lang}: [东方经济论坛]'", kind=ProblemKind.TYPE))
            continue
        result[lang] = tuple(phrases)
    return result


def _read_places(data, path, problems, kinds: KindTable) -> dict:
    raw = data.get("places")
    if not isinstance(raw, LineList):
        problems.append(DataProblem(path, data.line, "no 'places:' list", "add 'places:' with one entry per place",
                                    kind=ProblemKind.MISSING))
        return {}
    # `places: []` is a new story's places.yaml (`python -m dashboard new`): the world gazetteer
    # suggests its places until the reader accepts some
    places: dict[str, Place] = {}
    for index, entry in enumerate(raw):
        line = raw.line_of(index)
        place = _read_place(entry, line, path, problems, kinds)
        if place is None:
            continue
        if place.id in places:
            problems.append(DataProblem(path, line, f"duplicate place id '{place.id}'",
                                        "give each place its own id (ids must be unique)", kind=ProblemKind.DUPLICATE))
            continue
        places[place.id] = place
    for place in places.values():
        if place.parent and place.parent not in places:
            problems.append(DataProblem(path, None, f"place '{place.id}' has unknown parent '{place.parent}'",
                                        "name an existing place id in 'parent'", kind=ProblemKind.REFERENCE))
    return places


def _in_range(value: float, entry, key, path, problems, low, high) -> bool:
    if low <= value <= high:  # False for NaN too
        return True
    problems.append(DataProblem(path, entry.line_of(key), f"{key} {value} is out of range",
                                f"{key} must be between {low} and {high} (decimal degrees, WGS84)"
                                if key in ("lat", "lon") else f"{key} must be between {low} and {high}",
                                kind=ProblemKind.RANGE))
    return False


def _read_place(entry, line, path, problems, kinds: KindTable) -> Place | None:
    if not isinstance(entry, LineMap):
        problems.append(DataProblem(path, line, "a place entry is not a mapping", "write it as 'id: …', 'names: …'",
                                    kind=ProblemKind.TYPE))
        return None
    raw_id = entry.get("id")
    typed = validate(PlaceEntry, entry, path, f"place '{raw_id}'" if isinstance(raw_id, str) else "a place", problems)
    if typed is None:
        return None
    place_id = typed.id
    if not _ID.match(place_id):
        problems.append(DataProblem(path, entry.line_of("id"), f"place id {place_id!r} is invalid",
                                    "use lowercase letters, digits and hyphens", kind=ProblemKind.INVALID))
        return None
    before = len(problems)
    names = _languages(typed.names, entry.get("names"), path, problems)
    for lang, name in list(names.items()):
        if not name.strip():
            problems.append(DataProblem(path, entry["names"].line_of(lang), f"name for '{lang}' is empty",
                                        "write one name as text; put other spellings in aliases",
                                        kind=ProblemKind.MISSING))
        names[lang] = name.strip()
    aliases = {lang: tuple(a.strip() for a in forms if a.strip())
               for lang, forms in _languages(typed.aliases or {}, entry.get("aliases"), path, problems).items()}
    if "en" not in names:
        problems.append(DataProblem(path, entry.line_of("names"), f"place '{place_id}' has no English name",
                                    "add names: {en: …}", kind=ProblemKind.MISSING))
    _in_range(typed.lat, entry, "lat", path, problems, -90, 90)
    _in_range(typed.lon, entry, "lon", path, problems, -180, 180)
    _in_range(typed.precision_m, entry, "precision_m", path, problems, 0, 20_000_000)
    if not typed.coord_source.strip():
        problems.append(DataProblem(path, entry.line_of("coord_source"), f"place '{place_id}' has no coord_source",
                                    "say where lat/lon came from (e.g. Wikipedia, GeoNames id)",
                                    kind=ProblemKind.MISSING))
    if not typed.kind.strip():
        problems.append(DataProblem(path, entry.line_of("kind"), f"place '{place_id}' has no kind",
                                    "add kind: city, port, …", kind=ProblemKind.MISSING))
    elif kinds.declared and typed.kind not in kinds.declared:  # no table at all: its own problem says so
        problems.append(DataProblem(path, entry.line_of("kind"), f"place '{place_id}' has unknown kind '{typed.kind}'",
                                    f"use one of {', '.join(kinds.ids)}, or add the kind to {kinds.path}",
                                    kind=ProblemKind.INVALID))
    if len(problems) > before:
        return None
    rules = typed.rules
    return Place(
        id=place_id, kind=typed.kind, names=names, aliases=aliases, lat=typed.lat, lon=typed.lon,
        precision_m=typed.precision_m, coord_source=typed.coord_source, parent=typed.parent,
        not_before=tuple(rules.not_before or ()) if rules else (),
        not_after=tuple(rules.not_after or ()) if rules else (),
    )


def _languages(values: dict, raw: LineMap, path, problems) -> dict:
    """`values` (language -> anything) without the unknown languages, each reported at its line."""
    kept = {}
    for lang, value in values.items():
        if lang not in LANGUAGES:
            problems.append(unknown_language(path, raw.line_of(lang), lang))
            continue
        kept[lang] = value
    return kept


def _check_shared_aliases(places, data, path, problems) -> None:
    owner: dict[str, str] = {}
    listed = data.get("places")
    raw_entries = {e.get("id"): e for e in (listed if isinstance(listed, list) else []) if isinstance(e, LineMap)
                   and isinstance(e.get("id"), str)}  # `places: true` is reported where it is read
    for place in places.values():
        for _, surface in place.all_names():
            key = surface.casefold()
            other = owner.setdefault(key, place.id)
            if other != place.id:
                entry = raw_entries.get(place.id)
                problems.append(DataProblem(
                    path, entry.line if entry is not None else None,
                    f"name '{surface}' belongs to both '{other}' and '{place.id}'",
                    "keep it on one place and add a rule, or make it more specific", kind=ProblemKind.DUPLICATE))


def _read_routes(data, places, path, problems) -> dict:
    routes: dict[str, Route] = {}
    for route_id, entry, _ in id_entries(data, "routes", "route", path, problems):
        typed = validate(RouteEntry, entry, path, f"route '{route_id}'", problems)
        if typed is None:
            continue
        raw_legs = entry["legs"]
        if not typed.legs:
            problems.append(DataProblem(path, entry.line_of("legs"), f"route '{route_id}' has no legs",
                                        "add 'legs:' with from/to/mode/status", kind=ProblemKind.EMPTY))
            continue
        legs = []
        for leg_index, leg in enumerate(raw_legs):
            parsed = _read_leg(route_id, leg_index, leg, raw_legs.line_of(leg_index), places, path, problems)
            if parsed is not None:
                legs.append(parsed)
        routes[route_id] = Route(
            id=route_id, name=typed.name or route_id, legs=tuple(legs), names=dict(typed.names or {}),
            sources=tuple(typed.sources or ()), kind=typed.kind or "claim")
    return routes


def _read_leg(route_id, index, leg, line, places, path, problems) -> Leg | None:
    subject = f"leg {index + 1} of route '{route_id}'"
    if not isinstance(leg, LineMap):
        problems.append(DataProblem(path, line, f"{subject} is not a mapping", "write from/to/mode/status keys",
                                    kind=ProblemKind.TYPE))
        return None
    typed = validate(LegEntry, leg, path, subject, problems)
    if typed is None:
        return None
    ok = True
    for key, stop in (("from", typed.start), ("to", typed.end)):
        if stop not in places:
            problems.append(DataProblem(path, leg.line_of(key), f"route '{route_id}' stop '{stop}' names no place",
                                        "use the id of a place defined under 'places:'", kind=ProblemKind.REFERENCE))
            ok = False
    via = typed.via or []
    for i, stop in enumerate(via):
        if stop not in places:
            problems.append(DataProblem(path, leg["via"].line_of(i), f"route '{route_id}' via stop '{stop}' names no place",
                                        "use the id of a place defined under 'places:'", kind=ProblemKind.REFERENCE))
            ok = False
    if typed.status not in ROUTE_STATUSES:
        problems.append(DataProblem(path, leg.line_of("status"), f"unknown route status {typed.status!r}",
                                    f"use one of {', '.join(ROUTE_STATUSES)}", kind=ProblemKind.INVALID))
        ok = False
    if typed.mode not in ROUTE_MODES:
        problems.append(DataProblem(path, leg.line_of("mode"), f"unknown route mode {typed.mode!r}",
                                    f"use one of {', '.join(ROUTE_MODES)}", kind=ProblemKind.INVALID))
        ok = False
    claim = typed.claim
    if claim is not None and not (claim.article.strip() and claim.contains.strip()):
        problems.append(DataProblem(path, leg.line_of("claim"), "a claim needs 'article' and 'contains'",
                                    "write claim: {article: FILE, contains: TEXT OF THE PASSAGE}",
                                    kind=ProblemKind.MISSING))
        ok = False
    if not ok:
        return None
    return Leg(route=route_id, index=index, start=typed.start, end=typed.end, mode=typed.mode, status=typed.status,
               via=tuple(via), claim=Claim(claim.article, claim.contains) if claim else None,
               dates=tuple(typed.dates or ()))


def _typed_railways(data: LineMap, path, problems) -> LineMap:
    """`data` with the railways whose fields have the wrong type reported and left out.

    railways.py reads the rest (ids, stations, coordinates in range); it trusts the types."""
    raw = data.get("railways")
    if not isinstance(raw, LineList):
        return data  # a missing or non-list 'railways' is reported by id_entries
    kept = LineList()
    kept.line, kept.item_lines = raw.line, []
    for index, entry in enumerate(raw):
        if isinstance(entry, LineMap):
            rid = entry.get("id")
            subject = f"railway '{rid}'" if isinstance(rid, str) else "a railway"
            if validate(RailwayEntry, entry, path, subject, problems) is None:
                continue
        kept.append(entry)
        kept.item_lines.append(raw.line_of(index))
    typed = LineMap(data)
    typed.line, typed.key_lines, typed.duplicates = data.line, data.key_lines, data.duplicates
    typed["railways"] = kept
    return typed
