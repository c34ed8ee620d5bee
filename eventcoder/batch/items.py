"""The records that flow through a batch run: one input document, one coded result.

A batch run is a stream: readers yield :class:`InputDoc`, an engine turns each into a
:class:`DocResult`, and the runner writes results in input order. Both carry the
document's position (``index``) and where it came from (``source``, ``location``) so
that a fault can be reported against the exact row, and both are plain slotted
dataclasses so they pickle cheaply to Dask workers and back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# Why a document could not be coded; the ``kind`` field of an errors-file line.
ENCODING = "encoding"  # bytes that do not decode in the input encoding
MALFORMED = "malformed"  # a JSON line or CSV record that does not parse
MISSING_TEXT = "missing_text"  # no text field / column value for this row
BAD_DATE = "date"  # a story date that is not an ISO date
OVERSIZE = "oversize"  # longer than Coder.max_chars
PARSE = "parse"  # the parser raised on this document
CODING = "coding"  # frames / coding / actor resolution raised on this document


@dataclass(slots=True)
class InputDoc:
    """One document as read from an input, or the reason it could not be read.

    ``index`` is the 0-based position of the document in the whole run (across all
    inputs); the checkpoint counts documents by it, so it must be deterministic for a
    given set of inputs and options. When ``error`` is set, ``text`` may be ``None``.
    """

    index: int
    doc_id: str
    text: str | None
    date: dt.date | None = None
    source: str = ""
    location: str = ""
    error: str | None = None
    kind: str | None = None

    def fail(self, kind: str, reason: str) -> InputDoc:
        """Mark this document as not codable (and drop its text: it is not needed)."""
        self.kind = kind
        self.error = reason
        self.text = None
        return self


@dataclass(slots=True)
class DocResult:
    """The outcome of one document: its event rows, or the reason it has none.

    ``rows`` are flat dicts with the keys of :data:`eventcoder.records.COLUMNS`
    (:func:`eventcoder.records.event_to_row`), which is what every writer needs and is
    far lighter to pickle back from a worker than pydantic ``Event`` objects.
    """

    index: int
    doc_id: str
    source: str = ""
    location: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    n_sentences: int = 0
    error: str | None = None
    kind: str | None = None

    @classmethod
    def failed(cls, doc: InputDoc) -> DocResult:
        """The result of a document that failed before or during coding."""
        return cls(doc.index, doc.doc_id, doc.source, doc.location, error=doc.error, kind=doc.kind)

    def error_record(self) -> dict[str, Any]:
        """The line written to the errors file: enough to find and fix the row."""
        return {
            "index": self.index,
            "doc_id": self.doc_id,
            "source": self.source,
            "location": self.location,
            "kind": self.kind,
            "reason": self.error,
        }
