"""The place-kinds table (data/place_kinds.yaml): checked by `python -m dashboard check`, and the
one thing that decides a marker's colour, its kind's name, the legend and the first view's frame."""
import json
import re
import shutil

import pytest
import yaml

from dashboard.places import geocoding

from dashboard.places import kinds

from dashboard.page import folium_map, leaflet_assets
from dashboard.places.gazetteer import load_gazetteer
from dashboard.page.panel import overview_table
from dashboard.places.world import suggested_place, world
from editing import edit, line_of

TABLE = yaml.safe_load(kinds.DEFAULT_KINDS.read_text(encoding="utf-8"))["kinds"]  # read as plain YAML, not by kinds.py


@pytest.fixture
def table(tmp_path, monkeypatch):
    """A copy of the bundled table, made the default (the one `check` and the gazetteer read)."""
    path = tmp_path / "place_kinds.yaml"
    shutil.copy(kinds.DEFAULT_KINDS, path)
    monkeypatch.setattr(kinds, "DEFAULT_KINDS", path)
    return path


def test_the_bundled_table_reads_without_problems_and_as_written():
    table, problems = kinds.load_kinds()
    assert problems == []
    assert [(k.id, k.colour, k.label, k.area) for k in table.kinds.values()] == [
        (row["id"], row["colour"], row["label"], row.get("area", False)) for row in TABLE]
    assert {k for k in table.ids if table.is_area(k)} == {"country", "region"}


def test_a_place_of_a_kind_the_table_lacks_is_reported_at_its_kind_line(data, check):
    places = data / "places.yaml"
    edit(places, "    kind: berth\n", "    kind: pier\n")
    assert check() == (1, [
        f"{places}:{line_of(places, 'kind: pier')}: place 'pier-33' has unknown kind 'pier' — use one of "
        f"{', '.join(row['id'] for row in TABLE)}, or add the kind to {kinds.DEFAULT_KINDS}"])


def test_a_kind_added_to_the_table_makes_the_place_good(data, check, table):
    edit(data / "places.yaml", "    kind: berth\n", "    kind: pier\n")
    with table.open("a", encoding="utf-8") as f:
        f.write("  - id: pier\n    colour: '#123456'\n    label: {en: pier, zh: 栈桥}\n")
    code, out = check()
    assert (code, out[0].startswith("ok: 27 places")) == (0, True)


# name: (old text of the city entry, new text, marker of the line, problem); the table is the
# `table` fixture's copy.
CITY = "  - id: city\n    colour: '#1f5fa8'\n    label: {en: city, zh: 城市}\n"
COLOUR_FIX = ("write it as '#rrggbb' in quotes, e.g. colour: '#1f5fa8' (unquoted, YAML reads # as a comment)")
LABEL_FIX = "add its name in every language of the page: label: {en: …, zh: …}"
TABLE_PROBLEMS = {
    "a colour that is not #rrggbb": (
        "colour: '#1f5fa8'\n    label: {en: city", "colour: '#1f5fa'\n    label: {en: city", "colour: '#1f5fa'",
        f"kind 'city': colour '#1f5fa' is not a #rrggbb colour — {COLOUR_FIX}"),
    "an unquoted colour (a YAML comment)": (
        "colour: '#1f5fa8'\n    label: {en: city", "colour: #1f5fa8\n    label: {en: city", "- id: city",
        f"kind 'city' has no 'colour' — {COLOUR_FIX}"),
    "a colour that is a number": (
        "colour: '#1f5fa8'\n    label: {en: city", "colour: 255\n    label: {en: city", "colour: 255",
        f"kind 'city': 'colour' is the number 255, should be text — {COLOUR_FIX}"),
    "a label missing a language of the page": (
        "label: {en: city, zh: 城市}", "label: {en: city}", "label: {en: city}", f"kind 'city' has no zh label — {LABEL_FIX}"),
    "an empty label": (
        "label: {en: city, zh: 城市}", "label: {en: city, zh: ' '}", "label: {en: city, zh: ' '}",
        f"kind 'city' has no zh label — {LABEL_FIX}"),
    "a label in a language the page does not have": (
        "label: {en: city, zh: 城市}", "label: {en: city, zh: 城市,\n      ru: город}", "ru: город",
        "kind 'city': label language 'ru' is not a language of the page — use en, zh"),
    "no label": (
        "    label: {en: city, zh: 城市}\n  - id: town", "  - id: town", "- id: city",
        "kind 'city' has no 'label' — write its name in every language of the page, e.g. label: {en: city, zh: 城市}"),
    "area that is not true or false": (
        "label: {en: city, zh: 城市}\n", "label: {en: city, zh: 城市}\n    area: yes please\n", "area: yes please",
        "kind 'city': 'area' is the text 'yes please', should be true or false — write area: true for a country or "
        "region (drawn at its centroid, left out of the first view's frame), else leave it out"),
    "a field the table does not have": (
        "label: {en: city, zh: 城市}\n", "label: {en: city, zh: 城市}\n    color: blue\n", "color: blue",
        "kind 'city': unknown field 'color' — remove it or fix its spelling (the fields are id, colour, label, area)"),
    "an invalid id": (
        "  - id: port\n", "  - id: Port\n", "- id: Port",
        "kind id 'Port' is invalid — use lowercase letters and digits, words joined by a space or a hyphen"),
}


