"""Scoring a coder against gold: micro P/R/F1 per level, bootstrap intervals, tables.

:func:`evaluate` is the entry point (``eventcoder.evaluate``): it reads the gold if
given a path, codes every record with the coder and hands both to :func:`score`, which
needs no parser and is what tests and comparisons call with events they already have.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from eventcoder.backends.ahead import parse_items
from eventcoder.evaluate.gold import GoldRecord
from eventcoder.evaluate.levels import CATEGORY_LEVELS, LEVEL_BY_NAME, LEVELS, Level
from eventcoder.evaluate.matching import (
    NONE,
    confusion_cells,
    explain,
    record_counts,
)
from eventcoder.evaluate.results import (
    CategoryScore,
    Confusion,
    Counts,
    EvaluationResult,
    Interval,
    LevelScore,
    RecordResult,
)
from eventcoder.evaluate.when_where import attribute_scores, record_checks

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook
    from eventcoder.coder import Coder
    from eventcoder.records import Event

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 20240607
CONFIDENCE = 0.95

GoldInput = str | os.PathLike[str] | Sequence[GoldRecord]


def evaluate(
    coder: Coder,
    gold: GoldInput,
    *,
    format: str | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    batch_size: int = 32,
) -> EvaluationResult:
    """Code the gold records with ``coder`` and score the events against the gold.

    ``gold`` is a path (any format :func:`~eventcoder.evaluate.readers.read_gold`
    reads, validated against the coder's codebook) or a list of gold records.
    """
    records = load(gold, format, coder.codebook)
    predictions = predict(coder, records, batch_size=batch_size)
    meta: dict[str, Any] = {"gold": gold_name(gold), "format": format}
    return score(
        records,
        predictions,
        coder.codebook,
        resamples=resamples,
        seed=seed,
        meta=meta | coder_meta(coder),
    )


def load(gold: GoldInput, format: str | None, codebook: Codebook | None) -> list[GoldRecord]:
    """Gold records from a path or an existing sequence."""
    if isinstance(gold, str | os.PathLike):
        from eventcoder.evaluate.readers import read_gold

        return read_gold(gold, format, codebook)
    return list(gold)


def gold_name(gold: GoldInput) -> str | None:
    """The gold file's name for reports (``None`` for records passed in memory)."""
    return str(gold) if isinstance(gold, str | os.PathLike) else None


def coder_meta(coder: Coder) -> dict[str, Any]:
    """What identifies the coder in a report: codebook name, version and path."""
    book = coder.codebook
    return {
        "codebook": book.name,
        "codebook_version": book.version,
        "codebook_path": str(book.path),
        "emit": sorted(coder.emit),
    }


def predict(coder: Coder, records: Sequence[GoldRecord], batch_size: int = 32) -> list[list[Event]]:
    """The coder's events for each record (text, date and id from the gold)."""
    return predict_many([coder], records, batch_size)[0]


def predict_many(
    coders: Sequence[Coder], records: Sequence[GoldRecord], batch_size: int = 32
) -> list[list[list[Event]]]:
    """Events of several coders on the same records, parsing each text once.

    Parsing is the slow part and does not depend on the codebook, so comparing two
    codebooks costs one parse plus two codings.
    """
    from eventcoder.coder import Document

    docs = [Document(r.text, r.date, r.id) for r in records]
    out: list[list[list[Event]]] = [[] for _ in coders]
    first = coders[0]
    parsed = parse_items(
        first.backend, docs, attrgetter("text"), batch_size, ahead=first.read_ahead
    )
    for doc, p in parsed:
        for n, coder in enumerate(coders):
            out[n].append(coder.code_parsed(p, doc.date, doc.doc_id))
    return out


def score(
    records: Sequence[GoldRecord],
    predictions: Sequence[Sequence[Event]],
    codebook: Codebook | None = None,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    levels: Sequence[Level] = LEVELS,
    meta: dict[str, Any] | None = None,
) -> EvaluationResult:
    """Score predicted events against gold records (one list of events per record).

    ``codebook`` maps gold codes to roots and PLOVER types (without it, roots are the
    first two digits and PLOVER types only those annotated). ``resamples=0`` skips the
    bootstrap intervals.
    """
    if len(records) != len(predictions):
        raise ValueError(f"{len(records)} gold records but {len(predictions)} predictions")
    results = [
        _record_result(r, list(p), codebook, levels)
        for r, p in zip(records, predictions, strict=True)
    ]
    weights = bootstrap_weights(len(results), resamples, seed)
    level_scores = [_level_score(lv, results, weights) for lv in levels]
    tags = sorted({t for r in records for t in r.tags})
    return EvaluationResult(
        levels=level_scores,
        categories={
            name: category_scores(LEVEL_BY_NAME[name], results, codebook)
            for name in CATEGORY_LEVELS
            if any(lv.name == name for lv in levels)
        },
        confusion=confusion(results, codebook),
        tags={
            t: [_level_score(lv, [r for r in results if t in r.record.tags], None) for lv in levels]
            for t in tags
        },
        records=results,
        when_where=attribute_scores(results),
        meta={
            **(meta or {}),
            "records": len(results),
            "resamples": resamples,
            "seed": seed,
            "confidence": CONFIDENCE,
        },
    )


def _record_result(
    record: GoldRecord, predicted: list[Event], book: Codebook | None, levels: Sequence[Level]
) -> RecordResult:
    correct, missed, extra, pairs = explain(record, predicted, book)
    return RecordResult(
        record=record,
        predicted=predicted,
        counts=record_counts(record, predicted, book, levels),
        correct=correct,
        missed=missed,
        extra=extra,
        pairs=pairs,
        checks=record_checks(record, predicted, pairs, book),
    )


def _level_score(
    level: Level, results: Sequence[RecordResult], weights: np.ndarray | None
) -> LevelScore:
    scored = [r.counts[level.name] for r in results if level.name in r.counts]
    total = sum(scored, Counts())
    ci: dict[str, Interval] = {}
    if weights is not None and weights.size:
        ci = intervals(*resampled(weights, count_arrays(level.name, results)))
    return LevelScore(level.name, level.label, total, len(scored), ci)


def count_arrays(level: str, results: Sequence[RecordResult]) -> np.ndarray:
    """A 3 x n array of (tp, predicted, gold) per record; zeros where not scored."""
    out = np.zeros((3, len(results)), dtype=np.int64)
    for i, r in enumerate(results):
        c = r.counts.get(level)
        if c is not None:
            out[:, i] = (c.tp, c.n_pred, c.n_gold)
    return out


def bootstrap_weights(n: int, resamples: int, seed: int) -> np.ndarray | None:
    """How often each record is drawn in each resample (resamples x n), fixed seed.

    One weight matrix serves every level (and both sides of a comparison), so the
    intervals come from the same resamples and paired differences are meaningful.
    """
    if resamples <= 0 or n == 0:
        return None
    rng = np.random.default_rng(seed)
    return rng.multinomial(n, np.full(n, 1.0 / n), size=resamples)


def resampled(weights: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, ...]:
    """Precision, recall and F1 in each resample (NaN where undefined)."""
    tp, n_pred, n_gold = (weights @ counts[i] for i in range(3))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n_pred > 0, tp / n_pred, np.nan)
        r = np.where(n_gold > 0, tp / n_gold, np.nan)
        f = np.where(n_pred + n_gold > 0, 2 * tp / (n_pred + n_gold), np.nan)
    return p, r, f


