"""People's names in a text, so that the geoparser does not take them for places.

    >>> people = PersonNames({"mevlut", "john"}, {"president", "mayor"}, set())
    >>> found = people.find(["Gunman Mevlut Mert Altintas fired. Altintas was 22.", "Mayor Hasan spoke."])
    >>> sorted(found.surnames), [text[s:e] for text, spans in zip(["Gunman Mevlut Mert Altintas fired.", "Mayor Hasan spoke."], found.spans) for s, e in spans]
    (['altintas', 'hasan'], ['Mevlut Mert Altintas', 'Hasan'])

A run of capitalised words is a person's name when it starts with a given name (data/given_names.yaml:
"John Bolton", "Kerry-Ann Jones") or follows a title ("Mayor Brita Hagi Hasan", "President Harry S.
Truman", "Mr Obama"), and does not end with a word that makes it an organisation or a place
("John F. Kennedy Airport", "Toronto General Hospital").  Its last word is then a surname: the same
word alone elsewhere in the article ("Altintas, who was born in 1994") is that person, as a reader
takes it, and CLAVIN and CLIFF do with a named-entity recogniser's person spans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dashboard.base.paths import DATA_DIR
from dashboard.text.matching import fold

GIVEN_NAMES_PATH = DATA_DIR / "given_names.yaml"

# Capitalised words (initials included) in a row: "Mayor Brita Hagi Hasan", "Harry S. Truman"
_RUN = re.compile(r"[A-Z][\w'’-]*\.?(?:[ \t]+(?:[A-Z]\.|[A-Z][\w'’-]*\.?))*")
# ", the mayor" / ", a spokesman for" after a name: an appositive that makes it a person
_APPOSITIVE = re.compile(r",[ \t]+(?:the|a|an|its|their|his|her)[ \t]+((?:[\w’'-]+[ \t]+){0,2}[\w’'-]+)")


@dataclass
class ArticlePeople:
    spans: list = field(default_factory=list)  # per passage: [(start, end)] of people's full names
    surnames: set = field(default_factory=set)  # folded last words of those names

    def in_name(self, passage: int, start: int, end: int) -> bool:
        """Whether start:end of a passage overlaps a person's name ("Aleppo Mayor Brita Hagi Hasan")."""
        spans = self.spans[passage] if passage < len(self.spans) else ()
        return any(s < end and start < e for s, e in spans)

    def surname_alone(self, surface: str) -> bool:
        """Whether a one-word name is the surname of a person the article names ("Altintas, who
        was born in 1994" after "Mevlut Mert Altintas")."""
        surface = surface.strip()
        return " " not in surface and fold(surface) in self.surnames


class PersonNames:
    """Finds people's names with given names, titles and the words that end other names."""

    def __init__(self, given: set, titles: set, not_person_endings: set):
        self.given = given  # folded
        self.titles = titles  # folded, without a final full stop
        self.endings = not_person_endings  # folded

    def _is_title(self, word: str) -> bool:
        return fold(word.rstrip(".")) in self.titles

    def _starts_with_given(self, word: str) -> bool:
        return any(fold(part) in self.given for part in word.split("-"))  # "Kerry-Ann"

    def names_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, folded surname) of each person's name in one text."""
        found = []
        for run in _RUN.finditer(text):
            words = [(m.start() + run.start(), m.end() + run.start(), m.group(0))
                     for m in re.finditer(r"\S+", run.group(0))]
            if not words or fold(words[-1][2].rstrip(".")) in self.endings:
                continue
            titles = [i for i, w in enumerate(words[:-1]) if self._is_title(w[2])]
            if titles:  # "Aleppo Mayor Brita Hagi Hasan": the name after the last title
                words = words[titles[-1] + 1:]
            else:  # "Since John Smith": from the first given name on, with a surname after it
                first = next((i for i, w in enumerate(words[:-1]) if self._starts_with_given(w[2])), None)
                if first is None:
                    continue
                words = words[first:]
            last = words[-1][2].rstrip(".")
            if len(last) >= 2 and last[0].isupper() and not self._is_title(last):
                found.append((words[0][0], words[-1][0] + len(last), fold(last)))
        return found

    def appositive_person(self, text: str, end: int) -> bool:
        """True when ", the mayor" or ", a spokesman for …" follows a name that ends at `end`."""
        match = _APPOSITIVE.match(text, end)
        return bool(match) and any(self._is_title(w) for w in match.group(1).split())

    def find(self, texts: list[str]) -> ArticlePeople:
        people = ArticlePeople()
        for text in texts:
            names = self.names_in(text) if text else []
            people.spans.append([(s, e) for s, e, _ in names])
            people.surnames.update(surname for _, _, surname in names)
        return people


def load_given_names(path: str | Path = GIVEN_NAMES_PATH) -> set:
    """The folded given names of data/given_names.yaml (none when the file is missing)."""
    from dashboard.places.world import load_rules
    if not Path(path).exists():
        return set()
    return {fold(str(name)) for name in load_rules(path).get("given_names") or ()}


def person_names(rules: dict, given_names_path: str | Path = GIVEN_NAMES_PATH) -> PersonNames:
    """The finder made from data/world_rules.yaml's words (`rules`: titles, the words that end a
    longer name or a place's name) and the given names."""
    titles = {fold(str(t).rstrip(".")) for t in rules.get("person_titles") or ()}
    endings = [*(rules.get("name_continuations") or ()), *(rules.get("en_place_endings") or ())]
    return PersonNames(load_given_names(given_names_path), titles, {fold(str(w)) for w in endings})


@lru_cache(maxsize=1)
def bundled_person_names() -> PersonNames:
    """The finder the geoparser uses, from the bundled data files (made once)."""
    from dashboard.places.world import load_rules
    return person_names(load_rules())
