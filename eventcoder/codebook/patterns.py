"""The pattern language: one line of text per way of saying an event.

A pattern is a predicate lemma followed by what its arguments must look like::

    impose &SANCTION on $target        verb "impose", object in synset SANCTION,
                                       an "on" phrase that names the target
    visit $target                      the direct object is the target
    declare $target &TERRORIST         double object ("declared X a state sponsor")
    receive &AID from $source          the "from" phrase is the source; the subject
                                       becomes the target
    pull_out of $target                phrasal verb: lemma + particle joined by "_"
    talks with|between $target         alternatives with "|"
    ready to @event                    (wrappers only) an embedded event

Elements after the predicate:

* ``$target`` / ``$source`` - an argument slot (any noun phrase);
* ``*`` - an argument must be present, anything goes;
* ``word``, ``a|b``, ``&SYNSET`` - the argument's head lemma (or its last words, for
  multi-word synset members) must be one of these;
* ``@event`` - the argument is itself an event (wrapper patterns only);
* ``@quote`` - the argument is written in quotation marks (a scare-quoted epithet);
* a preposition followed by one of the above - an oblique with that preposition,
  attached to the predicate or to its object (``impose sanctions on X`` is parsed
  both ways in the wild).

Elements that are not prepositional phrases are objects, matched in sentence order
(a single object element matches the direct object).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SLOTS = ("$target", "$source")

PREPOSITIONS = frozenset(
    """aboard about above across after against along alongside amid amidst among amongst
    around as at before behind below beneath beside besides between beyond by concerning
    despite during except for from in inside into like near of off on onto opposite outside
    over past per regarding since through throughout till to toward towards under underneath
    unlike until upon versus via with within without according_to because_of ahead_of
    instead_of out_of prior_to due_to on_behalf_of in_front_of away_from""".split()
)

_WORD = re.compile(r"^[a-z0-9][a-z0-9_'\-.]*$")
# A noun pattern's words multiply out ("car|truck bomb|blast": four predicates); past
# this many, unless that few were written out, one short line would exhaust memory.
MAX_PREDICATES = 1000


class PatternSyntaxError(ValueError):
    """A pattern string that cannot be read (the message says why)."""


@dataclass(frozen=True, slots=True)
class Constraint:
    """What one argument of a pattern must be."""

    kind: str  # "target" | "source" | "any" | "lemma" | "event" | "quote"
    words: tuple[str, ...] = ()  # literal alternatives, lower-case, "_" = space
    synsets: tuple[str, ...] = ()  # synset names (without "&")

    @property
    def is_slot(self) -> bool:
        return self.kind in ("target", "source")

    def __str__(self) -> str:
        if self.kind == "target":
            return "$target"
        if self.kind == "source":
            return "$source"
        if self.kind == "any":
            return "*"
        if self.kind == "event":
            return "@event"
        if self.kind == "quote":
            return "@quote"
        return "|".join([*self.words, *(f"&{s}" for s in self.synsets)])


@dataclass(frozen=True, slots=True)
class PrepElement:
    """An oblique: one of ``preps`` introducing an argument that meets ``arg``."""

    preps: tuple[str, ...]
    arg: Constraint

    def __str__(self) -> str:
        return f"{'|'.join(p.replace(' ', '_') for p in self.preps)} {self.arg}"


@dataclass(frozen=True, slots=True)
class ParsedPattern:
    """A pattern string split into its predicate, objects and obliques."""

    text: str
    predicates: tuple[str, ...]
    objects: tuple[Constraint, ...] = ()
    preps: tuple[PrepElement, ...] = ()
    problems: tuple[str, ...] = field(default=())

    def constraints(self) -> list[Constraint]:
        return [*self.objects, *(p.arg for p in self.preps)]

    @property
    def has_source_slot(self) -> bool:
        return any(c.kind == "source" for c in self.constraints())

    @property
    def has_target_slot(self) -> bool:
        return any(c.kind == "target" for c in self.constraints())

    @property
    def has_event_slot(self) -> bool:
        return any(c.kind == "event" for c in self.constraints())

    def specificity(self) -> int:
        """Higher is more specific: lexical constraints count most, then slots."""
        score = 0
        for c in self.constraints():
            score += 4 if c.kind in ("lemma", "event", "quote") else 2
        score += 2 * len(self.preps)
        return score


def parse_pattern(text: str, pos: str = "verb") -> ParsedPattern:
    """Parse a pattern string (``pos`` is the group it is written under).

    A noun pattern's predicate may be several words - the head noun and the words
    before it: ``drone strike on $target``, ``car|truck bomb`` (nouns take no direct
    objects, so leading plain words can only be the name of the event).

    Raises :class:`PatternSyntaxError` for text that cannot be a pattern. Problems
    that make a well-formed pattern useless (it could never match) are returned in
    ``problems`` so the loader can report them with the entry's location.
    """
    parts = text.split()
    if not parts:
        raise PatternSyntaxError("empty pattern")
    head, rest = parts[0], parts[1:]
    problems: list[str] = []
    if head.startswith(("$", "@", "&")) or head == "*":
        raise PatternSyntaxError(f"a pattern starts with its predicate lemma, not {head!r}")
    predicates = tuple(_words(head, problems, "predicate"))
    if pos == "noun":
        written = len(predicates)
        while rest and _plain_word(rest[0]) and not (len(rest) > 1 and _is_prep(rest[0])):
            more = _words(rest.pop(0), problems, "predicate")
            written += len(more)
            _check_product(len(predicates) * len(more), written)
            predicates = tuple(f"{a} {b}" for a in predicates for b in more)
    objects: list[Constraint] = []
    preps: list[PrepElement] = []
    i = 0
    while i < len(rest):
        tok = rest[i]
        alts = tok.split("|")
        if all(a in PREPOSITIONS for a in alts) and i + 1 < len(rest):
            arg = _constraint(rest[i + 1], problems)
            preps.append(PrepElement(tuple(a.replace("_", " ") for a in alts), arg))
            i += 2
            continue
        if all(a in PREPOSITIONS for a in alts):
            raise PatternSyntaxError(f"preposition {tok!r} at the end needs an argument")
        objects.append(_constraint(tok, problems))
        i += 1
    if len(objects) > 2:
        problems.append(f"{len(objects)} objects: a predicate takes at most two")
    slots = [c.kind for c in [*objects, *(p.arg for p in preps)] if c.is_slot]
    for slot in SLOTS:
        if slots.count(slot[1:]) > 1:
            problems.append(f"slot {slot} appears twice")
    return ParsedPattern(text, predicates, tuple(objects), tuple(preps), tuple(problems))


def _check_product(count: int, written: int) -> None:
    """Refuse a noun predicate whose alternatives multiply out past the limit.

    Checked before each product is built, so a hostile line fails fast and small.
    """
    if count > max(MAX_PREDICATES, written):
        raise PatternSyntaxError(
            f"the alternatives of the predicate's words multiply out to {count} or more "
            f"predicates; the limit is {MAX_PREDICATES} (split the pattern into several)"
        )


def parse_subject(text: str) -> Constraint:
    """The ``subject:`` option of a pattern: lemmas or synsets the subject's head must be.

    ``{pattern: "kill $target", subject: "&AIRSTRIKE"}`` codes "an Israeli strike killed
    20 people" by the weapon that did it.
    """
    text = text.strip()
    if not text or " " in text:
        raise PatternSyntaxError(f"a subject is one word, alternatives or synsets: {text!r}")
    problems: list[str] = []
    constraint = _constraint(text, problems)
    if constraint.kind != "lemma":
        raise PatternSyntaxError(f"a subject constraint names words or synsets, not {text!r}")
    if problems:
        raise PatternSyntaxError("; ".join(problems))
    return constraint


def _plain_word(tok: str) -> bool:
    return not tok.startswith(("$", "@", "&")) and tok != "*"


def _is_prep(tok: str) -> bool:
    return all(a in PREPOSITIONS for a in tok.split("|"))


def _constraint(tok: str, problems: list[str]) -> Constraint:
    if tok.startswith("$"):
        if tok not in SLOTS:
            raise PatternSyntaxError(f"unknown slot {tok!r} (slots are $target and $source)")
        return Constraint(tok[1:])
    if tok == "*":
        return Constraint("any")
    if tok == "@event":
        return Constraint("event")
    if tok == "@quote":
        return Constraint("quote")
    if tok.startswith("@"):
        raise PatternSyntaxError(f"unknown marker {tok!r} (markers are @event and @quote)")
    words: list[str] = []
    synsets: list[str] = []
    for alt in tok.split("|"):
        if alt.startswith("&"):
            name = alt[1:]
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
                raise PatternSyntaxError(f"synset names are upper-case: {alt!r}")
            synsets.append(name)
        else:
            words.extend(_words(alt, problems, "argument"))
    return Constraint("lemma", tuple(words), tuple(synsets))


def _words(tok: str, problems: list[str], what: str) -> list[str]:
    out = []
    for alt in tok.split("|"):
        if not alt:
            raise PatternSyntaxError(f"empty alternative in {tok!r}")
        if alt.startswith("&"):
            raise PatternSyntaxError(f"a synset cannot be the {what} here: {alt!r}")
        if alt != alt.lower():
            problems.append(
                f"{what} {alt!r} has capitals; lemmas are lower-case so it never matches"
            )
        elif not _WORD.match(alt):
            problems.append(f"{what} {alt!r} is not a word")
        out.append(alt.replace("_", " ") if what == "argument" else alt)
    return out
