"""The map as one HTML file that opens with no network at all: Leaflet and markercluster
inlined, the country outlines in place of the app's tiles.
"""
from __future__ import annotations

import json
import re

import folium

from dashboard.page.folium_map import BORDER_STYLE, BordersFromUrl
from dashboard.page.leaflet_assets import BASEMAP, LeafletAssets


def standalone_html(m: folium.Map) -> str:
    """The whole map as one HTML file with Leaflet and markercluster inlined: opens with no
    network at all (the app's tiles are replaced by the bundled country outlines)."""
    for key, child in list(m._children.items()):  # the file must not fetch: inline the borders
        served_tiles = isinstance(child, folium.TileLayer) and str(child.tiles).startswith("/")
        if isinstance(child, BordersFromUrl) or served_tiles:
            del m._children[key]
    if not any(isinstance(child, folium.GeoJson) for child in m._children.values()):
        borders = folium.GeoJson(json.loads(BASEMAP.read_text(encoding="utf-8")), style_function=lambda _f: BORDER_STYLE,
                                 interactive=False, control=False)
        m.add_child(borders, index=0)
    page = m.get_root().render()
    leaflet, cluster = LeafletAssets.package_dir(), LeafletAssets.cluster_dir()
    inline_js = {"leaflet.js": leaflet / "leaflet.js", "leaflet.markercluster.js": cluster / "leaflet.markercluster.js"}
    inline_css = {"leaflet.css": leaflet / "leaflet.css", "MarkerCluster.css": cluster / "MarkerCluster.css"}
    for name, path in inline_js.items():
        code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        page = re.sub(rf'<script src="[^"]*/{re.escape(name)}"></script>', lambda _m: f"<script>{code}</script>", page)
    for name, path in inline_css.items():
        css = path.read_text(encoding="utf-8")
        page = re.sub(rf'<link rel="stylesheet" href="[^"]*/{re.escape(name)}"/>', lambda _m: f"<style>{css}</style>", page)
    return page


def external_urls(page: str) -> list[str]:
    """http(s) URLs the page would load (src/href attributes and tile templates)."""
    found = re.findall(r'<(?:script|img|iframe)\b[^>]*\bsrc\s*=\s*["\'](https?://[^"\']+)', page)
    found += re.findall(r'<link\b[^>]*\bhref\s*=\s*["\'](https?://[^"\']+)', page)
    found += re.findall(r'["\'](https?://[^"\']*\{z\}[^"\']*)', page)
    return found
