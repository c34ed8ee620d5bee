"""CoNLL-U with the gold events in sentence comments.

::

    # sent_id = c-1
    # date = 2019-05-08
    # text = The United States imposed new sanctions on Iran.
    # event = USA IRN 163
    # tags = sanctions
    1	The	the	DET	...

One ``# event = SOURCE TARGET CODE [PLOVER]`` line per event; ``-`` (or ``---``, ``_``)
for no target. A sentence without ``# event`` lines has no event. The token lines are
not needed (the coder parses the text itself); without ``# text`` the text is rebuilt
from the FORM column. CAMEO is scored, PLOVER derived from the codes, ACLED not scored.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.evaluate.gold import GoldRecord, validate_records
from eventcoder.evaluate.readers._common import actor_code, iso_date, read_text, split_tags

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook

#: Where CoNLL-U lines end (as in :mod:`eventcoder.backends.conllu`). Not
#: ``str.splitlines``: it also splits at U+2028, U+0085... which ``# text`` may hold.
_LINE_END = re.compile(r"\r\n|\r|\n")


def _event(value: str) -> dict[str, Any]:
    """``SOURCE TARGET CODE [PLOVER]`` as a gold event dict (validation reports bad ones)."""
    parts = value.split()
    parts += [""] * (3 - len(parts))
    return {
        "source": actor_code(parts[0]),
        "target": actor_code(parts[1]),
        "code": parts[2] or None,
        "plover": parts[3] if len(parts) > 3 else None,
    }


def _form_text(tokens: list[list[str]]) -> str:
    """Sentence text from token lines, honouring ``SpaceAfter=No``."""
    out = []
    for cols in tokens:
        if len(cols) < 2 or not cols[0].isdigit():
            continue  # multiword-token ranges (1-2) and empty nodes (1.1)
        misc = cols[9] if len(cols) > 9 else ""
        out.append(cols[1] + ("" if "SpaceAfter=No" in misc.split("|") else " "))
    return "".join(out).strip()


def read_conllu(path: Path, codebook: Codebook | None = None) -> list[GoldRecord]:
    """Gold records from a CoNLL-U file with ``# event`` comments."""
    items: list[tuple[int, dict[str, Any]]] = []
    block: list[tuple[int, str]] = []
    lines = _LINE_END.split(read_text(path))
    for n, line in enumerate([*lines, ""], start=1):
        if line.strip():
            block.append((n, line))
        elif block:
            items.append(_record(block, len(items) + 1))
            block = []
    return validate_records(items, str(path), codebook)


def _record(block: list[tuple[int, str]], number: int) -> tuple[int, dict[str, Any]]:
    meta: dict[str, str] = {}
    events: list[dict[str, Any]] = []
    tokens: list[list[str]] = []
    for _, line in block:
        if line.startswith("#"):
            key, sep, value = line[1:].partition("=")
            key, value = key.strip(), value.strip()
            if not sep:
                continue
            if key == "event":
                events.append(_event(value))
            else:
                meta.setdefault(key, value)
        else:
            tokens.append(line.split("\t"))
    record = {
        "id": meta.get("sent_id") or f"sentence-{number}",
        "text": meta.get("text") or _form_text(tokens),
        "date": iso_date(meta.get("date")),
        "events": events,
        "tags": split_tags(meta.get("tags")),
        "annotated": ["cameo", "plover"],
    }
    return block[0][0], record
