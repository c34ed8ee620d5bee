"""The parser's read-ahead thread: order, errors, early stops, bounded memory, same events."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import threading
from collections.abc import Iterable, Iterator

import pytest

import eventcoder as ec
from eventcoder.backends.ahead import SWITCH_INTERVAL, THREAD_NAME, parse_items, read_ahead


class _Parser:
    """A stand-in for ``nlp.pipe``'s shape: reads ``batch`` texts, then returns them."""

    def __init__(self, batch: int, fail_on: str | None = None) -> None:
        self.batch = batch
        self.fail_on = fail_on
        self.threads: set[str] = set()
        self.closed = False
        self.taken = 0

    def __call__(self, texts: Iterator[str]) -> Iterator[str]:
        try:
            done = False
            while not done:
                chunk = []
                for _ in range(self.batch):
                    text = next(texts, None)
                    if text is None:
                        done = True
                        break
                    self.taken += 1
                    chunk.append(text)
                for text in chunk:
                    self.threads.add(threading.current_thread().name)
                    if text == self.fail_on:
                        raise ValueError(f"cannot parse {text}")
                    yield text.upper()
        finally:
            self.closed = True


def _texts(n: int, read_in: set[str], fail_at: int | None = None) -> Iterator[str]:
    for i in range(n):
        read_in.add(threading.current_thread().name)
        if i == fail_at:
            raise OSError(f"cannot read text {i}")
        yield f"t{i}"


def test_parses_come_back_in_order_from_the_background_thread() -> None:
    parser, read_in = _Parser(batch=8), set()
    got = list(read_ahead(parser, _texts(1000, read_in), window=16))
    assert got == [f"T{i}" for i in range(1000)]
    assert parser.threads == {THREAD_NAME} and parser.closed
    assert read_in == {threading.current_thread().name}  # the texts stay in our thread


def test_a_parser_batch_larger_than_the_window_does_not_deadlock() -> None:
    parser = _Parser(batch=50)
    assert list(read_ahead(parser, _texts(120, set()), window=4)) == [f"T{i}" for i in range(120)]


def test_no_more_than_the_window_is_in_flight() -> None:
    parser = _Parser(batch=4)
    most = 0
    for n, _ in enumerate(read_ahead(parser, _texts(500, set()), window=10), start=1):
        most = max(most, parser.taken - n)
    # The window, plus the odd text handed over when the parser says it ran dry just
    # before the caller topped it up.
    assert 4 <= most <= 10 + 2


def test_a_parser_error_comes_after_every_parse_before_it() -> None:
    got: list[str] = []
    with pytest.raises(ValueError, match="cannot parse t13"):
        for parsed in read_ahead(_Parser(batch=5, fail_on="t13"), _texts(40, set()), window=10):
            got.append(parsed)
    assert got == [f"T{i}" for i in range(13)]


@pytest.mark.parametrize("fail_at", [0, 1, 7])  # 0, 1: before the parser has started
def test_an_error_reading_the_texts_is_raised_in_the_callers_thread(fail_at: int) -> None:
    parser = _Parser(batch=5)
    before = threading.active_count()
    default = sys.getswitchinterval()
    with pytest.raises(OSError, match=f"cannot read text {fail_at}"):
        list(read_ahead(parser, _texts(40, set(), fail_at=fail_at), window=3))
    assert threading.active_count() == before
    assert parser.closed or fail_at < 3  # a parser never started has nothing to close
    assert sys.getswitchinterval() == default


def test_stopping_early_closes_the_parser_and_ends_the_thread() -> None:
    parser = _Parser(batch=4)
    before = threading.active_count()
    gen = read_ahead(parser, _texts(10_000, set()), window=8)
    assert [next(gen) for _ in range(3)] == ["T0", "T1", "T2"]
    gen.close()
    assert parser.closed and threading.active_count() == before
    assert parser.taken <= 3 + 8 + 1


def test_the_switch_interval_is_short_while_running_and_restored_after() -> None:
    default = sys.getswitchinterval()
    first = read_ahead(_Parser(batch=2), _texts(10, set()), window=4)
    second = read_ahead(_Parser(batch=2), _texts(10, set()), window=4)
    next(first)
    next(second)
    assert sys.getswitchinterval() == pytest.approx(min(default, SWITCH_INTERVAL))
    first.close()
    assert sys.getswitchinterval() == pytest.approx(min(default, SWITCH_INTERVAL))
    second.close()
    assert sys.getswitchinterval() == default


# -- with the real parser ----------------------------------------------------------------

_NEWS = [
    "North Korea test-fired a ballistic missile on Tuesday, Japan said.",
    "The European Union imposed new sanctions on Russia.",
    "",
    "Police in Nairobi arrested 40 protesters.\nTurkey offered to mediate between them.",
]


def _dumped(batches: Iterable[list[ec.Event]]) -> list[dict[str, object]]:
    return [e.model_dump() for batch in batches for e in batch]


def test_read_ahead_gives_the_same_events_as_parsing_in_one_thread(coder: ec.Coder) -> None:
    items = [ec.Document(t, dt.date(2024, 3, 5), str(i)) for i, t in enumerate(_NEWS * 20)]
    alone = ec.Coder(nlp=coder.nlp, read_ahead=False)
    threaded = _dumped(coder.code_many(items, batch_size=8))
    assert threaded == _dumped(alone.code_many(items, batch_size=8))
    assert len(threaded) >= 4 * 20


def test_a_sqlite_cursor_can_feed_the_coder(coder: ec.Coder) -> None:
    # sqlite3 objects refuse to be used from another thread: the texts must be read in
    # the caller's thread, whatever thread parses them.
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE news (id TEXT, body TEXT)")
    db.executemany("INSERT INTO news VALUES (?, ?)", [(str(i), t) for i, t in enumerate(_NEWS)])
    rows = db.execute("SELECT body, NULL, id FROM news ORDER BY id")
    events = _dumped(coder.code_many(rows, batch_size=2))
    same = [(t, None, str(i)) for i, t in enumerate(_NEWS)]
    assert events == _dumped(coder.code_many(same, batch_size=2))
    assert len(events) >= 4


def test_parse_items_pairs_each_item_with_its_own_parse(coder: ec.Coder) -> None:
    items = [
        (f"doc{i}", f"Talks {'broke down' if i % 2 else 'resumed'} in Geneva.") for i in range(40)
    ]
    pairs = list(parse_items(coder.backend, items, lambda item: item[1], batch_size=4))
    assert [item for item, _ in pairs] == items
    for (_, text), parsed in pairs:
        assert parsed.text == text


def _read_ahead_running() -> bool:
    return any(t.name == THREAD_NAME for t in threading.enumerate())


def test_batch_coding_reads_ahead_unless_the_coder_says_not_to(coder: ec.Coder) -> None:
    texts = ["Iran and Iraq signed a trade agreement."] * 10
    batches = coder.code_many(texts, batch_size=2)
    next(batches)
    assert _read_ahead_running()
    batches.close()
    assert not _read_ahead_running()

    alone = ec.Coder(nlp=coder.nlp, read_ahead=False)
    batches = alone.code_many(texts, batch_size=2)
    assert next(batches)
    assert not _read_ahead_running()
    batches.close()
