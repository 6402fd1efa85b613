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

**Tables** (one Parquet file each; rows sorted by article id, then as the text runs; the
article's passages, sentences and mentions in their order; ``article`` is the file name):

* ``articles`` — article, path (absolute), size, mtime_ns, sha256, published_arg (the
  ``--published`` date a .txt file without front matter was read with), title, outlet,
  published, language, url, authors, body, source (the outlet's source id), unregistered
  (sources.yaml does not list the outlet), n_passages;
* ``passages`` — article, passage (1-based), start, end (in the body), text, heading, caption,
  n_mentions, n_suggested, n_unknown, n_sentences;
* ``mentions`` — article, passage, place, surface, start, end (in the passage), status
  (``gazetteer``: a places.yaml place; ``suggested``: one only the world gazetteer knows);
* ``sentences`` — article, passage, sentence (1-based), start, end, n_attributions, n_dates;
* ``attributions`` — article, passage, sentence, source, role (speaker, credit, cited,
  inherited, outlet), in the sentence's order;
* ``dates`` — article, passage, sentence, text, start, end, first, last, precision, kind
  (reported or event), implied (a reported date the sentence does not write: its source's
  last reported date, or the publication date; no text, start and end -1);
* ``unknown`` — article, passage, surface, start, end, ending: names that look like places
  but that no gazetteer knows;
* ``places`` — the suggested places the articles mention: id, name, kind, names, lat, lon,
  precision_m, coord_source, population, country;
* ``problems`` — article, line, problem, fix, kind: what was wrong in a file whose article was
  kept all the same (a url that is not http(s)).

``index.json`` beside them holds the format, the inputs' stamp and the row counts. Files are
written with fixed options (no timestamps, one row group, zstd, page checksums), so the same
articles and inputs give the same bytes whichever engine analysed them. The folder is written
beside the old one and swapped in when complete: an interrupted write leaves the old index.

Query it with DuckDB or pandas, e.g. every passage that mentions Khasan::

    SELECT p.article, p.passage, p.text FROM 'DIR/world/passages.parquet' p
    JOIN 'DIR/world/mentions.parquet' m USING (article, passage) WHERE m.place = 'khasan'
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import secrets
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field, fields
from itertools import accumulate
from operator import add
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.base.errors import DataProblem, NewsMapError, ProblemKind
from dashboard.base.settings import cache_dir
from dashboard.base.words import plural_noun
from dashboard.base.yamlio import read_text
from dashboard.corpus.analysis import (DEFAULT_ARTICLES, DEFAULT_PLACES, DEFAULT_SOURCES, AnalysedArticle,
                                       AnalysedPassage, Corpus, assemble)
from dashboard.places.gazetteer import load_gazetteer
from dashboard.places.world import SuggestedPlace
from dashboard.places.world_geoparser import UnknownName
from dashboard.store.engine import AnalysisInputs, ArticleFile, Batch, FileResult, run_batches
from dashboard.store.engine import world_problem as engine_world_problem
from dashboard.store.lazy_rows import LazyRows, MentionColumns, SentenceColumns
from dashboard.store.lookup_columns import arrow_column, int_view, lookup_columns
from dashboard.text.articles import MAX_ARTICLE_BYTES, Article, Passage, article_files, over_size_cap
from dashboard.text.sources import load_sources

FORMAT = 1  # bump when the tables change
INDEX_FILE = "index.json"
RACY_NS = 2_000_000_000  # a file changed this close to the index's writing is read again (mtime granularity)


class DamagedIndex(NewsMapError):
    """A file of the index cannot be read; `path` is the file."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


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


def index_folder(folder, world: bool) -> Path:
    """The folder of one kind of analysis inside an index folder."""
    return Path(folder) / ("world" if world else "no-world")


def default_index_dir(articles=(DEFAULT_ARTICLES,), env=None) -> Path | None:
    """Where `python -m dashboard index` writes the index of these articles by default: a
    folder of the disk cache (``NEWS_MAP_CACHE``) named by the articles' paths; None when the
    disk cache is off."""
    base = cache_dir(env)
    if base is None:
        return None
    key = hashlib.sha256(repr([str(Path(p).resolve()) for p in articles]).encode()).hexdigest()[:16]
    return base / "index" / key


# ---- the tables ------------------------------------------------------------------------------

_S, _I, _L, _D, _B, _F = pa.string(), pa.int32(), pa.int64(), pa.date32(), pa.bool_(), pa.float64()
SCHEMAS = {
    "articles": pa.schema([
        ("article", _S), ("path", _S), ("size", _L), ("mtime_ns", _L), ("sha256", _S), ("published_arg", _D),
        ("title", _S), ("outlet", _S), ("published", _D), ("language", _S), ("url", _S), ("authors", pa.list_(_S)),
        ("body", _S), ("source", _S), ("unregistered", _B), ("n_passages", _I)]),
    "passages": pa.schema([
        ("article", _S), ("passage", _I), ("start", _I), ("end", _I), ("text", _S), ("heading", _S),
        ("caption", _B), ("n_mentions", _I), ("n_suggested", _I), ("n_unknown", _I), ("n_sentences", _I)]),
    "mentions": pa.schema([
        ("article", _S), ("passage", _I), ("place", _S), ("surface", _S), ("start", _I), ("end", _I),
        ("status", _S)]),
    "sentences": pa.schema([
        ("article", _S), ("passage", _I), ("sentence", _I), ("start", _I), ("end", _I), ("n_attributions", _I),
        ("n_dates", _I), ("implied_reported", _B)]),
    "attributions": pa.schema([
        ("article", _S), ("passage", _I), ("sentence", _I), ("source", _S), ("role", _S)]),
    "dates": pa.schema([
        ("article", _S), ("passage", _I), ("sentence", _I), ("text", _S), ("start", _I), ("end", _I),
        ("first", _D), ("last", _D), ("precision", _S), ("kind", _S), ("implied", _B)]),
    "unknown": pa.schema([
        ("article", _S), ("passage", _I), ("surface", _S), ("start", _I), ("end", _I), ("ending", _S)]),
    "places": pa.schema([
        ("id", _S), ("name", _S), ("kind", _S), ("lat", _F), ("lon", _F), ("record", _S)]),
    "problems": pa.schema([
        ("article", _S), ("line", _I), ("problem", _S), ("fix", _S), ("kind", _S)]),
}
TABLES = tuple(SCHEMAS)
# Columns with few distinct values: dictionary-encoded in the files, and each distinct string
# made once in Python when the corpus is read.
_REPEATED = ("article", "outlet", "language", "source", "heading", "place", "surface", "status", "role", "text",
             "precision", "kind", "ending", "problem", "fix")
_LONG_TEXT = {"articles": ("body", "text"), "passages": ("text",)}  # unique per row: no dictionary
# Read back dictionary-encoded, as they are written: the article ids alone, spelled out on each
# of ~1.2 million rows, were ~45 MB; 10,000 articles' tables read in 0.1 s instead of 0.3-0.4 s
# and hold ~90 MB instead of ~145 (RSS +125 MB instead of +180-230).  The places table (a few
# hundred rows) stays plain: its new version is compared with the old one.
_READ_DICTIONARY = {name: [c for c in schema.names if c in _REPEATED and c not in _LONG_TEXT.get(name, ())]
                    for name, schema in SCHEMAS.items() if name != "places"}
_AS_READ = {name: pa.schema([pa.field(f.name, pa.dictionary(pa.int32(), f.type), f.nullable)
                             if f.name in _READ_DICTIONARY.get(name, ()) else f for f in schema])
            for name, schema in SCHEMAS.items()}
# Fixed writer options: the same rows give the same bytes (no timestamps are written).
_WRITE = dict(compression="zstd", compression_level=1, write_statistics=["article", "passage", "sentence", "place",
                                                                          "first", "last", "published", "id"],
              data_page_version="2.0", write_page_checksum=True, store_schema=True)


_MANIFEST = ("path", "size", "mtime_ns", "sha256", "published_arg")  # filled in by the loader, which saw the file
_BATCH_SCHEMAS = {name: schema.append(pa.field("_file", _I)) for name, schema in SCHEMAS.items() if name != "places"}


def batch_tables(batch):
    """A batch of analysed files as Arrow tables, made where the batch ran (`engine.run_batches`'s
    `finish`): compact to send and to keep. Every row has `_file`, its file's place in the batch;
    the results keep only what the loader reads (problems, id, outlet, suggested places)."""
    columns = _rows_of([(i, r) for i, r in enumerate(batch.results) if r.passages is not None])
    tables = {name: pa.table(cols, schema=_BATCH_SCHEMAS[name]) for name, cols in columns.items()}
    light = [FileResult(r.path, r.problems, None, None, r.outlet, r.unregistered, r.failure, r.places, r.article_id,
                        r.analysed) for r in batch.results]
    return Batch(light, batch.world_problem, tables)


def _rows_of(results) -> dict[str, dict[str, list]]:
    """Column lists of every table (but places) for analysed files: [(place in the batch, FileResult)]."""
    cols = {name: {f.name: [] for f in schema} for name, schema in _BATCH_SCHEMAS.items()}
    a, p, m, s, at, d, u, pr = (cols[n] for n in ("articles", "passages", "mentions", "sentences", "attributions",
                                                 "dates", "unknown", "problems"))
    for position, result in results:
        article = result.article
        aid = article.id
        before = {name: len(c["_file"]) for name, c in cols.items()}
        _append(a, article=aid, path=None, size=None, mtime_ns=None, sha256=None, published_arg=None,
                title=article.title, outlet=article.outlet, published=article.published, language=article.language,
                url=article.url, authors=list(article.authors), body=article.body,
                source=result.outlet, unregistered=result.unregistered, n_passages=len(article.passages))
        for problem in result.problems:
            _append(pr, article=aid, line=problem.line, problem=problem.problem, fix=problem.fix,
                    kind=problem.kind.value)
        for analysed in result.passages:
            passage = analysed.passage
            number = passage.number
            _append(p, article=aid, passage=number, start=passage.start, end=passage.end, text=passage.text,
                    heading=passage.heading, caption=passage.is_caption, n_mentions=len(analysed.mentions),
                    n_suggested=len(analysed.suggested), n_unknown=len(analysed.unknown),
                    n_sentences=len(analysed.sentences))
            for status, mentions in (("gazetteer", analysed.mentions), ("suggested", analysed.suggested)):
                for mention in mentions:
                    _append(m, article=aid, passage=number, place=mention.place, surface=mention.surface,
                            start=mention.start, end=mention.end, status=status)
            for name in analysed.unknown:
                _append(u, article=aid, passage=number, surface=name.surface, start=name.start, end=name.end,
                        ending=name.ending)
            for number_s, sentence in enumerate(analysed.sentences, 1):
                implied = sentence.implied_reported
                _append(s, article=aid, passage=number, sentence=number_s, start=sentence.start, end=sentence.end,
                        n_attributions=len(sentence.attributions), n_dates=len(sentence.dates),
                        implied_reported=implied is not None)
                for attribution in sentence.attributions:
                    _append(at, article=aid, passage=number, sentence=number_s, source=attribution.source,
                            role=attribution.role)
                for date in sentence.dates:
                    _append(d, article=aid, passage=number, sentence=number_s, text=date.text, start=date.start,
                            end=date.end, first=date.first, last=date.last, precision=date.precision,
                            kind=date.kind, implied=False)
                if implied is not None:  # days only: nothing is written
                    _append(d, article=aid, passage=number, sentence=number_s, text="", start=-1, end=-1,
                            first=implied.first, last=implied.last, precision=implied.precision,
                            kind="reported", implied=True)
        for name, c in cols.items():
            c["_file"] += [position] * (len(c["article"]) - before[name])
    return cols


def _append(columns: dict, **values) -> None:
    for key, value in values.items():
        columns[key].append(value)


def _place_row(place) -> dict:
    record = {f.name: getattr(place, f.name) for f in fields(place)}
    return {"id": place.id, "name": place.name, "kind": place.kind, "lat": float(place.lat), "lon": float(place.lon),
            "record": json.dumps(record, ensure_ascii=False)}


def _place_of_row(record: str):
    values = json.loads(record)
    for f in fields(SuggestedPlace):  # JSON has lists where the record has tuples
        if isinstance(values.get(f.name), list):
            values[f.name] = tuple(values[f.name])
        elif f.name == "aliases":
            values[f.name] = {k: tuple(v) for k, v in values[f.name].items()}
    return SuggestedPlace(**values)


def _merged(base: pa.Table | None, new: pa.Table, kept_rank: dict, new_rank: dict) -> pa.Table:
    """The rows of `base` whose article is kept and every row of `new`, in the order of their
    articles' ranks; the rows of one article in the order they came."""
    parts, ranks = [], []
    if base is not None and new.schema != base.schema:  # the index's strings are read as dictionaries
        new = new.cast(base.schema)
    for table, rank in ((base, kept_rank), (new, new_rank)):
        if table is not None and table.num_rows:
            parts.append(table)
            ranks.append(_ranks(arrow_column(table, "article"), rank))
    if not parts:
        return new
    ranks = np.concatenate(ranks)
    order = np.argsort(ranks, kind="stable")[np.count_nonzero(ranks < 0):]  # dropped rows (-1) come first: cut
    combined = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
    if not len(order):
        return combined.slice(0, 0)
    breaks = np.flatnonzero(np.diff(order) != 1) + 1  # the order is mostly long runs of rows: copy runs, not rows
    if len(breaks) > 1000:
        return combined.take(pa.array(order))
    starts = np.concatenate([[0], breaks])
    ends = np.concatenate([breaks, [len(order)]])
    return pa.concat_tables([combined.slice(int(order[a]), int(b - a)) for a, b in zip(starts, ends)])  # (the
    # writer makes one chunk of each column)


def _ranks(articles: pa.Array, rank: dict) -> np.ndarray:
    """The rank of each row's article, -1 for an article not in `rank`."""
    encoded = pc.dictionary_encode(articles)
    lookup = np.array([rank.get(aid, -1) for aid in encoded.dictionary.to_pylist()], dtype=np.int64)
    return lookup[int_view(encoded.indices)]


# ---- reading and writing the folder ------------------------------------------------------------

@dataclass
class _Index:
    """An index as read: its tables, its metadata, and the manifest of its article files."""
    folder: Path
    meta: dict
    tables: dict  # name -> pa.Table
    written_ns: int  # when index.json was written (files changed after it are read again)

    def __post_init__(self):
        a = self.tables["articles"]
        self.ids = a.column("article").to_pylist()
        self.by_path = {path: row for row, path in enumerate(a.column("path").to_pylist())}
        self.size = a.column("size").to_pylist()
        self.mtime_ns = a.column("mtime_ns").to_pylist()
        self.sha256 = a.column("sha256").to_pylist()
        self.published_arg = a.column("published_arg").to_pylist()
        self._problems = None

    def problems_of(self, row: int) -> list:
        """(line, problem, fix, kind) of the problems noted for the article in that row."""
        if self._problems is None:
            t = self.tables["problems"]
            self._problems = {}
            for aid, line, problem, fix, kind in zip(*(t.column(c).to_pylist() for c in
                                                       ("article", "line", "problem", "fix", "kind"))):
                self._problems.setdefault(aid, []).append((line, problem, fix, ProblemKind(kind)))
        return self._problems.get(self.ids[row], [])


UNUSED_DAYS = 30  # an index in the disk cache not read for this long is removed


def note_use(index: Path, now: float | None = None) -> None:
    """Mark `index` (an index folder) as read now: `forget_unused_indexes` keeps it."""
    now = time.time() if now is None else now
    with contextlib.suppress(OSError):
        if index.exists():
            os.utime(index, (now, now))


def forget_unused_indexes(index: Path, now: float | None = None) -> list[Path]:
    """When `index` is one of the disk cache's index folders (``NEWS_MAP_CACHE/index/<key>``,
    named by the articles' paths), remove the cache's other index folders that nobody has read
    for UNUSED_DAYS (called after a write): articles in folders that are gone (a test's
    temporary folders) would otherwise leave their index there for ever.  An index is a cache:
    one removed by mistake is built again.  Returns the folders removed."""
    now = time.time() if now is None else now
    base = cache_dir()
    if base is None or index.resolve().parent != (base / "index").resolve():
        return []
    removed = []
    try:
        others = list(index.parent.iterdir())
    except OSError:  # no index in the cache yet
        return []
    for other in others:
        with contextlib.suppress(OSError):
            if other != index and other.is_dir() and now - other.stat().st_mtime > UNUSED_DAYS * 86400:
                shutil.rmtree(other)
                removed.append(other)
    return removed


def _read_index(folder: Path) -> _Index | None:
    """The index in `folder`; None when there is none (or it has another format); DamagedIndex
    when it cannot be read."""
    _recover(folder)
    meta_path = folder / INDEX_FILE
    try:
        with _lock(folder.parent, shared=True):
            try:
                text = meta_path.read_text(encoding="utf-8")
                written_ns = meta_path.stat().st_mtime_ns
            except FileNotFoundError:
                return None
            try:
                meta = json.loads(text)
                assert isinstance(meta, dict) and isinstance(meta.get("tables"), dict)
            except (ValueError, AssertionError):
                raise DamagedIndex(meta_path, "not the JSON the index writes") from None
            if meta.get("format") != FORMAT:
                return None
            tables = {}
            for name in TABLES:
                path = folder / f"{name}.parquet"
                try:  # ParquetFile, not read_table: that one imports pyarrow.dataset (~1 s at a cold start)
                    table = pq.ParquetFile(path, page_checksum_verification=True,
                                           read_dictionary=_READ_DICTIONARY.get(name)).read()
                except FileNotFoundError:
                    raise DamagedIndex(path, "the file is missing") from None
                except KeyError:  # a column to read as a dictionary is not there
                    raise DamagedIndex(path, "its columns are not those of the index") from None
                except (OSError, pa.ArrowException, ValueError) as error:
                    raise DamagedIndex(path, f"{type(error).__name__}: {str(error).splitlines()[0][:200]}") from None
                if table.schema.remove_metadata() != _AS_READ[name]:
                    raise DamagedIndex(path, "its columns are not those of the index")
                if table.num_rows != meta["tables"].get(name, {}).get("rows"):
                    raise DamagedIndex(path, f"{table.num_rows} rows where {INDEX_FILE} says "
                                             f"{meta['tables'].get(name, {}).get('rows')}")
                tables[name] = table
    except OSError as error:  # the lock file or the folder cannot be opened
        raise DamagedIndex(folder, error.strerror or str(error)) from None
    return _Index(folder, meta, tables, written_ns)


def _write_index(folder: Path, tables: dict, stamp: str, world: bool, unchanged=frozenset()) -> None:
    """Write the tables into a new folder beside `folder`, then swap it in (readers see the old
    index or the new one, never half of one). Tables in `unchanged` are linked from the old folder."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(folder)
    tmp = folder.parent / f".{folder.name}.tmp-{secrets.token_hex(4)}"
    tmp.mkdir()
    try:
        meta = {"format": FORMAT, "stamp": stamp, "world": world, "tables": {}}
        for name in TABLES:
            target = tmp / f"{name}.parquet"
            meta["tables"][name] = {"rows": tables[name].num_rows}
            if name in unchanged and (folder / target.name).exists():
                try:
                    os.link(folder / target.name, target)
                except OSError:
                    shutil.copyfile(folder / target.name, target)
            else:
                _write_table(tables[name], name, target)
        with open(tmp / INDEX_FILE, "w", encoding="utf-8") as handle:  # last: its presence says the rest is there
            json.dump(meta, handle, indent=1, sort_keys=True)
            handle.write("\n")
        with _lock(folder.parent, shared=False):
            old = None
            if folder.exists():
                old = folder.parent / f".{folder.name}.old-{secrets.token_hex(4)}"
                os.replace(folder, old)
            os.replace(tmp, folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _write_table(table: pa.Table, name: str, target: Path) -> None:
    """One table as Parquet: plain strings cast back from the dictionaries they were read as, so
    the same rows give the same bytes however they were read; that copy's memory is given back
    before the next table's (at 10,000 articles it had kept ~85 MB through a refresh)."""
    table = table.cast(SCHEMAS[name]).combine_chunks()
    repeated = [c for c in table.column_names if c in _REPEATED and c not in _LONG_TEXT.get(name, ())]
    pq.write_table(table, target, row_group_size=max(1, table.num_rows), use_dictionary=repeated, **_WRITE)
    del table
    _release()


def _remove_leftovers(folder: Path, age_s: float = 3600) -> None:
    """Folders that a killed write left behind (another write may be under way: only old ones)."""
    now = time.time()
    for left in folder.parent.glob(f".{folder.name}.tmp-*"):
        try:
            if now - left.stat().st_mtime > age_s:
                shutil.rmtree(left, ignore_errors=True)
        except OSError:
            pass


def _recover(folder: Path) -> None:
    """A write stopped between its two renames leaves the old index under another name: put it back."""
    if folder.exists() or not folder.parent.is_dir():
        return
    with _lock(folder.parent, shared=False):
        if folder.exists():
            return
        left = sorted(folder.parent.glob(f".{folder.name}.old-*"), key=lambda p: p.stat().st_mtime_ns)
        if left:
            os.replace(left[-1], folder)


@contextlib.contextmanager
def _lock(parent: Path, shared: bool):
    """A lock on the index folder (writers swap under an exclusive lock, readers read under a shared one)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock (the swap is still two renames)
        yield
        return
    if not parent.is_dir():
        yield
        return
    fd = os.open(parent / ".lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# ---- loading ----------------------------------------------------------------------------------

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
            with _collector_paused():
                found = _articles_from_tables(run.tables)
                analysed = [found[aid] for aid in run.ids]
                for entry, article in zip(run.accepted, analysed):
                    article.article.path = str(entry.file)
            places_of = _places_of(run.tables) if world else {}
        corpus = assemble(run.gazetteer, run.registry, analysed, run.stats.problems,
                          places_of.get if world else None, _suggested_counts(columns, places_of))
        from dashboard.corpus.queries import PassageLookup  # (pandas: not imported by the command line's other paths)
        corpus._lookup = PassageLookup(corpus.passages, columns=columns)
        corpus._index_state = _State(run.folder, run.stamp, dict(zip(run.ids, run.keys)),
                                     dict(zip(run.ids, analysed)))
    corpus.notices += run.stats.notices
    run.stats.passages = len(corpus.passages)
    run.tables = run.fresh = None
    _release()  # the tables' memory back to the system (Arrow's pool kept ~175 MB of 10,000 articles)
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
    new = _articles_from_tables(run.fresh) if run.fresh is not None else {}
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
    return {pid: _place_of_row(record) for pid, record in
            zip(_strings(tables["places"], "id"), _strings(tables["places"], "record", unique=True))}


def build_index(output, places=DEFAULT_PLACES, sources=DEFAULT_SOURCES, articles=(DEFAULT_ARTICLES,),
                published: dt.date | None = None, world: bool = True, engine: str = "local",
                workers: int | None = None, scheduler=None, progress=None) -> IndexStats:
    """`python -m dashboard index`: the index in folder `output` brought up to date (no corpus is
    made: the stats hold the problems and notices)."""
    run = _update(places, sources, articles, published, world, output, engine, workers, scheduler, progress, True)
    run.stats.passages = run.tables["passages"].num_rows
    run.tables = run.fresh = None
    _release()
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
            old = _read_index(folder)
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
                _write_index(folder, tables, inputs.stamp, world, unchanged)
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
    return AnalysedArticle(result.article, result.passages, result.outlet if result.unregistered else None)


def _classify(files, old: _Index | None, published) -> list[_Entry]:
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


def _accept(entries: list[_Entry], old: _Index | None, problems: list) -> tuple[list[_Entry], list]:
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
                shifted = pc.add(table.column("_file"), pa.scalar(base, _I))
                table = table.set_column(table.num_columns - 1, "_file", shifted)
            parts.append(table)
            base += len(batch.results)
        table = pa.concat_tables(parts) if parts else _BATCH_SCHEMAS[name].empty_table()
        if len(wanted) < base:
            table = table.filter(pc.is_in(table.column("_file"), value_set=pa.array(wanted, _I)))
        if name == "articles":
            entries = [todo[i] for i in table.column("_file").to_pylist()]
            for column in _MANIFEST:
                values = [getattr(e, "key" if column == "path" else column) for e in entries]
                table = table.set_column(schema.get_field_index(column), schema.field(column),
                                         pa.array(values, schema.field(column).type))
        fresh[name] = table.drop_columns(["_file"])  # in chunks, one a batch: the writer joins them
    return fresh


def _updated_tables(old: _Index | None, accepted: list[_Entry], fresh: dict) -> tuple[dict, set]:
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
            tables[name] = _merged(base, table, kept_rank, new_rank)
    if restat:
        tables["articles"] = _restat(tables["articles"], restat)
        unchanged.discard("articles")
    places = {pid: place for e in new for pid, place in e.result.places.items()}
    suggested = _suggested_ids(tables["mentions"])
    if old is not None:
        old_places = old.tables["places"]
        for pid, record in zip(old_places.column("id").to_pylist(), old_places.column("record").to_pylist()):
            if pid in suggested and pid not in places:
                places[pid] = _place_of_row(record)
    tables["places"] = pa.Table.from_pylist([_place_row(places[pid]) for pid in sorted(suggested)],
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
    table = table.set_column(table.schema.get_field_index("size"), "size", pa.array(size, _L))
    return table.set_column(table.schema.get_field_index("mtime_ns"), "mtime_ns", pa.array(mtime, _L))


# ---- the corpus from the tables -----------------------------------------------------------------

def _int_list(array: pa.Array) -> list:
    return array.to_pylist() if array.null_count else int_view(array).tolist()


def _ints(table: pa.Table, name: str) -> list:
    return _int_list(arrow_column(table, name)) if table.num_rows else []


def _strings(table: pa.Table, name: str, unique: bool = False) -> list:
    """A string column as Python strings, each distinct one made once (place ids, roles, kinds…)."""
    if not table.num_rows:
        return []  # (an empty column has no chunk to read, and combining none imports pandas)
    column = arrow_column(table, name)
    if not pa.types.is_dictionary(column.type):
        if unique:  # long texts, one a row: nothing to share
            return column.to_pylist()
        column = pc.dictionary_encode(column)
    values = column.dictionary.to_pylist()
    if column.null_count:
        return [None if i is None else values[i] for i in column.indices.to_pylist()]
    return [values[i] for i in _int_list(column.indices)]


def _days(table: pa.Table, name: str) -> list:
    """A date column as datetime.date objects, each distinct day made once."""
    if not table.num_rows:
        return []
    column = arrow_column(table, name)
    if column.null_count:
        return column.to_pylist()
    ordinals = _int_list(column.view(pa.int32()))
    epoch = dt.date(1970, 1, 1).toordinal()
    days = {d: dt.date.fromordinal(epoch + d) for d in set(ordinals)}
    return [days[d] for d in ordinals]


@contextlib.contextmanager
def _collector_paused():
    """No garbage collection while a million small objects are made, and then none over them.

    The collector would walk them again and again (it tripled the time to read 10,000
    articles), and once more, for half a second, at its next full collection. They hold no
    reference cycles, so they are moved out of its reach (`gc.freeze`, as the page does with
    its corpus anyway): reference counting still frees them when the corpus is dropped."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.freeze()
            gc.enable()


def _articles_from_tables(tables: dict) -> dict:
    """article id -> AnalysedArticle, from the tables (rows sorted by article, children in their
    parents' order: the counts of the parent rows say which child rows are whose).

    Each table leaves `tables` once read (the places table stays), and its memory goes back to
    the system: the objects and the tables are not all held at once.  Place mentions and
    sentences (with their attributions and dates) stay numpy columns, each passage's made into
    objects when first read (`indexed_objects`); passages, articles and unknown names are made
    here."""
    # every passage and unknown name of the corpus, in table order
    p = _taken(tables, "passages")
    passages = list(map(Passage, _strings(p, "article"), _ints(p, "passage"), _strings(p, "text", unique=True),
                        _ints(p, "start"), _strings(p, "heading"), p.column("caption").to_pylist()))
    n_mentions, n_suggested, n_unknown = _ints(p, "n_mentions"), _ints(p, "n_suggested"), _ints(p, "n_unknown")
    n_sentences = _ints(p, "n_sentences")
    del p
    _release()
    mentions = MentionColumns(_taken(tables, "mentions"))  # made into objects passage by passage (indexed_objects)
    u = _taken(tables, "unknown")
    unknown = list(map(UnknownName, _ints(u, "start"), _ints(u, "end"), _strings(u, "surface"), _strings(u, "ending")))
    # sentences with their attributions and dates: columns too
    sentences = SentenceColumns(_taken(tables, "sentences"), _taken(tables, "attributions"), _taken(tables, "dates"))
    del u
    _release()
    # articles, then their passages with their slices of mentions, sentences and unknown names
    mention_at = list(accumulate(map(add, n_mentions, n_suggested), initial=0))
    sentence_at = list(accumulate(n_sentences, initial=0))
    unknown_at = list(accumulate(n_unknown, initial=0))
    a = _taken(tables, "articles")
    n_passages = _ints(a, "n_passages")
    passage_at = list(accumulate(n_passages, initial=0))
    articles = list(map(Article, _strings(a, "article"), [""] * a.num_rows, _strings(a, "title", unique=True),
                        _strings(a, "outlet"), _days(a, "published"), _strings(a, "language"),
                        _strings(a, "body", unique=True),
                        _strings(a, "url", unique=True), map(tuple, a.column("authors").to_pylist()),
                        [passages[i:j] for i, j in zip(passage_at, passage_at[1:])]))
    unregistered, sources = a.column("unregistered").to_pylist(), _strings(a, "source")
    del a
    _release()
    analysed = list(map(
        AnalysedPassage, [article for article, n in zip(articles, n_passages) for _ in range(n)], passages,
        [LazyRows(mentions, i, i + n) for i, n in zip(mention_at, n_mentions)],
        [LazyRows(sentences, i, j, passage.text) for passage, i, j in zip(passages, sentence_at, sentence_at[1:])],
        [LazyRows(mentions, i + n, j) for i, n, j in zip(mention_at, n_mentions, mention_at[1:])],
        [unknown[i:j] for i, j in zip(unknown_at, unknown_at[1:])]))
    found = {article.id: AnalysedArticle(article, analysed[i:j], source if new else None)
             for article, i, j, source, new in zip(articles, passage_at, passage_at[1:], sources, unregistered)}
    return found


def _taken(tables: dict, name: str) -> pa.Table:
    """A table, out of `tables` (so that it is freed when the caller lets go of it)."""
    return tables.pop(name)


def _release() -> None:
    """Memory that Arrow's pool holds but no longer uses, back to the system."""
    pa.default_memory_pool().release_unused()
