"""Passage cards as HTML: every string from the data shows as text, links only to http(s)."""
import re

import pytest

from dashboard.page import panel as view
from dashboard.page.panel import card_html, safe_url

WORDS = {"reported_on": "Reported", "events_on": "Events", "original": "original", "also_named": "Also named here:"}


def card(**changes):
    base = {"key": ("2023-09-05-wire.md", 3), "passage": 3, "html": "Kim reached <mark>Khasan</mark>.",
            "sources": ["TASS"], "reported": ["5日 → 2023-09-05"], "event": [],
            "article": "Kim's train", "outlet": "TASS", "published": "2023-09-05", "url": "https://tass.com/x"}
    return {**base, **changes}


def test_a_card_is_one_block_with_the_passage_chips_dates_and_link():
    block = card_html(card(), WORDS)
    assert block == (  # one line: no Markdown can be read inside it
        '<div class="ncm-passage" id="ncm-p-2023-09-05-wire-md-3" data-passage="2023-09-05-wire.md#3">Kim reached <mark>Khasan</mark>.</div>'
        '<div class="ncm-chips"><code>TASS</code></div><p class="ncm-caption">Reported: 5日 → 2023-09-05</p>'
        '<p class="ncm-caption">Kim&#x27;s train · TASS · 2023-09-05 · ¶3 · '
        '<a href="https://tass.com/x" target="_blank" rel="noopener noreferrer">original</a></p>')


def test_hostile_file_names_titles_outlets_and_sources_stay_text():
    block = card_html(card(key=('2023-09-05-evil"><img src=x onerror=alert(1)>.md', 3),
                           article="[Click here](https://phish.example)", outlet="<img src=x onerror=alert(2)>",
                           sources=["<script>alert(3)</script>"]), WORDS)
    assert "<img" not in block and "<script" not in block
    assert 'data-passage="2023-09-05-evil&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.md#3"' in block
    assert "[Click here](https://phish.example)" in block  # shown as written, and no link made of it
    assert re.findall(r"<a href=\"([^\"]*)\"", block) == ["https://tass.com/x"]


def test_a_card_links_its_other_places_and_their_names_stay_text():
    block = card_html(card(), WORDS, [("moscow", "Moscow", "?place=moscow&source=tass"),
                                      ('x"><script>', "<b>Evil</b> [x](https://phish.example)", '?place=x"')])
    assert block.endswith(
        '<p class="ncm-also">Also named here: <a class="ncm-goto" href="?place=moscow&amp;source=tass" data-goto="moscow">'
        'Moscow</a> <a class="ncm-goto" href="?place=x&quot;" data-goto="x&quot;&gt;&lt;script&gt;">&lt;b&gt;Evil&lt;/b&gt; '
        '[x](https://phish.example)</a></p>')
    assert "Also named" not in card_html(card(), WORDS)  # a passage naming only this place has no line


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example", "ftp://x.example/f", "",
                                 None])
def test_only_http_links_are_made(url):
    block = card_html(card(url=url), WORDS)
    assert "<a " not in block
    assert block.endswith("Kim&#x27;s train · TASS · 2023-09-05 · ¶3</p>")  # the article line, without a link


def test_a_link_is_trimmed():
    assert safe_url(" http://example.org/a ") == "http://example.org/a"


def test_the_timeline_focuses_where_the_dates_are_and_puts_outliers_at_the_edges():
    import pandas as pd
    from dashboard.page.panel import focus_timeline
    days = ["2023-09-0%d" % d for d in range(1, 10)] + ["2023-09-12", "1880-05-01"]
    shown, (start, end), moved = focus_timeline(pd.DataFrame({"date": days, "source": "TASS"}))
    assert (start.isoformat(), end.isoformat()) == ("2023-08-29", "2023-09-15")
    assert moved == {"before": 1, "after": 0}
    [old] = shown[shown["edge"] != ""].to_dict("records")
    assert (old["edge"], old["date"], old["date_written"]) == ("before", "2023-08-29", "1880-05-01")
    assert shown["date"].tolist()[:-1] == days[:-1] and set(shown["source"]) == {"TASS"}
    empty = pd.DataFrame({"date": [], "source": []})
    assert focus_timeline(empty)[1:] == (None, {"before": 0, "after": 0})


def plain_focus(days, share=0.9, pad_days=3):
    """The focus range's definition, written plainly: the shortest window of sorted days holding
    `share` of them (the first of equals), padded on each side."""
    import datetime as dt
    import math
    days = sorted(days)
    keep = max(1, math.ceil(share * len(days)))
    first = min(range(len(days) - keep + 1), key=lambda i: (days[i + keep - 1] - days[i], i))
    return days[first] - dt.timedelta(days=pad_days), days[first + keep - 1] + dt.timedelta(days=pad_days)


def test_the_timeline_focus_is_the_plain_definition_on_any_days():
    """The numpy focus against the plain definition, on random days with repeats and outliers."""
    import datetime as dt
    import random

    import pandas as pd
    from dashboard.page.panel import focus_timeline
    rng = random.Random(7)
    for _ in range(200):
        days = [dt.date(2023, 9, 1) + dt.timedelta(days=rng.choice([rng.randint(0, 40), rng.randint(-40_000, 900)]))
                for _ in range(rng.randint(1, 30))]
        shown, span, moved = focus_timeline(pd.DataFrame({"date": [d.isoformat() for d in days]}))
        start, end = plain_focus(days)
        assert span == (start, end) and all(type(day) is dt.date for day in span)
        assert moved == {"before": sum(d < start for d in days), "after": sum(d > end for d in days)}
        assert shown["date"].tolist() == [min(max(d, start), end).isoformat() for d in days]


def test_arrow_table_sends_what_streamlit_would_without_starting_threads(monkeypatch):
    """The timeline's data are converted in the page's thread, and the page sends the same bytes
    as when Streamlit converted the frame itself (a frame with an index too)."""
    import concurrent.futures

    import pandas as pd
    import pyarrow
    from streamlit import dataframe_util

    timeline = pd.DataFrame({"date": ["2023-09-05"] * 1500, "source": ["TASS", "Bloomberg", "unattributed"] * 500,
                             "passages": range(1500)})
    submitted = []
    real_submit = concurrent.futures.ThreadPoolExecutor.submit
    monkeypatch.setattr(concurrent.futures.ThreadPoolExecutor, "submit",
                        lambda pool, *args, **kwargs: submitted.append(args) or real_submit(pool, *args, **kwargs))
    table = view.arrow_table(timeline)
    assert not submitted
    assert dataframe_util.convert_anything_to_arrow_bytes(table) == dataframe_util.convert_anything_to_arrow_bytes(timeline)
    if pyarrow.cpu_count() > 1:  # one thread per core: with one core, none anyway
        assert submitted  # Streamlit's own conversion of the same frame did start threads
    indexed = pd.DataFrame([[3, 0], [1, 5]], index=["TASS", "Bloomberg"], columns=["Khasan", "Moscow"])
    assert (dataframe_util.convert_anything_to_arrow_bytes(view.arrow_table(indexed))
            == dataframe_util.convert_anything_to_arrow_bytes(indexed))
    assert view.arrow_table(indexed).to_pandas().to_dict("index") == {"TASS": {"Khasan": 3, "Moscow": 0},
                                                                      "Bloomberg": {"Khasan": 1, "Moscow": 5}}
