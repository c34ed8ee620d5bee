"""``eventcoder explain``: how a sentence is coded, or why it is not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eventcoder.cli.common import CodebookOpt, ModelOpt, make_coder


def explain(
    sentence: Annotated[str, typer.Argument(help="A sentence or short text to explain.")],
    date: Annotated[str | None, typer.Option(help="Story date (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Also write the visual view (highlighted source, event, target) to this file.",
        ),
    ] = None,
    codebook: CodebookOpt = None,
    model: ModelOpt = None,
) -> None:
    """Show how a sentence is coded: parse, frames, actors, patterns, and why not."""
    from eventcoder.explain import render_text
    from eventcoder.visual import render

    coder = make_coder(codebook, model)
    report = coder.explain(sentence, date=date)
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        typer.echo(render_text(report))
    if html is not None:
        render(report, title="eventcoder explain").save(html)
        typer.echo(f"-> {html}", err=True)
