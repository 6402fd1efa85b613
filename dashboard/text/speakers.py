"""Who speaks, when sources.yaml does not say: speakers found in the text.

    >>> memory = SpeakerMemory()
    >>> found = find_speakers("Interior Minister Suleyman Soylu said the gunman was 22.", memory)
    >>> [(f.source.name, f.source.kind, f.source.title, f.role) for f in found]
    [('Suleyman Soylu', 'person', 'Interior Minister', 'speaker')]
    >>> [(f.source.name, f.role) for f in find_speakers("He added that more arrests were likely.", memory)]
    [('Suleyman Soylu', 'speaker')]
    >>> [(f.source.name, f.source.kind) for f in find_speakers("据韩国媒体报道，金正恩乘坐专列。", SpeakerMemory())]
    [('韩国媒体', 'generic')]

A speaker is a noun phrase tied to a cue by one of a few shapes; every word of the cues and of
the noun phrases lives in data/speakers.yaml, per language:

* English: "X said", "X, a spokesman for Y, said" (the apposition gives the title and the
  affiliation), "…,” said X", "according to X" / "citing X" (cited), "told X" where X is an
  outlet (cited).  A noun phrase is a run of capitalised words, name particles, titles and
  the modifiers of unnamed sources ("senior Turkish officials").
* Chinese: "X表示" (X is what stands between the clause's start and the verb, once lead words,
  dates and adverbs are taken off), 据X报道 (cited), 援引X (cited), 从X获悉 (cited).

Each phrase becomes a `Source` with a kind (person, organisation, government, outlet, generic),
a title and an affiliation where the text gives them.  `SpeakerMemory` holds one article's
speakers so that "Russian President Vladimir Putin", "Putin", "Mr Putin" and "he" in the
sentences after are one source (pronouns go to the last speaker they can stand for; a
definite description such as "the minister" to the last speaker with that title), and the
same name in two articles is one source, by its id ``found:<slug of the name>``.

The finder only ever looks at the words around a cue, so a sentence costs time in proportion to
its length.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import islice

from dashboard.base.paths import DATA_DIR
from dashboard.base.yamlio import load_word_lists
from dashboard.text.matching import to_simplified
from dashboard.text.sources import Source, speaker_kind

SPEAKERS_PATH = DATA_DIR / "speakers.yaml"
FOUND_PREFIX = "found:"
_CJK = re.compile(r"[\u3400-\u9fff]")
_TOKEN = re.compile(r"[^\W_](?:[\w'’.\-]*[^\W_])?|[^\w\s]")
_QUOTES = set("“”\"‘’「」『』")
_WORDS = re.compile(r"[^\W\d_]+")
_POSSESSIVE = re.compile(r"['’]s?$")


def found_id(name: str) -> str:
    """The id of a source found in the text, from its name.

    >>> found_id("Maria Zakharova"), found_id("国家互联网信息办公室")
    ('found:maria-zakharova', 'found:国家互联网信息办公室')
    """
    slug = re.sub(r"[\W_]+", "-", name.casefold()).strip("-")
    return FOUND_PREFIX + (slug or "unnamed")


@dataclass(frozen=True)
class FoundSpeaker:
    start: int  # the mention's span in the sentence (a pronoun's, for a resolved pronoun)
    end: int
    source: Source
    role: str  # speaker | cited


# ---- the word lists ---------------------------------------------------------------------------
class SpeakerGrammar:
    """data/speakers.yaml, compiled once."""

    def __init__(self, data: dict):
        en, zh = data.get("en") or {}, data.get("zh") or {}
        low = lambda key: frozenset(str(w).lower() for w in en.get(key) or ())  # noqa: E731
        phrases = lambda key: tuple(tuple(str(w).lower().split()) for w in en.get(key) or ())  # noqa: E731
        self.verbs = low("speech_verbs")
        self.recipient_verbs = low("recipient_verbs")
        self.recipient_markers = phrases("recipient_markers")
        self.document_verbs = low("document_verbs")
        self.statement_nouns = low("statement_nouns")
        self.adverbial = low("adverbial_sources")
        self.according = phrases("according_to")
        self.between = low("between_subject_and_verb")
        self.passive_auxiliaries = low("passive_auxiliaries")
        self.quoted_as = phrases("quoted_as")
        self.evidence_nouns = low("evidence_nouns")
        self.evidence_verbs = low("evidence_verbs")
        self.media_heads = low("media_heads")
        self.relative_pronouns = low("relative_pronouns")
        self.discovery_verbs = low("discovery_verbs")
        self.discovery_objects = low("discovery_objects")
        self.postmodifiers = phrases("generic_postmodifiers")
        self.titles = low("titles")
        self.honorifics = low("honorifics")
        self.particles = low("name_particles")
        self.generic_heads = low("generic_heads")
        self.modifiers = low("modifiers")
        self.government = low("government_words")
        self.organisation = low("organisation_words")
        self.outlet = low("outlet_words")
        self.body_words = self.government | self.organisation | self.outlet
        self.outlet_phrases, self.government_phrases, self.organisation_phrases = (
            tuple(w for w in words if " " in w) for words in (self.outlet, self.government, self.organisation))
        # the words a cue starts with: a sentence without one is not read word by word
        self.cue_words = (self.verbs | self.adverbial | self.document_verbs
                          | {w[0] for w in (*self.according, *self.recipient_markers)})
        # a sentence with none of these has no cue (each marker phrase by its longest word: "as" is everywhere)
        self.cue_filter = (self.verbs | self.adverbial | self.document_verbs
                           | {max(w, key=len) for w in (*self.according, *self.recipient_markers)})
        self.pronouns = {str(k).lower(): v for k, v in (en.get("pronouns") or {}).items()}
        self.not_names = low("not_names")
        self.gender_of = {str(k).lower(): v for k, v in (en.get("gender") or {}).items()}
        self.abbreviations = tuple(sorted({str(w) for w in en.get("abbreviations") or ()}, key=len, reverse=True))
        listed = lambda key: tuple(sorted(map(str, zh.get(key) or ()), key=len, reverse=True))  # noqa: E731
        self.zh_verbs = listed("speech_verbs")
        self.zh_verb = re.compile("|".join(map(re.escape, self.zh_verbs))) if self.zh_verbs else None
        self.zh_according = listed("according_to")
        self.zh_cites = listed("cite_markers")
        self.zh_report = listed("report_words")
        self.zh_titles = listed("titles")
        self.zh_surnames = listed("surnames")
        self.zh_person_suffixes = listed("person_suffixes")
        self.zh_organisation = listed("organisation_suffixes")
        self.zh_government = listed("government_suffixes")
        self.zh_outlet = listed("outlet_words")
        self.zh_unnamed_media = frozenset(listed("unnamed_media"))
        self.zh_generic = listed("generic_words")
        self.zh_lead = listed("lead_words")
        self.zh_adverbs = listed("adverbs")
        self.zh_negations = listed("negations")
        self.zh_adverbial = listed("adverbial_sources")
        self.zh_sides = frozenset(listed("sides"))
        self.zh_not_in_bodies = listed("not_in_bodies")
        self.zh_generic_people = frozenset(listed("generic_people"))
        self.zh_not_lead = listed("not_lead")
        self.zh_country_verbs = frozenset(listed("country_verbs"))
        self.zh_not_in_names = tuple(str(c) for c in zh.get("not_in_names") or ())
        self.zh_titles_after_name = listed("titles_after_name")
        self.zh_given_name_characters = frozenset(listed("given_name_characters"))
        self.zh_plural_suffixes = listed("plural_suffixes")
        self.zh_cite_ends = listed("cite_ends")
        self.zh_document_suffixes = listed("document_suffixes")
        self.zh_list_ends = listed("list_ends")
        coordinators = listed("coordinators")
        self.zh_coordinator = re.compile("|".join(map(re.escape, coordinators)) if coordinators else "(?!)")
        self.zh_states = frozenset(listed("states"))
        self.zh_transliteration = frozenset(str(zh.get("transliteration_characters") or ""))
        self.zh_report_or_verbs = (*self.zh_report, *self.zh_verbs)
        # where the adverbial between a speaker and its verb may start (美国国务院|星期一表示,
        # 孔泉|在…时候说, 战略与国际研究中心|公布的…监测显示): time words, prepositions, adverbs
        ends = "|".join(map(re.escape, (*listed("time_words"), *listed("subject_ends"))))
        self.zh_subject_end = re.compile(rf"(?:{ends or '(?!)'}|{_ZH_TIME})")
        self.zh_not_subject_ends = listed("not_subject_ends")
        not_verbs = listed("not_verbs")  # nouns that hold a speech verb: 发布会, 说法, 指挥官
        self.zh_not_verb = re.compile("|".join(map(re.escape, not_verbs))) if not_verbs else None
        self.gender_of.update({str(k): v for k, v in (zh.get("gender") or {}).items()})
        lead = "|".join(map(re.escape, self.zh_lead))
        markers = "|".join(map(re.escape, sorted((*self.zh_according, *self.zh_cites), key=len, reverse=True)))
        not_lead = "|".join(map(re.escape, listed("not_lead"))) or "(?!)"
        self.zh_cited_opening = re.compile(rf"\s*(?:(?!{not_lead})(?:{lead}))?(?P<marker>{markers or '(?!)'})?")
        interview_nouns = listed("interview_nouns")
        verbs, nouns = "|".join(map(re.escape, listed("interview_verbs"))), "|".join(map(re.escape, interview_nouns))
        self.zh_interview = re.compile(rf"(?:{verbs})(?P<recipient>[^，。]{{1,20}}?)的?(?:{nouns})"
                                       if verbs and nouns else "(?!)")
        self.zh_predicate_starts = listed("predicate_starts")
        self._zh_cue_words = (*self.zh_verbs, *self.zh_according, *self.zh_cites, *listed("adverbial_sources"),
                              *interview_nouns, "获悉", "了解到")
        self.zh_pronouns = dict(sorted(((str(k), v) for k, v in (zh.get("pronouns") or {}).items()),
                                       key=lambda kv: -len(kv[0])))

    @cached_property
    def zh_cue(self) -> re.Pattern:
        """The Chinese cue words in simplified and traditional characters, made at the first Chinese
        sentence (zhconv's dictionaries take ~0.3 s to load: an English story never pays it)."""
        return _any_form_of(self._zh_cue_words)


def _any_form_of(words) -> re.Pattern:
    """A pattern of the words in simplified characters and in traditional ones (zh-tw, zh-hk): a
    Chinese sentence with none of them is not read further (nor converted)."""
    forms = set(words)
    try:
        import zhconv
        forms |= {zhconv.convert(w, variant) for w in words for variant in ("zh-tw", "zh-hk")}
    except ImportError:
        pass
    return re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True)))) if forms else re.compile("(?!)")


