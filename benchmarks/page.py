"""The page on a big corpus, server side: first map after a cold and a warm start, a click, a
filter change, the refresh after one article is added, and the filters at a million passages.

    .venv/bin/python benchmarks/page.py [--articles N] [--corpus DIR] [--passages 1000000] [--seed 1]

Without --corpus it generates N articles with benchmarks/corpus_gen.py (default 10,000) in a
temporary folder.  The page runs in Streamlit's AppTest (the script as the server runs it, no
browser), with the bundled places.yaml and sources.yaml and the world gazetteer on, as
`streamlit run dashboard/app.py -- --articles DIR` would:

* cold start — no index yet: every article analysed (in processes), the index written, the
  first map drawn.  A fresh process.
* warm start — the index is there: a fresh process reads it and draws the first map.
* in the warm process: the full page (the second run: filters, timeline, matrix), a click on
  a place and a filter change (AppTest reruns the whole script; the server reruns only the
  map and its panel after a click, so the click figure is an upper bound), then one article
  added and the page read again (the index refreshed), then a second one.
* a million passages: the corpus's passages repeated in memory until there are `--passages`,
  then `PassageLookup` answers a filter change (uncached) and a click.

Every step in its own process, so that each peak memory (ru_maxrss) is its own.  Prints a table.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _app_test(articles: str):
    sys.argv = ["app.py", "--articles", articles]
    from streamlit.testing.v1 import AppTest
    return AppTest.from_file(str(APP), default_timeout=3600)


def _timed_run(at, label: str, rows: list) -> None:
    started = time.perf_counter()
    at.run()
    rows.append((label, time.perf_counter() - started))
    if at.exception:
        raise SystemExit(f"{label}: the page failed: {at.exception}")


def _busiest(articles: str) -> tuple[list, str]:
    """The two most named places and the most cited source, read from the index's tables
    (pandas on Parquet; not a second corpus in memory)."""
    import pandas as pd

    from dashboard.store.disk_cache import default_index_dir

    from dashboard.store.folder import index_folder
    folder = index_folder(default_index_dir([articles]), world=True)
    mentions = pd.read_parquet(folder / "mentions.parquet", columns=["article", "passage", "place"])
    places = mentions.drop_duplicates().groupby("place").size().sort_values(ascending=False)
    sources = pd.read_parquet(folder / "attributions.parquet", columns=["source"])["source"].value_counts()
    return list(places.index[:2]), sources.index[0]


def _articles_counted(at) -> int:
    """The number of articles the page's header caption counts ("10,001 articles · ...")."""
    import re
    caption = next(c.value for c in at.caption if re.match(r"^[\d,]+ article", c.value))
    return int(re.match(r"^([\d,]+)", caption).group(1).replace(",", ""))


def step_start(articles: str, more: bool) -> dict:
    """A fresh process: the first map (cold or warm, as the index folder is), then with `more`
    the full page, a click, a filter change and the refresh after one article is added."""
    rows: list = []
    at = _app_test(articles)
    _timed_run(at, "first map", rows)
    if more:
        busiest, source = _busiest(articles)
        _timed_run(at, "full page (second run)", rows)
        for place in busiest[:2]:
            at.session_state["place"] = place
            _timed_run(at, f"click {place}", rows)
        at.session_state["sources"] = [source]
        _timed_run(at, f"filter change (source {source})", rows)
        at.session_state["sources"] = []
        at.session_state["place"] = None
        _timed_run(at, "filter cleared", rows)
        added = []
        try:
            # The page watches the article folder and looks at its 10,000 files in the background
            # (datafiles.StampWatcher): the run that notices the new file goes on with the last
            # corpus, and a later run reads it.  Timed from the write to the first run that counts
            # the new article, runs one after another.  The first article added loads the world
            # gazetteer to analyse it (once per process); the second does not.
            for which in ("first", "second"):
                new = Path(articles) / f"zz-added-by-benchmark-{which}.md"
                added.append(new)
                new.write_text("---\ntitle: Added\noutlet: Harbour Wire\npublished: 2023-09-12\nlanguage: en\n---\n"
                               "TASS said on Tuesday that the train left Pyongyang for Khasan.\n", encoding="utf-8")
                before = _articles_counted(at)
                started = time.perf_counter()
                runs = 0
                while _articles_counted(at) == before:
                    time.sleep(0.2)  # a reader's pause: in a tight loop of runs the look's thread waits for the GIL
                    run_started = time.perf_counter()
                    at.run()
                    runs += 1
                    if time.perf_counter() - started > 120:
                        raise SystemExit("the page did not show the added article in 120 s")
                rows.append((f"{which} article added: its run (index refreshed, page drawn)",
                             time.perf_counter() - run_started))
                rows.append((f"{which} article added: from the write to the page showing it ({runs} runs)",
                             time.perf_counter() - started))
        finally:
            for new in added:
                new.unlink()
    return {"rows": rows, "peak_mb": _peak_mb()}


