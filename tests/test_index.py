"""The Parquet index: the same corpus as a direct analysis, only new or changed articles analysed
again, reproducible bytes, damage and interruptions that lose nothing, and the `index` command."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from dashboard.store import index as index_module
from dashboard.cli.main import main
from dashboard.corpus.analysis import DEFAULT_ARTICLES, DEFAULT_PLACES, DEFAULT_SOURCES, load_corpus
from dashboard.store.folder import index_folder
from dashboard.store.index import load_indexed_corpus
from dashboard.store.tables import TABLES

ROOT = Path(__file__).resolve().parent.parent
ZH_GOLD = yaml.safe_load((ROOT / "tests" / "geoparse_zh_gold.yaml").read_text(encoding="utf-8"))["sentences"]


# ---- a canonical form of a corpus: what the page, the exports and the tests read ------------------

def canonical_passage(p) -> tuple:
    a = p.article
    return (a.id, a.path, a.title, a.outlet, a.published, a.language, a.url, a.authors, a.body, p.passage,
            [dataclasses.astuple(m) for m in p.mentions], [dataclasses.astuple(m) for m in p.suggested],
            [dataclasses.astuple(u) for u in p.unknown], [dataclasses.astuple(m) for m in p.adjectival],
            [(s.start, s.end, s.text, [(x.source, x.role) for x in s.attributions],
              [dataclasses.astuple(d) for d in s.dates],
              None if s.implied_reported is None else dataclasses.astuple(s.implied_reported))
             for s in p.sentences])


def canonical(corpus) -> dict:
    return {
        "passages": [canonical_passage(p) for p in corpus.passages],
        "articles": [a.id for a in corpus.articles],
        "problems": [(str(x), x.kind) for x in corpus.problems],
        "notices": [(str(x), x.kind) for x in corpus.notices],
        "suggested": [(pid, dataclasses.astuple(place), type(place).__name__)
                      for pid, place in corpus.suggested.items()],
        "unknown": [(u.surface, [p.key for p in u.passages]) for u in corpus.unknown_names()],
        "sources": [dataclasses.astuple(s) for s in corpus.registry.sources.values()],
        "places": list(corpus.gazetteer.places),
    }


def write_article(folder: Path, name: str, text: str, outlet="Global Times", published="2023-09-06",
                  language="zh", extra="") -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {name}\noutlet: {outlet}\npublished: {published}\nlanguage: {language}\n{extra}"
                    f"---\n{text}\n", encoding="utf-8")
    return path


def mixed_articles(folder: Path) -> list[Path]:
    """Article files of every sort the loader meets, in two folders (returned as --articles paths)."""
    main_folder, other = folder / "articles", folder / "more"
    main_folder.mkdir()
    other.mkdir()
    for i, sentence in enumerate(ZH_GOLD[:8]):  # the Chinese gold sentences, two to an article
        text = sentence["text"] + ("\n\n" + ZH_GOLD[i + 8]["text"] if i + 8 < len(ZH_GOLD) else "")
        write_article(main_folder, f"zh-{i}.md", text, outlet=("Global Times", "Harbour Wire", "环球网", "TASS")[i % 4])
    write_article(main_folder, "en-1.md",
                  "# The trip\n\nTASS reported on Monday that the armoured train had reached Khasan, near the "
                  "Tumen River. \"We are ready,\" Peskov told reporters in Moscow on 4 September.\n\n"
                  "According to Reuters, the delegation flew on to Paris and Geneva late last month. The report said "
                  "talks would continue in Vladivostok next week.\n\n_A caption under Pyongyang's station_\n",
                  outlet="Harbour Wire", language="en", extra="url: https://example.org/a\nauthors: [A. Writer]\n")
    write_article(main_folder, "bad-url.md", "金正恩抵达符拉迪沃斯托克。", extra="url: javascript:alert(1)\n")
    (main_folder / "wire.txt").write_text("Wire: trains at Khasan\nThe train reached Khasan on Tuesday, "
                                          "RIA Novosti said.\n", encoding="utf-8")
    (main_folder / "no-front-matter.md").write_text("just text\n", encoding="utf-8")
    (main_folder / "latin1.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    write_article(other, "zh-0.md", "平壤。")  # the same name as an article in the first folder
    write_article(other, "other.md", "据塔斯社4日报道，绍伊古说，俄朝两国可能举行联合军演。报道称，金正恩将访问符拉迪沃斯托克。"
                  "\n\n当天，普京在东方航天发射场会见了金正恩。")
    return [main_folder, other]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return mixed_articles(tmp_path_factory.mktemp("mixed"))


def direct(articles, world, published=None, places=DEFAULT_PLACES):
    return load_corpus(places, DEFAULT_SOURCES, articles, published, world=world)


# ---- the same corpus ----------------------------------------------------------------------------

@pytest.mark.parametrize("world", [False, True], ids=["places-yaml", "world"])
@pytest.mark.parametrize("which", ["seed", "mixed"])
def test_the_corpus_from_the_index_is_the_corpus_analysed_directly(tmp_path, mixed, which, world):
    articles = [DEFAULT_ARTICLES] if which == "seed" else mixed
    published = dt.date(2023, 9, 6)
    expected = canonical(direct(articles, world, published))
    built, stats = load_indexed_corpus(articles=articles, published=published, world=world, index=tmp_path)
    assert stats.written and stats.reused == 0
    read, stats = load_indexed_corpus(articles=articles, published=published, world=world, index=tmp_path)
    assert stats.analysed == 0 and stats.reused == stats.articles and not stats.written
    no_index, _ = load_indexed_corpus(articles=articles, published=published, world=world)
    assert canonical(built) == expected
    assert canonical(read) == expected
    assert canonical(no_index) == expected


def test_the_mixed_corpus_has_what_it_is_meant_to_test(mixed):
    corpus = direct(mixed, world=True, published=dt.date(2023, 9, 6))
    kinds = {p.kind.value for p in corpus.problems}
    assert {"unsafe", "missing", "encoding", "duplicate"} <= kinds
    assert corpus.notices and corpus.suggested and corpus.unknown_names()
    assert any(s.implied_reported is not None for p in corpus.passages for s in p.sentences)
    assert any(a.role == "inherited" for p in corpus.passages for s in p.sentences for a in s.attributions)
    assert any(p.passage.is_caption for p in corpus.passages) and any(p.passage.heading for p in corpus.passages)


def test_the_index_holds_the_suggested_places_so_a_warm_start_needs_no_world_gazetteer(tmp_path, monkeypatch):
    built, _ = load_indexed_corpus(world=True, index=tmp_path)
    from dashboard.corpus import analysis as corpus_module
    monkeypatch.setattr(corpus_module, "_GEOPARSER", None)
    monkeypatch.setattr(corpus_module, "world_geoparser", lambda problems: pytest.fail("the world gazetteer was built"))
    read, stats = load_indexed_corpus(world=True, index=tmp_path)
    assert stats.reused == 1 and list(read.suggested) == list(built.suggested) == ["wr:pacific-ocean", "gn:2635167"]
    assert read.suggested == built.suggested


def test_demonyms_go_through_the_index_apart_from_names(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "a.md", "Turkish police said the attack in Ankara was planned.\n\nRussian officials agreed.",
                  outlet="Wire", language="en")
    built, _ = load_indexed_corpus(articles=(folder,), world=True, index=tmp_path / "ix")
    read, stats = load_indexed_corpus(articles=(folder,), world=True, index=tmp_path / "ix")
    assert stats.reused == 1
    for corpus in (built, read):
        first, second = corpus.passages
        assert [m.surface for m in first.adjectival] == ["Turkish"]
        assert [m.surface for m in first.all_mentions()] == ["Ankara"]  # a demonym is no naming
        assert [m.surface for m in second.adjectival] == ["Russian"] and second.all_mentions() == []
    assert canonical(read) == canonical(built)


# ---- only what changed is analysed again ---------------------------------------------------------

@pytest.fixture
def three(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(DEFAULT_ARTICLES / "2023-09-06-globaltimes-kim-visit.md", folder)
    write_article(folder, "b.md", "金正恩乘专列抵达哈桑。\n\n俄媒称，列车随后前往符拉迪沃斯托克。")
    write_article(folder, "c.md", "The train left Pyongyang for Khasan on Tuesday, TASS said.", outlet="TASS",
                  language="en")
    old = 1_600_000_000_000_000_000  # files older than the index, as they are unless just edited
    for f in folder.iterdir():
        os.utime(f, ns=(old, old))
    return folder


def load(folder, index, **kwargs):
    return load_indexed_corpus(articles=[folder], index=index, **kwargs)


def test_an_edited_article_alone_is_analysed_again(three, tmp_path):
    load(three, tmp_path / "ix")
    write_article(three, "b.md", "金正恩乘专列抵达莫斯科。")
    corpus, stats = load(three, tmp_path / "ix")
    assert (stats.analysed, stats.reused, stats.removed) == (1, 2, 1)
    assert canonical(corpus) == canonical(direct([three], False))
    assert [m.place for p in corpus.passages if p.article.id == "b.md" for m in p.mentions] == ["moscow"]


def test_a_new_article_alone_is_analysed_and_a_deleted_one_is_gone(three, tmp_path):
    load(three, tmp_path / "ix")
    write_article(three, "d.md", "普京在东方航天发射场会见金正恩。")
    (three / "c.md").unlink()
    corpus, stats = load(three, tmp_path / "ix")
    assert (stats.analysed, stats.reused, stats.removed, stats.articles) == (1, 2, 1, 3)
    assert [a.id for a in corpus.articles] == ["2023-09-06-globaltimes-kim-visit.md", "b.md", "d.md"]
    assert canonical(corpus) == canonical(direct([three], False))
    tables = index_folder(tmp_path / "ix", False)
    for name in ("articles", "passages", "mentions", "sentences", "attributions", "dates"):
        assert "c.md" not in pq.read_table(tables / f"{name}.parquet").column("article").to_pylist(), name


@pytest.mark.parametrize("world", [False, True], ids=["places-yaml", "world"])
def test_a_refresh_takes_the_unchanged_articles_of_the_previous_corpus_as_they_are(three, tmp_path, world):
    before, _ = load(three, tmp_path / "ix", world=world)
    write_article(three, "d.md", "金正恩抵达首尔和哈桑。")
    write_article(three, "b.md", "金正恩乘专列抵达莫斯科。")
    after, stats = load(three, tmp_path / "ix", world=world, previous=before)
    assert (stats.analysed, stats.reused) == (2, 2)
    assert canonical(after) == canonical(direct([three], world))
    kept = {p.article.id: p for p in before.passages}
    assert [p is kept.get(p.article.id) for p in after.passages if p.article.id in ("c.md",)] == [True]
    assert all(p is not kept.get(p.article.id) for p in after.passages if p.article.id in ("b.md", "d.md"))
    again, stats = load(three, tmp_path / "ix", world=world, previous=after)
    assert stats.analysed == 0 and [p for p in again.passages] == after.passages
    assert all(x is y for x, y in zip(again.passages, after.passages))


def test_a_previous_corpus_of_another_index_or_other_inputs_is_not_used(three, tmp_path):
    other, _ = load(three, tmp_path / "other")
    places = tmp_path / "places.yaml"
    places.write_text(DEFAULT_PLACES.read_text(encoding="utf-8").replace("哈桑村", "哈桑站村", 1), encoding="utf-8")
    corpus, _ = load(three, tmp_path / "ix", places=places, previous=other)
    assert canonical(corpus) == canonical(direct([three], False, places=places))
    again, _ = load(three, tmp_path / "ix", previous=other)
    assert not any(x is y for x, y in zip(again.passages, other.passages))
    assert canonical(again) == canonical(direct([three], False))


def test_a_touched_article_is_not_analysed_again_and_then_not_even_read(three, tmp_path, monkeypatch):
    load(three, tmp_path / "ix")
    os.utime(three / "c.md", ns=(1_600_000_001_000_000_000,) * 2)
    _, stats = load(three, tmp_path / "ix")
    assert (stats.analysed, stats.reused, stats.written) == (0, 3, True)  # the new time noted
    read = []
    monkeypatch.setattr(index_module, "open", lambda path, *a, **k: read.append(path) or open(path, *a, **k),
                        raising=False)
    _, stats = load(three, tmp_path / "ix")
    assert (stats.analysed, stats.reused, stats.written) == (0, 3, False)
    assert [path for path in read if str(path).endswith(".md")] == []
    monkeypatch.undo()
    os.utime(three / "c.md", ns=(1_600_000_002_000_000_000,) * 2)
    monkeypatch.setattr(index_module, "open", lambda path, *a, **k: read.append(path) or open(path, *a, **k),
                        raising=False)
    load(three, tmp_path / "ix")
    assert [path for path in read if str(path).endswith(".md")] == [str(three / "c.md")]  # the guard sees a read


def test_an_article_edited_as_the_index_is_written_is_read_again(three, tmp_path):
    """A file changed within the file system's time resolution of the index's writing may keep
    its size and time: such files are read again (and reused when their bytes are the same)."""
    now = dt.datetime.now().timestamp()
    os.utime(three / "b.md", (now, now))
    load(three, tmp_path / "ix")
    text = (three / "b.md").read_text(encoding="utf-8")
    (three / "b.md").write_text(text.replace("哈桑", "平壤"), encoding="utf-8")  # same size
    os.utime(three / "b.md", (now, now))
    corpus, stats = load(three, tmp_path / "ix")
    assert stats.analysed == 1
    assert canonical(corpus) == canonical(direct([three], False))


def test_edited_places_make_every_article_analysed_again_but_comments_and_routes_do_not(three, tmp_path):
    places = tmp_path / "places.yaml"
    shutil.copy(DEFAULT_PLACES, places)
    load(three, tmp_path / "ix", places=places)
    places.write_text("# a comment\n" + places.read_text(encoding="utf-8"), encoding="utf-8")
    _, stats = load(three, tmp_path / "ix", places=places)
    assert (stats.analysed, stats.reused) == (0, 3)
    text = places.read_text(encoding="utf-8")
    assert "哈桑村" in text
    places.write_text(text.replace("哈桑村", "哈桑站村", 1), encoding="utf-8")
    corpus, stats = load(three, tmp_path / "ix", places=places)
    assert (stats.analysed, stats.reused) == (3, 0) and "changed" in stats.reason
    assert canonical(corpus) == canonical(direct([three], False, places=places))


def test_the_world_and_places_yaml_analyses_live_side_by_side(three, tmp_path):
    load(three, tmp_path / "ix", world=True)
    load(three, tmp_path / "ix", world=False)
    _, with_world = load(three, tmp_path / "ix", world=True)
    _, without = load(three, tmp_path / "ix", world=False)
    assert (with_world.analysed, without.analysed) == (0, 0)
    assert sorted(p.name for p in (tmp_path / "ix").iterdir() if not p.name.startswith(".")) == ["no-world", "world"]


def test_a_txt_article_is_analysed_again_with_another_publication_date(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "wire.txt").write_text("Wire\nThe train reached Khasan yesterday, TASS said.\n", encoding="utf-8")
    load(folder, tmp_path / "ix", published=dt.date(2023, 9, 6))
    corpus, stats = load(folder, tmp_path / "ix", published=dt.date(2023, 9, 7))
    assert stats.analysed == 1
    assert canonical(corpus) == canonical(direct([folder], False, published=dt.date(2023, 9, 7)))


def test_an_article_the_engine_fails_on_is_a_problem_and_is_tried_again_next_time(three, tmp_path, monkeypatch,
                                                                                engine_fails_on):
    engine_fails_on("b.md", RuntimeError("boom"))
    corpus, _ = load(three, tmp_path / "ix")
    [problem] = corpus.problems
    assert problem.kind.value == "engine" and "boom" in problem.problem and problem.path == str(three / "b.md")
    assert [a.id for a in corpus.articles] == ["2023-09-06-globaltimes-kim-visit.md", "c.md"]
    monkeypatch.undo()  # the engine reads b.md again
    corpus, stats = load(three, tmp_path / "ix")
    assert (stats.analysed, stats.reused, corpus.problems) == (1, 2, [])


# ---- reproducible, atomic, damage named ------------------------------------------------------

def index_bytes(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_same_articles_give_the_same_bytes_built_at_once_or_bit_by_bit(three, tmp_path):
    load(three, tmp_path / "once", world=True)
    aside = tmp_path / "b.md"
    os.replace(three / "b.md", aside)  # keeps its time
    load(three, tmp_path / "steps", world=True)
    os.replace(aside, three / "b.md")
    _, stats = load(three, tmp_path / "steps", world=True)
    assert stats.analysed == 1
    once = index_bytes(index_folder(tmp_path / "once", True))
    steps = index_bytes(index_folder(tmp_path / "steps", True))
    assert sorted(once) == sorted([f"{t}.parquet" for t in TABLES] + ["index.json"])
    assert once == steps
    meta = pq.read_metadata(index_folder(tmp_path / "once", True) / "passages.parquet")
    assert meta.num_row_groups == 1 and b"time" not in b"".join(meta.metadata or {})


@pytest.mark.parametrize("damage", ["truncated", "garbage", "missing", "bad index.json"])
def test_a_damaged_index_is_named_and_nothing_is_lost(three, tmp_path, damage):
    load(three, tmp_path / "ix")
    folder = index_folder(tmp_path / "ix", False)
    target = folder / ("index.json" if damage == "bad index.json" else "passages.parquet")
    data = target.read_bytes()
    if damage == "truncated":
        target.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        target.write_bytes(data[:100] + bytes(200) + data[300:])
    elif damage == "missing":
        target.unlink()
    else:
        target.write_text("{not json", encoding="utf-8")
    corpus, stats = load(three, tmp_path / "ix")
    [notice] = [n for n in corpus.notices if n.kind.value == "file"]
    assert notice.path == str(target) and "index cannot be read" in notice.problem
    assert str(folder) in notice.fix and "python -m dashboard index" in notice.fix
    assert stats.analysed == 3 and stats.written
    assert canonical(corpus)["passages"] == canonical(direct([three], False))["passages"]
    _, stats = load(three, tmp_path / "ix")
    assert (stats.analysed, stats.reused) == (0, 3)  # written anew


def test_an_interrupted_write_leaves_the_old_index(three, tmp_path, monkeypatch):
    load(three, tmp_path / "ix")
    folder = index_folder(tmp_path / "ix", False)
    before = index_bytes(folder)
    write_article(three, "d.md", "金正恩抵达哈桑。")
    calls = []

    def failing_write(table, where, **options):
        calls.append(where)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return original(table, where, **options)

    original = pq.write_table
    monkeypatch.setattr(pq, "write_table", failing_write)  # folder.write_table calls it
    corpus, stats = load(three, tmp_path / "ix")
    assert not stats.written and [a.id for a in corpus.articles][-1] == "d.md"
    [notice] = corpus.notices
    assert "index cannot be written" in notice.problem and "No space left" in notice.problem
    assert index_bytes(folder) == before
    assert sorted(p.name for p in (tmp_path / "ix").iterdir()) == [".lock", "no-world"]  # no half-written folder


def test_a_killed_write_leaves_no_folder_for_long(three, tmp_path):
    load(three, tmp_path / "ix")
    left, recent = tmp_path / "ix" / ".no-world.tmp-0000aaaa", tmp_path / "ix" / ".no-world.tmp-0000bbbb"
    left.mkdir()
    recent.mkdir()
    os.utime(left, (1_600_000_000, 1_600_000_000))
    write_article(three, "d.md", "金正恩抵达哈桑。")
    load(three, tmp_path / "ix")
    assert not left.exists() and recent.exists()  # a recent one may be another write's


def test_a_write_stopped_between_its_two_renames_is_recovered(three, tmp_path):
    load(three, tmp_path / "ix")
    folder = index_folder(tmp_path / "ix", False)
    os.replace(folder, folder.parent / ".no-world.old-1234abcd")
    _, stats = load(three, tmp_path / "ix")
    assert (stats.analysed, stats.reused) == (0, 3)


# ---- the command line -------------------------------------------------------------------------

def test_index_command_builds_then_reuses(three, tmp_path, capsys):
    assert main(["index", "--articles", str(three), "--output", str(tmp_path / "ix"), "--no-world"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("index: 3 articles (3 analysed, 0 from the index, 0 removed)") and "no-world" in out
    assert main(["index", "--articles", str(three), "--output", str(tmp_path / "ix"), "--no-world"]) == 0
    assert "(0 analysed, 3 from the index, 0 removed)" in capsys.readouterr().out
    meta = json.loads((tmp_path / "ix" / "no-world" / "index.json").read_text(encoding="utf-8"))
    assert meta["tables"]["articles"] == {"rows": 3} and meta["world"] is False


def test_index_command_refuses_a_scheduler_without_dask(tmp_path, capsys):
    assert main(["index", "--output", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--engine dask" in capsys.readouterr().err


def test_index_command_refuses_zero_workers(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["index", "--output", str(tmp_path), "--workers", "0"])
    assert "give 1 or more" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_export_is_the_same_with_and_without_the_index(mixed, tmp_path, capsys, fmt):
    paths = [str(p) for p in mixed]
    options = ["--articles", *paths, "--published", "2023-09-06"]
    assert main(["export", fmt, *options, "--no-index"]) == 0
    without = capsys.readouterr()
    assert main(["export", fmt, *options, "--index", str(tmp_path / "ix")]) == 0  # built
    built = capsys.readouterr()
    assert main(["export", fmt, *options, "--index", str(tmp_path / "ix")]) == 0  # read
    read = capsys.readouterr()
    assert without.out == built.out == read.out and len(without.out) > 1000
    assert without.err == built.err == read.err


def test_export_names_a_damaged_index_and_exports_all_the_same(three, tmp_path, capsys):
    options = ["export", "geojson", "--articles", str(three), "--index", str(tmp_path / "ix"), "--no-world"]
    assert main(options) == 0
    good = capsys.readouterr().out
    damaged = tmp_path / "ix" / "no-world" / "mentions.parquet"
    damaged.write_bytes(damaged.read_bytes()[:50])
    assert main(options) == 0
    captured = capsys.readouterr()
    assert captured.out == good
    assert f"notice: {damaged}: the index cannot be read" in captured.err and "python -m dashboard index" in captured.err


def test_check_and_export_use_the_index_that_index_wrote(three, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NEWS_MAP_CACHE", str(tmp_path / "cache"))
    assert main(["index", "--articles", str(three)]) == 0
    assert str(tmp_path / "cache" / "index") in capsys.readouterr().out
    analysed = []
    real = index_module.run_batches

    def counting(inputs, files, **kwargs):
        analysed.extend(files)
        return real(inputs, files, **kwargs)

    monkeypatch.setattr(index_module, "run_batches", counting)
    assert main(["export", "geojson", "--articles", str(three)]) == 0
    assert analysed == []
    assert main(["export", "geojson", "--articles", str(three), "--no-index"]) == 0
    assert len(analysed) == 3
    capsys.readouterr()
    analysed.clear()
    assert main(["check", "--articles", str(three)]) == 0  # no places.yaml-only index yet: analysed
    assert len(analysed) == 3 and capsys.readouterr().out.startswith("ok: ")


def test_indexes_of_the_disk_cache_nobody_read_for_a_month_are_removed(three, tmp_path, monkeypatch):
    from dashboard.store.disk_cache import UNUSED_DAYS, default_index_dir
    monkeypatch.setenv("NEWS_MAP_CACHE", str(tmp_path / "cache"))
    ours = default_index_dir([three])
    day = 86400
    now = os.path.getmtime(three) + 400 * day
    old, recent = ours.parent / "old-key", ours.parent / "recent-key"
    for folder, age in ((old, UNUSED_DAYS + 1), (recent, UNUSED_DAYS - 1)):
        (folder / "world").mkdir(parents=True)
        os.utime(folder, (now - age * day, now - age * day))
    monkeypatch.setattr(time, "time", lambda: now)  # disk_cache reads the clock
    corpus, stats = load(three, ours)
    assert stats.written and len(corpus.articles) == 3
    assert sorted(p.name for p in ours.parent.iterdir()) == sorted([ours.name, "recent-key"])
    os.utime(ours, (now - 300 * day, now - 300 * day))
    corpus, stats = load(three, ours)  # read, nothing to write: reading is a use
    assert (stats.analysed, stats.written, len(corpus.articles)) == (0, False, 3)
    assert os.path.getmtime(ours) == now


def test_an_index_outside_the_disk_cache_leaves_its_neighbours_alone(three, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_MAP_CACHE", str(tmp_path / "cache"))
    neighbour = tmp_path / "indexes" / "someone-else"
    neighbour.mkdir(parents=True)
    os.utime(neighbour, (0, 0))
    load(three, tmp_path / "indexes" / "ours")
    assert neighbour.is_dir()
