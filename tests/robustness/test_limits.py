"""Input limits are configurable, enforced at every entry point, and never a silent cut.

``Coder(max_chars=...)`` (characters per document) and ``Coder(max_sentences=...)``
(sentences per document): a document at the limit is coded whole, exactly as an
unlimited coder codes it; one over the limit raises :class:`~eventcoder.InputError`
naming the document and the limit (or, in a batch run, is a row of the errors file).
"""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest

import eventcoder as ec
from eventcoder.backends.conllu import to_conllu
from eventcoder.batch import BatchConfig, CoderSpec, run_batch
from tests.robustness.support import write_jsonl

SENTENCES = [
    "Iran rejected the offer.",
    "China protested against Japan.",
    "Russia agreed to hold talks with Turkey.",
    "France expelled two diplomats from Germany.",
    "Egypt condemned the attack on Israel.",
]
TEXT = " ".join(SENTENCES)  # five sentences, each with an event


@pytest.fixture(scope="module")
def unlimited(coder: ec.Coder) -> ec.Coder:
    return ec.Coder(nlp=coder.nlp, max_chars=10**9, max_sentences=10**9)


def test_max_sentences_at_and_over_the_limit(coder, unlimited):
    at = ec.Coder(nlp=coder.nlp, max_sentences=5)
    events = at.code(TEXT, date="2020-01-01", doc_id="five")
    assert events == unlimited.code(TEXT, date="2020-01-01", doc_id="five")
    assert len({e.sentence_index for e in events}) == 5  # nothing was cut
    over = ec.Coder(nlp=coder.nlp, max_sentences=4)
    with pytest.raises(ec.InputError, match=r"'five' has 5 sentences; the limit is 4"):
        over.code(TEXT, doc_id="five")


def test_max_sentences_in_every_entry_point(coder):
    small = ec.Coder(nlp=coder.nlp, max_sentences=4)
    with pytest.raises(ec.InputError, match="the limit is 4"):
        list(small.code_many(["Iran protested.", TEXT]))
    with pytest.raises(ec.InputError, match="the limit is 4"):
        small.code_frame(pd.DataFrame({"text": ["Iran protested.", TEXT]}))
    # Pre-parsed input never meets the parser's limits; the sentence limit still holds.
    conllu = to_conllu(coder.backend.parse(TEXT, "pre"), doc_id="pre")
    with pytest.raises(ec.InputError, match="'pre' has 5 sentences; the limit is 4"):
        small.code_conllu(conllu)


def test_max_chars_at_and_over_the_limit(coder, unlimited):
    text = TEXT
    at = ec.Coder(nlp=coder.nlp, max_chars=len(text))
    assert at.code(text, doc_id="d") == unlimited.code(text, doc_id="d")
    over = ec.Coder(nlp=coder.nlp, max_chars=len(text) - 1)
    message = f"'d' has {len(text)} characters; the limit is {len(text) - 1}"
    with pytest.raises(ec.InputError, match=message):
        over.code(text, doc_id="d")
    with pytest.raises(ec.InputError, match="the limit is"):
        list(over.code_many([text]))
    with pytest.raises(ec.InputError, match="the limit is"):
        over.code_frame(pd.DataFrame({"text": [text]}))


def test_an_oversize_document_is_refused_before_parsing(coder):
    """Ten million characters are refused at once, not parsed first."""
    huge = "Iran protested. " * 625_000
    start = time.perf_counter()
    with pytest.raises(ec.InputError, match="10000000 characters; the limit is 1000000"):
        coder.code(huge)
    assert time.perf_counter() - start < 1.0


def _errors(config: BatchConfig) -> list[dict[str, object]]:
    return [json.loads(line) for line in config.errors_path.read_text().splitlines()]


def test_batch_reports_oversize_documents_and_codes_the_rest(coder, tmp_path):
    docs = [
        {"id": "ok", "text": "Iran protested against Iraq."},
        {"id": "big", "text": TEXT},
        {"id": "ok2", "text": "China met Japan."},
    ]
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    config = BatchConfig(
        inputs=(str(src),), output=tmp_path / "out.csv", coder=CoderSpec.make(max_chars=100)
    )
    summary = run_batch(config)
    assert summary.complete and (summary.documents, summary.errors) == (3, 1)
    [error] = _errors(config)
    assert error["doc_id"] == "big" and error["kind"] == "oversize"
    assert f"{len(TEXT)} characters; the limit is 100" in str(error["reason"])
    assert set(pd.read_csv(config.output)["doc_id"]) == {"ok", "ok2"}


def test_batch_reports_documents_with_too_many_sentences(tmp_path):
    docs = [{"id": "ok", "text": "Iran protested."}, {"id": "long", "text": TEXT}]
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    spec = CoderSpec.make(max_sentences=4)
    config = BatchConfig(inputs=(str(src),), output=tmp_path / "out.csv", coder=spec)
    summary = run_batch(config)
    assert (summary.documents, summary.errors) == (2, 1)
    [error] = _errors(config)
    assert error["doc_id"] == "long" and "5 sentences; the limit is 4" in str(error["reason"])
    assert list(pd.read_csv(config.output)["doc_id"]) == ["ok"]


def test_the_cli_max_chars_flag(tmp_path):
    from typer.testing import CliRunner

    from eventcoder.cli import app

    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": TEXT}])
    out = tmp_path / "out.csv"
    done = CliRunner().invoke(app, ["code", str(src), "-o", str(out), "--max-chars", "100"])
    assert done.exit_code == 0, done.output
    assert "1 document(s) not coded" in done.output
    assert "the limit is 100" in out.with_name("out.csv.errors.jsonl").read_text()
