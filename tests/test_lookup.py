"""`lookup.PassageLookup` against the hand gold of the seed article, and against the plain
Python filters (`filters.apply_filters`, `Corpus.mention_counts`, `Corpus.passages_mentioning`)
on many random filters over several articles: the same passages, in the same order."""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import pytest
import yaml

from dashboard.corpus.analysis import DEFAULT_ARTICLES, load_corpus
from dashboard.corpus.filters import DATE_KINDS, Filters, apply_filters
from dashboard.corpus.queries import PassageLookup

# ---- the plain Python answers, one passage at a time: what the lookup must equal ----------

def python_source_counts(corpus, passages) -> list[tuple[str, str, int]]:
    """(id, name, passages) for every source attributed in `passages`, most first."""
    counts = Counter(s for p in passages for s in p.source_ids())
    return [(sid, corpus.source_name(sid), n) for sid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def python_timeline_rows(corpus, passages, date_kind: str = "any") -> list[dict]:
    """One row per (sentence date, attributed source) in the passages: what the timeline plots.

    Dates are placed at their first day; `precision` says how wide they really are.
    """
    rows = []
    for p in passages:
        for sentence in p.sentences:
            for d in sentence.dates_of_kind(date_kind):
                for sid in sentence.sources or ("unattributed",):
                    rows.append({"date": d.first.isoformat(), "last": d.last.isoformat(), "kind": d.kind,
                                 "source": corpus.source_name(sid) if sid != "unattributed" else sid,
                                 "expression": d.text, "passage": f"{p.article.id} #{p.passage.number}"})
    return rows


def python_source_place_matrix(corpus, passages, place_ids) -> dict:
    """{source name: {place name: passages}}: how many passages attribute something about each
    place to each source."""
    place_ids = set(place_ids)
    matrix: dict = {}
    for p in passages:
        places = [pid for pid in dict.fromkeys(p.place_ids()) if pid in place_ids]
        for sid in p.source_ids():
            row = matrix.setdefault(corpus.source_name(sid), {})
            for pid in places:
                name = corpus.place(pid).name
                row[name] = row.get(name, 0) + 1
    return matrix


GOLD = yaml.safe_load((Path(__file__).parent / "gold_seed.yaml").read_text(encoding="utf-8"))["passages"]
SEED_ID = "2023-09-06-globaltimes-kim-visit.md"


@pytest.fixture(scope="module")
def seed_lookup(corpus):
    return PassageLookup(corpus.passages)


def numbers(passages):
    return [p.passage.number for p in passages]


def test_no_filter_keeps_every_passage(corpus, seed_lookup):
    assert numbers(seed_lookup.passages(Filters())) == sorted(GOLD)


@pytest.mark.parametrize("place", sorted({place for gold in GOLD.values() for place in gold["places"]}))
def test_a_click_on_a_place_gives_the_gold_passages(seed_lookup, place):
    expected = sorted(n for n, gold in GOLD.items() if place in gold["places"])
    assert numbers(seed_lookup.mentioning(place, Filters())) == expected
    assert seed_lookup.mention_counts(Filters())[place] == len(expected)


@pytest.mark.parametrize("name", sorted({name for gold in GOLD.values() for name in gold["sources"]}))
def test_a_source_filter_gives_the_gold_passages(corpus, seed_lookup, name):
    source = corpus.registry.resolve(name)
    expected = sorted(n for n, gold in GOLD.items() if name in gold["sources"])
    assert numbers(seed_lookup.passages(Filters(sources=(source.id,)))) == expected


@pytest.mark.parametrize("since, until", [("2022-04-01", "2022-04-30"), ("2023-09-10", "2023-09-13"),
                                          ("2019-01-01", "2019-12-31"), ("2023-07-15", "2023-07-15")])
def test_an_event_date_range_gives_the_gold_passages(seed_lookup, since, until):
    since, until = dt.date.fromisoformat(since), dt.date.fromisoformat(until)
    expected = sorted(n for n, gold in GOLD.items()
                      if any(first <= until and last >= since for _, first, last in gold["event"]))
    assert expected  # each range is one the article writes
    kept = seed_lookup.passages(Filters(since=since, until=until, date_kind="event"))
    assert numbers(kept) == expected


def test_an_unknown_source_or_article_keeps_nothing(seed_lookup):
    assert seed_lookup.passages(Filters(sources=("no-such-source",))) == []
    assert seed_lookup.passages(Filters(articles=("no-such-article.md",))) == []
    assert seed_lookup.mentioning("no-such-place", Filters()) == []


ARTICLES = {
    "a.md": ("Harbour Wire", "2023-09-12", "en",
             "TASS said on September 4 that the train left Pyongyang.\n\n"
             "According to Reuters, Kim arrived in Vladivostok on Tuesday. The report said he met Putin.\n\n"
             "Moscow was quiet in August 2023, Dmitry Peskov told reporters."),
    "b.md": ("Global Times", "2023-09-06", "zh",
             "据塔斯社4日报道，绍伊古说，朝鲜领导人将访问符拉迪沃斯托克。\n\n"
             "《纽约时报》5日称，金正恩9月10日至13日前往俄罗斯。\n\n哈桑站昨天很安静。"),
    "c.md": ("Bloomberg", "2023-08-30", "en",
             "Bloomberg reported yesterday that Kim may travel by train to Khasan and then to Moscow.\n\n"
             "In 2019, Kim met Putin in Vladivostok, the Kremlin said last week."),
}


@pytest.fixture(scope="module")
def several(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for name, (outlet, published, language, body) in ARTICLES.items():
        (folder / name).write_text(f"---\ntitle: {name}\noutlet: {outlet}\npublished: {published}\n"
                                   f"language: {language}\n---\n{body}\n", encoding="utf-8")
    corpus = load_corpus(articles=[DEFAULT_ARTICLES, folder])
    assert not corpus.problems
    return corpus


def random_filters(rng: random.Random, corpus) -> Filters:
    sources = sorted({s for p in corpus.passages for s in p.source_ids()}) + ["no-such-source"]
    articles = [a.id for a in corpus.articles]
    days = [dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 1900)) for _ in range(2)]
    since, until = min(days), max(days)
    return Filters(
        sources=tuple(rng.sample(sources, rng.choice([0, 0, 1, 2, 3]))),
        since=rng.choice([None, since, dt.date(2023, 9, rng.randrange(1, 15))]),
        until=rng.choice([None, until, dt.date(2023, 9, rng.randrange(1, 15))]),
        date_kind=rng.choice(DATE_KINDS),
        articles=tuple(rng.sample(articles, rng.choice([0, 0, 1, 2]))),
    )


