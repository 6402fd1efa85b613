"""Claims and disputed places on the seed, against the hand-made gold of benchmarks/claims_gold/seed.yaml,
and `export claims`."""
import csv
import io
import json
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


@pytest.mark.xfail(strict=True, reason="issue 23: Vladivostok's and Primorsky Krai's doubts are in sentences "
                                       "that do not name them (benchmarks/claims.py)")
def test_every_disputed_place_of_the_gold_is_found(corpus):
    disputes = find_disputes(corpus_claims(corpus), corpus.gazetteer)
    assert {place for place, d in disputes.items() if d.conflicts} == set(GOLD["disputed"])


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
