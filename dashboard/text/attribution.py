"""Who says what, and when: sentences, their speakers, and the kind of each date.

    >>> import datetime as dt
    >>> from dashboard.text.sources import load_sources
    >>> registry, _ = load_sources("data/sources.yaml")
    >>> sents = attribute_passage("据塔斯社4日报道，绍伊古说，“为什么不呢？”", registry,
    ...                           dt.date(2023, 9, 6), outlet_id="global-times")
    >>> [(a.source, a.role) for a in sents[0].attributions], [(d.text, d.kind) for d in sents[0].dates]
    ([('tass', 'speaker'), ('sergei-shoigu', 'speaker')], [('4日', 'reported')])

Rules (the word lists live in data/sources.yaml under `attribution:`, compiled once per
grammar into an `AttributionGrammar`):
* A sentence ends at 。！？ (with any closing quotes) or at . ! ? before a space and a
  capital.  A sentence that is only a quotation joins the short "X称。" that follows it;
  a trailing credit such as （新华视觉） joins the sentence before it.
* A clause is the text between ，；：, and the like; a clause that is only a date, perhaps
  after a local-time prefix ("当天，", "当地时间5日，", "On Tuesday,"), belongs to the clause
  after it.
* A source is a *speaker* when a speech verb follows it in its clause, when it follows an
  according-to marker that opens its clause (据…, "according to …"), or when it comes
  right after a speech verb ("said TASS"), or when a sentence with a speech verb but no
  speaker opens with it (quotes and whole speaker prefixes such as 英国 aside).  It is
  *cited* when it comes right after a cite marker (援引…, 对《纽约时报》说, "citing …",
  "told …").  A source in brackets at the end of a sentence is its *credit* (（新华视觉）).
* A sentence with no source of its own *inherits* the previous attributed sentence of its
  paragraph when it contains an inherit marker (报道称, "the report said") or opens with
  an inherit opener (此外, "In addition"); otherwise it falls back to the article's outlet.
* A date is *reported* when it sits in a clause with a speaker, an according-to marker
  or right before a speech verb, and comes before that clause's speech verb, or right after
  a speaker's verb (only verb-date links such as "on" between); every other date is an
  *event* date.
* A sentence that writes no reported date has an implied one (`ImpliedDate`): the one of
  the quotation or report it continues, else its speaker's last reported date in the
  article, else, for the outlet's own words, the publication date.

Every step looks at each clause, mention and date a bounded number of times (sorted
offsets and bisection, never "every mention against every other"), so a sentence of
thousands of clauses is read in about linear time.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from dashboard.text.dates import DateGrammar, DateMention, ImpliedDate, find_dates
from dashboard.text.matching import Match, NameMatcher
from dashboard.text.sources import GRAMMAR_KEYS, SourceRegistry
from dashboard.text.speakers import SpeakerMemory, find_speakers, speaker_grammar



@lru_cache(maxsize=4)
def _sentence_end(abbreviations: tuple) -> re.Pattern:
    """Where a sentence ends: 。！？!? and their closing quotes, or a full stop before a space and a
    capital, unless it closes an abbreviation ("Lt. Michael Baylous") or an initial ("Brindell B.
    Wilkins"), which data/speakers.yaml lists (`abbreviations`)."""
    # the look-behinds stand after the full stop, so that they are tried at full stops only
    not_after = "".join(f"(?<!\\b{re.escape(a)}\\.)" for a in abbreviations) + r"(?<!\b[A-Z]\.)"
    return re.compile(rf"[。！？!?]+[”’」』\"')）]*|\.{not_after}[”’\"')]*(?=\s+[A-Z“\"‘])|\.[”’\"')]*$")

_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_QUOTE_OPEN = "“「『\"‘"
_QUOTE_CLOSE = "”」』\"’"
_ROLE_ORDER = ("speaker", "credit", "cited", "inherited", "outlet")
_OWN = ("speaker", "credit")  # roles that give a sentence a source of its own
_OPENING_MARKS = "“”\"' 　"  # quotes and spaces before a sentence's first source
_CREDIT_TAIL = "）) 。."  # what may follow a credit: closing brackets, full stops, spaces


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str  # source id
    role: str  # speaker | cited | credit | inherited | outlet


@dataclass(slots=True)
class Sentence:
    start: int  # offsets in the passage text
    end: int
    text: str
    attributions: list = field(default_factory=list)
    dates: list = field(default_factory=list)  # DateMention, offsets in the passage
    implied_reported: ImpliedDate | None = None  # when no reported date is written
    spans: list = field(default_factory=list)  # (start, end, source id) of the mentions that speak or are cited

    @property
    def sources(self) -> list[str]:
        """Source ids in order of first appearance (speakers, credits, cited, inherited, outlet)."""
        return list(dict.fromkeys(a.source for a in self.attributions))

    def dates_of_kind(self, kind: str) -> list:
        """Dates of one kind (reported / event / any), the implied reported date included
        (DateMention, and ImpliedDate, which has no text or offsets)."""
        dates = list(self.dates)
        if self.implied_reported is not None and not any(d.kind == "reported" for d in dates):
            dates.append(self.implied_reported)
        return dates if kind == "any" else [d for d in dates if d.kind == kind]


# ---- sentences and clauses -----------------------------------------------------------------
_DATELINE = re.compile(r"^\s*【[^】]*】")


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    dateline = _DATELINE.match(text)
    if dateline:  # 【本报记者 …】 opens a report: a segment of its own
        spans.append((0, dateline.end()))
        start = dateline.end()
    for m in _sentence_end(speaker_grammar().abbreviations).finditer(text, start):
        if m.end() > start:
            spans.append((start, m.end()))
            start = m.end()
            while start < len(text) and text[start].isspace():
                start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return _merge_fragments(text, spans)


def _merge_fragments(text: str, spans):
    merged: list[list[int]] = []
    for start, end in spans:
        piece = text[start:end].strip()
        if merged:
            previous = text[merged[-1][0]: merged[-1][1]].strip()
            is_credit = piece[:1] in "（(" and piece.rstrip("。.")[-1:] in "）)"
            is_quote = previous[:1] in _QUOTE_OPEN and previous[-1:] in _QUOTE_CLOSE
            if is_credit or (is_quote and len(piece) <= 24):
                merged[-1][1] = end
                continue
        merged.append([start, end])
    return [tuple(s) for s in merged]


def _within(dates: list[DateMention], starts: list[int], start: int, end: int) -> list[DateMention]:
    """The dates (sorted by start, `starts` their starts) that start in [start, end)."""
    return dates[bisect_left(starts, start): bisect_left(starts, end)]


def _without(text: str, dates, end: int) -> str:
    """`text` less every written form of the dates that end by `end`, one after the other.

    A form already found absent is not looked for again until the text changes: the same
    date written a thousand times in a clause costs one pass, not a thousand."""
    absent = set()
    for d in dates:
        if d.end > end or d.text in absent:
            continue
        shorter = text.replace(d.text, "")
        if len(shorter) == len(text):
            absent.add(d.text)
        else:
            text, absent = shorter, set()
    return text


def _clauses(sentence: str, dates: list[DateMention], local_time=()) -> list[tuple[int, int]]:
    """Clause spans; a clause that holds nothing but a date (and a local-time prefix) joins the next one.
    `dates` are in text order."""
    spans, start = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    starts = [d.start for d in dates]
    only_dates = ("", *local_time)
    merged: list[tuple[int, int]] = []
    carry = None
    for s, e in spans:
        if carry is not None:
            s, carry = carry, None
        inside = _within(dates, starts, s, e)
        if inside and _without(sentence[s:e], inside, e).strip() in only_dates:
            carry = s
            continue
        merged.append((s, e))
    if carry is not None:
        merged.append((carry, len(sentence)))
    return merged


# ---- the grammar, compiled once --------------------------------------------------------------
_LATIN = re.compile(r"[A-Za-z]")


class WordList:
    """One grammar word list, compiled once into two alternations, longest words first: the words
    that start with a Latin letter match as whole words (not inside a longer one), the others
    anywhere, all case-insensitively.  Two patterns rather than one because Python's regular
    expressions then skip ahead to the words' first letters: several times faster on long text."""

    def __init__(self, words):
        self.words = tuple(words)
        ordered = sorted(self.words, key=len, reverse=True)
        latin = [w for w in ordered if _LATIN.match(w)]
        other = [w for w in ordered if not _LATIN.match(w)]
        firsts = "".join(sorted({re.escape(w[0]) for w in latin}))
        self._patterns = []  # one for the Latin words, one for the others
        if latin:
            alternatives = "|".join(map(re.escape, latin))
            self._patterns.append(re.compile(rf"(?=[{firsts}])(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])",
                                             re.IGNORECASE))
            self._latin_end = re.compile(rf"(?<![A-Za-z])(?:{alternatives})$", re.IGNORECASE)
        else:
            self._latin_end = None
        if other:
            self._patterns.append(re.compile("|".join(map(re.escape, other)), re.IGNORECASE))
        self._starts = [re.compile(f"(?=(?:{p.pattern}))", re.IGNORECASE) for p in self._patterns]
        self._other_words = tuple(w for w in self.words if not _LATIN.match(w))  # at an end: as written
        self._tail = max(map(len, self.words), default=0) + 1  # a word at an end, and the character before it

    def find(self, text: str, start: int = 0) -> tuple[int, str] | None:
        """(position, text) of the earliest word in text[start:] (of those starting there, the longest)."""
        found = [m for m in (p.search(text, start) for p in self._patterns) if m]
        if not found:
            return None
        m = min(found, key=lambda m: (m.start(), -len(m.group(0))))
        return m.start(), m.group(0)

    def starts(self, text: str) -> list[int]:
        """Every position where a word starts, overlapping ones included, in order: the first
        one at or after p is where find(text, p) would find a word."""
        if len(self._starts) == 1:
            return [m.start() for m in self._starts[0].finditer(text)]
        return sorted({m.start() for p in self._starts for m in p.finditer(text)})

    def ends(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end], less the white space at its end, ends with a word."""
        while end > start and text[end - 1].isspace():
            end -= 1
        tail = text[max(start, end - self._tail): end]
        return bool(self._other_words and tail.endswith(self._other_words)
                    or self._latin_end and self._latin_end.search(tail))


def _only_words(words, extra: str = "", at_most_one: bool = False) -> re.Pattern:
    """A pattern whose fullmatch is text made only of whole grammar words (and `extra` characters),
    or, with at_most_one, of at most one word between whitespace."""
    alternatives = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    if at_most_one:
        return re.compile(rf"\s*(?:{'|'.join(alternatives)})?\s*" if alternatives else r"\s*")
    if extra:
        alternatives.append(f"[{re.escape(extra)}]")
    return re.compile(f"(?:{'|'.join(alternatives)})*" if alternatives else "")


class AttributionGrammar:
    """A registry's attribution word lists (all languages together), compiled once: see `grammar_of`."""

    def __init__(self, lists: dict):
        self.verbs = WordList(lists["speech_verbs"])
        # whether a speech verb can be looked for in the whole sentence for each clause (see
        # `_attributions_in_sentence`): not when one holds a clause break
        self.verbs_within_clauses = not any(_CLAUSE_BREAK.search(w) for w in self.verbs.words)
        self.according = tuple(lists["according_to"])
        self.according_words = tuple(w.lower() + " " for w in self.according)  # "according to …"
        self.according_length = max(map(len, self.according_words), default=0)
        self.cites = WordList(lists["cite_markers"])
        self.long_cites = WordList(w for w in lists["cite_markers"] if len(w) > 1)  # anywhere before the source
        self.inherit_markers = WordList(lists["inherit_markers"])
        self.inherit_openers = tuple(lists["inherit_openers"])
        self.local_time = tuple(lists["local_time"])
        self.opening_rest = _only_words(lists["speaker_prefixes"], extra=_OPENING_MARKS)
        self.verb_date_gap = _only_words(lists["verb_date_links"], at_most_one=True)
        self.longest_link = max(map(len, lists["verb_date_links"]), default=0)

    def opens_with_according(self, core: str) -> bool:
        """Whether a clause (its dates and local-time prefixes taken out) opens with an according-to marker."""
        return core.startswith(self.according) or core[:self.according_length].lower().startswith(self.according_words)


def grammar_of(registry: SourceRegistry) -> AttributionGrammar:
    """The registry's attribution grammar, compiled once per distinct set of word lists (and kept
    with the registry: gathering the lists again for every passage was ~3% of the analysis)."""
    cached = _BY_GRAMMAR.get(id(registry.grammar))
    if cached is not None and cached[0] is registry.grammar:  # (the id of a dict that is still alive)
        return cached[1]
    grammar = _compiled(tuple(registry.words(key) for key in GRAMMAR_KEYS))
    if len(_BY_GRAMMAR) > 8:
        _BY_GRAMMAR.clear()
    _BY_GRAMMAR[id(registry.grammar)] = (registry.grammar, grammar)
    return grammar


_BY_GRAMMAR: dict = {}  # id(registry.grammar) -> (that dict, its compiled grammar)


@lru_cache(maxsize=8)
def _compiled(lists: tuple) -> AttributionGrammar:
    return AttributionGrammar(dict(zip(GRAMMAR_KEYS, lists)))


# ---- one sentence: roles and date kinds --------------------------------------------------------
@dataclass
class _Speaking:
    """Where a sentence's speech verbs make a date *reported*."""

    spans: list = field(default_factory=list)  # (clause start, verb start, someone speaks in the clause)
    span_starts: list = field(default_factory=list)
    verb_ends: list = field(default_factory=list)  # ends of the verbs of clauses where someone speaks

    def add(self, clause_start: int, verb_start: int, verb_end: int, speaking: bool) -> None:
        # dates before the verb date the speaking when someone speaks in the clause;
        # otherwise only a date right before the verb does ("5日称")
        self.spans.append((clause_start, verb_start, speaking))
        self.span_starts.append(clause_start)
        if speaking:  # "TASS reported on 4 September that …"
            self.verb_ends.append(verb_end)

    def kind_of(self, d: DateMention, sentence: str, grammar: AttributionGrammar) -> str:
        # Clauses are disjoint and in order: only the last clause starting at or before the
        # date can hold it before its verb.
        at = bisect_right(self.span_starts, d.start) - 1
        if at >= 0:
            _, verb_start, speaking = self.spans[at]
            if d.end <= verb_start and (speaking or verb_start - d.end <= 3):
                return "reported"
        # A clause break stands between two verb ends, and only `longest_link` characters that
        # are not spaces may stand between a verb and its date: a few verb ends are enough.
        before = bisect_right(self.verb_ends, d.start)
        for verb_end in self.verb_ends[max(0, before - grammar.longest_link - 1): before]:
            if grammar.verb_date_gap.fullmatch(sentence, verb_end, d.start):
                return "reported"
        return "event"


def _credit_tail(sentence: str) -> int:
    """Where the sentence's closing run starts: after any offset from there on, the rest,
    less the closing brackets, full stops and spaces it opens with, is only white space."""
    at, blank = len(sentence), True  # blank: sentence[at:] is only white space
    while at > 0:
        char = sentence[at - 1]
        blank = blank and char.isspace()
        if char not in _CREDIT_TAIL and not blank:
            break
        at -= 1
    return at


def _is_credit(sentence: str, m: Match, credit_tail: int) -> bool:
    """A source in brackets that closes the sentence: （新华视觉）."""
    after = m.end
    while after < len(sentence) and sentence[after] in "。. ":
        after += 1
    before = m.start
    while before > 0 and sentence[before - 1].isspace():
        before -= 1
    return (after < len(sentence) and sentence[after] in "）)" and before > 0 and sentence[before - 1] in "（("
            and m.end >= credit_tail)


def _clause_roles(sentence: str, cs: int, ce: int, inside: list[Match], dates: list[DateMention],
                  grammar: AttributionGrammar, credit_tail: int) -> tuple[list[Attribution], bool, bool]:
    """The roles of the sources in one clause, whether one of them speaks, and whether the clause
    opens with an according-to marker."""
    clause = sentence[cs:ce]
    core = _without(clause, dates, ce)
    for prefix in grammar.local_time:
        core = core.replace(prefix, "")
    according = grammar.opens_with_according(core.lstrip(" ，,\n"))
    verb_starts = grammar.verbs.starts(clause) if inside else []
    ends = sorted(m.end for m in inside)
    found = []
    for m in inside:
        previous = bisect_right(ends, m.start)  # the last source of the clause that ends before this one
        since_last = sentence[ends[previous - 1] if previous else cs: m.start]
        next_verb = bisect_left(verb_starts, m.end - cs)
        if grammar.cites.ends(sentence, cs, m.start) or grammar.long_cites.find(since_last) is not None:
            role = "cited"
        elif according and m is inside[0]:
            role = "speaker"
        elif next_verb < len(verb_starts) and verb_starts[next_verb] - (m.end - cs) <= 25:
            role = "speaker"
        elif grammar.verbs.ends(sentence, cs, m.start):
            role = "speaker"  # "said TASS"
        elif _is_credit(sentence, m, credit_tail):
            role = "credit"
        else:
            continue
        found.append(Attribution(m.target, role))
    return found, any(a.role == "speaker" for a in found), according


def _speaker_opens_sentence(sentence: str, mentions: list[Match], found: list[Attribution],
                            grammar: AttributionGrammar) -> None:
    """A sentence with a speech verb but no speaker: the source that opens it speaks (英国《卫报》…称)."""
    if any(a.role == "speaker" for a in found) or not mentions or grammar.verbs.find(sentence) is None:
        return
    first = mentions[0]
    if grammar.opening_rest.fullmatch(sentence, 0, first.start) and not any(a.source == first.target for a in found):
        found.insert(0, Attribution(first.target, "speaker"))


def _attributions_in_sentence(sentence: str, clauses, mentions: list[Match], dates: list[DateMention],
                              grammar: AttributionGrammar, opener_speaks: bool = True
                              ) -> tuple[list[Attribution], list[DateMention]]:
    """The sentence's attributions, and its dates (in text order) with their kinds.  `opener_speaks`:
    a sentence with a speech verb and no speaker is the opening source's (off when the caller
    looks for speakers sources.yaml does not list first: ", Interfax reported" has one)."""
    found: list[Attribution] = []
    speaking = _Speaking()
    mention_starts = [m.start for m in mentions]
    date_starts = [d.start for d in dates]
    credit_tail = _credit_tail(sentence)
    verb = (-1, "")  # the first speech verb at or after the clause (position in the sentence), or None
    for cs, ce in clauses:
        inside = [m for m in mentions[bisect_left(mention_starts, cs): bisect_right(mention_starts, ce)]
                  if m.end <= ce] if mentions else []
        if not grammar.verbs_within_clauses:
            found_in = grammar.verbs.find(sentence[cs:ce])
            verb_here = None if found_in is None else (cs + found_in[0], found_in[1])
        else:
            # No verb spans a clause break, and a clause starts after one: the first verb of the
            # sentence from the clause's start on is the clause's first verb when it starts before
            # the clause ends.  One search serves every clause up to the next verb.
            if verb is not None and verb[0] < cs:
                verb = grammar.verbs.find(sentence, cs)
            verb_here = verb if verb is not None and verb[0] < ce else None
        if not inside and verb_here is None:
            continue  # no source and no speech verb: no role to give, no speaking to date
        roles, has_speaker, according = _clause_roles(sentence, cs, ce, inside, _within(dates, date_starts, cs, ce),
                                                      grammar, credit_tail)
        found.extend(roles)
        if verb_here is not None:
            speaking.add(cs, verb_here[0], verb_here[0] + len(verb_here[1]), has_speaker or according)
    if opener_speaks:
        _speaker_opens_sentence(sentence, mentions, found, grammar)
    return found, [d.with_kind(speaking.kind_of(d, sentence, grammar)) for d in dates]


# ---- a passage: what carries from sentence to sentence -----------------------------------------
@dataclass
class _PassageState:
    """What a sentence leaves to the next ones: of its passage, and (`last_reported`) of its article."""

    last_reported: dict  # source id -> the DateMention it was last reported speaking on
    last_day: dt.date | None = None  # the last day-precise date, for 当天 / "that day"
    previous_attributed: Sentence | None = None  # the last sentence with a speaker, a credit or an inherited source
    quote_owner: Sentence | None = None  # the sentence whose quotation is still open

    def follow(self, sentence: Sentence, quote_owner: Sentence | None) -> None:
        """After `sentence` (read while `quote_owner`'s quotation was open): who is attributed, which quotation is open."""
        if any(a.role in (*_OWN, "inherited") for a in sentence.attributions):
            self.previous_attributed = sentence
        opens = sum(sentence.text.count(q) for q in "“「『")
        closes = sum(sentence.text.count(q) for q in "”」』")
        if quote_owner is None and opens > closes:
            self.quote_owner = sentence
        elif quote_owner is not None and closes > opens:
            self.quote_owner = None


class _Spans:
    """Whether an offset falls in any of some (start, end) spans: their union, sorted."""

    def __init__(self, spans):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted((s, e) for s, e in spans if s < e):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def covers(self, offset: int) -> bool:
        at = bisect_right(self.starts, offset) - 1
        return at >= 0 and offset < self.ends[at]


def _sentence_dates(raw: str, start: int, reference, state: _PassageState, blocked: _Spans,
                    dates: DateGrammar) -> list[DateMention]:
    """The dates of a sentence (offsets in it) that start in no name; moves the passage's last day on."""
    found = [d for d in find_dates(raw, reference, state.last_day, dates) if not blocked.covers(d.start + start)]
    for d in found:
        if d.precision == "day":
            state.last_day = d.last
    return found


def _sentence_mentions(mentions: list[Match], starts: list[int], start: int, end: int) -> list[Match]:
    """The sources named inside [start, end), with offsets in that sentence."""
    return [Match(m.start - start, m.end - start, m.surface, m.target)
            for m in mentions[bisect_left(starts, start): bisect_right(starts, end)] if m.end <= end]


def _carried(attributions: list[Attribution], raw: str, state: _PassageState, quote_owner: Sentence | None,
             outlet_id: str | None, grammar: AttributionGrammar) -> tuple[list[Attribution], ImpliedDate | None]:
    """A sentence with no speaker or credit of its own: the speaker of the open quotation, or the
    report it continues (报道称, 此外), or the outlet; and the reported date it takes from them."""
    if any(a.role in _OWN for a in attributions):
        return attributions, None
    if quote_owner is not None:  # a quotation that runs over several sentences keeps its speaker
        return [Attribution(s, "inherited") for s in quote_owner.sources] + attributions, _reported_of(quote_owner)
    previous = state.previous_attributed
    if previous is not None and (grammar.inherit_markers.find(raw) is not None
                                 or raw.lstrip().startswith(grammar.inherit_openers)):
        # "the report said" continues the report: its first (reporting) source
        return [Attribution(previous.sources[0], "inherited")] + attributions, _reported_of(previous)
    if outlet_id:
        return [Attribution(outlet_id, "outlet")] + attributions, None
    return attributions, None


def _note_reported(sentence: Sentence, state: _PassageState, reference: dt.date | None) -> None:
    """Its first reported date becomes its speakers' last; a sentence that writes none and carries
    none takes its speaker's last, or, for the outlet's own words, the publication date."""
    own_reported = [d for d in sentence.dates if d.kind == "reported"]
    speakers = [a.source for a in sentence.attributions if a.role in _OWN]
    if own_reported:
        for source in speakers:
            state.last_reported[source] = own_reported[0]
    if sentence.implied_reported is not None or own_reported:
        return
    known = [state.last_reported[s] for s in speakers if s in state.last_reported]
    if known:
        sentence.implied_reported = ImpliedDate.of(known[0])
    elif any(a.role == "outlet" for a in sentence.attributions) and reference is not None:
        sentence.implied_reported = ImpliedDate(reference, reference, "day")


def attribute_passage(text: str, registry: SourceRegistry, reference: dt.date | None, outlet_id: str | None,
                      source_mentions: list[Match] | None = None, last_reported: dict | None = None,
                      blocked_spans=(), speakers: SpeakerMemory | None = None,
                      opening_quote_of: tuple = (), speaking_places=()) -> list[Sentence]:
    """Sentences of a passage with their sources and dated expressions.

    `source_mentions` are the registry's names found in `text` (in text order, as
    `NameMatcher.find` gives them); by default they are looked for here.
    `last_reported` maps a source id to the last date it was reported speaking in this
    article; it is read and updated, so pass the same dict for every passage in order.
    `blocked_spans` are (start, end) spans of names in which no date may start
    ("今日俄罗斯" is RT, not "today").
    `speaking_places` are (start, end) spans of more places that stand for their government when
    they speak (the world gazetteer's countries, regions and capitals: "Turkey has said"); the
    places of `blocked_spans` do so too.
    `speakers` is the article's `SpeakerMemory`: with it, speakers that sources.yaml does not
    list are found in the text too (`dashboard.text.speakers`); pass the same one for every
    passage in order.  `opening_quote_of` holds the sources whose quotation the passage
    continues when it opens with a quotation mark (the passage before left it open).
    """
    grammar = grammar_of(registry)
    if source_mentions is None:
        source_mentions = NameMatcher(registry.names()).find(text)
    mentions = sorted(source_mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    blocked = _Spans([*blocked_spans, *((m.start, m.end) for m in mentions)])
    state = _PassageState({} if last_reported is None else last_reported)
    place_spans = [*blocked_spans, *speaking_places]
    if opening_quote_of and text.lstrip()[:1] in _QUOTE_OPEN:
        state.quote_owner = Sentence(0, 0, "", [Attribution(s, "speaker") for s in opening_quote_of])
    sentences: list[Sentence] = []
    for start, end in split_sentences(text):
        raw = text[start:end]
        quote_owner = state.quote_owner
        dates = _sentence_dates(raw, start, reference, state, blocked, registry.date_grammar)
        clauses = _clauses(raw, dates, grammar.local_time)
        named = _sentence_mentions(mentions, mention_starts, start, end)
        attributions, dates = _attributions_in_sentence(raw, clauses, named, dates, grammar, speakers is None)
        own = {a.source for a in attributions}
        spans = [(m.start + start, m.end + start, m.target) for m in named if m.target in own]
        if speakers is not None:
            found = [f for f in find_speakers(raw, speakers, _inherit_spans(raw, grammar),
                                              named=[(m.start, m.end, registry.sources[m.target]) for m in named
                                                     if m.target in registry.sources],
                                              places=[(s - start, e - start) for s, e in place_spans
                                                      if start <= s and e <= end])
                     if f.source.id not in own]  # a registered source the grammar above made speak keeps its role
            attributions += [Attribution(f.source.id, f.role) for f in found]
            spans += [(f.start + start, f.end + start, f.source.id) for f in found]
            # no speaker found either: the registered source that opens the sentence speaks ("Putin
            # will meet Kim, Interfax reported" has Interfax speak, not Putin)
            opener = [a.source for a in attributions]
            _speaker_opens_sentence(raw, named, attributions, grammar)
            spans += [(m.start + start, m.end + start, m.target) for m in named
                      if m.target not in opener and any(a.source == m.target for a in attributions)]
        sentence = Sentence(start, end, raw, [], [d.shifted(start) for d in dates], spans=sorted(spans))
        attributions, sentence.implied_reported = _carried(attributions, raw, state, quote_owner, outlet_id, grammar)
        sentence.attributions = _dedupe(attributions)
        _note_reported(sentence, state, reference)
        state.follow(sentence, quote_owner)
        sentences.append(sentence)
    return sentences


def _inherit_spans(sentence: str, grammar: AttributionGrammar) -> list[tuple[int, int]]:
    """Where the registry's inherit markers stand (有官员称, "the report said"): sources.yaml says such
    words continue the report before them, so no speaker is found in them."""
    spans, at = [], 0
    while (hit := grammar.inherit_markers.find(sentence, at)) is not None:
        spans.append((hit[0], hit[0] + len(hit[1])))
        at = hit[0] + len(hit[1])
    return spans


def _reported_of(sentence: Sentence) -> ImpliedDate | None:
    dates = sentence.dates_of_kind("reported")
    return ImpliedDate.of(dates[0]) if dates else None


def _dedupe(attributions):
    best: dict[str, Attribution] = {}
    order = []
    for a in attributions:
        if a.source not in best:
            order.append(a.source)
            best[a.source] = a
        elif _ROLE_ORDER.index(a.role) < _ROLE_ORDER.index(best[a.source].role):
            best[a.source] = a
    return [best[s] for s in order]
