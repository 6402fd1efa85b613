"""The index: the corpus's analysis kept as Parquet tables, so that only new or changed articles are analysed again.

    python -m dashboard index [--articles PATH ...] [--output DIR] [--engine local|dask]

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> corpus, stats = load_indexed_corpus(index=folder)
    >>> stats.analysed, stats.reused, len(corpus.passages_mentioning("khasan"))
    (1, 0, 1)
    >>> corpus, stats = load_indexed_corpus(index=folder)   # the article has not changed
    >>> stats.analysed, stats.reused, len(corpus.passages_mentioning("khasan"))
    (0, 1, 1)
    >>> sorted(p.name for p in (folder / "no-world").iterdir())[:3]
    ['articles.parquet', 'attributions.parquet', 'dates.parquet']
    >>> import shutil; shutil.rmtree(folder)

`load_indexed_corpus` gives the same `Corpus` as `corpus.load_corpus` (tests/test_index.py
compares every passage's mentions, sentences, sources with their roles, dates with their kinds,
suggested places and unknown names). With an index folder it reads the analysis of every
unchanged article from there, analyses the others (`dashboard.store.engine`: in processes when
there are many, or on Dask), and writes the index anew; without one it analyses everything.

**Which articles are analysed again.** An article is reused when its file has the same path and
content (SHA-256 of its bytes) as when it was indexed; a file whose size and modification time
are those the index noted is not even read again. Everything is analysed again when the
analysis inputs change: places.yaml's places and not_places, sources.yaml's sources and
attribution grammar, the world gazetteer's rules and data packages, the engine's code (the
hash of `engine.ANALYSIS_MODULES`), or the use of the world gazetteer. One index folder holds
one analysis of each kind side by side: ``DIR/world/`` (the page's and `export`'s, with the
world gazetteer) and ``DIR/no-world/`` (places.yaml places only, as `check` reads the data).

The tables and their columns are `dashboard/store/tables.py`; the folder they are written to,
its lock and its swap, `dashboard/store/folder.py`; where the page keeps an index and when it
forgets one, `dashboard/store/disk_cache.py`; the corpus made again from the tables,
`dashboard/store/rebuild.py`. This module is the update run: which articles to analyse again,
the engine on those, and the tables merged and written.

Query it with DuckDB or pandas, e.g. every passage that mentions Khasan::

    SELECT p.article, p.passage, p.text FROM 'DIR/world/passages.parquet' p
    JOIN 'DIR/world/mentions.parquet' m USING (article, passage) WHERE m.place = 'khasan'
"""

import datetime as dt
import hashlib
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.base.errors import DataProblem, ProblemKind
from dashboard.base.words import plural_noun
from dashboard.base.yamlio import read_text
from dashboard.corpus.analysis import (DEFAULT_ARTICLES, DEFAULT_PLACES, DEFAULT_SOURCES, AnalysedArticle, Corpus,
                                       assemble)
from dashboard.places.gazetteer import load_gazetteer
from dashboard.store.disk_cache import forget_unused_indexes, note_use
from dashboard.store.engine import AnalysisInputs, ArticleFile, run_batches
from dashboard.store.engine import world_problem as engine_world_problem
from dashboard.store.folder import DamagedIndex, IndexFolder, index_folder, read_index, write_index
from dashboard.store.lookup_columns import lookup_columns
from dashboard.store.rebuild import articles_from_tables, collector_paused, release_memory, string_list
from dashboard.store.tables import (BATCH_SCHEMAS, MANIFEST, SCHEMAS, TABLES, batch_tables, merged_table, place_of_row,
                                    place_row)
from dashboard.text.articles import MAX_ARTICLE_BYTES, article_files, over_size_cap
from dashboard.text.sources import load_sources

RACY_NS = 2_000_000_000  # a file changed this close to the index's writing is read again (mtime granularity)


@dataclass
class IndexStats:
    """What a load did: how many articles were analysed now and how many came from the index."""
    folder: Path | None  # the index read and written (None: none)
    articles: int = 0  # in the corpus
    analysed: int = 0  # articles analysed now
    reused: int = 0  # articles read from the index
    removed: int = 0  # articles the index held that are gone or changed
    passages: int = 0
    seconds: float = 0.0
    reason: str = ""  # why every article was analysed, when that is so
    written: bool = False  # the index was written
    problems: list = field(default_factory=list)  # DataProblem in the data (as Corpus.problems)
    notices: list = field(default_factory=list)  # DataProblem about the index (damaged, not written)

    def summary(self) -> str:
        where = f" → {self.folder}" if self.written else ""
        return (f"{self.articles:,} articles ({self.analysed:,} analysed, {self.reused:,} from the index, "
                f"{self.removed:,} removed), {self.passages:,} passages, {self.seconds:.1f} s{where}")


