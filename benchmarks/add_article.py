"""How long a big article takes from "Check and add" to the map (issue 10: 1 MB within 5 s).

    .venv/bin/python benchmarks/add_article.py [--mb 1.0] [--language en|zh]

Builds an article of about `--mb` megabytes from sentence patterns with real place names,
sources and dates (deterministic), then times what the app does after the click, server side:
reading the upload (`importing.article_from_upload`), saving it (`importing.save`) and reading
the corpus again with the world gazetteer (`load_corpus(world=True)`: every article, the new one
included).  The world gazetteer's index is loaded once before timing, as in a running app.
Prints one line per step and the total.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EN = ["{source} said on {day} September that Kim's train had left {a} for {b}.",
      "Officials in {a} told {source} that a delegation would reach {b} late in August.",
      "The route from {a} to {b} runs along the railway, {source} reported.",
      "Residents of {a} saw the armoured train pass on its way to {b}, according to {source}."]
ZH = ["{source}{day}日报道，金正恩的专列已从{a}前往{b}。", "据{source}报道，代表团8月下旬抵达{b}，途经{a}。",
      "{source}称，{a}至{b}的铁路沿线戒备森严。"]
PLACES_EN = ["Pyongyang", "Vladivostok", "Khasan", "Moscow", "Seoul", "Beijing", "Harbin", "Khabarovsk", "Tumangang",
             "Ussuriysk", "Tokyo", "Hanoi", "Singapore", "Chongjin", "Rason", "Blagoveshchensk"]
PLACES_ZH = ["平壤", "符拉迪沃斯托克", "哈桑", "莫斯科", "首尔", "北京", "哈尔滨", "哈巴罗夫斯克", "乌苏里斯克", "东京", "河内"]
SOURCES_EN = ["TASS", "Reuters", "Yonhap", "Kyodo", "the Guardian", "a railway official"]
SOURCES_ZH = ["塔斯社", "路透社", "韩联社", "共同社", "彭博社"]


def build_article(megabytes: float, language: str, seed: int = 7) -> str:
    rng = random.Random(seed)
    patterns, places, sources = (EN, PLACES_EN, SOURCES_EN) if language == "en" else (ZH, PLACES_ZH, SOURCES_ZH)
    head = (f"---\ntitle: Big wire {language}\noutlet: Harbour Wire\npublished: 2023-09-12\n"
            f"language: {language}\n---\n")
    paragraphs, size = [], len(head.encode())
    while size < megabytes * 1_000_000:
        sentences = [rng.choice(patterns).format(source=rng.choice(sources), day=rng.randint(1, 28),
                                                 a=rng.choice(places), b=rng.choice(places)) for _ in range(5)]
        paragraph = (" " if language == "en" else "").join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    return head + "\n\n".join(paragraphs) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--language", choices=("en", "zh"), default="en")
    args = parser.parse_args()

    from dashboard.edit import importing
    from dashboard.corpus.analysis import DEFAULT_ARTICLES, load_corpus
    from dashboard.places.world import world

    started = time.perf_counter()
    world()
    print(f"world gazetteer loaded (once per server): {time.perf_counter() - started:.2f} s")
    text = build_article(args.mb, args.language)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        shutil.copytree(DEFAULT_ARTICLES, folder)
        steps = []
        t = time.perf_counter()
        draft = importing.article_from_upload("big.md", text.encode("utf-8"))
        steps.append(("read the upload", time.perf_counter() - t))
        t = time.perf_counter()
        saved = importing.save(draft, folder)
        steps.append(("check and save", time.perf_counter() - t))
        t = time.perf_counter()
        corpus = load_corpus(articles=[folder], world=True)
        steps.append(("read the corpus again (world gazetteer on)", time.perf_counter() - t))
    new = [p for p in corpus.passages if p.article.id == saved.path.name]
    print(f"article: {len(text.encode()) / 1e6:.2f} MB, {args.language}, {len(new)} passages, "
          f"{sum(len(p.place_ids()) for p in new)} place links")
    for name, seconds in steps:
        print(f"  {name:<45} {seconds:6.2f} s")
    total = sum(s for _, s in steps)
    print(f"  {'total (target ≤ 5 s)':<45} {total:6.2f} s  {'ok' if total <= 5 else 'MISSED'}")


if __name__ == "__main__":
    main()
