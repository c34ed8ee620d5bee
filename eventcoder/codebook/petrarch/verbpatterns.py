"""One PETRARCH verb pattern -> the arguments of one of our pattern strings.

PETRARCH-2 patterns are syntactic::

    - [pre-verb nouns] [(pre-verb phrases)] * [post-verb nouns] [(post-verb phrases)] [CODE]

A bare word is the head noun of a noun phrase, ``{A B C}`` a noun phrase with head C,
``(PREP ...)`` a prepositional phrase, ``&SYNSET`` a word class, and the TABARI markers
``$`` / ``+`` / ``^`` / ``%`` mark the source, the target, a skipped actor and a
compound (reciprocal) actor. Older PETRARCH-1/TABARI patterns are positional word
sequences without brackets; a preposition followed by a word is read as a phrase.

Our patterns start at the predicate, so anything before ``*`` other than the source
marker cannot be said; everything after it maps onto objects and obliques. What
cannot be converted raises :class:`Unconvertible` with a fixed reason (the import
report groups by it) and a detail.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eventcoder.codebook.patterns import PREPOSITIONS, PatternSyntaxError, parse_pattern
from eventcoder.codebook.petrarch.words import DETERMINERS, PURE_PARTICLES, is_word, noun_forms

MARKERS = {"$": "$source", "+": "$target", "^": "*"}
INLINE_ALTERNATIVES = 8
MAX_ALTERNATIVES = 5000

R_PRE = "pattern constrains the subject or words before the verb (our patterns start at the verb)"
R_STAR = "no single verb position '*'"
R_BRACKETS = "unbalanced brackets"
R_NESTED = "nested phrase inside a prepositional phrase"
R_MARKER_NP = "actor marker inside a noun phrase (our slots are whole phrases)"
R_COMPOUND = "compound-actor marker % after the verb"
R_SYNSET = "uses an undefined synset"
R_PREP = "phrase introduced by a word our parser does not treat as a preposition"
R_WORD = "word our patterns cannot hold"
R_EXPAND = "noun phrase expands to too many alternatives"
R_OBJECTS = "more than two objects after the verb (positional TABARI word sequence)"


class Unconvertible(ValueError):
    """A pattern our language cannot express: ``reason`` groups it in the report."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Synset:
    """An imported synset: our name for it and its members (lower-case lemmas)."""

    name: str
    members: tuple[str, ...]


class SynsetTable:
    """PETRARCH's synsets by label, plus the synsets made for long noun phrases.

    ``{&WEAPON ATTACK}`` means any weapon word before "attack": 121 alternatives. Past
    :data:`INLINE_ALTERNATIVES` the phrase becomes a synset of its own
    (``&WEAPON_ATTACK``) so the pattern stays readable.
    """

    def __init__(self, synsets: Mapping[str, Synset], taken: frozenset[str]) -> None:
        self.synsets = dict(synsets)
        self.taken = set(taken) | {s.name for s in synsets.values()}
        self.derived: dict[str, Synset] = {}
        self._by_members: dict[tuple[str, ...], str] = {}

    def get(self, label: str) -> Synset:
        found = self.synsets.get(synset_key(label))
        if found is None:
            raise Unconvertible(R_SYNSET, label)
        return found

    def derive(self, words: Sequence[str], members: Sequence[str]) -> str:
        """The name of a synset holding ``members`` (made on first use)."""
        key = tuple(members)
        if key in self._by_members:
            return self._by_members[key]
        base = "_".join(re.sub(r"[^A-Z0-9]+", "_", w.upper()).strip("_") for w in words)
        name, n = base, 1
        while name in self.taken:
            n += 1
            name = f"{base}_{n}"
        self.taken.add(name)
        self.derived[name] = Synset(name, key)
        self._by_members[key] = name
        return name


@dataclass(frozen=True, slots=True)
class Item:
    """A parsed pattern element: ``*``, a word, a ``{noun phrase}`` or a ``(phrase)``."""

    kind: str  # "star" | "word" | "np" | "pp"
    words: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class Shape:
    """What follows the predicate in our pattern, plus how the predicate changes."""

    particle: str | None
    elements: tuple[str, ...]
    symmetric: bool = False

    @property
    def has_target(self) -> bool:
        return any(e == "$target" or e.endswith(" $target") for e in self.elements)

    @property
    def has_object(self) -> bool:
        return any(" " not in e for e in self.elements)

    def render(self, predicate: str) -> list[str]:
        """Pattern strings for ``predicate`` (alternatives joined with ``|``).

        PETRARCH takes the target from the verb's object whatever the pattern says, so
        a pattern with no object and no target also gets a ``$target`` object variant:
        "A visited B for talks" as well as "A went for talks".
        """
        texts = [" ".join([predicate, *self.elements])]
        if not self.has_object and not self.has_target:
            texts.append(" ".join([predicate, "$target", *self.elements]))
        return texts