@dataclass
class _Entry:
    """One article file on its way into the corpus."""
    file: Path
    problems: list  # DataProblem found before the analysis (too big, unreadable)
    key: str = ""  # the absolute path, as the index notes it
    row: int | None = None  # its row in the old index, when that is reused
    item: ArticleFile | None = None  # to analyse
    result: object = None  # FileResult of the analysis
    size: int = 0
    mtime_ns: int = 0
    sha256: str = ""
    published_arg: dt.date | None = None
    restat: bool = False  # reused, but the size or time changed (not the bytes)


def load_indexed_corpus(places=DEFAULT_PLACES, sources=DEFAULT_SOURCES, articles=(DEFAULT_ARTICLES,),
                        published: dt.date | None = None, world: bool = False, index=None,
                        engine: str = "local", workers: int | None = None, scheduler=None,
                        progress=None, write: bool = True, previous: Corpus | None = None) -> tuple[Corpus, IndexStats]:
    """(the corpus, what was done): the corpus of `corpus.load_corpus`, through the index in folder `index`.

    `index` None analyses every article (in processes when there are many). `progress(done,
    total, message)` is called while the articles are analysed. A damaged index is read as
    none: every article is analysed and the index written anew, and `Corpus.notices` names the
    damaged file. An index that cannot be written is a notice too: the corpus is complete
    whatever happens to the index.

    `previous`: a corpus this function read from the same index (the page's, before an article
    was added): its articles that have not changed are taken as they are, not made again from
    the tables (two thirds of a refresh's time at 10,000 articles)."""
    run = _update(places, sources, articles, published, world, index, engine, workers, scheduler, progress, write)
    if run.tables is None:
        places_of = {pid: place for e in run.accepted for pid, place in e.result.places.items()}
        corpus = assemble(run.gazetteer, run.registry, [_analysed_article(e.result) for e in run.accepted],
                          run.stats.problems, places_of.get if world else None)
    else:
        # the page's lookup straight from the tables, before they are let go (see indexed_lookup)
        columns = lookup_columns(run.tables, run.ids)
        analysed, places_of = _reused(previous, run)
        if analysed is None:
            if progress is not None:
                progress(1, 1, f"Reading {len(run.accepted):,} articles from the index…")
            with collector_paused():
                found = articles_from_tables(run.tables)
                analysed = [found[aid] for aid in run.ids]
                for entry, article in zip(run.accepted, analysed):
                    article.article.path = str(entry.file)
            places_of = _places_of(run.tables) if world else {}
        corpus = assemble(run.gazetteer, run.registry, analysed, run.stats.problems,
                          places_of.get if world else None, _suggested_counts(columns, places_of))
        from dashboard.corpus.queries import PassageLookup  # (pandas: not imported by the command line's other paths)
        corpus._lookup = PassageLookup(corpus.passages, columns=columns, aliases=corpus.source_aliases())
        corpus._index_state = _State(run.folder, run.stamp, dict(zip(run.ids, run.keys)),
                                     dict(zip(run.ids, analysed)))
    corpus.notices += run.stats.notices
    run.stats.passages = len(corpus.passages)
    run.tables = run.fresh = None
    release_memory()  # the tables' memory back to the system (Arrow's pool kept ~175 MB of 10,000 articles)
    run.stats.seconds = time.perf_counter() - run.started
    return corpus, run.stats


@dataclass(frozen=True)
class _State:
    """What a corpus read through an index remembers, so that the next reading can take its
    unchanged articles as they are."""
    folder: Path
    stamp: str
    keys: dict  # article id -> (absolute path, SHA-256 of the file)
    analysed: dict  # article id -> AnalysedArticle


def _reused(previous: Corpus | None, run) -> tuple[list | None, dict]:
    """(the AnalysedArticles of the run's articles, taken from `previous` where unchanged and made
    from the new rows otherwise; the suggested places' records), or (None, {}) when `previous`
    cannot serve (another index or other inputs, an article it lacks)."""
    state = getattr(previous, "_index_state", None)
    if state is None or state.folder != run.folder or state.stamp != run.stamp:
        return None, {}
    new = articles_from_tables(run.fresh) if run.fresh is not None else {}
    analysed = []
    for entry, aid, key in zip(run.accepted, run.ids, run.keys):
        if entry.row is None:
            found = new[aid]
            found.article.path = str(entry.file)
        else:
            found = state.analysed.get(aid)
            if found is None or state.keys[aid] != key or found.article.path != str(entry.file):
                return None, {}
        analysed.append(found)
    places_of = dict(previous.suggested)
    if run.fresh is not None:
        places_of.update((pid, place) for e in run.accepted if e.row is None for pid, place in e.result.places.items())
    return analysed, places_of


