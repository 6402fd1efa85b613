"""Place mentions: every name or alias of every gazetteer place, with character offsets.

    >>> from dashboard.gazetteer import load_gazetteer
    >>> gaz, _ = load_gazetteer("data/places.yaml")
    >>> finder = PlaceFinder(gaz)
    >>> [(m.surface, m.place) for m in finder.find("普京和白俄罗斯总统在东方航天发射场，而非东方经济论坛")]
    [('白俄罗斯', 'belarus'), ('东方航天发射场', 'vostochny-cosmodrome')]
"""
from __future__ import annotations

from dataclasses import dataclass

from .gazetteer import Gazetteer
from .matching import Name, NameMatcher


@dataclass(frozen=True)
class PlaceMention:
    place: str  # place id
    surface: str  # the text as written
    start: int  # offsets in the searched text (a passage)
    end: int


class PlaceFinder:
    """Finds place mentions; built once per gazetteer (compiling the names is the slow part)."""

    def __init__(self, gazetteer: Gazetteer, extra_blockers=()):
        names = [Name(surface, place.id, place.not_before, place.not_after)
                 for place in gazetteer.places.values() for _, surface in place.all_names()]
        names += [Name(phrase, None) for phrases in gazetteer.not_places.values() for phrase in phrases]
        names += [Name(phrase, None) for phrase in extra_blockers]
        self._matcher = NameMatcher(names)

    def find(self, text: str) -> list[PlaceMention]:
        return [PlaceMention(m.target, m.surface, m.start, m.end) for m in self._matcher.find(text)]
