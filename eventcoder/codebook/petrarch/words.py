"""Word forms: PETRARCH writes upper-case surface words, our codebooks lower-case lemmas.

PETRARCH matches words as written (it generates regular plurals and verb forms itself);
eventcoder matches the parser's lemmas. These helpers turn a dictionary word into the
forms our matcher will see, without loading a parser: a pattern argument accepts a
word when the token's lemma *or* its lower-cased text is listed, so listing both the
surface word and a rule-based singular is safe even when the rule guesses wrong.
"""

from __future__ import annotations

import re

# Particles that make a phrasal verb ("set_up", "call_off"); the parser tags them
# compound:prt. Words that are also common prepositions are handled separately.
PURE_PARTICLES = frozenset("up down out off away back forward forth aside apart together".split())
# Words that are a particle in some verbs ("give in") and a preposition in others.
AMBIGUOUS_PARTICLES = frozenset("in on over through around along about".split())
DETERMINERS = frozenset("a an the".split())
CONJUNCTIONS = frozenset("and or".split())
AUXILIARIES = frozenset("is are am was were be been being has have had".split())

# Words ending in "s" that are not plurals (or whose lemma keeps the "s").
_NOT_PLURAL = frozenset(
    """news series species means politics economics physics ethics athletics headquarters
    gas bus lens bias alias atlas chaos canvas christmas thesis basis analysis crisis
    diagnosis status virus campus census consensus bonus focus genus apparatus corpus""".split()
)
_IRREGULAR_VERBS = {
    "shot": "shoot",
    "fought": "fight",
    "struck": "strike",
    "took": "take",
    "taken": "take",
    "brought": "bring",
    "is": "be",
    "are": "be",
    "was": "be",
    "were": "be",
    "has": "have",
    "had": "have",
}


def singular(word: str) -> str:
    """A rule-based singular of a lower-case noun ("sanctions" -> "sanction").

    Only used next to the surface form, so a wrong guess never loses a match.
    """
    if len(word) < 4 or word in _NOT_PLURAL or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def noun_forms(word: str) -> list[str]:
    """The forms a noun argument should accept: its singular first, then as written."""
    low = word.lower()
    return list(dict.fromkeys([singular(low), low]))


def verb_base(word: str) -> str:
    """The base form of an inflected verb PETRARCH lists literally (``{}``: no forms).

    ``ANGERED`` -> ``anger``, ``KIDNAPPED`` -> ``kidnap``, ``SHOT`` -> ``shoot``.
    """
    low = word.lower()
    if low in _IRREGULAR_VERBS:
        return _IRREGULAR_VERBS[low]
    for suffix in ("ing", "ed"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            if stem.endswith("i"):
                return stem[:-1] + "y"
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
                return stem[:-1]
            return stem
    return low


def is_word(text: str) -> bool:
    """A token our pattern language accepts as a word (lower-case, no symbols)."""
    return bool(re.fullmatch(r"[a-z0-9][a-z0-9_'\-.]*", text))


def display_name(phrase: str) -> str:
    """An actor name as people write it: ``NORTH_KOREA_`` -> ``North Korea``.

    eventcoder matches names case-insensitively, but a name written with a capital
    only matches capitalised text and a short all-capital name (``UN``, ``WHO``) only
    matches capitals, so single words of up to three letters keep their capitals.
    """
    words = " ".join(phrase.replace("_", " ").split())
    if re.fullmatch(r"[A-Z.]+", words) and len(words.replace(".", "")) <= 3:
        return words
    return " ".join(_cap_word(w) for w in words.split(" "))


def _cap_word(word: str) -> str:
    parts = word.split("-")
    return "-".join(p[:1].upper() + p[1:].lower() for p in parts)


def agent_phrase(phrase: str) -> str:
    """A sector noun phrase as our agents list it: lower-case, hyphens spaced.

    The parser splits ``self-defense`` into three tokens, so agents are written
    ``self - defense`` (see ``codebooks/cameo/actors/agents.yaml``).
    """
    text = phrase.lower().replace("_", " ").replace("-", " - ")
    return " ".join(text.split())
