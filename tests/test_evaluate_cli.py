"""End to end: the real coder on a gold fixture, the command line, comparison, report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import eventcoder as ec
from eventcoder.cli import app
from eventcoder.evaluate.compare import compare_results
from eventcoder.evaluate.report import render_report
from eventcoder.evaluate.scorer import score
from tests.test_evaluate_scorer import ev, gold

FIXTURES = Path(__file__).parent / "fixtures" / "gold"
MINI = FIXTURES / "mini.jsonl"
runner = CliRunner()


def test_evaluate_end_to_end(coder):
    result = ec.evaluate(coder, MINI, resamples=200)
    assert [r.record.id for r in result.records] == [f"mini-{i}" for i in range(1, 7)]
    for r in result.records:
        rec = r.record
        assert r.predicted == coder.code(rec.text, date=rec.date, doc_id=rec.id)
        # every gold event is correct or missed, every prediction correct or extra
        assert len(r.correct) + len(r.missed) == len(rec.events)
        assert len(r.correct) + len(r.extra) == len(r.predicted)
        assert "acled_type" not in r.counts  # the fixture names no ACLED type
    by_id = {r.record.id: r for r in result.records}
    assert by_id["mini-3"].predicted == [] and by_id["mini-3"].ok  # no event, none coded
    assert by_id["mini-2"].ok, by_id["mini-2"].to_dict()  # JPNGOV 040 KORGOV
    assert by_id["mini-6"].ok, by_id["mini-6"].to_dict()  # CHN 112 USA
    detected = result.level("event").counts
    assert detected.n_gold == 5 and detected.tp >= 3
    assert result.level("full").records == 6
    assert result.meta["codebook"] == coder.codebook.name
    low, high = result.level("root").ci["f1"]
    assert 0 <= low <= result.level("root").counts.f1 <= high <= 1


def test_cli_markdown(coder):
    out = runner.invoke(app, ["evaluate", str(MINI), "--markdown", "--resamples", "100"])
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert lines[0] == "| level | precision | recall | F1 | gold | predicted |"
    assert lines[2].startswith("| event detected | ")
    assert any(line.startswith("| full code + actors | ") for line in lines)
    assert "ACLED" not in out.stdout  # not annotated in this file: not shown
    assert "95% bootstrap interval over records (100 resamples" in out.stdout


def test_cli_json_stdout_and_files(coder, tmp_path):
    out = runner.invoke(app, ["evaluate", str(MINI), "--json", "--resamples", "0"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert {"meta", "outcome", "levels", "categories", "confusion", "tags", "records"} <= set(data)
    assert data["meta"]["records"] == 6 and "ci95" not in data["levels"][0]
    json_file, html = tmp_path / "r.json", tmp_path / "r.html"
    args = ["evaluate", str(MINI), "--json", str(json_file), "--report", str(html)]
    out = runner.invoke(app, [*args, "--resamples", "50"])
    assert out.exit_code == 0, out.output
    assert "event detected" in out.stdout  # the terminal table still prints
    assert json.loads(json_file.read_text())["meta"]["resamples"] == 50
    assert html.read_text().startswith("<!DOCTYPE html>")


def test_cli_other_formats(coder):
    for name in ("petrarch.xml", "sentences.conllu", "plover.json", "acled.csv"):
        out = runner.invoke(app, ["evaluate", str(FIXTURES / name), "--json", "--resamples", "0"])
        assert out.exit_code == 0, (name, out.output)
        levels = {s["level"]: s for s in json.loads(out.stdout)["levels"]}
        if name == "acled.csv":
            assert levels["root"]["records"] == 0 and levels["acled_type"]["records"] == 3
        elif name == "plover.json":
            assert levels["root"]["records"] == 0 and levels["plover"]["gold"] == 4
        else:
            assert levels["full"]["records"] in (3, 4) and levels["acled_type"]["records"] == 0
    out = runner.invoke(app, ["evaluate", str(MINI), "--format", "conllu", "--json"])
    assert out.exit_code == 1  # JSON lines read as CoNLL-U: one block, no text
    assert f"{MINI}:1: sentence-1: text:" in out.stderr


def test_cli_split_of_a_gold_directory(coder, tmp_path):
    shutil.copy(MINI, tmp_path / "dev.jsonl")
    out = runner.invoke(app, ["evaluate", str(tmp_path), "--markdown", "--resamples", "0"])
    assert out.exit_code == 0, out.output
    assert f"{tmp_path / 'dev.jsonl'}: 6 records" in out.stdout
    out = runner.invoke(app, ["evaluate", str(tmp_path), "--split", "test"])
    assert out.exit_code == 2
    assert "no split 'test'" in out.output and "splits: dev" in out.output


def test_cli_invalid_gold_lists_located_errors(tmp_path):
    out = runner.invoke(app, ["evaluate", str(FIXTURES / "invalid.jsonl")])
    assert out.exit_code == 1
    assert (
        f"{FIXTURES / 'invalid.jsonl'}:3: bad-3: events[0].code: unknown CAMEO code" in out.stderr
    )
    assert "8 problem(s) in the gold data" in out.stderr


def test_cli_compare_with_baseline(coder):
    out = runner.invoke(app, ["evaluate", str(MINI), "--compare", "cameo", "baseline", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["summary"] == {"fixed": 0, "broken": 0, "changed": 0}
    assert all(d["delta_f1"] in (0.0, None) for d in data["levels"])
    out = runner.invoke(app, ["evaluate", str(MINI), "--compare", "cameo", "baseline"])
    assert out.exit_code == 0, out.output
    assert "cameo (A) vs baseline (B)" in out.stdout and "fixed: 0 record(s)" in out.stdout


def test_compare_a_codebook_that_discards_a_pattern(coder, tmp_path):
    book = tmp_path / "noaccuse"
    book.mkdir()
    (book / "codebook.yaml").write_text("name: noaccuse\nextends: cameo\n")
    (book / "discard.yaml").write_text("discard:\n  verbs:\n    - accuse $target\n")
    html = tmp_path / "cmp.html"
    args = ["evaluate", str(MINI), "--compare", str(book), "cameo", "--json", "--report", str(html)]
    out = runner.invoke(app, args)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    broken = [c["id"] for c in data["changes"] if c["change"] == "broken"]
    assert broken == ["mini-6"]
    full = next(d for d in data["levels"] if d["level"] == "full")
    assert full["delta_f1"] < 0
    assert "Broken (1)" in html.read_text()


def test_compare_results_fixed_broken_changed():
    records = [gold(("USA", "IRN", "163"), rid=r) for r in ("a", "b", "c", "d")]
    good, bad, other = [ev("163", "USA", "IRN")], [ev("190", "USA", "IRN")], []
    a = score(records, [good, bad, bad, good], None, resamples=100)
    b = score(records, [bad, good, other, good], None, resamples=100)
    cmp = compare_results(a, b, "new", "old")
    assert [(c.id, c.change) for c in cmp.changes] == [
        ("a", "fixed"),
        ("b", "broken"),
        ("c", "changed"),
    ]
    full = next(d for d in cmp.levels if d.level == "full")
    assert full.delta == pytest.approx(2 * 2 / 8 - 2 * 2 / 7)
    assert full.ci[0] <= full.delta <= full.ci[1]


def test_report_is_self_contained():
    rec = gold(("USAGOV", "IRN", "163"), ("USAGOV", "SYR", "163"), tags=("sanctions",))
    rec = rec.model_copy(update={"text": "The US imposed new <sanctions> on Iran & Syria."})
    text = rec.text
    pred = ev("163", "USAGOV", "SYR", pattern="163:verb:impose")
    pred = pred.model_copy(
        update={
            "predicate": "imposed",
            "predicate_start": text.index("imposed"),
            "predicate_end": text.index("imposed") + 7,
            "source": pred.source.model_copy(update={"start": 4, "end": 6}),
        }
    )
    page = render_report(score([rec], [[pred]], None, resamples=20))
    assert "&lt;sanctions&gt;" in page and "Iran &amp; Syria" in page
    assert '<span class="extra pred">imposed</span><sup>1</sup>' not in page  # it is correct
    assert '<span class="ok pred">imposed</span><sup>1</sup>' in page
    assert '<span class="src">US</span>' in page
    assert "missed" in page and "target: IRN → SYR" in page
    assert page.count("data:image/png;base64,") >= 2
    for external in ('src="http', "href=", "<link", "<script", "url("):
        assert external not in page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_report_renders_in_headless_chromium(coder, tmp_path):
    from PIL import Image

    if _chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing on CI (.ci/run installs it with apt-get)")
        pytest.skip("chromium is not installed (apt-get install chromium)")

    html = tmp_path / "report.html"
    out = runner.invoke(app, ["evaluate", str(MINI), "--report", str(html), "--resamples", "100"])
    assert out.exit_code == 0, out.output
    flags = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    url = html.resolve().as_uri()
    dom = subprocess.run(
        [*flags, "--dump-dom", url], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert '<table class="levels">' in dom and "event detected" in dom
    assert "Confusion of roots" in dom
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*flags, "--window-size=1200,1600", f"--screenshot={shot}", url],
        capture_output=True,
        timeout=60,
        check=True,
    )
    image = Image.open(shot).convert("L")
    assert image.size == (1200, 1600)
    low, high = image.getextrema()
    assert high - low > 100  # not a blank page
    histogram = image.histogram()
    assert sum(histogram[:128]) > 2000  # a fair amount of dark ink: text, tables, charts