@pytest.mark.parametrize("name", TABLE_PROBLEMS)
def test_a_bad_table_entry_is_one_line_and_its_places_are_not_reported_again(check, table, name):
    old, new, marker, problem = TABLE_PROBLEMS[name]
    edit(table, old, new)
    assert check() == (1, [f"{table}:{line_of(table, marker)}: {problem}"])


def test_a_kind_given_twice_is_reported(data, check, table):
    edit(table, "  - id: port\n", "  - id: berth\n")  # the second berth is left out; no place is a port
    assert check() == (1, [f"{table}:{line_of(table, '- id: berth', 2)}: duplicate kind id 'berth' — "
                           "give each kind its own id"])


def test_a_table_with_no_kinds_is_one_problem_not_one_per_place(data, check, table):
    table.write_text("kinds: []\n", encoding="utf-8")
    assert check() == (1, [f"{table}:1: the 'kinds:' list is empty — add one entry per kind of place "
                           "(id, colour, label)"])


def test_the_table_is_read_again_when_it_changes(table):
    before, _ = kinds.load_kinds()
    assert kinds.load_kinds()[0] is before  # read once
    edit(table, "label: {en: city, zh: 城市}", "label: {en: big town, zh: 大城}")
    after, problems = kinds.load_kinds()
    assert (problems, after.label("city", "en"), after.label("city", "zh")) == ([], "big town", "大城")


# --- every user reads the table --------------------------------------------------------------

def markers(m) -> dict:
    """id -> marker of a map's place layer (the JSON its script carries)."""
    [found] = re.findall(r"var place_markers_\w+ = (\[.*?\]);\n", m.get_root().render())
    return {marker["id"]: marker for marker in json.loads(found)}


