"""ACLED event types for coded events: rules over code, actor types and instruments.

ACLED is not a function of the CAMEO code alone: an attack is a *Battle* when both
sides are armed, *Violence against civilians* when the victims are civilians, and an
*Explosion/Remote violence* when the weapon is a drone, a shell or a roadside bomb; a
protest becomes *Protest with intervention* when force is used on it. The codebook's
``acled`` section holds ordered rules that test exactly those things - the event code
(prefixes), the class of the source and target actors (by their sector codes or the
words naming them), and instrument words in the sentence - and the first rule that
matches gives ``event_type`` / ``sub_event_type`` and, if it says so, how to name and
type the actors (``Protesters (Kenya)``, inter code 6). Nothing here names a code.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from eventcoder.codebook.shapes import INT, WORD, WORDS, Fields, ListOf, MapOf, conform
from eventcoder.counts import CountWords

RULE_KEYS = {
    "id", "codes", "source", "target", "source_words", "target_words", "words",
    "not_words", "type", "sub_type", "actor1", "actor2", "inter1", "inter2", "note",
}  # fmt: skip
# What compile_acled reads, and how (see eventcoder/codebook/shapes.py).
_CLASSES = ListOf(WORD, lone=True)  # a rule's source/target: one actor class or several
RULE_SHAPE = Fields(
    {
        **dict.fromkeys(("id", "type", "sub_type", "actor1", "actor2"), WORD),
        **dict.fromkeys(("codes", "source_words", "target_words", "words", "not_words"), WORDS),
        **dict.fromkeys(("source", "target"), _CLASSES),
        **dict.fromkeys(("inter1", "inter2"), INT),
    }
)
SECTION_SHAPE = Fields(
    {
        "classes": MapOf(WORDS),
        "inter": MapOf(INT),
        "names": MapOf(WORD),
        "rules": ListOf(RULE_SHAPE),
        "counts": Fields(dict.fromkeys(CountWords.__dataclass_fields__, WORDS)),
        "types": MapOf(WORDS),
    }
)
SECTION_KEYS = set(SECTION_SHAPE.fields)
TEMPLATE_FIELDS = {"country", "name"}


@dataclass(frozen=True, slots=True)
class ActorSide:
    """What a rule needs to know about one side of an event."""

    code: str | None
    name: str  # dictionary name of the actor ("Taliban"), or the phrase as written
    head: str  # head lemma of the phrase ("protester")
    country: str  # country name for templates ("Kenya"), or "" when unknown

    @property
    def chunks(self) -> tuple[str, ...]:
        """The code cut in three-letter pieces: AFGREBTAL -> (AFG, REB, TAL)."""
        code = self.code or ""
        return tuple(code[i : i + 3] for i in range(0, len(code), 3))


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    codes: tuple[str, ...]
    source: tuple[str, ...]
    target: tuple[str, ...]
    source_words: frozenset[str]
    target_words: frozenset[str]
    words: tuple[str, ...]
    not_words: tuple[str, ...]
    type: str
    sub_type: str
    actor1: str | None
    actor2: str | None
    inter1: int | None
    inter2: int | None


@dataclass(frozen=True, slots=True)
class AcledResult:
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    inter1: int | None
    inter2: int | None
    interaction: int | None
    rule: str


@dataclass
class AcledConfig:
    """The compiled ``acled`` section of a codebook."""

    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    inter: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    counts: CountWords = field(
        default_factory=lambda: CountWords(frozenset(), frozenset(), frozenset(), frozenset())
    )
    types: dict[str, frozenset[str]] = field(default_factory=dict)
    _covers: dict[str, bool] = field(default_factory=dict, repr=False)

    def classes_of(self, side: ActorSide | None) -> set[str]:
        """Actor classes (state, rebel, civilian...) of one side; {"none"} if absent."""
        if side is None or not side.code:
            return {"none"} if side is None else {"unknown"}
        chunks = set(side.chunks)
        return {name for name, codes in self.classes.items() if chunks & codes} or {"other"}

    def covers(self, code: str) -> bool:
        """Whether any rule could apply to this code (most events are diplomatic)."""
        found = self._covers.get(code)
        if found is None:
            found = self._covers[code] = any(
                not r.codes or code.startswith(r.codes) for r in self.rules
            )
        return found

    def apply(
        self,
        code: str,
        source: ActorSide | None,
        target: ActorSide | None,
        sentence_lemmas: set[str],
        sentence_text: str,
    ) -> AcledResult | None:
        """The first rule that matches this event, as ACLED fields; None if none."""
        src_cls = self.classes_of(source)
        tgt_cls = self.classes_of(target)
        for rule in self.rules:
            if rule.codes and not code.startswith(rule.codes):
                continue
            if not _side_ok(src_cls, source, rule.source, rule.source_words):
                continue
            if not _side_ok(tgt_cls, target, rule.target, rule.target_words):
                continue
            if rule.words and not _any_word(rule.words, sentence_lemmas, sentence_text):
                continue
            if rule.not_words and _any_word(rule.not_words, sentence_lemmas, sentence_text):
                continue
            return self._result(rule, source, target, src_cls, tgt_cls)
        return None

    def _result(
        self,
        rule: Rule,
        source: ActorSide | None,
        target: ActorSide | None,
        src_cls: set[str],
        tgt_cls: set[str],
    ) -> AcledResult:
        actor1 = self._name(source, rule.actor1)
        actor2 = None if rule.actor2 == "" else self._name(target, rule.actor2)
        inter1 = rule.inter1 if rule.inter1 is not None else self._inter(src_cls)
        inter2 = None
        if actor2 is not None:
            inter2 = rule.inter2 if rule.inter2 is not None else self._inter(tgt_cls)
        interaction = None
        if inter1 is not None:
            pair = sorted([inter1, inter2 or 0]) if inter2 else [inter1, 0]
            interaction = int(f"{pair[0]}{pair[1]}") if inter2 else int(f"{inter1}0")
        return AcledResult(
            rule.type, rule.sub_type, actor1, actor2, inter1, inter2, interaction, rule.id
        )

    def _name(self, side: ActorSide | None, template: str | None) -> str | None:
        if side is None:
            return None
        country = side.country or "unknown country"
        if template:
            return template.format(country=country, name=side.name)
        chunks = side.chunks
        # A code without a country ("COP") starts with its sector.
        sectors = chunks if chunks and chunks[0] in self.names else chunks[1:]
        for chunk in sectors:
            if chunk in self.names:
                if len(chunks) > 2 and side.name and side.name[:1].isupper():
                    return side.name  # a named group: "Al Shabaab", not "Rebels (Somalia)"
                return self.names[chunk].format(country=country, name=side.name)
        return side.name or None

    def _inter(self, classes: set[str]) -> int | None:
        for name in classes:
            if name in self.inter:
                return self.inter[name]
        return None


def _side_ok(
    classes: set[str], side: ActorSide | None, allowed: tuple[str, ...], words: frozenset[str]
) -> bool:
    """A side passes when the rule says nothing about it, or its class or word fits."""
    if not allowed and not words:
        return True
    if allowed and classes & set(allowed):
        return True
    return bool(words) and side is not None and side.head in words


def _any_word(words: tuple[str, ...], lemmas: set[str], text: str) -> bool:
    for w in words:
        if " " in w or "-" in w:
            if w in text:
                return True
        elif w in lemmas:
            return True
    return False


def compile_acled(raw: dict[str, Any] | None) -> AcledConfig | None:
    """Build the ACLED configuration from a validated ``acled`` section."""
    if not raw:
        return None
    counts = raw.get("counts") or {}
    cfg = AcledConfig(
        classes={
            str(k): frozenset(map(str, v or [])) for k, v in (raw.get("classes") or {}).items()
        },
        inter={str(k): int(v) for k, v in (raw.get("inter") or {}).items()},
        names={str(k): str(v) for k, v in (raw.get("names") or {}).items()},
        counts=CountWords(
            death_verbs=_lower(counts.get("death_verbs")),
            death_nouns=_lower(counts.get("death_nouns")),
            dead_words=_lower(counts.get("dead_words")),
            crowd_nouns=_lower(counts.get("crowd_nouns")),
        ),
        types={str(k): frozenset(map(str, v or [])) for k, v in (raw.get("types") or {}).items()},
    )
    for n, r in enumerate(raw.get("rules") or []):
        cfg.rules.append(
            Rule(
                id=str(r.get("id", f"acled-rule-{n + 1}")),
                codes=tuple(str(c) for c in r.get("codes") or []),
                source=_tuple(r.get("source")),
                target=_tuple(r.get("target")),
                source_words=_lower(r.get("source_words")),
                target_words=_lower(r.get("target_words")),
                words=tuple(str(w).lower() for w in r.get("words") or []),
                not_words=tuple(str(w).lower() for w in r.get("not_words") or []),
                type=str(r["type"]),
                sub_type=str(r["sub_type"]),
                actor1=None if r.get("actor1") is None else str(r["actor1"]),
                actor2=None if r.get("actor2") is None else str(r["actor2"]),
                inter1=None if r.get("inter1") is None else int(r["inter1"]),
                inter2=None if r.get("inter2") is None else int(r["inter2"]),
            )
        )
    return cfg


def validate_acled(raw: Any) -> list[tuple[Any, str, str]]:
    """Problems in an ``acled`` section as (where, entry, message) triples."""
    if not isinstance(raw, dict):
        return [(raw, "acled", "must be a mapping")]
    out = [(key, f"acled {key}", "unknown key") for key in sorted(set(raw) - SECTION_KEYS)]
    _, problems = conform(raw, SECTION_SHAPE)
    if problems:  # the checks below (and compile_acled) read a section of the right shape
        return out + [(where, f"acled {path}", message) for where, path, message in problems]
    out += _template_problems(raw)
    types = raw.get("types") or {}
    classes = set((raw.get("classes") or {}).keys()) | {"none", "unknown", "other"}
    for n, r in enumerate(raw.get("rules") or []):
        entry = f"acled rule {r.get('id', n + 1)}" if isinstance(r, dict) else f"acled rule {n + 1}"
        if not isinstance(r, dict):
            out.append((r, entry, "a rule is a mapping"))
            continue
        for key in sorted(set(r) - RULE_KEYS):
            out.append((r, entry, f"unknown key {key!r}"))
        if "type" not in r or "sub_type" not in r:
            out.append((r, entry, "needs type and sub_type"))
            continue
        if types and r["type"] not in types:
            out.append((r, entry, f"unknown ACLED event type {r['type']!r}"))
        elif types and r["sub_type"] not in (types.get(r["type"]) or []):
            out.append((r, entry, f"{r['type']!r} has no sub-event type {r['sub_type']!r}"))
        for side in ("source", "target"):
            for cls in _tuple(r.get(side)):
                if cls not in classes:
                    out.append((r, entry, f"{side}: unknown actor class {cls!r}"))
    return out


def _template_problems(raw: dict[str, Any]) -> list[tuple[Any, str, str]]:
    """Actor name templates that would fail (or blow up) when an event is coded."""
    found = [(k, f"acled names {k}", v) for k, v in (raw.get("names") or {}).items()]
    for n, r in enumerate(raw.get("rules") or []):
        entry = f"acled rule {r.get('id', n + 1)}"
        found += [(r, entry, r[k]) for k in ("actor1", "actor2") if r.get(k) is not None]
    out = []
    for where, entry, template in found:
        problem = _template_problem(str(template))
        if problem:
            out.append((where, entry, f"template {template!r}: {problem}"))
    return out


def _template_problem(template: str) -> str | None:
    """Why a name template is unusable: only plain {country} and {name} are filled in."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return str(exc)
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in TEMPLATE_FIELDS or spec or conversion:
            return f"use {{country}} and {{name}} only, not {{{name}}}"
    return None


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        return (str(value),)
    return tuple(str(v) for v in value)


def _lower(value: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in value or [])
