"""Adding articles: uploaded files, pasted text and saved web pages become article files.

Everything here is plain Python (no Streamlit): the app's upload form and
``python -m dashboard add`` both call it.

    >>> draft = article_from_text("The train reached Khasan on Tuesday.\\n\\nIt went on to Vladivostok.",
    ...                           title="Train reaches Khasan", outlet="Harbour Wire",
    ...                           published="2023-09-12", language=None)
    >>> draft.language, draft.published.isoformat(), draft.problems()
    ('en', '2023-09-12', [])
    >>> print(draft.to_markdown())
    ---
    title: Train reaches Khasan
    outlet: Harbour Wire
    published: 2023-09-12
    language: en
    ---
    The train reached Khasan on Tuesday.
    <BLANKLINE>
    It went on to Vladivostok.
    >>> suggested_file_name(draft)
    '2023-09-12-harbour-wire-train-reaches-khasan.md'

A `Draft` is what an input says, not yet checked: `Draft.problems()` lists what is missing or
invalid (no title, a date that is not YYYY-MM-DD, an unknown language, a link that is not
http(s), no text, over the size cap), so that a form can show the draft and let the user fix
it.  An input that cannot be read at all (not UTF-8, broken front matter, an unsupported file
type, a page that cannot be fetched) raises `ImportProblem` instead.

`save_article` writes the draft as ``YYYY-MM-DD-<outlet>-<title>.md`` into the articles folder,
atomically, and never overwrites a file: the same content already there is "already added",
different content gets ``-2``, ``-3``…  The file loads with `articles.load_articles` to the same
title, outlet, date, language and body.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dashboard.base.errors import DataProblem, ImportProblem, ProblemKind
from dashboard.base.languages import LANGUAGES, unknown_language
from dashboard.base.words import slug
from dashboard.base.yamlio import LineList, LineMap, load_yaml_text
from dashboard.edit.fetching import fetch
from dashboard.text.articles import MAX_ARTICLE_BYTES, detect_language, is_web_link, parse_article, split_passages
from dashboard.text.dates import bundled_grammar, find_dates

UPLOAD_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
# a saved web page carries markup, scripts and styles around its text: it may be bigger than an article
MAX_UPLOAD_BYTES = 4 * MAX_ARTICLE_BYTES
TITLE_LINE_CHARS = 200  # a Markdown file's first line is taken for its title up to this long
DATELINE_LINES = 5  # a date on a line of its own among a file's first lines is its publication date
PASTED = "pasted text"  # the source_name of a draft made from pasted text
_FIELDS = ("title", "outlet", "published", "language", "url", "authors")
_FRONT_END = re.compile(r"^---[ \t]*$", re.M)


@dataclass(frozen=True)
class Draft:
    """An article before it is saved: what the input says, possibly incomplete."""

    title: str = ""
    outlet: str = ""
    published: dt.date | None = None
    language: str = ""
    url: str | None = None
    authors: tuple = ()
    body: str = ""
    source_name: str = PASTED  # where it came from (file name or address), for messages
    invalid_date: str = ""  # the publication date as written, when it is not YYYY-MM-DD
    extra: dict = field(default_factory=dict, hash=False)  # other front-matter keys of an uploaded .md, kept

    def edited(self, **changes) -> Draft:
        """A copy with some fields changed, given as a form gives them (dates and authors as text too).

        >>> draft = Draft(title="T", outlet="O", language="en", body="Text.").edited(published="2023-09-31")
        >>> [str(p) for p in draft.problems()]
        ["pasted text: invalid date '2023-09-31' — write the publication date as YYYY-MM-DD, e.g. 2023-09-06 (command line: --published)"]
        >>> Draft(title="T").edited(published="2023-09-30", authors="A; B").authors
        ('A', 'B')
        """
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise TypeError(f"Draft has no field {', '.join(sorted(unknown))}")
        if "published" in changes:
            changes["published"], changes["invalid_date"] = _read_date(changes["published"])
        if "title" in changes:
            changes["title"] = _one_line(changes["title"])
        if "outlet" in changes:
            changes["outlet"] = _one_line(changes["outlet"])
        if "language" in changes:
            changes["language"] = _one_line(changes["language"]).lower()
        if "url" in changes:
            changes["url"] = _one_line(changes["url"]) or None
        if "authors" in changes:
            changes["authors"] = _authors(changes["authors"])
        if "body" in changes:
            changes["body"] = _normalise_newlines(changes["body"] or "")
        return dataclasses.replace(self, **changes)

    def problems(self) -> list[DataProblem]:
        """What must be fixed before the draft can be saved (empty when it can be)."""
        where = self.source_name or PASTED
        found = []

        def problem(what, fix, kind):
            found.append(DataProblem(where, None, what, fix, kind=kind))

        if not self.title.strip():
            problem("the article has no title", "fill in its title (command line: --title TEXT)", ProblemKind.MISSING)
        if not self.outlet.strip():
            problem("the article has no outlet", "fill in who published it, e.g. Reuters (command line: --outlet NAME)",
                    ProblemKind.MISSING)
        if self.published is None and self.invalid_date:
            problem(f"invalid date '{self.invalid_date}'",
                    "write the publication date as YYYY-MM-DD, e.g. 2023-09-06 (command line: --published)",
                    ProblemKind.RANGE)
        elif self.published is None:
            problem("the article has no publication date",
                    "fill in the date it was published, YYYY-MM-DD (command line: --published YYYY-MM-DD)",
                    ProblemKind.MISSING)
        elif self.published > dt.date.today() + dt.timedelta(days=1):
            problem(f"publication date {self.published.isoformat()} is in the future",
                    "check the year, month and day", ProblemKind.RANGE)
        if not self.language.strip():
            problem("the article has no language", f"choose one of {', '.join(LANGUAGES)} (command line: --language)",
                    ProblemKind.MISSING)
        elif self.language not in LANGUAGES:
            found.append(unknown_language(where, None, self.language))
        if self.url and not is_web_link(self.url):
            problem(f"url {self.url[:60]!r} is not an http(s) link",
                    "write an address starting with https:// or http://, or leave it empty", ProblemKind.UNSAFE)
        if not split_passages("draft", self.body):
            problem("the article has no text",
                    "add its text (for a web page with no text found: copy the text into a .txt file, or paste it)",
                    ProblemKind.EMPTY)
        else:
            size = len(self.to_markdown().encode("utf-8"))
            if size > MAX_ARTICLE_BYTES:
                cap = MAX_ARTICLE_BYTES / 1e6
                problem(f"the article is {size / 1e6:.1f} MB, over the {cap:g} MB cap",
                        f"split it into articles under {cap:g} MB each", ProblemKind.SIZE)
        return found

    def to_markdown(self) -> str:
        """The article file: YAML front matter (title, outlet, published, language, url, authors,
        then any other keys the upload had) and the body exactly as it is."""
        lines = ["---"]
        meta = {"title": self.title, "outlet": self.outlet}
        lines += _yaml_lines(meta)
        # dates are read back as text by the loader; ISO dates need no quotes
        lines.append(f"published: {self.published.isoformat() if self.published else _yaml_scalar(self.invalid_date)}")
        rest = {"language": self.language}
        if self.url:
            rest["url"] = self.url
        if self.authors:
            rest["authors"] = list(self.authors)
        rest.update({k: _plain(v) for k, v in self.extra.items() if k not in _FIELDS})
        lines += _yaml_lines(rest)
        lines.append("---")
        return "\n".join(lines) + "\n" + self.body


@dataclass(frozen=True)
class Saved:
    path: Path
    created: bool  # False: the same article was already there


# --- drafts from inputs ---------------------------------------------------------------------------

def article_from_text(text: str, title: str, outlet: str, published, language: str | None,
                      url: str | None = None, authors=None) -> Draft:
    """A draft from pasted text (the body, kept as it is but for line endings).

    `published` is a date, 'YYYY-MM-DD' or None; `language` None or '' is detected (Han
    characters make it 'zh'); `authors` a list or 'A; B'.
    """
    body = _normalise_newlines(text or "")
    draft = Draft(source_name=PASTED, body=body)
    language = _one_line(language or "") or detect_language(body)
    return draft.edited(title=title or "", outlet=outlet or "", published=published, language=language,
                        url=url, authors=authors)


def article_from_upload(filename: str, data: bytes, defaults: dict | None = None) -> Draft:
    """A draft from an uploaded or local file: ``.md`` (front matter kept), ``.txt`` (title on the
    first line, then the text; front matter too when it starts with ``---``) or ``.html`` / ``.htm``
    (a saved web page: its main text, title, date and site name, by trafilatura).

    `defaults` (keys title, outlet, published, language, url, authors) fill the fields the
    file does not give.  Raises ImportProblem for a file that cannot be read.
    """
    defaults = dict(defaults or {})
    suffix = Path(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ImportProblem([DataProblem(
            filename, None, f"unsupported file type '{suffix or '(none)'}'",
            "add a .md, .txt or .html file (a web page saved from the browser), or paste the text",
            kind=ProblemKind.INVALID)])
    if len(data) > (MAX_UPLOAD_BYTES if suffix in HTML_SUFFIXES else MAX_ARTICLE_BYTES + 10_000):
        raise ImportProblem([DataProblem(filename, None, f"the file is {len(data) / 1e6:.1f} MB, too big for an article",
                                         f"split it into articles under {MAX_ARTICLE_BYTES / 1e6:g} MB each",
                                         kind=ProblemKind.SIZE)])
    if suffix in HTML_SUFFIXES:
        return article_from_html(data, filename, defaults)
    return _from_text(_decode(data, filename), suffix, filename, defaults)


def _from_text(text: str, suffix: str, source_name: str, defaults: dict) -> Draft:
    """A draft from the text of a .md or .txt file."""
    text = _normalise_newlines(text)
    if text.startswith("---\n"):
        fields, body = _front_matter(text, source_name)
    elif suffix == ".txt":
        first, _, body = text.partition("\n")
        fields = {"title": first.lstrip("#").strip()}
    else:  # Markdown without front matter: a first '# Heading' line is the title, else a short first line
        first, _, rest = text.lstrip("\n").partition("\n")
        heading = re.fullmatch(r"#\s+(.+?)\s*#*\s*", first)
        if heading:
            fields, body = {"title": heading.group(1)}, rest.lstrip("\n")
        elif 0 < len(first.strip()) <= TITLE_LINE_CHARS and rest.strip():
            fields, body = {"title": first.strip()}, rest.lstrip("\n")
        else:
            fields, body = {}, text
    if not fields.get("published"):
        fields["published"] = _dateline(body)
    return _draft(fields, body, source_name, defaults)


def _dateline(body: str):
    """The publication date a file without front matter gives on a line of its own near its
    start ("December 14, 2016", "14 Dec 2016", 2016年12月14日), or None.

    >>> _dateline("By A. Writer\\nWednesday, December 14, 2016\\n\\nText."), _dateline("Text of 14 Dec 2016 events.")
    (datetime.date(2016, 12, 14), None)
    """
    for line in body.splitlines()[:DATELINE_LINES]:
        day, rest = _date_in_words(line)
        if day is not None:
            return day
    return None


def _date_in_words(text: str) -> tuple[dt.date | None, str]:
    """(the day `text` names, '') when it is one day written out (the date grammar of
    text/dates.py: "14 Dec 2016", "December 14, 2016", 2016年12月14日), with nothing else but a
    weekday and punctuation around it; (None, text) otherwise."""
    dates = [d for d in find_dates(text, None) if d.precision == "day" and d.first == d.last]
    if len(dates) != 1:
        return None, text
    left = (text[:dates[0].start] + text[dates[0].end:]).strip(" ,.;:()[]-–—\t")
    if left and (any(c.isdigit() for c in left) or left.casefold() not in bundled_grammar().weekdays):
        return None, text
    return dates[0].first, ""


def article_from_html(data: bytes | str, source_name: str, defaults: dict | None = None,
                      url: str | None = None) -> Draft:
    """A draft from a web page: main text (paragraphs separated by blank lines, sub-headings as
    ``## …`` lines), title, date, site name as outlet and authors, as trafilatura finds them.

    A field trafilatura does not find is taken from `defaults`, else left empty for the user to
    fill (the date is only taken from the page's markup and address, never guessed from its text).
    `url` is the address the page was fetched from.
    """
    try:
        import trafilatura  # only for a web page: it and lxml take ~0.5 s to import
        from trafilatura.xml import xmltotxt
    except ImportError as error:  # a broken install (lxml without lxml_html_clean once made this fail)
        raise ImportProblem([DataProblem(source_name, None, f"web pages cannot be read on this installation ({error})",
                                         "install the locked versions again (pip install -r requirements.txt), or "
                                         "save the article's text as a .txt file and add that",
                                         kind=ProblemKind.FILE)]) from None

    defaults = dict(defaults or {})
    params = {"original_date": True, "extensive_search": False, "max_date": dt.date.today().isoformat()}
    try:
        document = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                               include_tables=True, date_extraction_params=params)
        if document is None:  # no main text: the metadata may still help the user fill the form
            document = trafilatura.extract_metadata(data, default_url=url, date_config=params)
    except Exception as error:  # noqa: BLE001 -- a page the extractor chokes on is one bad input, not a crash
        raise ImportProblem([DataProblem(source_name, None, f"the page could not be read ({type(error).__name__})",
                                         "save the article's text as a .txt file and add that",
                                         kind=ProblemKind.SYNTAX)]) from None
    title = _one_line(document.title or "")
    blocks = []
    body_tree = getattr(document, "body", None)
    for element in (body_tree if body_tree is not None else ()):
        text = _normalise_newlines(xmltotxt(element, False)).strip()
        if not text:
            continue
        if element.tag == "head":
            if not blocks and _one_line(text) == title:
                continue  # the headline again, above the text
            level = element.get("rend", "h2")[1:]
            text = "#" * (int(level) if level.isdigit() and 1 <= int(level) <= 6 else 2) + " " + _one_line(text)
        blocks.append(text)
    fields = {
        "title": title,
        "outlet": _one_line(document.sitename or ""),
        "published": document.date or "",
        "url": next((u for u in (document.url, url) if u and is_web_link(u)), None),
        "authors": document.author or None,
    }
    body = "\n\n".join(blocks) + "\n" if blocks else ""
    return _draft(fields, body, source_name, defaults)


def import_input(source: str, defaults: dict | None = None, timeout: float = 20.0) -> Draft:
    """A draft from a command-line input: an http(s) address (fetched) or a file path."""
    if re.match(r"(?i)https?://", source):
        page = fetch(source, timeout=timeout, max_bytes=MAX_UPLOAD_BYTES)
        if page.kind == "html":
            return article_from_html(page.text, source, defaults, url=page.url)
        text = page.text if isinstance(page.text, str) else _decode(page.data, source)
        draft = _from_text(text, "." + page.kind, source, {"url": page.url, **(defaults or {})})
        return draft
    path = Path(source)
    if path.is_dir():
        raise ImportProblem([DataProblem(source, None, "this is a folder",
                                         f"give the files in it, e.g. {path / '*.html'}", kind=ProblemKind.FILE)])
    try:
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:  # reported without reading it
            raise ImportProblem([DataProblem(source, None, f"the file is {size / 1e6:.1f} MB, too big for an article",
                                             f"split it into articles under {MAX_ARTICLE_BYTES / 1e6:g} MB each",
                                             kind=ProblemKind.SIZE)])
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem([DataProblem(source, None, "no such file", "check the path", kind=ProblemKind.FILE)]) from None
    except OSError as error:
        raise ImportProblem([DataProblem(source, None, f"cannot read the file ({error.strerror or error})",
                                         "check its permissions", kind=ProblemKind.FILE)]) from None
    return article_from_upload(source, data, defaults)


# --- saving ------------------------------------------------------------------------------------------

def save_article(draft: Draft, folder: str | Path) -> Path:
    """Save a valid draft into `folder` and return its path (see `save`)."""
    return save(draft, folder).path


def save(draft: Draft, folder: str | Path) -> Saved:
    """Write the draft atomically as ``YYYY-MM-DD-<outlet>-<title>.md`` in `folder`, never
    overwriting a file: an identical file already there is returned with created=False;
    a different one makes the name ``…-2.md``, ``…-3.md``…

    Raises ImportProblem when the draft has problems or the file cannot be written.
    """
    problems = draft.problems()
    if problems:
        raise ImportProblem(problems)
    folder = Path(folder)
    content = draft.to_markdown()
    name = suggested_file_name(draft)
    # the loader is the judge: what it would not read is not written
    article, load_problems = parse_article(folder / name, content)
    if article is None or load_problems:
        raise ImportProblem([dataclasses.replace(p, path=draft.source_name or PASTED) for p in load_problems])
    if not folder.is_dir():
        raise ImportProblem([DataProblem(str(folder), None, "the articles folder does not exist",
                                         f"create it (mkdir -p {folder}) or choose another folder",
                                         kind=ProblemKind.FILE)])
    data = content.encode("utf-8")
    stem = name[:-3]
    for n in range(1, 1000):
        target = folder / (name if n == 1 else f"{stem}-{n}.md")
        if target.exists():
            if _same_content(target, data):
                return Saved(target, False)
            continue
        try:
            if _write_new(target, data):
                return Saved(target, True)
        except OSError as error:
            raise ImportProblem([DataProblem(str(target), None, f"cannot write the article ({error.strerror or error})",
                                             "check that the folder is writable and the disk not full",
                                             kind=ProblemKind.FILE)]) from None
        if _same_content(target, data):  # written by someone else just now
            return Saved(target, False)
    raise ImportProblem([DataProblem(str(folder / name), None, "999 different articles already have this name",
                                     "give this article another title", kind=ProblemKind.DUPLICATE)])


def suggested_file_name(draft: Draft) -> str:
    """``YYYY-MM-DD-<outlet>-<title>.md`` with ASCII slugs; a title with no ASCII words (a Chinese
    title) gives a short hash of the content instead.

    >>> name = suggested_file_name(Draft("金正恩下周访俄", "环球网", dt.date(2023, 9, 6), "zh", body="正文"))
    >>> bool(re.fullmatch(r"2023-09-06-[0-9a-f]{10}[.]md", name))
    True
    """
    day = draft.published.isoformat() if draft.published else "undated"
    outlet = slug(draft.outlet, 30)
    title = slug(draft.title, 60)
    if len(title) < 3:
        title = hashlib.sha256(draft.to_markdown().encode("utf-8")).hexdigest()[:10]
    return "-".join(part for part in (day, outlet, title) if part) + ".md"


def _write_new(target: Path, data: bytes) -> bool:
    """Write `data` to a temporary file beside `target` and move it there only if `target` does not
    exist (a hard link fails rather than replace); False when `target` appeared meanwhile."""
    tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # the file must be whole before it gets its name
        try:
            os.link(tmp, target)  # atomic, and never replaces an existing file
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: check, then rename
            if target.exists():
                return False
            os.replace(tmp, target)
        return True
    finally:
        tmp.unlink(missing_ok=True)


def _same_content(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


# --- helpers -------------------------------------------------------------------------------------------

def _draft(fields: dict, body: str, source_name: str, defaults: dict) -> Draft:
    """A draft from what the input gives, the defaults filling the gaps; language detected last."""
    merged = {}
    for key in _FIELDS:
        value = fields.get(key)
        if value in (None, "", (), []):
            value = defaults.get(key)
        merged[key] = value
    body = _normalise_newlines(body)
    draft = Draft(source_name=source_name, body=body, extra=fields.get("extra", {}))
    language = _one_line(merged["language"] or "") or detect_language(body)
    return draft.edited(title=merged["title"] or "", outlet=merged["outlet"] or "", published=merged["published"],
                        language=language, url=merged["url"], authors=merged["authors"])


def _front_matter(text: str, source_name: str) -> tuple[dict, str]:
    """The fields of a front-matter block (leniently: a value of the wrong type is left out, so the
    form shows it missing) and the body after it, as the loader splits them."""
    end = _FRONT_END.search(text, 4)
    if end is None:
        raise ImportProblem([DataProblem(source_name, 1, "front matter is not closed",
                                         "end the YAML front matter with a line '---'", kind=ProblemKind.SYNTAX)])
    meta, problems = load_yaml_text(text[4: end.start()], source_name, first_line=2)
    if problems:
        raise ImportProblem(problems)
    body = text[end.end():]
    body = body[1:] if body.startswith("\n") else body
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ImportProblem([DataProblem(source_name, 2, "front matter is not a mapping",
                                         "write 'title: …', 'outlet: …', 'published: YYYY-MM-DD', 'language: …'",
                                         kind=ProblemKind.TYPE)])
    fields = {key: _scalar_text(meta.get(key)) for key in ("title", "outlet", "published", "language", "url")}
    fields["authors"] = meta.get("authors") if isinstance(meta.get("authors"), (str, list)) else None
    fields["extra"] = {str(k): _plain(v) for k, v in meta.items() if k not in _FIELDS}
    return fields, body


def _scalar_text(value) -> str:
    return "" if value is None or isinstance(value, (dict, list, bool)) else str(value)


def _read_date(value) -> tuple[dt.date | None, str]:
    """(date, '') for a date or 'YYYY-MM-DD'; (None, text) for text that is not one."""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = _one_line(str(value)) if value is not None else ""
    if not text:
        return None, ""
    try:
        return dt.date.fromisoformat(text[:10] if re.match(r"\d{4}-\d\d-\d\dT", text) else text), ""
    except ValueError:
        return _date_in_words(text)


def _authors(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        value = re.split(r"\s*[;；]\s*", value)
    return tuple(_one_line(str(a)) for a in value if a is not None and _one_line(str(a)))


def _one_line(text) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def _normalise_newlines(text: str) -> str:
    """Unix line ends: the loader splits passages on blank lines, and '\\r\\n\\r\\n' is not one to it."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, source_name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportProblem([DataProblem(source_name, line, f"not UTF-8 (byte 0x{data[error.start]:02x} at offset "
                                                            f"{error.start})", "save the file as UTF-8",
                                         kind=ProblemKind.ENCODING)]) from None
    return _normalise_newlines(text)


def _plain(value):
    """LineMap/LineList (the line-aware YAML types) as plain dicts and lists, for the YAML writer."""
    if isinstance(value, (LineMap, dict)):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (LineList, list, tuple)):
        return [_plain(v) for v in value]
    return value


def _yaml_lines(mapping: dict) -> list[str]:
    """One ``key: value`` line per key (a list of plain values as ``[a, b]``; nested values in blocks)."""
    lines = []
    for key, value in mapping.items():
        if isinstance(value, (dict, list)) and any(isinstance(v, (dict, list)) for v in
                                                  (value.values() if isinstance(value, dict) else value)):
            text = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10**9)
            lines += text.rstrip("\n").split("\n")
        elif isinstance(value, (dict, list)):
            flow = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9).rstrip("\n")
            lines.append(f"{_yaml_scalar(str(key))}: {flow}")
        else:
            lines.append(f"{_yaml_scalar(str(key))}: {_yaml_scalar(value)}")
    return lines


def _yaml_scalar(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=10**9).split("\n...")[0].rstrip("\n")


# --- python -m dashboard add ----------------------------------------------------------------------------
