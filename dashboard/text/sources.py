"""The sources registry: outlets, agencies and officials, how articles name them, and the
words that tell who speaks (`attribution:`) and when (`dates:`).

    >>> registry, problems = load_sources("data/sources.yaml")
    >>> registry.resolve("tass").name, registry.resolve("the new york times").id, problems
    ('TASS', 'nyt', [])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.base.errors import DataProblem, ProblemKind
from dashboard.base.languages import LANGUAGES, unknown_language
from dashboard.base.schema import GrammarEntry, SourceEntry, validate
from dashboard.base.yamlio import LineList, LineMap, load_yaml_file
from dashboard.text.dates import DateGrammar, bundled_grammar, read_date_grammar
from dashboard.text.matching import Name

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
UNREGISTERED = "unregistered"  # the kind of a source made for an outlet that sources.yaml does not list
# sources.yaml's kinds as the kinds of who speaks: a person, a government, an organisation, an
# outlet or an unnamed (generic) source (the filter, the exports and the speaker finder use these)
SPEAKER_KINDS = {"official": "person", "expert": "person", "person": "person", "government": "government",
                 "agency": "outlet", "outlet": "outlet", UNREGISTERED: "outlet", "organisation": "organisation",
                 "company": "organisation", "generic": "generic"}


def speaker_kind(kind: str) -> str:
    """
    >>> speaker_kind("official"), speaker_kind("agency"), speaker_kind("think-tank")
    ('person', 'outlet', 'organisation')
    """
    return SPEAKER_KINDS.get(kind, "organisation")
GRAMMAR_KEYS = ("speech_verbs", "according_to", "cite_markers", "inherit_markers", "inherit_openers",
                "local_time", "speaker_prefixes", "verb_date_links")


@dataclass(frozen=True)
class Source:
    id: str
    name: str  # canonical English name
    kind: str
    country: str | None
    names: dict  # language -> tuple of written forms
    affiliation: str | None = None  # registered: the id of the body it speaks for; found: as the text gives it
    title: str | None = None  # a found source's role as the text gives it ("interior minister")
    status: str = "registered"  # registered (sources.yaml) | found (in the text, dashboard.text.speakers)

    def surfaces(self):
        yield self.name
        for forms in self.names.values():
            yield from forms


@dataclass
class SourceRegistry:
    sources: dict  # id -> Source
    grammar: dict = field(default_factory=dict)  # language -> {key: tuple}
    path: str = ""
    dates: DateGrammar | None = None  # the file's `dates:` words; None: it has none, the bundled ones are read

    @property
    def date_grammar(self) -> DateGrammar:
        return self.dates if self.dates is not None else bundled_grammar()

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
                                      "start the file with 'sources:' and one entry per source",
                                      kind=ProblemKind.MISSING)]
    problems += [DataProblem(path, line, f"key '{key}' is given twice", "remove one of them",
                             kind=ProblemKind.DUPLICATE) for key, line in data.duplicates]
    raw = data["sources"]
    if not raw:  # every article's outlet would then be unknown
        problems.append(DataProblem(path, data.line_of("sources"), "the 'sources:' list is empty",
                                    "add one entry per outlet, agency or official (id, name, names)",
                                    kind=ProblemKind.EMPTY))
    owner: dict[str, str] = {}
    for index, entry in enumerate(raw):
        line = raw.line_of(index)
        source = _read_source(entry, line, path, problems)
        if source is None:
            continue
        if source.id in registry.sources:
            problems.append(DataProblem(path, line, f"duplicate source id '{source.id}'", "give each source its own id",
                                        kind=ProblemKind.DUPLICATE))
            continue
        for surface in source.surfaces():
            other = owner.setdefault(surface.casefold(), source.id)
            if other != source.id:
                problems.append(DataProblem(path, line, f"name '{surface}' belongs to both '{other}' and '{source.id}'",
                                            "keep the name on one source", kind=ProblemKind.DUPLICATE))
        registry.sources[source.id] = source
    for source in registry.sources.values():
        if source.affiliation and source.affiliation not in registry.sources:
            problems.append(DataProblem(path, None, f"source '{source.id}' has unknown affiliation '{source.affiliation}'",
                                        "name an existing source id", kind=ProblemKind.REFERENCE))
    registry.grammar = _read_grammar(data, path, problems)
    registry.dates = read_date_grammar(data, path, problems)
    return registry, problems


def _read_source(entry, line, path, problems) -> Source | None:
    if not isinstance(entry, LineMap):
        problems.append(DataProblem(path, line, "a source entry is not a mapping", "write 'id: …', 'name: …'",
                                    kind=ProblemKind.TYPE))
        return None
    raw_id = entry.get("id")
    typed = validate(SourceEntry, entry, path, f"source '{raw_id}'" if isinstance(raw_id, str) else "a source",
                     problems)
    if typed is None:
        return None
    if not _ID.match(typed.id):
        problems.append(DataProblem(path, entry.line_of("id"), f"source id {typed.id!r} is invalid",
                                    "use lowercase letters, digits and hyphens", kind=ProblemKind.INVALID))
        return None
    if not typed.name.strip():
        problems.append(DataProblem(path, entry.line_of("name"), f"source '{typed.id}' has no name",
                                    "add its canonical English name: 'name: …'", kind=ProblemKind.MISSING))
        return None
    names = {}
    for lang, forms in (typed.names or {}).items():
        if lang not in LANGUAGES:
            problems.append(unknown_language(path, entry["names"].line_of(lang), lang))
            continue
        names[lang] = tuple(f.strip() for f in forms if f.strip())
    return Source(id=typed.id, name=typed.name.strip(), kind=typed.kind or "outlet",
                  country=typed.country, names=names, affiliation=typed.affiliation)


def _read_grammar(data, path, problems) -> dict:
    raw = data.get("attribution")
    if raw is None:
        return {}
    if not isinstance(raw, LineMap):
        problems.append(DataProblem(path, data.line_of("attribution"), "'attribution' must map languages to lists",
                                    "write 'attribution: {zh: {speech_verbs: [称]}}'", kind=ProblemKind.TYPE))
        return {}
    grammar = {}
    for lang, lists in raw.items():
        if lang not in LANGUAGES:
            problems.append(unknown_language(path, raw.line_of(lang), lang))
            continue
        # one language's lists are read together: a wrong type leaves that language out, not the others
        typed = validate(GrammarEntry, lists or {}, path, f"attribution '{lang}'", problems, line=raw.line_of(lang))
        if typed is None:
            continue
        for key in lists or {}:
            if key not in GRAMMAR_KEYS:
                problems.append(DataProblem(path, lists.line_of(key), f"unknown attribution list '{key}'",
                                            f"use one of {', '.join(GRAMMAR_KEYS)}", kind=ProblemKind.INVALID))
        grammar[lang] = {key: tuple(getattr(typed, key)) for key in GRAMMAR_KEYS if getattr(typed, key)}
    return grammar

