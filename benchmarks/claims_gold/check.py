"""Checks the English claims gold (en.yaml, en_heldout.yaml, en_dev2.yaml) against its texts and prints its counts.

    .venv/bin/python benchmarks/claims_gold/check.py [--show] [--eval DIR] [--gold FILE ...]

Without --gold it checks the three English files, one after the other (en.yaml, the development
set; en_heldout.yaml, the held-out set; en_dev2.yaml, the second development set, on denials and
doubts), each with its own counts; --gold FILE (repeatable) checks only the files named.

The texts are read the way benchmarks/attribution.py reads them: the `<article>` elements of
../shared/eval/TR-News.xml or GeoVirus.xml in document order, `article` being the 0-based position
(`ET.parse(path).getroot().findall("article")[article]`), the body being the element's `<text>`
exactly as parsed, and the paragraphs being `dashboard.text.articles.split_passages(str(article),
body)` (in these two sets: one paragraph per line of the text; a GeoVirus text is one line, so
one paragraph).

Errors (exit status 1): a missing or unknown field, a duplicate id, an unknown set, an article
index out of range, a quote outside 40-160 characters or not an exact substring of exactly one
paragraph of its article, a claim with an unknown stance, an empty source or predicate, a
predicate with capitals, or a place that is not a substring of the quote's paragraph.  For the
held-out file also: a passage from an article that en.yaml uses, or (GeoVirus) from an article
whose <source> URL an en.yaml article shares, since such a passage is not held out.  For
en_dev2.yaml also: a passage from an article that en.yaml or en_heldout.yaml uses, or (GeoVirus)
from an article whose <source> URL such an article shares, since en_dev2.yaml is made of passages
not used so far.
Warnings (printed, not fatal): a place that is not inside the sentence(s) the quote lies in,
a source other than OUTLET that does not occur in the article text, a quote found twice in
its paragraph.

It prints the counts per stance (claims, and passages with at least one claim of the stance),
per set, and the passages that carry a note.  --show prints every passage with its quote,
paragraph number and claims, for review.
"""
from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.text.attribution import split_sentences  # noqa: E402
from dashboard.text.articles import split_passages  # noqa: E402  (the same splitter the benchmark uses)

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
XML_FILES = {"TR-News": "TR-News.xml", "GeoVirus": "GeoVirus.xml"}
STANCES = ("asserts", "hearsay", "hedged", "denies", "no-comment", "unconfirmed", "confirms")
PASSAGE_FIELDS = {"id", "set", "article", "quote", "claims", "note"}
CLAIM_FIELDS = {"source", "place", "predicate", "stance", "note"}
QUOTE_MIN, QUOTE_MAX = 40, 160
DEV_GOLD = HERE / "en.yaml"  # the development set: its articles are off limits to the held-out one
HELDOUT_GOLD = HERE / "en_heldout.yaml"  # the held-out set: never used to tune a rule
DEV2_GOLD = HERE / "en_dev2.yaml"  # the second development set (denials, doubts): none of the others' articles
DEFAULT_GOLDS = (DEV_GOLD, HELDOUT_GOLD, DEV2_GOLD)
# For each file, the files whose articles it must not use (it fails on a passage from one of them).
OFF_LIMITS = {HELDOUT_GOLD.name: (DEV_GOLD,), DEV2_GOLD.name: (DEV_GOLD, HELDOUT_GOLD)}


def english_bodies(eval_dir: Path, set_name: str) -> list[str]:
    """The article bodies of one set, as attribution.english_texts reads them."""
    return [entry.findtext("text") or "" for entry in ET.parse(eval_dir / XML_FILES[set_name]).getroot().findall("article")]


def sentence_window(paragraph: str, start: int, end: int) -> str:
    """The sentence(s) of `paragraph` that the span [start, end) touches (the project's splitter)."""
    touched = [(s, e) for s, e in split_sentences(paragraph) if s < max(end, start + 1) and start < e]
    return paragraph[touched[0][0]:touched[-1][1]] if touched else paragraph


def used_articles(gold: dict) -> set:
    """(set, article) of every passage of a gold file."""
    return {(p.get("set"), p.get("article")) for p in gold.get("passages") or []}


