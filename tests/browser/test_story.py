"""A new story in a real browser, as a journalist starts one: `new DIR`, the page on
`--story DIR`, an article pasted with single line breaks, a saved web page uploaded, a place
opened by name from a link, the CSV downloaded, and never a place or a route of the bundled
story on the map; an article added from the command line while the page is open; the legend,
"Clear selection" and the downloads. Real mouse clicks at 1280×720 (1920×1080 for the legend);
the articles are written here and their places' GeoNames ids were looked up by hand."""
import csv
import re
from contextlib import contextmanager

import pytest

from dashboard.cli.main import main
from tests.browser.conftest import ARTIFACTS, open_add_articles, start_server, whole_page

MAP = 'iframe[title="streamlit_folium.st_folium"]'
# Three paragraphs, one a line, no blank line: as text pasted from a web page arrives.
PASTED = ("Russia's ambassador to Turkey was shot dead at an art gallery in Ankara on Monday.\n"
          "The gunman shouted about Aleppo before police killed him.\n"
          "Officials in Moscow called the attack an act of terrorism.")
# GeoNames ids of the story's cities, read by hand on geonames.org
ANKARA, ALEPPO, MOSCOW, ISTANBUL = "gn:323786", "gn:170063", "gn:524901", "gn:745044"


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("story") / "ankara"
    assert main(["new", str(folder)]) == 0
    server = start_server(["--story", str(folder), "--no-index"], "streamlit-story.log")
    yield server.url, folder
    server.stop()


@contextmanager
def reader_page(browser, width: int, height: int, screenshot: str):
    """A page of the given size; a failing test leaves what it saw in artifacts/SCREENSHOT."""
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        yield page
    except BaseException:
        page.screenshot(path=str(ARTIFACTS / screenshot))
        raise
    finally:
        page.close()


def settled(page):
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=30000)
    page.wait_for_function(f"document.querySelectorAll('{MAP}').length === 1", timeout=30000)


def legend_open(page) -> bool:
    """Whether the map's legend is unfolded, read in the page in one step once it holds one map
    with its legend (the session's second run draws the map again: for a moment there are two,
    and a frame read in two steps may be gone by the second)."""
    state = page.wait_for_function(
        f"() => {{ const f = document.querySelectorAll('{MAP}');"
        " if (f.length !== 1 || !f[0].contentDocument) return null;"
        " const d = f[0].contentDocument.querySelector('.ncm-legend details');"
        " return d ? {open: d.open} : null; }", timeout=30000)
    return state.json_value()["open"]


