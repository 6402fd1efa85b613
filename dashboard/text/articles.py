"""Articles: Markdown files with YAML front matter, split into passages.

    >>> articles, problems = load_articles(["data/articles"])
    >>> a = articles[0]
    >>> a.outlet, a.published.isoformat(), len(a.passages) > 5, problems
    ('Global Times', '2023-09-06', True, [])

A passage is a paragraph of the body (blank-line separated; in a body with no blank line at
all, each line is a paragraph).  Headings (``# …`` or a line
that is all bold) are context for the passages under them, not passages; an image line
is skipped; an italic caption is a passage.  The body is kept exactly as published and
every passage knows its offset in it, so ``body[p.start:p.end] == p.text``.

A ``.txt`` file without front matter is an article whose title is its first line; its
publication date is then unknown unless the caller supplies one.

Front matter is type-checked by `schema.FrontMatter`; an article with a value of the wrong
type, no text, or more than `MAX_ARTICLE_BYTES` is reported and skipped.  A `url` that is
not http(s) is reported and dropped; the article is kept without its link.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.base.errors import DataProblem, ProblemKind
from dashboard.base.languages import LANGUAGES, unknown_language
from dashboard.base.schema import FrontMatter, validate
from dashboard.base.yamlio import LineMap, load_yaml_text, read_text

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
# One article over this many bytes is skipped: a 20 MB file took minutes and gigabytes to analyse,
# and no news article is near it (the seed is 6 kB).
MAX_ARTICLE_BYTES = 5_000_000
_HEADING = re.compile(r"^\s*(#{1,6}\s+.*|\*\*[^*\n]+\*\*|__[^_\n]+__)\s*$")
_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_CAPTION = re.compile(r"^_(?!_)(.+)(?<!_)_$", re.S)
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")
_LINE_SPLIT = re.compile(r"\n")


@dataclass(frozen=True, slots=True)
class Passage:
    article: str  # article id
    number: int  # 1-based position among the article's passages
    text: str
    start: int  # offset of text in the article body
    heading: str | None = None  # the heading this passage sits under
    is_caption: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(slots=True)
class Article:
    id: str  # file name, e.g. 2023-09-06-globaltimes-kim-visit.md
    path: str
    title: str
    outlet: str | None
    published: dt.date | None
    language: str
    body: str
    url: str | None = None
    authors: tuple = ()
    passages: list = field(default_factory=list)


def detect_language(text: str) -> str:
    """'zh' when Han characters dominate the letters, 'ko' for Hangul, 'ru' for Cyrillic, else 'en'."""
    counts = {
        "zh": len(re.findall(r"[\u4e00-\u9fff]", text)),
        "ko": len(re.findall(r"[\uac00-\ud7af]", text)),
        "ru": len(re.findall(r"[\u0400-\u04ff]", text)),
        "en": len(re.findall(r"[A-Za-z]", text)) / 4,  # ~4 letters a word vs 1 Han character
    }
    return max(counts, key=counts.get)


def split_passages(article_id: str, body: str) -> list[Passage]:
    passages: list[Passage] = []
    heading = None
    position = 0
    for match in _iter_blocks(body):
        block, start = match
        stripped = block.strip()
        lead = len(block) - len(block.lstrip())
        text, start = stripped, start + lead
        if not text:
            continue
        if _HEADING.match(text):
            heading = text.strip("#* _").strip()
            continue
        while True:  # image lines carry no text; a caption may follow on the next line
            first, newline, rest = text.partition("\n")
            if not _IMAGE.match(first):
                break
            skipped = len(first) + len(newline)
            text, start = rest.lstrip(), start + skipped + (len(rest) - len(rest.lstrip()))
        if not text:
            continue
        caption = _CAPTION.match(text)
        if caption:
            text, start = caption.group(1), start + 1
        position += 1
        passages.append(Passage(article_id, position, text, start, heading, bool(caption)))
    return passages


def _iter_blocks(body: str):
    """The body's paragraphs with their offsets: separated by blank lines or, in a body with no
    blank line at all (text pasted from a web page or an e-mail), by its line breaks.

    >>> [b for b, _ in _iter_blocks("One.\\nTwo.\\n\\nThree.")], [b for b, _ in _iter_blocks("One.\\nTwo.\\nThree.")]
    (['One.\\nTwo.', 'Three.'], ['One.', 'Two.', 'Three.'])
    """
    split = _BLOCK_SPLIT if _BLOCK_SPLIT.search(body.strip()) else _LINE_SPLIT  # blank lines at the ends do not count
    start = 0
    for sep in split.finditer(body):
        yield body[start: sep.start()], start
        start = sep.end()
    yield body[start:], start


def parse_article(path: str | Path, text: str, published: dt.date | None = None):
    """(Article or None, problems) from a file's text."""
    path = Path(path)
    problems: list[DataProblem] = []
    if text.startswith("---\n") or text.startswith("---\r\n"):
        end = re.search(r"^---[ \t]*\r?$", text[4:], re.M)
        if end is None:
            return None, [DataProblem(str(path), 1, "front matter is not closed",
                                      "end the YAML front matter with a line '---'", kind=ProblemKind.SYNTAX)]
        meta_text = text[4: 4 + end.start()]
        body = text[4 + end.end():]
        body = body[1:] if body.startswith("\n") else body  # the newline that ends '---'
        meta, meta_problems = load_yaml_text(meta_text, str(path), first_line=2)
        if meta_problems:
            return None, meta_problems
        if not isinstance(meta, LineMap):
            empty = meta is None
            return None, [DataProblem(str(path), 2, "front matter is empty" if empty else "front matter is not a mapping",
                                      "write 'title: …', 'outlet: …', 'published: YYYY-MM-DD', 'language: …'",
                                      kind=ProblemKind.EMPTY if empty else ProblemKind.TYPE)]
        body_line = text[: len(text) - len(body)].count("\n") + 1
        return _article_from_meta(path, meta, body, body_line, problems)
    if path.suffix == ".txt":
        first, _, rest = text.partition("\n")
        title = first.lstrip("#").strip()
        if not title:
            return None, [DataProblem(str(path), 1, "the first line (the title) is empty",
                                      "put the article's title on the first line", kind=ProblemKind.MISSING)]
        article = Article(id=path.name, path=str(path), title=title, outlet=None, published=published,
                          language=detect_language(rest), body=rest)
        return _with_passages(article, 2)
    return None, [DataProblem(str(path), 1, "no YAML front matter",
                              "start the file with '---', title/outlet/published/language lines, and '---'",
                              kind=ProblemKind.MISSING)]


