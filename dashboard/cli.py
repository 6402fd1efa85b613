"""Command line: `python -m dashboard check` and `python -m dashboard export FORMAT`.

    python -m dashboard check [--places F] [--sources F] [--articles PATH ...]
    python -m dashboard export geojson|csv [--articles PATH ...] [--places F] [--sources F]
        [--source NAME ...] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
        [--date-kind reported|event|any] [--published YYYY-MM-DD] [--output F]

`check` prints one line per problem (``file:line: what is wrong — how to fix it``) and
exits 1, or prints a summary and exits 0.  `export` writes to standard output or, with
--output, atomically to a file; bad arguments and an output that cannot be written (no such
folder, a folder, a full disk) exit 2 with a message, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys

from .atomic import OutputError, atomic_output, check_target
from .corpus import DEFAULT_ARTICLES, DEFAULT_PLACES, DEFAULT_SOURCES, load_corpus
from .export import write_export
from .filters import DATE_KINDS, Filters, parse_day, resolve_sources
from .importing import add_arguments, run_add
from .upkeep import add_parsers as add_upkeep_parsers, run as run_upkeep


def _data_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--places", default=str(DEFAULT_PLACES), help="gazetteer YAML (default: data/places.yaml)")
    parser.add_argument("--sources", default=str(DEFAULT_SOURCES), help="sources YAML (default: data/sources.yaml)")
    parser.add_argument("--articles", nargs="+", default=[str(DEFAULT_ARTICLES)], metavar="PATH",
                        help="article files or folders (default: data/articles)")
    parser.add_argument("--published", type=_day, default=None, metavar="YYYY-MM-DD",
                        help="publication date for .txt articles without front matter")


def _day(text: str):
    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="The news-claims map: data tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the data files")
    _data_arguments(check)
    export = commands.add_parser("export", help="export places and passages as GeoJSON or CSV")
    export.add_argument("format", choices=("geojson", "csv"))
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
    add_arguments(commands.add_parser("add", help="add articles: .md, .txt, saved web pages (.html), web addresses"))
    add_upkeep_parsers(commands, _data_arguments)  # places geocode|accept|verify, sources add (dashboard/upkeep.py)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return check(args)
        if args.command == "add":
            return run_add(args)
        if args.command in ("places", "sources"):
            return run_upkeep(args)
        return export(args)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: the output file, if any, was left as it was
        print("interrupted", file=sys.stderr)
        return 130


def check(args) -> int:
    corpus = load_corpus(args.places, args.sources, args.articles, args.published)
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
    if args.output:
        check_target(args.output)  # before the analysis, which may take a while
    corpus = load_corpus(args.places, args.sources, args.articles, args.published, world=not args.no_world)
    for problem in corpus.problems:  # export still runs on the good data
        print(f"warning: {problem}", file=sys.stderr)
    source_ids, unknown = resolve_sources(args.source, corpus.registry)
    if unknown:
        names = ", ".join(sorted(s.name for s in corpus.registry.sources.values()))
        print(f"error: unknown source {', '.join(map(repr, unknown))} — use a source id or one of: {names}",
              file=sys.stderr)
        return 2
    unknown_routes = [r for r in args.route or () if r not in corpus.gazetteer.routes]
    if unknown_routes:
        print(f"error: unknown route {', '.join(map(repr, unknown_routes))} — use one of: "
              f"{', '.join(corpus.gazetteer.routes)}", file=sys.stderr)
        return 2
    filters = Filters(sources=source_ids, since=args.since, until=args.until, date_kind=args.date_kind,
                      kinds=tuple(args.kind), routes=None if args.route is None else tuple(args.route))
    if args.output:
        with atomic_output(args.output) as handle:
            write_export(corpus, args.format, filters, handle)
        return 0
    try:
        write_export(corpus, args.format, filters, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): not worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the flush at exit is quiet too
        return 1
    return 0