def test_same_answers_as_the_python_filters_on_many_random_filters(several):
    lookup = PassageLookup(several.passages)
    places = [p.id for p in several.all_places()]
    rng = random.Random(20231127)
    narrowed = 0
    for _ in range(400):
        filters = random_filters(rng, several)
        expected = apply_filters(several.passages, filters)
        assert lookup.passages(filters) == expected, filters
        assert lookup.mention_counts(filters) == several.mention_counts(expected), filters
        place = rng.choice(places)
        assert lookup.mentioning(place, filters) == several.passages_mentioning(place, expected), (place, filters)
        narrowed += 0 < len(expected) < len(several.passages)
    assert narrowed > 50  # the random filters do narrow the corpus, most of the time to a part of it


def test_cached_masks_cannot_be_changed_by_a_caller(seed_lookup):
    mask = seed_lookup.mask(Filters(sources=("tass",)))
    with pytest.raises(ValueError):
        mask[0] = True


@pytest.fixture(params=["dense", "sparse"])
def matrix_counting(request, monkeypatch):
    """The matrix counted in one dense array (its sources x places fit DENSE_CELLS), or cell by
    cell (they do not: thousands of sources by thousands of places)."""
    if request.param == "sparse":
        monkeypatch.setattr("dashboard.corpus.queries.DENSE_CELLS", 0)
    return request.param


