"""Who said it: speakers, citations, inheritance, outlet fallback, and reported vs event dates."""
import datetime as dt
import time

import pytest

from dashboard.text.attribution import WordList, attribute_passage, grammar_of, split_sentences
from dashboard.text.dates import ImpliedDate
from dashboard.text.sources import SourceRegistry, load_sources

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


def test_implied_reported_date_is_a_range_of_days_not_a_written_date(registry):
    sentences = attribute(registry, "彭博社5日称，铁路曾被关闭。彭博社称，绍伊古7月访朝。朝鲜军队一直没有举行演习。")
    assert sentences[1].implied_reported == ImpliedDate(dt.date(2023, 9, 5), dt.date(2023, 9, 5), "day")
    [implied] = sentences[1].dates_of_kind("reported")
    assert (implied.text, implied.kind) == ("", "reported") and not hasattr(implied, "start")
    # the outlet's own words: the publication date
    assert sentences[2].implied_reported == ImpliedDate(REF, REF, "day")
    assert sentences[0].implied_reported is None  # it writes its reported date


def test_a_sentence_of_thousands_of_clauses_is_read_in_about_linear_time(registry):
    """It once took 40 s for 4,000 clauses: every mention and date was compared with every other."""
    text = "据塔斯社5日报道，" * 4000
    started = time.process_time()
    [s] = attribute(registry, text)
    assert time.process_time() - started < 5  # about 0.1 s
    assert roles(s) == [("tass", "speaker")]
    assert len(s.dates) == 4000 and {d.kind for d in s.dates} == {"reported"}


def test_a_word_list_is_one_search_longest_word_first_latin_words_whole():
    words = WordList(["报道", "报道称", "say", "said"])
    assert words.find("彭博社报道称，") == (3, "报道称")
    assert words.find("They SAID so") == (5, "SAID")
    assert words.find("essays") is None  # "say" inside a word
    assert words.starts("报道称 say") == [0, 4]
    assert words.ends("TASS said ", 0, 10) and not words.ends("TASS essay", 0, 10)


def test_the_grammar_is_compiled_once_per_word_lists(registry):
    assert grammar_of(registry) is grammar_of(registry)
    other = SourceRegistry(registry.sources, {"zh": {"speech_verbs": ("嘀咕",)}}, registry.path, registry.dates)
    assert grammar_of(other) is not grammar_of(registry)
    assert grammar_of(other).verbs.find("他嘀咕") == (1, "嘀咕")
