"""The news-claims map page (`dashboard/app.py` calls `main` on every run of the script).

Widgets and layout only.  What is shown comes from the pure modules (`page.state`,
`corpus.filters`, `page.panel`, `page.folium_map`, `places.routes`, `corpus.export`); the URL
mirrors the view both ways.
"""
from __future__ import annotations

import argparse
import functools
import gc
import html
import io
import logging
import sys
import threading
from collections import OrderedDict
from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from dashboard.base.errors import ProblemKind
from dashboard.corpus.analysis import DEFAULT_ARTICLES, DEFAULT_PLACES, DEFAULT_SOURCES
from dashboard.corpus.charts import NO_CLAIM, passage_stance_codes, source_place_matrix, stance_timeline_points
from dashboard.corpus.claims import (STANCE_NAMES, corpus_claims, corpus_disputes, passage_claims, route_claims,
                                     strongest_stances)
from dashboard.corpus.claims_export import write_claims
from dashboard.corpus.data_watch import StampWatcher, first_folder, lost_data
from dashboard.corpus.export import render as export_render
from dashboard.corpus.filters import DATE_KINDS, Filters, apply_filters
from dashboard.corpus.passages_export import write_passages
from dashboard.edit import data_writer, importing, upkeep
from dashboard.edit.new_story import Story
from dashboard.page import folium_map, link_component, marker_component
from dashboard.page.claims_view import STANCE_COLOURS, claims_table, place_claims
from dashboard.page.labels import count, counted, place_name, short_name, text
from dashboard.page.leaflet_assets import LeafletAssets
from dashboard.page.panel import (arrow_table, article_label, card_html, cards_block, focus_timeline, overview_table,
                                  passage_cards, place_rows, source_detail, timeline_spec, unknown_table)
from dashboard.page.standalone_map import standalone_html
from dashboard.page.state import (FIRST_DAY, LAST_DAY, TIMELINE_COLOURS, ViewState, clicked, from_query, link_to,
                                  map_selection, to_query)
from dashboard.places import geocoding
from dashboard.places.routes import route_legs
from dashboard.store.disk_cache import default_index_dir
from dashboard.store.index import load_indexed_corpus
from dashboard.text.articles import MAX_ARTICLE_BYTES
from dashboard.text.sources import speaker_kind

LOG = logging.getLogger(__name__)
RETURNED = ["last_object_clicked", "last_object_clicked_count", "last_object_clicked_tooltip"]
# Tall enough to read a region, short enough that at 1280×720 the whole map and the first
# passage beside it are on screen without scrolling.
MAP_HEIGHT = 560
CARDS_PER_PAGE = 40  # passage cards drawn at once; "Show more" draws the next ones
MAP_PLACES = 1500  # markers drawn: the most named places (and the selected one); the place list holds them all
ARTICLES_LISTED_AT_ONCE = 500  # past this, the article filter lists every article when the reader asks (a toggle)
MATRIX_SIDE = 25  # sources x places in the matrix: the most citing and the most named
OVERVIEW_ROWS = 200  # places listed in the overview; the place list holds them all
TIMELINE_POINTS = 2000  # past this, one timeline point per source and day (a chart of 300,000 points took seconds to send)
# Streamlit leaves 6rem above the first element; the title row needs only to clear the header
# (60 px: the sidebar's » and the menu, which would cover the language switch).  The title a
# little smaller than Streamlit's default.
PAGE_CSS = """<style>
.block-container {padding-top: 3.4rem; padding-bottom: 1rem;}
[data-testid="stHeader"] {background: transparent;}
h1 {font-size: 1.7rem !important; padding: 0 0 .1rem 0 !important;}
.ncm-chips {margin: .35rem 0 .2rem 0;}
.ncm-detail {color: rgba(49, 51, 63, .6); font-size: .8rem; margin-right: .4rem;}
mark.ncm-speaker {background: #dbe9ff; border-bottom: 2px solid #4a7fd4; padding: 0 .1rem;}
.ncm-caption {color: rgba(49, 51, 63, .6); font-size: .85rem; margin: .25rem 0 0 0;}
h5.ncm-said-by {padding: .4rem 0 .2rem 0;}
.ncm-card {border: 1px solid rgba(49, 51, 63, .2); border-radius: .5rem; padding: .75rem 1rem; margin: 0 0 .75rem 0;}
.ncm-card p {margin-bottom: .25rem;}
p.ncm-also {margin: .4rem 0 0 0; font-size: .9rem;}
a.ncm-goto {display: inline-block; border: 1px solid rgba(49, 51, 63, .25); border-radius: 1rem; padding: 0 .6rem;
  margin: .15rem .15rem 0 0; color: inherit !important; text-decoration: none !important;}
a.ncm-goto:hover, a.ncm-goto:focus-visible {border-color: #ff4b4b; color: #ff4b4b !important;}
table.ncm-claims {width: 100%; border-collapse: collapse; font-size: .85rem; margin: 0 0 .5rem 0;}
table.ncm-claims th {text-align: left; font-weight: 600; border-bottom: 1px solid rgba(49, 51, 63, .25); padding: .2rem .3rem;}
table.ncm-claims td {vertical-align: top; border-bottom: 1px solid rgba(49, 51, 63, .1); padding: .25rem .3rem;}
tr.ncm-conflict td {background: #fdecee;}
tr.ncm-conflict td:first-child {box-shadow: inset 3px 0 0 #b2182b;}
.ncm-stance {display: inline-block; border-radius: .8rem; padding: 0 .5rem; color: #fff; background: var(--stance);
  font-size: .8rem; white-space: nowrap;}
.ncm-claim-cue {color: rgba(49, 51, 63, .6); font-size: .8rem;}
.ncm-claim-note {color: #8c1c2b; font-size: .78rem;}
a.ncm-claim-link {white-space: nowrap;}
p.ncm-disputed-note {color: #8c1c2b; font-size: .85rem; margin: 0 0 .3rem 0;}
.ncm-passage:target {background: #fff6d6; transition: background 1s;}
blockquote.ncm-claim {border-left: 3px solid #ccc; margin: .3rem 0; padding: .1rem .7rem; color: #333;}
</style>"""


def page_arguments() -> argparse.Namespace:
    """The app's arguments (after `--`), read once per command line."""
    return app_arguments(tuple(sys.argv[1:]))


@functools.lru_cache(maxsize=8)
def app_arguments(argv: tuple) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dashboard/app.py")
    parser.add_argument("--story", metavar="DIR", help="a story folder (`python -m dashboard new DIR`): the same as "
                                                       "--articles DIR/articles --places DIR/places.yaml --sources DIR/sources.yaml")
    parser.add_argument("--articles", nargs="+", default=None)
    parser.add_argument("--places", default=None)
    parser.add_argument("--sources", default=None)
    parser.add_argument("--offline", action="store_true", help="no online tile layers: not one request leaves the machine")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--index", metavar="DIR", help="the index folder (default: the one `python -m dashboard index` "
                                                      "writes for these articles, in the disk cache)")
    which.add_argument("--no-index", action="store_true", help="analyse every article at start; keep no index")
    args, _ = parser.parse_known_args(argv)
    story = Story.at(args.story) if args.story else None  # --articles, --places, --sources given too win
    args.articles = args.articles or [str(story.articles if story else DEFAULT_ARTICLES)]
    args.places = args.places or str(story.places if story else DEFAULT_PLACES)
    args.sources = args.sources or str(story.sources if story else DEFAULT_SOURCES)
    return args


