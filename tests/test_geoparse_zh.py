"""The engine on a small hand-annotated Chinese gold set (tests/geoparse_zh_gold.yaml)."""
from pathlib import Path

import pytest
import yaml

from dashboard.places.gazetteer import load_gazetteer
from dashboard.places.gazetteer_mentions import PlaceFinder
from dashboard.places.world import distance_km

GOLD = yaml.safe_load((Path(__file__).parent / "geoparse_zh_gold.yaml").read_text(encoding="utf-8"))["sentences"]


@pytest.fixture(scope="module")
def finder():
    gazetteer, problems = load_gazetteer("data/places.yaml")
    assert problems == []
    return PlaceFinder(gazetteer, world=True)


def _found(finder, text):
    [result] = finder.find_article([text])
    located = {}
    for m in result.places:
        place = finder.gazetteer.place(m.place)
        located[m.surface] = (place.lat, place.lon)
    for m in result.suggested:
        place = finder.geoparser.world.get(m.place)
        located[m.surface] = (place.lat, place.lon)
    return located, result


@pytest.mark.parametrize("entry", GOLD, ids=[e["text"][:12] for e in GOLD])
def test_every_place_found_and_placed(finder, entry):
    located, _ = _found(finder, entry["text"])
    expected = {p["surface"]: p for p in entry["places"]}
    assert sorted(located) == sorted(expected)
    for surface, (lat, lon) in located.items():
        gold = expected[surface]
        assert distance_km(lat, lon, gold["lat"], gold["lon"]) <= gold.get("within_km", 50), surface


@pytest.mark.parametrize("entry", [e for e in GOLD if e.get("unknown")], ids=lambda e: e["text"][:12])
def test_unknown_place_names_listed(finder, entry):
    _, result = _found(finder, entry["text"])
    assert [u.surface for u in result.unknown] == entry["unknown"]


@pytest.mark.parametrize("entry", [e for e in GOLD if e.get("not_places")], ids=lambda e: e["text"][:12])
def test_not_places_stay_out(finder, entry):
    located, result = _found(finder, entry["text"])
    text = entry["text"]
    for phrase in entry["not_places"]:
        start = text.index(phrase)
        end = start + len(phrase)
        inside = [m.surface for m in result.places + result.suggested if m.start < end and start < m.end]
        assert inside == [], phrase


def test_gold_set_size():
    """10-20 sentences, as the issue asks; and more than 50 places in all."""
    assert 10 <= len(GOLD) <= 20
    assert sum(len(e["places"]) for e in GOLD) >= 50
