"""Evaluation results as text: rich tables for the terminal, and Markdown for the README.

Also the one-line descriptions of gold and predicted events that the HTML report
shares, so an event reads the same everywhere (``036 USAGOV→PRK``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

import eventcoder
from eventcoder.evaluate.levels import LEVEL_BY_NAME
from eventcoder.evaluate.matching import NONE

if TYPE_CHECKING:
    from eventcoder.evaluate.compare import Comparison
    from eventcoder.evaluate.gold import GoldEvent
    from eventcoder.evaluate.results import (
        AttributeScore,
        CategoryScore,
        EvaluationResult,
        Interval,
        LevelScore,
        RecordResult,
    )
    from eventcoder.records import Event

DASH = "—"


def num(value: float | None) -> str:
    """A score with three decimals, or a dash when undefined."""
    return DASH if value is None else f"{value:.3f}"


def with_ci(value: float | None, ci: Interval | None) -> str:
    """``0.812 (0.750–0.871)``; the interval is left out when it was not computed."""
    if value is None:
        return DASH
    if not ci or ci[0] is None or ci[1] is None:
        return num(value)
    return f"{value:.3f} ({ci[0]:.3f}–{ci[1]:.3f})"


def signed(value: float | None) -> str:
    return DASH if value is None else f"{value:+.3f}"


def shown(scores: Sequence[LevelScore]) -> list[LevelScore]:
    """Levels with something to score (ACLED levels vanish until gold or events have it)."""
    return [s for s in scores if s.records and (s.counts.n_gold or s.counts.n_pred)]


def describe_gold(e: GoldEvent) -> str:
    """A gold event in one line: code or type, then the actors."""
    what = e.code or e.plover or "/".join(x for x in (e.acled_type, e.acled_sub_type) if x)
    src = e.source or e.source_text or "?"
    tgt = e.target or e.target_text or NONE
    extra = f" ({e.plover})" if e.code and e.plover else ""
    return f"{what}{extra} {src}→{tgt}"


def describe_event(e: Event) -> str:
    """A predicted event in one line, with the pattern that fired."""
    src = (e.source.code or "?") if e.source else "?"
    tgt = (e.target.code or "?") if e.target else NONE
    return f"{e.code} {src}→{tgt} [{e.pattern_id}]"


# -- terminal ---------------------------------------------------------------------


def ci_text(ci: Interval | None) -> str:
    """``0.750–0.871``, or a dash when there is no interval."""
    if not ci or ci[0] is None or ci[1] is None:
        return DASH
    return f"{ci[0]:.3f}–{ci[1]:.3f}"


def level_table(result: EvaluationResult, title: str = "Scores") -> Table:
    """Levels x P/R/F1, the F1 interval, and the counts behind them.

    The terminal shows the interval of F1 only (to fit 80 columns); the Markdown, HTML
    and JSON outputs have the intervals of all three.
    """
    table = Table(title=title, title_justify="left")
    table.add_column("level")
    for col in ("P", "R", "F1", "F1 95% CI"):
        table.add_column(col, justify="right", no_wrap=True)
    for col in ("gold", "pred", "tp"):
        table.add_column(col, justify="right", style="dim")
    for s in shown(result.levels):
        c = s.counts
        table.add_row(
            s.label,
            num(c.precision),
            num(c.recall),
            num(c.f1),
            ci_text(s.ci.get("f1")),
            str(c.n_gold),
            str(c.n_pred),
            str(c.tp),
        )
    return table


def annotated(result: EvaluationResult) -> list[AttributeScore]:
    """Date and location rows the gold annotates (none: the gold has no dates or places)."""
    return [s for s in result.when_where if s.annotated]


#: What the date and location table scores, under it in every output.
WHEN_WHERE_NOTE = (
    "Accuracy over the annotated gold events paired with a prediction of the same root; "
    "not scored: annotated, but no prediction of the same root."
)


def when_where_table(result: EvaluationResult) -> Table:
    """Accuracy of event dates and locations, with the counts behind it."""
    table = Table(
        title="Dates and locations",
        title_justify="left",
        caption=WHEN_WHERE_NOTE,
        caption_justify="left",
    )
    table.add_column("attribute")
    table.add_column("accuracy", justify="right")
    for col in ("correct", "scored", "not scored", "annotated"):
        table.add_column(col, justify="right", style="dim")
    for s in annotated(result):
        table.add_row(
            s.label, num(s.accuracy), str(s.correct), str(s.scored), str(s.not_scored),
            str(s.annotated),
        )  # fmt: skip
    return table


def category_table(rows: Sequence[CategoryScore], title: str) -> Table:
    """Per-category precision, recall, F1 and support."""
    table = Table(title=title, title_justify="left")
    table.add_column("category")
    for col in ("precision", "recall", "F1", "support", "pred"):
        table.add_column(col, justify="right")
    for row in rows:
        c = row.counts
        table.add_row(
            row.category, num(c.precision), num(c.recall), num(c.f1), str(c.n_gold), str(c.n_pred)
        )
    return table


def tag_table(result: EvaluationResult) -> Table:
    """F1 per gold tag at each level (records with the tag only)."""
    names = [s.level for s in shown(result.levels)]
    table = Table(title="F1 by tag", title_justify="left")
    table.add_column("tag")
    table.add_column("n", justify="right")
    for name in names:
        table.add_column(name, justify="right")
    for tag, scores in result.tags.items():
        by = {s.level: s for s in scores}
        n = max((s.records for s in scores), default=0)
        table.add_row(tag, str(n), *(num(by[name].counts.f1) for name in names))
    return table


def error_text(r: RecordResult) -> Text:
    """One wrong record: its text, then each miss and extra explained."""
    out = Text()
    out.append(f"{r.record.id}", style="bold")
    if r.record.tags:
        out.append(f"  [{', '.join(r.record.tags)}]", style="dim")
    out.append(f"\n  {r.record.text}\n")
    pairs = set(r.pairs)
    for m in r.missed:
        wrong = (m.gold, m.closest) in pairs
        out.append("  wrong  " if wrong else "  missed ", style="red")
        out.append(describe_gold(r.record.events[m.gold]))
        if m.closest is not None:
            near = describe_event(r.predicted[m.closest])
            out.append(f"  {'got' if wrong else 'closest'}: {near}", style="dim")
        if m.differences:
            out.append(f"  ({'; '.join(m.differences)})", style="dim")
        out.append("\n")
    for x in r.extra:
        if (x.closest, x.predicted) in pairs:
            continue
        out.append("  extra  ", style="yellow")
        out.append(describe_event(r.predicted[x.predicted]))
        out.append(f"  predicate: {r.predicted[x.predicted].predicate!r}", style="dim")
        out.append("\n")
    return out


def top_confusions(result: EvaluationResult, n: int = 8) -> str:
    """The most frequent off-diagonal cells of the root confusion matrix, in one line."""
    conf = result.confusion
    cells = [
        (count, gold, pred)
        for i, gold in enumerate(conf.labels)
        for j, pred in enumerate(conf.labels)
        if i != j and (count := conf.matrix[i][j])
    ]
    cells.sort(key=lambda c: (-c[0], c[1], c[2]))
    return ", ".join(f"{g}→{p} ({c})" for c, g, p in cells[:n])


def outcome_line(result: EvaluationResult) -> str:
    o = result.outcome
    return (
        f"{o['records']} records, {o['records_with_errors']} with errors; events: "
        f"{o['correct']} correct, {o['missed']} missed, {o['extra']} extra"
    )


def render(result: EvaluationResult, console: Console, *, errors: int = 10) -> None:
    """The default terminal output: levels, categories, tags, then the first errors."""
    console.print(level_table(result, f"Scores ({header(result)})"))
    console.print(outcome_line(result))
    if annotated(result):
        console.print(when_where_table(result))
    if confusions := top_confusions(result):
        console.print(f"Most frequent root confusions (gold→predicted): {confusions}")
    for name, rows in result.categories.items():
        if rows:
            console.print(category_table(rows, f"By {LEVEL_BY_NAME[name].label}"))
    if result.tags:
        console.print(tag_table(result))
    wrong = result.errors
    if wrong and errors:
        console.print(f"\nErrors (first {min(errors, len(wrong))} of {len(wrong)}):")
        console.print(Group(*(error_text(r) for r in wrong[:errors])))


def header(result: EvaluationResult) -> str:
    m = result.meta
    gold = m.get("gold") or "gold"
    return f"{gold}, codebook {m.get('codebook', '?')}, {m.get('records', 0)} records"


def compare_table(cmp: Comparison) -> Table:
    """Both sides' P/R/F1 per level, and the F1 delta with its paired interval."""
    table = Table(title=f"{cmp.a_name} (A) vs {cmp.b_name} (B)", title_justify="left")
    table.add_column("level")
    for side in ("A", "B"):
        for col in ("P", "R", "F1"):
            table.add_column(f"{side} {col}", justify="right")
    table.add_column("ΔF1 (A−B)", justify="right")
    keep = {s.level for s in shown(cmp.a.levels)} | {s.level for s in shown(cmp.b.levels)}
    for d in cmp.levels:
        if d.level not in keep:
            continue
        ca, cb = d.a.counts, d.b.counts
        delta = signed(d.delta)
        if d.delta is not None and d.ci[0] is not None and d.ci[1] is not None:
            delta += f" ({d.ci[0]:+.3f}–{d.ci[1]:+.3f})"
        table.add_row(
            d.label,
            num(ca.precision),
            num(ca.recall),
            num(ca.f1),
            num(cb.precision),
            num(cb.recall),
            num(cb.f1),
            delta,
        )
    return table


