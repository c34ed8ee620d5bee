"""Reading PETRARCH dictionary files: lines, encodings and comments.

The files are meant to be ASCII, but the Countries file mixes UTF-8 and Latin-1 (names
pasted from different sources), so each line is decoded on its own.
"""

from __future__ import annotations

from pathlib import Path


def read_lines(path: Path) -> list[str]:
    """The file's lines without line ends; UTF-8 where it decodes, else Latin-1."""
    out = []
    for raw in path.read_bytes().splitlines():
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("latin-1"))
    return out


def split_comment(line: str) -> tuple[str, str]:
    """``text # comment`` -> (text, comment); ``#`` starts a comment anywhere."""
    text, _, comment = line.partition("#")
    return text, comment.strip()
