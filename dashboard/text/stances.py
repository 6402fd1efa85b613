"""How a sentence's source stands to what happens at a place: asserts, reports what others
say (hearsay), hedges, denies, declines to comment, says it is unconfirmed, or confirms, and
what happens there (the predicate: meet, visit, travel, ...).

Every word is in data/stances.yaml, per language; the rules are here:

    >>> read = bundled_stances().read
    >>> s = "The Kremlin denied that Kim would visit Vladivostok."
    >>> r = read(s, s.index("Vladivostok"), s.index("Vladivostok") + 11, "en")
    >>> r.stance, r.cue, r.predicate
    ('denies', 'denied', 'visit')
    >>> s = "Officials did not deny that Kim would visit Vladivostok."
    >>> read(s, s.index("Vladivostok"), s.index("Vladivostok") + 11, "en").stance
    'hedged'
    >>> s = "There is no cholera outbreak in Mindanao."
    >>> read(s, s.index("Mindanao"), s.index("Mindanao") + 8, "en").stance  # a negated event
    'denies'
    >>> s = "滨海边疆区政府目前尚未收到有关朝鲜领导人可能访问该地区的官方信息。"
    >>> read(s, 0, 5, "zh")  # the place's government doubts a visit to its ground
    StanceReading(stance='unconfirmed', cue='尚未收到', predicate='visit', scene=True)
    >>> s = "俄罗斯总统普京将出席论坛。"
    >>> read(s, 0, 3, "zh").scene  # the place only says whose president
    False
    >>> s = "哈桑村的行政人员表示，目前还没有收到为朝鲜领导人来访做准备的命令。"
    >>> read(s, 0, 3, "zh").stance  # the body of the place doubts: about its ground
    'unconfirmed'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dashboard.base.paths import DATA_DIR
from dashboard.base.yamlio import load_word_lists
from dashboard.text.matching import to_simplified

STANCES_PATH = DATA_DIR / "stances.yaml"
ASSERTS = "asserts"
QUOTES = "\"“‘'「『"  # a clause that opens with one of them is quoted content, no reporting tail
GAP = "…"  # in a cue: a few words (English) or characters (Chinese) of the same clause ("dismissed … as")
# the export's names, in the order the issue lists them (and the legend shows them)
STANCE_NAMES = ("asserts", "hearsay", "hedged", "denies", "no-comment", "unconfirmed", "confirms")
# stances that say the event happens (or may): against a denial or a doubt they make a dispute
POSITIVE = frozenset({"asserts", "hearsay", "hedged", "confirms"})
NEGATIVE = frozenset({"denies", "unconfirmed"})


@dataclass(frozen=True, slots=True)
class StanceReading:
    stance: str
    cue: str  # the words that decided it, as written ("" when the source asserts)
    predicate: str  # what happens at the place ("meet", "visit"), "" when the clause names nothing
    scene: bool = True  # False: the place only qualifies a person or body (俄罗斯总统)


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    stance: str | None  # None: a negated cue that says nothing
    negation: tuple[tuple[int, int], ...] = ()  # the spans of the negation words that negate it


class _Language:
    """One language's compiled word lists."""

    def __init__(self, data: dict, order: dict, when_negated: dict, words: bool, not_tail: frozenset = frozenset()):
        self.words = words  # English: whole words, case-insensitive; Chinese: anywhere
        self.order = order
        self.when_negated = when_negated
        self.not_tail = not_tail
        self.stance_of: dict[str, str] = {}
        self.gapped: list[tuple[re.Pattern, str]] = []  # cues in parts: "dismissed … as", 没有…安排
        for stance, phrases in (data.get("cues") or {}).items():
            for phrase in phrases or ():
                if GAP in str(phrase):
                    self.gapped.append((self._gapped(str(phrase)), stance))
                else:
                    self.stance_of.setdefault(self._key(phrase), stance)
        self.cue = self._pattern(self.stance_of)
        self.negations = tuple(sorted((str(w) for w in data.get("negations") or ()), key=len, reverse=True))
        self.negation_window = int(data.get("negation_window") or 3)
        self.negative_subject = self._pattern(data.get("negative_subjects") or (), anchored=None)
        self.contrast = self._contrast(data.get("contrast") or (), data.get("contrast_as_time") or {})
        self.topic = self._pattern(data.get("topic_marks") or ())
        self.clause_marks = str(data.get("clause_marks") or ",;")
        self.clause_words = self._pattern(data.get("clause_words") or ())
        # the clause words that open a second predicate of the same subject ("and may", "and was"):
        # what the sentence says next about the place's happening, read as one more claim
        self.second_predicate = self._pattern([w for w in data.get("clause_words") or () if str(w).startswith("and ")])
        self.relative = self._pattern(data.get("relative_opens") or ())
        self.complement = self._pattern(data.get("complement_opens") or ())
        self.apposition = self._ending(data.get("apposition_nouns") or (), r"\s*,\s*")
        joins = "|".join(re.escape(str(w)) for w in data.get("list_joins") or ())
        # ", Pennsylvania and": capitalised words, then a join word or another comma
        self.list_item = re.compile(r",\s*(?:[A-Z][\w.'’-]*\s+){1,4}(?:" + joins + r")\b|,\s*(?:[A-Z][\w.'’-]*\s+){0,3}"
                                    r"[A-Z][\w.'’-]*\s*,") if joins and words else None
        self.setting_opens = self._pattern(data.get("setting_opens") or (), anchored=None)
        self.setting_ends = tuple(str(w) for w in data.get("setting_ends") or ())
        self.tail = int(data.get("reporting_tail") or 0)
        self.not_here = self._pattern(data.get("not_here") or ())
        self.not_here_gap = int(data.get("not_here_gap") or 0)
        negated = data.get("negated_event") or {}
        self.event_negation = self._pattern(negated.get("words") or ())
        self.event_after_place = self._pattern(negated.get("after_place") or ())
        self.not_subject_after = self._pattern(negated.get("not_subject_after") or ())
        self.event_not_negation = self._pattern(negated.get("not_negations") or ())
        breaks = self._pattern(negated.get("breaks") or ())  # and the contrast words (as read above: "not yet" is none)
        self.event_breaks = breaks if self.contrast is None else self.contrast if breaks is None else \
            re.compile(f"{breaks.pattern}|{self.contrast.pattern}", breaks.flags)
        self.event_before = int(negated.get("before") or 0)
        self.event_after = int(negated.get("after") or 0)
        self.predicate_of: dict[str, str] = {}
        for label, phrases in (data.get("predicates") or {}).items():
            for phrase in phrases or ():
                self.predicate_of.setdefault(self._key(phrase), str(label))
        self.predicate = self._pattern(self.predicate_of)
        self.not_scene = self._pattern(data.get("not_the_scene") or (), anchored=True)
        self.own_ground = self._pattern(data.get("own_ground") or (), anchored=True)

    def normal(self, sentence: str) -> str:
        """The sentence as the word lists are written, character for character (the spans hold):
        Chinese in simplified characters; English with a typographic apostrophe as a plain one
        ("didn’t" is "didn't", a negation)."""
        return sentence.replace("’", "'") if self.words else to_simplified(sentence)

    def _key(self, phrase) -> str:
        return str(phrase).lower() if self.words else str(phrase)

    def _pattern(self, phrases, anchored: bool | None = False) -> re.Pattern | None:
        """anchored: True, words that follow a place (Russia's president, 俄罗斯的总统); None,
        words that open a stretch of text (matched after its spaces); False, anywhere."""
        listed = sorted({self._key(p) for p in phrases}, key=len, reverse=True)
        if not listed:
            return None
        body = "|".join(re.escape(p) for p in listed)
        if self.words:
            body = rf"(?<![\w'])(?:{body})(?![\w'])"
        if anchored:
            body = r"(?:['’]s)?\s*(?:" + body + ")" if self.words else "的?(?:" + body + ")"  # Russia's president, 俄罗斯的总统
        elif anchored is None:
            body = r"\W*(?:" + body + ")"
        return re.compile(body, re.IGNORECASE if self.words else 0)

    def _contrast(self, phrases, as_time: dict) -> re.Pattern | None:
        """The contrast words.  One of `as_time` (English) is none when one of its `before` words
        follows it ("-ing": a verb in -ing) or one of its `after` words comes right before it: "caught
        it while travelling in Peru", "has not yet spread" set a time."""
        listed = {self._key(p) for p in phrases}
        timed = {self._key(w): rule or {} for w, rule in as_time.items() if self._key(w) in listed} if self.words else {}
        plain = self._pattern([p for p in listed if p not in timed])
        if not timed:
            return plain
        bodies = []
        for word, rule in sorted(timed.items(), key=lambda item: len(item[0]), reverse=True):
            body = re.escape(word)
            before = [r"[a-z]+ing(?![\w'])" if w == "-ing" else re.escape(self._key(w)) + (r"(?![\w'])" if w[-1:].isalnum() else "")
                      for w in rule.get("before") or ()]
            if before:
                body += r"(?!\s*(?:" + "|".join(before) + "))"
            for w in rule.get("after") or ():  # fixed-width look-behinds, one per word
                w = self._key(w)
                body = (rf"(?<!(?<![\w']){re.escape(w)}\s)" if w.isalpha() else rf"(?<!{re.escape(w)}\s)") + body
            bodies.append(body)
        body = rf"(?<![\w'])(?:{'|'.join(bodies)})(?![\w'])" + (f"|{plain.pattern}" if plain is not None else "")
        return re.compile(body, re.IGNORECASE)

    def _ending(self, phrases, tail: str) -> re.Pattern | None:
        """One of the phrases, then `tail`, at the end of a text (searched in the text before a place)."""
        listed = sorted({self._key(p) for p in phrases}, key=len, reverse=True)
        if not listed or not self.words:
            return None
        return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(p) for p in listed) + ")" + tail + r"$", re.IGNORECASE)

    def _gapped(self, phrase: str) -> re.Pattern:
        """A cue in parts: up to 4 words (English) or 15 characters of one clause (Chinese)
        between them."""
        parts = [re.escape(self._key(part).strip()) for part in phrase.split(GAP)]
        if self.words:
            return re.compile(r"(?<![\w'])" + r"(?:\W+[\w']+){0,4}?\W+".join(parts) + r"(?![\w'])", re.IGNORECASE)
        return re.compile("[^，,；;：:。！？]{0,15}?".join(parts))

    def _negated(self, sentence: str, start: int) -> tuple[tuple[int, int], ...]:
        """The spans of the negation words that negate the cue at `start`: one just before it, or
        a negative subject that opens its clause ("No casualties have yet been confirmed in China");
        () when it is not negated."""
        before = sentence[:start]
        if self.negative_subject is not None:
            opening = max((before.rfind(mark) for mark in self.clause_marks), default=-1) + 1
            if (subject := self.negative_subject.match(sentence, opening)) and subject.end() <= start:
                return (subject.span(),)  # not the cue's own first word ("No date has been set")
        if self.words:
            tail = list(re.finditer(r"[\w']+", before))[-self.negation_window:]
            return tuple(w.span() for w in tail
                         if w.group().lower() in self.negations or w.group().lower().endswith("n't"))
        negation = next((n for n in self.negations if before.endswith(n)), None)
        return ((start - len(negation), start),) if negation else ()

    def cues(self, sentence: str) -> list[_Cue]:
        """The cues of the sentence, in order; a cue in parts hides the words inside it
        (没有会晤的安排 is a denial, not a plan)."""
        spans = [(m.start(), m.end(), stance) for pattern, stance in self.gapped for m in pattern.finditer(sentence)]
        if self.cue is not None:
            spans += [(m.start(), m.end(), self.stance_of[self._key(m.group())]) for m in self.cue.finditer(sentence)
                      if not any(s <= m.start() < e for s, e, _ in spans)]
        found = []
        for start, end, stance in sorted(spans):
            if found and start < found[-1].end:
                continue
            negation = self._negated(sentence, start)
            if negation:
                stance = self.when_negated.get(stance, stance)
            found.append(_Cue(start, end, stance, negation))
        return found

    def event_negations(self, sentence: str, cues: list[_Cue]) -> list[re.Match]:
        """The negation words of the sentence that negate an event, not a cue: neither inside a
        cue ("not confirmed", 没有收到) nor negating one ("did not deny", "No casualties have been
        confirmed"), nor part of a word that negates nothing ("not only", 无人机)."""
        if self.event_negation is None:
            return []
        taken = [(c.start, c.end) for c in cues] + [span for c in cues for span in c.negation]
        if self.event_not_negation is not None:
            taken += [m.span() for m in self.event_not_negation.finditer(sentence)]
        return [m for m in self.event_negation.finditer(sentence)
                if not any(s < m.end() and m.start() < e for s, e in taken)]

    def ends_with(self, pattern: re.Pattern | None, text: str) -> bool:
        """Whether the text's last word (English) or its end (Chinese) is one of the pattern's."""
        if pattern is None:
            return False
        return any(m.end() == len(text.rstrip()) for m in pattern.finditer(text.rstrip()))

    def span_size(self, text: str) -> int:
        """Words (English) or characters (Chinese) of the text."""
        return len(re.findall(r"[\w']+", text)) if self.words else len(text.strip())