@lru_cache(maxsize=4)
def speaker_grammar(path: str = str(SPEAKERS_PATH)) -> SpeakerGrammar:
    return SpeakerGrammar(load_word_lists(path))


# ---- one article's speakers -----------------------------------------------------------------------
@dataclass
class SpeakerMemory:
    """The speakers an article has named so far, for short forms, pronouns and descriptions."""

    sources: dict = field(default_factory=dict)  # id -> Source, in order of first mention
    by_word: dict = field(default_factory=dict)  # a person's surname or given name (lower case) -> id
    last: dict = field(default_factory=dict)  # person | group | body | any -> the id of the last such speaker
    recent: list = field(default_factory=list)  # person ids, the last one mentioned as a subject last
    gender: dict = field(default_factory=dict)  # person id -> "f" or "m", from honorifics, titles and pronouns
    gender_named: set = field(default_factory=set)  # ids whose gender the words of a mention gave (not a pronoun)
    spoken: set = field(default_factory=set)  # ids of the sources that spoke or were cited
    own_names: frozenset = frozenset()  # the article's own outlet, folded: never a source of its own article

    def is_own(self, source: Source) -> bool:
        return _folded(source.name) in self.own_names

    def found(self) -> list[Source]:
        """The sources found in the text that spoke or were cited, in order of first mention."""
        return [s for sid, s in self.sources.items() if sid in self.spoken and s.status == "found"]

    def registered(self, source: Source) -> Source:
        """A source of sources.yaml that a cue made speak, kept so that a pronoun can mean it."""
        kind = speaker_kind(source.kind)
        known = self.sources.get(source.id)
        if known is None:
            known = self.sources[source.id] = replace(source, kind=kind)
            if kind == "person":
                for word in {*_name_words(source.name)[-1:]}:
                    self.by_word.setdefault(word, source.id)
        return known

    def mentioned(self, source: Source, gender: str | None = None) -> None:
        """A person named as the subject of a sentence: the one a following "he" or "she" may mean."""
        if source.kind != "person":
            return
        if gender and source.id not in self.gender:
            self.gender[source.id] = gender
            self.gender_named.add(source.id)
        if source.id in self.recent:
            self.recent.remove(source.id)
        self.recent.append(source.id)

    def person(self, gender: str | None) -> Source | None:
        """The last person mentioned whom a pronoun of that gender can stand for."""
        recent = list(reversed(self.recent))
        if gender:  # a woman or a man named among the last few is meant before one of unknown gender
            for source_id in recent[:3]:
                # (a gender only guessed from an earlier "he" does not outrank a nearer person: 他 after
                # 金浩庸说 is 金浩庸, not the minister whom an earlier 他 meant)
                if self.gender.get(source_id) == gender and source_id in self.gender_named:
                    return self.sources[source_id]
        for source_id in recent:
            if gender is None or self.gender.get(source_id, gender) == gender:
                if gender:
                    self.gender.setdefault(source_id, gender)
                return self.sources[source_id]
        return None

    def known(self, name: str, kind: str, title: str | None, affiliation: str | None) -> Source:
        """The source of a name just read: a person already met under a fuller or shorter name is that person."""
        words = _name_words(name)
        if kind == "person" and words:
            for word in (words[-1], words[0]) if len(words) == 1 else (words[-1],):
                earlier = self.by_word.get(word)
                if earlier is None:
                    continue
                old = self.sources[earlier]
                old_words = _name_words(old.name)
                if len(words) == 1 or _contains(words, old_words) or _contains(old_words, words):
                    if len(words) > len(old_words):  # the fuller name wins; the id stays
                        old = replace(old, name=name)
                    old = replace(old, title=old.title or title, affiliation=old.affiliation or affiliation)
                    self.sources[earlier] = old
                    return old
        source_id = found_id(name)
        old = self.sources.get(source_id)
        if old is not None:
            old = replace(old, title=old.title or title, affiliation=old.affiliation or affiliation)
            self.sources[source_id] = old
            return old
        source = Source(source_id, name, kind, None, {}, affiliation, title=title, status="found")
        self.sources[source_id] = source
        if kind == "person" and words:
            self.by_word.setdefault(words[-1], source_id)
            if len(words) > 1:
                self.by_word.setdefault(words[0], source_id)
        return source

    def spoke(self, source: Source) -> None:
        self.spoken.add(source.id)
        self.last["any"] = source.id
        if source.kind == "person":
            self.last["person"] = source.id
            self.mentioned(source)
        else:
            self.last["body" if source.kind != "generic" else "group"] = source.id
            if source.kind != "outlet":
                self.last["group"] = source.id
            else:
                self.last["report"] = source.id  # 报道援引…: the last outlet's report

    def person_named(self, name: str) -> Source | None:
        """A person met before whom `name` names in full or by a part of a Chinese name written with
        a dot (莱德 for 帕特·莱德): one person is one source within an article."""
        source_id = self.by_word.get(name) if _CJK.search(name) else None
        source = self.sources.get(source_id) if source_id else None
        return source if source is not None and source.kind == "person" else None

    def pronoun(self, kind: str) -> Source | None:
        source_id = self.last.get(kind)
        return self.sources.get(source_id) if source_id else None

    def described(self, head: str) -> Source | None:
        """The last speaker whose title or kind a definite description ("the minister") names."""
        head = head.lower()
        for source in reversed(list(self.sources.values())):
            if source.title and (head in source.title.lower().split() or _CJK.search(head) and head in source.title):
                return source
            if head in ("agency", "newspaper", "paper", "outlet") and source.kind == "outlet":
                return source
            if source.kind in ("government", "organisation") and head in source.name.lower().split():
                return source
        return None


def _name_words(name: str) -> list[str]:
    if _CJK.search(name):
        parts = [p for p in re.split(r"[·•・．]|(?<=[\u3400-\u9fff])\.(?=[\u3400-\u9fff])", name) if p]
        return parts if len(parts) > 1 else ([name] if name else [])
    return [w.lower() for w in re.findall(r"[^\W_][\w'’\-]*", name)]


def _contains(longer: list, shorter: list) -> bool:
    return len(shorter) <= len(longer) and all(w in longer for w in shorter)


# ---- the finder ----------------------------------------------------------------------------------
class _Taken:
    """Spans of a sentence that the finder does not read as new names: the sources sources.yaml
    lists (`named`: (start, end, Source)), which a cue makes speak as they are, and words that are
    no speaker (`blocked`: (start, end)).  Iterating gives every span."""

    def __init__(self, blocked=(), named=(), places=()):
        self.named = list(named)
        self.spans = [*blocked, *((s, e) for s, e, _ in self.named)]
        self.places = list(places)  # (start, end) of place names

    def __iter__(self):
        return iter(self.spans)

    def source_at(self, start: int, end: int) -> tuple | None:
        """(start, end, Source) of the last registered name inside or across [start, end)."""
        inside = [n for n in self.named if n[0] < end and start < n[1]]
        return inside[-1] if inside else None


def find_speakers(sentence: str, memory: SpeakerMemory, blocked=(), grammar: SpeakerGrammar | None = None,
                  named=(), places=()) -> list[FoundSpeaker]:
    """The speakers and cited sources that `sentence` names by a cue (offsets in it), in text order.

    `named` holds (start, end, Source) of the names of sources.yaml's sources in the sentence: a
    cue that points at one makes that source speak (and a later "he" can mean it); no new name is
    read across one.  `blocked` holds (start, end) spans where no speaker is found at all.
    `places` holds the (start, end) spans of place names: a place that speaks ("Ottawa has said",
    俄罗斯表示) stands for its government."""
    grammar = grammar or speaker_grammar()
    blocked = _Taken(blocked, named, places)
    if _CJK.search(sentence):
        found = _chinese(sentence, grammar, memory, blocked)
    else:
        found = _english(sentence, grammar, memory, blocked)
    seen, result = set(), []
    for speaker in sorted(found, key=lambda f: f.start):
        if speaker.source.id not in seen and not memory.is_own(speaker.source):
            seen.add(speaker.source.id)
            result.append(speaker)
            memory.spoke(speaker.source)
    return result


def _folded(name: str) -> str:
    """A name as compared with the article's outlet: case, "the" and quotation marks aside."""
    name = " ".join(re.sub(r"[《》“”\"]", "", name).casefold().split())
    return name[4:] if name.startswith("the ") else name


def own_names(names) -> frozenset:
    """The folded names of an article's outlet, for `SpeakerMemory.own_names`."""
    return frozenset(_folded(n) for n in names if n and n.strip())


def _overlaps(blocked, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in blocked)


# ---- English ---------------------------------------------------------------------------------------
class _Token:
    """A word or a mark of a sentence, with its lower-case form made once."""

    __slots__ = ("start", "end", "text", "lower", "capital", "kind_in")

    def __init__(self, start: int, end: int, text: str, lower: str):
        self.start, self.end, self.text, self.lower = start, end, text, lower
        self.capital = text[:1].isupper()
        self.kind_in = None  # (grammar, its `_word_kind`): asked of most tokens several times


