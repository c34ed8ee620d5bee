"""Code with Dask: a Dask DataFrame partition by partition, or a batch run on a cluster.

Install with ``pip install 'eventcoder[dask]'``.

The parser model is loaded once per worker *process*: tasks carry a
:class:`~eventcoder.batch.engine.CoderSpec` (a few strings and flags), never a
``Coder`` with a spaCy pipeline inside, and :func:`~eventcoder.batch.engine.coder_for`
builds the coder on the worker the first time a task needs it and keeps it for every
later task and partition. Run workers with ``threads_per_worker=1`` (one parser per
process; spaCy gains nothing from threads) and as many processes as cores.

>>> import dask.dataframe as dd                                   # doctest: +SKIP
>>> from eventcoder.dask import code_dataframe                     # doctest: +SKIP
>>> news = dd.read_parquet("news/*.parquet")                      # doctest: +SKIP
>>> events = code_dataframe(news, text="body", date="published", id="url")  # doctest: +SKIP
>>> events.to_parquet("events/")                                  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd

from eventcoder.batch.engine import (
    MEMORY_ZONE_DOCS,
    CoderSpec,
    code_stream,
    coder_for,
    ordered_results,
    sigint_ignored,
)
from eventcoder.batch.items import BAD_DATE, DocResult, InputDoc
from eventcoder.coder import DEFAULT_MAX_CHARS, to_date
from eventcoder.errors import InputError
from eventcoder.records import COLUMNS, events_to_frame

if TYPE_CHECKING:
    import dask.dataframe as dd

ON_ERROR = ("raise", "skip")


def code_dataframe(
    ddf: dd.DataFrame,
    text: str = "text",
    date: str | None = "date",
    id: str | None = "id",
    codebook: str | os.PathLike[str] | None = None,
    model: str | None = None,
    *,
    ner: bool = True,
    emit: str | Iterable[str] = "asserted",
    require_source: bool = True,
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = 64,
    on_error: str = "raise",
    **coder_options: Any,
) -> dd.DataFrame:
    """Code a Dask DataFrame's text column; one row per event, columns :data:`COLUMNS`.

    Lazy like any Dask operation: nothing runs until ``.compute()`` / ``.to_parquet()``.
    Rows are the same as :meth:`Coder.code_frame` on the whole frame (``doc_id`` from
    the ``id`` column, else the index), partition by partition, in partition order.
    ``on_error="skip"`` drops documents that cannot be coded (a bad date, an oversize
    text) instead of failing the partition. Other keyword arguments go to
    :class:`~eventcoder.coder.Coder` on the workers.
    """
    if on_error not in ON_ERROR:
        raise ValueError(f"on_error must be one of {ON_ERROR}, not {on_error!r}")
    if text not in ddf.columns:
        raise InputError(f"no text column {text!r} (columns: {', '.join(map(str, ddf.columns))})")
    spec = CoderSpec.make(
        codebook,
        model,
        ner=ner,
        emit=emit,
        require_source=require_source,
        max_chars=max_chars,
        **coder_options,
    )
    events: dd.DataFrame = ddf.map_partitions(
        code_partition,
        spec,
        text,
        date,
        id,
        batch_size,
        on_error,
        meta=events_to_frame([]),
        enforce_metadata=False,
        align_dataframes=False,
    )
    return events


def code_partition(
    pdf: pd.DataFrame,
    spec: CoderSpec,
    text: str = "text",
    date: str | None = "date",
    id: str | None = "id",
    batch_size: int = 64,
    on_error: str = "raise",
) -> pd.DataFrame:
    """Code one pandas partition with this worker's cached coder.

    No read-ahead thread (:mod:`eventcoder.backends.ahead`): a cluster gives each core
    a worker already, and a second thread per worker would compete for it.
    """
    coder = coder_for(spec)
    rows: list[dict[str, Any]] = []
    docs = partition_docs(pdf, text, date, id)
    for result in code_stream(
        coder, docs, batch_size=batch_size, zone_docs=_zone_docs(), read_ahead=False
    ):
        if result.error is not None:
            if on_error == "raise":
                raise InputError(f"document {result.doc_id!r}: {result.error}")
            continue
        rows.extend(result.rows)
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(COLUMNS)


def partition_docs(
    pdf: pd.DataFrame, text: str, date: str | None, id: str | None
) -> Iterator[InputDoc]:
    """Documents of one partition, read the way :meth:`Coder.code_frame` reads a frame."""
    dates = pdf[date] if date and date in pdf.columns else [None] * len(pdf)
    ids = pdf[id] if id and id in pdf.columns else [str(i) for i in pdf.index]
    for n, (value, day, ident) in enumerate(zip(pdf[text], dates, ids, strict=True)):
        if value is None or (isinstance(value, float) and value != value):
            value = ""
        doc = InputDoc(n, None if ident is None else str(ident), str(value), None, "", f"row {n}")  # type: ignore[arg-type]
        try:
            doc.date = to_date(day)
        except InputError as exc:
            doc.fail(BAD_DATE, str(exc))
        yield doc


def code_chunk(spec: CoderSpec, docs: list[InputDoc], batch_size: int = 64) -> list[DocResult]:
    """A Dask task of a batch run: code one chunk of documents on this worker."""
    coder = coder_for(spec)
    return list(
        code_stream(coder, docs, batch_size=batch_size, zone_docs=_zone_docs(), read_ahead=False)
    )


def _zone_docs() -> int:
    """spaCy memory zones only on single-threaded workers (threads share the parser)."""
    try:
        from distributed import get_worker

        threads = get_worker().state.nthreads
    except (ImportError, ValueError, AttributeError):  # not on a worker: local scheduler
        threads = 0
    return MEMORY_ZONE_DOCS if threads == 1 else 0


def code_on_cluster(
    docs: Iterable[InputDoc],
    spec: CoderSpec,
    *,
    scheduler: str | None = None,
    n_workers: int = 2,
    batch_size: int = 64,
    task_size: int = 500,
) -> Generator[DocResult, None, None]:
    """The Dask engine of ``eventcoder code --engine dask``: results in input order.

    Documents are read here and sent to the cluster ``task_size`` at a time, with at
    most two tasks per worker in flight, so memory stays flat on both sides and the
    runner writes (and checkpoints) results in order exactly as with the local engine.
    ``scheduler`` is the address of an existing cluster; without one a
    ``LocalCluster`` of ``n_workers`` single-threaded worker processes is started here.
    """
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        with sigint_ignored():  # workers keep going on Ctrl-C; this process stops cleanly
            cluster = LocalCluster(
                n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
        client = Client(cluster)
    try:
        workers = len(client.scheduler_info().get("workers", {})) or n_workers
        yield from ordered_results(
            lambda task: client.submit(code_chunk, spec, task, batch_size, pure=False),
            docs,
            task_size=task_size,
            in_flight=2 * max(1, workers),
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


__all__ = ["code_chunk", "code_dataframe", "code_on_cluster", "code_partition"]
