"""The dashboard driven by Streamlit's AppTest (no browser): selection, filters, the URL."""
import html
import json
import re
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import gold
from dashboard.places.gazetteer import load_gazetteer
from dashboard.base.words import plural
from editing import line_of

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def run(query=None, runs=2):
    """The page after its first two runs, as a browser sees it: the second is started by
    streamlit-folium reporting the drawn map, and brings the filters, charts and downloads."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for _ in range(runs):
        at.run()
        assert not at.exception, at.exception
    return at


@pytest.fixture
def app():
    return run()


def qp(at, key):
    value = at.query_params[key]
    return value if isinstance(value, list) else [value]


def button(at, label):
    return next(b for b in at.button if b.label == label)


OVERVIEW_ROW = re.compile(r'<tr data-place="([^"]+)" data-kind="[^"]+" data-passages="(\d+)"><td>([^<]+)')


def overview(at) -> list[dict]:
    """The overview table's rows, in order: {"id", "place", "passages"}."""
    tables = [m.value for m in at.markdown if '<table class="ncm-overview"' in m.value]
    assert len(tables) == 1, "no overview table on the page"
    return [{"id": pid, "place": html.unescape(name), "passages": int(n)}
            for pid, n, name in OVERVIEW_ROW.findall(tables[0])]


CARD = '<div class="ncm-card">'
GOTO = re.compile(r'<a class="ncm-goto" href="([^"]+)" data-goto="([^"]+)">([^<]+)</a>')


def passages_shown(at):
    """The passage cards on the page, each as its HTML (a source's cards are one text element)."""
    return [card.removesuffix("</div>") for m in at.markdown if CARD in m.value for card in m.value.split(CARD)[1:]]


def other_places(card) -> list[tuple]:
    """A card's links to the other places it names: (place id, label, the link's query)."""
    return [(pid, html.unescape(label), html.unescape(href)) for href, pid, label in GOTO.findall(card)]


def gold_rows(corpus, numbers=None) -> dict:
    """English name -> passages, for every place (the world's suggested ones too) that the
    hand-made gold says the passages `numbers` (default: all) name: the overview's rows."""
    rows = {corpus.place(pid).name: n for pid, n in gold.place_passages(numbers).items()}
    return {**rows, **gold.world_passages(numbers)}


def test_overview_when_nothing_is_selected(app, corpus):
    assert app.title[0].value == "News-claims map"
    assert app.selectbox(key="place").value is None
    assert app.subheader[0].value == "Overview: places ranked by passages"
    rows = overview(app)
    counts = [r["passages"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert {r["place"]: r["passages"] for r in rows} == gold_rows(corpus)


def test_selecting_a_place_shows_its_passages_with_counts_and_updates_the_url(app):
    app.selectbox(key="place").set_value("khasan").run()
    assert app.subheader[0].value == "Khasan · 哈桑村"
    assert "**1 passage · 3 sources**" in [m.value for m in app.markdown]
    shown = passages_shown(app)
    assert len(shown) == 1 and "<mark>哈桑村</mark>" in shown[0]
    assert qp(app, "place") == ["khasan"]


def test_a_place_chosen_stays_chosen_and_named_alike_when_a_filter_changes_its_count(app):
    """Streamlit keeps a selectbox's value as its label: a label with a count in it, which a filter
    changes, lost the reader's place (and once failed on it in a browser)."""
    app.selectbox(key="place").set_value("vladivostok").run()
    before = list(app.selectbox(key="place").options)
    app.multiselect(key="sources").set_value(["nyt"]).run()
    assert not app.exception
    assert app.selectbox(key="place").value == "vladivostok"
    assert "Vladivostok · 符拉迪沃斯托克" in before and "Vladivostok · 符拉迪沃斯托克" in app.selectbox(key="place").options
    assert app.subheader[0].value == "Vladivostok · 符拉迪沃斯托克"


def test_clear_selection_returns_to_the_overview(app):
    app.selectbox(key="place").set_value("vladivostok").run()
    button(app, "Clear selection").click().run()
    assert app.selectbox(key="place").value is None
    assert "place" not in app.query_params


def test_a_card_links_the_other_places_of_its_passage_to_their_own_view(app, corpus):
    """Each card names the passage's other places (gold) as links; a link's query is the same
    view with that place selected (a click selects it in place: tests/browser; a new tab opens
    the link)."""
    app.multiselect(key="sources").set_value(["ria-novosti"]).run()
    app.selectbox(key="place").set_value("khasan").run()
    [card] = passages_shown(app)
    others = other_places(card)
    assert sorted(pid for pid, _, _ in others) == sorted(pid for pid in gold.GOLD[8]["places"] if pid != "khasan")
    assert [label for _, label, _ in others] == [corpus.place(pid).name for pid, _, _ in others]
    other, _, link = next(o for o in others if o[0] == "primorsky-krai")
    assert link == "?place=primorsky-krai&source=ria-novosti"
    at = run({"place": other, "source": "ria-novosti"})  # the link, opened
    assert at.subheader[0].value == f"{corpus.place(other).name} · {corpus.place(other).names['zh']}"
    assert at.multiselect(key="sources").value == ["ria-novosti"]
    assert len(passages_shown(at)) == gold.place_passages(gold.passages(["RIA Novosti"]))[other]


def page_elements(at):
    """Every element of the page, as AppTest holds it (the map's and the places' protos too)."""
    def walk(node):
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, dict) else []):
            yield from walk(child)
        yield node
    return list(walk(at._tree))