@st.cache_resource
def corpus_store() -> dict:
    """One per server: the last corpora read (by data files and their stamp), a lock so that
    two readers arriving at once read the corpus once, and the watcher of the files' stamps."""
    return {"lock": threading.Lock(), "corpora": OrderedDict(), "stamps": StampWatcher()}


def per_corpus(corpus, name: str, make):
    """`make()`, made once per corpus and kept with it (for the last corpus asked about: a
    server serves one; all of an older corpus's go at once, so none keeps it in memory)."""
    store = corpus_store()
    made = store.get("per_corpus")
    if made is None or made[0] is not corpus:
        made = store["per_corpus"] = (corpus, {})
    values = made[1]
    if name not in values:
        values[name] = make()
    return values[name]


def article_labels(corpus) -> dict:
    """Article id -> its label in the article filter, made once per corpus (10,000 articles:
    12 ms, on every run that draws the sidebar)."""
    return per_corpus(corpus, "article_labels", lambda: {a.id: article_label(a) for a in corpus.articles})


def recent_stamp(key: tuple) -> str:
    """The data files' stamp for this run (see datafiles.StampWatcher)."""
    return corpus_store()["stamps"].recent(key)


def look_again(key: tuple) -> str:
    """The data files' stamp now: after the page wrote one of them itself."""
    return corpus_store()["stamps"].look_again(key)


def analysed_corpus(places: str, sources: str, articles: tuple, stamp: str):
    """The corpus as the data files are now (`stamp` changes when one is added or edited)."""
    store = corpus_store()
    key = (places, sources, articles, stamp)
    with store["lock"]:
        if key not in store["corpora"]:
            # the last reading of the same files: its unchanged articles are taken as they are
            previous = next((corpus for (p, s, a, _), (corpus, _legs) in reversed(store["corpora"].items())
                             if (p, s, a) == (places, sources, articles)), None)
            store["corpora"][key] = read_corpus(places, sources, articles, previous)
            # older readings of the same files go (each holds its own lookup and timeline,
            # ~50 MB at 10,000 articles): sessions still on one keep it until their run ends
            for older in [k for k in store["corpora"] if k[:3] == key[:3] and k != key]:
                del store["corpora"][older]
            while len(store["corpora"]) > 4:
                store["corpora"].popitem(last=False)
        store["corpora"].move_to_end(key)
        return store["corpora"][key]


def read_corpus(places: str, sources: str, articles: tuple, previous=None):
    """The corpus through the index (only new or changed articles are analysed), under a
    progress bar; the route legs; the passages as columns."""
    args = page_arguments()
    bar = st.progress(0.0, text="Reading the corpus…")

    def progress(done, total, message):
        bar.progress(min(done / total, 1.0) if total else 0.0, text=message)

    index = None if args.no_index else (args.index or default_index_dir(articles))
    corpus, _stats = load_indexed_corpus(places, sources, articles, world=True, index=index, progress=progress,
                                         previous=previous)
    bar.progress(1.0, text="Preparing the map…")
    # The filters, counts and clicks are column queries, built here rather than on a reader's
    # first click (a Python pass over 100,000 passages took 0.3-2 s on every filter change).
    # Not the timeline's table: only the second run draws the timeline (at 10,000 articles
    # its join took ~70 ms of the first map).  Assigned: a bare expression would be Streamlit
    # "magic", st.write of the lookup, whose help box repr'd every passage (13 s at 10,000 articles).
    _ = corpus.lookup
    legs = route_legs(corpus)  # after the lookup: which routes the story tells of reads its counts
    # The corpus and the world gazetteer live as long as the server: keep them out of the
    # garbage collector's scans (a full collection over them took 40-50 ms).
    gc.collect()
    gc.freeze()
    bar.empty()
    return corpus, legs


@st.cache_resource
def last_good_corpora() -> dict:
    """One per server: the last reading of each data set that lost nothing to a problem."""
    return {}


def current_corpus(args):
    """The corpus for this run: read again when a data file changed while the app runs; a broken
    edit (a reading that lost places, sources or articles) keeps the last good one on screen,
    with the problems that the edit brought."""
    key = (args.places, args.sources, tuple(args.articles))
    stamp = recent_stamp(key)
    st.session_state["_data_key"], st.session_state["_data_stamp"] = key, stamp
    corpus, legs = analysed_corpus(*key, stamp)
    last = last_good_corpora().get(key)
    if last is not None and last[0] is not corpus and lost_data(last[0], corpus):
        st.session_state["_edit_problems"] = corpus.problems
        return last
    st.session_state["_edit_problems"] = []
    last_good_corpora()[key] = (corpus, legs)
    return corpus, legs


def story_frame(corpus):
    """The first view's box: every place the corpus mentions, whatever the filters (the base
    map must not change with them, or streamlit-folium would draw the map anew)."""
    return per_corpus(corpus, "story_frame", lambda: folium_map.story_frame(
        corpus.all_places(), corpus.mention_counts(), corpus.gazetteer.kinds))


def session_frame(corpus):
    """The first view's box as this session first drew it: a corpus read again (an article
    added outside the page) changes the map's message, and streamlit-folium would draw the map
    anew, losing the reader's zoom. A story that had no place yet takes its first frame."""
    if st.session_state.get("_map_frame") is None:
        st.session_state["_map_frame"] = story_frame(corpus)
    return st.session_state["_map_frame"]


def map_kinds(corpus) -> dict:
    """The place-kinds table and the kinds the legend lists (those of the map's places)."""
    return {"kinds": corpus.gazetteer.kinds, "used_kinds": {p.kind for p in corpus.all_places()}}


@st.cache_resource
def leaflet_assets():
    return LeafletAssets.served()


# ---- session state <-> view ------------------------------------------------------------

def init_session(corpus) -> None:
    """First run of a session: the URL decides the view.  Later runs: a place added to
    places.yaml a moment ago is selected under its new id."""
    pending = st.session_state.pop("_pending_place", None)
    if pending and corpus.has_place(pending):
        select_place(pending, corpus)
    if "_initialised" in st.session_state:
        return
    state, problems = from_query({k: st.query_params.get_all(k) for k in st.query_params}, corpus)
    put_state(state, corpus)
    if state.place:
        pan_to(corpus, state.place)  # a link to Moscow shows Moscow, not the railways
    st.session_state["_link_problems"] = problems
    st.session_state["_initialised"] = True


def put_state(state: ViewState, corpus) -> None:
    ss = st.session_state
    ss["place"] = state.place
    ss["sources"] = list(state.sources)
    ss["since"], ss["until"] = state.since, state.until
    ss["date_kind"] = state.date_kind
    ss["kinds"] = list(state.kinds)
    ss["articles"] = list(state.articles)
    ss["routes"] = list(corpus.story_routes()) if state.routes is None else list(state.routes)
    ss["lang"] = state.lang
    ss["disputed_only"] = state.disputed_only
    ss["adjectival"] = state.adjectival
    ss["timeline_colour"] = state.timeline_colour
    ss["leg"] = None


