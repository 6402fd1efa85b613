"""Property-based tests: whatever the text of an article, the engine reads it without failing.

For any body (random Unicode, mixed CJK/Latin/Cyrillic with place names and dates, HTML, very
long lines, nothing at all), `corpus.analyse` returns with no problem, every place mention and
every date slices exactly to its surface, every date runs forwards, and the passages are slices
of the body, in order and without overlap (and, for text without Markdown marks, they hold every
character that is not white space).
"""
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.text.articles import Article, split_passages
from dashboard.corpus.analysis import analyse
from dashboard.places.gazetteer import load_gazetteer
from dashboard.text.sources import load_sources

GAZETTEER, _ = load_gazetteer("data/places.yaml")
REGISTRY, _ = load_sources("data/sources.yaml")

# Pieces that exercise the engine: names of places and sources in several scripts, Chinese and
# English dates (absolute, relative, ranges), attribution words, quotes, Markdown and HTML.
PIECES = [
    "平壤", "符拉迪沃斯托克", "海参崴", "哈桑村", "东方航天发射场", "莫斯科", "白俄罗斯", "俄罗斯", "东方经济论坛",
    "Khasan", "Vladivostok", "Vostochny", "Vostochny Port", "Pyongyang", "Moscow", "Pier 33",
    "Владивосток", "Хасан", "Пхеньян", "평양", "블라디보스토크",
    "5日", "9月10日至13日", "2019年4月", "今年7月", "去年4月", "8月下旬", "8月底", "2022年底", "上周", "截至5日晚",
    "on 13 September", "last month", "late August", "earlier this week", "later this week", "last week", "in 2019",
    "塔斯社", "《纽约时报》", "据", "称", "援引", "报道称", "此外", "TASS", "reported", "according to", "said", "citing",
    "“", "”", "「", "」", "（新华视觉）", "。", "，", ".", ",", " ", " ", "\n", "\n\n", "\r\n", "\t",
    "# ", "**", "_", "![](x.png)", "<b>", "</b>", '<img src=x onerror="alert(1)">', "<script>", "&amp;", "=HYPERLINK(",
    "\u200b", "\ufeff", "\u2028", "é", "e\u0301", "😀", "𠀀",
]

mixed_text = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
any_text = st.text(max_size=400)
# Lines of up to 20,000 characters; the attribution phrase repeated in one sentence is kept shorter,
# as its analysis grows faster than linearly (4,000 times took 40 s: see attribution._attributions_in_sentence).
long_line = st.one_of(
    st.builds(lambda piece, n: piece * n, st.sampled_from(["Khasan ", "平壤", "x", "Moscow, "]),
              st.integers(min_value=500, max_value=2500)),
    st.builds(lambda n: "据塔斯社5日报道，" * n, st.integers(min_value=50, max_value=300)))
bodies = st.one_of(st.just(""), any_text, mixed_text, long_line,
                   st.lists(st.one_of(any_text, mixed_text), max_size=4).map("\n\n".join))
published = st.sampled_from([None, dt.date(2023, 9, 6), dt.date(2000, 1, 1), dt.date(2023, 1, 1)])
languages = st.sampled_from(["zh", "en", "ru"])

# database=None: no .hypothesis/ folder left in the work tree
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


def article_of(body: str, published_on, language) -> Article:
    article = Article(id="generated.md", path="generated.md", title="T", outlet="Global Times",
                      published=published_on, language=language, body=body)
    article.passages = split_passages(article.id, body)
    return article


@FAST
@given(body=bodies, published_on=published, language=languages)
def test_analysis_of_any_text_is_consistent(body, published_on, language):
    article = article_of(body, published_on, language)
    corpus = analyse(GAZETTEER, REGISTRY, [article])

    assert [str(p) for p in corpus.problems] == []  # not even "the engine could not analyse this article"
    assert len(corpus.passages) == len(article.passages)
    for analysed in corpus.passages:
        text = analysed.text
        for mention in analysed.all_mentions():  # places.yaml places and suggested world places
            assert text[mention.start:mention.end] == mention.surface
            assert corpus.has_place(mention.place)
        for date in analysed.dates():
            assert text[date.start:date.end] == date.text
            assert date.first <= date.last
        for sentence in analysed.sentences:
            assert text[sentence.start:sentence.end] == sentence.text


@FAST
@given(body=bodies)
def test_passages_are_slices_of_the_body_in_order(body):
    passages = split_passages("generated.md", body)
    assert [p.number for p in passages] == list(range(1, len(passages) + 1))
    for p in passages:
        assert p.text and body[p.start:p.end] == p.text
    for before, after in zip(passages, passages[1:]):
        assert before.end <= after.start


plain_text = st.text(alphabet=st.characters(blacklist_characters="#*_![]()"), max_size=400)


@FAST
@given(body=st.one_of(plain_text, st.lists(plain_text, max_size=5).map("\n\n".join)))
def test_passages_hold_every_character_of_plain_text(body):
    covered = set()
    for p in split_passages("generated.md", body):
        covered.update(range(p.start, p.end))
    assert all(char.isspace() for i, char in enumerate(body) if i not in covered)


@pytest.mark.parametrize("body, expected", [
    ("", []),
    ("\n\n \n", []),
    ("one\n\ntwo", [("one", 0), ("two", 5)]),
    ("# heading\n\nunder it\n\n![](a.png)\n_a caption_", [("under it", 11), ("a caption", 33)]),
])
def test_passage_examples(body, expected):
    assert [(p.text, p.start) for p in split_passages("x.md", body)] == expected


# --- the loaders: any value of any type in any field is a problem, never an exception -----------

import copy  # noqa: E402

import yaml  # noqa: E402

from dashboard.text.articles import parse_article  # noqa: E402

yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12)),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(max_size=6), children,
                                                                               max_size=3)),
    max_leaves=6)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _paths(value, prefix=()):
    """Every (key or index) path in a plain YAML document."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, prefix + (index,))


def _replaced(document, path, value):
    if not path:
        return value
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return document


def _mutations(file):
    """The file as YAML text with one value anywhere in it (the whole document too) replaced."""
    with open(file, encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    paths = sorted(_paths(document), key=repr)
    return st.tuples(st.sampled_from(paths), yaml_values).map(
        lambda pv: yaml.dump(_replaced(copy.deepcopy(document), *pv), Dumper=_DUMPER, allow_unicode=True))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(text=_mutations("data/places.yaml"))
def test_places_file_with_any_value_anywhere_loads(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("p") / "places.yaml"
    path.write_text(text, encoding="utf-8")
    gazetteer, problems = load_gazetteer(path)  # must not raise
    assert all(str(p).startswith(str(path)) for p in problems)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(text=_mutations("data/sources.yaml"))
def test_sources_file_with_any_value_anywhere_loads(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("s") / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    registry, problems = load_sources(path)
    assert all(str(p).startswith(str(path)) for p in problems)


_FRONT = {"title": "T", "outlet": "Global Times", "published": "2023-09-06", "language": "zh",
          "url": "https://example.org/a", "authors": ["A", "B"]}


@settings(max_examples=60, deadline=None, database=None)
@given(key=st.sampled_from(sorted(_FRONT) + ["extra"]), value=yaml_values)
def test_front_matter_with_any_value_in_any_field_parses(key, value):
    meta = yaml.safe_dump({**_FRONT, key: value}, allow_unicode=True)
    article, problems = parse_article("a.md", f"---\n{meta}---\n平壤。\n")
    assert article is not None or problems  # an article, or the problems that say why not
    assert all(str(p).startswith("a.md") for p in problems)
