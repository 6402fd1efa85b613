"""The attribution and date grammars are data: editing a word list in a copy of sources.yaml
changes who speaks, and which dates are read."""
import datetime as dt
import re
from pathlib import Path

import pytest

from dashboard.text.attribution import attribute_passage
from dashboard.text.dates import DATE_WORDS, find_dates
from dashboard.base.errors import ProblemKind
from dashboard.text.sources import GRAMMAR_KEYS, load_sources

SOURCES = Path("data/sources.yaml")
REF = dt.date(2023, 9, 6)
# the source's verb is too far from it for the speech-verb rule: only the sentence opening decides
LONG = "《卫报》的一篇关于朝鲜领导人访问俄罗斯远东地区并与俄方会谈的长篇分析文章称，代表团乘火车前往。"


def edited(tmp_path, lang, key, old, new, section="attribution"):
    """A copy of sources.yaml whose `lang` list `key` (in `section`) reads `new` instead of `old`."""
    path = edited_file(tmp_path, lang, key, old, new, section)
    registry, problems = load_sources(path)
    assert problems == []
    return registry


def edited_file(tmp_path, lang, key, old, new, section="attribution"):
    text = SOURCES.read_text(encoding="utf-8")
    line = f"  {lang}:\n"
    head, _, rest = text.partition(f"\n{section}:\n")
    block_start = rest.index(line) + len(line)
    wanted = f"    {key}: {old}"
    at = rest.index(wanted, block_start)
    rest = rest[:at] + f"    {key}: {new}" + rest[at + len(wanted):]
    path = tmp_path / "sources.yaml"
    path.write_text(head + f"\n{section}:\n" + rest, encoding="utf-8")
    return path


def current(key, lang):
    match = re.search(rf"^  {lang}:\n(?:    .*\n)*?    {key}: (\[.*\])", SOURCES.read_text(encoding="utf-8"), re.M)
    return match.group(1)


@pytest.fixture(scope="module")
def registry():
    registry, problems = load_sources(SOURCES)
    assert problems == []
    return registry


def roles(sentence):
    return [(a.source, a.role) for a in sentence.attributions]


def dates(sentence):
    return [(d.text, d.kind) for d in sentence.dates]


def test_every_grammar_list_is_in_the_data(registry):
    assert set(GRAMMAR_KEYS) == {key for lists in registry.grammar.values() for key in lists}


def test_a_new_speech_verb_makes_a_sentence_attributed(registry, tmp_path):
    text = "《卫报》嘀咕，代表团乘火车前往。"
    [before] = attribute_passage(text, registry, REF, "global-times")
    assert roles(before) == [("global-times", "outlet")]
    verbs = current("speech_verbs", "zh")
    grown = edited(tmp_path, "zh", "speech_verbs", verbs, verbs[:-1] + ", 嘀咕]")
    [after] = attribute_passage(text, grown, REF, "global-times")
    assert roles(after) == [("guardian", "speaker")]


def test_the_one_local_time_list_decides_both_rules(registry, tmp_path):
    text = "平壤时间4日，据塔斯社报道，演习结束。"
    [before] = attribute_passage(text, registry, REF, "global-times")
    assert dates(before) == [("4日", "event")]
    grown = edited(tmp_path, "zh", "local_time", current("local_time", "zh"), "[当地时间, 北京时间, 莫斯科时间, 平壤时间]")
    [after] = attribute_passage(text, grown, REF, "global-times")
    assert dates(after) == [("4日", "reported")] and roles(after) == [("tass", "speaker")]
    # "据" after the prefix in the same clause still opens it
    [inside] = attribute_passage("平壤时间4日据塔斯社的一篇关于远东地区铁路恢复和代表团行程的长篇报道，演习结束。",
                                 grown, REF, "global-times")
    assert roles(inside) == [("tass", "speaker")]


def test_speaker_prefixes_are_words_not_characters(registry, tmp_path):
    def first_role(reg, opening):
        return roles(attribute_passage(opening + LONG, reg, REF, "global-times")[0])[0]

    for opening in ("", "英国", "美国", "“美国", "俄罗斯"):
        assert first_role(registry, opening) == ("guardian", "speaker"), opening
    # the old character strip took these for prefixes
    for opening in ("美俄", "斯", "国", "俄"):
        assert first_role(registry, opening) == ("global-times", "outlet"), opening
    grown = edited(tmp_path, "zh", "speaker_prefixes", current("speaker_prefixes", "zh"), "[英国, 美国, 俄罗斯, 俄]")
    assert first_role(grown, "俄") == ("guardian", "speaker")


def test_verb_date_links_decide_a_date_after_the_verb(registry, tmp_path):
    text = "TASS reported on 4 September that the railway reopened."
    [before] = attribute_passage(text, registry, REF, "global-times")
    assert dates(before) == [("4 September", "reported")]
    links = current("verb_date_links", "en")
    shrunk = edited(tmp_path, "en", "verb_date_links", links, "[last, this, earlier, late]")
    [after] = attribute_passage(text, shrunk, REF, "global-times")
    assert dates(after) == [("4 September", "event")]