def get_state(corpus) -> ViewState:
    ss = st.session_state
    if ss["place"] is not None and not corpus.has_place(ss["place"]):
        ss["place"] = None  # a place gone with an edit of the data (or a label Streamlit gave back: see the list)
    routes = tuple(ss["routes"])
    sources = tuple(ss["sources"])
    if ss.get("with_affiliated") and sources:
        sources = corpus.with_affiliated(sources)
    aliases = corpus.source_aliases()
    if aliases and sources:  # a short name found in some articles is the same speaker ("Putin")
        sources += tuple(a for a, to in aliases.items() if to in sources and a not in sources)
    return ViewState(place=ss["place"], sources=sources, since=ss["since"], until=ss["until"],
                     date_kind=ss["date_kind"], kinds=tuple(ss["kinds"]), articles=tuple(ss["articles"]),
                     routes=None if set(routes) == set(corpus.story_routes()) else routes,
                     lang=ss["lang"], disputed_only=bool(ss.get("disputed_only")),
                     adjectival=bool(ss.get("adjectival", True)),
                     timeline_colour=ss.get("timeline_colour") if ss.get("timeline_colour") in TIMELINE_COLOURS else "source",
                     leg=ss["leg"])


def on_map_click(corpus, leg_keys) -> None:
    """streamlit-folium callback, run before the rerun: turn the click into a selection."""
    returned = st.session_state.get("map")
    hit = clicked(returned, corpus.all_places(), leg_keys)
    if hit is None:
        if returned and returned.get("last_object_clicked"):
            st.session_state["_map_shows"] = "?"  # a marker the page does not know: the map is drawn again
        return
    kind, target = hit
    if kind == "place":
        st.session_state["place"] = target
        st.session_state["leg"] = None
        st.session_state["_map_shows"] = target  # the map has marked it (folium_map.PlaceMarkers)
    else:
        st.session_state["leg"] = target


def first_run_of_session() -> bool:
    """True on a session's first run only.

    The page draws the map and its panel first, and the filter widgets, the charts and the
    downloads from the next run on: each kind of widget makes the browser fetch and start a
    script before it mounts the map (benchmarks/speed.py: first map draw 1.7–2.0× the simplest
    streamlit-folium app with them all, ~1.3× without the charts, ~1.25× without the filters
    too).  The next run comes by itself — streamlit-folium reports the map's first state as
    soon as it is drawn — or with the reader's first click, whichever is first.
    """
    runs = st.session_state.get("_runs", 0) + 1
    st.session_state["_runs"] = runs
    return runs == 1


def select_place(place_id, corpus=None) -> None:
    """A place picked outside the map (a button); with `corpus`, the map pans to it."""
    st.session_state["place"] = place_id
    st.session_state["leg"] = None
    if corpus is not None and place_id:
        pan_to(corpus, place_id)


def clear_selection() -> None:
    """"Clear selection": no place selected, and the map back to its first view (the story's
    frame), however the reader had zoomed and panned."""
    select_place(None)
    st.session_state["_map_fit"] = st.session_state.get("_map_fit", 0) + 1


def follow_place_link(corpus) -> None:
    """A place picked among a card's other places (a link in the card): selected, panned to."""
    place_id = link_component.picked_place()
    if place_id and corpus.has_place(place_id):
        select_place(place_id, corpus)


def pan_to_selected(corpus) -> None:
    """The place list's callback: pan to the place picked (a marker click does not pan)."""
    st.session_state["leg"] = None
    if st.session_state["place"]:
        pan_to(corpus, st.session_state["place"])


def pan_to(corpus, place_id) -> None:
    """Centre the map on a place, keeping the reader's zoom.

    streamlit-folium moves the map only when `center` differs from the last one it was given,
    so picking the same place again (after panning away) nudges the latitude by 1e-9° (0.1 mm).
    """
    if not corpus.has_place(place_id):
        return
    place = corpus.place(place_id)
    previous = st.session_state.get("map_center")
    st.session_state["map_center"] = [place.lat + (1e-9 if previous and previous[0] == place.lat else 0.0), place.lon]


def reset(corpus) -> None:
    put_state(replace(ViewState(), lang=st.session_state.get("lang", "en")), corpus)
    st.session_state["_map_fit"] = st.session_state.get("_map_fit", 0) + 1  # the first view again


# ---- page ------------------------------------------------------------------------------

def source_options(corpus, lang, show_generic: bool, chosen) -> dict:
    """source id -> its label in the filter ("Maria Zakharova · person (3)"), most passages first;
    unnamed (generic) sources only when shown, the chosen ones always."""
    counts = corpus.lookup.source_counts(Filters())
    options = {}
    for sid, n in sorted(counts.items(), key=lambda kv: (-kv[1], corpus.source_name(kv[0]).casefold())):
        source = corpus.registry.sources.get(sid)
        kind = speaker_kind(source.kind) if source else "organisation"
        if kind == "generic" and not show_generic and sid not in chosen:
            continue
        options[sid] = f"{corpus.source_name(sid)} · {text(lang, 'kind_' + kind)} ({n})"
    for sid in chosen:  # sources from a link that no passage cites
        options.setdefault(sid, f"{corpus.source_name(sid)} (0)")
    return options


def sidebar(corpus, lang) -> None:
    st.session_state.setdefault("show_generic", True)
    all_sources = source_options(corpus, lang, st.session_state["show_generic"], st.session_state["sources"])
    with st.sidebar:
        st.header(text(lang, "filters"))
        st.radio(text(lang, "date_kind"), DATE_KINDS, key="date_kind", horizontal=True,
                 format_func=lambda k: text(lang, k))
        c1, c2 = st.columns(2)
        c1.date_input(text(lang, "since"), key="since", min_value=FIRST_DAY, max_value=LAST_DAY, format="YYYY-MM-DD")
        c2.date_input(text(lang, "until"), key="until", min_value=FIRST_DAY, max_value=LAST_DAY, format="YYYY-MM-DD")
        st.multiselect(text(lang, "sources"), list(all_sources), key="sources", placeholder=text(lang, "choose"),
                       format_func=all_sources.__getitem__)
        st.toggle(text(lang, "show_generic"), key="show_generic")
        st.toggle(text(lang, "with_affiliated"), key="with_affiliated", help=text(lang, "with_affiliated_help"))
        st.toggle(text(lang, "disputed_only"), key="disputed_only", help=text(lang, "disputed_only_help"))
        st.toggle(text(lang, "adjectival"), key="adjectival", help=text(lang, "adjectival_help"))
        kinds = sorted({p.kind for p in corpus.all_places()})
        st.multiselect(text(lang, "kinds"), kinds, key="kinds", placeholder=text(lang, "choose"),
                       format_func=lambda kind: corpus.gazetteer.kinds.label(kind, lang))
        labels = article_labels(corpus)
        # A big corpus's article list is drawn when the reader asks for it: 10,000 titles,
        # formatted and sent on every run that draws the sidebar, were ~8 ms of each filter
        # change (benchmarks/load.py).  The articles chosen stay listed, to be taken off.
        listed = len(labels) <= ARTICLES_LISTED_AT_ONCE or st.toggle(
            text(lang, "list_articles").format(n=len(labels)), key="_list_articles")
        chosen = [a for a in st.session_state["articles"] if a in labels]  # an article removed meanwhile goes
        st.multiselect(text(lang, "articles"), list(labels) if listed else chosen,
                       key="articles", placeholder=text(lang, "choose" if listed else "articles_on_ask"),
                       format_func=labels.__getitem__)
        st.multiselect(text(lang, "routes"), list(corpus.story_routes()), key="routes", placeholder=text(lang, "choose"),
                       format_func=lambda rid: corpus.gazetteer.routes[rid].names.get("zh") if lang == "zh"
                       and corpus.gazetteer.routes[rid].names.get("zh") else corpus.gazetteer.routes[rid].name)
        st.button(text(lang, "reset"), on_click=reset, args=(corpus,), width="stretch")


