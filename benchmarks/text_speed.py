"""Speed of the text analysis (attribution, speakers, dates) over GeoVirus, TR-News and the seed article.

    .venv/bin/python benchmarks/text_speed.py [--eval FOLDER] [--rounds 3] [--dump PATH] [--profile N]

Runs the analysis as the app does (`ArticleAnalyser(gazetteer, registry, geoparser=None).analyse`,
so places.yaml places only, no world gazetteer) over the articles of both sets in ../shared/eval/
(built as benchmarks/geoparse.py builds them) and data/articles/*.md, `--rounds` times, and prints
the best round's CPU seconds and MB of UTF-8 text per CPU second:
  attribution — the time spent in `attribute_passage` (sentences, sources, speakers found in the
                text, dates) alone;
  whole       — the whole analysis of the articles (places.yaml places, attribution, dates).
The target (issues 21 and 24) is ≥ 2 MB per CPU second for the whole analysis.

`--dump PATH` writes every passage's sentences (offsets, attributions and roles, dates with their
kinds, spans, implied reported date) and each article's found sources, one line each, so that a
change meant only to be faster can be checked byte for byte (`cmp old new`).
`--profile N` prints the N hottest functions of one more round under cProfile (by own time and by
cumulative time).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import dashboard.corpus.analysis as analysis  # noqa: E402
from dashboard.corpus.analysis import DEFAULT_ARTICLES, DEFAULT_PLACES, DEFAULT_SOURCES, ArticleAnalyser  # noqa: E402
from dashboard.places.gazetteer import load_gazetteer  # noqa: E402
from dashboard.text.articles import Article, load_articles, split_passages  # noqa: E402
from dashboard.text.sources import load_sources  # noqa: E402
from geoparse import DEFAULT_EVAL, READERS, SETS  # noqa: E402


def articles(folder: Path) -> list[Article]:
    """The eval sets' articles, built as benchmarks/geoparse.py `analysis_speed` builds them, then the seed's."""
    built = []
    for name, file in SETS.items():
        for a in READERS[name](folder / file)[0]:
            body = "\n\n".join(text for text, _ in a.passages)
            n = len(built)
            article = Article(id=f"eval-{n}.md", path=f"eval-{n}.md", title="", outlet=a.outlet,
                              published=a.published, language="en", body=body)
            article.passages = split_passages(article.id, body)
            built.append(article)
    seed, _ = load_articles([DEFAULT_ARTICLES])
    return built + seed


class _Timed:
    """`attribute_passage` as analysis.py calls it, with the CPU time spent in it added up."""

    def __init__(self, function):
        self.function, self.seconds = function, 0.0

    def __call__(self, *args, **kwargs):
        t0 = time.process_time()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.process_time() - t0


def run(analyser: ArticleAnalyser, built: list[Article]) -> tuple[list, float, float]:
    """([(article, passages, found sources)], CPU seconds in attribution, CPU seconds in all)."""
    timed = _Timed(analysis.attribute_passage)
    analysis.attribute_passage = timed
    try:
        results = []
        t0 = time.process_time()
        for article in built:
            outlet, _ = analyser.outlet(article)
            passages, found = analyser.analyse(article, outlet)
            results.append((article, passages, found))
        whole = time.process_time() - t0
    finally:
        analysis.attribute_passage = timed.function
    return results, timed.seconds, whole


def _date(d) -> str:
    if d is None:
        return "-"
    written = f"{d.text!r}@{d.start}-{d.end}:" if hasattr(d, "start") else ""
    return f"{written}{d.first.isoformat()}..{d.last.isoformat()}/{d.precision}/{d.kind}"


def dump(results, path: Path) -> None:
    lines = []
    for article, passages, found in results:
        lines.append(f"# {article.id} outlet={article.outlet!r} published={article.published}")
        for p in passages:
            lines.append(f"## passage {p.passage.number}")
            for s in p.sentences:
                lines.append(f"{s.start}-{s.end} attributions={[(a.source, a.role) for a in s.attributions]} "
                             f"dates={[_date(d) for d in s.dates]} spans={s.spans} "
                             f"implied={_date(s.implied_reported)}")
        for source in found:
            lines.append(f"found {source.id} name={source.name!r} kind={source.kind} title={source.title!r} "
                         f"affiliation={source.affiliation!r} status={source.status}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", default=str(DEFAULT_EVAL), help="the folder with GeoVirus.xml and TR-News.xml")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best is printed")
    parser.add_argument("--dump", help="write the canonical dump of the results to this file")
    parser.add_argument("--profile", type=int, default=0, help="profile one more round; print the N hottest")
    args = parser.parse_args(argv)
    gazetteer, _ = load_gazetteer(DEFAULT_PLACES)
    registry, _ = load_sources(DEFAULT_SOURCES)
    analyser = ArticleAnalyser(gazetteer, registry, geoparser=None)
    built = articles(Path(args.eval))
    size = sum(len(a.body.encode("utf-8")) for a in built) / 1e6
    results, best_attribution, best_whole = None, float("inf"), float("inf")
    for _ in range(max(1, args.rounds)):
        results, attribution, whole = run(analyser, built)
        best_attribution, best_whole = min(best_attribution, attribution), min(best_whole, whole)
    print(f"{len(built)} articles, {size:.3f} MB; best of {args.rounds} rounds (CPU s):")
    print(f"  attribution {best_attribution:6.3f} s  {size / best_attribution:5.2f} MB per CPU second")
    print(f"  whole       {best_whole:6.3f} s  {size / best_whole:5.2f} MB per CPU second (target ≥ 2)")
    if args.dump:
        dump(results, Path(args.dump))
        print(f"dump written to {args.dump}")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        run(analyser, built)
        profile.disable()
        for order in ("tottime", "cumulative"):
            pstats.Stats(profile).sort_stats(order).print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