def test_a_grammar_list_of_the_wrong_type_is_a_problem_with_its_line(tmp_path):
    text = re.sub(r"^    local_time: .*$", "    local_time: 5", SOURCES.read_text(encoding="utf-8"), flags=re.M)
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_sources(path)
    line = text.splitlines().index("    local_time: 5") + 1
    assert [(p.line, "local_time" in p.problem) for p in problems] == [(line, True)]


# ---- dates ---------------------------------------------------------------------------------

def date_texts(registry, text, ref=REF):
    return [(d.text, d.first.isoformat(), d.last.isoformat()) for d in find_dates(text, ref, grammar=registry.dates)]


def test_every_date_list_is_in_the_data(registry):
    for lang, model in DATE_WORDS.items():
        words = getattr(registry.dates, lang)
        assert [key for key in model.model_fields if getattr(words, key) is None] == [], lang


def test_a_new_relative_day_is_read_and_dates_the_speaking(registry, tmp_path):
    text = "塔斯社大前天称，演习结束。"
    assert date_texts(registry, text) == [("前天", "2023-09-04", "2023-09-04")]
    grown = edited(tmp_path, "zh", "relative_days", "{昨天: -1,", "{大前天: -3, 昨天: -1,", section="dates")
    assert date_texts(grown, text) == [("大前天", "2023-09-03", "2023-09-03")]
    [sentence] = attribute_passage(text, grown, REF, "global-times")  # the registry's words, not the bundled ones
    assert [(d.text, d.kind) for d in sentence.dates] == [("大前天", "reported")]


def test_a_month_word_and_its_number_come_from_the_data(registry, tmp_path):
    assert date_texts(registry, "on 5 Septembre") == []
    grown = edited(tmp_path, "en", "months", "{January: 1,", "{Septembre: 9, January: 1,", section="dates")
    assert date_texts(grown, "on 5 Septembre") == [("5 Septembre", "2023-09-05", "2023-09-05")]


def test_months_not_alone_decide_whether_may_is_a_month(registry, tmp_path):
    assert date_texts(registry, "Kim may visit in May") == []
    shrunk = edited(tmp_path, "en", "months_not_alone", "[May, ", "[", section="dates")
    assert date_texts(shrunk, "Kim may visit in May") == [("may", "2023-05-01", "2023-05-31"),
                                                          ("May", "2023-05-01", "2023-05-31")]


def test_numerals_and_month_parts_come_from_the_data(registry, tmp_path):
    assert date_texts(registry, "两日") == []
    grown = edited(tmp_path, "zh", "numerals", "{一: 1,", "{两: 2, 一: 1,", section="dates")
    assert date_texts(grown, "两日") == [("两日", "2023-09-02", "2023-09-02")]
    moved = edited(tmp_path, "zh", "month_parts", "{early: [上旬, 初], mid: [中旬, 中], late: [下旬, 底, 末]}",
                   "{early: [上旬, 初, 底], mid: [中旬, 中], late: [下旬, 末]}", section="dates")
    assert date_texts(moved, "8月底") == [("8月底", "2023-08-01", "2023-08-10")]


def test_a_sources_file_without_dates_reads_the_bundled_words(registry, tmp_path):
    text = SOURCES.read_text(encoding="utf-8")
    path = tmp_path / "sources.yaml"
    path.write_text(text[:text.index("\ndates:\n")] + "\n", encoding="utf-8")
    bare, problems = load_sources(path)
    assert problems == [] and bare.dates is None
    assert bare.date_grammar == registry.dates
    [sentence] = attribute_passage("彭博社上周称，演习结束。", bare, REF, "global-times")
    assert [(d.text, d.kind) for d in sentence.dates] == [("上周", "reported")]


@pytest.mark.parametrize("key, old, new, marker, expected", [
    ("months", "{January: 1,", "{January: 13,", "January: 13", (ProblemKind.RANGE, "outside 1–12")),
    ("relative_days", "{yesterday: -1,", "{yesterday: one,", "yesterday: one", (ProblemKind.TYPE, "relative_days")),
    ("weekdays", "{Monday: 1,", "{Monday: 1, Funday: 8,", "Funday: 8", (ProblemKind.RANGE, "outside 1–7")),
    ("range_marks", '["-", –, to]', '["-", –, to, ""]', 'to, ""]', (ProblemKind.RANGE, "empty word")),
])
def test_a_bad_date_word_is_a_problem_at_its_line(tmp_path, key, old, new, marker, expected):
    path = edited_file(tmp_path, "en", key, old, new, section="dates")
    registry, problems = load_sources(path)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if marker in text)
    [problem] = problems
    assert (problem.line, problem.kind, expected[1] in problem.problem) == (line, expected[0], True), str(problem)
    assert str(problem).startswith(f"{path}:{line}: dates 'en'")
    # the rest of the words still read dates
    assert find_dates("5日 and 13 September", REF, grammar=registry.dates)[0].text == "5日"


def test_an_unknown_date_list_is_a_problem(tmp_path):
    path = edited_file(tmp_path, "zh", "ten", "十", "十\n    tens: 十", section="dates")
    _, problems = load_sources(path)
    assert [(p.kind, "unknown date list 'tens'" in p.problem) for p in problems] == [(ProblemKind.INVALID, True)]