def draw_map(corpus, legs, state, counts, shown, offline, lang):
    places = corpus.gazetteer.places
    filters = state.filters()
    drawn_legs = [d for d in legs if filters.shows_route(d.leg.route)]
    m = folium_map.base_map(leaflet_assets(), offline=offline, frame=session_frame(corpus), lang=lang, **map_kinds(corpus))
    drawn, left_out = folium_map.places_to_draw(shown, counts, state.place, MAP_PLACES)
    routes = folium_map.route_layer(drawn_legs, places, corpus.gazetteer.routes, state.leg)
    # The places' data go to the page as an element of their own (dashboard/page/marker_component.py): the
    # map's message stays the same when only they change.  A marker click selects the place in
    # the browser's map at once: then they are kept as they were too (viewstate.map_selection),
    # and nothing of the map is sent or drawn again.
    disputed = marker_disputes(corpus)
    items = per_corpus(corpus, f"markers-{lang}-{len(disputed)}", lambda: folium_map.MarkerData(
        lang, corpus.gazetteer.kinds, disputed=disputed)).json(drawn, counts)
    layers = (hash(items), hash(folium_map.layer_data(routes)))
    selected, drawing = map_selection(state.place, st.session_state.get("_map_shows"), layers,
                                      st.session_state.get("_map_last"))
    st.session_state["_map_last"] = (layers, selected, drawing)
    st.session_state["_map_shows"] = state.place
    leg_keys = {folium_map.leg_label(d, places): (d.leg.route, d.leg.index) for d in drawn_legs}
    st_folium(m, key="map", height=MAP_HEIGHT, use_container_width=True, returned_objects=RETURNED,
              feature_group_to_add=[routes, folium_map.page_place_layer(lang)], center=st.session_state.get("map_center"),
              on_change=functools.partial(on_map_click, corpus, leg_keys))
    marker_component.hand_over(items, selected, drawing, key="map_places",
                               frame=story_frame(corpus), fit=st.session_state.get("_map_fit", 0))
    if left_out:
        st.caption(text(lang, "map_top").format(n=len(drawn), left=left_out))
    return drawn_legs


def passage_panel(corpus, state, lang) -> None:
    """The selected place's passages under the filters, grouped by the first source each is
    attributed to, a page of cards at a time."""
    place = corpus.place(state.place)
    by_source, n_sources = corpus.lookup.by_first_source(place.id, state.filters())
    groups = {s: group for s, group in by_source.items()}
    total = sum(len(group) for group in groups.values())
    st.subheader(place_name(place, lang))
    if corpus.is_suggested(place.id):
        st.caption(f":material/travel_explore: {text(lang, 'suggested_note')}")
        if st.button(text(lang, "accept_place"), icon=":material/playlist_add:", key=f"accept-{place.id}"):
            write_to_gazetteer(lambda path: upkeep.accept_suggested(corpus, place.id, path), lang)
    st.markdown(f"**{count(lang, total, 'passages')} · {count(lang, n_sources, 'source_word')}**",
                help=f"{place.kind} · {place.lat:.4f}, {place.lon:.4f} (±{place.precision_m:,.0f} m; {place.coord_source})")
    if not total:
        st.info(text(lang, "no_passages"))
    claims_panel(corpus, state, place, lang)
    words = {key: text(lang, key) for key in ("reported_on", "events_on", "original", "also_named")}
    # A place named in thousands of passages is shown a page at a time; only that page's cards are built.
    shown_for, limit = st.session_state.get("_cards_shown", (None, CARDS_PER_PAGE))
    limit = limit if shown_for == place.id else CARDS_PER_PAGE
    left = limit
    for source, group in groups.items():
        if left <= 0:
            break
        group = group[:left]
        left -= len(group)
        cards = [card_html(card, words, [(pid, short_name(corpus.place(pid), lang), link_to(state, pid))
                                         for pid in card["places"] if pid != place.id])
                 for card in passage_cards(corpus, group, place.id)]
        found = corpus.registry.sources.get(source) if source else None
        if found is not None and found.status == "found":
            said = source_detail(found, text(lang, "found_source_note"))
            st.markdown(cards_block(f'{text(lang, "said_by")}: {found.name}', [], detail=said), unsafe_allow_html=True)
            if st.button(text(lang, "accept_source"), icon=":material/person_add:", key=f"accept-source-{found.id}"):
                write_to_sources(corpus, found.id, lang)
            st.markdown(cards_block("", cards), unsafe_allow_html=True)
        else:
            heading = corpus.source_name(source) if source else "—"
            st.markdown(cards_block(f'{text(lang, "said_by")}: {heading}', cards), unsafe_allow_html=True)
    if state.adjectival:
        adjectival_cards(corpus, state, place, words, lang)
    link_component.catch_place_links(functools.partial(follow_place_link, corpus))
    if total > limit:
        more = min(CARDS_PER_PAGE, total - limit)
        st.button(text(lang, "show_more").format(n=more, left=total - limit), key="more_cards",
                  on_click=st.session_state.__setitem__, args=("_cards_shown", (place.id, limit + CARDS_PER_PAGE)))


def adjectival_cards(corpus, state, place, words, lang) -> None:
    """The passages that tie the place to them only by its adjective ("Turkish officials", 俄方),
    under the filters: folded below the passages that name it, a page of cards at most."""
    passages = apply_filters(corpus.adjectival_passages(place.id), state.filters())
    if not passages:
        return
    adjectives = list(dict.fromkeys(m.surface for p in passages for m in p.adjectival if m.place == place.id))
    label = text(lang, "adjectival_heading").format(n=len(passages), words=", ".join(adjectives[:4]))
    with st.expander(label, icon=":material/translate:"):
        shown = passages[:CARDS_PER_PAGE]
        cards = [card_html(card, words, [(pid, short_name(corpus.place(pid), lang), link_to(state, pid))
                                         for pid in card["places"] if pid != place.id])
                 for card in passage_cards(corpus, shown, place.id, adjectival=True)]
        st.markdown(cards_block("", cards), unsafe_allow_html=True)
        if len(passages) > len(shown):
            st.caption(text(lang, "adjectival_more").format(n=len(passages) - len(shown)))


def claims_panel(corpus, state, place, lang) -> None:
    """The place's claims under the filters, one row per source and claim; unfolded when the
    place is disputed (the rows in conflict marked), folded otherwise."""
    rows = place_claims(claims_about(corpus, place.id), place.id, state.sources, state.since, state.until)
    if not rows:
        return
    # the corpus's disputes when read already (a small corpus, or the filter asked), else this place's
    dispute = (disputes_of(corpus) if marker_disputes(corpus)
               else corpus_disputes(corpus, rows)).get(place.id)
    with st.expander(text(lang, "claims_heading").format(n=len(rows)), expanded=dispute is not None,
                     icon=":material/report:" if dispute else ":material/forum:"):
        if dispute is not None:
            st.markdown(f'<p class="ncm-disputed-note">{html.escape(text(lang, "claims_disputed"))}</p>',
                        unsafe_allow_html=True)
        st.markdown(claims_table(rows, dispute, corpus, lang), unsafe_allow_html=True)


