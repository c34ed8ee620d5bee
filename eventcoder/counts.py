"""Numbers the text states about an event: fatalities and crowd size.

ACLED records how many died and how many gathered, when the report says so ("killing
six civilians", "about 2,500 people protested", "the death toll rose to 40"). Numbers
are read off the parse: a number attached to a noun that is killed or dies, to a
death noun, or to the people who marched. When the text gives no number the field
stays empty: a count is never guessed. Which verbs and nouns mean death or a crowd
comes from the codebook's lexicon (``acled.counts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventcoder.parsed import Sentence

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")


def parse_number(words: list[str]) -> int | None:
    """An integer from number words or digits: "2,500", "six", "twenty-one", "1.5 million"."""
    total = 0
    current = 0
    seen = False
    for raw in words:
        for word in raw.lower().replace("-", " ").split():
            if _DIGITS.match(word):
                current += float(word.replace(",", ""))  # type: ignore[assignment]
                seen = True
            elif word in _UNITS:
                current += _UNITS[word]
                seen = True
            elif word in _TENS:
                current += _TENS[word]
                seen = True
            elif word in _SCALES and seen:
                scale = _SCALES[word]
                if scale == 100:
                    current *= scale
                else:
                    total += current * scale
                    current = 0
            elif (word in ("a", "and") and not seen) or word == "and":
                continue
            else:
                return None
    if not seen:
        return None
    return int(total + current)


@dataclass(frozen=True, slots=True)
class CountWords:
    """The codebook's words for deaths and crowds (lower-case lemmas)."""

    death_verbs: frozenset[str]
    death_nouns: frozenset[str]
    dead_words: frozenset[str]
    crowd_nouns: frozenset[str]


# "hundreds of civilians": the least the word can mean.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000}


def group_size(sent: Sentence, noun: int) -> int | None:
    """How many a noun phrase counts: "223 villagers", "hundreds of civilians"."""
    toks = sent.tokens
    if toks[noun].lower in _VAGUE:
        return _VAGUE[toks[noun].lower]
    up = toks[noun].head
    if up >= 0 and toks[noun].deprel == "nmod" and toks[up].lower in _VAGUE:
        return _VAGUE[toks[up].lower]  # the parse may head the phrase on "civilians"
    found = _number_of(sent, noun)
    if found is None:
        vague = [c for c in sent.children(noun) if toks[c].lower in _VAGUE]
        found = _VAGUE[toks[vague[0]].lower] if vague else None
    return found


def _number_of(sent: Sentence, noun: int) -> int | None:
    """The number attached to a noun ("six civilians", "2,500 people")."""
    toks = sent.tokens
    for c in sent.children(noun):
        if toks[c].deprel == "nummod" or (toks[c].upos == "NUM" and toks[c].deprel != "appos"):
            words = [toks[k].text for k in sent.subtree(c) if toks[k].upos in ("NUM", "SYM")]
            value = parse_number(words or [toks[c].text])
            if value is not None:
                return value
    if toks[noun].upos == "NUM":
        return parse_number([toks[noun].text])
    return None


def fatalities(sent: Sentence, words: CountWords) -> int | None:
    """Deaths the sentence reports, summed over distinct victim groups; None if unstated."""
    toks = sent.tokens
    found: dict[int, int] = {}
    for tok in toks:
        if tok.lemma in words.death_verbs:
            for c in sent.children(tok.i):
                rel = toks[c].deprel
                passive = any(toks[k].deprel == "aux:pass" for k in sent.children(tok.i))
                victim = (
                    rel == "obj"
                    or rel == "nsubj:pass"
                    or (rel == "nsubj" and not passive and tok.lemma in ("die", "perish"))
                )
                if victim:
                    n = _number_of(sent, c)
                    if n is not None:
                        found[c] = n
        elif tok.lemma in words.death_nouns:
            n = _number_of(sent, tok.i)
            if n is None:
                # "the death toll rose to 40", "a death toll of 12"
                for c in sent.children(tok.i):
                    if toks[c].deprel == "nmod":
                        n = _number_of(sent, c)
                for k in range(tok.i + 1, min(len(toks), tok.i + 5)):
                    if n is None and toks[k].upos == "NUM":
                        n = parse_number([toks[k].text])
            if n is not None:
                found[tok.i] = n
        elif tok.lemma in words.dead_words and tok.upos in ("ADJ", "NOUN", "ADV"):
            n = _number_of(sent, tok.i)
            if n is None and tok.head >= 0 and toks[tok.head].upos == "VERB":
                # "shot dead three protesters": the verb's object is the dead.
                objs = [
                    c for c in sent.children(tok.head) if toks[c].deprel in ("obj", "nsubj:pass")
                ]
                n = _number_of(sent, objs[0]) if objs else None
            if n is None and tok.head >= 0 and toks[tok.head].upos in ("NOUN", "NUM", "PRON"):
                n = _number_of(sent, tok.head)
            if n is None:
                subj = [c for c in sent.children(tok.i) if toks[c].deprel.startswith("nsubj")]
                n = _number_of(sent, subj[0]) if subj else None
            if n is not None:
                found[tok.i] = n
    return sum(found.values()) if found else None


def crowd_size(sent: Sentence, words: CountWords) -> int | None:
    """The size of a crowd the sentence reports ("about 2,500 people marched")."""
    toks = sent.tokens
    for tok in toks:
        # The crowd is the one doing the gathering: a subject, not "dispersed 300 people".
        if (
            tok.lemma in words.crowd_nouns
            and tok.upos in ("NOUN", "PROPN")
            and tok.deprel in ("nsubj", "nsubj:pass", "root", "conj")
        ):
            n = _number_of(sent, tok.i)
            if n is not None:
                return n
    return None
