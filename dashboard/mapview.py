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
from __future__ import annotations

import html
import json
import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import folium
from folium.map import FitBounds
from branca.element import Element, MacroElement
from jinja2 import Template

from .labels import text
from .routes import DrawnLeg

BASEMAP = Path(__file__).resolve().parent.parent / "data" / "basemap" / "ne_110m_countries.geojson"
STATIC_DIR = Path(__file__).resolve().parent / "static"  # served by Streamlit at /app/static/

# Marker colour per place kind; kinds not listed are drawn grey.
KIND_COLOURS = {
    "city": "#1f5fa8", "town": "#1f5fa8", "port": "#0e7c86", "berth": "#0e7c86",
    "cosmodrome": "#8e3fb5", "village": "#b5651d", "station": "#b5651d", "border crossing": "#b5651d",
    "campus": "#2e8b57", "airfield": "#c0392b", "island": "#0e7c86", "region": "#7f8c8d", "country": "#7f8c8d",
}
# Leg styles by status: rumoured solid red, possible dashed orange, reported dotted blue,
# confirmed solid green; a "record" route (what happened) is drawn thicker.
STATUS_STYLES = {
    "rumoured": {"color": "#d62728", "dash_array": None},
    "possible": {"color": "#ff7f0e", "dash_array": "10 8"},
    "reported": {"color": "#1f77b4", "dash_array": "2 6"},
    "confirmed": {"color": "#2ca02c", "dash_array": None},
}
ONLINE_TILES = (
    ("OpenStreetMap", "OpenStreetMap"),
    ("Light (Esri grey canvas)", "Esri.WorldGrayCanvas"),
    ("Satellite (Esri)", "Esri.WorldImagery"),
)


BORDER_STYLE = {"color": "#8a8a8a", "weight": 1, "fillColor": "#f3f1ea", "fillOpacity": 0.6}


@dataclass(frozen=True)
class LeafletAssets:
    """Where the page loads Leaflet (and the borders) from; no basemap URL = borders inlined."""
    js: str
    css: str
    basemap: str | None = None

    @classmethod
    def package_dir(cls) -> Path:
        import xstatic.pkg.leaflet as xleaflet
        return Path(xleaflet.BASE_DIR)

    @classmethod
    def served(cls, url_prefix: str = "/app/static/vendor/leaflet") -> "LeafletAssets":
        """Copy Leaflet from the installed package into the app's static folder (once) and
        return the URLs Streamlit serves them at."""
        target = STATIC_DIR / "vendor" / "leaflet"
        source = cls.package_dir()
        if not (target / "leaflet.js").exists() or (target / "leaflet.js").stat().st_size != (source / "leaflet.js").stat().st_size:
            tmp = target.with_name("leaflet.tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.copytree(source, tmp, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.map"))
            shutil.rmtree(target, ignore_errors=True)
            tmp.rename(target)
        basemap = STATIC_DIR / "vendor" / BASEMAP.name
        if not basemap.exists() or basemap.stat().st_size != BASEMAP.stat().st_size:
            shutil.copyfile(BASEMAP, basemap.with_suffix(".tmp"))
            basemap.with_suffix(".tmp").replace(basemap)
        return cls(js=f"{url_prefix}/leaflet.js", css=f"{url_prefix}/leaflet.css",
                   basemap=f"{url_prefix.rsplit('/', 1)[0]}/{BASEMAP.name}")


def base_map(assets: LeafletAssets, offline: bool, center=(47.0, 120.0), zoom: int = 4, frame=None,
             lang: str = "en") -> folium.Map:
    """The part that does not change with the filters or the selection (so the map is kept
    between reruns): Leaflet from `assets`, the bundled borders, online tiles unless offline,
    the legend in `lang` (switching the language draws the map anew).
    `frame` ([[south, west], [north, east]]) is fitted to the map's size when it is first drawn
    (reruns do not run it again, so the reader's pan and zoom are kept)."""
    m = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False)
    if frame:
        fit = FitBounds(frame, padding=(24, 24))
        # Not animated: the zoom animation would end after, and undo, the pan streamlit-folium
        # makes right away when a link names a place (its `center`).
        fit.options["animate"] = False
        m.add_child(fit)
    # Only Leaflet is needed (no jQuery, Bootstrap or awesome-markers): markers are DivIcons.
    m.default_js = [("leaflet", assets.js)]
    m.default_css = [("leaflet_css", assets.css)]
    if not offline:
        for name, tiles in ONLINE_TILES:
            folium.TileLayer(tiles, name=name, show=name.startswith("Light")).add_to(m)
    if assets.basemap:
        # fetched by the browser from the app (keeps the map script small: every rerun sends it)
        BordersFromUrl(assets.basemap).add_to(m)
    else:
        folium.GeoJson(json.loads(BASEMAP.read_text(encoding="utf-8")), name="Country borders (offline)",
                       style_function=lambda _f: BORDER_STYLE, interactive=False, control=False).add_to(m)
    if not offline:
        folium.LayerControl(collapsed=True).add_to(m)
    m.get_root().header.add_child(Element(f"<style>{_CSS}</style>"))
    Legend(lang).add_to(m)
    return m


