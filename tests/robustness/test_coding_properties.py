"""Coding arbitrary text: never raises, valid events, exact spans, the same output anywhere.

Real parser, real shipped codebook; hypothesis draws text mixing news sentences with
every Unicode category, right-to-left text, emoji, zero-width and control characters,
punctuation and HTML. Lone surrogates (category Cs) are the one exception; see
``test_findings.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventcoder as ec
from tests.robustness.support import (
    CATEGORIES,
    ONLY_JUNK,
    REPO,
    category_text,
    check_events,
    hostile_corpus,
    hostile_texts,
    long_document,
    without_doc_id,
)

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(text=hostile_texts())
def test_coding_never_raises_and_events_are_valid(coder_all, text):
    events = coder_all.code(text, date="2020-01-01", doc_id="doc")
    check_events(text, events, coder_all.codebook)


@settings(SETTINGS, max_examples=60)
@given(text=ONLY_JUNK)
def test_junk_only_never_raises(coder_all, text):
    check_events(text, coder_all.code(text), coder_all.codebook)


@pytest.mark.parametrize("category", CATEGORIES)
@settings(SETTINGS, max_examples=4)
@given(data=st.data())
def test_every_unicode_category_around_news(coder_all, category, data):
    """Each category, wrapped around and inside sentences that give events."""
    chars = data.draw(category_text(category, 30))
    text = f"{chars} The United States imposed new sanctions on{chars}Iran. {chars}\n{chars}"
    events = coder_all.code(text, date="2021-03-04")
    check_events(text, events, coder_all.codebook)


@settings(SETTINGS, max_examples=40)
@given(text=hostile_texts())
def test_default_coder_events_are_valid(coder, text):
    """The default coder (asserted events with a resolved source) on the same texts."""
    events = coder.code(text, date="2019-06-01")
    check_events(text, events, coder.codebook)
    assert all(e.status == "asserted" and e.source is not None and e.source.code for e in events)


@settings(SETTINGS, max_examples=60)
@given(text=hostile_texts())
def test_same_output_on_every_run(coder_all, text):
    first = coder_all.code(text, date="2020-01-01")
    assert coder_all.code(text, date="2020-01-01") == first
    # A second coder sharing the parser: nothing is remembered between documents.
    other = ec.Coder(emit="all", require_source=False, nlp=coder_all.nlp)
    assert other.code(text, date="2020-01-01") == first


@settings(SETTINGS, max_examples=25)
@given(texts=st.lists(hostile_texts(max_pieces=5), min_size=1, max_size=8))
def test_same_output_at_every_batch_size(coder_all, texts):
    single = [coder_all.code(t) for t in texts]
    for size in (1, 3, 64):
        batched = list(coder_all.code_many(texts, batch_size=size))
        assert without_doc_id(batched) == without_doc_id(single)


def test_long_documents(coder_all):
    """100,000-character documents: news among junk, one huge token, zero-width only."""
    text = long_document(100_000)
    events = coder_all.code(text, date="2020-01-01")
    check_events(text, events, coder_all.codebook)
    assert len(text) == 100_000 and len(events) > 1000
    assert max(e.sentence_start for e in events) > 90_000  # coded to the end, not cut
    for text in ("x" * 100_000, "\u200b" * 100_000, "🇺🇸 " * 3_000, ". " * 5_000):
        check_events(text, coder_all.code(text), coder_all.codebook)


def test_code_frame_equals_code(coder_all):
    docs = hostile_corpus(12, seed=3)
    frame = pd.DataFrame({"text": docs, "id": [f"d{i}" for i in range(12)], "date": "2020-05-05"})
    got = coder_all.code_frame(frame, batch_size=5)
    want = ec.events_to_frame(
        [e for i, t in enumerate(docs) for e in coder_all.code(t, "2020-05-05", f"d{i}")]
    )
    pd.testing.assert_frame_equal(got, want)


_CHILD = textwrap.dedent(
    """
    import json, sys
    import eventcoder as ec
    docs = json.load(open(sys.argv[1], encoding="utf-8"))
    coder = ec.Coder(emit="all", require_source=False)
    out = [[e.model_dump(mode="json") for e in coder.code(t, date="2020-01-01", doc_id=str(i))]
           for i, t in enumerate(docs)]
    print(json.dumps(out))
    """
)


def test_same_output_in_another_process(coder_all, tmp_path):
    """A fresh interpreter (its own string hashing, its own model load) codes the same."""
    docs = hostile_corpus(30, seed=11)
    src = tmp_path / "docs.json"
    src.write_text(json.dumps(docs), encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(src)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    theirs = [[ec.Event.model_validate(e) for e in doc] for doc in json.loads(done.stdout)]
    ours = [coder_all.code(t, date="2020-01-01", doc_id=str(i)) for i, t in enumerate(docs)]
    assert theirs == ours
    assert sum(map(len, ours)) > 20  # the corpus does give events