def percentile_interval(values: np.ndarray) -> Interval:
    """The central 95% percentile interval, ignoring resamples where it is undefined."""
    finite = values[~np.isnan(values)]
    if not finite.size:
        return (None, None)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return (float(low), float(high))


def intervals(p: np.ndarray, r: np.ndarray, f: np.ndarray) -> dict[str, Interval]:
    return {
        "precision": percentile_interval(p),
        "recall": percentile_interval(r),
        "f1": percentile_interval(f),
    }


def category_scores(
    level: Level, results: Sequence[RecordResult], book: Codebook | None
) -> list[CategoryScore]:
    """Per-category P/R/F1/support at a categorical level (root, PLOVER type, ACLED type)."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for r in results:
        if level.name not in r.counts:
            continue
        g = Counter(str(k) for e in r.record.events if (k := level.gold_key(e, book)) is not None)
        p = Counter(str(k) for e in r.predicted if (k := level.pred_key(e)) is not None)
        tp.update(g & p)
        n_gold.update(g)
        n_pred.update(p)
    cats = sorted(set(n_gold) | set(n_pred))
    return [CategoryScore(c, Counts(tp[c], n_pred[c], n_gold[c])) for c in cats]


def confusion(results: Sequence[RecordResult], book: Codebook | None) -> Confusion:
    """Gold root x predicted root over the paired events, ``none`` for misses/extras."""
    cells: Counter[tuple[str, str]] = Counter()
    for r in results:
        cells.update(confusion_cells(r.record, r.predicted, r.pairs, book))
    labels = sorted({g for g, _ in cells} | {p for _, p in cells} - {NONE})
    labels = [lb for lb in labels if lb != NONE] + [NONE]
    matrix = tuple(tuple(cells[(g, p)] for p in labels) for g in labels)
    return Confusion(tuple(labels), matrix)


__all__ = [
    "DEFAULT_RESAMPLES",
    "DEFAULT_SEED",
    "bootstrap_weights",
    "evaluate",
    "predict",
    "predict_many",
    "score",
]