def _with_passages(article: Article, body_line: int):
    """The article split into passages, or a problem when it has none (an empty article is a mistake)."""
    article.passages = split_passages(article.id, article.body)
    if not article.passages:
        return None, [DataProblem(article.path, body_line, "the article has no text",
                                  "add the article's text after its title, or remove the file",
                                  kind=ProblemKind.EMPTY)]
    return article, []


def _article_from_meta(path: Path, meta: LineMap, body: str, body_line: int, problems: list):
    where = str(path)
    typed = validate(FrontMatter, meta, where, "front matter", problems)
    if typed is None:
        return None, problems
    for key in ("title", "outlet", "published", "language"):
        if not getattr(typed, key).strip():
            problems.append(DataProblem(where, meta.line_of(key), f"front matter has no '{key}'", f"add '{key}: …'",
                                        kind=ProblemKind.MISSING))
    try:
        published = dt.date.fromisoformat(typed.published.strip())
    except ValueError:
        published = None
        if typed.published.strip():
            problems.append(DataProblem(where, meta.line_of("published"), f"invalid date '{typed.published}'",
                                        "write published as YYYY-MM-DD, e.g. 2023-09-06", kind=ProblemKind.RANGE))
    if typed.language.strip() and typed.language not in LANGUAGES:
        problems.append(unknown_language(where, meta.line_of("language"), typed.language))
    if problems:
        return None, problems
    url = typed.url.strip() if typed.url else None
    if url and not is_web_link(url):  # reported, and the article kept without its link
        problems.append(DataProblem(where, meta.line_of("url"), f"url {url[:60]!r} is not an http(s) link",
                                    "write an address starting with https:// or http://, or remove 'url' "
                                    "(the article is shown without a link)", kind=ProblemKind.UNSAFE))
        url = None
    article = Article(id=path.name, path=where, title=typed.title, outlet=typed.outlet, published=published,
                      language=typed.language, body=body, url=url, authors=tuple(typed.authors or ()))
    found, empty = _with_passages(article, body_line)
    return found, problems + empty


