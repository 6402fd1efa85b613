"""Toponyms from the world gazetteer: which names in a text are places, and which places.

    >>> parser = Geoparser()
    >>> [(t.surface, t.place_id) for t in parser.parse("Flights from Vladivostok to Paris resumed.")]
    [('Vladivostok', 'gn:2013348'), ('Paris', 'gn:2988507')]
    >>> [t.surface for t in parser.parse("Vladimir Putin met the press in Jackson Heights.")]
    []

How it decides, modelled on CLAVIN and CLIFF (MIT Media Lab), without their NER:

1. **Candidates.** One Aho-Corasick pass over the folded text finds every gazetteer name.
   Latin and Cyrillic names need word boundaries and a capital letter as written (lower-case
   "nice" or "split" never match; abbreviations such as US or NSW match only as written);
   Chinese and Japanese names match anywhere, Korean ones at a word start. Spans taken by
   `places.yaml` (names and `not_places`) are out of bounds. Overlaps: longest first, then
   leftmost; a rejected winner keeps its span (nothing shorter inside "Jackson Heights").
2. **Not places.** A name after a title ("President Jackson") or inside a longer capitalised
   name ("Lake Victoria", "Vladimir Putin", "Washington Post") is a person or an organisation.
   A common word ("Date", "Mobile", "Nice") or a given name needs evidence. The word lists
   are in `data/world_rules.yaml`.
3. **Which place.** As CLIFF's passes do: countries, continents and large regions first; then
   each other name goes to the candidate with the best score — a prior from the kind and the
   population (a capital counts more; a match on an alternate name less), plus the context of
   the article: its country named elsewhere in the article, its first-level region named
   (or a region within 250 km), and most of all "Pandi, Bulacan" written together. One name
   means one place in one article.
4. **Enough evidence.** A small city with no support from the article is dropped: a name
   that few readers would take for that place is more often something else.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from dashboard.places.people import GIVEN_NAMES_PATH, ArticlePeople, person_names
from dashboard.places.world import RULES_PATH, WorldGazetteer, distance_km, load_rules, script_of, world
from dashboard.text.matching import Name, NameMatcher, fold

_WORD_CHAR = re.compile(r"[A-Za-z0-9\u00C0-\u024F\u0400-\u04FF]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_STOPS = set(".!?:;…。！？\n")
_OPENERS = "'\"“‘( \t\r\n"


def _at_sentence_start(before: str) -> bool:
    """True when the text before a word ends a sentence (or is empty): "… said. Most"."""
    b = before.rstrip(_OPENERS)
    if not b or b[-1] in _STOPS or before[len(b):].count("\n"):
        return True
    return b[-1] in "'\"”’)" and len(b) > 1 and b[-2] in ".!?"
_PREPOSITIONS = {"in", "at", "near", "from", "to", "into", "outside", "around", "across", "towards",
                 "toward", "via", "between", "throughout", "within", "inside", "of", "and", "or", "including"}
_LOWER_CONNECTORS = {"of", "the", "upon", "on", "and", "de", "la", "del", "des", "du", "le", "les", "al", "el",
                     "am", "an", "der", "bei", "im", "sur", "da", "do", "dos", "das", "y", "i", "en", "di"}
_NEAR_KM = 250.0
_SKIP = object()
_CAPITAL = re.compile(r"[A-Z]")
# After a name that opens a passage: a dateline ("WASHINGTON —", "Paris, Tenn. (AP) —", "Washington (CNN)")
_DATELINE = re.compile(r"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:—|–|--|-\s|\()")
_CAPS_DATELINE = re.compile(r"\s+[A-Z][a-z]")  # "DETROIT The U.S. Transportation Department…"
_AFTER_TOWN = re.compile(r"[A-Z][\w'’.-]*,[ \t]*$")  # "Athens, " before a region's abbreviation
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class OutletHome:
    """Where an article's outlet is: an ISO country code ("" unknown) and cities (indexes)."""
    country: str = ""
    cities: tuple = ()


