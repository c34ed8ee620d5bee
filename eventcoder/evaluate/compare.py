"""Comparing two codebooks (or coders) on the same gold: level deltas and changed records.

Both coders code the same parses (:func:`~eventcoder.evaluate.scorer.predict_many`),
and the bootstrap draws the same resamples for both, so each F1 delta gets a paired
95% interval. ``A`` is the candidate, ``B`` the reference: a record is *fixed* when
``B`` got it wrong and ``A`` right, *broken* the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from eventcoder.evaluate.results import EvaluationResult, Interval, LevelScore, RecordResult
from eventcoder.evaluate.scorer import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    GoldInput,
    bootstrap_weights,
    coder_meta,
    count_arrays,
    gold_name,
    load,
    percentile_interval,
    predict_many,
    resampled,
    score,
)

if TYPE_CHECKING:
    from eventcoder.coder import Coder

#: ``--compare A baseline``: the shipped codebook named ``baseline`` if there is one,
#: otherwise the default shipped codebook (what ``Coder()`` uses).
BASELINE = "baseline"

Change = Literal["fixed", "broken", "changed"]


@dataclass(frozen=True, slots=True)
class LevelDelta:
    """One level for both sides, with ``A - B`` in F1 and its paired interval."""

    level: str
    label: str
    a: LevelScore
    b: LevelScore
    ci: Interval

    @property
    def delta(self) -> float | None:
        fa, fb = self.a.counts.f1, self.b.counts.f1
        return None if fa is None or fb is None else fa - fb

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "label": self.label,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "delta_f1": self.delta,
            "delta_f1_ci95": list(self.ci),
        }


@dataclass(frozen=True, slots=True)
class RecordChange:
    """A record whose outcome differs between the two sides."""

    change: Change
    a: RecordResult
    b: RecordResult

    @property
    def id(self) -> str:
        return self.a.record.id


@dataclass(slots=True)
class Comparison:
    """Two evaluations of the same gold records, side by side."""

    a_name: str
    b_name: str
    a: EvaluationResult
    b: EvaluationResult
    levels: list[LevelDelta]
    changes: list[RecordChange]

    def changed(self, kind: str) -> list[RecordChange]:
        """The changes of one kind: ``fixed``, ``broken`` or ``changed``."""
        return [c for c in self.changes if c.change == kind]

    def to_dict(self) -> dict[str, Any]:
        def _change(c: RecordChange) -> dict[str, Any]:
            return {"id": c.id, "change": c.change, "a": c.a.to_dict(), "b": c.b.to_dict()}

        return {
            "a": {"name": self.a_name, "meta": self.a.meta},
            "b": {"name": self.b_name, "meta": self.b.meta},
            "levels": [d.to_dict() for d in self.levels],
            "summary": {k: len(self.changed(k)) for k in ("fixed", "broken", "changed")},
            "changes": [_change(c) for c in self.changes],
        }


def codebook_spec(name: str) -> str | None:
    """The codebook to load for a ``--compare`` name (``baseline`` is special)."""
    if name != BASELINE:
        return name
    from eventcoder.codebook.loader import shipped_codebooks

    return BASELINE if BASELINE in shipped_codebooks() else None


def compare(
    coder_a: Coder,
    coder_b: Coder,
    gold: GoldInput,
    *,
    format: str | None = None,
    names: tuple[str, str] | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    batch_size: int = 32,
) -> Comparison:
    """Score two coders on the same gold (read with ``coder_a``'s codebook)."""
    records = load(gold, format, coder_a.codebook)
    pred_a, pred_b = predict_many([coder_a, coder_b], records, batch_size)
    base = {"gold": gold_name(gold), "format": format}
    a = score(
        records,
        pred_a,
        coder_a.codebook,
        resamples=resamples,
        seed=seed,
        meta=base | coder_meta(coder_a),
    )
    b = score(
        records,
        pred_b,
        coder_b.codebook,
        resamples=resamples,
        seed=seed,
        meta=base | coder_meta(coder_b),
    )
    na, nb = names or (coder_a.codebook.name, coder_b.codebook.name)
    return compare_results(a, b, na, nb)


def compare_results(
    a: EvaluationResult, b: EvaluationResult, a_name: str = "A", b_name: str = "B"
) -> Comparison:
    """Deltas and changed records from two evaluations of the same records."""
    ids_a = [r.record.id for r in a.records]
    if ids_a != [r.record.id for r in b.records]:
        raise ValueError("the two evaluations are not of the same gold records")
    weights = bootstrap_weights(len(ids_a), int(a.meta.get("resamples", 0)), a.meta.get("seed", 0))
    levels = []
    for sa, sb in zip(a.levels, b.levels, strict=True):
        ci: Interval = (None, None)
        if weights is not None:
            fa = resampled(weights, count_arrays(sa.level, a.records))[2]
            fb = resampled(weights, count_arrays(sb.level, b.records))[2]
            ci = percentile_interval(fa - fb)
        levels.append(LevelDelta(sa.level, sa.label, sa, sb, ci))
    changes = []
    for ra, rb in zip(a.records, b.records, strict=True):
        kind = record_change(ra, rb)
        if kind:
            changes.append(RecordChange(kind, ra, rb))
    return Comparison(a_name, b_name, a, b, levels, changes)


def record_change(a: RecordResult, b: RecordResult) -> Change | None:
    """``fixed``, ``broken``, ``changed`` (still wrong, differently) or ``None``."""
    if a.ok and not b.ok:
        return "fixed"
    if b.ok and not a.ok:
        return "broken"
    if not a.ok and _outcome(a) != _outcome(b):
        return "changed"
    return None


def _outcome(r: RecordResult) -> tuple[object, ...]:
    """What a record's predictions amount to, for spotting changes."""
    events = sorted(
        f"{e.code} {e.source.code if e.source else None} {e.target.code if e.target else None}"
        for e in r.predicted
    )
    return (tuple(r.counts.items()), tuple(events))
