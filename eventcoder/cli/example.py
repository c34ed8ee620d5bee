"""``eventcoder example``: code the bundled example article (the main job)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from eventcoder.cli.common import CodebookOpt, ModelOpt, make_coder

if TYPE_CHECKING:
    from eventcoder.records import Event

EXAMPLE_DATE = "2017-12-07"


def example_text() -> str:
    """The bundled example article (written by the eventcoder team)."""
    return resources.files("eventcoder").joinpath("data/example_article.txt").read_text("utf-8")


def events_table(events: list[Event]) -> Table:
    """A terminal table of events: source, code, target, name, reporter, evidence."""
    table = Table(show_lines=False)
    for col in ("sent", "source", "code", "target", "event", "reported by", "evidence"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(
            str(e.sentence_index),
            (e.source.code or "?") if e.source else "",
            e.code,
            (e.target.code or "?") if e.target else "",
            e.name,
            (e.reported_by.code or "") if e.reported_by else "",
            e.predicate,
        )
    return table


def example(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the events to this CSV.")
    ] = None,
    codebook: CodebookOpt = None,
    model: ModelOpt = None,
) -> None:
    """Code the bundled example article (story date 2017-12-07) and show the events."""
    coder = make_coder(codebook, model)
    events = coder.code(example_text(), date=EXAMPLE_DATE, doc_id="example")
    console = Console()
    console.print(events_table(events))
    console.print(f"{len(events)} events from the bundled example article ({EXAMPLE_DATE}).")
    if output is not None:
        from eventcoder.records import events_to_frame

        events_to_frame(events).to_csv(output, index=False)
        console.print(f"wrote {output}")
