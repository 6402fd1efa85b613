"""Read YAML and text files so that every value remembers its line.

    >>> data, problems = load_yaml_text("a: 1\\nb: [x, y]\\n", "demo.yaml")
    >>> data.line_of("b"), data["b"].line_of(1)
    (2, 2)

Mappings come back as `LineMap` (a dict) and sequences as `LineList` (a list); both know
the line where they start and the line of each key or item.  Problems (bad UTF-8, YAML
syntax) come back as `DataProblem`s instead of exceptions.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from dashboard.base.errors import DataProblem, ProblemKind


class LineMap(dict):
    line: int = 0
    key_lines: dict
    duplicates: list  # (key, line) of keys given twice; the last value wins

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        try:
            return self.item_lines[index]
        except IndexError:
            return self.line


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records 1-based line numbers on mappings and sequences.

    Dates stay text: PyYAML would raise a bare ValueError, with no line, on 2023-09-31;
    the callers parse them and report the line themselves.
    """


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = LineMap()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            key = str(key)
        if key in mapping:
            mapping.duplicates.append((key, key_node.start_mark.line + 1))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader, node):
    seq = LineList(loader.construct_object(child, deep=True) for child in node.value)
    seq.line = node.start_mark.line + 1
    seq.item_lines = [child.start_mark.line + 1 for child in node.value]
    return seq


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

if getattr(yaml, "__with_libyaml__", False):
    class _FastLineLoader(yaml.CSafeLoader):
        """The same loader on libyaml's parser (PyYAML's wheels carry it): a places.yaml of
        100,000 names took 25-38 s with the pure-Python parser (benchmarks/engine.py).  A file
        it refuses is parsed again by `_LineLoader`, whose messages say more ("expected ',' or
        '}', but got '['" where libyaml says "did not find expected ',' or '}'")."""

    _FastLineLoader.yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers
    _FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
else:  # pragma: no cover -- a PyYAML built without libyaml
    _FastLineLoader = _LineLoader


def read_text(path: str | Path) -> tuple[str | None, list[DataProblem]]:
    """The file's text, or a problem saying where its bytes stop being UTF-8."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [DataProblem(str(path), None, "file not found", "check the path or create the file",
                                  kind=ProblemKind.FILE)]
    except OSError as exc:
        return None, [DataProblem(str(path), None, f"cannot read file ({exc.strerror})", "check its permissions",
                                  kind=ProblemKind.FILE)]
    return decode_text(path, raw)


def decode_text(path: str | Path, raw: bytes) -> tuple[str | None, list[DataProblem]]:
    """A file's bytes as text, or a problem saying where they stop being UTF-8."""
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [DataProblem(str(Path(path)), line, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                                  "save the file as UTF-8", kind=ProblemKind.ENCODING)]


def load_yaml_text(text: str, path: str, first_line: int = 1):
    """Parse YAML text; `first_line` shifts line numbers (for front matter inside a file)."""
    try:
        try:
            data = yaml.load(text, Loader=_FastLineLoader)  # noqa: S506 - SafeLoader subclass
        except yaml.YAMLError:
            data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - the same, for its error message
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        what = exc.problem or exc.context or "YAML syntax error"
        return None, [DataProblem(path, line, f"YAML syntax error: {what}",
                                  "fix the indentation, quoting or brackets on this line", kind=ProblemKind.SYNTAX)]
    except yaml.YAMLError as exc:
        return None, [DataProblem(path, first_line, f"YAML error: {exc}", "fix the YAML syntax",
                                  kind=ProblemKind.SYNTAX)]
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data, []


def load_yaml_file(path: str | Path):
    text, problems = read_text(path)
    if text is None:
        return None, problems
    data, problems = load_yaml_text(text, str(path))
    if data is None and not problems:  # blank or only comments: a data file that holds nothing
        problems = [DataProblem(str(path), None, "the file is empty (it holds no YAML data)",
                                "add the data, or point to the right file", kind=ProblemKind.EMPTY)]
    return data, problems


def id_entries(data: LineMap, key: str, noun: str, path: str, problems: list):
    """Each `- id: …` entry of the list under `key` as (id, entry, line), in order.

    A `key` that is not a list, an entry without an id and an id given twice are reported
    (naming the line) and skipped, so the caller reads only well-formed, distinct entries.

    >>> data, _ = load_yaml_text("routes:\\n- id: a\\n- name: b\\n- id: a\\n", "demo.yaml")
    >>> problems = []
    >>> [(i, line) for i, _, line in id_entries(data, "routes", "route", "demo.yaml", problems)]
    [('a', 2)]
    >>> [str(p) for p in problems]  # doctest: +NORMALIZE_WHITESPACE
    ["demo.yaml:3: a route has no id — add 'id: …' to the route",
     "demo.yaml:4: duplicate route id 'a' — give each route its own id"]
    """
    raw = data.get(key)
    if raw is None:  # the section is optional
        return
    if not isinstance(raw, LineList):
        problems.append(DataProblem(path, data.line_of(key), f"'{key}' must be a list", "write '- id: …' entries",
                                    kind=ProblemKind.TYPE))
        return
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(entry, LineMap) or not isinstance(entry.get("id"), str):
            problems.append(DataProblem(path, line, f"a {noun} has no id", f"add 'id: …' to the {noun}",
                                        kind=ProblemKind.MISSING))
            continue
        if entry["id"] in seen:
            problems.append(DataProblem(path, line, f"duplicate {noun} id '{entry['id']}'", f"give each {noun} its own id",
                                        kind=ProblemKind.DUPLICATE))
            continue
        seen.add(entry["id"])
        yield entry["id"], entry, line


def _shift_lines(value, offset: int) -> None:
    if isinstance(value, LineMap):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        value.duplicates = [(k, n + offset) for k, n in value.duplicates]
        for child in value.values():
            _shift_lines(child, offset)
    elif isinstance(value, LineList):
        value.line += offset
        value.item_lines = [n + offset for n in value.item_lines]
        for child in value:
            _shift_lines(child, offset)


def load_word_lists(path: str | Path) -> dict:
    """A bundled data file of word lists (data/speakers.yaml, data/stances.yaml): its data, or a
    ValueError that names the file, the line and the fix (a broken bundled file is a bug to fix,
    not a reader's input to skip)."""
    data, problems = load_yaml_file(path)
    if problems:
        raise ValueError(f"{problems[0].path}:{problems[0].line}: {problems[0].problem} — {problems[0].fix}")
    return data or {}
