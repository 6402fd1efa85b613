"""Engine throughput on a generated corpus: name matching with many names, and the whole analysis.

    .venv/bin/python benchmarks/engine.py --articles 1000 --names 100000 --seed 1
    .venv/bin/python benchmarks/engine.py --corpus /tmp/gen --sections matcher,analysis,profile

Without ``--corpus`` it first writes a corpus with ``benchmarks/corpus_gen.py`` into a
temporary folder (removed at the end; ``--keep DIR`` keeps it there instead). It prints one
Markdown table. Each measurement runs in a fresh Python process, so the peak memory
(``ru_maxrss``) and the caches of one never reach another.

Sections (``--sections``, comma-separated; default ``matcher,analysis,engine,index``):

* ``matcher`` — every name of the generated ``places.yaml`` (and its ``not_places``) loaded
  three ways: the project's ``matching.NameMatcher`` (one Aho-Corasick automaton), one
  compiled regular expression per name, and one alternation of all names, longest first.
  Each regex carries the same rules as the matcher (case, word boundaries, not_before /
  not_after) and the same overlap resolution (longest, then leftmost), so all three must give
  the same mentions. NameMatcher runs on every passage of the corpus; the two regex ways
  are far too slow for that, so they run on a sample of whole articles (``--sample-kb``), and
  the table says so and extrapolates. The mentions of all three on the sample are compared.
* ``analysis`` — ``load_corpus`` as the app runs it, in phases: places.yaml, sources.yaml,
  the article files, the world gazetteer (from its cache), and ``corpus.analyse``; without
  and with the world gazetteer.
* ``engine`` — ``engine.analyse_files`` in one worker process per core (places.yaml only).
* ``index`` — the Parquet index (``index.load_indexed_corpus``, as ``python -m dashboard
  index`` and ``check`` use it, places.yaml only): built cold, brought up to date after one
  article is added, and read by a new process from the warm index. The index and the added
  article live in ``bench-index/`` and ``bench-added/`` beside the corpus, removed at the end.
* ``profile`` — cProfile of ``load_corpus`` on the first ``--profile-articles`` articles
  (default 200): the top functions by cumulative time.

MB/s counts UTF-8 bytes: of the passages' text for the matcher, of the article files for
the analysis. Targets (issue 12): ≥ 5 MB/s of article text per core with ≥ 100,000 names
loaded, ≥ 20x one regex per name, and faster than one alternation regex.

A new measurement is one function added to `MEASUREMENTS` (name, section, function): the
function gets the `Context` and returns table rows.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SOURCES = ROOT / "data" / "sources.yaml"
TARGET_MBPS = 5.0
TARGET_VS_PER_NAME = 20.0


@dataclass
class Row:
    name: str
    mbps: float | None = None  # MB of text a second (wall clock)
    articles_per_s: float | None = None
    seconds: float | None = None
    rss_mb: float | None = None  # the measuring process's peak resident memory
    note: str = ""
    cpu_mbps: float | None = None  # MB of text a second of this process's CPU time (contention aside)


@dataclass
class Context:
    corpus: Path
    sample_kb: int
    profile_articles: int
    repeat: int = 3
    manifest: dict = field(default_factory=dict)

    @property
    def places(self) -> Path:
        return self.corpus / "places.yaml"

    @property
    def articles(self) -> Path:
        return self.corpus / "articles"

    def article_files(self) -> list[Path]:
        return sorted(p for p in self.articles.iterdir() if p.suffix == ".md")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# ---------------------------------------------------------------------------------------------
# Name matching


def place_names(places: Path):
    """The names PlaceFinder gives its matcher: every name and alias of every place, and the
    not_places phrases as blockers (target None)."""
    from dashboard.places.gazetteer import load_gazetteer
    from dashboard.text.matching import Name
    gazetteer, problems = load_gazetteer(places)
    if problems:
        raise SystemExit(f"error: {places} has problems, e.g. {problems[0]}")
    names = [Name(surface, place.id, place.not_before, place.not_after)
             for place in gazetteer.places.values() for _, surface in place.all_names()]
    names += [Name(phrase, None) for phrases in gazetteer.not_places.values() for phrase in phrases]
    return names


def passage_texts(files: list[Path]) -> list[list[str]]:
    """Each article's passage texts, split as the loader splits them (front matter skipped
    without parsing it: 100,000 YAML headers would take longer than the matching)."""
    from dashboard.text.articles import split_passages
    texts = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1].lstrip("\n") if text.startswith("---\n") else text
        texts.append([p.text for p in split_passages(file.name, body)])
    return texts


def _regex_of(name) -> tuple[str, int]:
    """A name as a pattern with NameMatcher's rules: word boundaries where the name starts or
    ends with a word character (Latin, Cyrillic), case-insensitive but for short capitals."""
    from dashboard.text.matching import _WORD_CHAR, _rule
    rule = _rule(name)
    pattern = re.escape(name.surface)
    if rule.left:
        pattern = f"(?<![{_WORD_CHAR}])" + pattern
    if rule.right:
        pattern += f"(?![{_WORD_CHAR}])"
    return pattern, 0 if rule.case_sensitive else re.IGNORECASE


def _keep(text: str, start: int, end: int, name) -> bool:
    """NameMatcher's not_before / not_after rules."""
    return not (any(text.startswith(after, end) for after in name.not_before)
                or any(text[:start].endswith(before) for before in name.not_after))


