"""The dashboard in a real browser (Debian chromium + playwright), app started with --offline.

Markers live in streamlit-folium's iframe; a click is a DOM click event on the marker element
(markers overlap at the first zoom, so a pointer click could land on a neighbour).
"""
import json
import re

import pytest

from dashboard.corpus import load_corpus

STORY = {"pyongyang": "Pyongyang", "vladivostok": "Vladivostok", "pier-33": "Pier 33",
         "vostochny-cosmodrome": "Vostochny Cosmodrome", "khasan": "Khasan", "moscow": "Moscow"}
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def map_frame(page):
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator(".leaflet-marker-icon").first.wait_for(timeout=30000)
    return frame


def click_marker(page, name):
    map_frame(page).locator(f'.leaflet-marker-icon[title^="{name} ·"]').dispatch_event("click")


def map_center(page):
    center = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator("#map_div").evaluate(
        "() => window.map.getCenter()")
    return center["lat"], center["lng"]


def wait_heading(page, text):
    page.locator("h3", has_text=text).first.wait_for(timeout=20000)


def shown_passages(page, count=None):
    if count is not None:
        page.wait_for_function(f"document.querySelectorAll('.ncm-passage').length == {count}", timeout=20000)
    page.wait_for_timeout(300)
    return sorted(page.locator(".ncm-passage").evaluate_all("els => els.map(e => e.dataset.passage)"))


def expected(corpus, place_id, passages=None):
    return sorted(f"{p.article.id}#{p.passage.number}" for p in corpus.passages_mentioning(place_id, passages))


def test_all_markers_are_drawn_with_accessible_names(page, corpus):
    frame = map_frame(page)
    titles = frame.locator(".leaflet-marker-icon").evaluate_all("els => els.map(e => e.title)")
    assert len(titles) == len(corpus.gazetteer.places)
    for name in STORY.values():
        assert frame.get_by_role("button", name=re.compile(f"^{re.escape(name)} ·")).count() == 1
    assert frame.locator(".ncm-legend").is_visible()
    assert frame.locator("path.leaflet-interactive").count() >= 12  # the route legs


@pytest.mark.parametrize("place_id", list(STORY))
def test_clicking_a_story_marker_shows_exactly_its_passages(page, corpus, place_id):
    click_marker(page, STORY[place_id])
    wait_heading(page, STORY[place_id])
    want = expected(corpus, place_id)
    assert shown_passages(page, len(want)) == want
    assert page.locator(".ncm-passage mark").count() >= len(want)  # the mention is highlighted
    assert f"place={place_id}" in page.url


