"""Readers: stream documents out of text, JSONL, CSV/TSV and Parquet inputs or stdin.

Every reader is a generator that holds at most one document (one Parquet record
batch) in memory, so a corpus of any size streams through. A row that cannot be read
(bytes that do not decode, a broken JSON line, a missing text value, a bad date) is
not an exception: it comes out as an :class:`InputDoc` with ``error`` set, in its
place in the stream, so the run goes on and the row lands in the errors file. Problems
that concern a whole input (a missing file, a CSV header without the text column) are
raised by :func:`check_inputs` before any coding starts.

Text is decoded with ``errors="surrogateescape"``: undecodable bytes become lone
surrogates, which lets a reader flag the one bad row instead of dying on the stream.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import itertools
import json
import shutil
import sys
import tempfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

from eventcoder.batch.items import BAD_DATE, ENCODING, MALFORMED, MISSING_TEXT, InputDoc
from eventcoder.coder import to_date
from eventcoder.errors import InputError

STDIN = "-"
FORMATS = ("text", "jsonl", "csv", "tsv", "parquet")
SPLITS = ("file", "blank", "line")
_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
# csv's default field limit (128 KiB) is shorter than many articles; the real limit on
# a document is Coder.max_chars, checked (and reported per row) by the engine.
_CSV_FIELD_LIMIT = 2**31 - 1
_PARQUET_BATCH = 1024


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to turn inputs into documents (the ``eventcoder code`` reading flags).

    ``id_col``/``date_col`` of ``None`` mean "``id``/``date`` if the input has them";
    a name given explicitly must exist in a CSV/Parquet header. ``date`` is the story
    date of documents that carry none.
    """

    fmt: str = "auto"
    split: str = "file"
    text_col: str = "text"
    id_col: str | None = None
    date_col: str | None = None
    date: dt.date | None = None
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        if self.fmt != "auto" and self.fmt not in FORMATS:
            raise InputError(f"unknown input format {self.fmt!r} (choose from {FORMATS})")
        if self.split not in SPLITS:
            raise InputError(f"unknown --split {self.split!r} (choose from {SPLITS})")

    def fingerprint(self) -> dict[str, Any]:
        """The options as JSON-able data: a checkpoint refuses to resume if they change."""
        out = asdict(self)
        out["date"] = self.date.isoformat() if self.date else None
        return out


def input_format(name: str, fmt: str = "auto") -> str:
    """The format of one input: explicit, else by extension (``.gz`` looked through).

    Standard input and unknown extensions are read as plain text.
    """
    if fmt != "auto":
        return fmt
    if name == STDIN:
        return "text"
    path = Path(name[:-3] if name.endswith(".gz") else name)
    return _SUFFIXES.get(path.suffix.lower(), "text")


def input_stem(name: str) -> str:
    """The name documents are called after (``story.txt.gz`` -> ``story``; stdin -> ``stdin``)."""
    if name == STDIN:
        return "stdin"
    path = Path(name[:-3] if name.endswith(".gz") else name)
    return path.stem


def read_inputs(inputs: Sequence[str], options: ReadOptions) -> Iterator[InputDoc]:
    """All documents of all inputs, in order, numbered 0, 1, 2 ... across inputs.

    An input that stops reading part way (a truncated or corrupt ``.gz``, an I/O
    error) raises :class:`InputError`: it is no bad row, and going on would drop the
    rest of the input while the run passed for complete.
    """
    counter = itertools.count()
    for name in inputs:
        read = 0
        try:
            for doc in _read_one(name, options):
                read += 1
                doc.index = next(counter)
                yield doc
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(
                f"cannot read {name} after {read} document(s): {type(exc).__name__}: {exc}. "
                "The run stops; what was coded before is checkpointed (--resume carries "
                "on once the file reads again unchanged; a replaced file means starting over)"
            ) from exc