def heldout_leaks(heldout: dict, dev: dict, eval_dir: Path, used_by: str = DEV_GOLD.name,
                  what: str = "not held out") -> list[str]:
    """Passages of the held-out gold that are not held out: from an article the development gold
    uses, or (GeoVirus, where one Wikinews story is cut into several <article> elements) from an
    article whose <source> URL a used article shares.  Also used for en_dev2.yaml, with `dev` the
    union of the passages of en.yaml and en_heldout.yaml (`used_by` names them in the messages)."""
    used = used_articles(dev)
    sources: dict[str, list] = {}  # set -> the <source> of each article, in document order
    used_sources: dict[str, set] = {}  # set -> the <source> URLs of the articles the dev gold uses
    for set_name in XML_FILES:
        sources[set_name] = [e.findtext("source") for e in
                             ET.parse(eval_dir / XML_FILES[set_name]).getroot().findall("article")]
        used_sources[set_name] = {sources[set_name][i] for s, i in used if s == set_name and isinstance(i, int)
                                  and 0 <= i < len(sources[set_name])} - {None, ""}
    leaks = []
    for n, p in enumerate(heldout.get("passages") or [], 1):
        pid, set_name, index = p.get("id", f"#{n}"), p.get("set"), p.get("article")
        if (set_name, index) in used:
            leaks.append(f"{pid}: {set_name} {index} is an article of {used_by}, {what}")
        elif set_name == "GeoVirus" and isinstance(index, int) and 0 <= index < len(sources[set_name]) \
                and sources[set_name][index] in used_sources[set_name]:
            leaks.append(f"{pid}: GeoVirus {index} shares its source URL with an article of {used_by}, "
                         f"{what}")
    return leaks


