"""Unmatched vocabulary: what in a corpus the codebook does not cover yet.

Like PETRARCH's null-verbs and null-actors modes, :func:`unmatched_vocab` runs the
coder's own parse, frames and actor resolution over a corpus (read-only: nothing is
coded or changed) and counts

* **predicates** no pattern covered: the frames (verbs, event nouns, predicative
  adjectives) that no event, discard or wrapper pattern bound, keyed by lemma (with
  its particle, "carry_out") and the lemma of its first object. ``no pattern`` means
  the codebook has no pattern for the lemma at all, ``no match`` that it has some but
  none fitted this use. ``with_actor`` counts the uses where a subject or object
  resolved to an actor code - the ones most likely to be missed events;
* **names** no dictionary knew: runs of capitalised proper nouns that resolve to no
  actor (nor to a place in the gazetteer), with their most frequent entity type.

The report says what to add to the codebook's patterns and actor dictionaries first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from eventcoder.actors import ActorResolver
from eventcoder.backends.ahead import parse_items

if TYPE_CHECKING:
    from eventcoder.coder import Coder
    from eventcoder.coding import SentenceCoding
    from eventcoder.frames import Frame
    from eventcoder.parsed import ParsedDoc, Sentence

# Proper nouns that are not actors whatever the dictionary says.
_NOT_NAMES = {
    "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY",
    "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT",
}  # fmt: skip
_EXAMPLE_CHARS = 160


@dataclass(slots=True)
class PredicateEntry:
    """An uncovered predicate: lemma, part of speech and first object lemma."""

    lemma: str
    pos: str
    object: str
    count: int = 0
    with_actor: int = 0
    status: str = "no pattern"  # or "no match"
    examples: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.lemma} {self.object}".strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "predicate": self.key,
            "lemma": self.lemma,
            "pos": self.pos,
            "object": self.object or None,
            "count": self.count,
            "with_actor": self.with_actor,
            "status": self.status,
            "examples": self.examples,
        }


@dataclass(slots=True)
class NameEntry:
    """A capitalised name that resolved to no actor."""

    name: str
    count: int = 0
    as_argument: int = 0
    ent_types: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    @property
    def ent(self) -> str:
        common = self.ent_types.most_common(1)
        return common[0][0] if common else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "count": self.count,
            "as_argument": self.as_argument,
            "entity": self.ent or None,
            "examples": self.examples,
        }


@dataclass(slots=True)
class VocabReport:
    """Counts of uncovered predicates and names over a corpus, most frequent first."""

    documents: int = 0
    sentences: int = 0
    skipped: int = 0
    predicates: list[PredicateEntry] = field(default_factory=list)
    names: list[NameEntry] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "skipped": self.skipped,
            "predicates": [p.to_dict() for p in self.predicates],
            "names": [n.to_dict() for n in self.names],
        }


class _Counts:
    def __init__(self, examples: int) -> None:
        self.examples = examples
        self.preds: dict[tuple[str, str, str], PredicateEntry] = {}
        self.names: dict[str, NameEntry] = {}

    def example(self, bucket: list[str], sent: Sentence) -> None:
        if len(bucket) < self.examples:
            text = " ".join(sent.text.split())
            if len(text) > _EXAMPLE_CHARS:
                text = text[: _EXAMPLE_CHARS - 1] + "…"
            if text not in bucket:
                bucket.append(text)


def unmatched_vocab(
    coder: Coder,
    docs: Iterable[str | tuple[str, Any]],
    *,
    top: int | None = 50,
    min_count: int = 1,
    examples: int = 2,
    batch_size: int = 64,
) -> VocabReport:
    """Count what the codebook did not cover in ``docs`` (texts, or ``(text, date)``).

    ``top`` keeps the most frequent entries of each list (``None``: all); entries
    seen fewer than ``min_count`` times are dropped. The coder is only read.
    """
    items = ((d, None) if isinstance(d, str) else (d[0], d[1]) for d in docs)
    counts = _Counts(examples)
    report = VocabReport()
    parsed_items = parse_items(
        coder.backend, items, itemgetter(0), batch_size, ahead=coder.read_ahead
    )
    for (_, date), parsed in parsed_items:
        report.documents += 1
        report.sentences += len(parsed.sentences)
        _document(coder, parsed, _date(date), counts)
    preds = [p for p in counts.preds.values() if p.count >= min_count]
    preds.sort(key=lambda p: (-p.with_actor, -p.count, p.key))
    names = [n for n in counts.names.values() if n.count >= min_count]
    names.sort(key=lambda n: (-n.count, -n.as_argument, n.name))
    report.predicates = preds[:top] if top is not None else preds
    report.names = names[:top] if top is not None else names
    return report


def _date(value: Any) -> dt.date | None:
    from eventcoder.coder import to_date

    return to_date(value)


def _document(coder: Coder, parsed: ParsedDoc, date: dt.date | None, counts: _Counts) -> None:
    cb = coder.codebook
    resolver = ActorResolver(cb, date, cb.gazetteer if coder.locate else None)
    text = parsed.text
    for sent in parsed.sentences:
        resolver.scan(sent, text)
        frames = coder.frames.build(sent)
        coding = coder.matcher.code_sentence(sent, frames)
        arg_heads: set[int] = set()
        for f in frames:
            arg_heads.update(a.head for a in (*f.subjects, *f.objects))
            if not _covered(f, coding):
                _predicate(coder, sent, f, resolver, text, counts)
        _names(coder, sent, resolver, text, arg_heads, counts)


def _covered(f: Frame, coding: SentenceCoding) -> bool:
    if f.pred in coding.bindings or f.pred in coding.consumed:
        return True
    return any(w[2].pred == f.pred for w in coding.wraps.values())


def _predicate(
    coder: Coder,
    sent: Sentence,
    f: Frame,
    resolver: ActorResolver,
    text: str,
    counts: _Counts,
) -> None:
    toks = sent.tokens
    lemma = "_".join(filter(None, [f.lemma, f.particle]))
    obj = toks[f.objects[0].head].lemma if f.objects else ""
    key = (f.pos, lemma, obj)
    entry = counts.preds.get(key)
    if entry is None:
        cb = coder.codebook
        known = any(cb.patterns_for(f.pos, lm) or cb.wrappers_for(f.pos, lm) for lm in f.lemmas)
        entry = counts.preds[key] = PredicateEntry(
            lemma, f.pos, obj, status="no match" if known else "no pattern"
        )
    entry.count += 1
    args = (*f.subjects, *f.objects)
    if any(resolver.resolve(sent, a.head, text).code for a in args):
        entry.with_actor += 1
    counts.example(entry.examples, sent)


def _names(
    coder: Coder,
    sent: Sentence,
    resolver: ActorResolver,
    text: str,
    arg_heads: set[int],
    counts: _Counts,
) -> None:
    toks = sent.tokens
    index = coder.codebook.actor_index
    places = coder.codebook.gazetteer if coder.locate else None
    for run in _name_runs(sent):
        # Titles and agent nouns are covered by the sector dictionary: "Deputy Defence
        # Minister Alexander Fomin" -> "Alexander Fomin", "Supreme Court" -> nothing.
        agents = [k for k, i in enumerate(run) if _is_agent(index, toks[i])]
        if agents:
            run = run[agents[-1] + 1 :]
        if not run or all(toks[i].text == "-" for i in run):
            continue
        name = text[toks[run[0]].start : toks[run[-1]].end]
        if index.lookup(name) or any(index.lookup(toks[i].text) for i in run):
            continue
        if places is not None and places.best(name, []) is not None:
            continue
        actor = resolver.resolve(sent, run[-1], text, owner=False)
        if actor.code and actor.kind not in ("agent", ""):
            continue  # a person named by surname, an organisation found in context ...
        entry = counts.names.get(name)
        if entry is None:
            entry = counts.names[name] = NameEntry(name)
        entry.count += 1
        head = run[-1]
        in_arg = any(i in arg_heads for i in run) or toks[head].head in arg_heads
        entry.as_argument += int(in_arg)
        if toks[head].ent:
            entry.ent_types[toks[head].ent] += 1
        counts.example(entry.examples, sent)


def _name_runs(sent: Sentence) -> list[list[int]]:
    """Runs of capitalised proper nouns, hyphenated ones joined ("Al-Shabaab")."""
    toks = sent.tokens
    runs: list[list[int]] = []

    def is_name(i: int) -> bool:
        t = toks[i]
        return t.upos == "PROPN" and t.text[:1].isupper() and t.ent not in _NOT_NAMES

    for t in toks:
        last = runs[-1][-1] if runs else None
        if is_name(t.i):
            if last == t.i - 1:
                runs[-1].append(t.i)
            else:
                runs.append([t.i])
        elif (
            last == t.i - 1
            and t.text == "-"
            and toks[last].end == t.start
            and t.i + 1 < len(toks)
            and toks[t.i + 1].start == t.end
            and toks[t.i + 1].text[:1].isupper()
        ):
            runs[-1] += [t.i, t.i + 1]
    return runs


def _is_agent(index: Any, tok: Any) -> bool:
    return index.agent(tok.lemma) is not None or index.agent(tok.lower) is not None


def render_table(report: VocabReport, what: str = "both") -> str:
    """A plain-text rendering of a :class:`VocabReport`."""
    lines = [
        f"{report.documents:,} documents, {report.sentences:,} sentences"
        + (f" ({report.skipped:,} inputs skipped)" if report.skipped else "")
    ]
    if what in ("both", "predicates"):
        lines += ["", "Predicates no pattern covered (with_actor: an argument has an actor code)"]
        lines.append(f"  {'count':>5} {'w/actor':>7}  {'pos':<4} {'status':<10} predicate")
        for p in report.predicates:
            lines.append(f"  {p.count:>5} {p.with_actor:>7}  {p.pos:<4} {p.status:<10} {p.key}")
    if what in ("both", "names"):
        lines += ["", "Names no actor dictionary covered (as_arg: subject or object of a frame)"]
        lines.append(f"  {'count':>5} {'as_arg':>6}  {'entity':<8} name")
        for n in report.names:
            lines.append(f"  {n.count:>5} {n.as_argument:>6}  {n.ent or '-':<8} {n.name}")
    return "\n".join(lines)


__all__ = ["NameEntry", "PredicateEntry", "VocabReport", "render_table", "unmatched_vocab"]
