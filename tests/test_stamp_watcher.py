"""How the running page notices an edited data file (datafiles.StampWatcher): a quick look is
made on the run itself; a slow one (a corpus of thousands of files) in the background, so a
reader's run never waits for it; the page's own writes are looked at at once."""
import threading
import time

import pytest

from dashboard.corpus.data_watch import StampWatcher

KEY = ("places.yaml", "sources.yaml", ("articles",))


class FakeFiles:
    """data_stamp's stand-in: returns `stamp`, taking `seconds` of CPU; counts its looks."""

    def __init__(self, seconds):
        self.stamp, self.seconds, self.looks = "A", seconds, 0
        self.looked = threading.Event()

    def __call__(self, *key):
        assert key == KEY
        until = time.thread_time() + self.seconds  # CPU time, as stat calls over many files take
        while time.thread_time() < until:
            pass
        self.looks += 1
        self.looked.set()
        return self.stamp


def make_due(watcher):
    due, stamp, took = watcher._last[KEY]
    watcher._last[KEY] = (0.0, stamp, took)


def test_a_quick_look_is_made_on_the_run_and_an_edit_shows_at_once():
    files = FakeFiles(0.0)
    watcher = StampWatcher(files)
    before = watcher.recent(KEY)
    files.stamp = "B"
    make_due(watcher)
    assert watcher.recent(KEY) != before and files.looks == 2


def test_a_look_is_not_made_again_before_it_is_due():
    files = FakeFiles(0.05)
    watcher = StampWatcher(files)
    before = watcher.recent(KEY)
    files.stamp = "B"
    assert watcher.recent(KEY) == before and files.looks == 1  # due 20 x 0.05 s of CPU later


def test_a_slow_look_is_made_in_the_background_and_the_run_does_not_wait():
    files = FakeFiles(0.3)
    watcher = StampWatcher(files)
    before = watcher.recent(KEY)  # the first look is waited for: there is no stamp yet
    files.stamp, files.looked = "B", threading.Event()
    make_due(watcher)
    started = time.monotonic()
    assert watcher.recent(KEY) == before  # the last stamp, at once
    assert watcher.recent(KEY) == before  # a second run meanwhile starts no second look
    assert time.monotonic() - started < 0.2
    assert files.looked.wait(5)
    for _ in range(50):  # the thread stores the stamp just after its look
        if not watcher.looking():
            break
        time.sleep(0.02)
    assert watcher.recent(KEY) != before and files.looks == 2


def test_the_page_s_own_write_is_looked_at_at_once_whatever_the_look_costs():
    files = FakeFiles(0.05)
    watcher = StampWatcher(files)
    before = watcher.recent(KEY)
    files.stamp = "B"
    after = watcher.look_again(KEY)
    assert after != before
    assert watcher.recent(KEY) == after and files.looks == 2  # not due yet: the stamp the write's look stored


class CountedStamp:
    """data_stamp itself, counting its looks."""

    def __init__(self):
        from dashboard.corpus.data_watch import data_stamp
        self.data_stamp, self.looks = data_stamp, 0

    def __call__(self, *key):
        self.looks += 1
        return self.data_stamp(*key)