def test_a_new_story_starts_empty_then_shows_a_pasted_article_and_no_seed_place_or_route(browser, story_server, tmp_path):
    url, folder = story_server
    with reader_page(browser, 1280, 720, "story-walk.png") as page:
        page.goto(url)
        page.get_by_text("This story has no articles yet.").wait_for(timeout=30000)
        settled(page)
        assert page.get_by_text(f"--articles-dir {folder / 'articles'}").is_visible()
        assert not legend_open(page)  # folded on a laptop
        dialog = open_add_articles(page)
        dialog.get_by_role("tab", name="Paste text").click()
        dialog.get_by_label("Title").fill("Russian ambassador shot dead in Ankara")
        dialog.get_by_label("Outlet", exact=True).fill("Example Wire")
        dialog.get_by_label("Published", exact=True).fill("2016-12-19")
        dialog.get_by_label("Text (paragraphs separated by blank lines, or one paragraph a line)").fill(PASTED)
        dialog.get_by_role("button", name="Check and add").click()
        page.get_by_role("dialog").wait_for(state="detached", timeout=30000)
        page.get_by_text("1 article · 3 passages").wait_for(timeout=30000)
        assert [p.name for p in (folder / "articles").iterdir()] == [
            "2016-12-19-example-wire-russian-ambassador-shot-dead-in-ankara.md"]
        assert page.get_by_text("This story has no articles yet.").count() == 0
        settled(page)
        frame = page.frame_locator(MAP)
        frame.locator(".ncm-marker, .ncm-cluster").first.wait_for(timeout=30000)
        overview = page.locator(".ncm-overview tr[data-place]").evaluate_all("rows => rows.map(r => r.dataset.place)")
        assert {ANKARA, ALEPPO, MOSCOW} <= set(overview)
        assert all(place.startswith("gn:") for place in overview), overview  # only suggested places: none of the seed's
        drawn = frame.locator(".ncm-marker[data-place]").evaluate_all("ms => ms.map(m => m.dataset.place)")
        assert drawn and all(place.startswith("gn:") for place in drawn), drawn
        assert frame.locator("path.leaflet-interactive").count() == 0  # no route leg (the borders are not interactive)
        # a web page saved from the browser, uploaded (written for this test)
        saved = tmp_path / "mourners.html"
        saved.write_text("<!doctype html><html><head><title>Mourners gather in Istanbul | Example Wire</title>"
                         '<meta property="og:site_name" content="Example Wire">'
                         '<meta property="article:published_time" content="2016-12-20T08:00:00Z"></head><body>'
                         "<nav>Home · World</nav><article><h1>Mourners gather in Istanbul</h1>"
                         "<p>Hundreds of mourners gathered in Istanbul on Tuesday to remember the ambassador.</p>"
                         "<p>Flowers were laid outside the Russian consulate, witnesses said.</p></article>"
                         "<footer>© Example Wire</footer></body></html>", encoding="utf-8")
        dialog = open_add_articles(page)
        dialog.locator('input[type="file"]').set_input_files(str(saved))
        dialog.get_by_text("mourners.html — check its details").wait_for(timeout=20000)
        dialog.get_by_role("button", name="Check and add").first.click()
        page.get_by_role("dialog").wait_for(state="detached", timeout=30000)
        page.get_by_text("2 articles · 5 passages").wait_for(timeout=30000)
        # a link that names a place, as a colleague would send it
        page.goto(url + "?place=aleppo")
        page.locator("h3", has_text="Aleppo").first.wait_for(timeout=30000)
        page.wait_for_function("document.querySelectorAll('.ncm-passage').length === 1", timeout=20000)
        # the view's CSV: every passage of the story's places, none of the seed's
        whole_page(page)
        with page.expect_download(timeout=15000) as download:
            page.get_by_role("button", name="CSV", exact=True).click()
        rows = list(csv.DictReader(download.value.path().read_text(encoding="utf-8").splitlines()))
        assert {ANKARA, ALEPPO, MOSCOW, ISTANBUL} <= {r["place_id"] for r in rows}
        assert all(r["place_id"].startswith("gn:") for r in rows)


def test_the_legend_starts_open_on_a_wide_screen(browser, story_server):
    url, _ = story_server
    with reader_page(browser, 1920, 1080, "legend.png") as page:
        page.goto(url)
        settled(page)
        page.get_by_role("button", name="GeoJSON").wait_for(timeout=30000)  # the session's second run is in
        settled(page)  # and has drawn its map (see legend_open)
        assert legend_open(page)
        page.frame_locator(MAP).locator(".ncm-legend summary").click()  # and the reader can fold it
        page.wait_for_function(  # read in one step, on the one map
            f"() => {{ const f = document.querySelectorAll('{MAP}'); if (f.length !== 1 || !f[0].contentDocument) return false;"
            " const d = f[0].contentDocument.querySelector('.ncm-legend details'); return !!d && !d.open; }", timeout=10000)


BOUNDS = "() => { const b = window.map.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"


