"""The types of every field of every data file, as pydantic models, and their problems as `DataProblem`s.

A loader validates each entry (a place, a leg, a source, an article's front matter) on its
own; an entry with a value of the wrong type becomes one `DataProblem` per bad field, at the
line of that field, and is skipped, so the rest of the file still loads:

    >>> from dashboard.base.yamlio import load_yaml_text
    >>> raw, _ = load_yaml_text("from: [pyongyang]\\nto: vladivostok\\nmode: rail\\nstatus: rumoured\\n", "places.yaml")
    >>> problems = []
    >>> validate(LegEntry, raw, "places.yaml", "leg 1 of route 'r'", problems) is None
    True
    >>> print(problems[0])
    places.yaml:1: leg 1 of route 'r': 'from' is a list, should be text — write one place id, e.g. from: pyongyang

Models are strict: text is never turned into a number or a number into text, so a value is
either what the data format says or reported.  Keys the format does not name are allowed
(front matter carries notes such as `seed:`), except in the small closed mappings (`rules`,
`claim`, a date grammar's `month_parts` and `year_parts`), where an unknown key is a typo.
What is checked here is the *shape*; ranges, id syntax, languages and references stay with
the loaders, which know the context.
"""
from __future__ import annotations

import datetime as dt
import typing
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from dashboard.base.errors import DataProblem, ProblemKind


def _one_or_many(value):
    """`aliases: {en: Vladivostock}` means a list of one."""
    return [value] if isinstance(value, str) else value


def _iso_day(value):
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a date written YYYY-MM-DD") from None
    return value


OneOrMany = Annotated[list[str], BeforeValidator(_one_or_many)]
IsoDay = Annotated[str, BeforeValidator(_iso_day)]