@dataclass(frozen=True)
class Toponym:
    start: int
    end: int
    surface: str
    place_id: str  # world gazetteer id ("gn:…", "iso:…", "wr:…")
    score: float  # the winning candidate's score (higher is surer)
    adjectival: bool = False  # a demonym or adjective of the place ("Turkish", "Canadians", 俄方)


@dataclass(frozen=True, slots=True)
class UnknownName:
    """A name that looks like a place ("Tumen River", "哈桑区") but that no gazetteer knows."""
    start: int
    end: int
    surface: str
    ending: str  # the word or character that makes it look like a place


@dataclass
class _Span:
    start: int
    end: int
    surface: str
    key: str
    entries: list  # NameEntry
    passage: int
    script: str
    flags: dict


class Geoparser:
    """Finds and resolves toponyms with the world gazetteer (built once, shared by all texts)."""

    def __init__(self, gazetteer: WorldGazetteer | None = None, rules: dict | None = None,
                 rules_path: str | Path = RULES_PATH, given_names_path: str | Path = GIVEN_NAMES_PATH):
        self.world = gazetteer if gazetteer is not None else world()
        rules = rules if rules is not None else load_rules(rules_path)
        self.common = {fold(w) for w in rules.get("common_words") or ()}
        self.given = {fold(w) for w in rules.get("given_names") or ()}
        self.calendar = {fold(w) for w in rules.get("calendar_words") or ()}
        self.person_verbs = set(rules.get("person_verbs") or ())
        self.admin_words = {fold(w) for w in rules.get("admin_words") or ()}
        self.blockers = NameMatcher([Name(p, None) for p in rules.get("not_places") or ()])
        self.titles = set(rules.get("person_titles") or ())
        self.continuations = {fold(w) for w in rules.get("name_continuations") or ()}
        self.bodies = {fold(w) for w in rules.get("place_bodies") or ()}
        self.people = person_names(rules, given_names_path)
        c = self.world.columns
        self._country_pop = {c["country"][i]: c["population"][i] for i, kind in enumerate(c["kind"]) if kind == "country"}
        self.modifiers = {fold(w) for w in rules.get("place_modifiers") or ()}
        self.en_endings = list(rules.get("en_place_endings") or ())
        self.en_prefixes = list(rules.get("en_place_prefixes") or ())
        self.zh_endings = sorted(rules.get("zh_place_endings") or (), key=len, reverse=True)
        self.zh_admin = tuple(rules.get("zh_admin_endings") or ())
        self.zh_common = set(rules.get("zh_common_words") or ())
        self.zh_translit = set(rules.get("zh_transliteration_chars") or "")
        self.zh_not_place = list(rules.get("zh_not_place_words") or ())
        self.zh_stops = set(rules.get("zh_stop_chars") or "")
        self.zh_before_side = set(rules.get("zh_before_side_chars") or "")
        self.zh_side_continuations = set(rules.get("zh_side_continuation_chars") or "")
        self.zh_min_population = int(rules.get("zh_min_population") or 0)
        self.min_score = float(rules.get("min_score") or 0)
        self.small_town = int(rules.get("small_town_population") or 0)
        self.domain_countries = {str(k).lower(): v for k, v in (rules.get("outlet_domain_countries") or {}).items()}
        self.home_min_population = int(rules.get("outlet_home_min_population") or 0)
        self.weights = dict(rules.get("weights") or {})
        self._ending_words = {fold(w) for w in self.en_endings}
        endings = "|".join(re.escape(e) for e in sorted(self.en_endings, key=len, reverse=True))
        name = r"[A-Z][\w'’-]*"
        self._en_unknown = re.compile(rf"\b((?:{name}\s+(?:(?:of|the|de|on)\s+)?){{1,3}})({endings})\b") \
            if endings else None
        prefixes = "|".join(re.escape(p) for p in self.en_prefixes)
        self._en_prefixed = re.compile(rf"\b({prefixes})\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)") \
            if prefixes else None
        self._zh_unknown = re.compile("|".join(re.escape(e) for e in self.zh_endings)) if self.zh_endings else None

    # --- candidates -------------------------------------------------------------------------

    def candidates(self, text: str, blocked=(), passage: int = 0) -> list[_Span]:
        """Name spans that may be places, after overlaps and the person/organisation rules."""
        if not text:
            return []
        found = []
        for start, end in self.world.scan(text):
            first = text[start]
            if first < "\u0250" or "\u1e00" <= first <= "\u1eff":
                if not first.isupper():
                    continue  # Latin names are written with a capital ("nice", "of" are words)
                script = "latin"
            elif "\u0400" <= first <= "\u04ff":
                if not first.isupper():
                    continue
                script = "cyrillic"
            else:
                script = script_of(text[start:end]) or "other"
                if script == "hangul" and start > 0 and _HANGUL.match(text[start - 1]):
                    continue
            surface = text[start:end]
            found.append((start, end, fold(surface), surface, script))
        found.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken = bytearray(len(text))
        for s, e in list(blocked) + [(m[0], m[1]) for m in self.blockers.find_spans(text)]:
            taken[s:e] = b"\x01" * (e - s)
        spans = []
        for start, end, key, surface, script in found:
            if 1 in taken[start:end]:
                continue
            entries = self.world.entries(surface)
            span = self._check(text, start, end, key, surface, script, entries, passage)
            if span is _SKIP:
                continue
            taken[start:end] = b"\x01" * (end - start)
            if span is not None:
                spans.append(span)
        spans.sort(key=lambda s: s.start)
        return spans

    def _check(self, text, start, end, key, surface, script, entries, passage):
        """A `_Span`, `_SKIP` (not a name as written: the span stays free for shorter names) or
        None (a name, but not a place: its span is taken)."""
        flags = {}
        adjectival = [e for e in entries if e.adjectival]
        if adjectival:  # a demonym names its country, whatever capitalised words stand around it
            if script in ("latin", "cyrillic") and not surface[0].isupper():
                return _SKIP
            if script == "han" and not self._han_word_start(text, start, end):
                return None  # 以方 in 可以方便, 法方 in 立法方面: another word's characters
            flags["adjectival"] = True
            return _Span(start, end, surface, key, adjectival, passage, script, flags)
        if any(e.after_comma for e in entries):  # "Ga.", "TN": a region only in "Athens, Ga."
            after_town = bool(_AFTER_TOWN.search(text, max(0, start - 40), start)) if start else False
            entries = [e for e in entries if after_town or not e.after_comma]
            if not entries:
                return _SKIP
        if script == "latin" or script == "cyrillic":
            exact = [e for e in entries if e.exact_case]
            if exact:
                if all(c.isupper() for c in surface if c.isalpha()):
                    entries = exact
                else:
                    entries = [e for e in entries if not e.exact_case]
                    exact = []
                    if not entries:
                        return _SKIP
            if not surface[0].isupper():
                return _SKIP
            words = surface.split()
            if any(len(w) > 3 and w[0].islower() and w not in _LOWER_CONNECTORS for w in words[1:]):
                return _SKIP
            letters = sum(c.isalpha() for c in surface)
            if letters <= 2 and not exact:
                return _SKIP
            if letters == 3 and surface.isupper() and not exact:
                return _SKIP
            if key in self.calendar:
                flags["calendar"] = True
            partner = self._hyphen_partner(text, start, end)
            if partner and partner[0].isupper() and (not self.world.entries(partner) or key in self.people.given
                                                     or fold(partner) in self.people.given):
                return _SKIP  # one part of a hyphenated name: Kerry-Ann, Ann-Christin (not Russia-Turkey, Canada-wide)
            if text.startswith("$", end):
                return _SKIP  # US$
            before = text[max(0, start - 60):start]
            after = text[end:end + 60]
            prev_match = re.search(r"([A-Za-z\u00C0-\u024F\u0400-\u04FF][\w'’.-]*)\s+$", before)
            prev_word = prev_match.group(1) if prev_match else ""
            next_match = re.match(r"\s+([A-Za-z\u00C0-\u024F\u0400-\u04FF][\w'’.-]*)", after)
            next_word = next_match.group(1) if next_match else ""
            sentence_start = _at_sentence_start(before)
            if not before.strip(_OPENERS) and (_DATELINE.match(after) or (
                    surface.isupper() and len(surface) > 3 and _CAPS_DATELINE.match(after))):
                flags["dateline"] = True  # "WASHINGTON —", "Washington (CNN)": where the story was filed
            flags["sentence_start"] = sentence_start
            flags["prep"] = bool(prev_word) and fold(prev_word) in _PREPOSITIONS and not sentence_start
            if prev_word in self.titles or prev_word.rstrip(".") + "." in self.titles:
                return None
            prev_is_sentence_start = bool(prev_match) and _at_sentence_start(before[: prev_match.start()])
            if key in self.continuations and prev_word[:1].isupper() and not prev_is_sentence_start:
                return None  # "Richmond Street", "Toronto General": the end of another name
            if (prev_word and prev_word[0].isupper() and not prev_is_sentence_start
                    and not all(part in self.modifiers for part in fold(prev_word).split("-"))
                    and fold(prev_word) not in _PREPOSITIONS and fold(prev_word) not in self.calendar
                    and not prev_word.endswith(".") and not self.world.entries(fold(prev_word))):
                return None  # inside a longer name: Lake Victoria, John Jackson, Greater …
            kinds = {self.world.columns["kind"][e.place] for e in entries}
            city_only = kinds == {"city"}
            folded_next = fold(next_word.rstrip("."))
            if folded_next in self.bodies:
                flags["body"] = True  # "Quebec Health Minister": the place's own office
            elif (next_word and next_word[0].isupper() and not after.startswith((",", ".", ";", ":", ")"))
                  and not flags.get("dateline")):
                if folded_next in self.continuations:
                    return None  # Washington Post, Harvard University
                if folded_next in self._ending_words:
                    return None  # "Tumen River", "Jeju Island": another place, listed as unknown
                if key in self.given or key in self.people.given:
                    return None  # "Vladimir Putin", "Jackson Lee"
                if key in self.modifiers or key in self.common:
                    return None  # "West Java", "North Dallas": a longer name the gazetteer lacks
                if (city_only and len(words) == 1 and folded_next not in self.calendar
                        and not self.world.entries(folded_next) and folded_next not in _PREPOSITIONS):
                    return None  # one word of a longer name ("Campbell Soup", "Ann Arbor Road")
            if self.people.appositive_person(text, end):
                return None  # "Hasan, the mayor of Aleppo"
            if city_only and folded_next in self.person_verbs and not flags["prep"]:
                return None  # "Campbell said"
            if city_only and re.match(r",\s*\d{1,3}\s*[,)]", after):
                return None  # "Campbell, 42,": a person and their age
            if next_word and fold(next_word) in self.admin_words:
                flags["admin_after"] = True  # "Washington state", "Hebei province"
            flags["common"] = key in self.common
            flags["given"] = key in self.given
            # "X, Y": the place Y may confirm X's region or country
            comma = re.match(r",\s*((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3})", after)
            if comma:
                flags["comma"] = comma.group(1)
        elif script in ("han", "kana"):
            if any(w in text[max(0, start - 4):end + 4] and self._covers(text, start, end, w)
                   for w in self.zh_not_place):
                return None
            opened = text.rfind("《", max(0, start - 40), start)
            if opened != -1 and text.find("》", opened, start) == -1:
                return None  # inside a title: 《纽约时报》 is a newspaper
            if (end < len(text) and text[end] in self.zh_translit and all(ch in self.zh_translit for ch in surface)):
                return None  # the start of a longer transliterated name: 佩斯|科夫 (Peskov)
            flags["common"] = key in self.zh_common
            flags["zh_suffix"] = any(text.startswith(e, end) for e in self.zh_admin)
            if not flags["zh_suffix"] and any(text.startswith(e, end) for e in self.zh_endings):
                return None  # 图们江 is the river, not the city of 图们
        return _Span(start, end, surface, key, entries, passage, script, flags)

    def _han_word_start(self, text: str, start: int, end: int) -> bool:
        """True when a Chinese demonym (俄方) stands as a word: after no Han character, or after one that
        ends a word before it (对, 与, 据…), and before none that would continue it (方便, 方面, 方式)."""
        if end < len(text) and text[end] in self.zh_side_continuations:
            return False
        return start == 0 or not _HAN.match(text[start - 1]) or text[start - 1] in self.zh_stops \
            or text[start - 1] in self.zh_before_side

    @staticmethod
    def _hyphen_partner(text: str, start: int, end: int) -> str:
        """The word a name is hyphenated with ("Ann" for "Kerry" in "Kerry-Ann"), or ""."""
        if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
            match = re.search(r"[\w'’]+$", text[max(0, start - 40):start - 1])
            return match.group(0) if match else ""
        if end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha():
            match = re.match(r"[\w'’]+", text[end + 1:end + 41])
            return match.group(0) if match else ""
        return ""

    @staticmethod
    def _covers(text, start, end, word) -> bool:
        """True when an occurrence of `word` overlaps [start, end) without containing it whole
        or is the span plus more characters (the name is part of a longer word)."""
        lo = max(0, start - len(word))
        i = text.find(word, lo)
        while i != -1 and i < end:
            j = i + len(word)
            if i < end and start < j and not (i >= start and j <= end):
                return True
            i = text.find(word, i + 1)
        return False

    # --- resolution -------------------------------------------------------------------------

    def _prior(self, entry, latin: bool = True) -> float:
        """Kind and population prior; an alternate name counts less, except in scripts where
        GeoNames has no primary name (Chinese, Russian, Korean, Japanese names are all alternates)."""
        c = self.world.columns
        kind, pop, subtype = c["kind"][entry.place], c["population"][entry.place], c["subtype"][entry.place]
        w = self.weights
        if kind == "country":
            score = w.get("country", 10.0)
        elif kind == "continent":
            score = w.get("continent", 9.0)
        elif kind == "region" and subtype == "macro-region":
            score = w.get("macro_region", 8.5)
        elif kind == "region":
            major = subtype in ("state", "province", "territory", "region", "administrative region",
                                "administrative territory", "republic", "autonomous region", "prefecture",
                                "country", "federal district", "capital city", "municipality", "governorate",
                                "special administrative region", "autonomous republic", "emirate")
            score = w.get("region", 7.5) if major else w.get("minor_region", 5.0)
            # between namesakes, the region of the bigger country (Florida, US before Florida, Puerto Rico):
            # a small penalty below a billion people, so that no region gains on a city (Aleppo the city)
            score += w.get("region_per_log_country_pop", 0.1) * min(
                0.0, math.log10(max(self._country_pop.get(c["country"][entry.place], 1), 1)) - 9.0)
        else:
            score = w.get("city_base", 1.5) + math.log10(max(pop, 1000)) * w.get("city_per_log_pop", 1.0)
            if subtype == "capital":
                score += w.get("capital", 1.0)
        if not entry.primary and latin:
            score -= w.get("alternate_name", 1.5) if kind == "city" else w.get("alternate_name_area", 0.5)
        return score

    def home(self, outlet: str | None = None, url: str | None = None, country: str | None = None) -> OutletHome:
        """Where the article's outlet is at home: `country` (sources.yaml's, when it lists the
        outlet) or that of its web address's country domain (cbc.ca, abc.net.au), and a city its
        name holds ("London Free Press", "Winnipeg Free Press"): in that country when known,
        else the most populous namesake."""
        c = self.world.columns
        host = re.sub(r"^[a-z]+://", "", (url or "").strip().lower()).split("/")[0].split(":")[0]
        country = (country or "").upper() or (self.domain_countries.get(host.rsplit(".", 1)[-1], "")
                                              if "." in host else "")
        cities = []
        name = outlet or ""
        for start, end in self.world.scan(name) if name else ():
            if not name[start].isupper():
                continue
            entries = [e for e in self.world.entries(name[start:end]) if c["kind"][e.place] == "city"
                       and c["population"][e.place] >= self.home_min_population
                       and (not country or c["country"][e.place] == country)]
            if entries:
                cities.append(max(entries, key=lambda e: c["population"][e.place]).place)
        if not country and cities:
            country = c["country"][cities[0]]
        return OutletHome(country, tuple(cities))

    def resolve(self, passages_spans: list[list[_Span]], context=(), people: ArticlePeople | None = None,
                home: OutletHome | None = None) -> list[list[Toponym]]:
        """Chooses one place per name for a whole article (its passages' candidate spans).
        `context`: ISO country codes of places found otherwise (places.yaml), one per mention;
        `people`: the article's people (a surname alone is the person, not a town);
        `home`: where the outlet is (a weak hint: a local paper's town before its namesakes)."""
        c = self.world.columns
        people = people or ArticlePeople()
        w = self.weights
        home = home or OutletHome()
        by_key: dict[str, list[_Span]] = defaultdict(list)
        for spans in passages_spans:
            for span in spans:
                by_key[span.key].append(span)
        # pass 1: names whose best prior is a country, continent or large region fix the context
        context_countries: Counter = Counter(context)
        context_regions: list[int] = []
        first_choice = {}
        own_share: dict[str, tuple] = {}  # what a name's own first reading added to its country's support
        latin = {key: spans[0].script == "latin" for key, spans in by_key.items()}
        for key, spans in by_key.items():
            entries = spans[0].entries
            best = max(entries, key=lambda e: self._prior(e, latin[key]))
            first_choice[key] = best
            kind = c["kind"][best.place]
            if kind in ("country",) or (kind == "region" and c["country"][best.place]):
                context_countries[c["country"][best.place]] += len(spans)
                own_share[key] = (c["country"][best.place], len(spans))
            if kind == "region" and c["country"][best.place]:
                context_regions.append((key, best.place))
        for key, spans in by_key.items():
            best = first_choice[key]
            if c["kind"][best.place] == "city" and self._prior(best, latin[key]) >= w.get("context_city_prior", 7.0):
                context_countries[c["country"][best.place]] += 0.5 * len(spans)
                own_share[key] = (c["country"][best.place], 0.5 * len(spans))
        context_cities = [(k, b.place) for k, b in first_choice.items() if c["kind"][b.place] == "city"]
        # the article's geography: places whose reading is plain (one candidate, or a big city), to
        # score each other name's candidates by their distance to them (as Topocluster and CLIFF do)
        anchors = [(k, c["lat"][b.place], c["lon"][b.place]) for k, b in first_choice.items()
                   if c["kind"][b.place] == "city" and (len(by_key[k][0].entries) == 1
                                                        or self._prior(b, latin[k]) >= w.get("context_city_prior", 7.0))]
        anchors += [("", c["lat"][i], c["lon"][i]) for i in home.cities]  # the outlet's town is near its news
        near_km = w.get("near_place_km", 150.0)
        # pass 2: every name, scored with the context of the others
        chosen: dict[str, tuple[int, float]] = {}
        local: dict[str, bool] = {}  # the chosen place has evidence nearer than its country
        nearby: dict[str, float] = {}  # what being near the article's other places added to its score
        for key, spans in by_key.items():
            entries = spans[0].entries
            own_country, own_amount = own_share.get(key, (None, 0))
            # a country's own name goes to a town of that name only when "Greece, N.Y." says so
            a_country = c["kind"][first_choice[key].place] == "country"
            commas = [s.flags.get("comma") for s in spans if s.flags.get("comma")]
            best, best_score, best_local = None, -1e9, False
            for entry in entries:
                i = entry.place
                score = self._prior(entry, latin[key])
                near, nearby_bonus = False, 0.0
                country = c["country"][i]
                # a name does not support itself: "London" alone is no sign that the article is in Britain
                support = context_countries.get(country, 0) - (own_amount if own_country == country else 0)
                if c["kind"][i] != "country" and support > 0 and not (a_country and c["kind"][i] == "city"):
                    score += w.get("country_context", 3.0)
                elif c["kind"][i] != "country" and country and country == home.country:
                    score += w.get("home_country", 1.0)  # between namesakes, the outlet's country's
                if c["kind"][i] == "city" and any(s.flags.get("dateline") for s in spans):
                    score += w.get("dateline_city", 2.0)  # a dateline names the city the story was filed in
                    near = True
                if c["kind"][i] == "city" and not a_country and any(
                        k != key and distance_km(c["lat"][i], c["lon"][i], lat, lon) <= near_km for k, lat, lon in anchors):
                    score += w.get("near_place", 1.5)
                    near, nearby_bonus = True, w.get("near_place", 1.5)
                if c["kind"][i] == "region" and (any(s.flags.get("admin_after") for s in spans)
                                                 or fold(spans[0].surface.split()[-1]) in self.admin_words):
                    # "Washington state", and a name that says what it is: "Granville County", "Amur Oblast"
                    score += w.get("admin_word_after", 3.0)
                if c["kind"][i] == "city":
                    if any(self._in_region(i, r) for k, r in context_regions if k != key):
                        score += w.get("region_context", 2.0)
                        near = True
                elif c["kind"][i] == "region" and c["country"][i]:
                    if any(self._in_region(city, i) for k, city in context_cities if k != key):
                        score += w.get("region_context", 2.0)
                    elif c["admin1"][i] and any(r != i and c["admin1"][r] == c["admin1"][i] and c["country"][r] == country
                                                for k, r in context_regions if k != key):
                        score += w.get("region_context", 2.0)  # "Monroe County" where Michigan is named
                if c["kind"][i] != "country":
                    for named in commas:
                        if self._confirms(i, named):
                            score += w.get("comma_context", 5.0)
                            near = True
                            break
                if score > best_score:
                    best, best_score, best_local, best_nearby = entry, score, near, nearby_bonus
            chosen[key] = (best.place, best_score)
            local[key] = best_local
            nearby[key] = best_nearby
        # evidence and output
        results = []
        for spans in passages_spans:
            out = []
            for span in spans:
                place, score = chosen[span.key]
                kind = c["kind"][place]
                # being near other places helps choose between namesakes, not to tell a place from a word
                support = score - nearby[span.key] - self._prior(next(e for e in span.entries if e.place == place),
                                                                 span.script == "latin")
                supported = support > 1e-6
                strong = support > w.get("country_context", 3.0) + 1e-6  # more than its country named
                strong = strong or bool(span.flags.get("dateline"))
                if span.flags.get("calendar") and not strong:
                    continue
                if kind == "city" and c["population"][place] < self.small_town and not local[span.key]:
                    continue  # a small town needs evidence from its neighbourhood, not just its country
                if (span.script == "latin" and people.surname_alone(span.surface)
                        and not self._a_country_or_capital(span.entries) and not span.flags.get("comma")):
                    continue  # "Altintas, who was born in 1994" after "Mevlut Mert Altintas": the person
                if span.flags.get("common") and not (strong or (span.flags.get("prep") and kind != "city")
                                                     or (span.flags.get("prep") and supported)):
                    continue
                if span.flags.get("given") and kind == "city" and not (strong or span.flags.get("prep")):
                    continue  # "Jackson" alone: a person unless "in Jackson" or "Jackson, Mississippi"
                if span.script in ("han", "kana") and len(span.surface) <= 2:
                    if (kind == "city" and c["population"][place] < self.zh_min_population
                            and not span.flags.get("zh_suffix") and not strong):
                        continue
                if score < self.min_score:
                    continue
                out.append(Toponym(span.start, span.end, span.surface, c["id"][place], round(score, 2),
                                   bool(span.flags.get("adjectival"))))
            results.append(out)
        return results

    def _a_country_or_capital(self, entries) -> bool:
        c = self.world.columns
        return any(c["kind"][e.place] in ("country", "continent") or c["subtype"][e.place] == "capital"
                   for e in entries)

    def _in_region(self, city: int, region: int) -> bool:
        c = self.world.columns
        if c["country"][city] != c["country"][region]:
            return False
        if c["admin1"][region] and c["admin1"][region] == c["admin1"][city]:
            return True
        if c["admin1"][region]:
            return False
        return distance_km(c["lat"][city], c["lon"][city], c["lat"][region], c["lon"][region]) <= _NEAR_KM

    def _confirms(self, city: int, named: str) -> bool:
        """True when `named` (written after "city, ") is the city's region or country."""
        c = self.world.columns
        words = named.split()
        readings = [words]
        if words and words[-1].endswith(".") and words[-1].count(".") == 1:
            readings.append(words[:-1] + [words[-1][:-1]])  # "Paris, Texas." — the sentence's full stop
        for words in readings:
            for n in range(len(words), 0, -1):
                for entry in self.world.entries(" ".join(words[:n])):
                    j = entry.place
                    if c["kind"][j] == "country" and c["country"][j] == c["country"][city]:
                        return True
                    if c["kind"][j] == "region" and self._in_region(city, j):
                        return True
        return False

    # --- whole texts -------------------------------------------------------------------------

    def parse_document(self, texts: list[str], blocked: list | None = None, context=(),
                       people: ArticlePeople | None = None, home: OutletHome | None = None) -> list[list[Toponym]]:
        """Toponyms of each passage of one article (context is the whole article, plus the
        countries in `context`); `people`: the article's people's names (found when not given);
        `home`: where its outlet is (`home`)."""
        blocked = blocked or [()] * len(texts)
        people = people if people is not None else self.people.find(texts)
        spans = [self.candidates(text, list(b) + person_spans, i)
                 for i, (text, b, person_spans) in enumerate(zip(texts, blocked, people.spans))]
        return self.resolve(spans, context, people, home)

    def parse(self, text: str, blocked=()) -> list[Toponym]:
        return self.parse_document([text], [blocked])[0]

    # --- names no gazetteer knows -------------------------------------------------------------

    def unknown_names(self, text: str, taken=()) -> list[UnknownName]:
        """Names that look like places but that neither gazetteer matched ("not on the map yet")."""
        found = []
        occupied = bytearray(len(text))
        for s, e in taken:
            occupied[s:e] = b"\x01" * (e - s)
        if self._en_unknown and _CAPITAL.search(text):
            for m in self._en_unknown.finditer(text):
                words = m.group(1).split()
                while words and (fold(words[0]) in _PREPOSITIONS or words[0] in ("The", "A", "An")):
                    words = words[1:]
                if not words:
                    continue
                start = m.start(1) + m.group(1).find(words[0])
                found.append(UnknownName(start, m.end(), text[start:m.end()], m.group(2)))
            if self._en_prefixed:
                for m in self._en_prefixed.finditer(text):
                    found.append(UnknownName(m.start(), m.end(), m.group(0), m.group(1)))
        if self._zh_unknown and _HAN.search(text):
            for m in self._zh_unknown.finditer(text):
                ending, end = m.group(0), m.end()
                start = m.start()
                while start > 0 and m.start() - start < 6 and "\u4e00" <= text[start - 1] <= "\u9fff" \
                        and text[start - 1] not in self.zh_stops and not occupied[start - 1]:
                    start -= 1
                if m.start() - start < (2 if len(ending) == 1 else 1):
                    continue
                surface = text[start:end]
                if any(surface.endswith(w) for w in self.zh_not_place) or any(
                        w in text[max(0, start - 3):end + 3] and self._covers(text, start, end, w)
                        for w in self.zh_not_place):
                    continue
                found.append(UnknownName(start, end, surface, ending))
        found.sort(key=lambda u: (-(u.end - u.start), u.start))
        kept: list[UnknownName] = []
        for u in found:
            if self.world.entries(u.surface):
                continue  # a name the world gazetteer knows, turned down here (Mexico City Health Secretary)
            if u.ending == "City" and self.world.entries(u.surface[: -len(" City")]):
                continue  # "Seoul City" is Seoul
            if re.match(r"\s+of\s", text[u.end:u.end + 5]) and u.ending in ("Republic", "Region", "Province"):
                continue  # the head of a longer name: People's Republic of China
            if 1 in occupied[u.start:u.end]:
                continue
            occupied[u.start:u.end] = b"\x01" * (u.end - u.start)
            kept.append(u)
        return sorted(kept, key=lambda u: u.start)
