"""Scores the project's "who said it" (attribution) against the hand-marked gold.

    .venv/bin/python benchmarks/attribution.py [--show-misses N] [--json] [--world] [--eval DIR] [--zh DIR] [--voa DIR]

What it measures: precision, recall and F1 over (passage, source) pairs, per language, against
benchmarks/attribution_gold/ (en.yaml: TR-News and GeoVirus articles from ../shared/eval;
zh.yaml and zh_more.yaml: the Chinese texts in ../shared/eval/attribution_zh, scored only when
that folder is there; the English sets too are skipped, with a note, when the XML files are not there; en_dev2.yaml: a second English development set, scored as `en-dev2`; en_heldout.yaml: twelve
TR-News articles no rule was tuned on, `en-heldout`; zh_voa.yaml: nine Voice of America Chinese
texts kept in the repository in benchmarks/claims_gold/zh_texts, scored as `zh-voa`, and
zh_voa_heldout.yaml, eight more that no rule was tuned on, `zh-voa-heldout`).  Read the gold's README.md and
CONVENTIONS.md for what a source is.

The system under test is what the app runs on an article: each gold article becomes an
`Article` (the body is the article text, or the Chinese file after its title line, or the whole
VOA file, which has no title line; the outlet is the gold's `outlet` field; title and date are
TR-News's <title> and <dltime>, else the Chinese title line (for a VOA file its first 40
characters) and a fixed date, which only the date kinds read), its passages come from
`split_passages`, and
`ArticleAnalyser(gazetteer, registry)` with the bundled data/places.yaml and data/sources.yaml
gives each passage its sentences and attributions (`.outlet(article)`, then `.passages`).
With `--world` the analyser also has the world gazetteer, as the app does: its countries,
regions and capitals that speak then stand for their governments ("Turkey has said"), which
changes kinds more than pairs (a pair is matched by name or span, whatever its kind).

Alignment: a gold passage is scored only when the system has a passage with the same start and
end in the body; the others, and their gold pairs, are skipped and counted.

System pairs: every distinct source attributed in a passage, whatever its role (speaker,
credit, cited, inherited), except the article's own outlet in the roles `outlet` and
`inherited` (its own narration, which the gold never marks; an inherited outlet is that
narration carried into a quotation whose speaker the system did not find).  Inherited
attributions of other sources do count: a quotation continued over sentences is still its
speaker's.  The own outlet in a role of its own (speaker, credit, cited) counts, and is a false
alarm by the gold's rules.

Matching rule, within one passage: a system pair matches a gold pair when
  (a) a name of the system source (its canonical name or any written form, in any language)
      equals, contains or is contained in the gold name, case-insensitively, as whole words
      (quotation and book-title marks and a leading "the" ignored; "Putin" matches "Vladimir
      Putin", "RIA" does not match "Syrian"), or
  (b) a mention of the system source overlaps a span of the gold source: the sentences' `spans`
      (where each source that speaks or is cited is named, a resolved pronoun included).
Gold and system pairs are matched one to one (a maximum matching, so a group mention spanned
for two gold sources counts once).  TP = matched pairs, P = TP / system pairs, R = TP / gold
pairs.

Variants: `all`; `core`, without the gold pairs flagged `nested` or `continued: context` (and
without the system pairs matched to them, which are neither right nor wrong there);
`registered`, only the gold pairs whose source sources.yaml lists (by the name rule (a)): the
system can name no other source, so this separates what the registry lacks from what the
grammar misses; for Chinese also `all` and `core` without zh01, which holds half of the
Chinese pairs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.corpus.analysis import DEFAULT_PLACES, DEFAULT_SOURCES, ArticleAnalyser, world_geoparser  # noqa: E402
from dashboard.places.gazetteer import load_gazetteer  # noqa: E402
from dashboard.text.articles import Article, split_passages  # noqa: E402
from dashboard.text.sources import SourceRegistry, load_sources  # noqa: E402

GOLD_DIR = ROOT / "benchmarks" / "attribution_gold"
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
XML_FILES = {"TR-News": "TR-News.xml", "GeoVirus": "GeoVirus.xml"}
VOA_DIR = ROOT / "benchmarks" / "claims_gold" / "zh_texts"  # set voa_zh: texts kept in the repository
KINDS = ("person", "organisation", "government", "outlet", "generic")
FIXED_DATE = dt.date(2017, 1, 1)  # for texts without a date of their own; attribution does not use it
OWN_ROLES = ("speaker", "credit", "cited")
BIG_ZH_ARTICLE = "zh01-xjb-weizexi.txt"
# The gold files of each scored set: `en` is the development set the rules were written against,
# `en-dev2` a second English development set (marked before any run of the finder), `en-heldout`
# twelve other TR-News articles marked by hand and never used to tune a rule, `zh-voa` the Voice of
# America Chinese texts kept in the repository (scored from a clean clone; tuned on), `zh-voa-dev2`
# eight more VOA texts, a second Chinese development set, and
# `zh-voa-heldout` eight more VOA texts that no rule was tuned on.
GOLD_FILES = {"en": ("en.yaml",), "en-dev2": ("en_dev2.yaml",), "en-heldout": ("en_heldout.yaml",),
              "zh": ("zh.yaml", "zh_more.yaml"), "zh-voa": ("zh_voa.yaml",), "zh-voa-dev2": ("zh_voa_dev2.yaml",),
              "zh-voa-heldout": ("zh_voa_heldout.yaml",)}
FILE_SETS = ("attribution_zh", "voa_zh")  # sets whose `index` is a file name


@dataclass
class GoldPair:
    name: str
    kind: str
    role: str
    spans: list  # (start, end) in the body
    nested: bool
    continued: str | None
    registered: bool = False  # a source of sources.yaml agrees with its name


@dataclass
class SystemPair:
    source: str  # source id
    names: tuple  # every written form of the source
    roles: set
    spans: list = field(default_factory=list)  # (start, end) in the body of its mentions


@dataclass
class ScoredPassage:
    article: str  # "TR-News 0", "zh01-xjb-weizexi.txt"
    number: int  # 1-based, among the gold passages of its article
    start: int
    end: int
    body: str
    gold: list  # GoldPair
    system: list  # SystemPair
    matched: dict  # gold index -> system index

    @property
    def text(self) -> str:
        return self.body[self.start:self.end]


# ---- the texts -----------------------------------------------------------------------------------
@dataclass
class Text:
    body: str
    title: str
    published: dt.date
    path: str


def english_texts(eval_dir: Path, set_name: str) -> list[Text]:
    path = eval_dir / XML_FILES[set_name]
    texts = []
    for entry in ET.parse(path).getroot().findall("article"):
        body = entry.findtext("text") or ""
        title = " ".join((entry.findtext("title") or "").split()) or body[:60]
        try:
            published = dt.date.fromisoformat((entry.findtext("dltime") or "").strip())
        except ValueError:
            published = FIXED_DATE
        texts.append(Text(body, title, published, str(path)))
    return texts


def chinese_text(zh_dir: Path, file_name: str) -> Text:
    path = zh_dir / file_name
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    return Text(body, title.lstrip("#").strip(), FIXED_DATE, str(path))


def voa_text(voa_dir: Path, file_name: str) -> Text:
    """A text of set voa_zh: a plain body with no title line, so the body is the whole file."""
    path = voa_dir / file_name
    body = path.read_text(encoding="utf-8")
    title = body.strip().partition("\n")[0][:40] or path.stem
    return Text(body, title, FIXED_DATE, str(path))


# ---- the system ------------------------------------------------------------------------------------
def system_pairs(analysed, registry: SourceRegistry, matcher, outlet: str | None) -> list[SystemPair]:
    """The (passage, source) pairs the analyser gives one passage (see the docstring)."""
    pairs: dict[str, SystemPair] = {}
    offset = analysed.passage.start
    for sentence in analysed.sentences:
        for a in sentence.attributions:
            if a.source == outlet and a.role in ("outlet", "inherited"):
                continue
            pair = pairs.get(a.source)
            if pair is None:
                pair = pairs[a.source] = SystemPair(a.source, source_names(registry, a.source), set())
            pair.roles.add(a.role)
            if a.role in OWN_ROLES:
                pair.spans += [(offset + start, offset + end) for start, end, source in sentence.spans
                               if source == a.source]
    return list(pairs.values())


def source_names(registry: SourceRegistry, source_id: str) -> tuple:
    source = registry.sources.get(source_id)
    if source is None:  # an unregistered outlet, "outlet:<slug>"
        return (source_id.partition(":")[2].replace("-", " "),)
    return tuple(dict.fromkeys(source.surfaces()))


# ---- matching ----------------------------------------------------------------------------------------
_MARKS = re.compile(r"[《》〈〉“”\"‘’「」『』]")


def normalised(name: str) -> str:
    name = " ".join(_MARKS.sub("", name).casefold().split())
    return name[4:] if name.startswith("the ") else name


def _contains(big: str, small: str) -> bool:
    """`small` in `big` as whole words (CJK characters have no word boundaries to respect)."""
    return bool(small) and re.search(rf"(?<![a-z0-9]){re.escape(small)}(?![a-z0-9])", big) is not None


def names_agree(system: SystemPair, gold: GoldPair) -> bool:
    wanted = normalised(gold.name)
    return any(_contains(wanted, n) or _contains(n, wanted) for n in map(normalised, system.names))


def spans_overlap(system: SystemPair, gold: GoldPair) -> bool:
    return any(s < ge and gs < e for s, e in system.spans for gs, ge in gold.spans)


def match(gold: list[GoldPair], system: list[SystemPair]) -> dict:
    """A maximum one-to-one matching of gold to system pairs (augmenting paths; passages hold a handful)."""
    edges = [[j for j, s in enumerate(system) if names_agree(s, g) or spans_overlap(s, g)] for g in gold]
    owner: dict[int, int] = {}  # system index -> gold index

    def augment(i: int, seen: set) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


# ---- one language --------------------------------------------------------------------------------
@dataclass
class Alignment:
    articles: int = 0
    gold_passages: int = 0
    aligned: int = 0
    skipped_gold_pairs: int = 0
    unaligned_system_passages: int = 0
    notes: list = field(default_factory=list)


def score_language(lang: str, gold: dict, text_of, analyser: ArticleAnalyser,
                   registry: SourceRegistry) -> tuple[list[ScoredPassage], Alignment]:
    scored, alignment = [], Alignment()
    known = [SystemPair(sid, source_names(registry, sid), set()) for sid in registry.sources]
    for art in gold["articles"]:
        key = art["index"] if art["set"] in FILE_SETS else f"{art['set']} {art['index']}"
        try:
            text = text_of(art)
        except FileNotFoundError as error:  # a Chinese text not on this machine: said, not scored
            alignment.notes.append(f"{key}: not scored, its text is missing ({error.filename})")
            continue
        article = Article(id=str(art["index"]), path=text.path, title=text.title,
                          outlet=art.get("outlet") or "Unknown outlet", published=text.published,
                          language=lang, body=text.body)
        article.passages = split_passages(article.id, article.body)
        outlet, _ = analyser.outlet(article)
        passages, found = analyser.analyse(article, outlet)
        analysed = {(p.passage.start, p.passage.end): p for p in passages}
        registry = SourceRegistry({**registry.sources, **{s.id: s for s in found}}, registry.grammar)
        alignment.articles += 1
        used = set()
        skipped = []
        for number, gp in enumerate(art["passages"], 1):
            alignment.gold_passages += 1
            gold_pairs = [GoldPair(s["name"], s["kind"], s["role"], [tuple(x) for x in s["spans"]],
                                   bool(s.get("nested")), s.get("continued")) for s in gp["sources"] or []]
            for g in gold_pairs:
                g.registered = any(names_agree(r, g) for r in known)
            found = analysed.get((gp["start"], gp["end"]))
            if found is None:
                skipped.append(number)
                alignment.skipped_gold_pairs += len(gold_pairs)
                continue
            used.add((gp["start"], gp["end"]))
            alignment.aligned += 1
            pairs = system_pairs(found, registry, analyser.source_matcher, outlet)
            scored.append(ScoredPassage(key, number, gp["start"], gp["end"], text.body, gold_pairs, pairs,
                                        match(gold_pairs, pairs)))
        extra = len(analysed) - len(used)
        alignment.unaligned_system_passages += extra
        if skipped or extra:
            alignment.notes.append(
                f"{key}: {len(skipped)} of {len(art['passages'])} gold passages have no system passage with the "
                f"same offsets (the system made {len(analysed)} passages, {extra} unaligned)")
    return scored, alignment


# ---- figures --------------------------------------------------------------------------------------
def core(g: GoldPair) -> bool:
    return not g.nested and g.continued != "context"


def figures(passages: list[ScoredPassage], keep=lambda g: True) -> dict:
    """The counts and scores over `passages`, for the gold pairs `keep` accepts; a system pair
    matched to a gold pair that is left out is left out too."""
    gold = system = tp = 0
    by_kind = {k: [0, 0] for k in KINDS}  # kind -> [matched, gold]
    for p in passages:
        dropped = {p.matched[i] for i, g in enumerate(p.gold) if not keep(g) and i in p.matched}
        system += len(p.system) - len(dropped)
        for i, g in enumerate(p.gold):
            if keep(g):
                gold += 1
                hit = i in p.matched
                tp += hit
                by_kind[g.kind][0] += hit
                by_kind[g.kind][1] += 1
    precision = tp / system if system else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"articles": len({p.article for p in passages}), "passages": len(passages), "gold": gold,
            "system": system, "tp": tp, "P": round(precision, 3), "R": round(recall, 3), "F1": round(f1, 3),
            "recall_by_kind": {k: {"tp": m, "gold": n, "R": round(m / n, 3) if n else None}
                               for k, (m, n) in by_kind.items()}}


def variants(lang: str, passages: list[ScoredPassage]) -> dict:
    out = {"all": figures(passages), "core": figures(passages, core),
           "registered": figures(passages, lambda g: g.registered)}
    if lang == "zh":
        rest = [p for p in passages if p.article != BIG_ZH_ARTICLE]
        out["all without zh01"] = figures(rest)
        out["core without zh01"] = figures(rest, core)
    return out


def print_table(results: dict) -> None:
    print(f"{'set':<16}{'variant':<12}{'articles':>9}{'passages':>9}{'gold':>6}{'system':>7}{'TP':>5}"
          f"{'P':>7}{'R':>7}{'F1':>7}   recall by gold kind (TP/gold)")
    for lang, by_variant in results.items():
        for name, f in by_variant.items():
            kinds = ", ".join(f"{k} {v['tp']}/{v['gold']}" for k, v in f["recall_by_kind"].items() if v["gold"])
            print(f"{lang:<16}{name:<12}{f['articles']:>9}{f['passages']:>9}{f['gold']:>6}{f['system']:>7}"
                  f"{f['tp']:>5}{f['P']:>7.3f}{f['R']:>7.3f}{f['F1']:>7.3f}   {kinds}")


# ---- error analysis --------------------------------------------------------------------------------
def context(p: ScoredPassage, spans, width: int = 90) -> str:
    """The passage around the first span, the span in [[ ]]; the passage's start when there is none."""
    if not spans:
        return p.text[: 2 * width] + ("…" if len(p.text) > 2 * width else "")
    start, end = spans[0]
    before = p.body[max(p.start, start - width): start]
    after = p.body[end: min(p.end, end + width)]
    return (("…" if start - width > p.start else "") + before + "[[" + p.body[start:end] + "]]" + after
            + ("…" if end + width < p.end else "")).replace("\n", " ")


