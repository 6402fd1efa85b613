"""Temporal expressions in Chinese and English, resolved against a reference date.

    >>> ref = dt.date(2023, 9, 6)
    >>> [(d.text, d.first.isoformat(), d.last.isoformat()) for d in find_dates("佩斯科夫5日称，8月下旬", ref)]
    [('5日', '2023-09-05', '2023-09-05'), ('8月下旬', '2023-08-21', '2023-08-31')]

The words are data: data/sources.yaml lists them under `dates:` (month and weekday names,
numerals, 昨天 / "last week", 上旬 / "late", 截至, 上午 …), typed by dashboard.base.schema and
compiled once into a `DateGrammar`; the patterns here are only the shapes words stand in
(a year, a month, a day, a range).  The reference is the article's publication date.
Rules, all relative to it:
* a bare day (5日, "on the 5th") is in the reference month, unless that puts it more than
  15 days after the reference, then it is in the month before;
* a month without a year (7月, "in July") is the one nearest the reference;
* a month's early part (上旬, "early") is days 1–10, its middle 11–20, its late part 21–end;
  a year's early part is Jan–Feb, its middle May–Aug, its late part Nov–Dec, and its
  halves are Jan–Jun and Jul–Dec;
* a relative week (上周 / "last week") is a Monday–Sunday week counted from the reference's;
  relative days, months and years count from the reference's;
* 当天 / 当日 / 同日 / "that day" (`from_last_day`) = the last day-precise date before it in
  the passage (or the reference when there is none); 次日 / "the next day" = the day after that.
Whether a date is *reported* (when a source spoke) or an *event* date is decided by
`dashboard.text.attribution`, which knows who speaks.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import ClassVar

import ahocorasick_rs

from dashboard.base.errors import DataProblem, ProblemKind
from dashboard.base.paths import DATA_DIR
from dashboard.base.schema import EnDateWords, MonthParts, ZhDateWords, validate
from dashboard.base.yamlio import LineList, LineMap, load_yaml_file



@dataclass(frozen=True, slots=True)
class DateMention:
    text: str
    start: int  # offsets in the searched text
    end: int
    first: dt.date
    last: dt.date
    precision: str
    kind: str = "event"  # event | reported; set by attribution

    def overlaps(self, since: dt.date | None, until: dt.date | None) -> bool:
        return _overlaps(self, since, until)

    def with_kind(self, kind: str) -> "DateMention":
        return DateMention(self.text, self.start, self.end, self.first, self.last, self.precision, kind)

    def shifted(self, offset: int) -> "DateMention":
        return DateMention(self.text, self.start + offset, self.end + offset, self.first, self.last,
                           self.precision, self.kind)


@dataclass(frozen=True, slots=True)
class ImpliedDate:
    """The reported date of a sentence that writes none: its speaker's last reported date,
    the one of the report or quotation it continues, or the publication date.  A range of
    days only: nothing is written, so it has no text and no offsets."""

    first: dt.date
    last: dt.date
    precision: str
    kind: ClassVar[str] = "reported"
    text: ClassVar[str] = ""  # what is written: nothing

    @classmethod
    def of(cls, date) -> "ImpliedDate":
        """The days of `date` (a DateMention or an ImpliedDate)."""
        return cls(date.first, date.last, date.precision)

    def overlaps(self, since: dt.date | None, until: dt.date | None) -> bool:
        return _overlaps(self, since, until)


def _overlaps(date, since, until) -> bool:
    return (since is None or date.last >= since) and (until is None or date.first <= until)


# ---- calendar helpers --------------------------------------------------------------------
def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _nearest_year(month: int, ref: dt.date) -> int:
    if month - ref.month > 6:
        return ref.year - 1
    if ref.month - month > 6:
        return ref.year + 1
    return ref.year


def _bare_day(day: int, ref: dt.date) -> dt.date | None:
    year, month = ref.year, ref.month
    if day - ref.day > 15:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_part(year: int, month: int, part: str | None) -> tuple[dt.date, dt.date]:
    """The days of a month part (a `month_parts` key); any other part is the late one."""
    if part == "early":
        return dt.date(year, month, 1), dt.date(year, month, 10)
    if part == "mid":
        return dt.date(year, month, 11), dt.date(year, month, 20)
    return dt.date(year, month, 21), _month_end(year, month)


def _year_part(year: int, part: str | None) -> tuple[dt.date, dt.date, str]:
    """The days of a year part (a `year_parts` key); no part is the whole year."""
    if part == "early":
        return dt.date(year, 1, 1), dt.date(year, 2, _month_end(year, 2).day), "part-of-year"
    if part == "late":
        return dt.date(year, 11, 1), dt.date(year, 12, 31), "part-of-year"
    if part == "first_half":
        return dt.date(year, 1, 1), dt.date(year, 6, 30), "part-of-year"
    if part == "second_half":
        return dt.date(year, 7, 1), dt.date(year, 12, 31), "part-of-year"
    if part == "mid":
        return dt.date(year, 5, 1), dt.date(year, 8, 31), "part-of-year"
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _week(ref: dt.date, weeks: int) -> tuple[dt.date, dt.date]:
    monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=weeks)
    return monday, monday + dt.timedelta(days=6)


def _month_offset(ref: dt.date, months: int) -> tuple[dt.date, dt.date]:
    index = ref.year * 12 + ref.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1), _month_end(year, month + 1)


def _relative(rule, ref, last_day):
    unit, offset = rule
    if unit == "same":
        base = last_day or ref
        if base is None:
            return None
        day = base + dt.timedelta(days=offset)
        return day, day, "day"
    if ref is None:
        return None
    if unit == "week":
        return (*_week(ref, offset), "week")
    if unit == "month":
        return (*_month_offset(ref, offset), "month")
    if unit == "year":
        return dt.date(ref.year + offset, 1, 1), dt.date(ref.year + offset, 12, 31), "year"
    day = ref + dt.timedelta(days=offset)
    return day, day, "day"


# ---- the grammar, compiled from the data -----------------------------------------------------
def _alternation(phrases, spaces: str = r"\s+") -> str:
    """One regex alternation of `phrases`, longest first (so 上个月 wins over 上月); a space in
    a phrase matches `spaces`.  No phrase: an alternation that never matches.

    Built from the phrase tables so that a phrase the pattern matches always has a rule:
    the pattern and the table cannot drift apart (they once did: "earlier this week" matched
    and then raised KeyError).
    """
    ordered = sorted(phrases, key=len, reverse=True)
    if not ordered:
        return "(?!)"
    return "|".join(re.escape(p).replace(r"\ ", spaces) for p in ordered)


def _fold(phrase: str) -> str:
    """How an English phrase is looked up: lower case, one space between words."""
    return re.sub(r"\s+", " ", phrase.lower())


def _relative_table(fold: bool, **units) -> dict:
    """phrase -> (unit, offset) for the relative lists of one language."""
    key = _fold if fold else (lambda phrase: phrase)
    return {key(phrase): (unit, offset) for unit, table in units.items() for phrase, offset in (table or {}).items()}


def _parts_table(parts, fold: bool) -> dict:
    """word -> part name (early, mid, late, first_half, second_half)."""
    if parts is None:
        return {}
    return {(word.lower() if fold else word): name
            for name, words in parts.model_dump(exclude_none=True).items() for word in words}


def _first_characters(ranges: str, characters: str, *phrase_lists) -> str:
    """A lookahead for the characters a match can start with: Python's regular expressions then
    skip straight to them (several times faster on long text), and it changes no match."""
    firsts = {re.escape(p[0]) for phrases in phrase_lists for p in (phrases or ()) if p}
    return f"(?=[{ranges}{characters}{''.join(sorted(firsts))}])"


_FIRST_WORD = re.compile(r"[a-z]*")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_ASCII_ALNUM = _ASCII_LETTERS | frozenset("0123456789")
_CASE_FOLDED = re.compile("[\u0130\u0131\u017f\u212a]")  # İ ı ſ K: match i, s or k when case is ignored
_DIGIT = re.compile(r"\d")
_DIGIT_START = re.compile(r"(?<![A-Za-z0-9])\d")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_YEAR_DIGITS = r"(?:1[89]|20)\d\d"


class DateGrammar:
    """The date words of a sources file (its `dates:` lists, typed by dashboard.base.schema),
    compiled once into the Chinese and the English pattern and the tables that resolve their
    matches.  A language without words still finds what is written in numbers (2019年4月)."""

    def __init__(self, zh: ZhDateWords | None = None, en: EnDateWords | None = None):
        self.zh = zh if zh is not None else ZhDateWords()
        self.en = en if en is not None else EnDateWords()
        zh, en = self.zh, self.en
        self.numerals = dict(zh.numerals or {})
        self.ten = zh.ten or ""
        self.zh_years = {**(zh.relative_years or {}), **(zh.years_before_a_month or {})}
        self.zh_relative = _relative_table(False, day=zh.relative_days, week=zh.relative_weeks,
                                           month=zh.relative_months, same=zh.from_last_day)
        self.zh_month_parts = _parts_table(zh.month_parts, fold=False)
        self.zh_year_parts = _parts_table(zh.year_parts, fold=False)
        self.months = {word.lower(): number for table in (en.months, en.month_abbreviations)
                       for word, number in (table or {}).items()}
        self.months_not_alone = {word.lower() for word in en.months_not_alone or ()}
        self.weekdays = {word.lower(): number for word, number in (en.weekdays or {}).items()}
        self.en_relative = _relative_table(True, day=en.relative_days, week=en.relative_weeks,
                                           month=en.relative_months, year=en.relative_years,
                                           same=en.from_last_day)
        self.en_month_parts = _parts_table(en.month_parts, fold=True)
        self.en_year_parts = _parts_table(en.year_parts, fold=True)
        # 当天, "that day": the last day-precise date before them, whichever grammar found them
        self.anaphora = {_fold(text): offset for table in (self.zh_relative, self.en_relative)
                         for text, (unit, offset) in table.items() if unit == "same"}
        self.zh_pattern = self._zh_pattern()
        self.en_pattern = self._en_pattern()
        self._en_firsts = self._en_first_words()

    def __getstate__(self):
        # ahocorasick_rs automata cannot be pickled: the engine's worker processes get the grammar
        # without it and build it again
        return {k: v for k, v in self.__dict__.items() if k != "_en_firsts"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._en_firsts = self._en_first_words()

    def __eq__(self, other) -> bool:
        return isinstance(other, DateGrammar) and (self.zh, self.en) == (other.zh, other.en)

    __hash__ = None

    def __repr__(self) -> str:  # the words, not the patterns: equal words, equal reprs
        return f"DateGrammar(zh={self.zh!r}, en={self.en!r})"

    # ---- Chinese ----
    def _zh_pattern(self) -> re.Pattern:
        zh = self.zh
        numerals = "".join(re.escape(c) for c in (*self.numerals, self.ten) if c)
        n = rf"(?:[0-9０-９]{{1,2}}|[{numerals}]{{1,3}})" if numerals else r"(?:[0-9０-９]{1,2})"
        range_ = f"(?:{_alternation(zh.range_marks or ())})"
        time_of_day = f"(?:{_alternation(zh.time_of_day or ())})"
        firsts = _first_characters("0-9０-９", numerals, zh.as_of, self.zh_years, self.zh_relative)
        return re.compile(
            rf"{firsts}(?P<prefix>{_alternation(zh.as_of or ())})?(?:"
            rf"(?:(?P<y>{_YEAR_DIGITS})年|(?P<ry>{_alternation(self.zh_years)}))?"
            rf"(?P<m>{n})月份?"
            rf"(?:(?P<d>{n})[日号](?:{range_}(?:(?P<m2>{n})月)?(?P<d2>{n})[日号])?{time_of_day}?"
            rf"|(?P<mpart>{_alternation(self.zh_month_parts)}))?"
            rf"|(?:(?P<yo>{_YEAR_DIGITS})年|(?P<ryo>{_alternation(zh.relative_years or {})}))"
            rf"(?P<ypart>{_alternation(self.zh_year_parts)})?"
            rf"|(?<![0-9０-９{numerals}月])(?P<do>{n})[日号](?:{range_}(?P<do2>{n})[日号])?{time_of_day}?"
            rf"|(?P<rel>{_alternation(self.zh_relative)})"
            rf")"
        )

    def _num(self, text: str) -> int:
        text = text.translate(_FULLWIDTH)
        if text.isdigit():
            return int(text)
        if self.ten and self.ten in text:
            tens, _, ones = text.partition(self.ten)
            return (self.numerals.get(tens, 1) if tens else 1) * 10 + (self.numerals.get(ones, 0) if ones else 0)
        if text not in self.numerals:  # 一二 (一二月份, "January and February") is not one number
            raise ValueError(f"{text!r} is not a number")
        return self.numerals[text]

    def resolve_zh(self, m: re.Match, ref: dt.date | None, last_day: dt.date | None):
        g = m.groupdict()
        if g["m"]:
            month = self._num(g["m"])
            if not 1 <= month <= 12:
                return None
            if g["y"]:
                year = int(g["y"])
            elif g["ry"]:
                if ref is None:
                    return None
                year = ref.year + self.zh_years[g["ry"]]
            elif ref is not None:
                year = _nearest_year(month, ref)
            else:
                return None
            if g["d"]:
                first = dt.date(year, month, self._num(g["d"]))
                if g["d2"]:
                    month2 = self._num(g["m2"]) if g["m2"] else month
                    return first, dt.date(year, month2, self._num(g["d2"])), "days"
                return first, first, "day"
            if g["mpart"]:
                first, last = _month_part(year, month, self.zh_month_parts.get(g["mpart"]))
                return first, last, "part-of-month"
            return dt.date(year, month, 1), _month_end(year, month), "month"
        if g["yo"] or g["ryo"]:
            if g["yo"]:
                year = int(g["yo"])
            elif ref is None:
                return None
            else:
                year = ref.year + self.zh_years[g["ryo"]]
            return _year_part(year, self.zh_year_parts.get(g["ypart"] or ""))
        if g["do"]:
            if ref is None:
                return None
            first = _bare_day(self._num(g["do"]), ref)
            if first is None:
                return None
            if g["do2"]:
                last = _bare_day(self._num(g["do2"]), ref) or first
                return first, max(first, last), "days"
            return first, first, "day"
        rule = self.zh_relative.get(g["rel"] or "")
        return None if rule is None else _relative(rule, ref, last_day)

    # ---- English ----
    def _en_pattern(self) -> re.Pattern:
        en = self.en

        def month(name):  # full names, or abbreviations with their full stop ("Sept.")
            return rf"(?P<{name}>(?:{_alternation(en.months or {})})|(?:{_alternation(en.month_abbreviations or {})})\.?)"

        def day(name):
            return rf"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"

        def year(name):
            return rf"(?P<{name}>{_YEAR_DIGITS})"

        def part(name, table):  # "late August", "mid-2021": written with plain spaces
            return rf"(?P<{name}>{_alternation(table, spaces=' ')})[\s-]"

        range_ = rf"(?:\s*(?:{_alternation(en.range_marks or ())})\s*"
        openers = {w.lower(): j.lower() for w, j in (en.range_openers or {}).items()}
        if openers:  # "between 10 and 13 September": after the opener its joining word marks the range
            opened = rf"(?:(?P<opener>{_alternation(openers)})\s+)?"
            first_range = (rf"(?:\s*(?(opener)(?:{_alternation(set(openers.values()))})"
                           rf"|(?:{_alternation(en.range_marks or ())}))\s*")
        else:
            opened, first_range = "", range_
        firsts = _first_characters("0-9", "", self.months, self.en_month_parts, self.en_year_parts,
                                   self.en_relative, self.weekdays, openers)
        return re.compile(
            firsts + r"(?<![A-Za-z0-9])(?:"
            # 13 September 2023 / 10-13 September / 10 to 13 September / between 10 and 13 September
            + opened + day("d") + first_range + day("d2") + r")?\s+(?:of\s+)?" + month("m") + r"(?:,?\s+" + year("y") + r")?"
            # September 13, 2023 / September 10-13
            + r"|" + month("m3") + r"\s+" + day("d3") + range_ + day("d4") + r")?"
            + r"(?:,?\s+" + year("y3") + r")?(?![0-9])"
            # late August 2023 / end of August
            + r"|" + part("part", self.en_month_parts) + month("m5") + r"(?:\s+" + year("y5") + r")?"
            # April 2019 / in July
            + r"|" + month("m6") + r"(?:\s+" + year("y6") + r")?"
            # late 2022 / 2019
            + r"|(?:" + part("ypart", self.en_year_parts) + r")?" + year("yo")
            + r"|(?P<rel>" + _alternation(self.en_relative) + r")"
            + r"|(?P<wd>" + _alternation(self.weekdays) + r")"
            + r")(?![A-Za-z0-9])",
            re.IGNORECASE,
        )

    def _en_first_words(self):
        """An automaton of the first words of the English phrases (months, weekdays, relative
        phrases, parts), lower case, for `en_matches`; None when a phrase opens with something
        else than a letter or a digit (then the text is searched as a whole)."""
        phrases = [*self.months, *self.weekdays, *self.en_relative, *self.en_month_parts, *self.en_year_parts,
                   *(w.lower() for w in self.en.range_openers or {})]
        firsts = set()
        for phrase in phrases:
            first = _FIRST_WORD.match(phrase.lower()).group(0)
            if not first and not phrase[:1].isdigit():
                return None
            firsts.add(first)
        firsts.discard("")
        return ahocorasick_rs.AhoCorasick(sorted(firsts)) if firsts else None

    def en_matches(self, text: str):
        """The matches of the English pattern in `text`, as `en_pattern.finditer` gives them.

        The pattern is case-insensitive and so cannot skip ahead to the letters a match starts
        with: searched as a whole it is tried at every character (a third of the time spent
        reading a text's dates).  A match starts with a digit or with the first word of a
        phrase, standing as a whole word; the pattern is tried only there, left to right, as
        finditer would.  Where lower case changes the text's length, or the text has one of the
        four letters that match a Latin one only when case is ignored (İ ı ſ K), it is searched
        as a whole."""
        lowered = text.lower()
        if self._en_firsts is None or len(lowered) != len(text) or _CASE_FOLDED.search(text):
            yield from self.en_pattern.finditer(text)
            return
        try:
            hits = self._en_firsts.find_matches_as_indexes(lowered, overlapping=True)
        except UnicodeEncodeError:  # lone surrogates: the automaton takes UTF-8 only
            yield from self.en_pattern.finditer(text)
            return
        size = len(lowered)
        starts = [s for _, s, e in hits
                  if (s == 0 or lowered[s - 1] not in _ASCII_ALNUM) and (e == size or lowered[e] not in _ASCII_LETTERS)]
        if _DIGIT.search(text):
            starts = sorted([*starts, *(m.start() for m in _DIGIT_START.finditer(text))])
        end = 0
        match = self.en_pattern.match
        for start in starts:
            if start < end:
                continue
            m = match(text, start)
            if m is not None:
                yield m
                end = m.end()

    def _month_year(self, month_text, year_text, ref):
        month = self.months[month_text.lower().rstrip(".")]
        if year_text:
            return int(year_text), month
        if ref is None:
            return None, month
        return _nearest_year(month, ref), month

    def resolve_en(self, m: re.Match, ref, last_day):
        g = m.groupdict()
        try:
            if g["m"] or g["m3"]:
                month_text, year_text = (g["m"], g["y"]) if g["m"] else (g["m3"], g["y3"])
                d1, d2 = (g["d"], g["d2"]) if g["m"] else (g["d3"], g["d4"])
                year, month = self._month_year(month_text, year_text, ref)
                if year is None:
                    return None
                first = dt.date(year, month, int(d1))
                if d2:
                    return first, dt.date(year, month, int(d2)), "days"
                return first, first, "day"
            if g["m5"]:
                year, month = self._month_year(g["m5"], g["y5"], ref)
                if year is None:
                    return None
                first, last = _month_part(year, month, self.en_month_parts.get(g["part"].lower()))
                return first, last, "part-of-month"
            if g["m6"]:
                # "May" is also a verb: a month that may be a word is only taken with a year
                if g["m6"].lower().rstrip(".") in self.months_not_alone and not g["y6"]:
                    return None
                year, month = self._month_year(g["m6"], g["y6"], ref)
                if year is None:
                    return None
                return dt.date(year, month, 1), _month_end(year, month), "month"
            if g["yo"]:
                return _year_part(int(g["yo"]), self.en_year_parts.get((g["ypart"] or "").lower()))
            if g["rel"]:
                rule = self.en_relative.get(_fold(g["rel"]))
                return None if rule is None else _relative(rule, ref, last_day)
            if g["wd"]:
                if ref is None:
                    return None
                back = (ref.isoweekday() - self.weekdays[g["wd"].lower()]) % 7
                day = ref - dt.timedelta(days=back)
                return day, day, "day"
        except ValueError:  # 31 February and the like: not a date
            return None
        return None

    def relative_phrases(self) -> list[str]:
        """Every relative phrase (昨天, "last week", 当天 …) as the data writes it."""
        zh, en = self.zh, self.en
        return [phrase for words in (zh, en)
                for table in (words.relative_days, words.relative_weeks, words.relative_months,
                              words.relative_years if words is en else None, words.from_last_day)
                for phrase in (table or {})]


# ---- reading the words -----------------------------------------------------------------------
BUNDLED_SOURCES = DATA_DIR / "sources.yaml"
DATE_WORDS = {"zh": ZhDateWords, "en": EnDateWords}  # the languages whose dates are read


@functools.cache
def bundled_grammar() -> DateGrammar:
    """The date words of the bundled data/sources.yaml, read once: for `find_dates` without a
    grammar and for a sources file without a `dates:` section (the file's problems are `check`'s)."""
    data, problems = load_yaml_file(str(BUNDLED_SOURCES))
    grammar = read_date_grammar(data, str(BUNDLED_SOURCES), problems) if isinstance(data, LineMap) else None
    return grammar or DateGrammar()


def read_date_grammar(data: LineMap, path: str, problems: list) -> DateGrammar | None:
    """The `dates:` section of a sources file compiled, or None when it has none.  As for the
    attribution lists, a language whose lists have the wrong type is left out (its dates written
    in words are not read), and a word that cannot be right (a month 13, an empty word) is left
    out of its list; each is one problem at its line."""
    raw = data.get("dates")
    if raw is None:
        return None
    if not isinstance(raw, LineMap):
        problems.append(DataProblem(path, data.line_of("dates"), "'dates' must map languages to word lists",
                                    "write 'dates: {zh: {range_marks: [至, 到]}, en: {range_marks: [to]}}'",
                                    kind=ProblemKind.TYPE))
        return DateGrammar()
    words = {}
    for lang, lists in raw.items():
        model = DATE_WORDS.get(lang)
        if model is None:
            problems.append(DataProblem(path, raw.line_of(lang), f"no dates are read in '{lang}'",
                                        f"give date words for {' or '.join(DATE_WORDS)}", kind=ProblemKind.LANGUAGE))
            continue
        typed = validate(model, lists or {}, path, f"dates '{lang}'", problems, line=raw.line_of(lang))
        if typed is None:
            continue
        for key in lists or {}:
            if key not in model.model_fields:
                problems.append(DataProblem(path, lists.line_of(key), f"unknown date list '{key}' in '{lang}'",
                                            f"use one of {', '.join(model.model_fields)}", kind=ProblemKind.INVALID))
        words[lang] = _checked(typed, lists or {}, f"dates '{lang}'", path, problems)
    return DateGrammar(words.get("zh"), words.get("en"))


_NUMBER_RANGES = {"numerals": (0, 9), "months": (1, 12), "month_abbreviations": (1, 12), "weekdays": (1, 7)}


def _checked(typed, lists: LineMap, subject: str, path: str, problems: list):
    """`typed` less the words that cannot be right, each reported at its line: an empty word, a
    numeral (or `ten`) that is not one character, a month outside 1–12, a weekday outside 1–7."""
    def keep(word, key, line, number=None) -> bool:
        problem = None
        if not word.strip():
            problem = f"{subject}: '{key}' has an empty word"
        elif key in ("numerals", "ten") and len(word) != 1:
            problem = f"{subject}: '{key}' word {word!r} is not one character"
        elif key in _NUMBER_RANGES and not _NUMBER_RANGES[key][0] <= number <= _NUMBER_RANGES[key][1]:
            low, high = _NUMBER_RANGES[key]
            problem = f"{subject}: '{key}' gives {word!r} the number {number}, outside {low}–{high}"
        if problem:
            problems.append(DataProblem(path, line, problem, "fix or remove it", kind=ProblemKind.RANGE))
        return problem is None

    def checked(value, key, where):
        if isinstance(value, list):
            return [w for i, w in enumerate(value) if keep(w, key, where.line_of(i))]
        if isinstance(value, dict):
            return {w: n for w, n in value.items() if keep(w, key, where.line_of(w), n)}
        if isinstance(value, MonthParts):
            return value.model_copy(update={part: checked(words, key, where[part])
                                            for part, words in value if words is not None})
        return value if keep(value, key, where) else None  # ten: one text

    update = {}
    for key in type(typed).model_fields:
        value = getattr(typed, key)
        if value is not None:
            where = lists[key] if isinstance(lists[key], (LineMap, LineList)) else lists.line_of(key)
            update[key] = checked(value, key, where)
    return typed.model_copy(update=update)


def find_dates(text: str, reference: dt.date | None, last_day: dt.date | None = None,
               grammar: DateGrammar | None = None) -> list[DateMention]:
    """Every temporal expression in `text` that resolves to dates.

    `last_day` is the latest day-precise date before `text` in the same passage, for
    anaphora such as 当天 or "that day".  `grammar` holds the words (a registry's
    `date_grammar`); without it, those of the bundled data/sources.yaml.
    """
    grammar = bundled_grammar() if grammar is None else grammar
    found: list[DateMention] = []
    for matches, resolve in ((grammar.zh_pattern.finditer, grammar.resolve_zh),
                             (grammar.en_matches, grammar.resolve_en)):
        for m in matches(text):
            if not m.group(0).strip():
                continue
            try:
                resolved = resolve(m, reference, last_day)
            except ValueError:  # 2月30日 and the like: not a date
                resolved = None
            if resolved is None:
                continue
            first, last, precision = resolved
            found.append(DateMention(m.group(0), m.start(), m.end(), first, last, precision))
    # Anaphora (当天, "that day") point at the nearest day-precise date before them.
    resolved = []
    for date in _longest_first(found):
        anaphor = _fold(date.text)
        if anaphor in grammar.anaphora:
            base = last_day or reference
            if base is None:
                continue
            day = base + dt.timedelta(days=grammar.anaphora[anaphor])
            date = DateMention(date.text, date.start, date.end, day, day, "day")
        if date.precision == "day":
            last_day = date.last
        resolved.append(date)
    return resolved


def _longest_first(found: list[DateMention]) -> list[DateMention]:
    """The dates that do not overlap, the longest taken first (then the leftmost), in text order.

    The two grammars can both see a date (2019 inside 2019年4月): the longest wins.  The dates
    kept are disjoint, so a new one can only overlap its neighbours among them.
    """
    starts: list[int] = []
    kept: list[DateMention] = []
    for date in sorted(found, key=lambda d: (d.start - d.end, d.start)):
        at = bisect_right(starts, date.start)
        if (at and kept[at - 1].end > date.start) or (at < len(kept) and kept[at].start < date.end):
            continue
        starts.insert(at, date.start)
        kept.insert(at, date)
    return kept