def _english(sentence: str, g: SpeakerGrammar, memory: SpeakerMemory, blocked: _Taken) -> list[FoundSpeaker]:
    found: list[FoundSpeaker] = []
    if g.cue_filter.isdisjoint(_WORDS.findall(sentence.lower())):  # no cue: its words are not read one by one
        _note_subject(sentence, _tokens(sentence, limit=16), g, memory, blocked)
        return found
    tokens = _tokens(sentence)
    _note_subject(sentence, tokens, g, memory, blocked)
    cues = g.cue_words
    for i in [i for i, lower in enumerate(tokens.lowers()) if lower in cues]:
        token = tokens[i]
        according = _words_at(tokens, i, g.according)
        if according:
            phrase = _phrase_right(tokens, i + according, g, blocked)
            if phrase:
                found += _speaker(sentence, tokens, phrase, "cited", g, memory, blocked)
            continue
        heard = _words_at(tokens, i, g.recipient_markers)
        if heard:  # "in an interview with The Canadian Press": an outlet that heard it is cited
            phrase = _phrase_right(tokens, i + heard, g, blocked)
            if phrase and _heard_by_media(tokens, phrase, g):
                found += _speaker(sentence, tokens, phrase, "cited", g, memory, blocked)
            continue
        if token.lower in g.adverbial and not _overlaps(blocked, token.start, token.end):
            found.append(FoundSpeaker(token.start, token.end, memory.known(token.lower, "generic", None, None), "cited"))
            continue
        if token.lower in g.document_verbs and any(t.lower in g.statement_nouns for t in tokens[i + 1: i + 4]):
            left = _subject_left(tokens, i, g, blocked)  # "the Coptic Orthodox Church released a statement"
            if left:
                found += _speaker(sentence, tokens, left, "speaker", g, memory, blocked)
            continue
        if token.lower not in g.verbs or _inside_name(tokens, i, g):
            continue
        quoted = _quoted_as(tokens, i, g)
        if quoted is not None:  # "X was quoted as saying (by IRNA)": X speaks, IRNA is cited
            left = _subject_left(tokens, quoted, g, blocked)
            if left:
                found += _speaker(sentence, tokens, left, "speaker", g, memory, blocked)
            if i + 1 < len(tokens) and tokens[i + 1].lower == "by":
                found += _agents(sentence, tokens, i + 2, g, memory, blocked, role="cited")
            continue
        if i + 1 < len(tokens) and tokens[i + 1].lower == "by":  # "condemned by the White House"
            found += _agents(sentence, tokens, i + 2, g, memory, blocked)
            continue
        if _passive(tokens, i, g) or _evidence_shows(tokens, i, g) or _finds_a_thing(tokens, i, g):
            continue
        if i > 0 and tokens[i - 1].lower in g.recipient_verbs:
            continue
        if token.lower in g.recipient_verbs:  # "told CNN affiliate WRAL": an outlet that heard it is cited
            phrase = _phrase_right(tokens, i + 1, g, blocked)
            if phrase and _heard_by_media(tokens, phrase, g):
                found += _speaker(sentence, tokens, phrase, "cited", g, memory, blocked)
        left = _subject_left(tokens, i, g, blocked)
        if left:
            for part in _coordinated(tokens, left, g, memory, blocked):
                found += _speaker(sentence, tokens, part, "speaker", g, memory, blocked)
        elif _inverted(tokens, i):
            phrase = _phrase_right(tokens, i + 1, g, blocked)
            if phrase:
                found += _speaker(sentence, tokens, phrase, "speaker", g, memory, blocked)
            elif token.lower.endswith("ing") and tokens[i - 1].text == "," and not found:
                # "Justice Jim Henry sentenced Hickson to life, describing the crime as …": the
                # participle's speaker is the subject of the sentence
                head = _sentence_subject(tokens, i, g, blocked)
                if head:
                    found += _speaker(sentence, tokens, head, "speaker", g, memory, blocked)
    return found


def _note_subject(sentence: str, tokens, g: SpeakerGrammar, memory: SpeakerMemory, blocked) -> None:
    """A person named at the head of a sentence is who a "he" or "she" after it may mean, even when
    the sentence has no cue ("Environment Minister Shannon Phillips is reassuring Albertans …")."""
    i = 0
    while i < len(tokens) and i < 3 and (tokens[i].text in _QUOTES or tokens[i].lower in g.not_names
                                         and tokens[i].lower not in ("the", "a", "an")):
        i += 1
    while i < len(tokens) and tokens[i].lower in ("the", "a", "an"):
        i += 1
    if i >= len(tokens) or not tokens[i].capital or tokens[i].lower in g.pronouns:
        return  # no capitalised word at the head: no person named there (the cheap, common case)
    phrase = _phrase_right(tokens, i, g, blocked)
    if phrase is None or phrase.name_apposed or tokens[phrase.first].lower in g.pronouns:
        return
    if _kind(tokens, phrase, g) != "person" or _word_kind(tokens[phrase.last], g) != "name":
        return
    words = tokens[phrase.first: phrase.last + 1]
    names = [w for w in words if _word_kind(w, g) == "name"]
    if len(names) < 2 and len(names) == len(words):
        if memory.by_word.get(names[0].lower) is None:
            return  # a lone capitalised word is a person only when the article named them before
    start = words[0].start
    at = len(words)
    while at > 0 and _word_kind(words[at - 1], g) in ("name", "particle"):
        at -= 1
    if at == len(words):
        return
    name = sentence[words[at].start: words[-1].end]
    described = [w for w in words[:at] if _word_kind(w, g) != "honorific" and w.text != "."]
    title, affiliation = _title_of(sentence, described, g) if described else (None, None)
    if _overlaps(blocked, start, words[-1].end):
        return
    memory.mentioned(memory.known(name, "person", title, affiliation), _gender(words, g))


class _Tokens:
    """A sentence's words and marks, as a list of `_Token`s that makes each token when it is first
    read: the finder reads the few words around a cue and at the head of a sentence, and making
    every word of every sentence was a third of its time."""

    __slots__ = ("sentence", "lowered", "spans", "_made")

    def __init__(self, sentence: str, limit: int | None = None):
        self.sentence = sentence
        lowered = sentence.lower()
        # (a few letters change length in lower case: then each token is lowered on its own)
        self.lowered = lowered if len(lowered) == len(sentence) else None
        matches = _TOKEN.finditer(sentence)
        self.spans = [m.span() for m in (matches if limit is None else islice(matches, limit))]
        self._made: list = [None] * len(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.spans)))]
        token = self._made[index]  # (a negative index counts from the end, as in a list)
        if token is None:
            start, end = self.spans[index]
            text = self.sentence[start:end]
            lower = self.lowered[start:end] if self.lowered is not None else text.lower()
            token = self._made[index] = _Token(start, end, text, lower)
        return token

    def lowers(self) -> list[str]:
        """Every token's lower-case form, without making the tokens."""
        if self.lowered is None:
            return [self.sentence[s:e].lower() for s, e in self.spans]
        lowered = self.lowered
        return [lowered[s:e] for s, e in self.spans]


def _tokens(sentence: str, limit: int | None = None) -> _Tokens:
    """The sentence's words and marks (the first `limit` of them)."""
    return _Tokens(sentence, limit)


def _words_at(tokens, i: int, phrases) -> int:
    """The length of the first of `phrases` (tuples of lower-case words) that starts at token i, or 0."""
    first = tokens[i].lower
    for words in phrases:
        if words[0] == first and tuple(t.lower for t in tokens[i:i + len(words)]) == words:
            return len(words)
    return 0


def _agents(sentence: str, tokens, start: int, g: SpeakerGrammar, memory: SpeakerMemory, blocked,
            role: str = "speaker"):
    """The agents after a passive speech verb, "by X and Y" (each speaks, or is cited in `role`)."""
    found = []
    while start < len(tokens):
        phrase = _phrase_right(tokens, start, g, blocked)
        if phrase is None:
            break
        found += _speaker(sentence, tokens, phrase, role, g, memory, blocked)
        nxt = phrase.last + 1
        if nxt < len(tokens) and tokens[nxt].lower == "and":
            start = nxt + 1
        else:
            break
    return found


def _heard_by_media(tokens, phrase: _Phrase, g: SpeakerGrammar) -> bool:
    """The one told is an outlet ("told CNN") or unnamed media ("told state television")."""
    return _kind(tokens, phrase, g) == "outlet" or tokens[phrase.last].lower in g.media_heads


def _inside_name(tokens, i: int, g: SpeakerGrammar) -> bool:
    """A capitalised verb form right after a capitalised name word is part of a name ("the United
    States", "Consumer Reports"), not a verb."""
    return (i > 0 and tokens[i].capital and tokens[i - 1].capital
            and _word_kind(tokens[i - 1], g) == "name")


def _passive(tokens, i: int, g: SpeakerGrammar) -> bool:
    """The verb at i is a passive ("police were called to", "Tillerson was told"): its subject is
    who is told, asked or called, and speaks no statement (a passive without an agent is no source)."""
    if tokens[i].lower.endswith("ing"):
        return False  # "officials are saying": a progressive, active
    j = i - 1
    while j >= 0 and (_manner_adverb(tokens[j]) or tokens[j].lower in g.between
                      and tokens[j].lower not in g.passive_auxiliaries):
        j -= 1  # "was also told", "were later asked"
    return j >= 0 and tokens[j].lower in g.passive_auxiliaries


def _quoted_as(tokens, i: int, g: SpeakerGrammar) -> int | None:
    """When the verb at i ends "quoted as saying", the index of the first of those words, else None."""
    for words in g.quoted_as:
        first = i - len(words) + 1
        if first >= 0 and tokens[i].lower == words[-1] and tuple(
                t.lower for t in tokens[first: i + 1]) == words:
            return first
    return None


def _finds_a_thing(tokens, i: int, g: SpeakerGrammar) -> bool:
    """"Police found the victim": a discovery, not a statement ("the study found that …" is one)."""
    return (tokens[i].lower in g.discovery_verbs and i + 1 < len(tokens)
            and tokens[i + 1].lower in g.discovery_objects)


def _evidence_shows(tokens, i: int, g: SpeakerGrammar) -> bool:
    """"Videos published on social media showed …": evidence shows, no one says (the clause's words
    before the verb hold an evidence noun)."""
    if tokens[i].lower not in g.evidence_verbs:
        return False
    j = i - 1
    while j >= 0 and tokens[j].text not in ",;:“”\"()" and i - j <= 12:
        if tokens[j].lower in g.evidence_nouns:
            return True
        j -= 1
    return False


def _inverted(tokens, i: int) -> bool:
    """A verb that opens its clause after a quotation or a comma: "…,” said X" / ", said X"."""
    return i == 0 or tokens[i - 1].text in _QUOTES or tokens[i - 1].text in ",;:"


