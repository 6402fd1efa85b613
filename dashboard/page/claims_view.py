"""A place's claims as the panel shows them: one row per source and claim, with its stance,
what happens, when, and a link to its passage; rows in conflict are marked, and the record's
answer is a row of its own.  No Streamlit here.

    >>> from dashboard.corpus.analysis import load_corpus
    >>> from dashboard.corpus.claims import corpus_claims, find_disputes
    >>> corpus = load_corpus()
    >>> claims = corpus_claims(corpus)
    >>> rows = place_claims(claims, "khasan")
    >>> dispute = find_disputes(claims, corpus.gazetteer).get("khasan")
    >>> "ncm-conflict" in claims_table(rows, dispute, corpus, "en")
    True
"""
from __future__ import annotations

import html
import re

from dashboard.corpus.claims import Dispute
from dashboard.page.labels import place_name, text

# the stances' colours in the table, the legend and the timeline (a colour-blind-safe set where
# the two that conflict most, asserts and denies, differ in lightness as well as hue)
STANCE_COLOURS = {"asserts": "#1f5fa8", "hearsay": "#6c7a89", "hedged": "#e08a00", "denies": "#b2182b",
                  "no-comment": "#7b3294", "unconfirmed": "#c65f00", "confirms": "#1a9850"}


def passage_anchor(article: str, passage: int) -> str:
    """The HTML id of a passage's card (the claims' rows link to it).

    >>> passage_anchor("2023-09-06-globaltimes-kim-visit.md", 3)
    'ncm-p-2023-09-06-globaltimes-kim-visit-md-3'
    """
    return "ncm-p-" + re.sub(r"[^A-Za-z0-9_-]+", "-", article).strip("-") + f"-{int(passage)}"


def place_claims(claims, place_id: str, sources=(), since=None, until=None) -> list:
    """The claims about one place that pass the source and date filters (a claim's date is its
    event's, else its article's), in corpus order."""
    chosen = set(sources)
    kept = []
    for claim in claims:
        if claim.place != place_id or (chosen and claim.source not in chosen):
            continue
        first = claim.event_first or claim.published
        last = claim.event_last or first
        if first is not None and ((since and last < since) or (until and first > until)):
            continue
        kept.append(claim)
    return kept


def _dates(claim) -> str:
    if claim.event_first is None:
        return ""
    if claim.event_last in (None, claim.event_first):
        return claim.event_first.isoformat()
    return f"{claim.event_first.isoformat()} – {claim.event_last.isoformat()}"


def claims_table(rows, dispute: Dispute | None, corpus, lang: str) -> str:
    """The place's claims as one HTML block (no newline: never read as Markdown); every string
    from the data escaped."""
    e = html.escape
    against: dict = {}
    if dispute is not None:
        for yes, no in dispute.conflicts:
            against.setdefault(yes, []).append(no)
            against.setdefault(no, []).append(yes)
        for conflict in dispute.record:
            against.setdefault(conflict.claim, []).append(conflict)
        for here, other in dispute.timing:
            against.setdefault(here, []).append(("dated", other))
        for here, other in dispute.elsewhere:
            against.setdefault(here, []).append(("placed", other))
    head = "".join(f"<th>{e(text(lang, key))}</th>" for key in ("col_source", "col_stance", "col_what", "col_when", "col_passage"))
    body = []
    for claim in rows:
        notes = []
        for other in against.get(claim, ()):
            if isinstance(other, tuple):  # another source's date or place for the same happening
                how, claim_there = other
                when = _dates(claim_there)
                if how == "dated":
                    notes.append(text(lang, "dated_otherwise").format(source=corpus.source_name(claim_there.source), when=when))
                else:
                    there = corpus.place(claim_there.place) if corpus.has_place(claim_there.place) else None
                    notes.append(text(lang, "placed_otherwise").format(
                        source=corpus.source_name(claim_there.source),
                        place=place_name(there, lang) if there else claim_there.place, when=when))
            elif hasattr(other, "stop"):  # the record
                stop = corpus.place(other.stop) if corpus.has_place(other.stop) else None
                span = other.first.isoformat() if other.first == other.last else f"{other.first.isoformat()} – {other.last.isoformat()}"
                notes.append(text(lang, "record_says").format(place=place_name(stop, lang) if stop else other.stop, when=span))
            else:
                notes.append(text(lang, "conflicts_with").format(source=corpus.source_name(other.source),
                                                                 stance=text(lang, f"stance_{other.stance}")))
        note = f'<div class="ncm-claim-note">{e("; ".join(dict.fromkeys(notes)))}</div>' if notes else ""
        colour = STANCE_COLOURS.get(claim.stance, "#555")
        cue = f' <span class="ncm-claim-cue">“{e(claim.cue)}”</span>' if claim.cue and "·" not in claim.cue else ""
        link = f'<a href="#{passage_anchor(claim.article, claim.passage)}" class="ncm-claim-link">¶{int(claim.passage)}</a>'
        body.append(
            f'<tr class="ncm-claim{" ncm-conflict" if notes else ""}" data-source="{e(claim.source)}" '
            f'data-stance="{e(claim.stance)}"><td>{e(corpus.source_name(claim.source))}{note}</td>'
            f'<td><span class="ncm-stance" style="--stance:{colour}">{e(text(lang, f"stance_{claim.stance}"))}</span>{cue}</td>'
            f'<td>{e(claim.predicate or "—")}</td><td>{e(_dates(claim))}</td><td>{link}</td></tr>')
    return f'<table class="ncm-claims"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
