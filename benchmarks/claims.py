"""Stance accuracy and disputed places, against hand-made gold (benchmarks/claims_gold/).

    .venv/bin/python benchmarks/claims.py [--eval ../shared/eval] [--show-misses N] [--half first|second]

* Stance accuracy, per stance and overall, for each set: en.yaml (TR-News and GeoVirus
  passages, located by article index and a quote), zh.yaml (the texts in claims_gold/zh_texts/,
  and the ministry transcripts kept outside the repository in EVAL/claims_zh/ when present),
  seed.yaml (every (source, place) pair of the bundled article), and, as the row `en-heldout`,
  en_heldout.yaml (read exactly like en.yaml: other TR-News and GeoVirus articles, a held-out
  test set no rule was tuned on; judge a change by it, do not tune on its misses), and, as the
  row `en-dev2`, en_dev2.yaml (read exactly like en.yaml: a second development set from articles
  neither of the two uses, concentrated on denials and doubts; it may be tuned on).  Each gold
  claim is read as the page reads it: the sentence that holds the place, the place's span,
  data/stances.yaml.  A gold place not written in the quote's sentences (implied: "该地区",
  "here") is read at the quote's start.
* The claims of one place in one gold passage are read together: the reader's first k readings
  of it (`StanceGrammar.read_all`: the main one, then a second predicate's), for its k gold
  claims, matched as a multiset; a place with one gold claim is scored on the main reading only.
* `--half first|second` reads only the first or the second half of each set's passages, in
  the gold's order (seed: by passage number), so that rules tuned on the misses of one half can
  be checked on the other.
* Disputed places of the seed: precision and recall of the places where sources conflict
  (dashboard/corpus/claims.find_disputes) against seed.yaml's `disputed`, and of the places the
  record contradicts against its `record_conflicts`.
"""
from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from dashboard.corpus.analysis import load_corpus  # noqa: E402
from dashboard.corpus.claims import corpus_claims, find_disputes, record_conflicts  # noqa: E402
from dashboard.text.articles import split_passages  # noqa: E402
from dashboard.text.attribution import split_sentences  # noqa: E402
from dashboard.text.stances import STANCE_NAMES, bundled_stances  # noqa: E402

GOLD = ROOT / "benchmarks" / "claims_gold"
XML = {"TR-News": "TR-News.xml", "GeoVirus": "GeoVirus.xml"}


def sentence_of(text: str, at: int) -> tuple[str, int]:
    for start, end in split_sentences(text):
        if start <= at < end:
            return text[start:end], start
    return text, 0


def read_claim(paragraph: str, quote_at: int, place: str, lang: str, quote_end: int | None = None):
    """The main reading of `read_claims`."""
    return read_claims(paragraph, quote_at, place, lang, quote_end)[0]


def read_claims(paragraph: str, quote_at: int, place: str, lang: str, quote_end: int | None = None,
                others=()) -> list:
    """The stance the reader gives the place written as `place` in the quote (of its mentions
    there, the first that is the scene of something: "中国政府…拒绝证实金正日正在访问中国" is
    about the second), else in the rest of the quote's sentences (a quote may hold only part of
    a long sentence), else at the quote's start: a place the quote's sentences do not write
    (该地区, 这里, "this question") is implied there, and a mention of it in another sentence
    would be another claim's."""
    end = quote_end if quote_end is not None else len(paragraph)
    first, first_at = sentence_of(paragraph, quote_at)
    last, last_at = sentence_of(paragraph, max(quote_at, end - 1))
    spots = [i for i in _all(paragraph, place) if quote_at <= i < end] or \
        [i for i in _all(paragraph, place) if first_at <= i < last_at + len(last)][:1]
    if not spots:  # implied place: read at the quote's start
        sentence, offset = sentence_of(paragraph, quote_at)
        return [bundled_stances().read(sentence, quote_at - offset, quote_at - offset, lang)]
    readings = []
    for at in spots:
        sentence, offset = sentence_of(paragraph, at)
        elsewhere = [(i - offset, i - offset + len(o)) for o in others if o != place and o not in place
                     for i in _all(paragraph, o) if offset <= i < offset + len(sentence)]
        readings.append(bundled_stances().read_all(sentence, at - offset, at - offset + len(place), lang,
                                                   elsewhere=elsewhere))
    return next((r for r in readings if r[0].scene), readings[0])


