"""Demonyms in a real browser: "Turkish officials said" ties a passage to Turkey, listed apart from
the passages that name Turkey, and a reader can hide them.  Real mouse clicks at the readers'
window sizes.  The two articles are written here; which passage names Turkey and which only uses
its adjective was read by hand (GOLD), not taken from the engine."""
import pytest

from tests.browser.conftest import story_server
from tests.browser.test_dashboard import SIZES, wait_heading
from tests.browser.test_speakers import flip
from tests.browser.test_story import reader_page, settled

BORDER = """---
title: Border crossing closed
outlet: Harbour Wire
published: 2016-12-20
language: en
---
Turkey closed the Oncupinar border crossing near Kilis on Monday.

Turkish officials said the crossing would reopen within days.
"""
ARRESTS = """---
title: Arrests in Ankara
outlet: Northern Ledger
published: 2016-12-21
language: en
---
Turkish police detained 12 people in Ankara on Tuesday.

Canadians visiting Ankara were told to stay indoors.
"""
# By hand: the passages that name Turkey, and those that only use its adjective ("Turkish").
NAMES_TURKEY = ["border.md#1"]
ADJECTIVE_ONLY = ["arrests.md#1", "border.md#2"]


@pytest.fixture(scope="module")
def adjectival_story(tmp_path_factory):
    server, _ = story_server(tmp_path_factory, "turkey", {"border.md": BORDER, "arrests.md": ARRESTS},
                             "streamlit-adjectival.log")
    yield server.url
    server.stop()


VISIBLE = ("[...document.querySelectorAll('.ncm-passage')]"
           ".filter(e => { const fold = e.closest('details'); return !fold || fold.open; })")


def shown(page) -> list[str]:
    """The passage cards a reader sees (a folded block's cards are in the page, not shown)."""
    return sorted(page.evaluate(f"{VISIBLE}.map(e => e.dataset.passage)"))


@pytest.mark.parametrize("size", list(SIZES))
def test_passages_that_only_use_the_adjective_are_listed_under_the_country_and_can_be_hidden(
        browser, adjectival_story, size):
    width, height = SIZES[size]
    with reader_page(browser, width, height, f"adjectival-{size}.png") as page:
        page.goto(adjectival_story)
        page.get_by_role("button", name="GeoJSON").wait_for(timeout=30000)
        settled(page)
        # the country's marker sits outside the first view (framed on the towns): picked from the list
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.keyboard.type("Turkey")
        page.locator('[role="option"]', has_text="Turkey").first.click()
        wait_heading(page, "Turkey")
        page.wait_for_function(f"{VISIBLE}.length == {len(NAMES_TURKEY)}", timeout=20000)
        assert shown(page) == NAMES_TURKEY
        fold = page.get_by_text(f"Only by its adjective (Turkish): {len(ADJECTIVE_ONLY)} passages")
        fold.click()
        page.wait_for_function(f"{VISIBLE}.length == {len(NAMES_TURKEY) + len(ADJECTIVE_ONLY)}", timeout=20000)
        assert shown(page) == sorted(NAMES_TURKEY + ADJECTIVE_ONLY)
        # the adjective is marked in its passages as the name is in the others
        for key in ADJECTIVE_ONLY:
            assert page.locator(f'.ncm-passage[data-passage="{key}"] mark').first.inner_text() == "Turkish"
        # hidden by the reader: the fold goes, the link remembers it
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        flip(page, "Adjectives too")
        page.wait_for_function("location.search.includes('adj=0')", timeout=20000)
        assert page.get_by_text("Only by its adjective").count() == 0
        assert shown(page) == NAMES_TURKEY
