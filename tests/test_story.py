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


@pytest.mark.parametrize("name", ["Ankara", "ankara", "ANKARA ", "安卡拉", "gn:323786"])
def test_a_link_opens_a_place_by_its_name_in_any_language_or_its_id(tmp_path, capsys, name):
    folder = tmp_path / "story"
    assert new(folder, capsys)[0] == 0
    write(folder / "articles", "ankara.md", ANKARA)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["place"] = name
    saved = sys.argv
    sys.argv = ["app.py", "--story", str(folder), "--no-index"]
    try:
        at.run()
    finally:
        sys.argv = saved
    assert not at.exception, at.exception
    assert at.session_state["place"] == "gn:323786"  # Ankara's GeoNames id, read by hand on geonames.org


def test_a_name_of_several_places_lists_them_to_choose_from():
    from types import SimpleNamespace as Record

    from dashboard.page.state import from_query
    springfields = [Record(id=f"gn:{n}", name="Springfield", kind="city", lat=lat, lon=lon, names={"en": "Springfield"},
                           all_names=lambda: iter([("en", "Springfield")]))
                    for n, lat, lon in ((4250542, 39.80, -89.64), (4951788, 42.10, -72.59))]
    corpus = Record(has_place=lambda pid: False, all_places=lambda: springfields,
                    mention_counts=lambda: {"gn:4250542": 2, "gn:4951788": 1},
                    registry=Record(sources={}, names=lambda: []), articles=[], story_routes=dict)
    state, problems = from_query({"place": ["springfield"]}, corpus)
    assert state.place is None
    assert problems[0] == ("place 'springfield' names 2 places — the link shows the overview; link to one by its id: "
                           "Springfield (city, 39.80, -89.64): place=gn:4250542; "
                           "Springfield (city, 42.10, -72.59): place=gn:4951788")


def test_the_uploader_states_the_real_limits():
    """Streamlit's uploader says "Limit N MB per file" from .streamlit/config.toml: N is the
    largest file the import takes (a saved web page); the dialog states both limits."""
    import tomllib

    from dashboard.edit.importing import MAX_UPLOAD_BYTES
    from dashboard.text.articles import MAX_ARTICLE_BYTES
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1_000_000 == MAX_UPLOAD_BYTES == 20_000_000
    assert MAX_ARTICLE_BYTES == 5_000_000
    at = page(["--no-index"])
    at.button(key="open_add").click().run()
    assert not at.exception, at.exception
    assert "At most 5 MB per article (.md, .txt) and 20 MB per saved web page (.html)." in [c.value for c in at.caption]


def test_a_broken_web_page_reader_is_one_line_never_a_traceback(tmp_path, monkeypatch, capsys):
    """`import trafilatura` failing (lxml without lxml_html_clean did that) makes a saved web page
    one problem line, in the page's dialog and on the command line; a .txt still goes in."""
    import builtins

    from dashboard.edit.importing import ImportProblem, article_from_upload
    real_import = builtins.__import__

    def no_trafilatura(name, *args, **kwargs):
        if name.startswith("trafilatura"):
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    with pytest.raises(ImportProblem) as raised:
        article_from_upload("page.html", b"<html><body><p>Text.</p></body></html>", {})
    assert str(raised.value) == ("page.html: web pages cannot be read on this installation (lxml.html.clean module is "
                                 "now a separate project lxml_html_clean) — install the locked versions again (pip "
                                 "install -r requirements.txt), or save the article's text as a .txt file and add that")
    (tmp_path / "page.html").write_text("<html><body><p>Text.</p></body></html>", encoding="utf-8")
    (tmp_path / "note.txt").write_text("A note\n\nKim's train reached Khasan.\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    code = main(["add", str(tmp_path / "page.html"), str(tmp_path / "note.txt"), "--articles-dir",
                 str(tmp_path / "articles"), "--outlet", "Example Wire", "--published", "2023-09-12"])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.err
    assert out.err.splitlines()[0].startswith(f"error: {tmp_path / 'page.html'}: web pages cannot be read on this installation")
    assert [p.name for p in (tmp_path / "articles").iterdir()] == ["2023-09-12-example-wire-a-note.md"]


def test_any_other_failure_of_an_input_is_one_line_and_the_others_still_go_in(tmp_path, monkeypatch, capsys):
    from dashboard.cli import add
    real = add.import_input

    def choking(source, defaults, timeout):
        if source.endswith("bad.txt"):
            raise RuntimeError("the parser choked")
        return real(source, defaults, timeout=timeout)

    monkeypatch.setattr(add, "import_input", choking)
    for name in ("bad.txt", "good.txt"):
        (tmp_path / name).write_text(f"{name}\n\nKim's train reached Khasan.\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    code = main(["add", str(tmp_path / "bad.txt"), str(tmp_path / "good.txt"), "--articles-dir",
                 str(tmp_path / "articles"), "--outlet", "Example Wire", "--published", "2023-09-12"])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.err
    assert out.err.splitlines()[0] == (f"error: {tmp_path / 'bad.txt'}: could not be read (RuntimeError: the parser "
                                       "choked) — save its text as a .txt file and add that")
    assert [p.name for p in (tmp_path / "articles").iterdir()] == ["2023-09-12-example-wire-good-txt.md"]


def test_the_page_says_how_many_articles_came_or_went_since_its_last_run(tmp_path, capsys):
    folder = tmp_path / "story"
    assert new(folder, capsys)[0] == 0
    write(folder / "articles", "ankara.md", ANKARA)
    write(folder / "articles", "summit.md", VOSTOCHNY)
    at = AppTest.from_file(APP, default_timeout=60)
    saved = sys.argv
    sys.argv = ["app.py", "--story", str(folder), "--no-index"]
    try:
        at.run()
        assert not at.toast  # the session's first reading: nothing came or went
        (folder / "articles" / "summit.md").unlink()
        at.run()
        assert [t.value for t in at.toast] == ["1 article removed from the folder"]
        write(folder / "articles", "summit.md", VOSTOCHNY)
        write(folder / "articles", "again.md", ANKARA.replace("Ankara on Monday", "Ankara on Tuesday"))
        at.run()
        assert [t.value for t in at.toast] == ["2 new articles on the map"]
        at.run()
        assert not at.toast  # the same reading again: no notice
    finally:
        sys.argv = saved


def test_a_link_to_a_route_the_story_does_not_tell_of_draws_nothing_and_says_so(tmp_path):
    from dashboard.page.state import from_query
    (tmp_path / "articles").mkdir()
    write(tmp_path / "articles", "ankara.md", ANKARA)
    state, problems = from_query({"route": ["rumoured-2023"]}, load_corpus(articles=[tmp_path / "articles"]))
    assert state.routes == () and problems == [
        "route 'rumoured-2023' not drawn — these articles name fewer than two of its stops"]
