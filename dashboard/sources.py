"""The sources registry: outlets, agencies and officials, and how articles name them.

    >>> registry, problems = load_sources("data/sources.yaml")
    >>> registry.resolve("tass").name, registry.resolve("the new york times").id, problems
    ('TASS', 'nyt', [])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataProblem
from .gazetteer import LANGUAGES, unknown_language
from .matching import Name
from .yamlio import LineList, LineMap, load_yaml_file

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
GRAMMAR_KEYS = ("speech_verbs", "according_to", "cite_markers", "inherit_markers", "inherit_openers")


@dataclass(frozen=True)
class Source:
    id: str
    name: str  # canonical English name
    kind: str
    country: str | None
    names: dict  # language -> tuple of written forms
    affiliation: str | None = None

    def surfaces(self):
        yield self.name
        for forms in self.names.values():
            yield from forms


@dataclass
class SourceRegistry:
    sources: dict  # id -> Source
    grammar: dict = field(default_factory=dict)  # language -> {key: tuple}
    path: str = ""

    def resolve(self, key: str) -> Source | None:
        """A source by id or canonical name, case-insensitively."""
        wanted = key.strip().casefold()
        for source in self.sources.values():
            if wanted in (source.id.casefold(), source.name.casefold()):
                return source
        return None

    def names(self) -> list[Name]:
        return [Name(surface, source.id) for source in self.sources.values() for surface in source.surfaces()]

    def words(self, key: str) -> tuple:
        """One grammar list, all languages together (an English article may quote 据…)."""
        return tuple(w for lang in self.grammar.values() for w in lang.get(key, ()))


def load_sources(path: str | Path) -> tuple[SourceRegistry, list[DataProblem]]:
    path = str(path)
    data, problems = load_yaml_file(path)
    registry = SourceRegistry({}, {}, path)
    if data is None:
        return registry, problems
    if not isinstance(data, LineMap) or not isinstance(data.get("sources"), LineList):
        return registry, [DataProblem(path, getattr(data, "line", 1), "no 'sources:' list",
                                      "start the file with 'sources:' and one entry per source")]
    problems += [DataProblem(path, line, f"key '{key}' is given twice", "remove one of them")
                 for key, line in data.duplicates]
    raw = data["sources"]
    owner: dict[str, str] = {}
    for index, entry in enumerate(raw):
        line = raw.line_of(index)
        source = _read_source(entry, line, path, problems)
        if source is None:
            continue
        if source.id in registry.sources:
            problems.append(DataProblem(path, line, f"duplicate source id '{source.id}'", "give each source its own id"))
            continue
        for surface in source.surfaces():
            other = owner.setdefault(surface.casefold(), source.id)
            if other != source.id:
                problems.append(DataProblem(path, line, f"name '{surface}' belongs to both '{other}' and '{source.id}'",
                                            "keep the name on one source"))
        registry.sources[source.id] = source
    for source in registry.sources.values():
        if source.affiliation and source.affiliation not in registry.sources:
            problems.append(DataProblem(path, None, f"source '{source.id}' has unknown affiliation '{source.affiliation}'",
                                        "name an existing source id"))
    registry.grammar = _read_grammar(data, path, problems)
    return registry, problems


def _read_source(entry, line, path, problems) -> Source | None:
    if not isinstance(entry, LineMap):
        problems.append(DataProblem(path, line, "a source entry is not a mapping", "write 'id: …', 'name: …'"))
        return None
    source_id, name = entry.get("id"), entry.get("name")
    if not isinstance(source_id, str) or not _ID.match(source_id):
        problems.append(DataProblem(path, entry.line_of("id"), f"source id {source_id!r} is missing or invalid",
                                    "use lowercase letters, digits and hyphens"))
        return None
    if not isinstance(name, str) or not name.strip():
        problems.append(DataProblem(path, entry.line, f"source '{source_id}' has no name",
                                    "add its canonical English name: 'name: …'"))
        return None
    names = {}
    raw_names = entry.get("names")
    if raw_names is not None and not isinstance(raw_names, LineMap):
        problems.append(DataProblem(path, entry.line_of("names"), "'names' must map languages to names",
                                    "write e.g. 'names: {zh: [塔斯社], en: [TASS]}'"))
        return None
    for lang, forms in (raw_names or {}).items():
        if lang not in LANGUAGES:
            problems.append(unknown_language(path, raw_names.line_of(lang), lang))
            continue
        forms = forms if isinstance(forms, list) else [forms]
        names[lang] = tuple(str(f).strip() for f in forms if str(f).strip())
    return Source(id=source_id, name=name.strip(), kind=str(entry.get("kind") or "outlet"),
                  country=entry.get("country"), names=names, affiliation=entry.get("affiliation"))


def _read_grammar(data, path, problems) -> dict:
    raw = data.get("attribution")
    if raw is None:
        return {}
    if not isinstance(raw, LineMap):
        problems.append(DataProblem(path, data.line_of("attribution"), "'attribution' must map languages to lists",
                                    "write 'attribution: {zh: {speech_verbs: [称]}}'"))
        return {}
    grammar = {}
    for lang, lists in raw.items():
        if lang not in LANGUAGES:
            problems.append(unknown_language(path, raw.line_of(lang), lang))
            continue
        grammar[lang] = {}
        for key, words in (lists or {}).items():
            if key not in GRAMMAR_KEYS:
                problems.append(DataProblem(path, lists.line_of(key), f"unknown attribution list '{key}'",
                                            f"use one of {', '.join(GRAMMAR_KEYS)}"))
                continue
            grammar[lang][key] = tuple(str(w) for w in words or ())
    return grammar
