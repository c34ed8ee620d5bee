"""The discards dictionary (``Phoenix.discards.txt``) -> discard patterns, where possible.

A PETRARCH discard phrase anywhere in a sentence skips the sentence (``+PHRASE``: the
whole story); it is how sports reports and chronologies are kept out. Our discard
patterns work on one predicate instead: they block the code of a verb when they are
its best match. So only phrases that *are* a verb and its object translate
("BREAK RECORD" -> ``break record``, which stops "broke the record" being coded);
the rest (team names, sports, years) have no equivalent and are reported, so they
can be handled before coding (for example by filtering stories on these phrases).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from eventcoder.codebook.patterns import PREPOSITIONS
from eventcoder.codebook.petrarch.report import Report
from eventcoder.codebook.petrarch.source import read_lines, split_comment
from eventcoder.codebook.petrarch.verbpatterns import (
    Item,
    SynsetTable,
    Unconvertible,
    convert_post,
    dsl_problem,
)
from eventcoder.codebook.petrarch.words import PURE_PARTICLES

R_STORY = "story discard (+): eventcoder has no story-level discards"
R_SENTENCE = "sentence discard phrase: eventcoder discards block a predicate, not a sentence"


def convert_discards(
    path: Path, verb_forms: Mapping[str, str], taken: set[str], report: Report
) -> list[tuple[int, str]]:
    """Discard patterns (line, text) for the verb phrases; every other line reported.

    ``taken`` holds the pattern texts already written (a text may appear once).
    """
    out: list[tuple[int, str]] = []
    empty = SynsetTable({}, frozenset())
    for n, raw in enumerate(read_lines(path), 1):
        text, _ = split_comment(raw)
        line = text.strip()
        if not line:
            continue
        report.read["discards"] += 1
        if line.startswith("+"):
            report.skip(path.name, n, line, R_STORY)
            continue
        words = line.rstrip("_").replace("_", " ").split()
        base = verb_forms.get(words[0].upper()) if len(words) in (2, 3) else None
        if base is None or any(w.lower() in PREPOSITIONS for w in words[1:]):
            report.skip(path.name, n, line, R_SENTENCE)
            continue
        rest = [Item("word", (w,)) for w in words[1:]]
        if rest and rest[0].words[0].lower() in PURE_PARTICLES:
            rest = [rest[0], Item("np", tuple(words[2:]))] if len(rest) > 1 else rest
        else:
            rest = [Item("np", tuple(words[1:]))]  # "HOST THE GAMES": one noun phrase
        try:
            shape = convert_post(rest, empty)
        except Unconvertible as exc:
            report.skip(path.name, n, line, R_SENTENCE, exc.reason)
            continue
        predicate = f"{base}_{shape.particle}" if shape.particle else base
        pattern = shape.render(predicate)[0]
        if pattern in taken or dsl_problem(pattern):
            report.skip(path.name, n, line, R_SENTENCE, f"pattern {pattern!r} not usable")
            continue
        taken.add(pattern)
        out.append((n, pattern))
        report.converted["discard patterns (verb phrases)"] += 1
    return out