def test_source_counts_matrix_and_timeline_match_the_python_views(several, matrix_counting):
    lookup = PassageLookup(several.passages)
    rng = random.Random(7)
    places = [p.id for p in several.all_places()]
    timeline_rows_seen = 0
    for _ in range(150):
        filters = random_filters(rng, several)
        passages = apply_filters(several.passages, filters)
        counts = lookup.source_counts(filters)
        assert [(sid, n) for sid, _, n in python_source_counts(several, passages)] == \
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = rng.sample(places, rng.randrange(1, len(places)))
        expected_matrix = python_source_place_matrix(several, passages, shown)
        matrix = {}
        for row in lookup.source_place_counts(filters, shown).itertuples():
            matrix.setdefault(several.source_name(row.source), {})[several.place(row.place).name] = row.passages
        assert matrix == {s: row for s, row in expected_matrix.items() if row}
        kind = rng.choice(DATE_KINDS)
        expected_rows = sorted(tuple(r.values()) for r in python_timeline_rows(several, passages, kind))
        frame = lookup.timeline(filters, kind)
        rows = sorted((r.date.date().isoformat(), r.last.date().isoformat(), r.kind,
                       several.source_name(r.source) if r.source != "unattributed" else r.source,
                       r.expression, f"{r.article} #{r.passage}") for r in frame.itertuples())
        assert rows == expected_rows, filters
        timeline_rows_seen += len(rows)
    assert timeline_rows_seen > 500


def test_the_named_matrix_is_the_python_matrix_and_can_be_cut(several):
    from dashboard.corpus.charts import source_place_matrix
    lookup = PassageLookup(several.passages)
    shown = [p.id for p in several.all_places()]
    expected = python_source_place_matrix(several, several.passages, shown)
    sources = sorted(lookup.source_counts(Filters()))
    places = sorted(lookup.mention_counts(Filters()))
    name = lambda pid: several.place(pid).name  # noqa: E731
    full = source_place_matrix(lookup.source_place_counts(Filters(), places), sources, places, several.source_name, name)
    full = full.to_pandas().set_index("source")
    assert {s: {p: n for p, n in row.items() if n} for s, row in full.to_dict("index").items()} == expected
    two_sources, two_places = sources[:2], places[-2:]
    cut = source_place_matrix(lookup.source_place_counts(Filters(), two_places, two_sources), two_sources, two_places,
                              several.source_name, name, corner="来源")
    assert cut.column_names == ["来源", *(name(p) for p in two_places)]
    cut = cut.to_pandas().set_index("来源")
    assert list(cut.index) == [several.source_name(s) for s in two_sources]
    assert cut.to_dict("index") == {several.source_name(s): {name(p): expected.get(several.source_name(s), {}).get(name(p), 0)
                                                             for p in two_places} for s in two_sources}
    # a place asked about twice is counted once; a place named like the sources' column leaves it its own name
    busiest = max(places, key=lambda p: sum(row.get(name(p), 0) for row in expected.values()))
    twice = source_place_matrix(lookup.source_place_counts(Filters(), [*places, busiest]), sources, places,
                                several.source_name, name, corner=name(busiest))
    assert twice.column_names[0] not in twice.column_names[1:] and twice.column_names[0].strip() == name(busiest)
    assert twice.to_pandas().set_index(twice.column_names[0]).to_dict("index") == full.to_dict("index")


def test_a_place_s_passages_grouped_by_first_source_as_the_panel_shows_them(several):
    lookup = PassageLookup(several.passages)
    rng = random.Random(11)
    for _ in range(100):
        filters = random_filters(rng, several)
        place = rng.choice([p.id for p in several.all_places()])
        passages = several.passages_mentioning(place, apply_filters(several.passages, filters))
        expected: dict = {}
        for p in passages:
            expected.setdefault(p.source_ids()[0] if p.source_ids() else None, []).append(p)
        groups, n_sources = lookup.by_first_source(place, filters)
        assert groups == expected and list(groups) == list(expected)
        assert n_sources == len({s for p in passages for s in p.source_ids()})


def test_the_seed_s_pyongyang_passages_by_first_source_from_the_gold(corpus, seed_lookup):
    expected_numbers = sorted(n for n, gold in GOLD.items() if "pyongyang" in gold["places"])
    groups, n_sources = seed_lookup.by_first_source("pyongyang", Filters())
    assert sorted(p.passage.number for group in groups.values() for p in group) == expected_numbers
    gold_sources = {name for n in expected_numbers for name in GOLD[n]["sources"]}
    assert n_sources == len(gold_sources)


