"""The map's place markers as a page element of their own, apart from the map.

streamlit-folium sends the whole map in one message: base layers, routes and places.  Any
change to any part made Streamlit send all of it again (at 10,000 articles ~190 kB for a filter
change, ~60 kB of it the base map and the route layer, which a filter does not change).  Here
the places' data are a separate element (an `st.components.v2` component with no HTML of its
own): its script puts them on the page's window and tells the map's frame, whose place layer
(`folium_map.page_place_layer`) draws them.  The map's message then changes only when the map,
its routes or its centre do, and Streamlit sends a reference to the message the browser holds
instead; the places are sent when they change, and not at all after a marker click (the map
marks the clicked marker itself, `viewstate.map_selection`).

Registered once, when this module is imported (the app script runs again on every rerun).
"""
from __future__ import annotations

import json

import streamlit as st

_HAND_OVER = """
export default function (component) {
  // `data`: the JSON of {items, selected, drawing, frame, fit}, as UTF-8 bytes (a Uint8Array);
  // a new drawing number draws the markers again, a new fit number fits the map to `frame`.
  window.__ncmPlaces = JSON.parse(new TextDecoder().decode(component.data));
  window.dispatchEvent(new Event("ncm-places"));
}
"""

_component = st.components.v2.component("news_claims_map.place_data", js=_HAND_OVER, isolate_styles=False)


def hand_over(items: str, selected: str | None, drawing: int, key: str, frame=None, fit: int = 0) -> None:
    """Put the places' data on the page for the map: `items`, the markers' data already as JSON
    (`folium_map.MarkerData`; the page compares it with the last run's, so it is encoded once),
    the selected place and the drawing number (`page.state.map_selection`); and the story's
    `frame` ([[south, west], [north, east]] or None) with a `fit` number: when it changes, the
    map returns to that frame ("Clear selection"), keeping everything else as it is."""
    # Given as bytes: Streamlit sends them as they are and hashes them once; a str is
    # JSON-encoded again, and encoded and hashed a second time for the element's identity
    # (~2 ms of each run at 10,000 articles, for 120 kB of markers).
    message = (f'{{"items": {items}, "selected": {json.dumps(selected)}, "drawing": {int(drawing)}, '
               f'"frame": {json.dumps(frame)}, "fit": {int(fit)}}}')
    _component(key=key, data=message.encode())
