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
