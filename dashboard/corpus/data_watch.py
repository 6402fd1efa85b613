"""Which data files the corpus is read from, whether they changed, and whether a new reading
lost data that the last one had (a broken edit).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "a.md").write_text("x", encoding="utf-8")
    1
    >>> before = data_stamp(folder / "places.yaml", folder / "sources.yaml", [folder])
    >>> (folder / "b.txt").write_text("y", encoding="utf-8")
    1
    >>> data_stamp(folder / "places.yaml", folder / "sources.yaml", [folder]) != before
    True

The dashboard reads the corpus again when the stamp changes (an article added, a YAML file
edited, while the app runs), and keeps the last good corpus on screen when the new reading
lost places, sources or articles to a problem.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

from dashboard.places.kinds import DEFAULT_KINDS
from dashboard.text.articles import article_stats


def _stat(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), st.st_mtime_ns, st.st_size)


def data_stamp(places, sources, articles) -> tuple:
    """A value that changes whenever a data file is added, removed or edited."""
    # the place-kinds table too: the gazetteer checks places against it, the map colours by it
    return (_stat(Path(places)), _stat(Path(sources)), _stat(DEFAULT_KINDS),
            *article_stats(articles))  # the loader's own list of files


def data_folders(places, sources, articles) -> list[str]:
    """The folders whose changes can change `data_stamp(places, sources, articles)`: each data
    file's folder and each article folder (the loader lists a folder's files, not its
    subfolders'), absolute; those that do not exist are left out."""
    folders = [Path(places).parent, Path(sources).parent, DEFAULT_KINDS.parent]
    folders += [Path(p) if Path(p).is_dir() else Path(p).parent for p in articles]
    return list(dict.fromkeys(str(f.resolve()) for f in folders if f.is_dir()))


# watchdog's event types that say a file changed (not "opened" or "closed_no_write": reading
# the articles must not look like editing them)
_CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})


