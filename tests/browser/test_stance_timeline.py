"""The timeline coloured by stance, in a real browser with real clicks: a reader switches the
timeline's colours to stance, the link keeps it, and the chart's legend names the stances of the
seed's passages.  Expected values come from the hand-made gold (benchmarks/claims_gold/seed.yaml,
each passage's strongest stance as tests/test_claims.py reads it by hand)."""
import pytest

from dashboard.page.labels import text
from tests.browser.conftest import whole_page
from tests.browser.test_dashboard import SIZES, wait_run_finished
from tests.browser.test_story import reader_page
from tests.test_claims import GOLD_PASSAGE_STANCES

LEGEND_ORDER = ("asserts", "hearsay", "hedged", "denies", "no-comment", "unconfirmed", "confirms", "no claim")
LABEL_OF = {stance: text("en", f"stance_{stance}") for stance in LEGEND_ORDER}
# the gold's stances of the seed: every passage has a dated sentence, so each is on the timeline
GOLD_SHOWN = set(GOLD_PASSAGE_STANCES.values())
# the stance reader's known miss (tests/test_claims.py, the xfail): Peskov's refusal (p1) names no place
READER_MISSES = {"no-comment"}


def legend_labels(chart) -> list:
    return chart.locator("g.role-legend g.role-legend-label text").evaluate_all("els => els.map(e => e.textContent)")


def stance_chart(page):
    """The timeline (the first Vega chart) once it draws its legend."""
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("g.role-legend").wait_for(timeout=20000)
    return chart


@pytest.mark.parametrize("size", list(SIZES))
def test_a_reader_colours_the_timeline_by_stance_and_reads_the_gold_stances_in_its_legend(browser, server, size):
    width, height = SIZES[size]
    with reader_page(browser, width, height, f"stance-timeline-{size}.png") as page:
        page.goto(server)
        whole_page(page)
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.wait_for(timeout=45000)  # 20 s ran out once on a fresh clone with the other worker's browser busy
        assert chart.locator("g.role-legend").count() == 0  # by source: the sources are the rows, no legend
        control = page.locator('[data-testid="stRadio"]', has_text="Colour by")
        control.scroll_into_view_if_needed()
        control.get_by_text("stance", exact=True).click()
        page.wait_for_function("location.search.includes('timeline_colour=stance')", timeout=20000)
        wait_run_finished(page)
        chart = stance_chart(page)
        labels = legend_labels(chart)
        stances = [s for label in labels for s, shown in LABEL_OF.items() if shown == label]
        assert len(stances) == len(labels), labels  # every legend entry names a stance
        assert stances == [s for s in LEGEND_ORDER if s in stances]  # in the claims' order
        assert set(stances) <= GOLD_SHOWN  # no stance the seed does not have
        assert GOLD_SHOWN - set(stances) <= READER_MISSES, labels  # every gold stance, but the reader's known miss
        assert chart.locator("g.role-legend g.role-legend-title text").text_content() == "stance"
        # the points are coloured with the claims table's colours, the stances' legend symbols too
        fills = set(chart.locator("g.role-legend g.role-legend-symbol path").evaluate_all(
            "els => els.map(e => getComputedStyle(e).fill)"))
        assert "rgb(224, 138, 0)" in fills  # hedged: #e08a00, as the claims table
        box = chart.bounding_box()
        assert box["width"] > 200 and box["height"] > 100
        # the link keeps it: a reload draws the stance timeline again
        page.reload()
        whole_page(page)
        assert legend_labels(stance_chart(page)) == labels
        if size == "laptop":
            page.screenshot(path="/tmp/stance-timeline-test-1280x720.png")
