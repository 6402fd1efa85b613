"""`python -m dashboard places geocode|accept|verify` and `sources add`, Nominatim played by the
stand-in server on 127.0.0.1 (tests/nominatim_stub.py)."""
from __future__ import annotations

import os
import socket

import pytest
from nominatim_stub import NominatimStub

import gold

from dashboard.cli.main import main
from dashboard.corpus.analysis import DEFAULT_ARTICLES, DEFAULT_PLACES
from dashboard.places.gazetteer import load_gazetteer
from dashboard.text.sources import load_sources


SEED = ["--articles", str(DEFAULT_ARTICLES / "2023-09-06-globaltimes-kim-visit.md")]  # the story, whatever is added


@pytest.fixture
def stub(monkeypatch, tmp_path):
    with NominatimStub() as server:
        monkeypatch.setenv("NEWS_MAP_NOMINATIM", server.url)
        monkeypatch.setenv("NEWS_MAP_USER_AGENT", "news-claims-map tests")
        monkeypatch.setenv("NEWS_MAP_CACHE", str(tmp_path / "cache"))
        yield server


def offline(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("NEWS_MAP_NOMINATIM", f"http://127.0.0.1:{port}")  # nothing listens there


def one_line_error(capsys, *needles):
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err + out, err
    for needle in needles:
        assert needle in err
    return err


# --- places geocode --------------------------------------------------------------------------


def test_geocode_lists_numbered_candidates_with_distances(stub, places, capsys):
    assert main(["places", "geocode", "Vostochny", "--places", str(places), *SEED]) == 0
    story = len(gold.place_passages())  # the places the seed article names
    assert capsys.readouterr().out.splitlines() == [
        f"3 candidate(s) for 'Vostochny' from {stub.url} (distance to the nearest of the story's {story} places):",
        "  1. Vostochny — Russia · town (place/town) · 42.89110, 132.73360 · 70 km from Far Eastern Federal University",
        "     Vostochny, Nakhodka, Primorsky Krai, Russia · OSM node 4472512 · ru Восточный",
        # landuse/military is no kind of data/place_kinds.yaml: "place"
        "  2. Vostochny Cosmodrome — Russia · place (landuse/military) · 51.88440, 128.33340 · "
        "0.0 km from Vostochny Cosmodrome",
        "     Vostochny Cosmodrome, Amur Oblast, Russia · OSM way 270405061 · zh 东方航天发射场",
        # the Moscow suburb: 0.0644° N, 0.2494° E of Moscow
        "  3. Vostochny — Russia · region (boundary/administrative) · 55.81670, 37.86670 · 17 km from Moscow",
        "     Vostochny, Eastern Administrative Okrug, Moscow, Russia · OSM relation 2555133",
        f"Write one into {places} with: python -m dashboard places geocode Vostochny --pick N"]


def test_geocode_pick_writes_the_candidate_into_places_yaml(stub, places, capsys):
    assert main(["places", "geocode", "Seoul", "--pick", "1", "--places", str(places), *SEED]) == 0
    assert capsys.readouterr().out == (
        f"added 'seoul' to {places}: Seoul (首尔, Сеул, 서울, ソウル), city, 37.56668, 126.97829, "
        "precision 24000 m, Nominatim (OSM relation 2297418)\n")
    # precision: the bounding box is 0.2729° (30.3 km) by 0.4195° (37.0 km at 37.57°N); half its diagonal
    gazetteer, problems = load_gazetteer(places)
    assert problems == []
    seoul = gazetteer.place("seoul")
    assert (seoul.lat, seoul.lon, seoul.coord_source) == (37.566679, 126.978291, "Nominatim (OSM relation 2297418)")
    assert seoul.names == {"en": "Seoul", "zh": "首尔", "ru": "Сеул", "ko": "서울", "ja": "ソウル"}


def test_geocode_pick_refuses_a_place_already_there(stub, places, capsys):
    before = places.read_bytes()
    assert main(["places", "geocode", "Khasan", "--pick", "1", "--places", str(places), *SEED]) == 2
    one_line_error(capsys, "already has a place with id 'khasan'", "--id NEW_ID")
    assert main(["places", "geocode", "Khasan", "--pick", "1", "--id", "khasan-2", "--places", str(places),
                 *SEED]) == 2
    one_line_error(capsys, "the name 'Khasan' is already a name of place 'khasan'")
    assert main(["places", "geocode", "Khasan", "--pick", "4", "--places", str(places), *SEED]) == 2
    one_line_error(capsys, "--pick 4 is not one of the 1 candidates — give a number from 1 to 1")
    assert places.read_bytes() == before
    assert len(stub.searches()) == 1  # the rest came from the cache


def test_geocode_no_result_exits_1(stub, places, capsys):
    assert main(["places", "geocode", "Nowhere at all", "--places", str(places), *SEED]) == 1
    assert capsys.readouterr() == ("", f"no place called 'Nowhere at all' at {stub.url} — check the spelling, or try "
                                       "a longer name (\"Nowhere at all, <region or country>\") or the name in another "
                                       "language\n")


def test_geocode_offline_says_it_needs_the_network(stub, places, capsys, monkeypatch):
    offline(monkeypatch)
    assert main(["places", "geocode", "Khasan", "--places", str(places), *SEED]) == 2
    one_line_error(capsys, "geocoding needs the network")


def test_geocode_errors_are_one_line(stub, places, capsys, monkeypatch):
    assert main(["places", "geocode", "Busy", "--places", str(places), *SEED]) == 2
    one_line_error(capsys, "HTTP 429", "wait 30 s")
    assert main(["places", "geocode", "Slow", "--timeout", "0.3", "--places", str(places), *SEED]) == 2
    one_line_error(capsys, "did not answer within 0.3 s")
    monkeypatch.setenv("NEWS_MAP_NOMINATIM", "nominatim.example.org")
    assert main(["places", "geocode", "Khasan", "--places", str(places), *SEED]) == 2
    one_line_error(capsys, "NEWS_MAP_NOMINATIM 'nominatim.example.org' is not an http(s) URL")


# --- places accept ---------------------------------------------------------------------------


def test_accept_writes_a_suggested_place(places, capsys):
    assert main(["places", "accept", "gn:2635167", "--places", str(places), *SEED]) == 0
    assert capsys.readouterr().out == (
        f"added 'united-kingdom' to {places}: United Kingdom (英国, Великобритания, 영국, イギリス), country, "
        "54.00000, -2.00000, precision 500000 m, countries-states-cities (countrystatecity-countries) country "
        "centre (GeoNames 2635167)\n")
    gazetteer, problems = load_gazetteer(places)
    assert problems == [] and gazetteer.place("united-kingdom").precision_m == 500000
    assert main(["places", "accept", "gn:2635167", "--places", str(places), *SEED]) == 2
    one_line_error(capsys, "'gn:2635167' (United Kingdom) is in places.yaml already, as 'united-kingdom'")


def test_accept_by_name_with_an_id_of_ones_own(places, capsys):
    assert main(["places", "accept", "pacific ocean", "--id", "pacific", "--places", str(places), *SEED]) == 0
    assert capsys.readouterr().out == (f"added 'pacific' to {places}: Pacific Ocean (太平洋, Тихий океан), region, "
                                       "0.00000, -160.00000, precision 6e+06 m, data/world_rules.yaml (approximate "
                                       "centre)\n")
    assert load_gazetteer(places)[0].place("pacific").coord_source == "data/world_rules.yaml (approximate centre)"


def test_accept_an_unknown_place_lists_the_suggested_ones(places, capsys):
    before = places.read_bytes()
    assert main(["places", "accept", "Atlantis", "--places", str(places), *SEED]) == 2
    one_line_error(capsys, "'Atlantis' is not a suggested place — use one of: wr:pacific-ocean (Pacific Ocean), "
                           "gn:2635167 (United Kingdom)")
    assert main(["places", "accept", "moscow", "--places", str(places), *SEED]) == 2
    one_line_error(capsys, "'moscow' is in places.yaml already")
    assert places.read_bytes() == before


def test_accept_into_a_broken_file_is_one_line(tmp_path, capsys):
    broken = tmp_path / "places.yaml"
    broken.write_text("places:\n  - id: a\n    names: {en: A\n", encoding="utf-8")
    assert main(["places", "accept", "gn:2635167", "--places", str(broken), *SEED]) == 2
    one_line_error(capsys, "the file is not valid YAML")


# --- places verify ---------------------------------------------------------------------------

SMALL = """places:
  - id: vladivostok
    kind: city
    names: {en: Vladivostok}
    lat: 43.10562
    lon: 131.87353
    precision_m: 3000
    coord_source: GeoNames 2013348
  - id: moscow
    kind: city
    names: {en: Moscow}
    lat: 55.84204
    lon: 37.61781
    precision_m: 5000
    coord_source: GeoNames 524901, moved 0.09° north for the test
  - id: khasan
    kind: village
    names: {en: Khasan}
    lat: 42.4297
    lon: 130.6436
    precision_m: 1000
    coord_source: Wikipedia
  - id: pier-33
    kind: berth
    names: {en: Pier 33}
    lat: 43.113
    lon: 131.895
    precision_m: 400
    coord_source: estimated
"""


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "places.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_verify_flags_places_farther_than_their_precision(small, capsys):
    assert main(["places", "verify", "--places", str(small)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "  vladivostok  precision    3.0 km  GeoNames gn:2013348 (Vladivostok, RU): 0.0 km",
        # 0.09° of latitude at 55.8°N is 10.0 km
        "! moscow       precision    5.0 km  GeoNames gn:524901 (Moscow, RU): 10 km",
        # GeoNames (cities of 5,000 or more) has no Khasan village: its nearest namesake is in India
        "! khasan       precision    1.0 km  GeoNames gn:1270239 (Hassan, IN): 6,154 km",
        "  pier-33      precision    0.4 km  GeoNames: no place called 'Pier 33'",
        "4 places: 2 farther than their precision (marked !), 1 within it, 1 not found by name",
    ]


def test_verify_online_adds_nominatim(stub, small, capsys):
    assert main(["places", "verify", "--online", "--places", str(small)]) == 1
    out, err = capsys.readouterr()
    assert err == f"asking {stub.url} about 4 places (one request a second, cached)\n"
    assert out.splitlines() == [
        "  vladivostok  precision    3.0 km  GeoNames gn:2013348 (Vladivostok, RU): 0.0 km  "
        "Nominatim: no place called 'Vladivostok'",
        "! moscow       precision    5.0 km  GeoNames gn:524901 (Moscow, RU): 10 km  Nominatim: no place called 'Moscow'",
        "! khasan       precision    1.0 km  GeoNames gn:1270239 (Hassan, IN): 6,154 km  "
        "Nominatim OSM node 1118412392: 0.0 km",
        "  pier-33      precision    0.4 km  GeoNames: no place called 'Pier 33'  Nominatim: no place called 'Pier 33'",
        "4 places: 2 farther than their precision (marked !), 1 within it, 1 not found by name"]
    assert [r["params"]["q"] for r in stub.searches()] == ["Vladivostok", "Moscow", "Khasan", "Pier 33"]


def test_verify_online_offline_says_it_needs_the_network(stub, small, capsys, monkeypatch):
    offline(monkeypatch)
    assert main(["places", "verify", "--online", "--places", str(small)]) == 2
    nominatim = os.environ["NEWS_MAP_NOMINATIM"]
    assert capsys.readouterr() == ("", f"asking {nominatim} about 4 places (one request a second, cached)\n"
                                       f"error: cannot reach {nominatim} (connection refused) — geocoding needs the "
                                       "network: connect to the internet, or point NEWS_MAP_NOMINATIM at a Nominatim "
                                       "server you can reach\n")


def test_verify_on_the_bundled_gazetteer_has_a_line_per_place(capsys):
    gazetteer, _ = load_gazetteer(DEFAULT_PLACES)
    assert main(["places", "verify"]) == 1  # some places are farther from GeoNames' namesake than their precision
    lines = capsys.readouterr().out.splitlines()
    assert [line[2:].split()[0] for line in lines[:-1]] == list(gazetteer.places)
    assert [line.split()[1] for line in lines[:-1] if line.startswith("!")] == [
        "vladivostok", "khasan", "khabarovsk", "belogorsk"]
    assert lines[-1] == f"{len(gazetteer.places)} places: 4 farther than their precision (marked !), 16 within it, " \
                        "7 not found by name"


# --- sources add -----------------------------------------------------------------------------


def test_sources_add(sources, capsys):
    path = sources
    assert main(["sources", "add", "yonhap", "--name", "Yonhap", "--kind", "agency", "--country", "kr",
                 "--name-zh", "韩联社", "--name-en", "Yonhap", "--name-en", "Yonhap News Agency",
                 "--sources", str(path)]) == 0
    assert capsys.readouterr().out == f"added source 'yonhap' (Yonhap) to {path}\n"
    registry, problems = load_sources(path)
    assert problems == []
    yonhap = registry.resolve("Yonhap")
    assert (yonhap.kind, yonhap.country, yonhap.names) == ("agency", "KR", {"zh": ("韩联社",),
                                                                           "en": ("Yonhap", "Yonhap News Agency")})
    assert main(["sources", "add", "yonhap-2", "--name", "Yonhap News", "--name-zh", "韩联社",
                 "--sources", str(path)]) == 2
    one_line_error(capsys, "the name '韩联社' already belongs to source 'yonhap'")