@dataclass
class _Phrase:
    first: int  # token indices, inclusive
    last: int
    apposition: tuple | None = None  # (first, last) of ", a spokesman for Y,"
    name_apposed: bool = False  # the apposition is the description and first..last the name ("the sheriff, X,")
    registered: tuple | None = None  # (start, end, Source): the phrase is the name of a sources.yaml source


def _manner_adverb(token) -> bool:
    """A lower-case adverb in -ly between a subject and its verb ("the office vehemently denied")."""
    return len(token.lower) > 4 and token.lower.endswith("ly") and not token.capital and token.text.isalpha()


def _subject_left(tokens, verb: int, g: SpeakerGrammar, blocked) -> _Phrase | None:
    """The speaker of the verb at `verb`, read leftwards: a document's author, the phrase next to the
    verb (with the words that may stand between them skipped), or one before a relative clause."""
    j = verb - 1
    while j >= 0 and (tokens[j].lower in g.between or _manner_adverb(tokens[j])):
        j -= 1
    if j > 0 and tokens[j].lower in g.statement_nouns:
        author = _document_author(tokens, j, g, blocked)
        if author is not None:
            return author
    return _subject_ending_at(tokens, j, g, blocked) or _subject_before_relative(tokens, verb, g, blocked)


def _document_author(tokens, noun: int, g: SpeakerGrammar, blocked) -> _Phrase | None:
    """Who wrote the document that speaks: "a CBC investigation revealed", "a Reuters report said",
    "the federal government's own projections predict" (a name or a body before the noun)."""
    j = noun - 1
    if tokens[j].lower == "own":
        j -= 1
    if j < 0:
        return None
    token = tokens[j]
    possessive = token.lower.endswith(("'s", "’s"))
    if not (possessive or _word_kind(token, g) == "name" or _overlaps(blocked, token.start, token.end)):
        return None
    author = _phrase_left(tokens, j, g, blocked)
    if author is None or (not possessive and _kind(tokens, author, g) == "person"
                          and not author.registered and not token.text.isupper()):
        return None  # "the Smith report": a person's name before a report is its subject as often as its author
    return author


def _sentence_subject(tokens, before: int, g: SpeakerGrammar, blocked) -> _Phrase | None:
    """The noun phrase that opens the sentence (after an opening adverbial up to a comma: "This
    afternoon, Justice Jim Henry sentenced …") when a lower-case word, its verb, follows it."""
    start = 0
    comma = next((k for k in range(min(before, 6)) if tokens[k].text == ","), None)
    if comma is not None and (tokens[0].lower in g.not_names or tokens[0].lower in g.between):  # "On Friday,"
        start = comma + 1
    phrase = _phrase_right(tokens, start, g, blocked)
    if phrase is None or phrase.last + 1 >= before or phrase.apposition:
        return None
    after = tokens[phrase.last + 1]
    return phrase if after.text.isalpha() and not after.capital else None


def _coordinated(tokens, phrase: _Phrase, g: SpeakerGrammar, memory: SpeakerMemory, blocked) -> list[_Phrase]:
    """The speakers a coordinated subject joins, each one a source ("the White House and the
    Pentagon", "residents, activists and medical staff", "Senator John McCain and Senator Lindsey
    Graham"); the phrase itself when it joins none.  Capitalised words joined by "and" ("Procter
    and Gamble", "Center for Law and Justice") are one name unless "the" opens the second part,
    both parts are bodies, a title marks a person, or the article named one of them as a person."""
    if phrase.name_apposed:
        return [phrase]
    ands = [] if phrase.registered else [a for a in range(phrase.first + 1, phrase.last) if tokens[a].lower == "and"]
    opening = phrase.first
    if phrase.registered:  # its token is the last of the registered name: start where the name starts
        while opening > 0 and tokens[opening - 1].start >= phrase.registered[0]:
            opening -= 1
    if opening > 0 and tokens[opening - 1].lower == "the":
        opening -= 1
    if not ands and opening >= 2 and tokens[opening - 1].lower == "and" and (
            tokens[opening].lower == "the" or phrase.registered):  # "the Foreign Ministry and the Defence Ministry"
        before = _phrase_left(tokens, opening - 2, g, blocked)
        if before is not None and not _overlaps(blocked, tokens[before.first].start, tokens[before.last].end):
            return [before, phrase]
        return [phrase]
    if len(ands) != 1:
        return [phrase]
    at = ands[0]
    left_last, right_first = tokens[at - 1], at + 1
    while right_first < phrase.last and tokens[right_first].lower in ("the", "a", "an"):
        right_first += 1

    def kind(at: int, alone: bool) -> str | None:  # a capitalised title alone in its part is a name ("Justice")
        word = _word_kind(tokens[at], g)
        return "name" if alone and word == "title" and tokens[at].capital else word

    left_kind = kind(at - 1, alone=phrase.first == at - 1)
    right_kind = kind(right_first, alone=right_first == phrase.last)
    if left_kind not in ("name", "head", "title") or right_kind not in ("name", "head", "title", "honorific",
                                                                       "modifier"):
        return [phrase]
    if left_kind == "name" and tokens[right_first].capital:
        # capitalised words on both sides are one name ("Procter and Gamble", "Center for Law and
        # Justice") unless "the" opens the second, both are bodies, a title marks a person, or the
        # article named a person so
        sides = ((phrase.first, at - 1), (right_first, phrase.last))
        the_second = right_first > at + 1
        bodies = all(any(t.lower in g.body_words for t in tokens[a:b + 1]) for a, b in sides)
        titled = any(a < b and any(_word_kind(t, g) in ("title", "honorific") for t in tokens[a:b + 1])
                     for a, b in sides)
        known = any(memory.by_word.get(_POSSESSIVE.sub("", t.lower)) for t in (left_last, tokens[phrase.last]))
        if not (the_second or bodies or titled or known):
            return [phrase]
    parts = [_Phrase(phrase.first, at - 1), _Phrase(right_first, phrase.last, phrase.apposition)]
    k = phrase.first - 1  # "residents, activists and medical staff": the items before, one per comma
    while k >= 1 and tokens[k].text == "," and len(parts) < 6 and _word_kind(tokens[k - 1], g) in ("name", "head"):
        item = _phrase_left(tokens, k - 1, g, blocked)
        if item is None:
            break
        parts.insert(0, item)
        k = item.first - 1
    return parts


def _subject_before_relative(tokens, verb: int, g: SpeakerGrammar, blocked) -> _Phrase | None:
    """The speaker before a relative clause that stands between it and its verb: "a police official
    who asked not to be named told CNN", "Turkey's foreign ministry, which summoned the envoy, said"."""
    for k in range(verb - 1, max(-1, verb - 24), -1):
        token = tokens[k]
        if token.text in ";:“”\"()" or token.text == "." and not _abbreviation_stop(tokens, k, g):
            return None
        if token.lower in g.relative_pronouns:
            end = k - 1 if k > 0 and tokens[k - 1].text == "," else k
            if end <= 0 or any(t.lower in g.verbs for t in tokens[k + 2: verb]):
                return None  # another speech verb inside the clause: it is that verb's business
            return _postmodified_left(tokens, end - 1, g, blocked) or _phrase_left(tokens, end - 1, g, blocked)
    return None


def _subject_ending_at(tokens, j: int, g: SpeakerGrammar, blocked) -> _Phrase | None:
    """The subject whose last token (or the comma closing its apposition) is token j."""
    if j < 0 or (tokens[j].capital and tokens[j].lower.endswith(("'s", "’s"))):
        return None  # "Qatar's heavily criticized system": a possessive, no subject
    apposition = None
    if tokens[j].text == ",":
        if j > 0 and tokens[j - 1].text in _QUOTES:
            return None
        k = j - 1
        while k >= 0 and j - k <= 16 and (tokens[k].text not in ",;:.“”\"()" or _abbreviation_stop(tokens, k, g)):
            k -= 1
        if k < 0 or tokens[k].text != "," or k + 1 >= j:
            return None
        opener = tokens[k + 1]
        if any(t.lower in g.verbs for t in tokens[k + 1: j]):
            return None  # ", the official news agency IRNA reported, adding": a reporting clause, no apposition
        named = _past_titles(tokens, k + 1, j - 1, g)  # "…, Detective Senior Sergeant Glen Horan, agrees"
        if _is_name_run(tokens, named, j - 1, g) and _word_kind(tokens[k - 1], g) in ("title", "head"):
            # "The county's sheriff, Brindell B. Wilkins Jr., told": the name is the apposition
            described = _phrase_left(tokens, k - 1, g, blocked)
            if described:
                return _Phrase(named, j - 1, (described.first, described.last), name_apposed=True)
        if _is_name_run(tokens, named, j - 1, g):
            title_at = _described_by_title(tokens, k - 1, g)
            if title_at is not None:  # "The head of fire department in Shiraz, Mohammad Farokhzadeh, told"
                return _Phrase(named, j - 1, (title_at, k - 1), name_apposed=True)
        participle = not opener.capital and opener.lower.endswith(("ed", "ing"))  # ", based in Linn County,"
        if not (opener.lower in ("a", "an", "the", "who") or opener.lower in g.titles or participle
                or opener.text.isdigit() or _word_kind(opener, g) == "modifier"):
            return None
        apposition = (k + 1, j - 1)
        j = k - 1
    phrase = _postmodified_left(tokens, j, g, blocked) or _phrase_left(tokens, j, g, blocked)
    if phrase:
        phrase.apposition = apposition
    return phrase


def _postmodifier_at(tokens, i: int, g: SpeakerGrammar) -> int:
    """The length of the postmodifier of an unnamed source ("familiar with", "close to") at token i, or 0."""
    return _words_at(tokens, i, g.postmodifiers) if i < len(tokens) else 0


def _postmodifier_end(tokens, i: int, length: int) -> int:
    """The last token of a postmodifier starting at i: its words, then its object up to a mark or a verb."""
    end = i + length - 1
    while end + 1 < len(tokens) and end - i < length + 6 and tokens[end + 1].text not in ",;:.“”\"()" \
            and (tokens[end + 1].text[:1].isalnum() or tokens[end + 1].text in ("'s", "’s")):
        end += 1
    return end


