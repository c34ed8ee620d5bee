"""Faults during ``eventcoder code``: a full disk, a read-only output, a killed worker,
a corrupt checkpoint, an input cut short.

Each fault is real: the faulty run is a child process (``python -m eventcoder code``)
writing to a tmpfs mounted small (``mount -t tmpfs -o size=...``; where mounting is
not allowed, a file-size limit, ``RLIMIT_FSIZE`` with ``SIGXFSZ`` ignored, stands in),
to a directory bind-mounted read-only in a private mount namespace (``unshare
--mount``; ``chmod`` when not root, since root ignores permissions), with a worker
process killed by ``SIGKILL``, or from a checkpoint overwritten with damaged bytes.

The tests show that the run says what went wrong (exit status and message), that what
the checkpoint vouches for is on disk intact and a failed run destroys nothing, and
that the same command with ``--resume`` ends with exactly the bytes of a run that
never failed. Faults the batch code does not handle yet are in ``test_findings.py``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from eventcoder.batch import BatchConfig, read_events, run_batch
from eventcoder.cli import app, main
from tests.robustness.support import news_docs, write_jsonl

runner = CliRunner()
FLAGS = ["--chunk-size", "4", "--batch-size", "4"]


def reference(coder, src: Path, out: Path) -> bytes:
    """The output of the same run, never interrupted (in this process)."""
    run_batch(BatchConfig(inputs=(str(src),), output=out), coder=coder)
    return out.read_bytes()


def cli_child(
    *args: str, cwd: Path, prefix: list[str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    cmd = [*(prefix or []), sys.executable, "-m", "eventcoder", "code", *args]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300, env=env, **kw)  # type: ignore[call-overload,no-any-return]


def resume_in_process(*args: str) -> None:
    done = runner.invoke(app, ["code", *args, "--resume"])
    assert done.exit_code == 0, done.output
    assert "resumed after" in done.output


def flat(text: str) -> str:
    """Messages with the line wrapping of rich's traceback boxes undone."""
    return " ".join(text.replace("│", " ").split())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def checkpoint(output: Path) -> dict[str, object]:
    return json.loads(output.with_name(output.name + ".checkpoint").read_text(encoding="utf-8"))


# -- a full disk ---------------------------------------------------------------------------


def _run(cmd: list[str]) -> bool:
    return subprocess.run(cmd, capture_output=True, check=False).returncode == 0


@pytest.fixture(scope="module")
def can_mount(tmp_path_factory: pytest.TempPathFactory) -> bool:
    probe = tmp_path_factory.mktemp("mount-probe")
    if not _run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(probe)]):
        return False
    _run(["umount", str(probe)])
    return True


