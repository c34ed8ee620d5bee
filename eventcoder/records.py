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
from typing import Any, Literal, TypeVar

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

Status = Literal["asserted", "negated", "hypothetical", "conditional", "question"]
Tense = Literal["current", "historical", "future", "ongoing"]
Precision = Literal["day", "week", "month", "year", "story"]


class ActorRef(BaseModel):
    """An actor as it appears in an event: its code and the text it was read from."""

    model_config = ConfigDict(frozen=True)

    code: str | None = Field(None, description="Actor code (e.g. USAGOV); None if unresolved")
    text: str = Field("", description="The noun phrase in the sentence")
    start: int = Field(-1, description="Character offset of the phrase in the document")
    end: int = Field(-1, description="End character offset (exclusive)")
    name: str = Field("", description="Dictionary name of a named actor (person, group...)")
    method: str = Field("", description="How the code was found (dictionary, anaphor, ...)")
    note: str = Field("", description="Why unresolved, or what was assumed")

    @property
    def country(self) -> str | None:
        return self.code[:3] if self.code else None


class LocationRef(BaseModel):
    """Where an event happened, as the clause names it and the gazetteer places it."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Place name in the gazetteer (Vienna, Sea of Japan)")
    country: str | None = Field(None, description="ISO-3 country code; None at sea")
    admin1: str | None = Field(None, description="First-level subdivision, where known")
    latitude: float | None = None
    longitude: float | None = None
    precision: int = Field(1, description="1 town/place, 2 region/subdivision, 3 country/sea")
    text: str = Field("", description="The words naming the place")
    start: int = -1
    end: int = -1


class Event(BaseModel):
    """One coded event: who did what to whom, with the evidence for it."""

    model_config = ConfigDict(frozen=True)

    doc_id: str | None = None
    sentence_index: int
    event_index: int = Field(0, description="Position of the event within its document")
    story_date: dt.date | None = None
    event_date: dt.date | None = Field(
        None, description="The event's own date (first day of its period)"
    )
    date_precision: Precision = Field("story", description="day/week/month/year, or story")
    date_text: str = Field("", description="The temporal expression the date came from")
    tense: Tense = Field("current", description="current, historical, future or ongoing")
    location: LocationRef | None = None
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
    acled_type: str | None = Field(None, description="ACLED event_type, where ACLED records it")
    acled_sub_type: str | None = Field(None, description="ACLED sub_event_type")
    acled_actor1: str | None = Field(None, description="ACLED-style actor1 name")
    acled_actor2: str | None = Field(None, description="ACLED-style actor2 name")
    acled_inter1: int | None = Field(None, description="ACLED actor type of actor1 (1-8)")
    acled_inter2: int | None = Field(None, description="ACLED actor type of actor2 (1-8)")
    acled_interaction: int | None = Field(None, description="ACLED interaction code")
    fatalities: int | None = Field(None, description="Deaths the sentence reports, if stated")
    crowd_size: int | None = Field(None, description="Crowd size the sentence reports, if stated")
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
    mentions: int = Field(1, description="Mentions merged into this event by dedupe()")
    evidence: tuple[str, ...] = Field((), description="doc:sentence:offset of every mention")

    @property
    def asserted(self) -> bool:
        return self.status == "asserted"


COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "sentence_index": "Int64",
    "event_index": "Int64",
    "story_date": "string",
    "event_date": "string",
    "date_precision": "string",
    "date_text": "string",
    "tense": "string",
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
    "acled_type": "string",
    "acled_sub_type": "string",
    "acled_actor1": "string",
    "acled_actor2": "string",
    "acled_inter1": "Int64",
    "acled_inter2": "Int64",
    "acled_interaction": "Int64",
    "fatalities": "Int64",
    "crowd_size": "Int64",
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
    "location_name": "string",
    "location_country": "string",
    "location_admin1": "string",
    "latitude": "Float64",
    "longitude": "Float64",
    "geo_precision": "Int64",
    "location_text": "string",
    "pattern_id": "string",
    "wrappers": "string",
    "mentions": "Int64",
    "evidence": "string",
}


M = TypeVar("M", bound=BaseModel)
_TEMPLATES: dict[type[BaseModel], tuple[dict[str, Any], frozenset[str]]] = {}
_REQUIRED = object()


def construct(model: type[M], values: dict[str, Any]) -> M:
    """A record from values the coder has already checked, without validation.

    What ``model.model_construct(**values)`` gives (same ``__dict__``, fields set,
    equality, dumps), at a fraction of its cost: the coder builds three or four of
    these per event on every corpus run. Defaults come from a per-model template made
    once; every default of these models is immutable, so the template is shared.
    """
    cached = _TEMPLATES.get(model)
    if cached is None:
        cached = _TEMPLATES[model] = _template(model)
    template, required = cached
    if not required <= values.keys():
        missing = ", ".join(sorted(required - values.keys()))
        raise TypeError(f"{model.__name__} needs {missing}")
    fields = template.copy()
    fields.update(values)
    record = model.__new__(model)
    object.__setattr__(record, "__dict__", fields)
    object.__setattr__(record, "__pydantic_fields_set__", set(values))
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


def _template(model: type[BaseModel]) -> tuple[dict[str, Any], frozenset[str]]:
    """The model's defaults in field order (required fields held by a marker), and
    the names of its required fields."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.is_required():
            out[name] = _REQUIRED
            continue
        default = info.get_default(call_default_factory=True)
        if not isinstance(default, (str, int, float, bool, tuple, type(None))):
            raise TypeError(f"{model.__name__}.{name}: a mutable default cannot be shared")
        out[name] = default
    return out, frozenset(k for k, v in out.items() if v is _REQUIRED)


def event_to_row(event: Event) -> dict[str, object]:
    """One event as a flat dict with the keys of :data:`COLUMNS`."""
    row: dict[str, object] = {}
    for name in COLUMNS:
        if name.startswith(("source_", "target_", "reported_by_", "location_")) or name in (
            "latitude",
            "longitude",
            "geo_precision",
        ):
            continue
        value = getattr(event, name)
        if name in ("story_date", "event_date"):
            value = value.isoformat() if value else None
        elif name in ("wrappers", "evidence"):
            value = ";".join(value)
        row[name] = value
    loc = event.location
    row["location_name"] = loc.name if loc else None
    row["location_country"] = loc.country if loc else None
    row["location_admin1"] = loc.admin1 if loc else None
    row["latitude"] = loc.latitude if loc else None
    row["longitude"] = loc.longitude if loc else None
    row["geo_precision"] = loc.precision if loc else None
    row["location_text"] = loc.text if loc else None
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
