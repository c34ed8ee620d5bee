"""Writers: append event rows to CSV, JSONL or Parquet, one durable chunk at a time.

A writer only ever *adds a whole chunk* and reports a small ``state()`` that says where
the output stands after it (a byte size, or a list of part files). The runner stores
that state in the checkpoint after every chunk; on ``--resume`` the writer is reopened
at exactly that state, and whatever a killed run wrote past it is cut off (CSV/JSONL:
truncate to the byte size) or deleted (Parquet: part files the checkpoint does not
list). That is what makes a resumed run end with exactly the rows of an uninterrupted
one.

Parquet cannot be appended to (its footer is written last), so rows go to numbered
part files, each written to a temporary name and renamed into place, and
:meth:`ParquetWriter.finalize` streams the parts into the single output file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import pandas as pd

from eventcoder.errors import InputError
from eventcoder.io_frames import csv_lines
from eventcoder.records import COLUMNS

OUTPUT_FORMATS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def output_format(path: str | os.PathLike[str]) -> str:
    """``csv``, ``jsonl`` or ``parquet``, from the output file's extension."""
    suffix = Path(path).suffix.lower()
    try:
        return OUTPUT_FORMATS[suffix]
    except KeyError:
        known = ", ".join(OUTPUT_FORMATS)
        raise InputError(
            f"cannot tell the output format of {os.fspath(path)!r} from its extension "
            f"(use one of {known})"
        ) from None


class Writer(Protocol):
    """What the runner needs from an output writer.

    Creating a writer only checks (on resume: that the output is what the checkpoint
    vouches for); :meth:`start` is the first change on disk, so a refused resume
    leaves every file as it was.
    """

    def start(self) -> None:
        """Reset the output: empty (fresh run) or cut back to the checkpoint (resume)."""

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Append one chunk of event rows durably (flushed and fsynced)."""

    def state(self) -> dict[str, Any]:
        """Where the output stands now; a checkpoint stores it."""

    def finalize(self) -> None:
        """Make the output complete (Parquet: merge the parts into the output file)."""

    def cleanup(self) -> None:
        """Remove what only a resume would need, once the checkpoint says complete."""


def open_writer(path: Path, state: dict[str, Any] | None) -> Writer:
    """A writer for ``path`` (format from the extension): fresh, or resumed at ``state``.

    ``state`` must have passed :func:`state_problem`; nothing on disk changes until
    the writer's ``start()``.
    """
    fmt = output_format(path)
    if fmt == "csv":
        return CsvWriter(path, state)
    if fmt == "jsonl":
        return JsonlWriter(path, state)
    return ParquetWriter(path, state)


EMPTY_SHA256 = hashlib.sha256().hexdigest()
_SHA256 = re.compile(r"[0-9a-f]{64}")
_HASH_BLOCK = 1 << 20


def state_problem(fmt: str, state: object) -> str | None:
    """What is wrong with a checkpointed writer state for format ``fmt``, if anything.

    A checkpoint is trusted to cut files and delete part files, so its state must have
    exactly the shape this module writes: CSV/JSONL ``{"bytes", "sha256"}``, Parquet
    ``{"parts", "sha256"}`` with the parts numbered from 0 in order.
    """
    if not isinstance(state, dict):
        return f"output_state is a {type(state).__name__}, not an object"
    if fmt in ("csv", "jsonl"):
        keys = {"bytes", "sha256"}
        problem = count_problem("output_state.bytes", state.get("bytes"))
    elif fmt == "parquet":
        keys = {"parts", "sha256"}
        problem = _parts_problem(state.get("parts"))
    else:
        return f"unknown output format {fmt!r}"
    if set(state) != keys:
        return f"output_state has the keys {sorted(state)}, expected {sorted(keys)}"
    return problem or sha256_problem("output_state.sha256", state["sha256"])


def count_problem(name: str, value: object) -> str | None:
    """Why ``value`` is not a count or a byte size (an int, not negative), if it is not."""
    if type(value) is not int or value < 0:
        return f"{name} is {value!r}, not a non-negative integer"
    return None


def sha256_problem(name: str, value: object) -> str | None:
    """Why ``value`` is not a SHA-256 hex digest, if it is not."""
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        return f"{name} is {value!r}, not a SHA-256 digest"
    return None


def _parts_problem(parts: object) -> str | None:
    if not isinstance(parts, list) or parts != [_part_name(i) for i in range(len(parts))]:
        return f"output_state.parts is not the list part-000000.parquet, ... ({parts!r:.80})"
    return None


def _part_name(number: int) -> str:
    return f"part-{number:06d}.parquet"


@contextmanager
def naming(path: Path) -> Iterator[None]:
    """Put ``path`` on an OSError that names no file (a failed write or fsync does not).

    ``eventcoder code`` reports an OSError as one line, ``path: reason``; without the
    path, "No space left on device" would not say which file.
    """
    try:
        yield
    except OSError as exc:
        if exc.filename is not None:
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), os.fspath(path)) from exc


def hash_prefix(path: Path, size: int, digest: str) -> Any:
    """The running SHA-256 of the first ``size`` bytes of ``path``, checked against ``digest``.

    What a checkpoint vouches for must be on disk unchanged before a resume appends to
    it; the hash object returned carries on over what the resumed run appends.
    """
    actual = path.stat().st_size if path.exists() else 0
    if actual < size:
        raise InputError(
            f"{path} has {actual} bytes but the checkpoint recorded {size}: "
            "it was changed since; start over without --resume"
        )
    sha = hashlib.sha256()
    if size:
        with open(path, "rb") as f:
            _hash_file(sha, f, size)
    if sha.hexdigest() != digest:
        raise InputError(
            f"{path} is not what the checkpoint recorded (the SHA-256 of its first {size} "
            "bytes differs): it was changed since; start over without --resume"
        )
    return sha


def _hash_file(sha: Any, f: BinaryIO, size: int | None = None) -> None:
    """Feed ``f`` (its first ``size`` bytes, or all of it) to ``sha``, a block at a time."""
    left = sys.maxsize if size is None else size
    while left > 0:
        block = f.read(min(_HASH_BLOCK, left))
        if not block:
            return
        sha.update(block)
        left -= len(block)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


class AppendFile:
    """A file that only grows by whole chunks and can be cut back to a known size.

    Opened lazily, so an errors file exists only when there is an error. ``size`` is
    the byte size after the last :meth:`append`, which is flushed and fsynced before
    it returns, and ``sha256`` the digest of those bytes: a checkpoint that records
    both may trust them. ``resume`` is such a ``(size, sha256)`` pair; it is checked
    against the file when the object is made, and the file is cut back to it only by
    :meth:`start`.

    A path that exists but is no regular file (``--errors /dev/null``, a FIFO) is
    never deleted or cut: it is only appended to.
    """

    def __init__(self, path: Path, resume: tuple[int, str] | None = None) -> None:
        self.path = path
        self.size = 0 if resume is None else resume[0]
        self._sha = hashlib.sha256()
        self._f: Any = None
        self.regular = path.is_file() or not path.exists()
        if resume is not None and self.regular:
            self._sha = hash_prefix(path, *resume)

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()

    def state(self) -> dict[str, Any]:
        """The checkpoint's record of this file: ``{"bytes", "sha256"}``."""
        return {"bytes": self.size, "sha256": self.sha256}

    def start(self) -> None:
        """Remove the file (nothing to keep) or cut it back to the resumed size."""
        if not self.regular:
            return
        if self.size == 0:
            self.path.unlink(missing_ok=True)
            return
        self._f = open(self.path, "r+b")  # noqa: SIM115 - closed in close()
        self._f.truncate(self.size)
        self._f.seek(self.size)

    def append(self, data: bytes) -> None:
        if not data:
            return
        with naming(self.path):
            if self._f is None:
                self._f = open(self.path, "ab")  # noqa: SIM115 - closed in close()
            self._f.write(data)
            self._f.flush()
            if self.regular:  # a device or a FIFO has nothing to sync (EINVAL)
                os.fsync(self._f.fileno())
        self.size += len(data)
        self._sha.update(data)

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None