def matched(gold: list[str], readings: list) -> list[str]:
    """For the gold stances of one place in one passage (in gold order), the stance read for each:
    the reader's first len(gold) readings matched as a multiset (a reader that says more than the
    gold gains nothing by it; one that says less leaves a claim unread, which takes its main reading)."""
    left = [r.stance for r in readings[:len(gold)]]
    out = [None] * len(gold)
    for i, stance in enumerate(gold):
        if stance in left:
            left.remove(stance)
            out[i] = stance
    for i in range(len(gold)):
        if out[i] is None:
            out[i] = left.pop(0) if left else readings[0].stance
    return out


def _all(text: str, part: str):
    at = text.find(part)
    while at >= 0 and part:
        yield at
        at = text.find(part, at + 1)


def score(pairs: list[tuple[str, str, str]]) -> dict:
    """pairs: (gold stance, read stance, where) -> accuracy overall and per gold stance."""
    per = Counter(g for g, _, _ in pairs)
    right = Counter(g for g, r, _ in pairs if g == r)
    return {"n": len(pairs), "accuracy": sum(right.values()) / len(pairs) if pairs else 0.0,
            "per": {s: (right[s], per[s]) for s in STANCE_NAMES if per[s]}}


def halved(items: list, half: str | None) -> list:
    """The first or second half of `items` (the first holds the middle one), or all of them."""
    middle = (len(items) + 1) // 2
    return items[:middle] if half == "first" else items[middle:] if half == "second" else items


def english_pairs(eval_dir: Path, half: str | None = None, gold_file: str = "en.yaml") -> list:
    """The (gold, read, where) pairs of an English gold file: en.yaml, en_heldout.yaml (the
    held-out set) or en_dev2.yaml (the second development set), all in the same format and indexing."""
    gold = yaml.safe_load((GOLD / gold_file).read_text(encoding="utf-8"))
    bodies = {name: [e.findtext("text") or "" for e in ET.parse(eval_dir / f).getroot().findall("article")]
              for name, f in XML.items() if (eval_dir / f).exists()}
    pairs = []
    for entry in halved(gold["passages"], half):
        if entry["set"] not in bodies:
            continue
        body = bodies[entry["set"]][entry["article"]]
        paragraph = next(p.text for p in split_passages(str(entry["article"]), body) if entry["quote"] in p.text)
        at = paragraph.index(entry["quote"])
        pairs += _entry_pairs(entry, paragraph, at, "en", 70)
    return pairs


def _entry_pairs(entry, paragraph: str, at: int, lang: str, width: int) -> list:
    """(gold, read, where) for each claim of a gold passage; the claims of one place read together."""
    places = list(dict.fromkeys(c["place"] for c in entry["claims"]))
    pairs = []
    for place in places:
        claims = [c for c in entry["claims"] if c["place"] == place]
        readings = read_claims(paragraph, at, place, lang, at + len(entry["quote"]), others=places)
        for claim, stance in zip(claims, matched([c["stance"] for c in claims], readings)):
            pairs.append((claim["stance"], stance, f'{entry["id"]} {place}: {entry["quote"][:width]}'))
    return pairs


def chinese_pairs(eval_dir: Path, half: str | None = None) -> tuple[list, int]:
    gold = yaml.safe_load((GOLD / "zh.yaml").read_text(encoding="utf-8"))
    pairs, missing = [], 0
    for entry in halved(gold["passages"], half):
        path = next((d / entry["text_file"] for d in (GOLD / "zh_texts", eval_dir / "claims_zh")
                     if (d / entry["text_file"]).exists()), None)
        if path is None:
            missing += 1
            continue
        text = path.read_text(encoding="utf-8")
        paragraph = next(p for p in text.split("\n\n") if entry["quote"] in p)
        at = paragraph.index(entry["quote"])
        pairs += _entry_pairs(entry, paragraph, at, "zh", 40)
    return pairs, missing


