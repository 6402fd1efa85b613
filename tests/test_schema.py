"""A value of the wrong type anywhere in the data is one `file:line: what — fix` line, and only its entry is lost.

Each payload below once gave a traceback (or, for `title: [a, b]`, passed `check`): through
`python -m dashboard check` it must exit 1 with exactly that line, and `load_corpus` must still
load everything else.
"""
import subprocess
import sys

import pytest

from dashboard.corpus.analysis import load_corpus
from dashboard.base.errors import ProblemKind
from editing import ROOT, edit, line_of

SEED = "2023-09-06-globaltimes-kim-visit.md"
EXTRA = "2023-09-12-wire.md"  # a second, good article: it must survive a bad seed article


@pytest.fixture
def data(data):
    """The shared data folder (tests/conftest.py) with a second article."""
    (data / "articles" / EXTRA).write_text(
        "---\ntitle: Kim reaches Khasan\noutlet: TASS\npublished: 2023-09-12\nlanguage: en\n---\n"
        "TASS reported that Kim's train reached Khasan.\n", encoding="utf-8")
    return data


# (file, old text, new text, the line's marker in the new text, the expected problem after "file:line: ")
PAYLOADS = {
    "place rules": (
        "places.yaml", "host of the Eastern Economic Forum\n    parent: vladivostok\n",
        "host of the Eastern Economic Forum\n    parent: vladivostok\n    rules: [x]\n", "rules: [x]",
        "place 'fefu': 'rules' is a list, should be a mapping (key: value) — "
        "write rules: {not_before: [text], not_after: [text]}"),
    "place parent": (
        "places.yaml", "host of the Eastern Economic Forum\n    parent: vladivostok\n",
        "host of the Eastern Economic Forum\n    parent: [vladivostok]\n", "parent: [vladivostok]",
        "place 'fefu': 'parent' is a list, should be text — write one place id, e.g. parent: vladivostok"),
    "leg from": (
        "places.yaml", "  - id: rumoured-2023\n    name: Rumoured armoured-train trip, September 2023\n"
        "    names: {zh: 传闻中的2023年9月装甲列车行程}\n    legs:\n      - from: pyongyang\n",
        "  - id: rumoured-2023\n    name: Rumoured armoured-train trip, September 2023\n"
        "    names: {zh: 传闻中的2023年9月装甲列车行程}\n    legs:\n      - from: [pyongyang]\n", "from: [pyongyang]",
        "leg 1 of route 'rumoured-2023': 'from' is a list, should be text — write one place id, e.g. from: pyongyang"),
    "leg dates": (
        "places.yaml", "dates: [2019-04-24, 2019-04-24]", "dates: 5", "dates: 5",
        "leg 1 of route 'trip-2019': 'dates' is the number 5, should be a list — "
        "write the first and last day, e.g. dates: [2023-09-10, 2023-09-12]"),
    "route names": (
        "places.yaml", "names: {zh: 2023年8月下旬朝鲜代表团行程}", "names: [abc]", "names: [abc]",
        "route 'delegation-2023-08': 'names' is a list, should be a mapping (key: value) — "
        "write one name per language, e.g. names: {zh: 行程}"),
    "railway station place": (
        "places.yaml", "      - {place: tsiolkovsky}", "      - {place: [tsiolkovsky]}", "{place: [tsiolkovsky]}",
        "railway 'vostochny-branch': 'stations.1.place' is a list, should be text — "
        "write one place id, e.g. {place: khasan}"),
    "article authors": (
        f"articles/{SEED}", "authors: [隋鑫, 郝爽言, 柳玉鹏]", "authors: 5", "authors: 5",
        "front matter: 'authors' is the number 5, should be a list — "
        "write the authors as a list of names, e.g. authors: [A, B]"),
    "article title": (
        f"articles/{SEED}", "title: 美媒称金正恩下周访俄见普京，西方担忧“朝鲜向俄提供更多武器”", "title: [a, b]", "title: [a, b]",
        "front matter: 'title' is a list, should be text — write the title as text (quote it if it starts with [ or {)"),
    "source affiliation": (
        "sources.yaml", "affiliation: wilson-center", "affiliation: [x]", "affiliation: [x]",
        "source 'jean-lee': 'affiliation' is a list, should be text — write one source id, e.g. affiliation: kremlin"),
    "attribution language": (
        "sources.yaml", "attribution:\n", "attribution:\n  ko: [x]\n", "ko: [x]",
        "attribution 'ko' is a list, should be a mapping (key: value) — "
        "write the language's word lists, e.g. zh: {speech_verbs: [称], according_to: [据]}"),
}


def apply(data, name):
    file, old, new, marker, problem = PAYLOADS[name]
    path = data / file
    edit(path, old, new)
    return f"{path}:{line_of(path, marker)}: {problem}"


