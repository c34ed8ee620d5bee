"""Batch coding: readers, writers, faults, checkpoints and resume (real files, real parser)."""

from __future__ import annotations

import gzip
import json
import random
import threading
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import eventcoder as ec
from eventcoder.batch import (
    BatchConfig,
    CoderSpec,
    ReadOptions,
    read_events,
    read_inputs,
    run_batch,
)
from eventcoder.batch.checkpoint import load_checkpoint
from eventcoder.errors import InputError

ACTORS = ["Russia", "China", "Iran", "Japan", "France", "Germany", "Turkey", "Israel", "Egypt"]
SENTENCES = [
    "{a} imposed new sanctions on {b}.",
    "{a} held talks with {b} in Geneva.",
    "{a} accused {b} of violating the ceasefire.",
    "{a} condemned the attack on {b}.",
    "The central bank left interest rates unchanged.",
    "{a} expelled two diplomats from {b}.",
    "{a} signed a trade agreement with {b}.",
    "It also recalled its ambassador from {b}.",
]


def make_docs(n: int, seed: int = 3) -> list[dict[str, str]]:
    """``n`` short news-like documents (1-3 sentences) with ids and dates."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        sents = []
        for k in range(rng.randint(1, 3)):
            a, b = rng.sample(ACTORS, 2)
            template = rng.choice(SENTENCES[:-1] if k == 0 else SENTENCES)
            sents.append(template.format(a=a, b=b))
        day = pd.Timestamp("2019-01-01") + pd.Timedelta(days=i)
        docs.append({"id": f"d{i:04d}", "date": day.date().isoformat(), "text": " ".join(sents)})
    return docs


def write_jsonl(path: Path, docs: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def read_errors(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def expected_frame(coder: ec.Coder, docs: list[dict[str, str]]) -> pd.DataFrame:
    """What coding the documents one by one with the Python API gives."""
    events = [e for d in docs for e in coder.code(d["text"], date=d["date"], doc_id=d["id"])]
    return ec.events_to_frame(events)


def via_csv(frame: pd.DataFrame, tmp_path: Path) -> pd.DataFrame:
    """A frame as it reads back from CSV (CSV cannot tell "" from a missing value)."""
    path = tmp_path / "expected.csv"
    frame.to_csv(path, index=False)
    return read_events(path)


def config(tmp_path: Path, inputs: list[Path | str], output: str, **kw: object) -> BatchConfig:
    return BatchConfig(inputs=tuple(str(p) for p in inputs), output=tmp_path / output, **kw)  # type: ignore[arg-type]


# -- readers ---------------------------------------------------------------------------


def test_text_split_modes(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Headline one\nbody one.\n\n\nSecond block.\n\nThird.\n", encoding="utf-8")
    whole = list(read_inputs([str(story)], ReadOptions()))
    assert [d.doc_id for d in whole] == ["story"]
    assert whole[0].text == story.read_text(encoding="utf-8")
    blocks = list(read_inputs([str(story)], ReadOptions(split="blank")))
    assert [(d.doc_id, d.text, d.location) for d in blocks] == [
        ("story:1", "Headline one\nbody one.", "lines 1-2"),
        ("story:2", "Second block.", "lines 5-5"),
        ("story:3", "Third.", "lines 7-7"),
    ]
    lines = list(read_inputs([str(story)], ReadOptions(split="line")))
    assert [d.doc_id for d in lines] == ["story:1", "story:2", "story:3", "story:4"]
    assert [d.location for d in lines] == ["line 1", "line 2", "line 5", "line 7"]
    assert [d.index for d in lines] == [0, 1, 2, 3]


def test_every_input_format_codes_the_same(coder, tmp_path):
    docs = make_docs(12)
    frame = pd.DataFrame(docs)
    jsonl = write_jsonl(tmp_path / "in.jsonl", docs)
    with gzip.open(tmp_path / "in.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(jsonl.read_text(encoding="utf-8"))
    frame.to_csv(tmp_path / "in.csv", index=False)
    frame.to_csv(tmp_path / "in.tsv", index=False, sep="\t")
    frame.assign(date=pd.to_datetime(frame["date"])).to_parquet(tmp_path / "in.parquet")
    want = via_csv(expected_frame(coder, docs), tmp_path)
    assert len(want) > 10
    for name in ("in.jsonl", "in.jsonl.gz", "in.csv", "in.tsv", "in.parquet"):
        out = f"{name}.events.csv"
        summary = run_batch(config(tmp_path, [tmp_path / name], out, chunk_size=5), coder=coder)
        assert summary.complete and summary.documents == 12 and summary.errors == 0, name
        pd.testing.assert_frame_equal(read_events(tmp_path / out), want, obj=name)


def test_text_and_stdin_inputs(coder, tmp_path, monkeypatch):
    docs = make_docs(4)
    story = tmp_path / "story.txt"
    story.write_text("\n\n".join(d["text"] for d in docs) + "\n", encoding="utf-8")
    read = ReadOptions(split="blank", date=pd.Timestamp("2019-05-08").date())
    run_batch(config(tmp_path, [story], "blocks.jsonl", read=read), coder=coder)
    got = read_events(tmp_path / "blocks.jsonl")
    want = [
        e
        for n, d in enumerate(docs, 1)
        for e in coder.code(d["text"], date="2019-05-08", doc_id=f"story:{n}")
    ]
    pd.testing.assert_frame_equal(got, ec.events_to_frame(want))

    import io
    import sys

    lines = "".join(json.dumps(d) + "\n" for d in docs).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    run_batch(config(tmp_path, ["-"], "stdin.jsonl", read=ReadOptions(fmt="jsonl")), coder=coder)
    pd.testing.assert_frame_equal(
        read_events(tmp_path / "stdin.jsonl"), expected_frame(coder, docs)
    )


# -- writers ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_every_output_format_round_trips(coder, tmp_path, suffix):
    docs = make_docs(10)
    jsonl = write_jsonl(tmp_path / "in.jsonl", docs)
    run_batch(config(tmp_path, [jsonl], f"out.{suffix}", chunk_size=3), coder=coder)
    want = expected_frame(coder, docs)
    if suffix == "csv":
        want = via_csv(want, tmp_path)
    got = read_events(tmp_path / f"out.{suffix}")
    pd.testing.assert_frame_equal(got, want)
    if suffix == "csv":  # byte for byte what pandas prints for the same events
        events = [e for d in docs for e in coder.code(d["text"], date=d["date"], doc_id=d["id"])]
        assert (tmp_path / "out.csv").read_bytes() == ec.events_to_frame(events).to_csv(
            index=False
        ).encode("utf-8")
    assert list(got.columns) == list(ec.COLUMNS)
    if suffix == "parquet":
        assert not (tmp_path / "out.parquet.parts").exists()
        table = pq.read_table(tmp_path / "out.parquet")
        assert table.schema.field("goldstein").type == pa.float64()


def test_empty_result_still_has_the_columns(coder, tmp_path):
    jsonl = write_jsonl(tmp_path / "in.jsonl", [{"id": "x", "text": "Oil prices fell."}])
    for suffix in ("csv", "jsonl", "parquet"):
        run_batch(config(tmp_path, [jsonl], f"none.{suffix}"), coder=coder)
        got = read_events(tmp_path / f"none.{suffix}")
        assert got.empty and list(got.columns) == list(ec.COLUMNS)
        assert (got.dtypes == ec.events_to_frame([]).dtypes).all()


# -- faults ----------------------------------------------------------------------------


def test_bad_rows_go_to_the_errors_file_and_the_rest_is_coded(coder, tmp_path):
    # A limit above the parser's own (nlp.max_length, 1,000,000) lets a real parser error
    # through: spaCy refuses the 1.2M-character document inside nlp.pipe.
    lenient = ec.Coder(nlp=coder.nlp, max_chars=1_500_000)
    good = make_docs(3)
    lines = [
        json.dumps(good[0]).encode(),
        b'{"id": "broken", "text": "no closing quote}',
        json.dumps({"id": "latin1", "text": "Caf\u00e9 talks"})
        .replace("\\u00e9", "\xe9")
        .encode("latin-1"),
        json.dumps({"id": "notext", "body": "The army attacked."}).encode(),
        json.dumps({"id": "null", "text": None}).encode(),
        json.dumps({"id": "baddate", "date": "May 8", "text": "Iran protested."}).encode(),
        json.dumps(good[1]).encode(),
        json.dumps({"id": "huge", "text": "word " * 320_000}).encode(),
        json.dumps({"id": "parser", "text": "word " * 240_000}).encode(),
        b"[1, 2, 3]",
        json.dumps(good[2]).encode(),
    ]
    src = tmp_path / "mixed.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    summary = run_batch(config(tmp_path, [src], "out.csv", chunk_size=4), coder=lenient)
    assert summary.complete
    assert (summary.documents, summary.errors) == (11, 8)
    pd.testing.assert_frame_equal(
        read_events(tmp_path / "out.csv"), via_csv(expected_frame(coder, good), tmp_path)
    )
    errors = read_errors(tmp_path / "out.csv.errors.jsonl")
    got = [(e["doc_id"], e["kind"], e["location"], e["index"]) for e in errors]
    assert got == [
        ("mixed:2", "malformed", "line 2", 1),
        ("mixed:3", "encoding", "line 3", 2),
        ("notext", "missing_text", "line 4", 3),
        ("null", "missing_text", "line 5", 4),
        ("baddate", "date", "line 6", 5),
        ("huge", "oversize", "line 8", 7),
        ("parser", "parse", "line 9", 8),
        ("mixed:10", "malformed", "line 10", 9),
    ]
    assert all(e["source"] == str(src) and e["reason"] for e in errors)
    assert "byte 0xe9" in errors[1]["reason"]
    assert "1600000 characters" in errors[5]["reason"]
    assert "parser error" in errors[6]["reason"]


def test_bad_csv_and_parquet_rows(coder, tmp_path):
    docs = make_docs(3)
    csv_bytes = (
        b"id,date,text\n"
        + f'a,{docs[0]["date"]},"{docs[0]["text"]}"\n'.encode()
        + b"short,2019-01-01\n"
        + b"latin,2019-01-01,Caf\xe9 talks\n"
        + f'b,{docs[1]["date"]},"{docs[1]["text"]}"\n'.encode()
    )
    (tmp_path / "in.csv").write_bytes(csv_bytes)
    summary = run_batch(config(tmp_path, [tmp_path / "in.csv"], "csv.jsonl"), coder=coder)
    assert (summary.documents, summary.errors) == (4, 2)
    errors = read_errors(tmp_path / "csv.jsonl.errors.jsonl")
    assert [(e["doc_id"], e["kind"], e["location"]) for e in errors] == [
        ("in:2", "missing_text", "row 2 (line 3)"),
        ("latin", "encoding", "row 3 (line 4)"),
    ]
    want = [{**docs[0], "id": "a"}, {**docs[1], "id": "b"}]
    pd.testing.assert_frame_equal(read_events(tmp_path / "csv.jsonl"), expected_frame(coder, want))

    table = pa.table(
        {
            "key": ["p1", "p2", "p3", "p4"],
            "body": [docs[0]["text"].encode(), b"Caf\xe9", None, docs[2]["text"].encode()],
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    read = ReadOptions(text_col="body", id_col="key")
    cfg = config(tmp_path, [tmp_path / "in.parquet"], "pq.parquet", read=read)
    summary = run_batch(cfg, coder=coder)
    assert (summary.documents, summary.errors) == (4, 2)
    errors = read_errors(tmp_path / "pq.parquet.errors.jsonl")
    assert [(e["doc_id"], e["kind"], e["location"]) for e in errors] == [
        ("p2", "encoding", "row 2"),
        ("p3", "missing_text", "row 3"),
    ]
    assert set(read_events(tmp_path / "pq.parquet")["doc_id"]) <= {"p1", "p4"}


def test_a_missing_column_fails_before_coding(coder, tmp_path):
    (tmp_path / "in.csv").write_text("id,body\n1,Iran protested.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no text column 'text'.*'body'"):
        run_batch(config(tmp_path, [tmp_path / "in.csv"], "out.csv"), coder=coder)
    assert not (tmp_path / "out.csv").exists()
    with pytest.raises(InputError, match="no such file"):
        run_batch(config(tmp_path, [tmp_path / "nope.jsonl"], "out.csv"), coder=coder)
    with pytest.raises(InputError, match="output format"):
        config(tmp_path, [tmp_path / "in.csv"], "out.xlsx")


# -- checkpoints and resume ------------------------------------------------------------


def _stop_after(n: int, stop: threading.Event):
    def on_progress(live) -> None:
        if live.documents >= n:
            stop.set()

    return on_progress


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_stop_and_resume_writes_every_row_once(coder, tmp_path, suffix):
    docs = make_docs(23)
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    with src.open("a", encoding="utf-8") as f:  # one error row, to check the errors file too
        f.write("{not json\n")
    full = config(tmp_path, [src], f"full.{suffix}", chunk_size=5)
    run_batch(full, coder=coder)

    # A stop stops reading; what the parser already holds (a batch or so) is finished.
    part = config(tmp_path, [src], f"part.{suffix}", chunk_size=5, batch_size=2)
    stop = threading.Event()
    summary = run_batch(part, coder=coder, stop=stop, on_progress=_stop_after(7, stop))
    assert summary.interrupted and not summary.complete
    ckpt = load_checkpoint(part.checkpoint_path)
    assert 7 <= ckpt.docs_done == summary.documents < 20 and not ckpt.complete
    # What a killed run leaves behind past the checkpoint must be thrown away on resume.
    out = part.output
    if suffix == "parquet":
        (tmp_path / "part.parquet.parts" / "part-999999.parquet").write_bytes(b"half a part")
    else:
        with out.open("ab") as f:
            f.write(b"half a row,")

    resumed = run_batch(
        BatchConfig(**{**_fields(part), "resume": True, "chunk_size": 4}), coder=coder
    )
    assert resumed.complete and resumed.resumed_from == ckpt.docs_done
    assert (resumed.documents, resumed.errors) == (24, 1)
    pd.testing.assert_frame_equal(read_events(out), read_events(full.output))
    if suffix != "parquet":
        assert out.read_bytes() == full.output.read_bytes()
    assert part.errors_path.read_bytes() == full.errors_path.read_bytes()

    again = run_batch(BatchConfig(**{**_fields(part), "resume": True}), coder=coder)
    assert again.complete and again.elapsed == 0  # already complete: nothing to do


def _fields(cfg: BatchConfig) -> dict[str, object]:
    return {name: getattr(cfg, name) for name in BatchConfig.__dataclass_fields__}


def test_resume_refuses_a_different_run(coder, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", make_docs(6))
    run_batch(config(tmp_path, [src], "out.csv"), coder=coder)
    write_jsonl(src, make_docs(8))
    with pytest.raises(InputError, match="different run"):
        run_batch(config(tmp_path, [src], "out.csv", resume=True), coder=coder)
    other = config(tmp_path, [src], "out.csv", resume=True, read=ReadOptions(text_col="body"))
    with pytest.raises(InputError, match="different run"):
        run_batch(other, coder=coder)
    with pytest.raises(InputError, match="nothing to resume"):
        run_batch(config(tmp_path, [src], "new.csv", resume=True), coder=coder)


def test_two_parser_processes_give_the_same_rows(coder, tmp_path):
    docs = make_docs(40)
    src = write_jsonl(tmp_path / "in.jsonl", docs[:20])
    with src.open("a", encoding="utf-8") as f:
        f.write("not json\n")
        f.write("".join(json.dumps(d) + "\n" for d in docs[20:]))
    one = run_batch(config(tmp_path, [src], "one.csv", batch_size=8), coder=coder)
    two = run_batch(config(tmp_path, [src], "two.csv", batch_size=8, n_process=2), coder=coder)
    assert (one.documents, one.errors) == (two.documents, two.errors) == (41, 1)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_coder_spec_is_small_and_model_free():
    import pickle

    spec = CoderSpec.make("cameo", ner=False, emit=["negated", "asserted"])
    assert spec.emit == ("asserted", "negated")
    assert len(pickle.dumps(spec)) < 500
    assert pickle.loads(pickle.dumps(spec)) == spec


def test_memory_zones_keep_the_vocabulary_flat_and_results_equal(coder):
    from eventcoder.batch import InputDoc, code_stream

    docs = make_docs(14, seed=9)
    # Words the parser has never seen: without memory zones each would stay in its
    # vocabulary for good.
    unseen = [f"Zorblat{chr(97 + i)}quix" for i in range(14)]

    def inputs() -> list[InputDoc]:
        out = [
            InputDoc(i, d["id"], f"{d['text']} {unseen[i]} visited Kenya.")
            for i, d in enumerate(docs)
        ]
        out[5].fail("malformed", "a read error in the middle of a zone")
        return out

    strings = coder.nlp.vocab.strings
    before = len(strings)
    zoned = list(code_stream(coder, inputs(), batch_size=3, zone_docs=4))
    assert len(strings) == before
    assert unseen[0] not in strings
    plain = list(code_stream(coder, inputs(), batch_size=3, zone_docs=0))
    assert [(r.doc_id, r.rows, r.n_sentences, r.error) for r in zoned] == [
        (r.doc_id, r.rows, r.n_sentences, r.error) for r in plain
    ]
    assert [r.index for r in zoned] == list(range(14)) and zoned[5].kind == "malformed"
