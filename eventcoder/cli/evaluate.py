"""``eventcoder evaluate``: score the coder (or compare two codebooks) against gold."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperCommand

from eventcoder.cli.common import CodebookOpt, ModelOpt, make_coder

if TYPE_CHECKING:
    from eventcoder.coder import Coder


class EvaluateCommand(TyperCommand):
    """The ``evaluate`` command, where ``--json`` without a value means stdout.

    Click options cannot take an optional value, so a bare ``--json`` (last, or followed
    by another option) gets ``-`` inserted before parsing.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, json_to_stdout(args))


def json_to_stdout(args: list[str]) -> list[str]:
    """``--json`` with no value becomes ``--json -``."""
    out = []
    for i, arg in enumerate(args):
        out.append(arg)
        following = args[i + 1] if i + 1 < len(args) else "--"
        if arg == "--json" and following.startswith("-") and following != "-":
            out.append("-")
    return out


GOLD_SUFFIXES = (".jsonl", ".json", ".xml", ".csv", ".conllu", ".conll")


def gold_file(gold: Path, split: str | None) -> Path:
    """The gold file: GOLD itself, or ``SPLIT.*`` inside the GOLD directory (default dev).

    A directory defaults to the ``dev`` split so that nobody scores (and tunes on)
    ``test`` by accident.
    """
    if not gold.is_dir():
        if split:
            raise typer.BadParameter(
                "--split picks a file inside a gold directory", param_hint="--split"
            )
        return gold
    name = split or "dev"
    found = [p for p in sorted(gold.glob(f"{name}.*")) if p.suffix in GOLD_SUFFIXES]
    if not found:
        splits = sorted({p.stem for p in gold.iterdir() if p.suffix in GOLD_SUFFIXES})
        raise typer.BadParameter(
            f"no split {name!r} in {gold} (splits: {', '.join(splits) or 'none'})",
            param_hint="--split",
        )
    return found[0]


def evaluate(
    gold: Annotated[
        Path, typer.Argument(help="Gold file, or a gold directory (then --split picks the file).")
    ],
    split: Annotated[
        str | None, typer.Option(help="Split inside a gold directory: dev (default), test...")
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="gold, petrarch, plover, acled or conllu (default: detected)."
        ),
    ] = None,
    codebook: CodebookOpt = None,
    model: ModelOpt = None,
    report: Annotated[
        Path | None, typer.Option(help="Write a self-contained HTML report to this file.")
    ] = None,
    json_out: Annotated[
        str | None,
        typer.Option(
            "--json",
            help="Write the full results as JSON to this file (--json alone or -: stdout).",
        ),
    ] = None,
    markdown: Annotated[
        bool,
        typer.Option(
            "--markdown",
            help="Print the level table (and date/location accuracy) as Markdown (for the README).",
        ),
    ] = False,
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option(
            help="Compare two codebooks (paths or shipped names; 'baseline' = shipped default).",
            metavar="A B",
        ),
    ] = None,
    resamples: Annotated[
        int, typer.Option(help="Bootstrap resamples for the 95% intervals (0: none).")
    ] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap.")] = 20240607,
    errors: Annotated[int, typer.Option(help="Wrong records to print in the terminal.")] = 10,
    batch_size: Annotated[int, typer.Option(help="Texts parsed per batch.")] = 32,
) -> None:
    """Score the coder against gold: P/R/F1 per level with 95% bootstrap intervals.

    Prints a table per level by default; --markdown prints the README table, --json the
    full results, --report writes the HTML report. --compare A B scores two codebooks.
    """
    from eventcoder.evaluate import report as report_mod
    from eventcoder.evaluate import text
    from eventcoder.evaluate.compare import compare as run_compare
    from eventcoder.evaluate.gold import GoldError
    from eventcoder.evaluate.scorer import evaluate as run

    if compare and codebook:
        raise typer.BadParameter(
            "give the codebooks to --compare, not --codebook", param_hint="--codebook"
        )
    path = gold_file(gold, split)
    if markdown and json_out == "-":
        raise typer.BadParameter("stdout takes --markdown or --json, not both", param_hint="--json")
    out = Outputs(report, json_out, markdown)
    try:
        if compare:
            a, b = _coder_pair(compare, model)
            result = run_compare(
                a,
                b,
                path,
                format=format,
                names=compare,
                resamples=resamples,
                seed=seed,
                batch_size=batch_size,
            )
            out.emit(
                result.to_dict(),
                lambda p: report_mod.write_compare_report(result, p),
                lambda: text.compare_markdown(result),
                lambda c: text.render_compare(result, c, errors=errors),
            )
        else:
            coder = make_coder(codebook, model)
            single = run(
                coder, path, format=format, resamples=resamples, seed=seed, batch_size=batch_size
            )
            out.emit(
                single.to_dict(),
                lambda p: report_mod.write_report(single, p),
                lambda: text.markdown(single),
                lambda c: text.render(single, c, errors=errors),
            )
    except GoldError as exc:
        for issue in exc.issues:
            typer.echo(str(issue), err=True)
        typer.echo(f"{len(exc.issues)} problem(s) in the gold data", err=True)
        raise typer.Exit(1) from exc


@dataclass(frozen=True, slots=True)
class Outputs:
    """Where the results go: HTML report, JSON, Markdown or the terminal tables."""

    report: Path | None
    json_out: str | None
    markdown: bool

    def emit(
        self,
        data: dict[str, Any],
        write_html: Callable[[Path], object],
        to_markdown: Callable[[], str],
        to_terminal: Callable[[Console], None],
    ) -> None:
        """Write the requested outputs; stdout gets JSON, Markdown or the tables."""
        err = Console(stderr=True)
        if self.report:
            write_html(self.report)
            err.print(f"report -> {self.report}")
        if self.json_out:
            dump = json.dumps(data, indent=2, ensure_ascii=False, default=str)
            if self.json_out == "-":
                typer.echo(dump)
            else:
                Path(self.json_out).write_text(dump + "\n", encoding="utf-8")
                err.print(f"json -> {self.json_out}")
        if self.markdown:
            typer.echo(to_markdown())
        elif self.json_out != "-":
            to_terminal(Console())


def _coder_pair(names: tuple[str, str], model: str | None) -> tuple[Coder, Coder]:
    """Two coders sharing one parser: A, and B (``baseline`` resolved)."""
    from eventcoder.evaluate.compare import codebook_spec

    a = make_coder(codebook_spec(names[0]), model)
    b = make_coder(codebook_spec(names[1]), model, nlp=a.nlp)
    return a, b