def render_compare(cmp: Comparison, console: Console, *, errors: int = 10) -> None:
    """Side-by-side levels, then the fixed, broken and changed records."""
    console.print(compare_table(cmp))
    for kind in ("fixed", "broken", "changed"):
        items = cmp.changed(kind)
        console.print(f"\n{kind}: {len(items)} record(s)")
        for c in items[:errors]:
            line = Text(f"  {c.id}: ", style="bold")
            line.append(c.a.record.text + "\n")
            line.append(f"    A: {', '.join(map(describe_event, c.a.predicted)) or NONE}\n")
            line.append(f"    B: {', '.join(map(describe_event, c.b.predicted)) or NONE}\n")
            gold = ", ".join(map(describe_gold, c.a.record.events)) or NONE
            line.append(f"    gold: {gold}", style="dim")
            console.print(line)


# -- Markdown -----------------------------------------------------------------------


def markdown(result: EvaluationResult) -> str:
    """The README score table: levels x P/R/F1 with 95% bootstrap intervals."""
    lines = [
        "| level | precision | recall | F1 | gold | predicted |",
        "|---|---|---|---|---:|---:|",
    ]
    for s in shown(result.levels):
        c = s.counts
        lines.append(
            f"| {s.label} | {with_ci(c.precision, s.ci.get('precision'))} "
            f"| {with_ci(c.recall, s.ci.get('recall'))} | {with_ci(c.f1, s.ci.get('f1'))} "
            f"| {c.n_gold} | {c.n_pred} |"
        )
    lines += ["", *when_where_markdown(result), footnote(result.meta)]
    return "\n".join(lines)


