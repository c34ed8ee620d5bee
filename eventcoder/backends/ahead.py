"""Parse ahead in a background thread while the caller codes what is already parsed.

Coding is pure Python and holds the GIL; a spaCy parse spends much of its time in
compiled code that releases it (the CNN's matrix products, the parser's transition
loop). Run in one thread, the two take turns and coding adds its whole cost to the
parse. With the parse in a second thread, coding fills the time the parser spends
outside the GIL, on the machine's other core: measured on the 2-core benchmark
machine, single-process throughput went from 0.85 to about 0.93 of bare ``nlp.pipe``
(``python benchmarks/throughput.py``).

Two details make it work:

* the interpreter's switch interval is shortened while a read-ahead runs. At the
  default 5 ms the parser, coming back from compiled code, waits up to 5 ms for the
  coding thread to hand over the GIL, and the overlap is lost (measured: slower than
  no thread at all). It is restored when the last read-ahead ends;
* the queue between the threads is bounded, so memory stays flat: the parser is never
  more than ``depth`` documents ahead of the coder.

The spaCy backend reads ahead when it parses in one process. The source iterator
(``nlp.pipe`` over the caller's texts) is consumed, and closed, in the background
thread only; converting the parses and coding them stay in the caller's thread, which
keeps the parser's thread, the one that sets the pace, as short as it can be. Its
items come out in order; an exception it raises comes out of the read-ahead at the
same place in the stream, after every item produced before it.
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

SWITCH_INTERVAL = 0.0002
"""Seconds between forced GIL hand-overs while a read-ahead runs (CPython's default: 0.005)."""

_POLL = 0.1  # seconds between checks for a stop request while the queue is full
_ITEM, _END, _ERROR = range(3)
_lock = threading.Lock()
_active = 0
_saved_interval = 0.0


def read_ahead(source: Iterator[T], depth: int = 128) -> Generator[T, None, None]:
    """Iterate ``source`` in a background thread, at most ``depth`` items ahead.

    Closing the returned generator (or leaving a ``for`` loop over it early) stops the
    background thread and waits for it: the item it is producing is finished first,
    so nothing is still using the parser when the caller goes on.
    """
    items: queue.Queue[tuple[int, Any]] = queue.Queue(maxsize=max(1, depth))
    stop = threading.Event()
    worker = threading.Thread(
        target=_produce, args=(source, items, stop), name="eventcoder-read-ahead", daemon=True
    )
    _shorten_switch_interval()
    try:
        worker.start()
        while True:
            kind, value = items.get()
            if kind == _END:
                return
            if kind == _ERROR:
                raise value
            yield value
    finally:
        stop.set()
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
    """Each item with its parse, in order.

    ``text`` gives the text to parse of an item. The backend may read the texts in
    its read-ahead thread, so items wait in a ``deque`` (safe to append to in one
    thread and pop from in another), not in a ``tee`` (which is not).
    """
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


def _produce(
    source: Iterator[Any], items: queue.Queue[tuple[int, Any]], stop: threading.Event
) -> None:
    """The background thread: move items from ``source`` to the queue until told to stop."""
    try:
        for item in source:
            if not _put(items, (_ITEM, item), stop):
                return
        _put(items, (_END, None), stop)
    except BaseException as exc:  # handed to the consumer, raised there
        _put(items, (_ERROR, exc), stop)
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()


def _put(
    items: queue.Queue[tuple[int, Any]], entry: tuple[int, Any], stop: threading.Event
) -> bool:
    """Put ``entry`` once there is room; False when the consumer has gone away."""
    while not stop.is_set():
        try:
            items.put(entry, timeout=_POLL)
            return True
        except queue.Full:
            continue
    return False


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