def resolve(text: str, candidates) -> list[tuple[int, int, str]]:
    """NameMatcher.find_spans's overlap rule (longest, then leftmost; blockers win their span
    and are dropped), on (start, end, target) candidates from anywhere."""
    ordered = sorted(set(candidates), key=lambda c: (-(c[1] - c[0]), c[0], c[2] is not None))
    occupied = bytearray(len(text))
    taken = []
    for start, end, target in ordered:
        if 1 not in occupied[start:end]:
            occupied[start:end] = b"\x01" * (end - start)
            taken.append((start, end, target))
    return sorted(t for t in taken if t[2] is not None)


class PerNameRegex:
    """One compiled regular expression per name (the way without an automaton)."""

    def __init__(self, names):
        self.rules = []
        for name in names:
            pattern, flags = _regex_of(name)
            self.rules.append((re.compile(pattern, flags), name))

    def find(self, text: str):
        candidates = [(m.start(), m.end(), name.target) for regex, name in self.rules
                      for m in regex.finditer(text) if _keep(text, m.start(), m.end(), name)]
        return resolve(text, candidates)


class AlternationRegex:
    """One regular expression: the alternation of every name, longest first. It finds
    non-overlapping matches from the left, so a longer name that starts inside a shorter
    one's match is not seen (the comparison with NameMatcher counts those)."""

    def __init__(self, names):
        from dashboard.text.matching import _rule, fold
        self.by_key: dict[str, list] = {}
        for name in names:
            if name.surface:
                self.by_key.setdefault(fold(name.surface), []).append((_rule(name), name))
        ordered = sorted(self.by_key.items(), key=lambda item: (-len(item[0]), item[0]))
        alternatives = dict.fromkeys(_regex_of(rules[0][1])[0] for _, rules in ordered)
        self.regex = re.compile("|".join(alternatives), re.IGNORECASE)

    def find(self, text: str):
        from dashboard.text.matching import fold
        candidates = []
        for m in self.regex.finditer(text):
            for rule, name in self.by_key.get(fold(m.group()), ()):
                if rule.case_sensitive and m.group() != name.surface:
                    continue
                if _keep(text, m.start(), m.end(), name):
                    candidates.append((m.start(), m.end(), name.target))
        return resolve(text, candidates)


def sample_articles(texts: list[list[str]], files: list[Path], kb: int) -> list[list[str]]:
    """Whole articles, a Chinese one and an English one at a time (as the file names say), up to `kb` kB."""
    by_lang = {"zh": [], "en": []}
    for file, passages in zip(files, texts):
        by_lang["zh" if "-zh-" in file.name else "en"].append(passages)
    sample, size = [], 0
    for zh, en in zip(by_lang["zh"], by_lang["en"]):  # one of each at least
        sample += [zh, en]
        size += sum(len(t.encode("utf-8")) for t in zh + en)
        if size >= kb * 1000:
            break
    return sample


def _timed(find, articles):
    """(results, wall seconds, CPU seconds of this process)."""
    started, cpu = time.perf_counter(), time.process_time()
    found = [[find(text) for text in article] for article in articles]
    return found, time.perf_counter() - started, time.process_time() - cpu


def _best(find, articles, repeat: int) -> tuple[float, float]:
    """The shortest wall and CPU times of `repeat` runs."""
    runs = [_timed(find, articles)[1:] for _ in range(repeat)]
    return min(w for w, _ in runs), min(c for _, c in runs)


