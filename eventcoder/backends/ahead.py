"""Parse ahead in a background thread while the caller codes what is already parsed.

Coding is pure Python and holds the GIL; a spaCy parse spends much of its time in
compiled code that releases it (the CNN's matrix products, the parser's transition
loop). Run in one thread, the two take turns and coding adds its whole cost to the
parse. With the parse in a second thread, coding fills the time the parser spends
outside the GIL, on the machine's other core: measured on the 2-core benchmark
machine, single-process throughput went from 0.83 to 0.92-0.96 of bare ``nlp.pipe``
(``python benchmarks/throughput.py``, ``python benchmarks/scale.py``).

Only the parser moves to the background thread. The caller's texts are read in the
caller's thread and handed over through a queue, so an iterable that must stay in
its thread (a ``sqlite3`` cursor, a generator using thread-local state) works as
before, and an exception it raises comes out of the caller's own loop. Parses come
back in order; converting and coding them stay in the caller's thread too, which
keeps the parser's thread, the one that sets the pace, as short as it can be.

Three details make it work:

* the interpreter's switch interval is shortened while a read-ahead runs. At the
  default 5 ms the parser, coming back from compiled code, waits up to 5 ms for the
  coding thread to hand over the GIL, and the overlap is lost (measured: slower than
  no thread at all). It is restored when the last read-ahead ends;
* at most ``window`` texts are in flight (handed over and not yet returned parsed),
  so memory stays flat;
* the parser never waits for texts the caller has not handed over: when it runs dry
  (a parser batch larger than the window) it says so, and the caller hands over one
  more text each time.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from eventcoder.parsed import ParsedDoc

T = TypeVar("T")
R = TypeVar("R")

SWITCH_INTERVAL = 0.0002
"""Seconds between forced GIL hand-overs while a read-ahead runs (CPython's default: 0.005)."""

THREAD_NAME = "eventcoder-read-ahead"
_RESULT, _END, _ERROR, _HUNGRY = range(4)
_NO_MORE = object()  # the end of the texts, on the queue to the parser
_lock = threading.Lock()
_active = 0
_saved_interval = 0.0


def read_ahead(
    parse: Callable[[Iterator[str]], Iterable[R]], texts: Iterable[str], window: int
) -> Generator[R, None, None]:
    """``parse(texts)``, run in a background thread with ``texts`` fed from this one.

    ``parse`` receives an iterator of the texts and returns the parses in order (for
    spaCy: ``nlp.pipe``); it is called, iterated and closed in the background thread
    only. At most ``window`` texts are in flight. Closing the returned generator (or
    leaving a ``for`` loop over it early) stops the background thread and waits for
    it: the parser batch under way is finished first, so nothing is still using the
    parser when the caller goes on.
    """
    source = iter(texts)
    to_parser: queue.Queue[Any] = queue.Queue()
    from_parser: queue.Queue[tuple[int, Any]] = queue.Queue()
    stop = threading.Event()
    worker = threading.Thread(
        target=_parse_in_background,
        args=(parse, to_parser, from_parser, stop),
        name=THREAD_NAME,
        daemon=True,
    )
    in_flight = 0
    fed_all = False

    def feed(limit: int) -> None:
        nonlocal in_flight, fed_all
        while not fed_all and in_flight < limit:
            text = next(source, _NO_MORE)
            to_parser.put(text)
            if text is _NO_MORE:
                fed_all = True
            else:
                in_flight += 1

    _shorten_switch_interval()
    try:
        feed(window)
        worker.start()
        while True:
            feed(window)
            kind, value = from_parser.get()
            if kind == _RESULT:
                in_flight -= 1
                yield value
            elif kind == _HUNGRY:
                feed(in_flight + 1)  # one more text than the window allows
            elif kind == _ERROR:
                raise value
            else:
                return
    finally:
        stop.set()
        to_parser.put(_NO_MORE)  # wakes the parser if it waits for texts
        if worker.ident is not None:  # not started when the very first texts failed
            worker.join()
        _restore_switch_interval()


def parse_items(
    backend: Any,
    items: Iterable[T],
    text: Callable[[T], str],
    batch_size: int = 64,
    n_process: int = 1,
    *,
    ahead: bool = True,
) -> Iterator[tuple[T, ParsedDoc]]:
    """Each item with its parse, in order (``text`` gives the text to parse of an item)."""
    pending: deque[T] = deque()

    def texts() -> Iterator[str]:
        for item in items:
            pending.append(item)
            yield text(item)

    for parsed in backend.parse_many(texts(), batch_size, n_process, ahead=ahead):
        yield pending.popleft(), parsed


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _parse_in_background(
    parse: Callable[[Iterator[str]], Iterable[Any]],
    to_parser: queue.Queue[Any],
    from_parser: queue.Queue[tuple[int, Any]],
    stop: threading.Event,
) -> None:
    """The background thread: parse the texts handed over until told to stop."""
    results: Any = None
    try:
        results = parse(_handed_over(to_parser, from_parser, stop))
        for result in results:
            if stop.is_set():
                return
            from_parser.put((_RESULT, result))
        from_parser.put((_END, None))
    except BaseException as exc:  # handed to the caller, raised there
        from_parser.put((_ERROR, exc))
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


def _handed_over(
    to_parser: queue.Queue[Any], from_parser: queue.Queue[tuple[int, Any]], stop: threading.Event
) -> Iterator[str]:
    """The texts the caller hands over; asks for more when there are none waiting."""
    while not stop.is_set():
        try:
            text = to_parser.get_nowait()
        except queue.Empty:
            from_parser.put((_HUNGRY, None))
            text = to_parser.get()
        if text is _NO_MORE:
            return
        yield text


def _shorten_switch_interval() -> None:
    global _active, _saved_interval
    with _lock:
        if _active == 0:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_saved_interval, SWITCH_INTERVAL))
        _active += 1


def _restore_switch_interval() -> None:
    global _active
    with _lock:
        _active -= 1
        if _active == 0:
            sys.setswitchinterval(_saved_interval)
