"""The dashboard in a real browser (Debian chromium + playwright), app started with --offline.

Markers live in streamlit-folium's iframe.  Every click here is a real mouse click
(`locator.click()` or `page.mouse.click`): playwright moves the pointer to the element and
clicks there, and fails if anything else would receive the click.  Expected passages come from
the hand-made gold (`tests/gold_seed.yaml`), not from the engine.
"""
import json
import math
import re
from pathlib import Path

import pytest
import yaml

from dashboard.corpus.analysis import load_corpus
from tests.browser.conftest import open_add_articles, whole_page

STORY = {"pyongyang": "Pyongyang", "vladivostok": "Vladivostok", "pier-33": "Pier 33",
         "vostochny-cosmodrome": "Vostochny Cosmodrome", "khasan": "Khasan", "moscow": "Moscow"}
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")
SIZES = {"laptop": (1280, 720), "desktop": (1920, 1080)}
ARTICLE = "2023-09-06-globaltimes-kim-visit.md"
GOLD = yaml.safe_load((Path(__file__).resolve().parents[1] / "gold_seed.yaml").read_text(encoding="utf-8"))


def gold_passages(place_id, numbers=None):
    """The passages the hand-made gold says name `place_id` (optionally only among `numbers`)."""
    return sorted(f"{ARTICLE}#{n}" for n, entry in GOLD["passages"].items()
                  if place_id in entry["places"] and (numbers is None or n in numbers))


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(world=True)  # as the app reads it


def map_frame(page):
    # one map on the page (while a rerun draws the map anew, the old frame goes a moment later)
    page.wait_for_function("document.querySelectorAll('iframe[title=\"streamlit_folium.st_folium\"]').length === 1",
                           timeout=30000)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator(".leaflet-marker-icon").first.wait_for(timeout=30000)
    return frame


FAN_OUT_AT_MOST = 8  # the brief: "past about 8 places, a group zooms or lists its names"


def group_size(title: str) -> int:
    """The number of places a group's title gives ("A, B — 3 places · click to fan out")."""
    return int(re.search(r" — (\d+)", title).group(1))


def click_place(page, name) -> int:
    """Select a place with the mouse as a reader does: its marker if it is in sight, else the
    group that holds it, then the marker in the fan (a small group) or its name in the group's
    list (a large one).  Returns the number of clicks."""
    frame = map_frame(page)
    marker = frame.locator(f'.leaflet-marker-icon[title^="{name} ·"]')
    if marker.count() == 0:
        holder = frame.locator(f'.ncm-cluster[title*="{name}"]')
        group = frame.locator(".leaflet-marker-icon", has=holder)
        assert group.count() == 1, f"{name} is neither a marker nor in a group"
        large = group_size(holder.get_attribute("title")) > FAN_OUT_AT_MOST
        group.click()
        if large:
            item = frame.locator(".ncm-group-place", has=frame.locator(".ncm-group-name", has_text=re.compile(f"^{re.escape(name)}$")))
            item.click()
        else:
            marker.wait_for(timeout=5000)
            marker.click()
        return 2
    marker.click()
    return 1


def map_center(page):
    center = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator("#map_div").evaluate(
        "() => window.map.getCenter()")
    return center["lat"], center["lng"]


def wait_heading(page, text):
    page.locator("h3", has_text=text).first.wait_for(timeout=20000)


