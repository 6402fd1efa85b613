"""Scores the geoparser on GeoVirus and TR-News (../shared/eval/) side by side and prints a table.

    .venv/bin/python benchmarks/geoparse.py [--eval FOLDER] [--errors N] [--set geovirus|trnews]
                                            [--half first|second] [--cold]

Scoring as ../shared/eval/README.md says: toponym precision, recall and F1 over spans matched
by overlap (each gold span matched at most once), and accuracy@161 km: the share of the
recognised toponyms (matched pairs) placed within 161 km of the gold coordinates (TR-News
toponyms without coordinates count for the spans only).

Rows, for each set and each half of it:
* engine — what the dashboard does: places.yaml first (its coordinates), then the world
  gazetteer through dashboard/places/world_geoparser.py (names, evidence, context, disambiguation).
* geonames lookup — the plain baseline: every name of the world gazetteer, longest match,
  capitalised as written, the most populous candidate; no rules, no context.

Then the whole analysis (places, attribution, dates: `ArticleAnalyser` as the app runs it) over
both sets' articles, in MB of UTF-8 text per CPU second; the world index's start (read from the
cache; with --cold also built from the packages with the cache off) and the memory it takes.

The sets' quirks: GeoVirus's `start`/`end` are one character after the name in every case (the
text at start-1:end-1 is the name), and its entries that share a source URL are paragraphs of one
Wikinews article, read as one article (the engine's context is the article).  In TR-News some
articles' offsets drift a few characters early; a toponym whose offsets do not hold its phrase is
put on the nearest occurrence of the phrase (within 30 characters), and the script says how many.
TR-News articles are split into passages at line breaks, as the dashboard splits a text.

Halves: each set's articles in file order, split by article.  Look only at the first half's
errors when changing a rule (--errors prints them); the second half is the held-out figure.
Both sets count: a rule that helps one set and hurts the other is not an improvement.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.corpus.analysis import ArticleAnalyser, DEFAULT_SOURCES  # noqa: E402
from dashboard.places.gazetteer import load_gazetteer  # noqa: E402
from dashboard.places.gazetteer_mentions import PlaceFinder  # noqa: E402
from dashboard.places.world import build_world, distance_km, script_of, world  # noqa: E402
from dashboard.places.world_geoparser import Geoparser  # noqa: E402
from dashboard.text.articles import Article, split_passages  # noqa: E402
from dashboard.text.matching import fold  # noqa: E402
from dashboard.text.sources import load_sources  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
SETS = {"GeoVirus": "GeoVirus.xml", "TR-News": "TR-News.xml"}


@dataclass
class EvalArticle:
    """One article of a set: its passages' texts, each with its gold [(start, end, name, lat, lon)]
    (lat and lon None when the set gives no coordinates), and its outlet's web domain."""
    passages: list = field(default_factory=list)  # [(text, gold)]
    outlet: str | None = None
    published: dt.date | None = None
    marks_demonyms: bool = False  # the set's gold counts "Turkish" as Turkey (TR-News does, GeoVirus does not)


def read_geovirus(path):
    """(articles, how many offsets were shifted)."""
    root = ET.parse(path).getroot()
    articles, shifted, last = [], 0, None
    for entry in root.findall("article"):
        text = entry.find("text").text or ""
        gold = []
        for loc in entry.find("locations"):
            name = loc.find("name").text
            start, end = int(loc.find("start").text), int(loc.find("end").text)
            if text[start - 1:end - 1] == name:
                start, end = start - 1, end - 1
                shifted += 1
            gold.append((start, end, name, float(loc.find("lat").text), float(loc.find("lon").text), None))
        source = entry.find("source").text
        if source != last:
            articles.append(EvalArticle())
            last = source
        articles[-1].passages.append((text, gold))
    return articles, shifted


def _nearest(text: str, phrase: str, start: int) -> int | None:
    for distance in range(30):
        for at in (start - distance, start + distance):
            if at >= 0 and text.startswith(phrase, at):
                return at
    return None


def read_trnews(path):
    """(articles, how many offsets were re-found): each article split into passages at line breaks."""
    root = ET.parse(path).getroot()
    articles, moved = [], 0
    for entry in root.findall("article"):
        text = entry.find("text").text or ""
        gold = []
        for toponym in entry.find("toponyms"):
            phrase = toponym.find("phrase").text
            start = int(toponym.find("start").text)
            if not text.startswith(phrase, start):
                start = _nearest(text, phrase, start)
                moved += 1
                if start is None:
                    continue
            tag = toponym.find("gaztag")
            lat = lon = geonameid = None
            if tag is not None and tag.find("lat") is not None:
                lat, lon = float(tag.find("lat").text), float(tag.find("lon").text)
                geonameid = tag.get("geonameid")
            gold.append((start, start + len(phrase), phrase, lat, lon, geonameid))
        article = EvalArticle(outlet=(entry.findtext("domain") or "").strip() or None, marks_demonyms=True)
        try:
            article.published = dt.date.fromisoformat((entry.findtext("dltime") or "").strip())
        except ValueError:
            pass
        offset = 0
        for line in text.split("\n"):
            end = offset + len(line)
            if line.strip():
                article.passages.append((line, [(s - offset, e - offset, *rest) for s, e, *rest in gold
                                                if offset <= s and e <= end]))
            offset = end + 1
        articles.append(article)
    return articles, moved


