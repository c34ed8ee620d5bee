"""PLOVER gold records (a JSON list or JSON Lines).

::

    {"id": "p-1", "date": "2021-06-21", "text": "...",
     "source": [{"actorText": "European Union", "code": "IGOEUREEC", "sector": ""}],
     "target": [{"actorText": "Belarus", "code": "BLR", "sector": "GOV"}],
     "event": "SANCTION", "mode": "", "context": ["economic"]}

A PLOVER record is one event; conjoined actors become one event per source x target
pair (the project's convention), and records with the same text and date are merged
into one gold record. Only the PLOVER level is scored: the format has no CAMEO codes.
``context`` values become tags, so scores can be sliced by them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.evaluate.gold import (
    TOO_DEEP,
    GoldError,
    GoldIssue,
    GoldRecord,
    jsonl_lines,
    validate_records,
)
from eventcoder.evaluate.readers._common import iso_date, read_text

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook

_GROUPS = re.compile(r"^(?:[A-Z]{3})+$")


def _actor(entry: Any) -> tuple[str | None, str | None]:
    """(actor code, actor text) from ``{actorText, code, sector}``.

    The sector is appended when it is a CAMEO sector code (``GOV``); a code that is not
    a CAMEO actor code is dropped and only the text kept (PLOVER actors need not be coded).
    """
    if isinstance(entry, str):
        entry = {"code": entry}
    if not isinstance(entry, dict):
        return None, None
    code = str(entry.get("code") or "").strip().upper()
    sector = str(entry.get("sector") or "").strip().upper()
    if code and _GROUPS.match(sector) and not code.endswith(sector):
        code += sector
    text = entry.get("actorText") or entry.get("text")
    return (code if _GROUPS.match(code) else None), (str(text) if text else None)


def _actors(value: Any) -> list[tuple[str | None, str | None]]:
    items = value if isinstance(value, list) else [value] if value else []
    return [_actor(a) for a in items] or [(None, None)]


def iter_json_records(text: str, file: str) -> Iterator[tuple[int, Any]]:
    """``(line, object)`` for each element of a JSON list, or each line of JSON Lines."""
    if text.lstrip().startswith("["):
        return _json_list(text, file)
    return _json_lines(text, file)


def _json_lines(text: str, file: str) -> Iterator[tuple[int, Any]]:
    """Each non-blank line of JSON Lines, decoded; a bad one is a located GoldError."""
    for n, line in enumerate(jsonl_lines(text), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError([GoldIssue(file, n, "", f"invalid JSON: {exc.msg}")]) from exc
        except RecursionError as exc:  # json's C scanner recurses once per level
            raise GoldError([GoldIssue(file, n, "", TOO_DEEP)]) from exc
        yield n, obj


def _json_list(text: str, file: str) -> Iterator[tuple[int, Any]]:
    """Each element of a JSON list, decoded one at a time (with the line it starts on).

    A list that ends before its ``]`` is an error: a file cut short must not pass for
    a complete one.
    """
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            last = text.rstrip().count("\n") + 1
            message = "invalid JSON: the list has no closing ']' (is the file cut short?)"
            raise GoldError([GoldIssue(file, last, "", message)])
        if text[pos] == "]":
            return
        line_no = text.count("\n", 0, pos) + 1
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise GoldError([GoldIssue(file, exc.lineno, "", f"invalid JSON: {exc.msg}")]) from exc
        except RecursionError as exc:
            raise GoldError([GoldIssue(file, line_no, "", TOO_DEEP)]) from exc
        yield line_no, obj


def read_plover(path: Path, codebook: Codebook | None = None) -> list[GoldRecord]:
    """Gold records from PLOVER JSON / JSONL event records."""
    file = str(path)
    merged: dict[tuple[str, str | None], tuple[int, dict[str, Any]]] = {}
    for line, rec in iter_json_records(read_text(path), file):
        if not isinstance(rec, dict):
            raise GoldError([GoldIssue(file, line, "", "a PLOVER record must be a JSON object")])
        text = " ".join(str(rec.get("text") or "").split())
        date = iso_date(str(rec["date"])) if rec.get("date") else None
        key = (text, date)
        if key not in merged:
            context = rec.get("context") or []
            merged[key] = (
                line,
                {
                    "id": str(rec.get("id", f"line-{line}")),
                    "text": text,
                    "date": date,
                    "events": [],
                    "tags": [str(c) for c in (context if isinstance(context, list) else [context])],
                    "annotated": ["plover"],
                },
            )
        events = merged[key][1]["events"]
        ptype = str(rec.get("event") or "").strip().upper() or None
        for src, src_text in _actors(rec.get("source")):
            for tgt, tgt_text in _actors(rec.get("target")):
                events.append(
                    {
                        "source": src,
                        "target": tgt,
                        "code": None,
                        "plover": ptype,
                        "source_text": src_text,
                        "target_text": tgt_text,
                    }
                )
    return validate_records(merged.values(), file, codebook)
