"""Geocoding with Nominatim (OpenStreetMap) through geopy: candidates for a place name.

    >>> geocoder = Geocoder()          # NEWS_MAP_USER_AGENT, NEWS_MAP_NOMINATIM, NEWS_MAP_CACHE
    >>> for c in geocoder.candidates("Khasan", near=corpus.places_mentioned()):  # doctest: +SKIP
    ...     print(c.name, c.country, c.kind, c.lat, c.lon, round(c.distance_km), c.nearest)
    Khasan Russia place/village 42.4297 130.6436 0 Khasan

What it does for the caller:

* **Politeness.** Nominatim's usage policy allows at most one request a second and wants an
  application to name itself: every request carries the User-Agent from settings and goes
  through geopy's `RateLimiter`; on top of that the next request waits until a whole
  `min_delay_seconds` after the *end* of the previous one, also across processes sharing the
  cache folder (the app and the command line), so the server never sees two requests closer
  than that.
* **A disk cache** (SQLite, ``nominatim.sqlite3`` in the cache folder) keyed by server, query,
  language and limit: an answer already cached — "no result" included — makes no request.
  Answers older than `cache_days` are asked again. A cache that cannot be read or written is
  skipped, never fatal.
* **Candidates** (`Candidate`): name, names per language (Nominatim's ``namedetails``), country,
  kind (OSM class/type), coordinates, OSM id, a precision from the bounding box, and the
  distance to the nearest of the story's places (`geopy.distance.geodesic`).
* **Errors by meaning** (like ``geopy/exc.py``): every failure is a `GeocodingError`, and a
  failure of the service a `ServiceError` — `ServiceUnreachable` (offline, no such host,
  refused), `ServiceTimedOut`, `ServiceRateLimited` (HTTP 429) — whose message says what to do.

Tests run all of this against a stand-in Nominatim server on 127.0.0.1
(``tests/nominatim_stub.py``); nothing here is called without a request from the user.
"""
from __future__ import annotations

import json
import logging
import math
import re
import sqlite3
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError, URLError

from geopy.adapters import AdapterHTTPError, URLLibAdapter
from geopy.distance import geodesic
from geopy.exc import (GeocoderInsufficientPrivileges, GeocoderParseError, GeocoderQueryError, GeocoderRateLimited,
                       GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable, GeopyError)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from dashboard.base import settings
from dashboard.base.errors import NewsMapError
from dashboard.base.words import slug
from dashboard.places import kinds

logger = logging.getLogger(__name__)
TURN_MARGIN_SECONDS = 0.05  # added to the delay between two requests (see Geocoder._wait_for_turn)

__all__ = ("Candidate", "Geocoder", "GeocodingError", "ServiceError", "ServiceRateLimited", "ServiceTimedOut",
           "ServiceUnreachable", "default_geocoder")

_DEFAULT = object()


# ---------------------------------------------------------------------------------------------
# Errors


class GeocodingError(NewsMapError):
    """Geocoding could not give an answer; str() says what is wrong and what to do."""


class ServiceError(GeocodingError):
    """The Nominatim server gave no usable answer (HTTP error, not Nominatim's JSON…)."""


class ServiceUnreachable(ServiceError):
    """The server could not be reached: no network, no such host, connection refused.

    Geocoding needs the network; everything else in the project works without it."""


class ServiceTimedOut(ServiceError):
    """The server did not answer within the timeout."""


