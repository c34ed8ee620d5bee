"""Why a sentence was coded as it was - or why it gave no event.

:func:`explain` runs the whole pipeline with tracing on and returns a plain dict per
sentence: the normalised parse, each frame with its arguments and flags, the actor each
argument got (or why none), every pattern tried, the wrappers applied, the events, and
for every predicate that produced nothing a sentence saying why ("no pattern for lemma
'certify' with object 'deal'", "negated: dropped by filter"). :func:`render_text`
prints it for a terminal.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from eventcoder.actors import ActorResolver
from eventcoder.coding import SentenceCoding
from eventcoder.frames import Arg, Frame
from eventcoder.parsed import ParsedDoc, Sentence

if TYPE_CHECKING:
    from eventcoder.coder import Coder


def explain_parsed(coder: Coder, parsed: ParsedDoc, date: dt.date | None) -> dict[str, Any]:
    """The explanation of an already parsed document."""
    sentences = []
    kept_total = 0
    # A resolver of our own, fed sentence by sentence like the coder's, so the actors
    # shown for arguments see the same document context ("Mr Kim", "the country").
    resolver = ActorResolver(
        coder.codebook, date, coder.codebook.gazetteer if coder.locate else None
    )
    for sent, coding, events in coder.trace_parsed(parsed, date, parsed.doc_id, trace=True):
        resolver.scan(sent, parsed.text)
        kept = [e for e in events if coder._keep(e)]
        kept_total += len(kept)
        sentences.append(_sentence(coder, sent, coding, events, kept, resolver, parsed.text))
    return {
        "text": parsed.text,
        "date": date.isoformat() if date else None,
        "codebook": coder.codebook.name,
        "events": kept_total,
        "sentences": sentences,
    }


def _sentence(
    coder: Coder,
    sent: Sentence,
    coding: SentenceCoding | None,
    events: list[Any],
    kept: list[Any],
    resolver: ActorResolver,
    text: str,
) -> dict[str, Any]:
    toks = sent.tokens
    parse = [
        {
            "i": t.i,
            "text": t.text,
            "lemma": t.lemma,
            "upos": t.upos,
            "deprel": t.deprel,
            "head": t.head,
            "feats": t.feats,
        }
        for t in toks
    ]
    frames_out = []
    reasons: list[str] = []
    if coding is not None:
        frames = _frames_of(coder, sent)
        for f in frames:
            frames_out.append(_frame(coder, sent, f, coding, resolver, text, reasons))
    notes: list[str] = []
    for e in events:
        if e not in kept:
            if e.status != "asserted" and e.status not in coder.emit:
                reasons.append(
                    f"{e.code} from {e.predicate!r}: {e.status}: {_STATUS_WHY[e.status]}; "
                    f"dropped by the emit filter (emit={sorted(coder.emit)}; "
                    "Coder(emit='all') keeps it)"
                )
            elif coder.require_source and (e.source is None or not e.source.code):
                src = e.source.text if e.source else "(no subject)"
                note = e.source.note if e.source else ""
                reasons.append(
                    f"{e.code} from {e.predicate!r}: source {src!r} has no actor code"
                    + (f" ({note})" if note else "")
                    + "; dropped (require_source=True)"
                )
        for role in ("source", "target"):
            note = _unknown_name_note(coder, sent, text, e, role)
            if note and note not in notes:
                notes.append(note)
    if not kept and not reasons:
        reasons.append("no predicate in this sentence has a pattern in the codebook")
    return {
        "index": sent.index,
        "text": sent.text,
        "parse": parse,
        "frames": frames_out,
        "events": [e.model_dump(mode="json") for e in kept],
        "why_not": reasons if not kept else [],
        "dropped": reasons if kept else [],
        "notes": notes,
    }


_STATUS_WHY = {
    "negated": "the predicate is negated, so the event is not asserted",
    "hypothetical": "the predicate is modal or hypothetical (could, may, should...)",
    "conditional": "the predicate sits in a conditional clause (if, unless...)",
    "question": "the predicate is asked as a question",
    "asserted": "asserted",
}


def _unknown_name_note(coder: Coder, sent: Sentence, text: str, e: Any, role: str) -> str:
    """A note when an actor phrase holds a capitalised name the dictionaries do not know.

    "Zorblatt officials" resolves to the bare sector GOV from "officials"; the note
    says that "Zorblatt" is not in the actor dictionary, so the country is missing.
    """
    ref = getattr(e, role)
    if ref is None or ref.start < 0:
        return ""
    toks = [t for t in sent.tokens if ref.start <= t.start and t.end <= ref.end]
    runs: list[list[Any]] = []
    for t in toks:
        if t.upos == "PROPN" and t.text[:1].isupper():
            if runs and runs[-1][-1].i == t.i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
    index = coder.codebook.actor_index
    places = coder.codebook.gazetteer if coder.locate else None
    unknown = []
    for run in runs:
        name = text[run[0].start : run[-1].end]
        if index.lookup(name) or any(index.lookup(t.text) for t in run):
            continue
        if places is not None and places.best(name, []) is not None:
            continue
        unknown.append(name)
    if not unknown:
        return ""
    names = ", ".join(repr(n) for n in unknown)
    if not ref.code:
        what = "has no actor code"
    elif ref.code[:3] not in coder.codebook.country_names:
        what = f"was coded {ref.code} from its other words alone, with no country"
    else:
        what = f"was coded {ref.code} from its other words"
    return (
        f"{role} {ref.text!r} {what}: {names} is not in the actor dictionary "
        "(add it to the codebook's actors to code it)"
    )


def _frames_of(coder: Coder, sent: Sentence) -> list[Frame]:
    return coder.frames.build(sent)


def _frame(
    coder: Coder,
    sent: Sentence,
    f: Frame,
    coding: SentenceCoding,
    resolver: ActorResolver,
    text: str,
    reasons: list[str],
) -> dict[str, Any]:
    toks = sent.tokens
    tried = [a for a in coding.attempts if a.frame == f.id]
    binding = coding.bindings.get(f.pred)
    wrapped = coding.wraps.get(f.pred)
    lemma = "_".join(filter(None, [f.lemma, f.particle]))
    has_patterns = any(coder.codebook.patterns_for(f.pos, lm) for lm in f.lemmas)
    has_wrappers = any(coder.codebook.wrappers_for(f.pos, lm) for lm in f.lemmas)
    acts_as_wrapper = any(w[2].pred == f.pred for w in coding.wraps.values())
    if binding is None and not acts_as_wrapper:
        if not has_patterns and not has_wrappers:
            reasons.append(f"no {f.pos} pattern for lemma {lemma!r}{_args_hint(sent, f)}")
        else:
            reasons.append(
                f"{len([a for a in tried if not a.pattern_id.startswith('wrapper:')])} "
                f"pattern(s) for {lemma!r} tried, none matched{_args_hint(sent, f)}"
            )
    elif binding is not None and binding.pattern.code is None:
        reasons.append(f"{lemma!r}: discarded by pattern {binding.pattern.id!r}")
    if binding is not None and f.pred in coding.consumed:
        reasons.append(f"{lemma!r}: coded as part of a larger event")
    return {
        "predicate": toks[f.pred].text,
        "lemma": lemma,
        "pos": f.pos,
        "subjects": [_arg(sent, a, resolver, text) for a in f.subjects],
        "objects": [_arg(sent, a, resolver, text) for a in f.objects],
        "obliques": [_arg(sent, a, resolver, text) for a in (*f.obliques, *f.object_obliques)],
        "complements": [{"kind": k, "predicate": toks[h].text} for k, h in f.complements],
        "flags": {
            "negated": f.negated,
            "modality": f.modality,
            "future": f.future,
            "conditional": f.conditional,
            "question": f.question,
            "passive": f.passive,
        },
        "patterns_tried": [{"pattern": a.pattern_id, "matched": a.matched} for a in tried],
        "pattern": binding.pattern.id if binding else None,
        "wrapped_by": (
            {"wrapper": wrapped[0].name, "predicate": toks[wrapped[2].pred].text}
            if wrapped
            else None
        ),
    }


def _arg(sent: Sentence, a: Arg, resolver: ActorResolver, text: str) -> dict[str, Any]:
    actor = resolver.resolve(sent, a.head, text)
    return {
        "text": actor.text,
        "head": sent.tokens[a.head].text,
        "role": a.role,
        "prep": a.prep or None,
        "via": a.via or None,
        "actor": actor.code,
        "how": actor.method or None,
        "note": actor.note or None,
    }


def _args_hint(sent: Sentence, f: Frame) -> str:
    toks = sent.tokens
    parts = []
    if f.objects:
        parts.append(f"object {toks[f.objects[0].head].lemma!r}")
    for o in (*f.obliques, *f.object_obliques)[:2]:
        parts.append(f"{o.prep} {toks[o.head].lemma!r}")
    return f" with {', '.join(parts)}" if parts else ""


def render_text(report: dict[str, Any]) -> str:
    """A plain-text rendering of :func:`explain_parsed` output."""
    lines: list[str] = []
    for s in report["sentences"]:
        lines.append(f"Sentence {s['index']}: {s['text']}")
        lines.append(
            "  parse: "
            + " ".join(f"{t['text']}/{t['upos']}/{t['deprel']}->{t['head']}" for t in s["parse"])
        )
        for f in s["frames"]:
            flags = ", ".join(k for k, v in f["flags"].items() if v)
            lines.append(f"  frame {f['lemma']} ({f['pos']})" + (f" [{flags}]" if flags else ""))
            for role in ("subjects", "objects", "obliques"):
                for a in f[role]:
                    who = a["actor"] or f"no actor ({a['note']})"
                    prep = f"{a['prep']} " if a["prep"] else ""
                    lines.append(f"    {role[:-1]}: {prep}{a['text']!r} -> {who}")
            for c in f["complements"]:
                lines.append(f"    embeds ({c['kind']}): {c['predicate']}")
            for p in f["patterns_tried"]:
                lines.append(f"    {'matched' if p['matched'] else 'tried  '} {p['pattern']}")
            if f["wrapped_by"]:
                w = f["wrapped_by"]
                lines.append(f"    wrapped by {w['wrapper']} ({w['predicate']})")
        for e in s["events"]:
            src = (e["source"] or {}).get("code")
            tgt = (e["target"] or {}).get("code")
            lines.append(f"  EVENT {src} -> {tgt}: {e['code']} {e['name']} [{e['pattern_id']}]")
        for why in s["why_not"]:
            lines.append(f"  no event: {why}")
        for why in s["dropped"]:
            lines.append(f"  dropped: {why}")
        for note in s.get("notes", []):
            lines.append(f"  note: {note}")
    return "\n".join(lines)
