"""Actor dictionaries (``Phoenix.*.actors.txt``) -> countries, names and people.

A PETRARCH actor record is a phrase, its ``+synonyms`` and its codes, each code with an
optional date restriction (``<date``, ``>date``, ``date-date``; bounds inclusive)::

    SERGEY_LAVROV_  # CountryInfo.txt
    +LAVROV
            [RUSGOV 19940922-20040712]
            [RUSGOV >20040309]

Records PETRARCH marks as people (generated from ``CountryInfo.txt`` / ``IGOrulers.txt``,
or listed under a heading such as ``# U.S. Secretaries of State``) become ``people``
with dated roles; the undated code is what they code as outside every role. Records
whose code is a country code of the codebook's taxonomy (``NORTH_KOREA_ [PRK]``)
become ``countries``. Everything else becomes a ``names`` entry: those have no dates,
so a dated record we cannot tell from an organisation keeps its current code, and the
report says so. Dated entries added by hand after the generator ran carry no mark;
one whose first word is the first name of a marked person is taken as a person.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventcoder.codebook.petrarch.report import Report
from eventcoder.codebook.petrarch.source import read_lines, split_comment
from eventcoder.codebook.petrarch.words import display_name

YEAR_PIVOT = 30  # YYMMDD: 00-29 are 2000-2029, 30-99 are 1930-1999 (the files: 31..14)
_CODE_SPEC = re.compile(r"\s*([A-Za-z0-9-]+)\s*(?:([<>])\s*(\d+)|(\d+)\s*-\s*(\d+))?\s*")
_ACTOR_CODE = re.compile(r"(?:[A-Z]{3})+")
_PERSON_SOURCES = ("countryinfo", "igorulers")
_PERSON_HEADING = re.compile(
    r"president|minister|secretar|ambassador|advis|attorney|director|chief|leader|"
    r"representative|king|queen|monarch|ruler|premier|chancellor|governor|speaker|"
    r"chairm|emir|sultan|pope",
    re.IGNORECASE,
)
_ORG_HEADING = re.compile(
    r"institution|agenc|organi[sz]ation|think tank|universit|news|part(?:y|ies)|compan|"
    r"ministr|department|council|court|actors",
    re.IGNORECASE,
)

R_NULL = "null actor code [---]"
R_CODE = "actor code not in three-letter blocks"
R_SPEC = "unreadable code"
R_DATE = "malformed date"
R_RANGE = "date range ends before it starts"
R_NO_CODE = "entry without a code"
R_NO_USABLE = "no usable code left (each bad code is reported too)"
R_ORPHAN = "synonym or code before any entry"
R_NAME = "not a name"
R_IN_PARENT = "person already in the parent codebook (its curated roles are kept)"
R_EXTRA_DEFAULT = "second undated code (the first is the default)"

A_COLLAPSED = "dated codes on an entry not marked as a person: the current code is kept"
A_GAP = "words PETRARCH lets stand apart must be adjacent here"
A_MERGED = "entry listed twice: merged"
A_PERSON = "unmarked entry with dated codes taken as a person (first name of a marked person)"


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """One bracketed code; no dates means it is the record's default."""

    code: str
    start: dt.date | None
    end: dt.date | None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class ActorRecord:
    """A record as read: its phrases (primary first), codes and what marks it."""

    file: str
    line: int
    phrases: list[tuple[int, str]] = field(default_factory=list)
    codes: list[CodeSpec] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    heading: str = ""
    bracketed: bool = False  # some code was written, even one we could not read

    @property
    def entry(self) -> str:
        return self.phrases[0][1] if self.phrases else ""


@dataclass
class ActorsOut:
    countries: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    names: list[dict[str, Any]] = field(default_factory=list)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)


def parse_date(text: str) -> dt.date:
    """``YYYYMMDD`` or ``YYMMDD`` (see :data:`YEAR_PIVOT`); ValueError otherwise."""
    if len(text) == 8:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if len(text) == 6:
        yy = int(text[:2])
        year = (2000 if yy < YEAR_PIVOT else 1900) + yy
        return dt.date(year, int(text[2:4]), int(text[4:]))
    raise ValueError(f"{text!r} has {len(text)} digits (YYMMDD or YYYYMMDD)")


def parse_code_spec(text: str) -> CodeSpec:
    """``USAGOV >090120`` -> CodeSpec("USAGOV", 2009-01-20, None); raises ValueError
    with one of this module's reasons as its first argument."""
    m = _CODE_SPEC.fullmatch(text)
    if m is None:
        raise ValueError(R_SPEC, text)
    code, op, day, first, last = m.groups()
    if code == "---":
        raise ValueError(R_NULL, text)
    if not _ACTOR_CODE.fullmatch(code):
        raise ValueError(R_CODE, code)
    try:
        if op == "<":
            return CodeSpec(code, None, parse_date(day))
        if op == ">":
            return CodeSpec(code, parse_date(day), None)
        if first:
            start, end = parse_date(first), parse_date(last)
            if start > end:
                raise ValueError(R_RANGE, text)
            return CodeSpec(code, start, end)
    except ValueError as exc:
        if exc.args and exc.args[0] == R_RANGE:
            raise
        raise ValueError(R_DATE, f"{text}: {exc}") from exc
    return CodeSpec(code, None, None)


