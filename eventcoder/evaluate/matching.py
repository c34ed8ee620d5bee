"""Matching one record's predicted events against its gold events.

Two jobs, kept separate:

* :func:`record_counts` scores a record at every level it is annotated for, as a
  multiset match of keys (the optimal bipartite matching when matching means "equal
  keys": duplicates count, a prediction matches at most one gold event);
* :func:`explain` pairs events one to one to say *what* went wrong: which gold events
  were missed and the closest prediction to each, which predictions are extra and the
  pattern that fired. It pairs greedily by similarity with the root weighted above
  everything else, so the number of same-root pairs is the root-level true positives
  and the confusion matrix built from the pairs agrees with the root scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from eventcoder.evaluate.levels import LEVELS, Level, gold_plover, gold_root
from eventcoder.evaluate.results import Counts, Extra, Miss

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook
    from eventcoder.evaluate.gold import GoldEvent, GoldRecord
    from eventcoder.records import Event

NONE = "none"


def scored_levels(record: GoldRecord, levels: Sequence[Level] = LEVELS) -> list[Level]:
    """The levels a record's gold can be scored at (its schemes, plus detection)."""
    return [lv for lv in levels if lv.scheme is None or lv.scheme in record.annotated]


def level_counts(
    level: Level, record: GoldRecord, predicted: Sequence[Event], book: Codebook | None
) -> Counts:
    """Counts of one record at one level (multiset intersection of keys)."""
    if level.per_record:
        gold, pred = bool(record.events), bool(predicted)
        return Counts(int(gold and pred), int(pred), int(gold))
    g = Counter(k for k in (level.gold_key(e, book) for e in record.events) if k is not None)
    p = Counter(k for k in (level.pred_key(e) for e in predicted) if k is not None)
    return Counts(sum((g & p).values()), sum(p.values()), sum(g.values()))


def record_counts(
    record: GoldRecord,
    predicted: Sequence[Event],
    book: Codebook | None,
    levels: Sequence[Level] = LEVELS,
) -> dict[str, Counts]:
    """Counts of one record at each level it is scored at."""
    return {
        lv.name: level_counts(lv, record, predicted, book) for lv in scored_levels(record, levels)
    }


def _code(ref: object) -> str | None:
    return getattr(ref, "code", None) if ref is not None else None


Field = tuple[str, object, object, int, bool]  # name, gold, predicted, weight, scored


def _fields(g: GoldEvent, p: Event, record: GoldRecord, book: Codebook | None) -> list[Field]:
    """The fields compared when pairing a gold and a predicted event.

    The weight says how much agreeing on a field counts for pairing: the root outweighs
    all other fields together (64 > 48), so pairs agreeing on the root are always
    preferred (see the module docstring). ``scored`` fields decide whether a pair is
    correct; the others (actors of PLOVER gold, which no level scores) only help pairing.
    """
    src, tgt = _code(p.source), _code(p.target)
    out: list[Field] = []
    if "cameo" in record.annotated:
        out += [
            ("root", gold_root(g, book), p.root, 64, False),  # implied by the code
            ("code", g.code, p.code, 8, True),
            ("source country", g.source_country, src[:3] if src else None, 4, False),
            ("target country", g.target_country, tgt[:3] if tgt else None, 4, False),
            ("source", g.source, src, 2, True),
            ("target", g.target, tgt, 2, True),
        ]
    elif g.source or g.target:  # coded actors without CAMEO codes (PLOVER gold)
        out += [("source", g.source, src, 2, False), ("target", g.target, tgt, 2, False)]
    if "plover" in record.annotated:
        out.append(("PLOVER", gold_plover(g, book), p.plover_type, 16, True))
    if "acled" in record.annotated:
        out += [
            ("ACLED type", g.acled_type, getattr(p, "acled_type", None), 16, True),
            ("ACLED sub-type", g.acled_sub_type, getattr(p, "acled_sub_type", None), 4, True),
        ]
    return out


def similarity(g: GoldEvent, p: Event, record: GoldRecord, book: Codebook | None) -> int:
    """How alike a gold and a predicted event are (0: nothing in common)."""
    return sum(w for _, gv, pv, w, _ in _fields(g, p, record, book) if gv is not None and gv == pv)


