"""Problems found in the data, as values.

Every loader returns the good records it could read plus a list of `DataProblem`s;
nothing raises on bad input, so one broken file never hides the others.  A problem
prints as ``file:line: what is wrong — how to fix it``.

    >>> str(DataProblem("data/places.yaml", 12, "duplicate id 'moscow'", "rename one of them"))
    "data/places.yaml:12: duplicate id 'moscow' — rename one of them"
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong in one data file."""

    path: str
    line: int | None
    problem: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.problem} — {self.fix}"
