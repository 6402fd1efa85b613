"""Geocoding against a stand-in Nominatim on 127.0.0.1 (tests/nominatim_stub.py): no network."""
from __future__ import annotations

import socket

import pytest
from nominatim_stub import NominatimStub

from dashboard.base import settings
from dashboard.places.geocoding import (Geocoder, GeocodingError, ServiceError, ServiceRateLimited, ServiceTimedOut,
                                 ServiceUnreachable, default_geocoder)
from dashboard.places.world import distance_km

VLADIVOSTOK = ("Vladivostok", 43.1333, 131.9000)
MOSCOW = ("Moscow", 55.7558, 37.6173)
COSMODROME = ("Vostochny Cosmodrome", 51.8844, 128.3334)


@pytest.fixture
def stub():
    with NominatimStub() as server:
        yield server


def quick(stub, tmp_path, **kwargs) -> Geocoder:
    """A geocoder on the stub with its own cache; no spacing between requests unless asked."""
    kwargs.setdefault("min_delay_seconds", 0.0)
    return Geocoder(user_agent="news-claims-map tests", domain=stub.domain, scheme="http",
                    cache_dir=tmp_path / "cache", **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- answers ---------------------------------------------------------------------------------


def test_candidates_hit_gives_names_country_kind_and_distance(stub, tmp_path):
    [khasan] = quick(stub, tmp_path).candidates("Khasan", near=[MOSCOW, VLADIVOSTOK])
    assert (khasan.name, khasan.country, khasan.country_code) == ("Khasan", "Russia", "ru")
    assert (khasan.kind, khasan.place_kind) == ("place/village", "village")
    assert (khasan.lat, khasan.lon) == (42.4296982, 130.6436116)
    assert (khasan.osm_type, khasan.osm_id, khasan.coord_source) == ("node", 1118412392,
                                                                      "Nominatim (OSM node 1118412392)")
    assert khasan.names == {"en": "Khasan", "zh": "哈桑", "ru": "Хасан", "ko": "하산"}
    assert khasan.nearest == "Vladivostok"
    # geodesic (ellipsoid) vs the haversine of world.py: within 0.5 %
    assert khasan.distance_km == pytest.approx(distance_km(42.4296982, 130.6436116, 43.1333, 131.9), rel=0.005)
    # by hand: 0.7036° of latitude (78.1 km) and 1.2564° of longitude at 42.78°N (102.6 km): 129 km
    assert khasan.distance_km == pytest.approx(129.0, abs=0.5)
    # bounding box 0.04° x 0.04° at 42.4°N: 4.44 km by 3.28 km, half the diagonal 2.76 km
    assert khasan.precision_m == 2800


def test_candidates_send_the_query_language_and_user_agent(stub, tmp_path):
    quick(stub, tmp_path).candidates("Khasan", language="zh")
    [request] = stub.searches()
    assert request["params"] == {"q": "Khasan", "format": "json", "limit": "5", "addressdetails": "1",
                                 "namedetails": "1", "accept-language": "zh"}
    assert request["headers"]["User-Agent"] == "news-claims-map tests"


def test_candidates_no_result_is_an_empty_list(stub, tmp_path):
    assert quick(stub, tmp_path).candidates("Nowhere at all") == []
    assert len(stub.searches()) == 1


def test_candidates_several_in_the_service_order_with_their_distances(stub, tmp_path):
    found = quick(stub, tmp_path).candidates("Vostochny", near=[VLADIVOSTOK, COSMODROME, MOSCOW])
    assert [(c.name, c.osm, c.place_kind) for c in found] == [
        ("Vostochny", "node 4472512", "town"),
        ("Vostochny Cosmodrome", "way 270405061", "place"),  # landuse/military: no kind of the table
        ("Vostochny", "relation 2555133", "region"),
    ]
    assert [c.nearest for c in found] == ["Vladivostok", "Vostochny Cosmodrome", "Moscow"]
    assert found[1].distance_km == pytest.approx(0.0, abs=0.01)
    assert found[1].names == {"en": "Vostochny Cosmodrome", "zh": "东方航天发射场"}
    # no name:en in OSM: the name Nominatim gives in the language asked for (en), when it is Latin
    assert found[0].names == {"en": "Vostochny", "ru": "Восточный"}


def test_candidates_limit_is_sent(stub, tmp_path):
    quick(stub, tmp_path).candidates("Vostochny", limit=2)
    assert stub.searches()[0]["params"]["limit"] == "2"


def test_candidate_entry_is_a_places_yaml_entry(stub, tmp_path):
    [khasan] = quick(stub, tmp_path).candidates("Khasan")
    assert khasan.entry() == {
        "id": "khasan", "kind": "village", "names": {"en": "Khasan", "zh": "哈桑", "ru": "Хасан", "ko": "하산"},
        "lat": 42.429698, "lon": 130.643612, "precision_m": 2800, "coord_source": "Nominatim (OSM node 1118412392)"}
    assert khasan.entry("khasan-village")["id"] == "khasan-village"


# --- errors ----------------------------------------------------------------------------------


def test_timeout_when_the_server_is_slower_than_the_timeout(stub, tmp_path):
    with pytest.raises(ServiceTimedOut, match=r"did not answer within 0.5 s — try again later") as caught:
        quick(stub, tmp_path, timeout=0.5).candidates("Slow")
    assert isinstance(caught.value, ServiceError)
    assert len(stub.searches()) == 1  # not retried behind the caller's back


def test_http_429_is_rate_limited_with_the_servers_wait(stub, tmp_path):
    with pytest.raises(ServiceRateLimited, match=r"HTTP 429.* — wait 30 s and try again") as caught:
        quick(stub, tmp_path).candidates("Busy")
    assert caught.value.retry_after == 30
    assert len(stub.searches()) == 1  # no retry: the server asked us to wait


@pytest.mark.parametrize("query, message", [
    ("Broken", r"answered with an error \(HTTP 500\) — try again later"),
    ("Forbidden", r"refused the request \(HTTP 403\) — .*set NEWS_MAP_USER_AGENT"),
    ("Garbage", r"did not answer with Nominatim's JSON — check that NEWS_MAP_NOMINATIM"),
])
def test_service_errors_say_what_to_do(stub, tmp_path, query, message):
    with pytest.raises(ServiceError, match=message) as caught:
        quick(stub, tmp_path).candidates(query)
    assert type(caught.value) is ServiceError


def test_unreachable_server_says_it_needs_the_network(tmp_path):
    geocoder = Geocoder(domain=f"127.0.0.1:{free_port()}", scheme="http", cache_dir=tmp_path, min_delay_seconds=0)
    with pytest.raises(ServiceUnreachable, match=r"cannot reach .*\(connection refused\) — geocoding needs the network"):
        geocoder.candidates("Khasan")


def test_errors_are_not_cached(stub, tmp_path):
    geocoder = quick(stub, tmp_path)
    for _ in range(2):
        with pytest.raises(ServiceRateLimited):
            geocoder.candidates("Busy")
    assert len(stub.searches()) == 2


def test_an_empty_name_is_refused_before_any_request(stub, tmp_path):
    with pytest.raises(GeocodingError, match="give a place name"):
        quick(stub, tmp_path).candidates("   ")
    assert stub.requests == []


# --- cache and rate limit --------------------------------------------------------------------


def test_cached_answer_makes_no_request(stub, tmp_path):
    geocoder = quick(stub, tmp_path)
    first = geocoder.candidates("Khasan", near=[VLADIVOSTOK])
    again = geocoder.candidates("  khasan ", near=[MOSCOW])  # same query written differently
    assert len(stub.searches()) == 1 and geocoder.requests == 1
    assert again[0].osm == first[0].osm and again[0].nearest == "Moscow"  # distances are computed anew
    assert quick(stub, tmp_path).candidates("Khasan")[0].osm == first[0].osm  # from disk, a new geocoder
    assert quick(stub, tmp_path).candidates("Nowhere at all") == []
    assert quick(stub, tmp_path).candidates("Nowhere at all") == []  # "no result" is an answer too
    assert len(stub.searches()) == 2


def test_cache_is_keyed_by_language_and_server(stub, tmp_path):
    quick(stub, tmp_path).candidates("Khasan", language="en")
    quick(stub, tmp_path).candidates("Khasan", language="zh")
    assert [r["params"]["accept-language"] for r in stub.searches()] == ["en", "zh"]
    with NominatimStub() as other:
        Geocoder(domain=other.domain, scheme="http", cache_dir=tmp_path / "cache", min_delay_seconds=0
                 ).candidates("Khasan", language="en")
        assert len(other.searches()) == 1


def test_no_disk_cache_still_remembers_in_memory(stub, tmp_path):
    geocoder = Geocoder(domain=stub.domain, scheme="http", cache_dir=None, min_delay_seconds=0)
    geocoder.candidates("Khasan")
    geocoder.candidates("Khasan")
    assert len(stub.searches()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_broken_cache_file_is_skipped(stub, tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "nominatim.sqlite3").write_bytes(b"not a database at all" * 100)
    assert quick(stub, tmp_path).candidates("Khasan")[0].name == "Khasan"


def test_two_uncached_requests_are_at_least_a_second_apart(stub, tmp_path):
    geocoder = quick(stub, tmp_path, min_delay_seconds=1.0)
    geocoder.candidates("Khasan")
    geocoder.candidates("Vostochny")
    geocoder.candidates("Khasan")  # cached: no request, no wait
    first, second = stub.searches()
    assert second["time"] - first["time"] >= 1.0


def test_geocoders_sharing_a_cache_folder_share_the_spacing(stub, tmp_path):
    """The app and the command line are two processes: the last request's end is kept on disk."""
    quick(stub, tmp_path, min_delay_seconds=1.0).candidates("Khasan")
    quick(stub, tmp_path, min_delay_seconds=1.0).candidates("Vostochny")
    first, second = stub.searches()
    assert second["time"] - first["time"] >= 1.0


def test_the_public_server_cannot_be_asked_faster_than_once_a_second(tmp_path):
    with pytest.raises(GeocodingError, match="at most one request a second"):
        Geocoder(domain="nominatim.openstreetmap.org", scheme="https", cache_dir=tmp_path, min_delay_seconds=0.2)


# --- settings --------------------------------------------------------------------------------


def test_settings_come_from_the_environment(stub, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_MAP_NOMINATIM", stub.url + "/")
    monkeypatch.setenv("NEWS_MAP_USER_AGENT", "Example Newsroom desk@example.org")
    monkeypatch.setenv("NEWS_MAP_CACHE", str(tmp_path / "c"))
    geocoder = default_geocoder()
    assert (geocoder.scheme, geocoder.domain, geocoder.cache_path) == (
        "http", stub.domain, tmp_path / "c" / "nominatim.sqlite3")
    assert default_geocoder() is geocoder
    geocoder.candidates("Khasan")
    assert stub.searches()[0]["headers"]["User-Agent"] == "Example Newsroom desk@example.org"
    assert (tmp_path / "c" / "nominatim.sqlite3").exists()


def test_a_bad_server_setting_is_a_geocoding_error(monkeypatch):
    monkeypatch.setenv("NEWS_MAP_NOMINATIM", "nominatim.example.org")
    with pytest.raises(GeocodingError, match="NEWS_MAP_NOMINATIM 'nominatim.example.org' is not an http"):
        Geocoder()


def test_settings_defaults():
    assert settings.nominatim_url({}) == "https://nominatim.openstreetmap.org"
    assert settings.user_agent({"NEWS_MAP_USER_AGENT": "  "}).startswith("news-claims-map/")
    assert settings.cache_dir({"XDG_CACHE_HOME": "/x"}) == settings.Path("/x/news-claims-map")
    with pytest.raises(settings.SettingsError, match="NEWS_MAP_NOMINATIM 'ftp://x' is not an http"):
        settings.nominatim_url({"NEWS_MAP_NOMINATIM": "ftp://x"})
