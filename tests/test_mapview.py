"""The map builder, checked on the rendered HTML: markers, names, styles, no CDN."""
import json
import re

import pytest
import yaml

import gold
from dashboard.places import kinds
from dashboard.page import branca_render, folium_map, standalone_map, leaflet_assets
from dashboard.corpus.filters import Filters, apply_filters
from dashboard.places.routes import route_legs
from dashboard.page.state import clicked

AREAS = {row["id"] for row in yaml.safe_load(kinds.DEFAULT_KINDS.read_text(encoding="utf-8"))["kinds"] if row.get("area")}


def render(corpus, offline=True, passages=None, selected=None, routes=None, lang="en"):
    m = folium_map.base_map(leaflet_assets.LeafletAssets(js="/app/static/vendor/leaflet/leaflet.js",
                                               css="/app/static/vendor/leaflet/leaflet.css"), offline=offline)
    legs = [d for d in route_legs(corpus) if routes is None or d.leg.route in routes]
    m.add_child(folium_map.route_layer(legs, corpus.gazetteer.places, corpus.gazetteer.routes))
    counts = corpus.mention_counts(corpus.passages if passages is None else passages)
    m.add_child(folium_map.place_layer(corpus.gazetteer.places.values(), counts, selected, lang))
    return m.get_root().render()


def markers(page) -> list[dict]:
    """The place markers the map script draws (the JSON its PlaceMarkers element carries)."""
    found = re.findall(r"var place_markers_\w+ = (\[.*?\]);\n", page)
    assert len(found) == 1
    return json.loads(found[0])


def titles(page):
    return [m["title"] for m in markers(page)]


def test_every_place_has_a_marker_whose_accessible_name_has_its_english_name_and_its_passages(corpus):
    page = render(corpus)
    counts = gold.place_passages()
    expected = {}
    for place in corpus.gazetteer.places.values():
        names = f"{place.name} · {place.names['zh']}" if "zh" in place.names else place.name
        n = counts[place.id]
        expected[place.id] = f"{names} — {n} passage{'' if n == 1 else 's'}"
    assert {m["id"]: m["title"] for m in markers(page)} == expected
    assert "title: m.title, alt: m.title" in page  # Leaflet sets both on the marker element


@pytest.mark.parametrize("lang, tooltip", [("en", "<b>Khasan · 哈桑村</b><br>village · 1 passage"),
                                          ("zh", "<b>哈桑村 · Khasan</b><br>村庄 · 1 个段落")])
def test_title_is_english_and_the_tooltip_in_the_readers_language(corpus, lang, tooltip):
    khasan = {m["id"]: m for m in markers(render(corpus, lang=lang))}["khasan"]
    assert (khasan["title"], khasan["tooltip"]) == ("Khasan · 哈桑村 — 1 passage", tooltip)


def test_markers_grow_with_passages_and_fade_at_zero_under_filters(corpus):
    kept = apply_filters(corpus.passages, Filters(sources=("tass",)))
    drawn = markers(render(corpus, passages=kept))
    faded = {m["id"] for m in drawn if m["passages"] == 0}  # drawn faded by the layer's script (tests/browser)
    tass = gold.place_passages(gold.passages(["TASS"]))
    assert {m["id"] for m in drawn} - faded == set(tass) == {"russia", "north-korea"}
    assert {m["id"]: m["passages"] for m in drawn if m["passages"]} == dict(tass)
    assert folium_map.marker_size(0) < folium_map.marker_size(1) < folium_map.marker_size(11)


def test_the_selection_is_given_to_the_layers_script_and_the_data_do_not_change_with_it(corpus):
    """The script marks the selected place and draws it above all (tests/browser); its data are
    the same whatever is selected, so a click need not send the map again."""
    page = render(corpus, selected="pier-33")
    assert re.search(r'\}\)\(place_markers_\w+, feature_group_\w+, "pier-33", ', page)  # the script's `selected`
    assert markers(page) == markers(render(corpus)) == markers(render(corpus, selected="moscow"))


def test_no_cdn_and_no_tiles_offline(corpus):
    page = render(corpus, offline=True)
    assert standalone_map.external_urls(page) == []
    assert "/app/static/vendor/leaflet/leaflet.js" in page
    assert "tile.openstreetmap" not in page and "arcgisonline" not in page


