"""`python -m dashboard check`: one `file:line: problem — fix` line per problem, exit 1, no traceback.

Each case edits a copy of the bundled data (the `data` fixture, tests/conftest.py) and expects
exactly the lines `check` prints: every problem, and the problems it brings (a place lost to a
problem takes its route stops with it)."""
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dashboard.corpus.analysis import load_corpus
from dashboard.base.errors import ProblemKind
from editing import ROOT, SEED, edit, line_of

GOLD = yaml.safe_load((Path(__file__).parent / "gold_seed.yaml").read_text(encoding="utf-8"))["passages"]
ARTICLE = f"articles/{SEED.name}"
STOP = "use the id of a place defined under 'places:'"
MOSCOW_STOPS = [("places.yaml", ("to: moscow", 1), f"route 'rumoured-2023' stop 'moscow' names no place — {STOP}"),
                ("places.yaml", ("to: moscow", 2), f"route 'delegation-2023-08' stop 'moscow' names no place — {STOP}")]

# name: (file, old text, new text, [(file, marker, problem)]) — the marker finds the problem's
# line in the edited file (text, or (text, n) for its nth line).
EDITS = {
    "YAML syntax error": (
        "places.yaml", "    kind: city\n    names: {en: Moscow", "    kind: city\n    names: {en: Moscow [",
        [("places.yaml", "en: Moscow [", "YAML syntax error: expected ',' or '}', but got '[' — "
                                          "fix the indentation, quoting or brackets on this line")]),
    "duplicate place id": (
        "places.yaml", "- id: moscow", "- id: pyongyang",
        [("places.yaml", ("- id: pyongyang", 2),
          "duplicate place id 'pyongyang' — give each place its own id (ids must be unique)"), *MOSCOW_STOPS]),
    "latitude out of range": (
        "places.yaml", "lat: 55.7558", "lat: 95.7558",
        [("places.yaml", "lat: 95.7558", "lat 95.7558 is out of range — "
                                         "lat must be between -90 and 90 (decimal degrees, WGS84)"), *MOSCOW_STOPS]),
    "route stop that names no place": (
        "places.yaml", "      - from: vostochny-cosmodrome\n        to: moscow",
        "      - from: vostochny-cosmodrome\n        to: moskva",
        [("places.yaml", "to: moskva", f"route 'rumoured-2023' stop 'moskva' names no place — {STOP}")]),
    "alias shared by two places": (
        "places.yaml", "aliases: {zh: [伯力]}", "aliases: {zh: [伯力, 海参崴]}",
        [("places.yaml", "- id: khabarovsk", "name '海参崴' belongs to both 'vladivostok' and 'khabarovsk' — "
                                             "keep it on one place and add a rule, or make it more specific")]),
    "unknown language": (
        "places.yaml", "names: {en: Moscow, zh: 莫斯科", "names: {en: Moscow, xx: 莫斯科",
        [("places.yaml", "xx: 莫斯科", "unknown language 'xx' — use one of en, zh, ru, ko, ja"), *MOSCOW_STOPS]),
    "invalid date in front matter": (
        ARTICLE, "published: 2023-09-06", "published: 2023-09-31",
        [(ARTICLE, "published: 2023-09-31", "invalid date '2023-09-31' — "
                                            "write published as YYYY-MM-DD, e.g. 2023-09-06")]),
    "duplicate source id": (
        "sources.yaml", "  - id: bloomberg", "  - id: tass",
        [("sources.yaml", ("- id: tass", 2), "duplicate source id 'tass' — give each source its own id")]),
    "railway station naming no place": (
        "places.yaml", "      - {place: tsiolkovsky}", "      - {place: tsiolkovski}",
        [("places.yaml", "{place: tsiolkovski}", f"railway 'vostochny-branch' station place 'tsiolkovski' "
                                                 f"names no place — {STOP}")]),
    "railway station without source": (
        "places.yaml", ", source: 'Wikipedia \"Kowon station\" (39°26′24″N 127°14′58″E)'", "",
        [("places.yaml", "name: Kowon", "station 'Kowon' has no source — "
                                        "say where the coordinates come from in 'source:'")]),
    "railway station out of range": (
        "places.yaml", "name: Bikin, lat: 46.8167", "name: Bikin, lat: 146.8167",
        [("places.yaml", "name: Bikin", "station 'Bikin' has no valid lat/lon — "
                                        "give lat in -90…90 and lon in -180…180, decimal degrees")]),
}


def where(data, file, marker) -> str:
    path = data / file
    if marker is None:
        return f"{path}"
    text, n = marker if isinstance(marker, tuple) else (marker, 1)
    return f"{path}:{line_of(path, text, n)}"


@pytest.mark.parametrize("name", EDITS)
def test_an_edit_is_reported_exactly(data, check, name):
    file, old, new, expected = EDITS[name]
    edit(data / file, old, new)
    assert check() == (1, [f"{where(data, f, marker)}: {problem}" for f, marker, problem in expected])


