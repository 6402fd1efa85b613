"""places.yaml and sources.yaml grow by one entry, the rest of the file kept byte for byte."""
from __future__ import annotations

import os
import stat

import pytest

from dashboard.edit import data_writer
from dashboard.corpus.analysis import DEFAULT_ARTICLES, DEFAULT_SOURCES, load_corpus
from dashboard.places.gazetteer import load_gazetteer
from dashboard.edit.data_writer import GazetteerWriteError, accept_place, add_source, place_entry
from dashboard.text.sources import load_sources

SEED = DEFAULT_ARTICLES / "2023-09-06-globaltimes-kim-visit.md"  # the story, whatever articles are added
SEOUL = {"id": "seoul", "kind": "city", "names": {"en": "Seoul", "zh": "首尔", "ru": "Сеул", "ko": "서울"},
         "lat": 37.566, "lon": 126.9784, "precision_m": 15000, "coord_source": "GeoNames 1835848"}
SEOUL_TEXT = """
  - id: seoul
    kind: city
    names: {en: Seoul, zh: 首尔, ru: Сеул, ko: 서울}
    lat: 37.566
    lon: 126.9784
    precision_m: 15000
    coord_source: GeoNames 1835848
"""


# `places` and `sources`: copies of the bundled files (tests/conftest.py)


# --- places ----------------------------------------------------------------------------------


def test_accept_place_adds_the_entry_after_the_last_place_and_keeps_the_rest(places):
    before = places.read_text(encoding="utf-8")
    accept_place(places, SEOUL)
    after = places.read_text(encoding="utf-8")
    assert after.count(SEOUL_TEXT) == 1
    assert after.replace(SEOUL_TEXT, "", 1) == before  # the file before, minus the new entry
    # right after the last place (the United States), before the comments that open the routes
    last_place = "coord_source: geographic centre of the contiguous United States (39.83°N 98.58°W)\n"
    assert last_place + SEOUL_TEXT + "\n# Routes: ordered stops" in after


def test_accepted_place_loads_with_no_problem(places):
    accept_place(places, SEOUL)
    gazetteer, problems = load_gazetteer(places)
    assert problems == []
    seoul = gazetteer.place("seoul")
    assert (seoul.kind, seoul.lat, seoul.lon, seoul.precision_m, seoul.coord_source) == (
        "city", 37.566, 126.9784, 15000, "GeoNames 1835848")
    assert seoul.names == {"en": "Seoul", "zh": "首尔", "ru": "Сеул", "ko": "서울"}
    assert list(gazetteer.places)[-1] == "seoul" and len(gazetteer.places) == 28
    assert len(gazetteer.routes) == 4 and len(gazetteer.railways) == 7


def test_accept_place_with_aliases_and_texts_yaml_would_misread(places):
    entry = dict(SEOUL, aliases={"en": ["Seoul City", "NO", "2023-09-01"], "ko": ["서울특별시"]},
                 coord_source="Nominatim (OSM relation 2297418): 'Seoul' # not a comment")
    accept_place(places, entry)
    gazetteer, problems = load_gazetteer(places)
    assert problems == []
    seoul = gazetteer.place("seoul")
    assert seoul.aliases == {"en": ("Seoul City", "NO", "2023-09-01"), "ko": ("서울특별시",)}
    assert seoul.coord_source == "Nominatim (OSM relation 2297418): 'Seoul' # not a comment"
    assert "    aliases: {en: [Seoul City, 'NO', '2023-09-01'], ko: [서울특별시]}\n" in places.read_text(encoding="utf-8")


def test_accept_place_refuses_a_duplicate_id(places):
    before = places.read_bytes()
    with pytest.raises(GazetteerWriteError, match="already has a place with id 'moscow' — choose another id"):
        accept_place(places, dict(SEOUL, id="moscow", names={"en": "Moscow Oblast"}))
    assert places.read_bytes() == before


@pytest.mark.parametrize("names, aliases, taken, owner", [
    ({"en": "Haishenwai", "zh": "海参崴"}, None, "海参崴", "vladivostok"),  # another place's alias
    ({"en": "PYONGYANG"}, None, "PYONGYANG", "pyongyang"),  # any case
    ({"en": "Pier"}, {"en": ["pier no. 33"]}, "pier no. 33", "pier-33"),  # an alias of ours
])
def test_accept_place_refuses_a_name_another_place_has(places, names, aliases, taken, owner):
    before = places.read_bytes()
    entry = dict(SEOUL, id="new-place", names=names, **({"aliases": aliases} if aliases else {}))
    with pytest.raises(GazetteerWriteError, match=f"the name '{taken}' is already a name of place '{owner}' — "):
        accept_place(places, entry)
    assert places.read_bytes() == before


