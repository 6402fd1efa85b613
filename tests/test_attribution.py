"""Who said it: speakers, citations, inheritance, outlet fallback, and reported vs event dates."""
import datetime as dt

import pytest

from dashboard.attribution import attribute_passage, split_sentences
from dashboard.sources import load_sources

REF = dt.date(2023, 9, 6)


@pytest.fixture(scope="module")
def registry():
    registry, problems = load_sources("data/sources.yaml")
    assert problems == []
    return registry


def attribute(registry, text, outlet="global-times"):
    return attribute_passage(text, registry, REF, outlet)


def roles(sentence):
    return [(a.source, a.role) for a in sentence.attributions]


def test_source_with_date_and_verb_is_the_speaker(registry):
    [s] = attribute(registry, "《卫报》5日称，代表团8月下旬乘火车前往。")
    assert roles(s) == [("guardian", "speaker")]
    assert [(d.text, d.kind) for d in s.dates] == [("5日", "reported"), ("8月下旬", "event")]


def test_according_to(registry):
    [s] = attribute(registry, "据塔斯社4日报道，绍伊古说，“为什么不呢？”")
    assert roles(s) == [("tass", "speaker"), ("sergei-shoigu", "speaker")]
    assert [(d.text, d.kind) for d in s.dates] == [("4日", "reported")]


def test_cited_source(registry):
    [s] = attribute(registry, "《新消息报》5日援引俄东方学家奥斯特洛夫斯基的分析称，访问涉及经济。")
    assert roles(s) == [("novye-izvestia", "speaker"), ("andrei-ostrovsky", "cited")]


def test_quote_given_to_an_outlet(registry):
    [s] = attribute(registry, "“这是复活，”威尔逊中心研究员吉恩·李对《纽约时报》说。")
    assert ("nyt", "cited") in roles(s) and ("jean-lee", "speaker") in roles(s)


def test_report_continuation_inherits_the_reporting_source(registry):
    sentences = attribute(registry, "彭博社称，铁路曾被关闭。报道称，2022年底开始恢复。")
    assert roles(sentences[1]) == [("bloomberg", "inherited")]


def test_unattributed_sentence_falls_back_to_the_outlet(registry):
    sentences = attribute(registry, "彭博社称，铁路曾被关闭。朝鲜军队一直没有举行演习。")
    assert roles(sentences[1]) == [("global-times", "outlet")]


def test_quote_before_its_speaker(registry):
    [s] = attribute(registry, "“关于这个问题，我无可奉告。”俄总统新闻秘书佩斯科夫5日称。")
    assert roles(s) == [("dmitry-peskov", "speaker")]


def test_multi_sentence_quote_keeps_its_speaker(registry):
    sentences = attribute(registry, "佩斯科夫8月底曾表示：“关系友好。双方正在接触。”")
    assert [roles(s) for s in sentences] == [[("dmitry-peskov", "speaker")], [("dmitry-peskov", "inherited")]]
    assert sentences[0].dates[0].kind == "reported"


def test_as_of_date_without_a_speaker_is_an_event(registry):
    [s] = attribute(registry, "截至5日晚，俄罗斯和朝鲜当局均未宣布此次访问。")
    assert [(d.text, d.kind) for d in s.dates] == [("截至5日晚", "event")]


def test_credit_in_brackets(registry):
    [s] = attribute(registry, "金正恩计划本月前往俄罗斯。（新华视觉）")
    assert roles(s) == [("xinhua", "credit")]


@pytest.mark.parametrize("text, expected", [
    ("TASS reported on 4 September that Shoigu spoke.", [("tass", "speaker")]),
    ("According to Bloomberg, the railway reopened.", [("bloomberg", "speaker")]),
    ("“No comment,” said Peskov.", [("dmitry-peskov", "speaker")]),
    ("The New York Times, citing officials, said Kim would travel.", [("nyt", "speaker")]),
])
def test_english_attribution(registry, text, expected):
    [s] = attribute(registry, text)
    assert roles(s) == expected


def test_english_reported_date(registry):
    [s] = attribute(registry, "TASS reported on 4 September that the visit was planned for late September.")
    assert [(d.text, d.kind) for d in s.dates] == [("4 September", "reported"), ("late September", "event")]


def test_english_report_continuation(registry):
    sentences = attribute(registry, "Bloomberg said the line was closed. The report said it reopened in late 2022.")
    assert roles(sentences[1]) == [("bloomberg", "inherited")]


def test_sentence_split_keeps_offsets():
    text = "第一句。第二句！Third one. Fourth?"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["第一句。", "第二句！", "Third one.", "Fourth?"]


def test_implied_reported_date_for_a_source_seen_earlier(registry):
    sentences = attribute(registry, "彭博社5日称，铁路曾被关闭。彭博社称，绍伊古7月访朝。")
    assert sentences[1].dates_of_kind("reported")[0].first == dt.date(2023, 9, 5)