READERS = {"GeoVirus": read_geovirus, "TR-News": read_trnews}


def engine_predictions(finder, world_gaz, gazetteer, article: EvalArticle, adjectival: bool = True):
    """[(start, end, lat, lon, kind, id)] per passage; demonyms ("Turkish") only with `adjectival`."""
    texts = [text for text, _ in article.passages]
    out = []
    for found in finder.find_article(texts, article.outlet, f"https://{article.outlet}" if article.outlet else None):
        spans = []
        for m in found.places + found.suggested + (found.adjectival if adjectival else []):
            place = gazetteer.place(m.place) if m.place in gazetteer.places else world_gaz.get(m.place)
            spans.append((m.start, m.end, place.lat, place.lon, place.kind, m.place))
        out.append(sorted(spans))
    return out


def lookup_predictions(world_gaz, article: EvalArticle):
    """The plain GeoNames look-up: longest match, capitalised as written, most populous."""
    c = world_gaz.columns
    out = []
    for text, _ in article.passages:
        found = []
        for start, end in world_gaz.scan(text):
            surface = text[start:end]
            if script_of(fold(surface)) == "latin" and not surface[0].isupper():
                continue
            found.append((start, end))
        found.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
        taken = []
        for start, end in found:
            if any(start < e and s < end for s, e, *_ in taken):
                continue
            entries = [e for e in world_gaz.entries(text[start:end]) if not e.adjectival and not e.after_comma]
            if not entries:
                continue  # demonyms and "Town, ST" abbreviations are the engine's, not GeoNames'
            best = max(entries, key=lambda e: c["population"][e.place])
            taken.append((start, end, c["lat"][best.place], c["lon"][best.place], c["kind"][best.place],
                          c["id"][best.place]))
        out.append(sorted(taken))
    return out


def score(articles, predict):
    tp = fp = fn = near = located = 0
    errors = []
    far_kinds = Counter()
    far_same_place = Counter()  # farther than 161 km, yet the gold's own GeoNames place (TR-News gives ids)
    elapsed = 0.0
    chars = 0
    for article in articles:
        t0 = time.perf_counter()
        predicted = predict(article)
        elapsed += time.perf_counter() - t0
        for (text, gold), spans in zip(article.passages, predicted):
            chars += len(text)
            used = set()
            for start, end, lat, lon, kind, place_id in spans:
                match = next((i for i, g in enumerate(gold) if i not in used and start < g[1] and g[0] < end), None)
                if match is None:
                    fp += 1
                    errors.append(("false", text[start:end], text[max(0, start - 40):end + 40]))
                    continue
                used.add(match)
                tp += 1
                g = gold[match]
                if g[3] is None:
                    continue
                located += 1
                d = distance_km(lat, lon, g[3], g[4])
                if d <= 161:
                    near += 1
                else:
                    far_kinds[kind] += 1
                    if g[5] is not None and place_id == f"gn:{g[5]}":
                        far_same_place[kind] += 1
                    errors.append(("far", f"{g[2]} {round(d)} km", text[max(0, start - 40):end + 40]))
            for i, g in enumerate(gold):
                if i not in used:
                    fn += 1
                    errors.append(("missed", g[2], text[max(0, g[0] - 40):g[1] + 40]))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = near / located if located else 0.0
    return {"P": p, "R": r, "F1": f1, "acc161": acc, "tp": tp, "fp": fp, "fn": fn,
            "seconds": elapsed, "chars": chars, "errors": errors, "far_kinds": far_kinds,
            "far_same_place": far_same_place}


