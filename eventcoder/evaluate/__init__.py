"""Evaluating a coder (or a codebook) against gold annotations.

>>> import eventcoder as ec
>>> result = ec.evaluate(ec.Coder(), "data/gold/dev.jsonl")   # doctest: +SKIP
>>> result.level("root").counts.f1                           # doctest: +SKIP

Modules, one job each: :mod:`~eventcoder.evaluate.gold` (the gold models and JSONL
loader), :mod:`~eventcoder.evaluate.readers` (PETRARCH XML, PLOVER JSON, ACLED CSV,
CoNLL-U), :mod:`~eventcoder.evaluate.levels` (what is compared at each level),
:mod:`~eventcoder.evaluate.matching` (one record), :mod:`~eventcoder.evaluate.scorer`
(all records, bootstrap intervals, tables), :mod:`~eventcoder.evaluate.results` (the
result records), :mod:`~eventcoder.evaluate.compare` (two codebooks),
:mod:`~eventcoder.evaluate.text` (terminal and Markdown),
:mod:`~eventcoder.evaluate.charts` (matplotlib PNGs) and
:mod:`~eventcoder.evaluate.report` (the HTML report). Docs: ``docs/evaluation.md``.

``eventcoder.evaluate`` is both this package and a function: the package is callable
(``ec.evaluate(coder, gold)`` calls :func:`~eventcoder.evaluate.scorer.evaluate`), so
``import eventcoder.evaluate.gold`` keeps working next to it.
"""

import sys
import types
from typing import Any

from eventcoder.evaluate.compare import Comparison, compare
from eventcoder.evaluate.gold import GoldError, GoldEvent, GoldIssue, GoldRecord, read_jsonl
from eventcoder.evaluate.levels import LEVELS, Level
from eventcoder.evaluate.readers import FORMATS, detect_format, read_gold
from eventcoder.evaluate.results import Counts, EvaluationResult, LevelScore, RecordResult
from eventcoder.evaluate.scorer import evaluate, predict, predict_many, score

__all__ = [
    "FORMATS",
    "LEVELS",
    "Comparison",
    "Counts",
    "EvaluationResult",
    "GoldError",
    "GoldEvent",
    "GoldIssue",
    "GoldRecord",
    "Level",
    "LevelScore",
    "RecordResult",
    "compare",
    "detect_format",
    "evaluate",
    "predict",
    "predict_many",
    "read_gold",
    "read_jsonl",
    "score",
]


class _CallablePackage(types.ModuleType):
    """This package, callable as :func:`~eventcoder.evaluate.scorer.evaluate`."""

    def __call__(self, *args: Any, **kwargs: Any) -> EvaluationResult:
        return evaluate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