def test_clear_selection_returns_the_map_to_its_first_view(browser, server):
    """Zoomed in twice and a place picked, "Clear selection" frames the story again, as the
    page first showed it (the issue: after Russia, the map stayed zoomed in on empty Siberia)."""
    from tests.browser.test_dashboard import click_place, wait_heading

    with reader_page(browser, 1280, 720, "clear-selection.png") as page:
        page.goto(server)
        whole_page(page)
        body = page.frame_locator(MAP).locator("body")
        first = body.evaluate(BOUNDS)
        click_place(page, "Khasan")
        wait_heading(page, "Khasan")
        zoom = body.evaluate("() => window.map.getZoom()")
        for step in (1, 2):
            page.frame_locator(MAP).locator(".leaflet-control-zoom-in").click()
            # the zoom animation over (a click during it is dropped by Leaflet)
            page.wait_for_function(f"() => {{ const m = document.querySelector('{MAP}').contentWindow.map;"
                                   f" return m.getZoom() >= {zoom + step} - 0.01 && !m._animatingZoom; }}", timeout=10000)
        zoomed = body.evaluate(BOUNDS)
        assert zoomed[2] - zoomed[0] < (first[2] - first[0]) / 3  # zoomed in: a third of the height at most
        page.get_by_role("button", name="Clear selection").click()
        page.locator("h3", has_text="Overview").wait_for(timeout=20000)
        page.wait_for_function(f"(first) => {{ const f = document.querySelector('{MAP}').contentWindow.map.getBounds();"
                               " return Math.abs(f.getNorth() - f.getSouth() - (first[2] - first[0])) < 0.01; }",
                               arg=first, timeout=10000)
        again = body.evaluate(BOUNDS)
        assert again == pytest.approx(first, abs=0.01)


def test_an_article_added_from_the_command_line_is_on_the_open_page_within_5_s(browser, story_server, tmp_path):
    """`add` from a terminal while the page is open: no click, the page shows it within 5 s,
    says so, and keeps the reader's selection."""
    url, folder = story_server
    if not list((folder / "articles").iterdir()):  # run alone: the story's first article, as the walk pastes it
        (folder / "articles" / "ankara.md").write_text(
            "---\ntitle: Russian ambassador shot dead in Ankara\noutlet: Example Wire\npublished: 2016-12-19\n"
            "language: en\n---\n" + PASTED + "\n", encoding="utf-8")
    with reader_page(browser, 1280, 720, "keeps-up.png") as page:
        page.goto(url)
        whole_page(page)  # the session's second run too: it draws the place list again
        before = len(list((folder / "articles").iterdir()))
        page.locator(f'.ncm-overview tr[data-place="{ANKARA}"]').wait_for(timeout=30000)
        page.get_by_role("combobox", name="Place", exact=True).click()
        page.get_by_role("option", name=re.compile("^Ankara")).click()
        page.locator("h3", has_text="Ankara").first.wait_for(timeout=20000)
        source = tmp_path / "istanbul.txt"
        source.write_text("Mourners gather in Istanbul\n\nMourners gathered in Istanbul on Tuesday.\n", encoding="utf-8")
        assert main(["add", str(source), "--articles-dir", str(folder / "articles"), "--outlet", "Example Wire",
                     "--published", "2016-12-20"]) == 0
        page.get_by_text(f"{before + 1} articles ·").wait_for(timeout=5000)
        page.get_by_text("1 new article on the map").wait_for(timeout=5000)
        assert page.locator("h3", has_text="Ankara").first.is_visible()  # still selected
        assert "place=gn%3A323786" in page.url or "place=gn:323786" in page.url


def test_a_markdown_file_without_front_matter_gets_its_fields_in_the_files_tab(browser, story_server, tmp_path):
    """A .md with no front matter: the dialog shows its title (its first line) and date (its
    dateline, "December 14, 2016") for the reader to check, and a field for the outlet it lacks;
    typed in, the article is saved under those."""
    url, folder = story_server
    upload = tmp_path / "ceasefire.md"
    upload.write_text("Aleppo ceasefire holds\nDecember 14, 2016\n\nThe ceasefire in Aleppo held on Wednesday, "
                      "officials said.\n", encoding="utf-8")
    with reader_page(browser, 1280, 720, "file-fields.png") as page:
        page.goto(url)
        settled(page)
        dialog = open_add_articles(page)
        dialog.locator('input[type="file"]').set_input_files(str(upload))
        dialog.get_by_text("ceasefire.md — check its details").wait_for(timeout=20000)

        def field(label):  # the file's own field (the paste tab, hidden, has fields of the same names)
            return dialog.get_by_label(label, exact=True).filter(visible=True)

        assert field("Title").input_value() == "Aleppo ceasefire holds"
        assert field("Published").input_value() == "2016-12-14"
        assert field("Outlet").input_value() == ""
        field("Outlet").click()
        field("Outlet").fill("Example Wire")
        field("Outlet").press("Enter")
        dialog.get_by_role("button", name="Check and add").first.click()
        page.get_by_role("dialog").wait_for(state="detached", timeout=30000)
        assert (folder / "articles" / "2016-12-14-example-wire-aleppo-ceasefire-holds.md").exists()


