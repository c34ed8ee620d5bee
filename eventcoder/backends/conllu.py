"""CoNLL-U in and out: pre-parsed UD v2 sentences as :class:`~eventcoder.parsed.ParsedDoc`.

CoNLL-U is what UDPipe, stanza, Trankit and the UD treebanks write. It is already
UD v2, so nothing is relabelled; the reader only

* groups sentences into documents: ``# newdoc`` / ``# newdoc id = X`` starts one, and
  so does a ``# doc_id = X`` that differs from the current document's id;
* reads the story date from ``# date = YYYY-MM-DD`` (the first one in a document);
* rebuilds the text and character offsets: each sentence's tokens are laid over its
  ``# text`` comment; without one (or when the tokens do not fit it) the text is
  rebuilt from the word forms and ``SpaceAfter=No`` / ``SpacesAfter`` /
  ``SpacesBefore`` in MISC. Sentences are joined by the whitespace their last token
  declares (``SpacesAfter=\\n``), else one space;
* lower-cases lemmas the way the spaCy backend does (and drops a verb's hyphenated
  repetition prefix, "re-impose" -> "impose"), takes the entity type from a ``ner=``
  MISC item (stanza's BIOES tags: ``ner=B-GPE``), and makes heads 0-based with the
  root at :data:`~eventcoder.parsed.ROOT`.

Multiword tokens (``1-2``) give the surface form; their words carry the syntax and
share the token's span unless their forms split it exactly ("cannot" -> "can" +
"not"). Empty nodes (``1.1``, enhanced UD only) are skipped.

Malformed sentences
-------------------
A sentence that cannot be a dependency tree - a line without 10 tab-separated
columns, an id that is not an integer, ids out of order, a HEAD that is not an
integer or points outside the sentence, no root, two roots, a cycle, a missing
DEPREL - is a :class:`ConlluIssue` located by file, line, ``sent_id`` and reason.
That sentence is left out (its text too), the others are read as usual, and the
issues travel with their document in :attr:`ConlluDocument.issues`.
:func:`read_conllu` (and :meth:`eventcoder.Coder.code_conllu`) then apply one policy:
``errors="warn"`` (default: a :class:`ConlluWarning` per issue, keep going),
``"raise"`` (a :class:`ConlluError` listing every issue in the input, before anything
is coded) or ``"ignore"``.

Writing
-------
:func:`to_conllu` writes a parsed document back out, with ``# newdoc id``, ``# date``,
``# sent_id`` and ``# text`` comments, whitespace in MISC and entity types as
``ner=`` tags, so that reading it back (with this module or stanza's own reader)
gives the same tokens at the same offsets.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from eventcoder.errors import InputError, issues_message
from eventcoder.parsed import ROOT, ParsedDoc, Sentence, Token

ERROR_POLICIES = ("warn", "raise", "ignore")
_N_COLUMNS = 10
_WORD_ID = re.compile(r"[1-9][0-9]*")
_RANGE_ID = re.compile(r"([1-9][0-9]*)-([1-9][0-9]*)")
_EMPTY_ID = re.compile(r"[0-9]+\.[1-9][0-9]*")
_VERB_PREFIX = re.compile(r"^(?:re|co|counter|pre|de|un)-(?=[a-z]{3,})")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # a byte ``errors="surrogateescape"`` kept


# -- issues ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConlluIssue:
    """One malformed sentence: where it is and why it was left out."""

    source: str
    line: int
    sent_id: str | None
    reason: str

    def __str__(self) -> str:
        sent = f" (sent_id {self.sent_id})" if self.sent_id else ""
        return f"{self.source}:{self.line}{sent}: {self.reason}"


class ConlluError(InputError):
    """CoNLL-U input with malformed sentences (``errors="raise"``); ``issues`` has them all."""

    def __init__(self, issues: Sequence[ConlluIssue]) -> None:
        self.issues = list(issues)
        head = f"malformed CoNLL-U ({len(self.issues)} sentence(s) left out):"
        super().__init__(issues_message(head, self.issues))


class ConlluWarning(UserWarning):
    """A malformed CoNLL-U sentence was left out (``errors="warn"``)."""


@dataclass(slots=True)
class ConlluDocument:
    """One document read from CoNLL-U: the parse, its id and date, and what was left out."""

    parsed: ParsedDoc
    doc_id: str | None = None
    date: dt.date | None = None
    line: int = 1
    sent_ids: list[str | None] = field(default_factory=list)
    issues: list[ConlluIssue] = field(default_factory=list)


# -- reading ---------------------------------------------------------------------------


def read_conllu(
    source: str | os.PathLike[str] | TextIO,
    *,
    errors: str = "warn",
    name: str | None = None,
) -> list[ConlluDocument]:
    """Every document of a CoNLL-U file, string or open text stream.

    ``source`` is a path (``str`` or ``PathLike``), CoNLL-U text (a ``str`` holding a
    newline or a tab), or a text stream. ``errors`` is the policy for malformed
    sentences (see the module docstring); they are always listed in each document's
    ``issues``.
    """
    if errors not in ERROR_POLICIES:
        raise ValueError(f"errors={errors!r}: choose one of {ERROR_POLICIES}")
    docs = list(iter_conllu(source, name=name))
    issues = [i for d in docs for i in d.issues]
    if issues and errors == "raise":
        raise ConlluError(issues)
    if errors == "warn":
        for issue in issues:
            warnings.warn(f"CoNLL-U sentence left out: {issue}", ConlluWarning, stacklevel=2)
    return docs


def iter_conllu(
    source: str | os.PathLike[str] | TextIO, *, name: str | None = None
) -> Iterator[ConlluDocument]:
    """Stream documents out of CoNLL-U, one at a time (the hook for batch readers).

    Holds one document in memory. Malformed sentences never raise: they are left out
    and listed in the document's ``issues``. A missing file, or text that is not UTF-8,
    raises a located :class:`InputError`. Paths, strings and streams read alike: lines
    end at ``\\n``, ``\\r\\n`` or a lone ``\\r``, and one leading byte-order mark is dropped.
    """
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and "\t" not in source
    ):
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{path}: no such CoNLL-U file")
        with path.open(encoding="utf-8", errors="surrogateescape", newline="") as f:
            yield from _iter_stream(f, name or str(path))
    elif isinstance(source, str):
        yield from _iter_stream(io.StringIO(source), name or "<string>")
    else:
        yield from _iter_stream(source, str(name or getattr(source, "name", "<stream>")))


def parse_conllu(text: str, *, errors: str = "warn") -> list[ConlluDocument]:
    """:func:`read_conllu` for CoNLL-U held in a string (even a one-line one)."""
    return read_conllu(io.StringIO(text), errors=errors, name="<string>")


@dataclass(slots=True)
class _Unit:
    """A surface token: a plain word or a multiword-token range with its words."""

    form: str
    misc: str
    words: list[int]
    space_after: str = " "


@dataclass(slots=True)
class _Sent:
    """A validated sentence before its offsets are known."""

    line: int
    sent_id: str | None
    text: str | None
    rows: list[list[str]]  # the word lines, in id order
    heads: list[int]
    units: list[_Unit]
    ents: list[str]
    spaces_before: str


class _DocBuilder:
    """Collects the sentences of one document and lays them out as text."""

    def __init__(self, line: int, doc_id: str | None) -> None:
        self.line = line
        self.doc_id = doc_id
        self.date: dt.date | None = None
        self.count = 0  # sentences seen, valid or not (a sentence's index is its position)
        self.sents: list[tuple[int, _Sent]] = []
        self.issues: list[ConlluIssue] = []

    def build(self) -> ConlluDocument:
        pieces: list[str] = []
        offset = 0
        previous_after: str | None = None
        sentences: list[Sentence] = []
        sent_ids: list[str | None] = []
        for index, s in self.sents:
            spans, sent_text = _layout(s)
            if previous_after is None:
                sep = s.spaces_before
            elif previous_after != " ":
                sep = previous_after
            else:
                sep = s.spaces_before or " "
            pieces.append(sep)
            offset += len(sep)
            sentences.append(_sentence(s, index, spans, sent_text, offset))
            sent_ids.append(s.sent_id)
            pieces.append(sent_text)
            offset += len(sent_text)
            previous_after = s.units[-1].space_after
        if previous_after and previous_after != " ":
            pieces.append(previous_after)
        parsed = ParsedDoc(text="".join(pieces), sentences=sentences, doc_id=self.doc_id)
        return ConlluDocument(parsed, self.doc_id, self.date, self.line, sent_ids, self.issues)


def _iter_stream(f: Iterable[str], source: str) -> Iterator[ConlluDocument]:
    doc: _DocBuilder | None = None
    block: list[tuple[int, str]] = []
    for n, line in _numbered(f, source):
        if line.strip():
            block.append((n, line))
            continue
        if not block:
            continue
        meta = _comments(block)
        new_id = meta.get("newdoc id") or meta.get("doc_id")
        starts = "newdoc" in meta or (
            new_id is not None and doc is not None and new_id != doc.doc_id
        )
        if doc is None or (starts and doc.count):
            if doc is not None:
                yield doc.build()
            doc = _DocBuilder(block[0][0], new_id)
        elif starts and new_id is not None:
            doc.doc_id = new_id  # a "# newdoc id" block before the document's first sentence
        _add_block(doc, block, meta, source)
        block = []
    if doc is not None and (doc.count or doc.doc_id is not None or doc.issues):
        yield doc.build()


def _numbered(f: Iterable[str], source: str) -> Iterator[tuple[int, str]]:
    """``(number, line)`` without line ends or a leading byte-order mark, then a blank line.

    A path is decoded with ``errors="surrogateescape"``, so a byte that is not UTF-8 is
    reported at its own line; a caller's stream raises while decoding a chunk ahead, so
    only "at or after" the first line not read yet can be said. Either way the reading
    stops: an :class:`InputError` (the rest of a wrongly decoded input cannot be trusted).
    """
    n = 0
    lines = _split_lines(f)
    while True:
        try:
            raw = next(lines, None)
        except UnicodeDecodeError as exc:
            reason = f"cannot decode {exc.encoding} ({exc.reason}), at or after this line"
            raise _undecodable(source, n + 1, reason) from exc
        if raw is None:
            yield n + 1, ""  # the blank line that ends the last sentence
            return
        n += 1
        line = raw.rstrip("\r\n")
        if n == 1:
            line = line.removeprefix("\ufeff")  # here for every source, so all drop one
        bad = None if line.isascii() else _UNDECODABLE.search(line)
        if bad is not None:
            byte = ord(bad.group()) - 0xDC00
            raise _undecodable(source, n, f"byte 0x{byte:02X} is not UTF-8")
        yield n, line


def _split_lines(f: Iterable[str]) -> Iterator[str]:
    """Lines ended by ``\\n``, ``\\r\\n`` or a lone ``\\r``, however ``f`` split them.

    A path is opened with ``newline=""``, which splits so; a string or a stream may end
    lines at ``\\n`` only (``io.StringIO``) or at ``\\r`` only (``newline="\\r"``), and
    the same CoNLL-U must read the same from all three.
    """
    after_cr = False
    for piece in f:
        if after_cr and piece.startswith("\n"):
            piece = piece[1:]  # the rest of a "\r\n" that the stream split after "\r"
        after_cr = piece.endswith("\r")
        if "\r" in piece or not piece:
            yield from _LINE.findall(piece)
        else:
            yield piece


def _undecodable(source: str, line: int, reason: str) -> InputError:
    """A located error for input that is not text in the expected encoding."""
    return InputError(f"cannot read CoNLL-U: {ConlluIssue(source, line, None, reason)}")


def _comments(block: list[tuple[int, str]]) -> dict[str, str]:
    """Sentence comments as ``key -> value`` (first wins); ``# newdoc`` alone is a key."""
    meta: dict[str, str] = {}
    for _, line in block:
        if not line.startswith("#"):
            continue
        key, sep, value = line[1:].partition("=")
        key = " ".join(key.split())
        if not sep:
            if key in ("newdoc", "newpar"):
                meta.setdefault(key, "")
            continue
        if key == "text":  # keep the sentence as written, less the space after "="
            meta.setdefault(key, value[1:] if value.startswith(" ") else value)
        else:
            meta.setdefault(key, value.strip())
        if key == "newdoc id":
            meta.setdefault("newdoc", "")
    return meta