def _postmodified_left(tokens, end: int, g: SpeakerGrammar, blocked) -> _Phrase | None:
    """"multiple sources familiar with the transition process (tell CNN)": an unnamed source whose
    head stands before a postmodifier that ends at token `end`."""
    for head in range(end - 1, max(-1, end - 10), -1):
        if tokens[head].text in ",;:“”\"()":
            return None
        length = _postmodifier_at(tokens, head + 1, g)
        if length and _word_kind(tokens[head], g) == "head" and head + length <= end:
            phrase = _phrase_left(tokens, head, g, blocked)
            return _Phrase(phrase.first, end) if phrase else None
    return None


def _past_titles(tokens, first: int, last: int, g: SpeakerGrammar) -> int:
    """Where a name starts after the titles and honorifics that open tokens first..last."""
    at = first
    while at < last and _word_kind(tokens[at], g) in ("title", "honorific"):
        at += 1
    return at


def _described_by_title(tokens, end: int, g: SpeakerGrammar) -> int | None:
    """Where the description that ends at token `end` starts, when it opens a clause with a title
    followed by "of"/"for"/"at"/"in" ("the head of fire department in Shiraz"), else None."""
    at = end
    while at > 0 and end - at < 10 and tokens[at - 1].text not in ",;:“”\"()":
        at -= 1
    while at < end and tokens[at].lower in ("the", "a", "an"):
        at += 1
    opening = at
    while at < end and _word_kind(tokens[at], g) in ("modifier", "title") and tokens[at + 1].lower not in (
            "of", "for", "at", "in"):
        at += 1  # "the foreign minister of Libya"
    if at < end and _word_kind(tokens[at], g) == "title" and tokens[at + 1].lower in ("of", "for", "at", "in"):
        return opening
    return None


_DOTTED_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])+")


def _abbreviation_stop(tokens, k: int, g: SpeakerGrammar) -> bool:
    """Token k is the full stop of an initial or an abbreviation ("B.", "Jr.", "Lt."), not a sentence's."""
    return (tokens[k].text == "." and k > 0
            and (len(tokens[k - 1].text) == 1 and tokens[k - 1].text.isupper() or tokens[k - 1].text in g.abbreviations
                 or _DOTTED_INITIALS.fullmatch(tokens[k - 1].text) is not None))  # "U.N.", "E.U."


def _is_name_run(tokens, first: int, last: int, g: SpeakerGrammar) -> bool:
    """Tokens first..last are one person's name: capitalised words, initials, particles."""
    if last < first or not tokens[first].capital:
        return False
    names = 0
    for t in tokens[first: last + 1]:
        kind = _word_kind(t, g)
        if kind == "name":
            names += 1
        elif not (kind == "particle" or t.text == "."):
            return False
    return names >= 1


def _word_kind(token: _Token, g: SpeakerGrammar) -> str | None:
    """What a token may be inside a speaker's phrase: name, title, head, modifier, particle; None: no part."""
    known = token.kind_in
    if known is not None and known[0] is g:
        return known[1]
    kind = _read_word_kind(token, g)
    token.kind_in = (g, kind)
    return kind


def _read_word_kind(token: _Token, g: SpeakerGrammar) -> str | None:
    lower = _POSSESSIVE.sub("", token.lower) if token.lower.endswith(("'s", "’s")) else token.lower
    if token.text in ("-", "&"):
        return "particle"
    if lower in g.titles:
        return "title"
    if lower in g.honorifics:
        return "honorific"
    if lower in g.generic_heads:
        return "head"
    if token.capital and lower not in g.not_names and token.text[0].isalpha():
        return "name"
    if lower in g.particles:
        return "particle"
    if lower in g.not_names:
        return None  # "who", "its": no part of a name written in lower case
    if lower in g.modifiers or lower in g.government or lower in g.organisation or lower in g.outlet:
        return "modifier"
    return None


def _registered_phrase(tokens, at: int, taken: _Taken) -> _Phrase | None:
    """The phrase of a registered source's name that token `at` is part of, or None."""
    hit = taken.source_at(tokens[at].start, tokens[at].end)
    return _Phrase(at, at, registered=hit) if hit else None


def _phrase_left(tokens, end: int, g: SpeakerGrammar, blocked) -> _Phrase | None:
    """The noun phrase that ends at token `end`, read leftwards."""
    head = tokens[end]
    if head.text == "." and _abbreviation_stop(tokens, end, g):  # "the E.U. promised": its last letter is the head
        phrase = _phrase_left(tokens, end - 1, g, blocked)
        return _Phrase(phrase.first, end) if phrase is not None else None
    if head.lower in g.pronouns:
        return _Phrase(end, end)
    if _overlaps(blocked, head.start, head.end):
        return _registered_phrase(tokens, end, blocked)
    kind = _word_kind(head, g)
    if kind not in ("name", "title", "head") and not (kind == "modifier" and _POSSESSIVE.sub("", head.lower) in
                                                     g.body_words):
        return None
    first = end
    while first > 0:
        before = tokens[first - 1]
        if _overlaps(blocked, before.start, before.end):
            break
        if before.text == "." and first >= 2 and _word_kind(tokens[first - 2], g) in ("title", "honorific", "name"):
            first -= 1  # "Lt." "U.N."
            continue
        if (before.lower == "the" and first >= 3 and tokens[first - 2].lower in ("of", "for")
                and _word_kind(tokens[first - 3], g) == "title"):
            first -= 3  # "the head of the medical emergency center": a title of a body
            continue
        if before.lower in ("of", "for", "at", "and", "in") and first >= 2:
            left = tokens[first - 2]
            if _word_kind(left, g) in ("name", "title", "modifier", "head") and (
                    tokens[first].capital or before.lower == "and"):
                first -= 1
                continue
            break
        if _word_kind(before, g) is None and f"{before.lower} {tokens[first].lower}" not in g.titles:
            break  # ("prime minister": a title of two words)
        first -= 1
    while first < end and (tokens[first].lower in ("of", "for", "at", "and", "in", "-", ".")
                           or tokens[first].lower in g.not_names):
        first += 1
    return _Phrase(first, end)


def _phrase_right(tokens, start: int, g: SpeakerGrammar, blocked) -> _Phrase | None:
    """The noun phrase that starts at token `start` (after "the" or "a"), read rightwards."""
    i = start
    while i < len(tokens) and (tokens[i].lower in ("the", "a", "an")
                               or tokens[i].lower in g.not_names and tokens[i].lower in g.modifiers
                               and i + 1 < len(tokens) and _word_kind(tokens[i + 1], g) == "head"):
        i += 1  # "two sources", "several officials": the count is not part of the name
    if i >= len(tokens):
        return None
    if tokens[i].lower in g.pronouns:
        return _Phrase(i, i)
    if _overlaps(blocked, tokens[i].start, tokens[i].end):
        return _registered_phrase(tokens, i, blocked)
    last = None
    j = i
    while j < len(tokens):
        token = tokens[j]
        if _overlaps(blocked, token.start, token.end):
            break
        kind = _word_kind(token, g)
        if kind is None and token.text == "." and last is not None and _word_kind(tokens[last], g) in (
                "title", "honorific", "name") and len(tokens[last].text) <= 4:
            j += 1
            continue
        if kind is None and token.lower in ("of", "for", "at") and j + 1 < len(tokens) and tokens[j + 1].capital:
            j += 1
            continue
        if kind is None:
            break
        if kind in ("name", "title", "head") or token.lower in g.body_words:
            last = j
        j += 1
    if last is None:
        return None
    postmodifier = _postmodifier_at(tokens, last + 1, g)
    if postmodifier and _word_kind(tokens[last], g) == "head":  # "two sources familiar with his thinking"
        last = _postmodifier_end(tokens, last + 1, postmodifier)
    phrase = _Phrase(i, last)
    if last + 2 < len(tokens) and tokens[last + 1].text == "," and _word_kind(tokens[last], g) == "title":
        stop = last + 2
        while stop < len(tokens) and (_word_kind(tokens[stop], g) in ("name", "particle") or tokens[stop].text == "."):
            stop += 1
        if stop > last + 2 and _is_name_run(tokens, last + 2, stop - 1, g):
            return _Phrase(last + 2, stop - 1, (i, last), name_apposed=True)
    if last + 2 < len(tokens) and tokens[last + 1].text == ",":
        k = last + 2
        if tokens[k].lower in ("a", "an", "the") or tokens[k].lower in g.titles:
            stop = k
            while stop < len(tokens) and stop - k < 14 and tokens[stop].text not in ",;:.“”\"()":
                stop += 1
            phrase.apposition = (k, stop - 1)
    return phrase


def _kind(tokens, phrase: _Phrase, g: SpeakerGrammar) -> str:
    words = [_POSSESSIVE.sub("", t.lower) for t in tokens[phrase.first: phrase.last + 1]]
    text = " ".join(words)
    head = tokens[phrase.last]
    if _titled_name(tokens, phrase, g):
        return "person"  # "Russian Foreign Ministry spokeswoman Maria Zakharova", "CIA Director John Brennan"
    inside = tokens[phrase.first: phrase.last]
    if any(_word_kind(tokens[at], g) == "head" and _postmodifier_at(tokens, at + 1, g)
           for at in range(phrase.first, phrase.last)):
        return "generic"  # "sources familiar with the matter"
    if len(inside) > 1 and _word_kind(inside[0], g) == "title" and inside[1].lower in ("of", "for"):
        return "generic"  # "the head of the medical emergency center": an unnamed holder of a role
    for at, token in enumerate(inside[:-1]):
        if token.lower in g.generic_heads and inside[at + 1].lower in ("in", "of", "at", "from", "for") or (
                token.lower in g.generic_heads and at + 1 == len(inside) and tokens[phrase.last].lower in g.particles):
            return "generic"  # "Officials in Ankara", "residents of Aleppo"
    if head.lower in g.generic_heads and (not head.capital or phrase.first == phrase.last):
        return "generic"
    for kind, single, several in (("outlet", g.outlet, g.outlet_phrases), ("government", g.government, g.government_phrases),
                                  ("organisation", g.organisation, g.organisation_phrases)):
        if not single.isdisjoint(words) or any(o in text for o in several):
            return kind
    if _word_kind(head, g) == "title":
        return "generic"
    name_tokens = [t for t in tokens[phrase.first: phrase.last + 1] if _word_kind(t, g) == "name"]
    if len(name_tokens) == 1 and name_tokens[0].text.isupper() and len(name_tokens[0].text) > 1:
        return "organisation"
    if any(t.lower == "and" for t in inside):
        return "organisation"  # "Procter and Gamble": no person's name holds "and" (_coordinated split the others)
    return "person"


