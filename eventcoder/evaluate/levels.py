"""The levels events are scored at, from "was anything detected" to "exactly right".

A level turns each gold and each predicted event into a key; within a record, gold and
predicted keys are matched as multisets (equal keys match, duplicates count, one
prediction matches at most one gold event). A key of ``None`` means the event is not
an item at that level (an event with no PLOVER type is not a PLOVER event). A level
needs a scheme: records whose gold does not annotate it (ACLED gold has no CAMEO code)
are skipped at that level rather than counted as misses.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventcoder.evaluate.gold import GoldEvent, Scheme

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook
    from eventcoder.records import Event

Key = Hashable | None
GoldKey = Callable[[GoldEvent, "Codebook | None"], Key]
PredKey = Callable[["Event"], Key]


@dataclass(frozen=True, slots=True)
class Level:
    """One scoring level: a name, a label for tables, and its key functions."""

    name: str
    label: str
    scheme: Scheme | None  # None: any gold scores it (event detection)
    gold_key: GoldKey
    pred_key: PredKey
    per_record: bool = False  # one yes/no item per record instead of per event


def _country(code: str | None) -> str | None:
    """The country part of an actor code (its first three letters; IGO for IGOs)."""
    return code[:3] if code else None


def _actor(ref: object) -> str | None:
    return getattr(ref, "code", None) if ref is not None else None


def _role(code: str | None) -> str | None:
    """Country plus first sector (``USAGOV``, ``SOMREB``): what "full actors" compares.

    Dictionaries differ in the group tags they append (``SOMREBSHB`` vs ``SOMREB``);
    the country and the primary role are what a coder has to get right.
    """
    return code[:6] if code else None


def gold_root(e: GoldEvent, book: Codebook | None) -> str | None:
    """The root of a gold code: the codebook's when it knows the code, else two digits."""
    if e.code is None:
        return None
    if book is not None and e.code in book.codes:
        return book.codes[e.code].root
    return e.code[:2]


def gold_plover(e: GoldEvent, book: Codebook | None) -> str | None:
    """The gold PLOVER type: annotated, or else cross-walked from the gold CAMEO code."""
    if e.plover:
        return e.plover
    if e.code and book is not None and e.code in book.codes:
        return book.codes[e.code].plover_type
    return None


def pred_root(e: Event) -> str:
    return e.root


def pred_acled_type(e: Event) -> str | None:
    # Event has no ACLED fields yet; read them when they exist.
    return getattr(e, "acled_type", None)


def pred_acled_sub_type(e: Event) -> tuple[str | None, str] | None:
    sub = getattr(e, "acled_sub_type", None)
    return (getattr(e, "acled_type", None), sub) if sub else None


LEVELS: tuple[Level, ...] = (
    Level("event", "event detected", None, lambda e, b: True, lambda e: True, per_record=True),
    Level("root", "root code", "cameo", gold_root, pred_root),
    Level("code", "full code", "cameo", lambda e, b: e.code, lambda e: e.code),
    Level(
        "root_dyad",
        "root + dyad",
        "cameo",
        lambda e, b: (gold_root(e, b), e.source_country, e.target_country),
        lambda e: (e.root, _country(_actor(e.source)), _country(_actor(e.target))),
    ),
    Level(
        "full",
        "full code + actors",
        "cameo",
        lambda e, b: (e.code, _role(e.source), _role(e.target)),
        lambda e: (e.code, _role(_actor(e.source)), _role(_actor(e.target))),
    ),
    Level("plover", "PLOVER type", "plover", gold_plover, lambda e: e.plover_type),
    Level("acled_type", "ACLED type", "acled", lambda e, b: e.acled_type, pred_acled_type),
    Level(
        "acled_sub_type",
        "ACLED sub-type",
        "acled",
        lambda e, b: (e.acled_type, e.acled_sub_type) if e.acled_sub_type else None,
        pred_acled_sub_type,
    ),
)
LEVEL_BY_NAME: dict[str, Level] = {lv.name: lv for lv in LEVELS}

#: Levels with one category per key, broken down in per-category tables.
CATEGORY_LEVELS = ("root", "plover", "acled_type")


__all__ = ["CATEGORY_LEVELS", "LEVELS", "LEVEL_BY_NAME", "Level", "gold_plover", "gold_root"]
