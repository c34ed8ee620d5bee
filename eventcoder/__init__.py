"""eventcoder: who did what to whom, when, where - coded from news text.

>>> import eventcoder as ec
>>> coder = ec.Coder()                                        # doctest: +SKIP
>>> coder.code("North Korea launched a missile.", date="2017-11-29")  # doctest: +SKIP

The public names are imported on first use (PEP 562): spaCy imports
``eventcoder.component`` whenever it builds any pipeline, and that must not pull in
pandas, pydantic models and the evaluation package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "COLUMNS": "eventcoder.records",
    "ActorRef": "eventcoder.records",
    "Codebook": "eventcoder.codebook.model",
    "CodebookError": "eventcoder.errors",
    "CodebookIssue": "eventcoder.errors",
    "Coder": "eventcoder.coder",
    "Document": "eventcoder.coder",
    "Event": "eventcoder.records",
    "EventView": "eventcoder.visual",
    "EventcoderError": "eventcoder.errors",
    "InputError": "eventcoder.errors",
    "LocationRef": "eventcoder.records",
    "ModelNotFoundError": "eventcoder.errors",
    "dedupe": "eventcoder.duplicates",
    "evaluate": "eventcoder",  # the callable package eventcoder.evaluate itself
    "events_to_frame": "eventcoder.records",
    "load_codebook": "eventcoder.codebook.loader",
    "render": "eventcoder.visual",
    "validate_codebook": "eventcoder.codebook.loader",
}

__all__ = [
    "COLUMNS",
    "ActorRef",
    "Codebook",
    "CodebookError",
    "CodebookIssue",
    "Coder",
    "Document",
    "Event",
    "EventView",
    "EventcoderError",
    "InputError",
    "LocationRef",
    "ModelNotFoundError",
    "__version__",
    "dedupe",
    "evaluate",
    "events_to_frame",
    "load_codebook",
    "render",
    "validate_codebook",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'eventcoder' has no attribute {name!r}")
    value = (
        getattr(import_module(module), name)
        if module != __name__
        else import_module(f"{__name__}.{name}")
    )
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from eventcoder import evaluate
    from eventcoder.codebook.loader import load_codebook, validate_codebook
    from eventcoder.codebook.model import Codebook
    from eventcoder.coder import Coder, Document
    from eventcoder.duplicates import dedupe
    from eventcoder.errors import (
        CodebookError,
        CodebookIssue,
        EventcoderError,
        InputError,
        ModelNotFoundError,
    )
    from eventcoder.records import COLUMNS, ActorRef, Event, LocationRef, events_to_frame
    from eventcoder.visual import EventView, render
