"""The batch runner: read -> code -> write in chunks, with a checkpoint after each chunk.

:func:`run_batch` is what ``eventcoder code`` calls. It streams documents from the
readers through an engine (this process, a pool of worker processes, or a Dask
cluster) and groups the results into chunks of ``chunk_size`` input documents. Each
chunk is appended to the output and the errors file, fsynced, and only then recorded
in the checkpoint, so a run can be killed at any instant and resumed
(``resume=True``) without losing or repeating a row.

Setting the ``stop`` event (the CLI does on Ctrl-C) stops *reading*: the documents
already handed to the engine are coded and written, the checkpoint is saved, and the
run returns with ``interrupted`` set. Draining rather than abandoning the engine is
what lets worker processes shut down cleanly.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.batch.checkpoint import (
    Checkpoint,
    check_fingerprint,
    checkpoint_path,
    load_checkpoint,
    save_checkpoint,
)
from eventcoder.batch.engine import (
    CoderSpec,
    code_parallel,
    code_stream,
    coder_for,
    warm_up,
)
from eventcoder.batch.items import DocResult, InputDoc
from eventcoder.batch.readers import STDIN, ReadOptions, check_inputs, read_inputs
from eventcoder.batch.writers import AppendFile, Writer, open_writer, output_format
from eventcoder.errors import InputError

if TYPE_CHECKING:
    from eventcoder.coder import Coder

ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """Everything that defines a batch run (the ``eventcoder code`` flags).

    ``batch_size``, ``n_process``, ``chunk_size`` and the engine only change how fast
    the run goes, never its output, so they may differ between a run and its resume.
    """

    inputs: tuple[str, ...]
    output: Path
    read: ReadOptions = field(default_factory=ReadOptions)
    coder: CoderSpec = field(default_factory=CoderSpec)
    errors: Path | None = None
    batch_size: int = 64
    n_process: int = 1
    chunk_size: int = 500
    resume: bool = False
    engine: str = "local"
    scheduler: str | None = None
    dask_workers: int | None = None

    def __post_init__(self) -> None:
        if not self.inputs:
            raise InputError("no inputs given")
        if self.engine not in ENGINES:
            raise InputError(f"unknown engine {self.engine!r} (choose from {ENGINES})")
        for name in ("batch_size", "n_process", "chunk_size"):
            if getattr(self, name) < 1:
                raise InputError(f"{name.replace('_', '-')} must be at least 1")
        output_format(self.output)  # fail now on an unknown extension

    @property
    def errors_path(self) -> Path:
        """Where unreadable / uncodable rows go: ``OUTPUT.errors.jsonl`` by default."""
        return self.errors or self.output.with_name(self.output.name + ".errors.jsonl")

    @property
    def checkpoint_path(self) -> Path:
        return checkpoint_path(self.output)

    def fingerprint(self) -> dict[str, Any]:
        """What must not change between a run and its resume (inputs, options, coder)."""
        return {
            "inputs": [_input_identity(name) for name in self.inputs],
            "read": self.read.fingerprint(),
            "coder": self.coder.fingerprint(),
            "output_format": output_format(self.output),
        }


@dataclass(slots=True)
class Summary:
    """Totals of a run, cumulative over resumes; updated live while the run goes on."""

    output: Path
    errors_path: Path
    documents: int = 0
    sentences: int = 0
    events: int = 0
    errors: int = 0
    resumed_from: int = 0
    elapsed: float = 0.0
    total_elapsed: float = 0.0
    interrupted: bool = False
    complete: bool = False

    @property
    def docs_per_second(self) -> float:
        """Documents coded per second by this run (not counting resumed-from ones)."""
        done = self.documents - self.resumed_from
        return done / self.elapsed if self.elapsed > 0 else 0.0

    @classmethod
    def from_checkpoint(cls, config: BatchConfig, ckpt: Checkpoint) -> Summary:
        """Totals so far: zero for a fresh run, the checkpoint's for a resumed one."""
        return cls(
            config.output,
            config.errors_path,
            documents=ckpt.docs_done,
            sentences=ckpt.sentences,
            events=ckpt.events,
            errors=ckpt.errors,
            resumed_from=ckpt.docs_done,
            total_elapsed=ckpt.elapsed,
            complete=ckpt.complete,
        )

    def add(self, result: DocResult) -> None:
        self.documents += 1
        self.sentences += result.n_sentences
        self.events += len(result.rows)
        self.errors += result.error is not None