def _suggested_counts(columns, suggested: dict) -> Counter:
    """place id -> passages naming it, for the suggested places, in order of first mention: what
    `assemble` counts by reading every passage's suggested mentions (which would make them all)."""
    counts = np.bincount(columns.place_code, minlength=len(columns.places))
    return Counter({pid: int(counts[code]) for code, pid in enumerate(columns.places)
                    if counts[code] and pid in suggested})


def _places_of(tables: dict) -> dict:
    return {pid: place_of_row(record) for pid, record in
            zip(string_list(tables["places"], "id"), string_list(tables["places"], "record", unique=True))}


def build_index(output, places=DEFAULT_PLACES, sources=DEFAULT_SOURCES, articles=(DEFAULT_ARTICLES,),
                published: dt.date | None = None, world: bool = True, engine: str = "local",
                workers: int | None = None, scheduler=None, progress=None) -> IndexStats:
    """`python -m dashboard index`: the index in folder `output` brought up to date (no corpus is
    made: the stats hold the problems and notices)."""
    run = _update(places, sources, articles, published, world, output, engine, workers, scheduler, progress, True)
    run.stats.passages = run.tables["passages"].num_rows
    run.tables = run.fresh = None
    release_memory()
    run.stats.seconds = time.perf_counter() - run.started
    return run.stats


@dataclass
class _Run:
    """What `_update` found and made."""
    started: float
    gazetteer: object
    registry: object
    stats: IndexStats
    accepted: list  # _Entry of the corpus's articles, in file order
    tables: dict | None = None  # the index's tables (None without an index folder)
    fresh: dict | None = None  # the tables of the articles analysed now (None when there are none)
    folder: Path | None = None
    stamp: str = ""
    ids: list = field(default_factory=list)  # the accepted articles' ids
    keys: list = field(default_factory=list)  # and their (absolute path, SHA-256)


def _update(places, sources, articles, published, world, index, engine, workers, scheduler, progress,
            write) -> _Run:
    """The data files read, the index read, new or changed articles analysed, the index written."""
    started = time.perf_counter()
    report = progress or (lambda done, total, message: None)
    gazetteer, problems = load_gazetteer(places)
    registry, source_problems = load_sources(sources)
    problems += source_problems
    inputs = AnalysisInputs.of(gazetteer, registry, world)
    folder = index_folder(index, world) if index is not None else None
    stats = IndexStats(folder, problems=problems)
    old = None
    if folder is not None:
        note_use(folder.parent)
        report(0, 1, "Reading the index…")
        try:
            old = read_index(folder)
        except DamagedIndex as error:
            stats.reason = "the index is damaged"
            stats.notices.append(DataProblem(
                str(error.path), None, f"the index cannot be read ({error.reason})",
                f"every article was analysed again and the index written anew; if this happens again, delete "
                f"the folder {folder} and run `python -m dashboard index`", kind=ProblemKind.FILE))
        if old is not None and old.meta.get("stamp") != inputs.stamp:
            stats.reason = "the data or the engine changed since the index was written"
            old = None
        elif old is None and not stats.reason:
            stats.reason = "no index yet"
    files, listing_problems = article_files(articles)
    problems += listing_problems
    entries = _classify(files, old, published)
    todo = [e for e in entries if e.item is not None]
    if todo:
        why = f" ({stats.reason})" if stats.reason and folder is not None else \
            f" ({len(entries) - len(todo):,} from the index)" if folder is not None else ""
        report(0, len(todo), f"Analysing {len(todo):,} {plural_noun(len(todo), 'article')}{why}…")
    done = run_batches(inputs, [e.item for e in todo], engine=engine, workers=workers, scheduler=scheduler,
                       progress=progress, finish=batch_tables if folder is not None else None)
    results = [r for batch in done for r in batch.results]
    world_problem = engine_world_problem(done)
    for entry, result in zip(todo, results):
        entry.result = result
    accepted, engine_problems = _accept(entries, old, problems)
    if world_problem is not None:
        problems.append(world_problem)
    problems += engine_problems
    stats.articles = len(accepted)
    stats.analysed = sum(1 for r in results if r.analysed)
    stats.reused = sum(1 for e in accepted if e.row is not None)
    tables = fresh = None
    if folder is not None:
        if old is not None and len(accepted) == len(old.ids) and all(e.row is not None for e in accepted):
            tables, unchanged = old.tables, set(TABLES)  # every article as indexed (the common start)
            if any(e.restat for e in accepted):
                tables = {**tables, "articles": _restat(tables["articles"], {
                    old.ids[e.row]: (e.size, e.mtime_ns) for e in accepted if e.restat})}
                unchanged.discard("articles")
        else:
            fresh = _fresh_tables(done, todo, accepted)
            tables, unchanged = _updated_tables(old, accepted, fresh)
        stats.removed = (len(old.ids) if old is not None else 0) - stats.reused
        if write and world_problem is None and unchanged != set(TABLES):
            report(1, 1, "Writing the index…")
            try:
                write_index(folder, tables, inputs.stamp, world, unchanged)
                forget_unused_indexes(folder.parent)
                stats.written = True
            except OSError as error:
                stats.notices.append(DataProblem(
                    str(folder), None, f"the index cannot be written ({error})",
                    "the corpus is complete, but the next start analyses these articles again; free some space "
                    "or choose another index folder", kind=ProblemKind.FILE))
    run = _Run(started, gazetteer, registry, stats, accepted, tables, fresh, folder, inputs.stamp)
    if folder is not None:
        run.ids = [old.ids[e.row] if e.row is not None else e.result.article_id for e in accepted]
        run.keys = [(e.key, old.sha256[e.row] if e.row is not None else e.sha256) for e in accepted]
    return run