def check_inputs(inputs: Sequence[str], options: ReadOptions) -> None:
    """Fail before coding when an input cannot be used at all.

    Checks that files exist, that Parquet inputs are not gzipped, and that CSV/TSV
    headers and Parquet schemas have the text column (and the id/date columns when
    they were named explicitly). Raises one :class:`InputError` listing every problem.
    """
    problems: list[str] = []
    if sum(name == STDIN for name in inputs) > 1:
        problems.append("standard input ('-') can be read only once")
    for name in inputs:
        if name == STDIN:
            continue
        fmt = input_format(name, options.fmt)
        path = Path(name)
        if not path.is_file():
            problems.append(f"{name}: no such file")
            continue
        if fmt == "parquet" and name.endswith(".gz"):
            problems.append(f"{name}: gzipped Parquet is not supported (Parquet compresses)")
            continue
        try:
            columns = _header(name, fmt, options)
        except (OSError, ValueError, csv.Error) as exc:
            problems.append(f"{name}: cannot read the header: {exc}")
            continue
        if columns is not None:
            problems.extend(f"{name}: {p}" for p in _missing_columns(columns, options))
    if problems:
        raise InputError("cannot read the inputs:\n  " + "\n  ".join(problems))


def _missing_columns(columns: Sequence[str], options: ReadOptions) -> list[str]:
    """Which required columns a header lacks, each with the columns it does have."""
    have = ", ".join(map(repr, columns))
    wanted = [("text", options.text_col, "--text-col")]
    if options.id_col:
        wanted.append(("id", options.id_col, "--id-col"))
    if options.date_col:
        wanted.append(("date", options.date_col, "--date-col"))
    return [
        f"no {what} column {col!r} (columns: {have}; choose one with {flag})"
        for what, col, flag in wanted
        if col not in columns
    ]


def _header(name: str, fmt: str, options: ReadOptions) -> list[str] | None:
    """The column names of a CSV/TSV/Parquet file (None for formats without a header)."""
    if fmt in ("csv", "tsv"):
        with _open_text(name, options.encoding, newline="") as f:
            return next(csv.reader(f, delimiter=_delimiter(fmt)), [])
    if fmt == "parquet":
        return list(_parquet_file(name).schema_arrow.names)
    return None


# -- one input -------------------------------------------------------------------------


def _read_one(name: str, options: ReadOptions) -> Iterator[InputDoc]:
    fmt = input_format(name, options.fmt)
    if fmt == "text":
        with _open_text(name, options.encoding) as f:
            yield from read_text(f, name, options)
    elif fmt == "jsonl":
        with _open_text(name, options.encoding) as f:
            yield from read_jsonl(f, name, options)
    elif fmt in ("csv", "tsv"):
        with _open_text(name, options.encoding, newline="") as f:
            yield from read_csv(f, name, options, delimiter=_delimiter(fmt))
    else:
        with _seekable(name) as path:
            yield from read_parquet(path, name, options)


def read_text(f: TextIO, source: str, options: ReadOptions) -> Iterator[InputDoc]:
    """Plain text: the whole stream is one document, or one per blank-line block / line.

    ``--split file`` keeps the historical behaviour of ``eventcoder code story.txt``:
    one document whose id is the file stem. Blocks and lines are numbered from 1 in
    their id (``story:3``) and located by line number.
    """
    stem = input_stem(source)
    if options.split == "file":
        text = f.read()
        yield _text_doc(text, stem, source, "whole file", options)
        return
    if options.split == "line":
        n = 0
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if line.strip():
                n += 1
                yield _text_doc(line, f"{stem}:{n}", source, f"line {lineno}", options)
        return
    block: list[str] = []
    start = n = 0
    for lineno, line in enumerate(itertools.chain(f, [""]), 1):
        line = line.rstrip("\r\n")
        if line.strip():
            if not block:
                start = lineno
            block.append(line)
        elif block:
            n += 1
            where = f"lines {start}-{start + len(block) - 1}"
            yield _text_doc("\n".join(block), f"{stem}:{n}", source, where, options)
            block = []


def _text_doc(text: str, doc_id: str, source: str, where: str, options: ReadOptions) -> InputDoc:
    doc = InputDoc(-1, doc_id, text, options.date, source, where)
    bad = undecodable(text)
    if bad is not None:
        doc.fail(ENCODING, _encoding_reason(text, bad, options.encoding))
    return doc