def when_where_markdown(result: EvaluationResult) -> list[str]:
    """The date and location table (and a blank line), or nothing when not annotated."""
    rows = annotated(result)
    if not rows:
        return []
    lines = [
        "| attribute | accuracy | correct | scored | not scored |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {s.label} | {num(s.accuracy)} | {s.correct} | {s.scored} | {s.not_scored} |"
        for s in rows
    ]
    return [*lines, "", f"*{WHEN_WHERE_NOTE}*", ""]


def footnote(meta: dict[str, object]) -> str:
    """Where a table's numbers come from, so a pasted table can be reproduced."""
    parts = [
        f"eventcoder {eventcoder.__version__}",
        f"codebook {meta.get('codebook', '?')} {meta.get('codebook_version', '')}".rstrip(),
        f"{meta.get('gold') or 'gold'}: {meta.get('records', 0)} records",
    ]
    ci = ""
    if meta.get("resamples"):
        ci = (
            f"; in parentheses the 95% bootstrap interval over records "
            f"({meta['resamples']} resamples, seed {meta.get('seed')})"
        )
    return f"*{', '.join(parts)}; micro-averaged{ci}.*"


def compare_markdown(cmp: Comparison) -> str:
    """The comparison as a Markdown table (F1 per side and the delta)."""
    lines = [
        f"| level | {cmp.a_name} F1 | {cmp.b_name} F1 | ΔF1 |",
        "|---|---|---|---|",
    ]
    for d in cmp.levels:
        if not (d.a.counts.n_gold or d.a.counts.n_pred or d.b.counts.n_pred):
            continue
        delta = signed(d.delta)
        if d.delta is not None and d.ci[0] is not None and d.ci[1] is not None:
            delta += f" ({d.ci[0]:+.3f}–{d.ci[1]:+.3f})"
        lines.append(
            f"| {d.label} | {with_ci(d.a.counts.f1, d.a.ci.get('f1'))} "
            f"| {with_ci(d.b.counts.f1, d.b.ci.get('f1'))} | {delta} |"
        )
    summary = ", ".join(f"{len(cmp.changed(k))} {k}" for k in ("fixed", "broken", "changed"))
    lines += ["", f"*Records: {summary}. {footnote(cmp.a.meta).strip('*')}*"]
    return "\n".join(lines)
