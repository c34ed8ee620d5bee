"""Round trips keep every field and type: Event <-> JSON, event frame <-> CSV.

CSV goes through :mod:`eventcoder.io_frames` (``write_events_csv`` /
``read_events_csv``): pandas' own ``to_csv`` / ``read_csv`` lose dtypes, empty strings,
text such as "NA", and whole rows at a carriage return (see test_findings.py).
"""

from __future__ import annotations

import io
import json

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventcoder as ec
from eventcoder.backends.conllu import read_conllu, to_conllu
from eventcoder.io_frames import events_csv_text, read_events_csv, write_events_csv
from eventcoder.parsed import ParsedDoc
from eventcoder.records import ActorRef, Event, LocationRef
from tests.robustness.support import hostile_texts

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text of any kind but lone surrogates (which no UTF-8 file or JSON string can hold).
TEXT = st.text(st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ["", " ", "NA", "nan", "null", "None", "True", "1e5", "a,b", '"q"', "a\rb", "a\r\nb", "\x00"]
)
# An optional text is None or non-empty: CSV cannot tell "" from missing there.
OPT_TEXT = st.none() | TEXT.filter(bool)
ACTOR_CODE = st.from_regex(r"\A(?:[A-Z]{3}){1,3}\Z")
OFFSET = st.integers(-1, 2**40)
FLOAT = st.floats(-10, 10, allow_nan=False)
refs = st.builds(
    ActorRef,
    code=st.none() | ACTOR_CODE,
    text=TEXT,
    start=OFFSET,
    end=OFFSET,
    name=TEXT,
    method=TEXT,
    note=TEXT,
)
locations = st.builds(
    LocationRef,
    name=TEXT,
    country=st.none() | st.from_regex(r"\A[A-Z]{3}\Z"),
    admin1=OPT_TEXT,
    latitude=st.none() | st.floats(-90, 90),
    longitude=st.none() | st.floats(-180, 180),
    precision=st.integers(1, 3),
    text=TEXT,
    start=OFFSET,
    end=OFFSET,
)
SMALL = st.none() | st.integers(0, 2**62)
events = st.builds(
    Event,
    doc_id=OPT_TEXT,
    sentence_index=st.integers(0, 2**40),
    event_index=st.integers(0, 2**40),
    story_date=st.none() | st.dates(),
    event_date=st.none() | st.dates(),
    date_precision=st.sampled_from(["day", "week", "month", "year", "story"]),
    date_text=TEXT,
    tense=st.sampled_from(["current", "historical", "future", "ongoing"]),
    location=st.none() | locations,
    source=st.none() | refs,
    target=st.none() | refs,
    code=st.from_regex(r"\A\d{2,4}\Z"),
    name=TEXT,
    root=st.from_regex(r"\A\d{2}\Z"),
    quad_class=st.integers(1, 4),
    quad_class_name=TEXT,
    goldstein=st.none() | FLOAT,
    plover_type=OPT_TEXT,
    plover_mode=OPT_TEXT,
    plover_context=OPT_TEXT,
    acled_type=OPT_TEXT,
    acled_sub_type=OPT_TEXT,
    acled_actor1=OPT_TEXT,
    acled_actor2=OPT_TEXT,
    acled_inter1=st.none() | st.integers(1, 8),
    acled_inter2=st.none() | st.integers(1, 8),
    acled_interaction=st.none() | st.integers(0, 88),
    fatalities=SMALL,
    crowd_size=SMALL,
    status=st.sampled_from(["asserted", "negated", "hypothetical", "conditional", "question"]),
    negated=st.booleans(),
    modality=OPT_TEXT,
    future=st.booleans(),
    conditional=st.booleans(),
    question=st.booleans(),
    # reported_by has only code and text columns: its text is what says it is there.
    reported_by=st.none() | refs.filter(lambda r: bool(r.text)),
    sentence=TEXT,
    sentence_start=OFFSET,
    predicate=TEXT,
    predicate_start=OFFSET,
    predicate_end=OFFSET,
    pattern_id=TEXT,
    wrappers=st.lists(TEXT, max_size=3).map(tuple),
    mentions=st.integers(1, 2**31),
    evidence=st.lists(TEXT, max_size=3).map(tuple),
)


