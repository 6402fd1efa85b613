"""Scores the geoparser on GeoVirus (../shared/eval/GeoVirus.xml) and prints a table.

    .venv/bin/python benchmarks/geoparse.py [--eval PATH] [--errors N] [--half first|second]

Scoring as ../shared/eval/README.md says: toponym precision, recall and F1 over spans matched
by overlap (each gold span matched at most once), and accuracy@161 km: the share of the
recognised toponyms (matched pairs) placed within 161 km of the gold coordinates.

Rows:
* engine — what the dashboard does: places.yaml first (its coordinates), then the world
  gazetteer through dashboard/places/world_geoparser.py (names, evidence, context, disambiguation).
* geonames lookup — the plain baseline: every name of the world gazetteer, longest match,
  capitalised as written, the most populous candidate; no rules, no context.

The file's `start`/`end` offsets are one character after the name in every case (the text
at start-1:end-1 is the name): the script checks that and shifts them.

GeoVirus entries that share a source URL are paragraphs of one Wikinews article; they are read
as one article (the engine's context is the article). Halves: the articles in file order,
split by article; the rules and weights in data/world_rules.yaml were tuned looking only at
the first half's errors — the second half is the held-out figure.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.places.gazetteer import load_gazetteer  # noqa: E402
from dashboard.text.matching import fold  # noqa: E402
from dashboard.places.gazetteer_mentions import PlaceFinder  # noqa: E402
from dashboard.places.world import distance_km, script_of, world  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "GeoVirus.xml"


def read_geovirus(path):
    """Articles as lists of passages: [(text, [(start, end, name, lat, lon)])]."""
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
            gold.append((start, end, name, float(loc.find("lat").text), float(loc.find("lon").text)))
        source = entry.find("source").text
        if source != last:
            articles.append([])
            last = source
        articles[-1].append((text, gold))
    return articles, shifted


def engine_predictions(finder, world_gaz, gazetteer, article):
    """[(start, end, lat, lon)] per passage."""
    texts = [text for text, _ in article]
    out = []
    for found in finder.find_article(texts):
        spans = []
        for m in found.places:
            place = gazetteer.place(m.place)
            spans.append((m.start, m.end, place.lat, place.lon, place.kind))
        for m in found.suggested:
            place = world_gaz.get(m.place)
            spans.append((m.start, m.end, place.lat, place.lon, place.kind))
        out.append(spans)
    return out


def lookup_predictions(world_gaz, article):
    """The plain GeoNames look-up: longest match, capitalised as written, most populous."""
    c = world_gaz.columns
    out = []
    for text, _ in article:
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
            entries = world_gaz.entries(text[start:end])
            best = max(entries, key=lambda e: c["population"][e.place])
            taken.append((start, end, c["lat"][best.place], c["lon"][best.place], c["kind"][best.place]))
        out.append(sorted(taken))
    return out


def score(articles, predict):
    tp = fp = fn = near = 0
    errors = []
    far_kinds = Counter()
    elapsed = 0.0
    chars = 0
    for article in articles:
        t0 = time.perf_counter()
        predicted = predict(article)
        elapsed += time.perf_counter() - t0
        for (text, gold), spans in zip(article, predicted):
            chars += len(text)
            used = set()
            for start, end, lat, lon, kind in spans:
                match = next((i for i, g in enumerate(gold) if i not in used and start < g[1] and g[0] < end), None)
                if match is None:
                    fp += 1
                    errors.append(("false", text[start:end], text[max(0, start - 40):end + 40]))
                    continue
                used.add(match)
                tp += 1
                g = gold[match]
                d = distance_km(lat, lon, g[3], g[4])
                if d <= 161:
                    near += 1
                else:
                    far_kinds[kind] += 1
                    errors.append(("far", f"{g[2]} {round(d)} km", text[max(0, start - 40):end + 40]))
            for i, g in enumerate(gold):
                if i not in used:
                    fn += 1
                    errors.append(("missed", g[2], text[max(0, g[0] - 40):g[1] + 40]))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = near / tp if tp else 0.0
    return {"P": p, "R": r, "F1": f1, "acc161": acc, "tp": tp, "fp": fp, "fn": fn,
            "seconds": elapsed, "chars": chars, "errors": errors, "far_kinds": far_kinds}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", default=str(DEFAULT_EVAL))
    parser.add_argument("--errors", type=int, default=0, help="print the first N errors of the engine")
    parser.add_argument("--half", choices=("first", "second"), default="first",
                        help="which half's errors --errors prints (tune on the first only)")
    args = parser.parse_args(argv)
    if not Path(args.eval).exists():
        print(f"{args.eval}: not found — pass --eval PATH", file=sys.stderr)
        return 1
    articles, shifted = read_geovirus(args.eval)
    half = len(articles) // 2
    halves = {"first half (tuning)": articles[:half], "second half (held out)": articles[half:], "all": articles}
    gold_total = sum(len(g) for a in articles for _, g in a)

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    world_gaz = world()
    world_gaz.automaton  # noqa: B018
    load = time.perf_counter() - t0
    gazetteer, _ = load_gazetteer(ROOT / "data" / "places.yaml")
    finder = PlaceFinder(gazetteer, world=True)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(f"GeoVirus: {len(articles)} articles ({sum(len(a) for a in articles)} texts), {gold_total} toponyms; "
          f"{shifted} gold offsets shifted by one (see the docstring)")
    print(f"world gazetteer: {len(world_gaz):,} places, {len(world_gaz.names):,} names; loaded in {load:.2f} s "
          f"(cache: {os.environ.get('NEWS_MAP_CACHE', '~/.cache/news-claims-map')}); "
          f"peak memory {rss0 / 1024:.0f} MB before, {rss1 / 1024:.0f} MB after")
    print()
    print(f"{'system':<16} {'set':<24} {'P':>6} {'R':>6} {'F1':>6} {'acc@161':>8} {'TP':>5} {'FP':>5} {'FN':>5} {'MB/s':>6}")
    results = {}
    for system, predict in (("engine", lambda a: engine_predictions(finder, world_gaz, gazetteer, a)),
                            ("geonames lookup", lambda a: lookup_predictions(world_gaz, a))):
        for name, subset in halves.items():
            s = score(subset, predict)
            results[(system, name)] = s
            speed = s["chars"] / 1e6 / s["seconds"] if s["seconds"] else 0
            print(f"{system:<16} {name:<24} {s['P']:6.3f} {s['R']:6.3f} {s['F1']:6.3f} {s['acc161']:8.3f} "
                  f"{s['tp']:5d} {s['fp']:5d} {s['fn']:5d} {speed:6.2f}")
    far = results[("engine", "all")]["far_kinds"]
    print()
    print("engine, all: toponyms placed farther than 161 km, by the kind of place chosen: "
          + ", ".join(f"{k} {n}" for k, n in far.most_common())
          + " (a country or continent has no one true point: ours are the countries-states-cities centres or places.yaml's)")
    if args.errors:
        key = ("engine", "first half (tuning)" if args.half == "first" else "second half (held out)")
        print()
        for kind, what, context in results[key]["errors"][: args.errors]:
            print(f"{kind:7} {what:<30} …{context.replace(chr(10), ' ')}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