def _add_block(
    doc: _DocBuilder, block: list[tuple[int, str]], meta: dict[str, str], source: str
) -> None:
    index = doc.count
    sent_id = meta.get("sent_id")
    token_lines = [(n, line) for n, line in block if not line.startswith("#")]
    raw_date = meta.get("date")
    if raw_date is not None and doc.date is None:
        try:
            doc.date = dt.date.fromisoformat(raw_date.strip()[:10])
        except ValueError:
            line = next(n for n, text in block if text.startswith("#") and "date" in text)
            doc.issues.append(
                ConlluIssue(
                    source, line, sent_id, f"# date {raw_date!r} is not YYYY-MM-DD (date ignored)"
                )
            )
    if not token_lines:
        return  # a comment-only block (a # newdoc line on its own): no sentence
    doc.count += 1
    result = _validate(token_lines, meta.get("text"), sent_id)
    if isinstance(result, tuple):
        line, reason = result
        doc.issues.append(ConlluIssue(source, line, sent_id, reason))
        return
    doc.sents.append((index, result))


def _validate(
    token_lines: list[tuple[int, str]], text: str | None, sent_id: str | None
) -> _Sent | tuple[int, str]:
    """A checked sentence, or ``(line, reason)`` for the first thing wrong with it."""
    rows: list[list[str]] = []
    lines: list[int] = []
    units: list[_Unit] = []
    pending_range: tuple[int, int, _Unit] | None = None
    for n, line in token_lines:
        cols = line.split("\t")
        if len(cols) != _N_COLUMNS:
            hint = " (columns must be separated by tabs)" if len(cols) == 1 and " " in line else ""
            return n, f"expected {_N_COLUMNS} tab-separated columns, found {len(cols)}{hint}"
        wid = cols[0]
        if _EMPTY_ID.fullmatch(wid):
            continue  # an empty node of the enhanced graph
        m = _RANGE_ID.fullmatch(wid)
        if m:
            if pending_range is not None:
                return n, f"multiword token {wid} overlaps the one before it"
            a, b = int(m.group(1)), int(m.group(2))
            if a != len(rows) + 1 or b <= a:
                return n, f"multiword token {wid}: expected a range starting at {len(rows) + 1}"
            unit = _Unit(cols[1], _field(cols[9]), [])
            pending_range = (a, b, unit)
            units.append(unit)
            continue
        if not _WORD_ID.fullmatch(wid):
            return n, f"id {wid!r} is not an integer word id (nor a range 1-2 or empty node 1.1)"
        if int(wid) != len(rows) + 1:
            return n, f"word ids must run 1, 2, 3...: expected {len(rows) + 1}, found {wid}"
        rows.append(cols)
        lines.append(n)
        i = len(rows) - 1
        if pending_range is not None and pending_range[0] <= i + 1 <= pending_range[1]:
            pending_range[2].words.append(i)
            if i + 1 == pending_range[1]:
                pending_range = None
        else:
            if pending_range is not None:
                return n, f"multiword token {pending_range[0]}-{pending_range[1]} is incomplete"
            units.append(_Unit(cols[1], _field(cols[9]), [i]))
    if pending_range is not None:
        return token_lines[-1][0], (
            f"multiword token {pending_range[0]}-{pending_range[1]} runs past the sentence"
        )
    if not rows:
        return token_lines[0][0], "no word lines (only multiword tokens or empty nodes)"
    heads: list[int] = []
    for n, cols in zip(lines, rows, strict=True):
        raw = cols[6]
        if raw == "_":
            return n, f"word {cols[0]} has no HEAD ('_'): the sentence has no dependency parse"
        if not raw.isdigit():
            return n, f"word {cols[0]}: HEAD {raw!r} is not an integer"
        h = int(raw)
        if h > len(rows):
            return n, f"word {cols[0]}: HEAD {h} points outside the sentence (words 1-{len(rows)})"
        if h == int(cols[0]):
            return n, f"word {cols[0]} is its own head (a cycle)"
        if cols[7] in ("_", ""):
            return n, f"word {cols[0]} has no DEPREL"
        heads.append(h - 1 if h else ROOT)
    problem = tree_problem(heads)
    if problem is not None:
        bad, reason = problem
        return (lines[bad] if bad is not None else lines[0]), reason
    ents = _entity_types(units, rows)
    for unit in units:
        unit.space_after = _space_after(unit, rows)
    first = units[0]
    spaces_before = _misc_space(first.misc, "SpacesBefore") or _misc_space(
        _field(rows[first.words[0]][9]) if first.words else "", "SpacesBefore"
    )
    return _Sent(lines[0], sent_id, text, rows, heads, units, ents, spaces_before or "")