@pytest.mark.parametrize("change, message", [
    ({"id": "Seoul City"}, "place id 'Seoul City' is invalid — use lowercase letters, digits and hyphens"),
    ({"names": {"zh": "首尔"}}, "place 'seoul' has no English name — add names: {en: …}"),
    ({"names": {"en": "Seoul", "fr": "Séoul"}}, "unknown language 'fr' in names — use one of en, zh, ru, ko, ja"),
    ({"lat": 137.5}, "lat 137.5 of 'seoul' is out of range — lat must be between -90 and 90"),
    ({"lon": "east"}, "lon of 'seoul' is missing or not a number — give lon as a decimal number"),
    ({"coord_source": " "}, "coord_source is missing or not text"),
    ({"population": 9_000_000}, "unknown place field\\(s\\) 'population'"),
    ({"kind": "megacity"}, "would make the file invalid: place 'seoul' has unknown kind 'megacity' — use one of city, "
                           "town, district"),  # data/place_kinds.yaml decides
])
def test_accept_place_refuses_an_invalid_entry(places, change, message):
    before = places.read_bytes()
    with pytest.raises(GazetteerWriteError, match=message):
        accept_place(places, dict(SEOUL, **change))
    assert places.read_bytes() == before


def test_accept_place_keeps_the_file_mode_and_leaves_no_temporary_file(places):
    os.chmod(places, 0o640)
    accept_place(places, SEOUL)
    assert stat.S_IMODE(places.stat().st_mode) == 0o640
    assert [p.name for p in places.parent.iterdir()] == ["places.yaml"]


def test_accept_place_in_a_small_file_with_windows_line_ends_and_no_final_newline(tmp_path):
    path = tmp_path / "places.yaml"
    path.write_bytes(b"# mine\r\nplaces:\r\n- id: a\r\n  kind: city\r\n  names: {en: A}\r\n  lat: 1\r\n  lon: 2\r\n"
                     b"  precision_m: 10\r\n  coord_source: x")
    accept_place(path, dict(SEOUL, precision_m=15000.0))
    assert path.read_bytes().decode() == (
        "# mine\r\nplaces:\r\n- id: a\r\n  kind: city\r\n  names: {en: A}\r\n  lat: 1\r\n  lon: 2\r\n"
        "  precision_m: 10\r\n  coord_source: x\r\n"
        "- id: seoul\r\n  kind: city\r\n  names: {en: Seoul, zh: 首尔, ru: Сеул, ko: 서울}\r\n  lat: 37.566\r\n"
        "  lon: 126.9784\r\n  precision_m: 15000\r\n  coord_source: GeoNames 1835848\r\n")
    assert load_gazetteer(path)[1] == []


