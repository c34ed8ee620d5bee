"""The ``eventcoder`` command line.

``eventcoder example``                 code the bundled example article (the main job)
``eventcoder code FILE... -o out.csv`` code text files to CSV
``eventcoder explain "sentence"``      show how a sentence is coded, or why not
``eventcoder codebook validate PATH``  check a codebook; exit 1 on errors
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from eventcoder.errors import EventcoderError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Code political events (CAMEO / PLOVER / ACLED) from news text.",
)
codebook_app = typer.Typer(no_args_is_help=True, help="Work with codebooks.")
app.add_typer(codebook_app, name="codebook")

EXAMPLE_DATE = "2017-12-07"

CodebookOpt = Annotated[
    str | None,
    typer.Option("--codebook", "-c", help="Codebook directory or shipped codebook name."),
]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy model name or path.")]


def example_text() -> str:
    """The bundled example article (written by the eventcoder team)."""
    return resources.files("eventcoder").joinpath("data/example_article.txt").read_text("utf-8")


def _coder(codebook: str | None, model: str | None, emit: str = "asserted"):
    from eventcoder.coder import Coder

    return Coder(codebook=codebook, model=model, emit=emit)


def _events_table(events: list) -> Table:
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


@app.command()
def example(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the events to this CSV.")
    ] = None,
    codebook: CodebookOpt = None,
    model: ModelOpt = None,
) -> None:
    """Code the bundled example article (story date 2017-12-07) and show the events."""
    coder = _coder(codebook, model)
    events = coder.code(example_text(), date=EXAMPLE_DATE, doc_id="example")
    console = Console()
    console.print(_events_table(events))
    console.print(f"{len(events)} events from the bundled example article ({EXAMPLE_DATE}).")
    if output is not None:
        from eventcoder.records import events_to_frame

        events_to_frame(events).to_csv(output, index=False)
        console.print(f"wrote {output}")


@app.command()
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

    coder = _coder(codebook, model)
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


@app.command()
def explain(
    sentence: Annotated[str, typer.Argument(help="A sentence or short text to explain.")],
    date: Annotated[str | None, typer.Option(help="Story date (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
    codebook: CodebookOpt = None,
    model: ModelOpt = None,
) -> None:
    """Show how a sentence is coded: parse, frames, actors, patterns, and why not."""
    from eventcoder.explain import render_text

    coder = _coder(codebook, model)
    report = coder.explain(sentence, date=date)
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        typer.echo(render_text(report))


@codebook_app.command("validate")
def codebook_validate(
    path: Annotated[str, typer.Argument(help="Codebook directory (or shipped codebook name).")],
) -> None:
    """Validate a codebook: list every problem with file, line and entry.

    PATH may also be a directory of codebooks (``codebooks/``): each is validated.
    """
    from eventcoder.codebook.loader import MANIFEST, validate_codebook

    root = Path(path)
    books = [root]
    if root.is_dir() and not (root / MANIFEST).exists():
        books = sorted(p.parent for p in root.glob(f"*/{MANIFEST}")) or [root]
    failed = 0
    for book in books:
        issues = validate_codebook(book if book.exists() else path)
        errors = [i for i in issues if not i.message.startswith("warning:")]
        for issue in issues:
            typer.echo(str(issue))
        if errors:
            failed += len(errors)
        else:
            typer.echo(f"{book}: valid")
    if failed:
        typer.echo(f"{failed} error(s)", err=True)
        raise typer.Exit(1)


def main() -> None:
    """Console entry point: run the app, turning eventcoder errors into messages."""
    try:
        app()
    except EventcoderError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
