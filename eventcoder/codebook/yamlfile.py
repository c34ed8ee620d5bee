"""Safe YAML reading that remembers where every entry came from.

Codebook errors must name the file, the line and the entry. PyYAML's safe loader
drops positions, so this loader builds plain dicts/lists/strings whose subclasses carry
the 1-based line they started on (:class:`LDict`, :class:`LList`, :class:`LStr`).

It is also the codebook's first line of defence: only the safe tag set is accepted
(``!!python/object`` and friends are refused by ``SafeLoader``), anchors and aliases
are refused outright (no codebook needs them and they are how "billion laughs" bombs
work), and files over a size limit are not read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from eventcoder.errors import CodebookError, CodebookIssue

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
# What PyYAML's constructors raise, unlocated, for a value they cannot build: "!!int x"
# (ValueError), "!!bool x" (KeyError), "!!timestamp x" (AttributeError), "!!float "
# (IndexError), "2020-1-1 10:00:00 +99" (ValueError from datetime)...
_BUILD_ERRORS = (ArithmeticError, AttributeError, LookupError, TypeError, ValueError)


class LDict(dict[str, Any]):
    """A mapping that knows the line it started on."""

    line: int = 0


class LList(list[Any]):
    """A sequence that knows the line it started on."""

    line: int = 0


class LStr(str):
    """A string scalar that knows its line."""

    line: int = 0


def line_of(value: Any, default: int = 0) -> int:
    """The 1-based source line of a loaded value, or ``default``."""
    return getattr(value, "line", default) or default


def _construct_located(
    loader: yaml.constructor.SafeConstructor, node: yaml.Node, deep: bool = False
) -> Any:
    """Build one node; a value PyYAML cannot build becomes an error at the node's line.

    Installed as ``construct_object`` of both loaders: every node, nested or not, is
    built through it, so the innermost node that fails is the one reported.
    """
    try:
        return yaml.constructor.SafeConstructor.construct_object(loader, node, deep)
    except _BUILD_ERRORS as exc:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        kind = type(node).__name__.removesuffix("Node").lower()  # scalar, sequence, mapping
        raise yaml.constructor.ConstructorError(
            None, None, f"cannot read this {kind} as {tag} ({exc})", node.start_mark
        ) from exc


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and tags every node with its line."""

    construct_object = _construct_located

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "anchors and aliases (&name / *name) are not allowed in codebooks",
                event.start_mark,
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"anchor &{anchor} is not allowed in codebooks (write synsets as &NAME "
                "inside quotes)",
                event.start_mark,
            )
        depth = getattr(self, "_depth", 0)
        if depth > MAX_DEPTH:
            raise yaml.constructor.ConstructorError(
                None, None, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark
            )
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    out = LDict()
    out.line = node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain scalars", key_node.start_mark
            )
        if not isinstance(key, LStr):
            key = LStr(str(key))
            key.line = key_node.start_mark.line + 1
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    out = LList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    return out


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> LStr:
    out = LStr(loader.construct_scalar(node))
    out.line = node.start_mark.line + 1
    return out


# YAML 1.1 reads yes/no/on/off as booleans: "NO" (Norway), "no" (a negator) and "on"
# (a preposition) are words in a codebook. Only true/false are booleans here.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Load one YAML file safely, raising :class:`CodebookError` with its location."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CodebookError([CodebookIssue(name, 0, "", f"cannot read file: {exc}")]) from exc
    if size > MAX_FILE_BYTES:
        raise CodebookError(
            [CodebookIssue(name, 0, "", f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")]
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError([CodebookIssue(name, 0, "", f"cannot read file: {exc}")]) from exc
    return loads_yaml(text, name)


if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        """libyaml's safe loader with our constructors and resolvers (3x faster).

        The C composer cannot be hooked like ``compose_node`` above, so anchors,
        aliases and nesting depth are checked on libyaml's token stream first.
        """

        construct_object = _construct_located

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _CLoader.yaml_constructors = dict(_Loader.yaml_constructors)
    _FAST: type | None = _CLoader
else:  # pragma: no cover - PyYAML without libyaml
    _FAST = None


_OPEN = ("BlockMappingStartToken", "BlockSequenceStartToken", "FlowMappingStartToken",
         "FlowSequenceStartToken")  # fmt: skip
_CLOSE = ("BlockEndToken", "FlowMappingEndToken", "FlowSequenceEndToken")


def _check_tokens(text: str) -> None:
    """Refuse anchors, aliases and deep nesting before libyaml builds anything."""
    depth = 0
    for token in yaml.scan(text, Loader=yaml.CSafeLoader):
        kind = type(token).__name__
        if kind in ("AnchorToken", "AliasToken"):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "anchors and aliases (&name / *name) are not allowed in codebooks (write "
                "synsets as &NAME inside quotes)",
                token.start_mark,
            )
        if kind in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.constructor.ConstructorError(
                    None, None, f"nesting deeper than {MAX_DEPTH} levels", token.start_mark
                )
        elif kind in _CLOSE:
            depth -= 1


def loads_yaml(text: str, name: str = "<string>") -> Any:
    """Load YAML from a string (see :func:`load_yaml`)."""
    try:
        if _FAST is not None:
            _check_tokens(text)
            return yaml.load(text, Loader=_FAST)
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise CodebookError([CodebookIssue(name, line, "", f"invalid YAML: {problem}")]) from exc
    except yaml.YAMLError as exc:
        raise CodebookError([CodebookIssue(name, 0, "", f"invalid YAML: {exc}")]) from exc
    except _BUILD_ERRORS as exc:  # raised outside any one node (none known): the file
        raise CodebookError([CodebookIssue(name, 0, "", f"invalid YAML: {exc}")]) from exc
