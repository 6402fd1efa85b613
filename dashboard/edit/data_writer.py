"""Write new places into places.yaml and new sources into sources.yaml, keeping the rest of the
file byte for byte: its comments, order, quoting and layout.

    >>> import pathlib, shutil, tempfile
    >>> places = pathlib.Path(tempfile.mkdtemp()) / "places.yaml"
    >>> _ = shutil.copy("data/places.yaml", places)
    >>> accept_place(places, {"id": "seoul", "kind": "city", "names": {"en": "Seoul", "zh": "首尔"},
    ...                       "lat": 37.566, "lon": 126.9784, "precision_m": 15000,
    ...                       "coord_source": "GeoNames 1835848"})
    >>> from dashboard.places.gazetteer import load_gazetteer
    >>> gazetteer, problems = load_gazetteer(places)
    >>> gazetteer.place("seoul").names, problems
    ({'en': 'Seoul', 'zh': '首尔'}, [])
    >>> accept_place(places, {"id": "seoul-2", "kind": "city", "names": {"en": "SEOUL"},
    ...                       "lat": 37.5, "lon": 127.0, "precision_m": 1000, "coord_source": "x"})
    Traceback (most recent call last):
    ...
    dashboard.edit.data_writer.GazetteerWriteError: the name 'SEOUL' is already a name of place 'seoul' — if it is the same place, it is in places.yaml already; otherwise give this one a more specific name, or write it by hand with a rule (not_before / not_after) that tells them apart

How: the file is read with ruamel.yaml's round-trip loader, which knows the line and column
of every entry. The new entry is rendered by ruamel.yaml in the file's own style (the list's
indentation, names as a flow mapping, quotes where PyYAML — which the app reads with — would
take a text for something else, such as ``NO`` or ``2023-09-01``) and spliced in after the
last entry of the list, before the comments that open the next section. (Dumping the whole
document would not do: ruamel.yaml attaches the comments that follow a list to its last entry,
so "# Routes: …" would end up above the new place.) The result is checked before it replaces
the file: ruamel.yaml reads back the old document plus the new entry, and the project's own
loader (`load_gazetteer` / `load_sources`) reports no problem that the file did not have.

The write is atomic: a temporary file in the same folder, flushed to disk, given the old
file's permission bits and renamed over it (`os.replace`); a stop signal removes it. A file
changed by someone else while this ran is read again (three tries).

Every refusal is a `GazetteerWriteError` whose message says what is wrong and how to fix it.
"""
from __future__ import annotations

import io
import math
import os
import re
import secrets
import stat
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from dashboard.base.atomic import removed_on_signals
from dashboard.base.errors import DataProblem, NewsMapError
from dashboard.base.languages import LANGUAGES
from dashboard.base.words import slug  # the same ids as geocoded places (places.geocoding)
from dashboard.places.gazetteer import Place, load_gazetteer
from dashboard.text.sources import load_sources

__all__ = ("GazetteerWriteError", "accept_place", "add_source", "place_entry", "SOURCE_KINDS")

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PLACE_KEYS = ("id", "kind", "names", "aliases", "rules", "lat", "lon", "precision_m", "coord_source", "parent")
SOURCE_KINDS = ("outlet", "agency", "official", "government", "expert", "organisation", "company", "person", "generic")
_TRIES = 3


class GazetteerWriteError(NewsMapError):
    """The entry was not written; str() is `what is wrong — how to fix it`."""


# ---------------------------------------------------------------------------------------------
# Public


def accept_place(places_yaml: str | Path, place: dict) -> None:
    """Appends `place` (a places.yaml entry as a dict) to the ``places:`` list of the file.

    Refuses (GazetteerWriteError) an invalid entry, an id already in the file, and a name or
    alias (any case) that another place already has."""
    entry = _place_entry(place)
    _append(Path(places_yaml), "places", entry, _check_place, _place_problems)


def add_source(sources_yaml: str | Path, id: str, name: str, kind: str = "outlet",  # noqa: A002 -- the field's name
               country: str | None = None, names: dict | None = None, affiliation: str | None = None) -> None:
    """Appends a source to the ``sources:`` list of sources.yaml.

    `names`: how it is written per language, each a text or a list of texts
    (``{"zh": ["新华社"], "en": "Xinhua"}``). Refuses an invalid entry, an id already in the
    file, and a name that another source already has."""
    entry = _source_entry(id, name, kind, country, names, affiliation)
    _append(Path(sources_yaml), "sources", entry, _check_source, _source_problems)


