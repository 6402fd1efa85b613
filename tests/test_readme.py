"""The README documents every command, option and setting the code has (as datasette's docs tests do).

* Each `python -m dashboard` command, nested ones included (`places geocode`), has a synopsis
  in the README's "Command line" block, and that synopsis names every option of the command.
* Every option and every choice of every command is named in the README.
* Every argument of the page (`app_arguments` in dashboard/page/main.py, read from the source so that
  Streamlit is not started), every `NEWS_MAP_*` environment variable the package reads, and
  every module of `dashboard/` are named in the README.
"""
from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from dashboard.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PROG = "python -m dashboard"


def commands(parser: argparse.ArgumentParser, path=()):
    """(command path, parser) for every command that does something, nested ones included."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers and path:
        yield path, parser
    for action in subparsers:
        for name, child in action.choices.items():
            yield from commands(child, (*path, name))


COMMANDS = dict(commands(build_parser()))


def options(parser: argparse.ArgumentParser) -> list[str]:
    """Every option string (`--no-world`, `-o`) of a parser, except -h/--help."""
    return [s for a in parser._actions if not isinstance(a, argparse._HelpAction) for s in a.option_strings]


def choices(parser: argparse.ArgumentParser) -> list[str]:
    return [str(c) for a in parser._actions if a.choices and not isinstance(a, argparse._SubParsersAction)
            for c in a.choices]


def named(text: str, word: str) -> bool:
    """`word` in `text` as a whole token: `--id` is not found in `--ids`, `-o` not in `--output`."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def synopses() -> dict[tuple, str]:
    """The README's command synopses: {("places", "geocode"): "python -m dashboard places geocode NAME …"}.

    They are the lines of the first ```sh block under '## Command line' that start with
    `python -m dashboard`, each with its indented continuation lines."""
    section = README.split("\n## Command line", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    found: dict[tuple, str] = {}
    current = None
    for line in block.splitlines():
        if line.startswith(PROG + " "):
            words = line[len(PROG):].split()
            path = []
            for word in words:  # the command path: the words before the first argument
                if not re.fullmatch(r"[a-z]+", word):
                    break
                path.append(word)
            current = tuple(path)
            found[current] = line
        elif line.startswith((" ", "\t")) and current is not None:
            found[current] += "\n" + line
        else:
            current = None
    return found


def app_options() -> list[str]:
    """The option strings of `app_arguments` in dashboard/page/main.py, read from its source."""
    tree = ast.parse((ROOT / "dashboard" / "page" / "main.py").read_text(encoding="utf-8"))
    [function] = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "app_arguments"]
    found = []
    for call in ast.walk(function):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "add_argument":
            found += [arg.value for arg in call.args if isinstance(arg, ast.Constant) and str(arg.value).startswith("-")]
    return found


def test_the_parsers_are_walked():
    """A guard for the walk itself: it finds the nested commands and the options of each."""
    assert {("check",), ("export",), ("add",), ("places", "geocode"), ("places", "accept"), ("places", "verify"),
            ("sources", "add")} <= set(COMMANDS)
    assert "--no-world" in options(COMMANDS[("export",)]) and "-o" in options(COMMANDS[("export",)])
    assert "--articles-dir" in options(COMMANDS[("add",)])
    assert {"--articles", "--places", "--sources", "--offline"} <= set(app_options())


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_has_a_synopsis_naming_all_its_options(path):
    text = synopses().get(path)
    assert text is not None, f"README's Command line block has no line '{PROG} {' '.join(path)} …'"
    missing = [o for o in options(COMMANDS[path]) if not named(text, o)]
    assert not missing, f"'{PROG} {' '.join(path)}' in the README does not show {', '.join(missing)}"


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_option_and_choice_is_named_in_the_readme(path):
    parser = COMMANDS[path]
    missing = [word for word in options(parser) + choices(parser) if not named(README, word)]
    assert not missing, f"'{PROG} {' '.join(path)}': README does not name {', '.join(missing)}"


def test_the_readme_lists_no_command_that_does_not_exist():
    assert set(synopses()) <= set(COMMANDS), set(synopses()) - set(COMMANDS)


def test_every_app_argument_is_documented():
    missing = [o for o in app_options() if not named(README, o)]
    assert not missing, f"README does not name the app argument(s) {', '.join(missing)}"


def test_every_news_map_setting_is_documented():
    names = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        names |= set(re.findall(r"\bNEWS_MAP_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert names, "no NEWS_MAP_* variable found: the scan is broken"
    missing = sorted(n for n in names if not named(README, n))
    assert not missing, f"README does not name {', '.join(missing)}"


def test_every_module_is_in_the_layout():
    layout = README.split("\n## Layout", 1)[1]
    # a module is listed by its name under its subpackage's line (`text/` … `articles.py`)
    missing = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        folder = path.parent.relative_to(ROOT / "dashboard").as_posix()
        if folder == ".":
            if f"`{path.name}`" not in layout:
                missing.append(path.name)
            continue
        if path.name == "__init__.py":  # the subpackage's own line stands for it
            continue
        section = layout.split(f"`{folder}/`", 1)
        if len(section) < 2 or f"`{path.name}`" not in section[1].split("\n  - `", 1)[0]:
            missing.append(f"{folder}/{path.name}")
    assert not missing, f"README's Layout does not list {', '.join(missing)}"