def tree_problem(heads: Sequence[int]) -> tuple[int | None, str] | None:
    """Why 0-based ``heads`` (root = :data:`ROOT`) are not one tree, with the word at fault.

    ``None`` when they are: exactly one root and every word reaches it.
    """
    roots = [i for i, h in enumerate(heads) if h == ROOT]
    if not roots:
        return None, "no root (no word has HEAD 0)"
    if len(roots) > 1:
        words = ", ".join(str(r + 1) for r in roots)
        return roots[1], f"{len(roots)} roots (words {words} have HEAD 0)"
    n = len(heads)
    state = [0] * n  # 0 unseen, 1 on the current path, 2 reaches the root
    for start in range(n):
        path = []
        i = start
        while i != ROOT and state[i] == 0:
            if not 0 <= heads[i] < n and heads[i] != ROOT:
                return i, f"word {i + 1}: HEAD {heads[i] + 1} points outside the sentence"
            state[i] = 1
            path.append(i)
            i = heads[i]
        if i != ROOT and state[i] == 1:
            cycle = path[path.index(i) :]
            chain = " -> ".join(str(c + 1) for c in [*cycle, i])
            return i, f"cycle in the heads: {chain}"
        for p in path:
            state[p] = 2
    return None


def _field(value: str) -> str:
    return "" if value == "_" else value


