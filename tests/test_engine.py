"""The engine: the same results here, in worker processes and on Dask, in the files' order;
one bad article never takes the others down; workers on other code are refused."""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from dashboard.store import engine
from dashboard.store.engine import (ANALYSIS_MODULES, AnalysisInputs, ArticleFile, EngineError, analyse_files, batches,
                              code_stamp)
from dashboard.places.gazetteer import load_gazetteer
from dashboard.store.folder import index_folder
from dashboard.store.index import load_indexed_corpus
from dashboard.text.sources import load_sources
from dashboard.base.yamlio import read_text
from test_index import canonical, canonical_passage, index_bytes, write_article

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "articles" / "2023-09-06-globaltimes-kim-visit.md"


def inputs(world=False):
    return AnalysisInputs.of(load_gazetteer(ROOT / "data" / "places.yaml")[0],
                             load_sources(ROOT / "data" / "sources.yaml")[0], world)


@pytest.fixture
def folder(tmp_path):
    """Seven articles: the seed, six short ones in Chinese and English, and one that is no article."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder)
    texts = ["金正恩乘专列抵达哈桑。", "据塔斯社4日报道，绍伊古说，俄朝可能举行联合军演。", "普京在东方航天发射场会见金正恩。",
             "The train left Pyongyang for Khasan on Tuesday, TASS said.", "Flights from Vladivostok to Paris resumed.",
             "代表团从莫斯科飞往新西伯利亚。"]
    for i, text in enumerate(texts):
        write_article(folder, f"a{i}.md", text, language="en" if text.isascii() else "zh",
                      outlet=("Global Times", "Harbour Wire")[i % 2])
    (folder / "broken.md").write_text("no front matter\n", encoding="utf-8")
    return folder


def files_of(folder):
    return [ArticleFile.read(p) for p in sorted(folder.iterdir())]


def summary(results):
    return [(r.path, [str(p) for p in r.problems], r.article_id, r.outlet, r.unregistered,
             None if r.passages is None else [canonical_passage(p) for p in r.passages], sorted(r.places))
            for r in results]


def test_processes_give_the_serial_results_in_the_same_order(folder, monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_FROM", 0)
    files = files_of(folder)
    serial, _ = analyse_files(inputs(), files, workers=1)
    seen = []
    parallel, _ = analyse_files(inputs(), files, workers=2, batch_size=2,
                                progress=lambda done, total, message: seen.append((done, total, message)))
    assert summary(parallel) == summary(serial)
    assert [r.path for r in parallel] == [str(f) for f in sorted(folder.iterdir())]
    assert seen[-1][:2] == (8, 8) and "2 processes" in seen[-1][2] and len(seen) == 4


def test_the_corpus_analysed_in_processes_is_the_corpus_analysed_here(folder, monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_FROM", 0)
    here, _ = load_indexed_corpus(articles=[folder], workers=1)
    there, _ = load_indexed_corpus(articles=[folder], workers=2)
    assert canonical(there) == canonical(here)


def test_few_articles_are_analysed_here(folder, monkeypatch):
    monkeypatch.setattr(engine, "_run_processes", lambda *a: pytest.fail("started processes for 8 articles"))
    results, _ = analyse_files(inputs(), files_of(folder), workers=2)
    assert len(results) == 8


def test_one_bad_article_is_a_problem_and_the_others_are_analysed(folder, engine_fails_on):
    engine_fails_on("a2.md", ValueError("no such luck"))
    results, _ = analyse_files(inputs(), files_of(folder), workers=1)
    [failed] = [r for r in results if r.failure is not None]
    assert failed.article_id == "a2.md" and failed.failure.kind.value == "engine"
    assert "ValueError: no such luck" in failed.failure.problem
    assert sum(1 for r in results if r.passages) == 6


def test_a_file_that_is_not_utf8_gets_the_problem_read_text_gives(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    [result], _ = analyse_files(inputs(), [ArticleFile.read(bad)])
    assert result.problems == read_text(bad)[1] and result.article_id is None


def test_batches_keep_the_order_and_cover_every_file():
    files = list(range(1000))
    for workers in (1, 2, 8):
        work = batches(files, workers)
        assert [f for batch in work for f in batch] == files and max(map(len, work)) <= 64
    assert batches(files, 1, size=300)[-1] == list(range(900, 1000))


def test_workers_on_other_code_are_refused():
    other = AnalysisInputs.of(*[x for x in (inputs().gazetteer, inputs().registry)], False)
    other = AnalysisInputs(other.gazetteer, other.registry, False, "another version", "another stamp")
    with pytest.raises(EngineError, match="another version of the dashboard"):
        analyse_files(other, [ArticleFile.read(SEED)])


def test_the_inputs_stamp_follows_what_the_analysis_reads():
    gazetteer, registry = inputs().gazetteer, inputs().registry
    assert AnalysisInputs.of(gazetteer, registry).stamp == inputs().stamp
    assert AnalysisInputs.of(gazetteer, registry, world=True).stamp != inputs().stamp
    gazetteer.not_places["zh"] = (*gazetteer.not_places.get("zh", ()), "东方红")
    assert AnalysisInputs.of(gazetteer, registry).stamp != inputs().stamp


def test_the_code_stamp_covers_every_module_the_analysis_imports():
    """A module the analysis imports that the stamp leaves out would keep stale analyses in the
    index after its code changed. Loaders whose output the stamp hashes (the gazetteer's kinds,
    railways and labels) and what only reads a corpus (lookup, filters) need not be in it."""
    found, todo = set(), ["corpus/analysis", "store/engine"]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        tree = ast.parse((ROOT / "dashboard" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dashboard."):
                module = node.module.removeprefix("dashboard.").replace(".", "/")
                if (ROOT / "dashboard" / f"{module}.py").is_file():
                    todo.append(module)
                else:  # from dashboard.places import kinds
                    todo += [f"{module}/{alias.name}" for alias in node.names]
    loaders = {"places/kinds", "places/railways", "page/labels", "base/settings", "base/paths", "base/words",
               "base/languages", "corpus/queries", "corpus/columns", "corpus/charts", "corpus/arrays", "corpus/filters"}
    assert found - loaders <= set(ANALYSIS_MODULES), sorted(found - loaders - set(ANALYSIS_MODULES))
    assert len(code_stamp()) == 64


def test_an_unknown_engine_is_refused():
    with pytest.raises(EngineError, match="use one of: local, dask"):
        analyse_files(inputs(), [ArticleFile.read(SEED)], engine="spark")


# ---- Dask ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster


@pytest.mark.parametrize("world", [False, True], ids=["places-yaml", "world"])
def test_dask_writes_the_index_the_local_engine_writes_byte_for_byte(folder, tmp_path, cluster, world):
    local, local_stats = load_indexed_corpus(articles=[folder], world=world, index=tmp_path / "local")
    dask, dask_stats = load_indexed_corpus(articles=[folder], world=world, index=tmp_path / "dask", engine="dask",
                                           scheduler=cluster.scheduler_address)
    assert (local_stats.analysed, dask_stats.analysed) == (7, 7)
    local_bytes = index_bytes(index_folder(tmp_path / "local", world))
    assert local_bytes == index_bytes(index_folder(tmp_path / "dask", world))
    assert len(local_bytes) == 12  # eleven tables and index.json
    assert canonical(dask) == canonical(local)


def test_dask_analyses_only_new_articles_too(folder, tmp_path, cluster):
    load_indexed_corpus(articles=[folder], index=tmp_path, engine="dask", scheduler=cluster.scheduler_address)
    write_article(folder, "new.md", "金正恩抵达符拉迪沃斯托克。")
    corpus, stats = load_indexed_corpus(articles=[folder], index=tmp_path, engine="dask",
                                        scheduler=cluster.scheduler_address)
    assert (stats.analysed, stats.reused) == (1, 7) and corpus.articles[-1].id == "new.md"


def test_a_scheduler_out_of_reach_is_an_error_that_says_what_to_do(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        analyse_files(inputs(), [ArticleFile.read(SEED)], engine="dask", scheduler="tcp://127.0.0.1:9")


def test_index_command_on_dask(folder, tmp_path, capsys, cluster):
    from dashboard.cli.main import main
    assert main(["index", "--articles", str(folder), "--output", str(tmp_path), "--no-world", "--engine", "dask",
                 "--scheduler", cluster.scheduler_address]) == 0
    assert "7 articles (7 analysed, 0 from the index" in capsys.readouterr().out
