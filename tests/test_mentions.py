"""Place mentions: exonyms, longest match, and the traps that must not match."""
import pytest

from dashboard.places.gazetteer import load_gazetteer
from dashboard.text.matching import Name, NameMatcher
from dashboard.places.gazetteer_mentions import PlaceFinder


@pytest.fixture(scope="module")
def finder():
    gazetteer, problems = load_gazetteer("data/places.yaml")
    assert problems == []
    return PlaceFinder(gazetteer)


def places(finder, text):
    return [(m.place, m.surface) for m in finder.find(text)]


@pytest.mark.parametrize("text", ["符拉迪沃斯托克", "海参崴", "Vladivostok", "Владивосток", "블라디보스토크", "VLADIVOSTOK"])
def test_exonyms_of_vladivostok(finder, text):
    assert places(finder, f"他到了{text}。") == [("vladivostok", text)]


def test_eastern_economic_forum_is_not_the_cosmodrome(finder):
    assert places(finder, "参加东方经济论坛") == []
    assert places(finder, "the Eastern Economic Forum in Vladivostok") == [("vladivostok", "Vladivostok")]


def test_cosmodrome_names(finder):
    assert places(finder, "下一站是东方航天发射场") == [("vostochny-cosmodrome", "东方航天发射场")]
    assert places(finder, "Kim went to the Vostochny cosmodrome") == [("vostochny-cosmodrome", "Vostochny cosmodrome")]


def test_vostochny_port_is_not_the_cosmodrome(finder):
    assert places(finder, "ships at Vostochny Port near Nakhodka") == []


def test_belarus_is_not_russia(finder):
    assert places(finder, "白俄罗斯总统卢卡申科") == [("belarus", "白俄罗斯")]


def test_orientalist_is_not_a_place(finder):
    assert places(finder, "俄东方学家奥斯特洛夫斯基") == []


def test_rt_is_not_russia(finder):
    assert places(finder, "“今日俄罗斯”（RT）网站5日称") == []


def test_korean_war_is_not_north_korea(finder):
    assert places(finder, "自朝鲜战争结束以来") == []


def test_hassan_the_person_is_not_khasan(finder):
    assert places(finder, "伊朗前总统哈桑·鲁哈尼") == []
    assert places(finder, "哈桑村的行政人员") == [("khasan", "哈桑村")]


def test_latin_names_need_word_boundaries(finder):
    assert places(finder, "Russian officials") == []
    assert places(finder, "officials in Russia.") == [("russia", "Russia")]


def test_pier_33_and_fefu(finder):
    assert places(finder, "俄罗斯太平洋舰队停靠的33号码头") == [("russia", "俄罗斯"), ("pier-33", "33号码头")]
    assert places(finder, "符拉迪沃斯托克的远东联邦大学") == [("vladivostok", "符拉迪沃斯托克"), ("fefu", "远东联邦大学")]


def test_offsets_are_character_offsets(finder):
    text = "从平壤前往莫斯科"
    for m in finder.find(text):
        assert text[m.start:m.end] == m.surface


def test_longest_match_wins_over_a_shorter_overlap():
    matcher = NameMatcher([Name("东方发射场", "short"), Name("东方发射场区", "long")])
    assert [m.target for m in matcher.find("在东方发射场区")] == ["long"]


def test_short_acronyms_are_case_sensitive():
    matcher = NameMatcher([Name("RT", "rt")])
    assert [m.surface for m in matcher.find("RT said; the art of rt")] == ["RT"]


def test_overlapping_hits_come_by_end_longest_first_with_character_offsets():
    matcher = NameMatcher([Name(s, s) for s in ("俄罗斯", "白俄罗斯", "罗斯", "ab", "b", "abc")])
    text = "😀白俄罗斯 abc"
    assert matcher.candidates(text) == [(1, 5, "白俄罗斯"), (2, 5, "俄罗斯"), (3, 5, "罗斯"), (6, 9, "abc")]
    assert [(start, end) for _, start, end in matcher._hits(text)] == [
        (1, 5), (2, 5), (3, 5), (6, 8), (7, 8), (6, 9)]


def test_boundaries_and_exclusions_on_accented_and_cyrillic_letters():
    matcher = NameMatcher([Name("Omsk", "omsk", not_before=(" Oblast",), not_after=("the ",)),
                           Name("Москва", "moscow")])
    assert matcher.find_spans("ÀOmsk Omskй Omsk. Omsk Oblast the Omsk Москва, Москвай") == [
        (12, 16, "omsk"), (39, 45, "moscow")]


def test_text_that_is_not_valid_unicode_is_still_searched():
    matcher = NameMatcher([Name("Russia", "russia"), Name("俄罗斯", "russia")])
    assert matcher.find_spans("x\udc80 Russia 俄罗斯") == [(3, 9, "russia"), (10, 13, "russia")]


@pytest.mark.parametrize("text, places", [
    ("哈巴罗夫斯克边疆区政府称", []),  # the krai (region), not the city
    ("Khabarovsk Krai officials said", []),
    ("专列抵达哈巴罗夫斯克。", ["khabarovsk"]),
    ("the train reached Khabarovsk.", ["khabarovsk"]),
])
def test_khabarovsk_krai_is_not_the_city(finder, text, places):
    assert [m.place for m in finder.find(text)] == places
