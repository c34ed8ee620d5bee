"""Gold annotations: the pydantic models of ``docs/gold-format.md`` and the JSONL loader.

Every reader (JSONL and the external formats in :mod:`eventcoder.evaluate.readers`)
turns its input into plain dicts with a line number and hands them to
:func:`validate_records`, so every format gets the same checks and the same located
errors (``file:line: id: message``), all of them at once rather than the first only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from eventcoder.errors import InputError, issues_message

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook

Scheme = Literal["cameo", "plover", "acled"]
#: What a gold record can annotate. JSONL gold annotates CAMEO and PLOVER (an absent
#: ``plover`` is the code's crosswalk) and ACLED when the file names ACLED types at all
#: (then an absent ``acled_type`` means "ACLED would not record it"); external formats
#: annotate what they carry. The scorer skips the levels a record does not annotate.
SCHEMES: frozenset[Scheme] = frozenset(("cameo", "plover", "acled"))

_ACTOR_RE = re.compile(r"^(?:[A-Z]{3})+$")
_CODE_RE = re.compile(r"^\d{2,4}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Fields a reader may fill but a JSONL gold file may not carry (not in the format).
_READER_ONLY_RECORD = frozenset({"annotated"})
_READER_ONLY_EVENT = frozenset({"source_text", "target_text"})

#: A JSON value nested deeper than Python's recursion limit (json.loads cannot read it).
TOO_DEEP = "invalid JSON: nested too deeply"


@dataclass(frozen=True, slots=True)
class GoldIssue:
    """One problem in a gold file, located to the line and the record id."""

    file: str
    line: int
    record: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f"{self.record}: " if self.record else ""
        return f"{where}: {who}{self.message}"


class GoldError(InputError):
    """A gold file failed validation; ``issues`` lists every problem found."""

    def __init__(self, issues: list[GoldIssue]) -> None:
        self.issues = list(issues)
        head = f"gold data is invalid ({len(self.issues)} problem(s)):"
        super().__init__(issues_message(head, self.issues))


def _codebook(info: ValidationInfo) -> Codebook | None:
    return (info.context or {}).get("codebook")


def _jsonl(info: ValidationInfo) -> bool:
    """True when validating the documented JSONL format (stricter than readers)."""
    return bool((info.context or {}).get("jsonl"))


class GoldEvent(BaseModel):
    """One expected event. ``source``, ``target`` and ``code`` are required keys.

    They may be ``None`` only in records read from formats that do not carry them
    (ACLED names actors instead of coding them; PLOVER has no CAMEO code); JSONL gold
    requires ``source`` and ``code``, and ``target`` is ``null`` when there is none.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str | None
    target: str | None
    code: str | None
    plover: str | None = None
    acled_type: str | None = None
    acled_sub_type: str | None = None
    reported_by: str | None = None
    source_text: str | None = Field(None, description="Actor name when not coded (readers)")
    target_text: str | None = Field(None, description="Actor name when not coded (readers)")
    date: str | None = Field(
        None, description="The event's own date as the text states it (2017-11-29, 2017-11)"
    )
    location: str | None = Field(
        None, description="Where the text says it happened (Vienna, AUT / AUT / Sea of Japan)"
    )

    @field_validator("date")
    @classmethod
    def _event_date(cls, value: str | None) -> str | None:
        from eventcoder.evaluate.when_where import check_gold_date

        return None if value is None else check_gold_date(value)

    @field_validator("location")
    @classmethod
    def _event_location(cls, value: str | None, info: ValidationInfo) -> str | None:
        from eventcoder.evaluate.when_where import check_gold_location

        return None if value is None else check_gold_location(value, _codebook(info))

    @field_validator("source", "target", "reported_by")
    @classmethod
    def _actor_code(cls, value: str | None) -> str | None:
        if value is not None and not _ACTOR_RE.match(value):
            raise ValueError(
                f"{value!r} is not an actor code (3-letter groups such as USAGOV, IGOUNO)"
            )
        return value

    @field_validator("code")
    @classmethod
    def _event_code(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        if not _CODE_RE.match(value):
            raise ValueError(f"{value!r} is not a CAMEO code (2-4 digits, as a string)")
        book = _codebook(info)
        if book is not None and value not in book.codes:
            raise ValueError(f"unknown CAMEO code {value!r} (not in codebook {book.name!r})")
        return value

    @field_validator("plover")
    @classmethod
    def _plover_type(cls, value: str | None, info: ValidationInfo) -> str | None:
        book = _codebook(info)
        if value is not None and book is not None:
            known = plover_types(book)
            if known and value not in known:
                raise ValueError(
                    f"unknown PLOVER type {value!r} (known: {', '.join(sorted(known))})"
                )
        return value

    @model_validator(mode="after")
    def _acled_taxonomy(self, info: ValidationInfo) -> GoldEvent:
        if self.acled_sub_type and not self.acled_type:
            raise ValueError("acled_sub_type given without acled_type")
        types = acled_types(_codebook(info))
        if self.acled_type is None or not types:
            return self
        if self.acled_type not in types:
            known = ", ".join(sorted(types))
            raise ValueError(f"unknown ACLED event type {self.acled_type!r} (known: {known})")
        subs = types[self.acled_type]
        if self.acled_sub_type and subs and self.acled_sub_type not in subs:
            raise ValueError(
                f"{self.acled_sub_type!r} is not a sub-event type of {self.acled_type!r} "
                f"(known: {', '.join(sorted(subs))})"
            )
        return self

    @property
    def root(self) -> str | None:
        """The CAMEO root (first two digits) of the code."""
        return self.code[:2] if self.code else None

    @property
    def source_country(self) -> str | None:
        return self.source[:3] if self.source else None

    @property
    def target_country(self) -> str | None:
        return self.target[:3] if self.target else None


class GoldRecord(BaseModel):
    """One gold sentence or short document with the events it should give."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    date: dt.date | None
    events: tuple[GoldEvent, ...]
    tags: tuple[str, ...] = ()
    notes: str = ""
    annotated: frozenset[Scheme] = Field(
        SCHEMES, description="Which schemes the record's events annotate (readers set it)"
    )

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and not _jsonl(info):
            return None
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str) or not _DATE_RE.match(value):
            raise ValueError(f"date {value!r} is not YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"date {value!r} is not a calendar date") from exc

    @field_validator("notes", mode="before")
    @classmethod
    def _no_notes(cls, value: Any) -> Any:
        return "" if value is None else value

    @model_validator(mode="after")
    def _cameo_needs_code(self) -> GoldRecord:
        if "cameo" in self.annotated:
            for n, e in enumerate(self.events):
                missing = [f for f in ("source", "code") if getattr(e, f) is None]
                if missing:
                    raise ValueError(f"events[{n}]: {' and '.join(missing)} must not be null")
        return self


def acled_types(codebook: Codebook | None) -> dict[str, frozenset[str]]:
    """ACLED event type -> sub-event types, from the codebook's ``acled`` section if any."""
    types = getattr(getattr(codebook, "acled", None), "types", None)
    return dict(types) if types else {}


def plover_types(codebook: Codebook) -> frozenset[str]:
    """The PLOVER types a codebook's codes cross-walk to (what gold may name)."""
    return frozenset(c.plover_type for c in codebook.codes.values() if c.plover_type)


def validate_records(
    items: Iterable[tuple[int, Any]],
    file: str,
    codebook: Codebook | None = None,
    *,
    jsonl: bool = False,
) -> list[GoldRecord]:
    """Gold records from ``(line, raw dict)`` pairs; raises :class:`GoldError` with all issues.

    ``jsonl`` applies the documented format strictly (no reader-only fields, a date is
    required); readers of external formats pass ``False``.
    """
    context = {"codebook": codebook, "jsonl": jsonl}
    records: list[GoldRecord] = []
    issues: list[GoldIssue] = []
    seen: dict[str, int] = {}
    for line, raw in items:
        rid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        if not isinstance(raw, dict):
            issues.append(GoldIssue(file, line, "", "a record must be a JSON object"))
            continue
        if rid in seen:
            issues.append(
                GoldIssue(file, line, rid, f"duplicate id (first used on line {seen[rid]})")
            )
        elif rid:
            seen[rid] = line
        if jsonl:
            raw, unknown = _strip_reader_fields(raw)
            issues.extend(GoldIssue(file, line, rid, f"{k}: unknown field") for k in unknown)
        try:
            records.append(GoldRecord.model_validate(raw, context=context))
        except ValidationError as exc:
            issues.extend(GoldIssue(file, line, rid, m) for m in _messages(exc))
    if issues:
        raise GoldError(issues)
    return records


def _strip_reader_fields(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Drop (and name) fields only readers may set, so the rest is still validated."""
    unknown = [k for k in raw if k in _READER_ONLY_RECORD]
    out = {k: v for k, v in raw.items() if k not in _READER_ONLY_RECORD}
    events = out.get("events")
    if isinstance(events, list):
        cleaned = []
        for n, e in enumerate(events):
            if isinstance(e, dict):
                unknown += [f"events[{n}].{k}" for k in e if k in _READER_ONLY_EVENT]
                e = {k: v for k, v in e.items() if k not in _READER_ONLY_EVENT}
            cleaned.append(e)
        out["events"] = cleaned
    return out, unknown


def _messages(exc: ValidationError) -> Iterator[str]:
    """Pydantic errors as ``events[0].code: message`` lines."""
    for err in exc.errors():
        where = ""
        for part in err["loc"]:
            where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else part)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "missing required field"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field"
        yield f"{where}: {msg}" if where else msg


def read_jsonl(path: str | os.PathLike[str], codebook: Codebook | None = None) -> list[GoldRecord]:
    """Load and validate a gold JSONL file (the format of ``docs/gold-format.md``)."""
    file = str(path)
    issues: list[GoldIssue] = []
    items: list[tuple[int, Any]] = []
    try:
        lines = jsonl_lines(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError([GoldIssue(file, 0, "", f"cannot read: {exc}")]) from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            items.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            issues.append(GoldIssue(file, n, "", f"invalid JSON: {exc.msg} (column {exc.colno})"))
        except RecursionError:
            issues.append(GoldIssue(file, n, "", TOO_DEEP))
    try:
        records = validate_records(items, file, codebook, jsonl=True)
    except GoldError as exc:
        issues.extend(exc.issues)
        records = []
    if issues:
        raise GoldError(sorted(issues, key=lambda i: i.line))
    return without_unused_schemes(records)


def jsonl_lines(text: str) -> list[str]:
    """The lines of JSON Lines: split at ``\\n`` only, less the ``\\r`` of a ``\\r\\n``.

    ``str.splitlines`` also splits at U+2028, U+2029, U+0085 and other separators that
    a JSON string may hold unescaped, cutting a record in two.
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


def without_unused_schemes(records: list[GoldRecord]) -> list[GoldRecord]:
    """Records of a file that never names an ACLED type do not annotate ACLED.

    ``acled_type`` is optional, and in a file that uses it an event without one means
    "ACLED would not record this". A file that never uses it simply was not annotated
    for ACLED, and scoring it would count every ACLED prediction as a false positive.
    """
    if any(e.acled_type for r in records for e in r.events):
        return records
    return [r.model_copy(update={"annotated": r.annotated - {"acled"}}) for r in records]


__all__ = [
    "SCHEMES",
    "GoldError",
    "GoldEvent",
    "GoldIssue",
    "GoldRecord",
    "Scheme",
    "acled_types",
    "plover_types",
    "read_jsonl",
    "validate_records",
]
