"""The `add` command: each input (a file or a web address) saved as an article::

    python -m dashboard add FILE|URL ... [--articles-dir DIR] [--sources F] [--title T] [--outlet O]
        [--published YYYY-MM-DD] [--language L] [--timeout S]

One bad input is reported and the others are still added.  The work is done by
`dashboard/edit/importing.py`, which the page's "Add articles" dialog calls too.
"""
from __future__ import annotations

import sys

from dashboard.base.errors import ImportProblem
from dashboard.base.languages import LANGUAGES
from dashboard.corpus.analysis import DEFAULT_ARTICLES, DEFAULT_SOURCES, outlet_id
from dashboard.edit.importing import import_input, save
from dashboard.text.articles import Article, split_passages
from dashboard.text.matching import NameMatcher
from dashboard.text.sources import load_sources


def add_arguments(parser) -> None:
    """The options of `python -m dashboard add` (`cli/main.py` builds the subcommand)."""

    parser.add_argument("inputs", nargs="+", metavar="FILE|URL",
                        help="a .md, .txt or .html file (a saved web page), or an http(s) address")
    parser.add_argument("--articles-dir", default=str(DEFAULT_ARTICLES), metavar="DIR",
                        help="save the articles here (default: data/articles)")
    parser.add_argument("--sources", default=str(DEFAULT_SOURCES),
                        help="sources YAML, to tell which outlets it does not list yet (default: data/sources.yaml)")
    parser.add_argument("--title", help="the title, for inputs that do not give one")
    parser.add_argument("--outlet", help="who published it, e.g. Reuters, for inputs that do not say")
    parser.add_argument("--published", metavar="YYYY-MM-DD", help="publication date, for inputs that do not give one")
    parser.add_argument("--language", choices=LANGUAGES, help="the language, for inputs that do not give one "
                                                              "(default: detected from the text)")
    parser.add_argument("--timeout", type=float, default=20.0, metavar="S", help="seconds to wait for a web page")


def run_add(args, out=None, err=None) -> int:
    """Import and save every input; one bad input is reported and the others still added.
    0 when every input was added (or was already there), 1 otherwise."""
    out = out or sys.stdout
    err = err or sys.stderr
    defaults = {key: getattr(args, key) for key in ("title", "outlet", "published", "language")
                if getattr(args, key, None)}
    registry = _registry(args.sources)
    failed = added = already = 0
    for source in args.inputs:
        try:
            draft = import_input(source, defaults, timeout=args.timeout)
            saved = save(draft, args.articles_dir)
        except ImportProblem as problem:
            failed += 1
            for line in problem.problems:
                print(f"error: {line}", file=err)
            continue
        except Exception as error:  # noqa: BLE001 -- one input the import chokes on is one line, never a traceback
            failed += 1
            print(f"error: {source}: could not be read ({type(error).__name__}: {error}) — save its text as a .txt "
                  f"file and add that", file=err)
            continue
        if saved.created:
            added += 1
            n = len(split_passages("draft", draft.body))
            print(f"added: {saved.path} ({draft.title}; {draft.outlet}, {draft.published.isoformat()}, "
                  f"{draft.language}, {n} passage{'' if n == 1 else 's'})", file=out)
        else:
            already += 1
            print(f"already added: {saved.path}", file=out)
        if registry is not None and _unregistered(draft.outlet, registry):
            print(f"notice: outlet '{draft.outlet}' is not in the sources registry — its passages are said by "
                  f"'{draft.outlet}'; register it with `python -m dashboard sources add`", file=out)
    summary = f"{added} added, {already} already there, {failed} failed"
    print(summary, file=err if failed else out)
    return 1 if failed else 0


def _registry(path):

    registry, _ = load_sources(path)  # `check` reports its problems
    return registry if registry.sources else None


def _unregistered(outlet: str, registry) -> bool:

    article = Article(id="", path="", title="", outlet=outlet, published=None, language="", body="")
    return outlet_id(article, registry, NameMatcher(registry.names())) is None
