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

import csv
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from eventcoder.errors import InputError
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
    """What the runner needs from an output writer."""

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Append one chunk of event rows durably (flushed and fsynced)."""

    def state(self) -> dict[str, Any]:
        """Where the output stands now; a checkpoint stores it."""

    def finalize(self) -> None:
        """Make the output complete (Parquet: merge the parts into the output file)."""

    def cleanup(self) -> None:
        """Remove what only a resume would need, once the checkpoint says complete."""


def open_writer(path: Path, state: dict[str, Any] | None) -> Writer:
    """A writer for ``path`` (format from the extension): fresh, or resumed at ``state``."""
    fmt = output_format(path)
    if fmt == "csv":
        return CsvWriter(path, state)
    if fmt == "jsonl":
        return JsonlWriter(path, state)
    return ParquetWriter(path, state)


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
    it returns: a checkpoint that records the size may trust it.
    """

    def __init__(self, path: Path, resume_size: int | None) -> None:
        self.path = path
        self.size = 0
        self._f: Any = None
        if resume_size is None or resume_size == 0:
            path.unlink(missing_ok=True)
            return
        actual = path.stat().st_size if path.exists() else -1
        if actual < resume_size:
            raise InputError(
                f"{path} has {max(actual, 0)} bytes but the checkpoint recorded {resume_size}: "
                "it was changed since; start over without --resume"
            )
        self._f = open(path, "r+b")  # noqa: SIM115 - closed in close()
        self._f.truncate(resume_size)
        self._f.seek(resume_size)
        self.size = resume_size

    def append(self, data: bytes) -> None:
        if not data:
            return
        if self._f is None:
            self._f = open(self.path, "ab")  # noqa: SIM115 - closed in close()
        self._f.write(data)
        self._f.flush()
        os.fsync(self._f.fileno())
        self.size += len(data)

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None


def csv_bytes(rows: list[dict[str, Any]], header: bool) -> bytes:
    """Rows as CSV, byte for byte what ``events_to_frame(...).to_csv(index=False)`` prints.

    Written with the csv module directly (pandas uses the same quoting rules): a
    DataFrame per chunk would cost more than everything else the writer does.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(COLUMNS)
    names = list(COLUMNS)
    writer.writerows([["" if row[n] is None else row[n] for n in names] for row in rows])
    return out.getvalue().encode("utf-8")


def jsonl_bytes(rows: list[dict[str, Any]]) -> bytes:
    """Rows as JSON Lines (one event object per line, keys in COLUMNS order)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


class CsvWriter:
    """CSV: the header is written on a fresh start, each chunk appended below it."""

    def __init__(self, path: Path, state: dict[str, Any] | None) -> None:
        self.file = AppendFile(path, state["bytes"] if state else None)
        if state is None:
            self.file.append(csv_bytes([], header=True))

    def write(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.file.append(csv_bytes(rows, header=False))

    def state(self) -> dict[str, Any]:
        return {"bytes": self.file.size}

    def finalize(self) -> None:
        if self.file.size == 0:  # resumed at 0 bytes: still needs its header
            self.file.append(csv_bytes([], header=True))
        self.file.close()

    def cleanup(self) -> None:
        """Nothing to clean up: the CSV is the output."""


class JsonlWriter:
    """JSON Lines: each chunk appended; an empty result is an empty file."""

    def __init__(self, path: Path, state: dict[str, Any] | None) -> None:
        self.file = AppendFile(path, state["bytes"] if state else None)
        path.touch()

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.file.append(jsonl_bytes(rows))

    def state(self) -> dict[str, Any]:
        return {"bytes": self.file.size}

    def finalize(self) -> None:
        self.file.close()

    def cleanup(self) -> None:
        """Nothing to clean up: the JSONL file is the output."""


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
    whole or not at all; the checkpoint lists the parts that belong to the output, and
    a resumed run deletes any other file it finds there.
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
        if state is None:
            shutil.rmtree(self.parts_dir, ignore_errors=True)
            path.unlink(missing_ok=True)
            self.parts: list[str] = []
        else:
            self.parts = list(state["parts"])
            missing = [p for p in self.parts if not (self.parts_dir / p).is_file()]
            if missing:
                raise InputError(
                    f"{self.parts_dir} lacks {len(missing)} part file(s) the checkpoint lists "
                    f"({missing[0]}, ...): start over without --resume"
                )
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

        name = f"part-{len(self.parts):06d}.parquet"
        tmp = self.parts_dir / (name + ".tmp")
        pq.write_table(pa.Table.from_pylist(rows, schema=self.schema), tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, self.parts_dir / name)
        fsync_dir(self.parts_dir)
        self.parts.append(name)

    def state(self) -> dict[str, Any]:
        return {"parts": list(self.parts)}

    def finalize(self) -> None:
        """Stream the parts, one at a time, into the output file (one row group each)."""
        import pyarrow.parquet as pq

        tmp = self.path.with_name(self.path.name + ".tmp")
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
