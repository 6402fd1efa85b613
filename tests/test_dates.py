"""Every date form the issue lists, resolved against the publication date."""
import datetime as dt

import pytest

from dashboard.text.dates import find_dates

REF = dt.date(2023, 9, 6)  # a Wednesday
D = dt.date


@pytest.mark.parametrize("text, first, last, precision", [
    ("5日", D(2023, 9, 5), D(2023, 9, 5), "day"),
    ("截至5日晚", D(2023, 9, 5), D(2023, 9, 5), "day"),
    ("9月10日至13日", D(2023, 9, 10), D(2023, 9, 13), "days"),
    ("9月12日", D(2023, 9, 12), D(2023, 9, 12), "day"),
    ("2019年4月", D(2019, 4, 1), D(2019, 4, 30), "month"),
    ("今年7月", D(2023, 7, 1), D(2023, 7, 31), "month"),
    ("去年4月", D(2022, 4, 1), D(2022, 4, 30), "month"),
    ("8月下旬", D(2023, 8, 21), D(2023, 8, 31), "part-of-month"),
    ("8月上旬", D(2023, 8, 1), D(2023, 8, 10), "part-of-month"),
    ("8月底", D(2023, 8, 21), D(2023, 8, 31), "part-of-month"),
    ("2022年底", D(2022, 11, 1), D(2022, 12, 31), "part-of-year"),
    ("上周", D(2023, 8, 28), D(2023, 9, 3), "week"),
    ("下周", D(2023, 9, 11), D(2023, 9, 17), "week"),
    ("本月", D(2023, 9, 1), D(2023, 9, 30), "month"),
    ("2023年9月4日", D(2023, 9, 4), D(2023, 9, 4), "day"),
    ("十三日", D(2023, 9, 13), D(2023, 9, 13), "day"),
    ("1991年", D(1991, 1, 1), D(1991, 12, 31), "year"),
    ("昨天", D(2023, 9, 5), D(2023, 9, 5), "day"),
    ("on 13 September", D(2023, 9, 13), D(2023, 9, 13), "day"),
    ("September 13, 2023", D(2023, 9, 13), D(2023, 9, 13), "day"),
    ("10-13 September", D(2023, 9, 10), D(2023, 9, 13), "days"),
    ("between 10 and 13 September", D(2023, 9, 10), D(2023, 9, 13), "days"),  # "between" opens the range
    ("last month", D(2023, 8, 1), D(2023, 8, 31), "month"),
    ("last week", D(2023, 8, 28), D(2023, 9, 3), "week"),
    ("late August", D(2023, 8, 21), D(2023, 8, 31), "part-of-month"),
    ("the start of September", D(2023, 9, 1), D(2023, 9, 10), "part-of-month"),  # once 21-30
    ("the beginning of 2024", D(2024, 1, 1), D(2024, 2, 29), "part-of-year"),
    ("in April 2019", D(2019, 4, 1), D(2019, 4, 30), "month"),
    ("late 2022", D(2022, 11, 1), D(2022, 12, 31), "part-of-year"),
    ("on Monday", D(2023, 9, 4), D(2023, 9, 4), "day"),
    ("yesterday", D(2023, 9, 5), D(2023, 9, 5), "day"),
])
def test_date_forms(text, first, last, precision):
    [date] = find_dates(text, REF)
    assert (date.first, date.last, date.precision) == (first, last, precision)


def test_bare_day_far_after_the_reference_is_last_month():
    [date] = find_dates("30日", REF)
    assert date.first == D(2023, 8, 30)


def test_month_far_from_the_reference_is_the_nearest_year():
    [date] = find_dates("12月", D(2024, 1, 10))
    assert date.first == D(2023, 12, 1)


def test_same_day_points_at_the_previous_date():
    dates = find_dates("佩斯科夫5日称。当天，", REF)
    assert [(d.text, d.first) for d in dates] == [("5日", D(2023, 9, 5)), ("当天", D(2023, 9, 5))]


def test_and_joins_a_range_only_after_between():
    """"on 10 and 13 September" names two days, not the four between them."""
    assert [(d.first, d.last) for d in find_dates("on 10 and 13 September", REF)] == [(D(2023, 9, 13), D(2023, 9, 13))]
    assert find_dates("between 3 and 4 people", REF) == []