def read_actor_file(path: Path, report: Report) -> list[ActorRecord]:
    """Records in file order; bad codes are reported and left out.

    Phrases on consecutive lines with no code between them share the codes that
    follow (TABARI style: ``IVO_JOSIPOVIC_`` / ``PRESIDENT_JOSIPOVIC_`` / codes).
    """
    records: list[ActorRecord] = []
    current: ActorRecord | None = None
    heading = ""
    gap = True
    for n, raw in enumerate(read_lines(path), 1):
        text, comment = split_comment(raw)
        body = text.strip()
        if not body:
            if raw.strip().startswith("#") and _is_heading(comment):
                heading = comment
            gap = True
            continue
        if body.startswith("+") or text[:1] in " \t" or body.startswith("["):
            if current is None:
                report.skip(path.name, n, body, R_ORPHAN)
                continue
            if body.startswith("+"):
                current.phrases.append((n, body[1:]))
            else:
                _add_codes(current, body, n, report)
            if comment:
                current.comments.append(comment)
            gap = False
            continue
        phrase = body.split("[", 1)[0].strip()
        if not _is_name(phrase):
            report.skip(path.name, n, phrase, R_NAME)
            gap = True
            continue
        joins = current is not None and not current.bracketed and not gap
        if not joins:
            current = ActorRecord(path.name, n, heading=heading)
            records.append(current)
        assert current is not None
        current.phrases.append((n, phrase))
        if comment:
            current.comments.append(comment)
        _add_codes(current, body[len(phrase) :], n, report)
        if re.fullmatch(r"[A-Z]{3}", next((c.code for c in current.codes), "")):
            heading = ""  # a country-level entry starts a new country block
        gap = False
    return records


def _is_heading(comment: str) -> bool:
    """``# Presidents`` is a heading; ``#+SYRIAN_DESERT_`` is a commented-out entry."""
    return bool(comment) and any(c.islower() for c in comment) and comment[0] not in "+["


def _add_codes(rec: ActorRecord, text: str, line: int, report: Report) -> None:
    for inner in re.findall(r"\[([^\]]*)\]", text):
        rec.bracketed = True
        try:
            rec.codes.append(parse_code_spec(inner))
        except ValueError as exc:
            reason, detail = exc.args[0], exc.args[1] if len(exc.args) > 1 else ""
            report.skip(rec.file, line, f"{rec.entry} [{inner}]", reason, detail)


def is_marked_person(rec: ActorRecord) -> bool:
    """PETRARCH's own marks: the generator's source comment, or the list's heading."""
    notes = " ".join(rec.comments).lower()
    if any(src in notes for src in _PERSON_SOURCES):
        return True
    if _ORG_HEADING.search(rec.heading):
        return False
    return bool(_PERSON_HEADING.search(rec.heading))


def first_names(records: list[ActorRecord]) -> frozenset[str]:
    """First words of the people PETRARCH marks ("AHMED", "MOHAMMAD", "JOHN", "XI")."""
    return frozenset(
        word
        for word in (_first_word(r.entry) for r in records if r.phrases and is_marked_person(r))
        if len(word) > 1
    )


def looks_like_person(rec: ActorRecord, names: frozenset[str]) -> bool:
    """An unmarked record with dated codes (entries added by hand after the generator
    ran: ``XI_JINPING``, ``FRANCOIS_HOLLANDE``) is a person when its first word is a
    first name of marked people and no word of it names an organisation or a place."""
    words = rec.entry.strip("_").upper().replace("-", "_").split("_")
    return (
        2 <= len(words) <= 5
        and _first_word(rec.entry) in names
        and not any(w in _ORG_WORDS for w in words)
        and any(c.dated for c in rec.codes)
    )


_ORG_WORDS = frozenset(
    """ASSEMBLY REPUBLIC KINGDOM PARTY COUNCIL ARMY FORCES FORCE MINISTRY GOVERNMENT
    COMMITTEE FRONT MOVEMENT UNION BANK COURT PARLIAMENT CONGRESS SENATE OFFICE AGENCY
    DEPARTMENT COMMISSION ORGANIZATION ORGANISATION ASSOCIATION BRIGADE BRIGADES
    GROUP POLICE GUARD NATIONAL STATE STATES PROVINCE REGION CITY ISLANDS""".split()
)


def _first_word(phrase: str) -> str:
    return phrase.strip("_ ").upper().split("_")[0].split(" ")[0]


@dataclass(frozen=True)
class ActorContext:
    """What deciding an entry's section needs beyond the entry itself."""

    country_codes: frozenset[str]  # codes that are countries (USA, PRK; not IGO, MNC)
    parent_people: frozenset[str]  # people the parent codebook has (person_key form)
    first_names: frozenset[str] = frozenset()


