"""The place markers as the layer's script draws them, in a real browser: the map's data gives
each marker's fields, the script makes its HTML (folium_map.PlaceMarkers).  The standalone map
file (Leaflet inlined) is opened with no server; the expected markup is written by hand from
data/place_kinds.yaml's colours and `marker_size`'s rule (16 + 7·√passages px)."""
import pytest

from dashboard.page import folium_map, standalone_map, leaflet_assets
from dashboard.corpus.analysis import load_corpus


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(world=True)


def drawn_markers(browser, corpus, counts, selected):
    places = [corpus.place(pid) for pid in counts]
    m = folium_map.base_map(leaflet_assets.LeafletAssets.served(), offline=True,
                         frame=[[38.0, -3.0], [57.0, 131.0]])  # Britain to Khasan: at 1920 px no two markers grouped
    m.add_child(folium_map.place_layer(places, counts, selected, "en", corpus.gazetteer.kinds))
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(standalone_map.standalone_html(m))
    page.locator(".ncm-marker").nth(len(counts) - 1).wait_for(timeout=10000)
    found = page.locator(".ncm-marker").evaluate_all("""els => Object.fromEntries(els.map(e => [e.dataset.place, {
        classes: e.className, label: e.getAttribute("aria-label"), text: e.textContent,
        width: e.style.width, height: e.style.height, kind: e.style.getPropertyValue("--kind").trim(),
        background: e.style.background, title: e.closest(".leaflet-marker-icon").title,
        z: +e.closest(".leaflet-marker-icon").style.zIndex}]))""")
    page.close()
    assert [r for r in requests if not r.startswith(("data:", "about:"))] == []
    return found


def test_each_marker_is_drawn_with_its_kind_colour_size_count_and_state(browser, corpus):
    uk = next(p.id for p in corpus.suggested.values() if p.name == "United Kingdom")
    found = drawn_markers(browser, corpus, {"khasan": 1, "pyongyang": 0, "moscow": 4, uk: 2}, selected="moscow")
    z = {pid: marker.pop("z") for pid, marker in found.items()}  # Leaflet's z-index: screen y + the offset
    assert z["moscow"] > 1_000_000 > max(z[pid] for pid in z if pid != "moscow")  # the selection above all
    assert z["khasan"] > 10_000 > z["pyongyang"]  # a place with passages above one without
    assert found["khasan"] == {"classes": "ncm-marker", "label": "Khasan · 哈桑村 — 1 passage", "text": "1",
                               "width": "23px", "height": "23px", "kind": "#b5651d", "background": "rgb(181, 101, 29)",
                               "title": "Khasan · 哈桑村 — 1 passage"}
    assert found["pyongyang"] == {"classes": "ncm-marker ncm-faded", "label": "Pyongyang · 平壤 — 0 passages",
                                  "text": "", "width": "16px", "height": "16px", "kind": "#1f5fa8",
                                  "background": "rgb(31, 95, 168)", "title": "Pyongyang · 平壤 — 0 passages"}
    assert found["moscow"]["classes"] == "ncm-marker ncm-selected" and found["moscow"]["width"] == "30px"
    assert found["moscow"]["text"] == "4"
    assert found[uk] == {"classes": "ncm-marker ncm-suggested", "label": "United Kingdom · 英国 — 2 passages · suggested",
                         "text": "2", "width": "26px", "height": "26px", "kind": "#7f8c8d",
                         "background": "rgb(255, 255, 255)", "title": "United Kingdom · 英国 — 2 passages · suggested"}


def test_a_name_written_as_html_stays_text_in_the_marker(browser, corpus):
    from dataclasses import replace
    hostile = replace(corpus.place("khasan"), id='kh"><img src=x onerror=alert(1)>',
                      names={"en": "<b>Khasan</b>", "zh": "哈桑村"})
    m = folium_map.base_map(leaflet_assets.LeafletAssets.served(), offline=True,
                         frame=[[38.0, 120.0], [50.0, 135.0]])
    m.add_child(folium_map.place_layer([hostile], {hostile.id: 1}, None, "en", corpus.gazetteer.kinds))
    page = browser.new_page()
    page.set_content(standalone_map.standalone_html(m))
    marker = page.locator(".ncm-marker")
    marker.wait_for(timeout=10000)
    assert page.locator(".ncm-marker img").count() == 0
    assert marker.get_attribute("data-place") == hostile.id
    assert marker.get_attribute("aria-label") == "<b>Khasan</b> · 哈桑村 — 1 passage"
    page.close()
