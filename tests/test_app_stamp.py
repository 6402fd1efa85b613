"""How the running page notices an edited data file (app.recent_stamp): a quick look is made
on the run itself; a slow one (a corpus of thousands of files) in the background, so a reader's
run never waits for it; the page's own writes are looked at at once (app.look_again)."""
import threading
import time

import pytest

import dashboard.app as app

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


@pytest.fixture
def store(monkeypatch):
    store = {"lock": threading.Lock(), "corpora": {}, "stamps": {}, "looking": set(), "looking_lock": threading.Lock()}
    monkeypatch.setattr(app, "corpus_store", lambda: store)
    return store


def make_due(store):
    due, stamp, took = store["stamps"][KEY]
    store["stamps"][KEY] = (0.0, stamp, took)


def test_a_quick_look_is_made_on_the_run_and_an_edit_shows_at_once(store, monkeypatch):
    files = FakeFiles(0.0)
    monkeypatch.setattr(app, "data_stamp", files)
    before = app.recent_stamp(KEY)
    files.stamp = "B"
    make_due(store)
    assert app.recent_stamp(KEY) != before and files.looks == 2


def test_a_slow_look_is_made_in_the_background_and_the_run_does_not_wait(store, monkeypatch):
    files = FakeFiles(0.3)
    monkeypatch.setattr(app, "data_stamp", files)
    before = app.recent_stamp(KEY)  # the first look is waited for: there is no stamp yet
    files.stamp, files.looked = "B", threading.Event()
    make_due(store)
    started = time.monotonic()
    assert app.recent_stamp(KEY) == before  # the last stamp, at once
    assert app.recent_stamp(KEY) == before  # a second run meanwhile starts no second look
    assert time.monotonic() - started < 0.2
    assert files.looked.wait(5)
    for _ in range(50):  # the thread stores the stamp just after its look
        if not store["looking"]:
            break
        time.sleep(0.02)
    assert app.recent_stamp(KEY) != before and files.looks == 2


def test_the_page_s_own_write_is_looked_at_at_once_whatever_the_look_costs(store, monkeypatch):
    files = FakeFiles(0.05)
    monkeypatch.setattr(app, "data_stamp", files)
    before = app.recent_stamp(KEY)
    files.stamp = "B"
    after = app.look_again(KEY)
    assert after != before
    assert app.recent_stamp(KEY) == after and files.looks == 2  # not due yet: the stamp the write's look stored
