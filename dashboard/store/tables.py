"""The index's tables: their columns (Arrow schemas), the rows of a batch of analysed
articles, and a table merged from the kept rows of the old one and the new rows.

The tables (one Parquet file each; rows sorted by article id, then as the text runs; the
article's passages, sentences and mentions in their order; ``article`` is the file name):

* ``articles`` — article, path (absolute), size, mtime_ns, sha256, published_arg (the
  ``--published`` date a .txt file without front matter was read with), title, outlet,
  published, language, url, authors, body, source (the outlet's source id), unregistered
  (sources.yaml does not list the outlet), n_passages;
* ``passages`` — article, passage (1-based), start, end (in the body), text, heading, caption,
  n_mentions, n_suggested, n_unknown, n_sentences, n_adjectival;
* ``mentions`` — article, passage, place, surface, start, end (in the passage), status
  (``gazetteer``: a places.yaml place; ``suggested``: one only the world gazetteer knows;
  ``adjectival``: a demonym of either, "Turkish"), a passage's rows in that order;
* ``sentences`` — article, passage, sentence (1-based), start, end, n_attributions, n_dates,
  n_spans;
* ``attributions`` — article, passage, sentence, source, role (speaker, credit, cited,
  inherited, outlet), in the sentence's order;
* ``spans`` — article, passage, sentence, source, start, end (in the passage): where a source
  that speaks or is cited is named (a resolved pronoun's span included);
* ``sources`` — article, id, name, kind, title, affiliation, status (``found``): the sources
  found in the article's text that sources.yaml does not list (`dashboard.text.speakers`);
* ``dates`` — article, passage, sentence, text, start, end, first, last, precision, kind
  (reported or event), implied (a reported date the sentence does not write: its source's
  last reported date, or the publication date; no text, start and end -1);
* ``unknown`` — article, passage, surface, start, end, ending: names that look like places
  but that no gazetteer knows;
* ``places`` — the suggested places the articles mention: id, name, kind, names, lat, lon,
  precision_m, coord_source, population, country;
* ``problems`` — article, line, problem, fix, kind: what was wrong in a file whose article was
  kept all the same (a url that is not http(s)).

``index.json`` beside them holds the format, the inputs' stamp and the row counts. Files are
written with fixed options (no timestamps, one row group, zstd, page checksums), so the same
articles and inputs give the same bytes whichever engine analysed them. The folder is written
beside the old one and swapped in when complete: an interrupted write leaves the old index.
"""
from __future__ import annotations

import json
from dataclasses import fields

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.places.world import SuggestedPlace
from dashboard.store.engine import Batch, FileResult
from dashboard.store.lookup_columns import arrow_column, int_view

FORMAT = 3  # bump when the tables change


_S, _I, _L, _D, _B, _F = pa.string(), pa.int32(), pa.int64(), pa.date32(), pa.bool_(), pa.float64()


SCHEMAS = {
    "articles": pa.schema([
        ("article", _S), ("path", _S), ("size", _L), ("mtime_ns", _L), ("sha256", _S), ("published_arg", _D),
        ("title", _S), ("outlet", _S), ("published", _D), ("language", _S), ("url", _S), ("authors", pa.list_(_S)),
        ("body", _S), ("source", _S), ("unregistered", _B), ("n_passages", _I)]),
    "passages": pa.schema([
        ("article", _S), ("passage", _I), ("start", _I), ("end", _I), ("text", _S), ("heading", _S),
        ("caption", _B), ("n_mentions", _I), ("n_suggested", _I), ("n_unknown", _I), ("n_sentences", _I),
        ("n_adjectival", _I)]),
    "mentions": pa.schema([
        ("article", _S), ("passage", _I), ("place", _S), ("surface", _S), ("start", _I), ("end", _I),
        ("status", _S)]),
    "sentences": pa.schema([
        ("article", _S), ("passage", _I), ("sentence", _I), ("start", _I), ("end", _I), ("n_attributions", _I),
        ("n_dates", _I), ("implied_reported", _B), ("n_spans", _I)]),
    "attributions": pa.schema([
        ("article", _S), ("passage", _I), ("sentence", _I), ("source", _S), ("role", _S)]),
    "spans": pa.schema([
        ("article", _S), ("passage", _I), ("sentence", _I), ("source", _S), ("start", _I), ("end", _I)]),
    "sources": pa.schema([
        ("article", _S), ("id", _S), ("name", _S), ("kind", _S), ("title", _S), ("affiliation", _S),
        ("status", _S)]),
    "dates": pa.schema([
        ("article", _S), ("passage", _I), ("sentence", _I), ("text", _S), ("start", _I), ("end", _I),
        ("first", _D), ("last", _D), ("precision", _S), ("kind", _S), ("implied", _B)]),
    "unknown": pa.schema([
        ("article", _S), ("passage", _I), ("surface", _S), ("start", _I), ("end", _I), ("ending", _S)]),
    "places": pa.schema([
        ("id", _S), ("name", _S), ("kind", _S), ("lat", _F), ("lon", _F), ("record", _S)]),
    "problems": pa.schema([
        ("article", _S), ("line", _I), ("problem", _S), ("fix", _S), ("kind", _S)]),
}


