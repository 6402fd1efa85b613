"""A story of one's own: `new DIR`, the page on `--story DIR`, no journey of another story,
paragraphs from single line breaks, counts worded properly.

Expected values are written by hand from the bundled data files (the outlets and agencies of
data/sources.yaml, the routes' stops in data/places.yaml) and the articles written here."""
import json
import shutil
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cli.main import main
from dashboard.corpus.analysis import DEFAULT_SOURCES, load_corpus
from dashboard.text.articles import split_passages
from dashboard.text.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
# the outlets and agencies of data/sources.yaml, read by hand (its officials, the Kremlin,
# the White House and the others the seed story quotes are left out)
OUTLETS_AND_AGENCIES = ["bloomberg", "global-times", "guardian", "kcna", "novye-izvestia", "nyt", "primamedia",
                        "ria-novosti", "rt", "tass", "xinhua"]
ANKARA = ("---\ntitle: Russian ambassador shot dead in Ankara\noutlet: Example Wire\npublished: 2016-12-19\n"
          "language: en\n---\nRussia's ambassador to Turkey was shot dead at an art gallery in Ankara on Monday.\n\n"
          "Officials said the gunman shouted about Aleppo and Syria before he was killed.\n")
VOSTOCHNY = ("---\ntitle: A summit at the cosmodrome\noutlet: Example Wire\npublished: 2023-09-12\nlanguage: en\n---\n"
             "Officials in Moscow said a meeting at the Vostochny Cosmodrome was possible.\n")


def new(folder, capsys):
    code = main(["new", str(folder)])
    return code, capsys.readouterr()


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_new_makes_a_story_with_no_place_route_or_person_of_another_story(tmp_path, capsys):
    folder = tmp_path / "aleppo"
    code, out = new(folder, capsys)
    assert code == 0 and out.err == ""
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "articles", "places.yaml", "sources.yaml"]
    assert list((folder / "articles").iterdir()) == []
    assert f"--story {folder}" in out.out and f"--articles-dir {folder / 'articles'}" in out.out
    assert f"--story {folder.resolve()}" in (folder / "README.md").read_text(encoding="utf-8")
    registry, problems = load_sources(folder / "sources.yaml")
    bundled, _ = load_sources(DEFAULT_SOURCES)
    assert problems == [] and sorted(registry.sources) == OUTLETS_AND_AGENCIES
    assert registry.grammar == bundled.grammar  # who-said-it and date words as the bundled file's
    assert main(["check", "--articles", str(folder / "articles"), "--places", str(folder / "places.yaml"),
                 "--sources", str(folder / "sources.yaml")]) == 0
    assert capsys.readouterr().out.startswith("ok: 0 places, 0 routes, 0 railways, 11 sources, 0 articles")


def test_new_never_writes_over_a_story(tmp_path, capsys):
    folder = tmp_path / "story"
    assert new(folder, capsys)[0] == 0
    (folder / "places.yaml").write_text("places: []\nroutes: []\n# mine\n", encoding="utf-8")
    code, out = new(folder, capsys)
    assert code == 2 and out.out == ""
    assert out.err == (f"error: {folder} already holds places.yaml — choose a new folder, or start the page on this "
                       f"one with --story {folder}\n")
    assert (folder / "places.yaml").read_text(encoding="utf-8").endswith("# mine\n")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert new(tmp_path / "a-file", capsys)[0] == 2


def test_a_route_is_the_storys_only_when_the_articles_name_two_of_its_stops(tmp_path):
    shutil.copytree(ROOT / "data" / "articles", tmp_path / "seed")
    assert sorted(load_corpus(articles=[tmp_path / "seed"]).story_routes()) == [
        "actual-2023-09", "delegation-2023-08", "rumoured-2023", "trip-2019"]
    (tmp_path / "ankara").mkdir()
    write(tmp_path / "ankara", "ankara.md", ANKARA)
    assert load_corpus(articles=[tmp_path / "ankara"]).story_routes() == {}
    (tmp_path / "summit").mkdir()
    write(tmp_path / "summit", "summit.md", VOSTOCHNY)  # Moscow and Vostochny: two stops of the rumoured trip only
    assert sorted(load_corpus(articles=[tmp_path / "summit"]).story_routes()) == ["rumoured-2023"]


def test_the_export_of_another_storys_articles_draws_no_seed_route(tmp_path, capsys):
    (tmp_path / "articles").mkdir()
    write(tmp_path / "articles", "ankara.md", ANKARA)
    assert main(["export", "geojson", "--articles", str(tmp_path / "articles"), "--no-index", "--no-world"]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    assert [f for f in features if f["geometry"]["type"] == "LineString"] == []
    assert main(["export", "geojson", "--articles", str(tmp_path / "articles"), "--no-index", "--no-world",
                 "--route", "rumoured-2023"]) == 2
    assert "these articles name fewer than two stops of route 'rumoured-2023'" in capsys.readouterr().err


@pytest.mark.parametrize("body,paragraphs", [
    ("First paragraph.\nSecond paragraph.\nThird.", ["First paragraph.", "Second paragraph.", "Third."]),
    ("\nFirst paragraph.\nSecond.\n\n", ["First paragraph.", "Second."]),  # blank lines at the ends only
    ("One line of a paragraph\nand its second line.\n\nThe next paragraph.",
     ["One line of a paragraph\nand its second line.", "The next paragraph."]),  # blank lines: they separate
])
def test_text_with_single_line_breaks_only_is_split_at_them(body, paragraphs):
    passages = split_passages("a.md", body)
    assert [p.text for p in passages] == paragraphs
    assert all(body[p.start:p.end] == p.text for p in passages)


def page(argv, runs=2):
    at = AppTest.from_file(APP, default_timeout=60)
    saved = sys.argv
    sys.argv = ["app.py", *argv]
    try:
        for _ in range(runs):
            at.run()
            assert not at.exception, at.exception
    finally:
        sys.argv = saved
    return at


def test_the_header_counts_in_words(tmp_path):
    at = page(["--no-index"])
    assert at.caption[0].value.startswith("1 article · 13 passages · 27 places · ")
    at.radio(key="lang").set_value("zh").run()
    assert at.caption[0].value.startswith("1 篇文章 · 13 个段落 · 27 个地点 · ")


def test_an_empty_story_says_how_to_add_articles(tmp_path, capsys):
    folder = tmp_path / "story"
    assert new(folder, capsys)[0] == 0
    at = page(["--story", str(folder), "--no-index"])
    assert at.caption[0].value.startswith("0 articles · 0 passages · 0 places · 0 suggested")
    [info] = [i.value for i in at.info if "no articles yet" in i.value]
    assert "Add articles" in info and f"--articles-dir {folder / 'articles'}" in info and str(folder / "articles") in info


def test_the_page_on_a_story_shows_its_articles_and_no_seed_route(tmp_path, capsys):
    folder = tmp_path / "story"
    assert new(folder, capsys)[0] == 0
    write(folder / "articles", "ankara.md", ANKARA)
    at = page(["--story", str(folder), "--no-index"])
    assert at.caption[0].value.startswith("1 article · 2 passages · 0 places · ")
    assert not [i for i in at.info if "no articles yet" in i.value]
    assert at.multiselect(key="routes").options == [] and at.multiselect(key="routes").value == []
