"""The ``eventcoder`` spaCy pipeline component: events on ``doc._.events``.

::

    import spacy
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("eventcoder", config={"codebook": None, "emit": "asserted"})
    doc = nlp("North Korea launched a missile over Japan.")
    doc._.events                         # list[eventcoder.Event]
    [s._.events for s in doc.sents]      # the events of each sentence

The factory is registered through the ``spacy_factories`` entry point, so
``nlp.add_pipe("eventcoder")`` works after ``pip install eventcoder`` without importing
eventcoder first. spaCy imports this module whenever it builds a pipeline, so it
imports nothing heavy at module level: the codebook is loaded when the component is
created.

The component codes the parse the pipeline produced (it must come after the parser;
English pipelines labelled in spaCy's ClearNLP scheme are converted to UD v2 as the
spaCy backend does). It leaves the pipeline itself alone, so the results can differ
slightly from :meth:`eventcoder.Coder.code`, whose own pipeline also ends sentences at
line breaks.

Set ``doc._.story_date`` (a date or ISO string) and ``doc._.doc_id`` before the
component runs to date and label the events (e.g. with ``nlp.pipe(..., as_tuples=True)``
and a loop); otherwise the config's ``date`` is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span

if TYPE_CHECKING:
    from eventcoder.coder import Coder
    from eventcoder.records import Event

FACTORY = "eventcoder"


def _span_events(span: Span) -> list[Event]:
    """The events whose sentence starts inside ``span``."""
    events = span.doc._.events or []
    lo, hi = span.start_char, span.end_char
    return [e for e in events if lo <= e.sentence_start < hi]


def register_extensions() -> None:
    """Add ``Doc._.events``, ``Doc._.story_date``, ``Doc._.doc_id`` and ``Span._.events``."""
    for name in ("events", "story_date", "doc_id"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("events"):
        Span.set_extension("events", getter=_span_events)


class EventcoderComponent:
    """Codes each document the pipeline parses; events go on ``doc._.events``."""

    def __init__(self, nlp: Language, name: str, coder: Coder, date: str | None = None) -> None:
        self.name = name
        self.coder = coder
        self.date = date
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        from eventcoder.backends.spacy import doc_to_parsed
        from eventcoder.coder import to_date

        doc_id = doc._.doc_id
        parsed = doc_to_parsed(doc, None if doc_id is None else str(doc_id))
        date = doc._.story_date if doc._.story_date is not None else self.date
        doc._.events = self.coder.code_parsed(parsed, to_date(date), parsed.doc_id)
        return doc


@Language.factory(
    FACTORY,
    default_config={
        "codebook": None,
        "emit": "asserted",
        "require_source": True,
        "locate": True,
        "date": None,
    },
    requires=["token.dep", "token.head", "token.lemma", "token.pos"],
    assigns=["doc._.events"],
)
def make_component(
    nlp: Language,
    name: str,
    codebook: str | None,
    emit: str | list[str],
    require_source: bool,
    locate: bool,
    date: str | None,
) -> EventcoderComponent:
    """Create the component (loads the codebook; the pipeline's parser is reused).

    ``codebook``: a codebook directory or shipped name (default CAMEO); ``emit``:
    ``"asserted"``, ``"all"`` or a list of statuses; ``require_source``: drop events
    without a source actor code; ``locate``: attach gazetteer locations; ``date``:
    the story date (ISO) of documents without ``doc._.story_date``.
    """
    from eventcoder.coder import Coder, to_date

    to_date(date)  # a bad date fails when the pipeline is built, not on the first doc
    coder = Coder(
        codebook=codebook,
        emit=emit,
        require_source=require_source,
        locate=locate,
        nlp=nlp,
    )
    return EventcoderComponent(nlp, name, coder, date)


__all__ = ["FACTORY", "EventcoderComponent", "make_component", "register_extensions"]