@pytest.mark.parametrize("limit, top_sources", [(10_000, 30), (25, 30), (12, 3), (4, 2), (1, 1)])
def test_timeline_points_count_each_point_s_passages_as_a_plain_grouping_does(several, limit, top_sources):
    from dashboard.corpus.charts import OTHER_SOURCES, timeline_points
    frame = PassageLookup(several.passages).timeline(Filters())
    points = timeline_points(frame, several.source_name, limit, top_sources)
    period = points["period"].iloc[0]
    assert len(points) <= limit or period == "year"
    if len(frame) <= limit:  # a point per row
        assert len(points) == len(frame) and set(points["passages"]) == {1} and period == "day"
        return
    # the same points by a plain pandas grouping of the frame, one period and one line per source
    rows = frame.assign(source=frame["source"].astype(str), kind=frame["kind"].astype(str))
    busiest = rows["source"].value_counts(sort=True)
    kept = set(busiest.index[:top_sources])
    rows["source"] = rows["source"].where(rows["source"].isin(kept), OTHER_SOURCES)
    unit = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}[period]
    start = rows["date"] if unit == "D" else rows["date"].dt.to_period(unit).dt.start_time
    expected = rows.assign(date=start).groupby(["date", "source", "kind"]).agg(
        passages=("row", "nunique"), last=("last", "max")).reset_index()
    name = lambda s: s if s in ("unattributed", OTHER_SOURCES) else several.source_name(s)  # noqa: E731
    expected_set = {(d.strftime("%Y-%m-%d"), name(s), k, int(n), l.strftime("%Y-%m-%d"))
                    for d, s, k, n, l in expected[["date", "source", "kind", "passages", "last"]].itertuples(index=False)}
    assert {tuple(r) for r in points[["date", "source", "kind", "passages", "last"]].itertuples(index=False)} == expected_set


def test_the_timeline_points_of_a_view_are_grouped_once_and_equal_a_fresh_grouping(several):
    from dashboard.corpus.charts import timeline_points
    lookup = PassageLookup(several.passages)
    tass = Filters(sources=("tass",))
    first = lookup.timeline_points(tass, "any", several.source_name, 12)
    assert len(first) and set(first["period"]) == {"day"}  # TASS speaks; 12 points do not group
    lookup.timeline_points(Filters(), "any", several.source_name, 12)
    assert lookup.timeline_points(tass, "any", several.source_name, 12) is first  # back to a view: not grouped again
    fresh = timeline_points(PassageLookup(several.passages).timeline(tass, "any"), several.source_name, 12)
    assert first.to_dict("records") == fresh.to_dict("records")
    assert lookup.timeline_points(tass, "event", several.source_name, 12).to_dict("records") == \
        timeline_points(lookup.timeline(tass, "event"), several.source_name, 12).to_dict("records")


def test_period_ranks_are_the_ranks_of_each_days_period():
    """Each row's day, week, month, quarter and year as a rank among the corpus's, and each
    rank's first day: the plain definition is np.unique of the periods' first days."""
    import numpy as np
    from dashboard.corpus.charts import PERIODS, all_period_ranks, period_starts
    rng = np.random.default_rng(7)
    for days in (np.array(["2023-09-05"], dtype="datetime64[D]"),
                 np.array(["2023-09-05", "1880-01-01", "2023-09-04", "2023-09-05"], dtype="datetime64[D]"),
                 (rng.integers(-30_000, 30_000, 5_000)).astype("datetime64[D]")):
        ranks = all_period_ranks(days)
        for _, unit in PERIODS:
            firsts, expected = np.unique(days if unit is None else period_starts(days, unit), return_inverse=True)
            assert ranks[unit][0].tolist() == expected.tolist() and ranks[unit][1].tolist() == firsts.tolist(), unit


def test_the_corpus_counts_its_mentions_from_the_lookup_as_a_walk_over_its_passages_does():
    """Corpus.mention_counts reads the lookup's columns once the lookup is built (the walk took
    ~0.2 s at 10,000 articles on the page's start): the same counts either way."""
    from dashboard.corpus.analysis import load_corpus
    walked = load_corpus(world=True)
    assert walked._lookup is None
    counts = walked.mention_counts()
    looked_up = load_corpus(world=True)
    _ = looked_up.lookup
    assert looked_up.mention_counts() == counts and counts["khasan"] == 1  # Khasan: one passage (tests/gold_seed.yaml)