def _analysed_article(result) -> AnalysedArticle:
    return AnalysedArticle(result.article, result.passages, result.outlet if result.unregistered else None,
                           result.found)


def _classify(files, old: IndexFolder | None, published) -> list[_Entry]:
    """An entry per file: reused from the index (same path, same bytes), or to be analysed."""
    entries = []
    racy_from = old.written_ns - RACY_NS if old is not None else 0
    taken = set()  # names of articles reused from the index: a later file of that name is left out
    folders: dict = {}  # folder -> its absolute path (resolved once, not once per file)
    for file in files:  # (os.path on strings: pathlib's operations took half the time of 10,000 files)
        entry = _Entry(file, [])
        entries.append(entry)
        path = str(file)
        try:
            info = os.stat(path)
        except OSError:
            info = None
        if info is None or info.st_size > MAX_ARTICLE_BYTES:
            too_big = over_size_cap(file)
            if too_big is not None:
                entry.problems.append(too_big)
                continue
        folder, name = os.path.split(path)
        entry.published_arg = published if name.endswith(".txt") else None
        try:
            if info is None:
                raise FileNotFoundError(path)
            if folder not in folders:
                folders[folder] = os.path.realpath(folder or ".")
            entry.key = os.path.join(folders[folder], name)
            entry.size, entry.mtime_ns = info.st_size, info.st_mtime_ns
            row = old.by_path.get(entry.key) if old is not None else None
            if row is not None and old.published_arg[row] != entry.published_arg:
                row = None
            if row is not None and old.size[row] == entry.size and old.mtime_ns[row] == entry.mtime_ns \
                    and entry.mtime_ns < racy_from:
                entry.row = row  # unchanged since it was indexed: not even read
                taken.add(name)
                continue
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError:
            entry.problems += read_text(file)[1]  # says what is wrong, as load_articles does
            continue
        entry.sha256 = hashlib.sha256(raw).hexdigest()
        if row is not None and old.sha256[row] == entry.sha256:
            entry.row, entry.restat = row, (old.size[row], old.mtime_ns[row]) != (entry.size, entry.mtime_ns)
            taken.add(name)
            continue
        entry.item = ArticleFile(path, raw, published, parse_only=name in taken)
    return entries


def _accept(entries: list[_Entry], old: IndexFolder | None, problems: list) -> tuple[list[_Entry], list]:
    """The entries whose articles make the corpus, in file order; their problems go to
    `problems` as load_articles gives them; the engine's failures are returned."""
    accepted, failures, seen = [], [], set()
    for entry in entries:
        problems += entry.problems
        if entry.row is not None:  # from the index: the article of that file name
            article_id = entry.file.name
            problems += [DataProblem(str(entry.file), line, problem, fix, kind=kind)
                         for line, problem, fix, kind in old.problems_of(entry.row)]
        elif entry.result is not None:
            problems += entry.result.problems
            if entry.result.article_id is None:
                continue
            article_id = entry.result.article_id
        else:
            continue
        if article_id in seen:
            problems.append(DataProblem(str(entry.file), None, f"another article is also named '{article_id}'",
                                        "rename one file: article ids are file names", kind=ProblemKind.DUPLICATE))
            continue
        seen.add(article_id)
        if entry.result is not None and entry.result.failure is not None:
            failures.append(entry.result.failure)
            continue
        accepted.append(entry)
    return accepted, failures