def test_the_map_keeps_its_zoom_and_is_not_reloaded_by_a_click(page):
    frame = map_frame(page)
    handle = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator("#map_div")
    first_zoom = handle.evaluate("() => window.map.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(800)
    handle.evaluate("el => { el.dataset.probe = 'still-here'; }")
    zoom = handle.evaluate("() => window.map.getZoom()")
    center = handle.evaluate("() => window.map.getCenter()")
    click_marker(page, "Khasan")
    wait_heading(page, "Khasan")
    page.wait_for_timeout(1000)
    assert handle.evaluate("el => el.dataset.probe") == "still-here"
    assert handle.evaluate("() => window.map.getZoom()") == zoom == first_zoom + 1
    assert handle.evaluate("() => window.map.getCenter()") == center  # a marker click does not pan
    # the marker is now drawn as selected, in the same map
    assert map_frame(page).locator('.ncm-selected[data-place="khasan"]').count() == 1


def test_clicking_the_same_marker_again_after_clearing_selects_it_again(page):
    click_marker(page, "Pier 33")
    wait_heading(page, "Pier 33")
    page.get_by_role("button", name="Clear selection").click()
    page.locator("h3", has_text="Overview").wait_for(timeout=20000)
    click_marker(page, "Pier 33")
    wait_heading(page, "Pier 33")


def test_a_source_filter_changes_the_panel_and_the_markers_but_not_the_map(page, corpus):
    click_marker(page, "Vladivostok")
    wait_heading(page, "Vladivostok")
    assert shown_passages(page, len(expected(corpus, "vladivostok"))) == expected(corpus, "vladivostok")
    handle = map_frame(page).locator("#map_div")
    handle.evaluate("el => { el.dataset.probe = 'still-here'; window.map.setZoom(6, {animate: false}); }")
    page.get_by_role("combobox", name="Sources").click()
    page.keyboard.type("Bloomberg")
    page.keyboard.press("Enter")
    page.get_by_text("1 passage · 1 source").wait_for(timeout=20000)
    assert shown_passages(page, 1) == ["2023-09-06-globaltimes-kim-visit.md#6"]
    assert "source=bloomberg" in page.url
    # the markers were redrawn in the same map, at the reader's zoom: Khasan has no Bloomberg passage
    map_frame(page).locator('.ncm-faded[data-place="khasan"]').wait_for(timeout=20000)
    assert handle.evaluate("el => [el.dataset.probe, window.map.getZoom()]") == ["still-here", 6]


def test_a_deep_link_restores_the_view(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(server + "?place=vladivostok&source=Bloomberg&date_kind=reported")
        wait_heading(page, "Vladivostok")
        page.get_by_text("1 passage · 1 source").wait_for(timeout=20000)
        assert shown_passages(page, 1) == ["2023-09-06-globaltimes-kim-visit.md#6"]
        page.get_by_text("Bloomberg (").first.wait_for(timeout=20000)  # the chip in the Sources filter
        assert map_frame(page).locator('.ncm-selected[data-place="vladivostok"]').count() == 1
        vladivostok = load_corpus().place("vladivostok")
        assert map_center(page) == pytest.approx((vladivostok.lat, vladivostok.lon), abs=0.05)  # centred on it
    finally:
        page.close()


def test_a_route_leg_click_shows_the_claiming_passage(page):
    frame = map_frame(page)
    page.get_by_role("combobox", name="Routes").click()  # keep only the rumoured trip
    for _ in range(3):
        page.keyboard.press("Backspace")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1500)
    frame.locator("path.leaflet-interactive").first.dispatch_event("click")
    page.get_by_text("The passage that makes this claim").wait_for(timeout=20000)
    assert page.get_by_text("他可能乘坐装甲列车").first.is_visible()


def test_not_one_request_leaves_the_machine_offline(page):
    click_marker(page, "Moscow")
    wait_heading(page, "Moscow")
    page.wait_for_timeout(1500)
    outside = [url for url in page.requests_seen if not url.startswith(LOCAL)]
    assert outside == []
    served = [url for url in page.requests_seen if "/app/static/vendor/leaflet/" in url]
    assert any(url.endswith("leaflet.js") for url in served)


def test_overview_then_timeline_matrix_and_downloads_appear_without_a_click(page, corpus, tmp_path):
    """The map is drawn first; the heavier views follow on the run streamlit-folium's first
    report starts, with no action from the reader.  The GeoJSON download is the current view."""
    map_frame(page)
    rows = page.locator(".ncm-overview tr[data-place]")
    rows.first.wait_for(timeout=20000)
    ranked = rows.evaluate_all("els => els.map(e => [e.dataset.place, +e.dataset.passages])")
    assert [n for _, n in ranked] == sorted((n for _, n in ranked), reverse=True)
    assert dict(ranked) == {pid: n for pid, n in corpus.mention_counts().items() if n}
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=20000)
    page.get_by_text("Sources × places (passages)").wait_for(timeout=20000)
    with page.expect_download() as download:
        page.get_by_role("button", name="GeoJSON").click()
    target = tmp_path / "view.geojson"
    download.value.save_as(target)
    features = json.loads(target.read_text(encoding="utf-8"))["features"]
    counted = {f["properties"]["id"]: f["properties"]["passage_count"] for f in features
               if f["geometry"]["type"] == "Point"}
    assert counted["khasan"] == len(expected(corpus, "khasan")) and counted["moscow"] == len(expected(corpus, "moscow"))


def test_the_first_view_frames_the_railways_and_a_place_picked_in_the_list_is_panned_to(page, corpus):
    frame = map_frame(page)
    bounds = frame.locator("#map_div").evaluate("() => window.map.getBounds().toBBoxString()")
    west, south, east, north = map(float, bounds.split(","))
    for station in (s for r in corpus.gazetteer.railways.values() for s in r.stations):
        assert south <= station.lat <= north and west <= station.lon <= east, station.name
    zoom = frame.locator("#map_div").evaluate("() => window.map.getZoom()")
    page.get_by_role("combobox", name="Place", exact=True).click()
    page.get_by_role("option", name=re.compile("^Moscow")).click()
    wait_heading(page, "Moscow")
    moscow = corpus.place("moscow")
    page.wait_for_function("""([lat, lon]) => {
        const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
        const c = f.map.getCenter(); return Math.abs(c.lat - lat) < 0.05 && Math.abs(c.lng - lon) < 0.05; }""",
                           arg=[moscow.lat, moscow.lon], timeout=20000)
    assert frame.locator("#map_div").evaluate("() => window.map.getZoom()") == zoom  # panned, not zoomed
    assert frame.locator('.ncm-selected[data-place="moscow"]').is_visible()


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
    assert frame.locator(".leaflet-marker-icon").count() == len(corpus.gazetteer.places)
    click_marker(page, "Khasan")
    wait_heading(page, "哈桑村 · Khasan")
    assert shown_passages(page, len(expected(corpus, "khasan"))) == expected(corpus, "khasan")
    assert "lang=zh" in page.url


def test_a_marker_can_be_chosen_with_the_keyboard(page, corpus):
    """Leaflet makes each marker a focusable button; Enter on it selects the place."""
    marker = map_frame(page).locator('.leaflet-marker-icon[title^="Pier 33 ·"]')
    assert marker.get_attribute("role") == "button" and marker.get_attribute("tabindex") == "0"
    marker.focus()
    marker.press("Enter")
    wait_heading(page, "Pier 33")
    assert shown_passages(page, len(expected(corpus, "pier-33"))) == expected(corpus, "pier-33")