def convert_actors(
    files: list[tuple[list[ActorRecord], str]], ctx: ActorContext, report: Report
) -> ActorsOut:
    """Records of each file -> countries, names and people. A file's ``kind`` is the
    kind its names entries get: "organization", or "group" for armed groups."""
    out = ActorsOut()
    known = first_names([rec for records, _ in files for rec in records])
    ctx = ActorContext(ctx.country_codes, ctx.parent_people, known)
    for records, kind in files:
        _convert_file(records, kind, ctx, out, report)
    return out


def _convert_file(
    records: list[ActorRecord], kind: str, ctx: ActorContext, out: ActorsOut, report: Report
) -> None:
    for rec in records:
        report.read["actor entries"] += 1
        names = _names(rec, report)
        if not names:
            continue
        if not rec.codes:
            report.skip(rec.file, rec.line, rec.entry, R_NO_USABLE if rec.bracketed else R_NO_CODE)
            continue
        undated = [c for c in rec.codes if not c.dated]
        dated = [c for c in rec.codes if c.dated]
        for extra in undated[1:]:
            report.skip(rec.file, rec.line, f"{rec.entry} [{extra.code}]", R_EXTRA_DEFAULT)
        default = undated[0].code if undated else None
        person = is_marked_person(rec)
        if not person and looks_like_person(rec, ctx.first_names):
            person = True
            report.approx(rec.file, rec.line, rec.entry, A_PERSON)
        if person:
            if _norm(names[0]) in ctx.parent_people:
                report.skip(rec.file, rec.line, rec.entry, R_IN_PARENT)
            else:
                _add_person(out, names, default, dated, rec, report)
            continue
        code = default or _current(dated)
        if dated:
            report.approx(rec.file, rec.line, rec.entry, A_COLLAPSED, code)
        if code in ctx.country_codes:
            entry = out.countries.setdefault(code, {"names": []})
            entry["names"] = _union(entry["names"], names)
            report.converted["country names"] += len(names)
        else:
            out.names.append({"code": code, "names": names, "kind": kind})
            report.converted["names entries"] += 1


def _is_name(phrase: str) -> bool:
    """Stray text ("Source: MNC.MLH.actors") is not a name."""
    return bool(re.search(r"[^\W\d_]", phrase)) and ":" not in phrase and len(phrase.strip("_")) > 1


def _names(rec: ActorRecord, report: Report) -> list[str]:
    out: list[str] = []
    for line, phrase in rec.phrases:
        if not _is_name(phrase):
            report.skip(rec.file, line, phrase, R_NAME)
            continue
        if " " in phrase.strip():
            report.approx(rec.file, line, phrase, A_GAP)
        out.append(display_name(phrase))
    return _union([], out)


def _add_person(
    out: ActorsOut,
    names: list[str],
    default: str | None,
    dated: list[CodeSpec],
    rec: ActorRecord,
    report: Report,
) -> None:
    roles = [_role(c) for c in dated]
    key = names[0]
    person = out.people.get(key)
    if person is None:
        person = out.people[key] = {"name": key, "names": [], "country": default, "roles": []}
        report.converted["people"] += 1
    else:
        report.approx(rec.file, rec.line, rec.entry, A_MERGED)
        person["country"] = person["country"] or default
    person["names"] = [n for n in _union(person["names"], names[1:]) if n != key]
    for role in roles:
        if role not in person["roles"]:
            person["roles"].append(role)
            report.converted["person roles"] += 1


def _role(c: CodeSpec) -> dict[str, str]:
    role = {"code": c.code}
    if c.start:
        role["start"] = c.start.isoformat()
    if c.end:
        role["end"] = c.end.isoformat()
    return role


def _current(dated: list[CodeSpec]) -> str:
    """The code that holds now: an open-ended one, else the one that ended last."""
    return max(
        dated, key=lambda c: (c.end is None, c.end or dt.date.min, c.start or dt.date.min)
    ).code


def _norm(name: str) -> str:
    return " ".join(name.replace(".", "").lower().split())


def _union(first: list[str], more: list[str]) -> list[str]:
    """Names in order, without repeats that differ only in case or dots."""
    seen = {_norm(n) for n in first}
    out = list(first)
    for name in more:
        if _norm(name) not in seen:
            seen.add(_norm(name))
            out.append(name)
    return out


def merge_parent_countries(out: ActorsOut, parent: Mapping[str, Mapping[str, list[str]]]) -> None:
    """A country entry replaces the parent's entry with the same code, so keep the
    parent's names, adjectives and capitals in it (PETRARCH names are added)."""
    for code, entry in out.countries.items():
        old = parent.get(code)
        if not old:
            continue
        entry["names"] = _union(list(old.get("names", [])), entry["names"])
        for key in ("adjectives", "capitals"):
            if old.get(key):
                entry[key] = list(old[key])


def person_key(name: str) -> str:
    """How parent people are matched: case, dots and spacing ignored."""
    return _norm(name)
