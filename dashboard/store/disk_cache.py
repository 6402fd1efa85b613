"""Where the page and the command line keep an index when none is named (a folder of the
disk cache named after the `--articles` paths), and the indexes nobody read for `UNUSED_DAYS`
days, which are removed.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from pathlib import Path

from dashboard.base.settings import cache_dir
from dashboard.corpus.analysis import DEFAULT_ARTICLES


def default_index_dir(articles=(DEFAULT_ARTICLES,), env=None) -> Path | None:
    """Where `python -m dashboard index` writes the index of these articles by default: a
    folder of the disk cache (``NEWS_MAP_CACHE``) named by the articles' paths; None when the
    disk cache is off."""
    base = cache_dir(env)
    if base is None:
        return None
    key = hashlib.sha256(repr([str(Path(p).resolve()) for p in articles]).encode()).hexdigest()[:16]
    return base / "index" / key


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
