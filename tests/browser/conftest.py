"""Real-browser tests: Debian's chromium driven by playwright against `streamlit run` on loopback.

A missing browser is a failure, not a skip: CI installs chromium (see .ci/run).
"""
import os
import shutil
from pathlib import Path

import pytest

from tests.streamlit_server import ServerError, start

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"


def start_server(extra_args=(), log_name="streamlit.log"):
    """`streamlit run dashboard/app.py -- --offline EXTRA…` on a free loopback port (a
    tests/streamlit_server.Server, its output in artifacts/LOG_NAME); a server that does not
    start fails the test."""
    try:
        return start(app_args=["--offline", *extra_args], log=ARTIFACTS / log_name)
    except ServerError as error:
        pytest.fail(str(error))


def story_server(tmp_path_factory, name: str, articles: dict, log_name: str):
    """(server, folder): a new story made with `python -m dashboard new`, holding `articles`
    (file name -> text), served by `streamlit run` (a reader's own story, not the seed)."""
    from dashboard.cli.main import main
    folder = tmp_path_factory.mktemp(name) / name
    assert main(["new", str(folder)]) == 0
    for file, text in articles.items():
        (folder / "articles" / file).write_text(text, encoding="utf-8")
    return start_server(["--story", str(folder), "--no-index"], log_name), folder


def open_add_articles(page):
    """The "Add articles" dialog, opened with a click as a reader does: once more if a run of the
    page that was under way (the look at the data files, every 2 s) closed it as it opened, which
    a reader would see and do too.  Only the opening is retried: a test that checks that no run
    closes the dialog checks it once it is open."""
    dialog = page.get_by_role("dialog")
    for _ in range(3):
        page.get_by_role("button", name="Add articles").click()
        try:
            dialog.get_by_role("tablist").wait_for(timeout=8000)
            return dialog
        except Exception:  # noqa: BLE001 -- closed by a run that was under way: open it again
            page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=30000)
    raise AssertionError("the Add articles dialog did not open")


def whole_page(page):
    """Wait until the session's second run (the filters, charts and downloads come with it) has
    replaced the first run's elements: one map with its markers, one place list.  While it
    runs, the page holds both runs' maps and lists for a moment."""
    page.get_by_role("button", name="GeoJSON").wait_for(timeout=30000)
    page.wait_for_function("document.querySelectorAll('iframe[title=\"streamlit_folium.st_folium\"]').length === 1"
                           " && document.querySelectorAll('[data-testid=\"stSelectbox\"]').length === 1", timeout=30000)
    page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(".leaflet-marker-icon").first.wait_for(
        timeout=30000)


@pytest.fixture(scope="session")
def server():
    running = start_server()
    yield running.url
    running.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server, request):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.requests_seen = []
    page.on("request", lambda r: page.requests_seen.append(r.url))
    page.goto(server)
    page.get_by_text("News-claims map").first.wait_for(timeout=30000)
    whole_page(page)
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    page.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def pytest_collection_modifyitems(items):
    """Every browser test on one pytest-xdist worker (`--dist loadgroup`): one server and one
    chromium at a time, while the other workers run the rest (two browsers on a 2-core machine
    made the timings the tests wait on twice as long)."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.xdist_group("browser"))