def csv_bytes(rows: list[dict[str, Any]], header: bool) -> bytes:
    """Rows as CSV, byte for byte what ``events_to_frame(...).to_csv(index=False)`` prints.

    Written with the csv module directly (pandas uses the same quoting rules): a
    DataFrame per chunk would cost more than everything else the writer does. Unlike
    pandas, a field holding a carriage return is quoted (:func:`csv_lines`), or no
    reader could tell it from the end of the row.
    """
    names = list(COLUMNS)
    lines = [["" if row[n] is None else row[n] for n in names] for row in rows]
    return csv_lines([names, *lines] if header else lines).encode("utf-8")


def jsonl_bytes(rows: list[dict[str, Any]]) -> bytes:
    """Rows as JSON Lines (one event object per line, keys in COLUMNS order)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


class CsvWriter:
    """CSV: the header is written on a fresh start, each chunk appended below it."""

    def __init__(self, path: Path, state: dict[str, Any] | None) -> None:
        self.file = AppendFile(path, _resume_at(state))
        self.fresh = state is None

    def start(self) -> None:
        self.file.start()
        if self.fresh:
            self.file.append(csv_bytes([], header=True))

    def write(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.file.append(csv_bytes(rows, header=False))

    def state(self) -> dict[str, Any]:
        return self.file.state()

    def finalize(self) -> None:
        if self.file.size == 0:  # resumed at 0 bytes: still needs its header
            self.file.append(csv_bytes([], header=True))
        self.file.close()

    def cleanup(self) -> None:
        """Nothing to clean up: the CSV is the output."""


class JsonlWriter:
    """JSON Lines: each chunk appended; an empty result is an empty file."""

    def __init__(self, path: Path, state: dict[str, Any] | None) -> None:
        self.file = AppendFile(path, _resume_at(state))

    def start(self) -> None:
        self.file.start()
        with naming(self.file.path):
            self.file.path.touch()

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.file.append(jsonl_bytes(rows))

    def state(self) -> dict[str, Any]:
        return self.file.state()

    def finalize(self) -> None:
        self.file.close()

    def cleanup(self) -> None:
        """Nothing to clean up: the JSONL file is the output."""


def _resume_at(state: dict[str, Any] | None) -> tuple[int, str] | None:
    """The ``(size, sha256)`` a CSV/JSONL writer resumes at (None: a fresh start)."""
    return None if state is None else (state["bytes"], state["sha256"])


def arrow_schema() -> Any:
    """The Arrow schema of :data:`COLUMNS`, so every part has identical column types."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "Int64": pa.int64(),
        "Float64": pa.float64(),
        "boolean": pa.bool_(),
    }
    return pa.schema([(name, types[dtype]) for name, dtype in COLUMNS.items()])


