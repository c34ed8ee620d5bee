"""Tutorial 2: code a corpus to a Parquet file with `eventcoder code`.

    python docs/examples/batch_to_parquet.py

Runs the command line on data/stories.jsonl (one JSON object per story: id, date,
text), exactly as you would in a shell:

    eventcoder code data/stories.jsonl -o events.parquet \\
        --text-col text --id-col id --date-col date

then reads the result with pandas. Writes events.parquet, events.parquet.errors.jsonl,
events.parquet.checkpoint and events_per_story.csv to the current directory.
"""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from eventcoder.batch import read_events

STORIES = Path(__file__).resolve().parent / "data" / "stories.jsonl"
EVENTCODER = [sys.executable, "-m", "eventcoder"]  # the `eventcoder` command


def eventcoder(*args: str) -> None:
    print("$ eventcoder", " ".join(args))
    subprocess.run([*EVENTCODER, *args], check=True)


# 1. Code the corpus. One story has a bad date: it goes to the errors file and the
#    run goes on.
eventcoder(
    "code", str(STORIES), "-o", "events.parquet",
    "--text-col", "text", "--id-col", "id", "--date-col", "date",
)  # fmt: skip

# 2. What could not be coded, and why.
for line in Path("events.parquet.errors.jsonl").read_text().splitlines():
    error = json.loads(line)
    print(f"not coded: {error['doc_id']} ({error['location']}): {error['reason']}")

# 3. The events: plain pandas works; read_events also restores eventcoder's dtypes
#    for CSV and JSONL outputs.
events = pd.read_parquet("events.parquet")
assert list(events.columns) == list(read_events("events.parquet").columns)
columns = ["doc_id", "sentence_index", "source_code", "code", "target_code", "event_date"]
print(events[columns].to_string(index=False))

per_story = events.groupby("doc_id").agg(
    events=("code", "size"), mean_goldstein=("goldstein", "mean")
)
per_story.to_csv("events_per_story.csv")
print(per_story.round(2).to_string())

# 4. The run is checkpointed: after a crash or Ctrl-C, the same command with --resume
#    finishes it. On a run that is already complete it has nothing left to do.
checkpoint = json.loads(Path("events.parquet.checkpoint").read_text())
print("checkpoint complete:", checkpoint["complete"])