def place_entry(place: Place, place_id: str | None = None) -> dict:
    """A places.yaml entry for a `Place` — typically a suggested world place (`world.SuggestedPlace`,
    id ``gn:…``), whose id becomes `place_id` or one made from its English name.

    >>> from dashboard.places.world import suggested_place, world
    >>> entry = place_entry(suggested_place(world().get("gn:1835848")))
    >>> entry["id"], entry["names"]["zh"], entry["coord_source"], entry["precision_m"]
    ('seoul', '首尔', 'GeoNames 1835848', 30000)
    """
    new_id = place_id or slug(place.name) or place.id.replace(":", "-")
    source = place.coord_source
    geonames = re.fullmatch(r"gn:(\d+)", place.id)
    if geonames and f"GeoNames {geonames.group(1)}" not in source:
        source = f"{source} (GeoNames {geonames.group(1)})"  # a country's centre comes from elsewhere
    entry = {"id": new_id, "kind": place.kind, "names": dict(place.names)}
    aliases = {lang: list(forms) for lang, forms in (place.aliases or {}).items() if forms}
    if aliases:
        entry["aliases"] = aliases
    entry.update(lat=place.lat, lon=place.lon, precision_m=place.precision_m, coord_source=source)
    if place.parent:
        entry["parent"] = place.parent
    return entry


# ---------------------------------------------------------------------------------------------
# Entries: checked and put in the file's order


def _fail(problem: str, fix: str):
    raise GazetteerWriteError(f"{problem} — {fix}")


