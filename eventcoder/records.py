"""Typed event records and their flat, stable DataFrame form.

:class:`Event` is what users get back: a pydantic v2 model that round-trips through
JSON. :func:`events_to_frame` flattens events to one row per event with the columns in
:data:`COLUMNS` (documented in ``docs/output-schema.md``), always in that order and
with those dtypes, even for an empty result, so downstream code never breaks on a
quiet day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

Status = Literal["asserted", "negated", "hypothetical", "conditional", "question"]


class ActorRef(BaseModel):
    """An actor as it appears in an event: its code and the text it was read from."""

    model_config = ConfigDict(frozen=True)

    code: str | None = Field(None, description="Actor code (e.g. USAGOV); None if unresolved")
    text: str = Field("", description="The noun phrase in the sentence")
    start: int = Field(-1, description="Character offset of the phrase in the document")
    end: int = Field(-1, description="End character offset (exclusive)")
    method: str = Field("", description="How the code was found (dictionary, anaphor, ...)")
    note: str = Field("", description="Why unresolved, or what was assumed")

    @property
    def country(self) -> str | None:
        return self.code[:3] if self.code else None


class Event(BaseModel):
    """One coded event: who did what to whom, with the evidence for it."""

    model_config = ConfigDict(frozen=True)

    doc_id: str | None = None
    sentence_index: int
    event_index: int = Field(0, description="Position of the event within its document")
    story_date: dt.date | None = None
    source: ActorRef | None = None
    target: ActorRef | None = None
    code: str
    name: str
    root: str
    quad_class: int
    quad_class_name: str
    goldstein: float | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    plover_context: str | None = None
    status: Status = "asserted"
    negated: bool = False
    modality: str | None = None
    future: bool = False
    conditional: bool = False
    question: bool = False
    reported_by: ActorRef | None = None
    sentence: str = ""
    sentence_start: int = -1
    predicate: str = ""
    predicate_start: int = -1
    predicate_end: int = -1
    pattern_id: str = ""
    wrappers: tuple[str, ...] = ()

    @property
    def asserted(self) -> bool:
        return self.status == "asserted"


COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "sentence_index": "Int64",
    "event_index": "Int64",
    "story_date": "string",
    "source_code": "string",
    "source_text": "string",
    "source_start": "Int64",
    "source_end": "Int64",
    "target_code": "string",
    "target_text": "string",
    "target_start": "Int64",
    "target_end": "Int64",
    "code": "string",
    "name": "string",
    "root": "string",
    "quad_class": "Int64",
    "quad_class_name": "string",
    "goldstein": "Float64",
    "plover_type": "string",
    "plover_mode": "string",
    "plover_context": "string",
    "status": "string",
    "negated": "boolean",
    "modality": "string",
    "future": "boolean",
    "conditional": "boolean",
    "question": "boolean",
    "reported_by_code": "string",
    "reported_by_text": "string",
    "sentence": "string",
    "predicate": "string",
    "predicate_start": "Int64",
    "predicate_end": "Int64",
    "pattern_id": "string",
    "wrappers": "string",
}


def event_to_row(event: Event) -> dict[str, object]:
    """One event as a flat dict with the keys of :data:`COLUMNS`."""
    row: dict[str, object] = {}
    for name in COLUMNS:
        if name.startswith(("source_", "target_", "reported_by_")):
            continue
        value = getattr(event, name)
        if name == "story_date":
            value = value.isoformat() if value else None
        elif name == "wrappers":
            value = ";".join(value)
        row[name] = value
    for role in ("source", "target"):
        ref: ActorRef | None = getattr(event, role)
        row[f"{role}_code"] = ref.code if ref else None
        row[f"{role}_text"] = ref.text if ref else None
        row[f"{role}_start"] = ref.start if ref else None
        row[f"{role}_end"] = ref.end if ref else None
    rep = event.reported_by
    row["reported_by_code"] = rep.code if rep else None
    row["reported_by_text"] = rep.text if rep else None
    return {name: row[name] for name in COLUMNS}


def events_to_frame(events: Iterable[Event]) -> pd.DataFrame:
    """A DataFrame with one row per event and the stable columns of :data:`COLUMNS`."""
    rows = [event_to_row(e) for e in events]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype(COLUMNS)
