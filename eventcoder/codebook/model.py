"""The compiled codebook: what the coder consults while coding.

Everything here is built once by :mod:`eventcoder.codebook.loader` from the YAML files
and then only read. Patterns are indexed by (part of speech, predicate lemma) so coding
a frame looks at the handful of patterns for its lemma, never at the whole codebook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.codebook.patterns import Constraint, ParsedPattern

if TYPE_CHECKING:
    from eventcoder.acled import AcledConfig
    from eventcoder.actors import ActorIndex
    from eventcoder.places import Gazetteer, Place

POS_GROUPS = {"verbs": "verb", "nouns": "noun", "adjectives": "adj"}
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class Loc:
    """Where an entry was written: file and 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """One event code of the taxonomy."""

    code: str
    name: str
    root: str
    parent: str | None
    goldstein: float | None
    quad_class: int
    plover_type: str | None = None
    plover_mode: str | None = None
    plover_context: str | None = None
    description: str = ""

    @property
    def quad_class_name(self) -> str:
        return QUAD_NAMES.get(self.quad_class, "")


@dataclass(frozen=True)
class Pattern:
    """A compiled event (or discard) pattern."""

    id: str
    code: str | None  # None: a discard pattern, which blocks coding when it wins
    pos: str  # "verb" | "noun" | "adj"
    parsed: ParsedPattern
    loc: Loc
    order: int
    negated_code: str | None = None
    symmetric: bool = False
    subject: Constraint | None = None  # what the subject's head must be ("&AIRSTRIKE")

    @property
    def text(self) -> str:
        return self.parsed.text

    @cached_property
    def specificity(self) -> int:
        return self.parsed.specificity() + (4 if self.subject is not None else 0)

    @cached_property
    def needs_objects(self) -> bool:
        """Whether the pattern needs at least one object (a cheap pre-check)."""
        return any(c.kind != "event" for c in self.parsed.objects)

    @cached_property
    def prep_sets(self) -> tuple[frozenset[str], ...]:
        """For each prepositional element, the prepositions that satisfy it."""
        return tuple(frozenset(el.preps) for el in self.parsed.preps)


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A class of predicates that wrap another event ("ready to", "urged X to").

    ``mode`` says what the wrapper does to the event inside it: ``map`` recodes it
    through ``mapping`` (longest code prefix wins; no entry or ``None`` drops it),
    ``pass`` leaves it as it is, ``report`` leaves it and records the wrapper's subject
    as ``reported_by``.
    """

    name: str
    mode: str
    patterns: tuple[Pattern, ...]
    mapping: dict[str, str | None]
    future: bool = False
    negated_wrapper: str | None = None  # recode through this wrapper when negated
    addressee: bool = False  # the embedded clause's own subject is the target ("urged that X")
    loc: Loc | None = None

    def recode(self, code: str) -> tuple[bool, str | None]:
        """``(handled, new_code)`` for an embedded ``code``; new_code None drops it.

        A ``pass`` wrapper may still map some codes ("tried to assassinate" is an
        attempt, 185); what its map does not name passes unchanged.
        """
        for n in range(len(code), -1, -1):
            key = code[:n]
            if key in self.mapping:
                return True, self.mapping[key]
        if self.mode != "map":
            return True, code
        return False, None


@dataclass(frozen=True, slots=True)
class Role:
    """A dated role of a named person: the actor code they carry between two dates."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None
    title: str = ""

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    """A named person with name variants and dated roles."""

    key: str
    names: tuple[str, ...]
    country: str | None
    roles: tuple[Role, ...]
    surname: str
    loc: Loc

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role held on ``day``; with no date, the most recent role."""
        if not self.roles:
            return None
        if day is None:
            return max(self.roles, key=lambda r: r.start or dt.date.min)
        for role in self.roles:
            if role.covers(day):
                return role
        return None


@dataclass(frozen=True, slots=True)
class NamedActor:
    """A named actor (country, capital, organisation, group, metonym)."""

    code: str
    names: tuple[str, ...]
    kind: str  # "country" | "capital" | "adjective" | "organization" | "group" | "name"
    loc: Loc


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """A place the codebook names (a sea, a strait, a region)."""

    names: tuple[str, ...]
    place: Place
    loc: Loc


@dataclass
class Lexicon:
    """Word classes the frame builder and coder consult (all lower-case lemmas)."""

    synsets: dict[str, frozenset[str]] = field(default_factory=dict)
    negators: frozenset[str] = frozenset()
    hypothetical_modals: frozenset[str] = frozenset()
    future_modals: frozenset[str] = frozenset()
    backshift_modals: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    object_control: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    relative_pronouns: frozenset[str] = frozenset()
    pronouns: dict[str, frozenset[str]] = field(default_factory=dict)
    anaphors: dict[str, frozenset[str]] = field(default_factory=dict)
    titles: frozenset[str] = frozenset()
    refusal_wrapper: str | None = None
    reciprocal: frozenset[str] = frozenset()
    elaboration_roots: frozenset[str] = frozenset()
    absorbed_roots: frozenset[str] = frozenset()
    future_wrapper: str | None = None
    mutual_roots: frozenset[str] = frozenset()
    negative_marks: frozenset[str] = frozenset()
    quantifiers: frozenset[str] = frozenset()
    crowds: dict[str, Any] = field(default_factory=dict)
    background_preps: frozenset[str] = frozenset()
    inverted_speech: frozenset[str] = frozenset()
    place_qualifiers: frozenset[str] = frozenset()
    hypothetical_determiners: frozenset[str] = frozenset()
    conditional_acts: frozenset[str] = frozenset()
    third_party_reports: frozenset[str] = frozenset()
    participle_members: dict[str, frozenset[str]] = field(default_factory=dict)
    unspecified_intent: str | None = None
    venue: dict[str, Any] = field(default_factory=dict)
    mass_killing: dict[str, Any] = field(default_factory=dict)

    def synset(self, name: str) -> frozenset[str]:
        return self.synsets.get(name, frozenset())


@dataclass
class Codebook:
    """A loaded, validated and compiled codebook."""

    name: str
    version: str
    path: Path
    description: str
    codes: dict[str, CodeInfo]
    lexicon: Lexicon
    patterns: list[Pattern]
    wrappers: dict[str, Wrapper]
    countries: list[NamedActor]
    names: list[NamedActor]
    agents: dict[str, tuple[str, ...]]
    people: list[Person]
    sector_names: dict[str, str] = field(default_factory=dict)
    acled: AcledConfig | None = None
    places: list[PlaceEntry] = field(default_factory=list)
    place_nouns: frozenset[str] = frozenset()
    _by_lemma: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict, repr=False)
    _wrapper_by_lemma: dict[tuple[str, str], list[tuple[Wrapper, Pattern]]] = field(
        default_factory=dict, repr=False
    )
    _words: dict[Constraint, frozenset[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for pat in self.patterns:
            for lemma in pat.parsed.predicates:
                self._by_lemma.setdefault((pat.pos, lemma), []).append(pat)
        for plist in self._by_lemma.values():
            plist.sort(key=lambda p: (-p.specificity, p.order))
        for wrapper in self.wrappers.values():
            for pat in wrapper.patterns:
                for lemma in pat.parsed.predicates:
                    self._wrapper_by_lemma.setdefault((pat.pos, lemma), []).append((wrapper, pat))
        for wlist in self._wrapper_by_lemma.values():
            wlist.sort(key=lambda wp: (-wp[1].specificity, wp[1].order))

    def patterns_for(self, pos: str, lemma: str) -> list[Pattern]:
        """Event and discard patterns for a predicate, most specific first."""
        return self._by_lemma.get((pos, lemma), [])

    def wrappers_for(self, pos: str, lemma: str) -> list[tuple[Wrapper, Pattern]]:
        """Wrapper patterns for a predicate, most specific first."""
        return self._wrapper_by_lemma.get((pos, lemma), [])

    @cached_property
    def predicate_lemmas(self) -> frozenset[tuple[str, str]]:
        """Every (pos, lemma) that some pattern or wrapper can fire on."""
        return frozenset(self._by_lemma) | frozenset(self._wrapper_by_lemma)

    @cached_property
    def event_nouns(self) -> frozenset[str]:
        """Nouns that head an event frame ("visit", "sanctions", "talks", "strike")."""
        return frozenset(lemma.split()[-1] for pos, lemma in self.predicate_lemmas if pos == "noun")

    @cached_property
    def actor_index(self) -> ActorIndex:
        from eventcoder.actors import ActorIndex

        return ActorIndex(self)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        from eventcoder.places import Gazetteer

        return Gazetteer(self)

    @cached_property
    def country_names(self) -> dict[str, str]:
        """Country code -> its first (canonical) name, for ACLED-style actor names."""
        out: dict[str, str] = {}
        for actor in self.countries:
            if actor.kind == "country" and actor.names:
                out.setdefault(actor.code, actor.names[0])
        return out

    def code_info(self, code: str) -> CodeInfo:
        return self.codes[code]

    def constraint_words(self, c: Constraint) -> frozenset[str]:
        """All lemmas/phrases a lexical constraint accepts (synsets expanded, cached)."""
        found = self._words.get(c)
        if found is None:
            words = set(c.words)
            for s in c.synsets:
                words |= self.lexicon.synset(s)
            found = self._words[c] = frozenset(words)
        return found
