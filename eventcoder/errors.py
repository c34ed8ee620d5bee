"""Exceptions raised by eventcoder, each carrying enough context to act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class EventcoderError(Exception):
    """Base class of every error eventcoder raises on purpose."""


class ModelNotFoundError(EventcoderError):
    """No parser model could be loaded; the message says what to install."""


@dataclass(frozen=True, slots=True)
class CodebookIssue:
    """One problem found in a codebook file, located to the line and entry."""

    file: str
    line: int
    entry: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.entry}: {self.message}" if self.entry else f"{where}: {self.message}"
        )


def issues_message(head: str, issues: Iterable[object]) -> str:
    """A heading and one indented line per located issue: how every list error reads."""
    return "\n".join([head, *(f"  {i}" for i in issues)])


class CodebookError(EventcoderError):
    """A codebook failed validation. ``issues`` lists every problem found."""

    def __init__(self, issues: list[CodebookIssue]) -> None:
        self.issues = list(issues)
        head = f"codebook is invalid ({len(self.issues)} problem(s)):"
        super().__init__(issues_message(head, self.issues))


class InputError(EventcoderError):
    """An input document or row could not be read or coded."""
