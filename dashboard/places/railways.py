"""Railway lines as ordered stations, and the path a train takes along them.

A rail leg of a route names its stops (from, via…, to); between two stops the train runs the
shortest way along the lines in `railways:` of places.yaml, so the drawn line follows the track
through every station listed there instead of cutting across mountains and sea.

    >>> lines = (Railway("a", "A", (Station("x", 0, 0, "px"), Station("m", 0, 1), Station("y", 0, 2, "py"))),
    ...          Railway("b", "B", (Station("y", 0, 2, "py"), Station("z", 1, 2, "pz"))))
    >>> [name for name, *_ in rail_path(lines, ["px", "pz"])]
    ['x', 'm', 'y', 'z']
    >>> rail_path(lines, ["px", "nowhere"]) is None
    True
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

from geopy.distance import geodesic

from dashboard.base.errors import DataProblem
from dashboard.base.yamlio import LineList, LineMap, id_entries


@dataclass(frozen=True)
class Station:
    name: str
    lat: float
    lon: float
    place: str | None = None  # gazetteer id when the station is (or stands for) a place
    source: str = ""

    @property
    def node(self) -> str:
        """Stations with the same place, or else the same name, are one node of the network."""
        return self.place or self.name.casefold()


@dataclass(frozen=True)
class Railway:
    id: str
    name: str
    stations: tuple
    source: str = ""


def read_railways(data: LineMap, places: dict, path: str, problems: list) -> dict:
    """Parse `railways:`; a station is `{place: ID}` or `{name, lat, lon, source}`."""
    railways: dict[str, Railway] = {}
    for rid, entry, _ in id_entries(data, "railways", "railway", path, problems):
        raw_stations = entry.get("stations")
        if not isinstance(raw_stations, LineList) or len(raw_stations) < 2:
            problems.append(DataProblem(path, entry.line_of("stations"), f"railway '{rid}' needs two stations or more",
                                        "list its stations in order under 'stations:'"))
            continue
        stations = [_read_station(rid, s, raw_stations.line_of(i), places, path, problems)
                    for i, s in enumerate(raw_stations)]
        if None not in stations:
            railways[rid] = Railway(rid, str(entry.get("name") or rid), tuple(stations), str(entry.get("source") or ""))
    return railways


def _read_station(rid, entry, line, places, path, problems) -> Station | None:
    if isinstance(entry, LineMap) and "place" in entry:
        place = places.get(entry["place"])
        if place is None:
            problems.append(DataProblem(path, line, f"railway '{rid}' station place '{entry['place']}' names no place",
                                        "use the id of a place defined under 'places:'"))
            return None
        return Station(place.name, place.lat, place.lon, place.id, place.coord_source)
    if not isinstance(entry, LineMap) or not isinstance(entry.get("name"), str):
        problems.append(DataProblem(path, line, f"a station of railway '{rid}' has neither 'place' nor 'name'",
                                    "write {place: ID} or {name: …, lat: …, lon: …, source: …}"))
        return None
    lat, lon = entry.get("lat"), entry.get("lon")
    if not (isinstance(lat, (int, float)) and -90 <= lat <= 90 and isinstance(lon, (int, float)) and -180 <= lon <= 180):
        problems.append(DataProblem(path, line, f"station '{entry['name']}' has no valid lat/lon",
                                    "give lat in -90…90 and lon in -180…180, decimal degrees"))
        return None
    if not entry.get("source"):
        problems.append(DataProblem(path, line, f"station '{entry['name']}' has no source",
                                    "say where the coordinates come from in 'source:'"))
        return None
    return Station(entry["name"], float(lat), float(lon), None, str(entry["source"]))


def _network(railways) -> tuple[dict, dict]:
    """Adjacency {node: [(km, node)]} and one Station per node."""
    graph: dict[str, list] = {}
    stations: dict[str, Station] = {}
    for railway in railways:
        for a, b in zip(railway.stations, railway.stations[1:]):
            km = geodesic((a.lat, a.lon), (b.lat, b.lon)).km
            graph.setdefault(a.node, []).append((km, b.node))
            graph.setdefault(b.node, []).append((km, a.node))
            stations.setdefault(a.node, a)
            stations.setdefault(b.node, b)
    return graph, stations


def _shortest(graph, start, goal) -> list | None:
    queue, seen = [(0.0, start, [start])], set()
    while queue:
        km, node, path = heapq.heappop(queue)
        if node == goal:
            return path
        if node in seen:
            continue
        seen.add(node)
        for step, nxt in graph.get(node, ()):
            if nxt not in seen:
                heapq.heappush(queue, (km + step, nxt, path + [nxt]))
    return None


def rail_path(railways, stops) -> list[tuple] | None:
    """[(station name, lat, lon)] along the lines through the stops (place ids), or None when a
    stop is not on the network or two stops are not connected."""
    graph, stations = _network(railways)
    nodes: list[str] = []
    for a, b in zip(stops, stops[1:]):
        if a not in graph or b not in graph:
            return None
        part = _shortest(graph, a, b)
        if part is None:
            return None
        nodes += part[1:] if nodes else part
    return [(stations[n].name, stations[n].lat, stations[n].lon) for n in nodes]