def tokenize(body: str) -> list[Item]:
    """Pattern text -> items; brackets must balance and ``()`` may hold one ``{}``."""
    tokens = [t.strip("_") or t for t in re.findall(r"[(){}*]|[^\s(){}*]+", body)]
    items, rest = _items(tokens, 0, None)
    if rest != len(tokens):
        raise Unconvertible(R_BRACKETS)
    return items


def _items(tokens: list[str], i: int, close: str | None) -> tuple[list[Item], int]:
    out: list[Item] = []
    while i < len(tokens):
        tok = tokens[i]
        if tok == close:
            return out, i + 1
        if tok in ")}":
            raise Unconvertible(R_BRACKETS)
        if tok == "{":
            end = _find(tokens, i + 1, "}")
            words = tokens[i + 1 : end]
            if any(w in "(){}" for w in words):
                raise Unconvertible(R_BRACKETS)
            out.append(Item("np", tuple(words)))
            i = end + 1
        elif tok == "(":
            if close is not None:
                raise Unconvertible(R_NESTED)
            inner, i = _items(tokens, i + 1, ")")
            out.append(Item("pp", items=tuple(inner)))
        elif tok == "*":
            out.append(Item("star"))
            i += 1
        else:
            out.append(Item("word", (tok,)))
            i += 1
    if close is not None:
        raise Unconvertible(R_BRACKETS)
    return out, i


def _find(tokens: list[str], i: int, close: str) -> int:
    for j in range(i, len(tokens)):
        if tokens[j] == close:
            return j
    raise Unconvertible(R_BRACKETS)


def convert_body(body: str, synsets: SynsetTable) -> Shape:
    """A PETRARCH pattern body (between ``-`` and the code) -> our pattern's shape."""
    items = tokenize(body)
    stars = [i for i, it in enumerate(items) if it.kind == "star"]
    if len(stars) != 1:
        raise Unconvertible(R_STAR)
    pre, post = items[: stars[0]], items[stars[0] + 1 :]
    symmetric = False
    for it in pre:
        if it.kind == "word" and it.words[0] == "$":
            continue  # the subject is the source anyway
        if it.kind == "word" and it.words[0] == "%":
            symmetric = True  # a compound subject: a reciprocal event
            continue
        raise Unconvertible(R_PRE, _show(it))
    shape = convert_post(post, synsets)
    return Shape(shape.particle, shape.elements, symmetric)


def convert_tail(words: Sequence[str], synsets: SynsetTable, allow_particle: bool = False) -> Shape:
    """The words after the verb in a multi-word verb (``GET_HOLD_OF``) -> a shape."""
    return convert_post([Item("word", (w,)) for w in words], synsets, allow_particle)


def dsl_problem(text: str) -> str:
    """Why our pattern parser refuses ``text`` or says it can never match ("" if fine)."""
    try:
        parsed = parse_pattern(text)
    except PatternSyntaxError as exc:
        return str(exc)
    return "; ".join(parsed.problems)


def convert_post(post: Sequence[Item], synsets: SynsetTable, allow_particle: bool = True) -> Shape:
    """Elements after the verb -> objects and obliques, in PETRARCH's order."""
    particle: str | None = None
    parts: list[tuple[str, str | None]] = []  # ("", object) or (prep, argument | None)
    i = 0
    while i < len(post):
        it = post[i]
        word = it.words[0].lower() if it.kind == "word" else ""
        if it.kind == "pp":
            lead = [x.words[0] for x in it.items[:2] if x.kind == "word"]
            starts_with_word = bool(it.items) and it.items[0].kind == "word"
            prep, used = _preposition(lead) if starts_with_word else ("", 0)
            head = lead[0].lower() if lead else ""
            if not prep and allow_particle and particle is None and head in PURE_PARTICLES:
                particle = head  # "(ASIDE RIFT)": a particle and an object
                if len(it.items) > 1:
                    parts.append(("", _argument(it.items[1:], synsets)))
            elif not prep:
                raise Unconvertible(R_PREP, _show(it))
            else:
                rest = it.items[used:]
                parts.append((prep, _argument(rest, synsets) if rest else None))
            i += 1
            continue
        if allow_particle and particle is None and word in PURE_PARTICLES:
            particle = word
            i += 1
            continue
        if it.kind == "word":
            words = [x.words[0] for x in post[i : i + 2] if x.kind == "word"]
            prep, used = _preposition(words)
            if prep:
                # A bare preposition (TABARI style) takes the plain words after it as
                # one noun phrase: "OF DIPLOMATIC RELATIONS".
                j = i + used
                while j < len(post) and _plain(post[j]) and (j == i + used or _noun(post[j])):
                    j += 1
                phrase = post[i + used : j]
                parts.append((prep, _argument(phrase, synsets) if phrase else None))
                i = j
                continue
        parts.append(("", _argument([it], synsets)))
        i += 1
    if sum(1 for prep, _ in parts if not prep) > 2:
        raise Unconvertible(R_OBJECTS)
    return Shape(particle, tuple(_fill(parts)))