def differences(g: GoldEvent, p: Event, record: GoldRecord, book: Codebook | None) -> list[str]:
    """What differs between a gold and a predicted event, as ``field: gold → predicted``."""
    return [
        f"{name}: {gv or NONE} → {pv or NONE}"
        for name, gv, pv, _, scored in _fields(g, p, record, book)
        if scored and gv != pv
    ]


def relevant(record: GoldRecord, predicted: Sequence[Event]) -> list[int]:
    """Indices of the predictions that count at some level this record is scored at.

    A prediction without an ACLED type is no ACLED event: against ACLED gold it is
    neither right nor wrong, so it is left out of the explanation.
    """
    levels = [lv for lv in scored_levels(record) if not lv.per_record]
    return [
        pi for pi, p in enumerate(predicted) if any(lv.pred_key(p) is not None for lv in levels)
    ]


def align(
    record: GoldRecord,
    predicted: Sequence[Event],
    book: Codebook | None,
    candidates: Sequence[int] | None = None,
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, greedily by similarity (> 0).

    ``candidates`` restricts the predictions that may be paired (default: all).
    """
    pool = range(len(predicted)) if candidates is None else candidates
    scored = sorted(
        (-similarity(g, predicted[pi], record, book), gi, pi)
        for gi, g in enumerate(record.events)
        for pi in pool
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for neg, gi, pi in scored:
        if neg == 0:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def explain(
    record: GoldRecord, predicted: Sequence[Event], book: Codebook | None
) -> tuple[list[tuple[int, int]], list[Miss], list[Extra], list[tuple[int, int]]]:
    """Correct pairs, missed gold events, extra predictions, and all pairs (for confusion).

    A pair is correct when the events agree on every scored field; a paired but
    different prediction is both a miss (its gold) and an extra (itself), each naming
    the other as closest. Only :func:`relevant` predictions take part.
    """
    pool = relevant(record, predicted)
    pairs = align(record, predicted, book, pool)
    partner_of_gold = dict(pairs)
    partner_of_pred = {pi: gi for gi, pi in pairs}
    correct = []
    wrong: set[int] = set()
    for gi, pi in pairs:
        if differences(record.events[gi], predicted[pi], record, book):
            wrong.add(gi)
        else:
            correct.append((gi, pi))
    missed = []
    for gi, g in enumerate(record.events):
        if gi in partner_of_gold and gi not in wrong:
            continue
        partner = partner_of_gold.get(gi)
        if partner is None and pool:
            partner = max(pool, key=lambda j: (similarity(g, predicted[j], record, book), -j))
        diff = differences(g, predicted[partner], record, book) if partner is not None else []
        missed.append(Miss(gi, partner, tuple(diff)))
    extra = []
    ok_pred = {pi for _, pi in correct}
    for pi in pool:
        if pi in ok_pred:
            continue
        gold = partner_of_pred.get(pi)
        diff = (
            differences(record.events[gold], predicted[pi], record, book)
            if gold is not None
            else []
        )
        extra.append(Extra(pi, gold, tuple(diff)))
    return correct, missed, extra, pairs


def confusion_cells(
    record: GoldRecord,
    predicted: Sequence[Event],
    pairs: Sequence[tuple[int, int]],
    book: Codebook | None,
) -> Counter[tuple[str, str]]:
    """(gold root, predicted root) cells of one record; ``none`` for misses and extras."""
    cells: Counter[tuple[str, str]] = Counter()
    if "cameo" not in record.annotated:
        return cells
    for gi, pi in pairs:
        cells[(gold_root(record.events[gi], book) or NONE, predicted[pi].root)] += 1
    paired_g = {gi for gi, _ in pairs}
    paired_p = {pi for _, pi in pairs}
    for gi, g in enumerate(record.events):
        if gi not in paired_g:
            cells[(gold_root(g, book) or NONE, NONE)] += 1
    for pi, p in enumerate(predicted):
        if pi not in paired_p:
            cells[(NONE, p.root)] += 1
    return cells
