"""Small conversions the external-format readers share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from eventcoder.evaluate.gold import GoldError, GoldIssue

#: How other coders write "no actor".
_NO_ACTOR = frozenset({"", "-", "--", "---", "_", "none", "null"})

_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y")


def actor_code(value: str | None) -> str | None:
    """An actor code, or ``None`` for the placeholders other coders use for "none"."""
    if value is None:
        return None
    value = value.strip()
    return None if value.lower() in _NO_ACTOR else value


def iso_date(value: str | None) -> str | None:
    """ISO ``YYYY-MM-DD`` from the date spellings of other formats.

    Returns the input unchanged when no spelling fits, so record validation reports it
    with its location instead of the reader guessing.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text


def read_text(path: Path) -> str:
    """A gold file's text; unreadable files are a located :class:`GoldError`."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError([GoldIssue(str(path), 0, "", f"cannot read: {exc}")]) from exc


def split_tags(value: str | None) -> list[str]:
    """Tags written as ``a, b`` or ``a b``."""
    if not value:
        return []
    return [t for t in value.replace(",", " ").split() if t]
