"""The dashboard's view as data: what is selected and filtered, to and from the URL, and what a
map click means.  No Streamlit here, so every rule is testable on its own.

    >>> from dashboard.corpus.analysis import load_corpus
    >>> corpus = load_corpus()
    >>> state, problems = from_query({"place": ["khasan"], "source": ["TASS", "ria-novosti"],
    ...                               "since": ["2023-09-05"], "date_kind": ["event"]}, corpus)
    >>> state.place, state.sources, state.since.isoformat(), state.date_kind, problems
    ('khasan', ('tass', 'ria-novosti'), '2023-09-05', 'event', [])
    >>> to_query(state)
    {'place': 'khasan', 'source': ['tass', 'ria-novosti'], 'since': '2023-09-05', 'date_kind': 'event'}
    >>> from_query({"place": ["atlantis"], "since": ["5 Sept"]}, corpus)[1]
    ["place 'atlantis' is not in the gazetteer — the link shows the overview", "'5 Sept' is not a date: write YYYY-MM-DD, e.g. 2023-09-05"]
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, replace
from urllib.parse import quote_plus, urlencode

from dashboard.base.words import plural_noun
from dashboard.corpus.filters import DATE_KINDS, Filters, parse_day, resolve_sources

TIMELINE_COLOURS = ("source", "stance")
# The range the date filters accept (the date widgets' own bounds): a link outside it would
# stop the page with a widget error.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


@dataclass(frozen=True)
class ViewState:
    place: str | None = None
    sources: tuple = ()
    since: dt.date | None = None
    until: dt.date | None = None
    date_kind: str = "any"
    kinds: tuple = ()  # place kinds shown; empty = all
    articles: tuple = ()  # article ids; empty = all
    routes: tuple | None = None  # route ids drawn; None = all the story's (`Corpus.story_routes`)
    lang: str = "en"
    disputed_only: bool = False  # only the places where sources disagree (or the record differs)
    adjectival: bool = True  # a place's passages include those that only use its adjective ("Turkish")
    timeline_colour: str = "source"  # the timeline's points coloured by source or by stance (TIMELINE_COLOURS)
    leg: tuple | None = field(default=None, compare=False)  # (route id, leg index) last clicked

    def filters(self) -> Filters:
        return Filters(sources=self.sources, since=self.since, until=self.until, date_kind=self.date_kind,
                       articles=self.articles, kinds=self.kinds, routes=self.routes)


def from_query(params: dict, corpus) -> tuple[ViewState, list[str]]:
    """A view from URL query parameters ({name: [values]}); bad values are dropped and reported."""
    def values(name):
        raw = params.get(name, [])
        return [raw] if isinstance(raw, str) else list(raw)

    problems: list[str] = []
    state = ViewState()
    place = (values("place") or [None])[0]
    if place:
        found = places_named(corpus, place)
        if len(found) == 1:
            state = replace(state, place=found[0].id)
        elif not found:
            problems.append(f"place '{place}' is not in the gazetteer — the link shows the overview")
        else:
            shown = "; ".join(f"{p.name} ({p.kind}, {p.lat:.2f}, {p.lon:.2f}): place={p.id}" for p in found[:8])
            problems.append(f"place '{place}' names {len(found)} places — the link shows the overview; "
                            f"link to one by its id: {shown}")
    sources, unknown = resolve_sources(values("source"), corpus.registry)
    problems += _unknown("source", unknown, "not in sources.yaml, left out of the filter")
    state = replace(state, sources=sources)
    for name in ("since", "until"):
        try:
            day = parse_day((values(name) or [None])[0])
        except ValueError as error:
            problems.append(str(error))
            continue
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            problems.append(f"{name} {day.isoformat()} is outside {FIRST_DAY.isoformat()}–{LAST_DAY.isoformat()} "
                            f"— the link's {name} was left out")
            continue
        state = replace(state, **{name: day})
    if state.since and state.until and state.since > state.until:
        problems.append(f"since {state.since.isoformat()} is after until {state.until.isoformat()} "
                        "— the two were swapped")
        state = replace(state, since=state.until, until=state.since)
    kind = (values("date_kind") or ["any"])[0]
    if kind in DATE_KINDS:
        state = replace(state, date_kind=kind)
    else:
        problems.append(f"date_kind '{kind}' is unknown — use reported, event or any")
    known_articles = {a.id for a in corpus.articles}
    unknown_articles = [a for a in values("article") if a not in known_articles]
    problems += _unknown("article", unknown_articles, "left out of the filter")
    known_kinds = {p.kind for p in corpus.all_places()}
    problems += _unknown("place kind", [k for k in values("kind") if k not in known_kinds], "left out of the filter")
    state = replace(state, articles=tuple(a for a in values("article") if a in known_articles),
                    kinds=tuple(k for k in values("kind") if k in known_kinds))
    if values("route"):
        story = corpus.story_routes()  # a route of places.yaml the articles do not tell of is not drawn either
        problems += _unknown("route", [r for r in values("route") if r not in corpus.gazetteer.routes], "not drawn")
        untold = [r for r in values("route") if r in corpus.gazetteer.routes and r not in story]
        if untold:
            problems.append(f"{plural_noun(len(untold), 'route')} {', '.join(map(repr, untold))} not drawn — "
                            "these articles name fewer than two of its stops")
        state = replace(state, routes=tuple(r for r in values("route") if r in story))
    disputed = (values("disputed") or ["0"])[0]
    if disputed in ("1", "true"):
        state = replace(state, disputed_only=True)
    elif disputed not in ("0", "false"):
        problems.append(f"disputed '{disputed}' is not 1 or 0 — the link shows every place")
    adjectival = (values("adj") or ["1"])[0]
    if adjectival in ("0", "false"):
        state = replace(state, adjectival=False)
    elif adjectival not in ("1", "true"):
        problems.append(f"adj '{adjectival}' is not 1 or 0 — the link shows adjectives (Turkish, 俄方) too")
    colour = (values("timeline_colour") or ["source"])[0]
    if colour in TIMELINE_COLOURS:
        state = replace(state, timeline_colour=colour)
    else:
        problems.append(f"timeline_colour '{colour}' is unknown — use source or stance; the timeline is coloured by source")
    lang = (values("lang") or ["en"])[0]
    if lang == "zh":
        state = replace(state, lang="zh")
    elif lang != "en":
        problems.append(f"language '{lang}' is not offered — use en or zh; the page is in English")
    return state, problems


def places_named(corpus, text: str) -> list:
    """The places a link's `place=` means: the place of that id, else the places of that name
    in any language (case-insensitive; a preferred name before an alias), those the articles
    mention first. One place is a match; several are for the reader to choose from.

    >>> from dashboard.corpus.analysis import load_corpus
    >>> corpus = load_corpus()
    >>> [p.id for p in places_named(corpus, "khasan")], [p.id for p in places_named(corpus, "符拉迪沃斯托克")]
    (['khasan'], ['vladivostok'])
    >>> [p.id for p in places_named(corpus, "VLADIVOSTOK")], places_named(corpus, "Atlantis")
    (['vladivostok'], [])
    """
    if corpus.has_place(text):
        return [corpus.place(text)]
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return []
    places = corpus.all_places()
    for names in (lambda p: p.names.values(), lambda p: (n for _, n in p.all_names())):
        found = [p for p in places if any(n.casefold() == wanted for n in names(p))]
        if found:
            break
    counts = corpus.mention_counts()
    mentioned = [p for p in found if counts.get(p.id)]
    return mentioned if len(mentioned) == 1 else (mentioned or found)


def _unknown(what: str, names: list, outcome: str) -> list[str]:
    """One problem line for any number of unknown values (a link with 200 of them is one line)."""
    if not names:
        return []
    shown = ", ".join(repr(n) for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return [f"{plural_noun(len(names), what)} {shown} unknown — {outcome}"]


def to_query(state: ViewState) -> dict:
    """The URL query of a view: only what differs from the default view."""
    query: dict = {}
    if state.place:
        query["place"] = state.place
    if state.sources:
        query["source"] = list(state.sources)
    if state.since:
        query["since"] = state.since.isoformat()
    if state.until:
        query["until"] = state.until.isoformat()
    if state.date_kind != "any":
        query["date_kind"] = state.date_kind
    if state.kinds:
        query["kind"] = list(state.kinds)
    if state.articles:
        query["article"] = list(state.articles)
    if state.routes is not None:
        query["route"] = list(state.routes)
    if state.disputed_only:
        query["disputed"] = "1"
    if not state.adjectival:
        query["adj"] = "0"
    if state.timeline_colour != "source":
        query["timeline_colour"] = state.timeline_colour
    if state.lang != "en":
        query["lang"] = state.lang
    return query


def link_to(state: ViewState, place_id: str) -> str:
    """The page's relative link to this view with `place_id` selected (a passage card's other
    places: opened in a new tab, the same filters with that place).

    >>> link_to(ViewState(sources=("tass", "nyt"), lang="zh"), "khasan")
    '?place=khasan&source=tass&source=nyt&lang=zh'
    """
    rest = _query_besides_place(replace(state, place=None, leg=None))
    return f"?place={quote_plus(place_id)}" + (f"&{rest}" if rest else "")


@functools.lru_cache(maxsize=16)
def _query_besides_place(state: ViewState) -> str:
    """The rest of a link's query, made once per view: a page of cards has ~150 links."""
    return urlencode(to_query(state), doseq=True)


