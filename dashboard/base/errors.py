"""Problems found in the data, as values.

Every loader returns the good records it could read plus a list of `DataProblem`s;
nothing raises on bad input, so one broken file never hides the others.  A problem
prints as ``file:line: what is wrong — how to fix it``.

    >>> str(DataProblem("data/places.yaml", 12, "duplicate id 'moscow'", "rename one of them"))
    "data/places.yaml:12: duplicate id 'moscow' — rename one of them"

Each problem has a `kind`, so that a caller can group or count them (the app's notice, a
test) without parsing the message.  It is a trailing keyword with a default, so the
positional ``DataProblem(path, line, problem, fix)`` calls keep working:

    >>> DataProblem("a.md", 1, "x", "y").kind, DataProblem("a.md", 1, "x", "y", kind=ProblemKind.TYPE).kind
    (<ProblemKind.OTHER: 'other'>, <ProblemKind.TYPE: 'type'>)
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


class ProblemKind(str, enum.Enum):
    """What sort of thing is wrong (the message says exactly what)."""

    FILE = "file"  # missing or unreadable file or folder
    ENCODING = "encoding"  # bytes that are not UTF-8
    SYNTAX = "syntax"  # YAML that does not parse, front matter not closed
    TYPE = "type"  # a value of the wrong type (text where a list is wanted, …)
    MISSING = "missing"  # a required field or section is absent
    EMPTY = "empty"  # a file or list that holds nothing
    DUPLICATE = "duplicate"  # an id, key or name given twice
    RANGE = "range"  # a number out of range, an impossible date
    INVALID = "invalid"  # a value of the right type that is not allowed (id syntax, unknown status)
    LANGUAGE = "language"  # an unknown language code
    REFERENCE = "reference"  # an id that names nothing (route stop, parent, affiliation)
    UNKNOWN_SOURCE = "unknown_source"  # an outlet missing from the sources registry
    UNSAFE = "unsafe"  # a link that is not http(s)
    SIZE = "size"  # an input over a size cap
    ENGINE = "engine"  # the engine failed on an input; it was skipped
    OTHER = "other"


class NewsMapError(Exception):
    """The base of every exception the package raises on purpose (as geopy's `GeopyError`):
    str() says what is wrong and how to fix it, so a caller can catch them all at once.

    >>> from dashboard.base.settings import SettingsError
    >>> issubclass(SettingsError, NewsMapError) and issubclass(ImportProblem, NewsMapError)
    True
    """


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong in one data file."""

    path: str
    line: int | None
    problem: str
    fix: str
    kind: ProblemKind = field(default=ProblemKind.OTHER, kw_only=True)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.problem} — {self.fix}"


class ImportProblem(NewsMapError):
    """An input that cannot be read or a draft that cannot be saved; `problems` says why
    (`DataProblem`s).

    str() is one ``source: what is wrong — how to fix it`` line per problem.

    >>> str(ImportProblem([DataProblem("a.html", None, "the page could not be read", "save it again")]))
    'a.html: the page could not be read — save it again'
    """

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