def step_million(articles: str, passages: int) -> dict:
    """PassageLookup on `passages` passages (the corpus's own, repeated under new article ids)."""
    import datetime as dt

    from dashboard.corpus.analysis import AnalysedPassage
    from dashboard.corpus.filters import Filters
    from dashboard.store.disk_cache import default_index_dir
    from dashboard.store.index import load_indexed_corpus
    from dashboard.corpus.queries import PassageLookup

    corpus, _ = load_indexed_corpus(articles=[articles], world=True, index=default_index_dir([articles]))
    base = corpus.passages
    grown, copy = list(base), 0
    while len(grown) < passages:
        copy += 1
        renamed = {}
        for p in base:
            article = renamed.get(p.article.id)
            if article is None:
                article = renamed[p.article.id] = __import__("copy").copy(p.article)
                article.id = f"copy{copy}-{p.article.id}"
            grown.append(AnalysedPassage(article, p.passage, p.mentions, p.sentences, p.suggested, p.unknown))
    grown = grown[:passages]
    rows = []
    started = time.perf_counter()
    lookup = PassageLookup(grown)
    rows.append((f"PassageLookup built ({len(grown):,} passages)", time.perf_counter() - started))
    busiest = lookup.mention_counts(Filters()).most_common(1)[0][0]
    source = lookup.source_counts(Filters()).most_common(2)[-1][0]
    filters = Filters(sources=(source,), since=dt.date(2023, 1, 1), until=dt.date(2023, 12, 31), date_kind="reported")
    started = time.perf_counter()
    kept = lookup.passages(filters)
    counts = lookup.mention_counts(filters)
    rows.append((f"filter change: source {source} in 2023 ({len(kept):,} kept, {len(counts):,} places)",
                 time.perf_counter() - started))
    started = time.perf_counter()
    clicked = lookup.mentioning(busiest, filters)
    rows.append((f"click {busiest} under that filter ({len(clicked):,} passages)", time.perf_counter() - started))
    started = time.perf_counter()
    frame = lookup.timeline(filters)
    rows.append((f"timeline under that filter ({len(frame):,} rows)", time.perf_counter() - started))
    return {"rows": rows, "peak_mb": _peak_mb()}


def _in_process(step: str, *args) -> dict:
    """Run one step in a fresh interpreter and return what it measured."""
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'benchmarks')!r});"
            f"import page; print('RESULT' + json.dumps(page.{step}(*{args!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT"):
            return json.loads(line[len("RESULT"):])
    raise SystemExit(f"{step} failed:\n{done.stderr[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles to generate (default 10,000)")
    parser.add_argument("--corpus", metavar="DIR", help="use the articles in DIR instead of generating them")
    parser.add_argument("--passages", type=int, default=1_000_000, help="passages for the lookup step (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="news-map-page-") as tmp:
        os.environ["NEWS_MAP_CACHE"] = os.environ.get("NEWS_MAP_CACHE") or str(Path.home() / ".cache" / "news-claims-map")
        if args.corpus:
            articles = str(Path(args.corpus).resolve())
        else:
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus_gen.py"), "--articles", str(args.articles),
                            "--names", "2000", "--seed", str(args.seed), "--output", f"{tmp}/gen"], check=True,
                           stdout=subprocess.DEVNULL)
            articles = f"{tmp}/gen/articles"
        from dashboard.store.disk_cache import default_index_dir
        index = default_index_dir([articles])
        if index is not None and index.exists():
            import shutil
            shutil.rmtree(index)
        size = sum(p.stat().st_size for p in Path(articles).iterdir())
        count = sum(1 for _ in Path(articles).iterdir())
        print(f"{count:,} articles, {size / 1e6:.1f} MB, in {articles}; index in {index}; "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n")
        results = [("cold start (no index)", _in_process("step_start", articles, False)),
                   ("warm start (index there)", _in_process("step_start", articles, True)),
                   (f"{args.passages:,} passages", _in_process("step_million", articles, args.passages))]
        print(f"{'step':<64} {'seconds':>9}")
        for title, result in results:
            print(f"-- {title} (peak {result['peak_mb']:,.0f} MB)")
            for label, seconds in result["rows"]:
                print(f"   {label:<61} {seconds:9.3f}")


if __name__ == "__main__":
    main()
