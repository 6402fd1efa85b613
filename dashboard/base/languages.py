"""The languages the project knows: of the data (names, aliases, articles, grammar) and of the
page's interface (the 中文 switch).

    >>> str(unknown_language("a.md", 3, "de"))
    "a.md:3: unknown language 'de' — use one of en, zh, ru, ko, ja"
"""
from dashboard.base.errors import DataProblem, ProblemKind

LANGUAGES = ("en", "zh", "ru", "ko", "ja")  # names and aliases in places.yaml, sources.yaml, articles
PAGE_LANGUAGES = ("en", "zh")  # the languages of the page (the 中文 switch)


def unknown_language(path, line, lang) -> DataProblem:
    """The problem for a language code outside LANGUAGES (names, aliases, grammar, front matter)."""
    return DataProblem(path, line, f"unknown language '{lang}'", f"use one of {', '.join(LANGUAGES)}",
                       kind=ProblemKind.LANGUAGE)
