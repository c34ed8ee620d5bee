"""Readers for gold data: the project's JSONL and the formats of other event coders.

Each reader turns its format into the same :class:`~eventcoder.evaluate.gold.GoldRecord`
objects (validated by :func:`~eventcoder.evaluate.gold.validate_records`, so errors
are located the same way) and marks which schemes the format annotates, so the scorer
only scores what the gold has. :func:`read_gold` picks the reader from ``format``, the
file extension, or the content.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from eventcoder.evaluate.gold import GoldError, GoldIssue, GoldRecord, read_jsonl
from eventcoder.evaluate.readers.acled import read_acled
from eventcoder.evaluate.readers.conllu import read_conllu
from eventcoder.evaluate.readers.petrarch import read_petrarch
from eventcoder.evaluate.readers.plover import read_plover

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook

Reader = Callable[[Path, "Codebook | None"], list[GoldRecord]]

READERS: dict[str, Reader] = {
    "gold": read_jsonl,
    "petrarch": read_petrarch,
    "plover": read_plover,
    "acled": read_acled,
    "conllu": read_conllu,
}
FORMATS = tuple(READERS)

_BY_SUFFIX = {
    ".xml": "petrarch",
    ".csv": "acled",
    ".conllu": "conllu",
    ".conll": "conllu",
}


def detect_format(path: str | os.PathLike[str]) -> str:
    """The gold format of a file, from its extension and, for JSON, its first record.

    JSON and JSONL are ambiguous by extension (our gold vs PLOVER records): a record
    with ``events`` is ours, one with ``event`` is PLOVER.
    """
    p = Path(path)
    fmt = _BY_SUFFIX.get(p.suffix.lower())
    if fmt:
        return fmt
    try:
        head = p.read_text(encoding="utf-8")[:20000].lstrip()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError([GoldIssue(str(p), 0, "", f"cannot read: {exc}")]) from exc
    if head.startswith("<"):
        return "petrarch"
    if head.startswith(("[", "{")):
        return _json_flavour(head)
    first = head.split("\n", 1)[0]
    if first.startswith("#") or "\t" in first:
        return "conllu"
    if "event_type" in first and "," in first:
        return "acled"
    raise GoldError(
        [
            GoldIssue(
                str(p), 0, "", f"cannot tell the gold format; pass --format ({', '.join(FORMATS)})"
            )
        ]
    )


def _json_flavour(head: str) -> str:
    """``gold`` or ``plover`` from the keys of the first JSON record."""
    first_line = head.split("\n", 1)[0]  # not splitlines: U+2028 may sit in a JSON string
    try:
        record = json.loads(first_line)
    except (json.JSONDecodeError, RecursionError):
        record = None
    if isinstance(record, list):
        record = record[0] if record else None
    if isinstance(record, dict):
        return "gold" if "events" in record else "plover"
    # A pretty-printed JSON list: look for the keys in the text.
    return "plover" if '"event"' in head and '"events"' not in head else "gold"


def read_gold(
    path: str | os.PathLike[str], format: str | None = None, codebook: Codebook | None = None
) -> list[GoldRecord]:
    """Gold records from a file in any supported format (validated; located errors)."""
    p = Path(path)
    if not p.is_file():
        raise GoldError([GoldIssue(str(p), 0, "", "no such file")])
    fmt = format or detect_format(p)
    if fmt not in READERS:
        raise GoldError(
            [GoldIssue(str(p), 0, "", f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")]
        )
    return READERS[fmt](p, codebook)


__all__ = ["FORMATS", "READERS", "detect_format", "read_gold"]
