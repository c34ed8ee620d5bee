"""``eventcoder codebook ...``: validate (and, later, import) codebooks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, help="Work with codebooks.")


@app.command("validate")
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
