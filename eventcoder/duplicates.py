"""Duplicate events: the same missile launch reported in ten sentences counted once.

Events are duplicates when they share source, target and code and their dates fall
within ``window`` days of each other (an undated event uses the story date). By default
only events of the same document are merged; ``across_documents=True`` applies the
"one-a-day" rule of event datasets across the whole collection. The merged event keeps
the first mention's record, counts its ``mentions`` and lists every mention's evidence
(``doc_id:sentence_index:predicate_start``) so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from eventcoder.records import Event


def _key(e: Event, across: bool) -> tuple[object, ...]:
    src = e.source.code if e.source else None
    tgt = e.target.code if e.target else None
    return (None if across else e.doc_id, src, tgt, e.code)


def _day(e: Event) -> dt.date | None:
    return e.event_date or e.story_date


def evidence_of(e: Event) -> str:
    """Where one mention is: ``doc_id:sentence_index:predicate_start``."""
    return f"{e.doc_id}:{e.sentence_index}:{e.predicate_start}"


def dedupe(events: Iterable[Event], window: int = 0, across_documents: bool = False) -> list[Event]:
    """Merge duplicate events; the result keeps input order of first mentions.

    ``window`` is the largest gap in days between two mentions' dates that still counts
    as the same event (0: same day). Events without any date merge only with other
    undated events of the same key.
    """
    kept: list[Event] = []
    groups: dict[tuple[object, ...], list[int]] = {}
    evidence: dict[int, list[str]] = {}
    counts: dict[int, int] = {}
    for e in events:
        key = _key(e, across_documents)
        day = _day(e)
        match = None
        for idx in groups.get(key, []):
            other = _day(kept[idx])
            if (day is None and other is None) or (
                day is not None and other is not None and abs((day - other).days) <= window
            ):
                match = idx
                break
        if match is None:
            groups.setdefault(key, []).append(len(kept))
            evidence[len(kept)] = list(e.evidence) or [evidence_of(e)]
            counts[len(kept)] = e.mentions
            kept.append(e)
        else:
            evidence[match].extend(e.evidence or [evidence_of(e)])
            counts[match] += e.mentions
    return [
        e.model_copy(update={"mentions": counts[i], "evidence": tuple(evidence[i])})
        for i, e in enumerate(kept)
    ]
