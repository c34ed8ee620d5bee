"""Options and helpers shared by the command modules."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from eventcoder.coder import Coder


class InputFormat(StrEnum):
    """Input formats of the corpus commands; ``auto`` goes by file extension."""

    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    parquet = "parquet"


class Split(StrEnum):
    """How a text input is cut into documents: whole file, blank-line block or line."""

    file = "file"
    blank = "blank"
    line = "line"


CodebookOpt = Annotated[
    str | None,
    typer.Option("--codebook", "-c", help="Codebook directory or shipped codebook name."),
]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy model name or path.")]


def make_coder(codebook: str | None, model: str | None, **kwargs: object) -> Coder:
    """A :class:`~eventcoder.coder.Coder` from command-line options."""
    from eventcoder.coder import Coder

    return Coder(codebook=codebook, model=model, **kwargs)  # type: ignore[arg-type]