def _plain(it: Item) -> bool:
    """A word or noun phrase that is not a preposition (markers count as plain)."""
    return it.kind in ("word", "np") and not _preposition(list(it.words[:1]))[0]


def _noun(it: Item) -> bool:
    """A plain word that can continue a noun phrase (not an actor marker)."""
    return _plain(it) and it.words[0] not in MARKERS and it.words[0] != "%"


def _fill(parts: list[tuple[str, str | None]]) -> list[str]:
    """Phrases with no noun (``(TO)``) become the target if nothing else is, else ``*``."""
    has_target = any(arg == "$target" for _, arg in parts)
    out = []
    for prep, arg in parts:
        if arg is None:
            arg = "*" if has_target else "$target"
            has_target = True
        out.append(f"{prep} {arg}" if prep else arg)
    return out


def _preposition(words: Sequence[str]) -> tuple[str, int]:
    """The preposition starting ``words`` and how many words it takes.

    ``OUT OF`` -> ``out_of``; ``TO/FOR`` -> ``to|for`` (PETRARCH's ``/`` alternatives).
    """
    low = [w.lower() for w in words]
    if len(low) >= 2 and f"{low[0]}_{low[1]}" in PREPOSITIONS:
        return f"{low[0]}_{low[1]}", 2
    alts = low[0].split("/") if low else []
    if alts and all(a in PREPOSITIONS for a in alts):
        return "|".join(alts), 1
    return "", 0


def _argument(items: Sequence[Item], synsets: SynsetTable) -> str:
    """A noun, noun phrase, synset or actor marker -> one argument element."""
    words: list[str] = []
    for it in items:
        if it.kind == "pp":
            raise Unconvertible(R_NESTED, _show(it))
        words.extend(it.words)
    markers = [w for w in words if w in "$+^%"]
    if markers:
        if len(words) != 1:
            raise Unconvertible(R_MARKER_NP, " ".join(words))
        if words[0] == "%":
            raise Unconvertible(R_COMPOUND)
        return MARKERS[words[0]]
    kept = [w for w in words if w.lower() not in DETERMINERS] or words[-1:]
    if len(kept) == 1 and kept[0].startswith("&"):
        return "&" + synsets.get(kept[0]).name
    choices = [_word_choices(w, synsets) for w in kept]
    total = 1
    for c in choices:
        total *= len(c)
    if total > MAX_ALTERNATIVES:
        raise Unconvertible(R_EXPAND, f"{' '.join(kept)}: {total}")
    alts = list(dict.fromkeys("_".join(combo) for combo in itertools.product(*choices)))
    if len(alts) > INLINE_ALTERNATIVES:
        return "&" + synsets.derive(kept, [a.replace("_", " ") for a in alts])
    for alt in alts:
        if not is_word(alt):
            raise Unconvertible(R_WORD, alt)
    return "|".join(alts)


def _word_choices(word: str, synsets: SynsetTable) -> list[str]:
    """Alternatives for one word of a phrase; every word is compared by its lemma, so
    plural modifiers ("ARMS SHIPMENT") need their singular as much as heads do."""
    if word.startswith("&"):
        return [m.replace(" ", "_") for m in synsets.get(word).members]
    forms: list[str] = []
    for alt in word.rstrip("_").split("/"):  # PETRARCH's "FAVOUR/FAVOR"
        forms += noun_forms(alt)
    return list(dict.fromkeys(forms))


def synset_key(label: str) -> str:
    """``&MILITARY_`` and ``&MILITARY`` are one synset (``_`` only stops plurals)."""
    return label.lstrip("&").rstrip("_").upper()


def _show(it: Item) -> str:
    if it.kind == "pp":
        return "(" + " ".join(_show(x) for x in it.items) + ")"
    if it.kind == "np":
        return "{" + " ".join(it.words) + "}"
    if it.kind == "star":
        return "*"
    return it.words[0]
