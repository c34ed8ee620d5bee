"""Input limits are configurable and enforced with an error, never a silent cut."""

from __future__ import annotations

import pytest

import eventcoder as ec


def test_too_many_characters(coder):
    small = ec.Coder(max_chars=100, nlp=coder.nlp)
    with pytest.raises(ec.InputError, match="limit is 100"):
        small.code("Iran rejected the offer. " * 10)


def test_too_many_sentences(coder):
    small = ec.Coder(max_sentences=3, nlp=coder.nlp)
    text = "Iran rejected the offer.\nChina protested.\nRussia agreed.\nJapan left."
    with pytest.raises(ec.InputError, match="4 sentences; the limit is 3"):
        small.code(text)
    assert isinstance(small.code("Iran rejected the offer.\nChina protested."), list)


def test_non_text_input(coder):
    with pytest.raises(ec.InputError, match="must be a string"):
        coder.code(42)  # type: ignore[arg-type]