def run_batch(
    config: BatchConfig,
    *,
    coder: Coder | None = None,
    stop: threading.Event | None = None,
    on_progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Run (or resume) a batch job; return its summary.

    ``coder`` reuses an already loaded coder for the local engine (tests, notebooks);
    otherwise one is built from ``config.coder``. ``on_progress`` is called with the
    live summary after every document.
    """
    ckpt = _starting_checkpoint(config)
    summary = Summary.from_checkpoint(config, ckpt)
    if ckpt.complete:
        return summary
    check_inputs(config.inputs, config.read)
    # Everything that can refuse a resume runs before the first change on disk.
    outputs = _Outputs.check(config, ckpt)
    docs = _skip_done(read_inputs(config.inputs, config.read), ckpt, config.checkpoint_path)
    if config.engine == "local":
        # Load the model (and everything built lazily) before the clock starts.
        coder = coder_for(config.coder) if coder is None else coder
        warm_up(coder)
    try:
        outputs.start()
        cut = _Cut()
        results = _engine(config, cut.until(stop or threading.Event(), docs), coder)
        _code_and_write(config, results, outputs, summary, on_progress)
        if cut.happened:
            summary.interrupted = True
        else:
            outputs.finish()
            summary.complete = True
    finally:
        outputs.close()
    summary.total_elapsed = ckpt.elapsed
    return summary


def _code_and_write(
    config: BatchConfig,
    results: Generator[DocResult, None, None],
    outputs: _Outputs,
    summary: Summary,
    on_progress: Callable[[Summary], None] | None,
) -> None:
    """Drain the engine, committing every ``chunk_size`` results (and the rest at the end)."""
    live = Summary.from_checkpoint(config, outputs.ckpt)
    start = time.perf_counter()
    chunk: list[DocResult] = []
    try:
        for result in results:
            chunk.append(result)
            if on_progress is not None:
                live.add(result)
                live.elapsed = time.perf_counter() - start
                on_progress(live)
            if len(chunk) >= config.chunk_size:
                outputs.commit(chunk, summary, time.perf_counter() - start)
        outputs.commit(chunk, summary, time.perf_counter() - start)
    finally:
        results.close()


def _skip_done(docs: Iterator[InputDoc], ckpt: Checkpoint, path: Path) -> Iterator[InputDoc]:
    """The documents after the ``docs_done`` a resumed run skips (none for a fresh run).

    Skipped now, before anything on disk changes: a checkpoint that counts more
    documents than the inputs hold belongs to some other run, and is refused.
    """
    done = ckpt.docs_done
    skipped = sum(1 for _ in itertools.islice(docs, done))
    if skipped < done:
        raise InputError(
            f"cannot read the checkpoint {path}: it counts {done} documents done but the "
            f"inputs hold {skipped}; start over without --resume"
        )
    return docs


def _starting_checkpoint(config: BatchConfig) -> Checkpoint:
    """The checkpoint to resume from (checked against this run), or a fresh one."""
    fingerprint = config.fingerprint()
    if not config.resume:
        return Checkpoint(fingerprint)
    ckpt = load_checkpoint(config.checkpoint_path)
    check_fingerprint(ckpt, fingerprint, config.checkpoint_path)
    return ckpt


@dataclass(slots=True)
class _Outputs:
    """The output, the errors file and the checkpoint, advanced together chunk by chunk."""

    writer: Writer
    errors: AppendFile
    ckpt: Checkpoint
    ckpt_file: Path
    elapsed_before: float
    resume: bool

    @classmethod
    def check(cls, config: BatchConfig, ckpt: Checkpoint) -> _Outputs:
        """The outputs of this run; on resume, checked against the checkpoint.

        Nothing on disk changes here (that is :meth:`start`), so a resume refused
        because the output or the errors file no longer matches destroys nothing.
        """
        resume = config.resume
        writer = open_writer(config.output, ckpt.output_state if resume else None)
        errors_at = (ckpt.errors_bytes, ckpt.errors_sha256) if resume else None
        errors = AppendFile(config.errors_path, errors_at)
        return cls(writer, errors, ckpt, config.checkpoint_path, ckpt.elapsed, resume)

    def start(self) -> None:
        """Cut the files back to the checkpoint (resume) or start afresh, checkpointed."""
        self.ckpt_file.parent.mkdir(parents=True, exist_ok=True)
        if not self.resume:
            # Forget the old run first: a kill while the output is being reset must
            # not leave a checkpoint that vouches for the output it described.
            self.ckpt_file.unlink(missing_ok=True)
        self.writer.start()
        self.errors.start()
        if not self.resume:
            self.ckpt.output_state = self.writer.state()
            save_checkpoint(self.ckpt_file, self.ckpt)

    def commit(self, chunk: list[DocResult], summary: Summary, elapsed: float) -> None:
        """Write one chunk (events, then errors, both fsynced), then the checkpoint."""
        self.writer.write([row for r in chunk for row in r.rows])
        self.errors.append(_error_lines(chunk))
        for r in chunk:
            summary.add(r)
        summary.elapsed = elapsed
        ckpt = self.ckpt
        ckpt.docs_done = summary.documents
        ckpt.sentences = summary.sentences
        ckpt.events = summary.events
        ckpt.errors = summary.errors
        ckpt.output_state = self.writer.state()
        ckpt.errors_bytes = self.errors.size
        ckpt.errors_sha256 = self.errors.sha256
        ckpt.elapsed = self.elapsed_before + elapsed
        save_checkpoint(self.ckpt_file, ckpt)
        chunk.clear()

    def finish(self) -> None:
        """Finalize the output, mark the checkpoint complete, drop resume-only files."""
        self.writer.finalize()
        self.ckpt.output_state = self.writer.state()
        self.ckpt.complete = True
        save_checkpoint(self.ckpt_file, self.ckpt)
        self.writer.cleanup()

    def close(self) -> None:
        self.errors.close()


class _Cut:
    """Stops the input at a stop request, and remembers whether anything was left."""

    def __init__(self) -> None:
        self.happened = False

    def until(self, stop: threading.Event, docs: Iterator[InputDoc]) -> Iterator[InputDoc]:
        for doc in docs:
            if stop.is_set():
                self.happened = True  # this document and the rest wait for --resume
                return
            yield doc


def _error_lines(chunk: list[DocResult]) -> bytes:
    lines = [json.dumps(r.error_record(), ensure_ascii=False) for r in chunk if r.error]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _engine(
    config: BatchConfig, docs: Iterator[InputDoc], coder: Coder | None
) -> Generator[DocResult, None, None]:
    if config.engine == "dask":
        from eventcoder.dask import code_on_cluster

        return code_on_cluster(
            docs,
            config.coder,
            scheduler=config.scheduler,
            n_workers=config.dask_workers or config.n_process,
            batch_size=config.batch_size,
            task_size=min(config.chunk_size, 4 * config.batch_size),
        )
    assert coder is not None
    if config.n_process > 1:
        return code_parallel(
            coder, docs, spec=config.coder, n_process=config.n_process, batch_size=config.batch_size
        )
    return code_stream(coder, docs, batch_size=config.batch_size)


def _input_identity(name: str) -> dict[str, Any]:
    if name == STDIN:
        return {"name": STDIN, "size": None}
    path = Path(name)
    size = path.stat().st_size if path.exists() else None
    return {"name": os.path.abspath(name), "size": size}
