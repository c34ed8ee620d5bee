"""The parser's read-ahead thread: order, errors, early stops, bounded memory, same events."""

from __future__ import annotations

import datetime as dt
import sys
import threading
import time
from collections.abc import Iterator

import pytest

import eventcoder as ec
from eventcoder.backends.ahead import SWITCH_INTERVAL, parse_items, read_ahead


def _numbers(n: int, log: list[str], fail_at: int | None = None) -> Iterator[int]:
    try:
        for i in range(n):
            if i == fail_at:
                raise ValueError(f"bad item {i}")
            log.append(f"made {i} in {threading.current_thread().name}")
            yield i
    finally:
        log.append(f"closed in {threading.current_thread().name}")


def test_items_come_out_in_order_and_the_source_runs_in_the_background() -> None:
    log: list[str] = []
    assert list(read_ahead(_numbers(1000, log), depth=7)) == list(range(1000))
    assert all("eventcoder-read-ahead" in line for line in log)
    assert log[-1] == "closed in eventcoder-read-ahead"


def test_an_error_comes_out_after_every_item_made_before_it() -> None:
    got: list[int] = []
    with pytest.raises(ValueError, match="bad item 5"):
        for i in read_ahead(_numbers(10, [], fail_at=5), depth=3):
            got.append(i)
    assert got == [0, 1, 2, 3, 4]


def test_stopping_early_closes_the_source_and_ends_the_thread() -> None:
    log: list[str] = []
    before = threading.active_count()
    gen = read_ahead(_numbers(10_000, log), depth=4)
    assert [next(gen) for _ in range(3)] == [0, 1, 2]
    gen.close()
    assert log[-1] == "closed in eventcoder-read-ahead"
    assert threading.active_count() == before
    made = sum(line.startswith("made") for line in log)
    assert made <= 3 + 4 + 1  # taken, queued, the one waiting for room


def test_the_producer_is_never_more_than_depth_ahead() -> None:
    log: list[str] = []
    gen = read_ahead(_numbers(100, log), depth=5)
    next(gen)
    time.sleep(0.3)  # plenty of time to run ahead, if it could
    made = sum(line.startswith("made") for line in log)
    assert made <= 1 + 5 + 1
    gen.close()


def test_the_switch_interval_is_short_while_running_and_restored_after() -> None:
    default = sys.getswitchinterval()
    first = read_ahead(iter(range(10)), depth=2)
    second = read_ahead(iter(range(10)), depth=2)
    next(first)
    next(second)
    assert sys.getswitchinterval() == pytest.approx(min(default, SWITCH_INTERVAL))
    first.close()
    assert sys.getswitchinterval() == pytest.approx(min(default, SWITCH_INTERVAL))
    second.close()
    assert sys.getswitchinterval() == default


def test_read_ahead_gives_the_same_events_as_parsing_in_one_thread(coder: ec.Coder) -> None:
    texts = [
        "North Korea test-fired a ballistic missile on Tuesday, Japan said.",
        "The European Union imposed new sanctions on Russia.",
        "",
        "Police in Nairobi arrested 40 protesters.\nTurkey offered to mediate between them.",
    ] * 20
    items = [ec.Document(t, dt.date(2024, 3, 5), str(i)) for i, t in enumerate(texts)]
    threaded = [e.model_dump() for batch in coder.code_many(items, batch_size=8) for e in batch]
    alone = []
    for doc, parsed in zip(items, coder.backend.parse_many(texts, 8, ahead=False), strict=True):
        alone.extend(e.model_dump() for e in coder.code_parsed(parsed, doc.date, doc.doc_id))
    assert threaded == alone
    assert len(threaded) >= 4 * 20


def test_parse_items_pairs_each_item_with_its_own_parse(coder: ec.Coder) -> None:
    items = [
        (f"doc{i}", f"Talks {'broke down' if i % 2 else 'resumed'} in Geneva.") for i in range(40)
    ]
    pairs = list(parse_items(coder.backend, items, lambda item: item[1], batch_size=4))
    assert [item for item, _ in pairs] == items
    for (_, text), parsed in pairs:
        assert parsed.text == text


def _read_ahead_running() -> bool:
    return any(t.name == "eventcoder-read-ahead" for t in threading.enumerate())


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