def write_to_sources(corpus, source_id: str, lang) -> None:
    """Write a source found in the texts into sources.yaml, then read the corpus again (the source is
    registered from then on); a refusal (the id or the name taken) is shown as text."""
    args = page_arguments()
    try:
        entry = upkeep.accept_found_source(corpus, source_id, args.sources)
    except (upkeep.UpkeepError, data_writer.GazetteerWriteError) as error:
        show_problems(str(error))
        return
    look_again((args.places, args.sources, tuple(args.articles)))  # the next run reads the new sources.yaml
    st.session_state["sources"] = [entry["id"] if s == source_id else s for s in st.session_state["sources"]]
    st.session_state["_added"] = [text(lang, "accepted_source").format(name=entry["name"], id=entry["id"])]
    st.rerun()  # the whole page: sources.yaml changed, so the corpus is read again


def write_to_gazetteer(write, lang) -> None:
    """Write one place into places.yaml (`write(path) -> entry`), then read the corpus again with
    the place selected under its new id; a refusal (the id or a name taken) is shown as text."""
    places = page_arguments().places
    try:
        entry = write(places)
    except (upkeep.UpkeepError, data_writer.GazetteerWriteError) as error:
        show_problems(str(error))
        return
    args = page_arguments()
    look_again((args.places, args.sources, tuple(args.articles)))  # the next run reads the new places.yaml
    st.session_state["_pending_place"] = entry["id"]
    st.session_state["_added"] = [text(lang, "accepted").format(name=entry["names"]["en"], id=entry["id"])]
    st.rerun()  # the whole page: places.yaml changed, so the corpus is read again


def geocode_box(corpus, lang) -> None:
    """Look a name up with Nominatim (online only) and add the chosen candidate to places.yaml."""
    with st.form("geocode"):
        name = st.text_input(text(lang, "geocode_name"))
        looked_up = st.form_submit_button(text(lang, "geocode_go"), icon=":material/search:")
    if looked_up and name.strip():
        try:
            found = geocoder().candidates(name.strip(), near=upkeep.story_places(corpus))
        except geocoding.GeocodingError as error:
            show_problems(str(error))
            return
        st.session_state["_candidates"] = (name.strip(), found)
    asked, found = st.session_state.get("_candidates", ("", []))
    if asked and not found:
        st.info(text(lang, "geocode_none").format(name=asked))
    for i, candidate in enumerate(found):
        distance = f" · {candidate.distance_km:,.0f} km" if candidate.distance_km is not None else ""
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.text(f"{candidate.display_name}\n{candidate.country} · {candidate.place_kind} · "
                  f"{candidate.lat:.4f}, {candidate.lon:.4f}{distance}")
        if right.button(text(lang, "geocode_add"), key=f"geocode-add-{i}"):
            st.session_state["_candidates"] = ("", [])
            write_to_gazetteer(lambda path, c=candidate: _accept_candidate(c, path), lang)


def _accept_candidate(candidate, path) -> dict:
    entry = candidate.entry()
    data_writer.accept_place(path, entry)
    return entry


@st.cache_resource
def geocoder():
    return geocoding.Geocoder()  # user agent, server and cache from the environment (README)


def _passage(corpus, key):
    return next(p for p in corpus.passages if p.key == key)


def leg_panel(corpus, legs, lang, leg_key) -> None:
    drawn = next((d for d in legs if (d.leg.route, d.leg.index) == leg_key), None)
    if drawn is None:
        return
    route = corpus.gazetteer.routes[drawn.leg.route]
    e = html.escape
    with st.container(border=True):
        # All of it from the data, escaped: a route name or passage written as Markdown stays text.
        dates = f" · {' – '.join(drawn.leg.dates)}" if drawn.leg.dates else ""
        parts = [f"<p><b>{e(text(lang, 'leg'))}: {e(folium_map.leg_label(drawn, corpus.gazetteer.places))}</b><br>"
                 f"{e(route.name)}{e(dates)}</p>"]
        if drawn.claim_passage:
            p = _passage(corpus, drawn.claim_passage)
            sources = ", ".join(corpus.source_name(s) for s in p.source_ids())
            parts += [f'<p class="ncm-caption">{e(text(lang, "claim"))}</p>',
                      f'<blockquote class="ncm-claim">{e(p.text)}</blockquote>',
                      f'<p class="ncm-caption">{e(p.article.title)} · ¶{int(p.passage.number)} · {e(sources)}</p>']
        if route.sources:
            parts.append(f'<p class="ncm-caption">{e(text(lang, "record"))}: {e("; ".join(route.sources))}</p>')
        st.markdown("".join(parts).replace("\n", "<br>"), unsafe_allow_html=True)


def overview(corpus, passages, counts, shown_ids, lang, more=True) -> None:
    """Places ranked by passages; with `more`, the names not on the map yet and the look-up
    (from the session's second run: the first run draws only what the first view needs)."""
    st.subheader(text(lang, "overview"))
    rows = place_rows([p for p in corpus.all_places() if p.id in shown_ids], counts)
    if len(rows) > OVERVIEW_ROWS:  # a month of coverage names thousands of places: the list finds the rest
        st.caption(text(lang, "overview_top").format(n=OVERVIEW_ROWS, total=len(rows)))
        rows = rows[:OVERVIEW_ROWS]
    headers = (text(lang, "col_place"), text(lang, "col_kind"), text(lang, "col_passages"))
    st.markdown(overview_table(rows, headers, corpus.gazetteer.kinds, text(lang, "suggested_badge"), lang), unsafe_allow_html=True)
    if not more:
        return
    unknown = corpus.unknown_names(passages)
    with st.expander(text(lang, "unknown_names").format(n=len(unknown))):
        if unknown:
            st.markdown(unknown_table(unknown), unsafe_allow_html=True)
        if page_arguments().offline:
            st.caption(text(lang, "geocode_offline"))  # --offline: not one request leaves the machine
        else:
            geocode_box(corpus, lang)


