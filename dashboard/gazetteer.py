"""The gazetteer: places with their names in several languages, and routes between them.

    >>> gaz, problems = load_gazetteer("data/places.yaml")
    >>> gaz.place("khasan").names["zh"], problems
    ('哈桑村', [])

`load_gazetteer` never raises on bad data: it keeps every place and route it can read and
returns a `DataProblem` (file, line, fix) for each one it cannot.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataProblem
from .railways import read_railways
from .yamlio import LineList, LineMap, id_entries, load_yaml_file

LANGUAGES = ("en", "zh", "ru", "ko", "ja")
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

    def place(self, place_id: str) -> Place:
        return self.places[place_id]

    def __contains__(self, place_id: str) -> bool:
        return place_id in self.places


def load_gazetteer(path: str | Path) -> tuple[Gazetteer, list[DataProblem]]:
    path = str(path)
    data, problems = load_yaml_file(path)
    empty = Gazetteer({}, {}, {}, path)
    if data is None:
        return empty, problems
    if not isinstance(data, LineMap):
        return empty, [DataProblem(path, getattr(data, "line", 1), "the file is not a mapping",
                                   "start the file with 'places:' and 'routes:' keys")]
    problems += [DataProblem(path, line, f"key '{key}' is given twice", "remove one of them")
                 for key, line in data.duplicates]
    not_places = _read_not_places(data, path, problems)
    places = _read_places(data, path, problems)
    _check_shared_aliases(places, data, path, problems)
    routes = _read_routes(data, places, path, problems)
    railways = read_railways(data, places, path, problems)
    return Gazetteer(places, routes, not_places, path, railways), problems


def _read_not_places(data, path, problems) -> dict:
    raw = data.get("not_places") or {}
    if not isinstance(raw, LineMap):
        problems.append(DataProblem(path, data.line_of("not_places"), "not_places must map languages to lists",
                                    "write e.g. 'not_places: {zh: [东方经济论坛]}'"))
        return {}
    result = {}
    for lang, phrases in raw.items():
        if lang not in LANGUAGES:
            problems.append(unknown_language(path, raw.line_of(lang), lang))
            continue
        result[lang] = tuple(str(p) for p in (phrases or []))
    return result


def unknown_language(path, line, lang) -> DataProblem:
    """The problem for a language code outside LANGUAGES (names, aliases, grammar, front matter)."""
    return DataProblem(path, line, f"unknown language '{lang}'", f"use one of {', '.join(LANGUAGES)}")


def _read_places(data, path, problems) -> dict:
    raw = data.get("places")
    if not isinstance(raw, LineList):
        problems.append(DataProblem(path, data.line, "no 'places:' list", "add 'places:' with one entry per place"))
        return {}
    places: dict[str, Place] = {}
    for index, entry in enumerate(raw):
        line = raw.line_of(index)
        place = _read_place(entry, line, path, problems)
        if place is None:
            continue
        if place.id in places:
            problems.append(DataProblem(path, line, f"duplicate place id '{place.id}'",
                                        "give each place its own id (ids must be unique)"))
            continue
        places[place.id] = place
    for place in places.values():
        if place.parent and place.parent not in places:
            problems.append(DataProblem(path, None, f"place '{place.id}' has unknown parent '{place.parent}'",
                                        "name an existing place id in 'parent'"))
    return places


def _number(entry, key, path, problems, low, high):
    value = entry.get(key)
    line = entry.line_of(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append(DataProblem(path, line, f"{key} is missing or not a number ({value!r})",
                                    f"write {key} as a decimal number"))
        return None
    if not low <= value <= high:
        problems.append(DataProblem(path, line, f"{key} {value} is out of range",
                                    f"{key} must be between {low} and {high} (decimal degrees, WGS84)"
                                    if key in ("lat", "lon") else f"{key} must be between {low} and {high}"))
        return None
    return float(value)


def _read_place(entry, line, path, problems) -> Place | None:
    if not isinstance(entry, LineMap):
        problems.append(DataProblem(path, line, "a place entry is not a mapping", "write it as 'id: …', 'names: …'"))
        return None
    place_id = entry.get("id")
    if not isinstance(place_id, str) or not _ID.match(place_id):
        problems.append(DataProblem(path, entry.line_of("id"), f"place id {place_id!r} is missing or invalid",
                                    "use lowercase letters, digits and hyphens"))
        return None
    before = len(problems)
    names = _read_names(entry, "names", path, problems, single=True)
    aliases = _read_names(entry, "aliases", path, problems, single=False)
    if "en" not in names:
        problems.append(DataProblem(path, entry.line_of("names"), f"place '{place_id}' has no English name",
                                    "add names: {en: …}"))
    lat = _number(entry, "lat", path, problems, -90, 90)
    lon = _number(entry, "lon", path, problems, -180, 180)
    precision = _number(entry, "precision_m", path, problems, 0, 20_000_000)
    source = entry.get("coord_source")
    if not source:
        problems.append(DataProblem(path, entry.line, f"place '{place_id}' has no coord_source",
                                    "say where lat/lon came from (e.g. Wikipedia, GeoNames id)"))
    kind = entry.get("kind")
    if not isinstance(kind, str) or not kind:
        problems.append(DataProblem(path, entry.line, f"place '{place_id}' has no kind", "add kind: city, port, …"))
    rules = entry.get("rules") or {}
    if len(problems) > before:
        return None
    return Place(
        id=place_id, kind=kind, names=names, aliases=aliases, lat=lat, lon=lon, precision_m=precision,
        coord_source=str(source), parent=entry.get("parent"),
        not_before=tuple(str(r) for r in rules.get("not_before", ()) or ()),
        not_after=tuple(str(r) for r in rules.get("not_after", ()) or ()),
    )


def _read_names(entry, key, path, problems, single: bool) -> dict:
    raw = entry.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, LineMap):
        problems.append(DataProblem(path, entry.line_of(key), f"'{key}' must map languages to names",
                                    f"write e.g. '{key}: {{en: …, zh: …}}'"))
        return {}
    result = {}
    for lang, value in raw.items():
        if lang not in LANGUAGES:
            problems.append(unknown_language(path, raw.line_of(lang), lang))
            continue
        if single:
            if not isinstance(value, str) or not value.strip():
                problems.append(DataProblem(path, raw.line_of(lang), f"name for '{lang}' is empty or not text",
                                            "write one name as text; put other spellings in aliases"))
                continue
            result[lang] = value.strip()
        else:
            values = value if isinstance(value, list) else [value]
            result[lang] = tuple(str(v).strip() for v in values if str(v).strip())
    return result


def _check_shared_aliases(places, data, path, problems) -> None:
    owner: dict[str, str] = {}
    raw_entries = {e.get("id"): e for e in data.get("places") or [] if isinstance(e, LineMap)}
    for place in places.values():
        for _, surface in place.all_names():
            key = surface.casefold()
            other = owner.setdefault(key, place.id)
            if other != place.id:
                entry = raw_entries.get(place.id)
                problems.append(DataProblem(
                    path, entry.line if entry is not None else None,
                    f"name '{surface}' belongs to both '{other}' and '{place.id}'",
                    "keep it on one place and add a rule, or make it more specific"))


def _read_routes(data, places, path, problems) -> dict:
    routes: dict[str, Route] = {}
    for route_id, entry, _ in id_entries(data, "routes", "route", path, problems):
        legs = []
        raw_legs = entry.get("legs")
        if not isinstance(raw_legs, LineList) or not raw_legs:
            problems.append(DataProblem(path, entry.line_of("legs"), f"route '{route_id}' has no legs",
                                        "add 'legs:' with from/to/mode/status"))
            continue
        for leg_index, leg in enumerate(raw_legs):
            parsed = _read_leg(route_id, leg_index, leg, raw_legs.line_of(leg_index), places, path, problems)
            if parsed is not None:
                legs.append(parsed)
        routes[route_id] = Route(
            id=route_id, name=str(entry.get("name") or route_id), legs=tuple(legs),
            names=dict(entry.get("names") or {}), sources=tuple(entry.get("sources") or ()),
            kind=str(entry.get("kind") or "claim"))
    return routes


def _read_leg(route_id, index, leg, line, places, path, problems) -> Leg | None:
    if not isinstance(leg, LineMap):
        problems.append(DataProblem(path, line, f"leg {index + 1} of route '{route_id}' is not a mapping",
                                    "write from/to/mode/status keys"))
        return None
    ok = True
    for key in ("from", "to"):
        stop = leg.get(key)
        if stop not in places:
            problems.append(DataProblem(path, leg.line_of(key),
                                        f"route '{route_id}' stop '{stop}' names no place",
                                        "use the id of a place defined under 'places:'"))
            ok = False
    via = leg.get("via") or []
    for i, stop in enumerate(via):
        if stop not in places:
            problems.append(DataProblem(path, via.line_of(i) if isinstance(via, LineList) else leg.line,
                                        f"route '{route_id}' via stop '{stop}' names no place",
                                        "use the id of a place defined under 'places:'"))
            ok = False
    status = leg.get("status")
    if status not in ROUTE_STATUSES:
        problems.append(DataProblem(path, leg.line_of("status"), f"unknown route status {status!r}",
                                    f"use one of {', '.join(ROUTE_STATUSES)}"))
        ok = False
    mode = leg.get("mode")
    if mode not in ROUTE_MODES:
        problems.append(DataProblem(path, leg.line_of("mode"), f"unknown route mode {mode!r}",
                                    f"use one of {', '.join(ROUTE_MODES)}"))
        ok = False
    claim = leg.get("claim")
    if claim is not None and not (isinstance(claim, dict) and claim.get("article") and claim.get("contains")):
        problems.append(DataProblem(path, leg.line_of("claim"), "a claim needs 'article' and 'contains'",
                                    "write claim: {article: FILE, contains: TEXT OF THE PASSAGE}"))
        ok = False
    if not ok:
        return None
    dates = leg.get("dates") or ()
    return Leg(route=route_id, index=index, start=leg["from"], end=leg["to"], mode=mode, status=status,
               via=tuple(via), claim=Claim(str(claim["article"]), str(claim["contains"])) if claim else None,
               dates=tuple(str(d) for d in dates))
