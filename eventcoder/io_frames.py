"""Event frames to CSV and back, exactly: every column, every value, every dtype.

``events_to_frame(events).to_csv(path, index=False)`` is what most people write, and
reading it back with ``pd.read_csv(path)`` loses things: the dtypes of
:data:`~eventcoder.records.COLUMNS` (``Int64``, ``boolean``, ``string``), empty strings
(``wrappers`` and ``evidence`` are ``""`` for most events; CSV cannot tell them from a
missing value), text that pandas takes for a missing value (``"NA"``, ``"null"``), and
whole rows when a sentence holds a carriage return (pandas and the ``csv`` module do
not quote a lone ``\\r``, and every CSV reader then breaks the row there).

:func:`write_events_csv` quotes every field holding a line break, and
:func:`read_events_csv` reads with the documented dtypes and puts back the empty
strings CSV drops: in columns an :class:`~eventcoder.records.Event` never leaves empty
(``date_precision``, ``wrappers``, ``sentence``...), and in an actor's or a location's
text when the actor or location is there (its offsets are). What stays ambiguous: an
*optional* text that is the empty string (``plover_mode = ""``, ``modality = ""``)
reads back as missing.

>>> from eventcoder.io_frames import read_events_csv, write_events_csv
>>> write_events_csv(ec.events_to_frame(events), "events.csv")   # doctest: +SKIP
>>> frame = read_events_csv("events.csv")                          # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from eventcoder.errors import InputError
from eventcoder.records import COLUMNS

if TYPE_CHECKING:
    import pandas as pd

#: String columns that :func:`~eventcoder.records.events_to_frame` never leaves missing.
NEVER_MISSING = (
    "date_precision",
    "date_text",
    "tense",
    "code",
    "name",
    "root",
    "quad_class_name",
    "status",
    "sentence",
    "predicate",
    "pattern_id",
    "wrappers",
    "evidence",
)
#: Text columns that are ``""`` rather than missing when their group is present,
#: keyed by a column that is never missing when it is (an offset or a precision).
PRESENT_IF = {
    "source_text": "source_start",
    "target_text": "target_start",
    "location_name": "geo_precision",
    "location_text": "geo_precision",
}


def events_csv_text(frame: pd.DataFrame) -> str:
    """An event frame as CSV text: a header, then one line per row ending in ``\\n``.

    Like ``frame.to_csv(index=False)``, except that a field holding ``\\r`` is quoted
    too, so no reader can break the row there.
    """
    import pandas as pd

    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"not an event frame: no column(s) {', '.join(missing)}")
    rows = frame[list(COLUMNS)].itertuples(index=False, name=None)
    blanked = (["" if v is None or v is pd.NA else v for v in values] for values in rows)
    return csv_lines([list(COLUMNS), *blanked])


def csv_lines(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV lines ending in ``\\n``, with every field holding ``\\r`` or ``\\n`` quoted.

    The csv module (and pandas) quote only the characters of the line terminator, so
    with ``"\\n"`` a lone ``\\r`` goes out bare and every CSV reader breaks the row
    there. With ``"\\r\\n"`` as the terminator both are quoted; each line is then
    re-terminated with ``"\\n"`` alone. The batch writer shares this with
    :func:`events_csv_text`, so both write the same bytes.
    """
    out = io.StringIO()
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\r\n")
    for values in rows:
        line.seek(0)
        line.truncate()
        writer.writerow(values)
        out.write(line.getvalue()[:-2] + "\n")
    return out.getvalue()


def write_events_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write an event frame (:func:`~eventcoder.records.events_to_frame`) as UTF-8 CSV."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(events_csv_text(frame))


def read_events_csv(source: str | os.PathLike[str] | io.StringIO) -> pd.DataFrame:
    """Read an event CSV back with the columns and dtypes of :data:`COLUMNS`.

    Only ``""`` is missing (``"NA"``, ``"null"`` and ``"nan"`` stay text), and empty
    strings are restored where an event cannot have a missing value (see the module
    docstring). Raises :class:`~eventcoder.errors.InputError` for a file that is not an
    event table.
    """
    import pandas as pd

    try:
        frame = pd.read_csv(
            source,
            dtype=COLUMNS,
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8",
        )
    except (ValueError, TypeError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"not an event CSV: {exc}") from exc
    if list(frame.columns) != list(COLUMNS):
        raise InputError(
            "not an event CSV: the header is not eventcoder.COLUMNS "
            f"(got {', '.join(map(str, frame.columns[:5]))}...)"
        )
    for name in NEVER_MISSING:
        frame[name] = frame[name].fillna("")
    for name, anchor in PRESENT_IF.items():
        present = frame[anchor].notna() & frame[name].isna()
        frame.loc[present, name] = ""
    return frame.astype(COLUMNS).reset_index(drop=True)


__all__ = [
    "NEVER_MISSING",
    "PRESENT_IF",
    "csv_lines",
    "events_csv_text",
    "read_events_csv",
    "write_events_csv",
]
