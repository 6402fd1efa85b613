"""Route legs as lines on the map: stops, geometry, geodesic length, the claiming passage.

    >>> from dashboard.corpus.analysis import load_corpus
    >>> corpus = load_corpus()
    >>> legs = route_legs(corpus)
    >>> legs[0].leg.start, legs[0].leg.end, 800 < legs[0].length_km < 1400
    ('pyongyang', 'vladivostok', True)

Rail legs follow the railway lines of places.yaml through their stops (see railways.py); road
and sea legs join their stops; air and unspecified legs are drawn as great-circle arcs.  Lengths are geodesic (geopy, WGS84) along the drawn line.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from geopy.distance import geodesic

from dashboard.places.gazetteer import Leg
from dashboard.places.railways import rail_path

_ARC_LEGS = ("air", "unspecified")


@dataclass(frozen=True)
class DrawnLeg:
    leg: Leg
    coordinates: tuple  # ((lat, lon), …)
    length_km: float
    claim_passage: tuple | None  # (article id, passage number) of the claim, when found


def great_circle(a: tuple, b: tuple, steps: int = 32) -> list[tuple]:
    """Points along the great circle from a to b (lat, lon in degrees)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    d = 2 * math.asin(math.sqrt(math.sin((lat2 - lat1) / 2) ** 2
                                + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2))
    if d == 0:
        return [a, b]
    points = []
    for i in range(steps + 1):
        f = i / steps
        A, B = math.sin((1 - f) * d) / math.sin(d), math.sin(f * d) / math.sin(d)
        x = A * math.cos(lat1) * math.cos(lon1) + B * math.cos(lat2) * math.cos(lon2)
        y = A * math.cos(lat1) * math.sin(lon1) + B * math.cos(lat2) * math.sin(lon2)
        z = A * math.sin(lat1) + B * math.sin(lat2)
        points.append((math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))))
    return points


def path_length_km(points) -> float:
    return sum(geodesic(p, q).km for p, q in zip(points, points[1:]))


def find_claim(corpus, leg: Leg) -> tuple | None:
    if leg.claim is None:
        return None
    for p in corpus.passages:
        if p.article.id == leg.claim.article and leg.claim.contains in p.text:
            return p.key
    return None


def draw_leg(corpus, leg: Leg) -> DrawnLeg:
    stops = [corpus.place(pid) for pid in leg.stops]
    points = [(p.lat, p.lon) for p in stops]
    if leg.mode in _ARC_LEGS:
        points = great_circle(points[0], points[-1])
    elif leg.mode == "rail":
        track = rail_path(corpus.gazetteer.railways.values(), leg.stops)
        if track is not None:
            points = [(lat, lon) for _name, lat, lon in track]
    return DrawnLeg(leg, tuple(points), round(path_length_km(points), 1), find_claim(corpus, leg))


def route_legs(corpus, route_ids=None) -> list[DrawnLeg]:
    """The legs of the routes `route_ids` (None: the routes the corpus tells of,
    `Corpus.story_routes`), drawn."""
    routes = corpus.gazetteer.routes if route_ids is not None else corpus.story_routes()
    return [draw_leg(corpus, leg) for rid, route in routes.items()
            if route_ids is None or rid in route_ids for leg in route.legs]