class ParquetWriter:
    """Parquet through numbered part files in ``OUTPUT.parts/``, merged at the end.

    Each part is written under a temporary name and renamed, so a part either exists
    whole or not at all; the checkpoint lists the parts that belong to the output, with
    the SHA-256 of their bytes in order, and a resumed run checks them and deletes any
    other file it finds there.
    """

    def __init__(self, path: Path, state: dict[str, Any] | None) -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise InputError(
                "writing Parquet needs pyarrow: pip install 'eventcoder[parquet]'"
            ) from exc
        self.path = path
        self.parts_dir = path.with_name(path.name + ".parts")
        self.schema = arrow_schema()
        self.fresh = state is None
        self.parts: list[str] = [] if state is None else list(state["parts"])
        self._sha = hashlib.sha256()
        if state is not None:
            self._check_parts(state["sha256"])

    def _check_parts(self, digest: str) -> None:
        """Every part the checkpoint lists is there, with the bytes it recorded."""
        missing = [p for p in self.parts if not (self.parts_dir / p).is_file()]
        if missing:
            raise InputError(
                f"{self.parts_dir} lacks {len(missing)} part file(s) the checkpoint lists "
                f"({missing[0]}, ...): start over without --resume"
            )
        for name in self.parts:
            with open(self.parts_dir / name, "rb") as f:
                _hash_file(self._sha, f)
        if self._sha.hexdigest() != digest:
            raise InputError(
                f"{self.parts_dir}: the part files are not those the checkpoint recorded "
                "(SHA-256 differs): they were changed since; start over without --resume"
            )

    def start(self) -> None:
        if self.fresh:
            shutil.rmtree(self.parts_dir, ignore_errors=True)
            self.path.unlink(missing_ok=True)
        else:
            for extra in self._stray_files():
                extra.unlink()
        self.parts_dir.mkdir(parents=True, exist_ok=True)

    def _stray_files(self) -> list[Path]:
        if not self.parts_dir.is_dir():
            return []
        keep = set(self.parts)
        return [p for p in self.parts_dir.iterdir() if p.name not in keep]

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = _part_name(len(self.parts))
        tmp = self.parts_dir / (name + ".tmp")
        sha = self._sha.copy()
        with naming(tmp):
            pq.write_table(pa.Table.from_pylist(rows, schema=self.schema), tmp)
            with open(tmp, "rb") as f:
                _hash_file(sha, f)  # just written: read from the page cache
                os.fsync(f.fileno())
            os.replace(tmp, self.parts_dir / name)
        fsync_dir(self.parts_dir)
        self.parts.append(name)
        self._sha = sha

    def state(self) -> dict[str, Any]:
        return {"parts": list(self.parts), "sha256": self._sha.hexdigest()}

    def finalize(self) -> None:
        """Stream the parts, one at a time, into the output file (one row group each)."""
        import pyarrow.parquet as pq

        tmp = self.path.with_name(self.path.name + ".tmp")
        with naming(tmp):
            with pq.ParquetWriter(tmp, self.schema) as out:
                for name in self.parts:
                    out.write_table(pq.read_table(self.parts_dir / name, schema=self.schema))
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        fsync_dir(self.path.parent)

    def cleanup(self) -> None:
        shutil.rmtree(self.parts_dir, ignore_errors=True)


def read_events(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read an ``eventcoder code`` output (CSV, JSONL or Parquet) back as a typed frame.

    The result has the columns and dtypes of :data:`COLUMNS` whatever the format, so
    outputs of different formats (or of a resumed and an uninterrupted run) compare
    with ``DataFrame.equals``.
    """
    fmt = output_format(path)
    if fmt == "csv":
        frame = pd.read_csv(path, dtype=COLUMNS, keep_default_na=False, na_values=[""])
    elif fmt == "jsonl":
        rows = []
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
    else:
        import pyarrow.parquet as pq

        frame = pq.read_table(path).to_pandas()
    return frame.reindex(columns=list(COLUMNS)).astype(COLUMNS).reset_index(drop=True)
