"""The first page, driven by Streamlit's AppTest (no browser)."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    return at


def test_first_page_lists_places_and_passages(app):
    assert app.title[0].value == "News-claims map"
    assert app.selectbox(key="place").value == "russia"
    app.selectbox(key="place").set_value("khasan").run()
    assert app.subheader[1].value == "Khasan: 1 passage · 3 sources"
    assert any("<mark>哈桑村</mark>" in m.value for m in app.markdown)


def test_source_filter_narrows_the_places(app):
    app.multiselect(key="sources").set_value(["tass"]).run()
    assert app.selectbox(key="place").options == ["Russia · 俄罗斯", "North Korea · 朝鲜"]
