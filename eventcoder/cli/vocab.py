"""``eventcoder vocab``: the predicates and names a corpus uses that the codebook misses."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eventcoder.cli.common import CodebookOpt, InputFormat, ModelOpt, Split, make_coder

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator


class What(StrEnum):
    both = "both"
    predicates = "predicates"
    names = "names"


def vocab(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Corpus files: text, .jsonl (field 'text'), .csv/.tsv, .parquet; - for stdin.",
            show_default=False,
        ),
    ],
    top: Annotated[int, typer.Option(help="How many of each list to show.", min=1)] = 50,
    min_count: Annotated[int, typer.Option(help="Leave out entries seen fewer times.", min=1)] = 1,
    what: Annotated[What, typer.Option(help="Predicates, names, or both.")] = What.both,
    examples: Annotated[
        int, typer.Option(help="Example sentences kept per entry (JSON output).", min=0)
    ] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON report to this file.")
    ] = None,
    fmt: Annotated[
        InputFormat, typer.Option("--format", help="Input format; auto = by extension.")
    ] = InputFormat.auto,
    split: Annotated[
        Split, typer.Option(help="Text inputs: one document per file, blank-line block or line.")
    ] = Split.file,
    text_col: Annotated[str, typer.Option(help="Text column / JSON field.")] = "text",
    codebook: CodebookOpt = None,
    model: ModelOpt = None,
) -> None:
    """List the most frequent predicates and names no pattern or actor entry covered.

    Like PETRARCH's null-verbs and null-actors modes: predicates (lemma + object) that
    no pattern bound, most frequent with an actor argument first, and capitalised
    names that resolved to no actor. Use it to see what to add to a codebook.
    """
    from eventcoder.batch.readers import ReadOptions, check_inputs, read_inputs
    from eventcoder.vocab import render_table, unmatched_vocab

    options = ReadOptions(fmt=fmt.value, split=split.value, text_col=text_col)
    check_inputs(inputs, options)
    skipped = 0

    def documents() -> Iterator[tuple[str, dt.date | None]]:
        nonlocal skipped
        for doc in read_inputs(inputs, options):
            if doc.error is not None or doc.text is None:
                skipped += 1
                continue
            yield doc.text, doc.date

    coder = make_coder(codebook, model)
    report = unmatched_vocab(coder, documents(), top=top, min_count=min_count, examples=examples)
    report.skipped = skipped
    if what is not What.both:
        if what is What.predicates:
            report.names = []
        else:
            report.predicates = []
    data = report.to_dict()
    if output is not None:
        output.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo(render_table(report, what.value))
