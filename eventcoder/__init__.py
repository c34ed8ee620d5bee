"""eventcoder: who did what to whom, when, where - coded from news text.

>>> import eventcoder as ec
>>> coder = ec.Coder()                                        # doctest: +SKIP
>>> coder.code("North Korea launched a missile.", date="2017-11-29")  # doctest: +SKIP
"""

from eventcoder.codebook.loader import load_codebook, validate_codebook
from eventcoder.codebook.model import Codebook
from eventcoder.coder import Coder, Document
from eventcoder.errors import (
    CodebookError,
    CodebookIssue,
    EventcoderError,
    InputError,
    ModelNotFoundError,
)
from eventcoder.records import COLUMNS, ActorRef, Event, events_to_frame

__version__ = "0.1.0"

__all__ = [
    "COLUMNS",
    "ActorRef",
    "Codebook",
    "CodebookError",
    "CodebookIssue",
    "Coder",
    "Document",
    "Event",
    "EventcoderError",
    "InputError",
    "ModelNotFoundError",
    "__version__",
    "events_to_frame",
    "load_codebook",
    "validate_codebook",
]