def _fresh_tables(done: list, todo: list[_Entry], accepted: list[_Entry]) -> dict:
    """The tables of the articles analysed now and accepted (not a duplicate), with the manifest
    columns that only the loader knows (absolute path, size, time, SHA-256)."""
    position = {id(e): i for i, e in enumerate(todo)}
    wanted = [position[id(e)] for e in accepted if e.row is None]
    fresh = {}
    for name, schema in SCHEMAS.items():
        if name == "places":
            continue
        parts, base = [], 0
        for batch in done:
            table = batch.tables[name]
            if base:
                shifted = pc.add(table.column("_file"), pa.scalar(base, pa.int32()))
                table = table.set_column(table.num_columns - 1, "_file", shifted)
            parts.append(table)
            base += len(batch.results)
        table = pa.concat_tables(parts) if parts else BATCH_SCHEMAS[name].empty_table()
        if len(wanted) < base:
            table = table.filter(pc.is_in(table.column("_file"), value_set=pa.array(wanted, pa.int32())))
        if name == "articles":
            entries = [todo[i] for i in table.column("_file").to_pylist()]
            for column in MANIFEST:
                values = [getattr(e, "key" if column == "path" else column) for e in entries]
                table = table.set_column(schema.get_field_index(column), schema.field(column),
                                         pa.array(values, schema.field(column).type))
        fresh[name] = table.drop_columns(["_file"])  # in chunks, one a batch: the writer joins them
    return fresh


def _updated_tables(old: IndexFolder | None, accepted: list[_Entry], fresh: dict) -> tuple[dict, set]:
    """(the tables of the accepted articles, the names of the tables that are as the old index has them)."""
    new = [e for e in accepted if e.row is None]
    kept_ids = [old.ids[e.row] for e in accepted if e.row is not None]
    new_ids = [e.result.article_id for e in new]
    restat = {old.ids[e.row]: (e.size, e.mtime_ns) for e in accepted if e.restat}
    removed = (len(old.ids) - len(kept_ids)) if old is not None else 0
    rank = {aid: i for i, aid in enumerate(sorted(kept_ids + new_ids))}  # the rows' order: by article id
    kept_rank, new_rank = {aid: rank[aid] for aid in kept_ids}, {aid: rank[aid] for aid in new_ids}
    tables, unchanged = {}, set()
    for name, table in fresh.items():
        base = old.tables[name] if old is not None else None
        if base is not None and not removed and not table.num_rows:
            tables[name] = base
            unchanged.add(name)
        else:
            tables[name] = merged_table(base, table, kept_rank, new_rank)
    if restat:
        tables["articles"] = _restat(tables["articles"], restat)
        unchanged.discard("articles")
    places = {pid: place for e in new for pid, place in e.result.places.items()}
    suggested = _suggested_ids(tables["mentions"])
    if old is not None:
        old_places = old.tables["places"]
        for pid, record in zip(old_places.column("id").to_pylist(), old_places.column("record").to_pylist()):
            if pid in suggested and pid not in places:
                places[pid] = place_of_row(record)
    tables["places"] = pa.Table.from_pylist([place_row(places[pid]) for pid in sorted(suggested)],
                                            schema=SCHEMAS["places"])
    if old is not None and tables["places"].equals(old.tables["places"]):
        tables["places"] = old.tables["places"]
        unchanged.add("places")
    return tables, unchanged


def _suggested_ids(mentions: pa.Table) -> set:
    chosen = mentions.filter(pc.equal(mentions.column("status"), "suggested")).column("place")
    return set(pc.unique(chosen).to_pylist())


def _restat(table: pa.Table, stats: dict) -> pa.Table:
    """The articles table with new sizes and modification times for some articles (their bytes unchanged)."""
    ids = table.column("article").to_pylist()
    size, mtime = table.column("size").to_pylist(), table.column("mtime_ns").to_pylist()
    for i, aid in enumerate(ids):
        if aid in stats:
            size[i], mtime[i] = stats[aid]
    table = table.set_column(table.schema.get_field_index("size"), "size", pa.array(size, pa.int64()))
    return table.set_column(table.schema.get_field_index("mtime_ns"), "mtime_ns", pa.array(mtime, pa.int64()))