def is_web_link(url: str) -> bool:
    """True for an absolute http(s) address with a host: the only links the data may hold.

    >>> is_web_link("https://www.globaltimes.cn/page/1.shtml"), is_web_link("javascript:alert(1)")
    (True, False)
    >>> is_web_link("http:/no-host"), is_web_link("//example.com/x")
    (False, False)
    """
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)


def article_files(paths) -> tuple[list[Path], list[DataProblem]]:
    """The article files of `paths` (files, and the article files of folders), and a problem
    for each path that is neither."""
    listed, problems = _listed(paths)
    return [Path(path) for path, _ in listed], problems


def article_stats(paths) -> list[tuple]:
    """(path, mtime_ns, size) of every article file of `paths`, in `article_files`' order: what
    the page compares to see whether an article was added, removed or edited.  os.scandir and
    one stat each (10,000 files: 0.05 s; pathlib's listing and two stats each took 0.4 s)."""
    stats = []
    for path, entry in _listed(paths)[0]:
        try:
            st = entry.stat() if entry is not None else os.stat(path)
        except OSError:
            stats.append((path, None, None))
            continue
        stats.append((path, st.st_mtime_ns, st.st_size))
    return stats


def _listed(paths) -> tuple[list[tuple[str, os.DirEntry | None]], list[DataProblem]]:
    """(path, its directory entry or None for a file named directly) of every article file."""
    listed, problems = [], []
    for raw in paths:
        p = str(raw)
        if os.path.isdir(p):
            with os.scandir(p) as entries:
                found = [e for e in entries if os.path.splitext(e.name)[1] in ARTICLE_SUFFIXES and e.is_file()]
            base = str(Path(p))  # as pathlib writes it; joined by hand, 10,000 Path objects took 0.05 s
            listed += [(os.path.join(base, e.name), e) for e in sorted(found, key=lambda e: e.name)]
        elif os.path.isfile(p):
            listed.append((str(Path(p)), None))
        else:
            problems.append(DataProblem(p, None, "no such file or folder", "check the --articles path",
                                        kind=ProblemKind.FILE))
    return listed, problems


def over_size_cap(file: Path) -> DataProblem | None:
    """A problem for a file over MAX_ARTICLE_BYTES, found before reading it."""
    try:
        size = file.stat().st_size
    except OSError:
        return None  # read_text reports what is wrong with the file
    if size <= MAX_ARTICLE_BYTES:
        return None
    cap = MAX_ARTICLE_BYTES / 1e6
    return DataProblem(str(file), None, f"article is {size / 1e6:.1f} MB, over the {cap:g} MB cap",
                       f"split it into articles under {cap:g} MB each (it is skipped)", kind=ProblemKind.SIZE)


def load_articles(paths, published: dt.date | None = None) -> tuple[list[Article], list[DataProblem]]:
    """Every readable article under `paths`; one bad file never stops the others."""
    files, problems = article_files(paths)
    articles, seen = [], set()
    for file in files:
        too_big = over_size_cap(file)
        if too_big is not None:
            problems.append(too_big)
            continue
        text, read_problems = read_text(file)
        problems += read_problems
        if text is None:
            continue
        article, parse_problems = parse_article(file, text, published)
        problems += parse_problems
        if article is None:
            continue
        if article.id in seen:
            problems.append(DataProblem(str(file), None, f"another article is also named '{article.id}'",
                                        "rename one file: article ids are file names", kind=ProblemKind.DUPLICATE))
            continue
        seen.add(article.id)
        articles.append(article)
    return articles, problems
