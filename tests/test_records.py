"""Records and DataFrames: stable columns and lossless round trips."""

from __future__ import annotations

import io

import pandas as pd

import eventcoder as ec


def test_columns_are_stable_even_when_empty():
    frame = ec.events_to_frame([])
    assert list(frame.columns) == list(ec.COLUMNS)
    assert len(frame) == 0


def test_event_json_round_trip(coder):
    events = coder.code("The United States imposed sanctions on Iran.", date="2019-05-08")
    assert events
    for e in events:
        assert ec.Event.model_validate_json(e.model_dump_json()) == e


def test_code_frame(coder):
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "date": ["2019-05-08", "2020-01-03", "2021-01-01"],
            "text": [
                "The United States imposed sanctions on Iran.",
                "Iran fired missiles at US bases in Iraq.",
                "The weather was sunny in Paris.",
            ],
        }
    )
    out = coder.code_frame(df, text="text", date="date", id="id")
    assert list(out.columns) == list(ec.COLUMNS)
    assert set(out["doc_id"]) == {"a", "b"}
    assert out.loc[out["doc_id"] == "a", "code"].iloc[0] == "163"
    back = pd.read_csv(io.StringIO(out.to_csv(index=False)), dtype=str)
    assert list(back.columns) == list(ec.COLUMNS)


def test_code_many_keeps_order_and_ids(coder):
    docs = [("Iran rejected the offer.", "2019-01-01", "x"), ("Nothing happened.", None, "y")]
    out = list(coder.code_many(docs))
    assert len(out) == 2
    assert all(e.doc_id == "x" for e in out[0])
    assert out[1] == []


def test_the_coders_records_are_what_model_construct_makes(coder):
    import pytest

    from eventcoder.records import ActorRef, Event, LocationRef, construct

    events = coder.code(
        "Russian troops shelled Kharkiv on Monday, killing four civilians, officials said.\n"
        "Kenyan police arrested 40 protesters in Mombasa on Tuesday.",
        date="2024-05-13",
    )
    assert any(e.location for e in events) and any(e.source and e.target for e in events)
    for event in events:
        for record in (event, event.source, event.target, event.location):
            if record is None:
                continue
            values = {k: v for k, v in record.__dict__.items() if k in record.model_fields_set}
            fast, slow = construct(type(record), values), type(record).model_construct(**values)
            assert fast == slow and fast.model_fields_set == slow.model_fields_set
            assert list(fast.__dict__) == list(slow.__dict__)
            assert fast.model_dump_json() == slow.model_dump_json()
            assert repr(fast) == repr(slow) and hash(fast) == hash(slow)
            assert type(record).model_validate_json(fast.model_dump_json()) == fast
    for model in (Event, ActorRef, LocationRef):
        assert construct(model, {"code": "010", "name": "x", "root": "01", "quad_class": 1,
                                 "quad_class_name": "v", "sentence_index": 0, "text": ""}
                         if model is Event else {"name": "x"}) is not None  # fmt: skip
    with pytest.raises(TypeError, match="needs code, name"):
        construct(Event, {"sentence_index": 0})