def test_numbers_that_are_not_dates():
    assert find_dates("约20名朝鲜官员，37分钟，5000多名代表，历时约10天", REF) == []
    assert find_dates("Kim may visit", REF) == []


def test_impossible_dates_are_skipped():
    assert "2月30日" not in [d.text for d in find_dates("2月30日", REF)]
    assert find_dates("31 February", REF) == []


def test_without_a_reference_only_absolute_dates_resolve():
    assert [d.text for d in find_dates("5日，2019年4月", None)] == ["2019年4月"]


def test_offsets():
    text = "彭博社5日称"
    [date] = find_dates(text, REF)
    assert text[date.start:date.end] == "5日"


@pytest.mark.parametrize("text, first, last", [
    # Found in real English news; each once raised KeyError and stopped a whole export.
    ("earlier this week", D(2023, 9, 4), D(2023, 9, 10)),
    ("later this week", D(2023, 9, 4), D(2023, 9, 10)),
    ("Earlier  this week", D(2023, 9, 4), D(2023, 9, 10)),
    ("the  same day", REF, REF),
])
def test_phrases_once_missing_from_the_grammar(text, first, last):
    [date] = find_dates(text, REF)
    assert (date.text, date.first, date.last) == (text, first, last)


def _relative_phrases():
    from dashboard.text.dates import bundled_grammar
    return sorted(bundled_grammar().relative_phrases())


@pytest.mark.parametrize("phrase", _relative_phrases())
def test_every_relative_phrase_the_grammar_lists_resolves(phrase):
    """Each phrase alone, and in a sentence, gives exactly one date spanning the phrase."""
    for text, start in ((phrase, 0), (f"He said {phrase}, 他说", 8)):
        [date] = find_dates(text, REF)
        assert (date.start, date.end) == (start, start + len(phrase))
        assert date.first <= date.last
        year = dt.timedelta(days=366)  # every listed phrase is within a year of the reference
        assert REF - year <= date.last and date.first <= REF + year
    # Without a publication date a relative phrase is left unresolved, never an error.
    assert find_dates(phrase, None) == []


@pytest.mark.parametrize("text", ["今年一二月份", "二二日", "三三月5日"])
def test_numerals_that_are_not_one_number_are_not_a_date(text):
    """They once raised KeyError, and the whole article was left out as one the engine failed on."""
    assert find_dates(text, REF) == []


_PIECES = ["May", "may", "MAY", "Mayor", "13", "2019", "the", "The", "same", "day", "the end of", "late", "mid-",
           "Sept.", "Sep", "September", "Tuesday", "yesterday's", "last", "week", "this", "year", "earlier", ",", ".",
           "-", "–", "to", "\n", "５", "٣", "İ", "ſ", "K", "é", "x1", "3rd", "10-13", "Σ", "ß", "\ud800", "today"]


def test_english_matches_are_those_of_the_whole_pattern():
    """`en_matches` tries the pattern only where a match can start: it must find what a search of
    the whole text finds, on texts made of date words, look-alikes (Mayor), digits of other
    scripts and the letters that match a Latin one only when case is ignored (ſ, K, İ)."""
    import random

    from dashboard.text.dates import bundled_grammar

    grammar, rng = bundled_grammar(), random.Random(21)
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) + rng.choice(["", " ", " "]) for _ in range(rng.randint(1, 12)))
        assert ([(m.span(), m.group(0)) for m in grammar.en_matches(text)]
                == [(m.span(), m.group(0)) for m in grammar.en_pattern.finditer(text)]), text


def test_the_grammar_goes_to_the_engines_worker_processes_whole():
    # the engine pickles the analysis inputs for its processes; the grammar's automaton is built again there
    import pickle

    from dashboard.text.dates import bundled_grammar
    grammar = bundled_grammar()
    copy = pickle.loads(pickle.dumps(grammar))
    text = "The talks were held on 13 September, a day after the train left on Tuesday."
    published = dt.date(2023, 9, 14)
    assert [(d.text, d.first) for d in find_dates(text, published, grammar=copy)] == [
        ("13 September", dt.date(2023, 9, 13)), ("Tuesday", dt.date(2023, 9, 12))]
