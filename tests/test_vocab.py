"""``eventcoder vocab``: predicates and names the codebook does not cover."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.vocab import render_table, unmatched_vocab

runner = CliRunner()
CORPUS = [
    "Russia settled the dispute with Ukraine on Monday.",
    "Zorblatt officials met Japanese diplomats in Tokyo.",
    "Kenya settled the dispute with Somalia.",
    "Iran condemned the attack by Zorblatt militants.",
    "North Korea launched a missile.",
]


def test_counts_uncovered_predicates_and_names(coder):
    report = unmatched_vocab(coder, [(t, "2020-01-01") for t in CORPUS], examples=1)
    assert (report.documents, report.sentences) == (5, 5)
    [settle] = [p for p in report.predicates if p.lemma == "settle"]
    assert (settle.key, settle.pos, settle.status) == ("settle dispute", "verb", "no pattern")
    assert (settle.count, settle.with_actor) == (2, 2)
    assert settle.examples == [CORPUS[0]]
    # Coded predicates ("met", "condemned", "launched") are covered: not listed.
    assert not {"meet", "condemn", "launch"} & {p.lemma for p in report.predicates}
    [zorblatt] = report.names
    assert (zorblatt.name, zorblatt.count, zorblatt.as_argument) == ("Zorblatt", 2, 2)
    # Known names (countries, places, adjectives) never show up.
    table = render_table(report)
    assert "settle dispute" in table and "Zorblatt" in table and "Tokyo" not in table
    data = report.to_dict()
    assert data["names"][0]["name"] == "Zorblatt" and data["predicates"][0]["count"] == 2


def test_min_count_and_top(coder):
    report = unmatched_vocab(coder, CORPUS, min_count=3)
    assert report.predicates == [] and report.names == []
    assert len(unmatched_vocab(coder, CORPUS, top=1).predicates) == 1


def test_cli_vocab_reads_jsonl_and_text(coder, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in enumerate(CORPUS))
        + "not json\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["vocab", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["documents"], data["skipped"]) == (5, 1)
    assert data["predicates"][0]["predicate"] == "settle dispute"
    assert data["names"][0]["name"] == "Zorblatt"
    story = tmp_path / "story.txt"
    story.write_text("\n\n".join(CORPUS), encoding="utf-8")
    out = tmp_path / "vocab.json"
    result = runner.invoke(
        app, ["vocab", str(story), "--split", "blank", "--what", "names", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "5 documents, 5 sentences" in result.output
    assert "Zorblatt" in result.output and "Predicates" not in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["predicates"] == []
