"""Data files changed while the app runs: read again, and a broken edit keeps the last good data."""
import shutil
from pathlib import Path

from dashboard.corpus.analysis import load_corpus
from dashboard.corpus.data_watch import data_stamp, first_folder, lost_data

DATA = Path(__file__).resolve().parent.parent / "data"


def copy_data(tmp_path):
    shutil.copytree(DATA / "articles", tmp_path / "articles")
    for name in ("places.yaml", "sources.yaml"):
        shutil.copyfile(DATA / name, tmp_path / name)
    return tmp_path / "places.yaml", tmp_path / "sources.yaml", [tmp_path / "articles"]


def test_the_stamp_changes_when_a_file_is_edited_added_or_removed(tmp_path):
    places, sources, articles = copy_data(tmp_path)
    first = data_stamp(places, sources, articles)
    assert data_stamp(places, sources, articles) == first
    places.write_text(places.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    second = data_stamp(places, sources, articles)
    assert second != first
    new = articles[0] / "2023-09-12-wire.md"
    new.write_text("---\ntitle: T\n---\nText.\n", encoding="utf-8")
    third = data_stamp(places, sources, articles)
    assert third != second
    new.unlink()
    assert data_stamp(places, sources, articles) == second


def test_a_broken_places_file_is_lost_data_and_a_good_edit_is_not(tmp_path):
    places, sources, articles = copy_data(tmp_path)
    good = load_corpus(places, sources, articles)
    text = places.read_text(encoding="utf-8")
    places.write_text(text.replace("places:", "places: [", 1), encoding="utf-8")  # a YAML syntax error
    broken = load_corpus(places, sources, articles)
    assert broken.problems and lost_data(good, broken)
    places.write_text(text.replace("lat: 42.42833", "lat: 42.43", 1), encoding="utf-8")  # Khasan moved a little
    edited = load_corpus(places, sources, articles)
    assert not lost_data(good, edited)


def test_new_articles_go_into_the_first_folder_given(tmp_path):
    (tmp_path / "more").mkdir()
    assert first_folder([tmp_path / "one.md", tmp_path / "more"], DATA / "articles") == tmp_path / "more"
    assert first_folder([tmp_path / "one.md"], DATA / "articles") == DATA / "articles"


def test_the_stamp_changes_when_the_place_kinds_table_is_edited(tmp_path, monkeypatch):
    import dashboard.corpus.data_watch
    places, sources, articles = copy_data(tmp_path)
    kinds = tmp_path / "place_kinds.yaml"
    shutil.copyfile(DATA / "place_kinds.yaml", kinds)
    monkeypatch.setattr(dashboard.corpus.data_watch, "DEFAULT_KINDS", kinds)
    first = data_stamp(places, sources, articles)
    kinds.write_text(kinds.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert data_stamp(places, sources, articles) != first


def test_places_that_are_no_list_are_reported_not_a_crash(tmp_path):
    # found by tests/test_properties.py: `places: true` made the shared-alias check iterate a bool
    from dashboard.places.gazetteer import load_gazetteer
    path = tmp_path / "places.yaml"
    path.write_text("places: true\n", encoding="utf-8")
    gazetteer, problems = load_gazetteer(path)
    assert gazetteer.places == {} and [(p.line, p.problem) for p in problems] == [(1, "no 'places:' list")]