def check(gold: dict, eval_dir: Path, show: bool, extra_errors: list[str] | None = None) -> int:
    errors: list[str] = list(extra_errors or [])
    warnings: list[str] = []
    bodies: dict[str, list[str]] = {}
    seen_ids: set = set()
    claim_counts: Counter = Counter()
    passage_counts: Counter = Counter()
    by_set: Counter = Counter()
    articles: set = set()
    noted: list[str] = []
    passages = gold.get("passages") or []
    for n, p in enumerate(passages, 1):
        pid = p.get("id", f"#{n}")
        where = f"{pid}"
        extra = set(p) - PASSAGE_FIELDS
        if extra:
            errors.append(f"{where}: unknown field(s) {sorted(extra)}")
        missing = {"id", "set", "article", "quote", "claims"} - set(p)
        if missing:
            errors.append(f"{where}: missing field(s) {sorted(missing)}")
            continue
        if pid in seen_ids:
            errors.append(f"{where}: duplicate id")
        seen_ids.add(pid)
        if p["set"] not in XML_FILES:
            errors.append(f"{where}: unknown set {p['set']!r}")
            continue
        if p["set"] not in bodies:
            bodies[p["set"]] = english_bodies(eval_dir, p["set"])
        texts = bodies[p["set"]]
        index = p["article"]
        if not isinstance(index, int) or not 0 <= index < len(texts):
            errors.append(f"{where}: article {index!r} is not an index of {p['set']} (0..{len(texts) - 1})")
            continue
        quote = p["quote"]
        if not isinstance(quote, str) or not QUOTE_MIN <= len(quote) <= QUOTE_MAX:
            errors.append(f"{where}: quote has {len(quote) if isinstance(quote, str) else '?'} characters, "
                          f"not {QUOTE_MIN}-{QUOTE_MAX}")
        body = texts[index]
        paragraphs = split_passages(str(index), body)
        hits = [q for q in paragraphs if isinstance(quote, str) and quote in q.text]
        if len(hits) != 1:
            errors.append(f"{where}: quote found in {len(hits)} paragraphs of {p['set']} {index} (want exactly 1): "
                          f"{quote!r}")
            continue
        para = hits[0]
        if para.text.count(quote) > 1:
            warnings.append(f"{where}: quote occurs {para.text.count(quote)} times in its paragraph")
        qstart = para.text.index(quote)
        window = sentence_window(para.text, qstart, qstart + len(quote))
        articles.add((p["set"], index))
        by_set[p["set"]] += 1
        if p.get("note"):
            noted.append(pid)
        claims = p["claims"] or []
        if not claims:
            errors.append(f"{where}: no claims")
        stances_here = set()
        for k, c in enumerate(claims, 1):
            cw = f"{where} claim {k}"
            if not isinstance(c, dict):
                errors.append(f"{cw}: not a mapping")
                continue
            extra = set(c) - CLAIM_FIELDS
            if extra:
                errors.append(f"{cw}: unknown field(s) {sorted(extra)}")
            missing = {"source", "place", "predicate", "stance"} - set(c)
            if missing:
                errors.append(f"{cw}: missing field(s) {sorted(missing)}")
                continue
            if c["stance"] not in STANCES:
                errors.append(f"{cw}: stance {c['stance']!r} is not one of {', '.join(STANCES)}")
            else:
                claim_counts[c["stance"]] += 1
                stances_here.add(c["stance"])
            if not str(c["source"]).strip():
                errors.append(f"{cw}: empty source")
            elif c["source"] != "OUTLET" and str(c["source"]).casefold() not in body.casefold():
                warnings.append(f"{cw}: source {c['source']!r} does not occur in the article text")
            pred = str(c["predicate"])
            if not pred.strip():
                errors.append(f"{cw}: empty predicate")
            elif pred != pred.lower():
                errors.append(f"{cw}: predicate {pred!r} is not lowercase")
            place = str(c["place"])
            if not place or place not in para.text:
                errors.append(f"{cw}: place {place!r} is not in paragraph p{para.number} of {p['set']} {index}")
            elif place not in window:
                warnings.append(f"{cw}: place {place!r} is in the paragraph but not in the quote's sentence")
        for s in stances_here:
            passage_counts[s] += 1
        if show:
            print(f"{pid}  {p['set']} {index} p{para.number} [{para.start + qstart}:{para.start + qstart + len(quote)}]")
            print(f"    “{quote}”")
            for c in claims:
                if isinstance(c, dict):
                    print(f"    - {c.get('stance', '?'):<12} {c.get('source')!s:<30} @ {c.get('place')!s:<28} "
                          f"{c.get('predicate')}")
            if p.get("note"):
                print(f"    note: {p['note']}")
    for w in warnings:
        print(f"warning: {w}")
    for e in errors:
        print(f"ERROR: {e}")
    total = sum(claim_counts.values())
    print(f"\n{len(passages)} passages ({', '.join(f'{s} {n}' for s, n in sorted(by_set.items()))}) "
          f"from {len(articles)} articles; {total} claims; {len(noted)} passages with a note")
    print(f"{'stance':<13}{'claims':>7}{'share':>7}{'passages':>10}")
    for s in STANCES:
        share = claim_counts[s] / total if total else 0.0
        print(f"{s:<13}{claim_counts[s]:>7}{share:>7.0%}{passage_counts[s]:>10}")
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", default=str(DEFAULT_EVAL), help="folder of TR-News.xml and GeoVirus.xml")
    parser.add_argument("--gold", action="append", metavar="FILE",
                        help="a gold file to check (repeatable; default: en.yaml, en_heldout.yaml and "
                             "en_dev2.yaml here)")
    parser.add_argument("--show", action="store_true", help="print every passage with its claims")
    args = parser.parse_args(argv)
    eval_dir = Path(args.eval)
    missing = [f for f in XML_FILES.values() if not (eval_dir / f).is_file()]
    if missing:
        print(f"{eval_dir}: {', '.join(missing)} not found — pass --eval DIR", file=sys.stderr)
        return 2
    paths = [Path(g) for g in args.gold] if args.gold else [g for g in DEFAULT_GOLDS if g.is_file()]
    status = 0
    for k, path in enumerate(paths):
        gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        leaks = []
        refs = [r for r in OFF_LIMITS.get(path.resolve().name, ()) if path.resolve().parent == HERE
                and r.is_file()]
        if refs:  # the passages of the files whose articles this one must not use, in one list
            others = {"passages": [q for r in refs
                                   for q in (yaml.safe_load(r.read_text(encoding="utf-8")) or {}).get("passages")
                                   or []]}
            leaks = heldout_leaks(gold, others, eval_dir, used_by=" or ".join(r.name for r in refs),
                                  what="not held out" if path.resolve() == HELDOUT_GOLD.resolve()
                                  else "already used")
        if len(paths) > 1:
            print(f"{'' if k == 0 else chr(10)}== {path.name}")
        status = max(status, check(gold, eval_dir, args.show, leaks))
    return status


if __name__ == "__main__":
    sys.exit(main())