# name: (file, its whole text, line of the problem or None, problem)
WRITES = {
    "places file that is empty": (
        "places.yaml", "", None, "the file is empty (it holds no YAML data) — add the data, or point to the right file"),
    "places file of blank lines": (
        "places.yaml", "\n\n", None, "the file is empty (it holds no YAML data) — add the data, or point to the right file"),
    "places file of a comment": (
        "places.yaml", "# only a comment\n", None,
        "the file is empty (it holds no YAML data) — add the data, or point to the right file"),
    "article with no text": (
        "articles/empty.md", "---\ntitle: T\noutlet: Global Times\npublished: 2023-09-06\nlanguage: zh\n---\n\n  \n", 7,
        "the article has no text — add the article's text after its title, or remove the file"),
    "empty front matter": (
        "articles/bare.md", "---\n---\nSome text.\n", 2,
        "front matter is empty — write 'title: …', 'outlet: …', 'published: YYYY-MM-DD', 'language: …'"),
    "file that is not UTF-8": (
        "articles/latin1.md", "---\ntitle: x\n---\ncaf\xe9\n".encode("latin-1"), 4,
        "not UTF-8 (byte 0xe9 at offset 20) — save the file as UTF-8"),
}


@pytest.mark.parametrize("name", WRITES)
def test_a_written_file_is_reported_exactly(data, check, name):
    file, content, line, problem = WRITES[name]
    path = data / file
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert check() == (1, [f"{path}{f':{line}' if line else ''}: {problem}"])


def test_bundled_data_is_clean(check):
    mentions = sum(sum(entry["places"].values()) for entry in GOLD.values())
    assert check() == (0, [f"ok: 27 places, 4 routes, 7 railways, 23 sources, 1 articles, {len(GOLD)} passages, "
                           f"{mentions} place mentions"])


def test_an_empty_sources_list_fails_and_every_outlet_becomes_a_notice(data, check):
    sources = data / "sources.yaml"
    sources.write_text("sources: []\n", encoding="utf-8")
    assert check() == (1, [
        f"{sources}:1: the 'sources:' list is empty — add one entry per outlet, agency or official (id, name, names)",
        f"notice: {data / ARTICLE}:1: outlet 'Global Times' is not in the sources registry — its passages are said "
        "by 'Global Times' as written; register it with `python -m dashboard sources add` to give its names in "
        "other languages"])


def test_one_bad_article_does_not_stop_the_others(data):
    broken = data / "articles" / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    corpus = load_corpus(data / "places.yaml", data / "sources.yaml", [data / "articles"])
    assert [a.id for a in corpus.articles] == [SEED.name]
    assert [str(p) for p in corpus.problems] == [
        f"{broken}:3: YAML syntax error: expected ',' or ']', but got '<stream end>' — fix the indentation, quoting "
        "or brackets on this line"]


def test_check_never_prints_a_traceback(data):
    places = data / "places.yaml"
    places.write_text("places: [\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "dashboard", "check", "--places", str(places)],
                            capture_output=True, text=True, cwd=ROOT)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"{places}:2: YAML syntax error: expected the node content, but found '<stream end>' — "
        "fix the indentation, quoting or brackets on this line"]


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,x",
                                 "ftp://example.org/a", "//example.org/a", "www.example.org"])
def test_a_link_that_is_not_http_is_a_problem_and_the_article_stays(data, check, url):
    article = data / ARTICLE
    edit(article, "language: zh\n", f"language: zh\nurl: '{url}'\n")
    assert check() == (1, [f"{article}:6: url {url!r} is not an http(s) link — write an address starting with "
                           "https:// or http://, or remove 'url' (the article is shown without a link)"])
    corpus = load_corpus(data / "places.yaml", data / "sources.yaml", [data / "articles"])
    assert [(a.id, a.url) for a in corpus.articles] == [(SEED.name, None)]
    assert len(corpus.passages) == len(GOLD)


def test_an_http_link_is_kept(data, check):
    edit(data / ARTICLE, "language: zh\n", "language: zh\nurl: https://www.globaltimes.cn/x.html\n")
    code, _ = check()
    corpus = load_corpus(data / "places.yaml", data / "sources.yaml", [data / "articles"])
    assert code == 0 and corpus.articles[0].url == "https://www.globaltimes.cn/x.html"


def test_an_article_over_the_size_cap_is_skipped(data, check):
    big = data / "articles" / "huge.md"
    big.write_text("---\ntitle: T\noutlet: Global Times\npublished: 2023-09-06\nlanguage: en\n---\n"
                   + "Khasan. " * 750_000, encoding="utf-8")  # 6,000,064 bytes
    assert check() == (1, [f"{big}: article is 6.0 MB, over the 5 MB cap — "
                           "split it into articles under 5 MB each (it is skipped)"])
    corpus = load_corpus(data / "places.yaml", data / "sources.yaml", [data / "articles"])
    assert [a.id for a in corpus.articles] == [SEED.name]
    assert [p.kind for p in corpus.problems] == [ProblemKind.SIZE]
