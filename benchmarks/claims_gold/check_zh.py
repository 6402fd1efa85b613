"""Checks the Chinese claims golds (zh.yaml and seed.yaml) and prints their counts.

    .venv/bin/python benchmarks/claims_gold/check_zh.py [--show]

zh.yaml: every passage's text file exists in zh_texts/ and is named in zh_texts/SOURCES.md;
the quote (15-120 characters) is an exact substring of exactly one paragraph of its text (the
paragraphs as dashboard.text.articles.split_passages cuts them: blocks between blank lines);
every claim has a source, a lowercase predicate, a valid stance and a place that occurs in the
quote's paragraph.

seed.yaml: the article exists; every claim's passage number is a passage of the article (the
numbering of tests/gold_seed.yaml: split_passages, headings and the image left out); the quote
is an exact substring of that passage; the place is a place id of data/places.yaml; the stance
is valid; the event, when given, is [first, last] with first <= last; the ids under disputed,
not_disputed, no_claims and record_conflicts are place ids.

Errors (exit status 1) are the broken rules above.  Warnings (printed, not fatal): a zh place
that is not inside the sentence(s) the quote lies in; a seed place none of whose names or
aliases occurs in its passage; a seed source that is neither OUTLET nor a canonical name of
data/sources.yaml (allowed: a source not in the file is written as in the text) and does not
occur in the passage; a seed place with claims that is in neither disputed nor not_disputed.

It prints the counts per stance (claims, and passages with at least one claim of that stance)
for both files.  --show prints every passage with its claims, for review.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.text.attribution import split_sentences  # noqa: E402
from dashboard.text.articles import parse_article, split_passages  # noqa: E402

STANCES = ("asserts", "hearsay", "hedged", "denies", "no-comment", "unconfirmed", "confirms")
ZH_PASSAGE_FIELDS = {"id", "text_file", "quote", "outlet", "claims", "note"}
OUTSIDE = ROOT.parent / "shared" / "eval" / "claims_zh"
ZH_CLAIM_FIELDS = {"source", "place", "predicate", "stance", "note"}
SEED_CLAIM_FIELDS = {"passage", "source", "place", "predicate", "event", "stance", "quote", "note", "via"}
QUOTE_MIN, QUOTE_MAX = 15, 120


def sentence_window(paragraph: str, start: int, end: int) -> str:
    """The sentence(s) of `paragraph` that the span [start, end) touches (the project's splitter)."""
    touched = [(s, e) for s, e in split_sentences(paragraph) if s < max(end, start + 1) and start < e]
    return paragraph[touched[0][0]:touched[-1][1]] if touched else paragraph


def _claim_common(where: str, c: dict, errors: list[str]) -> None:
    if c.get("stance") not in STANCES:
        errors.append(f"{where}: stance {c.get('stance')!r} is not one of {', '.join(STANCES)}")
    if not str(c.get("source") or "").strip():
        errors.append(f"{where}: empty source")
    pred = str(c.get("predicate") or "")
    if not pred.strip():
        errors.append(f"{where}: empty predicate")
    elif pred != pred.lower():
        errors.append(f"{where}: predicate {pred!r} has capitals")


def _print_counts(title: str, claims: Counter, passages: Counter, n_passages: int) -> None:
    print(f"{title}: {n_passages} passages, {sum(claims.values())} claims")
    for s in STANCES:
        print(f"  {s:12} {claims[s]:3} claims  {passages[s]:3} passages")


def check_zh(path: Path, show: bool, errors: list[str], warnings: list[str]) -> None:
    gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    texts_dir = HERE / "zh_texts"
    sources_md = (texts_dir / "SOURCES.md").read_text(encoding="utf-8") if (texts_dir / "SOURCES.md").exists() else ""
    if not sources_md:
        errors.append("zh_texts/SOURCES.md is missing")
    paragraphs: dict[str, list[str]] = {}
    claim_counts: Counter = Counter()
    passage_counts: Counter = Counter()
    seen: set = set()
    files: Counter = Counter()
    passages = gold.get("passages") or []
    for n, p in enumerate(passages, 1):
        pid = p.get("id", f"#{n}")
        for key in set(p) - ZH_PASSAGE_FIELDS:
            errors.append(f"{pid}: unknown field {key!r}")
        for key in ("id", "text_file", "quote", "outlet", "claims"):
            if key not in p:
                errors.append(f"{pid}: missing field {key!r}")
        if pid in seen:
            errors.append(f"{pid}: duplicate id")
        seen.add(pid)
        name = p.get("text_file", "")
        files[name] += 1
        if name not in paragraphs:
            # the ministry texts are kept outside the repository (zh_texts/SOURCES.md says why)
            f = next((d / name for d in (texts_dir, OUTSIDE) if (d / name).exists()), texts_dir / name)
            if not f.exists():
                warnings.append(f"{pid}: text file {name} is in neither zh_texts/ nor {OUTSIDE}: not checked")
                paragraphs[name] = None
            else:
                paragraphs[name] = [ps.text for ps in split_passages(name, f.read_text(encoding="utf-8"))]
                if name not in sources_md:
                    errors.append(f"{name}: not named in zh_texts/SOURCES.md")
        if paragraphs[name] is None:
            continue
        quote = str(p.get("quote", ""))
        if not QUOTE_MIN <= len(quote) <= QUOTE_MAX:
            errors.append(f"{pid}: quote has {len(quote)} characters (allowed {QUOTE_MIN}-{QUOTE_MAX})")
        hits = [i for i, par in enumerate(paragraphs[name]) if quote and quote in par]
        if len(hits) != 1:
            errors.append(f"{pid}: quote is in {len(hits)} paragraphs of {name} (must be exactly one)")
            par, window = "", ""
        else:
            par = paragraphs[name][hits[0]]
            start = par.index(quote)
            window = sentence_window(par, start, start + len(quote))
        if show:
            print(f"\n{pid}  {name} ¶{hits[0] + 1 if len(hits) == 1 else '?'}  {quote}")
        stances_here = set()
        for k, c in enumerate(p.get("claims") or [], 1):
            where = f"{pid} claim {k}"
            for key in set(c) - ZH_CLAIM_FIELDS:
                errors.append(f"{where}: unknown field {key!r}")
            _claim_common(where, c, errors)
            place = str(c.get("place") or "")
            if not place:
                errors.append(f"{where}: empty place")
            elif par and place not in par:
                errors.append(f"{where}: place {place!r} is not in the quote's paragraph")
            elif window and place not in window:
                warnings.append(f"{where}: place {place!r} is not in the sentence(s) of the quote")
            claim_counts[c.get("stance")] += 1
            stances_here.add(c.get("stance"))
            if show:
                print(f"    {c.get('source')} | {place} | {c.get('predicate')} | {c.get('stance')}")
        if not p.get("claims"):
            errors.append(f"{pid}: no claims")
        for s in stances_here:
            passage_counts[s] += 1
    print(f"zh texts used: {len(files)} ({', '.join(f'{k}: {v}' for k, v in sorted(files.items()))})")
    _print_counts("zh.yaml", claim_counts, passage_counts, len(passages))


def _place_names(entry: dict) -> set[str]:
    names = {str(v) for v in (entry.get("names") or {}).values()}
    for vals in (entry.get("aliases") or {}).values():
        names.update(str(v) for v in vals)
    return names


def check_seed(path: Path, show: bool, errors: list[str], warnings: list[str]) -> None:
    gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    places = {e["id"]: e for e in yaml.safe_load((ROOT / "data" / "places.yaml").read_text(encoding="utf-8"))["places"]}
    sources = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    canonical = {s["name"] for s in sources}
    article_path = ROOT / "data" / "articles" / str(gold.get("article", ""))
    if not article_path.is_file():
        errors.append(f"seed: no article {article_path}")
        return
    article = parse_article(article_path, article_path.read_text(encoding="utf-8"))[0]
    texts = {ps.number: ps.text for ps in article.passages}
    claim_counts: Counter = Counter()
    passage_stances: dict[int, set] = {}
    claimed_places: set = set()
    for k, c in enumerate(gold.get("claims") or [], 1):
        where = f"seed claim {k} (passage {c.get('passage')})"
        for key in set(c) - SEED_CLAIM_FIELDS:
            errors.append(f"{where}: unknown field {key!r}")
        _claim_common(where, c, errors)
        text = texts.get(c.get("passage"))
        if text is None:
            errors.append(f"{where}: the article has no passage {c.get('passage')!r} (1-{len(texts)})")
            text = ""
        quote = str(c.get("quote") or "")
        if not quote or quote not in text:
            errors.append(f"{where}: quote {quote!r} is not a substring of the passage")
        place = c.get("place")
        if place not in places:
            errors.append(f"{where}: place {place!r} is not an id of data/places.yaml")
        else:
            claimed_places.add(place)
            if text and not any(n in text for n in _place_names(places[place])):
                warnings.append(f"{where}: no name of {place} occurs in the passage")
        src = str(c.get("source") or "")
        if src != "OUTLET" and src not in canonical and src not in text:
            warnings.append(f"{where}: source {src!r} is neither canonical nor written in the passage")
        ev = c.get("event")
        if ev is not None:
            try:
                first, last = (d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in ev)
                if first > last:
                    errors.append(f"{where}: event {ev} ends before it starts")
            except (TypeError, ValueError):
                errors.append(f"{where}: event {ev!r} is not [first, last]")
        claim_counts[c.get("stance")] += 1
        passage_stances.setdefault(c.get("passage"), set()).add(c.get("stance"))
        if show:
            print(f"  p{c.get('passage'):<2} {src} | {place} | {c.get('predicate')} | {c.get('stance')} | {quote}")
    disputed = set((gold.get("disputed") or {}).keys())
    not_disputed = set(gold.get("not_disputed") or [])
    no_claims = set(gold.get("no_claims") or [])
    for label, ids in (("disputed", disputed), ("not_disputed", not_disputed), ("no_claims", no_claims)):
        for pid in ids - set(places):
            errors.append(f"seed {label}: {pid!r} is not an id of data/places.yaml")
    if disputed & not_disputed:
        errors.append(f"seed: in both disputed and not_disputed: {sorted(disputed & not_disputed)}")
    for pid in sorted(claimed_places - disputed - not_disputed):
        warnings.append(f"seed: {pid} has claims but is in neither disputed nor not_disputed")
    for pid in sorted(no_claims & claimed_places):
        errors.append(f"seed no_claims: {pid} has claims")
    for k, rc in enumerate(gold.get("record_conflicts") or [], 1):
        if rc.get("place") not in places:
            errors.append(f"seed record_conflicts {k}: {rc.get('place')!r} is not a place id")
        for key in ("claim", "record"):
            if not rc.get(key):
                errors.append(f"seed record_conflicts {k}: missing {key!r}")
    passage_counts = Counter(s for ss in passage_stances.values() for s in ss)
    _print_counts("seed.yaml", claim_counts, passage_counts, len(passage_stances))
    print(f"  disputed: {', '.join(sorted(disputed)) or '-'}; not disputed: {', '.join(sorted(not_disputed)) or '-'}; "
          f"record conflicts: {len(gold.get('record_conflicts') or [])}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every passage with its claims")
    args = ap.parse_args()
    errors: list[str] = []
    warnings: list[str] = []
    check_zh(HERE / "zh.yaml", args.show, errors, warnings)
    check_seed(HERE / "seed.yaml", args.show, errors, warnings)
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