@pytest.mark.parametrize("name,suffix", [("CSV", "csv"), ("GeoJSON", "geojson"), ("HTML map", "html"),
                                         ("Passages (CSV)", "passages.csv")])
def test_every_download_answers_on_every_click_after_a_place_is_picked(browser, server, tmp_path, name, suffix):
    """A download clicked 10 times after picking a place: a whole file every time (the CSV once
    hung on its spinner on 2 of 5 clicks: the rerun a click started dropped the file while the
    browser asked for it), holding Khasan, a place of the bundled story. One page per button:
    headless chromium stops a page's downloads of a second kind of file after many of a first."""
    import csv
    import json as json_module

    from tests.browser.test_dashboard import click_place, wait_heading

    with reader_page(browser, 1280, 720, f"downloads-{suffix}.png") as page:
        page.goto(server)
        whole_page(page)
        click_place(page, "Khasan")
        wait_heading(page, "Khasan")
        sizes = set()
        for attempt in range(10):
            with page.expect_download(timeout=15000) as download:
                page.get_by_role("button", name=name, exact=True).click()
            target = tmp_path / f"{attempt}.{suffix}"
            download.value.save_as(target)
            content = target.read_text(encoding="utf-8")
            if suffix == "csv":
                rows = list(csv.DictReader(content.splitlines()))
                assert rows and "khasan" in {r["place_id"] for r in rows}
            elif suffix == "passages.csv":  # every passage of the bundled article: 13 (tests/gold_seed.yaml)
                rows = list(csv.DictReader(content.splitlines()))
                assert len(rows) == 13 and any("khasan" in r["places"].split("; ") for r in rows)
            elif suffix == "geojson":
                features = json_module.loads(content)["features"]
                assert "khasan" in {f["properties"].get("id") for f in features}
            else:
                assert content.startswith("<!DOCTYPE html>") and "Khasan" in content
            sizes.add(len(content))
        assert len(sizes) == 1, sizes  # the same whole file every time


def test_an_article_added_outside_waits_while_the_reader_types_in_add_articles(browser, story_server, tmp_path):
    """The page's look at the data files does not rerun it while "Add articles" is open (the
    rerun would close the dialog and lose the text typed); closed, the page shows the article."""
    url, folder = story_server
    with reader_page(browser, 1280, 720, "adding-waits.png") as page:
        page.goto(url)
        settled(page)
        before = len(list((folder / "articles").iterdir()))
        dialog = open_add_articles(page)
        dialog.get_by_role("tab", name="Paste text").click()
        dialog.get_by_label("Title").fill("A draft the reader is typing")
        (folder / "articles" / "synced.md").write_text(
            "---\ntitle: Synced from a colleague\noutlet: Example Wire\npublished: 2016-12-21\nlanguage: en\n---\n"
            "Talks on Syria were held in Moscow.\n", encoding="utf-8")
        page.wait_for_timeout(5000)  # what is checked is that nothing happens: more than two looks (every 2 s)
        assert dialog.is_visible() and dialog.get_by_label("Title").input_value() == "A draft the reader is typing"
        dialog.get_by_role("button", name="Close").click()
        page.get_by_text(f"{before + 1} article{'s' if before else ''} ·").wait_for(timeout=5000)
