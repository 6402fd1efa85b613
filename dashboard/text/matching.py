"""Find names in text: longest match wins, with data-driven exclusions.

    >>> m = NameMatcher([Name("俄罗斯", "russia"), Name("白俄罗斯", "belarus"),
    ...                  Name("东方经济论坛", None)])
    >>> [(x.surface, x.target) for x in m.find("白俄罗斯总统到俄罗斯参加东方经济论坛")]
    [('白俄罗斯', 'belarus'), ('俄罗斯', 'russia')]

Rules, per name:
* Latin and Cyrillic names match case-insensitively on word boundaries ("Russia" is not
  found in "Russian"); short all-capital acronyms (RT, NSC) match case-sensitively.
* All names are found in one pass over the text (an Aho-Corasick automaton), however many.
* Chinese, Japanese and Korean names match anywhere (those scripts do not space words).
* Overlapping candidates are resolved longest first, then leftmost, so 白俄罗斯 beats
  俄罗斯 and 东方航天发射场 beats 东方发射场.
* A name whose target is ``None`` is a blocker: it wins its span like any other name
  and is then dropped, so nothing matches inside 东方经济论坛.
* ``not_before`` / ``not_after`` reject a match followed / preceded by given text.

Chinese word lists are written in simplified characters; ``to_simplified`` reads a sentence in
traditional ones with them, character for character (the spans hold):

    >>> to_simplified("據報導，金正日正在訪問中國。")
    '据报导，金正日正在访问中国。'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import ahocorasick_rs

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


def is_spaced_script(text: str) -> bool:
    """True for text in scripts that separate words with spaces (Latin, Cyrillic)."""
    return bool(re.search(f"[{_WORD_CHAR}]", text)) and not re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", text)


_WORD = re.compile(f"[{_WORD_CHAR}]")


def fold(text: str) -> str:
    """Lower case of the same length as the text, so that offsets carry over.

    >>> fold("VLADIVOSTOK İstanbul")
    'vladivostok İstanbul'
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@dataclass(frozen=True)
class _Rule:
    name: Name
    case_sensitive: bool
    left: bool  # needs a word boundary before it
    right: bool  # needs a word boundary after it


def _rule(name: Name) -> _Rule:
    if not is_spaced_script(name.surface):
        return _Rule(name, True, False, False)
    return _Rule(name, name.surface.isupper() and len(name.surface) <= 4,
                 bool(_WORD.match(name.surface[0])), bool(_WORD.match(name.surface[-1])))


_WORD_CHARS = frozenset(c for c in map(chr, range(0x0500)) if _WORD.match(c))  # the same set, for `in`


class NameMatcher:
    """Finds every occurrence of a set of names in a text, in one pass (an Aho-Corasick
    automaton over the lower-cased names, from `ahocorasick-rs`; overlapping hits come in
    the order pyahocorasick gives them: by end, the longest first)."""

    def __init__(self, names):
        groups: dict[str, list[_Rule]] = {}
        for name in names:
            if name.surface:
                groups.setdefault(fold(name.surface), []).append(_rule(name))
        self._keys = list(groups)
        # each rule as a plain tuple: (surface, target, case_sensitive, left, right, not_before, not_after)
        self._rules = [tuple((r.name.surface, r.name.target, r.case_sensitive, r.left, r.right,
                              tuple(r.name.not_before), tuple(r.name.not_after)) for r in rules)
                       for rules in groups.values()]
        self._empty = not groups
        self._rust = None
        self._fallback = None  # pyahocorasick, for the rare text that is not valid Unicode
        if groups:
            self._rust = ahocorasick_rs.AhoCorasick(self._keys)

    def _hits(self, folded: str) -> list[tuple[int, int, int]]:
        """(key index, start, end) of every occurrence of every key in the folded text."""
        try:
            return self._rust.find_matches_as_indexes(folded, overlapping=True)
        except UnicodeEncodeError:  # lone surrogates: Rust takes UTF-8 only
            if self._fallback is None:
                self._fallback = ahocorasick.Automaton()
                for index, key in enumerate(self._keys):
                    self._fallback.add_word(key, (index, len(key)))
                self._fallback.make_automaton()
            return [(index, last - length + 1, last + 1) for last, (index, length) in self._fallback.iter(folded)]

    def candidates(self, text: str) -> list[tuple[int, int, str | None]]:
        """(start, end, target) for every occurrence that passes its rules, overlaps included."""
        if self._empty or not text:
            return []
        found = []
        append = found.append
        size = len(text)
        word = _WORD_CHARS
        rules_of = self._rules
        for index, start, end in self._hits(fold(text)):
            for surface, target, case_sensitive, left, right, not_before, not_after in rules_of[index]:
                if case_sensitive and text[start:end] != surface:
                    continue
                if left and start > 0 and text[start - 1] in word:
                    continue
                if right and end < size and text[end] in word:
                    continue
                if not_before and any(text.startswith(after, end) for after in not_before):
                    continue
                if not_after and any(text.endswith(before, 0, start) for before in not_after):
                    continue
                append((start, end, target))
        return found

    def find_spans(self, text: str) -> list[tuple[int, int, str | None]]:
        """Longest first, then leftmost; blockers (target None) included, in text order."""
        candidates = sorted(set(self.candidates(text)), key=lambda c: (-(c[1] - c[0]), c[0], c[2] is not None))
        occupied = bytearray(len(text))
        taken: list[tuple[int, int, str | None]] = []
        for start, end, target in candidates:
            if 1 not in occupied[start:end]:
                occupied[start:end] = b"\x01" * (end - start)
                taken.append((start, end, target))
        return sorted(taken)

    def find(self, text: str) -> list[Match]:
        return [Match(s, e, text[s:e], t) for s, e, t in self.find_spans(text) if t is not None]


def to_simplified(text: str) -> str:
    """The text in simplified characters when it has traditional ones and the conversion keeps its
    length (character for character, so the spans found in one hold in the other): one word list
    reads 證實 and 证实, 據 and 据.  Else the text as it is.  zhconv's dictionaries load (~0.3 s)
    only for a text with a traditional character."""
    traditional = _traditional_characters()
    if not traditional or traditional.isdisjoint(text):
        return text
    import zhconv
    converted = zhconv.convert(text, "zh-cn")
    return converted if len(converted) == len(text) else text


@lru_cache(maxsize=1)
def _traditional_characters() -> frozenset:
    """The CJK characters that simplified Chinese writes otherwise (found once, through zhconv's
    public `convert`, over the whole CJK block: ~5 ms); none without zhconv."""
    try:
        import zhconv
    except ImportError:
        return frozenset()
    block = "".join(map(chr, range(0x4E00, 0xA000)))
    converted = zhconv.convert(block, "zh-cn")
    if len(converted) != len(block):  # not character for character: try every text
        return frozenset(block)
    return frozenset(a for a, b in zip(block, converted) if a != b)