def spread(items: list, n: int) -> list:
    """Up to n of (article, item) pairs, one article after another, so that no one article fills the list."""
    by_article: dict[str, list] = {}
    for article, item in items:
        by_article.setdefault(article, []).append(item)
    out, queues = [], list(by_article.values())
    while len(out) < n and any(queues):
        for q in queues:
            if q and len(out) < n:
                out.append(q.pop(0))
    return out


def show_misses(lang: str, passages: list[ScoredPassage], n: int) -> None:
    misses = [(p.article, (p, g)) for p in passages for i, g in enumerate(p.gold) if i not in p.matched]
    alarms = [(p.article, (p, s)) for p in passages for j, s in enumerate(p.system) if j not in set(p.matched.values())]
    print(f"\n{lang}: {len(misses)} misses, {len(alarms)} false alarms; examples")
    for p, g in spread(misses, n):
        flags = "".join(f"/{f}" for f in (g.nested and "nested", g.continued and f"continued:{g.continued}") if f)
        print(f"  MISS  {p.article} p{p.number}  {g.name} [{g.kind}/{g.role}{flags}]\n        {context(p, g.spans)}")
    for p, s in spread(alarms, n):
        print(f"  FALSE {p.article} p{p.number}  {s.source} [{'/'.join(sorted(s.roles))}]\n"
              f"        {context(p, sorted(s.spans))}")