def measure_matcher(ctx: Context) -> list[Row]:
    from dashboard.text.matching import NameMatcher, fold
    started = time.perf_counter()
    names = place_names(ctx.places)
    load_s = time.perf_counter() - started
    files = ctx.article_files()
    texts = passage_texts(files)
    total = sum(len(t.encode("utf-8")) for article in texts for t in article)
    sample = sample_articles(texts, files, ctx.sample_kb)
    sample_bytes = sum(len(t.encode("utf-8")) for article in sample for t in article)
    sample_note = f"{len(sample)} articles, {sample_bytes / 1000:.1f} kB"

    started = time.perf_counter()
    matcher = NameMatcher(names)
    build_ac = time.perf_counter() - started
    ac_s, ac_cpu = _best(matcher.find_spans, texts, ctx.repeat)
    by_lang = {}
    for lang in ("zh", "en"):
        part = [t for f, t in zip(files, texts) if f"-{lang}-" in f.name]
        size = sum(len(t.encode("utf-8")) for article in part for t in article)
        seconds, cpu = _best(matcher.find_spans, part, ctx.repeat)
        by_lang[lang] = (part, size, seconds, cpu)
    hits = sum(1 for article in texts[:200] for t in article for _ in matcher._hits(fold(t)))
    kept = sum(len(matcher.candidates(t)) for article in texts[:200] for t in article)
    ac_sample, ac_sample_s, ac_sample_cpu = _timed(lambda t: [s for s in matcher.find_spans(t) if s[2] is not None],
                                                   sample)

    started = time.perf_counter()
    per_name = PerNameRegex(names)
    build_per_name = time.perf_counter() - started
    per_name_found, per_name_s, per_name_cpu = _timed(per_name.find, sample)

    started = time.perf_counter()
    alternation = AlternationRegex(names)
    build_alternation = time.perf_counter() - started
    alternation_found, alternation_s, alternation_cpu = _timed(alternation.find, sample)

    def differences(found):
        diff = 0
        for ours, theirs in zip(ac_sample, found):
            for a, b in zip(ours, theirs):
                diff += len(set(a) ^ set(b))
        return diff

    mentions = sum(len(p) for a in ac_sample for p in a)
    ac_mbps = total / ac_s / 1e6
    ac_sample_mbps = sample_bytes / ac_sample_s / 1e6
    rows = [Row(f"names loaded: {len(names):,} (places.yaml read in {load_s:.1f} s)", note=f"sample: {sample_note}")]
    ac_cpu_mbps = total / ac_cpu / 1e6
    rows.append(Row("NameMatcher (Aho-Corasick), every passage", ac_mbps, len(texts) / ac_s, ac_s, None,
                    f"{total / 1e6:.1f} MB, best of {ctx.repeat}; automaton built in {build_ac:.1f} s; "
                    f"{'meets' if ac_cpu_mbps >= TARGET_MBPS else 'BELOW'} the {TARGET_MBPS:g} MB/s a core target; "
                    f"{hits / max(kept, 1):.1f} automaton hits per candidate kept (first 200 articles)"))
    rows[-1].cpu_mbps = ac_cpu_mbps
    for lang, (part, size, seconds, cpu) in by_lang.items():
        chars = sum(len(t) for article in part for t in article)
        rows.append(Row(f"NameMatcher, {lang} passages only", size / seconds / 1e6, len(part) / seconds, seconds,
                        None, f"{size / 1e6:.1f} MB, {chars / cpu / 1e6:.2f} M characters a CPU second",
                        cpu_mbps=size / cpu / 1e6))
    rows.append(Row("NameMatcher, sample", ac_sample_mbps, len(sample) / ac_sample_s, ac_sample_s, None,
                    f"{mentions} mentions", cpu_mbps=sample_bytes / ac_sample_cpu / 1e6))
    for label, found, seconds, cpu, build in (
            ("one regex per name, sample", per_name_found, per_name_s, per_name_cpu, build_per_name),
            ("one alternation regex, sample", alternation_found, alternation_s, alternation_cpu, build_alternation)):
        mbps = sample_bytes / seconds / 1e6
        ratio = (sample_bytes / ac_sample_cpu) / (sample_bytes / cpu)  # CPU time against CPU time
        target = ""
        if "per name" in label:
            target = f"; target ≥ {TARGET_VS_PER_NAME:g}x: {'met' if ratio >= TARGET_VS_PER_NAME else 'NOT met'}"
        else:
            target = f"; NameMatcher {'faster' if ratio > 1 else 'NOT faster'}"
        rows.append(Row(label, mbps, len(sample) / seconds, seconds, None,
                        f"NameMatcher {ratio:,.0f}x faster (CPU time){target}; compiled in {build:.1f} s; "
                        f"the whole corpus would take ~{_duration(total / (cpu and sample_bytes / cpu or 1))}; "
                        f"{differences(found)} mentions differ from NameMatcher's", cpu_mbps=sample_bytes / cpu / 1e6))
    rss = peak_rss_mb()
    for row in rows[1:]:
        row.rss_mb = rss
    return rows


