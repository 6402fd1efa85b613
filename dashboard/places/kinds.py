"""The place-kinds table (`data/place_kinds.yaml`): every kind a place may have, with its
marker colour, its name in each language of the page, and whether it is an area.

    >>> table, problems = load_kinds()
    >>> table.colour("berth"), table.label("berth", "zh"), table.is_area("country"), table.is_area("city"), problems
    ('#0e7c86', '码头', True, False, [])

Everything that draws or names a kind reads this table: the markers (colour, tooltip), the
legend (one line per colour, `legend`), the overview, the place-kind filter, the first view's
frame (areas are left out).  The gazetteer checks each place's kind against it, so
`python -m dashboard check` reports a kind the table does not have, and a bad table entry,
as ``file:line: problem — fix``:

    >>> from dashboard.base.yamlio import load_yaml_text
    >>> raw, _ = load_yaml_text("kinds:\\n- id: city\\n  colour: blue\\n  label: {en: city}\\n", "k.yaml")
    >>> table, problems = read_kinds(raw, "k.yaml")
    >>> [str(p) for p in problems]  # doctest: +NORMALIZE_WHITESPACE
    ["k.yaml:3: kind 'city': colour 'blue' is not a #rrggbb colour — write it as '#rrggbb' in quotes,
      e.g. colour: '#1f5fa8' (unquoted, YAML reads # as a comment)",
     "k.yaml:4: kind 'city' has no zh label — add its name in every language of the page: label: {en: …, zh: …}"]
    >>> table.ids, "city" in table.declared
    ((), True)

The file is read once per version: `load_kinds` keeps the last reading of each file until the
file changes.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from dashboard.base.errors import DataProblem, ProblemKind
from dashboard.base.languages import PAGE_LANGUAGES
from dashboard.base.paths import DATA_DIR
from dashboard.base.schema import validate
from dashboard.base.yamlio import LineList, LineMap, id_entries, load_yaml_file

DEFAULT_KINDS = DATA_DIR / "place_kinds.yaml"
FALLBACK_COLOUR = "#7f8c8d"  # only for a kind the table names but could not read (a problem says why)
_ID = re.compile(r"^[a-z][a-z0-9]*(?:[ -][a-z0-9]+)*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class PlaceKind(BaseModel):
    """One row of the table."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    id: str = Field(description="write 'id: …' in lowercase words, e.g. id: border crossing")
    colour: str = Field(description="write it as '#rrggbb' in quotes, e.g. colour: '#1f5fa8' "
                                    "(unquoted, YAML reads # as a comment)")
    label: dict[str, str] = Field(description="write its name in every language of the page, e.g. "
                                              "label: {en: city, zh: 城市}")
    area: bool = Field(False, description="write area: true for a country or region (drawn at its centroid, "
                                          "left out of the first view's frame), else leave it out")


@dataclass(frozen=True)
class KindTable:
    """The kinds, in file order.  `declared`: every id the file names, read or not (a place of
    a kind whose entry has a problem is not reported a second time)."""

    kinds: dict = field(default_factory=dict)  # id -> PlaceKind
    path: str = ""
    declared: frozenset = frozenset()

    @property
    def ids(self) -> tuple:
        return tuple(self.kinds)

    def __contains__(self, kind: str) -> bool:
        return kind in self.kinds

    def colour(self, kind: str) -> str:
        row = self.kinds.get(kind)
        return row.colour if row else FALLBACK_COLOUR

    def label(self, kind: str, lang: str) -> str:
        """The kind's name in `lang` (English for a language the table does not have)."""
        row = self.kinds.get(kind)
        if row is None:
            return kind
        return row.label.get(lang) or row.label.get("en") or kind

    def is_area(self, kind: str) -> bool:
        """A country or region: drawn at a centroid, so not used to frame the first view."""
        row = self.kinds.get(kind)
        return bool(row and row.area)

    def legend(self, lang: str, used=None) -> list[tuple[str, str]]:
        """(colour, label) lines for the legend: one per colour, its kinds' labels joined, in
        table order; only the kinds in `used` (the map's places) unless it is None.

        >>> table, _ = load_kinds()
        >>> table.legend("en", {"town", "city", "berth", "country", "region"})
        [('#1f5fa8', 'city / town'), ('#0e7c86', 'berth'), ('#7f8c8d', 'region / country')]
        """
        lines: dict[str, list[str]] = {}
        for kind, row in self.kinds.items():
            if used is None or kind in used:
                lines.setdefault(row.colour.lower(), []).append(self.label(kind, lang))
        return [(colour, " / ".join(labels)) for colour, labels in lines.items()]


