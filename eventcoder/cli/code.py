"""``eventcoder code``: code documents to a table of events."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from eventcoder.cli.common import CodebookOpt, ModelOpt, make_coder


def code(
    inputs: Annotated[list[Path], typer.Argument(help="Text files; each file is one document.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV file to write.")],
    date: Annotated[
        str | None, typer.Option(help="Story date (YYYY-MM-DD) for all inputs.")
    ] = None,
    codebook: CodebookOpt = None,
    model: ModelOpt = None,
) -> None:
    """Code text files to a CSV of events (one row per event)."""
    from eventcoder.coder import Document, to_date
    from eventcoder.records import events_to_frame

    coder = make_coder(codebook, model)
    day = to_date(date)
    docs = []
    for path in inputs:
        try:
            docs.append(Document(path.read_text(encoding="utf-8"), day, path.stem))
        except (OSError, UnicodeDecodeError) as exc:
            raise typer.BadParameter(f"cannot read {path}: {exc}") from exc
    events = [e for batch in coder.code_many(docs) for e in batch]
    events_to_frame(events).to_csv(output, index=False)
    Console(stderr=True).print(f"{len(docs)} documents, {len(events)} events -> {output}")
