"""The records an evaluation returns, and their plain-dict (JSON) form.

Kept apart from the scoring so the terminal, Markdown, HTML and JSON outputs and the
comparison all read one typed structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventcoder.evaluate.gold import GoldEvent, GoldRecord
    from eventcoder.records import Event

Interval = tuple[float | None, float | None]


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives and the sizes of the predicted and gold multisets."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    @property
    def fp(self) -> int:
        return self.n_pred - self.tp

    @property
    def fn(self) -> int:
        return self.n_gold - self.tp

    @property
    def precision(self) -> float | None:
        """``None`` when nothing was predicted (precision is undefined, not 0)."""
        return _ratio(self.tp, self.n_pred)

    @property
    def recall(self) -> float | None:
        """``None`` when the gold has nothing at this level."""
        return _ratio(self.tp, self.n_gold)

    @property
    def f1(self) -> float | None:
        """2TP / (predicted + gold): 0 when one side is empty, ``None`` when both are."""
        return _ratio(2 * self.tp, self.n_pred + self.n_gold)

    @property
    def perfect(self) -> bool:
        return self.fp == 0 and self.fn == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "predicted": self.n_pred,
            "gold": self.n_gold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class LevelScore:
    """Micro-averaged scores at one level, with bootstrap intervals when computed."""

    level: str
    label: str
    counts: Counts
    records: int  # records scored at this level
    ci: dict[str, Interval] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = {"level": self.level, "label": self.label, "records": self.records}
        out.update(self.counts.to_dict())
        if self.ci:
            out["ci95"] = {k: list(v) for k, v in self.ci.items()}
        return out


@dataclass(frozen=True, slots=True)
class CategoryScore:
    """Scores of one category (a root, a PLOVER type, an ACLED type); support = gold."""

    category: str
    counts: Counts

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "support": self.counts.n_gold, **self.counts.to_dict()}


@dataclass(frozen=True, slots=True)
class Confusion:
    """Gold root (rows) x predicted root (columns); ``none`` is a miss or an extra."""

    labels: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"labels": list(self.labels), "matrix": [list(r) for r in self.matrix]}


@dataclass(frozen=True, slots=True)
class AttributeCheck:
    """One gold date, country or place against the same-root prediction paired with it."""

    attribute: str  # date | country | place
    gold: int  # index into record.events
    predicted: int | None  # index of the same-root partner; None: not scored
    expected: str  # the gold value (``2017-11-29``, ``AUT``, ``Vienna, AUT``)
    found: str | None  # the partner's value written the same way, if any
    correct: bool = False

    @property
    def scored(self) -> bool:
        """The gold event has a same-root partner (else it is annotated, not scored)."""
        return self.predicted is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "gold": self.gold,
            "predicted": self.predicted,
            "expected": self.expected,
            "found": self.found,
            "correct": self.correct if self.scored else None,
        }


@dataclass(frozen=True, slots=True)
class AttributeScore:
    """Accuracy of one attribute (event date, location country, location place)."""

    attribute: str
    label: str
    annotated: int  # gold events carrying the attribute
    scored: int  # ... paired with a prediction of the same root
    correct: int

    @property
    def not_scored(self) -> int:
        """Annotated gold events with no same-root prediction."""
        return self.annotated - self.scored

    @property
    def accuracy(self) -> float | None:
        """Correct / scored; ``None`` when nothing was scored."""
        return _ratio(self.correct, self.scored)

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "label": self.label,
            "annotated": self.annotated,
            "scored": self.scored,
            "correct": self.correct,
            "not_scored": self.not_scored,
            "accuracy": self.accuracy,
        }


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold event not found, with the predicted event closest to it and how they differ."""

    gold: int  # index into record.events
    closest: int | None  # index into the predictions
    differences: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extra:
    """A predicted event the gold does not have, with the gold event closest to it."""

    predicted: int  # index into the predictions
    closest: int | None  # index into record.events
    differences: tuple[str, ...] = ()


