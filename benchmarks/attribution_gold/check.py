"""Checks the attribution gold against its texts and prints its counts.

    .venv/bin/python benchmarks/attribution_gold/check.py [--show] [--eval DIR] [--zh DIR] [--voa DIR]

For every article of every gold file (en.yaml, en_heldout.yaml, en_dev2.yaml, zh.yaml, zh_voa_dev2.yaml,
zh_more.yaml, zh_voa.yaml, zh_voa_heldout.yaml): the text is found (``starts_with`` agrees), the
passages are exactly the passages of the rule in CONVENTIONS.md (every one listed, in order),
each passage is one passage for the project's ``split_passages``, every span lies inside its
passage and is not blank, and the fields have allowed values.  Then it prints the counts per
language: articles, passages, passages with a source, (passage, source) pairs by kind, by role,
nested and continued.  ``--show`` also prints every pair with the text of its spans, for review.

It reads the texts only (TR-News.xml and GeoVirus.xml from ../shared/eval — without them the English
articles are skipped with a note and the rest is still checked — the Chinese files from
../shared/eval/attribution_zh, and for set ``voa_zh`` the Voice of America texts kept in the repository,
benchmarks/claims_gold/zh_texts, whose offsets are into the whole file); it runs none of the project's
attribution code.
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

from dashboard.text.articles import split_passages  # noqa: E402

KINDS = ("person", "organisation", "government", "outlet", "generic")
ROLES = ("speaker", "cited")
CONTINUED = ("unambiguous", "context")
FIELDS = {"name", "kind", "title", "affiliation", "role", "spans", "continued", "nested", "note"}
XML_FILES = {"TR-News": "TR-News.xml", "GeoVirus": "GeoVirus.xml"}
VOA_DIR = ROOT / "benchmarks" / "claims_gold" / "zh_texts"


def xml_texts(path: Path) -> list[str]:
    return [a.find("text").text or "" for a in ET.parse(path).getroot().findall("article")]


def line_passages(text: str) -> list[tuple[int, int]]:
    """The passage rule for TR-News and GeoVirus: one line, stripped, empty lines dropped."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + len(line) - len(line.lstrip())
            out.append((start, start + len(stripped)))
        pos += len(line) + 1
    return out


def zh_body(path: Path) -> str:
    """The body of a .txt article: the file after its first line (the title)."""
    return path.read_text(encoding="utf-8").partition("\n")[2]