class ServiceRateLimited(ServiceError):
    """The server refuses more requests for now (HTTP 429)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after  # seconds, when the server said


# ---------------------------------------------------------------------------------------------
# Candidates


@dataclass(frozen=True)
class Candidate:
    """One place Nominatim offers for a name.

    >>> c = Candidate(name="Khasan", display_name="Khasan, Primorsky Krai, Russia", country="Russia",
    ...               country_code="ru", kind="place/village", lat=42.4297, lon=130.6436,
    ...               osm_type="node", osm_id=123, names={"en": "Khasan", "ru": "Хасан"}, precision_m=1500)
    >>> c
    Candidate('Khasan', 'Russia', 'place/village', 42.4297, 130.6436, 'node 123')
    >>> c.coord_source, c.place_kind
    ('Nominatim (OSM node 123)', 'village')
    """
    name: str
    display_name: str
    country: str  # in the language asked for
    country_code: str  # ISO 3166-1 alpha-2, lower case as Nominatim gives it
    kind: str  # OSM class/type, e.g. "place/city", "railway/station", "boundary/administrative"
    lat: float
    lon: float
    osm_type: str  # node, way or relation
    osm_id: int
    names: dict = field(default_factory=dict)  # language -> name (en, zh, ru, ko, ja where OSM has them)
    precision_m: float = 1000.0  # half the diagonal of Nominatim's bounding box, rounded
    distance_km: float | None = None  # to the nearest of the `near` places
    nearest: str | None = None  # that place's name
    importance: float = 0.0
    address_type: str = ""  # Nominatim's addresstype (city, state, country…)

    @property
    def osm(self) -> str:
        return f"{self.osm_type} {self.osm_id}"

    @property
    def coord_source(self) -> str:
        return f"Nominatim (OSM {self.osm})"

    @property
    def place_kind(self) -> str:
        """The kind as places.yaml writes it (city, village, station, region, country…)."""
        return _place_kind(self.kind, self.address_type)

    def entry(self, place_id: str | None = None) -> dict:
        """The candidate as a places.yaml entry (for `gazetteer_writer.accept_place`)."""
        names = dict(self.names)
        names.setdefault("en", self.name)
        return {"id": place_id or slug(names["en"]) or f"osm-{self.osm_type}-{self.osm_id}",
                "kind": self.place_kind, "names": names, "lat": round(self.lat, 6), "lon": round(self.lon, 6),
                "precision_m": self.precision_m, "coord_source": self.coord_source}

    def __repr__(self) -> str:
        return (f"Candidate({self.name!r}, {self.country!r}, {self.kind!r}, {self.lat}, {self.lon}, "
                f"{self.osm!r})")


_KINDS = {  # OSM class/type -> places.yaml kind
    "place/city": "city", "place/town": "town", "place/village": "village", "place/hamlet": "village",
    "place/suburb": "district", "place/quarter": "district", "place/neighbourhood": "district",
    "place/island": "island", "place/islet": "island", "place/state": "region", "place/region": "region",
    "place/province": "region", "place/country": "country", "railway/station": "station",
    "railway/halt": "station", "public_transport/station": "station", "aeroway/aerodrome": "airfield",
    "landuse/harbour": "port", "harbour/yes": "port", "amenity/university": "campus",
    "natural/water": "water", "natural/bay": "bay", "waterway/river": "river", "natural/peak": "mountain",
}


def _place_kind(kind: str, address_type: str) -> str:
    """The places.yaml kind of an OSM class/type: always a kind of the place-kinds table
    (data/place_kinds.yaml), "place" when the class names none of them.

    >>> _place_kind("place/hamlet", ""), _place_kind("natural/island", ""), _place_kind("landuse/military", "")
    ('village', 'island', 'place')
    """
    if kind in _KINDS:
        return _KINDS[kind]
    if kind == "boundary/administrative":
        if address_type == "country":
            return "country"
        if address_type in ("city", "town", "village"):
            return address_type
        return "region"
    derived = kind.split("/", 1)[-1].replace("_", " ")
    return derived if derived in kinds.table() else "place"


def _names(raw: dict) -> dict:
    details = raw.get("namedetails") or {}
    names = {}
    english = details.get("name:en") or details.get("int_name")
    if not english:
        own = raw.get("name") or details.get("name") or ""
        english = own if own and own.isascii() else ""
    if english:
        names["en"] = english
    for lang, keys in (("zh", ("name:zh-Hans", "name:zh-CN", "name:zh")), ("ru", ("name:ru",)),
                       ("ko", ("name:ko",)), ("ja", ("name:ja",))):
        value = next((details[k] for k in keys if details.get(k)), None)
        if value:
            names[lang] = value
    return names


def _precision_m(raw: dict) -> float:
    """Half the diagonal of the bounding box, to two significant figures (at least 10 m)."""
    try:
        south, north, west, east = (float(v) for v in raw["boundingbox"])
        half = geodesic((south, west), (north, east)).meters / 2
    except (KeyError, TypeError, ValueError):
        return 1000.0
    if half < 10:
        return 10.0
    digits = 1 - int(math.floor(math.log10(half)))
    return float(min(round(half, digits), 20_000_000))


def _nearest(lat: float, lon: float, near) -> tuple[float | None, str | None]:
    best: tuple[float | None, str | None] = (None, None)
    for place in near:
        if isinstance(place, tuple):
            label, plat, plon = place if len(place) == 3 else (None, *place)
        else:
            label, plat, plon = getattr(place, "name", None) or getattr(place, "id", None), place.lat, place.lon
        km = geodesic((lat, lon), (plat, plon)).km
        if best[0] is None or km < best[0]:
            best = (km, label)
    return best


def candidate_from_raw(raw: dict, near=()) -> Candidate:
    """A `Candidate` from one item of Nominatim's JSON (``format=json``, with addressdetails
    and namedetails)."""
    address = raw.get("address") or {}
    lat, lon = float(raw["lat"]), float(raw["lon"])
    distance, nearest = _nearest(lat, lon, near)
    display = raw.get("display_name") or ""
    name = raw.get("name") or display.split(",")[0].strip()
    return Candidate(
        name=name, display_name=display, country=address.get("country", ""),
        country_code=address.get("country_code", ""), kind=f"{raw.get('class', '')}/{raw.get('type', '')}",
        lat=lat, lon=lon, osm_type=raw.get("osm_type", ""), osm_id=int(raw.get("osm_id") or 0),
        names=_names(raw), precision_m=_precision_m(raw), distance_km=distance, nearest=nearest,
        importance=float(raw.get("importance") or 0.0), address_type=raw.get("addresstype", ""))


# ---------------------------------------------------------------------------------------------
# The geocoder


class _Adapter(URLLibAdapter):
    """geopy's urllib adapter, but "cannot connect" (no network, no such host, connection
    refused) is `GeocoderUnavailable`, not a plain service error."""

    def get_text(self, url, *, timeout, headers):
        try:
            return super().get_text(url, timeout=timeout, headers=headers)
        except GeocoderServiceError as error:
            cause = error.__context__
            if (type(error) is GeocoderServiceError and isinstance(cause, URLError)
                    and not isinstance(cause, HTTPError) and isinstance(cause.reason, OSError)):
                raise GeocoderUnavailable(str(cause.reason)) from None
            raise


class Geocoder:
    """Nominatim through geopy, rate-limited and cached (see the module docstring).

    Arguments left out come from `dashboard.base.settings` (environment variables). ``cache_dir``
    None keeps answers in memory only. Keep one Geocoder per process (the app: in
    ``st.cache_resource``) so that its rate limit covers every caller.
    """

    def __init__(self, user_agent: str | None = None, domain: str | None = None, scheme: str | None = None,
                 cache_dir=_DEFAULT, min_delay_seconds: float = 1.0, timeout: float = 10.0,
                 cache_days: float = 90.0):
        if domain is None or scheme is None:
            try:
                url_scheme, url_domain = settings.split_url(settings.nominatim_url())
            except settings.SettingsError as error:  # callers catch GeocodingError alone
                raise GeocodingError(str(error)) from None
            domain = url_domain if domain is None else domain
            scheme = url_scheme if scheme is None else scheme
        if min_delay_seconds < 1.0 and "nominatim.openstreetmap.org" in domain:
            raise GeocodingError("nominatim.openstreetmap.org allows at most one request a second — "
                                 "use min_delay_seconds=1.0 or more")
        self.user_agent = user_agent or settings.user_agent()
        self.domain, self.scheme = domain.strip("/"), scheme
        self.timeout = timeout
        self.min_delay_seconds = min_delay_seconds
        self.cache_days = cache_days
        self.cache_path = None
        folder = settings.cache_dir() if cache_dir is _DEFAULT else cache_dir
        if folder is not None:
            self.cache_path = Path(folder) / "nominatim.sqlite3"
        self._memory: dict[str, tuple[float, list]] = {}
        # urllib, not requests: requests' adapter retries read time-outs and HTTP 429 by itself
        # (urllib3 honours Retry-After, up to minutes), behind the rate limiter's back
        self._nominatim = Nominatim(user_agent=self.user_agent, domain=self.domain, scheme=self.scheme,
                                    timeout=timeout, adapter_factory=_Adapter)
        self._geocode = RateLimiter(self._request, min_delay_seconds=min_delay_seconds, max_retries=0,
                                    error_wait_seconds=min_delay_seconds, swallow_exceptions=False)
        self._turn_lock = threading.Lock()
        self._last_end = None  # time.time() when the last request of this process ended
        self.requests = 0  # requests sent by this geocoder (cached answers send none)

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.domain}"

    def __repr__(self) -> str:
        return f"Geocoder({self.url!r}, cache={str(self.cache_path) if self.cache_path else None!r})"

    # -- public ------------------------------------------------------------------------------

    def candidates(self, name: str, language: str | None = None, near=(), limit: int = 5) -> list[Candidate]:
        """Places Nominatim has for `name`, most relevant first, at most `limit`.

        `language` is the language of the answer's names and countries (Nominatim's
        accept-language; English by default); the names in every language come with each
        candidate anyway. `near`: the story's places (objects with ``lat``, ``lon`` and
        ``name``, or ``(name, lat, lon)`` tuples) — each candidate gets the distance to the
        nearest one. Raises a `GeocodingError` (see the module docstring)."""
        near = list(near)
        return [candidate_from_raw(raw, near) for raw in self.search(name, language, limit)]

    def search(self, name: str, language: str | None = None, limit: int = 5) -> list[dict]:
        """Nominatim's raw JSON items for `name` (from the cache when it has them)."""
        query = " ".join(unicodedata.normalize("NFC", name).split())
        if not query:
            raise GeocodingError("nothing to look up — give a place name")
        if not 1 <= limit <= 40:
            raise GeocodingError(f"limit {limit} is out of range — Nominatim gives 1 to 40 results")
        language = language or "en"
        key = json.dumps([self.url, query.casefold(), language, limit], ensure_ascii=False)
        cached = self._cached(key)
        if cached is not None:
            return cached
        answer = self._geocode(query, language, limit)
        self._store(key, answer)
        return answer

    # -- network -----------------------------------------------------------------------------

    def _request(self, query: str, language: str, limit: int) -> list[dict]:
        self._wait_for_turn()
        try:
            self.requests += 1
            locations = self._nominatim.geocode(query, exactly_one=False, limit=limit, language=language,
                                                addressdetails=True, namedetails=True)
        except GeopyError as error:
            raise self._translate(error) from None
        finally:
            self._stamp_end()
        return [location.raw for location in locations or ()]

    def _translate(self, error: GeopyError) -> GeocodingError:
        where = self.url
        status = error.__cause__.status_code if isinstance(error.__cause__, AdapterHTTPError) else None
        if isinstance(error, GeocoderRateLimited):
            after = error.retry_after
            wait = f"wait {after:g} s" if after else "wait a minute"
            return ServiceRateLimited(
                f"{where} refuses more requests for now (HTTP 429, too many requests) — {wait} and try again; "
                f"for many places at once, run your own Nominatim and point NEWS_MAP_NOMINATIM at it", after)
        if isinstance(error, GeocoderTimedOut) and status is None:
            return ServiceTimedOut(f"{where} did not answer within {self.timeout:g} s — try again later "
                                   f"(the server may be busy), or give it longer (--timeout)")
        if isinstance(error, GeocoderUnavailable):
            return ServiceUnreachable(f"cannot reach {where} ({_reason(error)}) — geocoding needs the network: "
                                      f"connect to the internet, or point NEWS_MAP_NOMINATIM at a Nominatim "
                                      f"server you can reach")
        if isinstance(error, GeocoderInsufficientPrivileges):
            return ServiceError(f"{where} refused the request (HTTP 403) — Nominatim blocks applications that do "
                                f"not name themselves: set NEWS_MAP_USER_AGENT to your application's name and an "
                                f"e-mail address")
        if isinstance(error, GeocoderQueryError):
            return ServiceError(f"{where} rejected the query (HTTP {status or 400}) — shorten the name or "
                                f"leave out punctuation")
        if isinstance(error, GeocoderParseError):
            return ServiceError(f"{where} did not answer with Nominatim's JSON — check that NEWS_MAP_NOMINATIM "
                                f"is the base URL of a Nominatim server")
        if isinstance(error, GeocoderServiceError):
            what = f"HTTP {status}" if status else _reason(error)
            return ServiceError(f"{where} answered with an error ({what}) — try again later, or point "
                                f"NEWS_MAP_NOMINATIM at another Nominatim server")
        return GeocodingError(f"geopy could not geocode with {where} ({_reason(error)}) — check NEWS_MAP_NOMINATIM "
                              f"and NEWS_MAP_USER_AGENT")

    def _turn_file(self) -> Path | None:
        return self.cache_path.with_name("nominatim.last-request") if self.cache_path else None

    def _wait_for_turn(self) -> None:
        """Sleeps until `min_delay_seconds` after the end of the last request (of any process
        that shares the cache folder)."""
        with self._turn_lock:
            last = self._last_end or 0.0
        path = self._turn_file()
        if path is not None:
            try:
                last = max(last, float(path.read_text(encoding="ascii") or 0))
            except (OSError, ValueError):
                pass
        # a margin over the delay: the wall clock this is measured on may be slewed (NTP), and the
        # server counts from arrivals, so a wait of exactly the delay could arrive a hair early
        wait = last + self.min_delay_seconds + TURN_MARGIN_SECONDS - time.time()
        if wait > 0:
            time.sleep(min(wait, self.min_delay_seconds + TURN_MARGIN_SECONDS))  # a clock set back never waits longer

    def _stamp_end(self) -> None:
        now = time.time()
        with self._turn_lock:
            self._last_end = now
        path = self._turn_file()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(repr(now), encoding="ascii")
            except OSError:
                pass

    # -- cache -------------------------------------------------------------------------------

    def _connect(self):
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.cache_path, timeout=5)
        db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, fetched REAL NOT NULL, "
                   "answer TEXT NOT NULL)")
        return db

    def _cached(self, key: str) -> list | None:
        oldest = time.time() - self.cache_days * 86400
        if key in self._memory and self._memory[key][0] >= oldest:
            return self._memory[key][1]
        if self.cache_path is None:
            return None
        try:
            with self._connect() as db:
                row = db.execute("SELECT fetched, answer FROM answers WHERE key = ?", (key,)).fetchone()
        except (sqlite3.Error, OSError) as error:
            logger.warning("geocoding cache %s not read: %s", self.cache_path, error)
            return None
        if row is None or row[0] < oldest:
            return None
        try:
            return json.loads(row[1])
        except ValueError:
            return None

    def _store(self, key: str, answer: list) -> None:
        now = time.time()
        self._memory[key] = (now, answer)
        if self.cache_path is None:
            return
        try:
            with self._connect() as db:
                db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                           (key, now, json.dumps(answer, ensure_ascii=False)))
        except (sqlite3.Error, OSError) as error:
            logger.warning("geocoding cache %s not written: %s", self.cache_path, error)


def _reason(error: Exception) -> str:
    """A short reason from a geopy error (its first line, without the urllib3 noise)."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    match = re.search(r"(Name or service not known|Temporary failure in name resolution|Connection refused|"
                      r"Network is unreachable|No route to host|timed out|certificate verify failed)", text)
    return match.group(1).lower() if match else text[:160]


_SHARED: dict = {}
_SHARED_LOCK = threading.Lock()


def default_geocoder() -> Geocoder:
    """The process's geocoder, made from the settings on first use (one rate limit for all
    callers). A change of the settings' environment variables makes a new one."""
    key = (settings.user_agent(), settings.nominatim_url(), str(settings.cache_dir()))
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED.clear()
            _SHARED[key] = Geocoder()
        return _SHARED[key]
