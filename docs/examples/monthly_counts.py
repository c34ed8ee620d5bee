"""Tutorial 1: code a CSV column and plot monthly conflict and cooperation.

    python docs/examples/monthly_counts.py

Reads data/news.csv (one news item per row: id, date, text) and writes, in the
current directory: events.csv (one row per event), monthly_counts.csv and
monthly_quad_class.png.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # write files; no window needed

import matplotlib.pyplot as plt
import pandas as pd

import eventcoder as ec

NEWS = Path(__file__).resolve().parent / "data" / "news.csv"
QUAD_CLASSES = [  # CAMEO's four quad classes, cooperation first
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
]
COLOURS = ["#9ecae1", "#3182bd", "#fc9272", "#de2d26"]

# 1. Read the stories and code the text column: one row per event.
news = pd.read_csv(NEWS)
coder = ec.Coder()  # loads spaCy and the shipped CAMEO codebook (a few seconds)
events = coder.code_frame(news, text="text", date="date", id="id")
events.to_csv("events.csv", index=False)

print(f"{len(news)} stories -> {len(events)} events")
columns = ["doc_id", "source_code", "code", "target_code", "name", "quad_class_name"]
print(events[columns].head(8).to_string(index=False))

# 2. Count events per month and quad class. event_date is the event's own date
#    (the story date unless the text says otherwise: "on Monday", "last week").
events["month"] = pd.to_datetime(events["event_date"]).dt.to_period("M")
counts = (
    events.groupby(["month", "quad_class_name"])
    .size()
    .unstack(fill_value=0)
    # every quad class, in order, even in a month that has none of one
    .reindex(columns=QUAD_CLASSES, fill_value=0)
)
counts.to_csv("monthly_counts.csv")
print()
print(counts.to_string())

# 3. A summary per month: cooperation minus conflict, and the mean Goldstein score.
summary = pd.DataFrame(
    {
        "cooperation": counts[QUAD_CLASSES[:2]].sum(axis=1),
        "conflict": counts[QUAD_CLASSES[2:]].sum(axis=1),
        "mean_goldstein": events.groupby("month")["goldstein"].mean().round(2),
    }
)
print()
print(summary.to_string())

# 4. Plot: bars per quad class, month by month.
fig, ax = plt.subplots(figsize=(8, 4))
counts.index = counts.index.strftime("%b %Y")
counts.plot(kind="bar", ax=ax, color=COLOURS, width=0.8)
ax.set_xlabel("")
ax.set_ylabel("events")
ax.set_title("Coded events by month and quad class")
ax.tick_params(axis="x", rotation=0)
ax.legend(title=None, frameon=False, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.08))
fig.tight_layout()
fig.savefig("monthly_quad_class.png", dpi=120)
print("\nwrote events.csv, monthly_counts.csv, monthly_quad_class.png")