def _number(value) -> int | float:
    """A plain int or float (an integral float as int: 15000, not 15000.0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError
    if not math.isfinite(value):
        raise ValueError
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else float(value)


def _text(value, what: str, example: str) -> str:
    if not isinstance(value, str) or not value.strip():
        _fail(f"{what} is missing or not text", f"give it as text, e.g. {example}")
    return value.strip()


def _languages(value, what: str, lists: bool) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        _fail(f"{what} must map languages to names", "write e.g. {'en': 'Seoul', 'zh': '首尔'}")
    out = {}
    for lang, forms in value.items():
        if lang not in LANGUAGES:
            _fail(f"unknown language {lang!r} in {what}", f"use one of {', '.join(LANGUAGES)}")
        if lists:
            forms = [forms] if isinstance(forms, str) else forms
            if not isinstance(forms, (list, tuple)) or not all(isinstance(f, str) for f in forms):
                _fail(f"{what} '{lang}' must be a text or a list of texts", f"write e.g. {lang}: [一, 二]")
            forms = list(dict.fromkeys(f.strip() for f in forms if f.strip()))
            if forms:
                out[lang] = forms
        else:
            out[lang] = _text(forms, f"the {lang} name", f"{lang}: …")
    return out


def _place_entry(place: dict) -> dict:
    if not isinstance(place, dict):
        _fail("a place must be a mapping", "give id, kind, names, lat, lon, precision_m and coord_source")
    unknown = [k for k in place if k not in PLACE_KEYS]
    if unknown:
        _fail(f"unknown place field(s) {', '.join(map(repr, unknown))}", f"use only {', '.join(PLACE_KEYS)}")
    place_id = _text(place.get("id"), "the place id", "id: seoul")
    if not _ID.match(place_id):
        _fail(f"place id {place_id!r} is invalid", "use lowercase letters, digits and hyphens, e.g. seoul")
    names = _languages(place.get("names"), "names", lists=False)
    if "en" not in names:
        _fail(f"place '{place_id}' has no English name", "add names: {en: …}")
    entry = {"id": place_id, "kind": _text(place.get("kind"), "the kind", "kind: city"), "names": names}
    aliases = _languages(place.get("aliases"), "aliases", lists=True)
    if aliases:
        entry["aliases"] = aliases
    if place.get("rules"):
        rules = place["rules"]
        if not isinstance(rules, dict) or set(rules) - {"not_before", "not_after"}:
            _fail("rules must be {not_before: [text], not_after: [text]}", "write the rules that way or leave them out")
        entry["rules"] = {k: list(v) for k, v in rules.items() if v}
    for key, low, high in (("lat", -90, 90), ("lon", -180, 180), ("precision_m", 0, 20_000_000)):
        try:
            value = _number(place.get(key))
        except (TypeError, ValueError):
            _fail(f"{key} of '{place_id}' is missing or not a number", f"give {key} as a decimal number")
        if not low <= value <= high:
            _fail(f"{key} {value} of '{place_id}' is out of range", f"{key} must be between {low} and {high}")
        entry[key] = value
    entry["coord_source"] = _text(place.get("coord_source"), "coord_source",
                                  "coord_source: GeoNames 1835848 (say where lat/lon came from)")
    if place.get("parent"):
        entry["parent"] = _text(place["parent"], "parent", "parent: vladivostok")
    return entry


def _source_entry(source_id, name, kind, country, names, affiliation) -> dict:
    source_id = _text(source_id, "the source id", "xinhua")
    if not _ID.match(source_id):
        _fail(f"source id {source_id!r} is invalid", "use lowercase letters, digits and hyphens, e.g. xinhua")
    entry = {"id": source_id, "name": _text(name, "the source's name", "--name Xinhua")}
    kind = (kind or "outlet").strip()
    if kind not in SOURCE_KINDS:
        _fail(f"unknown source kind {kind!r}", f"use one of {', '.join(SOURCE_KINDS)}")
    entry["kind"] = kind
    if country:
        code = country.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            _fail(f"country {country!r} is not a two-letter code", "give its ISO 3166-1 alpha-2 code, e.g. CN, RU, US")
        entry["country"] = code
    forms = _languages(names, "names", lists=True)
    if forms:
        entry["names"] = forms
    if affiliation:
        entry["affiliation"] = _text(affiliation, "affiliation", "--affiliation kremlin")
    return entry


def _surfaces_of_place(item) -> list[str]:
    found = []
    for key in ("names", "aliases"):
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, dict):
            continue
        for forms in value.values():
            for form in [forms] if isinstance(forms, str) else forms if isinstance(forms, list) else ():
                if isinstance(form, str) and form.strip():
                    found.append(form.strip())
    return found


def _check_place(doc, items, entry) -> None:
    owners = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("id") == entry["id"]:
            _fail(f"places.yaml already has a place with id '{entry['id']}'",
                  "choose another id (on the command line: --id NEW_ID)")
        for surface in _surfaces_of_place(item):
            owners.setdefault(surface.casefold(), item.get("id"))
    for surface in _surfaces_of_place(entry):
        owner = owners.get(surface.casefold())
        if owner is not None:
            _fail(f"the name '{surface}' is already a name of place '{owner}'",
                  "if it is the same place, it is in places.yaml already; otherwise give this one a more "
                  "specific name, or write it by hand with a rule (not_before / not_after) that tells them apart")


def _check_source(doc, items, entry) -> None:
    ids = {item.get("id") for item in items if isinstance(item, dict)}
    if entry["id"] in ids:
        _fail(f"sources.yaml already has a source with id '{entry['id']}'", "choose another id")
    if entry.get("affiliation") and entry["affiliation"] not in ids:
        _fail(f"affiliation '{entry['affiliation']}' names no source", "give the id of a source in sources.yaml")
    owners = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        for surface in _source_surfaces(item):
            owners.setdefault(surface.casefold(), item.get("id"))
    for surface in _source_surfaces(entry):
        if surface.casefold() in owners:
            _fail(f"the name '{surface}' already belongs to source '{owners[surface.casefold()]}'",
                  "if it is the same source, it is registered already; otherwise write the name more specifically")


def _source_surfaces(item) -> list[str]:
    found = [item["name"].strip()] if isinstance(item.get("name"), str) and item["name"].strip() else []
    names = item.get("names")
    if isinstance(names, dict):
        for forms in names.values():
            for form in [forms] if isinstance(forms, str) else forms if isinstance(forms, list) else ():
                if isinstance(form, str) and form.strip():
                    found.append(form.strip())
    return found


def _place_problems(path: str) -> list[DataProblem]:
    return load_gazetteer(path)[1]


def _source_problems(path: str) -> list[DataProblem]:
    return load_sources(path)[1]


# ---------------------------------------------------------------------------------------------
# Rendering and splicing


def _yaml() -> YAML:
    y = YAML()  # round trip
    y.preserve_quotes = True
    y.width = 1_000_000  # never fold a long line
    return y


def _plain_is_text(value: str) -> bool:
    """Whether PyYAML (the app's loader, YAML 1.1) reads `value` written plain as that text."""
    try:
        return yaml.safe_load(value) == value
    except yaml.YAMLError:
        return False


def _styled(value, depth: int = 0):
    """`value` as ruamel.yaml nodes: the entry's own keys in block style, what is inside them
    (names, aliases, rules) in flow style as the files write them, texts quoted where needed."""
    if isinstance(value, dict):
        node = CommentedMap((k, _styled(v, depth + 1)) for k, v in value.items())
        if depth >= 1:
            node.fa.set_flow_style()
        return node
    if isinstance(value, (list, tuple)):
        node = CommentedSeq(_styled(v, depth + 1) for v in value)
        node.fa.set_flow_style()
        return node
    if isinstance(value, str) and not _plain_is_text(value):
        return SingleQuotedScalarString(value)
    return value


def _render(entry: dict, dash_col: int, content_col: int, newline: str) -> str:
    y = _yaml()
    step = max(content_col - dash_col, 2)
    y.indent(mapping=2, sequence=step, offset=0)
    out = io.StringIO()
    y.dump(CommentedSeq([_styled(entry)]), out)
    lines = out.getvalue().splitlines()
    return "".join(" " * dash_col + line + newline for line in lines)


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _splice(text: str, doc, key: str, items, entry: dict) -> str:
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    last = len(items) - 1
    start_line, content_col = items.lc.item(last)
    line = lines[start_line]
    dash_col = line.rfind("-", 0, content_col)
    if dash_col < 0 or line[:dash_col].strip():
        _fail(f"cannot find where the last entry of '{key}:' starts", "write the list one '- id: …' entry a line")
    key_line = doc.lc.key(key)[0]
    following = [doc.lc.key(k)[0] for k in doc if doc.lc.key(k)[0] > key_line]
    boundary = min(following) if following else len(lines)
    end = boundary
    while end - 1 > start_line and _is_filler(lines[end - 1]):
        end -= 1
    before = start_line - 1
    while before > key_line and lines[before].strip().startswith("#"):
        before -= 1
    gap = newline if before > key_line and not lines[before].strip() else ""
    head = "".join(lines[:end])
    if head and not head.endswith(("\n", "\r")):
        head += newline
    return head + gap + _render(entry, dash_col, content_col, newline) + "".join(lines[end:])


def _plain(node):
    """ruamel.yaml's nodes as plain dicts, lists and scalars (for comparisons)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, (int, float)):
        return _number(node) if isinstance(node, float) else int(node)
    return node


def _load(y: YAML, text: str, path: Path):
    try:
        return y.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        _fail(f"{path}{line}: the file is not valid YAML ({error.problem or error.context})",
              f"fix it first (python -m dashboard check --{path.stem} {path})")
    except Exception as error:  # noqa: BLE001 -- ruamel.yaml raises several kinds; none may become a traceback
        _fail(f"{path}: the file cannot be read as YAML ({error})", "fix it first (python -m dashboard check)")


def _append(path: Path, key: str, entry: dict, check, problems_of) -> None:
    for _ in range(_TRIES):
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            _fail(f"{path} does not exist", f"give the {key} file (e.g. data/{key}.yaml)")
        except OSError as error:
            _fail(f"cannot read {path} ({error.strerror or error})", "check the path and its permissions")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            _fail(f"{path} is not UTF-8", "save it as UTF-8 first")
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = text[len(bom):]
        y = _yaml()
        doc = _load(y, text, path)
        items = doc.get(key) if isinstance(doc, dict) else None
        if not isinstance(items, CommentedSeq) or not items:
            _fail(f"{path} has no '{key}:' list with entries in it",
                  f"start the file with '{key}:' and at least one entry, written one '- id: …' a line")
        if items.fa.flow_style():
            _fail(f"the '{key}:' list of {path} is written in flow style ([…])",
                  "write it as a block list, one '- id: …' entry a line")
        check(doc, items, entry)
        new_text = _splice(text, doc, key, items, entry)
        _verify(y, doc, new_text, key, entry, path)
        before = {p.problem for p in problems_of(str(path))}
        if _replace(path, raw, (bom + new_text).encode("utf-8"), lambda tmp: _new_problems(tmp, before, problems_of)):
            return
    _fail(f"{path} kept changing while the entry was being written", "try again when nobody else is editing it")


def _verify(y: YAML, doc, new_text: str, key: str, entry: dict, path: Path) -> None:
    """The spliced text must read as the old document plus the entry at the end of the list."""
    new_doc = _load(y, new_text, path)
    expected = _plain(doc)
    expected[key].append(_plain(_styled(entry)))
    if _plain(new_doc) != expected:
        _fail(f"cannot add the entry to {path} without changing the rest of the file (an unusual layout "
              f"after the last entry of '{key}:')", "add it by hand")


def _new_problems(tmp: Path, before: set, problems_of) -> None:
    new = [p for p in problems_of(str(tmp)) if p.problem not in before]
    if new:
        first = new[0]
        _fail(f"the new entry would make the file invalid: {first.problem}", first.fix)


def _replace(path: Path, expected: bytes, content: bytes, validate) -> bool:
    """Writes `content` over `path` atomically when the file still holds `expected` (else False).

    `validate(tmp)` runs on the finished temporary file before the rename and may raise."""
    keep_mode = stat.S_IMODE(path.stat().st_mode)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        _fail(f"cannot write in {path.parent} ({error.strerror or error})",
              "make the folder writable (the file is replaced by a new one written beside it)")
    try:
        with removed_on_signals(tmp):
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())  # the rename must not overtake the data on a crash
            os.chmod(tmp, keep_mode)
            validate(tmp)
            if path.read_bytes() != expected:  # someone else wrote it meanwhile: start again from theirs
                return False
            os.replace(tmp, path)
            return True
    except OSError as error:
        _fail(f"cannot write {path} ({error.strerror or error})", "free some disk space or check the permissions")
    finally:
        tmp.unlink(missing_ok=True)
    return False
