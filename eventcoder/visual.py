"""A visual view of coded events: source, predicate and target highlighted in each sentence.

::

    import eventcoder as ec
    view = ec.render(coder.code(text, date="2019-05-01"))
    view                 # in Jupyter: shown inline (``_repr_html_``)
    view.save("events.html")

:func:`render` takes a list of :class:`~eventcoder.records.Event` (or their
``model_dump()`` dicts), a spaCy ``Doc`` coded by the ``eventcoder`` pipeline component
(``doc._.events``), or the report of :meth:`eventcoder.Coder.explain` - which also
shows, under each sentence that gave no event, why not. Each event is one line: its
sentence with the source, the predicate (labelled with the event code and name) and the
target marked in colour, in the manner of spaCy's displaCy. The HTML is self-contained
(inline CSS, no scripts, nothing fetched), so it can be saved, mailed or embedded.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROLES = {
    "source": ("SOURCE", "#9fd8ff"),
    "predicate": ("EVENT", "#ffd27f"),
    "target": ("TARGET", "#aee9a6"),
    "reporter": ("SAID BY", "#e2cdfa"),
}

CSS = """
.ec-view { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  color: #1d2330; line-height: 1.5; max-width: 1100px; }
.ec-view h2 { font-size: 1.15em; margin: 0 0 .6em 0; }
.ec-legend { margin: 0 0 1em 0; font-size: .85em; }
.ec-legend span { display: inline-block; padding: .1em .6em; margin-right: .5em;
  border-radius: .35em; font-weight: 600; }
.ec-sentence { border: 1px solid #e2e5ea; border-radius: .5em; padding: .7em 1em;
  margin: 0 0 .9em 0; background: #fff; }
.ec-where { font-size: .75em; color: #6b7280; margin-bottom: .3em; }
.ec-line { font-size: 1.05em; margin: .25em 0 .5em 0; line-height: 2.6; }
.ec-mark { padding: .3em .45em; margin: 0 .15em; border-radius: .35em;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.ec-label { font-size: .62em; font-weight: 700; text-transform: none;
  vertical-align: middle; margin-left: .5em; padding: .1em .35em; border-radius: .3em;
  background: rgba(255,255,255,.65); white-space: nowrap; }
.ec-flags { font-size: .78em; color: #4b5563; margin: -.4em 0 .4em 0; }
.ec-status { font-weight: 700; color: #b42318; }
.ec-why { font-size: .85em; color: #6b3d00; background: #fff6e5; border-radius: .35em;
  padding: .2em .6em; margin: .3em 0; }
.ec-plain { font-size: 1.05em; margin: .25em 0; }
.ec-empty { color: #6b7280; font-style: italic; }
"""


@dataclass(frozen=True, slots=True)
class EventView:
    """Rendered events: ``html`` is a self-contained fragment; Jupyter shows it inline."""

    html: str
    title: str = "eventcoder"

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def page(self) -> str:
        """A whole HTML page around the fragment."""
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.title)}</title>"
            "<style>body { margin: 1.5em; background: #f7f8fa; }</style></head>"
            f"<body>\n{self.html}\n</body></html>\n"
        )

    def save(self, path: str | Path) -> Path:
        """Write :meth:`page` to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.page(), encoding="utf-8")
        return path


def render(obj: Any, *, title: str = "eventcoder: coded events") -> EventView:
    """The visual view of events, a coded spaCy ``Doc``, or an ``explain`` report."""
    if isinstance(obj, Mapping) and "sentences" in obj:
        body = _from_report(obj)
    else:
        events = getattr(getattr(obj, "_", None), "events", None)
        if events is None and hasattr(obj, "_"):
            raise ValueError(
                "this spaCy Doc has no events: add the eventcoder component "
                '(nlp.add_pipe("eventcoder")) before rendering it'
            )
        if events is None:
            events = [obj] if _is_event(obj) else list(obj)
        body = _from_events([_as_dict(e) for e in events])
    legend = "".join(
        f'<span style="background:{color}">{name}</span>' for name, color in ROLES.values()
    )
    fragment = (
        f'<div class="ec-view"><style>{CSS}</style><h2>{html.escape(title)}</h2>'
        f'<div class="ec-legend">{legend}</div>{body}</div>'
    )
    return EventView(fragment, title)


def _is_event(obj: Any) -> bool:
    return hasattr(obj, "model_dump") or (isinstance(obj, Mapping) and "code" in obj)


def _as_dict(e: Any) -> dict[str, Any]:
    if hasattr(e, "model_dump"):
        return dict(e.model_dump(mode="json"))
    if isinstance(e, Mapping):
        return dict(e)
    raise TypeError(f"cannot render a {type(e).__name__} as an event")


def _from_events(events: Iterable[dict[str, Any]]) -> str:
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for e in events:
        groups.setdefault((e.get("doc_id"), e.get("sentence_index")), []).append(e)
    if not groups:
        return '<div class="ec-sentence ec-empty">No events.</div>'
    out = []
    for (doc_id, index), group in groups.items():
        rows = "".join(_event_row(e) for e in group)
        out.append(f'<div class="ec-sentence">{_where(doc_id, index)}{rows}</div>')
    return "".join(out)


def _from_report(report: Mapping[str, Any]) -> str:
    out = []
    for s in report.get("sentences", []):
        rows = "".join(_event_row(e) for e in s.get("events", []))
        if not rows:
            rows = f'<div class="ec-plain">{html.escape(s.get("text", ""))}</div>'
        notes = [("no event", w) for w in s.get("why_not", [])]
        notes += [("dropped", w) for w in s.get("dropped", [])]
        notes += [("note", w) for w in s.get("notes", [])]
        why = "".join(
            f'<div class="ec-why"><b>{kind}:</b> {html.escape(text)}</div>' for kind, text in notes
        )
        out.append(f'<div class="ec-sentence">{_where(None, s.get("index"))}{rows}{why}</div>')
    return "".join(out) or '<div class="ec-sentence ec-empty">No sentences.</div>'


def _where(doc_id: Any, index: Any) -> str:
    parts = []
    if doc_id is not None:
        parts.append(f"document {html.escape(str(doc_id))}")
    if index is not None:
        parts.append(f"sentence {int(index) + 1}")
    return f'<div class="ec-where">{" · ".join(parts)}</div>' if parts else ""


def _event_row(e: Mapping[str, Any]) -> str:
    sentence = e.get("sentence") or ""
    base = e.get("sentence_start", -1)
    spans: list[tuple[int, int, str, str]] = []
    code_name = f"{e.get('code', '')} {e.get('name', '')}".strip()
    _add_span(spans, base, e.get("predicate_start"), e.get("predicate_end"), "predicate", code_name)
    for role, key in (("source", "source"), ("target", "target"), ("reporter", "reported_by")):
        actor = e.get(key) or {}
        if actor and actor.get("start", -1) >= 0:
            _add_span(spans, base, actor["start"], actor["end"], role, _actor_label(actor))
    line = _mark(sentence, spans)
    flags = []
    status = e.get("status") or "asserted"
    if status != "asserted":
        flags.append(f'<span class="ec-status">{html.escape(status)}</span>')
    if e.get("modality"):
        flags.append(f"modality {html.escape(str(e['modality']))}")
    src = (e.get("source") or {}).get("code") or "—"
    tgt = (e.get("target") or {}).get("code") or "—"
    flags.append(f"<b>{html.escape(src)} → {html.escape(tgt)}</b>: {html.escape(code_name)}")
    if e.get("plover_type"):
        flags.append(f"PLOVER {html.escape(str(e['plover_type']))}")
    if e.get("acled_sub_type"):
        flags.append(f"ACLED {html.escape(str(e['acled_sub_type']))}")
    if e.get("pattern_id"):
        flags.append(f"pattern <code>{html.escape(str(e['pattern_id']))}</code>")
    return f'<div class="ec-line">{line}</div><div class="ec-flags">{" · ".join(flags)}</div>'


def _actor_label(actor: Mapping[str, Any]) -> str:
    code = actor.get("code")
    return code if code else "no code"


def _add_span(
    spans: list[tuple[int, int, str, str]],
    base: int,
    start: Any,
    end: Any,
    role: str,
    label: str,
) -> None:
    if start is None or end is None or base is None or base < 0 or start < 0:
        return
    spans.append((start - base, end - base, role, label))


def _mark(sentence: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The sentence with non-overlapping spans wrapped in labelled marks."""
    kept: list[tuple[int, int, str, str]] = []
    for span in spans:  # in priority order: predicate, source, target, reporter
        a, b = span[0], span[1]
        if a < 0 or b > len(sentence) or a >= b:
            continue
        if any(a < kb and ka < b for ka, kb, _, _ in kept):
            continue  # overlaps a span already marked (e.g. the target inside the source)
        kept.append(span)
    kept.sort()
    out = []
    pos = 0
    for a, b, role, label in kept:
        name, color = ROLES[role]
        out.append(html.escape(sentence[pos:a]))
        out.append(
            f'<mark class="ec-mark ec-{role}" style="background:{color}" title="{name}">'
            f"{html.escape(sentence[a:b])}"
            f'<span class="ec-label">{html.escape(name)} {html.escape(label)}</span></mark>'
        )
        pos = b
    out.append(html.escape(sentence[pos:]))
    return "".join(out)


__all__ = ["EventView", "render"]
