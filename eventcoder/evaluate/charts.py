"""Charts for the HTML report, drawn with matplotlib and returned as base64 PNG.

The report must be one self-contained file, so each chart is a ``data:`` URI. Figures
are built with :class:`matplotlib.figure.Figure` (no pyplot): no global state, no GUI
backend, safe in a library.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from eventcoder.errors import EventcoderError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from eventcoder.evaluate.results import CategoryScore, Confusion, LevelScore

BLUE, ORANGE, GREEN = "#4c72b0", "#dd8452", "#55a868"


def _figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise EventcoderError(
            "the HTML report draws its charts with matplotlib: "
            'pip install "eventcoder[eval]" (or pip install matplotlib)'
        ) from exc
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def to_data_uri(fig: Figure) -> str:
    """The figure as a ``data:image/png;base64,...`` URI."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def level_chart(scores: Sequence[LevelScore]) -> str:
    """Grouped bars of precision, recall and F1 per level; F1 with its 95% interval."""
    fig = _figure(8, 0.45 * len(scores) + 1.2)
    ax = fig.add_subplot()
    ys = range(len(scores))
    h = 0.26
    for off, (name, color) in enumerate((("precision", BLUE), ("recall", ORANGE), ("f1", GREEN))):
        vals = [getattr(s.counts, name) or 0.0 for s in scores]
        pos = [y + (off - 1) * h for y in ys]
        err = _f1_errors(scores) if name == "f1" else None
        ax.barh(pos, vals, height=h, color=color, label=name, xerr=err, capsize=2)
    ax.set_yticks(list(ys), [s.label for s in scores])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("score (F1 bars: 95% bootstrap interval)")
    ax.legend(loc="lower right", fontsize="small")
    return to_data_uri(fig)


def _f1_errors(scores: Sequence[LevelScore]) -> list[list[float]]:
    """Distances from each F1 to the ends of its interval (0 where there is none)."""
    lo, hi = [], []
    for s in scores:
        f1 = s.counts.f1 or 0.0
        low, high = s.ci.get("f1", (None, None))
        lo.append(max(0.0, f1 - low) if low is not None else 0.0)
        hi.append(max(0.0, high - f1) if high is not None else 0.0)
    return [lo, hi]


def confusion_chart(confusion: Confusion) -> str:
    """Heatmap of gold root (rows) x predicted root (columns), counts written in."""
    labels = list(confusion.labels)
    n = len(labels)
    size = max(3.5, 0.38 * n + 1.5)
    fig = _figure(size, size)
    ax = fig.add_subplot()
    ax.imshow(confusion.matrix, cmap="Blues")
    ax.set_xticks(range(n), labels, rotation=90)
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("predicted root")
    ax.set_ylabel("gold root")
    top = max((v for row in confusion.matrix for v in row), default=0)
    for i, row in enumerate(confusion.matrix):
        for j, v in enumerate(row):
            if v:
                color = "white" if v > top / 2 else "black"
                ax.text(j, i, str(v), ha="center", va="center", fontsize=7, color=color)
    return to_data_uri(fig)


def category_chart(rows: Sequence[CategoryScore], title: str) -> str:
    """F1 per category as horizontal bars, each labelled with its support."""
    fig = _figure(7, 0.28 * len(rows) + 1.0)
    ax = fig.add_subplot()
    vals = [r.counts.f1 or 0.0 for r in rows]
    ax.barh(range(len(rows)), vals, color=GREEN)
    ax.set_yticks(range(len(rows)), [r.category for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.12)
    ax.set_xlabel("F1")
    ax.set_title(title, fontsize=10)
    for y, (v, r) in enumerate(zip(vals, rows, strict=True)):
        ax.text(v + 0.01, y, f"n={r.counts.n_gold}", va="center", fontsize=7)
    return to_data_uri(fig)