def test_online_adds_tile_layers_but_still_no_cdn_script(corpus):
    page = render(corpus, offline=False)
    urls = standalone_map.external_urls(page)
    assert urls and all("{z}" in u for u in urls)  # only tile templates, never a script or stylesheet


def test_legs_are_styled_by_status_with_tooltips(corpus):
    page = render(corpus, routes=["rumoured-2023"])
    assert page.count('"dashArray": "10 8"') == 2  # the two possible legs
    assert "Pyongyang → Vladivostok · rail · 881 km · rumoured" in page
    assert "Vostochny Cosmodrome → Moscow · unspecified" in page


def test_standalone_html_inlines_leaflet_and_loads_nothing(corpus):
    m = folium_map.base_map(leaflet_assets.LeafletAssets.served(), offline=True)
    m.add_child(folium_map.place_layer(corpus.gazetteer.places.values(), corpus.mention_counts()))
    page = standalone_map.standalone_html(m)
    assert standalone_map.external_urls(page) == []
    assert "/app/static/" not in page
    assert "Leaflet 1.9.3" in page  # Leaflet's own code is inside


def test_a_click_on_a_marker_or_a_leg_is_recognised(corpus):
    places = corpus.gazetteer.places
    legs = route_legs(corpus)
    labels = {folium_map.leg_label(d, places): (d.leg.route, d.leg.index) for d in legs}
    khasan = places["khasan"]
    assert clicked({"last_object_clicked": {"lat": khasan.lat, "lng": khasan.lon}}, places.values(), labels) \
        == ("place", "khasan")
    tooltip = folium_map.leg_label(legs[1], places) + "\nRumoured armoured-train trip"
    assert clicked({"last_object_clicked": {"lat": 45, "lng": 133}, "last_object_clicked_tooltip": tooltip},
                   places.values(), labels) == ("leg", ("rumoured-2023", 1))
    assert clicked({"last_object_clicked": {"lat": 0, "lng": 0}}, places.values(), labels) is None
    assert clicked(None, places.values(), labels) is None


# The six story places (coordinates as in data/places.yaml, from their Wikipedia infoboxes).
STORY_POSITIONS = {"Pyongyang": (39.0194, 125.7381), "Vladivostok": (43.1155, 131.8855), "Pier 33": (43.1128, 131.896),
                   "Vostochny Cosmodrome": (51.884, 128.334), "Khasan": (42.4283, 130.6456), "Moscow": (55.7558, 37.6173)}


def test_the_first_view_is_fitted_to_every_story_place_without_animation(corpus):
    frame = folium_map.story_frame(corpus.gazetteer.places.values(), corpus.mention_counts())
    (south, west), (north, east) = frame
    for name, (lat, lon) in STORY_POSITIONS.items():
        assert south <= lat <= north and west <= lon <= east, name
    # exactly the box of the places the gold says are named, areas (countries, regions) aside
    points = [corpus.gazetteer.place(pid) for pid in gold.place_passages()
              if corpus.gazetteer.place(pid).kind not in AREAS]
    assert frame == [[min(p.lat for p in points), min(p.lon for p in points)],
                     [max(p.lat for p in points), max(p.lon for p in points)]]
    assert west == 37.6173  # Moscow is the westernmost place mentioned
    m = folium_map.base_map(leaflet_assets.LeafletAssets(js="/x/leaflet.js", css="/x/leaflet.css"), offline=True, frame=frame)
    calls = re.findall(r"\.fitBounds\(\s*(\[\[.*?\]\]),\s*(\{.*?\})\s*\)", m.get_root().render(), re.S)
    assert len(calls) == 1
    assert json.loads(calls[0][0]) == frame
    assert json.loads(calls[0][1]) == {"animate": False, "padding": [24, 24]}


def test_places_with_passages_are_drawn_above_the_others(corpus):
    page = render(corpus, selected="fefu")
    drawn = {m["id"]: m for m in markers(page)}
    assert drawn["vladivostok"]["z"] > drawn["fefu"]["z"] > drawn["artyom"]["z"] == 0  # 5, 1 and no passage
    assert "L.markerClusterGroup" in page and '"fefu"' in page  # the selection's group is fanned out


