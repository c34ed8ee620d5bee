"""Batch coding at scale: stream a corpus from files to a table of events.

One job per module:

* :mod:`~eventcoder.batch.readers` - text / JSONL / CSV / Parquet / stdin to documents;
* :mod:`~eventcoder.batch.engine` - documents to events, fault by fault;
* :mod:`~eventcoder.batch.writers` - events to CSV / JSONL / Parquet, chunk by chunk;
* :mod:`~eventcoder.batch.checkpoint` - what is safely on disk, for ``--resume``;
* :mod:`~eventcoder.batch.runner` - the loop that ties them together.

``eventcoder code`` is a thin command-line layer over :func:`run_batch`; see
``docs/batch.md``.
"""

from eventcoder.batch.engine import CoderSpec, code_stream, coder_for
from eventcoder.batch.items import DocResult, InputDoc
from eventcoder.batch.readers import ReadOptions, read_inputs
from eventcoder.batch.runner import BatchConfig, Summary, run_batch
from eventcoder.batch.writers import read_events

__all__ = [
    "BatchConfig",
    "CoderSpec",
    "DocResult",
    "InputDoc",
    "ReadOptions",
    "Summary",
    "code_stream",
    "coder_for",
    "read_events",
    "read_inputs",
    "run_batch",
]
