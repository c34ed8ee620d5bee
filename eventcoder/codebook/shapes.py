"""The shapes codebook entries must have before anything reads them.

The compiler reads a codebook with ``str()``, ``int()``, iteration and ``.items()``:
a number where a list of words is expected, or a list where a word is, would crash
it with a bare ``TypeError`` far from the line that caused it. Each section declares
here the shape the compiler expects; :func:`conform` reports every value of the wrong
type (with the value to locate it by) and returns the entry without the parts that
hold them, so the other checks and the compiler only ever see what they can read.

``None`` (an empty YAML value) is an empty list or mapping, and an absent field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eventcoder.codebook.yamlfile import line_of

#: (the value to take the line from, the path inside the entry, the message)
Problem = tuple[Any, str, str]


@dataclass(frozen=True, slots=True)
class Leaf:
    """A scalar of one of ``types`` (``bool`` counts as ``int``, as in Python)."""

    types: tuple[type, ...]
    what: str


@dataclass(frozen=True, slots=True)
class ListOf:
    """A list of items of one shape; ``lone`` also accepts a single item for a list."""

    item: Shape
    lone: bool = False


@dataclass(frozen=True, slots=True)
class MapOf:
    """A mapping of names to values of one shape."""

    value: Shape


@dataclass(frozen=True, slots=True)
class Fields:
    """A mapping with known fields; keys not listed are left to other checks."""

    fields: Mapping[str, Shape] = field(default_factory=dict)


Shape = Leaf | ListOf | MapOf | Fields

ANY = Leaf((object,), "anything")
WORD = Leaf((str, int, float), "a word")
INT = Leaf((int,), "an integer")
WORDS = ListOf(WORD)


def conform(
    value: Any, shape: Shape, path: str = "", holder: Any = None, in_list: bool = False
) -> tuple[Any, list[Problem]]:
    """``value`` without its parts of the wrong shape, and a problem for each part.

    ``holder`` is the nearest enclosing value, whose line locates a bad value that has
    none of its own (numbers and booleans carry no line). An empty value is an empty
    list or mapping, except as an item of a list (``rules: [~]``).
    """
    where = value if line_of(value) else holder
    if value is None:
        if isinstance(shape, Leaf) and isinstance(None, shape.types):
            return None, []
        if in_list or isinstance(shape, Leaf):
            return None, [(where, path, f"must be {_what(shape)}, not empty")]
        return None, []
    if isinstance(shape, Leaf):
        if isinstance(value, shape.types):
            return value, []
        return None, [(where, path, f"must be {shape.what}, not {_kind(value)}")]
    if isinstance(shape, ListOf):
        return _conform_list(value, shape, path, where)
    if not isinstance(value, dict):
        return None, [(where, path, f"must be a mapping, not {_kind(value)}")]
    if isinstance(shape, MapOf):
        item = shape.value
        return _conform_items(value, lambda _key: item, path)
    return _conform_items(value, shape.fields.get, path, skip_empty=True)


def _conform_list(value: Any, shape: ListOf, path: str, where: Any) -> tuple[Any, list[Problem]]:
    """A list's good items (a lone item is let through when ``shape.lone`` says so)."""
    if not isinstance(value, list):
        if shape.lone:
            return conform(value, shape.item, path, where)
        return None, [(where, path, f"must be a list, not {_kind(value)}")]
    kept: list[Any] = []
    problems: list[Problem] = []
    for n, item in enumerate(value):
        at = f"{path}[{n + 1}]" if path else f"item {n + 1}"
        clean, found = conform(item, shape.item, at, where, in_list=True)
        problems += found
        if not found:
            kept.append(clean)
    return (_like(value, kept) if problems else value), problems


def _conform_items(
    value: dict[str, Any],
    shape_of: Callable[[str], Shape | None],
    path: str,
    skip_empty: bool = False,
) -> tuple[Any, list[Problem]]:
    """A mapping's good values; ``shape_of(key)`` is a value's shape (None: unchecked)."""
    kept: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, item in value.items():
        shape = shape_of(key)
        if shape is None or (skip_empty and item is None):
            kept[key] = item
            continue
        clean, found = conform(item, shape, f"{path}.{key}" if path else str(key), key)
        problems += found
        if not found:
            kept[key] = clean
    return (_like(value, kept) if problems else value), problems


def _like(original: Any, items: Any) -> Any:
    """A new list or mapping of the original's class that keeps its line."""
    out = type(original)(items)
    if hasattr(original, "line"):
        out.line = original.line
    return out


def _what(shape: Shape) -> str:
    """What a value of this shape is called in messages."""
    if isinstance(shape, Leaf):
        return shape.what
    return "a list" if isinstance(shape, ListOf) else "a mapping"


def _kind(value: Any) -> str:
    """How a wrongly typed value is named in messages."""
    if isinstance(value, bool):
        return f"the boolean {value}".lower()
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"