# ---------------------------------------------------------------------------------------------
# The whole analysis


def _analysis(ctx: Context, world: bool) -> list[Row]:
    from dashboard.corpus import analysis as corpus_module
    from dashboard.text.articles import load_articles
    from dashboard.places.gazetteer import load_gazetteer
    from dashboard.text.sources import load_sources
    phases = {}
    started = time.perf_counter()
    gazetteer, problems = load_gazetteer(ctx.places)
    phases["places.yaml"] = time.perf_counter() - started
    mark = time.perf_counter()
    registry, source_problems = load_sources(SOURCES)
    phases["sources.yaml"] = time.perf_counter() - mark
    mark = time.perf_counter()
    articles, article_problems = load_articles([ctx.articles])
    phases["article files"] = time.perf_counter() - mark
    problems += source_problems + article_problems
    if world:
        mark = time.perf_counter()
        geoparser = getattr(corpus_module, "world_geoparser", None) or corpus_module._geoparser
        geoparser(problems)
        phases["world gazetteer"] = time.perf_counter() - mark
    mark, cpu = time.perf_counter(), time.process_time()
    corpus = corpus_module.analyse(gazetteer, registry, articles, problems, world=world)
    phases["analyse"] = time.perf_counter() - mark
    cpu = time.process_time() - cpu
    total = time.perf_counter() - started
    size = sum(f.stat().st_size for f in ctx.article_files())
    rss = peak_rss_mb()
    label = "with the world gazetteer" if world else "places.yaml only"
    mentions = sum(len(p.mentions) + len(p.suggested) for p in corpus.passages)
    problems_note = f"{len(corpus.problems)} problems" if corpus.problems else "no problems"
    return [
        Row(f"analyse ({label})", size / phases["analyse"] / 1e6, len(articles) / phases["analyse"],
            phases["analyse"], rss, f"{len(corpus.passages):,} passages, {mentions:,} place mentions, {problems_note}",
            cpu_mbps=size / cpu / 1e6),
        Row(f"load_corpus end to end ({label})", size / total / 1e6, len(articles) / total, total, rss,
            "; ".join(f"{k} {v:.1f} s" for k, v in phases.items())),
    ]


def measure_analysis(ctx: Context) -> list[Row]:
    return _analysis(ctx, world=False)


def measure_analysis_world(ctx: Context) -> list[Row]:
    return _analysis(ctx, world=True)


def profile(ctx: Context, top: int = 10) -> str:
    """cProfile of load_corpus on the first articles, then of `analyse` alone (the gazetteer's
    YAML is most of load_corpus with many names): the top functions by cumulative time."""
    import cProfile
    import io
    import pstats

    from dashboard.text.articles import load_articles
    from dashboard.corpus.analysis import analyse, load_corpus
    from dashboard.places.gazetteer import load_gazetteer
    from dashboard.text.sources import load_sources
    files = ctx.article_files()[: ctx.profile_articles]
    out = io.StringIO()
    profiler = cProfile.Profile()
    profiler.runcall(load_corpus, places=ctx.places, sources=SOURCES, articles=files)
    out.write(f"## cProfile: load_corpus of {len(files)} articles\n")
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    gazetteer, _ = load_gazetteer(ctx.places)
    registry, _ = load_sources(SOURCES)
    articles, _ = load_articles(files)
    profiler = cProfile.Profile()
    profiler.runcall(analyse, gazetteer, registry, articles)
    out.write(f"## cProfile: analyse alone, {len(files)} articles (places.yaml, sources.yaml and files read before)\n")
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top + 10)
    return re.sub(r"\n{3,}", "\n\n", out.getvalue())


