"""The ``eventcoder`` command line; each command group lives in its own module.

``eventcoder example``                 code the bundled example article (the main job)
``eventcoder code FILE... -o out.csv`` code a corpus to CSV
``eventcoder explain "sentence"``      show how a sentence is coded, or why not
``eventcoder codebook validate PATH``  check a codebook; exit 1 on errors
``eventcoder evaluate GOLD``           P/R/F1 against gold annotations, reports
``eventcoder vocab CORPUS...``         predicates and names the codebook does not cover
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

from eventcoder.cli import code as _code
from eventcoder.cli import codebook as _codebook
from eventcoder.cli import evaluate as _evaluate
from eventcoder.cli import example as _example
from eventcoder.cli import explain as _explain
from eventcoder.cli import vocab as _vocab
from eventcoder.errors import EventcoderError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Code political events (CAMEO / PLOVER / ACLED) from news text.",
)
app.command()(_example.example)
app.command()(_code.code)
app.command()(_explain.explain)
app.command(cls=_evaluate.EvaluateCommand)(_evaluate.evaluate)
app.command()(_vocab.vocab)
app.add_typer(_codebook.app, name="codebook")


def main() -> None:
    """Console entry point: run the app, turning expected failures into one-line messages.

    Eventcoder errors (bad input, a refused resume) and OS errors (a full disk, a
    read-only directory) are the user's to fix, not bugs: a traceback would bury the
    one line that says what and where.
    """
    try:
        app()
    except EventcoderError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(os_error_text(exc))


def os_error_text(exc: OSError) -> str:
    """``path: reason`` (both paths for a rename), or the error's own text if it names none."""
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    if not names or not exc.strerror:
        return str(exc)
    return ": ".join([*names, exc.strerror])


def _fail(message: str) -> NoReturn:
    """Print ``error: message`` on stderr, unwrapped and as plain text, and exit with 2."""
    Console(stderr=True).print(Text.assemble(("error:", "red"), " ", message), soft_wrap=True)
    sys.exit(2)