def wait_run_finished(page):
    """Until the script's run that is under way has ended (Streamlit marks its app element
    `data-test-script-state="notRunning"`): every message of the run has reached the page."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=20000)


def shown_passages(page, count):
    page.wait_for_function(f"document.querySelectorAll('.ncm-passage').length == {count}", timeout=20000)
    return sorted(page.locator(".ncm-passage").evaluate_all("els => els.map(e => e.dataset.passage)"))


def open_sidebar(page):
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.locator('[data-testid="stSidebar"]').get_by_text("Filters").first.wait_for(timeout=20000)


@pytest.fixture
def sized_page(browser, server, request):
    width, height = SIZES[request.param]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(server)
    whole_page(page)
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        from tests.browser.conftest import ARTIFACTS
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    page.close()


@pytest.mark.parametrize("sized_page", list(SIZES), indirect=True)
def test_every_story_place_is_on_screen_at_the_first_view(sized_page):
    page = sized_page
    frame = map_frame(page)
    viewport = page.viewport_size
    iframe_box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert iframe_box["y"] + iframe_box["height"] <= viewport["height"]  # the whole map above the fold
    for name in STORY.values():
        marker = frame.locator(f'.leaflet-marker-icon[title^="{name} ·"]')
        holder = marker if marker.count() else frame.locator(
            ".leaflet-marker-icon", has=frame.locator(f'.ncm-cluster[title*="{name}"]'))
        box = holder.bounding_box()
        assert box is not None, name
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2  # page coordinates
        assert iframe_box["x"] <= x <= iframe_box["x"] + iframe_box["width"], name
        assert iframe_box["y"] <= y <= iframe_box["y"] + iframe_box["height"], name


@pytest.mark.parametrize("sized_page", list(SIZES), indirect=True)
@pytest.mark.parametrize("place_id", list(STORY))
def test_a_real_click_selects_each_story_place_and_shows_its_gold_passages(sized_page, place_id):
    page = sized_page
    clicks = click_place(page, STORY[place_id])
    assert clicks <= 2
    wait_heading(page, STORY[place_id])
    want = gold_passages(place_id)
    assert shown_passages(page, len(want)) == want
    # every mention of the place is highlighted, and nothing else: as many as the gold counts
    assert page.locator(".ncm-passage mark:not(.ncm-speaker)").count() == sum(
        entry["places"].get(place_id, 0) for entry in GOLD["passages"].values())
    assert f"place={place_id}" in page.url
    # the selected marker is drawn on top: it is what a click at its centre reaches, unless it is
    # drawn as a stand-in over a large group, which it lets clicks through to (to open the list again)
    selected = map_frame(page).locator(f'.ncm-selected[data-place="{place_id}"]')
    selected.wait_for(timeout=10000)
    hit = map_frame(page).locator("#map_div").evaluate(
        """(_, id) => { const el = document.querySelector('.ncm-selected[data-place="' + id + '"]');
                        const icon = el.closest('.leaflet-marker-icon');
                        const r = el.getBoundingClientRect();
                        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                        const highest = Math.max(...[...document.querySelectorAll('.leaflet-marker-icon')]
                                                 .map(e => +getComputedStyle(e).zIndex));
                        return {alone: icon.classList.contains('ncm-stand-in'), onTop: +getComputedStyle(icon).zIndex === highest,
                                reached: !!top && !!top.closest('.ncm-selected[data-place="' + id + '"]')}; }""",
        place_id)
    if hit["alone"]:
        assert hit["onTop"] and not hit["reached"]  # drawn above all, and lets clicks through
    else:
        assert hit["reached"]


@pytest.mark.parametrize("sized_page", ["laptop"], indirect=True)
def test_on_a_laptop_the_map_and_the_first_passage_need_no_scrolling(sized_page):
    page = sized_page
    click_place(page, "Pyongyang")
    wait_heading(page, "Pyongyang")
    first = page.locator(".ncm-passage").first
    first.wait_for(timeout=20000)
    assert page.evaluate("() => window.scrollY") == 0
    assert first.bounding_box()["y"] < page.viewport_size["height"] - 40  # its first lines are in sight
    iframe_box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert iframe_box["width"] >= 0.5 * page.viewport_size["width"]  # the map takes most of the page


def test_every_place_is_a_marker_or_in_a_group_with_accessible_names(page, corpus):
    frame = map_frame(page)
    titles = frame.locator(".leaflet-marker-icon").evaluate_all(
        "els => els.map(e => e.title || e.querySelector('.ncm-cluster').title)")
    is_group = re.compile(r" · click (to fan out|for their names)$").search
    singles = [t.split(" — ")[0].split(" · ")[0] for t in titles if " — " in t and not is_group(t)]
    grouped = [name for t in titles if is_group(t) for name in t.split(" — ")[0].split(", ")]
    west, south, east, north = map(float, frame.locator("#map_div").evaluate(
        "() => window.map.getBounds().toBBoxString()").split(","))
    every_place = corpus.all_places()
    in_view = {p.name for p in every_place if south <= p.lat <= north and west <= p.lon <= east}
    drawn = singles + grouped
    assert len(drawn) == len(set(drawn))  # each place once: as a marker or in one group
    # markercluster draws what is in view (and a margin around it), each a place of the corpus
    assert in_view <= set(drawn) <= {p.name for p in every_place}
    assert {"Pyongyang", "Vladivostok", "Pier 33", "Khasan", "Moscow", "United Kingdom"} <= set(singles + grouped)
    assert frame.get_by_role("button", name=re.compile("^Moscow ·")).count() == 1
    assert frame.locator(".ncm-legend").is_visible()
    # one line per route leg
    assert frame.locator("path.leaflet-interactive").count() == sum(len(r.legs) for r in corpus.gazetteer.routes.values())


def test_the_map_keeps_its_zoom_and_is_not_reloaded_by_a_click(page):
    frame = map_frame(page)
    handle = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator("#map_div")
    first_zoom = handle.evaluate("() => window.map.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()  # zooms on the centre, then the reader pans to Khasan
    handle.evaluate("(_, z) => new Promise(done => { const check = () => window.map.getZoom() === z + 1 && "
                    "!window.map._animatingZoom ? done() : setTimeout(check, 20); check(); })", first_zoom)
    handle.evaluate("() => window.map.panTo([42.0, 128.0], {animate: false})")
    handle.evaluate("el => { el.dataset.probe = 'still-here'; }")
    zoom = handle.evaluate("() => window.map.getZoom()")
    center = handle.evaluate("() => window.map.getCenter()")
    click_place(page, "Khasan")
    wait_heading(page, "Khasan")
    map_frame(page).locator('.ncm-selected[data-place="khasan"]').wait_for(timeout=10000)
    assert handle.evaluate("el => el.dataset.probe") == "still-here"
    assert handle.evaluate("() => window.map.getZoom()") == zoom == first_zoom + 1
    assert handle.evaluate("() => window.map.getCenter()") == center  # a marker click does not pan
    # the marker is now drawn as selected, in the same map
    assert map_frame(page).locator('.ncm-selected[data-place="khasan"]').count() == 1


def test_a_marker_click_marks_the_place_without_drawing_the_markers_again(page):
    """A click marks its marker selected in the map at once, and the page keeps the map's
    message as it was: a marker not clicked (China's, alone at the first view) stays the
    element it was.  "Clear selection" draws the markers again: the probe on it goes, so the
    check could fail."""
    frame = map_frame(page)
    china = frame.locator('.ncm-marker[data-place="china"]')
    china.evaluate("e => { e.dataset.probe = 'first-drawing'; }")
    click_place(page, "Khasan")
    wait_heading(page, "Khasan")
    frame.locator('.ncm-selected[data-place="khasan"]').wait_for(timeout=10000)
    assert "place=khasan" in page.url
    wait_run_finished(page)  # the click's whole run has come back (its map message a reference)
    assert china.get_attribute("data-probe") == "first-drawing"
    frame.locator('.ncm-marker[data-place="moscow"]').click()  # the selection moves, in the same drawing
    wait_heading(page, "Moscow")
    frame.locator('.ncm-selected[data-place="moscow"]').wait_for(timeout=10000)
    wait_run_finished(page)
    assert frame.locator(".ncm-selected").count() == 1 and china.get_attribute("data-probe") == "first-drawing"
    page.get_by_role("button", name="Clear selection").click()
    page.locator("h3", has_text="Overview").wait_for(timeout=20000)
    frame.locator(".ncm-selected").wait_for(state="detached", timeout=20000)  # drawn again, nothing selected
    assert china.get_attribute("data-probe") is None


def test_clicking_the_same_marker_again_after_clearing_selects_it_again(page):
    click_place(page, "Pier 33")
    wait_heading(page, "Pier 33")
    page.get_by_role("button", name="Clear selection").click()
    page.locator("h3", has_text="Overview").wait_for(timeout=20000)
    map_frame(page).locator(".ncm-selected").wait_for(state="detached", timeout=20000)  # the map redrawn
    click_place(page, "Pier 33")
    wait_heading(page, "Pier 33")


def test_a_source_filter_changes_the_panel_and_the_markers_but_not_the_map(page, corpus):
    click_place(page, "Vladivostok")
    wait_heading(page, "Vladivostok")
    assert shown_passages(page, len(gold_passages("vladivostok"))) == gold_passages("vladivostok")
    handle = map_frame(page).locator("#map_div")
    # the reader has zoomed in on Korea and Primorye
    handle.evaluate("el => { el.dataset.probe = 'still-here'; window.map.setView([41, 128], 6, {animate: false}); }")
    route_line = map_frame(page).locator("path.leaflet-interactive").first
    route_line.evaluate("e => { e.dataset.probe = 'first-drawing'; }")
    open_sidebar(page)
    page.get_by_role("combobox", name="Sources").click()
    page.keyboard.type("Bloomberg")
    page.keyboard.press("Enter")
    page.get_by_text("1 passage · 1 source").wait_for(timeout=20000)
    bloomberg = [n for n, entry in GOLD["passages"].items() if "Bloomberg" in entry["sources"]]
    assert shown_passages(page, 1) == gold_passages("vladivostok", bloomberg)
    assert "source=bloomberg" in page.url
    # the markers were redrawn in the same map, at the reader's zoom: Pyongyang has no Bloomberg passage
    map_frame(page).locator('.ncm-faded[data-place="pyongyang"]').wait_for(timeout=20000)
    assert handle.evaluate("el => [el.dataset.probe, window.map.getZoom()]") == ["still-here", 6]
    # the route layer, which a source filter does not change, was not sent or drawn again
    assert route_line.get_attribute("data-probe") == "first-drawing"


def test_the_article_filter_names_an_article_by_title_outlet_and_date(page):
    """In a month of coverage one title comes from several outlets and days: the article list
    shows all three, read from the article's front matter (the bundled one: Global Times, 6 Sept)."""
    click_place(page, "Moscow")
    wait_heading(page, "Moscow")
    open_sidebar(page)
    page.get_by_role("combobox", name="Articles").click()
    label = "美媒称金正恩下周访俄见普京，西方担忧“朝鲜向俄提供更多武器” — Global Times, 2023-09-06"
    page.get_by_role("option", name=label).click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(label).first.wait_for(timeout=20000)
    page.wait_for_function("location.search.includes('article=')", timeout=20000)
    assert shown_passages(page, len(gold_passages("moscow"))) == gold_passages("moscow")  # its passages, all kept


def test_a_big_corpus_lists_its_articles_when_the_reader_switches_the_list_on(browser, tmp_path):
    """Past 500 articles the article filter lists every article only once the reader turns its
    switch on (a click); then an article is picked from the list and the page keeps its passages."""
    from tests.browser.conftest import start_server
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(502):  # hand-written: the odd ones name Khasan, the even ones Vladivostok
        place = "Khasan" if n % 2 else "Vladivostok"
        (folder / f"a{n:03}.md").write_text(
            f"---\ntitle: Story {n:03}\noutlet: Pacific Dispatch\npublished: 2023-09-{1 + n % 28:02}\nlanguage: en\n---\n"
            f"A train was seen in {place} on Tuesday.\n", encoding="utf-8")
    server = start_server(["--articles", str(folder), "--no-index"], "streamlit-big-corpus.log")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(server.url)
        whole_page(page)
        open_sidebar(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_placeholder("Switch the list on to choose").wait_for(timeout=20000)
        sidebar.get_by_text("List all 502 articles").click()
        articles = sidebar.get_by_role("combobox", name="Articles")
        sidebar.get_by_placeholder("Switch the list on to choose").wait_for(state="detached", timeout=20000)
        articles.click()
        page.keyboard.type("Story 001")
        page.get_by_role("option", name="Story 001 — Pacific Dispatch, 2023-09-02").click()
        page.wait_for_function("location.search.includes('article=a001.md')", timeout=20000)
        page.wait_for_function("document.querySelectorAll('.ncm-overview tr[data-place]').length === 1", timeout=20000)
        rows = page.locator(".ncm-overview tr[data-place]").evaluate_all(
            "els => els.map(e => [e.dataset.place, +e.dataset.passages])")
        assert rows == [["khasan", 1]]
    finally:
        page.close()
        server.stop()


def test_a_deep_link_restores_the_view(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(server + "?place=vladivostok&source=Bloomberg&date_kind=reported")
        wait_heading(page, "Vladivostok")
        page.get_by_text("1 passage · 1 source").wait_for(timeout=20000)
        bloomberg = [n for n, entry in GOLD["passages"].items() if "Bloomberg" in entry["sources"]]
        assert shown_passages(page, 1) == gold_passages("vladivostok", bloomberg)
        assert map_frame(page).locator('.ncm-selected[data-place="vladivostok"]').count() == 1
        vladivostok = (43.1155, 131.8855)  # data/places.yaml
        page.wait_for_function("""([lat, lon]) => {
            const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
            const c = f.map.getCenter();  // Leaflet centres to the whole pixel: 0.18° at zoom 3
            return Math.abs(c.lat - lat) < 0.2 && Math.abs(c.lng - lon) < 0.2; }""",
                               arg=list(vladivostok), timeout=20000)  # the map is centred on the place
        open_sidebar(page)
        page.get_by_text("Bloomberg · outlet (").first.wait_for(timeout=20000)  # the chip in the Sources filter
    finally:
        page.close()


def click_leg(page, label):
    """A real mouse click on the leg whose tooltip starts with `label`, at a point of its line
    that nothing else covers (markers and groups sit on the line's ends)."""
    map_frame(page).locator("path.leaflet-interactive").first.wait_for(timeout=20000)
    point = map_frame(page).locator("#map_div").evaluate("""(_, label) => {
        let leg = null;
        window.map.eachLayer(l => { if (!leg && l.getLatLngs && l.getTooltip && l.getTooltip()
            && String(l.getTooltip().getContent()).includes(label)) leg = l; });
        if (!leg) return null;
        const pts = leg.getLatLngs().map(ll => window.map.latLngToContainerPoint(ll));
        const box = window.map.getContainer().getBoundingClientRect();
        for (let i = 0; i + 1 < pts.length; i++) {
            for (let t = 0.1; t < 1; t += 0.2) {
                const x = box.x + pts[i].x + t * (pts[i + 1].x - pts[i].x);
                const y = box.y + pts[i].y + t * (pts[i + 1].y - pts[i].y);
                if (document.elementFromPoint(x, y) === leg._path) return [x, y];
            }
        }
        return null; }""", label)
    assert point is not None, f"no uncovered point on the leg {label}"
    frame_box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.mouse.click(frame_box["x"] + point[0], frame_box["y"] + point[1])


def test_a_route_leg_click_shows_the_claiming_passage(page):
    open_sidebar(page)
    page.get_by_role("combobox", name="Routes").click()  # keep only the rumoured trip
    for _ in range(3):
        page.keyboard.press("Backspace")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('route=') || "
                           "new URLSearchParams(location.search).getAll('route').length === 1", timeout=20000)
    click_leg(page, "Vostochny Cosmodrome → Moscow")  # the long arc across Siberia
    page.get_by_text("The passage that makes this claim").wait_for(timeout=20000)
    assert page.get_by_text("Leg: Vostochny Cosmodrome → Moscow").is_visible()
    assert page.get_by_text("金正恩另一个可能的目的地是莫斯科").first.is_visible()


def test_not_one_request_leaves_the_machine_offline(page):
    click_place(page, "Moscow")
    wait_heading(page, "Moscow")
    page.wait_for_load_state("networkidle")
    outside = [url for url in page.requests_seen if not url.startswith(LOCAL)]
    assert outside == []
    served = [url for url in page.requests_seen if "/app/static/vendor/" in url]
    assert any(url.endswith("leaflet/leaflet.js") for url in served)
    assert any(url.endswith("markercluster/leaflet.markercluster.js") for url in served)
    assert any(re.search(r"/tiles/3/\d+/\d+\.png$", url) for url in served)  # the bundled basemap


def test_overview_then_timeline_matrix_and_downloads_appear_without_a_click(page, corpus, tmp_path):
    """The map is drawn first; the heavier views follow on the run streamlit-folium's first
    report starts, with no action from the reader.  The GeoJSON download is the current view."""
    map_frame(page)
    rows = page.locator(".ncm-overview tr[data-place]")
    rows.first.wait_for(timeout=20000)
    ranked = rows.evaluate_all("els => els.map(e => [e.dataset.place, +e.dataset.passages])")
    assert [n for _, n in ranked] == sorted((n for _, n in ranked), reverse=True)
    suggested_ids = {p.name: p.id for p in corpus.suggested.values()}
    gold_counts = {}
    for entry in GOLD["passages"].values():
        for pid in [*entry["places"], *(suggested_ids[name] for name in entry.get("world", {}))]:
            gold_counts[pid] = gold_counts.get(pid, 0) + 1
    assert dict(ranked) == gold_counts
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=20000)
    page.get_by_text("Sources × places (passages)").wait_for(timeout=20000)
    with page.expect_download() as download:
        page.get_by_role("button", name="GeoJSON").click()
    target = tmp_path / "view.geojson"
    download.value.save_as(target)
    features = json.loads(target.read_text(encoding="utf-8"))["features"]
    counted = {f["properties"]["id"]: f["properties"]["passage_count"] for f in features
               if f["geometry"]["type"] == "Point"}
    assert counted["khasan"] == len(gold_passages("khasan")) and counted["moscow"] == len(gold_passages("moscow"))


def test_a_place_picked_in_the_list_is_panned_to_at_the_same_zoom(page, corpus):
    frame = map_frame(page)
    zoom = frame.locator("#map_div").evaluate("() => window.map.getZoom()")
    page.get_by_role("combobox", name="Place", exact=True).click()
    page.get_by_role("option", name=re.compile("^Moscow")).click()
    wait_heading(page, "Moscow")
    moscow = corpus.place("moscow")
    page.wait_for_function("""([lat, lon]) => {
        const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
        const c = f.map.getCenter(); return Math.abs(c.lat - lat) < 0.2 && Math.abs(c.lng - lon) < 0.2; }""",
                           arg=[moscow.lat, moscow.lon], timeout=20000)
    assert frame.locator("#map_div").evaluate("() => window.map.getZoom()") == zoom  # panned, not zoomed
    assert frame.locator('.ncm-selected[data-place="moscow"]').is_visible()


def test_a_place_named_in_a_card_is_one_click_away_and_panned_to(page, corpus):
    """A passage card lists the other places it names; a click on one selects it: its heading,
    its gold passages, its marker selected and in the middle of the map (in the same page:
    the link does not open a tab)."""
    click_place(page, "Khasan")
    wait_heading(page, "Khasan")
    card = page.locator(".ncm-card", has=page.locator('.ncm-passage[data-passage$="#8"]'))
    card.get_by_text("Also named here:").wait_for(timeout=20000)
    pages_before = len(page.context.pages)
    card.get_by_role("link", name="Primorsky Krai").click()
    wait_heading(page, "Primorsky Krai")
    assert len(page.context.pages) == pages_before and "place=primorsky-krai" in page.url
    assert shown_passages(page, len(gold_passages("primorsky-krai"))) == gold_passages("primorsky-krai")
    krai = corpus.place("primorsky-krai")
    page.wait_for_function("""([lat, lon]) => {
        const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
        const c = f.map.getCenter(); return Math.abs(c.lat - lat) < 0.2 && Math.abs(c.lng - lon) < 0.2; }""",
                           arg=[krai.lat, krai.lon], timeout=20000)
    map_frame(page).locator('.ncm-selected[data-place="primorsky-krai"]').wait_for(timeout=20000)


def test_a_card_place_opens_in_a_new_tab_with_a_modifier_click(page):
    """Ctrl-click on a card's place leaves this page as it is and opens the same view with that
    place selected in a new tab."""
    click_place(page, "Khasan")
    wait_heading(page, "Khasan")
    with page.context.expect_page(timeout=20000) as opened:
        page.locator("a.ncm-goto", has_text="Primorsky Krai").first.click(modifiers=["Control"])
    tab = opened.value
    assert "place=primorsky-krai" in tab.url
    tab.locator("h3", has_text="Primorsky Krai").first.wait_for(timeout=30000)
    tab.close()
    assert page.locator("h3", has_text="Khasan").first.is_visible() and "place=khasan" in page.url


def test_the_chinese_switch_redraws_the_legend_and_the_map_still_answers_clicks(page, corpus):
    map_frame(page)
    page.get_by_text("中文", exact=True).click()
    page.get_by_role("heading", name="新闻说法地图").wait_for(timeout=20000)
    # the map is drawn anew (its legend is part of the base map): wait until the new one is the only one
    page.wait_for_function("""() => {
        const maps = document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
        const legend = maps.length === 1 && maps[0].contentDocument.querySelector('.ncm-legend');
        return !!legend && legend.textContent.includes('图例') && maps[0].contentWindow.map !== undefined;
    }""", timeout=20000)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator(".ncm-cluster").first.wait_for(timeout=20000)  # the groups come once the map is set up (seen empty under load)
    group_titles = frame.locator(".ncm-cluster").evaluate_all("els => els.map(e => e.title)")
    assert group_titles and all(  # "… — 16 个地点 (2 有争议) · 点击列出地名": how many are disputed, when any
        re.search(r"个地点( \(\d+ 有争议\))? · " + ("点击展开" if group_size(t) <= FAN_OUT_AT_MOST else "点击列出地名") + "$", t)
        for t in group_titles)
    # the legend names the kinds of the map's places in Chinese, one line per colour (data/place_kinds.yaml);
    # it starts folded under 1,600 px, so the reader opens it
    frame.locator(".ncm-legend summary").click()
    legend = frame.locator(".ncm-legend").inner_text()
    assert "城市 / 城镇" in legend and "村庄 / 车站" in legend and "地区 / 国家" in legend and "city" not in legend
    click_place(page, "Khasan")
    wait_heading(page, "哈桑村 · Khasan")
    assert shown_passages(page, len(gold_passages("khasan"))) == gold_passages("khasan")
    assert "lang=zh" in page.url


def test_a_marker_can_be_chosen_with_the_keyboard(page, corpus):
    """Leaflet makes each marker and group a focusable button: Enter on a small group fans it
    out and Enter on a marker selects the place; Enter on a large group opens its list of
    names with the first one focused, and Enter on a name selects that place."""
    frame = map_frame(page)
    small = frame.locator(".leaflet-marker-icon", has=frame.locator('.ncm-cluster[title*="Tsiolkovsky"]'))
    assert small.get_attribute("role") == "button" and small.get_attribute("tabindex") == "0"
    small.focus()
    small.press("Enter")
    marker = frame.locator('.leaflet-marker-icon[title^="Vostochny Cosmodrome ·"]')
    marker.wait_for(timeout=5000)
    assert marker.get_attribute("role") == "button" and marker.get_attribute("tabindex") == "0"
    marker.focus()
    marker.press("Enter")
    wait_heading(page, "Vostochny Cosmodrome")
    assert shown_passages(page, len(gold_passages("vostochny-cosmodrome"))) == gold_passages("vostochny-cosmodrome")
    large = frame.locator(".leaflet-marker-icon", has=frame.locator('.ncm-cluster[title*="Pier 33"]'))
    large.focus()
    large.press("Enter")
    first = frame.locator(".ncm-group-place").first
    first.wait_for(timeout=5000)
    assert first.evaluate("el => el === document.activeElement")
    pier = frame.locator('.ncm-group-place[data-place="pier-33"]')
    pier.focus()
    pier.press("Enter")
    wait_heading(page, "Pier 33")
    assert shown_passages(page, len(gold_passages("pier-33"))) == gold_passages("pier-33")


def test_a_large_group_lists_its_names_and_a_small_one_fans_out_beside_it(page, corpus):
    """Past FAN_OUT_AT_MOST places a click lists the group's names (busiest first, with their
    passage counts) and a button that zooms to them; a small group's markers stay by the group."""
    frame = map_frame(page)
    small = frame.locator(".leaflet-marker-icon", has=frame.locator('.ncm-cluster[title*="Tsiolkovsky"]'))
    small_title = small.locator(".ncm-cluster").get_attribute("title")
    assert group_size(small_title) <= FAN_OUT_AT_MOST
    box = small.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    small.click()
    names = small_title.split(" — ")[0].split(", ")
    for name in names:
        fanned = frame.locator(f'.leaflet-marker-icon[title^="{name} ·"]')
        fanned.wait_for(timeout=5000)
        b = fanned.bounding_box()
        assert math.dist(centre, (b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)) < 100, name  # by the group
    assert frame.locator(".ncm-group-list").count() == 0

    holder = frame.locator('.ncm-cluster[title*="Pier 33"]')
    title = holder.get_attribute("title")
    assert group_size(title) > FAN_OUT_AT_MOST
    handle = frame.locator("#map_div")
    zoom = handle.evaluate("() => window.map.getZoom()")
    frame.locator(".leaflet-marker-icon", has=holder).click()
    items = frame.locator(".ncm-group-place")
    items.first.wait_for(timeout=5000)
    listed = items.locator(".ncm-group-name").all_inner_texts()
    assert sorted(listed) == sorted(title.split(" — ")[0].split(", "))  # every place of the group, once
    counts = [int(c or 0) for c in items.locator(".ncm-group-count").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)
    for place_id, name in STORY.items():  # the counts are the gold's
        if name in listed:
            assert counts[listed.index(name)] == len(gold_passages(place_id)), name
    assert frame.locator(".leaflet-marker-icon[title^='Pier 33 ·']").count() == 0  # no ring of markers
    frame.locator('.ncm-group-place[data-place="pier-33"]').click()
    wait_heading(page, "Pier 33")
    assert frame.locator(".ncm-group-list").count() == 0
    frame.locator('.ncm-selected[data-place="pier-33"]').wait_for(timeout=10000)  # drawn over its group
    # the group under it still opens (the selected place lets clicks through), and its list marks the place
    group = frame.locator(".leaflet-marker-icon", has=frame.locator('.ncm-cluster[title*="Pier 33"]'))
    group.click()
    frame.locator('.ncm-group-current[data-place="pier-33"]').wait_for(timeout=5000)
    assert frame.locator(".ncm-group-place").count() == len(listed)
    frame.get_by_role("button", name="Zoom to these places").click()
    handle.evaluate("(_, z) => new Promise(done => { const check = () => window.map.getZoom() > z && "
                    "!window.map._animatingZoom ? done() : setTimeout(check, 20); check(); })", zoom)
    assert frame.locator(".ncm-group-list").count() == 0
    west, south, east, north = map(float, handle.evaluate("() => window.map.getBounds().toBBoxString()").split(","))
    by_name = {p.name: p for p in corpus.all_places()}
    for name in listed:
        assert south <= by_name[name].lat <= north and west <= by_name[name].lon <= east, name


@pytest.fixture
def own_corpus_server(tmp_path):
    """The app on a copy of the bundled article in a folder of the test's own (articles are added there)."""
    from tests.browser.conftest import start_server
    articles = tmp_path / "articles"
    articles.mkdir()
    seed = Path(__file__).resolve().parents[2] / "data" / "articles" / ARTICLE
    (articles / ARTICLE).write_bytes(seed.read_bytes())
    places = tmp_path / "places.yaml"  # the page may write into it
    places.write_bytes((seed.parents[1] / "places.yaml").read_bytes())
    server = start_server(["--articles", str(articles), "--places", str(places)], "streamlit-own-corpus.log")
    yield server.url, articles
    server.stop()


def open_add_dialog(browser, url):
    """A laptop-sized page on `url` with the 'Add articles' dialog opened by a click."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(url)
    whole_page(page)
    return page, open_add_articles(page)


def test_a_pasted_article_is_saved_and_on_the_map_at_once(browser, own_corpus_server):
    url, articles = own_corpus_server
    page, dialog = open_add_dialog(browser, url)
    try:
        dialog.get_by_role("tab", name="Paste text").click()
        dialog.get_by_label("Title").fill("Kim's train crosses at Khasan")
        dialog.get_by_label("Outlet", exact=True).fill("Harbour Wire")
        dialog.get_by_label("Published", exact=True).fill("2023-09-12")
        dialog.get_by_label("Text (paragraphs separated by blank lines, or one paragraph a line)").fill(
            "The armoured train crossed into Russia at Khasan on Tuesday, a railway official said.\n\n"
            "Residents of Seoul watched the news.")
        dialog.get_by_role("button", name="Check and add").click()
        page.get_by_role("dialog").wait_for(state="detached", timeout=30000)
        # saved as a new file, never over the bundled one
        assert sorted(p.name for p in articles.iterdir()) == [
            ARTICLE, "2023-09-12-harbour-wire-kims-train-crosses-at-khasan.md"]
        # Khasan now has the new passage too; Seoul, which places.yaml does not hold, is suggested
        click_place(page, "Khasan")
        wait_heading(page, "Khasan")
        shown = shown_passages(page, 2)
        assert shown == sorted(gold_passages("khasan") + ["2023-09-12-harbour-wire-kims-train-crosses-at-khasan.md#1"])
        assert page.locator(".ncm-caption", has_text="Kim's train crosses at Khasan · Harbour Wire · 2023-09-12 · ¶1").is_visible()
        page.get_by_role("button", name="Clear selection").click()
        page.locator('.ncm-overview tr[data-place="gn:1835848"]').wait_for(timeout=20000)  # Seoul (GeoNames 1835848)
    finally:
        page.close()


def test_a_saved_web_page_is_uploaded_and_its_place_suggested(browser, own_corpus_server, tmp_path):
    url, articles = own_corpus_server
    page_file = tmp_path / "saved-page.html"  # a web page as a browser saves it (written for this test)
    page_file.write_text(
        "<!doctype html><html><head><title>Train seen near Tumangang | Harbour Wire</title>"
        '<meta property="og:site_name" content="Harbour Wire">'
        '<meta property="article:published_time" content="2023-09-12T08:00:00Z"></head><body>'
        "<nav>Home · World · Sport</nav><article><h1>Train seen near Tumangang</h1>"
        "<p>A green armoured train was seen near Tumangang on Tuesday, residents told reporters.</p>"
        "<p>Officials in Hanoi declined to comment on the reports from the border.</p></article>"
        "<footer>© Harbour Wire</footer></body></html>", encoding="utf-8")
    page, dialog = open_add_dialog(browser, url)
    try:
        dialog.locator('input[type="file"]').set_input_files(str(page_file))
        dialog.get_by_label("Language").first.wait_for(timeout=10000)
        dialog.get_by_role("button", name="Check and add").first.click()
        page.get_by_role("dialog").wait_for(state="detached", timeout=30000)
        added = sorted(p.name for p in articles.iterdir() if p.name != ARTICLE)
        assert added == ["2023-09-12-harbour-wire-train-seen-near-tumangang.md"]
        saved = (articles / added[0]).read_text(encoding="utf-8")
        assert "Home · World" not in saved and "A green armoured train was seen near Tumangang" in saved
        # Hanoi is in no places.yaml entry: the world gazetteer suggests it, with its passage
        page.locator('.ncm-overview tr[data-place="gn:1581130"]').wait_for(timeout=20000)  # Hanoi (GeoNames 1581130)
    finally:
        page.close()


def test_a_suggested_place_is_added_to_places_yaml_with_one_click(browser, own_corpus_server):
    url, articles = own_corpus_server
    places = articles.parent / "places.yaml"
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(url)
        whole_page(page)  # (a click on the list while the second run replaces it found two lists)
        # suggested by the world gazetteer (英国《卫报》); west of the first view, so picked in the list
        page.get_by_role("combobox", name="Place", exact=True).click()
        page.keyboard.type("United King")  # the list is long: narrow it as a reader would
        page.get_by_role("option", name=re.compile("^United Kingdom")).click()
        wait_heading(page, "United Kingdom")
        page.get_by_role("button", name="Add to places.yaml").click()
        page.get_by_text("United Kingdom is in places.yaml now, as 'united-kingdom'").wait_for(timeout=30000)
        assert "id: united-kingdom" in places.read_text(encoding="utf-8")
        page.wait_for_url(re.compile(r"place=united-kingdom"), timeout=20000)  # selected under its new id
        assert page.get_by_role("button", name="Add to places.yaml").count() == 0  # no longer suggested
        # its marker is a places.yaml marker now, drawn as selected
        map_frame(page).locator('.ncm-selected[data-place="united-kingdom"]:not(.ncm-suggested)').wait_for(timeout=20000)
    finally:
        page.close()