def test_accept_place_refuses_when_it_cannot_keep_the_rest_unchanged(tmp_path):
    """A literal block whose last line starts with '#' looks like a trailing comment: the
    check after the splice notices, and nothing is written."""
    path = tmp_path / "places.yaml"
    text = ("places:\n  - id: a\n    kind: city\n    names: {en: A}\n    lat: 1\n    lon: 2\n    precision_m: 10\n"
            "    coord_source: |\n      measured\n      # by hand\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerWriteError, match="without changing the rest of the file .* — add it by hand"):
        accept_place(path, SEOUL)
    assert path.read_text(encoding="utf-8") == text


def test_accept_place_reports_a_broken_file_with_its_line(tmp_path):
    path = tmp_path / "places.yaml"
    path.write_text("places:\n  - id: a\n    names: {en: A\n", encoding="utf-8")
    with pytest.raises(GazetteerWriteError, match=r"places.yaml:\d+: the file is not valid YAML .* — fix it first"):
        accept_place(path, SEOUL)
    with pytest.raises(GazetteerWriteError, match="does not exist"):
        accept_place(tmp_path / "missing.yaml", SEOUL)


def test_accept_place_starts_again_when_someone_else_wrote_the_file_meanwhile(places, monkeypatch):
    validate = data_writer._new_problems
    calls = []

    def meanwhile(tmp, before, problems_of):
        if not calls:  # another writer's comment lands while our temporary file is checked
            with open(places, "a", encoding="utf-8") as f:
                f.write("# added by someone else\n")
        calls.append(tmp)
        return validate(tmp, before, problems_of)

    monkeypatch.setattr(data_writer, "_new_problems", meanwhile)
    accept_place(places, SEOUL)
    text = places.read_text(encoding="utf-8")
    assert len(calls) == 2 and SEOUL_TEXT in text and text.endswith("# added by someone else\n")


# --- suggested places ------------------------------------------------------------------------


def test_a_suggested_place_accepted_becomes_a_places_yaml_place(places):
    corpus = load_corpus(articles=[SEED], world=True)
    uk = corpus.suggested["gn:2635167"]
    entry = place_entry(uk)
    assert entry == {"id": "united-kingdom", "kind": "country", "names": dict(uk.names), "lat": uk.lat,
                     "lon": uk.lon, "precision_m": uk.precision_m,
                     "coord_source": "countries-states-cities (countrystatecity-countries) country centre "
                                     "(GeoNames 2635167)"}
    passages = len(corpus.passages_mentioning("gn:2635167"))
    accept_place(places, entry)
    after = load_corpus(places=places, articles=[SEED], world=True)
    assert after.problems == corpus.problems
    assert "gn:2635167" not in after.suggested  # places.yaml wins
    assert after.gazetteer.place("united-kingdom").names["zh"] == "英国"
    assert len(after.passages_mentioning("united-kingdom")) == passages > 0


def test_place_entry_of_a_city_keeps_its_geonames_source_and_takes_another_id():
    from dashboard.places.world import suggested_place, world
    entry = place_entry(suggested_place(world().get("gn:2013348")), "vladivostok-city")
    assert (entry["id"], entry["coord_source"], entry["names"]["en"]) == (
        "vladivostok-city", "GeoNames 2013348", "Vladivostok")


# --- sources ---------------------------------------------------------------------------------

YONHAP_TEXT = """
  - id: yonhap
    name: Yonhap
    kind: agency
    country: KR
    names: {zh: [韩联社], en: [Yonhap, Yonhap News Agency], ko: [연합뉴스]}
"""


def test_add_source_appends_before_the_attribution_grammar_and_keeps_the_rest(sources):
    before = sources.read_text(encoding="utf-8")
    add_source(sources, "yonhap", "Yonhap", "agency", "kr",
               {"zh": ["韩联社"], "en": ["Yonhap", "Yonhap News Agency"], "ko": "연합뉴스"})
    after = sources.read_text(encoding="utf-8")
    assert after.replace(YONHAP_TEXT, "", 1) == before
    assert "names: {zh: [哈桑村的行政人员, 哈桑村行政人员, 哈桑村政府], en: [Khasan administration]}\n" + YONHAP_TEXT \
           + "\nattribution:\n" in after
    registry, problems = load_sources(sources)
    assert problems == []
    assert registry.resolve("yonhap").names == {"zh": ("韩联社",), "en": ("Yonhap", "Yonhap News Agency"),
                                                "ko": ("연합뉴스",)}
    assert registry.grammar == load_sources(DEFAULT_SOURCES)[0].grammar


def test_add_source_with_only_a_name(sources):
    add_source(sources, "norsk-rikskringkasting", "NRK", country="no")
    registry, problems = load_sources(sources)
    nrk = registry.resolve("nrk")
    assert problems == [] and (nrk.id, nrk.kind, nrk.country, nrk.names) == ("norsk-rikskringkasting", "outlet",
                                                                             "NO", {})
    assert "    country: 'NO'\n" in sources.read_text(encoding="utf-8")  # not the YAML 1.1 boolean


@pytest.mark.parametrize("args, message", [
    (("tass", "TASS 2"), "already has a source with id 'tass' — choose another id"),
    (("tass-2", "Tass agency", "agency", "RU", {"zh": ["塔斯社"]}), "the name '塔斯社' already belongs to source 'tass'"),
    (("tass-2", "tass"), "the name 'tass' already belongs to source 'tass'"),
    (("blog-1", "A blog", "blog"), "unknown source kind 'blog' — use one of outlet, agency"),
    (("x-1", "X", "outlet", "Russia"), "country 'Russia' is not a two-letter code"),
    (("x-1", "X", "official", "RU", None, "nobody"), "affiliation 'nobody' names no source"),
    (("X 1", "X"), "source id 'X 1' is invalid"),
])
def test_add_source_refuses(sources, args, message):
    before = sources.read_bytes()
    with pytest.raises(GazetteerWriteError, match=message):
        add_source(sources, *args)
    assert sources.read_bytes() == before


def test_add_source_with_an_affiliation(sources):
    add_source(sources, "maria-zakharova", "Maria Zakharova", "official", "RU", {"zh": ["扎哈罗娃"]}, "kremlin")
    registry, problems = load_sources(sources)
    assert problems == [] and registry.resolve("maria-zakharova").affiliation == "kremlin"