def map_message(at) -> str:
    """The map's streamlit-folium message: its arguments as sent."""
    [args] = [e.proto.json_args for e in page_elements(at) if type(getattr(e, "proto", None)).__name__ ==
              "ComponentInstance" and "st_folium" in e.proto.component_name]
    return args


def places_given(at) -> dict:
    """The places' data the page gives the map (dashboard/page/marker_component.py)."""
    [data] = [e.proto.bytes for e in page_elements(at) if type(getattr(e, "proto", None)).__name__ == "BidiComponent"
              and e.proto.component_name.endswith(".place_data")]
    return json.loads(data.decode("utf-8"))


def test_a_filter_sends_the_places_again_and_the_map_the_same(app):
    """A source filter changes the markers' counts: the places' element changes, and the map's
    message (base layers, routes) stays byte for byte the same, so Streamlit sends a reference
    to it, not the map."""
    before, map_before = places_given(app), map_message(app)
    app.multiselect(key="sources").set_value(["tass"]).run()
    after = places_given(app)
    assert map_message(app) == map_before
    counts = {m["id"]: m["passages"] for m in after["items"] if m["passages"]}
    assert counts == dict(gold.place_passages(gold.passages(["TASS"])))  # the gold's, not the whole corpus's
    assert after["drawing"] > before["drawing"] and after["items"] != before["items"]
    app.selectbox(key="place").set_value("russia").run()  # picked in the list: the map pans there
    assert places_given(app)["selected"] == "russia" and map_message(app) != map_before


def test_source_filter_narrows_places_and_passages(app, corpus):
    app.multiselect(key="sources").set_value(["tass"]).run()
    assert {r["place"]: r["passages"] for r in overview(app)} == gold_rows(corpus, gold.passages(["TASS"])) \
        == {"Russia": 1, "North Korea": 1}
    assert qp(app, "source") == ["tass"]


def test_date_filter_of_event_kind(app, corpus):
    app.radio(key="date_kind").set_value("event").run()
    app.date_input(key="since").set_value("2019-04-01").run()
    app.date_input(key="until").set_value("2019-04-30").run()
    kept = gold.passages(date_kind="event", since="2019-04-01", until="2019-04-30")
    assert kept == {1, 6, 7}  # 2019年4月 (twice) and 2019年, which overlaps April
    assert {r["place"]: r["passages"] for r in overview(app)} == gold_rows(corpus, kept)
    assert qp(app, "date_kind") == ["event"] and qp(app, "since") == ["2019-04-01"]


