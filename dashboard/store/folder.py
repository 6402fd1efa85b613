"""The index folder on disk: read under a shared lock, written beside the old one under an
exclusive lock and swapped in whole (an interrupted write leaves the old index), leftovers of a
crash removed.  ``index.json`` holds the format, the inputs' stamp and the row counts.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.base.errors import NewsMapError, ProblemKind
from dashboard.store.rebuild import release_memory
from dashboard.store.tables import AS_READ, FORMAT, LONG_TEXT, READ_DICTIONARY, REPEATED, SCHEMAS, TABLES, WRITE_OPTIONS

INDEX_FILE = "index.json"


class DamagedIndex(NewsMapError):
    """A file of the index cannot be read; `path` is the file."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def index_folder(folder, world: bool) -> Path:
    """The folder of one kind of analysis inside an index folder."""
    return Path(folder) / ("world" if world else "no-world")


@dataclass
class IndexFolder:
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


def read_index(folder: Path) -> IndexFolder | None:
    """The index in `folder`; None when there is none (or it has another format); DamagedIndex
    when it cannot be read."""
    _recover(folder)
    meta_path = folder / INDEX_FILE
    try:
        with folder_lock(folder.parent, shared=True):
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
                                           read_dictionary=READ_DICTIONARY.get(name)).read()
                except FileNotFoundError:
                    raise DamagedIndex(path, "the file is missing") from None
                except KeyError:  # a column to read as a dictionary is not there
                    raise DamagedIndex(path, "its columns are not those of the index") from None
                except (OSError, pa.ArrowException, ValueError) as error:
                    raise DamagedIndex(path, f"{type(error).__name__}: {str(error).splitlines()[0][:200]}") from None
                if table.schema.remove_metadata() != AS_READ[name]:
                    raise DamagedIndex(path, "its columns are not those of the index")
                if table.num_rows != meta["tables"].get(name, {}).get("rows"):
                    raise DamagedIndex(path, f"{table.num_rows} rows where {INDEX_FILE} says "
                                             f"{meta['tables'].get(name, {}).get('rows')}")
                tables[name] = table
    except OSError as error:  # the lock file or the folder cannot be opened
        raise DamagedIndex(folder, error.strerror or str(error)) from None
    return IndexFolder(folder, meta, tables, written_ns)


def write_index(folder: Path, tables: dict, stamp: str, world: bool, unchanged=frozenset()) -> None:
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
        with folder_lock(folder.parent, shared=False):
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
    repeated = [c for c in table.column_names if c in REPEATED and c not in LONG_TEXT.get(name, ())]
    pq.write_table(table, target, row_group_size=max(1, table.num_rows), use_dictionary=repeated, **WRITE_OPTIONS)
    del table
    release_memory()


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
    with folder_lock(folder.parent, shared=False):
        if folder.exists():
            return
        left = sorted(folder.parent.glob(f".{folder.name}.old-*"), key=lambda p: p.stat().st_mtime_ns)
        if left:
            os.replace(left[-1], folder)


@contextlib.contextmanager
def folder_lock(parent: Path, shared: bool):
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
