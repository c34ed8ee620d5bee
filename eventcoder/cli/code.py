"""``eventcoder code``: code a corpus to a table of events, streaming, resumable.

A thin layer over :func:`eventcoder.batch.run_batch`: it turns flags into a
:class:`~eventcoder.batch.BatchConfig`, draws the progress bar, turns Ctrl-C into a
clean stop after the current chunk, and prints the summary. See ``docs/batch.md``.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from eventcoder.cli.common import CodebookOpt, InputFormat, ModelOpt, Split

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from eventcoder.batch import BatchConfig, Summary

EXIT_INTERRUPTED = 130


class Engine(StrEnum):
    local = "local"
    dask = "dask"


_REFRESH = 0.1  # seconds between progress-bar updates


def code(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Input files (text, .jsonl, .csv, .tsv, .parquet; .gz for text formats), "
            "or - for standard input.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Output file; .csv, .jsonl or .parquet."),
    ],
    date: Annotated[
        str | None,
        typer.Option(help="Story date (YYYY-MM-DD) of documents that carry none."),
    ] = None,
    fmt: Annotated[
        InputFormat,
        typer.Option("--format", help="Input format; auto = by extension (stdin: text)."),
    ] = InputFormat.auto,
    split: Annotated[
        Split,
        typer.Option(
            help="Text inputs: one document per file, per blank-line-separated block, or per line."
        ),
    ] = Split.file,
    text_col: Annotated[str, typer.Option(help="Text column / JSON field.")] = "text",
    id_col: Annotated[
        str | None, typer.Option(help="Document id column (default: 'id' if present).")
    ] = None,
    date_col: Annotated[
        str | None, typer.Option(help="Story date column (default: 'date' if present).")
    ] = None,
    encoding: Annotated[str, typer.Option(help="Encoding of text inputs.")] = "utf-8",
    errors: Annotated[
        Path | None,
        typer.Option(help="Errors file, JSONL (default: OUTPUT.errors.jsonl)."),
    ] = None,
    n_process: Annotated[int, typer.Option(help="Parser processes.", min=1)] = 1,
    batch_size: Annotated[int, typer.Option(help="Documents per parser batch.", min=1)] = 64,
    chunk_size: Annotated[
        int, typer.Option(help="Documents per written chunk and checkpoint.", min=1)
    ] = 500,
    no_ner: Annotated[
        bool, typer.Option("--no-ner", help="Skip named-entity recognition (faster).")
    ] = False,
    max_chars: Annotated[
        int, typer.Option(help="Longest document accepted (characters).", min=1)
    ] = 1_000_000,
    emit: Annotated[
        str,
        typer.Option(help="Events to keep: asserted, all, or a comma list of statuses."),
    ] = "asserted",
    resume: Annotated[
        bool, typer.Option(help="Continue an interrupted run from OUTPUT.checkpoint.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
    engine: Annotated[
        Engine, typer.Option(help="Where to code: this machine, or a Dask cluster.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (default: start a LocalCluster)."),
    ] = None,
    dask_workers: Annotated[
        int | None,
        typer.Option(help="LocalCluster worker processes (default: --n-process).", min=1),
    ] = None,
    codebook: CodebookOpt = None,
    model: ModelOpt = None,
) -> None:
    """Code documents to a table of events (one row per event).

    Inputs: text files (one document per file, block or line: --split), JSONL, CSV/TSV

    and Parquet (--text-col, --id-col, --date-col), or - for standard input.

    Rows that cannot be read or coded go to the errors file; the run goes on.

    Output is written and checkpointed chunk by chunk: after a crash or Ctrl-C, run the

    same command with --resume.
    """
    from eventcoder.batch import BatchConfig, CoderSpec, ReadOptions
    from eventcoder.coder import to_date

    statuses = emit if emit in ("asserted", "all") else tuple(s.strip() for s in emit.split(","))
    config = BatchConfig(
        inputs=tuple(inputs),
        output=output,
        read=ReadOptions(
            fmt=fmt.value,
            split=split.value,
            text_col=text_col,
            id_col=id_col,
            date_col=date_col,
            date=to_date(date),
            encoding=encoding,
        ),
        coder=CoderSpec.make(codebook, model, ner=not no_ner, emit=statuses, max_chars=max_chars),
        errors=errors,
        batch_size=batch_size,
        n_process=n_process,
        chunk_size=chunk_size,
        resume=resume,
        engine=engine.value,
        scheduler=scheduler,
        dask_workers=dask_workers,
    )
    console = Console(stderr=True)
    summary = _run(config, console, show_progress=not quiet and console.is_terminal)
    if not quiet:
        console.print(render_summary(summary, config), soft_wrap=True)
    if summary.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


def _run(config: BatchConfig, console: Console, show_progress: bool) -> Summary:
    from eventcoder.batch import run_batch

    stop = threading.Event()
    with _stop_on_sigint(stop), _progress(console, show_progress, stop) as on_progress:
        return run_batch(config, stop=stop, on_progress=on_progress)


@contextmanager
def _stop_on_sigint(stop: threading.Event) -> Iterator[None]:
    """First Ctrl-C: finish the current chunk, checkpoint, exit. Second: abort now."""

    def handler(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _progress(
    console: Console, show: bool, stop: threading.Event
) -> Iterator[Callable[[Summary], None] | None]:
    """A live progress line (documents, documents/s, events, errors), if wanted."""
    if not show:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("[bold]{task.fields[docs]:,}[/] docs"),
        TextColumn("{task.fields[rate]:,.1f} docs/s"),
        TextColumn("[green]{task.fields[events]:,}[/] events"),
        TextColumn("{task.fields[errors]}"),
        TimeElapsedColumn(),
        console=console,
        auto_refresh=False,  # no refresh thread: worker processes are forked from here
    )
    task = progress.add_task("coding", total=None, docs=0, rate=0.0, events=0, errors="")
    last = 0.0
    latest: list[Summary] = []

    def update(s: Summary, force: bool = False) -> None:
        nonlocal last
        now = time.monotonic()
        if not latest:
            latest.append(s)
        if now - last < _REFRESH and not force:
            return
        last = now
        progress.update(
            task,
            description=_status(stop.is_set(), done=force),
            docs=s.documents,
            rate=s.docs_per_second,
            events=s.events,
            errors=f"[red]{s.errors:,} errors[/]" if s.errors else "0 errors",
        )
        progress.refresh()

    with progress:
        yield update
        if latest:  # the final numbers, not the last throttled ones
            update(latest[0], force=True)


def _status(stopping: bool, done: bool) -> str:
    if done:
        return "stopped" if stopping else "done"
    return "stopping (finishing the documents in hand)" if stopping else "coding"


def render_summary(s: Summary, config: BatchConfig) -> str:
    """The end-of-run report: totals, speed, where the output and errors went."""
    head = (
        f"documents {s.documents:,}  sentences {s.sentences:,}  events {s.events:,}  "
        f"errors {s.errors:,}  elapsed {s.elapsed:.1f} s"
    )
    done_here = s.documents - s.resumed_from
    if s.elapsed > 0 and done_here:
        head += f" ({s.docs_per_second:,.1f} docs/s)"
    lines = [head]
    if s.resumed_from:
        lines.append(f"resumed after {s.resumed_from:,} documents")
    if s.complete and s.elapsed == 0 and not done_here:
        lines.append(f"{config.output} was already complete (see {config.checkpoint_path})")
    elif s.complete:
        lines.append(f"-> {config.output}")
    if s.errors:
        lines.append(f"[yellow]{s.errors:,} document(s) not coded: see {s.errors_path}[/]")
    if s.interrupted:
        lines.append(
            f"[yellow]interrupted after {s.documents:,} documents; run the same command "
            "with --resume to continue[/]"
        )
    return "\n".join(lines)
