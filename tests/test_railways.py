"""Rail legs follow the railway lines of places.yaml: through the stations, at a believable length."""
import pytest
from geopy.distance import geodesic

from dashboard.corpus.analysis import load_corpus
from dashboard.places.railways import Railway, Station, rail_path
from dashboard.places.routes import route_legs

# Published rail distances: Pyongyang – Khasan 850 km (Russian Wikipedia "Пхеньян (станция)"),
# Khasan – Baranovsky 238 km (the line's length), Baranovsky – Vladivostok 89 km (Russian
# Wikipedia "Барановский (станция)").
PYONGYANG_VLADIVOSTOK_RAIL_KM = 850 + 238 + 89


@pytest.fixture(scope="module")
def legs():
    corpus = load_corpus()
    return {(d.leg.route, d.leg.start, d.leg.end): d for d in route_legs(corpus)}, corpus


def test_rumoured_train_runs_through_the_named_stations_in_order(legs):
    drawn, corpus = legs
    leg = drawn[("rumoured-2023", "pyongyang", "vladivostok")]
    names = [_station_at(corpus, point) for point in leg.coordinates]
    order = ["Pyongyang", "Hamhung", "Chongjin", "Rajin", "Tumangang", "Khasan", "Baranovsky", "Vladivostok"]
    positions = [names.index(name) for name in order]
    assert positions == sorted(positions)
    assert "Ussuriysk" not in names  # Baranovsky is south of Ussuriysk: no detour north and back
    assert len(names) >= 15


def test_rumoured_train_stays_on_the_rails(legs):
    drawn, _ = legs
    leg = drawn[("rumoured-2023", "pyongyang", "vladivostok")]
    segments = [geodesic(a, b).km for a, b in zip(leg.coordinates, leg.coordinates[1:])]
    # The longest chord is Sunchon – Kowon over the mountains (113 km); no intermediate station
    # with a checked coordinate was found.  Everything else is under 80 km.
    assert max(segments) < 115
    assert sorted(segments)[-2] < 80
    # Chords cut the curves, so the drawn line is shorter than the track, but not by much.
    assert 0.7 * PYONGYANG_VLADIVOSTOK_RAIL_KM < leg.length_km < 1.02 * PYONGYANG_VLADIVOSTOK_RAIL_KM


def test_onward_leg_follows_the_trans_siberian_to_the_cosmodrome(legs):
    drawn, corpus = legs
    leg = drawn[("rumoured-2023", "vladivostok", "vostochny-cosmodrome")]
    names = [_station_at(corpus, point) for point in leg.coordinates]
    assert names[:3] == ["Vladivostok", "Baranovsky", "Ussuriysk"]
    assert names[-3:] == ["Belogorsk", "Tsiolkovsky", "Vostochny Cosmodrome"]
    assert "Khabarovsk" in names and "Birobidzhan" in names
    # Straight Vladivostok – Belogorsk is about 1,000 km; along the stations it must be much longer.
    straight = geodesic(leg.coordinates[0], leg.coordinates[-1]).km
    assert leg.length_km > 1.3 * straight


def test_a_stop_off_the_network_is_not_routed():
    lines = (Railway("a", "A", (Station("x", 0, 0, "px"), Station("y", 0, 1, "py"))),)
    assert rail_path(lines, ["px", "py"]) == [("x", 0, 0), ("y", 0, 1)]
    assert rail_path(lines, ["px", "pq"]) is None


def test_shortest_way_between_two_lines_meeting_at_a_junction():
    # a loop: the direct line x–z is shorter than going round by y
    lines = (Railway("a", "A", (Station("x", 0, 0, "px"), Station("y", 1, 1, "py"), Station("z", 0, 2, "pz"))),
             Railway("b", "B", (Station("x", 0, 0, "px"), Station("z", 0, 2, "pz"))))
    assert [n for n, *_ in rail_path(lines, ["px", "pz"])] == ["x", "z"]
    assert [n for n, *_ in rail_path(lines, ["px", "py", "pz"])] == ["x", "y", "z"]


def _station_at(corpus, point):
    for railway in corpus.gazetteer.railways.values():
        for station in railway.stations:
            if (station.lat, station.lon) == point:
                return station.name
    raise AssertionError(f"{point} is not a station")
