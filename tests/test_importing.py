"""Adding articles: drafts from uploads, pasted text and saved web pages; saving; round trip;
outlets that sources.yaml does not list."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from dashboard.text.articles import MAX_ARTICLE_BYTES, load_articles
from dashboard.corpus.analysis import load_corpus
from dashboard.base.errors import ProblemKind
from dashboard.edit.importing import (Draft, ImportProblem, article_from_html, article_from_text, article_from_upload,
                                 save, save_article, suggested_file_name)

HARBOUR_PAGE = textwrap.dedent("""\
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8">
    <title>Train reaches Khasan | Harbour Wire</title>
    <meta property="og:site_name" content="Harbour Wire">
    <meta property="og:title" content="Train reaches Khasan">
    <meta property="article:published_time" content="2023-09-12T08:00:00+03:00">
    <link rel="canonical" href="https://harbour.example/world/train-reaches-khasan">
    </head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
    <article>
    <h1>Train reaches Khasan</h1>
    <p>The armoured train crossed the Tumen River bridge and stopped at Khasan station early on Tuesday, local officials said.</p>
    <p>From Khasan the line runs north to Vladivostok, where a welcome ceremony had been prepared at the station.</p>
    <h2>Security</h2>
    <p>Residents said the platform was closed for several hours before the train arrived in the small border village.</p>
    </article>
    <footer>Copyright 2021 Harbour Wire. All rights reserved.</footer>
    </body></html>
    """)

HARBOUR_BODY = ("The armoured train crossed the Tumen River bridge and stopped at Khasan station early on Tuesday, "
                "local officials said.\n\n"
                "From Khasan the line runs north to Vladivostok, where a welcome ceremony had been prepared at the "
                "station.\n\n"
                "## Security\n\n"
                "Residents said the platform was closed for several hours before the train arrived in the small "
                "border village.\n")

# no date in the markup, a copyright year in the footer, no site name
BARE_PAGE = textwrap.dedent("""\
    <html><head><meta charset="utf-8"><title>专列抵达哈桑</title></head><body>
    <div class="content"><h1>专列抵达哈桑</h1>
    <p>据报道，朝鲜领导人乘坐的专列12日清晨抵达俄罗斯滨海边疆区哈桑站，当地官员表示欢迎仪式已经准备就绪。</p>
    <p>哈桑站距离图们江铁路桥不远，列车随后继续向符拉迪沃斯托克方向行驶，沿途车站均加强了警戒。</p>
    </div><footer>© 2021 版权所有</footer></body></html>
    """)

BARE_BODY = ("据报道，朝鲜领导人乘坐的专列12日清晨抵达俄罗斯滨海边疆区哈桑站，当地官员表示欢迎仪式已经准备就绪。\n\n"
             "哈桑站距离图们江铁路桥不远，列车随后继续向符拉迪沃斯托克方向行驶，沿途车站均加强了警戒。\n")

EN_TEXT = "The train reached Khasan on Tuesday.\n\nIt went on to Vladivostok the same night."


def good_draft(**changes) -> Draft:
    draft = article_from_text(EN_TEXT, "Train reaches Khasan", "Harbour Wire", "2023-09-12", "en",
                              url="https://harbour.example/a", authors=["A. Writer", "B. Writer"])
    return draft.edited(**changes) if changes else draft


def kinds(draft: Draft) -> list:
    return [p.kind for p in draft.problems()]


# --- web pages -------------------------------------------------------------------------------------------

def test_saved_web_page_gives_text_title_date_site_name_and_link():
    draft = article_from_upload("train.html", HARBOUR_PAGE.encode("utf-8"))
    assert draft.title == "Train reaches Khasan"
    assert draft.outlet == "Harbour Wire"
    assert draft.published == dt.date(2023, 9, 12)
    assert draft.url == "https://harbour.example/world/train-reaches-khasan"
    assert draft.language == "en"
    assert draft.source_name == "train.html"
    # headline not repeated, navigation and footer left out, paragraphs split by blank lines
    assert draft.body == HARBOUR_BODY
    assert draft.problems() == []


def test_web_page_without_date_or_site_name_leaves_them_empty_and_never_guesses_the_date():
    draft = article_from_upload("bare.htm", BARE_PAGE.encode("utf-8"))
    assert (draft.title, draft.outlet, draft.published, draft.language) == ("专列抵达哈桑", "", None, "zh")
    assert draft.body == BARE_BODY
    assert [(p.kind, p.problem) for p in draft.problems()] == [
        (ProblemKind.MISSING, "the article has no outlet"),
        (ProblemKind.MISSING, "the article has no publication date"),
    ]


def test_defaults_fill_what_the_page_does_not_give_but_never_what_it_gives():
    defaults = {"outlet": "Global Times", "published": "2023-09-13", "title": "not used"}
    draft = article_from_upload("bare.html", BARE_PAGE.encode("utf-8"), defaults)
    assert (draft.title, draft.outlet, draft.published) == ("专列抵达哈桑", "Global Times", dt.date(2023, 9, 13))
    assert draft.problems() == []
    page = article_from_upload("train.html", HARBOUR_PAGE.encode("utf-8"), {"outlet": "Other", "published": "2020-01-01"})
    assert (page.outlet, page.published) == ("Harbour Wire", dt.date(2023, 9, 12))


def test_page_in_a_legacy_encoding_is_read_by_its_meta_charset():
    page = BARE_PAGE.replace('charset="utf-8"', 'charset="gb18030"')
    draft = article_from_html(page.encode("gb18030"), "gbk.html", {"outlet": "X", "published": "2023-09-12"})
    assert draft.title == "专列抵达哈桑" and draft.body == BARE_BODY


def test_page_with_no_text_is_a_draft_that_says_so():
    draft = article_from_upload("empty.html", b"<html><head><title>Only a title</title></head><body></body></html>",
                                {"outlet": "X", "published": "2023-09-12", "language": "en"})
    assert draft.title == "Only a title" and draft.body == ""
    assert kinds(draft) == [ProblemKind.EMPTY]


# --- Markdown and text files -----------------------------------------------------------------------------------

def test_markdown_upload_keeps_its_front_matter_and_body_exactly():
    text = ("---\ntitle: 'Kim: the train'\noutlet: TASS\npublished: 2023-09-12\nlanguage: en\n"
            "url: https://tass.com/x\nauthors: [Ivan Petrov]\nseed: notes/1.txt\n---\n"
            "First paragraph.\n\n\n  Second   paragraph, spaces kept.\n")
    draft = article_from_upload("kim.md", text.encode("utf-8"))
    assert (draft.title, draft.outlet, draft.published, draft.language) == ("Kim: the train", "TASS",
                                                                            dt.date(2023, 9, 12), "en")
    assert draft.url == "https://tass.com/x" and draft.authors == ("Ivan Petrov",)
    assert draft.body == "First paragraph.\n\n\n  Second   paragraph, spaces kept.\n"
    assert draft.extra == {"seed": "notes/1.txt"}
    assert "seed: notes/1.txt\n" in draft.to_markdown()


def test_markdown_missing_fields_come_from_defaults_and_bad_ones_are_problems():
    text = "---\ntitle: Kim\npublished: 2023-02-30\nlanguage: english\nurl: javascript:alert(1)\n---\nText.\n"
    draft = article_from_upload("kim.md", text.encode("utf-8"), {"outlet": "TASS", "published": "2023-09-12"})
    assert draft.outlet == "TASS"
    assert draft.published is None and draft.invalid_date == "2023-02-30"  # the file's own value is not replaced
    assert [str(p) for p in draft.problems()] == [
        "kim.md: invalid date '2023-02-30' — write the publication date as YYYY-MM-DD, e.g. 2023-09-06 "
        "(command line: --published)",
        "kim.md: unknown language 'english' — use one of en, zh, ru, ko, ja",
        "kim.md: url 'javascript:alert(1)' is not an http(s) link — write an address starting with https:// or "
        "http://, or leave it empty",
    ]
    fixed = draft.edited(published="2023-09-12", language="en", url="")
    assert fixed.problems() == [] and fixed.url is None


def test_markdown_without_front_matter_takes_a_heading_as_title():
    draft = article_from_upload("note.md", "# Ferry resumes\n\nThe ferry to Sokcho sails again.\n".encode())
    assert draft.title == "Ferry resumes" and draft.body == "The ferry to Sokcho sails again.\n"


def test_text_file_title_is_the_first_line_and_language_is_detected():
    data = "金正恩专列抵达哈桑\r\n据报道，专列12日清晨抵达哈桑站。\r\n\r\n列车随后继续行驶。\r\n".encode("utf-8")
    draft = article_from_upload("kim.txt", data, {"outlet": "环球网", "published": dt.date(2023, 9, 12)})
    assert draft.title == "金正恩专列抵达哈桑"
    assert draft.language == "zh"
    assert draft.body == "据报道，专列12日清晨抵达哈桑站。\n\n列车随后继续行驶。\n"  # Windows line ends made plain
    assert draft.problems() == []


@pytest.mark.parametrize("name,data,kind,words", [
    ("a.pdf", b"%PDF-1.4", ProblemKind.INVALID, "unsupported file type '.pdf'"),
    ("a.txt", "标题\n正文".encode("gb18030"), ProblemKind.ENCODING, "not UTF-8"),
    ("a.md", b"---\ntitle: T\nbody starts without closing\n", ProblemKind.SYNTAX, "front matter is not closed"),
    ("a.md", b"---\ntitle: [unclosed\n---\nText\n", ProblemKind.SYNTAX, "YAML syntax error"),
    ("a.md", b"---\n- a list\n---\nText\n", ProblemKind.TYPE, "front matter is not a mapping"),
])
def test_unreadable_uploads_raise_import_problem(name, data, kind, words):
    with pytest.raises(ImportProblem) as caught:
        article_from_upload(name, data)
    [problem] = caught.value.problems
    assert problem.kind is kind and words in problem.problem and problem.path == name


# --- pasted text and the problems of a draft ----------------------------------------------------------

def test_pasted_text_detects_the_language():
    assert article_from_text(EN_TEXT, "T", "O", "2023-09-12", None).language == "en"
    assert article_from_text("朝鲜领导人乘坐的专列抵达哈桑站。", "T", "O", "2023-09-12", "").language == "zh"
    assert article_from_text("Kim 抵达 Khasan 站，列车随后继续行驶。", "T", "O", None, None).language == "zh"


def test_each_missing_or_invalid_field_is_one_problem():
    empty = article_from_text("  \n\n ", "", "", None, "xx")
    assert [(p.kind, p.problem) for p in empty.problems()] == [
        (ProblemKind.MISSING, "the article has no title"),
        (ProblemKind.MISSING, "the article has no outlet"),
        (ProblemKind.MISSING, "the article has no publication date"),
        (ProblemKind.LANGUAGE, "unknown language 'xx'"),
        (ProblemKind.EMPTY, "the article has no text"),
    ]
    assert all(p.path == "pasted text" and p.fix for p in empty.problems())
    assert kinds(good_draft(url="ftp://harbour.example/a")) == [ProblemKind.UNSAFE]
    assert kinds(good_draft(published="12/09/2023")) == [ProblemKind.RANGE]
    assert kinds(good_draft(published=dt.date.today() + dt.timedelta(days=30))) == [ProblemKind.RANGE]
    assert kinds(good_draft(body="x" * (MAX_ARTICLE_BYTES + 1))) == [ProblemKind.SIZE]
    assert good_draft().problems() == []


def test_edited_reads_form_values():
    draft = good_draft().edited(title="  Two\n lines ", published="2023-09-13", authors="A; B；C", language="ZH")
    assert (draft.title, draft.published, draft.authors, draft.language) == ("Two lines", dt.date(2023, 9, 13),
                                                                            ("A", "B", "C"), "zh")
    with pytest.raises(TypeError):
        good_draft().edited(colour="red")


# --- saving -------------------------------------------------------------------------------------------------

def test_save_writes_the_file_the_loader_reads_back(tmp_path):
    draft = good_draft()
    path = save_article(draft, tmp_path)
    assert path == tmp_path / "2023-09-12-harbour-wire-train-reaches-khasan.md"
    assert path.read_text(encoding="utf-8") == (
        "---\ntitle: Train reaches Khasan\noutlet: Harbour Wire\npublished: 2023-09-12\nlanguage: en\n"
        "url: https://harbour.example/a\nauthors: [A. Writer, B. Writer]\n---\n" + EN_TEXT)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    [article], problems = load_articles([tmp_path])
    assert problems == []
    assert (article.title, article.outlet, article.published, article.language, article.body, article.url,
            article.authors) == ("Train reaches Khasan", "Harbour Wire", dt.date(2023, 9, 12), "en", EN_TEXT,
                                 "https://harbour.example/a", ("A. Writer", "B. Writer"))
    assert [p.text for p in article.passages] == ["The train reached Khasan on Tuesday.",
                                                 "It went on to Vladivostok the same night."]


@pytest.mark.parametrize("title,outlet", [
    ("yes", "null"), ("2023", "true"), ("Kim: 'the train' # no comment", "- dash"), ("[brackets] {and} braces", "@x"),
    ("“引号”：金正恩专列", "《环球时报》"), ("---", "..."),
])
def test_round_trip_of_titles_and_outlets_that_yaml_would_misread(tmp_path, title, outlet):
    body = "---\nA body line that looks like a front-matter fence.\n\n# heading\n\nText.\n"
    draft = article_from_text(body, title, outlet, "2023-09-06", "en")
    save_article(draft, tmp_path)
    [article], problems = load_articles([tmp_path])
    assert problems == []
    assert (article.title, article.outlet, article.published, article.language, article.body) == (
        title, outlet, dt.date(2023, 9, 6), "en", body)


def test_round_trip_of_a_web_page_and_a_chinese_text(tmp_path):
    page = article_from_upload("train.html", HARBOUR_PAGE.encode("utf-8"))
    chinese = article_from_upload("bare.html", BARE_PAGE.encode("utf-8"), {"outlet": "环球网", "published": "2023-09-12"})
    for draft in (page, chinese):
        save_article(draft, tmp_path)
    articles, problems = load_articles([tmp_path])
    assert problems == []
    loaded = {a.title: a for a in articles}
    for draft in (page, chinese):
        a = loaded[draft.title]
        assert (a.outlet, a.published, a.language, a.body) == (draft.outlet, draft.published, draft.language, draft.body)
    assert [p.heading for p in loaded["Train reaches Khasan"].passages] == [None, None, "Security"]


def test_chinese_title_gets_a_content_hash_name(tmp_path):
    draft = article_from_upload("bare.html", BARE_PAGE.encode("utf-8"), {"outlet": "环球网", "published": "2023-09-12"})
    name = suggested_file_name(draft)
    assert name.startswith("2023-09-12-") and name.endswith(".md") and len(name) == len("2023-09-12-") + 10 + 3
    assert save_article(draft, tmp_path).name == name
    other = draft.edited(body=draft.body + "\n又一段。\n")
    assert suggested_file_name(other) != name  # another text, another name


def test_save_never_overwrites(tmp_path):
    draft = good_draft()
    first = save(draft, tmp_path)
    assert first.created
    again = save(draft, tmp_path)  # the same article: already there
    assert again == type(first)(first.path, False)
    changed = draft.edited(body=EN_TEXT + "\n\nA correction was added.")
    second = save(changed, tmp_path)
    assert second.created and second.path.name == "2023-09-12-harbour-wire-train-reaches-khasan-2.md"
    third = save(changed.edited(body=EN_TEXT + "\n\nAnother."), tmp_path)
    assert third.path.name == "2023-09-12-harbour-wire-train-reaches-khasan-3.md"
    assert save(changed, tmp_path) == type(first)(second.path, False)
    assert first.path.read_text(encoding="utf-8").endswith(EN_TEXT)  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "2023-09-12-harbour-wire-train-reaches-khasan-2.md", "2023-09-12-harbour-wire-train-reaches-khasan-3.md",
        "2023-09-12-harbour-wire-train-reaches-khasan.md"]


def test_save_refuses_an_invalid_draft_and_a_missing_folder(tmp_path):
    with pytest.raises(ImportProblem) as caught:
        save_article(good_draft(title="", published="soon"), tmp_path)
    assert [p.kind for p in caught.value.problems] == [ProblemKind.MISSING, ProblemKind.RANGE]
    assert str(caught.value).startswith("pasted text: the article has no title — ")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ImportProblem) as caught:
        save_article(good_draft(), tmp_path / "nowhere")
    [problem] = caught.value.problems
    assert problem.kind is ProblemKind.FILE and "does not exist" in problem.problem


def test_long_titles_make_short_names():
    draft = good_draft(title="A very long headline " * 10, outlet="The Harbour Wire of the North Pacific Coast Region")
    assert suggested_file_name(draft) == ("2023-09-12-the-harbour-wire-of-the-north-"
                                          "a-very-long-headline-a-very-long-headline-a-very-long.md")


# --- outlets that sources.yaml does not list ------------------------------------------------------------

def test_an_unregistered_outlet_is_a_notice_and_a_source_under_its_own_name(tmp_path):
    save_article(good_draft(), tmp_path)
    save_article(good_draft(title="Second story", body="Harbour Wire staff saw the train in Vladivostok."), tmp_path)
    save_article(good_draft(title="TASS story", outlet="TASS"), tmp_path)
    corpus = load_corpus(articles=[tmp_path])
    assert corpus.problems == []
    [notice] = corpus.notices
    assert notice.kind is ProblemKind.UNKNOWN_SOURCE
    assert notice.problem == "outlet 'Harbour Wire' is not in the sources registry (and 1 more article)"
    assert "python -m dashboard sources add" in notice.fix
    assert [s.id for s in corpus.unregistered_sources()] == ["outlet:harbour-wire"]
    said_by = {(p.article.title, p.passage.number): [corpus.source_name(s) for s in p.source_ids()]
               for p in corpus.passages}
    assert said_by == {("Train reaches Khasan", 1): ["Harbour Wire"], ("Train reaches Khasan", 2): ["Harbour Wire"],
                       ("Second story", 1): ["Harbour Wire"],
                       ("TASS story", 1): ["TASS"], ("TASS story", 2): ["TASS"]}
    # filters and links name it like any source
    assert corpus.registry.resolve("harbour wire").id == "outlet:harbour-wire"
    assert corpus.registry.resolve("outlet:harbour-wire").name == "Harbour Wire"


def test_the_sources_file_is_not_changed_by_an_unregistered_outlet(tmp_path):
    from dashboard.corpus.analysis import DEFAULT_SOURCES, analyse
    from dashboard.places.gazetteer import load_gazetteer
    from dashboard.text.sources import load_sources

    registry, _ = load_sources(DEFAULT_SOURCES)
    gazetteer, _ = load_gazetteer("data/places.yaml")
    save_article(good_draft(), tmp_path)
    articles, _ = load_articles([tmp_path])
    corpus = analyse(gazetteer, registry, articles)
    assert "outlet:harbour-wire" in corpus.registry.sources and "outlet:harbour-wire" not in registry.sources


def test_a_chinese_unregistered_outlet_keeps_its_name():
    from dashboard.corpus.analysis import unregistered_source

    assert (unregistered_source("央视新闻").id, unregistered_source("央视新闻").name) == ("outlet:央视新闻", "央视新闻")
    assert unregistered_source("Harbour Wire").id == unregistered_source("harbour  wire").id


def test_passages_of_an_unregistered_outlet_are_said_by_it_in_the_panel_and_the_export(tmp_path, capsys):
    import json

    from dashboard.cli.main import main
    from dashboard.corpus.filters import Filters
    from dashboard.page.panel import passage_cards

    save_article(good_draft(), tmp_path)
    corpus = load_corpus(articles=[tmp_path])
    [card] = passage_cards(corpus, corpus.passages, "khasan")
    assert card["sources"] == ["Harbour Wire"]  # the panel's "Said by: Harbour Wire", not "—"
    assert corpus.lookup.source_counts(Filters()) == {"outlet:harbour-wire": 2}  # the sources filter's count
    code = main(["export", "geojson", "--articles", str(tmp_path), "--source", "Harbour Wire", "--no-world"])
    captured = capsys.readouterr()
    assert code == 0 and "warning" not in captured.err
    features = json.loads(captured.out)["features"]
    assert sorted(f["properties"]["id"] for f in features if f["geometry"]["type"] == "Point") == ["khasan",
                                                                                                  "vladivostok"]
    assert {s for f in features if f["geometry"]["type"] == "Point"
            for p in f["properties"]["passages"] for s in p["sources"]} == {"Harbour Wire"}
