"""Times the index: a cold build (serial, processes, Dask), a warm load to a Corpus, and the
refresh after one article is added; with the peak memory of the whole process tree.

    .venv/bin/python benchmarks/corpus_gen.py --articles 10000 --output /tmp/gen10k
    .venv/bin/python benchmarks/index.py --articles /tmp/gen10k/articles --workers 1,2 [--engines local,dask]
        [--no-world] [--warm-runs 3] [--index DIR] [--skip-cold]

Every step runs in a fresh Python process (as the page or the command line would), and the
memory is the peak of the summed resident memory of that process and its children (worker
processes), sampled every 20 ms. The articles are read with the bundled places.yaml and
sources.yaml, with the world gazetteer unless --no-world (as the page reads them).
Targets (issue 12): 10,000 articles, a warm start to the corpus ≤ 3 s (the page's first map
needs the corpus and little more), a refresh after adding one article ≤ 2 s, peak ≤ 1 GB.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEP = r"""
import json, sys, time
started = time.perf_counter()
sys.path.insert(0, {root!r})
from dashboard.store.index import load_indexed_corpus
imported = time.perf_counter()
corpus, stats = load_indexed_corpus(articles=[{articles!r}], world={world!r}, index={index!r}, engine={engine!r},
                                    workers={workers!r})
done = time.perf_counter()
print(json.dumps({{"import_s": imported - started, "load_s": done - imported, "articles": stats.articles,
                  "analysed": stats.analysed, "reused": stats.reused, "passages": len(corpus.passages),
                  "written": stats.written}}))
"""


# As the page does: a warm start, then an article added twice while it runs (the corpus read
# again through the index, with the previous corpus: its unchanged articles are taken as they are).
PAGE = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from dashboard.store.index import load_indexed_corpus
folder = Path({articles!r})
corpus, _ = load_indexed_corpus(articles=[folder], world={world!r}, index={index!r})
source = sorted(folder.glob("*.md"))[0].read_text(encoding="utf-8")
times = []
for i in range(2):
    added = folder / f"zz-benchmark-page-{{i}}.md"
    added.write_text(source.replace("title:", f"title: ({{i}})", 1), encoding="utf-8")
    started = time.perf_counter()
    corpus, stats = load_indexed_corpus(articles=[folder], world={world!r}, index={index!r}, previous=corpus)
    times.append(time.perf_counter() - started)
for i in range(2):
    (folder / f"zz-benchmark-page-{{i}}.md").unlink()
corpus, _ = load_indexed_corpus(articles=[folder], world={world!r}, index={index!r}, previous=corpus)
print(json.dumps({{"import_s": 0, "load_s": times[0], "second_s": times[1], "articles": stats.articles,
                  "analysed": stats.analysed, "reused": stats.reused, "passages": len(corpus.passages),
                  "written": stats.written}}))
"""


def run_step(articles, index, world, engine="local", workers=1, script=STEP) -> dict:
    import psutil
    code = script.format(root=str(ROOT), articles=str(articles), world=world, index=str(index), engine=engine,
                         workers=workers)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    parent, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    out = proc.stdout.read()
    if proc.returncode:
        raise SystemExit(f"step failed ({proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = round(peak / 1e6)
    return result


def add_article(articles: Path) -> Path:
    source = sorted(articles.glob("*.md"))[0]
    target = articles / f"zz-benchmark-added-{int(time.time())}.md"
    text = source.read_text(encoding="utf-8")
    target.write_text(text.replace("title:", "title: (added)", 1), encoding="utf-8")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", required=True, type=Path)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts for the cold builds")
    parser.add_argument("--engines", default="local", help="local, dask or both (comma-separated)")
    parser.add_argument("--no-world", action="store_true")
    parser.add_argument("--warm-runs", type=int, default=3)
    parser.add_argument("--index", type=Path, help="the index folder (default: a temporary one)")
    parser.add_argument("--skip-cold", action="store_true", help="use the index there is (no cold build)")
    args = parser.parse_args(argv)
    world = not args.no_world
    index = args.index or Path(tempfile.mkdtemp(prefix="index-bench-"))
    rows = []
    if not args.skip_cold:
        for engine in args.engines.split(","):
            for workers in [int(w) for w in args.workers.split(",")]:
                shutil.rmtree(index, ignore_errors=True)
                r = run_step(args.articles, index, world, engine, workers)
                rows.append((f"cold build, {engine}, {workers} worker(s)", r))
                print(rows[-1], flush=True)
    for i in range(args.warm_runs):
        r = run_step(args.articles, index, world)
        rows.append(("warm load", r))
        print(rows[-1], flush=True)
    added = add_article(args.articles)
    try:
        r = run_step(args.articles, index, world)
        rows.append(("refresh, one article added", r))
        print(rows[-1], flush=True)
    finally:
        added.unlink()
    r = run_step(args.articles, index, world)
    rows.append(("refresh, that article removed", r))
    print(rows[-1], flush=True)
    r = run_step(args.articles, index, world, script=PAGE)
    rows.append(("in the page: first article added (world gazetteer loaded)", r))
    rows.append(("in the page: second article added", {**r, "load_s": r["second_s"]}))
    print(rows[-2:], flush=True)
    print()
    print("| step | articles | analysed | load s | import s | peak MB |")
    print("|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['articles']:,} | {r['analysed']:,} | {r['load_s']:.2f} | {r['import_s']:.2f} | "
              f"{r['peak_mb']:,} |")
    if not args.index:
        shutil.rmtree(index, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