def test_deep_link_restores_the_view():
    at = run({"place": "vladivostok", "source": ["The New York Times", "bloomberg"], "date_kind": "reported",
              "since": "2023-09-05", "until": "2023-09-05"})
    assert at.selectbox(key="place").value == "vladivostok"
    assert at.multiselect(key="sources").value == ["nyt", "bloomberg"]
    assert at.radio(key="date_kind").value == "reported"
    assert str(at.date_input(key="since").value) == "2023-09-05"
    assert at.subheader[0].value == "Vladivostok · 符拉迪沃斯托克"
    # Of the passages naming Vladivostok: the Times speaks on the 5th (当天) in 1, and its report
    # goes on in 3 (no date written: the Times' last reported date, the 5th); Bloomberg 5日称 in 6.
    shown = passages_shown(at)
    assert [re.search(r'data-passage="([^"]+)"', p).group(1) for p in shown] == [
        f"{gold.ARTICLE}#{n}" for n in (1, 3, 6)]
    assert all("<mark>符拉迪沃斯托克</mark>" in p for p in shown)


def test_bad_link_is_explained_and_the_rest_kept():
    at = run({"place": "atlantis", "source": "TASS", "since": "yesterday"})
    [notice] = [e for e in at.expander if "link" in e.label]
    assert notice.label.endswith("The link had 2 problems — show")  # one folded notice, above the map
    assert "\n".join(c.value for c in notice.code).splitlines() == [
        "This link could not be fully restored: place 'atlantis' is not in the gazetteer — the link shows the overview",
        "This link could not be fully restored: 'yesterday' is not a date: write YYYY-MM-DD, e.g. 2023-09-05"]
    assert at.multiselect(key="sources").value == ["tass"]


def test_reset_restores_everything(app):
    app.multiselect(key="sources").set_value(["tass"]).run()
    app.selectbox(key="place").set_value("russia").run()
    button(app, "Reset everything").click().run()
    assert app.multiselect(key="sources").value == [] and app.selectbox(key="place").value is None
    assert dict(app.query_params) == {}


def test_chinese_switch(app, corpus):
    app.radio(key="lang").set_value("zh").run()
    assert app.title[0].value == "新闻说法地图"
    assert qp(app, "lang") == ["zh"]
    assert app.caption[0].value == "1 篇文章 · 13 个段落 · 27 个地点 · 2 个建议地点 · 可用在线底图"
    assert app.multiselect(key="sources").placeholder == "请选择"
    app.selectbox(key="place").set_value("khasan").run()
    assert app.subheader[0].value == "哈桑村 · Khasan"
    [card] = passages_shown(app)
    others = [label for _, label, _ in other_places(card)]  # the passage's other places
    assert sorted(others) == sorted(corpus.place(pid).names["zh"] for pid in gold.GOLD[8]["places"] if pid != "khasan")


def test_route_toggle_and_place_kind_filter(app, corpus):
    app.multiselect(key="routes").set_value(["rumoured-2023"]).run()
    assert qp(app, "route") == ["rumoured-2023"]
    kinds = app.multiselect(key="kinds")
    assert kinds.options == [corpus.gazetteer.kinds.label(k, "en") for k in sorted({p.kind for p in corpus.all_places()})]
    kinds.set_value(["cosmodrome"]).run()
    assert {r["place"]: r["passages"] for r in overview(app)} == {"Vostochny Cosmodrome": gold.place_passages()[
        "vostochny-cosmodrome"]}