class _Entry(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", populate_by_name=True)
    shape: ClassVar[str] = "write it as a mapping of 'key: value' lines"  # the fix when the entry is not a mapping


class _Closed(_Entry):
    model_config = ConfigDict(strict=True, extra="forbid")


# places.yaml ---------------------------------------------------------------------------------

class RulesEntry(_Closed):
    not_before: OneOrMany | None = Field(None, description='write a list of text, e.g. not_before: [" Port"]')
    not_after: OneOrMany | None = Field(None, description="write a list of text, e.g. not_after: [老]")


class PlaceEntry(_Entry):
    id: str = Field(description="write 'id: …' in lowercase letters, digits and hyphens")
    kind: str = Field(description="write one kind as text: city, port, berth, …")
    names: dict[str, str] = Field(description="write one name per language, e.g. names: {en: Moscow, zh: 莫斯科}")
    aliases: dict[str, OneOrMany] | None = Field(
        None, description="write other names per language, e.g. aliases: {zh: [海参崴]}")
    lat: float = Field(description="write lat as a decimal number of degrees, e.g. lat: 43.1333")
    lon: float = Field(description="write lon as a decimal number of degrees, e.g. lon: 131.9")
    precision_m: float = Field(description="write precision_m as a number of metres, e.g. precision_m: 1000")
    coord_source: str = Field(description="say in text where lat/lon came from (e.g. Wikipedia, GeoNames id)")
    parent: str | None = Field(None, description="write one place id, e.g. parent: vladivostok")
    rules: RulesEntry | None = Field(None, description="write rules: {not_before: [text], not_after: [text]}")


class ClaimEntry(_Closed):
    article: str = Field(description="write claim: {article: FILE, contains: TEXT OF THE PASSAGE}")
    contains: str = Field(description="write claim: {article: FILE, contains: TEXT OF THE PASSAGE}")


class LegEntry(_Entry):
    start: str = Field(alias="from", description="write one place id, e.g. from: pyongyang")
    end: str = Field(alias="to", description="write one place id, e.g. to: vladivostok")
    via: list[str] | None = Field(None, description="write a list of place ids, e.g. via: [khasan, ussuriysk]")
    mode: str = Field(description="write one mode: rail, air, road, sea or unspecified")
    status: str = Field(description="write one status: rumoured, possible, reported or confirmed")
    claim: ClaimEntry | None = Field(None, description="write claim: {article: FILE, contains: TEXT OF THE PASSAGE}")
    dates: list[IsoDay] | None = Field(None, description="write the first and last day, e.g. dates: [2023-09-10, 2023-09-12]")


class RouteEntry(_Entry):
    id: str = Field(description="write 'id: …' in lowercase letters, digits and hyphens")
    name: str | None = Field(None, description="write the route's English name as text")
    names: dict[str, str] | None = Field(None, description="write one name per language, e.g. names: {zh: 行程}")
    sources: list[str] | None = Field(None, description="write a list of sources as text, one per line")
    kind: str | None = Field(None, description="write kind: claim or kind: record")
    legs: list[Any] = Field(description="add 'legs:' with one from/to/mode/status entry per leg")


class StationEntry(_Entry):
    place: str | None = Field(None, description="write one place id, e.g. {place: khasan}")
    name: str | None = Field(None, description="write the station's name as text")
    lat: float | None = Field(None, description="write lat as a decimal number of degrees")
    lon: float | None = Field(None, description="write lon as a decimal number of degrees")
    source: str | None = Field(None, description="say in text where the coordinates come from")


class RailwayEntry(_Entry):
    id: str = Field(description="write 'id: …' in lowercase letters, digits and hyphens")
    name: str | None = Field(None, description="write the line's name as text")
    source: str | None = Field(None, description="say in text where the line comes from")
    stations: list[StationEntry] = Field(description="list the stations in order: {place: ID} or {name, lat, lon, source}")


# sources.yaml --------------------------------------------------------------------------------

class SourceEntry(_Entry):
    id: str = Field(description="write 'id: …' in lowercase letters, digits and hyphens")
    name: str = Field(description="write its canonical English name as text: 'name: …'")
    kind: str | None = Field(None, description="write one kind as text: outlet, agency, official, …")
    country: str | None = Field(None, description="write an ISO 3166-1 alpha-2 code, e.g. country: RU")
    names: dict[str, OneOrMany] | None = Field(
        None, description="write the forms per language, e.g. names: {zh: [塔斯社], en: [TASS]}")
    affiliation: str | None = Field(None, description="write one source id, e.g. affiliation: kremlin")


_WORDS = "write a list of words or phrases, e.g. speech_verbs: [称, 表示]"


class GrammarEntry(_Entry):
    """One language's attribution word lists (unknown list names are reported by the loader)."""

    shape: ClassVar[str] = "write the language's word lists, e.g. zh: {speech_verbs: [称], according_to: [据]}"

    speech_verbs: list[str] | None = Field(None, description=_WORDS)
    according_to: list[str] | None = Field(None, description=_WORDS)
    cite_markers: list[str] | None = Field(None, description=_WORDS)
    inherit_markers: list[str] | None = Field(None, description=_WORDS)
    inherit_openers: list[str] | None = Field(None, description=_WORDS)
    local_time: list[str] | None = Field(None, description=_WORDS)
    speaker_prefixes: list[str] | None = Field(None, description=_WORDS)
    verb_date_links: list[str] | None = Field(None, description=_WORDS)


_DATE_WORDS = "write a list of words, e.g. range_marks: [至, 到]"
_OFFSETS = "write each phrase with a whole number, e.g. relative_days: {昨天: -1, 今天: 0}"
_NUMBERS = "write each word with its number, e.g. months: {January: 1}"


class MonthParts(_Closed):
    early: list[str] | None = Field(None, description="write a list of words, e.g. early: [上旬, 初]")
    mid: list[str] | None = Field(None, description="write a list of words, e.g. mid: [中旬, 中]")
    late: list[str] | None = Field(None, description="write a list of words, e.g. late: [下旬, 底, 末]")


class YearParts(MonthParts):
    first_half: list[str] | None = Field(None, description="write a list of words, e.g. first_half: [上半年]")
    second_half: list[str] | None = Field(None, description="write a list of words, e.g. second_half: [下半年]")


class _DateWords(_Entry):
    """What both date grammars read: unknown list names are reported by the loader."""

    range_marks: list[str] | None = Field(None, description=_DATE_WORDS)
    relative_days: dict[str, int] | None = Field(None, description=_OFFSETS)
    relative_weeks: dict[str, int] | None = Field(None, description=_OFFSETS)
    relative_months: dict[str, int] | None = Field(None, description=_OFFSETS)
    relative_years: dict[str, int] | None = Field(None, description=_OFFSETS)
    from_last_day: dict[str, int] | None = Field(None, description="write each phrase with a whole number of days, "
                                                                   "e.g. from_last_day: {当天: 0, 次日: 1}")
    month_parts: MonthParts | None = Field(None, description="write month_parts: {early: [..], mid: [..], late: [..]}")
    year_parts: YearParts | None = Field(
        None, description="write year_parts: {early: [..], mid: [..], late: [..], first_half: [..], second_half: [..]}")


class ZhDateWords(_DateWords):
    """The Chinese date words (dashboard/text/dates.py)."""

    shape: ClassVar[str] = "write the Chinese date word lists, e.g. zh: {range_marks: [至, 到]}"

    numerals: dict[str, int] | None = Field(None, description="write each numeral with its value, e.g. numerals: {一: 1}")
    ten: str | None = Field(None, description="write the one character for ten, e.g. ten: 十")
    as_of: list[str] | None = Field(None, description=_DATE_WORDS)
    time_of_day: list[str] | None = Field(None, description=_DATE_WORDS)
    years_before_a_month: dict[str, int] | None = Field(None, description=_OFFSETS)


class EnDateWords(_DateWords):
    """The English date words (dashboard/text/dates.py)."""

    shape: ClassVar[str] = "write the English date word lists, e.g. en: {range_marks: [to]}"

    months: dict[str, int] | None = Field(None, description=_NUMBERS)
    month_abbreviations: dict[str, int] | None = Field(None, description=_NUMBERS)
    months_not_alone: list[str] | None = Field(None, description="write a list of month words, e.g. [May]")
    range_openers: dict[str, str] | None = Field(
        None, description="write each word that opens a range with the word that then joins its days, "
                          "e.g. range_openers: {between: and}")
    weekdays: dict[str, int] | None = Field(None, description="write each day with its ISO number, e.g. {Monday: 1}")


# articles ------------------------------------------------------------------------------------

class FrontMatter(_Entry):
    title: str = Field(description="write the title as text (quote it if it starts with [ or {)")
    outlet: str = Field(description="write the outlet's name as text, e.g. outlet: Global Times")
    published: str = Field(description="write published as YYYY-MM-DD, e.g. 2023-09-06")
    language: str = Field(description="write one language code: en, zh, ru, ko or ja")
    url: str | None = Field(None, description="write one http(s) address as text")
    authors: OneOrMany | None = Field(None, description="write the authors as a list of names, e.g. authors: [A, B]")


# problems ------------------------------------------------------------------------------------

_EXPECTED = {
    "string_type": "text", "list_type": "a list", "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)", "model_attributes_type": "a mapping (key: value)",
    "float_type": "a number", "int_type": "a whole number", "bool_type": "true or false",
}


def validate(model: type[BaseModel], raw, path: str, subject: str, problems: list, line: int | None = None):
    """`model` built from `raw`, or None after adding one problem per bad field to `problems`.

    `subject` names the entry in the messages ("place 'moscow'"); `line` is where the entry
    starts when `raw` is not a mapping that knows it."""
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        seen = set()
        for detail in error.errors():
            loc = tuple(part for part in detail["loc"] if part != "[key]")
            if loc in seen:
                continue
            seen.add(loc)
            problems.append(_problem(detail, model, raw, path, subject, line))
        return None


def _problem(detail: dict, model, raw, path, subject, entry_line) -> DataProblem:
    loc = detail["loc"]
    field_name = ".".join(str(p) for p in loc if p != "[key]") or "value"
    line = _line_of(raw, loc, entry_line)
    hint = _hint(model, loc) if loc else getattr(model, "shape", None)
    kind, value = detail["type"], detail.get("input")
    if kind == "missing" or (value is None and kind in _EXPECTED):
        parent = _line_of(raw, loc[:-1], entry_line)
        return DataProblem(path, parent, f"{subject} has no '{field_name}'", hint or f"add '{field_name}: …'",
                           kind=ProblemKind.MISSING)
    if kind == "extra_forbidden":
        allowed = ", ".join(_field_names(_model_at(model, loc[:-1])))
        return DataProblem(path, line, f"{subject}: unknown field '{field_name}'",
                           f"remove it or fix its spelling (the fields are {allowed})", kind=ProblemKind.TYPE)
    if kind == "value_error":
        what = detail["msg"].removeprefix("Value error, ")
        return DataProblem(path, line, f"{subject}: '{field_name}' {what}", hint or "fix the value",
                           kind=ProblemKind.RANGE)
    expected = _EXPECTED.get(kind, detail["msg"].lower())
    what = f"{subject}: '{field_name}'" if loc else subject  # an empty loc: the entry itself is of the wrong type
    return DataProblem(path, line, f"{what} is {describe(value)}, should be {expected}",
                       hint or f"write '{field_name}' as {expected}", kind=ProblemKind.TYPE)


def describe(value) -> str:
    """A short, safe description of a wrong value: its type, and the value when it is small."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}" + ("…" if len(value) > 40 else "")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _line_of(raw, loc, default):
    """The line of the deepest part of `loc` that exists in `raw` (a LineMap/LineList)."""
    line = getattr(raw, "line", None) or default
    current = raw
    for part in loc:
        if isinstance(current, dict) and part in current or (
                isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)):
            line = current.line_of(part) if hasattr(current, "line_of") else line
            current = current[part]
        else:
            break
    return line


def _model_at(model, loc):
    """The nested model that `loc` (field names, keys, indexes) lands in."""
    for part in loc:
        field = _fields_by_key(model).get(part)
        if field is not None:
            model = _inner_model(field.annotation) or model
    return model


def _hint(model, loc) -> str | None:
    hint = None
    for part in loc:
        field = _fields_by_key(model).get(part)
        if field is None:
            continue
        hint = field.description or hint
        model = _inner_model(field.annotation) or model
    return hint


def _fields_by_key(model) -> dict:
    return {(f.alias or name): f for name, f in model.model_fields.items()}


def _field_names(model) -> list[str]:
    return list(_fields_by_key(model))


def _inner_model(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None