def load_kinds(path: str | Path | None = None) -> tuple[KindTable, list[DataProblem]]:
    """The table in `path` (default `DEFAULT_KINDS`) and its problems; read again only when the
    file changed."""
    path = Path(DEFAULT_KINDS if path is None else path)
    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = None
    table, problems = _load(str(path), version)
    return table, list(problems)


@functools.lru_cache(maxsize=8)
def _load(path: str, _version) -> tuple[KindTable, tuple]:
    data, problems = load_yaml_file(path)
    if data is None:
        return KindTable(path=path), tuple(problems)
    table, more = read_kinds(data, path)
    return table, tuple(problems + more)


def read_kinds(data, path: str) -> tuple[KindTable, list[DataProblem]]:
    """The table from a parsed file (a `LineMap` with a `kinds:` list)."""
    problems: list[DataProblem] = []
    if not isinstance(data, LineMap) or not isinstance(data.get("kinds"), LineList):
        line = data.line_of("kinds") if isinstance(data, LineMap) else getattr(data, "line", None)
        problems.append(DataProblem(path, line, "no 'kinds:' list", "start the file with 'kinds:' and one "
                                    "'- id: …' entry per kind (colour, label)", kind=ProblemKind.MISSING))
        return KindTable(path=path), problems
    problems += [DataProblem(path, line, f"key '{key}' is given twice", "remove one of them",
                             kind=ProblemKind.DUPLICATE) for key, line in data.duplicates]
    if not data["kinds"]:
        problems.append(DataProblem(path, data.line_of("kinds"), "the 'kinds:' list is empty",
                                    "add one entry per kind of place (id, colour, label)", kind=ProblemKind.EMPTY))
        return KindTable(path=path), problems
    kinds, declared = {}, set()
    for kind_id, entry, _line in id_entries(data, "kinds", "kind", path, problems):
        declared.add(kind_id)
        row = _read_kind(kind_id, entry, path, problems)
        if row is not None:
            kinds[kind_id] = row
    return KindTable(kinds, path, frozenset(declared)), problems


def _read_kind(kind_id, entry, path, problems) -> PlaceKind | None:
    subject = f"kind '{kind_id}'"
    row = validate(PlaceKind, entry, path, subject, problems)
    if row is None:
        return None
    before = len(problems)
    if not _ID.match(kind_id):
        problems.append(DataProblem(path, entry.line_of("id"), f"kind id {kind_id!r} is invalid",
                                    "use lowercase letters and digits, words joined by a space or a hyphen",
                                    kind=ProblemKind.INVALID))
    if not _COLOUR.match(row.colour):
        problems.append(DataProblem(path, entry.line_of("colour"), f"{subject}: colour {row.colour!r} is not a "
                                    "#rrggbb colour", PlaceKind.model_fields["colour"].description,
                                    kind=ProblemKind.INVALID))
    for lang in row.label:
        if lang not in PAGE_LANGUAGES:
            problems.append(DataProblem(path, entry["label"].line_of(lang), f"{subject}: label language '{lang}' "
                                        "is not a language of the page", f"use {', '.join(PAGE_LANGUAGES)}",
                                        kind=ProblemKind.LANGUAGE))
    for lang in PAGE_LANGUAGES:
        if not row.label.get(lang, "").strip():
            problems.append(DataProblem(path, entry.line_of("label"), f"{subject} has no {lang} label",
                                        "add its name in every language of the page: label: {"
                                        + ", ".join(f"{code}: …" for code in PAGE_LANGUAGES) + "}",
                                        kind=ProblemKind.MISSING))
    return row if len(problems) == before else None


def table() -> KindTable:
    """The bundled table (`DEFAULT_KINDS`), for callers given none."""
    return load_kinds()[0]
