"""Who said it, in a real browser: a reader's own story whose speakers no sources.yaml lists.

Real mouse clicks at 1280×720.  The two articles are written here; which passage each speaker
says was marked by hand below (GOLD), not read from the engine."""
import pytest

from tests.browser.conftest import story_server
from tests.browser.test_story import MAP, reader_page, settled

LAVROV = """---
title: Ministers meet in Moscow after the killing in Ankara
outlet: Harbour Wire
published: 2016-12-20
language: en
---
Sergei Lavrov, the Russian foreign minister, said in Moscow on Tuesday that the ceasefire would hold.

Officials in Ankara said the talks in Moscow would continue.

Lavrov added that observers would go to Aleppo within days.
"""
ZAKHAROVA = """---
title: Moscow says no decision on Aleppo monitors
outlet: Northern Ledger
published: 2016-12-21
language: en
---
Russian Foreign Ministry spokeswoman Maria Zakharova told reporters in Moscow that no decision had been taken.

She said the ministry would not comment on the situation in Aleppo.

The Russian Foreign Ministry said later that monitors would need the consent of the Syrian government.
"""
# By hand: (article file, passage number) -> who says it.  "Lavrov added" is Sergei Lavrov, and
# "She said" is Maria Zakharova; she is the Russian Foreign Ministry's spokeswoman.
GOLD = {("lavrov.md", 1): "Sergei Lavrov", ("lavrov.md", 2): "Officials", ("lavrov.md", 3): "Sergei Lavrov",
        ("zakharova.md", 1): "Maria Zakharova", ("zakharova.md", 2): "Maria Zakharova",
        ("zakharova.md", 3): "Russian Foreign Ministry"}
MOSCOW, ALEPPO = "gn:524901", "gn:170063"  # GeoNames ids, read by hand on geonames.org
PLACES = {("lavrov.md", 1): {MOSCOW}, ("lavrov.md", 2): {MOSCOW}, ("lavrov.md", 3): {ALEPPO},
          ("zakharova.md", 1): {MOSCOW}, ("zakharova.md", 2): {ALEPPO}, ("zakharova.md", 3): set()}


@pytest.fixture(scope="module")
def speakers_story(tmp_path_factory):
    server, folder = story_server(tmp_path_factory, "moscow", {"lavrov.md": LAVROV, "zakharova.md": ZAKHAROVA},
                                  "streamlit-speakers.log")
    yield server.url, folder
    server.stop()


def expected(speaker, place: str) -> list[str]:
    speakers = {speaker} if isinstance(speaker, str) else set(speaker)
    return sorted(f"{article}#{number}" for (article, number), who in GOLD.items()
                  if who in speakers and place in PLACES[(article, number)])


def shown(page, count: int) -> list[str]:
    page.wait_for_function(f"document.querySelectorAll('.ncm-passage').length == {count}", timeout=20000)
    return sorted(page.locator(".ncm-passage").evaluate_all("els => els.map(e => e.dataset.passage)"))


def open_sources(page, typed: str):
    """The Sources list opened with the mouse and `typed` typed into its search box, as a reader
    looks for a name among hundreds; the open list's options.  (The page's 2-second look for new
    articles may close an open list: then it is opened again, as a reader would.)"""
    box = page.get_by_role("combobox", name="Sources")
    for _ in range(3):
        box.click()
        page.keyboard.type(typed)
        try:
            page.locator('[role="listbox"]').wait_for(timeout=3000)
            return page.locator('[role="listbox"] [role="option"]')
        except Exception:  # noqa: BLE001 -- closed by a rerun: try again
            page.keyboard.press("Escape")
    raise AssertionError("the Sources list did not open")


def pick_source(page, typed: str, label: str) -> None:
    """Open the sidebar, look `typed` up in the Sources list and click the option `label`."""
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    options = open_sources(page, typed)
    options.filter(has_text=label).first.click()
    leave_list(page)


def leave_list(page) -> None:
    """Close the Sources list and click beside it, as a reader leaves it: while it keeps the focus
    the sidebar is taller, and a first click below it lands where the list then shrinks to."""
    page.keyboard.press("Escape")
    page.locator('[data-testid="stSidebar"]').get_by_text("Filters").first.click()
    settled(page)


def flip(page, words: str) -> None:
    """Turn a sidebar switch with a click on its words (its label's middle may be its help icon)."""
    switch = page.locator("label", has_text=words)
    was = switch.locator("input").is_checked()
    switch.get_by_text(words).click()
    settled(page)
    assert switch.locator("input").is_checked() != was