def measure_profile(ctx: Context) -> list[Row]:
    return [Row(f"cProfile, load_corpus of {ctx.profile_articles} articles", note="printed below the table")]


# ---------------------------------------------------------------------------------------------
# The engine in processes and the Parquet index (dashboard/store/engine.py, dashboard/store/index.py)


def measure_engine_processes(ctx: Context) -> list[Row]:
    """engine.analyse_files in worker processes (one per core), the inputs loaded before."""
    from dashboard.store import engine
    from dashboard.places.gazetteer import load_gazetteer
    from dashboard.text.sources import load_sources
    gazetteer, _ = load_gazetteer(ctx.places)
    registry, _ = load_sources(SOURCES)
    files = ctx.article_files()
    items = [engine.ArticleFile.read(f) for f in files]
    size = sum(len(i.data) for i in items)
    workers = engine.default_workers()
    inputs = engine.AnalysisInputs.of(gazetteer, registry, False)
    started = time.perf_counter()
    results, _ = engine.analyse_files(inputs, items, engine="local", workers=workers)
    seconds = time.perf_counter() - started
    failed = sum(1 for r in results if getattr(r, "problems", None))
    return [Row(f"engine.analyse_files, {workers} processes (places.yaml only)", size / seconds / 1e6,
                len(items) / seconds, seconds, peak_rss_mb(),
                f"{size / seconds / 1e6 / workers:.2f} MB/s per worker; {failed} articles with problems")]


def _index_paths(ctx: Context) -> tuple[Path, Path]:
    """The benchmark's index folder and a folder for the one article added, beside the corpus."""
    return ctx.corpus / "bench-index", ctx.corpus / "bench-added"


def _load_indexed(ctx: Context):
    from dashboard.store.index import load_indexed_corpus
    index, added = _index_paths(ctx)
    started = time.perf_counter()
    corpus, stats = load_indexed_corpus(places=ctx.places, sources=SOURCES, articles=[ctx.articles, added],
                                        world=False, index=index)
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in [*ctx.article_files(), *added.iterdir()])
    note = f"{stats.analysed:,} analysed, {stats.reused:,} from the index; {len(corpus.passages):,} passages"
    return size, len(corpus.articles), seconds, note


def measure_index_cold(ctx: Context) -> list[Row]:
    index, added = _index_paths(ctx)
    shutil.rmtree(index, ignore_errors=True)
    shutil.rmtree(added, ignore_errors=True)
    added.mkdir()
    size, articles, seconds, note = _load_indexed(ctx)
    return [Row("index build, cold (load_indexed_corpus, places.yaml only)", size / seconds / 1e6,
                articles / seconds, seconds, peak_rss_mb(), note)]


def measure_index_refresh(ctx: Context) -> list[Row]:
    _, added = _index_paths(ctx)
    first = ctx.article_files()[0]
    shutil.copyfile(first, added / ("added-" + first.name))
    size, articles, seconds, note = _load_indexed(ctx)
    return [Row("index refresh after one article added", None, None, seconds, peak_rss_mb(), note)]


def measure_index_warm(ctx: Context) -> list[Row]:
    size, articles, seconds, note = _load_indexed(ctx)
    return [Row("first load from a warm index (a new process)", size / seconds / 1e6, articles / seconds, seconds,
                peak_rss_mb(), note)]


def _cleanup_index(ctx: Context) -> None:
    for folder in _index_paths(ctx):
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    name: str
    section: str
    run: object  # Context -> list[Row]


MEASUREMENTS = [
    Measurement("matcher", "matcher", measure_matcher),
    Measurement("analysis", "analysis", measure_analysis),
    Measurement("analysis-world", "analysis", measure_analysis_world),
    Measurement("engine-processes", "engine", measure_engine_processes),
    Measurement("index-cold", "index", measure_index_cold),  # the three index rows run in this order
    Measurement("index-refresh", "index", measure_index_refresh),
    Measurement("index-warm", "index", measure_index_warm),
    Measurement("profile", "profile", measure_profile),
]