def _title_of(sentence: str, words, g: SpeakerGrammar) -> tuple[str | None, str | None]:
    """(title, affiliation) of a description: "a spokesman for the Naval Observatory",
    "the foreign minister of Libya", "BC Hydro's president"."""
    words = [w for w in words if w.lower not in ("a", "an", "the")]
    if not words:
        return None, None
    for cut, word in enumerate(words):
        if word.lower in ("for", "of", "at", "with") and 0 < cut < len(words) - 1:
            affiliation = sentence[words[cut + 1].start: words[-1].end]
            return sentence[words[0].start: words[cut - 1].end], affiliation.removeprefix("the ")
    for cut, word in enumerate(words):
        if word.lower.endswith(("'s", "’s")) and cut < len(words) - 1:
            return (sentence[words[cut + 1].start: words[-1].end],
                    _POSSESSIVE.sub("", sentence[words[0].start: word.end]))
    cut = len(words)
    while cut > 0 and (_word_kind(words[cut - 1], g) == "title" or words[cut - 1].lower in g.modifiers
                       ) and words[cut - 1].lower not in g.body_words:
        cut -= 1
    if 0 < cut < len(words):  # "Russian Foreign Ministry spokeswoman": the body, then the title
        return sentence[words[cut].start: words[-1].end], sentence[words[0].start: words[cut - 1].end]
    return sentence[words[0].start: words[-1].end], None


def _titled_name(tokens, phrase: _Phrase, g: SpeakerGrammar) -> bool:
    """The phrase ends with a name after a title or an honorific: a person."""
    at = phrase.last
    while at >= phrase.first and _word_kind(tokens[at], g) in ("name", "particle") and tokens[at].lower not in (
            g.body_words):
        at -= 1
    return phrase.first <= at < phrase.last and (_word_kind(tokens[at], g) in ("title", "honorific")
                                                  or tokens[at].text == "." and at > phrase.first
                                                  and _word_kind(tokens[at - 1], g) in ("title", "honorific"))


def _speaker(sentence: str, tokens, phrase: _Phrase, role: str, g: SpeakerGrammar, memory: SpeakerMemory,
             blocked) -> list[FoundSpeaker]:
    if phrase.registered:
        start, end, source = phrase.registered
        return [FoundSpeaker(start, end, memory.registered(source), role)]
    first, last = tokens[phrase.first], tokens[phrase.last]
    start, end = first.start, last.end
    if _overlaps(blocked, start, end):
        return []
    if phrase.name_apposed:
        d_first, d_last = phrase.apposition
        described = tokens[d_first: d_last + 1]
        title, affiliation = _title_of(sentence, described, g)
        name = sentence[start:end].strip(" ,")
        source = memory.known(name, "person", title, affiliation)
        memory.mentioned(source, _gender(described, g))
        return [FoundSpeaker(start, end, source, role)]
    if phrase.first == phrase.last and first.lower in g.pronouns:
        kind = g.pronouns[first.lower]
        source = memory.person(g.gender_of.get(first.lower)) if kind == "person" else memory.pronoun(kind)
        if source is None and g.pronouns[first.lower] == "group":
            source = memory.pronoun("body")
        return [FoundSpeaker(start, end, source, role)] if source else []
    kind = _kind(tokens, phrase, g)
    words = tokens[phrase.first: phrase.last + 1]
    place = [(s, e) for s, e in blocked.places if s <= start and end <= e]
    if place and kind in ("person", "organisation"):  # "Ottawa has said", "Iran demanded": its government
        return [FoundSpeaker(start, end, memory.known(sentence[start:end], "government", None, None), role)]
    definite = phrase.first > 0 and tokens[phrase.first - 1].lower in ("the", "this", "that")
    if kind == "generic" and _word_kind(last, g) == "title" and definite:
        earlier = memory.described(last.lower)
        if earlier is not None:
            return [FoundSpeaker(start, end, earlier, role)]
    if kind in ("government", "organisation", "outlet") and definite and len(words) == 1:
        earlier = memory.described(last.lower)
        if earlier is not None:
            return [FoundSpeaker(start, end, earlier, role)]
    title, affiliation = None, None
    name = sentence[start:end]
    if kind == "person":
        # the name is the run of name words at the end; titles, honorifics and the body before it are not
        at = len(words)
        while at > 0 and _word_kind(words[at - 1], g) in ("name", "particle") or (
                at > 0 and words[at - 1].text == "." and at > 1 and len(words[at - 2].text) == 1):
            at -= 1
        while at < len(words) and _word_kind(words[at], g) == "particle" and words[at].text in ("-", "."):
            at += 1
        if at == len(words):
            return []
        name = sentence[words[at].start:end]
        prefix = [w for w in words[:at] if _word_kind(w, g) != "honorific" and w.text != "."]
        if prefix:
            cut = len(prefix)
            while cut > 0 and (_word_kind(prefix[cut - 1], g) == "title" or prefix[cut - 1].lower in g.modifiers
                               ) and prefix[cut - 1].lower not in g.body_words:
                cut -= 1
            title_words = prefix[cut:]
            if title_words:
                title = sentence[title_words[0].start: title_words[-1].end]
            if prefix[:cut]:
                affiliation = _POSSESSIVE.sub("", sentence[prefix[0].start: prefix[cut - 1].end])
    elif kind == "generic":
        name = sentence[start:end]
        if len(words) > 2 and _word_kind(words[0], g) == "title" and words[1].lower in ("of", "for"):
            title, affiliation = _title_of(sentence, words, g)  # "a spokesman for the Naval Observatory"
        for at, token in enumerate(words[:-1]):
            if token.lower in ("in", "of", "at", "from", "for") and at > 0 and words[at - 1].lower in g.generic_heads:
                name = sentence[start: words[at - 1].end]  # "Officials in Ankara": officials, of Ankara
                affiliation = sentence[words[at + 1].start: end]
                break
    if phrase.apposition:
        a_first, a_last = phrase.apposition
        apposed = tokens[a_first: a_last + 1]
        lowered = [t.lower for t in apposed]
        for cut, word in enumerate(lowered):
            if word in ("for", "of", "at", "with") and cut > 0:
                title = title or " ".join(t.text for t in apposed[:cut] if t.lower not in ("a", "an", "the"))
                affiliation = affiliation or sentence[apposed[cut + 1].start: apposed[-1].end].removeprefix("the ")
                break
        else:
            if any(w in g.titles for w in lowered):
                title = title or " ".join(t.text for t in apposed if t.lower not in ("a", "an", "the"))
    name = _POSSESSIVE.sub("", name).strip() if kind != "person" else name.strip()
    if not name or name.lower() in g.not_names:
        return []
    source = memory.known(name, kind, title, affiliation)
    memory.mentioned(source, _gender(words, g))
    return [FoundSpeaker(start, end, source, role)]


def _gender(words, g: SpeakerGrammar) -> str | None:
    for w in words:
        gender = g.gender_of.get(w.lower)
        if gender:
            return gender
    return None


# ---- Chinese ----------------------------------------------------------------------------------------
_ZH_CLAUSE = re.compile(r"[，,；;：:。！？!?“”「」『』\n]")  # 、 joins speakers (读卖新闻、朝日新闻等…说)
_ZH_QUOTE_OPEN, _ZH_QUOTE_CLOSE = "“「『", "”」』"
_ZH_DATE = re.compile(r"^(?:当地时间|北京时间)?(?:\d+|[一二三四五六七八九十]+)(?:年|月|日|号)(?:\d+日)?(?:[上下]午|晚|早)?")
_ZH_DATE_END = re.compile(r"(?:(?:当地时间|北京时间)?(?:\d+|[一二三四五六七八九十]+)(?:年|月|日|号)(?:[上下]午|晚上?|早上?|凌晨)?"
                          r"|[昨今前]\s*[(（]?\d*[)）]?\s*[日天]|周[一二三四五六日天]|星期[一二三四五六日天])$")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
# a date or weekday anywhere in a phrase (星期二, 周四, 10月12日, 2月13日): where a subject may end
_ZH_TIME = (r"(?:当地时间|北京时间)?(?:\d+|[一二三四五六七八九十]+)(?:年|月|日|号)"
            r"|星期[一二三四五六日天]|周[一二三四五六日天](?![年期边围])")
_ZH_NAME_DOT = re.compile(r"[·•・．]|(?<=[\u3400-\u9fff])\.(?=[\u3400-\u9fff])")  # 帕特·莱德, 亚当.埃雷利
_ZH_LABEL = re.compile(r"^\s*([^\s:：，,。]{2,12})[:：]")


