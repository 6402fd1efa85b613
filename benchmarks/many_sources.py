"""A corpus with many sources found in the text, for timing the source filter with hundreds of them.

    .venv/bin/python benchmarks/many_sources.py --sources 500 --output /tmp/many [--seed 1]

Writes OUTPUT/articles/: the bundled seed article, and one short English article per invented
speaker (`--sources` of them), from a handful of made-up outlets.  Each quotes its speaker the
way news does ("“…,” said Anna Berg, a spokeswoman for the port authority, on Tuesday.") about
Moscow, Vladivostok or Khasan, so the speakers are found in the text (none is in sources.yaml)
and Moscow's passage count changes with the source chosen, as `filter_browser.py` needs.
Speakers' names are a given name of data/given_names.yaml and a surname made of two syllables:
no real person is meant.  Deterministic for a seed.

Then time the filter on it and on the seed in one sitting, and compare the medians:

    .venv/bin/python benchmarks/filter_browser.py
    .venv/bin/python benchmarks/filter_browser.py --corpus /tmp/many/articles
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "articles"
SYLLABLES = ("ber", "kal", "mon", "dra", "vik", "sel", "tor", "han", "lin", "gar", "ost", "rud", "mar", "fen")
ROLES = ("a spokeswoman for the port authority", "a spokesman for the regional government",
         "an analyst at the Institute of Northern Studies", "a railway official", "a local councillor",
         "a professor of international relations", "a border guard commander", "a shipping agent")
OUTLETS = ("Harbour Wire", "Northern Ledger", "Coastal Courier", "Evening Dispatch", "Rail Gazette")
PLACES = ("Moscow", "Vladivostok", "Khasan")
QUOTES = ("The preparations in {place} are going ahead as planned",
          "Nobody in {place} has been told anything official",
          "We expect the delegation to reach {place} within days",
          "Security around the station in {place} has been stepped up")


def surname(rng: random.Random) -> str:
    return (rng.choice(SYLLABLES) + rng.choice(SYLLABLES)).capitalize()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=500, help="invented speakers, one article each (default 500)")
    parser.add_argument("--output", required=True, help="a new or empty folder")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = Path(args.output) / "articles"
    if out.exists() and any(out.iterdir()):
        print(f"{out}: not empty — choose a new folder", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for seed_article in sorted(SEED.glob("*.md")):
        shutil.copy(seed_article, out / seed_article.name)
    given = yaml.safe_load((ROOT / "data" / "given_names.yaml").read_text(encoding="utf-8"))["given_names"]
    rng = random.Random(args.seed)
    names: set[str] = set()
    day = dt.date(2023, 9, 1)
    while len(names) < args.sources:
        name = f"{rng.choice(given)} {surname(rng)}"
        if name in names:
            continue
        names.add(name)
        n = len(names)
        place = PLACES[0] if n % 3 else rng.choice(PLACES[1:])
        published = day + dt.timedelta(days=n % 14)
        quote = rng.choice(QUOTES).format(place=place)
        body = (f"“{quote},” said {name}, {rng.choice(ROLES)}, on {published.strftime('%A')}.\n\n"
                f"Trains between {place} and the border ran on time, the outlet's reporters saw.\n")
        front = {"title": f"Voices from {place} {n}", "outlet": OUTLETS[n % len(OUTLETS)],
                 "published": published.isoformat(), "language": "en"}
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body
        (out / f"voices-{n:04d}.md").write_text(text, encoding="utf-8")
    print(f"{out}: the seed and {args.sources} articles, one invented speaker each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