def test_marker_size_is_capped():
    assert folium_map.marker_size(20_000) == folium_map.MAX_MARKER_SIZE == 46


def test_the_bundled_tiles_are_the_default_basemap_and_the_standalone_file_fetches_nothing(corpus):
    assets = leaflet_assets.LeafletAssets.served()
    page = folium_map.base_map(assets, offline=True).get_root().render()
    assert "/app/static/vendor/tiles/{z}/{x}/{y}.png" in page and '"maxNativeZoom": 6' in page
    assert "OpenStreetMap" in page  # the credit the tiles require
    m = folium_map.base_map(assets, offline=True)
    m.add_child(folium_map.place_layer(corpus.gazetteer.places.values(), corpus.mention_counts()))
    standalone = standalone_map.standalone_html(m)
    assert standalone_map.external_urls(standalone) == [] and "/app/static/" not in standalone
    assert "MarkerClusterGroup" in standalone  # markercluster's own code is inside


def test_the_legend_follows_the_language_and_draws_each_status_as_on_the_map():
    assets = leaflet_assets.LeafletAssets(js="/x/leaflet.js", css="/x/leaflet.css")
    def legend(lang):
        page = folium_map.base_map(assets, offline=True, lang=lang).get_root().render()
        return json.loads(re.search(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', page).group(1))

    english, chinese = legend("en"), legend("zh")
    assert "Journeys" in english and "rumoured" in english and "行程" not in english
    assert "图例" in chinese and "传闻" in chinese and "航天发射场" in chinese and "Journeys" not in chinese
    assert re.findall(r"border-top:4px (\w+) (#[0-9a-f]{6})", english) == [
        ("solid", "#d62728"), ("dashed", "#ff7f0e"), ("dotted", "#1f77b4"), ("solid", "#2ca02c")]


def test_the_map_draws_the_most_named_places_and_the_selected_one():
    from types import SimpleNamespace
    places = [SimpleNamespace(id=f"p{i}") for i in range(10)]
    counts = {"p3": 9, "p7": 4, "p1": 4, "p0": 1}
    drawn, left_out = folium_map.places_to_draw(places, counts, selected="p9", limit=3)
    assert [p.id for p in drawn] == ["p3", "p1", "p7", "p9"] and left_out == 6
    drawn, left_out = folium_map.places_to_draw(places, counts, selected=None, limit=10)
    assert drawn == places and left_out == 0


@pytest.mark.parametrize("offline,lang", [(True, "en"), (False, "zh")])
def test_the_page_is_the_same_as_branca_renders_it_without_compiling_each_output(corpus, monkeypatch, offline, lang):
    """folium_map (through branca_render) writes each element's rendered output into the page as text; branca compiles it
    as a Jinja template first.  Same bytes (element ids aside), online and offline, zh and en."""
    def normalised(page):
        return re.sub(r"[0-9a-f]{32}", "ID", page)

    ours = render(corpus, offline=offline, selected="khasan", lang=lang)
    monkeypatch.setattr(branca_render.MacroElement, "render", branca_render.BRANCA_MACRO_RENDER)
    branca = render(corpus, offline=offline, selected="khasan", lang=lang)
    assert "place_markers" in ours and "Khasan" in ours
    assert normalised(ours) == normalised(branca)


def _copy_many_times(source, target, rounds):
    from dashboard.page.leaflet_assets import _copy_package
    for i in range(rounds):
        (target / "leaflet.js").unlink(missing_ok=True)  # stale: copy again
        _copy_package(source, target, "leaflet.js")


def test_two_servers_copying_the_page_assets_at_once_both_succeed(tmp_path):
    """Two servers started on one checkout copy Leaflet into the static folder at the same time:
    neither fails, and the copy left behind is whole (a shared temporary name let one delete
    the other's half-made copy)."""
    import multiprocessing

    source = tmp_path / "package"
    (source / "images").mkdir(parents=True)
    (source / "leaflet.js").write_text("x" * 50_000)
    for i in range(200):
        (source / "images" / f"{i}.png").write_bytes(b"p" * 500)
    target = tmp_path / "vendor" / "leaflet"
    target.parent.mkdir()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_copy_many_times, args=(source, target, 15)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    assert (target / "leaflet.js").stat().st_size == 50_000 and len(list((target / "images").iterdir())) == 200
    assert not [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")]
