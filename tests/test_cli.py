"""The command line, run in-process with real files."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

import eventcoder as ec
from eventcoder.cli import app

runner = CliRunner()


def test_example_runs(coder):
    result = runner.invoke(app, ["example"])
    assert result.exit_code == 0, result.output
    assert "events from the bundled example article" in result.output


def test_code_writes_csv(coder, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("The United States imposed new sanctions on Iran.\n", encoding="utf-8")
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["code", str(story), "-o", str(out), "--date", "2019-05-08"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype=str)
    assert list(frame.columns) == list(ec.COLUMNS)
    assert frame["code"].tolist() == ["163"]
    assert frame["doc_id"].tolist() == ["story"]


def test_explain_says_why_not(coder):
    result = runner.invoke(app, ["explain", "The army did not attack the rebels."])
    assert result.exit_code == 0
    assert "negated" in result.output


def test_validate_ok_and_broken(tmp_path):
    assert runner.invoke(app, ["codebook", "validate", "cameo"]).exit_code == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "codebook.yaml").write_text("name: bad\nextends: cameo\n")
    (bad / "p.yaml").write_text('patterns:\n  "163":\n    verbs:\n      - impose * on $goal\n')
    result = runner.invoke(app, ["codebook", "validate", str(bad)])
    assert result.exit_code == 1
    assert "p.yaml:4" in result.output and "$goal" in result.output
