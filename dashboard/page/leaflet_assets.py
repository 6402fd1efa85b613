"""Leaflet and Leaflet.markercluster from the `xstatic-leaflet` packages, never a CDN:
`LeafletAssets.served` points at copies the app serves itself (copied into `dashboard/static/vendor/`
at start, with the basemap tiles), `LeafletAssets.inline` is for the standalone HTML download.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet
import xstatic.pkg.leaflet_markercluster as xcluster

from dashboard.base.atomic import private_sibling, swap_in
from dashboard.base.paths import DATA_DIR, STATIC_DIR
from dashboard.page import basemap_tiles as tiles_module

BASEMAP = DATA_DIR / "basemap" / "ne_110m_countries.geojson"  # Natural Earth country outlines: the fallback basemap


@dataclass(frozen=True)
class LeafletAssets:
    """Where the page loads its browser code and basemap from.

    `cluster_js`/`cluster_css`: Leaflet.markercluster (groups overlapping markers; a click fans
    a group out).  `tiles`: a URL template of the bundled OSM raster tiles (zoom 0–6).
    `basemap`: the URL of the country outlines; None = outlines inlined in the page.
    """
    js: str
    css: str
    basemap: str | None = None
    cluster_js: str | None = None
    cluster_css: tuple[str, ...] = ()
    tiles: str | None = None

    @classmethod
    def package_dir(cls) -> Path:
        return Path(xleaflet.BASE_DIR)

    @classmethod
    def cluster_dir(cls) -> Path:
        return Path(xcluster.BASE_DIR)

    @classmethod
    def served(cls, url_prefix: str = "/app/static/vendor") -> "LeafletAssets":
        """Copy Leaflet, Leaflet.markercluster and the basemap from the installed packages into
        the app's static folder (once) and return the URLs Streamlit serves them at."""
        vendor = STATIC_DIR / "vendor"
        _copy_package(cls.package_dir(), vendor / "leaflet", "leaflet.js")
        _copy_package(cls.cluster_dir(), vendor / "markercluster", "leaflet.markercluster.js")
        basemap = vendor / BASEMAP.name
        if not basemap.exists() or basemap.stat().st_size != BASEMAP.stat().st_size:
            tmp = private_sibling(basemap)
            shutil.copyfile(BASEMAP, tmp)
            tmp.replace(basemap)
        tiles = tiles_module.extract_tiles(vendor / "tiles")
        return cls(js=f"{url_prefix}/leaflet/leaflet.js", css=f"{url_prefix}/leaflet/leaflet.css",
                   basemap=f"{url_prefix}/{BASEMAP.name}",
                   cluster_js=f"{url_prefix}/markercluster/leaflet.markercluster.js",
                   cluster_css=(f"{url_prefix}/markercluster/MarkerCluster.css",),
                   tiles=f"{url_prefix}/tiles/{{z}}/{{x}}/{{y}}.png" if tiles else None)


def _copy_package(source: Path, target: Path, probe: str) -> None:
    """Copy a static package's files (no Python, no source maps) unless the copy is current."""
    if (target / probe).exists() and (target / probe).stat().st_size == (source / probe).stat().st_size:
        return
    tmp = private_sibling(target)
    shutil.copytree(source, tmp, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.map"))
    swap_in(tmp, target)
