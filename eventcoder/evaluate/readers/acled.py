"""ACLED CSV exports.

Each row is one event: ``notes`` is the text, ``event_date`` the date, ``event_type``
and ``sub_event_type`` the gold, ``actor1``/``actor2`` the actors (names, not CAMEO
codes: kept as text for the report), ``event_id_cnty`` the id. Rows with the same notes
and date are merged into one record. ACLED has no CAMEO code or PLOVER type, so only
event detection and the ACLED levels are scored. ``country`` and ``disorder_type``
become tags for slicing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.evaluate.gold import GoldError, GoldIssue, GoldRecord, validate_records
from eventcoder.evaluate.readers._common import iso_date, read_text

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook

REQUIRED = ("notes", "event_date", "event_type")


def read_acled(path: Path, codebook: Codebook | None = None) -> list[GoldRecord]:
    """Gold records from an ACLED CSV export."""
    file = str(path)
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""), strict=True)
    columns = _columns(reader, file)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise GoldError(
            [GoldIssue(file, 1, "", f"not an ACLED export: missing column(s) {', '.join(missing)}")]
        )
    merged: dict[tuple[str, str | None], tuple[int, dict[str, Any]]] = {}
    for n, row in enumerate(_rows(reader, file)):
        line = reader.line_num  # the row's last line (notes may span lines)
        text = " ".join((row.get("notes") or "").split())
        date = iso_date(row.get("event_date"))
        key = (text, date)
        if key not in merged:
            tags = [row.get("country") or "", row.get("disorder_type") or ""]
            merged[key] = (
                line,
                {
                    "id": (row.get("event_id_cnty") or "").strip() or f"row-{n + 1}",
                    "text": text,
                    "date": date,
                    "events": [],
                    "tags": [t.strip() for t in tags if t and t.strip()],
                    "annotated": ["acled"],
                },
            )
        merged[key][1]["events"].append(
            {
                "source": None,
                "target": None,
                "code": None,
                "acled_type": (row.get("event_type") or "").strip() or None,
                "acled_sub_type": (row.get("sub_event_type") or "").strip() or None,
                "source_text": (row.get("actor1") or "").strip() or None,
                "target_text": (row.get("actor2") or "").strip() or None,
            }
        )
    return validate_records(merged.values(), file, codebook)


def _columns(reader: csv.DictReader[str], file: str) -> set[str]:
    """The header's column names; a header that is not valid CSV is a located GoldError."""
    try:
        return set(reader.fieldnames or [])
    except csv.Error as exc:
        raise GoldError([GoldIssue(file, 1, "", f"invalid CSV: {exc}")]) from exc


def _rows(reader: csv.DictReader[str], file: str) -> Iterator[dict[str | Any, str | Any]]:
    """The rows of a strict CSV reader, its errors located at the record they start on.

    ``strict=True`` makes a file cut inside a quoted field ("unexpected end of data") or
    a stray quote an error instead of a silently merged or truncated row.
    """
    start = reader.line_num + 1
    try:
        for row in reader:
            yield row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise GoldError([GoldIssue(file, start, "", f"invalid CSV: {exc}")]) from exc
