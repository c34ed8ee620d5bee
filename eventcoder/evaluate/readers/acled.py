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
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    columns = set(reader.fieldnames or [])
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise GoldError(
            [GoldIssue(file, 1, "", f"not an ACLED export: missing column(s) {', '.join(missing)}")]
        )
    merged: dict[tuple[str, str | None], tuple[int, dict[str, Any]]] = {}
    for n, row in enumerate(reader):
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
