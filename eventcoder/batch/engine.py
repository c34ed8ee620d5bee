"""The coding engine: a stream of :class:`InputDoc` in, one :class:`DocResult` per doc out.

:func:`code_stream` codes in this process: one ``nlp.pipe`` stream for the whole run,
every parsed document coded as a whole (pronouns and "the country" resolve across its
sentences). Faults stay with the document that caused them:

* a document that failed to read, or is longer than ``Coder.max_chars`` (or the
  parser's own ``nlp.max_length``), never reaches the parser; it comes back as a
  failed result in its place in the stream;
* an exception while coding a parsed document (frames, patterns, actors) fails that
  document only;
* an exception from the parser ends the ``nlp.pipe`` stream, so the documents it had
  taken in but not returned are parsed one by one to find the culprit, and a fresh
  stream carries on with the rest;
* an exception from the *input* (a truncated ``.gz``, an I/O error) is no document's
  fault and no parser error: the documents read before it are coded, then it is
  raised, and the run fails rather than pass for complete.

:func:`code_parallel` runs ``code_stream`` in ``n_process`` worker processes, each
coding whole tasks of documents, and hands results back in input order. Workers do the
parsing *and* the coding and send back small event rows, not serialised spaCy ``Doc``
objects, so the parent is not the bottleneck. (spaCy's own ``nlp.pipe(n_process=...)``
is not used: it ships every parsed ``Doc`` with its tensors back to the parent, and it
can hang when its stream is closed early, which a clean stop or a parser error does.)

:class:`CoderSpec` describes a coder without holding one: it pickles to workers (local
processes or Dask), where :func:`coder_for` builds the coder once per process.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from eventcoder.batch.items import CODING, MALFORMED, OVERSIZE, PARSE, DocResult, InputDoc
from eventcoder.coder import DEFAULT_MAX_CHARS
from eventcoder.errors import EventcoderError
from eventcoder.records import event_to_row

if TYPE_CHECKING:
    from eventcoder.coder import Coder
    from eventcoder.parsed import ParsedDoc

_REASON_CHARS = 400
_MAX_FAILED_RESTARTS = 3


@dataclass(frozen=True, slots=True)
class CoderSpec:
    """How to build a :class:`~eventcoder.coder.Coder`: picklable, hashable, model-free.

    A loaded spaCy model must never travel inside a pickled task; the spec does, and
    each worker process builds (once) the coder it describes.
    """

    codebook: str | None = None
    model: str | None = None
    ner: bool = True
    emit: str | tuple[str, ...] = "asserted"
    require_source: bool = True
    max_chars: int = DEFAULT_MAX_CHARS
    options: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def make(
        cls,
        codebook: str | os.PathLike[str] | None = None,
        model: str | None = None,
        *,
        ner: bool = True,
        emit: str | Iterable[str] = "asserted",
        require_source: bool = True,
        max_chars: int = DEFAULT_MAX_CHARS,
        **options: Any,
    ) -> CoderSpec:
        """A spec with local paths made absolute, so a worker elsewhere finds them.

        ``options`` are any other :class:`~eventcoder.coder.Coder` keyword arguments
        (hashable values), passed through as they are.
        """
        book = None if codebook is None else os.fspath(codebook)
        if book is not None and Path(book).exists():
            book = str(Path(book).resolve())
        emit_key = emit if isinstance(emit, str) else tuple(sorted(emit))
        extra = tuple(sorted(options.items()))
        return cls(book, model, ner, emit_key, require_source, max_chars, extra)

    def build(self) -> Coder:
        """Load the coder this spec describes (slow: loads the parser and codebook)."""
        from eventcoder.coder import Coder

        return Coder(
            codebook=self.codebook,
            model=self.model,
            ner=self.ner,
            emit=self.emit,
            require_source=self.require_source,
            max_chars=self.max_chars,
            **dict(self.options),
        )

    def fingerprint(self) -> dict[str, Any]:
        emit = self.emit if isinstance(self.emit, str) else list(self.emit)
        return {
            "codebook": self.codebook,
            "model": self.model,
            "ner": self.ner,
            "emit": emit,
            "require_source": self.require_source,
            "max_chars": self.max_chars,
            **{k: repr(v) for k, v in self.options},
        }


_CODERS: dict[CoderSpec, Coder] = {}
_CODERS_LOCK = threading.Lock()


def coder_for(spec: CoderSpec) -> Coder:
    """This process's coder for ``spec``, built on first use and then reused.

    On a Dask worker this is what loads the model once per worker process rather than
    once per task or per partition.
    """
    coder = _CODERS.get(spec)
    if coder is None:
        with _CODERS_LOCK:
            coder = _CODERS.get(spec)
            if coder is None:
                coder = spec.build()
                warm_up(coder)
                _CODERS[spec] = coder
    return coder


_WARM_UP_TEXT = "The United States imposed new sanctions on Iran, officials said on Monday."


def warm_up(coder: Coder) -> None:
    """Load the parser and build the coder's lazily built resources now.

    Done once before worker processes are forked, so they share one copy of it
    (copy-on-write) instead of each building its own; and before a run's clock starts,
    so documents/s measures coding, not set-up. The text goes straight to the parser:
    ``max_chars`` is a limit on the user's documents, not on this one.
    """
    parsed = coder.backend.parse(_WARM_UP_TEXT, "warm-up")
    coder.code_parsed(parsed, dt.date(2020, 1, 1), "warm-up")


# Documents parsed inside one spaCy memory zone. Strings the parser meets for the first
# time (names, numbers, typos) pile up in its vocabulary forever otherwise: on a corpus
# of millions of documents that is the one thing that grows. Each zone frees them.
MEMORY_ZONE_DOCS = 5_000


def code_stream(
    coder: Coder,
    docs: Iterable[InputDoc],
    *,
    batch_size: int = 64,
    zone_docs: int = MEMORY_ZONE_DOCS,
    read_ahead: bool = True,
) -> Generator[DocResult, None, None]:
    """Code documents in this process, in order: one result per input document.

    Every ``zone_docs`` documents are parsed inside a fresh spaCy memory zone, so the
    parser's vocabulary does not grow with the corpus. ``zone_docs=0`` turns zones off:
    do that when other threads use the same parser at the same time (a zone frees the
    strings of every document parsed while it is open). ``read_ahead=False`` keeps the
    parser in this thread (pool workers: the other cores already have a process each).
    """
    feed = _Feed(iter(docs), coder.max_chars, zone_docs or sys.maxsize)
    failed_restarts = 0
    while not feed.exhausted:
        with _memory_zone(coder, enabled=zone_docs > 0):
            feed.new_zone()
            while not feed.zone_full and not feed.exhausted:
                error = yield from _parse_run(coder, feed, batch_size, read_ahead)
                if error is None:
                    continue
                # Find the culprit: parse what the failed stream had taken in, one by one.
                pending = feed.pending
                attempted = sum(d.error is None for d in pending)
                results = [_code_alone(coder, pending.popleft()) for _ in range(len(pending))]
                if attempted and sum(r.kind == PARSE for r in results) == attempted:
                    failed_restarts += 1
                    if failed_restarts >= _MAX_FAILED_RESTARTS:
                        raise EventcoderError(
                            f"the parser fails on every document ({_reason(error)}); stopping"
                        ) from error
                else:
                    failed_restarts = 0
                yield from results
    if feed.read_error is not None:
        raise feed.read_error


def _parse_run(
    coder: Coder, feed: _Feed, batch_size: int, read_ahead: bool = True
) -> Generator[DocResult, None, Exception | None]:
    """One ``nlp.pipe`` stream over the feed; returns the parser's exception, if any.

    Parsed documents are paired with the queue of documents fed to the parser (it
    reads ahead by up to a batch, and the spaCy backend parses in a background thread
    up to two batches ahead of the coding: :mod:`eventcoder.backends.ahead`); failed
    documents are yielded in their place.
    """
    ahead = read_ahead and coder.read_ahead
    parsed_docs = coder.backend.parse_many(feed.texts(), batch_size, 1, ahead=ahead)
    pending = feed.pending
    try:
        while True:
            try:
                parsed = next(parsed_docs)
            except StopIteration:
                break
            except Exception as exc:  # the parser failed somewhere in its batch
                return exc
            yield from _failed_head(pending)
            yield code_one(coder, pending.popleft(), parsed)
    finally:
        parsed_docs.close()
    yield from _failed_head(pending)
    if pending:  # pragma: no cover - would be a bug in the pairing above
        raise EventcoderError(f"{len(pending)} document(s) were parsed but not coded")
    return None


class _Future(Protocol):
    """What :func:`ordered_results` needs of a future (concurrent.futures or Dask)."""

    def result(self) -> list[DocResult]: ...

    def cancel(self) -> Any: ...


def ordered_results(
    submit: Callable[[list[InputDoc]], _Future],
    docs: Iterable[InputDoc],
    *,
    task_size: int,
    in_flight: int,
) -> Generator[DocResult, None, None]:
    """Send documents off in tasks of ``task_size`` and yield results in input order.

    At most ``in_flight`` tasks are out at once, so however large the input, memory
    holds a bounded number of documents; the input is read only as fast as results
    come back. When the input ends (or is cut short by a stop), the tasks already out
    are waited for, so every document taken from the input gets its result.
    """
    window: deque[_Future] = deque()
    try:
        for task in batched(docs, task_size):
            window.append(submit(task))
            while len(window) >= in_flight:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        for future in window:
            future.cancel()


def batched(items: Iterable[InputDoc], size: int) -> Iterator[list[InputDoc]]:
    """Lists of ``size`` items (the last may be shorter); ``itertools.batched`` is 3.12+."""
    batch: list[InputDoc] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# The coder of a local worker process. Under "fork" the parent sets it before starting
# the pool and the workers inherit the loaded model (copy-on-write, nothing reloaded);
# under "spawn" each worker builds it from the spec in _init_worker.
_WORKER_CODER: Coder | None = None


def code_parallel(
    coder: Coder,
    docs: Iterable[InputDoc],
    *,
    spec: CoderSpec,
    n_process: int,
    batch_size: int = 64,
    task_size: int | None = None,
) -> Generator[DocResult, None, None]:
    """Code in ``n_process`` worker processes; results in input order.

    Each task is ``task_size`` documents (default: one parser batch) coded with
    :func:`code_stream` in a worker, so faults are isolated per document exactly as in
    one process. Workers ignore SIGINT (Ctrl-C reaches the whole process group; the
    parent decides when to stop) and die with the parent if it is killed.
    """
    global _WORKER_CODER
    warm_up(coder)
    fork = sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if fork else "spawn")
    if fork:
        _WORKER_CODER = coder
    size = task_size or batch_size
    try:
        with ProcessPoolExecutor(
            n_process, mp_context=context, initializer=_init_worker, initargs=(spec,)
        ) as pool:
            yield from ordered_results(
                lambda task: pool.submit(_code_task, task, batch_size),
                docs,
                task_size=size,
                in_flight=2 * n_process + 1,
            )
    finally:
        if fork:
            _WORKER_CODER = None


def _init_worker(spec: CoderSpec) -> None:
    global _WORKER_CODER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    if _WORKER_CODER is None:
        _WORKER_CODER = coder_for(spec)


def _code_task(docs: list[InputDoc], batch_size: int) -> list[DocResult]:
    assert _WORKER_CODER is not None
    return list(code_stream(_WORKER_CODER, docs, batch_size=batch_size, read_ahead=False))


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when its parent dies (e.g. SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - unusual libc
        pass


@contextmanager
def sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT while child processes start, so they inherit "ignore".

    A terminal's Ctrl-C goes to the whole process group; a child that ignores it keeps
    working while the parent stops cleanly after its current chunk.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def code_one(coder: Coder, doc: InputDoc, parsed: ParsedDoc) -> DocResult:
    """Code one parsed document as a whole; an exception fails this document only."""
    try:
        events = coder.code_parsed(parsed, doc.date, doc.doc_id)
        rows = [event_to_row(e) for e in events]
    except Exception as exc:
        return DocResult.failed(doc.fail(CODING, f"coding failed: {_reason(exc)}"))
    return DocResult(
        doc.index, doc.doc_id, doc.source, doc.location, rows, n_sentences=len(parsed.sentences)
    )


def _code_alone(coder: Coder, doc: InputDoc) -> DocResult:
    if doc.error is not None or doc.text is None:
        return DocResult.failed(doc)
    try:
        parsed = coder.backend.parse(doc.text, doc.doc_id)
    except Exception as exc:
        return DocResult.failed(doc.fail(PARSE, f"parser error: {_reason(exc)}"))
    return code_one(coder, doc, parsed)


class _Feed:
    """Texts for the parser from the input; every document is queued in ``pending``.

    The queue pairs parser output with its document and keeps failed documents (read
    errors, oversize texts, which never reach the parser) in their place. The feed
    stops at the end of the input, or when the current memory zone has had its
    share of documents.
    """

    def __init__(self, source: Iterator[InputDoc], max_chars: int, zone_docs: int) -> None:
        self.source = source
        self.max_chars = max_chars
        self.zone_docs = zone_docs
        self.pending: deque[InputDoc] = deque()
        self.exhausted = False
        self.in_zone = 0
        self.read_error: Exception | None = None

    @property
    def zone_full(self) -> bool:
        return self.in_zone >= self.zone_docs

    def new_zone(self) -> None:
        self.in_zone = 0

    def texts(self) -> Iterator[str]:
        """The texts to parse; an input failure ends them and is kept in ``read_error``.

        Raised here, inside ``nlp.pipe``, it would come out of the parser and pass for a
        parser error on the documents in flight.
        """
        while not self.zone_full:
            try:
                doc = next(self.source, None)
            except Exception as exc:
                self.read_error = exc
                doc = None
            if doc is None:
                self.exhausted = True
                return
            self.in_zone += 1
            self.pending.append(doc)
            if doc.error is not None:
                continue
            if not isinstance(doc.text, str):
                doc.fail(MALFORMED, f"the text is a {type(doc.text).__name__}, not a string")
            elif len(doc.text) > self.max_chars:
                doc.fail(
                    OVERSIZE,
                    f"the document has {len(doc.text)} characters; the limit is "
                    f"{self.max_chars} (raise --max-chars / Coder(max_chars=...) or split it)",
                )
            else:
                yield doc.text


@contextmanager
def _memory_zone(coder: Coder, enabled: bool = True) -> Iterator[None]:
    """spaCy's ``memory_zone`` (3.8+) around a stretch of parsing, where available."""
    nlp = getattr(coder.backend, "nlp", None)
    zone = getattr(nlp, "memory_zone", None)
    if zone is None or not enabled:
        yield
        return
    with zone():
        yield


def _failed_head(pending: deque[InputDoc]) -> Iterator[DocResult]:
    """Results for the failed documents at the head of the queue (they are next in order)."""
    while pending and pending[0].error is not None:
        yield DocResult.failed(pending.popleft())


def _reason(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    return text if len(text) <= _REASON_CHARS else text[: _REASON_CHARS - 3] + "..."