def check_article(art: dict, text: str, expected: list[tuple[int, int]], where: str, errors: list) -> None:
    if not text.lstrip().startswith(art["starts_with"]):
        errors.append(f"{where}: starts_with does not match the text")
    got = [(p["start"], p["end"]) for p in art["passages"]]
    if got != expected:
        errors.append(f"{where}: passages differ from the rule ({len(got)} listed, {len(expected)} expected)")
    for n, p in enumerate(art["passages"], 1):
        ptext = text[p["start"]:p["end"]]
        split = split_passages("check", ptext)
        if len(split) != 1 or split[0].text != ptext:
            errors.append(f"{where} passage {n}: split_passages does not return it as one passage")
        names = set()
        for s in p["sources"] or []:
            w = f"{where} passage {n} {s.get('name')!r}"
            if set(s) - FIELDS:
                errors.append(f"{w}: unknown fields {sorted(set(s) - FIELDS)}")
            if s.get("kind") not in KINDS or s.get("role") not in ROLES:
                errors.append(f"{w}: kind or role not allowed")
            if s["name"] in names:
                errors.append(f"{w}: source listed twice in one passage")
            names.add(s["name"])
            if s.get("continued") not in (None, *CONTINUED):
                errors.append(f"{w}: continued must be one of {CONTINUED}")
            if not s["spans"] and not s.get("continued"):
                errors.append(f"{w}: no span and not continued")
            for start, end in s["spans"]:
                if not (p["start"] <= start < end <= p["end"]) or not text[start:end].strip():
                    errors.append(f"{w}: span {start}-{end} outside its passage or blank")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"), help="folder of TR-News.xml and GeoVirus.xml")
    ap.add_argument("--zh", default=None, help="folder of the Chinese texts (default: EVAL/attribution_zh)")
    ap.add_argument("--voa", default=str(VOA_DIR), help="folder of the texts of set voa_zh (default: benchmarks/claims_gold/zh_texts)")
    ap.add_argument("--show", action="store_true", help="print every pair with its spans")
    args = ap.parse_args()
    eval_dir = Path(args.eval)
    zh_dir = Path(args.zh) if args.zh else eval_dir / "attribution_zh"
    voa_dir = Path(args.voa)
    xml_cache: dict[str, list[str]] = {}
    errors: list[str] = []
    skipped_xml: set[str] = set()  # sets whose XML file is not in --eval: their articles are not checked
    for lang in ("en", "en_heldout", "en_dev2", "zh", "zh_more", "zh_voa", "zh_voa_heldout", "zh_voa_dev2"):
        if not (HERE / f"{lang}.yaml").is_file():
            continue
        gold = yaml.safe_load((HERE / f"{lang}.yaml").read_text(encoding="utf-8"))
        kinds, roles, sets = Counter(), Counter(), Counter()
        n_pass = n_with = n_pairs = n_nested = 0
        continued = Counter()
        names_by_kind: dict[str, set] = {}
        for art in gold["articles"]:
            where = f"{lang} {art['set']} {art['index']}"
            if art["set"] == "attribution_zh":
                if not (zh_dir / art["index"]).is_file():
                    print(f"{where}: not checked, its text is not in {zh_dir}")
                    continue
                text = zh_body(zh_dir / art["index"])
                expected = [(p.start, p.end) for p in split_passages(art["index"], text)]
            elif art["set"] == "voa_zh":
                if not (voa_dir / art["index"]).is_file():
                    errors.append(f"{where}: its text is not in {voa_dir}")
                    continue
                # no title line: offsets are into the whole file
                text = (voa_dir / art["index"]).read_text(encoding="utf-8")
                expected = [(p.start, p.end) for p in split_passages(art["index"], text)]
            else:
                if not (eval_dir / XML_FILES[art["set"]]).is_file():  # a clean clone: the English texts are elsewhere
                    skipped_xml.add(art["set"])
                    continue
                if art["set"] not in xml_cache:
                    xml_cache[art["set"]] = xml_texts(eval_dir / XML_FILES[art["set"]])
                text = xml_cache[art["set"]][art["index"]]
                expected = line_passages(text)
            check_article(art, text, expected, where, errors)
            sets[art["set"]] += 1
            if args.show:
                print(f"===== {where} ({art.get('outlet')})")
            for n, p in enumerate(art["passages"], 1):
                n_pass += 1
                srcs = p["sources"] or []
                n_with += bool(srcs)
                for s in srcs:
                    n_pairs += 1
                    kinds[s["kind"]] += 1
                    roles[s["role"]] += 1
                    n_nested += bool(s.get("nested"))
                    if s.get("continued"):
                        continued[s["continued"]] += 1
                    names_by_kind.setdefault(s["kind"], set()).add((art["set"], art["index"], s["name"]))
                    if args.show:
                        spans = " | ".join(text[a:b] for a, b in s["spans"]) or f"(continued: {s.get('continued')})"
                        print(f"  p{n} {s['name']} [{s['kind']}/{s['role']}{'/nested' if s.get('nested') else ''}] {spans}")
        print(f"{lang}: {sum(sets.values())} articles ({', '.join(f'{k} {v}' for k, v in sets.items())}), "
              f"{n_pass} passages, {n_with} with a source, {n_pairs} (passage, source) pairs")
        print("   pairs by kind:    " + ", ".join(f"{k} {kinds[k]}" for k in KINDS))
        print("   sources by kind:  " + ", ".join(f"{k} {len(names_by_kind.get(k, ()))}" for k in KINDS)
              + f"  (distinct per article; total {sum(len(v) for v in names_by_kind.values())})")
        print("   pairs by role:    " + ", ".join(f"{k} {roles[k]}" for k in ROLES)
              + f"; nested {n_nested}; continued " + ", ".join(f"{k} {continued[k]}" for k in CONTINUED))
    for name in sorted(skipped_xml):
        print(f"{name}: not checked, {XML_FILES[name]} is not in {eval_dir} (pass --eval DIR)")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