def railway_frame(railways) -> list | None:
    """The box around every station of the railways: the first view frames where the trains go.

    >>> from dashboard.railways import Railway, Station
    >>> railway_frame({"r": Railway("r", "R", (Station("a", 39.0, 125.7), Station("b", 51.9, 128.3)))})
    [[39.0, 125.7], [51.9, 128.3]]
    >>> railway_frame({}) is None
    True
    """
    stations = [s for railway in railways.values() for s in railway.stations]
    if not stations:
        return None
    return [[min(s.lat for s in stations), min(s.lon for s in stations)],
            [max(s.lat for s in stations), max(s.lon for s in stations)]]


def marker_size(count: int) -> int:
    """Marker diameter in pixels: grows with the square root of the passage count."""
    return 16 + round(7 * math.sqrt(count))


def place_label(place, count: int) -> str:
    zh = place.names.get("zh")
    names = f"{place.name} · {zh}" if zh else place.name
    return f"{names} — {count} passage{'s' if count != 1 else ''}"


def place_layer(places, counts: dict, selected: str | None = None) -> folium.FeatureGroup:
    """One marker per place: colour by kind, size by passages under the filters, faded at 0.

    `title`/`alt` carry the English name (and the count) so screen readers and tests find it.
    """
    markers = []
    for place in sorted(places, key=lambda p: counts.get(p.id, 0)):  # busiest on top
        count = counts.get(place.id, 0)
        size = marker_size(count)
        classes = ["ncm-marker"] + (["ncm-faded"] if count == 0 else []) + (["ncm-selected"] if place.id == selected else [])
        label = place_label(place, count)
        markers.append({
            "lat": place.lat, "lon": place.lon, "title": label, "size": size,
            "html": (f'<div class="{" ".join(classes)}" data-place="{place.id}" aria-label="{html.escape(label)}" '
                     f'style="width:{size}px;height:{size}px;line-height:{size}px;'
                     f'background:{KIND_COLOURS.get(place.kind, "#7f8c8d")}">{count if count else ""}</div>'),
            "tooltip": (f"<b>{html.escape(place.name)}</b> · {html.escape(place.names.get('zh', ''))}"
                        f"<br>{html.escape(place.kind)} · {count} passage{'s' if count != 1 else ''}"),
        })
    group = folium.FeatureGroup(name="Places")
    group.add_child(PlaceMarkers(markers))
    return group


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
    group.add_child(RouteLines(lines))
    return group


def script_json(value) -> str:
    """JSON to put inside a script that folium renders as a Jinja template a second time:
    `{{`, `{%`, `{#` (only possible inside strings) and `</` are written as JSON escapes.

    >>> print(script_json({"t": "{{x}} </script>"}))
    {"t": "\\u007b{x}} <\\/script>"}
    """
    encoded = json.dumps(value, ensure_ascii=False)
    return re.sub(r"\{(?=[{%#])", r"\\u007b", encoded).replace("</", "<\\/")


class _ScriptPerLayer(MacroElement):
    """A layer's items drawn by one script, from their data as JSON (`this.data`).

    folium makes each element's rendered script a new Jinja template (a branca `Element`), so
    a folium Marker with its DivIcon and Tooltip costs about five template compiles on every
    rerun; one element for the whole layer keeps the rerun after a click short.
    """

    def __init__(self, items: list[dict]):
        super().__init__()
        self._name = type(self).__name__
        self.data = script_json(items)