def _misc_items(misc: str) -> list[str]:
    return misc.split("|") if misc else []


def _misc_space(misc: str, key: str) -> str | None:
    """The whitespace a ``SpacesAfter``/``SpacesBefore``-style MISC item declares."""
    for item in _misc_items(misc):
        k, _, v = item.partition("=")
        if k.lower() == key.lower():
            return unescape_space(v)
    return None


def _space_after(unit: _Unit, rows: list[list[str]]) -> str:
    """Whitespace after a surface token (the range line's MISC, else its last word's)."""
    miscs = [unit.misc]
    if unit.words:
        miscs.insert(0, _field(rows[unit.words[-1]][9]))
    for misc in miscs:
        for item in _misc_items(misc):
            k, _, v = item.partition("=")
            k = k.lower()
            if k == "spaceafter":
                return "" if v.lower().startswith("no") else " "
            if k == "spacesafter":
                return unescape_space(v)
    return " "


def unescape_space(value: str) -> str:
    """UD's escaped whitespace (``\\s \\t \\n \\r \\p \\\\ \\u00A0``) as characters."""
    out = []
    i = 0
    while i < len(value):
        if value.startswith("\\u00A0", i):
            out.append("\u00a0")
            i += 6
            continue
        pair = value[i : i + 2]
        char = {"\\s": " ", "\\t": "\t", "\\n": "\n", "\\r": "\r", "\\p": "|", "\\\\": "\\"}.get(
            pair
        )
        if char is not None:
            out.append(char)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def escape_space(value: str) -> str:
    """Whitespace as UD writes it in ``SpacesAfter`` (inverse of :func:`unescape_space`)."""
    table = {" ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r", "|": "\\p", "\\": "\\\\"}
    return "".join(table.get(c, "\\u00A0" if c == "\u00a0" else c) for c in value)


