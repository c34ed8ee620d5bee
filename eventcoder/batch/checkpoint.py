"""Checkpoints: a small JSON file that says how much of a run is safely on disk.

After each chunk the runner writes the output, then replaces ``OUTPUT.checkpoint``
atomically (write a temporary file, fsync, rename). The checkpoint holds the number of
input documents whose results are fully written, the writer state (output byte size
or Parquet part list), the errors-file size and running totals. Whatever happens after
the last checkpoint — a SIGKILL halfway through a chunk, a power cut — is thrown away
on ``--resume`` and redone, so nothing is lost and nothing is written twice.

The checkpoint also stores a fingerprint of the inputs and options: resuming with
different inputs, a different codebook or different reading options would splice two
different runs together, so it is refused.

A resume trusts the checkpoint to cut files and skip documents, so
:func:`load_checkpoint` accepts only the exact shape written here, sealed by a
SHA-256 ``checksum`` of its own content (a hand-edited ``docs_done`` would silently
drop documents); the SHA-256 of the output and errors bytes it vouches for is checked
against the files before anything is touched (see :mod:`~eventcoder.batch.writers`).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from eventcoder.batch.writers import (
    EMPTY_SHA256,
    count_problem,
    fsync_dir,
    naming,
    sha256_problem,
    state_problem,
)
from eventcoder.errors import InputError

VERSION = 2
_CHECKSUM = "checksum"
_COUNTS = ("docs_done", "errors_bytes", "sentences", "events", "errors")


@dataclass(slots=True)
class Checkpoint:
    """Where a batch run stands; everything in it is JSON-able."""

    fingerprint: dict[str, Any]
    docs_done: int = 0
    output_state: dict[str, Any] = field(default_factory=dict)
    errors_bytes: int = 0
    errors_sha256: str = EMPTY_SHA256
    sentences: int = 0
    events: int = 0
    errors: int = 0
    elapsed: float = 0.0
    complete: bool = False
    version: int = VERSION

    def to_json(self) -> str:
        """The checkpoint as JSON, sealed with the checksum of its content."""
        data = asdict(self)
        data[_CHECKSUM] = _checksum(data)
        return json.dumps(data, indent=1, sort_keys=True)


def _checksum(data: dict[str, Any]) -> str:
    """SHA-256 of the content (without the checksum), in one canonical JSON form."""
    content = {k: v for k, v in data.items() if k != _CHECKSUM}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def checkpoint_path(output: Path) -> Path:
    """``OUTPUT.checkpoint`` next to the output file."""
    return output.with_name(output.name + ".checkpoint")


def save_checkpoint(path: Path, ckpt: Checkpoint) -> None:
    """Replace the checkpoint atomically: a reader sees the old one or the new one."""
    tmp = path.with_name(path.name + ".tmp")
    with naming(tmp), open(tmp, "w", encoding="utf-8") as f:
        f.write(ckpt.to_json())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def load_checkpoint(path: Path) -> Checkpoint:
    """Read a checkpoint; a missing, unreadable or malformed one is an :class:`InputError`.

    Malformed means anything but the exact shape :meth:`Checkpoint.to_json` writes,
    with a matching checksum: a resume acts on these numbers, so a damaged or edited
    checkpoint is refused rather than trusted.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"nothing to resume: {path} does not exist (run without --resume to start)"
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the checkpoint {path}: {exc}") from exc
    if isinstance(data, dict) and "version" in data and data["version"] != VERSION:
        raise InputError(
            f"{path} was written by another version of eventcoder "
            f"(checkpoint version {data['version']!r}, expected {VERSION}); start over"
        )
    problem = shape_problem(data)
    if problem is not None:
        raise InputError(
            f"cannot read the checkpoint {path}: {problem}; start over without --resume"
        )
    del data[_CHECKSUM]
    return Checkpoint(**data)


def shape_problem(data: object) -> str | None:
    """What is wrong with parsed checkpoint JSON, if anything (keys, types, checksum)."""
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object"
    keys = {f.name for f in fields(Checkpoint)} | {_CHECKSUM}
    if set(data) != keys:
        unknown, missing = sorted(set(data) - keys), sorted(keys - set(data))
        return f"unknown key(s) {unknown}, missing key(s) {missing}"
    return (
        _types_problem(data)
        or (None if data[_CHECKSUM] == _checksum(data) else "its checksum does not match")
        or state_problem(str(data["fingerprint"].get("output_format")), data["output_state"])
    )


def _types_problem(data: dict[str, Any]) -> str | None:
    """A value of the wrong type or sign: a negative size would cut a file wrong."""
    for name in _COUNTS:
        problem = count_problem(name, data[name])
        if problem is not None:
            return problem
    elapsed = data["elapsed"]
    if type(elapsed) not in (int, float) or not math.isfinite(elapsed) or elapsed < 0:
        return f"elapsed is {elapsed!r}, not a number of seconds"
    if not isinstance(data["fingerprint"], dict):
        return "fingerprint is not an object"
    if type(data["complete"]) is not bool:
        return f"complete is {data['complete']!r}, not true or false"
    return sha256_problem("errors_sha256", data["errors_sha256"]) or sha256_problem(
        _CHECKSUM, data[_CHECKSUM]
    )


def check_fingerprint(ckpt: Checkpoint, fingerprint: dict[str, Any], path: Path) -> None:
    """Refuse to resume a run whose inputs or options differ from the checkpoint's."""
    old = ckpt.fingerprint
    changed = sorted(k for k in set(old) | set(fingerprint) if old.get(k) != fingerprint.get(k))
    if changed:
        detail = "; ".join(f"{k}: {old.get(k)!r} -> {fingerprint.get(k)!r}" for k in changed)
        raise InputError(
            f"{path} belongs to a different run ({detail}); "
            "resume with the same inputs and options, or start over without --resume"
        )
