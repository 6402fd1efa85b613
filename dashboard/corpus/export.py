"""Export the (filtered) evidence as GeoJSON or CSV.

    >>> from dashboard.corpus.analysis import load_corpus
    >>> doc = to_geojson(load_corpus())
    >>> doc["type"], {f["geometry"]["type"] for f in doc["features"]} == {"Point", "LineString"}
    ('FeatureCollection', True)

GeoJSON: one Point per place mentioned under the filters (properties id, name, names,
kind, mention_count, precision_m, coord_source, passages, disputed) and one LineString per route
leg.  CSV: one row per (place, passage) with the same fields flattened.  Coordinates are
[lon, lat] as GeoJSON (RFC 7946) requires.

Where sources disagree (dashboard/corpus/claims.py): a place's `disputed` is true when sources
conflict there or a claim meets the record, over the whole corpus's claims (as the map's ring,
whatever the filters); each passage's `stances` are those of the claims it makes about that
place (each once, in text order; empty when it makes none).

`write_export` streams: features and rows are written one at a time, so memory grows with one
place's passages, not with the whole document (a big corpus once took gigabytes to export).
"""
from __future__ import annotations

import csv
import io
import json
from typing import TextIO

from dashboard.corpus.claims import corpus_claims, corpus_disputes, mention_stances
from dashboard.corpus.filters import Filters, apply_filters
from dashboard.places.routes import route_legs

CSV_COLUMNS = ("place_id", "place_name", "place_name_zh", "kind", "status", "coord_source", "lat", "lon", "article", "article_title",
               "outlet", "published", "url", "passage", "mentions", "sources", "reported_dates", "event_dates",
               "text", "disputed", "stances")
# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…), +cmd|…, @SUM…);
# tab and carriage return are on OWASP's list because some programs strip them first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def passage_record(corpus, analysed, place_id: str, stances: dict | None = None) -> dict:
    """A passage under a place; `stances` is `claims.mention_stances` of the corpus's claims
    (None: none are read, and the record has no `stances`)."""
    article = analysed.article
    record = {
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
    if stances is not None:
        record["stances"] = stances.get((article.id, analysed.passage.number, place_id), [])
    return record


def _claims_read(corpus) -> tuple[set, dict]:
    """(the disputed places' ids, `mention_stances`) of the corpus's claims (read once per corpus)."""
    claims = corpus_claims(corpus)
    return set(corpus_disputes(corpus, claims)), mention_stances(claims)


def _places_with_passages(corpus, filters: Filters):
    """(place, [analysed passage, …]) for each place mentioned under the filters, most mentioned first.

    One pass indexes passages by place (instead of one scan of every passage per place).  The
    writers build the records from these as they write them, and drop them once written."""
    kept = apply_filters(corpus.passages, filters)
    by_place: dict[str, list] = {}
    for analysed in kept:
        for place_id in analysed.place_ids():
            by_place.setdefault(place_id, []).append(analysed)
    for place in corpus.places_mentioned(kept):
        if filters.shows_place(place):
            yield place, by_place.get(place.id, [])


def geojson_features(corpus, filters: Filters = Filters()):
    disputed, stances = _claims_read(corpus)
    for place, analysed in _places_with_passages(corpus, filters):
        passages = [passage_record(corpus, p, place.id, stances) for p in analysed]
        yield {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "id": place.id, "name": place.name, "names": dict(place.names), "kind": place.kind,
                "mention_count": sum(len(p["mentions"]) for p in passages), "passage_count": len(passages),
                "precision_m": place.precision_m, "coord_source": place.coord_source,
                "status": place.status, "passages": passages, "disputed": place.id in disputed,
            },
        }
    for drawn in (d for d in route_legs(corpus) if filters.shows_route(d.leg.route)):
        leg = drawn.leg
        yield {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in drawn.coordinates]},
            "properties": {
                "route": leg.route, "from": leg.start, "to": leg.end, "status": leg.status, "mode": leg.mode,
                "length_km": drawn.length_km, "via": list(leg.via),
                "claim": {"article": drawn.claim_passage[0], "passage": drawn.claim_passage[1]}
                if drawn.claim_passage else None,
            },
        }


def to_geojson(corpus, filters: Filters = Filters()) -> dict:
    return {"type": "FeatureCollection", "features": list(geojson_features(corpus, filters))}


def write_geojson(corpus, filters: Filters, out: TextIO) -> None:
    out.write('{\n  "type": "FeatureCollection",\n  "features": [')
    separator = "\n    "
    for feature in geojson_features(corpus, filters):
        out.write(separator)
        # chunk by chunk: one place's feature can be large.  JSON escapes newlines inside strings,
        # so every "\n" in a chunk is layout and may be indented.
        for chunk in _ENCODER.iterencode(feature):
            out.write(chunk.replace("\n", "\n    "))
        separator = ",\n    "
    out.write("\n  ]\n}\n")


def write_csv(corpus, filters: Filters, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    disputed, stances = _claims_read(corpus)
    for place, analysed in _places_with_passages(corpus, filters):
        for p in (passage_record(corpus, a, place.id, stances) for a in analysed):
            writer.writerow({key: neutralise(value) for key, value in {
                "place_id": place.id, "place_name": place.name, "place_name_zh": place.names.get("zh", ""),
                "kind": place.kind, "status": place.status, "coord_source": place.coord_source,
                "lat": place.lat, "lon": place.lon, "article": p["article"],
                "article_title": p["article_title"], "outlet": p["outlet"], "published": p["published"],
                "url": p["url"] or "", "passage": p["passage"],
                "mentions": "; ".join(f"{m['surface']}@{m['start']}-{m['end']}" for m in p["mentions"]),
                "sources": "; ".join(p["sources"]),
                "reported_dates": "; ".join(_date_cell(d) for d in p["dates"] if d["kind"] == "reported"),
                "event_dates": "; ".join(_date_cell(d) for d in p["dates"] if d["kind"] == "event"),
                "text": p["text"],
                "disputed": "true" if place.id in disputed else "false",
                "stances": "; ".join(p["stances"]),
            }.items()})


ROW_FORMATS = ("csv", "jsonl")


def write_rows(rows, out, fmt: str, columns, csv_cells, what: str) -> None:
    """Rows (dicts) as JSON Lines, or as CSV with `csv_cells(row)` (a dict of `columns`) each, its
    text neutralised; one row at a time, so memory grows with one row (the passages and claims exports)."""
    if fmt not in ROW_FORMATS:
        raise ValueError(f"unknown {what} format '{fmt}': use csv or jsonl")
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise(value) for key, value in csv_cells(row).items()})


def neutralise(value):
    """Text that a spreadsheet would run as a formula, behind a single quote; anything else as it is.

    >>> neutralise('=HYPERLINK("http://x","click")'), neutralise("-5 km"), neutralise("Khasan"), neutralise(-5.5)
    ('\\'=HYPERLINK("http://x","click")', "'-5 km", 'Khasan', -5.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _date_cell(d: dict) -> str:
    span = d["start"] if d["start"] == d["end"] else f"{d['start']}/{d['end']}"
    return f"{d['text']}={span}"


_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=2)
_WRITERS = {"geojson": write_geojson, "csv": write_csv}


def write_export(corpus, fmt: str, filters: Filters, out: TextIO) -> None:
    if fmt not in _WRITERS:
        raise ValueError(f"unknown export format '{fmt}': use geojson or csv")
    _WRITERS[fmt](corpus, filters, out)


def render(corpus, fmt: str, filters: Filters = Filters()) -> str:
    out = io.StringIO()
    write_export(corpus, fmt, filters, out)
    return out.getvalue()
