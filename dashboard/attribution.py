"""Who says what, and when: sentences, their speakers, and the kind of each date.

    >>> import datetime as dt
    >>> from dashboard.sources import load_sources
    >>> registry, _ = load_sources("data/sources.yaml")
    >>> sents = attribute_passage("据塔斯社4日报道，绍伊古说，“为什么不呢？”", registry,
    ...                           dt.date(2023, 9, 6), outlet_id="global-times")
    >>> [(a.source, a.role) for a in sents[0].attributions], [(d.text, d.kind) for d in sents[0].dates]
    ([('tass', 'speaker'), ('sergei-shoigu', 'speaker')], [('4日', 'reported')])

Rules (the word lists live in data/sources.yaml under `attribution:`):
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
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import DateMention, find_dates
from .matching import Match, NameMatcher
from .sources import SourceRegistry

_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』\"')）]*|\.[”’\"')]*(?=\s+[A-Z“\"‘])|\.[”’\"')]*$")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_QUOTE_OPEN = "“「『\"‘"
_QUOTE_CLOSE = "”」』\"’"
_ROLE_ORDER = ("speaker", "credit", "cited", "inherited", "outlet")


@dataclass(frozen=True)
class Attribution:
    source: str  # source id
    role: str  # speaker | cited | credit | inherited | outlet


@dataclass
class Sentence:
    start: int  # offsets in the passage text
    end: int
    text: str
    attributions: list = field(default_factory=list)
    dates: list = field(default_factory=list)  # DateMention, offsets in the passage
    implied_reported: DateMention | None = None  # when no reported date is written

    @property
    def sources(self) -> list[str]:
        """Source ids in order of first appearance (speakers, credits, cited, inherited, outlet)."""
        return list(dict.fromkeys(a.source for a in self.attributions))

    def dates_of_kind(self, kind: str) -> list[DateMention]:
        """Dates of one kind (reported / event / any), the implied reported date included."""
        dates = list(self.dates)
        if self.implied_reported is not None and not any(d.kind == "reported" for d in dates):
            dates.append(self.implied_reported)
        return dates if kind == "any" else [d for d in dates if d.kind == kind]


_DATELINE = re.compile(r"^\s*【[^】]*】")


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    dateline = _DATELINE.match(text)
    if dateline:  # 【本报记者 …】 opens a report: a segment of its own
        spans.append((0, dateline.end()))
        start = dateline.end()
    for m in _SENTENCE_END.finditer(text, start):
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


def _clauses(sentence: str, dates: list[DateMention], local_time=()) -> list[tuple[int, int]]:
    """Clause spans; a clause that holds nothing but a date (and a local-time prefix) joins the next one."""
    spans, start = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    merged: list[tuple[int, int]] = []
    carry = None
    for s, e in spans:
        if carry is not None:
            s, carry = carry, None
        rest = sentence[s:e]
        for d in dates:
            if s <= d.start and d.end <= e:
                rest = rest.replace(d.text, "")
        if rest.strip() in ("", *local_time) and any(s <= d.start < e for d in dates):
            carry = s
            continue
        merged.append((s, e))
    if carry is not None:
        merged.append((carry, len(sentence)))
    return merged


def _find_word(words, text: str, start: int = 0):
    """(position, word) of the earliest grammar word in text[start:], Latin words on word boundaries."""
    best = None
    for word in words:
        pattern = re.escape(word)
        if re.match(r"[A-Za-z]", word):
            pattern = rf"(?<![A-Za-z]){pattern}(?![A-Za-z])"
        m = re.compile(pattern, re.IGNORECASE).search(text, start)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group(0))
    return best


def _ends_with_word(words, text: str) -> bool:
    text = text.rstrip()
    for word in words:
        if re.match(r"[A-Za-z]", word):
            if re.search(rf"(?<![A-Za-z]){re.escape(word)}$", text, re.IGNORECASE):
                return True
        elif text.endswith(word):
            return True
    return False


_OPENING_MARKS = "“”\"' 　"  # quotes and spaces before a sentence's first source


def _only_words(words, extra: str = "", at_most_one: bool = False) -> re.Pattern:
    """A pattern whose fullmatch is text made only of whole grammar words (and `extra` characters),
    or, with at_most_one, of at most one word between whitespace."""
    alternatives = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    if at_most_one:
        return re.compile(rf"\s*(?:{'|'.join(alternatives)})?\s*" if alternatives else r"\s*")
    if extra:
        alternatives.append(f"[{re.escape(extra)}]")
    return re.compile(f"(?:{'|'.join(alternatives)})*" if alternatives else "")


def _attributions_in_sentence(sentence: str, clauses, mentions: list[Match], dates, registry):
    verbs = registry.words("speech_verbs")
    according = registry.words("according_to")
    cites = registry.words("cite_markers")
    local_time = registry.words("local_time")
    opening_rest = _only_words(registry.words("speaker_prefixes"), extra=_OPENING_MARKS)
    verb_date_gap = _only_words(registry.words("verb_date_links"), at_most_one=True)
    found: list[Attribution] = []
    reported_spans: list[tuple[int, int, bool]] = []
    reported_after: list[int] = []
    for index, (cs, ce) in enumerate(clauses):
        clause = sentence[cs:ce]
        inside = [m for m in mentions if cs <= m.start and m.end <= ce]
        verb = _find_word(verbs, clause)
        core = clause
        for d in dates:
            if cs <= d.start and d.end <= ce:
                core = core.replace(d.text, "")
        for prefix in local_time:
            core = core.replace(prefix, "")
        core = core.lstrip(" ，,\n")
        opens_with_according = any(core.startswith(w) or core.lower().startswith(w.lower() + " ") for w in according)
        has_speaker = False
        for m in inside:
            before = sentence[cs: m.start]
            after_verb = _find_word(verbs, clause, m.end - cs)
            since_last = before[max((p.end - cs for p in inside if p.end <= m.start), default=0):]
            if _ends_with_word(cites, before) or any(len(w) > 1 and _find_word([w], since_last) for w in cites):
                role = "cited"
            elif opens_with_according and m is inside[0]:
                role = "speaker"
            elif after_verb is not None and after_verb[0] - (m.end - cs) <= 25:
                role = "speaker"
            elif _ends_with_word(verbs, before):
                role = "speaker"  # "said TASS"
            elif sentence[m.end:].lstrip("。. ").startswith(("）", ")")) and sentence[:m.start].rstrip().endswith(("（", "(")) \
                    and not sentence[m.end:].lstrip("）) 。.").strip():
                role = "credit"
            else:
                continue
            has_speaker |= role == "speaker"
            found.append(Attribution(m.target, role))
        if verb is not None:
            speaking = has_speaker or opens_with_according
            verb_start, verb_end = cs + verb[0], cs + verb[0] + len(verb[1])
            # dates before the verb date the speaking when someone speaks in the clause;
            # otherwise only a date right before the verb does ("5日称")
            reported_spans.append((cs, verb_start, speaking))
            if speaking:  # "TASS reported on 4 September that …"
                reported_after.append(verb_end)
    if not any(a.role == "speaker" for a in found) and mentions and _find_word(verbs, sentence) is not None:
        first = mentions[0]
        if opening_rest.fullmatch(sentence[: first.start]) and not any(a.source == first.target for a in found):
            found.insert(0, Attribution(first.target, "speaker"))
    kinds = []
    for d in dates:
        kind = "event"
        for start, verb_start, speaking in reported_spans:
            if start <= d.start and d.end <= verb_start and (speaking or verb_start - d.end <= 3):
                kind = "reported"
        for verb_end in reported_after:
            if d.start >= verb_end and verb_date_gap.fullmatch(sentence[verb_end: d.start]):
                kind = "reported"
        kinds.append(d.with_kind(kind))
    return found, kinds


def attribute_passage(text: str, registry: SourceRegistry, reference: dt.date | None, outlet_id: str | None,
                      source_mentions: list[Match] | None = None, last_reported: dict | None = None,
                      blocked_spans=()) -> list[Sentence]:
    """Sentences of a passage with their sources and dated expressions.

    `last_reported` maps a source id to the last date it was reported speaking in this
    article; it is read and updated, so pass the same dict for every passage in order.
    `blocked_spans` are (start, end) spans of names in which no date may start
    ("今日俄罗斯" is RT, not "today").
    """
    if source_mentions is None:
        source_mentions = NameMatcher(registry.names()).find(text)
    last_reported = {} if last_reported is None else last_reported
    inherit_markers = registry.words("inherit_markers")
    openers = registry.words("inherit_openers")
    sentences: list[Sentence] = []
    last_day = None
    previous_attributed: Sentence | None = None
    quote_owner: Sentence | None = None  # the sentence whose quotation is still open
    for start, end in split_sentences(text):
        raw = text[start:end]
        inside_quote = quote_owner
        dates = [d for d in find_dates(raw, reference, last_day)
                 if not any(bs <= d.start + start < be for bs, be in blocked_spans)
                 and not any(m.start <= d.start + start < m.end for m in source_mentions)]
        for d in dates:
            if d.precision == "day":
                last_day = d.last
        mentions = [Match(m.start - start, m.end - start, m.surface, m.target)
                    for m in source_mentions if start <= m.start and m.end <= end]
        clauses = _clauses(raw, dates, registry.words("local_time"))
        attributions, dates = _attributions_in_sentence(raw, clauses, mentions, dates, registry)
        sentence = Sentence(start, end, raw, [], [d.shifted(start) for d in dates])
        if not any(a.role in ("speaker", "credit") for a in attributions) and inside_quote is not None:
            # a quotation that runs over several sentences keeps its speaker
            attributions = [Attribution(s, "inherited") for s in inside_quote.sources] + attributions
            sentence.implied_reported = _reported_of(inside_quote)
        elif not any(a.role in ("speaker", "credit") for a in attributions):
            inherits = previous_attributed is not None and (
                _find_word(inherit_markers, raw) is not None
                or any(raw.lstrip().startswith(o) for o in openers))
            if inherits:
                # "the report said" continues the report: its first (reporting) source
                attributions = [Attribution(previous_attributed.sources[0], "inherited")] + attributions
                sentence.implied_reported = _reported_of(previous_attributed)
            elif outlet_id:
                attributions = [Attribution(outlet_id, "outlet")] + attributions
        sentence.attributions = _dedupe(attributions)
        own_reported = [d for d in sentence.dates if d.kind == "reported"]
        speakers = [a.source for a in sentence.attributions if a.role in ("speaker", "credit")]
        for source in speakers:
            if own_reported:
                last_reported[source] = own_reported[0]
        if sentence.implied_reported is None and not own_reported:
            known = [last_reported[s] for s in speakers if s in last_reported]
            if known:
                sentence.implied_reported = _implied(known[0])
            elif any(a.role == "outlet" for a in sentence.attributions) and reference is not None:
                sentence.implied_reported = DateMention("", -1, -1, reference, reference, "day", "reported")
        if any(a.role in ("speaker", "credit", "inherited") for a in sentence.attributions):
            previous_attributed = sentence
        opens = sum(raw.count(q) for q in "“「『")
        closes = sum(raw.count(q) for q in "”」』")
        if inside_quote is None and opens > closes:
            quote_owner = sentence
        elif inside_quote is not None and closes > opens:
            quote_owner = None
        sentences.append(sentence)
    return sentences


def _implied(date: DateMention) -> DateMention:
    return DateMention("", -1, -1, date.first, date.last, date.precision, "reported")


def _reported_of(sentence: Sentence) -> DateMention | None:
    dates = sentence.dates_of_kind("reported")
    return _implied(dates[0]) if dates else None


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
