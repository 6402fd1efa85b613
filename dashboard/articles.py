"""Articles: Markdown files with YAML front matter, split into passages.

    >>> articles, problems = load_articles(["data/articles"])
    >>> a = articles[0]
    >>> a.outlet, a.published.isoformat(), len(a.passages) > 5, problems
    ('Global Times', '2023-09-06', True, [])

A passage is a paragraph of the body (blank-line separated).  Headings (``# …`` or a line
that is all bold) are context for the passages under them, not passages; an image line
is skipped; an italic caption is a passage.  The body is kept exactly as published and
every passage knows its offset in it, so ``body[p.start:p.end] == p.text``.

A ``.txt`` file without front matter is an article whose title is its first line; its
publication date is then unknown unless the caller supplies one.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataProblem
from .gazetteer import LANGUAGES, unknown_language
from .yamlio import LineMap, load_yaml_text, read_text

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
_HEADING = re.compile(r"^\s*(#{1,6}\s+.*|\*\*[^*\n]+\*\*|__[^_\n]+__)\s*$")
_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_CAPTION = re.compile(r"^_(?!_)(.+)(?<!_)_$", re.S)
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
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


@dataclass
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
    start = 0
    for sep in _BLOCK_SPLIT.finditer(body):
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
                                      "end the YAML front matter with a line '---'")]
        meta_text = text[4: 4 + end.start()]
        body = text[4 + end.end():]
        body = body[1:] if body.startswith("\n") else body  # the newline that ends '---'
        meta, meta_problems = load_yaml_text(meta_text, str(path), first_line=2)
        if meta_problems:
            return None, meta_problems
        if not isinstance(meta, LineMap):
            return None, [DataProblem(str(path), 2, "front matter is not a mapping",
                                      "write 'title: …', 'outlet: …', 'published: YYYY-MM-DD', 'language: …'")]
        return _article_from_meta(path, meta, body, problems)
    if path.suffix == ".txt":
        first, _, rest = text.partition("\n")
        title = first.lstrip("#").strip()
        if not title:
            return None, [DataProblem(str(path), 1, "the first line (the title) is empty",
                                      "put the article's title on the first line")]
        article = Article(id=path.name, path=str(path), title=title, outlet=None, published=published,
                          language=detect_language(rest), body=rest)
        article.passages = split_passages(article.id, rest)
        return article, []
    return None, [DataProblem(str(path), 1, "no YAML front matter",
                              "start the file with '---', title/outlet/published/language lines, and '---'")]


def _article_from_meta(path: Path, meta: LineMap, body: str, problems: list):
    where = str(path)
    for key in ("title", "outlet", "published", "language"):
        if not meta.get(key):
            problems.append(DataProblem(where, meta.line, f"front matter has no '{key}'", f"add '{key}: …'"))
    published = meta.get("published")
    if isinstance(published, dt.datetime):
        published = published.date()
    elif isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published.strip())
        except ValueError:
            problems.append(DataProblem(where, meta.line_of("published"), f"invalid date '{published}'",
                                        "write published as YYYY-MM-DD, e.g. 2023-09-06"))
    elif published is not None and not isinstance(published, dt.date):
        problems.append(DataProblem(where, meta.line_of("published"), f"invalid date {published!r}",
                                    "write published as YYYY-MM-DD, e.g. 2023-09-06"))
    language = meta.get("language")
    if language and language not in LANGUAGES:
        problems.append(unknown_language(where, meta.line_of("language"), language))
    authors = meta.get("authors") or ()
    if isinstance(authors, str):
        authors = (authors,)
    if problems:
        return None, problems
    article = Article(id=path.name, path=where, title=str(meta["title"]), outlet=str(meta["outlet"]),
                      published=published, language=language, body=body,
                      url=str(meta["url"]) if meta.get("url") else None,
                      authors=tuple(str(a) for a in authors))
    article.passages = split_passages(article.id, body)
    return article, []


def article_files(paths) -> tuple[list[Path], list[DataProblem]]:
    files, problems = [], []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files += sorted(f for f in p.iterdir() if f.suffix in ARTICLE_SUFFIXES and f.is_file())
        elif p.is_file():
            files.append(p)
        else:
            problems.append(DataProblem(str(p), None, "no such file or folder", "check the --articles path"))
    return files, problems


def load_articles(paths, published: dt.date | None = None) -> tuple[list[Article], list[DataProblem]]:
    """Every readable article under `paths`; one bad file never stops the others."""
    files, problems = article_files(paths)
    articles, seen = [], set()
    for file in files:
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
                                        "rename one file: article ids are file names"))
            continue
        seen.add(article.id)
        articles.append(article)
    return articles, problems
