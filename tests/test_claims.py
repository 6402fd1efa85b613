"""Claims and disputed places on the seed, against the hand-made gold of benchmarks/claims_gold/seed.yaml,
and `export claims`."""
import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from dashboard.cli.main import main as cli
from dashboard.corpus.analysis import load_corpus
from dashboard.corpus.claims import corpus_claims, find_disputes

GOLD = yaml.safe_load((Path(__file__).resolve().parents[1] / "benchmarks" / "claims_gold" / "seed.yaml").read_text(
    encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_no_place_is_disputed_that_the_gold_does_not_call_disputed(corpus):
    disputes = find_disputes(corpus_claims(corpus), corpus.gazetteer)
    by_sources = {place for place, d in disputes.items() if d.conflicts}
    assert by_sources and by_sources <= set(GOLD["disputed"])
    assert not by_sources & set(GOLD["not_disputed"])


def test_every_disputed_place_of_the_gold_is_found(corpus):
    # Primorsky Krai and Vladivostok by containment: the krai's "no information about a visit to the
    # region" (p8) against the visit to Vladivostok, its capital (places.yaml: parent)
    disputes = find_disputes(corpus_claims(corpus), corpus.gazetteer)
    assert {place for place, d in disputes.items() if d.conflicts} == set(GOLD["disputed"])


def test_the_record_contradicts_only_places_the_gold_says_it_contradicts(corpus):
    disputes = find_disputes(corpus_claims(corpus), corpus.gazetteer)
    by_record = {place for place, d in disputes.items() if d.record}
    gold = {c["place"] for c in GOLD["record_conflicts"]}
    assert by_record <= gold  # no false alarm: Pier 33's visit is not dated by the forum's dates two clauses away
    assert {"fefu", "moscow", "vladivostok"} <= by_record  # the forum at FEFU, 10-13 Sept; no Moscow leg


@pytest.mark.xfail(strict=True, reason="issue 23: Vostochny's claim takes 去年4月 (Putin's 2022 visit) from the "
                                       "clause after it, and the record's complaint is the order of the stops")
def test_every_place_the_record_contradicts_is_found(corpus):
    disputes = find_disputes(corpus_claims(corpus), corpus.gazetteer)
    assert {place for place, d in disputes.items() if d.record} == {c["place"] for c in GOLD["record_conflicts"]}


def test_the_khasan_administration_says_it_is_unconfirmed_and_the_rumoured_route_conflicts(corpus):
    gold = [c for c in GOLD["claims"] if c["place"] == "khasan"]
    assert [(c["source"], c["stance"]) for c in gold] == [("Khasan administration", "unconfirmed")]
    claims = [c for c in corpus_claims(corpus) if c.place == "khasan" and c.passage == gold[0]["passage"]
              and c.stance == "unconfirmed"]
    assert [corpus.source_name(c.source) for c in claims] == ["Khasan administration"]
    dispute = find_disputes(corpus_claims(corpus), corpus.gazetteer)["khasan"]
    assert {(corpus.source_name(a.source), b.source) for a, b in dispute.conflicts} == {
        ("The New York Times", "khasan-administration")}


def test_export_claims_as_csv_and_jsonl(tmp_path, capsys):
    out = tmp_path / "claims.csv"
    assert cli(["export", "claims", "--output", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0])[:11] == ["article", "passage", "source", "source_kind", "place", "place_name", "predicate",
                                  "event_first", "event_last", "stance", "disputed"]
    khasan = [r for r in rows if r["place"] == "khasan" and r["source"] == "Khasan administration"]
    assert khasan and khasan[0]["stance"] == "unconfirmed" and khasan[0]["disputed"] == "true"
    assert {r["disputed"] for r in rows if r["place"] == "pyongyang"} <= {"false"}
    assert cli(["export", "claims", "--format", "jsonl", "--source", "Khasan administration"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and {line["source"] for line in lines} == {"Khasan administration"}
    assert all(line["disputed"] is True for line in lines if line["place"] == "khasan")


# ---- the timeline coloured by stance ----------------------------------------------------------
# Each seed passage's colour as the gold reads it: the strongest stance of its claims in
# benchmarks/claims_gold/seed.yaml, by the order of data/stances.yaml (denies, no-comment,
# unconfirmed, confirms, hedged, hearsay, asserts), read by hand:
#   1: Peskov's 无可奉告 (no-comment) over the NYT's hedge and the outlet's assertions
#   2, 3, 4, 10: hedged (计划, 可能; p3's assertions are weaker); 5, 6, 9, 11, 13: asserts only
#   7, 8: unconfirmed (均未宣布, 很难确认; 尚未收到, no order to prepare); 12: no claim (the gold's header)
GOLD_PASSAGE_STANCES = {1: "no-comment", 2: "hedged", 3: "hedged", 4: "hedged", 5: "asserts", 6: "asserts",
                        7: "unconfirmed", 8: "unconfirmed", 9: "asserts", 10: "hedged", 11: "asserts",
                        12: "no claim", 13: "asserts"}


def test_the_hand_read_passage_stances_are_the_gold_s():
    """The table above against the gold file itself (the order from data/stances.yaml)."""
    order = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "stances.yaml").read_text(
        encoding="utf-8"))["stances"]
    strongest = {}
    for claim in GOLD["claims"]:
        held = strongest.get(claim["passage"])
        if held is None or order.index(claim["stance"]) < order.index(held):
            strongest[claim["passage"]] = claim["stance"]
    assert {n: strongest.get(n, "no claim") for n in range(1, 14)} == GOLD_PASSAGE_STANCES


LINES = ("asserts", "hearsay", "hedged", "denies", "no-comment", "unconfirmed", "confirms", "no claim")


def gold_codes(corpus):
    """The seed passages' stances as the gold reads them, as the timeline takes them."""
    from dashboard.corpus.charts import passage_stance_codes
    return passage_stance_codes(corpus.passages, {p.key: GOLD_PASSAGE_STANCES[p.passage.number] for p in corpus.passages},
                                LINES)


def test_each_timeline_point_has_the_stance_of_its_passage(corpus):
    from dashboard.corpus.charts import stance_timeline_points
    from dashboard.corpus.filters import Filters
    points = stance_timeline_points(corpus.lookup.timeline(Filters()), gold_codes(corpus), LINES, corpus.source_name, 2000)
    assert set(points["period"]) == {"day"} and set(points["passages"]) == {1}  # 13 passages: a point per date and source
    seen = {(int(p.rsplit("#", 1)[1]), s) for p, s in zip(points["passage"], points["stance"])}
    assert seen == set(GOLD_PASSAGE_STANCES.items())  # every passage has a dated sentence, and one colour


def test_past_the_limit_a_point_counts_one_stance_s_passages_in_its_period(corpus):
    """Event dates, every source on one line (top_sources=0), grouped up to the year (limit 1).
    Hand-counted from tests/gold_seed.yaml's event dates and the stances above: 2023 (p1 下周,
    p2 本月, p3 9月10日至13日, p4 7月, p5 8月下旬, p7 截至5日晚, p9 7月, p12 7月), 2022 (p3 去年4月,
    p4 2022年9月, p6 2022年底), 2019 (p1 and p6 2019年4月, p7 2019年), 1991 (p9)."""
    from dashboard.corpus.charts import stance_timeline_points
    from dashboard.corpus.filters import Filters
    points = stance_timeline_points(corpus.lookup.timeline(Filters(), "event"), gold_codes(corpus), LINES,
                                    corpus.source_name, limit=1, top_sources=0)
    assert set(points["period"]) == {"year"} and set(points["kind"]) == {"event"}
    assert {(d[:4], s): n for d, s, n in zip(points["date"], points["stance"], points["passages"])} == {
        ("2023", "no-comment"): 1, ("2023", "hedged"): 3, ("2023", "asserts"): 2, ("2023", "unconfirmed"): 1,
        ("2023", "no claim"): 1,
        ("2022", "hedged"): 2, ("2022", "asserts"): 1,
        ("2019", "no-comment"): 1, ("2019", "asserts"): 1, ("2019", "unconfirmed"): 1,
        ("1991", "asserts"): 1}


def reader_colours(corpus) -> dict:
    """passage number -> its colour on the page's stance timeline (the stance reader's claims)."""
    from dashboard.corpus.charts import passage_stance_codes, stance_timeline_points
    from dashboard.corpus.claims import strongest_stances
    from dashboard.corpus.filters import Filters
    codes = passage_stance_codes(corpus.passages, strongest_stances(corpus_claims(corpus)), LINES)
    points = stance_timeline_points(corpus.lookup.timeline(Filters()), codes, LINES, corpus.source_name, 2000)
    return {int(p.rsplit("#", 1)[1]): s for p, s in zip(points["passage"], points["stance"])}


def test_the_stance_timeline_colours_most_seed_passages_as_the_gold_does(corpus):
    """Measured: 7 of 13 (2, 3, 4, 6, 7, 8, 10).  A floor against regressions of the stance
    reader, not its target (see the test below)."""
    colours = reader_colours(corpus)
    assert sum(colours[n] == stance for n, stance in GOLD_PASSAGE_STANCES.items()) >= 7
    assert colours[7] == colours[8] == "unconfirmed"  # the doubts at Khasan and of the two governments


@pytest.mark.xfail(strict=True, reason="stance reader: Peskov's 无可奉告 names no place in its sentence (p1); "
                                       "hedges read where the gold asserts (p5, p9, p11); p12's parties read as "
                                       "claims; p13's war not read as one")
def test_the_stance_timeline_colours_every_seed_passage_as_the_gold_does(corpus):
    assert reader_colours(corpus) == GOLD_PASSAGE_STANCES


def test_the_link_keeps_the_timeline_colour():
    from dashboard.page.state import from_query, to_query
    corpus = load_corpus()
    state, problems = from_query({}, corpus)
    assert state.timeline_colour == "source" and "timeline_colour" not in to_query(state) and problems == []
    state, problems = from_query({"timeline_colour": ["stance"]}, corpus)
    assert state.timeline_colour == "stance" and to_query(state) == {"timeline_colour": "stance"} and problems == []
    state, problems = from_query({"timeline_colour": ["mood"]}, corpus)
    assert state.timeline_colour == "source"
    assert problems == ["timeline_colour 'mood' is unknown — use source or stance; the timeline is coloured by source"]


# ---- sources that date the same happening differently, or put it at another place -------------
# Hand-written articles; what a reader expects is written beside each.
def _article(folder, name: str, outlet: str, published: str, body: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f"---\ntitle: {name}\noutlet: {outlet}\npublished: {published}\nlanguage: en\n---\n{body}\n",
                               encoding="utf-8")


OUTLETS = ("Example Wire", "Other Daily", "Third Paper")


def _story(folder, published: str, *bodies: str):
    """(corpus, disputes) of one article per body (a.md, b.md, … from outlets of their own)."""
    for name, outlet, body in zip("abc", OUTLETS, bodies):
        _article(folder, f"{name}.md", outlet, published, body)
    return _disputes(folder)


def _disputes(folder):
    from dashboard.corpus.claims import corpus_disputes
    corpus = load_corpus(articles=[folder])
    return corpus, corpus_disputes(corpus, corpus_claims(corpus))


def test_two_sources_that_date_one_arrival_two_days_apart_disagree_on_when(tmp_path):
    corpus, disputes = _story(
        tmp_path, "2023-09-08",
        "The train carrying the delegation will arrive in Vladivostok on 10 September 2023, the Kremlin said.",
        "The train carrying the delegation will arrive in Vladivostok on 12 September 2023, Interfax reported.")
    timing = disputes["vladivostok"].timing
    # Interfax is not in sources.yaml: a source found in the text
    assert {(a.source, b.source) for a, b in timing} == {("kremlin", "found:interfax"), ("found:interfax", "kremlin")}
    assert {(a.event_first.day, b.event_first.day) for a, b in timing} == {(10, 12), (12, 10)}
    assert disputes["vladivostok"].conflicts == [] and disputes["vladivostok"].elsewhere == []


def test_dates_that_overlap_or_lie_years_apart_are_no_disagreement(tmp_path):
    corpus, disputes = _story(tmp_path, "2023-09-08",
                              "The train will arrive in Vladivostok between 10 and 13 September 2023, the Kremlin said.",
                              "The train will arrive in Vladivostok on 12 September 2023, Interfax reported.",
                              "The same train arrived in Vladivostok on 24 April 2019, TASS reported.")
    assert "vladivostok" not in disputes or disputes["vladivostok"].timing == []


def test_two_sources_that_put_one_meeting_of_putin_at_two_places_on_the_same_day_disagree_on_where(tmp_path):
    corpus, disputes = _story(tmp_path, "2023-09-12",
                              "Putin will meet Kim Jong Un in Khabarovsk on 13 September 2023, the Kremlin said.",
                              "Putin will meet Kim Jong Un in Moscow on 13 September 2023, Interfax reported.")
    assert [(a.source, a.place, b.source, b.place) for a, b in disputes["moscow"].elsewhere] == [
        ("found:interfax", "moscow", "kremlin", "khabarovsk")]
    assert [(a.source, a.place, b.source, b.place) for a, b in disputes["khabarovsk"].elsewhere] == [
        ("kremlin", "khabarovsk", "found:interfax", "moscow")]


def test_a_person_sources_yaml_does_not_list_is_known_by_title_then_by_surname(tmp_path):
    corpus, disputes = _story(tmp_path, "2023-09-12",
                              "Prime Minister Fumio Kishida will arrive in Moscow on 13 September 2023, Interfax reported.",
                              "Kishida will arrive in Khabarovsk on 13 September 2023, the Kremlin said.")
    assert [(a.place, b.place) for a, b in disputes["moscow"].elsewhere] == [("moscow", "khabarovsk")]


def test_meetings_at_two_places_with_no_person_in_common_are_two_meetings(tmp_path):
    corpus, disputes = _story(tmp_path, "2023-09-12",
                              "Putin will meet the governors in Khabarovsk on 13 September 2023, the Kremlin said.",
                              "Shoigu will meet the generals in Moscow on 13 September 2023, Interfax reported.")
    assert all(d.elsewhere == [] for d in disputes.values())


def test_the_claims_table_says_which_source_dates_it_or_places_it_otherwise(tmp_path):
    from dashboard.page.claims_view import claims_table, place_claims
    corpus, disputes = _story(tmp_path, "2023-09-12",
                              "Putin will meet Kim Jong Un in Khabarovsk on 13 September 2023, the Kremlin said.",
                              "Putin will meet Kim Jong Un in Moscow on 13 September 2023, Interfax reported.",
                              "Putin will meet Kim Jong Un in Moscow on 15 September 2023, the Kremlin said.")
    claims = corpus_claims(corpus)
    table = claims_table(place_claims(claims, "moscow"), disputes["moscow"], corpus, "en")
    notes = re.findall(r'ncm-claim-note">([^<]*)', table)
    # Interfax's row (13th): the Kremlin says the 15th, and elsewhere says Khabarovsk on the 13th
    assert "The Kremlin dates it 2023-09-15" in notes[0] and "The Kremlin puts it at Khabarovsk" in notes[0]
    assert "2023-09-13" in notes[0].split("puts it at Khabarovsk")[1]
    # the Kremlin's row (15th): Interfax says the 13th; its own Khabarovsk claim is no disagreement
    assert "Interfax dates it 2023-09-13" in notes[1] and "puts it at" not in notes[1]