def read_jsonl(f: TextIO, source: str, options: ReadOptions) -> Iterator[InputDoc]:
    """JSON Lines: one object per line; blank lines are skipped."""
    stem = input_stem(source)
    for lineno, line in enumerate(f, 1):
        if not line.strip():
            continue
        where = f"line {lineno}"
        fallback = f"{stem}:{lineno}"
        bad = undecodable(line)
        if bad is not None:
            doc = InputDoc(-1, fallback, None, None, source, where)
            yield doc.fail(ENCODING, _encoding_reason(line, bad, options.encoding))
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            doc = InputDoc(-1, fallback, None, None, source, where)
            yield doc.fail(MALFORMED, f"not valid JSON: {exc}")
            continue
        if not isinstance(obj, dict):
            doc = InputDoc(-1, fallback, None, None, source, where)
            yield doc.fail(MALFORMED, f"a JSON {type(obj).__name__}, not an object")
            continue
        yield row_doc(obj, options, fallback, source, where)


def read_csv(
    f: TextIO, source: str, options: ReadOptions, delimiter: str = ","
) -> Iterator[InputDoc]:
    """CSV/TSV with a header row; a quoted field may span lines (an article body).

    A record that breaks the CSV grammar leaves the reader unsure where the next
    record starts, so it is reported once and the rest of that file is skipped. A
    file that ends inside a quoted field was cut short: the csv module hands back the
    half field as if it were whole, so that record is reported, not coded.
    """
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    stem = input_stem(source)
    lines = _Lines(f)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"{source}: cannot read the CSV header: {exc}") from exc
    if header is None:
        return
    missing = _missing_columns(header, options)
    if missing:
        raise InputError(f"{source}: " + "; ".join(missing))
    row_no = 0
    last_line = reader.line_num
    while True:
        first_line = last_line + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            doc = InputDoc(-1, f"{stem}:{row_no + 1}", None, None, source, f"line {first_line}")
            yield doc.fail(MALFORMED, f"CSV error: {exc}; the rest of this file was skipped")
            return
        last_line = reader.line_num
        if not record:  # a blank line between records
            continue
        row_no += 1
        where = f"row {row_no} (line {first_line})"
        if lines.ended:  # the record needed more lines than the file has
            doc = InputDoc(-1, f"{stem}:{row_no}", None, None, source, where)
            yield doc.fail(MALFORMED, "the file ends inside a quoted field: it was cut short")
            return
        row = dict(zip(header, record, strict=False))
        if options.text_col not in row:
            doc = InputDoc(-1, f"{stem}:{row_no}", None, None, source, where)
            yield doc.fail(
                MISSING_TEXT,
                f"the row has {len(record)} of {len(header)} fields: "
                f"no value for the text column {options.text_col!r}",
            )
            continue
        yield row_doc(row, options, f"{stem}:{row_no}", source, where)


class _Lines:
    """The lines of a text stream, noting when the csv reader asked past the last one.

    The csv reader asks for another line only while a record is unfinished; so a record
    returned after the lines ran out ended in an open quoted field.
    """

    def __init__(self, f: TextIO) -> None:
        self._lines = iter(f)
        self.ended = False

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        try:
            return next(self._lines)
        except StopIteration:
            self.ended = True
            raise


def read_parquet(path: str, source: str, options: ReadOptions) -> Iterator[InputDoc]:
    """Parquet, one record batch at a time, reading only the text/id/date columns."""
    import pyarrow as pa

    stem = input_stem(source)
    pf = _parquet_file(path)
    names = pf.schema_arrow.names
    missing = _missing_columns(names, options)
    if missing:
        raise InputError(f"{source}: " + "; ".join(missing))
    wanted = [options.text_col, options.id_col or "id", options.date_col or "date"]
    columns = [c for c in dict.fromkeys(wanted) if c in names]
    row_no = 0
    batches = pf.iter_batches(batch_size=_PARQUET_BATCH, columns=columns)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (pa.ArrowException, OSError) as exc:
            doc = InputDoc(-1, f"{stem}:{row_no + 1}", None, None, source, f"row {row_no + 1}")
            yield doc.fail(MALFORMED, f"Parquet error: {exc}; the rest of this file was skipped")
            return
        for row in batch.to_pylist():
            row_no += 1
            yield row_doc(row, options, f"{stem}:{row_no}", source, f"row {row_no}")