def _chinese(sentence: str, g: SpeakerGrammar, memory: SpeakerMemory, blocked: _Taken) -> list[FoundSpeaker]:
    places = blocked.places
    found: list[FoundSpeaker] = []
    if g.zh_cue.search(sentence) is None and not _ZH_LABEL.match(sentence):
        _zh_note_subject(sentence, g, memory, blocked)
        return found
    original, sentence = sentence, to_simplified(sentence)
    label = _ZH_LABEL.match(sentence)
    if label and _zh_kind(label.group(1), g, places_in(places, *label.span(1))) is not None:
        s, e = label.span(1)  # 郭嘉昆：… (a briefing's answer)
        found += _zh_speaker(original, sentence, s, e, "speaker", g, memory, blocked, places)
    bounds = [0, *(x for m in _ZH_CLAUSE.finditer(sentence) for x in (m.start(), m.end())), len(sentence)]
    clauses = [(s, e) for s, e in zip(bounds[::2], bounds[1::2]) if s < e]  # the text between two marks
    within_report = False  # after 据X报道, the sentence's speakers speak inside that report (nested): not taken
    quoted, last_end = 0, 0  # how deep in quotation marks the clause stands
    for cs, ce in clauses:
        marks = sentence[last_end:cs]
        quoted = max(0, quoted + sum(marks.count(q) for q in _ZH_QUOTE_OPEN)
                     - sum(marks.count(q) for q in _ZH_QUOTE_CLOSE))
        last_end = ce
        if quoted:  # a word inside a quotation is the quoted speaker's, never a speaker (“任何声称…的说法”)
            continue
        clause = sentence[cs:ce]
        adverbial = next((w for w in g.zh_adverbial if clause.lstrip().startswith(w)), None)
        if adverbial:  # 据悉, 据了解
            at = cs + clause.index(adverbial)
            found.append(FoundSpeaker(at, at + len(adverbial), memory.known(adverbial, "generic", None, None), "cited"))
            continue
        cited = _zh_cited(clause, g)
        if cited is not None:
            s, e = cited
            source = _zh_speaker(original, sentence, cs + s, cs + e, "cited", g, memory, blocked, places)
            found += source
            # 根据协议: no speaker and no report word, so no report; what follows is not inside one
            within_report = bool(source) or any(w in clause for w in g.zh_report_or_verbs)
            continue
        if g.zh_verb is None or within_report:
            continue
        citing = _zh_citing(clause, g)
        if citing is not None:  # 华盛顿邮报援引…官员的话说: the outlet speaks, the official is cited
            marker, (s, e) = citing
            found += _zh_subject_speakers(original, sentence, cs, ce, marker, g, memory, blocked, places)
            found += _zh_speaker(original, sentence, cs + s, cs + e, "cited", g, memory, blocked, places)
            within_report = True
            continue
        m = _zh_speech_verb(clause, g)
        interview = g.zh_interview.search(clause)
        if interview is not None:  # 蔡英文首次接受台湾媒体的专访: she speaks (below), the media heard it
            s, e = interview.span("recipient")
            if _zh_heard_by_media(sentence[cs + s: cs + e], g):
                found += _zh_speaker(original, sentence, cs + s, cs + e, "cited", g, memory, blocked, places)
        if m is None and interview is not None:
            found += _zh_subject_speakers(original, sentence, cs, ce, interview.start(), g, memory, blocked, places)
        elif m is not None:
            found += _zh_subject_speakers(original, sentence, cs, ce, m.start(), g, memory, blocked, places,
                                          strong=m.group(0) in g.zh_country_verbs)
    return found


def _zh_subject_speakers(original: str, sentence: str, cs: int, ce: int, verb: int, g: SpeakerGrammar,
                         memory: SpeakerMemory, blocked, places, strong: bool = True) -> list[FoundSpeaker]:
    """The speakers of the cue at `verb` in the clause sentence[cs:ce]: the first of its possible
    subjects (`_zh_subjects`, the likelier first) that names any."""
    clause = sentence[cs:ce]
    for s, e in _zh_subjects(clause, verb, g):
        here = _zh_speakers(original, sentence, cs + s, cs + e, "speaker", g, memory, blocked, places, strong)
        if here:
            return here
    return []


def _zh_heard_by_media(text: str, g: SpeakerGrammar) -> bool:
    """Whether the one who interviewed a speaker is a medium (路透社, 台湾媒体), not a reporter (记者)."""
    shape = _zh_kind(_BRACKETED.sub("", text).strip(), g)
    return shape is not None and (shape[0] == "outlet" or shape[0] == "generic" and shape[1].endswith(g.zh_outlet))


def _zh_note_subject(sentence: str, g: SpeakerGrammar, memory: SpeakerMemory, blocked) -> None:
    """A person named at the head of a sentence without a cue (秘书鲍彤是…签署人之一) is who a later 他
    or 她 may mean, as in English (`_note_subject`)."""
    head = _ZH_CLAUSE.split(sentence[:40], 1)[0]
    ends = [at for w in g.zh_predicate_starts if (at := head.find(w, 2)) > 0]
    if not ends:
        return
    start = _zh_subject_start(head, 0, min(ends), g)
    text = _BRACKETED.sub("", head[start:min(ends)]).strip()
    text = text.rsplit("的", 1)[-1]  # 赵紫阳的秘书鲍彤: the one after the last 的
    shape = _zh_kind(text, g) if 2 <= len(text) <= 16 else None
    if shape is None or shape[0] != "person" or _overlaps(blocked, 0, len(head)):
        return
    _, name, title = shape
    gender = g.gender_of.get(name[-2:])  # a name ending in 女士 or 先生
    memory.mentioned(memory.person_named(name) or memory.known(name, "person", title, None), gender)


def _zh_citing(clause: str, g: SpeakerGrammar) -> tuple[int, tuple[int, int]] | None:
    """X援引Y的话说 / X引述Y的消息报道: (where the cite marker stands, the span of Y); X is before it."""
    hits = [(at, marker) for marker in g.zh_cites if (at := clause.find(marker, 1)) > 0]
    if not hits:
        return None
    at, marker = min(hits)
    start = at + len(marker)
    ends = [e for w in g.zh_cite_ends if (e := clause.find(w, start + 1)) > start]
    if not ends:
        ends = [e for w in g.zh_report if (e := clause.find(w, start + 1)) > start]
    end = min(ends) if ends else len(clause)
    return (at, (start, end)) if 0 < end - start <= 32 else None


def _zh_speakers(original: str, sentence: str, start: int, end: int, role: str, g: SpeakerGrammar,
                 memory: SpeakerMemory, blocked, places=(), strong: bool = True) -> list[FoundSpeaker]:
    """The speakers of a phrase that may join several (彭博新闻社和路透社, 李大维以及…处长夏立言, 读卖新闻、
    朝日新闻等主要报纸): each part speaks when every part is a speaker's phrase, except when a state
    modifies a group after it (美国和盟国消息人士 is one group of sources)."""
    listed_end = end
    for word in g.zh_list_ends:  # 英国《卫报》等多家西方媒体: the class the listed ones belong to speaks through them
        at = sentence.find(word, start + 1, end)
        if at > 0 and _zh_is_speaker_phrase(sentence, at + len(word), end, g, memory, blocked, places):
            listed_end = at
            break
    end = listed_end
    parts, at = [], start
    for m in g.zh_coordinator.finditer(sentence, start, end):
        parts.append((at, m.start()))
        at = m.end()
    parts.append((at, end))
    if len(parts) > 1 and all(_zh_is_speaker_phrase(sentence, s, e, g, memory, blocked, places) for s, e in parts):
        shapes = [_zh_kind(_BRACKETED.sub("", sentence[s:e]).strip(), g) for s, e in parts]
        states = [sentence[s:e].strip() in g.zh_states or places_in(places, s, e) for s, e in parts[:-1]]
        if not (shapes[-1] and shapes[-1][0] == "generic" and any(states)):
            return [f for s, e in parts for f in _zh_speaker(original, sentence, s, e, role, g, memory, blocked,
                                                             places, strong)]
    return _zh_speaker(original, sentence, start, end, role, g, memory, blocked, places, strong)


def _zh_is_speaker_phrase(sentence: str, start: int, end: int, g: SpeakerGrammar, memory: SpeakerMemory,
                          blocked, places) -> bool:
    """Whether sentence[start:end] alone names a speaker (a registered name ending it, a state, a known
    person, a phrase with a speaker's shape), without noting anything."""
    text = _BRACKETED.sub("", sentence[start:end]).strip()
    hit = blocked.source_at(start, end)
    if hit:
        return hit[1] >= len(sentence[:end].rstrip()) - len(_tail_brackets(sentence[start:end]))
    return bool(text) and (text in g.zh_states or bool(places_in(places, start, end)) or text in g.zh_pronouns
                           or memory.person_named(text) is not None or _zh_kind(text, g) is not None)


def _zh_speech_verb(clause: str, g: SpeakerGrammar) -> re.Match | None:
    """The clause's first speech verb that is not part of a noun (新闻发布会, 说法, 指挥官)."""
    nouns = [m.span() for m in g.zh_not_verb.finditer(clause)] if g.zh_not_verb else []
    for m in g.zh_verb.finditer(clause):
        if clause[:m.start()].strip() == "" and m.group(0) in g.zh_pronouns:
            continue  # 声明还敦促…: a statement that opens the clause is its subject, the one who issued it
        if not any(s <= m.start() < e for s, e in nouns):
            return m
    return None


def places_in(places, start: int, end: int) -> list:
    return [(s, e) for s, e in places if start <= s and e <= end]


def _zh_cited(clause: str, g: SpeakerGrammar) -> tuple[int, int] | None:
    """据X报道 / 援引X / 从X获悉: the span of X in the clause."""
    opening = g.zh_cited_opening.match(clause)
    if opening is not None and opening.group("marker"):
        at = opening.start("marker")
        for marker in (opening.group("marker"),):
            start = at + len(marker)
            ends = [clause.find(w, start + 1) for w in g.zh_report]
            ends = [e for e in ends if e > start]
            end = min(ends) if ends else len(clause)
            if marker in g.zh_cites:
                cite_end = [e for w in g.zh_cite_ends if (e := clause.find(w, start + 1)) > start]
                for stop in ("的", "称", "说") if not cite_end else ():
                    e = clause.find(stop, start + 1)
                    if 0 < e < end:
                        end = e
                end = min([end, *cite_end])
            while end > start + 1 and clause[end - 1] == "的":  # 根据台湾中央社的报导: 台湾中央社
                end -= 1
            if 0 < end - start <= 32:
                return start, end
    if "获悉" not in clause and "了解到" not in clause:
        return None
    for opener, closer in (("从", "获悉"), ("从", "了解到"), ("向", "了解到"), ("向", "获悉")):
        s = clause.find(opener)
        e = clause.find(closer, s + 1)
        if s >= 0 and e > s + 1 and e - s <= 24:
            return s + 1, e
    return None


