"""``eventcoder code`` end to end: flags, stdin, and real SIGKILL / Ctrl-C then --resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from eventcoder.batch import BatchConfig, read_events, run_batch
from eventcoder.cli import app, main
from tests.test_batch import expected_frame, make_docs, via_csv, write_jsonl

runner = CliRunner()


def test_csv_columns_to_parquet(coder, tmp_path):
    docs = make_docs(8)
    frame = pd.DataFrame(
        {"key": [d["id"] for d in docs], "published": [d["date"] for d in docs]}
    ).assign(body=[d["text"] for d in docs])
    frame.to_csv(tmp_path / "news.csv", index=False)
    out = tmp_path / "events.parquet"
    args = ["code", str(tmp_path / "news.csv"), "-o", str(out)]
    args += ["--text-col", "body", "--id-col", "key", "--date-col", "published", "--no-ner"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "documents 8" in result.output and "errors 0" in result.output
    pd.testing.assert_frame_equal(read_events(out), expected_frame(coder, docs))


def test_stdin_lines_with_a_default_date(coder, tmp_path):
    docs = make_docs(5)
    out = tmp_path / "events.jsonl"
    text = "\n".join(d["text"] for d in docs) + "\n\n"
    args = ["code", "-", "-o", str(out), "--split", "line", "--date", "2020-02-02", "-q"]
    result = runner.invoke(app, args, input=text)
    assert result.exit_code == 0, result.output
    assert result.output == ""  # --quiet: no summary
    want = [
        {"id": f"stdin:{n}", "date": "2020-02-02", "text": d["text"]} for n, d in enumerate(docs, 1)
    ]
    pd.testing.assert_frame_equal(read_events(out), expected_frame(coder, want))


def test_summary_points_at_the_errors_file(coder, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", make_docs(3))
    with src.open("a", encoding="utf-8") as f:
        f.write('{"id": "x"}\n')
    errors = tmp_path / "bad-rows.jsonl"
    result = runner.invoke(
        app, ["code", str(src), "-o", str(tmp_path / "o.csv"), "--errors", str(errors)]
    )
    assert result.exit_code == 0, result.output
    assert "1 document(s) not coded" in result.output and "bad-rows.jsonl" in result.output
    assert json.loads(errors.read_text())["doc_id"] == "x"


def test_a_missing_column_is_an_error_not_a_crash(tmp_path, monkeypatch, capsys):
    (tmp_path / "in.csv").write_text("id,body\n1,Iran protested.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["eventcoder", "code", "in.csv", "-o", "out.csv"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "no text column 'text'" in err and "--text-col" in err
    assert "Traceback" not in err and not (tmp_path / "out.csv").exists()


# -- real interruptions ----------------------------------------------------------------


def _wait_for_checkpoint(proc: subprocess.Popen[bytes], path: Path, docs: int) -> dict:
    """Poll the checkpoint until at least ``docs`` documents are safely written."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the run ended (rc={proc.returncode}) before it was interrupted: {err}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            data = {}
        if data.get("docs_done", 0) >= docs:
            return data
        time.sleep(0.01)
    proc.kill()
    pytest.fail("no checkpoint appeared")


def _reference(coder, src: Path, output: Path, **kw: object) -> Path:
    """The same run, uninterrupted, in this process."""
    run_batch(BatchConfig(inputs=(str(src),), output=output, **kw), coder=coder)  # type: ignore[arg-type]
    return output


def test_sigkill_then_resume_gives_exactly_the_uninterrupted_rows(coder, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", make_docs(200, seed=11))
    out = tmp_path / "killed.csv"
    cmd = [sys.executable, "-m", "eventcoder", "code", str(src), "-o", str(out)]
    cmd += ["--chunk-size", "5", "--batch-size", "4"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_checkpoint(proc, out.with_name("killed.csv.checkpoint"), 15)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    killed = json.loads(out.with_name("killed.csv.checkpoint").read_text())
    assert not killed["complete"] and 15 <= killed["docs_done"] < 200

    # Resume with the same command line (in this process: the parser is already loaded).
    done = runner.invoke(app, [*cmd[3:], "--resume"])
    assert done.exit_code == 0, done.output
    assert f"resumed after {killed['docs_done']} documents" in done.output

    full = _reference(coder, src, tmp_path / "full.csv")
    assert out.read_bytes() == full.read_bytes()
    got, want = read_events(out), read_events(full)
    assert len(got) > 150 and not got.duplicated(["doc_id", "event_index"]).any()
    pd.testing.assert_frame_equal(got, want)
    assert want.equals(via_csv(expected_frame(coder, make_docs(200, seed=11)), tmp_path))


@pytest.mark.parametrize("n_process", ["1", "2"])  # 1: the parser's read-ahead thread
def test_ctrl_c_stops_after_the_chunk_and_resumes(coder, tmp_path, n_process):
    src = write_jsonl(tmp_path / "in.jsonl", make_docs(160, seed=5))
    out = tmp_path / "stopped.parquet"
    cmd = [sys.executable, "-m", "eventcoder", "code", str(src), "-o", str(out)]
    cmd += ["--chunk-size", "5", "--batch-size", "4", "--n-process", n_process]
    # A new session, signalled as a group: what a terminal's Ctrl-C does, parser
    # processes included.
    proc = subprocess.Popen(
        cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    ckpt = out.with_name("stopped.parquet.checkpoint")
    _wait_for_checkpoint(proc, ckpt, 10)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert "--resume" in err.decode()
    stopped = json.loads(ckpt.read_text())
    assert not stopped["complete"] and stopped["docs_done"] < 160
    assert not out.exists() and stopped["output_state"]["parts"]

    done = runner.invoke(app, [*cmd[3:], "--resume"])
    assert done.exit_code == 0, done.output
    assert f"resumed after {stopped['docs_done']} documents" in done.output
    full = _reference(coder, src, tmp_path / "full.parquet")
    pd.testing.assert_frame_equal(read_events(out), read_events(full))
