"""`export passages`: every passage, with or without a place, with its sources, places and dates.

The article is written here; what each passage holds is read by hand from it and from the
bundled sources.yaml (TASS is an agency there; "Example Wire" is not registered)."""
import csv
import io
import json

import pytest

from dashboard.cli.main import main

ARTICLE = ("---\ntitle: Train at the border\noutlet: Example Wire\npublished: 2023-09-12\nlanguage: en\n---\n"
           "TASS reported on 11 September that Kim's train reached Khasan.\n\n"
           "Nothing more was known about the talks.\n\n"
           "The train later left for Vladivostok.\n")


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "train.md").write_text(ARTICLE, encoding="utf-8")
    return folder


def export(capsys, articles, *extra):
    code = main(["export", "passages", "--articles", str(articles), "--no-index", "--no-world", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_passage_is_a_row_with_its_sources_places_and_dates(capsys, articles):
    code, out, _ = export(capsys, articles, "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [(r["article"], r["passage"]) for r in rows] == [("train.md", 1), ("train.md", 2), ("train.md", 3)]
    first, placeless, last = rows
    assert first["places"] == ["khasan"] and placeless["places"] == [] and last["places"] == ["vladivostok"]
    assert placeless["text"] == "Nothing more was known about the talks."
    assert {"name": "TASS", "kind": "outlet", "role": "speaker", "status": "registered"} in first["sources"]
    assert {"name": "Example Wire", "kind": "outlet", "role": "outlet", "status": "found"} in placeless["sources"]
    assert [(d["text"], d["first"], d["kind"]) for d in first["dates"] if d["text"]] == [
        ("11 September", "2023-09-11", "reported")]
    assert first["title"] == "Train at the border" and first["published"] == "2023-09-12"


def test_the_csv_holds_the_same_rows_one_cell_per_list(capsys, articles):
    code, out, _ = export(capsys, articles)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["passage"] for r in rows] == ["1", "2", "3"]
    assert rows[1]["places"] == "" and rows[0]["places"] == "khasan"
    assert "TASS (speaker, outlet, registered)" in rows[0]["sources"].split("; ")
    assert "11 September=2023-09-11 (reported)" in rows[0]["dates"].split("; ")


def test_the_source_filter_keeps_what_that_source_said(capsys, articles):
    code, out, _ = export(capsys, articles, "--source", "TASS", "--format", "jsonl")
    assert code == 0 and [json.loads(line)["passage"] for line in out.splitlines()] == [1]


def test_format_is_for_passages_only(capsys, articles):
    code = main(["export", "csv", "--format", "jsonl", "--articles", str(articles), "--no-index"])
    assert code == 2 and "--format is for `export passages`" in capsys.readouterr().err
