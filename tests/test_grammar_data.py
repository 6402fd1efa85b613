"""The attribution grammar is data: editing a word list in a copy of sources.yaml changes who speaks."""
import datetime as dt
import re
from pathlib import Path

import pytest

from dashboard.attribution import attribute_passage
from dashboard.sources import GRAMMAR_KEYS, load_sources

SOURCES = Path("data/sources.yaml")
REF = dt.date(2023, 9, 6)
# the source's verb is too far from it for the speech-verb rule: only the sentence opening decides
LONG = "《卫报》的一篇关于朝鲜领导人访问俄罗斯远东地区并与俄方会谈的长篇分析文章称，代表团乘火车前往。"


def edited(tmp_path, lang, key, old, new):
    """A copy of sources.yaml whose `lang` list `key` reads `new` instead of `old`."""
    text = SOURCES.read_text(encoding="utf-8")
    line = f"  {lang}:\n"
    head, _, rest = text.partition("\nattribution:\n")
    block_start = rest.index(line) + len(line)
    wanted = f"    {key}: {old}"
    at = rest.index(wanted, block_start)
    rest = rest[:at] + f"    {key}: {new}" + rest[at + len(wanted):]
    path = tmp_path / "sources.yaml"
    path.write_text(head + "\nattribution:\n" + rest, encoding="utf-8")
    registry, problems = load_sources(path)
    assert problems == []
    return registry


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