def _ner_type(misc: str) -> str | None:
    """The entity type of a ``ner=`` MISC item (``B-GPE``, ``S-ORG``, ``GPE``; ``O`` = none)."""
    for item in _misc_items(misc):
        k, _, v = item.partition("=")
        if k.lower() == "ner":
            if v in ("O", "_", ""):
                return ""
            return v[2:] if len(v) > 2 and v[1] == "-" and v[0] in "BIESLU" else v
    return None


def _entity_types(units: list[_Unit], rows: list[list[str]]) -> list[str]:
    ents = [""] * len(rows)
    for unit in units:
        found = _ner_type(unit.misc)
        for w in unit.words:
            own = _ner_type(_field(rows[w][9]))
            ents[w] = own if own is not None else (found or "")
    return ents


def _layout(s: _Sent) -> tuple[list[tuple[int, int]], str]:
    """Each unit's (start, end) in the sentence text, and that text."""
    if s.text is not None:
        spans = _align([u.form for u in s.units], s.text)
        if spans is not None:
            return spans, s.text
    spans = []
    pieces = []
    pos = 0
    last = len(s.units) - 1
    for k, unit in enumerate(s.units):
        spans.append((pos, pos + len(unit.form)))
        pieces.append(unit.form)
        pos += len(unit.form)
        if k < last:
            pieces.append(unit.space_after)
            pos += len(unit.space_after)
    return spans, "".join(pieces)