def test_broken_data_shows_file_and_line_and_the_rest_still_works(tmp_path, corpus):
    bad = tmp_path / "places.yaml"
    text = (Path(APP).parent.parent / "data" / "places.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("lat: 42.42833", "lat: 942.42833", 1), encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=60)
    at._argv = None
    import sys
    saved = sys.argv
    sys.argv = ["app.py", "--places", str(bad)]
    try:
        at.run()
    finally:
        sys.argv = saved
    assert not at.exception
    [notice] = [e for e in at.expander if "data problem" in e.label]
    errors = "\n".join(c.value for c in notice.code).splitlines()
    assert notice.label.endswith(f"{plural(len(errors), 'data problem')} — show")
    _, problems = load_gazetteer(bad)  # Khasan is left out, and with it its route stops and station
    assert errors == [f"Data problem: {problem}" for problem in problems]
    assert errors[0] == (f"Data problem: {bad}:{line_of(bad, 'lat: 942.42833')}: lat 942.42833 is out of range — "
                         "lat must be between -90 and 90 (decimal degrees, WGS84)")
    ours = {r["place"]: r["passages"] for r in overview(at) if not r["id"].startswith(("gn:", "wr:", "iso:"))}
    assert ours == {corpus.place(pid).name: n for pid, n in gold.place_passages().items() if pid != "khasan"}
    # (the places the world gazetteer suggests then: tests/test_gold_seed.py)


def test_filters_timeline_matrix_and_downloads_follow_the_map(corpus):
    """The first run draws the map and panel only; the next run (streamlit-folium's first
    report, or any click) adds the filters, the timeline, the matrix and the four downloads."""
    app = run(runs=1)
    assert app.get("component_instance") and overview(app)
    assert not app.multiselect and not app.date_input and [r.key for r in app.radio] == ["lang"]
    assert not app.get("vega_lite_chart") and not app.get("download_button")
    assert any("drawn right after the map" in c.value for c in app.caption)
    app.run()
    assert [m.key for m in app.multiselect] == ["sources", "kinds", "articles", "routes"]
    # the article named by its front matter's title, outlet and date
    assert app.multiselect(key="articles").options == ["美媒称金正恩下周访俄见普京，西方担忧“朝鲜向俄提供更多武器” — Global Times, 2023-09-06"]
    assert len(app.get("vega_lite_chart")) == 1
    assert sorted(b.proto.label for b in app.get("download_button")) == ["CSV", "Claims (CSV)", "GeoJSON", "HTML map",
                                                                      "Passages (CSV)"]
    matrix = app.dataframe[0].value.set_index("source")  # source x place: the passages where the source speaks and the place is named
    found = {(source, place): n for place, column in matrix.to_dict().items() for source, n in column.items() if n}
    expected = {}
    for number, entry in gold.GOLD.items():
        names = [corpus.place(pid).name for pid in entry["places"]] + list(entry.get("world", {}))
        for source in entry["sources"]:
            for name in names:
                expected[source, name] = expected.get((source, name), 0) + 1
    assert found == expected


def timeline_points_shown(at) -> list[dict]:
    """The timeline chart's points as the page sends them (its data, an Arrow stream)."""
    import pyarrow as pa
    [chart] = at.get("vega_lite_chart")
    return pa.ipc.open_stream(chart.proto.data.data).read_all().to_pylist()


@pytest.mark.parametrize("source", [None, "TASS", "Bloomberg"])
def test_the_timeline_plots_each_written_date_of_the_passages_a_filter_keeps(source):
    """The passages a source filter keeps, and each date they write (its text, first and last
    day, kind) on the line of a source speaking in the passage.  Points without a text are the
    dates a sentence takes from the report it continues: reported dates, not in the gold."""
    at = run({"source": source.lower()} if source else None)
    points = timeline_points_shown(at)
    kept = gold.passages([source] if source else ())
    written = {(d[0], d[1].isoformat(), d[2].isoformat(), kind) for n in kept for kind in ("reported", "event")
               for d in gold.GOLD[n][kind]}
    assert {(p["expression"], p["date_written"], p["last"], p["kind"]) for p in points if p["expression"]} == written
    assert {p["kind"] for p in points if not p["expression"]} == {"reported"}
    assert {int(p["passage"].rsplit("#", 1)[1]) for p in points} == kept
    assert {p["source"] for p in points} <= {s for n in kept for s in gold.GOLD[n]["sources"]} | {"unattributed"}
    assert all(p["passages"] == 1 and p["period"] == "day" for p in points)  # 13 passages: no grouping


def test_links_with_odd_values_keep_the_page_and_say_what_was_left_out():
    """Dates outside the widgets' range once stopped the page with a Streamlit error."""
    at = run({"since": "1899-12-31", "until": "0001-01-01", "kind": ["volcano"], "route": ["nowhere"],
              "lang": "fr", "article": ["missing.md"], "source": [f"outlet-{i}" for i in range(200)],
              "place": "khasan"})
    assert not at.exception
    [notice] = [e for e in at.expander if "link" in e.label]
    lines = "\n".join(c.value for c in notice.code).splitlines()
    assert lines == ["This link could not be fully restored: " + line for line in [  # one line per kind of problem
        "sources 'outlet-0', 'outlet-1', 'outlet-2', 'outlet-3', 'outlet-4' and 195 more unknown — "
        "not in sources.yaml, left out of the filter",
        "since 1899-12-31 is outside 1900-01-01–2100-12-31 — the link's since was left out",
        "until 0001-01-01 is outside 1900-01-01–2100-12-31 — the link's until was left out",
        "article 'missing.md' unknown — left out of the filter",
        "place kind 'volcano' unknown — left out of the filter",
        "route 'nowhere' unknown — not drawn",
        "language 'fr' is not offered — use en or zh; the page is in English"]]
    assert at.subheader[0].value == "Khasan · 哈桑村"  # the rest of the view is kept
    assert at.date_input(key="since").value is None


def test_since_after_until_is_swapped_with_a_word():
    at = run({"since": "2023-09-10", "until": "2023-09-01"})
    assert str(at.date_input(key="since").value) == "2023-09-01" and str(at.date_input(key="until").value) == "2023-09-10"
    [notice] = [e for e in at.expander if "link" in e.label]
    assert "were swapped" in notice.code[0].value


def test_data_edited_while_the_app_runs_is_read_again_and_a_broken_edit_keeps_the_last_good(tmp_path):
    import shutil
    import sys
    data = Path(APP).parent.parent / "data"
    shutil.copytree(data / "articles", tmp_path / "articles")
    places = tmp_path / "places.yaml"
    shutil.copyfile(data / "places.yaml", places)
    at = AppTest.from_file(APP, default_timeout=60)
    saved = sys.argv
    sys.argv = ["app.py", "--places", str(places), "--articles", str(tmp_path / "articles")]
    try:
        at.run()
        assert "khasan" in {r["id"] for r in overview(at)}
        # an article added beside the app
        (tmp_path / "articles" / "2023-09-12-wire.md").write_text(
            "---\ntitle: Wire\noutlet: TASS\npublished: 2023-09-12\nlanguage: en\n---\n"
            "Kim's train reached Khasan, TASS reported.\n", encoding="utf-8")
        at.run()
        assert {r["id"]: r["passages"] for r in overview(at)}["khasan"] == 2
        assert "2 articles ·" in at.caption[0].value
        # a broken edit: the places file no longer parses
        places.write_text(places.read_text(encoding="utf-8").replace("places:", "places: [", 1), encoding="utf-8")
        at.run()
        assert not at.exception
        assert any("last good data stays on screen" in w.value for w in at.warning)
        assert {r["id"]: r["passages"] for r in overview(at)}["khasan"] == 2  # still the last good reading
        [notice] = [e for e in at.expander if "data problem" in e.label]
        assert str(places) in notice.code[0].value
    finally:
        sys.argv = saved


def test_the_runs_that_read_a_corpus_draw_the_page_and_nothing_else(tmp_path):
    """The run that reads the corpus (the first, and the one after an article is added) puts
    no Python object on the page: a bare expression in the script is Streamlit "magic", and
    `corpus.lookup` once drew a help box listing every passage above the map."""
    import shutil
    import sys
    shutil.copytree(Path(APP).parent.parent / "data" / "articles", tmp_path / "articles")
    at = AppTest.from_file(APP, default_timeout=60)
    saved = sys.argv
    sys.argv = ["app.py", "--articles", str(tmp_path / "articles")]
    try:
        at.run()
        assert not at.exception
        assert at.title[0].value == "News-claims map"
        assert not at.get("help") and not at.get("json")
        (tmp_path / "articles" / "2023-09-12-wire.md").write_text(
            "---\ntitle: Wire\noutlet: TASS\npublished: 2023-09-12\nlanguage: en\n---\n"
            "Kim's train reached Khasan, TASS reported.\n", encoding="utf-8")
        at.run()
        assert "2 articles ·" in at.caption[0].value  # this run read the corpus again
        assert not at.get("help") and not at.get("json")
        assert "Wire — TASS, 2023-09-12" in at.multiselect(key="articles").options  # the new corpus's labels
    finally:
        sys.argv = saved


def test_outlets_missing_from_sources_yaml_are_one_folded_notice_not_errors(tmp_path):
    import shutil
    import sys
    data = Path(APP).parent.parent / "data"
    shutil.copytree(data / "articles", tmp_path / "articles")
    for outlet in ("Harbour Wire", "Tumen Daily"):
        (tmp_path / "articles" / f"2023-09-12-{outlet.split()[0].lower()}.md").write_text(
            f"---\ntitle: Wire\noutlet: {outlet}\npublished: 2023-09-12\nlanguage: en\n---\n"
            "Kim's train reached Khasan.\n", encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=60)
    saved = sys.argv
    sys.argv = ["app.py", "--articles", str(tmp_path / "articles")]
    try:
        at.run()
    finally:
        sys.argv = saved
    assert not at.exception and not [e for e in at.expander if "data problem" in e.label]
    [notice] = [e for e in at.expander if "new outlets" in e.label]
    assert notice.label.endswith("2 new outlets, not yet in sources.yaml — show")
    assert "Harbour Wire" in notice.code[0].value and "Tumen Daily" in notice.code[0].value


def _app_on(tmp_path, *extra):
    """AppTest on a copy of places.yaml (the app writes into it)."""
    import shutil
    import sys
    places = tmp_path / "places.yaml"
    shutil.copyfile(Path(APP).parent.parent / "data" / "places.yaml", places)
    at = AppTest.from_file(APP, default_timeout=60)
    at._saved_argv = sys.argv
    sys.argv = ["app.py", "--places", str(places), *extra]
    return at, places


def test_a_suggested_place_is_added_to_places_yaml_in_one_click(tmp_path):
    import sys
    at, places = _app_on(tmp_path)
    try:
        at.run()
        at.selectbox(key="place").set_value("gn:2635167").run()  # the United Kingdom, suggested (英国《卫报》)
        assert at.subheader[0].value == "United Kingdom · 英国"
        button(at, "Add to places.yaml").click().run()
        assert not at.exception
        written = places.read_text(encoding="utf-8")
        assert "id: united-kingdom" in written and "GeoNames 2635167" in written
        assert at.selectbox(key="place").value == "united-kingdom"  # selected under its new id
        assert "Add to places.yaml" not in [b.label for b in at.button]  # no longer suggested
    finally:
        sys.argv = at._saved_argv


def test_a_place_looked_up_with_nominatim_is_added(tmp_path, monkeypatch):
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from nominatim_stub import NominatimStub
    with NominatimStub() as stub:
        monkeypatch.setenv("NEWS_MAP_NOMINATIM", stub.url)
        monkeypatch.setenv("NEWS_MAP_CACHE", "")
        at, places = _app_on(tmp_path)
        try:
            at.run().run()  # the look-up box comes with the session's second run
            [box] = [t for t in at.text_input if t.label.startswith("Look up a place by name")]
            box.input("Seoul")
            [go] = [b for b in at.button if b.label == "Look up"]
            go.click().run()
            assert not at.exception
            assert any("Seoul" in t.value and "South Korea" in t.value for t in at.text)
            [add] = [b for b in at.button if b.label == "Add"][:1]
            add.click().run()
            assert "id: seoul" in places.read_text(encoding="utf-8")
            assert len(stub.searches()) == 1
        finally:
            sys.argv = at._saved_argv


def test_a_place_in_thousands_of_passages_is_shown_a_page_at_a_time(tmp_path):
    import shutil
    import sys
    shutil.copytree(Path(APP).parent.parent / "data" / "articles", tmp_path / "articles")
    body = "\n\n".join(f"Report {i}: the train was seen at Khasan." for i in range(1, 101))
    (tmp_path / "articles" / "2023-09-12-wire.md").write_text(
        f"---\ntitle: Wire\noutlet: TASS\npublished: 2023-09-12\nlanguage: en\n---\n{body}\n", encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=60)
    saved = sys.argv
    sys.argv = ["app.py", "--articles", str(tmp_path / "articles")]
    try:
        at.run()
        at.selectbox(key="place").set_value("khasan").run()
        assert len(passages_shown(at)) == 40
        assert any("101 passages" in m.value for m in at.markdown)
        button(at, "Show 40 more (61 not shown)").click().run()
        assert len(passages_shown(at)) == 80
        button(at, "Show 21 more (21 not shown)").click().run()
        assert len(passages_shown(at)) == 101 and "more_cards" not in [b.key for b in at.button]
    finally:
        sys.argv = saved


def test_offline_the_nominatim_look_up_is_not_offered(tmp_path):
    import sys
    at, _ = _app_on(tmp_path, "--offline")
    try:
        at.run().run()  # the look-up box comes with the session's second run
        assert not [t for t in at.text_input if t.label.startswith("Look up a place by name")]
        assert any("needs the network" in c.value for c in at.caption)
    finally:
        sys.argv = at._saved_argv


# ---- the index at start ------------------------------------------------------------------

def _page_on_index(tmp_path, monkeypatch, *extra):
    """A fresh server's page (no corpus read yet) on a copy of the seed article, with the
    articles the index reader sends to the engine counted."""
    import shutil
    import sys

    import streamlit as st

    import dashboard.store.index
    articles = tmp_path / "articles"
    articles.mkdir(exist_ok=True)
    shutil.copy(Path(APP).parent.parent / "data" / "articles" / "2023-09-06-globaltimes-kim-visit.md", articles)
    from dashboard.store.engine import run_batches as original  # the engine's own, however often this is called
    analysed: list[int] = []

    def counting(inputs, files, *args, **kwargs):
        analysed.append(len(files))
        return original(inputs, files, *args, **kwargs)
    monkeypatch.setattr(dashboard.store.index, "run_batches", counting)
    monkeypatch.setattr(sys, "argv", ["app.py", "--articles", str(articles), *extra])
    st.cache_resource.clear()  # a new server: the corpus store is empty
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at, analysed


def test_the_page_writes_the_index_and_the_next_start_reads_it_without_analysing(tmp_path, monkeypatch):
    first, analysed = _page_on_index(tmp_path, monkeypatch, "--index", str(tmp_path / "ix"))
    assert analysed == [1] and (tmp_path / "ix" / "world" / "passages.parquet").is_file()
    again, analysed = _page_on_index(tmp_path, monkeypatch, "--index", str(tmp_path / "ix"))
    assert analysed == [0]  # every article from the index
    assert overview(again) == overview(first) != []
    assert not [e for e in again.expander if "index" in e.label]


def test_a_damaged_index_is_named_on_the_page_and_the_map_is_the_same(tmp_path, monkeypatch):
    first, _ = _page_on_index(tmp_path, monkeypatch, "--index", str(tmp_path / "ix"))
    (tmp_path / "ix" / "world" / "passages.parquet").write_bytes(b"not parquet")
    again, analysed = _page_on_index(tmp_path, monkeypatch, "--index", str(tmp_path / "ix"))
    assert analysed == [1]  # read again from the article
    [notice] = [e for e in again.expander if "notice about the data or the index" in e.label]
    text = "\n".join(c.value for c in notice.code)
    assert "passages.parquet" in text and "the index cannot be read" in text
    assert overview(again) == overview(first)


def test_no_index_keeps_no_index(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_MAP_CACHE", str(tmp_path / "cache"))
    at, analysed = _page_on_index(tmp_path, monkeypatch, "--no-index")
    again, analysed_again = _page_on_index(tmp_path, monkeypatch, "--no-index")
    assert analysed == analysed_again == [1] and overview(at) == overview(again) != []
    assert not (tmp_path / "cache" / "index").exists()


def test_a_big_corpus_lists_its_articles_when_the_reader_asks(tmp_path, monkeypatch):
    """Past 500 articles the article filter lists them all only with its switch on (each title
    was sent on every run); the articles chosen stay listed with the switch off."""
    monkeypatch.setenv("NEWS_MAP_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(502):
        place = "Khasan" if n % 2 else "Vladivostok"
        (folder / f"a{n:03}.md").write_text(
            f"---\ntitle: Story {n:03}\noutlet: Pacific Dispatch\npublished: 2023-09-{1 + n % 28:02}\nlanguage: en\n---\n"
            f"A train was seen in {place} on Tuesday.\n", encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=120)
    monkeypatch.setattr(sys, "argv", ["app.py", "--articles", str(folder), "--no-index"])
    at.run()
    at.run()
    assert not at.exception, at.exception
    articles = at.multiselect(key="articles")
    assert articles.options == [] and articles.placeholder == "Switch the list on to choose"
    switch = at.toggle(key="_list_articles")
    assert switch.label == "List all 502 articles" and not switch.value
    switch.set_value(True).run()
    options = at.multiselect(key="articles").options
    assert len(options) == 502 and options[0] == "Story 000 — Pacific Dispatch, 2023-09-01"
    at.multiselect(key="articles").set_value(["a001.md", "a003.md"]).run()  # two on Khasan
    at.toggle(key="_list_articles").set_value(False).run()
    assert not at.exception, at.exception
    articles = at.multiselect(key="articles")
    assert articles.options == ["Story 001 — Pacific Dispatch, 2023-09-02", "Story 003 — Pacific Dispatch, 2023-09-04"]
    assert articles.value == ["a001.md", "a003.md"]
    assert [(row["id"], row["passages"]) for row in overview(at)] == [("khasan", 2)]  # the filter holds
    assert qp(at, "article") == ["a001.md", "a003.md"]
    (folder / "a001.md").unlink()  # a chosen article removed while the page runs: the other stays chosen
    for _ in range(50):
        at.run()
        assert not at.exception, at.exception
        if any("501 articles ·" in c.value for c in at.caption):
            break
        time.sleep(0.1)
    assert at.multiselect(key="articles").options == ["Story 003 — Pacific Dispatch, 2023-09-04"]
    assert at.multiselect(key="articles").value == ["a003.md"]
    assert [(row["id"], row["passages"]) for row in overview(at)] == [("khasan", 1)]


def test_a_map_click_tells_the_page_what_the_browser_map_shows(monkeypatch, corpus):
    """streamlit-folium's click callback: a marker the page knows is selected and marked as
    shown by the browser (the map is then not sent again); a click the page cannot match to a
    place marks the map as showing something unknown, so that the next run draws it again."""
    import dashboard.page.main as page
    from dashboard.page.state import map_selection
    khasan = corpus.place("khasan")
    state = {"map": {"last_object_clicked": {"lat": khasan.lat, "lng": khasan.lon}}, "place": None, "leg": None,
             "_map_shows": None}
    monkeypatch.setattr(page.st, "session_state", state)
    page.on_map_click(corpus, {})
    assert (state["place"], state["_map_shows"]) == ("khasan", "khasan")
    assert map_selection("khasan", state["_map_shows"], "layers", ("layers", None, 3)) == (None, 3)  # kept as sent
    state["map"] = {"last_object_clicked": {"lat": 0.5, "lng": -20.25}}  # the Atlantic: no place there
    page.on_map_click(corpus, {})
    assert (state["place"], state["_map_shows"]) == ("khasan", "?")
    assert map_selection("khasan", state["_map_shows"], "layers", ("layers", None, 3)) == ("khasan", 4)  # drawn again