def _zh_subjects(clause: str, verb: int, g: SpeakerGrammar) -> list[tuple[int, int]]:
    """Where the speaker of the verb at `verb` may be, the likelier first: all that stands before the
    verb (lead words, dates and adverbs taken off), else its head up to where an adverbial starts:
    a time, a preposition, an adverb (美国国务院|星期二（7月29日）对美国之音表示, 孔泉|在…被问到…的
    时候说).  None when the words before the verb deny or withhold the statement (无法证实, 拒绝证实)."""
    whole = _zh_subject(clause, 0, verb, g)
    if whole is False:
        return []
    found = [whole] if whole else []
    s = _zh_subject_start(clause, 0, verb, g)
    at = s + 1
    while (cut := g.zh_subject_end.search(clause, at, verb)) is not None:
        if not clause.startswith(g.zh_not_subject_ends, cut.start()):  # 对外关系委员会 is a name
            head = _zh_subject(clause, s, cut.start(), g)
            if head and head != whole:
                found.append(head)
            break
        at = cut.start() + 1
    return found


def _zh_subject_start(clause: str, s: int, e: int, g: SpeakerGrammar) -> int:
    """Past the lead words and dates that open a clause (此外，…; 10月5日…)."""
    changed = True
    while changed and s < e:
        changed = False
        while s < e and clause[s].isspace():
            s += 1
        for lead in g.zh_lead:
            if clause.startswith(lead, s) and s + len(lead) <= e and not clause.startswith(g.zh_not_lead, s):
                s += len(lead)
                changed = True
                break
        date = _ZH_DATE.match(clause[s:e])
        if date and date.end() > 0:
            s += date.end()
            changed = True
    return s


def _zh_subject(clause: str, start: int, verb: int, g: SpeakerGrammar) -> tuple[int, int] | None | bool:
    """The phrase before `verb` less lead words, dates, adverbs and brackets at its ends; None when it
    is no phrase a speaker can be, False when it denies the statement (均未宣布, 无法证实)."""
    s, e = _zh_subject_start(clause, start, verb, g), verb
    changed = True
    while changed and s < e:
        changed = False
        for adverb in (*g.zh_adverbs, *g.zh_document_suffixes):  # …也, …的报告(显示): its author
            if clause.endswith(adverb, s, e) and e - len(adverb) > s:
                e -= len(adverb)
                changed = True
                break
        date = _ZH_DATE_END.search(clause, s, e)
        if date and date.start() > s:
            e = date.start()
            changed = True
        brackets = _tail_brackets(clause[s:e])
        if brackets and len(brackets) < e - s:  # 五角大楼星期二（10月29日）表示
            e -= len(brackets)
            changed = True
        while e > s and clause[e - 1].isspace():
            e -= 1
    text = clause[s:e]
    if any(text.endswith(n) for n in g.zh_negations):  # 均未宣布, 没有表示: no statement
        return False
    bare = _BRACKETED.sub("", text)  # (a name's original spelling in brackets is no length)
    if not text or len(bare) > 24 or (text not in g.zh_pronouns and _zh_speech_verb(bare, g)):  # (报道援引…)
        return None
    return s, e


def _zh_kind(text: str, g: SpeakerGrammar, places=()) -> tuple[str, str, str | None] | None:
    """(kind, name, title) of a Chinese speaker phrase (simplified characters, brackets taken out);
    None when it has none of a speaker's shapes.  `places`: the phrase is one place's name (a
    country standing for its government)."""
    if places:
        return "government", text, None
    if text in g.zh_sides:
        return "government", text, None  # 中方, 美方
    rank = next((r for r in g.zh_titles_after_name if text.endswith(r) and len(r) < len(text)), None)
    if rank:  # 五角大楼新闻秘书帕特·莱德少将: the rank after the name
        shape = _zh_kind(text[:-len(rank)], g)
        if shape and shape[0] == "person":
            return shape
    in_a_name = text
    for word in g.zh_not_subject_ends:  # 美国对外关系委员会: 对 inside a name
        in_a_name = in_a_name.replace(word, "")
    if any(w in in_a_name for w in g.zh_not_in_bodies):
        return None  # 建议向政府的宣传部, 我方是否曾经向…官员
    for state in g.zh_states:  # 日本媒体: the 日 of a country's name is no day
        if state in in_a_name:
            in_a_name = in_a_name.replace(state, "")
    generic = next((w for w in g.zh_generic if text.endswith(w)), None)
    if generic and len(text) <= 20 and (generic in g.zh_generic_people or not any(c in in_a_name for c in g.zh_not_in_names)):
        return "generic", text, None  # 知情网友, 陆媒; with 的 only a group of people: 公交车上的一名乘客
    if text.endswith(g.zh_person_suffixes) and len(text) <= 5 and not any(c in text for c in g.zh_not_in_names):
        return "person", text, None
    if text.startswith("《") or "《" in text:
        return "outlet", text.strip("《》"), None
    if text in g.zh_unnamed_media:
        return "generic", text, None  # 电视台: a medium the text does not name
    # the title that ends last comes right before the name (韩国外交通商部长官|柳明桓, not 部长|官柳明桓)
    placed = sorted(((text.rfind(t), t) for t in g.zh_titles if t in text), key=lambda p: -(p[0] + len(p[1])))
    for at, title in placed:
        if at >= 0:
            rest = text[at + len(title):]
            dotted = _ZH_NAME_DOT.search(rest)  # a foreign name in transliteration: any character (杜雅里克)
            dotted = dotted or _zh_transliterated(rest, g)  # 美国国防部长帕内塔
            if rest and (2 <= len(rest) <= 4 or dotted) and not rest.endswith(g.zh_titles) and (dotted or not any(
                    c in rest and c not in g.zh_given_name_characters for c in g.zh_not_in_names)):
                return "person", rest, text[:at + len(title)]  # 国家互联网信息办公室发言人姜军
            if not rest and len(text) <= 16:
                return "generic", text, title
    if _ZH_NAME_DOT.search(text) and len(text) <= 12:
        return "person", text, None
    if len(text) <= 16 and (text.endswith(g.zh_outlet) or text in g.zh_outlet or re.fullmatch(r"[A-Z]{2,6}", text)):
        return "outlet", text, None
    if len(text) <= 24 and text.endswith(g.zh_government):  # 中国外交部驻香港特别行政区特派员公署
        return "government", text, None
    if len(text) <= 24 and text.endswith(g.zh_organisation):
        return "organisation", text, None
    if any(c in text for c in g.zh_not_in_names):
        return None
    if 2 <= len(text) <= 4 and text.startswith(g.zh_surnames):
        return "person", text, None
    if _zh_transliterated(text, g):
        return "person", text, None  # 奥特加斯说
    return None  # no shape of a speaker: a verb phrase, a place, a time


def _zh_transliterated(text: str, g: SpeakerGrammar) -> bool:
    """A foreign name written in transliteration characters (哈里森, 奥特加斯), and no state's name."""
    return (2 <= len(text) <= 6 and all(c in g.zh_transliteration for c in text)
            and not any(state in text for state in g.zh_states))


def _zh_speaker(original: str, sentence: str, start: int, end: int, role: str, g: SpeakerGrammar,
                memory: SpeakerMemory, blocked, places=(), strong: bool = True) -> list[FoundSpeaker]:
    """The speaker of the phrase sentence[start:end] (`sentence` simplified, `original` as written:
    names are kept as written)."""
    text = _BRACKETED.sub("", sentence[start:end]).strip()
    hit = blocked.source_at(start, end)
    if hit and hit[1] >= len(sentence[:end].rstrip()) - len(_tail_brackets(sentence[start:end])):
        return [FoundSpeaker(hit[0], hit[1], memory.registered(hit[2]), role)]  # 俄总统新闻秘书佩斯科夫
    if hit:
        return []  # a registered name inside the phrase but not its end: 金正恩向绍伊古提出…
    if not text or _overlaps(blocked, start, end):
        return []
    for pronoun, kind in g.zh_pronouns.items():
        if text == pronoun:
            source = (memory.person(g.gender_of.get(pronoun)) if kind == "person"
                      else memory.pronoun(kind if kind in ("any", "report", "body") else "group"))
            return [FoundSpeaker(start, end, source, role)] if source else []
    written = _BRACKETED.sub("", original[start:end]).strip()  # as written (traditional characters kept)
    earlier = memory.person_named(written)
    if earlier is not None:  # 莱德称 after 五角大楼新闻秘书帕特·莱德: the same person
        memory.mentioned(earlier)
        return [FoundSpeaker(start, end, earlier, role)]
    plural = next((p for p in g.zh_plural_suffixes if text.endswith(p) and len(text) > len(p) + 1), None)
    if plural:  # 消息人士们: the group
        text, written = text[:-len(plural)], written[:-len(plural)]
    if text.startswith(("该", "这位", "此")):
        for title in g.zh_titles:
            if text.endswith(title):
                earlier = memory.described(title)
                if earlier is not None:
                    return [FoundSpeaker(start, end, earlier, role)]
    whole_place = [(s, e) for s, e in places if s <= start and end - len(_tail_brackets(sentence[start:end])) <= e]
    if text in g.zh_states:  # a state or its capital that speaks stands for its government (韩国表示)
        whole_place = whole_place or [(start, end)]
    if whole_place and not strong:
        return []  # a country with a stance verb (美国预计…) is the outlet's narration, not a statement
    shape = _zh_kind(text, g, whole_place)
    if "的" in text and (shape is None or shape[0] != "generic"):
        # 总部位于华盛顿的战略与国际研究中心: the body after a relative clause ending in 的 (a group of
        # people keeps its 的: 丹东市的一位官员)
        cut = sentence.find("的", start, end)
        if 0 <= cut < end - 2:
            trimmed = _zh_speaker(original, sentence, cut + 1, end, role, g, memory, blocked, places, strong)
            if trimmed or shape is None:
                return trimmed
    if shape is None:
        return []
    kind, name, title = shape
    if len(written) == len(text) and name in text:
        at = text.index(name)
        name = written[at: at + len(name)]
        if title:
            title = written[:len(title)] if text.startswith(title) else title
    source = memory.known(name, kind, title, None)
    if kind == "generic" and name.endswith(g.zh_outlet):  # 韩国媒体: what a later 报道 (the report) means
        memory.last["report"] = source.id
    return [FoundSpeaker(start, end, source, role)]


def _tail_brackets(text: str) -> str:
    m = re.search(r"(?:[(（][^()（）]*[)）]\s*)+$", text)
    return m.group(0) if m else ""