def more_views(corpus, state, shown_ids, drawn_legs, offline, lang) -> None:
    filters = state.filters()
    left, right = st.columns(2)
    with left:
        st.subheader(text(lang, "timeline"))
        st.radio(text(lang, "timeline_colour"), TIMELINE_COLOURS, key="timeline_colour", horizontal=True,
                 format_func=lambda colour: text(lang, f"colour_{colour}"))
        by_stance = state.timeline_colour == "stance"
        if by_stance:
            frame = stance_points(corpus, filters, state.date_kind)
        else:
            frame = corpus.lookup.timeline_points(filters, state.date_kind, corpus.source_name, TIMELINE_POINTS)
        shown, span, moved = focus_timeline(frame)
        if span:
            # Focused on where the dates are; a date far outside is drawn at the edge as a triangle.
            # On a big corpus one point stands for the passages of one source on one day (its size).
            sized = bool(frame["passages"].max() > 1)
            if by_stance:
                present = set(shown["stance"])
                legend = [(text(lang, f"stance_{s}"), STANCE_COLOURS.get(s, NO_CLAIM_COLOUR))
                          for s in STANCE_LINES if s in present]
                shown = shown.assign(stance=shown["stance"].map(lambda s: text(lang, f"stance_{s}")))
                spec = timeline_spec(span, sized, legend, text(lang, "col_stance"))
            else:
                spec = timeline_spec(span, sized)
            st.vega_lite_chart(arrow_table(shown), spec, width="stretch")
            period = frame["period"].iloc[0]
            if period != "day" or frame["passages"].max() > 1:
                grouped = "timeline_stance_grouped" if by_stance else "timeline_grouped"
                st.caption(text(lang, grouped).format(period=text(lang, f"period_{period}")))
            if moved["before"] or moved["after"]:
                st.caption(text(lang, "timeline_focus").format(start=span[0].isoformat(), end=span[1].isoformat(),
                                                               before=moved["before"], after=moved["after"]))
            if by_stance:
                st.caption(text(lang, "timeline_stance_note"))
    with right:
        st.subheader(text(lang, "matrix"))
        # the sources that say most and the places most named, under the filters
        source_counts = corpus.lookup.source_counts(filters)
        place_counts = corpus.lookup.mention_counts(filters)
        sources = [s for s, _ in sorted(source_counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        places = [p for p in sorted(place_counts, key=lambda p: (-place_counts[p], p)) if p in shown_ids]
        pairs = corpus.lookup.source_place_counts(filters, places[:MATRIX_SIDE], sources[:MATRIX_SIDE])
        if len(pairs):
            corner = text(lang, "col_source")
            matrix = source_place_matrix(pairs, sources[:MATRIX_SIDE], places[:MATRIX_SIDE], corpus.source_name,
                                         lambda pid: corpus.place(pid).name, corner)
            st.dataframe(matrix, width="stretch", hide_index=True,
                         column_config={matrix.column_names[0]: st.column_config.TextColumn(pinned=True)})
            if len(sources) > MATRIX_SIDE or len(places) > MATRIX_SIDE:
                st.caption(text(lang, "matrix_top").format(sources=matrix.num_rows, places=matrix.num_columns - 1,
                                                           all_sources=len(sources), all_places=len(places)))
    st.subheader(text(lang, "downloads"))
    c1, c2, c3, c4, c5 = st.columns(5)
    # Built when the reader clicks, not on every rerun (benchmarks/load.py: building all three
    # for each new view took ~12% of a loaded server's time). No rerun on a click
    # (on_click="ignore"): the rerun the click started dropped the file's id while the browser
    # was still asking for it, and the button spun for good on some clicks.
    c1.download_button("GeoJSON", functools.partial(export_render, corpus, "geojson", filters), "news-claims.geojson",
                       "application/geo+json", width="stretch", on_click="ignore")
    c2.download_button("CSV", functools.partial(export_render, corpus, "csv", filters), "news-claims.csv", "text/csv",
                       width="stretch", on_click="ignore")
    c3.download_button("HTML map", functools.partial(standalone_map, corpus, filters, state.place, shown_ids, drawn_legs,
                                                     offline, lang),
                       "news-claims-map.html", "text/html", width="stretch", on_click="ignore")
    c4.download_button(text(lang, "passages_download"), functools.partial(passages_csv, corpus, filters),
                       "news-claims-passages.csv", "text/csv", width="stretch", on_click="ignore")
    c5.download_button(text(lang, "claims_download"), functools.partial(claims_csv, corpus, filters),
                       "news-claims-claims.csv", "text/csv", width="stretch", on_click="ignore")


STANCE_LINES = (*STANCE_NAMES, NO_CLAIM)  # the stance timeline's colours, in the legend's order
NO_CLAIM_COLOUR = "#bdbdbd"  # a passage with no claim, on the stance timeline: light, behind the stances' colours
STANCE_TIMELINES = 16  # views whose stance timeline is kept (a reader going back to a view does not wait)


def stance_points(corpus, filters, date_kind):
    """The stance timeline's points of a view (`charts.stance_timeline_points`): the corpus's
    claims are read once (as for the disputed places), each passage's stance once per corpus,
    and the points of the last STANCE_TIMELINES views are kept."""
    codes = per_corpus(corpus, "passage_stances",
                       lambda: passage_stance_codes(corpus.passages, strongest_stances(claims_of(corpus)), STANCE_LINES))
    kept = per_corpus(corpus, "stance_timelines", OrderedDict)
    key = (filters, date_kind)
    if key not in kept:
        kept[key] = stance_timeline_points(corpus.lookup.timeline(filters, date_kind), codes, STANCE_LINES,
                                           corpus.source_name, TIMELINE_POINTS)
        if len(kept) > STANCE_TIMELINES:
            kept.popitem(last=False)
    kept.move_to_end(key)
    return kept[key]


def claims_csv(corpus, filters) -> str:
    """Every claim of the view (`python -m dashboard export claims`)."""
    out = io.StringIO()
    write_claims(corpus, filters, out, "csv")
    return out.getvalue()


def passages_csv(corpus, filters) -> str:
    """Every passage of the view, with or without a place (`python -m dashboard export passages`)."""
    out = io.StringIO()
    write_passages(corpus, filters, out, "csv")
    return out.getvalue()


def standalone_map(corpus, filters, place, shown_ids, drawn_legs, offline, lang) -> str:
    m = folium_map.base_map(leaflet_assets(), offline=offline, frame=story_frame(corpus), lang=lang, **map_kinds(corpus))
    places = corpus.gazetteer.places
    m.add_child(folium_map.route_layer(drawn_legs, places, corpus.gazetteer.routes))
    m.add_child(folium_map.place_layer([p for p in corpus.all_places() if p.id in shown_ids], corpus.lookup.mention_counts(filters),
                                    place, lang, corpus.gazetteer.kinds))
    return standalone_html(m)


def adding_closed() -> None:
    """The reader closed "Add articles": the page may read new data files again (`keep_up`)."""
    st.session_state["_adding"] = False


@st.dialog("Add articles", width="large", on_dismiss=adding_closed)
def add_articles_dialog() -> None:
    """Upload files (.md, .txt, a saved web page) or paste text; each is checked, saved into the
    articles folder (never over another file) and on the map after the next reading."""
    st.session_state["_adding"] = True  # a rerun of the whole page would close the dialog and lose what is typed
    lang = st.session_state.get("lang", "en")
    args = page_arguments()
    folder = first_folder(args.articles, DEFAULT_ARTICLES)
    st.caption(text(lang, "add_where").format(folder=folder))
    files_tab, paste_tab = st.tabs([text(lang, "add_files"), text(lang, "add_paste")])
    with files_tab:
        uploads = st.file_uploader(text(lang, "add_files"), type=["md", "txt", "html", "htm"],
                                   accept_multiple_files=True, label_visibility="collapsed", key="add_uploads")
        st.caption(text(lang, "add_limits").format(article=MAX_ARTICLE_BYTES / 1e6, page=importing.MAX_UPLOAD_BYTES / 1e6))
        c1, c2, c3 = st.columns(3)
        defaults = {"outlet": c1.text_input(text(lang, "add_outlet_default"), key="add_default_outlet"),
                    "published": c2.text_input(text(lang, "add_date_default"), placeholder="YYYY-MM-DD",
                                               key="add_default_date"),
                    "language": c3.selectbox(text(lang, "add_language"), ["", "en", "zh", "ru", "ko", "ja"],
                                             key="add_default_language")}
        drafts = []
        for upload in uploads or []:
            try:
                data = upload.getvalue()
                draft = importing.article_from_upload(upload.name, data, {k: v for k, v in defaults.items() if v})
                if draft.problems() or not data.lstrip().startswith(b"---"):  # no front matter: its fields to check
                    draft = file_fields(draft, f"add-{upload.file_id}", lang)
                drafts.append(draft)
            except importing.ImportProblem as problem:
                show_problems(str(problem))
            except Exception as error:  # noqa: BLE001 -- one file the import chokes on is one line, never a traceback
                LOG.exception("importing %s", upload.name)
                show_problems(text(lang, "add_failed").format(name=upload.name, error=f"{type(error).__name__}: {error}"))
        if st.button(text(lang, "add_save"), key="add_save_files", type="primary", disabled=not drafts):
            save_drafts(drafts, folder, lang)
    with paste_tab:
        with st.form("add_paste_form"):
            title = st.text_input(text(lang, "add_title"))
            c1, c2, c3 = st.columns(3)
            outlet = c1.text_input(text(lang, "add_outlet"))
            published = c2.text_input(text(lang, "add_date"), placeholder="YYYY-MM-DD")
            language = c3.selectbox(text(lang, "add_language"), ["", "en", "zh", "ru", "ko", "ja"])
            url = st.text_input(text(lang, "add_url"), placeholder="https://…")
            body = st.text_area(text(lang, "add_text"), height=220)
            if st.form_submit_button(text(lang, "add_save"), type="primary"):
                save_drafts([importing.article_from_text(body, title, outlet, published or None, language or None,
                                                         url=url or None)], folder, lang)


LANGUAGE_CHOICES = ["", "en", "zh", "ru", "ko", "ja"]


def file_fields(draft, key: str, lang: str):
    """An uploaded file's title, outlet, date, language and link, as the paste tab has them,
    pre-filled with what the file gives (a first line or heading, a dateline): the reader
    completes what it lacks instead of meeting "has no title" with nowhere to type one."""
    with st.container(border=True):
        st.markdown(text(lang, "add_file_fields").format(name=html.escape(draft.source_name)))
        c1, c2, c3, c4 = st.columns([4, 2, 2, 1])
        title = c1.text_input(text(lang, "add_title"), value=draft.title, key=f"{key}-title")
        outlet = c2.text_input(text(lang, "add_outlet"), value=draft.outlet, key=f"{key}-outlet")
        written = draft.published.isoformat() if draft.published else draft.invalid_date
        published = c3.text_input(text(lang, "add_date"), value=written, placeholder="YYYY-MM-DD", key=f"{key}-date")
        language = c4.selectbox(text(lang, "add_language"), LANGUAGE_CHOICES, key=f"{key}-language",
                                index=LANGUAGE_CHOICES.index(draft.language) if draft.language in LANGUAGE_CHOICES else 0)
        url = st.text_input(text(lang, "add_url"), value=draft.url or "", key=f"{key}-url")
    return draft.edited(title=title, outlet=outlet, published=published or None, language=language, url=url or None)


def show_problems(message: str) -> None:
    """Problems with an input, as plain text (a file name or title is never read as Markdown)."""
    st.code(message, language=None, wrap_lines=True)


def save_drafts(drafts, folder, lang) -> None:
    """Save the drafts that are complete, say what the others lack, then read the corpus again."""
    saved, blocked = [], []
    progress = st.progress(0.0, text=text(lang, "add_saving"))
    for i, draft in enumerate(drafts, 1):
        try:
            result = importing.save(draft, folder)
            saved.append(text(lang, "add_saved" if result.created else "add_already").format(name=result.path.name))
        except importing.ImportProblem as problem:
            blocked.append(str(problem))
        progress.progress(i / len(drafts) / 2, text=text(lang, "add_saving"))
    for message in blocked:
        show_problems(message)
    if not saved:
        progress.empty()
        return
    progress.progress(0.5, text=text(lang, "add_analysing"))
    args = page_arguments()
    current = (args.places, args.sources, tuple(args.articles))
    analysed_corpus(*current, look_again(current))  # read now, under the progress bar
    st.session_state.pop("_article_ids", None)  # the page says what it saved itself (`_added`), not "1 new article"
    progress.progress(1.0, text=text(lang, "add_done"))
    st.session_state["_added"] = saved
    if not blocked:
        st.session_state["_adding"] = False
        st.rerun()  # closes the dialog; the page shows the new passages


def header(corpus, offline, lang):
    """Title, the corpus line and, folded so they never push the map down, the data and link
    problems.  Returns the two places beside the title for `header_controls`, which the page
    fills after the map (the browser then draws the map before it loads the widgets' code)."""
    title, adding, switch = st.columns([4, 1, 1], vertical_alignment="bottom")
    title.title(text(lang, "title"))
    st.caption(text(lang, "corpus_line").format(
        articles=counted(lang, len(corpus.articles), "article"), passages=counted(lang, len(corpus.passages), "passage"),
        places=counted(lang, len(corpus.gazetteer.places), "place"),
        suggested=counted(lang, len(corpus.suggested), "suggested"),
        mode=text(lang, "offline" if offline else "online")))
    problems_box(corpus.problems, lang, "problem_summary_one", "problems_summary", "data_problem")
    outlets = [n for n in corpus.notices if n.kind == ProblemKind.UNKNOWN_SOURCE]
    problems_box(outlets, lang, "notice_summary_one", "notices_summary", "notice", icon=":information_source:")
    problems_box([n for n in corpus.notices if n.kind != ProblemKind.UNKNOWN_SOURCE], lang,  # e.g. a damaged index
                 "other_notice_one", "other_notices", "notice", icon=":information_source:")
    problems_box(st.session_state.get("_link_problems", []), lang, "link_problem_summary_one",
                 "link_problems_summary", "link_problem")
    edit_problems = st.session_state.get("_edit_problems", [])
    if edit_problems:  # a data file was broken by an edit: the last good data stays on screen
        st.warning(text(lang, "edit_kept"), icon=":material/history:")
        problems_box(edit_problems, lang, "problem_summary_one", "problems_summary", "data_problem")
    for message in st.session_state.pop("_added", []):
        st.toast(message, icon=":material/check_circle:")
    return adding, switch


def empty_story(args, lang) -> None:
    """What to do on a story with no article yet: the three ways to add one."""
    folder = first_folder(args.articles, DEFAULT_ARTICLES)
    st.info(text(lang, "empty_story").format(folder=folder, command=f"python -m dashboard add FILE|URL --articles-dir {folder}"),
            icon=":material/post_add:")


# How often an open page looks whether a data file changed outside it (a command, a sync, an
# editor): one look at the watcher's stamp, no reading; the page is read again only on a change.
KEEP_UP_EVERY_S = 2


@st.fragment(run_every=KEEP_UP_EVERY_S)
def keep_up() -> None:
    """Reruns the whole page when the data files changed since this run read them, so an
    article added, changed or removed outside the page is on it within seconds, without a
    click. The reader's selection, filters and zoom are kept (session state, and the map's
    first frame pinned: `session_frame`)."""
    key, stamp = st.session_state.get("_data_key"), st.session_state.get("_data_stamp")
    if st.session_state.get("_adding"):  # not while "Add articles" is open: the page's rerun would close it
        return
    if key is not None and recent_stamp(key) != stamp:
        st.rerun(scope="app")


def changed_articles(corpus, lang) -> None:
    """A short notice of the articles this run has that the session's last run had not, or lost."""
    if st.session_state.get("_articles_of") == id(corpus):  # the same reading: nothing to compare (most runs)
        return
    st.session_state["_articles_of"] = id(corpus)
    ids = {a.id for a in corpus.articles}
    before = st.session_state.get("_article_ids")
    st.session_state["_article_ids"] = ids
    if before is None or ids == before:
        return
    added, removed = len(ids - before), len(before - ids)
    if added:
        st.toast(text(lang, "articles_new").format(n=counted(lang, added, "new_article")), icon=":material/fiber_new:")
    if removed:
        st.toast(text(lang, "articles_gone").format(n=counted(lang, removed, "article")), icon=":material/delete:")


def header_controls(adding, switch, lang) -> None:
    """'Add articles' and the language switch, beside the title: in sight, as the sidebar starts folded."""
    if adding.button(text(lang, "add_articles"), icon=":material/note_add:", key="open_add"):
        add_articles_dialog()
    switch.radio(text(lang, "language"), ["en", "zh"], key="lang", horizontal=True, label_visibility="collapsed",
                 format_func=lambda code: "English" if code == "en" else "中文")


def problems_box(problems, lang, one_key, many_key, kind_key, icon=":warning:") -> None:
    """One folded notice for any number of problems, each shown as plain text (never Markdown)."""
    if not problems:
        return
    summary = text(lang, one_key) if len(problems) == 1 else text(lang, many_key).format(n=len(problems))
    with st.expander(f"{icon} {summary}", expanded=False):
        st.code("\n".join(f"{text(lang, kind_key)}: {problem}" for problem in problems), language=None,
                wrap_lines=True)


@st.fragment
def map_and_panel(corpus, legs, offline) -> None:
    """The map and its panel, rerun on their own when the reader clicks a marker, picks a
    place or clears it (a Streamlit fragment): the filters, charts and downloads below are not
    rebuilt for a click.  The URL follows the selection from here."""
    if not st.session_state.get("_in_full_run") and st.session_state.get("_runs") == 1:
        # The session has drawn only the map so far (see first_run_of_session): the map's first
        # report, or the reader's first click, draws the rest of the page.
        st.rerun()
    lang = st.session_state["lang"]
    state = get_state(corpus)
    st.query_params.from_dict(to_query(state))
    filters = state.filters()
    shown = shown_places(corpus, state)
    counts = corpus.lookup.mention_counts(filters)
    map_col, panel_col = st.columns([3, 2])
    first_run = st.session_state.get("_runs") == 1
    # On a session's first run the map is written first (it is what the reader waits for); after
    # that the panel is (after a click the passages reach the browser without waiting for the
    # map's script to be built and sent).  Both are laid out side by side all the same.
    if first_run:
        with map_col:
            draw_map(corpus, legs, state, counts, shown, offline, lang)
    with panel_col:
        options = [None] + [p.id for p in sorted(shown, key=lambda p: -counts[p.id])]
        if st.session_state["place"] not in options:
            st.session_state["place"] = None
        # The labels are the places' names only, most passages first: Streamlit keeps a selectbox's
        # value as its option's label and gives back the bare label when no option has it any more
        # (streamlit/elements/widgets/selectbox.py, deserialize), so a label with a count in it,
        # which a filter changes, lost the reader's place (and once failed on it).
        st.selectbox(text(lang, "place"), options, key="place", placeholder=text(lang, "select_hint"),
                     on_change=pan_to_selected, args=(corpus,),
                     format_func=lambda pid: text(lang, "select_hint") if pid is None else place_name(corpus.place(pid), lang))
        if state.leg:
            leg_panel(corpus, legs, lang, state.leg)
        if state.place:
            st.button(text(lang, "clear"), on_click=clear_selection)
            passage_panel(corpus, state, lang)
        else:
            overview(corpus, corpus.lookup.passages(filters), counts, {p.id for p in shown}, lang, more=not first_run)
    if not first_run:
        with map_col:
            draw_map(corpus, legs, state, counts, shown, offline, lang)


def shown_places(corpus, state) -> list:
    filters = state.filters()
    disputed = disputes_of(corpus) if state.disputed_only else None
    return [p for p in corpus.all_places() if filters.shows_place(p) and (disputed is None or p.id in disputed)]


# Claims are read on the page, from the corpus (~2 s per 1,000 articles, benchmarks/claims.py's
# corpus timing): up to this many passages the markers show disputed places from the first map;
# past it the disputed places are read when the reader asks for them (the filter), and a place's
# claims from its own passages, so that the first map of a big corpus does not wait.
LIVE_CLAIMS_PASSAGES = 20_000


def claims_of(corpus) -> list:
    return per_corpus(corpus, "claims", lambda: corpus_claims(corpus))


def disputes_of(corpus) -> dict:
    """place id -> its Dispute (dashboard/corpus/claims.py), made once per corpus."""
    return per_corpus(corpus, "disputes", lambda: corpus_disputes(corpus, claims_of(corpus)))


def marker_disputes(corpus) -> frozenset:
    """The disputed places the markers ring: all of them on a corpus of up to
    LIVE_CLAIMS_PASSAGES passages, else those read already (once the reader asked)."""
    if len(corpus.passages) <= LIVE_CLAIMS_PASSAGES or "disputes" in corpus_store().get("per_corpus", (None, {}))[1]:
        return frozenset(disputes_of(corpus))
    return frozenset()


def claims_about(corpus, place_id: str) -> list:
    """The claims about one place: from all the corpus's claims when they are read already or
    the corpus is small, else from the passages that name the place (and the journeys)."""
    made = corpus_store().get("per_corpus", (None, {}))
    if len(corpus.passages) <= LIVE_CLAIMS_PASSAGES or (made[0] is corpus and "claims" in made[1]):
        return claims_of(corpus)
    return per_corpus(corpus, f"claims-of-{place_id}", lambda: [
        c for analysed in corpus.passages if place_id in analysed.place_ids()
        for c in passage_claims(corpus, analysed)] + route_claims(corpus))



def main() -> None:
    st.set_page_config(page_title="News-claims map", layout="wide", initial_sidebar_state="collapsed")
    st.html(PAGE_CSS)
    args = page_arguments()
    corpus, legs = current_corpus(args)
    init_session(corpus)
    map_first = first_run_of_session()
    lang = st.session_state["lang"]
    controls = header(corpus, args.offline, lang)
    if not corpus.articles:
        empty_story(args, lang)
    st.session_state["_in_full_run"] = True
    try:
        map_and_panel(corpus, legs, args.offline)
    finally:
        st.session_state["_in_full_run"] = False
    header_controls(*controls, lang)
    changed_articles(corpus, lang)
    keep_up()
    # The filter widgets come after the map, and from the session's second run on (their values
    # are already in the session state): the page then draws the map before it fetches and lays
    # out the widgets (benchmarks/speed.py: first draw ~0.2 s sooner each).
    if map_first:
        st.sidebar.header(text(lang, "filters"))
        st.caption(text(lang, "more_views_next"))
        return
    sidebar(corpus, lang)
    state = get_state(corpus)
    shown_ids = {p.id for p in shown_places(corpus, state)}
    filters = state.filters()
    drawn_legs = [d for d in legs if filters.shows_route(d.leg.route)]
    more_views(corpus, state, shown_ids, drawn_legs, args.offline, lang)