@SETTINGS
@given(event=events)
def test_event_json_round_trip(event):
    assert Event.model_validate_json(event.model_dump_json()) == event
    plain = json.loads(json.dumps(event.model_dump(mode="json")))
    assert Event.model_validate(plain) == event


@SETTINGS
@given(batch=st.lists(events, max_size=6))
def test_frame_csv_round_trip(batch, tmp_path_factory):
    frame = ec.events_to_frame(batch)
    path = tmp_path_factory.mktemp("csv") / "events.csv"
    write_events_csv(frame, path)
    back = read_events_csv(path)
    pd.testing.assert_frame_equal(back, frame)
    assert list(back.dtypes.astype(str)) == list(ec.COLUMNS.values())


@settings(SETTINGS, max_examples=40)
@given(text=hostile_texts())
def test_coded_events_round_trip(coder_all, text):
    """Events of real coding: JSON, and the frame through CSV and through JSON Lines."""
    coded = coder_all.code(text, date="2020-01-01", doc_id="d")
    for event in coded:
        assert Event.model_validate_json(event.model_dump_json()) == event
    frame = ec.events_to_frame(coded)
    pd.testing.assert_frame_equal(read_events_csv(io.StringIO(events_csv_text(frame))), frame)
    # JSON Lines: one object per row, read back with the same dtypes.
    lines = frame.to_json(orient="records", lines=True, force_ascii=False)
    rows = [json.loads(line) for line in lines.split("\n") if line]  # not splitlines(): U+2028
    again = pd.DataFrame(rows, columns=list(ec.COLUMNS)).astype(ec.COLUMNS)
    pd.testing.assert_frame_equal(again, frame)


def test_pandas_csv_agrees_with_the_writer_on_ordinary_rows(coder_all):
    """Apart from quoting a carriage return, the CSV is what ``to_csv(index=False)`` writes."""
    frame = coder_all.code_frame(
        pd.DataFrame(
            {"text": ["Russian troops shelled Kharkiv, officials said.", "Iran met Iraq."]}
        )
    )
    assert len(frame) >= 2
    assert events_csv_text(frame) == frame.to_csv(index=False)


def test_an_empty_frame_round_trips(tmp_path):
    frame = ec.events_to_frame([])
    write_events_csv(frame, tmp_path / "empty.csv")
    pd.testing.assert_frame_equal(read_events_csv(tmp_path / "empty.csv"), frame)


@settings(SETTINGS, max_examples=60)
@given(text=hostile_texts())
def test_conllu_round_trip_of_real_parses(coder_all, text):
    """A parse written as CoNLL-U reads back to the same tokens, offsets and events."""
    parsed = coder_all.backend.parse(text, "d")
    [doc] = read_conllu(io.StringIO(to_conllu(parsed, date="2020-01-01")), errors="raise")
    assert _tokens(doc.parsed) == _tokens(parsed)
    # A tab or line break inside a sentence comes back as a space (``# text`` cannot
    # hold one); the characters and offsets are otherwise the same.
    assert len(doc.parsed.text.rstrip()) == len(parsed.text.rstrip())
    assert doc.parsed.text.split() == parsed.text.split()
    ours = coder_all.code_parsed(doc.parsed, doc.date, "d")
    theirs = coder_all.code_parsed(parsed, doc.date, "d")
    assert [_loose(e) for e in ours] == [_loose(e) for e in theirs]


def _tokens(parsed: ParsedDoc) -> list[tuple[object, ...]]:
    return [
        (t.text, t.start, t.end, t.head, t.deprel, t.lemma, t.upos, t.ent)
        for s in parsed.sentences
        for t in s.tokens
    ]


def _loose(value: object) -> object:
    """An event's fields with runs of whitespace inside texts made one space."""
    if isinstance(value, Event):
        value = value.model_dump()
    if isinstance(value, dict):
        return {k: _loose(v) for k, v in value.items()}
    if isinstance(value, str):
        return " ".join(value.split())
    return value