@pytest.mark.parametrize("name", PAYLOADS)
def test_wrong_type_is_one_line_and_the_rest_loads(data, check, name):
    expected = apply(data, name)
    code, out = check()
    assert (code, out) == (1, [expected])

    corpus = load_corpus(data / "places.yaml", data / "sources.yaml", [data / "articles"])
    assert [str(p) for p in corpus.problems] == [expected]
    assert corpus.problems[0].kind is ProblemKind.TYPE
    articles = [a.id for a in corpus.articles]
    assert articles == ([EXTRA] if "article" in name else [SEED, EXTRA])
    assert len(corpus.gazetteer.places) == (26 if name.startswith("place") else 27)
    assert len(corpus.registry.sources) == (22 if name.startswith("source") else 23)
    assert len(corpus.gazetteer.railways) == (6 if name.startswith("railway") else 7)
    khasan = {p.article.id for p in corpus.passages_mentioning("khasan")}
    assert EXTRA in khasan


def test_the_skipped_entry_is_the_one_with_the_bad_value(data):
    apply(data, "place parent")
    apply(data, "leg from")
    corpus = load_corpus(data / "places.yaml", data / "sources.yaml", [data / "articles"])
    assert "fefu" not in corpus.gazetteer and "vladivostok" in corpus.gazetteer
    rumoured = corpus.gazetteer.routes["rumoured-2023"]
    assert [(leg.start, leg.end) for leg in rumoured.legs] == [("vladivostok", "vostochny-cosmodrome"),
                                                              ("vostochny-cosmodrome", "moscow")]


def test_every_payload_at_once_through_the_command_line(data):
    expected = [apply(data, name) for name in PAYLOADS]
    result = subprocess.run([sys.executable, "-m", "dashboard", "check", "--places", str(data / "places.yaml"),
                             "--sources", str(data / "sources.yaml"), "--articles", str(data / "articles")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert sorted(result.stdout.splitlines()) == sorted(expected)


# One field's problem in places.yaml, and what it brings: the entry is skipped, so a skipped
# place takes its route stops and railway stations with it.
# name: (old text, new text, [(marker of the line: (text, n) for the nth line holding it, problem)])
STOP = "names no place — use the id of a place defined under 'places:'"
FIELDS = {
    "text in a number field is not converted": (
        "lat: 55.7558", "lat: '55.7558'",
        [(("lat: '55.7558'", 1), "place 'moscow': 'lat' is the text '55.7558', should be a number — "
                                 "write lat as a decimal number of degrees, e.g. lat: 43.1333"),
         (("to: moscow", 1), f"route 'rumoured-2023' stop 'moscow' {STOP}"),
         (("to: moscow", 2), f"route 'delegation-2023-08' stop 'moscow' {STOP}")]),
    "a missing field is named at its entry": (
        "    coord_source: Wikipedia \"Khabarovsk\" (48°29′N 135°04′E)\n", "",
        [(("- id: khabarovsk", 1), "place 'khabarovsk' has no 'coord_source' — "
                                   "say in text where lat/lon came from (e.g. Wikipedia, GeoNames id)"),
         (("khabarovsk, belogorsk]", 1), f"route 'rumoured-2023' via stop 'khabarovsk' {STOP}"),
         (("khabarovsk, belogorsk]", 2), f"route 'actual-2023-09' via stop 'khabarovsk' {STOP}"),
         (("via: [belogorsk, khabarovsk]", 1), f"route 'actual-2023-09' via stop 'khabarovsk' {STOP}"),
         (("via: [khabarovsk, ussuriysk", 1), f"route 'actual-2023-09' via stop 'khabarovsk' {STOP}"),
         (("{place: khabarovsk}", 1), f"railway 'trans-siberian-east' station place 'khabarovsk' {STOP}"),
         (("{place: khabarovsk}", 2), f"railway 'khabarovsk-komsomolsk' station place 'khabarovsk' {STOP}")]),
    "a typo in a closed mapping": (
        "not_before: [\" Port\"", "not_befor: [\" Port\"",
        [(("not_befor:", 1), "place 'vostochny-cosmodrome': unknown field 'rules.not_befor' — "
                             "remove it or fix its spelling (the fields are not_before, not_after)"),
         (("to: vostochny-cosmodrome", 1), f"route 'rumoured-2023' stop 'vostochny-cosmodrome' {STOP}"),
         (("from: vostochny-cosmodrome", 1), f"route 'rumoured-2023' stop 'vostochny-cosmodrome' {STOP}"),
         (("to: vostochny-cosmodrome", 2), f"route 'actual-2023-09' stop 'vostochny-cosmodrome' {STOP}"),
         (("from: vostochny-cosmodrome", 2), f"route 'actual-2023-09' stop 'vostochny-cosmodrome' {STOP}"),
         (("{place: vostochny-cosmodrome}", 1), f"railway 'vostochny-branch' station place 'vostochny-cosmodrome' "
                                                f"{STOP}")]),
    "an impossible leg date": (
        "dates: [2019-04-24, 2019-04-24]", "dates: [2019-04-24, 2019-04-31]",
        [(("2019-04-31", 1), "leg 1 of route 'trip-2019': 'dates.1' '2019-04-31' is not a date written YYYY-MM-DD — "
                             "write the first and last day, e.g. dates: [2023-09-10, 2023-09-12]")]),
}


@pytest.mark.parametrize("name", FIELDS)
def test_a_field_problem_is_reported_exactly(data, check, name):
    old, new, expected = FIELDS[name]
    places = data / "places.yaml"
    edit(places, old, new)
    assert check() == (1, [f"{places}:{line_of(places, *marker)}: {problem}" for marker, problem in expected])
