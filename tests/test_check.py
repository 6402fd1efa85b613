"""`python -m dashboard check`: one `file:line: problem — fix` line per problem, exit 1, no traceback."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "articles" / "2023-09-06-globaltimes-kim-visit.md"


@pytest.fixture
def data(tmp_path):
    shutil.copy(ROOT / "data" / "places.yaml", tmp_path / "places.yaml")
    shutil.copy(ROOT / "data" / "sources.yaml", tmp_path / "sources.yaml")
    (tmp_path / "articles").mkdir()
    shutil.copy(SEED, tmp_path / "articles" / SEED.name)
    return tmp_path


def run_check(data, capsys):
    code = main(["check", "--places", str(data / "places.yaml"), "--sources", str(data / "sources.yaml"),
                 "--articles", str(data / "articles")])
    return code, capsys.readouterr().out.strip().splitlines()


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_bundled_data_is_clean(data, capsys):
    code, out = run_check(data, capsys)
    assert code == 0 and out[0].startswith("ok: ")


def test_yaml_syntax_error(data, capsys):
    places = data / "places.yaml"
    edit(places, "    kind: city\n    names: {en: Moscow", "    kind: city\n    names: {en: Moscow [")
    code, out = run_check(data, capsys)
    assert code == 1
    assert out[0].startswith(f"{places}:{line_of(places, 'en: Moscow [')}: YAML syntax error")
    assert " — " in out[0]


def test_duplicate_place_id(data, capsys):
    places = data / "places.yaml"
    edit(places, "- id: moscow", "- id: pyongyang")
    code, out = run_check(data, capsys)
    assert code == 1
    assert out[0] == (f"{places}:{_nth_line(places, '- id: pyongyang', 2)}: duplicate place id 'pyongyang' — "
                      "give each place its own id (ids must be unique)")


def _nth_line(path, needle, n):
    return [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line][n - 1]


def test_latitude_out_of_range(data, capsys):
    places = data / "places.yaml"
    edit(places, "lat: 55.7558", "lat: 95.7558")
    code, out = run_check(data, capsys)
    assert code == 1
    assert out == [f"{places}:{line_of(places, 'lat: 95.7558')}: lat 95.7558 is out of range — "
                   "lat must be between -90 and 90 (decimal degrees, WGS84)"] + out[1:]
    assert any("stop 'moscow' names no place" in line for line in out)  # the route loses its stop


def test_route_stop_that_names_no_place(data, capsys):
    places = data / "places.yaml"
    edit(places, "        to: moscow", "        to: moskva")
    code, out = run_check(data, capsys)
    assert out == [f"{places}:{line_of(places, 'to: moskva')}: route 'rumoured-2023' stop 'moskva' names no place — "
                   "use the id of a place defined under 'places:'"]
    assert code == 1


def test_alias_shared_by_two_places(data, capsys):
    places = data / "places.yaml"
    edit(places, "aliases: {zh: [伯力]}", "aliases: {zh: [伯力, 海参崴]}")
    code, out = run_check(data, capsys)
    assert code == 1
    assert any("name '海参崴' belongs to both 'vladivostok' and 'khabarovsk'" in line
               and line.startswith(f"{places}:{line_of(places, '- id: khabarovsk')}:") for line in out)


def test_unknown_language(data, capsys):
    places = data / "places.yaml"
    edit(places, "names: {en: Moscow, zh: 莫斯科", "names: {en: Moscow, xx: 莫斯科")
    code, out = run_check(data, capsys)
    assert code == 1
    assert out[0].startswith(f"{places}:{line_of(places, 'xx: 莫斯科')}: unknown language 'xx' — use one of en, zh")


def test_invalid_date_in_front_matter(data, capsys):
    article = data / "articles" / SEED.name
    edit(article, "published: 2023-09-06", "published: 2023-09-31")
    code, out = run_check(data, capsys)
    assert code == 1
    assert out == [f"{article}:4: invalid date '2023-09-31' — write published as YYYY-MM-DD, e.g. 2023-09-06"]


def test_file_that_is_not_utf8(data, capsys):
    bad = data / "articles" / "latin1.md"
    bad.write_bytes("---\ntitle: x\n---\ncaf\xe9\n".encode("latin-1"))
    code, out = run_check(data, capsys)
    assert code == 1
    assert out == [f"{bad}:4: not UTF-8 (byte 0xe9 at offset 20) — save the file as UTF-8"]


def test_one_bad_article_does_not_stop_the_others(data, capsys):
    (data / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    from dashboard.corpus import load_corpus
    corpus = load_corpus(data / "places.yaml", data / "sources.yaml", [data / "articles"])
    assert [a.id for a in corpus.articles] == [SEED.name]
    assert len(corpus.problems) == 1 and corpus.problems[0].path.endswith("broken.md")


def test_duplicate_source_id(data, capsys):
    sources = data / "sources.yaml"
    edit(sources, "  - id: bloomberg", "  - id: tass")
    code, out = run_check(data, capsys)
    assert code == 1
    assert f"{sources}:{_nth_line(sources, '- id: tass', 2)}: duplicate source id 'tass' — give each source its own id" in out


def test_check_never_prints_a_traceback(data):
    (data / "places.yaml").write_text("places: [\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "dashboard", "check", "--places", str(data / "places.yaml")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "YAML syntax error" in result.stdout


def test_railway_station_naming_no_place(data, capsys):
    places = data / "places.yaml"
    edit(places, "      - {place: tsiolkovsky}", "      - {place: tsiolkovski}")
    code, out = run_check(data, capsys)
    assert code == 1
    assert out == [f"{places}:{line_of(places, '{place: tsiolkovski}')}: railway 'vostochny-branch' station place "
                   "'tsiolkovski' names no place — use the id of a place defined under 'places:'"]


def test_railway_station_without_source(data, capsys):
    places = data / "places.yaml"
    edit(places, ", source: 'Wikipedia \"Kowon station\" (39°26′24″N 127°14′58″E)'", "")
    code, out = run_check(data, capsys)
    assert code == 1
    assert out == [f"{places}:{line_of(places, 'name: Kowon')}: station 'Kowon' has no source — "
                   "say where the coordinates come from in 'source:'"]


def test_railway_station_out_of_range(data, capsys):
    places = data / "places.yaml"
    edit(places, "name: Bikin, lat: 46.8167", "name: Bikin, lat: 146.8167")
    code, out = run_check(data, capsys)
    assert code == 1
    assert out[0].startswith(f"{places}:{line_of(places, 'name: Bikin')}: station 'Bikin' has no valid lat/lon")


def test_places_file_with_no_places_fails(data, capsys):
    places = data / "places.yaml"
    places.write_text("# all places removed\nplaces: []\n", encoding="utf-8")
    code, out = run_check(data, capsys)
    assert (code, out) == (1, [f"{places}:2: the 'places:' list is empty — "
                               "add one entry per place (id, kind, names, lat, lon, …)"])


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_a_data_file_that_loads_as_empty_fails(data, capsys, text):
    places = data / "places.yaml"
    places.write_text(text, encoding="utf-8")
    code, out = run_check(data, capsys)
    assert (code, out) == (1, [f"{places}: the file is empty (it holds no YAML data) — "
                               "add the data, or point to the right file"])


def test_empty_sources_list_fails(data, capsys):
    sources = data / "sources.yaml"
    sources.write_text("sources: []\n", encoding="utf-8")
    code, out = run_check(data, capsys)
    assert code == 1
    assert out[0] == (f"{sources}:1: the 'sources:' list is empty — "
                      "add one entry per outlet, agency or official (id, name, names)")


def test_article_with_no_text_fails(data, capsys):
    empty = data / "articles" / "empty.md"
    empty.write_text("---\ntitle: T\noutlet: Global Times\npublished: 2023-09-06\nlanguage: zh\n---\n\n  \n",
                     encoding="utf-8")
    code, out = run_check(data, capsys)
    assert (code, out) == (1, [f"{empty}:7: the article has no text — "
                               "add the article's text after its title, or remove the file"])


def test_empty_front_matter_fails(data, capsys):
    bad = data / "articles" / "bare.md"
    bad.write_text("---\n---\nSome text.\n", encoding="utf-8")
    code, out = run_check(data, capsys)
    assert (code, out) == (1, [f"{bad}:2: front matter is empty — "
                               "write 'title: …', 'outlet: …', 'published: YYYY-MM-DD', 'language: …'"])


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,x",
                                 "ftp://example.org/a", "//example.org/a", "www.example.org"])
def test_a_link_that_is_not_http_is_a_problem_and_the_article_stays(data, capsys, url):
    article = data / "articles" / SEED.name
    edit(article, "language: zh\n", f"language: zh\nurl: '{url}'\n")
    code, out = run_check(data, capsys)
    assert (code, out) == (1, [f"{article}:6: url {url!r} is not an http(s) link — write an address starting with "
                               "https:// or http://, or remove 'url' (the article is shown without a link)"])
    from dashboard.corpus import load_corpus
    corpus = load_corpus(data / "places.yaml", data / "sources.yaml", [data / "articles"])
    assert [(a.id, a.url) for a in corpus.articles] == [(SEED.name, None)]
    assert len(corpus.passages) == 13


def test_an_http_link_is_kept(data, capsys):
    edit(data / "articles" / SEED.name, "language: zh\n", "language: zh\nurl: https://www.globaltimes.cn/x.html\n")
    code, _ = run_check(data, capsys)
    from dashboard.corpus import load_corpus
    corpus = load_corpus(data / "places.yaml", data / "sources.yaml", [data / "articles"])
    assert code == 0 and corpus.articles[0].url == "https://www.globaltimes.cn/x.html"


def test_an_article_over_the_size_cap_is_skipped(data, capsys):
    big = data / "articles" / "huge.md"
    big.write_text("---\ntitle: T\noutlet: Global Times\npublished: 2023-09-06\nlanguage: en\n---\n"
                   + "Khasan. " * 750_000, encoding="utf-8")  # 6,000,064 bytes
    code, out = run_check(data, capsys)
    assert (code, out) == (1, [f"{big}: article is 6.0 MB, over the 5 MB cap — "
                               "split it into articles under 5 MB each (it is skipped)"])
    from dashboard.corpus import load_corpus
    from dashboard.errors import ProblemKind
    corpus = load_corpus(data / "places.yaml", data / "sources.yaml", [data / "articles"])
    assert [a.id for a in corpus.articles] == [SEED.name]
    assert [p.kind for p in corpus.problems] == [ProblemKind.SIZE]
