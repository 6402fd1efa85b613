"""The hand-made gold of the seed article (tests/gold_seed.yaml), and what it says a view shows:
the passages a source or a date filter keeps, and the passages that name each place.  Tests
take their expectations from here rather than from the engine.

A filter on sources and dates together keeps a passage only when one *sentence* has both; the
gold is kept per passage, so such filters are written out by hand in the tests.  So are date
filters that an implied date decides (a sentence that writes no reported date takes one from
the report it continues): `passages` reads only the dates the gold lists as written.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import yaml

GOLD = yaml.safe_load((Path(__file__).parent / "gold_seed.yaml").read_text(encoding="utf-8"))["passages"]
ARTICLE = "2023-09-06-globaltimes-kim-visit.md"


def passages(sources=(), date_kind: str = "any", since: str | None = None, until: str | None = None) -> set[int]:
    """The numbers of the passages a filter keeps: one of `sources` (canonical names) speaks
    in it, and one of its dates of `date_kind` (reported, event, any) overlaps since–until."""
    kept = set()
    for number, entry in GOLD.items():
        if sources and not set(sources) & set(entry["sources"]):
            continue
        if since or until:
            kinds = ("reported", "event") if date_kind == "any" else (date_kind,)
            first, last = dt.date.fromisoformat(since or "0001-01-01"), dt.date.fromisoformat(until or "9999-12-31")
            if not any(d[2] >= first and d[1] <= last for kind in kinds for d in entry[kind]):
                continue
        kept.add(number)
    return kept


def place_passages(numbers=None) -> Counter:
    """places.yaml id -> how many of the passages `numbers` (default: all) name it."""
    return Counter(pid for n, entry in GOLD.items() if numbers is None or n in numbers for pid in entry["places"])


def world_passages(numbers=None) -> Counter:
    """English name of a suggested (world) place -> how many of the passages `numbers` name it."""
    return Counter(name for n, entry in GOLD.items() if numbers is None or n in numbers
                   for name in entry.get("world", {}))