def analysis_speed(articles: list[EvalArticle], geoparser) -> tuple[float, float]:
    """(MB of UTF-8 text, CPU seconds) of the whole analysis of the articles, as the app runs it."""
    gazetteer, _ = load_gazetteer(ROOT / "data" / "places.yaml")
    registry, _ = load_sources(DEFAULT_SOURCES)
    analyser = ArticleAnalyser(gazetteer, registry, geoparser)
    built = []
    for n, a in enumerate(articles):
        body = "\n\n".join(text for text, _ in a.passages)
        article = Article(id=f"eval-{n}.md", path=f"eval-{n}.md", title="", outlet=a.outlet, published=a.published,
                          language="en", body=body)
        article.passages = split_passages(article.id, body)
        built.append(article)
    size = sum(len(a.body.encode("utf-8")) for a in built)
    t0 = time.process_time()
    for article in built:
        outlet, _ = analyser.outlet(article)
        analyser.analyse(article, outlet)
    return size / 1e6, time.process_time() - t0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", default=str(DEFAULT_EVAL), help="the folder with GeoVirus.xml and TR-News.xml")
    parser.add_argument("--set", choices=("geovirus", "trnews"), default=None,
                        help="print --errors of this set (default: both)")
    parser.add_argument("--errors", type=int, default=0, help="print the first N errors of the engine")
    parser.add_argument("--half", choices=("first", "second"), default="first",
                        help="which half's errors --errors prints (tune on the first only)")
    parser.add_argument("--cold", action="store_true", help="also build the world index with the cache off")
    args = parser.parse_args(argv)
    folder = Path(args.eval)
    sets = {}
    for name, file in SETS.items():
        path = folder / file
        if not path.exists():
            print(f"{path}: not found — pass --eval FOLDER", file=sys.stderr)
            return 1
        articles, fixed = READERS[name](path)
        sets[name] = articles
        gold = sum(len(g) for a in articles for _, g in a.passages)
        texts = sum(len(a.passages) for a in articles)
        how = "offsets shifted by one (see the docstring)" if name == "GeoVirus" else "offsets re-found nearby"
        print(f"{name}: {len(articles)} articles ({texts} passages), {gold} toponyms; {fixed} {how}")

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.cold:
        t0 = time.perf_counter()
        build_world(use_cache=False)
        print(f"world index built from the packages (cache off) in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    world_gaz = world()
    world_gaz.automaton  # noqa: B018
    load = time.perf_counter() - t0
    gazetteer, _ = load_gazetteer(ROOT / "data" / "places.yaml")
    geoparser = Geoparser(world_gaz)
    finder = PlaceFinder(gazetteer, world=geoparser)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"world gazetteer: {len(world_gaz):,} places, {len(world_gaz.names):,} names; started in {load:.2f} s "
          f"(cache: {os.environ.get('NEWS_MAP_CACHE', '~/.cache/news-claims-map')}); "
          f"peak memory {rss0 / 1024:.0f} MB before, {rss1 / 1024:.0f} MB after")
    print()
    print(f"{'system':<16} {'set':<9} {'half':<7} {'P':>6} {'R':>6} {'F1':>6} {'acc@161':>8} "
          f"{'TP':>5} {'FP':>5} {'FN':>5}")
    results = {}
    # GeoVirus does not annotate demonyms ("Turkish", "Canadians": ../shared/eval/README.md), TR-News does:
    # the engine's adjectival mentions are scored on TR-News, and on GeoVirus only in the last row.
    for system, predict in (("engine", lambda a: engine_predictions(finder, world_gaz, gazetteer, a,
                                                                    adjectival=a.marks_demonyms)),
                            ("geonames lookup", lambda a: lookup_predictions(world_gaz, a))):
        for set_name, articles in sets.items():
            half = len(articles) // 2
            for part, subset in (("first", articles[:half]), ("second", articles[half:]), ("all", articles)):
                s = score(subset, predict)
                results[(system, set_name, part)] = s
                print(f"{system:<16} {set_name:<9} {part:<7} {s['P']:6.3f} {s['R']:6.3f} {s['F1']:6.3f} "
                      f"{s['acc161']:8.3f} {s['tp']:5d} {s['fp']:5d} {s['fn']:5d}")
    s = score(sets["GeoVirus"], lambda a: engine_predictions(finder, world_gaz, gazetteer, a, adjectival=True))
    print(f"{'engine+demonyms':<16} {'GeoVirus':<9} {'all':<7} {s['P']:6.3f} {s['R']:6.3f} {s['F1']:6.3f} "
          f"{s['acc161']:8.3f} {s['tp']:5d} {s['fp']:5d} {s['fn']:5d}  (demonyms counted, which GeoVirus does not mark)")
    print()
    for set_name in sets:
        far = results[("engine", set_name, "all")]["far_kinds"]
        print(f"engine, {set_name}: placed farther than 161 km, by the kind of place chosen: "
              + ", ".join(f"{k} {n}" for k, n in far.most_common()))
        same = results[("engine", set_name, "all")]["far_same_place"]
        if same:
            print(f"  of which the gold's own GeoNames place, whose point differs from the one we draw it at: "
                  + ", ".join(f"{k} {n}" for k, n in same.most_common()))
    mb, cpu = analysis_speed([a for articles in sets.values() for a in articles], geoparser)
    print(f"whole analysis (places, attribution, dates) of both sets: {mb:.2f} MB in {cpu:.2f} CPU s: "
          f"{mb / cpu:.2f} MB per CPU second (target ≥ 2)")
    if args.errors:
        for set_name in sets:
            if args.set and args.set != set_name.lower().replace("-", ""):
                continue
            print()
            print(f"{set_name}, {args.half} half: the engine's first {args.errors} errors")
            for kind, what, context in results[("engine", set_name, args.half)]["errors"][: args.errors]:
                print(f"{kind:7} {what:<30} …{context.replace(chr(10), ' ')}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