class StanceGrammar:
    """data/stances.yaml, compiled once per language."""

    NOT_HERE = "denies"  # the event is put elsewhere: "instead of Paris"
    NEGATED = "denies"  # a negated event whose clause names the place: "There is no outbreak in X"
    HEDGE = "hedged"  # a hedge right before the negation keeps it a possibility: "may not be held in X"

    def __init__(self, data: dict):
        listed = [str(s) for s in data.get("stances") or ()]
        order = {stance: rank for rank, stance in enumerate(listed)}
        negated = dict(data.get("when_negated") or {})
        not_tail = frozenset(str(s) for s in data.get("not_in_tail") or ())
        self.route_status = {str(k): str(v) for k, v in (data.get("route_status") or {}).items()}
        self.languages = {"en": _Language(data.get("en") or {}, order, negated, True, not_tail),
                          "zh": _Language(data.get("zh") or {}, order, negated, False, not_tail)}

    def read(self, sentence: str, start: int, end: int, lang: str, own_ground: bool = False) -> StanceReading:
        """The stance of the sentence's source toward what happens at the place written at
        `start:end` of `sentence`, with the cue that decided it and the predicate.

        A place that qualifies a person (俄罗斯总统, "Russian President") is not the scene; one
        that qualifies a body that holds it (its government, police, administration) is, when
        that body confirms, denies or doubts something ("Vancouver police have confirmed",
        滨海边疆区政府尚未收到…), or when the place names the speaker (`own_ground`:
        哈桑村的行政人员表示…): then the cues after it up to the sentence's end (or a contrast
        word) govern it.
        """
        words = self.languages.get(lang) or self.languages["en"]
        written = sentence
        sentence = words.normal(sentence)
        cues = words.cues(sentence)
        if words.apposition is not None and (noun := words.apposition.search(sentence, max(0, start - 40), start)):
            start = noun.start()  # "the capital, Port-au-Prince": read where the capital is
        elsewhere = self._not_here(sentence, start, words)
        if elsewhere is not None:  # "a plane to San Francisco instead of Paris"
            predicate = self._predicate(sentence, start, end, 0, len(sentence), words)
            return StanceReading(self.NOT_HERE, written[elsewhere[0]:elsewhere[1]], predicate)
        clause_start, clause_end = self._clause(sentence, start, end, words)
        if not own_ground and self._qualifies(words.own_ground, sentence, end):
            spoken = any(c.stance is not None and end <= c.start for c in cues)
            if not spoken:
                return StanceReading(ASSERTS, "", "", scene=False)
            own_ground = True
        elif not own_ground and self._qualifies(words.not_scene, sentence, end):
            return StanceReading(ASSERTS, "", "", scene=False)
        if not own_ground and words.topic is not None and words.topic.search(sentence, clause_start, start):
            own_ground = True  # a topic the rest of the sentence answers
        if own_ground:
            contrast = words.contrast.search(sentence, end) if words.contrast is not None else None
            clause_end = contrast.start() if contrast else len(sentence)
        since = self._after_contrast(sentence, start, words, cues)
        tail = self._tail(sentence, end, words, cues)
        best: _Cue | None = None
        for cue in cues:
            governs = (since <= cue.start < start and not self._in_relative(sentence, cue.end, start, words)) \
                or (end <= cue.start < clause_end) or cue.start >= tail
            if not governs or cue.stance is None:
                continue
            if best is None or words.order.get(cue.stance, 99) < words.order.get(best.stance, 99):
                best = cue
        negation = self._negated_event(sentence, start, end, clause_end, words, cues)
        if negation is not None and (best is None or words.order.get(self.NEGATED, 99) < words.order.get(best.stance, 99)):
            best = _Cue(negation[0], negation[1], self.NEGATED)
        predicate = self._predicate(sentence, start, end, clause_start, clause_end, words)
        if best is None:
            return StanceReading(ASSERTS, "", predicate)
        return StanceReading(best.stance, written[best.start:best.end], predicate)

    def read_all(self, sentence: str, start: int, end: int, lang: str, own_ground: bool = False,
                 elsewhere=()) -> list[StanceReading]:
        """`read`, then one more reading for each second predicate of the place's clause whose
        stance or predicate differs: "An explosion in Shiraz injured 37 people and may have been
        caused by a gas leak" asserts the explosion and hedges its cause.  A second predicate that
        names another place (`elsewhere`: the (start, end) of the sentence's other places) is that
        place's: "The troops entered Aleppo and may enter Idlib"."""
        main = self.read(sentence, start, end, lang, own_ground)
        words = self.languages.get(lang) or self.languages["en"]
        if not main.scene or words.second_predicate is None or own_ground:
            return [main]
        written = sentence
        sentence = words.normal(sentence)
        _, at = self._clause(sentence, start, end, words)
        if words.second_predicate.match(sentence, at) is None:
            return [main]  # the common case: no second predicate, no second look at the cues
        readings = [main]
        cues = [c for c in words.cues(sentence) if c.stance is not None]
        while at < len(sentence) and (opener := words.second_predicate.match(sentence, at)):
            following = self._clause_end(sentence, opener.end(), words)
            if any(at <= other_start < following for other_start, _ in elsewhere):
                break  # it is about another place, and so is what follows
            inside = [c for c in cues if at <= c.start < following]
            best = min(inside, key=lambda c: words.order.get(c.stance, 99)) if inside else None
            predicate = self._predicate(sentence, at, at, at, following, words)
            reading = StanceReading(best.stance if best else ASSERTS, written[best.start:best.end] if best else "", predicate)
            if (reading.predicate or best) and all((r.stance, r.predicate) != (reading.stance, reading.predicate)
                                                   for r in readings):
                readings.append(reading)
            at = following
        return readings

    @staticmethod
    def _qualifies(pattern: re.Pattern | None, sentence: str, end: int) -> bool:
        return pattern is not None and pattern.match(sentence, end) is not None

    @staticmethod
    def _clause(sentence: str, start: int, end: int, words: _Language) -> tuple[int, int]:
        """The place's clause: between clause marks, and before a word that opens a clause of
        its own ("... issued for four boys after they were allegedly taken").  A clause that only
        sets the scene of the next one ("In the Hunan city of Yueyang, ...", 金正恩离开符拉迪沃斯托克后，
        ...) reaches to the end of that one."""
        left = max((sentence.rfind(mark, 0, start) for mark in words.clause_marks), default=-1) + 1
        right = StanceGrammar._clause_end(sentence, end, words)
        opened = words.setting_opens is not None and words.setting_opens.match(sentence, left) is not None
        if right < len(sentence) and (opened or sentence[left:right].rstrip().endswith(words.setting_ends or ("\0",))):
            right = StanceGrammar._clause_end(sentence, right + 1, words)
        return left, right

    @staticmethod
    def _in_relative(sentence: str, cue_end: int, start: int, words: _Language) -> bool:
        """Whether a relative clause opens between a cue and the place ("ruled out the strain that
        has spread through birds in Asia"): it describes a noun as background, out of the cue's reach."""
        return words.relative is not None and words.relative.search(sentence, cue_end, start) is not None

    @staticmethod
    def _clause_end(sentence: str, at: int, words: _Language) -> int:
        ends = [i for i in (sentence.find(mark, at) for mark in words.clause_marks) if i >= 0]
        while ends and words.list_item is not None and min(ends) < len(sentence) \
                and sentence[min(ends)] == "," and words.list_item.match(sentence, min(ends)):
            listed = min(ends)  # "in Washington, Pennsylvania and California": one clause
            ends = [i for i in ends if i != listed]
            if (following := sentence.find(",", listed + 1)) >= 0:
                ends.append(following)
        if words.clause_words is not None and (opener := words.clause_words.search(sentence, at)):
            ends.append(opener.start())
        return min(ends) if ends else len(sentence)

    @staticmethod
    def _after_contrast(sentence: str, start: int, words: _Language, cues: list[_Cue]) -> int:
        """Where the cues that govern the place may start: after the last contrast word before
        it (a contrast word inside a cue, "has yet to confirm", is none)."""
        if words.contrast is None:
            return 0
        last = 0
        for m in words.contrast.finditer(sentence, 0, start):
            if not any(c.start <= m.start() < c.end for c in cues):
                last = m.end()
        return last

    @staticmethod
    def _tail(sentence: str, end: int, words: _Language, cues: list[_Cue]) -> int:
        """Where a reporting tail starts: the sentence's last clause when it is short and ends
        with who tells it and how (", reports say.", ", the ministry denied on Monday."), which
        governs the whole sentence; len(sentence) when there is none.  Not a tail: a quoted clause
        (its words are the content), a cue with more than two words after it (", the first
        confirmed case in Kenya"), a hedge (", and may enter Idlib"), or one that a contrast word
        keeps apart from the place."""
        text = sentence.rstrip(" \t\n.。!！?？\"”’'」』)）")
        left = max((text.rfind(mark) for mark in words.clause_marks), default=-1) + 1
        clause = text[left:].strip()
        size = len(re.findall(r"[\w']+", clause)) if words.words else len(clause)
        if not words.tail or left <= end or size > words.tail or clause[:1] in QUOTES:
            return len(sentence)
        if words.contrast is not None and words.contrast.search(sentence, end, len(text)):
            return len(sentence)
        for cue in cues:
            after = text[cue.end:]
            if cue.start < left or cue.stance is None or cue.stance in words.not_tail:
                continue
            if (len(re.findall(r"[\w']+", after)) if words.words else len(after.strip())) <= 2:
                return left
        return len(sentence)

    @staticmethod
    def _not_here(sentence: str, start: int, words: _Language) -> tuple[int, int] | None:
        """The span of the words right before the place (up to `not_here_gap` words or characters
        between) that put the event elsewhere: "instead of Paris", "but not in Hong Kong",
        而不是在莫斯科."""
        if words.not_here is None:
            return None
        if words.words:
            gap = re.compile(r"\s+(?:[\w'.-]+\s+){0,%d}$" % words.not_here_gap)
            for m in words.not_here.finditer(sentence, max(0, start - 60), start):
                if gap.match(sentence, m.end(), start):
                    return m.span()
            return None
        for m in words.not_here.finditer(sentence, max(0, start - 12), start):
            if start - m.end() <= words.not_here_gap:
                return m.span()
        return None

    @staticmethod
    def _negated_event(sentence: str, start: int, end: int, clause_end: int, words: _Language,
                       cues: list[_Cue]) -> tuple[int, int] | None:
        """The span of a negation of the event at the place, in the place's clause: before the
        place, at most `before` words or characters from it ("There is no outbreak in X", "did not
        meet in Oslo", 不允许外国军队进驻X), or right after a place that is the subject ("Fiji has no
        cases", X既不是…), with no break between (a clause or contrast word, what someone said or
        knew, a relative: "no claim of responsibility for the attacks in X", "did not say whether
        troops entered X").  A negation that belongs to a cue is the cue's, and one right after a
        hedge ("may not be held in Vienna", 可能不会) leaves a possibility, not a denial."""
        if words.event_negation is None:
            return None
        left = max((sentence.rfind(mark, 0, start) for mark in words.clause_marks), default=-1) + 1
        breaks = words.event_breaks

        def broken(a: int, b: int) -> bool:
            if breaks is not None and breaks.search(sentence, a, b):
                return True
            return words.clause_words is not None and words.clause_words.search(sentence, a, b) is not None

        hedges = [c.end for c in cues if c.stance == StanceGrammar.HEDGE]
        negations = [n for n in words.event_negations(sentence, cues)  # "may not be held": a hedge
                     if not any(h <= n.start() and words.span_size(sentence[h:n.start()]) <= 1 for h in hedges)]
        subject = words.negative_subject.match(sentence, left) if words.negative_subject is not None else None
        for m in negations:
            if left <= m.start() and m.end() <= start:
                near = words.span_size(sentence[m.end():start]) <= words.event_before
                # a negative subject that opens the clause negates its event however far the place
                # ("No one was hurt in the fire at the depot in X")
                opens = subject is not None and subject.end() == m.end()
                if (near or opens or StanceGrammar._opens_complement(sentence, m.start(), words)) \
                        and not broken(m.end(), start):
                    return m.span()
        if words.event_after_place is not None and not words.ends_with(words.not_subject_after, sentence[left:start]):
            for m in words.event_after_place.finditer(sentence, end, clause_end):
                if words.span_size(sentence[end:m.start()]) > words.event_after or broken(end, m.start()):
                    break
                if any(m.start() <= n.start() and n.end() <= m.end() for n in negations):
                    following = re.match(r"\W*(?:[\w']+\W+){0,2}" if words.words else ".{0,2}", sentence[m.end():])
                    if not broken(m.end(), m.end() + following.end()):
                        return m.span()
        return None

    @staticmethod
    def _opens_complement(sentence: str, at: int, words: _Language) -> bool:
        """Whether the negation at `at` opens a reported clause: "confirm that neither ...",
        "said that there was no ..." (at most two words between)."""
        if words.complement is None or not words.words:
            return False
        return any(words.span_size(sentence[m.end():at]) <= 2 for m in words.complement.finditer(sentence, max(0, at - 30), at))

    @staticmethod
    def _predicate(sentence, start, end, clause_start, clause_end, words: _Language) -> str:
        if words.predicate is None:
            return ""
        best, distance = "", None
        for m in words.predicate.finditer(sentence, clause_start, clause_end):
            gap = m.start() - end if m.start() >= end else start - m.end()
            if gap < 0:
                continue
            if distance is None or gap < distance:
                best, distance = words.predicate_of[words._key(m.group())], gap
        return best


@lru_cache(maxsize=4)
def stance_grammar(path: str = str(STANCES_PATH)) -> StanceGrammar:
    return StanceGrammar(load_word_lists(path))


def bundled_stances() -> StanceGrammar:
    return stance_grammar()
