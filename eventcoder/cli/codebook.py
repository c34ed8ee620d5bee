"""``eventcoder codebook ...``: validate codebooks, import PETRARCH dictionaries."""

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


@app.command("import-petrarch")
def codebook_import_petrarch(
    source: Annotated[
        Path,
        typer.Argument(
            help="Folder with the PETRARCH-2 dictionaries (CAMEO.2.0.txt, Phoenix.*.txt)."
        ),
    ],
    outdir: Annotated[Path, typer.Argument(help="Codebook folder to write.")],
    standalone: Annotated[
        bool,
        typer.Option("--standalone", help="Do not extend cameo: copy the CAMEO taxonomy instead."),
    ] = False,
    extends: Annotated[
        str, typer.Option("--extends", help="Codebook to extend (name or folder).")
    ] = "cameo",
    name: Annotated[str, typer.Option("--name", help="Name in the manifest.")] = "petrarch",
    verbs: Annotated[
        Path | None,
        typer.Option(
            "--verbs", help="Verb dictionary instead of SOURCE/CAMEO.2.0.txt (PETRARCH-1 too)."
        ),
    ] = None,
    actors: Annotated[
        list[Path] | None,
        typer.Option("--actors", help="Actor dictionary (repeat); replaces SOURCE's three."),
    ] = None,
    agents: Annotated[Path | None, typer.Option("--agents", help="Agents dictionary.")] = None,
    discards: Annotated[
        Path | None, typer.Option("--discards", help="Discards dictionary.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing codebook in OUTDIR.")
    ] = False,
) -> None:
    """Convert PETRARCH-2 dictionaries into a YAML codebook, reporting what was not.

    Counts of converted entries and of skipped entries by reason are printed; every
    skipped entry (file:line: entry: reason) is listed in OUTDIR/import-report.txt.
    """
    from eventcoder.codebook.petrarch import REPORT_FILE, Sources, import_petrarch
    from eventcoder.errors import EventcoderError

    if not source.is_dir():
        typer.echo(f"{source}: not a folder", err=True)
        raise typer.Exit(2)
    found = Sources.from_dir(source)
    sources = Sources(
        verbs=verbs or found.verbs,
        actors=tuple(actors) if actors else found.actors,
        agents=agents or found.agents,
        discards=discards or found.discards,
    )
    missing = [p for p in sources.all() if not p.is_file()]
    if missing:
        typer.echo(f"not found: {', '.join(map(str, missing))}", err=True)
        raise typer.Exit(2)
    try:
        report = import_petrarch(
            sources, outdir, extends=None if standalone else extends, name=name, force=force
        )
    except EventcoderError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(report.summary())
    typer.echo(f"every skipped entry: {outdir / REPORT_FILE}")
    typer.echo(f"check it with: eventcoder codebook validate {outdir}")