def map_selection(selected: str | None, shown, layers, last: tuple | None) -> tuple:
    """(the selection the map's message gives, its drawing number) for this run.

    `selected`: the page's selection; `shown`: what the map in the browser shows selected (a
    click on a marker marks it there at once); `layers`: what the layers' data are this run
    (anything comparable); `last`: (layers, selection, drawing number) of the map last sent,
    or None.  When the layers are unchanged and the browser shows the selection already, the
    last selection and number are given again: the places' data are then the same, Streamlit
    sends a reference to the message the browser holds instead of them (130 kB at 10,000
    articles), and the map does not draw its markers again.  Otherwise the selection with a new
    drawing number, so that the markers are drawn again even when the selection they were last
    given is the same.

    >>> map_selection("khasan", "khasan", "L1", ("L1", None, 3))  # a click on Khasan: shown already
    (None, 3)
    >>> map_selection(None, "khasan", "L1", ("L1", None, 3))  # then "Clear selection": drawn again
    (None, 4)
    >>> map_selection("khasan", "khasan", "L2", ("L1", None, 3))  # a filter changed the layers
    ('khasan', 4)
    >>> map_selection("moscow", None, "L1", None)  # the session's first map
    ('moscow', 0)
    """
    if last is not None and last[0] == layers and shown == selected:
        return last[1], last[2]
    return selected, (last[2] + 1 if last is not None else 0)


def clicked(returned: dict | None, places, leg_labels: dict) -> tuple[str, object] | None:
    """What a streamlit-folium click hit: ("place", id), ("leg", (route, index)) or None.

    Markers are matched by their exact position (Leaflet reports a marker's own latlng), legs
    by the label at the start of their tooltip.
    """
    if not returned or not returned.get("last_object_clicked"):
        return None
    tooltip = returned.get("last_object_clicked_tooltip") or ""
    for label, key in leg_labels.items():
        if tooltip.startswith(label):
            return "leg", key
    point = returned["last_object_clicked"]
    lat, lng = point.get("lat"), point.get("lng")
    for place in places:
        if abs(place.lat - lat) < 1e-6 and abs(place.lon - lng) < 1e-6:
            return "place", place.id
    return None