def watched_folder(tmp_path, articles_in=""):
    from dashboard.corpus.data_watch import data_folders
    articles = tmp_path / articles_in / "articles"
    articles.mkdir(parents=True)
    (articles / "a.md").write_text("---\ntitle: A\n---\nPyongyang.\n", encoding="utf-8")
    (tmp_path / "places.yaml").write_text("places: []\n", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    key = (str(tmp_path / "places.yaml"), str(tmp_path / "sources.yaml"), (str(articles),))
    files = CountedStamp()
    # inline_s=0: every look counts as a slow one (as 10,000 files' are), made in the background
    return StampWatcher(files, inline_s=0.0, folders=data_folders), key, files, articles


def wait_for_new_stamp(watcher, key, before, seconds=5.0):
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        stamp = watcher.recent(key)
        if stamp != before:
            return stamp
        time.sleep(0.02)
    return before


def test_slow_looks_at_watched_folders_are_made_only_when_a_file_changes(tmp_path):
    watcher, key, files, articles = watched_folder(tmp_path)
    before = watcher.recent(key)
    assert watcher.watching(key)
    for _ in range(50):  # runs after runs: no look while nothing changes (the timer alone would look every few ms)
        assert watcher.recent(key) == before
        time.sleep(0.002)
    assert files.looks == 1
    # reading an article is not a change
    (articles / "a.md").read_text(encoding="utf-8")
    time.sleep(0.2)
    assert watcher.recent(key) == before and files.looks == 1
    # an article added beside the page: seen on a run soon after
    (articles / "b.md").write_text("---\ntitle: B\n---\nKhasan.\n", encoding="utf-8")
    added = wait_for_new_stamp(watcher, key, before)
    assert added != before and files.looks >= 2
    # an edit in place, and an edit of places.yaml, each seen too
    (articles / "a.md").write_text("---\ntitle: A\n---\nPyongyang and Moscow.\n", encoding="utf-8")
    edited = wait_for_new_stamp(watcher, key, added)
    assert edited != added
    (tmp_path / "places.yaml").write_text("places: [] # edited\n", encoding="utf-8")
    assert wait_for_new_stamp(watcher, key, edited) != edited


def test_a_folder_that_cannot_be_watched_is_looked_at_on_the_timer(tmp_path):
    def no_watch(*key):
        raise OSError("inotify watch limit reached")
    files = FakeFiles(0.0)
    watcher = StampWatcher(files, folders=no_watch)
    before = watcher.recent(KEY)
    assert not watcher.watching(KEY)
    files.stamp = "B"
    make_due(watcher)
    assert watcher.recent(KEY) != before and files.looks == 2


@pytest.mark.parametrize("how, articles_in", [("deleted", ""), ("moved away", ""),
                                               ("moved away", "elsewhere")])  # a parent with no data file
def test_a_watched_folder_deleted_and_made_again_is_watched_again(tmp_path, how, articles_in):
    """inotify watches a folder's inode: an articles folder deleted or moved away and made again
    (a sync, a checkout) reported nothing more, and an article added to it waited for the
    once-a-minute look."""
    import shutil
    watcher, key, files, articles = watched_folder(tmp_path, articles_in)
    before = watcher.recent(key)
    if how == "deleted":
        shutil.rmtree(articles)
    else:
        articles.rename(articles.parent / "old-articles")
    gone = wait_for_new_stamp(watcher, key, before)
    assert gone != before
    made = articles.parent / "new-articles"  # made anew with its article, then put in place at once
    made.mkdir()
    (made / "c.md").write_text("---\ntitle: C\n---\nKhasan.\n", encoding="utf-8")
    made.rename(articles)
    back = wait_for_new_stamp(watcher, key, gone)
    assert back != gone
    deadline = time.monotonic() + 5
    while not watcher.watching(key) and time.monotonic() < deadline:  # watched again, on a run soon after
        watcher.recent(key)
        time.sleep(0.02)
    assert watcher.watching(key)
    deadline = time.monotonic() + 5
    while watcher.looking() and time.monotonic() < deadline:  # a look the timer started before the watch was back
        time.sleep(0.01)
    assert not watcher.looking(), "the timer's look did not end within 5 s"
    assert watcher.look_again(key) == back  # due again on the watched folders' terms
    looks = files.looks
    for _ in range(20):  # watched: no look while nothing changes
        assert watcher.recent(key) == back
        time.sleep(0.002)
    assert files.looks == looks
    (articles / "d.md").write_text("---\ntitle: D\n---\nMoscow.\n", encoding="utf-8")  # reported by the new watch
    assert wait_for_new_stamp(watcher, key, back) != back
