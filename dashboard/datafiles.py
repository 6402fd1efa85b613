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

from pathlib import Path

from .articles import article_stats
from .kinds import DEFAULT_KINDS

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