TABLES = tuple(SCHEMAS)


# Columns with few distinct values: dictionary-encoded in the files, and each distinct string
# made once in Python when the corpus is read.
REPEATED = ("article", "outlet", "language", "source", "heading", "place", "surface", "status", "role", "text",
             "precision", "kind", "ending", "problem", "fix")


LONG_TEXT = {"articles": ("body", "text"), "passages": ("text",)}  # unique per row: no dictionary


# Read back dictionary-encoded, as they are written: the article ids alone, spelled out on each
# of ~1.2 million rows, were ~45 MB; 10,000 articles' tables read in 0.1 s instead of 0.3-0.4 s
# and hold ~90 MB instead of ~145 (RSS +125 MB instead of +180-230).  The places table (a few
# hundred rows) stays plain: its new version is compared with the old one.
READ_DICTIONARY = {name: [c for c in schema.names if c in REPEATED and c not in LONG_TEXT.get(name, ())]
                    for name, schema in SCHEMAS.items() if name != "places"}


AS_READ = {name: pa.schema([pa.field(f.name, pa.dictionary(pa.int32(), f.type), f.nullable)
                             if f.name in READ_DICTIONARY.get(name, ()) else f for f in schema])
            for name, schema in SCHEMAS.items()}


# Fixed writer options: the same rows give the same bytes (no timestamps are written).
WRITE_OPTIONS = dict(compression="zstd", compression_level=1, write_statistics=["article", "passage", "sentence", "place",
                                                                          "first", "last", "published", "id"],
              data_page_version="2.0", write_page_checksum=True, store_schema=True)


MANIFEST = ("path", "size", "mtime_ns", "sha256", "published_arg")  # filled in by the loader, which saw the file


BATCH_SCHEMAS = {name: schema.append(pa.field("_file", _I)) for name, schema in SCHEMAS.items() if name != "places"}


def batch_tables(batch):
    """A batch of analysed files as Arrow tables, made where the batch ran (`engine.run_batches`'s
    `finish`): compact to send and to keep. Every row has `_file`, its file's place in the batch;
    the results keep only what the loader reads (problems, id, outlet, suggested places)."""
    columns = _rows_of([(i, r) for i, r in enumerate(batch.results) if r.passages is not None])
    tables = {name: pa.table(cols, schema=BATCH_SCHEMAS[name]) for name, cols in columns.items()}
    light = [FileResult(r.path, r.problems, None, None, r.outlet, r.unregistered, r.failure, r.places, r.article_id,
                        r.analysed, r.found) for r in batch.results]
    return Batch(light, batch.world_problem, tables)


