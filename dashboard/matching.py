"""Find names in text: longest match wins, with data-driven exclusions.

    >>> m = NameMatcher([Name("俄罗斯", "russia"), Name("白俄罗斯", "belarus"),
    ...                  Name("东方经济论坛", None)])
    >>> [(x.surface, x.target) for x in m.find("白俄罗斯总统到俄罗斯参加东方经济论坛")]
    [('白俄罗斯', 'belarus'), ('俄罗斯', 'russia')]

Rules, per name:
* Latin and Cyrillic names match case-insensitively on word boundaries ("Russia" is not
  found in "Russian"); short all-capital acronyms (RT, NSC) match case-sensitively.
* Chinese, Japanese and Korean names match anywhere (those scripts do not space words).
* Overlapping candidates are resolved longest first, then leftmost, so 白俄罗斯 beats
  俄罗斯 and 东方航天发射场 beats 东方发射场.
* A name whose target is ``None`` is a blocker: it wins its span like any other name
  and is then dropped, so nothing matches inside 东方经济论坛.
* ``not_before`` / ``not_after`` reject a match followed / preceded by given text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD_CHAR = r"A-Za-z0-9\u00C0-\u024F\u0400-\u04FF"


@dataclass(frozen=True)
class Name:
    surface: str
    target: str | None  # None: a blocker phrase that is not a name of anything
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    surface: str  # the text as written in the document
    target: str


@dataclass
class _Compiled:
    name: Name
    pattern: re.Pattern = field(repr=False)


def is_spaced_script(text: str) -> bool:
    """True for text in scripts that separate words with spaces (Latin, Cyrillic)."""
    return bool(re.search(f"[{_WORD_CHAR}]", text)) and not re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", text)


def _compile(name: Name) -> re.Pattern:
    body = re.escape(name.surface)
    if not is_spaced_script(name.surface):
        return re.compile(body)
    flags = 0 if (name.surface.isupper() and len(name.surface) <= 4) else re.IGNORECASE
    left = f"(?<![{_WORD_CHAR}])" if re.match(f"[{_WORD_CHAR}]", name.surface) else ""
    right = f"(?![{_WORD_CHAR}])" if re.search(f"[{_WORD_CHAR}]$", name.surface) else ""
    return re.compile(left + body + right, flags)


class NameMatcher:
    """Finds every occurrence of a set of names in a text."""

    def __init__(self, names):
        self._names = [_Compiled(n, _compile(n)) for n in names if n.surface]

    def find(self, text: str) -> list[Match]:
        candidates = []
        for compiled in self._names:
            name = compiled.name
            for m in compiled.pattern.finditer(text):
                if any(text.startswith(after, m.end()) for after in name.not_before):
                    continue
                if any(text[: m.start()].endswith(before) for before in name.not_after):
                    continue
                candidates.append((m.start(), m.end(), name.target))
        # Longest first, then leftmost; blockers win ties so an exclusion is never outvoted.
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2] is not None))
        taken: list[tuple[int, int, str | None]] = []
        for start, end, target in candidates:
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, target))
        return sorted((Match(s, e, text[s:e], t) for s, e, t in taken if t is not None),
                      key=lambda m: m.start)
