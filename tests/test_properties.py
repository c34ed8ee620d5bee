"""Properties that hold for any text (hypothesis, real parser, real codebook)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventcoder as ec

NEWSY = st.sampled_from(
    [
        "The United States imposed sanctions on Iran.",
        "Russian troops shelled the town of Izium on Tuesday.",
        "North Korea is ready to hold talks with Washington, Russia said.",
        "Protesters marched in Nairobi.",
        "He did not attack them.",
        "Pyongyang",
        "!!!",
        "",
        "\u200b\u202e\x00\x07",
        "😀 🇺🇸 🇰🇵",
        "<p>The <b>UN</b> condemned the attack.</p>",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(NEWSY, max_size=6).map(" ".join),
    st.tuples(NEWSY, st.text(max_size=50), NEWSY).map(lambda t: "\n".join(t)),
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(text=TEXT)
def test_never_raises_and_codes_exist(coder_all, text):
    events = coder_all.code(text, date="2020-01-01")
    assert isinstance(events, list)
    cb = coder_all.codebook
    for e in events:
        assert isinstance(e, ec.Event)
        assert e.code in cb.codes
        assert text[e.predicate_start : e.predicate_end] == e.predicate
        for ref in (e.source, e.target, e.reported_by):
            if ref is not None and ref.start >= 0:
                assert text[ref.start : ref.end] == ref.text


@SETTINGS
@given(text=TEXT)
def test_deterministic(coder_all, text):
    assert coder_all.code(text, date="2020-01-01") == coder_all.code(text, date="2020-01-01")


def test_long_and_odd_inputs(coder_all):
    for text in ("a" * 50_000, "The UN met. " * 4000, "\x00" * 1000, "🇺🇸" * 5000, "\n" * 5000):
        assert isinstance(coder_all.code(text), list)


def test_batch_equals_single(coder_all):
    texts = ["The United States imposed sanctions on Iran.", "Iran rejected talks.", ""]
    single = [coder_all.code(t) for t in texts]
    batched = list(coder_all.code_many(texts, batch_size=2))
    strip = [[e.model_copy(update={"doc_id": None}) for e in b] for b in batched]
    assert strip == [[e.model_copy(update={"doc_id": None}) for e in b] for b in single]