def _rows_of(results) -> dict[str, dict[str, list]]:
    """Column lists of every table (but places) for analysed files: [(place in the batch, FileResult)]."""
    cols = {name: {f.name: [] for f in schema} for name, schema in BATCH_SCHEMAS.items()}
    a, p, m, s, at, d, u, pr, sp, so = (cols[n] for n in ("articles", "passages", "mentions", "sentences",
                                                         "attributions", "dates", "unknown", "problems", "spans",
                                                         "sources"))
    for position, result in results:
        article = result.article
        aid = article.id
        before = {name: len(c["_file"]) for name, c in cols.items()}
        _append(a, article=aid, path=None, size=None, mtime_ns=None, sha256=None, published_arg=None,
                title=article.title, outlet=article.outlet, published=article.published, language=article.language,
                url=article.url, authors=list(article.authors), body=article.body,
                source=result.outlet, unregistered=result.unregistered, n_passages=len(article.passages))
        for source in result.found:
            _append(so, article=aid, id=source.id, name=source.name, kind=source.kind, title=source.title,
                    affiliation=source.affiliation, status=source.status)
        for problem in result.problems:
            _append(pr, article=aid, line=problem.line, problem=problem.problem, fix=problem.fix,
                    kind=problem.kind.value)
        for analysed in result.passages:
            passage = analysed.passage
            number = passage.number
            _append(p, article=aid, passage=number, start=passage.start, end=passage.end, text=passage.text,
                    heading=passage.heading, caption=passage.is_caption, n_mentions=len(analysed.mentions),
                    n_suggested=len(analysed.suggested), n_unknown=len(analysed.unknown),
                    n_sentences=len(analysed.sentences), n_adjectival=len(analysed.adjectival))
            for status, mentions in (("gazetteer", analysed.mentions), ("suggested", analysed.suggested),
                                     ("adjectival", analysed.adjectival)):
                for mention in mentions:
                    _append(m, article=aid, passage=number, place=mention.place, surface=mention.surface,
                            start=mention.start, end=mention.end, status=status)
            for name in analysed.unknown:
                _append(u, article=aid, passage=number, surface=name.surface, start=name.start, end=name.end,
                        ending=name.ending)
            for number_s, sentence in enumerate(analysed.sentences, 1):
                implied = sentence.implied_reported
                _append(s, article=aid, passage=number, sentence=number_s, start=sentence.start, end=sentence.end,
                        n_attributions=len(sentence.attributions), n_dates=len(sentence.dates),
                        implied_reported=implied is not None, n_spans=len(sentence.spans))
                for start, end, source in sentence.spans:
                    _append(sp, article=aid, passage=number, sentence=number_s, source=source, start=start, end=end)
                for attribution in sentence.attributions:
                    _append(at, article=aid, passage=number, sentence=number_s, source=attribution.source,
                            role=attribution.role)
                for date in sentence.dates:
                    _append(d, article=aid, passage=number, sentence=number_s, text=date.text, start=date.start,
                            end=date.end, first=date.first, last=date.last, precision=date.precision,
                            kind=date.kind, implied=False)
                if implied is not None:  # days only: nothing is written
                    _append(d, article=aid, passage=number, sentence=number_s, text="", start=-1, end=-1,
                            first=implied.first, last=implied.last, precision=implied.precision,
                            kind="reported", implied=True)
        for name, c in cols.items():
            c["_file"] += [position] * (len(c["article"]) - before[name])
    return cols


def _append(columns: dict, **values) -> None:
    for key, value in values.items():
        columns[key].append(value)


def place_row(place) -> dict:
    record = {f.name: getattr(place, f.name) for f in fields(place)}
    return {"id": place.id, "name": place.name, "kind": place.kind, "lat": float(place.lat), "lon": float(place.lon),
            "record": json.dumps(record, ensure_ascii=False)}


def place_of_row(record: str):
    values = json.loads(record)
    for f in fields(SuggestedPlace):  # JSON has lists where the record has tuples
        if isinstance(values.get(f.name), list):
            values[f.name] = tuple(values[f.name])
        elif f.name == "aliases":
            values[f.name] = {k: tuple(v) for k, v in values[f.name].items()}
    return SuggestedPlace(**values)


def merged_table(base: pa.Table | None, new: pa.Table, kept_rank: dict, new_rank: dict) -> pa.Table:
    """The rows of `base` whose article is kept and every row of `new`, in the order of their
    articles' ranks; the rows of one article in the order they came."""
    parts, ranks = [], []
    if base is not None and new.schema != base.schema:  # the index's strings are read as dictionaries
        new = new.cast(base.schema)
    for table, rank in ((base, kept_rank), (new, new_rank)):
        if table is not None and table.num_rows:
            parts.append(table)
            ranks.append(_ranks(arrow_column(table, "article"), rank))
    if not parts:
        return new
    ranks = np.concatenate(ranks)
    order = np.argsort(ranks, kind="stable")[np.count_nonzero(ranks < 0):]  # dropped rows (-1) come first: cut
    combined = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
    if not len(order):
        return combined.slice(0, 0)
    breaks = np.flatnonzero(np.diff(order) != 1) + 1  # the order is mostly long runs of rows: copy runs, not rows
    if len(breaks) > 1000:
        return combined.take(pa.array(order))
    starts = np.concatenate([[0], breaks])
    ends = np.concatenate([breaks, [len(order)]])
    return pa.concat_tables([combined.slice(int(order[a]), int(b - a)) for a, b in zip(starts, ends)])  # (the


def _ranks(articles: pa.Array, rank: dict) -> np.ndarray:
    """The rank of each row's article, -1 for an article not in `rank`."""
    encoded = pc.dictionary_encode(articles)
    lookup = np.array([rank.get(aid, -1) for aid in encoded.dictionary.to_pylist()], dtype=np.int64)
    return lookup[int_view(encoded.indices)]
