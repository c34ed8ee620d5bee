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
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eventcoder.batch.writers import fsync_dir
from eventcoder.errors import InputError

VERSION = 1


@dataclass(slots=True)
class Checkpoint:
    """Where a batch run stands; everything in it is JSON-able."""

    fingerprint: dict[str, Any]
    docs_done: int = 0
    output_state: dict[str, Any] = field(default_factory=dict)
    errors_bytes: int = 0
    sentences: int = 0
    events: int = 0
    errors: int = 0
    elapsed: float = 0.0
    complete: bool = False
    version: int = VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)


def checkpoint_path(output: Path) -> Path:
    """``OUTPUT.checkpoint`` next to the output file."""
    return output.with_name(output.name + ".checkpoint")


def save_checkpoint(path: Path, ckpt: Checkpoint) -> None:
    """Replace the checkpoint atomically: a reader sees the old one or the new one."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(ckpt.to_json())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def load_checkpoint(path: Path) -> Checkpoint:
    """Read a checkpoint; a missing or unreadable one is an :class:`InputError`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"nothing to resume: {path} does not exist (run without --resume to start)"
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the checkpoint {path}: {exc}") from exc
    if data.get("version") != VERSION:
        raise InputError(
            f"{path} was written by another version of eventcoder "
            f"(checkpoint version {data.get('version')!r}, expected {VERSION}); start over"
        )
    return Checkpoint(**data)


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
