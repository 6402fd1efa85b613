"""What the page shows, computed without Streamlit: rows, cards, highlighted passages.

    >>> highlight("从平壤前往<b>", [(1, 3)])
    '从<mark>平壤</mark>前往&lt;b&gt;'

Counts and place names are written by dashboard/page/labels.py (`plural`, `count`, `place_name`),
kinds are named and coloured by the place-kinds table (dashboard/places/kinds.py).
"""
from __future__ import annotations

import datetime as dt
import html
import math

import numpy as np

from dashboard.page.claims_view import passage_anchor
from dashboard.places.kinds import KindTable
from dashboard.places.kinds import table as bundled_kinds
from dashboard.text.articles import is_web_link


def highlight(text: str, spans, speakers=()) -> str:
    """HTML of `text` with each (start, end) span wrapped in <mark>, and each speaker's mention,
    (start, end, tooltip), in <mark class="ncm-speaker" title=…>; everything escaped.  Where a
    speaker's mention and a place overlap ("Ottawa said"), the place is marked.

    >>> highlight("Soylu said it", [], [(0, 5, "Interior Minister")])
    '<mark class="ncm-speaker" title="Interior Minister">Soylu</mark> said it'
    """
    marks = sorted([(start, end, None) for start, end in spans] + list(speakers),
                   key=lambda m: (m[0], m[2] is not None))
    out, position = [], 0
    for start, end, tooltip in marks:
        if start < position:
            continue
        opening = "<mark>" if tooltip is None else f'<mark class="ncm-speaker" title="{html.escape(tooltip)}">'
        out += [html.escape(text[position:start]), opening, html.escape(text[start:end]), "</mark>"]
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


def source_detail(source, found_word: str = "found in the text") -> str:
    """What a card says of a source beside its name: its title and affiliation, and whether it was
    found in the text rather than listed in sources.yaml.

    >>> from dashboard.text.sources import Source
    >>> source_detail(Source("found:x", "X", "person", None, {}, "Turkey", title="Interior Minister", status="found"))
    'Interior Minister, Turkey · found in the text'
    """
    if source is None:
        return ""
    said = ", ".join(part for part in (source.title, source.affiliation if source.status == "found" else None) if part)
    return " · ".join(part for part in (said, found_word if source.status == "found" else "") if part)


def place_rows(places, counts) -> list[dict]:
    """A row per place of `places` that `counts` (place id -> passages) names, most passages
    first (ties in the order given)."""
    mentioned = sorted((p for p in places if counts.get(p.id, 0) > 0), key=lambda p: -counts[p.id])
    return [{"id": place.id, "place": place.name, "中文": place.names.get("zh", ""), "kind": place.kind,
             "passages": counts[place.id], "lat": place.lat, "lon": place.lon,
             "status": place.status}
            for place in mentioned]


OVERVIEW_CSS = """<style>
.ncm-overview {width: 100%; border-collapse: collapse; font-size: .88rem;}
.ncm-overview th {text-align: left; font-weight: 600; border-bottom: 1px solid #ccc; padding: 2px 6px;}
.ncm-overview td {padding: 2px 6px; border-bottom: 1px solid #eee; vertical-align: middle;}
.ncm-overview .ncm-zh {color: #666; margin-left: .4em; white-space: nowrap;}
.ncm-overview .ncm-kind {color: #555; white-space: nowrap;}
.ncm-overview .ncm-dot {display: inline-block; width: .7em; height: .7em; border-radius: 50%; margin-right: .35em;}
.ncm-overview .ncm-badge {font-size: .75em; border: 1px dashed #888; border-radius: 3px; padding: 0 .3em;
  margin-left: .4em; color: #555; white-space: nowrap;}
.ncm-overview .ncm-n {text-align: right; white-space: nowrap; width: 30%;}
.ncm-overview .ncm-bar {display: inline-block; height: .6em; background: #c0392b; opacity: .55; margin-right: .4em;
  vertical-align: middle;}
</style>"""