def legend_of(m) -> str:
    page = m.get_root().render()
    return json.loads(re.search(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', page).group(1))


def test_editing_the_table_changes_a_markers_colour_its_tooltip_and_the_overview(places, table):
    edit(table, "  - id: berth\n    colour: '#0e7c86'\n    label: {en: berth, zh: 码头}",
         "  - id: berth\n    colour: '#ab12cd'\n    label: {en: mooring, zh: 泊位}")
    gazetteer, problems = load_gazetteer(places)
    assert problems == []
    pier = gazetteer.place("pier-33")
    assets = leaflet_assets.LeafletAssets(js="/x/leaflet.js", css="/x/leaflet.css")
    for lang, label in (("en", "mooring"), ("zh", "泊位")):
        m = folium_map.base_map(assets, offline=True)
        m.add_child(folium_map.place_layer([pier], {"pier-33": 2}, lang=lang, kinds=gazetteer.kinds))
        marker = markers(m)["pier-33"]
        assert marker["colour"] == "#ab12cd" and not marker["suggested"]
        assert marker["tooltip"].split("<br>")[1] == f"{label} · {'2 passages' if lang == 'en' else '2 个段落'}"
        row = overview_table([{"id": "pier-33", "place": "Pier 33", "中文": "33号码头", "kind": "berth", "passages": 2}],
                             kinds=gazetteer.kinds, lang=lang)
        assert f'<td class="ncm-kind"><span class="ncm-dot" style="background:#ab12cd"></span>{label}</td>' in row


def test_the_legend_lists_the_tables_kinds_one_line_per_colour(table):
    edit(table, "  - id: cosmodrome\n    colour: '#8e3fb5'", "  - id: cosmodrome\n    colour: '#1f5fa8'")
    edit(table, "label: {en: campus, zh: 校园}", "label: {en: university, zh: 大学}")
    custom, _ = kinds.load_kinds(table)
    colours = list(dict.fromkeys(row["colour"] for row in TABLE if row["id"] != "cosmodrome"))
    assets = leaflet_assets.LeafletAssets(js="/x/leaflet.js", css="/x/leaflet.css")
    legend = legend_of(folium_map.base_map(assets, offline=True, kinds=custom))
    places_part = legend.split("<b>Places</b><br>")[1]
    dots = re.findall(r'<span class="ncm-dot" style="background:(#[0-9a-f]{6})"></span>([^<]+)', places_part)
    assert [colour for colour, _ in dots] == colours  # every colour of the table once, in table order
    assert dots[0] == ("#1f5fa8", "city / town / district / cosmodrome")  # same colour, one line
    assert ("#2e8b57", "university") in dots
    used = folium_map.base_map(assets, offline=True, kinds=custom, used_kinds={"campus", "village", "station"})
    assert re.findall(r'<span class="ncm-dot" style="background:(#[0-9a-f]{6})"></span>([^<]+)',
                      legend_of(used).split("<b>Places</b><br>")[1]) == [("#b5651d", "village / station"),
                                                                          ("#2e8b57", "university")]


def test_the_table_decides_which_kinds_are_left_out_of_the_first_view(places, table):
    from types import SimpleNamespace as P
    spots = [P(id="a", lat=39.0, lon=125.7, kind="city"), P(id="b", lat=55.7, lon=37.6, kind="village"),
             P(id="us", lat=39.8, lon=-98.6, kind="country")]
    counts = {"a": 1, "b": 1, "us": 1}
    assert folium_map.story_frame(spots, counts) == [[39.0, 37.6], [55.7, 125.7]]
    edit(table, "label: {en: village, zh: 村庄}", "label: {en: village, zh: 村庄}\n    area: true")
    edit(table, "label: {en: country, zh: 国家}\n    area: true", "label: {en: country, zh: 国家}")
    # 39.0 to 39.8 north is less than MIN_FRAME_DEGREES (3): widened around 39.4
    assert folium_map.story_frame(spots, counts) == [[37.9, -98.6], [40.9, 125.7]]


# --- what makes places makes only kinds of the table -----------------------------------------

def test_the_geocoder_makes_only_kinds_of_the_table():
    table = kinds.table()
    made = set(geocoding._KINDS.values())
    made |= {geocoding._place_kind("boundary/administrative", t) for t in ("country", "city", "town", "village", "state", "")}
    made |= {geocoding._place_kind(osm, "") for osm in ("landuse/military", "amenity/restaurant", "place/locality",
                                                        "natural/island", "", "tourism/yes")}
    assert sorted(made - set(table.ids)) == []
    assert geocoding._place_kind("amenity/restaurant", "") == "place"


def test_every_suggested_place_has_a_kind_of_the_table():
    table = kinds.table()
    gazetteer = world()
    first_of_each = {}
    for index, kind in enumerate(gazetteer.columns["kind"]):
        first_of_each.setdefault(kind, gazetteer.columns["id"][index])
    assert set(first_of_each) == {"city", "country", "region", "continent"}
    assert {suggested_place(gazetteer.get(pid)).kind for pid in first_of_each.values()} <= set(table.ids)

