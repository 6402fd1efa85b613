"""Fixtures shared by the test files: the bundled corpus, and copies of the data files in a
test's own folder (to edit, or to write into)."""
import shutil

import pytest

from dashboard.corpus.analysis import DEFAULT_PLACES, DEFAULT_SOURCES, load_corpus
from editing import SEED


def pytest_sessionstart(session):
    """The world gazetteer's index is built once, before the tests (in the controller when the tests
    run in several processes): on a fresh machine its first build takes 15-20 s, and every process
    and every app the browser tests start would otherwise build it at once and hold up their pages."""
    if not hasattr(session.config, "workerinput"):
        from dashboard.places.world import build_world
        build_world()


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture
def places(tmp_path):
    """A copy of the bundled places.yaml."""
    path = tmp_path / "places.yaml"
    shutil.copy(DEFAULT_PLACES, path)
    return path


@pytest.fixture
def sources(tmp_path):
    """A copy of the bundled sources.yaml."""
    path = tmp_path / "sources.yaml"
    shutil.copy(DEFAULT_SOURCES, path)
    return path


@pytest.fixture
def data(tmp_path, places, sources):
    """A data folder: places.yaml, sources.yaml and articles/ with the seed article."""
    (tmp_path / "articles").mkdir()
    shutil.copy(SEED, tmp_path / "articles" / SEED.name)
    return tmp_path


@pytest.fixture
def check(data, capsys):
    """`python -m dashboard check` on `data`, in this process: (exit code, output lines)."""
    from dashboard.cli.main import main

    def run():
        code = main(["check", "--places", str(data / "places.yaml"), "--sources", str(data / "sources.yaml"),
                     "--articles", str(data / "articles")])
        return code, capsys.readouterr().out.strip().splitlines()
    return run


@pytest.fixture
def engine_fails_on(monkeypatch):
    """`engine_fails_on("b.md", RuntimeError("boom"))`: the engine raises that error for that
    article (and analyses the others as usual)."""
    from dashboard.corpus.analysis import ArticleAnalyser
    original = ArticleAnalyser.analyse

    def make(article_id: str, error: Exception) -> None:
        def failing(self, article, outlet):
            if article.id == article_id:
                raise error
            return original(self, article, outlet)
        monkeypatch.setattr(ArticleAnalyser, "analyse", failing)
    return make