@contextmanager
def full_disk(
    folder: Path, mechanism: str, size: int
) -> Iterator[tuple[dict[str, object], str, Callable[[], None]]]:
    """``folder`` where writing more than about ``size`` bytes fails.

    Yields the keyword arguments the child process needs, the error it will report, and
    a function that frees the space again.
    """
    folder.mkdir()
    if mechanism == "fsize":  # in the child, a write past `size` fails with EFBIG
        yield {"preexec_fn": _file_size_limit(size)}, "File too large", lambda: None
        return
    kib = max(24, size // 1024 + 8)  # the checkpoint and its temporary take a page each
    mount = ["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(folder)]
    subprocess.run(mount, check=True, capture_output=True)
    grow = ["mount", "-o", "remount,size=65536k", str(folder)]
    try:
        yield {}, "No space left on device", lambda: _check(grow)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def _check(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def _file_size_limit(limit: int) -> Callable[[], None]:
    def preexec() -> None:  # runs in the child before exec
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


@pytest.mark.parametrize(
    ("mechanism", "suffix"), [("tmpfs", "csv"), ("tmpfs", "parquet"), ("fsize", "csv")]
)
def test_disk_full_is_reported_and_resume_recovers(coder, tmp_path, can_mount, mechanism, suffix):
    src = write_jsonl(tmp_path / "in.jsonl", news_docs(60, seed=4))
    want = reference(coder, src, tmp_path / f"want.{suffix}")
    if mechanism == "tmpfs" and not can_mount:
        mechanism = "fsize"  # no mount privileges here: a file-size limit stands in
    with full_disk(tmp_path / "disk", mechanism, len(want) // 2) as (child, error, free_space):
        out = tmp_path / "disk" / f"out.{suffix}"
        done = cli_child(str(src), "-o", str(out), *FLAGS, cwd=tmp_path, **child)
        _check_failed_run(done, out, want, suffix, error)
        free_space()
        resume_in_process(str(src), "-o", str(out), *FLAGS)  # the same command, --resume
        got, frame = out.read_bytes(), read_events(out)
    if suffix == "csv":
        assert got == want
    pd.testing.assert_frame_equal(frame, read_events(tmp_path / f"want.{suffix}"))


def _check_failed_run(
    done: subprocess.CompletedProcess[str], out: Path, want: bytes, suffix: str, message: str
) -> None:
    assert done.returncode != 0, done.stderr[-2000:]
    assert message in flat(done.stderr), done.stderr[-2000:]
    state = checkpoint(out)
    assert state["complete"] is False and 0 < int(state["docs_done"]) < 60, state  # type: ignore[call-overload]
    if suffix == "csv":
        # Everything the checkpoint vouches for is on disk, byte for byte right.
        size = int(state["output_state"]["bytes"])  # type: ignore[index]
        assert size > 0 and out.read_bytes()[:size] == want[:size]
    else:
        # No half-written Parquet file: the output appears only when the run completes,
        # and every part the checkpoint lists is whole.
        assert not out.exists()
        parts = out.with_name(out.name + ".parts")
        for name in state["output_state"]["parts"]:  # type: ignore[index]
            assert len(read_events_part(parts / name)) > 0


def read_events_part(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pandas()


# -- a read-only output directory -------------------------------------------------------


def _readonly_prefix(folder: Path) -> list[str] | None:
    """A command prefix that runs its command with ``folder`` read-only, or None."""
    if os.geteuid() != 0:
        return []  # chmod does it (see the caller)
    script = 'd=$1; shift; mount --bind "$d" "$d" && mount -o remount,bind,ro "$d" && exec "$@"'
    prefix = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"]
    if shutil.which("unshare") is None or not _run([*prefix, str(folder), "true"]):
        return None
    return [*prefix, str(folder)]


@contextmanager
def read_only(folder: Path) -> Iterator[list[str]]:
    prefix = _readonly_prefix(folder)
    if prefix is None:
        pytest.skip("root without mount privileges: nothing can make a directory read-only")
    if prefix:
        yield prefix
        return
    folder.chmod(0o555)
    try:
        yield []
    finally:
        folder.chmod(0o755)


def test_read_only_output_is_reported_before_coding(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", news_docs(10, seed=5))
    outdir = tmp_path / "ro"
    outdir.mkdir()
    with read_only(outdir) as prefix:
        done = cli_child(str(src), "-o", str(outdir / "out.csv"), cwd=tmp_path, prefix=prefix)
    assert done.returncode != 0
    err = flat(done.stderr)
    assert "Read-only file system" in err or "Permission denied" in err, done.stderr[-2000:]
    assert "out.csv" in err  # it says where
    assert "documents" not in err  # refused before coding anything
    assert snapshot(outdir) == {}


def _stop_after(n: int, stop: threading.Event) -> Callable[[object], None]:
    seen = [0]

    def on_progress(_: object) -> None:
        seen[0] += 1
        if seen[0] >= n:
            stop.set()

    return on_progress


def interrupted_run(coder, src: Path, out: Path, after: int = 9) -> dict[str, object]:
    """A run stopped after ``after`` documents (the state a crash or Ctrl-C leaves)."""
    stop = threading.Event()
    config = BatchConfig(inputs=(str(src),), output=out, chunk_size=4, batch_size=4)
    summary = run_batch(config, coder=coder, stop=stop, on_progress=_stop_after(after, stop))
    assert summary.interrupted
    return checkpoint(out)


def test_resume_into_a_read_only_directory_destroys_nothing(coder, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", news_docs(40, seed=6))
    want = reference(coder, src, tmp_path / "want.csv")
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "out.csv"
    interrupted_run(coder, src, out)
    before = snapshot(outdir)
    with read_only(outdir) as prefix:
        done = cli_child(str(src), "-o", str(out), *FLAGS, "--resume", cwd=tmp_path, prefix=prefix)
    assert done.returncode != 0
    err = flat(done.stderr)
    assert "Read-only file system" in err or "Permission denied" in err, done.stderr[-2000:]
    assert snapshot(outdir) == before  # the interrupted run is still there to resume
    resume_in_process(str(src), "-o", str(out), *FLAGS)
    assert out.read_bytes() == want


# -- a worker process killed mid-batch ---------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(c) for c in text]
    return found


def _is_worker(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False
    return b"resource_tracker" not in cmdline and b"eventcoder" in cmdline


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_killed_worker_fails_the_run_and_resume_recovers(coder, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", news_docs(300, seed=7))
    want = reference(coder, src, tmp_path / "want.csv")
    out = tmp_path / "out.csv"
    cmd = [sys.executable, "-m", "eventcoder", "code", str(src), "-o", str(out)]
    cmd += ["--n-process", "2", "--chunk-size", "4", "--batch-size", "2"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ckpt = out.with_name("out.csv.checkpoint")
    deadline = time.monotonic() + 180
    workers: list[int] = []
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        try:
            done = json.loads(ckpt.read_text())["docs_done"]
        except (FileNotFoundError, ValueError, KeyError):
            done = 0
        workers = [c for c in _children(proc.pid) if _alive(c) and _is_worker(c)]
        if done >= 8 and len(workers) >= 2:
            break
        time.sleep(0.02)
    else:
        proc.kill()
        pytest.fail("the run never got going")
    os.kill(workers[0], signal.SIGKILL)  # one worker dies mid-batch
    try:
        _, err = proc.communicate(timeout=120)  # the run must end, not hang
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the run hung after a worker was killed")
    message = flat(err.decode())
    assert proc.returncode != 0, message[-2000:]
    assert "terminated abruptly" in message or "BrokenProcessPool" in message, message[-2000:]
    time.sleep(0.5)
    assert not [w for w in workers if _alive(w)], "a worker outlived the run"
    state = checkpoint(out)
    assert state["complete"] is False and 8 <= int(state["docs_done"]) < 300  # type: ignore[call-overload]
    size = int(state["output_state"]["bytes"])  # type: ignore[index]
    assert out.read_bytes()[:size] == want[:size]
    resume_in_process(str(src), "-o", str(out), "--n-process", "2", "--chunk-size", "4")
    assert out.read_bytes() == want
    frame = read_events(out)
    assert not frame.duplicated(["doc_id", "event_index"]).any()


# -- a corrupt checkpoint ----------------------------------------------------------------

CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "one byte": lambda data: data[:1],
    "garbage": lambda data: b"\x00\xff\xfe garbage \x89PNG",
    "not utf-8": lambda data: data.replace(b'"', b"\xff", 1),
    "trailing junk": lambda data: data + b"}{",
    "no closing brace": lambda data: data.rstrip().rstrip(b"}"),
}


@pytest.mark.parametrize("damage", list(CORRUPTIONS))
def test_a_corrupt_checkpoint_is_refused_and_destroys_nothing(
    coder, tmp_path, monkeypatch, capsys, damage
):
    src = write_jsonl(tmp_path / "in.jsonl", news_docs(30, seed=8))
    out = tmp_path / "out" / "out.csv"
    interrupted_run(coder, src, out)
    ckpt = out.with_name("out.csv.checkpoint")
    ckpt.write_bytes(CORRUPTIONS[damage](ckpt.read_bytes()))
    before = snapshot(out.parent)
    monkeypatch.setattr(sys, "argv", ["eventcoder", "code", str(src), "-o", str(out), "--resume"])
    with pytest.raises(SystemExit) as stopped:
        main()
    err = capsys.readouterr().err.replace("\n", "")  # the console wraps long paths
    assert stopped.value.code == 2, err
    assert "cannot read the checkpoint" in err and str(ckpt) in err and "Traceback" not in err
    assert snapshot(out.parent) == before
    # Starting over (no --resume) still gives the full, exact output.
    want = reference(coder, src, tmp_path / "want.csv")
    done = runner.invoke(app, ["code", str(src), "-o", str(out), *FLAGS])
    assert done.exit_code == 0, done.output
    assert out.read_bytes() == want


def test_a_checkpoint_written_by_a_killed_run_is_whole(coder, tmp_path):
    """The checkpoint is replaced atomically: a stray temporary file is never read."""
    src = write_jsonl(tmp_path / "in.jsonl", news_docs(30, seed=9))
    want = reference(coder, src, tmp_path / "want.csv")
    out = tmp_path / "out.csv"
    interrupted_run(coder, src, out)
    # A kill while the next checkpoint was being written leaves its temporary file half
    # written; the checkpoint itself is the previous, whole one.
    out.with_name("out.csv.checkpoint.tmp").write_bytes(b'{"docs_done": 9999, "fing')
    resume_in_process(str(src), "-o", str(out), *FLAGS)
    assert out.read_bytes() == want


# -- an input cut short ------------------------------------------------------------------


def test_a_jsonl_input_cut_mid_line_reports_that_line(coder, tmp_path):
    docs = news_docs(25, seed=10)
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    data = src.read_bytes()
    src.write_bytes(data[: len(data) - 25])  # the last record loses its end
    out = tmp_path / "out.csv"
    done = runner.invoke(app, ["code", str(src), "-o", str(out), *FLAGS])
    assert done.exit_code == 0, done.output
    assert "1 document(s) not coded" in done.output
    [error] = [json.loads(line) for line in out.with_name("out.csv.errors.jsonl").open()]
    assert error["location"] == "line 25" and error["kind"] == "malformed"
    whole = write_jsonl(tmp_path / "whole.jsonl", docs[:-1])
    run_batch(BatchConfig(inputs=(str(whole),), output=tmp_path / "want.csv"), coder=coder)
    pd.testing.assert_frame_equal(read_events(out), read_events(tmp_path / "want.csv"))


def test_an_input_cut_between_run_and_resume_is_refused(coder, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", news_docs(30, seed=12))
    out = tmp_path / "out.csv"
    interrupted_run(coder, src, out)
    before = snapshot(tmp_path)
    data = src.read_bytes()
    src.write_bytes(data[: len(data) // 2])
    done = runner.invoke(app, ["code", str(src), "-o", str(out), "--resume"])
    assert done.exit_code != 0
    assert "different run" in str(done.exception) + done.output
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if k != "in.jsonl"} == {
        k: v for k, v in before.items() if k != "in.jsonl"
    }