def row_doc(
    row: Mapping[str, Any], options: ReadOptions, fallback_id: str, source: str, where: str
) -> InputDoc:
    """A document from one JSON object / CSV row / Parquet row, or why it is not one."""
    raw_id = row.get(options.id_col or "id")
    doc_id = fallback_id if raw_id is None or raw_id == "" else id_text(raw_id)
    doc = InputDoc(-1, doc_id, None, options.date, source, where)
    col = options.text_col
    if col not in row:
        return doc.fail(MISSING_TEXT, f"no {col!r} field")
    text = row[col]
    if text is None:
        return doc.fail(MISSING_TEXT, f"the {col!r} value is null")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            return doc.fail(ENCODING, f"the {col!r} bytes are not UTF-8: {exc}")
    if not isinstance(text, str):
        return doc.fail(MALFORMED, f"the {col!r} value is a {type(text).__name__}, not text")
    bad = undecodable(text)
    if bad is not None:
        return doc.fail(ENCODING, _encoding_reason(text, bad, options.encoding))
    raw_date = row.get(options.date_col or "date")
    if raw_date is not None and raw_date != "":
        try:
            doc.date = to_date(raw_date)
        except InputError as exc:
            return doc.fail(BAD_DATE, str(exc))
    doc.text = text
    return doc


def id_text(value: Any) -> str:
    """A document id as clean text (ints stay ints; undecodable bytes become U+FFFD)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if undecodable(text) is not None:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def undecodable(text: str) -> int | None:
    """Where the first undecodable byte sits in ``text`` (decoded with surrogateescape).

    ``None`` when the text is clean. Pure-ASCII text, the common case, costs one call.
    """
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def _encoding_reason(text: str, pos: int, encoding: str) -> str:
    byte = ord(text[pos]) - 0xDC00
    line = text.count("\n", 0, pos) + 1
    where = f"line {line} of the document, " if line > 1 else ""
    return (
        f"not valid {encoding}: byte 0x{byte:02x} at {where}character {pos} "
        "(pass --encoding if the file uses another one)"
    )


def _delimiter(fmt: str) -> str:
    return "\t" if fmt == "tsv" else ","


@contextmanager
def _open_text(name: str, encoding: str, newline: str | None = None) -> Iterator[TextIO]:
    """Open a file, a ``.gz`` file or stdin as text that never fails on a bad byte.

    UTF-8 is read as ``utf-8-sig`` so a byte-order mark (Excel's CSVs) does not end up
    glued to the first column name.
    """
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    if name == STDIN:
        wrapper = io.TextIOWrapper(
            sys.stdin.buffer, encoding=enc, errors="surrogateescape", newline=newline
        )
        try:
            yield wrapper
        finally:
            wrapper.detach()  # leave sys.stdin open
        return
    if name.endswith(".gz"):
        with gzip.open(name, "rt", encoding=enc, errors="surrogateescape", newline=newline) as f:
            yield f
        return
    with open(name, encoding=enc, errors="surrogateescape", newline=newline) as f:
        yield f


@contextmanager
def _seekable(name: str) -> Iterator[str]:
    """A path for a Parquet input; stdin is spooled to a temporary file (Parquet seeks)."""
    if name != STDIN:
        yield name
        return
    with tempfile.NamedTemporaryFile(suffix=".parquet") as tmp:
        shutil.copyfileobj(sys.stdin.buffer, tmp)
        tmp.flush()
        yield tmp.name


def _parquet_file(path: str) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise InputError(
            "reading Parquet needs pyarrow: pip install 'eventcoder[parquet]'"
        ) from exc
    return pq.ParquetFile(path)