def _align(forms: list[str], text: str) -> list[tuple[int, int]] | None:
    """Lay the forms over ``text`` in order, with only whitespace between them."""
    pos = 0
    spans = []
    for form in forms:
        at = text.find(form, pos)
        if at < 0 or text[pos:at].strip():
            return None
        spans.append((at, at + len(form)))
        pos = at + len(form)
    return None if text[pos:].strip() else spans


def _sentence(
    s: _Sent, index: int, spans: list[tuple[int, int]], sent_text: str, offset: int
) -> Sentence:
    word_spans: list[tuple[int, int]] = [(0, 0)] * len(s.rows)
    for unit, (a, b) in zip(s.units, spans, strict=True):
        for w, span in zip(unit.words, _split_span(unit, s.rows, a, b), strict=True):
            word_spans[w] = (offset + span[0], offset + span[1])
    tokens = []
    for i, cols in enumerate(s.rows):
        form = cols[1]
        upos = _field(cols[3])
        start, end = word_spans[i]
        lemma = cols[2] if cols[2] != "_" or form == "_" else form
        tokens.append(
            Token(
                i=i,
                text=form,
                lemma=ud_lemma(lemma, upos),
                upos=upos,
                deprel="root" if s.heads[i] == ROOT else cols[7],
                head=s.heads[i],
                start=start,
                end=end,
                xpos=_field(cols[4]),
                feats=_field(cols[5]),
                ent=s.ents[i],
            )
        )
    a, b = spans[0][0], spans[-1][1]
    return Sentence(index, sent_text[a:b], offset + a, offset + b, tokens)


def _split_span(unit: _Unit, rows: list[list[str]], a: int, b: int) -> list[tuple[int, int]]:
    """Spans of a unit's words: exact when their forms split the surface form."""
    if len(unit.words) == 1:
        return [(a, b)]
    forms = [rows[w][1] for w in unit.words]
    pattern = "".join(f"({re.escape(f)})\\s*" for f in forms).removesuffix("\\s*")
    m = re.fullmatch(pattern, unit.form)
    if m is None:
        return [(a, b)] * len(forms)
    return [(a + m.start(k + 1), a + m.end(k + 1)) for k in range(len(forms))]


def ud_lemma(lemma: str, upos: str) -> str:
    """A lemma the way every backend gives it: lower case, "re-impose" -> "impose"."""
    lemma = lemma.lower()
    if upos == "VERB" and "-" in lemma:
        lemma = _VERB_PREFIX.sub("", lemma)
    return lemma


# -- writing ---------------------------------------------------------------------------