@pytest.mark.parametrize("speaker,place,label", [
    ("Sergei Lavrov", MOSCOW, "Sergei Lavrov · person (2)"),
    ("Maria Zakharova", ALEPPO, "Maria Zakharova · person (2)"),  # the passage says "She said"
])
def test_a_speaker_found_in_the_text_is_in_the_source_filter_and_the_panel_shows_exactly_their_passages(
        browser, speakers_story, speaker, place, label):
    url, _ = speakers_story
    with reader_page(browser, 1280, 720, f"speaker-filter-{speaker.split()[-1]}.png") as page:
        page.goto(f"{url}?place={place}")
        page.get_by_role("button", name="GeoJSON").wait_for(timeout=30000)
        settled(page)
        pick_source(page, speaker.split()[-1], label)
        want = expected(speaker, place)
        assert shown(page, len(want)) == want
        assert page.locator("h5.ncm-said-by", has_text=f"Said by: {speaker}").count() == 1
        # the speaker is marked in the passage, with what the text says of them
        marks = page.locator("mark.ncm-speaker")
        assert marks.count() == len(want)
        assert speaker in marks.first.get_attribute("title")
        # the marker of the place stays; the map shows the filtered view
        assert page.frame_locator(MAP).locator(".leaflet-marker-icon").count() >= 1


def test_the_unnamed_sources_can_be_hidden_from_the_source_filter(browser, speakers_story):
    url, _ = speakers_story
    with reader_page(browser, 1280, 720, "speaker-generic.png") as page:
        page.goto(url)
        page.get_by_role("button", name="GeoJSON").wait_for(timeout=30000)
        settled(page)
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        listed = [t for t in open_sources(page, "").all_inner_texts() if t != "Select all"]
        assert listed == ["Maria Zakharova · person (2)", "Sergei Lavrov · person (2)", "Officials · unnamed (1)",
                          "Russian Foreign Ministry · government (1)"]
        leave_list(page)
        flip(page, "Unnamed sources (officials, police, media…)")
        listed = [t for t in open_sources(page, "").all_inner_texts() if t != "Select all"]
        assert listed == ["Maria Zakharova · person (2)", "Sergei Lavrov · person (2)",
                          "Russian Foreign Ministry · government (1)"]


def test_a_body_chosen_with_who_speaks_for_it_brings_its_spokeswomans_passages(browser, speakers_story):
    url, _ = speakers_story
    with reader_page(browser, 1280, 720, "speaker-affiliated.png") as page:
        page.goto(f"{url}?place={MOSCOW}")
        page.get_by_role("button", name="GeoJSON").wait_for(timeout=30000)
        settled(page)
        pick_source(page, "Ministry", "Russian Foreign Ministry · government (1)")
        # the ministry's own passage names no place: Moscow has none of its passages
        page.get_by_text("No passage").first.wait_for(timeout=20000)
        assert page.locator(".ncm-passage").count() == 0
        flip(page, "With who speaks for them")
        want = expected({"Russian Foreign Ministry", "Maria Zakharova"}, MOSCOW)
        assert want == ["zakharova.md#1"]
        assert shown(page, len(want)) == want


def test_a_found_source_is_added_to_sources_yaml_from_the_page(browser, speakers_story):
    url, folder = speakers_story
    path = folder / "sources.yaml"
    before = path.read_text(encoding="utf-8")
    with reader_page(browser, 1280, 720, "speaker-accept.png") as page:
        page.goto(f"{url}?place={MOSCOW}")
        page.get_by_role("button", name="GeoJSON").wait_for(timeout=30000)
        settled(page)
        heading = page.locator("h5.ncm-said-by", has_text="Said by: Maria Zakharova")
        heading.wait_for(timeout=20000)
        assert "found in the text" in heading.inner_text()
        # her group's button (Streamlit names the element after the button's key, accept-source-<id>)
        page.locator(".st-key-accept-source-found-maria-zakharova").get_by_role(
            "button", name="Add to sources.yaml").click()
        page.get_by_text("Maria Zakharova is in sources.yaml now, as 'maria-zakharova'").wait_for(timeout=30000)
        settled(page)
        # she is a registered source now: her group no longer says "found in the text"
        heading = page.locator("h5.ncm-said-by", has_text="Said by: Maria Zakharova")
        heading.wait_for(timeout=20000)
        assert "found in the text" not in heading.inner_text()
    after = path.read_text(encoding="utf-8")
    assert "id: maria-zakharova" in after and "Maria Zakharova" in after
    # the file's other bytes are kept: every line of before, in order, is in after
    lines = iter(after.splitlines())
    assert all(any(line == other for other in lines) for line in before.splitlines())
