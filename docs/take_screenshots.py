"""The README's screenshots, taken as a reader sees the page: offline, real mouse clicks.
The bundled article at 1280x720 (Khasan selected from its group's list of names, the list
opened again to show it) and
1920x1080 (Moscow selected); a new story (`python -m dashboard new`) empty, then with the six
articles of docs/example-story/ and Ankara picked from the place list, at 1280x720.

    .venv/bin/python docs/take_screenshots.py [FOLDER]     # default: docs/
"""
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, whole_page  # noqa: E402
from tests.browser.test_dashboard import click_place, wait_heading  # noqa: E402
from tests.streamlit_server import start  # noqa: E402
from dashboard.cli.main import main as cli  # noqa: E402

SHOTS = (((1280, 720), "Khasan"), ((1920, 1080), "Moscow"))
SHOW_LIST = {"Khasan"}  # its group is opened again for the picture


def story_shots(browser, out: Path) -> None:
    folder = Path(tempfile.mkdtemp()) / "aleppo"
    assert cli(["new", str(folder)]) == 0
    server = start(app_args=["--offline", "--story", str(folder), "--no-index"],
                   log=Path(tempfile.gettempdir()) / "screenshots-story.log")
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(server.url, timeout=120000)
        page.get_by_text("This story has no articles yet.").wait_for(timeout=60000)
        page.wait_for_timeout(2500)
        page.screenshot(path=str(out / "story-empty-1280x720.png"))
        for article in sorted((ROOT / "docs" / "example-story" / "articles").glob("*.md")):
            shutil.copy(article, folder / "articles" / article.name)
        page.get_by_text("6 articles ·").wait_for(timeout=60000)  # the page keeps up: no click
        whole_page(page)
        page.get_by_role("combobox", name="Place", exact=True).click()
        page.get_by_role("option", name=re.compile("^Ankara")).click()
        wait_heading(page, "Ankara")
        page.locator(".ncm-passage").first.wait_for(timeout=20000)
        page.wait_for_timeout(2500)
        page.screenshot(path=str(out / "story-1280x720.png"))
        page.close()
    finally:
        server.stop()


def main(out: Path) -> None:
    server = start(app_args=["--offline"], log=Path(tempfile.gettempdir()) / "screenshots-streamlit.log")
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for (w, h), place in SHOTS:
                page = b.new_page(viewport={"width": w, "height": h})
                page.goto(server.url, timeout=120000)
                whole_page(page)
                click_place(page, place)
                wait_heading(page, place)
                page.locator(".ncm-passage").first.wait_for(timeout=20000)
                if place in SHOW_LIST:
                    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                    frame.locator(".leaflet-marker-icon", has=frame.locator(".ncm-cluster[title*='Pier 33']")).click()
                    frame.locator(".ncm-group-list").wait_for(timeout=5000)
                page.wait_for_timeout(2500)
                page.screenshot(path=str(out / f"dashboard-{w}x{h}.png"))
                page.close()
            story_shots(b, out)
            b.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
