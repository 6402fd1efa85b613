"""Command line: `python -m dashboard check`, `export FORMAT` and `index`.

    python -m dashboard check [--places F] [--sources F] [--articles PATH ...] [--index DIR | --no-index]
    python -m dashboard export geojson|csv [--articles PATH ...] [--places F] [--sources F]
        [--source NAME ...] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
        [--date-kind reported|event|any] [--published YYYY-MM-DD] [--output F] [--index DIR | --no-index]
    python -m dashboard index [--articles PATH ...] [--output DIR] [--no-world] [--engine local|dask]
        [--scheduler ADDRESS] [--workers N]

`check` and `export` read the analysis from the index (`dashboard/store/index.py`) when there is one
for these articles (built by `index`, or the folder given with --index), bringing it up to date
first; otherwise, or with --no-index, they analyse the articles (in processes when there are
many). The output is the same either way.

`check` prints one line per problem (``file:line: what is wrong — how to fix it``) and
exits 1, or prints a summary and exits 0.  `export` writes to standard output or, with
--output, atomically to a file; bad arguments and an output that cannot be written (no such
folder, a folder, a full disk) exit 2 with a message, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys

from dashboard.base.atomic import OutputError, atomic_output, check_target
from dashboard.base.errors import ProblemKind
from dashboard.cli.add import add_arguments, run_add
from dashboard.cli.upkeep import add_parsers as add_upkeep_parsers
from dashboard.cli.upkeep import run as run_upkeep
from dashboard.corpus.analysis import DEFAULT_ARTICLES, DEFAULT_PLACES, DEFAULT_SOURCES
from dashboard.corpus.export import write_export
from dashboard.corpus.filters import DATE_KINDS, Filters, parse_day, resolve_sources
from dashboard.corpus.claims_export import write_claims
from dashboard.corpus.passages_export import FORMATS as PASSAGE_FORMATS
from dashboard.corpus.passages_export import write_passages
from dashboard.edit.new_story import StoryError, new_story
from dashboard.store.disk_cache import default_index_dir
from dashboard.store.engine import ENGINES, EngineError
from dashboard.store.folder import INDEX_FILE, index_folder
from dashboard.store.index import build_index, load_indexed_corpus
from dashboard.text.sources import load_sources


def _data_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--places", default=str(DEFAULT_PLACES), help="gazetteer YAML (default: data/places.yaml)")
    parser.add_argument("--sources", default=str(DEFAULT_SOURCES), help="sources YAML (default: data/sources.yaml)")
    parser.add_argument("--articles", nargs="+", default=[str(DEFAULT_ARTICLES)], metavar="PATH",
                        help="article files or folders (default: data/articles)")
    parser.add_argument("--published", type=_day, default=None, metavar="YYYY-MM-DD",
                        help="publication date for .txt articles without front matter")


def _index_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--index", metavar="DIR",
                       help="read the analysis from this index folder, bringing it up to date "
                            "(default: the folder `index` writes for these articles, when there is one)")
    which.add_argument("--no-index", action="store_true", help="analyse the articles; do not read or write an index")


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers — give 1 or more")
    return value


def _day(text: str):
    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser(prog: str = "python -m dashboard") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="The news-claims map: data tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the data files")
    _data_arguments(check)
    _index_arguments(check)
    export = commands.add_parser("export", help="export places and passages as GeoJSON or CSV, every passage, "
                                                 "or every claim")
    export.add_argument("format", choices=("geojson", "csv", "passages", "claims"),
                        help="geojson or csv: the places with their passages; passages: every passage, with or "
                             "without a place, with its sources, places and dates; claims: who says what happens "
                             "where and when, with its stance and whether the place is disputed")
    export.add_argument("--format", dest="passages_format", choices=PASSAGE_FORMATS, default=None,
                        help="for `export passages` and `export claims`: csv (default) or jsonl, one JSON object a line")
    _data_arguments(export)
    export.add_argument("--source", action="append", default=[], metavar="NAME",
                        help="keep what this source said (id or canonical name; repeatable)")
    export.add_argument("--since", type=_day, metavar="YYYY-MM-DD")
    export.add_argument("--until", type=_day, metavar="YYYY-MM-DD")
    export.add_argument("--date-kind", choices=DATE_KINDS, default="any")
    export.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    export.add_argument("--kind", action="append", default=[], metavar="KIND",
                        help="only places of this kind (city, berth, village…), repeatable; as the page's place-kind filter")
    export.add_argument("--route", action="append", default=None, metavar="ID",
                        help="only the legs of this route, repeatable (default: every route); as the page's route filter")
    export.add_argument("--no-world", action="store_true",
                        help="only places.yaml places (no places suggested by the world gazetteer)")
    _index_arguments(export)
    index = commands.add_parser("index", help="analyse the articles into a Parquet index (only new or changed ones)")
    _data_arguments(index)
    index.add_argument("--output", "-o", metavar="DIR",
                       help="the index folder (default: one in the disk cache for these articles, see NEWS_MAP_CACHE)")
    index.add_argument("--no-world", action="store_true",
                       help="the analysis with places.yaml places only (as `check` reads the data)")
    index.add_argument("--engine", choices=ENGINES, default="local",
                       help="local: this machine (processes when there are many articles); dask: a Dask cluster")
    index.add_argument("--scheduler", metavar="ADDRESS",
                       help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster on this machine)")
    index.add_argument("--workers", type=_workers, metavar="N",
                       help="processes (local) or workers of the LocalCluster (default: the cores of this machine)")
    add_arguments(commands.add_parser("add", help="add articles: .md, .txt, saved web pages (.html), web addresses"))
    add_upkeep_parsers(commands, _data_arguments)  # places geocode|accept|verify, sources add (dashboard/cli/upkeep.py)
    new = commands.add_parser("new", help="make a folder for a new story: articles/, places.yaml with no places and "
                                          "no routes, sources.yaml with the outlets and agencies")
    new.add_argument("folder", metavar="DIR", help="the story's folder (made if it does not exist)")
    return parser


def main(argv=None, prog: str = "python -m dashboard") -> int:
    args = build_parser(prog).parse_args(argv)
    try:
        if args.command == "check":
            return check(args)
        if args.command == "add":
            return run_add(args)
        if args.command in ("places", "sources"):
            return run_upkeep(args)
        if args.command == "index":
            return index(args)
        if args.command == "new":
            return new(args)
        return export(args)
    except (OutputError, EngineError, StoryError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: the output file, if any, was left as it was
        print("interrupted", file=sys.stderr)
        return 130


def new(args) -> int:
    """`new DIR`: the story folder, and how to go on."""
    story = new_story(args.folder)
    n_sources = len(load_sources(story.sources)[0].sources)
    print(f"made {story.folder}: articles/ (empty), places.yaml (no places, no routes), "
          f"sources.yaml ({n_sources} outlets and agencies), README.md")
    print(f"start the page on it:  streamlit run dashboard/app.py -- --story {story.folder}")
    print(f"add an article:        python -m dashboard add FILE|URL --articles-dir {story.articles}")
    return 0


def run() -> None:
    """The `news-map` command (pyproject.toml's console script): `main` under that name."""
    sys.exit(main(prog="news-map"))


def _corpus(args, world: bool):
    """The corpus for `check` and `export`: through the index when there is one (see --index)."""
    folder = None
    if args.index:
        folder = args.index
    elif not args.no_index:
        default = default_index_dir(args.articles)
        if default is not None and (index_folder(default, world) / INDEX_FILE).exists():
            folder = default
    progress = _progress_line(sys.stderr)
    try:
        corpus, _ = load_indexed_corpus(args.places, args.sources, args.articles, args.published, world=world,
                                        index=folder, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    return corpus


def _progress_line(stream):
    """A progress callback that rewrites one line of a terminal (and says nothing elsewhere)."""
    if not stream.isatty():
        return None
    shown = []

    def progress(done: int, total: int, message: str) -> None:
        stream.write("\r" + message[:100].ljust(len(shown[-1]) if shown else 0))
        stream.flush()
        shown[:] = [message[:100]]

    def finish():
        if shown:
            stream.write("\r" + " " * len(shown[-1]) + "\r")
            stream.flush()
    progress.finish = finish
    return progress


def check(args) -> int:
    corpus = _corpus(args, world=False)
    for problem in corpus.problems:
        print(problem)
    for notice in corpus.notices:  # worth knowing, not errors: the exit status stays 0 for them
        print(f"notice: {notice}")
    if corpus.problems:
        return 1
    mentions = sum(len(p.mentions) for p in corpus.passages)
    print(f"ok: {len(corpus.gazetteer.places)} places, {len(corpus.gazetteer.routes)} routes, "
          f"{len(corpus.gazetteer.railways)} railways, "
          f"{len(corpus.registry.sources)} sources, {len(corpus.articles)} articles, "
          f"{len(corpus.passages)} passages, {mentions} place mentions")
    return 0


def export(args) -> int:
    if args.since and args.until and args.since > args.until:
        print(f"error: --since {args.since} is after --until {args.until} — swap them", file=sys.stderr)
        return 2
    if args.passages_format and args.format not in ("passages", "claims"):
        print(f"error: --format is for `export passages` and `export claims` — `export {args.format}` writes "
              f"{args.format} as it is", file=sys.stderr)
        return 2
    if args.output:
        check_target(args.output)  # before the analysis, which may take a while
    corpus = _corpus(args, world=not args.no_world)
    for problem in corpus.problems:  # export still runs on the good data
        print(f"warning: {problem}", file=sys.stderr)
    for notice in corpus.notices:
        if notice.kind == ProblemKind.FILE:  # the index could not be read or written (the export is complete)
            print(f"notice: {notice}", file=sys.stderr)
    source_ids, unknown = resolve_sources(args.source, corpus.registry)
    if unknown:
        names = ", ".join(sorted(s.name for s in corpus.registry.sources.values()))
        print(f"error: unknown source {', '.join(map(repr, unknown))} — use a source id or one of: {names}",
              file=sys.stderr)
        return 2
    story_routes = corpus.story_routes()  # the routes the articles tell of: the page's too
    choices = ", ".join(story_routes) or "none: no route of places.yaml has two stops these articles name"
    for route in args.route or ():
        if route not in story_routes:
            what = "unknown route" if route not in corpus.gazetteer.routes else "these articles name fewer than two stops of route"
            print(f"error: {what} {route!r} — use one of: {choices}", file=sys.stderr)
            return 2
    filters = Filters(sources=source_ids, since=args.since, until=args.until, date_kind=args.date_kind,
                      kinds=tuple(args.kind), routes=None if args.route is None else tuple(args.route))
    if args.format == "passages":
        def write(out):
            write_passages(corpus, filters, out, args.passages_format or "csv")
    elif args.format == "claims":
        def write(out):
            write_claims(corpus, filters, out, args.passages_format or "csv")
    else:
        def write(out):
            write_export(corpus, args.format, filters, out)
    if args.output:
        with atomic_output(args.output) as handle:
            write(handle)
        return 0
    try:
        write(sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): not worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the flush at exit is quiet too
        return 1
    return 0


def index(args) -> int:
    output = args.output or default_index_dir(args.articles)
    if output is None:
        print("error: NEWS_MAP_CACHE is empty (no disk cache), so there is no default index folder — "
              "give one with --output DIR", file=sys.stderr)
        return 2
    if args.scheduler and args.engine != "dask":
        print("error: --scheduler is for --engine dask", file=sys.stderr)
        return 2
    progress = _progress_line(sys.stderr)
    try:
        stats = build_index(output, args.places, args.sources, args.articles, args.published,
                            world=not args.no_world, engine=args.engine, workers=args.workers,
                            scheduler=args.scheduler, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    for problem in stats.problems:
        print(f"warning: {problem}", file=sys.stderr)
    for notice in stats.notices:
        print(f"notice: {notice}", file=sys.stderr)
    print(f"index: {stats.summary()}" + ("" if stats.written else f" (unchanged: {stats.folder})"))
    return 0