def overview_table(rows, headers=("place", "kind", "passages"), kinds: KindTable | None = None,
                   suggested_label="suggested", lang: str = "en") -> str:
    """Places ranked by passages as a small HTML table: place (English and Chinese), kind with
    its map colour and its name in `lang` (from `kinds`, default the bundled place-kinds
    table), and the count with a bar.  A plain table rather than a data grid, so the page has
    no large script to fetch before it draws the map.  Every cell is escaped; each row carries
    `data-place`, `data-kind` and `data-passages` for tests and scripts; a place the world
    gazetteer suggested carries a "suggested" badge.

    >>> html_ = overview_table([{"id": "pier-33", "place": "Pier 33", "中文": "33号码头", "kind": "berth", "passages": 2},
    ...                         {"id": "x", "place": "<b>X</b>", "中文": "", "kind": "city", "passages": 1}], lang="zh")
    >>> print([line for line in html_.splitlines() if line.startswith("<tr data")][1])  # doctest: +NORMALIZE_WHITESPACE
    <tr data-place="x" data-kind="city" data-passages="1"><td>&lt;b&gt;X&lt;/b&gt;</td><td class="ncm-kind"><span
    class="ncm-dot" style="background:#1f5fa8"></span>城市</td><td class="ncm-n"><span class="ncm-bar"
    style="width:40%"></span>1</td></tr>
    """
    kinds = kinds or bundled_kinds()
    most = max((r["passages"] for r in rows), default=0) or 1
    out = [OVERVIEW_CSS, '<table class="ncm-overview"><thead><tr>'
           + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr></thead><tbody>"]
    for r in rows:
        zh = f'<span class="ncm-zh">{html.escape(r["中文"])}</span>' if r["中文"] else ""
        dot = f'<span class="ncm-dot" style="background:{html.escape(kinds.colour(r["kind"]))}"></span>'
        bar = f'<span class="ncm-bar" style="width:{round(80 * r["passages"] / most)}%"></span>'
        if r.get("status") == "suggested":
            zh += f'<span class="ncm-badge">{html.escape(suggested_label)}</span>'
        out.append(f'<tr data-place="{html.escape(r["id"])}" data-kind="{html.escape(r["kind"])}" '
                   f'data-passages="{int(r["passages"])}"><td>{html.escape(r["place"])}{zh}</td>'
                   f'<td class="ncm-kind">{dot}{html.escape(kinds.label(r["kind"], lang))}</td>'
                   f'<td class="ncm-n">{bar}{int(r["passages"])}</td></tr>')
    out.append("</tbody></table>")
    return "\n".join(out)


def passage_cards(corpus, passages, place_id: str, adjectival: bool = False) -> list[dict]:
    """Cards of the passages that name the place (with `adjectival`: of passages that use its
    adjective, "Turkish", the adjective marked as a name is)."""
    cards = []
    chosen = passages if adjectival else corpus.passages_mentioning(place_id, passages)
    for p in chosen:
        marked = [m for m in p.adjectival if m.place == place_id] if adjectival else p.mentions_of(place_id)
        article = p.article
        sources = {sid: corpus.registry.sources.get(sid) for sid in p.source_ids()}
        speakers = [(start, end, " · ".join(x for x in (corpus.source_name(sid), source_detail(sources.get(sid))) if x))
                    for sentence in p.sentences for start, end, sid in getattr(sentence, "spans", ())]
        cards.append({
            "key": p.key,
            "html": highlight(p.text, [(m.start, m.end) for m in marked], speakers),
            "sources": [corpus.source_name(s) for s in p.source_ids()],
            "details": [source_detail(sources[s]) for s in p.source_ids()],
            "reported": [f"{d.text} → {_span(d)}" for d in p.dates() if d.kind == "reported"],
            "event": [f"{d.text} → {_span(d)}" for d in p.dates() if d.kind == "event"],
            "article": article.title, "outlet": article.outlet or "unknown outlet",
            "published": article.published.isoformat() if article.published else "date unknown",
            "url": article.url, "passage": p.passage.number, "places": p.place_ids(),
        })
    return cards


def unknown_table(names) -> str:
    """The place-like names no gazetteer knows, each with the passages that name it (article ¶n).

    >>> from types import SimpleNamespace as N
    >>> p = N(article=N(id="a.md"), passage=N(number=3))
    >>> unknown_table([N(surface="Tumen <River>", passages=(p,))])
    '<ul class="ncm-unknown"><li><b>Tumen &lt;River&gt;</b> — a.md ¶3</li></ul>'
    """
    items = [f"<li><b>{html.escape(n.surface)}</b> — "
             + ", ".join(f"{html.escape(p.article.id)} ¶{int(p.passage.number)}" for p in n.passages) + "</li>"
             for n in names]
    return '<ul class="ncm-unknown">' + "".join(items) + "</ul>"


def safe_url(url) -> str | None:
    """`url` when it is an http(s) address with a host, else None: links come only from these.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)"), safe_url("//evil"), safe_url(None)
    ('https://example.org/a?b=1', None, None, None)
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if is_web_link(url) else None


def card_html(card: dict, words: dict, others=()) -> str:
    """One passage card as one HTML block: the passage with its mentions marked, the source
    chips, the dates, the article line and the other places it names.  Every string from the
    data is escaped (a title or outlet written as Markdown or HTML shows as text), the only
    outside link is a checked http(s) URL, and there is no newline, so no Markdown is ever read
    inside the block.
    `words`: the interface words `reported_on`, `events_on`, `original` and `also_named` in the
    reader's language; `others`: (place id, label, the view's link with that place selected) of
    each other place: a click selects it (dashboard/page/link_component.py), a new tab opens its link.
    """
    e = html.escape
    parts = [f'<div class="ncm-passage" id="{passage_anchor(card["key"][0], card["passage"])}" '
             f'data-passage="{e(card["key"][0])}#{int(card["passage"])}">{card["html"]}</div>']
    if card["sources"]:
        details = card.get("details") or [""] * len(card["sources"])
        parts.append('<div class="ncm-chips">' + " ".join(
            f"<code>{e(s)}</code>" + (f' <span class="ncm-detail">{e(d)}</span>' if d else "")
            for s, d in zip(card["sources"], details)) + "</div>")
    for key, dates in (("reported_on", card["reported"]), ("events_on", card["event"])):
        if dates:
            parts.append(f'<p class="ncm-caption">{e(words[key])}: {e("; ".join(dates))}</p>')
    line = f'{e(card["article"])} · {e(card["outlet"])} · {e(card["published"])} · ¶{int(card["passage"])}'
    url = safe_url(card["url"])
    if url:
        line += f' · <a href="{e(url)}" target="_blank" rel="noopener noreferrer">{e(words["original"])}</a>'
    parts.append(f'<p class="ncm-caption">{line}</p>')
    if others:
        parts.append(f'<p class="ncm-also">{e(words["also_named"])} ' + " ".join(
            f'<a class="ncm-goto" href="{e(href)}" data-goto="{e(pid)}">{e(label)}</a>' for pid, label, href in others)
            + "</p>")
    return "".join(parts).replace("\n", "<br>").replace("\r", "")


def cards_block(heading: str, cards_html, detail: str = "") -> str:
    """A source's cards under its heading, as one HTML block (one page element instead of three
    per card: at 40 cards those made half of a click's and a third of a filter change's run).

    >>> cards_block("Said by: <TASS>", ["<p>a</p>", "<p>b</p>"])
    '<h5 class="ncm-said-by">Said by: &lt;TASS&gt;</h5><div class="ncm-card"><p>a</p></div><div class="ncm-card"><p>b</p></div>'
    """
    head = ""
    if heading:
        head = f'<h5 class="ncm-said-by">{html.escape(heading)}'
        head += f' <span class="ncm-detail">{html.escape(detail)}</span></h5>' if detail else "</h5>"
    return head + "".join(f'<div class="ncm-card">{card}</div>' for card in cards_html)


def _span(d) -> str:
    return d.first.isoformat() if d.first == d.last else f"{d.first.isoformat()} – {d.last.isoformat()}"


def focus_range(days, share: float = 0.9, pad_days: int = 3) -> tuple | None:
    """The shortest span of days holding `share` of `days`, padded by `pad_days` on each side:
    the timeline shows where the passages are, not 1880–2025 because one text names the 19th
    century.  None for no days.

    >>> import datetime as dt
    >>> d = dt.date
    >>> days = [d(2023, 9, x) for x in (1, 4, 5, 5, 6, 10, 12, 13, 15, 16)] + [d(1880, 1, 1)]
    >>> [x.isoformat() for x in focus_range(days)]
    ['2023-08-29', '2023-09-19']
    >>> [x.isoformat() for x in focus_range([d(2023, 9, 5)])]
    ['2023-09-02', '2023-09-08']
    """
    days = np.sort(np.asarray(days, dtype="datetime64[D]"))
    if not len(days):
        return None
    keep = max(1, math.ceil(share * len(days)))
    first = int(np.argmin(days[keep - 1:] - days[:len(days) - keep + 1]))  # the first of the narrowest
    pad = np.timedelta64(pad_days, "D")
    return (days[first] - pad).astype(dt.date), (days[first + keep - 1] + pad).astype(dt.date)


def article_label(article) -> str:
    """How the article filter names an article: its title, outlet and date (a month of coverage
    holds articles of the same title from several outlets or days).

    >>> import datetime as dt
    >>> from types import SimpleNamespace as A
    >>> article_label(A(title="Eyes on Khasan", outlet="TASS", published=dt.date(2023, 9, 12), id="a.md"))
    'Eyes on Khasan — TASS, 2023-09-12'
    >>> article_label(A(title="", outlet="", published=None, id="wire.txt"))
    'wire.txt'
    """
    where = ", ".join(part for part in (article.outlet, article.published and article.published.isoformat()) if part)
    title = article.title or article.id
    return f"{title} — {where}" if where else title


def focus_timeline(frame, share: float = 0.9, pad_days: int = 3) -> tuple:
    """The timeline's points (a frame with a YYYY-MM-DD `date` column) with the dates outside
    `focus_range` moved to its edges (`edge`: "before" or "after", the true date kept in
    `date_written`), the range, and how many went to each edge.  On numpy columns: the rows as
    dicts took ~8 ms of a filter change for 2,000 points.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"date": ["2023-09-05", "1880-01-01", "2023-09-06"], "source": ["TASS"] * 3})
    >>> shown, span, moved = focus_timeline(frame, share=0.6)
    >>> shown.to_dict("list"), [d.isoformat() for d in span], moved
    ({'date': ['2023-09-05', '2023-09-02', '2023-09-06'], 'source': ['TASS', 'TASS', 'TASS'], 'date_written': ['2023-09-05', '1880-01-01', '2023-09-06'], 'edge': ['', 'before', '']}, ['2023-09-02', '2023-09-09'], {'before': 1, 'after': 0})
    """
    days = frame["date"].to_numpy().astype("datetime64[D]")
    span = focus_range(days, share, pad_days)
    if span is None:
        return frame, None, {"before": 0, "after": 0}
    start, end = np.datetime64(span[0], "D"), np.datetime64(span[1], "D")
    edge = np.where(days < start, "before", np.where(days > end, "after", ""))
    shown = frame.assign(date=np.datetime_as_string(np.clip(days, start, end)).astype(object),
                         date_written=frame["date"], edge=edge.astype(object))
    return shown, span, {"before": int((edge == "before").sum()), "after": int((edge == "after").sum())}


def timeline_spec(span: tuple, sized: bool, stances: list | None = None, legend_title: str = "") -> dict:
    """The timeline's Vega-Lite spec, for the rows of `focus_timeline` (given as the chart's data):
    a point per row at its date (x, the x axis over `span`) and source (y, one colour each); a
    row moved to an edge drawn as a triangle pointing out; with `sized`, the point's area by its
    `passages` (a grouped timeline), else all alike.

    With `stances` ([(label, colour), …], the stances the rows hold, in the legend's order), the
    points are coloured by their `stance` column (the labels) instead, with a legend under
    `legend_title`, and a source's points of different stances on one day sit side by side
    in its row (yOffset) rather than on top of each other.

    Written as Vega-Lite JSON rather than built with Altair: Altair validates every channel
    against its schema on each rerun, which was half of a filter change's server time on the
    bundled article (benchmarks/page.py).

    >>> import datetime as dt
    >>> spec = timeline_spec((dt.date(2023, 9, 1), dt.date(2023, 9, 9)), sized=False)
    >>> spec["encoding"]["x"]["scale"], spec["encoding"]["size"]
    ({'domain': ['2023-09-01', '2023-09-09']}, {'value': 90})
    >>> spec = timeline_spec((dt.date(2023, 9, 1), dt.date(2023, 9, 9)), False, [("hedged", "#e08a00")], "stance")
    >>> spec["encoding"]["color"]["scale"], spec["encoding"]["color"]["legend"]["title"]
    ({'domain': ['hedged'], 'range': ['#e08a00']}, 'stance')
    """
    size = ({"field": "passages", "type": "quantitative", "legend": None, "scale": {"range": [60, 400]}}
            if sized else {"value": 90})
    fields = (("period", "nominal"), ("last", "nominal"), ("kind", "nominal"), ("source", "nominal"))
    if stances is not None:
        fields += (("stance", "nominal"),)
    tooltip = [{"field": "date_written", "type": "nominal", "title": "date"}] + [
        {"field": name, "type": kind} for name, kind in (*fields, ("expression", "nominal"),
                                                         ("passage", "nominal"), ("passages", "quantitative"))]
    encoding = {
        "x": {"field": "date", "type": "temporal", "title": None,
              "scale": {"domain": [day.isoformat() for day in span]}},
        "y": {"field": "source", "type": "nominal", "title": None},
        "color": {"field": "source", "type": "nominal", "legend": None},
        "shape": {"field": "edge", "type": "nominal", "legend": None,
                  "scale": {"domain": ["", "before", "after"], "range": ["circle", "triangle-left", "triangle-right"]}},
        "size": size,
        "tooltip": tooltip,
    }
    spec = {"mark": {"type": "point", "opacity": 0.8, "filled": True}, "encoding": encoding}
    if stances is not None:
        labels = [label for label, _ in stances]
        # a source's row is a band its stances share (yOffset), each a few pixels: a row as tall as
        # a source's row alone, not one row's height per stance
        encoding["y"]["scale"] = {"type": "band", "paddingInner": 0.2}
        encoding["yOffset"] = {"field": "stance", "type": "nominal", "scale": {"domain": labels}}
        spec["height"] = {"step": max(4, 24 // len(labels)) if labels else 20, "for": "offset"}
        spec["mark"]["opacity"] = 1  # hedged and not confirmed are two oranges: see them as drawn
        encoding["color"] = {"field": "stance", "type": "nominal",
                             "scale": {"domain": labels, "range": [colour for _, colour in stances]},
                             "legend": {"title": legend_title or None, "orient": "top", "direction": "horizontal",
                                        "columns": 4, "symbolType": "circle"}}
        # drawn as SVG (Streamlit's choice below 2,000 points, made explicit): the legend is text a
        # reader can select and a test can read
        spec["usermeta"] = {"embedOptions": {"renderer": "svg"}}
    return spec


def arrow_table(frame):
    """`frame` as the Arrow table Streamlit would make of it for a chart or a table (the same
    bytes are sent), converted in this thread: pyarrow's `Table.from_pandas` starts a pool of
    threads for each frame of more than 100 cells per core, and Streamlit converts every
    chart's and table's data that way (~0.7 ms of the timeline's, on every run that draws it).
    Streamlit takes the table as it is."""
    import pyarrow as pa  # with pandas; imported here, as only the page's charts need it

    return pa.Table.from_pandas(frame, nthreads=1)
