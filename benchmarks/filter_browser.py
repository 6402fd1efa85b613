"""What a reader waits for after choosing a source in the sidebar, in a real browser.

    .venv/bin/python benchmarks/filter_browser.py [--corpus DIR] [--views 7]

Starts the dashboard (offline) on the bundled article or the articles in DIR, opens it in
Debian's chromium at 1280x720, opens the sidebar, and for each of the busiest sources (one
not chosen before each time): types its name in "Sources", clicks its option with the mouse,
and notes, inside the page, the time from that click (pointerdown) until the map's places for
the new view are in the page (`dashboard/page/marker_component.py`: Moscow's count there is the one the
lookup gives for that source) and a frame has been drawn after them.  Then the source is taken
out again (a view the page has seen).  Timed by a requestAnimationFrame loop in the page, not
by playwright's waits (which re-check at growing intervals).  Prints each time and the median;
compare with `load.py --every-source`, the server's part of the same change.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.corpus.analysis import DEFAULT_ARTICLES, DEFAULT_PLACES, DEFAULT_SOURCES  # noqa: E402
from dashboard.corpus.filters import Filters  # noqa: E402
from dashboard.store.disk_cache import default_index_dir  # noqa: E402
from dashboard.store.index import load_indexed_corpus
from tests.streamlit_server import start  # noqa: E402

# Set up before the click: the click's time, then a check on every frame until Moscow's count
# in the places the page holds is the view's, then one more frame.
TIMER = """(want) => {
  window.__done = null;
  let clicked = null;
  document.addEventListener("pointerdown", () => { if (clicked === null) clicked = performance.now(); },
                            {capture: true, once: true});
  const check = () => {
    const given = window.__ncmPlaces, moscow = given && given.items.find(item => item.id === "moscow");
    if (clicked !== null && moscow && moscow.passages === want) {
      requestAnimationFrame(() => { window.__done = performance.now() - clicked; });
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", metavar="DIR", help="the articles (default: the bundled one)")
    parser.add_argument("--views", type=int, default=7, help="sources chosen in turn (default 7)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    articles = (str(Path(args.corpus).resolve()) if args.corpus else str(DEFAULT_ARTICLES),)
    corpus, _ = load_indexed_corpus(str(DEFAULT_PLACES), str(DEFAULT_SOURCES), articles, world=True,
                                    index=default_index_dir(articles))
    busiest = [s for s, _ in corpus.lookup.source_counts(Filters()).most_common()]
    chosen = [s for s in busiest if corpus.lookup.mention_counts(Filters(sources=(s,)))["moscow"]
              != corpus.lookup.mention_counts(Filters())["moscow"]][:args.views]
    from playwright.sync_api import sync_playwright

    server = start(app_args=["--offline", "--articles", *articles])
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(server.url, timeout=120000)
            page.locator('iframe[title="streamlit_folium.st_folium"]').first.wait_for(timeout=120000)
            page.wait_for_function("document.querySelectorAll('iframe[title=\"streamlit_folium.st_folium\"]')"
                                   ".length === 1 && window.__ncmPlaces !== undefined", timeout=120000)
            page.locator('[data-testid="stExpandSidebarButton"]').click()
            sources = page.get_by_role("combobox", name="Sources")
            for source in chosen:
                name = corpus.source_name(source)
                sources.click()
                page.keyboard.type(name)
                # the filter's label: "Maria Zakharova · person (3)" (page/main.py source_options)
                option = page.get_by_role("option").filter(has_text=re.compile("^" + re.escape(name) + r" · .*\(\d+\)$")).first
                option.wait_for(timeout=10000)
                page.evaluate(TIMER, corpus.lookup.mention_counts(Filters(sources=(source,)))["moscow"])
                option.click()
                page.wait_for_function("window.__done !== null", timeout=60000)
                times.append(page.evaluate("window.__done"))
                page.keyboard.press("Escape")
                sources.click()
                page.keyboard.press("Backspace")  # the source out again
                page.keyboard.press("Escape")
                page.wait_for_function("!location.search.includes('source=')", timeout=60000)
                page.wait_for_timeout(1500)
            browser.close()
    finally:
        server.stop()
    print(f"{len(corpus.articles):,} articles: a source chosen -> its view's places in the page (ms):",
          ", ".join(f"{t:.0f}" for t in times))
    print(f"median {statistics.median(times):.0f} ms")


if __name__ == "__main__":
    main()