def run_isolated(measurement: Measurement, ctx: Context, args) -> tuple[list[Row], str]:
    """The measurement in a fresh Python process: (rows, text it printed besides)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--corpus", str(ctx.corpus), "--one", measurement.name,
               "--sample-kb", str(ctx.sample_kb), "--profile-articles", str(ctx.profile_articles),
               "--repeat", str(ctx.repeat)]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode != 0:
        return [Row(measurement.name, note=f"FAILED: {done.stderr.strip().splitlines()[-1:]}")], done.stderr
    *extra, last = done.stdout.rstrip("\n").split("\n")
    return [Row(**row) for row in json.loads(last)], "\n".join(extra)


def _duration(seconds: float) -> str:
    return f"{seconds / 3600:,.1f} h" if seconds >= 3600 else f"{seconds / 60:,.1f} min" if seconds >= 60 \
        else f"{seconds:.1f} s"


def _fmt(value, digits=2) -> str:
    if value is None:
        return ""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.{digits}f}"
    return f"{value:.2g}"


def table(rows: list[Row]) -> str:
    lines = ["| measurement | MB/s | MB/CPU-s | articles/s | seconds | peak RSS MB | notes |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r.name} | {_fmt(r.mbps)} | {_fmt(r.cpu_mbps)} | {_fmt(r.articles_per_s, 1)} | {_fmt(r.seconds)} | "
                     f"{_fmt(r.rss_mb, 0)} | {r.note} |")
    return "\n".join(lines)


def code_version() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "dashboard"], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip()
    except OSError:
        return "unknown"
    return (commit or "unknown") + (" (dashboard/ has uncommitted changes)" if dirty else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="articles to generate (default 1000)")
    parser.add_argument("--names", type=int, default=100_000, help="names in the generated gazetteer (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--zh-share", type=float, default=0.5)
    parser.add_argument("--corpus", help="a folder corpus_gen.py wrote (instead of generating one)")
    parser.add_argument("--keep", help="generate into this folder and keep it")
    parser.add_argument("--sections", default="matcher,analysis,engine,index",
                        help="comma-separated: " + ", ".join(dict.fromkeys(m.section for m in MEASUREMENTS)))
    parser.add_argument("--sample-kb", type=int, default=5, help="text the two regex ways run on (default 5 kB)")
    parser.add_argument("--profile-articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="NameMatcher runs over the corpus; the best counts")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # run one measurement here and print its rows as JSON
    args = parser.parse_args(argv)

    if args.one:
        ctx = Context(Path(args.corpus), args.sample_kb, args.profile_articles, args.repeat)
        measurement = next(m for m in MEASUREMENTS if m.name == args.one)
        rows = measurement.run(ctx)
        if measurement.name == "profile":
            print(profile(ctx))
        print(json.dumps([asdict(r) for r in rows]))
        return 0

    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(sections) - {m.section for m in MEASUREMENTS}
    if unknown:
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}")
    temporary = None
    rows: list[Row] = []
    if args.corpus:
        corpus = Path(args.corpus)
    else:
        import corpus_gen  # noqa: E402 -- benchmarks/ is on the path when this file runs
        corpus = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="engine-bench-"))
        temporary = None if args.keep else corpus
        started = time.perf_counter()
        manifest = corpus_gen.generate(corpus, args.articles, args.names, args.seed, args.zh_share)
        seconds = time.perf_counter() - started
        rows.append(Row("corpus_gen.py (this process)", manifest["article_bytes"] / seconds / 1e6,
                        args.articles / seconds, seconds, peak_rss_mb(),
                        f"{manifest['places_total']:,} places, {manifest['passages']:,} passages"))
    try:
        manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
        ctx = Context(corpus, args.sample_kb, args.profile_articles, args.repeat, manifest)
        print(f"# engine benchmark: code {code_version()}; corpus {corpus}: {manifest['articles']:,} articles "
              f"({manifest['languages']['zh']:,} zh, {manifest['languages']['en']:,} en), "
              f"{manifest['article_bytes'] / 1e6:.1f} MB, {manifest['names']:,} names, seed {manifest['seed']}; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; "
              f"one process per measurement", flush=True)
        printed = []
        for measurement in MEASUREMENTS:
            if measurement.section not in sections:
                continue
            print(f"  running {measurement.name} …", file=sys.stderr, flush=True)
            found, extra = run_isolated(measurement, ctx, args)
            rows += found
            if extra.strip():
                printed.append(extra)
        print(table(rows))
        print(f"\nLoad average {os.getloadavg()[0]:.1f} at the end. MB/CPU-s: MB of text per second of the measuring "
              f"process's own CPU time, the per-core figure on a shared machine.")
        for text in printed:
            print("\n" + text)
    finally:
        if "index" in sections:
            _cleanup_index(Context(corpus, args.sample_kb, args.profile_articles))
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
