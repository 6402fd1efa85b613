"""Words made from numbers and names: counts ("1 passage", "2 passages") and ids (`slug`).

The page's Chinese counts are written by `dashboard.page.labels.count`; these are the English
forms that messages of every layer use.
"""
import re
import unicodedata


def plural(n: int, noun: str) -> str:
    """'1 passage', '2 passages', '3 more articles' (English: the noun's last word takes an s).

    >>> plural(0, "passage"), plural(1, "article"), plural(2, "more article")
    ('0 passages', '1 article', '2 more articles')
    """
    return f"{n} {plural_noun(n, noun)}"


def plural_noun(n: int, noun: str) -> str:
    """The noun alone, as `n` of it is written: 'place kind' for one, 'place kinds' for more."""
    return noun if n == 1 else f"{noun}s"


def slug(text: str, limit: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens ('' if none), cut at a word boundary within
    `limit` when one is given: the ids of places.yaml and the names of article files.

    >>> slug("Komsomolsk-on-Amur"), slug("São Tomé"), slug("P'yŏngyang"), slug("首尔")
    ('komsomolsk-on-amur', 'sao-tome', 'pyongyang', '')
    >>> slug("Kim's train reaches Khasan — São Paulo!"), slug("a" * 10 + " b", 5)
    ('kims-train-reaches-khasan-sao-paulo', 'aaaaa')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    result = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", ascii_text)).strip("-")
    if limit is not None and len(result) > limit:
        cut = result[:limit + 1]
        result = cut[: cut.rfind("-")] if "-" in cut else result[:limit]
    return result.strip("-")
