"""A new story's folder, that starts clean: no place, route or person of another story.

    python -m dashboard new DIR        (news-map new DIR)

makes

* ``DIR/articles/`` — empty: the page's "Add articles", `add FILE|URL --articles-dir
  DIR/articles`, or any editor or sync puts articles there;
* ``DIR/places.yaml`` — no places and no routes (the world gazetteer suggests the story's
  places; "Add to places.yaml" keeps one), with the bundled file's field notes;
* ``DIR/sources.yaml`` — the bundled outlets and news agencies, the attribution grammar and
  the date words, but none of the people or bodies the seed story quotes;
* ``DIR/README.md`` — how to start the page on it (``--story DIR``).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "aleppo"
    >>> story = new_story(folder)
    >>> sorted(p.name for p in folder.iterdir())
    ['README.md', 'articles', 'places.yaml', 'sources.yaml']
    >>> new_story(folder)
    Traceback (most recent call last):
    ...
    dashboard.edit.new_story.StoryError: ... already holds places.yaml — choose a new folder, or start the page on this one with --story ...
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.base.atomic import atomic_output
from dashboard.base.errors import NewsMapError
from dashboard.base.paths import DATA_DIR

BUNDLED_PLACES = DATA_DIR / "places.yaml"
BUNDLED_SOURCES = DATA_DIR / "sources.yaml"
KEPT_SOURCE_KINDS = ("outlet", "agency")  # who publishes news, in any story; the people and bodies are the seed's


class StoryError(NewsMapError):
    """The folder cannot be made into a story; str() says why and what to do."""


@dataclass(frozen=True)
class Story:
    folder: Path
    articles: Path
    places: Path
    sources: Path

    @classmethod
    def at(cls, folder) -> "Story":
        folder = Path(folder)
        return cls(folder, folder / "articles", folder / "places.yaml", folder / "sources.yaml")


def new_story(folder) -> Story:
    """Make the story folder (see the module's docstring); StoryError when `folder` already
    holds a story's files or cannot be written. Nothing is written over."""
    story = Story.at(folder)
    for path in (story.places, story.sources):
        if path.exists():
            raise StoryError(f"{story.folder} already holds {path.name} — choose a new folder, or start the page "
                             f"on this one with --story {story.folder}")
    if story.folder.exists() and not story.folder.is_dir():
        raise StoryError(f"{story.folder} is a file — choose a folder name")
    try:
        story.articles.mkdir(parents=True, exist_ok=True)
        _write(story.places, places_text())
        _write(story.sources, sources_text())
        readme = story.folder / "README.md"
        if not readme.exists():
            _write(readme, readme_text(story))
    except OSError as error:
        raise StoryError(f"cannot write {story.folder} ({error.strerror or error}) — choose a folder you can write to") from None
    return story


def places_text(bundled: Path = BUNDLED_PLACES) -> str:
    """The bundled places.yaml's notes on its fields (its leading comment), then no places and no routes."""
    notes = []
    for line in bundled.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#") or line.startswith("# Coordinates:"):  # where the seed's coordinates came from
            break
        notes.append(line)
    return ("\n".join(notes) + "\n\nplaces: []\n\n"
            "# Journeys the articles describe: see the bundled data/places.yaml for routes and railways.\n"
            "routes: []\n")


_SOURCE_ENTRY = re.compile(r"^  - id: .*?(?=^  - id: |^\S|\Z)", re.M | re.S)
_KIND = re.compile(r"^    kind: *(\S+)", re.M)


def sources_text(bundled: Path = BUNDLED_SOURCES) -> str:
    """The bundled sources.yaml, byte for byte, without the entries of `sources:` whose kind is
    not an outlet or an agency (its comments, grammar and date words kept)."""
    text = bundled.read_text(encoding="utf-8")
    start = text.index("\nsources:\n") + len("\nsources:\n")
    end = re.compile(r"^\S", re.M).search(text, start).start()
    entries = [m.group(0) for m in _SOURCE_ENTRY.finditer(text, start, end)]
    kept = [e for e in entries if (_KIND.search(e) or [None, None])[1] in KEPT_SOURCE_KINDS]
    return text[:start] + "".join(kept) + text[end:]


def readme_text(story: Story) -> str:
    return (f"# {story.folder.name}\n\n"
            "A story for the news-claims map. Start the page on it from the project folder:\n\n"
            f"    streamlit run dashboard/app.py -- --story {story.folder.resolve()}\n\n"
            "Add articles from the page (\"Add articles\"), with\n"
            f"`python -m dashboard add FILE|URL --articles-dir {story.articles.resolve()}`,\n"
            "or by saving `.md`, `.txt` or `.html` files into `articles/`.\n")


def _write(path: Path, text: str) -> None:
    with atomic_output(path) as handle:
        handle.write(text)
