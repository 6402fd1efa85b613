"""The news-claims map page: `streamlit run dashboard/app.py [-- --articles PATH … --places F --sources F]`.

A thin page script: it reads the widgets, calls the pure modules and renders.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts only this folder on the path

from dashboard.corpus import DEFAULT_ARTICLES, DEFAULT_PLACES, DEFAULT_SOURCES, load_corpus  # noqa: E402
from dashboard.filters import DATE_KINDS, Filters, apply_filters  # noqa: E402
from dashboard.view import passage_cards, place_rows, plural, source_counts  # noqa: E402


def app_arguments(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dashboard/app.py")
    parser.add_argument("--articles", nargs="+", default=[str(DEFAULT_ARTICLES)])
    parser.add_argument("--places", default=str(DEFAULT_PLACES))
    parser.add_argument("--sources", default=str(DEFAULT_SOURCES))
    parser.add_argument("--offline", action="store_true")
    args, _ = parser.parse_known_args(argv)
    return args


@st.cache_resource(show_spinner="Reading the corpus…")
def cached_corpus(places: str, sources: str, articles: tuple):
    return load_corpus(places, sources, list(articles))


def main() -> None:
    st.set_page_config(page_title="News-claims map", layout="wide")
    args = app_arguments(sys.argv[1:])
    corpus = cached_corpus(args.places, args.sources, tuple(args.articles))
    st.title("News-claims map")
    st.caption(f"{len(corpus.articles)} article(s) · {len(corpus.passages)} passages · "
               f"{len(corpus.gazetteer.places)} places in the gazetteer")
    for problem in corpus.problems:
        st.error(str(problem))

    all_sources = source_counts(corpus, corpus.passages)
    with st.sidebar:
        st.header("Filters")
        chosen = st.multiselect("Sources", [sid for sid, _, _ in all_sources], key="sources",
                                format_func=lambda sid: next(f"{n} ({c})" for i, n, c in all_sources if i == sid))
        date_kind = st.radio("Date kind", DATE_KINDS, index=2, key="date_kind", horizontal=True)
        use_dates = st.checkbox("Limit to a date range", key="use_dates")
        since = until = None
        if use_dates:
            since = st.date_input("Since", key="since")
            until = st.date_input("Until", key="until")
    passages = apply_filters(corpus.passages, Filters(sources=tuple(chosen), since=since, until=until, date_kind=date_kind))

    rows = place_rows(corpus, passages)
    left, right = st.columns([2, 3])
    with left:
        st.subheader("Places")
        st.dataframe([{k: v for k, v in r.items() if k not in ("id", "lat", "lon")} for r in rows],
                     hide_index=True, use_container_width=True)
        place_id = st.selectbox("Show passages for", [r["id"] for r in rows], key="place",
                                format_func=lambda pid: f"{corpus.place(pid).name} · {corpus.place(pid).names.get('zh', '')}")
    with right:
        if place_id:
            cards = passage_cards(corpus, passages, place_id)
            sources = {s for c in cards for s in c["sources"]}
            st.subheader(f"{corpus.place(place_id).name}: {plural(len(cards), 'passage')} · "
                         f"{plural(len(sources), 'source')}")
            for card in cards:
                with st.container(border=True):
                    st.markdown(card["html"], unsafe_allow_html=True)
                    st.caption(f"Sources: {', '.join(card['sources'])}")
                    if card["reported"]:
                        st.caption(f"Reported: {'; '.join(card['reported'])}")
                    if card["event"]:
                        st.caption(f"Events: {'; '.join(card['event'])}")
                    st.caption(f"{card['outlet']} · {card['published']} · {card['article']} · passage {card['passage']}")
        else:
            st.info("No place matches these filters.")


main()