# ---- main ----------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", default=str(DEFAULT_EVAL), help="folder of TR-News.xml and GeoVirus.xml")
    parser.add_argument("--zh", default=None, help="folder of the Chinese texts (default: EVAL/attribution_zh)")
    parser.add_argument("--voa", default=str(VOA_DIR),
                        help="folder of the texts of set voa_zh (default: benchmarks/claims_gold/zh_texts)")
    parser.add_argument("--show-misses", type=int, default=0, metavar="N",
                        help="print N misses and N false alarms per development set, with their passage "
                             "text (never for the held-out sets)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--world", action="store_true",
                        help="run with the world gazetteer, as the app does (its countries, regions and capitals "
                             "then speak for their governments); by default only places.yaml places are found")
    args = parser.parse_args(argv)
    eval_dir = Path(args.eval)
    zh_dir = Path(args.zh) if args.zh else eval_dir / "attribution_zh"
    voa_dir = Path(args.voa)
    notes = []
    missing = [f for f in XML_FILES.values() if not (eval_dir / f).is_file()]
    languages = []
    if missing:  # a clean clone: the English texts live outside the repository; zh-voa is still scored
        notes.append(f"{eval_dir}: {', '.join(missing)} not found — the English sets (en, en-dev2, en-heldout) are "
                     f"skipped; pass --eval DIR to score them")
    else:
        languages += ["en", "en-dev2", "en-heldout"]
    if zh_dir.is_dir():
        languages.append("zh")
    else:
        notes.append(f"{zh_dir}: no such folder — the Chinese texts of zh.yaml and zh_more.yaml are missing")
    if voa_dir.is_dir():
        languages += ["zh-voa", "zh-voa-dev2", "zh-voa-heldout"]
    else:
        notes.append(f"{voa_dir}: no such folder — the VOA Chinese texts are missing")

    t0 = time.perf_counter()
    gazetteer, _ = load_gazetteer(DEFAULT_PLACES)
    registry, _ = load_sources(DEFAULT_SOURCES)
    problems = []
    geoparser = world_geoparser(problems) if args.world else None
    notes += [f"{p.path}: {p.problem}" for p in problems]
    analyser = ArticleAnalyser(gazetteer, registry, geoparser=geoparser)
    xml_cache: dict[str, list[Text]] = {}

    def text_of(art: dict) -> Text:
        if art["set"] == "attribution_zh":
            return chinese_text(zh_dir, art["index"])
        if art["set"] == "voa_zh":
            return voa_text(voa_dir, art["index"])
        if art["set"] not in xml_cache:
            xml_cache[art["set"]] = english_texts(eval_dir, art["set"])
        return xml_cache[art["set"]][art["index"]]

    results, alignments, scored = {}, {}, {}
    for lang in languages:
        gold = {"articles": [a for name in GOLD_FILES[lang] if (GOLD_DIR / name).is_file()
                             for a in yaml.safe_load((GOLD_DIR / name).read_text(encoding="utf-8"))["articles"]]}
        scored[lang], alignments[lang] = score_language(lang[:2], gold, text_of, analyser, registry)
        results[lang] = variants(lang, scored[lang])
    seconds = time.perf_counter() - t0

    if args.json:
        print(json.dumps({"notes": notes, "seconds": round(seconds, 2),
                          "alignment": {lang: vars(a) for lang, a in alignments.items()},
                          "results": results}, ensure_ascii=False, indent=2))
        return 0
    for note in notes:
        print(note)
    for lang, a in alignments.items():
        print(f"{lang}: {a.aligned} of {a.gold_passages} gold passages aligned in {a.articles} articles; skipped "
              f"{a.gold_passages - a.aligned} gold passages ({a.skipped_gold_pairs} gold pairs), "
              f"{a.unaligned_system_passages} system passages unaligned")
        for note in a.notes:
            print(f"   {note}")
    print()
    print_table(results)
    print(f"\n{seconds:.1f} s; core = without gold pairs flagged nested or continued: context; "
          f"registered = only gold pairs whose source sources.yaml lists")
    for lang in languages if args.show_misses else ():
        if lang.endswith("-heldout"):  # held out: its misses are never read, so no rule is written for them
            print(f"\n{lang}: held out, its misses are not shown")
            continue
        show_misses(lang, scored[lang], args.show_misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
