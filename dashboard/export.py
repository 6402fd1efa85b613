"""Export the (filtered) evidence as GeoJSON or CSV.

    >>> from dashboard.corpus import load_corpus
    >>> doc = to_geojson(load_corpus())
    >>> doc["type"], {f["geometry"]["type"] for f in doc["features"]} == {"Point", "LineString"}
    ('FeatureCollection', True)

GeoJSON: one Point per place mentioned under the filters (properties id, name, names,
kind, mention_count, precision_m, coord_source, passages) and one LineString per route
leg.  CSV: one row per (place, passage) with the same fields flattened.  Coordinates are
[lon, lat] as GeoJSON (RFC 7946) requires.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from .filters import Filters, apply_filters
from .routes import route_legs

CSV_COLUMNS = ("place_id", "place_name", "place_name_zh", "kind", "lat", "lon", "article", "article_title",
               "outlet", "published", "url", "passage", "mentions", "sources", "reported_dates", "event_dates",
               "text")


def passage_record(corpus, analysed, place_id: str) -> dict:
    article = analysed.article
    return {
        "article": article.id,
        "article_title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "passage": analysed.passage.number,
        "text": analysed.text,
        "mentions": [{"surface": m.surface, "start": m.start, "end": m.end} for m in analysed.mentions_of(place_id)],
        "sources": [corpus.source_name(s) for s in analysed.source_ids()],
        "dates": [{"text": d.text, "start": d.first.isoformat(), "end": d.last.isoformat(), "kind": d.kind,
                   "precision": d.precision, "offset": [d.start, d.end]} for d in analysed.dates()],
    }


def to_geojson(corpus, filters: Filters = Filters()) -> dict:
    kept = apply_filters(corpus.passages, filters)
    features = []
    for place in corpus.places_mentioned(kept):
        passages = [passage_record(corpus, p, place.id) for p in corpus.passages_mentioning(place.id, kept)]
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "id": place.id, "name": place.name, "names": dict(place.names), "kind": place.kind,
                "mention_count": sum(len(p["mentions"]) for p in passages), "passage_count": len(passages),
                "precision_m": place.precision_m, "coord_source": place.coord_source, "passages": passages,
            },
        })
    for drawn in route_legs(corpus):
        leg = drawn.leg
        features.append({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in drawn.coordinates]},
            "properties": {
                "route": leg.route, "from": leg.start, "to": leg.end, "status": leg.status, "mode": leg.mode,
                "length_km": drawn.length_km, "via": list(leg.via),
                "claim": {"article": drawn.claim_passage[0], "passage": drawn.claim_passage[1]}
                if drawn.claim_passage else None,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def to_csv(corpus, filters: Filters = Filters()) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for feature in to_geojson(corpus, filters)["features"]:
        if feature["geometry"]["type"] != "Point":
            continue
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        for p in props["passages"]:
            writer.writerow({
                "place_id": props["id"], "place_name": props["name"], "place_name_zh": props["names"].get("zh", ""),
                "kind": props["kind"], "lat": lat, "lon": lon, "article": p["article"],
                "article_title": p["article_title"], "outlet": p["outlet"], "published": p["published"],
                "url": p["url"] or "", "passage": p["passage"],
                "mentions": "; ".join(f"{m['surface']}@{m['start']}-{m['end']}" for m in p["mentions"]),
                "sources": "; ".join(p["sources"]),
                "reported_dates": "; ".join(_date_cell(d) for d in p["dates"] if d["kind"] == "reported"),
                "event_dates": "; ".join(_date_cell(d) for d in p["dates"] if d["kind"] == "event"),
                "text": p["text"],
            })
    return out.getvalue()


def _date_cell(d: dict) -> str:
    span = d["start"] if d["start"] == d["end"] else f"{d['start']}/{d['end']}"
    return f"{d['text']}={span}"


def render(corpus, fmt: str, filters: Filters = Filters()) -> str:
    if fmt == "geojson":
        return json.dumps(to_geojson(corpus, filters), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return to_csv(corpus, filters)
    raise ValueError(f"unknown export format '{fmt}': use geojson or csv")


def write_atomic(path: str | Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