def to_conllu(
    parsed: ParsedDoc,
    *,
    doc_id: str | None = None,
    date: dt.date | str | None = None,
    newdoc: bool = True,
) -> str:
    """A parsed document as CoNLL-U text (ending in a blank line).

    Writes ``# newdoc id`` (from ``doc_id`` or ``parsed.doc_id``; a bare ``# newdoc``
    without one), ``# date`` when given, ``# sent_id`` and ``# text`` per sentence, the
    whitespace between tokens in MISC (``SpaceAfter=No``, ``SpacesAfter``,
    ``SpacesBefore``) so the document text can be rebuilt exactly, and entity types as
    stanza-style ``ner=`` BIOES tags. Words that share one span (a multiword token
    whose words do not spell it out) are written under a range line.
    """
    doc_id = doc_id if doc_id is not None else parsed.doc_id
    text = parsed.text
    out: list[str] = []
    if newdoc:
        out.append(f"# newdoc id = {doc_id}" if doc_id is not None else "# newdoc")
    if date is not None:
        out.append(f"# date = {date.isoformat() if isinstance(date, dt.date) else date}")
    all_tokens = [t for s in parsed.sentences for t in s.tokens]
    position = 0
    for k, sent in enumerate(parsed.sentences):
        if k:
            out.append("")
        n = sent.index + 1
        out.append(f"# sent_id = {doc_id}-{n}" if doc_id is not None else f"# sent_id = {n}")
        out.append("# text = " + re.sub(r"[\r\n\t]", " ", sent.text))
        toks = sent.tokens
        bio = _bioes([t.ent for t in toks])
        groups = _surface_groups(toks)
        for group in groups:
            first, last = toks[group[0]], toks[group[-1]]
            nxt = position + len(group)
            following = all_tokens[nxt].start if nxt < len(all_tokens) else len(text)
            gap = text[last.end : following] if following >= last.end else ""
            misc_space = _gap_misc(gap)
            before = ""
            if position == 0 and first.start > 0 and text[: first.start].isspace():
                before = "SpacesBefore=" + escape_space(text[: first.start])
            if len(group) > 1:
                surface = text[first.start : last.end] or first.text
                misc = _join_misc(before, bio[group[0]], misc_space)
                out.append(
                    f"{group[0] + 1}-{group[-1] + 1}\t{surface}\t_\t_\t_\t_\t_\t_\t_\t{misc}"
                )
                for i in group:
                    out.append(_word_line(toks[i], ""))
            else:
                out.append(_word_line(first, _join_misc(before, bio[group[0]], misc_space)))
            position = nxt
    out.append("")
    return "\n".join(out) + "\n"


def write_conllu(docs: Iterable[ParsedDoc | tuple[ParsedDoc, dt.date | None]], f: TextIO) -> int:
    """Write parsed documents (optionally with their dates) to a stream; returns how many."""
    count = 0
    for item in docs:
        parsed, date = item if isinstance(item, tuple) else (item, None)
        f.write(to_conllu(parsed, date=date))
        count += 1
    return count


def _surface_groups(toks: list[Token]) -> list[list[int]]:
    """Token indices grouped into surface tokens: words sharing one span go together."""
    groups: list[list[int]] = []
    for t in toks:
        if groups:
            prev = toks[groups[-1][-1]]
            if (prev.start, prev.end) == (t.start, t.end) and t.start < t.end:
                groups[-1].append(t.i)
                continue
        groups.append([t.i])
    return groups


def _gap_misc(gap: str) -> str:
    if gap == "":
        return "SpaceAfter=No"
    if gap == " " or not gap.isspace():
        return ""
    return "SpacesAfter=" + escape_space(gap)


def _bioes(ents: list[str]) -> list[str]:
    """Per-token ``ner=`` items: runs of one entity type become B-/I-/E-/S- tags."""
    out = [""] * len(ents)
    i = 0
    while i < len(ents):
        kind = ents[i]
        if not kind:
            i += 1
            continue
        j = i
        while j + 1 < len(ents) and ents[j + 1] == kind:
            j += 1
        if i == j:
            out[i] = f"ner=S-{kind}"
        else:
            out[i] = f"ner=B-{kind}"
            for k in range(i + 1, j):
                out[k] = f"ner=I-{kind}"
            out[j] = f"ner=E-{kind}"
        i = j + 1
    return out


def _join_misc(*items: str) -> str:
    kept = [i for i in items if i]
    return "|".join(kept) if kept else "_"


def _word_line(t: Token, misc: str) -> str:
    head = 0 if t.head == ROOT else t.head + 1
    cols = [
        str(t.i + 1),
        t.text,
        t.lemma or "_",
        t.upos or "_",
        t.xpos or "_",
        t.feats or "_",
        str(head),
        "root" if t.head == ROOT else (t.deprel or "dep"),
        "_",
        misc or "_",
    ]
    return "\t".join(_clean(c) for c in cols)


def _clean(value: str) -> str:
    """No tabs or newlines inside a column."""
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ") if value else "_"


__all__ = [
    "ERROR_POLICIES",
    "ConlluDocument",
    "ConlluError",
    "ConlluIssue",
    "ConlluWarning",
    "iter_conllu",
    "parse_conllu",
    "read_conllu",
    "to_conllu",
    "tree_problem",
    "ud_lemma",
    "write_conllu",
]
