"""The agents dictionary (``Phoenix.agents.txt``) -> ``agents: {SECTOR: [nouns]}``.

PETRARCH agents are noun phrases with a code that is added to a country actor:
``FARMER [~AGR]`` makes "Kenyan farmers" KENAGR. Our ``agents`` section does the same
with one sector per phrase, matched on lemmas, so:

* ``~XXX`` -> sector ``XXX``; a compound ``~GOVMED`` keeps its first sector (reported);
* ``XXX~`` (a prefix, for organisations) cannot be said and is skipped;
* ``!PERSON!``-style substitution sets are expanded; ``{plural}`` irregular plurals are
  listed too (the parser may not lemmatise rare plurals);
* phrases are written the way our agents are: lower case, ``_`` as a space, hyphens
  spaced (``self - defense``), plural words also in the singular ("human right").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.codebook.patterns import PREPOSITIONS
from eventcoder.codebook.petrarch.report import Report
from eventcoder.codebook.petrarch.source import read_lines, split_comment
from eventcoder.codebook.petrarch.words import agent_phrase, singular

_ENTRY = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]")
_SUBST = re.compile(r"^!(?P<name>[A-Z_]+)!\s*=\s*(?P<members>.+)$")

R_PREFIX = "prefix agent code (X~): our agents add a sector after the country"
R_CODE = "unreadable agent code"
R_NO_CODE = "agent without a code"
R_TAKEN = "phrase already an agent of another sector (the first sector is kept)"
R_SUBST = "unknown substitution set"

A_COMPOUND = "compound agent code: only the first sector is kept"
A_GAP = "words PETRARCH lets stand apart must be adjacent here"
A_PREP = "trailing preposition dropped (the agent is the noun before it)"


@dataclass
class AgentsOut:
    sectors: dict[str, list[str]] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)  # phrase -> sector


def convert_agents(
    path: Path, parent: Mapping[str, list[str]], report: Report, merge: bool
) -> AgentsOut:
    """Every agent line -> sector lists; with ``merge`` the parent's lists come first
    (a child's sector list replaces the parent's, so nothing of it is lost)."""
    out = AgentsOut()
    for sector, words in parent.items():
        for word in words:
            out.owner.setdefault(word, sector)
            if merge:
                out.sectors.setdefault(sector, []).append(word)
    subst: dict[str, list[str]] = {}
    for n, raw in enumerate(read_lines(path), 1):
        text, _ = split_comment(raw)
        line = text.strip()
        if not line:
            continue
        m = _SUBST.match(line)
        if m:
            members = [w.strip() for w in m.group("members").split(",") if w.strip()]
            subst[m.group("name")] = members
            continue
        _convert_line(path.name, n, line, subst, out, report)
    return out


def _convert_line(
    file: str, n: int, line: str, subst: dict[str, list[str]], out: AgentsOut, report: Report
) -> None:
    report.read["agents"] += 1
    m = _ENTRY.match(line)
    if m is None:
        report.skip(file, n, line, R_NO_CODE)
        return
    code = m.group("code").strip()
    if re.fullmatch(r"[A-Z]{3,}~", code):
        report.skip(file, n, line, R_PREFIX)
        return
    if not re.fullmatch(r"~(?:[A-Z]{3})+", code):
        report.skip(file, n, line, R_CODE, f"[{code}]")
        return
    sector = code[1:4]
    if len(code) > 4:
        report.approx(file, n, line, A_COMPOUND, f"{sector}, not {code[4:]}")
    try:
        phrases = _expand(m.group("phrase").strip(), subst)
    except KeyError as exc:
        report.skip(file, n, line, R_SUBST, str(exc))
        return
    plural = (m.group("plural") or "").strip()
    if plural:
        phrases += _expand(plural, subst)
    if any(" " in p.strip() for p in phrases):
        report.approx(file, n, line, A_GAP)
    added = 0
    for phrase in phrases:
        for form in _forms(phrase, file, n, line, report):
            owner = out.owner.get(form)
            if owner is not None and owner != sector:
                report.skip(file, n, line, R_TAKEN, f"{form!r} is {owner}")
                continue
            if owner is None:
                out.owner[form] = sector
                out.sectors.setdefault(sector, []).append(form)
                added += 1
    if added:
        report.converted["agents"] += 1
        report.converted["agent phrases"] += added


def _expand(phrase: str, subst: dict[str, list[str]]) -> list[str]:
    """``CATTLE!PERSON!`` -> CATTLEMAN, CATTLEMEN, ...; KeyError for an unknown set."""
    m = re.search(r"!([A-Z_]+)!", phrase)
    if m is None:
        return [phrase]
    members = subst[m.group(1)]
    out: list[str] = []
    for member in members:
        out += _expand(phrase[: m.start()] + member + phrase[m.end() :], subst)
    return out


def _forms(phrase: str, file: str, n: int, line: str, report: Report) -> list[str]:
    """The phrase as our agents list it, and with each word singular too."""
    words = agent_phrase(phrase).split()
    while len(words) > 1 and words[-1] in PREPOSITIONS:
        report.approx(file, n, line, A_PREP, words[-1])
        words = words[:-1]
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    if not words:
        return []
    text = " ".join(words)
    lemma = " ".join(singular(w) for w in words)
    return list(dict.fromkeys([lemma, text]))