@dataclass(slots=True)
class RecordResult:
    """One gold record: what was predicted, the counts per level, and the errors explained."""

    record: GoldRecord
    predicted: list[Event]
    counts: dict[str, Counts]  # only the levels this record is scored at
    correct: list[tuple[int, int]]  # (gold index, predicted index)
    missed: list[Miss]
    extra: list[Extra]
    pairs: list[tuple[int, int]] = field(default_factory=list)  # all one-to-one pairs
    checks: list[AttributeCheck] = field(default_factory=list)  # gold dates and locations

    @property
    def ok(self) -> bool:
        """Right at every level it is scored at."""
        return all(c.perfect for c in self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        r = self.record
        return {
            "id": r.id,
            "text": r.text,
            "date": r.date.isoformat() if r.date else None,
            "tags": list(r.tags),
            "ok": self.ok,
            "gold": [gold_dict(e) for e in r.events],
            "predicted": [event_dict(e) for e in self.predicted],
            "correct": [list(p) for p in self.correct],
            "missed": [
                {"gold": m.gold, "closest": m.closest, "differences": list(m.differences)}
                for m in self.missed
            ],
            "extra": [
                {
                    "predicted": x.predicted,
                    "pattern_id": self.predicted[x.predicted].pattern_id,
                    "closest": x.closest,
                    "differences": list(x.differences),
                }
                for x in self.extra
            ],
            "counts": {k: c.to_dict() for k, c in self.counts.items()},
            "when_where": [c.to_dict() for c in self.checks],
        }


@dataclass(slots=True)
class EvaluationResult:
    """Everything an evaluation found; :meth:`to_dict` is the ``--json`` output."""

    levels: list[LevelScore]
    categories: dict[str, list[CategoryScore]]
    confusion: Confusion
    tags: dict[str, list[LevelScore]]
    records: list[RecordResult]
    meta: dict[str, Any]
    #: Accuracy of event dates and locations (``date``, ``country``, ``place``).
    when_where: list[AttributeScore] = field(default_factory=list)

    def level(self, name: str) -> LevelScore:
        """The score at one level (``event``, ``root``, ``code``, ``full``...)."""
        for s in self.levels:
            if s.level == name:
                return s
        raise KeyError(name)

    def attribute(self, name: str) -> AttributeScore:
        """The accuracy of one attribute: ``date``, ``country`` or ``place``."""
        for s in self.when_where:
            if s.attribute == name:
                return s
        raise KeyError(name)

    @property
    def errors(self) -> list[RecordResult]:
        return [r for r in self.records if not r.ok]

    @property
    def outcome(self) -> dict[str, int]:
        """PETRARCH-style totals: correct, missed (uncoded) and extra events, bad records."""
        return {
            "records": len(self.records),
            "records_with_errors": len(self.errors),
            "correct": sum(len(r.correct) for r in self.records),
            "missed": sum(len(r.missed) for r in self.records),
            "extra": sum(len(r.extra) for r in self.records),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "outcome": self.outcome,
            "levels": [s.to_dict() for s in self.levels],
            "categories": {k: [c.to_dict() for c in v] for k, v in self.categories.items()},
            "confusion": self.confusion.to_dict(),
            "tags": {t: [s.to_dict() for s in v] for t, v in self.tags.items()},
            "when_where": [s.to_dict() for s in self.when_where],
            "records": [r.to_dict() for r in self.records],
        }


def gold_dict(e: GoldEvent) -> dict[str, Any]:
    """A gold event as JSON, without the empty optional fields."""
    return e.model_dump(exclude_none=True) | {"target": e.target}


def event_dict(e: Event) -> dict[str, Any]:
    """The parts of a predicted event an evaluation report needs."""
    return {
        "source": e.source.code if e.source else None,
        "target": e.target.code if e.target else None,
        "code": e.code,
        "root": e.root,
        "name": e.name,
        "plover": e.plover_type,
        "acled_type": getattr(e, "acled_type", None),
        "acled_sub_type": getattr(e, "acled_sub_type", None),
        "pattern_id": e.pattern_id,
        "predicate": e.predicate,
        "predicate_start": e.predicate_start,
        "predicate_end": e.predicate_end,
        "sentence_index": e.sentence_index,
        "status": e.status,
    }