class PlaceMarkers(_ScriptPerLayer):
    """The place markers; Enter on a focused marker selects it as a click does."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.data }};
        {{ this.get_name() }}.forEach(function (m) {
            L.marker([m.lat, m.lon], {
                title: m.title, alt: m.title,
                icon: L.divIcon({html: m.html, className: "ncm-icon", iconSize: [m.size, m.size],
                                 iconAnchor: [Math.floor(m.size / 2), Math.floor(m.size / 2)]})
            }).bindTooltip(m.tooltip, {sticky: true}).on("keypress", function (e) {
                // Enter on a focused marker: Leaflet 1.9 fires only "keypress" (a click opens
                // popups, not our panel), so pass it on as the click streamlit-folium listens to.
                if (e.originalEvent.key === "Enter") {
                    this.fire("click", {latlng: this.getLatLng(), originalEvent: e.originalEvent});
                }
            }).addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
    """)


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


class Legend(MacroElement):
    """A legend of leg statuses and marker kinds, drawn by Leaflet as a control at the bottom
    right (over the sea in the first view, not over Pyongyang); the reader can fold it."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        var legend = L.control({position: 'bottomright'});
        legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'ncm-legend');
            div.innerHTML = {{ this.html|tojson }};
            return div;
        };
        legend.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, lang: str = "en"):
        super().__init__()
        self._name = "Legend"
        lines = [f'<span class="ncm-swatch" style="border-top:4px {_line_kind(s["dash_array"])} {s["color"]}"></span>'
                 f'{text(lang, "status_" + status)}' for status, s in STATUS_STYLES.items()]
        kinds = ("city", "berth", "cosmodrome", "village", "campus", "airfield", "country")
        dots = [f'<span class="ncm-dot" style="background:{KIND_COLOURS[k]}"></span>{text(lang, "kind_" + k)}'
                for k in kinds]
        self.html = (f"<details open><summary><b>{text(lang, 'legend')}</b></summary><b>{text(lang, 'journeys')}</b><br>"
                     + "<br>".join(lines) + f"<br><small>{text(lang, 'thick_record')}</small>"
                     + f"<br><b>{text(lang, 'places_word')}</b><br>" + "<br>".join(dots)
                     + f"<br><small>{text(lang, 'size_note')}</small></details>")


def _line_kind(dash_array) -> str:
    """The CSS border style that looks like a Leaflet dash array: solid, dotted or dashed."""
    if not dash_array:
        return "solid"
    return "dotted" if int(dash_array.split()[0]) <= 3 else "dashed"


_CSS = """
.ncm-icon {background: none; border: none;}
.ncm-marker {border-radius: 50%; border: 2px solid #fff; box-shadow: 0 0 3px rgba(0,0,0,.6);
  color: #fff; font: bold 11px/1 sans-serif; text-align: center; cursor: pointer;}
.ncm-faded {opacity: .35; filter: grayscale(80%);}
.ncm-selected {border: 3px solid #111; box-shadow: 0 0 0 3px #ffd400;}
.ncm-legend summary {cursor: pointer;}
.ncm-legend {background: rgba(255,255,255,.9); padding: 4px 6px; font: 10.5px/1.3 sans-serif; border-radius: 4px; max-width: 170px;}
.ncm-swatch {display: inline-block; width: 26px; margin-right: 6px; vertical-align: middle;}
.ncm-dot {display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px;}
"""


def standalone_html(m: folium.Map) -> str:
    """The whole map as one HTML file with Leaflet inlined: opens with no network at all."""
    pkg = LeafletAssets.package_dir()
    for key, child in list(m._children.items()):  # the file must not fetch: inline the borders
        if isinstance(child, BordersFromUrl):
            del m._children[key]
            folium.GeoJson(json.loads(BASEMAP.read_text(encoding="utf-8")), style_function=lambda _f: BORDER_STYLE,
                           interactive=False, control=False).add_to(m)
    page = m.get_root().render()
    js = (pkg / "leaflet.js").read_text(encoding="utf-8")
    css = (pkg / "leaflet.css").read_text(encoding="utf-8")
    page = re.sub(r'<script src="[^"]*leaflet\.js"></script>', lambda _m: f"<script>{js}</script>", page)
    page = re.sub(r'<link rel="stylesheet" href="[^"]*leaflet\.css"/>', lambda _m: f"<style>{css}</style>", page)
    return page


def external_urls(page: str) -> list[str]:
    """http(s) URLs the page would load (src/href attributes and tile templates)."""
    found = re.findall(r'<(?:script|img|iframe)\b[^>]*\bsrc\s*=\s*["\'](https?://[^"\']+)', page)
    found += re.findall(r'<link\b[^>]*\bhref\s*=\s*["\'](https?://[^"\']+)', page)
    found += re.findall(r'["\'](https?://[^"\']*\{z\}[^"\']*)', page)
    return found