class StampWatcher:
    """The data files' stamps as a running page needs them (one per server): `recent(key)` is
    `data_stamp(*key)` as a digest.

    A look that took under `inline_s` (the bundled corpus: ~0.3 ms) is made on the caller's
    run once 20 times its CPU time has passed, so an edit shows on the next run.  A longer one
    (10,000 article files: 60-90 ms of CPU) is made by a background thread while the run goes
    on with the last stamp, and the edit shows on the run after that look: a reader's filter
    change or click never waits for it.  Made every 1.5 s, that look still held the GIL long
    enough to add ~60 ms to the median filter change of a reader on that server
    (benchmarks/load.py), so the data folders are watched (`watchdog`, inotify on Linux: the
    library Streamlit watches its script with) and a slow look is made only when one of them
    reports a change, and once every `safety_s` whatever (a change the watch missed: a network
    file system, a full event queue).  A folder that cannot be watched leaves its key on the
    timer of 20 times the look's CPU time, and so does a watched folder deleted or moved away
    (inotify watches the folder's inode, not its path) until it is back and watched again (a
    sync or a checkout that makes the articles folder anew).  `look_again(key)` looks now: the page calls it
    after it writes a data file itself (an added article, an accepted place), so its next run
    reads the file."""

    def __init__(self, stamp=None, inline_s: float = 0.01, folders=None, safety_s: float = 60.0):
        self._stamp = stamp or data_stamp  # data_stamp(*key), or a stand-in in tests
        self._folders = folders if folders is not None else (None if stamp else data_folders)
        self.inline_s, self.safety_s = inline_s, safety_s
        self._last: dict = {}  # key -> (when the next look is due, digest, the look's CPU time)
        self._looking: set = set()
        self._watched: set = set()  # keys whose folders report their changes
        self._changed: set = set()  # keys with a change reported since their last look
        self._observers: dict = {}  # key -> the watchdog observer of its folders (one each: see `_watch`)
        self._gone: dict = {}  # key -> its watched folders deleted or moved away (a frozenset; watched again once back)
        self._lock = threading.Lock()

    def recent(self, key: tuple) -> str:
        last = self._last.get(key)
        if last is None:
            self._watch(key)
            return self.look_again(key)
        gone = self._gone.get(key)
        if gone and all(Path(folder).is_dir() for folder in gone) and self._gone.pop(key, None):
            # back: watched anew (the old watch was on the inode that went), away from the run
            threading.Thread(target=self._watch, args=(key,), daemon=True, name="data-watch").start()
        due, stamp, took = last
        if key in self._changed or time.monotonic() >= due:
            if took < self.inline_s:
                return self.look_again(key)
            with self._lock:
                start = key not in self._looking
                self._looking.add(key)
            if start:
                threading.Thread(target=self._look_in_background, args=(key,), daemon=True, name="data-stamp").start()
        return stamp

    def look_again(self, key: tuple) -> str:
        self._changed.discard(key)  # before the look: a change reported during it is looked at next time
        # the look's own CPU time, not the wall clock: a look in the background that waits for
        # the GIL while readers' runs go on would otherwise put its next look ever further off
        started = time.thread_time()
        # a digest: the page keeps its corpora by it, and a tuple of 10,000 files' stats took
        # ~9 ms of every run to hash and compare as a dict key
        stamp = hashlib.blake2b(repr(self._stamp(*key)).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        took = time.thread_time() - started
        # a quick look is made on every run that is due (an edit shows on the next run, whatever
        # the watch says); a slow one waits for the watch to report a change
        slow = took >= self.inline_s
        wait = max(20 * took, self.safety_s) if slow and key in self._watched else 20 * took
        self._last[key] = (time.monotonic() + wait, stamp, took)
        return stamp

    def looking(self) -> bool:
        """True while a background look is under way."""
        with self._lock:
            return bool(self._looking)

    def watching(self, key: tuple) -> bool:
        """True when `key`'s folders report their changes (else they are looked at on a timer)."""
        return key in self._watched

    def _look_in_background(self, key: tuple) -> None:
        try:
            self.look_again(key)
        finally:
            with self._lock:
                self._looking.discard(key)

    def _watch(self, key: tuple) -> None:
        """Have every folder of `key` report its changes; any folder that cannot be watched
        (no watchdog, no inotify watch left, gone) leaves the key looked at on the timer.  Each
        key has an observer of its own: watching a folder made anew means dropping its old
        watch, and watchdog keeps one watch per folder for all the handlers on it."""
        if self._folders is None:
            return
        observer = None
        try:
            # imported here: a watch that cannot start (no watchdog, no inotify) falls back to the timer
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer

            changed, watched, gone = self._changed, self._watched, self._gone
            folders = frozenset(self._folders(*key))

            class Changes(FileSystemEventHandler):
                def __init__(self, in_folder: bool):
                    self.in_folder = in_folder  # else a parent's watch: only a watched folder going counts

                def on_any_event(self, event):
                    if self.in_folder and event.event_type in _CHANGES:
                        changed.add(key)
                    path = os.fsdecode(event.src_path)
                    if event.event_type in ("deleted", "moved") and path in folders:
                        # a watched folder went (its own watch reports a deletion, its parent's a
                        # move): its watch went with it, so the timer looks until it is back
                        changed.add(key)
                        watched.discard(key)
                        gone[key] = gone.get(key, frozenset()) | {path}

            observer = Observer()
            observer.daemon = True
            observer.start()  # first: a watch scheduled on a running observer fails at once, where it can be told apart
            for folder in folders:
                observer.schedule(Changes(in_folder=True), folder, recursive=False)
            # a folder moved away is reported by its parent's watch only (inotify tells the folder's
            # own watch nothing watchdog passes on)
            for parent in {str(Path(folder).parent) for folder in folders} - folders:
                try:
                    observer.schedule(Changes(in_folder=False), parent, recursive=False)
                except OSError:  # a parent that cannot be watched: a move there goes unnoticed, as before
                    pass
            with self._lock:
                old = self._observers.get(key)
                self._observers[key] = observer
            self._watched.add(key)
            if old is not None:
                old.stop()
        except Exception:  # noqa: BLE001 -- watching is an optimisation: the timer still looks
            self._watched.discard(key)
            if observer is not None and self._observers.get(key) is not observer:
                observer.stop()


def lost_data(old, new) -> bool:
    """True when `new` (a Corpus) has problems and fewer places, routes, sources or articles
    than `old`: a broken edit, whose last good reading should stay on screen."""
    if not new.problems:
        return False
    def sizes(corpus):
        return (len(corpus.gazetteer.places), len(corpus.gazetteer.routes), len(corpus.registry.sources),
                len(corpus.articles))
    return any(n < o for n, o in zip(sizes(new), sizes(old)))


def first_folder(paths, default) -> Path:
    """Where new articles are saved: the first folder among the article paths, else `default`."""
    for path in map(Path, paths):
        if path.is_dir():
            return path
    return Path(default)
