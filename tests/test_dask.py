"""Dask: a real two-worker LocalCluster gives exactly the single-process result."""

from __future__ import annotations

import json

import dask.dataframe as dd  # the test extra installs dask[dataframe,distributed]
import distributed
import pandas as pd
import pytest
from typer.testing import CliRunner

import eventcoder as ec
from eventcoder.batch import BatchConfig, run_batch
from eventcoder.cli import app
from eventcoder.dask import code_dataframe
from tests.test_batch import make_docs, read_errors, write_jsonl


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype(ec.COLUMNS).sort_values(["doc_id", "event_index"])
    return frame.reset_index(drop=True)


def _coders_per_worker(client) -> dict[str, list[int]]:
    def coders() -> list[int]:
        from eventcoder.batch import engine

        return [id(c) for c in engine._CODERS.values()]

    return client.run(coders)


def test_code_dataframe_equals_the_single_process_result(coder, client):
    docs = make_docs(40, seed=21)
    docs[3]["text"] += " Zorblatquix visited Kenya."  # a word no vocabulary has
    pdf = pd.DataFrame(docs)
    ddf = dd.from_pandas(pdf, npartitions=4)
    events = code_dataframe(ddf, text="text", date="date", id="id")
    assert list(events.columns) == list(ec.COLUMNS)
    # The graph carries a CoderSpec, never a Coder with a loaded model inside.
    assert len(distributed.protocol.pickle.dumps(dict(events.__dask_graph__()))) < 1_000_000

    got = events.compute()
    want = coder.code_frame(pdf, text="text", date="date", id="id")
    assert len(want) > 20
    pd.testing.assert_frame_equal(_sorted(got), _sorted(want))

    # One coder (one loaded model) per worker process, reused by the next computation.
    before = _coders_per_worker(client)
    assert all(len(ids) <= 1 for ids in before.values())
    assert sum(len(ids) for ids in before.values()) >= 1
    again = code_dataframe(dd.from_pandas(pdf.iloc[::-1], npartitions=6), text="text").compute()
    pd.testing.assert_frame_equal(_sorted(again), _sorted(want))
    after = _coders_per_worker(client)
    assert all(after[w][: len(ids)] == ids for w, ids in before.items())
    assert all(len(ids) == 1 for ids in after.values())

    # Single-threaded workers parse in spaCy memory zones: new words do not pile up.
    def knows_the_word() -> bool:
        from eventcoder.batch import engine

        return any("Zorblatquix" in c.nlp.vocab.strings for c in engine._CODERS.values())

    assert not any(client.run(knows_the_word).values())


def test_code_dataframe_errors(client):
    pdf = pd.DataFrame(
        {"id": ["a", "b"], "date": ["2019-01-01", "May 8"], "text": ["Iran protested.", "x"]}
    )
    ddf = dd.from_pandas(pdf, npartitions=1)
    with pytest.raises(ec.InputError, match="story date"):
        code_dataframe(ddf).compute()
    kept = code_dataframe(ddf, on_error="skip").compute()
    assert set(kept["doc_id"]) <= {"a"}
    with pytest.raises(ec.InputError, match="no text column 'body'"):
        code_dataframe(ddf, text="body")


def test_cli_engine_dask_on_a_running_cluster(coder, client, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", make_docs(30, seed=4))
    with src.open("a", encoding="utf-8") as f:
        f.write('{"id": "no-text"}\n')
        f.write("".join(json.dumps(d) + "\n" for d in make_docs(12, seed=8)))
    out = tmp_path / "dask.csv"
    address = client.scheduler.address
    args = ["code", str(src), "-o", str(out), "--engine", "dask", "--scheduler", address]
    result = CliRunner().invoke(app, [*args, "--chunk-size", "7", "--batch-size", "4"])
    assert result.exit_code == 0, result.output
    assert "documents 43" in result.output and "errors 1" in result.output

    local = BatchConfig(inputs=(str(src),), output=tmp_path / "local.csv")
    run_batch(local, coder=coder)
    assert out.read_bytes() == local.output.read_bytes()
    assert read_errors(tmp_path / "dask.csv.errors.jsonl") == read_errors(local.errors_path)
