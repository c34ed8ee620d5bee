"""Tutorial 3: score the coder against a small gold file and read the report.

    python docs/examples/evaluate_gold.py

data/gold.jsonl holds 14 hand-coded sentences (the format of docs/gold-format.md).
The same run from a shell:

    eventcoder evaluate docs/examples/data/gold.jsonl --report report.html

Writes report.html (self-contained: open it in a browser) and scores.json to the
current directory.
"""

import json
from pathlib import Path

import eventcoder as ec
from eventcoder.evaluate.report import write_report

GOLD = Path(__file__).resolve().parent / "data" / "gold.jsonl"

coder = ec.Coder()
# 1000 bootstrap resamples is the default; 200 is plenty for 14 records.
result = ec.evaluate(coder, GOLD, resamples=200)

# 1. The levels: from "was any event found" to "same code and same actors".
print(f"{'level':<20} {'P':>5} {'R':>5} {'F1':>5}   95% CI of F1   records")
for level in result.levels:
    c = level.counts
    if c.f1 is None:  # e.g. the ACLED levels: this gold names no ACLED types
        continue
    low, high = level.ci["f1"] if level.ci.get("f1") else (None, None)
    ci = f"[{low:.2f}, {high:.2f}]" if low is not None else ""
    print(
        f"{level.label:<20} {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f}"
        f"   {ci:<14} {level.records:>5}"
    )

# 2. Every record with a mistake, and what differs.
print()
for record in result.errors:
    print(f"{record.record.id}: {record.record.text}")
    for miss in record.missed:
        print("   missed:", "; ".join(miss.differences) or "no prediction at all")
    for extra in record.extra:
        event = record.predicted[extra.predicted]
        print(f"   extra:  {event.code} from pattern {event.pattern_id!r}")

# 3. The same numbers for machines, and the HTML report for people.
Path("scores.json").write_text(json.dumps(result.to_dict(), indent=1, default=str))
write_report(result, "report.html")
print("\nwrote report.html, scores.json")