def seed_pairs(corpus, half: str | None = None) -> list:
    gold = yaml.safe_load((GOLD / "seed.yaml").read_text(encoding="utf-8"))
    passages = {p.passage.number: p for p in corpus.passages}
    kept = set(halved(sorted({c["passage"] for c in gold["claims"]}), half))
    pairs = []
    for claim in (c for c in gold["claims"] if c["passage"] in kept):
        analysed = passages[claim["passage"]]
        at = analysed.text.find(claim["quote"])
        mentions = [m for m in analysed.mentions_of(claim["place"]) if m.start >= at] or analysed.mentions_of(claim["place"])
        surface = mentions[0].surface if mentions else ""
        reading = read_claim(analysed.text, at, surface or "\0", "zh", at + len(claim["quote"]))
        pairs.append((claim["stance"], reading.stance, f'p{claim["passage"]} {claim["place"]}: {claim["quote"][:40]}'))
    return pairs


def precision_recall(found: set, gold: set) -> str:
    hit = len(found & gold)
    p = hit / len(found) if found else 0.0
    r = hit / len(gold) if gold else 0.0
    return f"P {p:.2f} R {r:.2f} (found {sorted(found)}; gold {sorted(gold)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"), help="folder of TR-News.xml, GeoVirus.xml")
    parser.add_argument("--show-misses", type=int, default=0, metavar="N")
    parser.add_argument("--half", choices=("first", "second"), help="only the first or second half of each set's passages")
    args = parser.parse_args()
    eval_dir = Path(args.eval)
    corpus = load_corpus()
    zh, missing = chinese_pairs(eval_dir, args.half)
    sets = {"en": english_pairs(eval_dir, args.half), "zh": zh, "seed": seed_pairs(corpus, args.half)}
    if (GOLD / "en_heldout.yaml").exists():  # the held-out English set, last so the rows above read as before
        sets["en-heldout"] = english_pairs(eval_dir, args.half, "en_heldout.yaml")
    if (GOLD / "en_dev2.yaml").exists():  # the second English development set (denials, doubts), after them
        sets["en-dev2"] = english_pairs(eval_dir, args.half, "en_dev2.yaml")
    print("stance accuracy (gold place and sentence, read with data/stances.yaml)")
    print(f"{'set':6} {'n':>4} {'acc':>5}  " + "  ".join(f"{s[:11]:>11}" for s in STANCE_NAMES))
    for name, pairs in sets.items():
        result = score(pairs)
        cells = "  ".join(f"{'%d/%d' % result['per'][s] if s in result['per'] else '-':>11}" for s in STANCE_NAMES)
        print(f"{name:6} {result['n']:>4} {result['accuracy']:5.2f}  {cells}")
        misses = [(g, r, w) for g, r, w in pairs if g != r][:args.show_misses]
        for g, r, w in misses:
            print(f"    gold {g:11} read {r:11} {w}")
    if missing:
        print(f"zh: {missing} passages skipped, their texts not found (the ministry transcripts live outside the "
              f"repository, in EVAL/claims_zh/)")
    gold = yaml.safe_load((GOLD / "seed.yaml").read_text(encoding="utf-8"))
    claims = corpus_claims(corpus)
    disputes = find_disputes(claims, corpus.gazetteer)
    by_sources = {p for p, d in disputes.items() if d.conflicts}
    by_record = {c.claim.place for c in record_conflicts(claims, corpus.gazetteer)}
    print("seed, places where sources conflict:  " + precision_recall(by_sources, set(gold["disputed"])))
    print("seed, places the record contradicts: " + precision_recall(by_record, {c["place"] for c in gold["record_conflicts"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
