"""The README's screenshots, taken as a reader sees the page: offline, the bundled article, real
mouse clicks.  1280x720: Khasan selected (its group fanned out by the first click); 1920x1080:
Moscow selected.

    .venv/bin/python docs/take_screenshots.py [FOLDER]     # default: docs/
"""
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, whole_page  # noqa: E402
from tests.browser.test_dashboard import click_place, wait_heading  # noqa: E402
from tests.streamlit_server import start  # noqa: E402

SHOTS = (((1280, 720), "Khasan"), ((1920, 1080), "Moscow"))


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
                page.wait_for_timeout(2500)
                page.screenshot(path=str(out / f"dashboard-{w}x{h}.png"))
                page.close()
            b.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
