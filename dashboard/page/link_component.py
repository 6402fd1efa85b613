"""Place links in the page's HTML that select a place, like a click on its marker.

A passage card names its other places as links (`view.card_html`: `<a data-goto="ID"
href="?place=ID&…">`).  The cards are plain Markdown elements, one per source, so that 40
cards are a handful of page elements rather than 120 (a container, a text and a widget each).
This component is the one widget behind all the links: a script on the page (an
`st.components.v2` component with no HTML of its own) catches a plain left click or Enter on
any such link and sends its place id to the app, which selects the place and pans to it.  A
click with a modifier key, or the middle button, is left to the browser: the link opens the
same view with that place in a new tab.

Registered once, when this module is imported: the app script runs again on every rerun, and
registering a component under a name already taken logs a warning each time.
"""
from __future__ import annotations

import streamlit as st

KEY = "place_link"  # the widget's key in the session state; its trigger value is the place id

_CATCH_CLICKS = """
export default function (component) {
  const { setTriggerValue } = component;
  const onClick = (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-goto]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    setTriggerValue("place", link.dataset.goto);
  };
  document.addEventListener("click", onClick);
  return () => document.removeEventListener("click", onClick);
}
"""

_component = st.components.v2.component("news_claims_map.place_links", js=_CATCH_CLICKS, isolate_styles=False)


def catch_place_links(on_place) -> None:
    """Mount the link catcher; `on_place` (no arguments) runs before the rerun a link click
    starts, with the place id in `picked_place()`."""
    _component(key=KEY, on_place_change=on_place)


def picked_place() -> str | None:
    """The place id of the link just clicked (None when this run was not started by one)."""
    result = st.session_state.get(KEY)
    return result.get("place") if result else None
