"""Read a codebook directory, validate every entry, compile it once.

A codebook is a directory with a ``codebook.yaml`` manifest and any number of YAML files
below it. Each file holds one or more top-level sections:

``codes``      the event taxonomy (code -> name, Goldstein, quad class, PLOVER)
``plover_types``  the PLOVER event types codes may cross-walk to
``synsets``    named word classes used in patterns (``&SANCTION``)
``lexicon``    grammatical word classes (negators, modals, light verbs, pronouns...)
``wrappers``   predicates that wrap another event ("ready to", "urged X to")
``patterns``   code -> verbs / nouns / adjectives -> pattern strings
``discard``    verbs / nouns / adjectives -> patterns that block coding
``countries``, ``names``, ``agents``, ``people``   the actor dictionaries

``extends: cameo`` (or a path) in the manifest loads another codebook first and lays
this one over it: entries with the same key replace the parent's, new ones are added.

Every problem is collected (not just the first) with its file, line and entry, and an
invalid codebook raises :class:`~eventcoder.errors.CodebookError` listing them all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventcoder.acled import compile_acled, validate_acled
from eventcoder.codebook.model import (
    POS_GROUPS,
    Codebook,
    CodeInfo,
    Lexicon,
    Loc,
    NamedActor,
    Pattern,
    Person,
    PlaceEntry,
    Role,
    Wrapper,
)
from eventcoder.codebook.patterns import (
    ParsedPattern,
    PatternSyntaxError,
    parse_pattern,
    parse_subject,
)
from eventcoder.codebook.shapes import (
    ANY,
    INT,
    WORD,
    WORDS,
    Fields,
    Leaf,
    ListOf,
    MapOf,
    Shape,
    conform,
)
from eventcoder.codebook.yamlfile import LDict, LList, line_of, load_yaml
from eventcoder.errors import CodebookError, CodebookIssue

MANIFEST = "codebook.yaml"
SECTIONS = (
    "codes",
    "plover_types",
    "synsets",
    "lexicon",
    "wrappers",
    "patterns",
    "discard",
    "countries",
    "names",
    "agents",
    "people",
    "acled",
    "places",
)
WRAPPER_MODES = ("map", "pass", "report")
# What each lexicon entry must look like for the compiler (see shapes.py): a list of
# words, word classes (a mapping of lists), one word, or a few named fields.
_CLASSES = MapOf(WORDS)
LEXICON_SHAPES: dict[str, Shape] = {
    "negators": WORDS,
    "hypothetical_modals": WORDS,
    "future_modals": WORDS,
    "backshift_modals": WORDS,
    "light_verbs": WORDS,
    "object_control": WORDS,
    "conditional_marks": WORDS,
    "relative_pronouns": WORDS,
    "pronouns": _CLASSES,
    "anaphors": _CLASSES,
    "titles": WORDS,
    "refusal_wrapper": WORD,
    "reciprocal": WORDS,
    "sector_names": MapOf(WORD),
    "elaboration_roots": WORDS,
    "absorbed_roots": WORDS,
    "future_wrapper": WORD,
    "mutual_roots": WORDS,
    "venue": Fields({"codes": WORDS, "visit": WORD, "third": WORD}),
    "negative_marks": WORDS,
    "quantifiers": WORDS,
    "crowds": Fields({"nouns": WORDS, "sectors": MapOf(WORD)}),
    "background_preps": WORDS,
    "inverted_speech": WORDS,
    "unspecified_intent": WORD,
    "place_qualifiers": WORDS,
    "hypothetical_determiners": WORDS,
    "conditional_acts": WORDS,
    "third_party_reports": WORDS,
    "participle_members": _CLASSES,
    "mass_killing": Fields(
        {"code": WORD, "roots": WORDS, "verbs": WORDS, "min_victims": INT, "armed": WORDS}
    ),
}
LEXICON_KEYS = set(LEXICON_SHAPES)
_LEXICON_FIELDS = {f.name for f in fields(Lexicon)}
# The parts of other entries the compiler reads without a check of its own.
_PATTERNS = ListOf(Leaf((str, dict), "a pattern (a string or a mapping)"))
_WRAPPER = Fields({"verbs": _PATTERNS, "nouns": _PATTERNS, "adjectives": _PATTERNS})
_CODE = Fields({"plover": Fields({"type": WORD, "mode": WORD, "context": WORD})})
_PLOVER_TYPE = Fields({"modes": WORDS})
_PLACES = Fields({"nouns": WORDS, "entries": ListOf(ANY)})
_PLACE = Fields({"name": WORD, "names": WORDS, "country": WORD, "kind": WORD, "precision": INT})
_CODE_RE = re.compile(r"^\d{2,4}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
_ACTOR_RE = re.compile(r"^(?:[A-Z]{3})+$")
_SYNSET_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_PATTERN_KEYS = {"pattern", "negated", "symmetric", "subject", "id", "note"}


def shipped_dir() -> Path:
    """Where the shipped codebooks are: inside the wheel, or the source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_codebooks", here.parent / "codebooks"):
        if (candidate / "cameo" / MANIFEST).is_file():
            return candidate
    return here.parent / "codebooks"


def resolve_path(spec: str | os.PathLike[str] | None) -> Path:
    """A codebook directory from a name of a shipped codebook or a path."""
    if spec is None:
        return shipped_dir() / "cameo"
    try:
        found = _find_codebook(spec)
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte: no file name
        raise _no_codebook(spec, f"not a usable path ({_why(exc)})") from exc
    if found is None:
        raise _no_codebook(
            spec,
            "no such codebook directory (give a directory holding codebook.yaml, or "
            f"the name of a shipped codebook: {', '.join(shipped_codebooks())})",
        )
    return found


def _find_codebook(spec: str | os.PathLike[str]) -> Path | None:
    """The directory ``spec`` names, if any (file system errors propagate)."""
    path = Path(spec)
    if path.is_dir():
        return path
    if path.is_file() and path.name == MANIFEST:
        return path.parent
    shipped = shipped_dir() / str(spec)
    if re.fullmatch(r"[\w.-]+", str(spec)) and shipped.is_dir():
        return shipped
    return None


def _no_codebook(spec: str | os.PathLike[str], message: str) -> CodebookError:
    return CodebookError([CodebookIssue(str(spec), 0, "", message)])


def _why(exc: Exception) -> str:
    """An OS error's reason without the (maybe very long) path it repeats."""
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def shipped_codebooks() -> list[str]:
    base = shipped_dir()
    return sorted(p.parent.name for p in base.glob(f"*/{MANIFEST}"))


def load_codebook(spec: str | os.PathLike[str] | None = None) -> Codebook:
    """Load, validate and compile a codebook (cached per resolved directory)."""
    path = resolve_path(spec).resolve()
    return _load_cached(path, _tree_stamp(path))


@lru_cache(maxsize=16)
def _load_cached(path: Path, _stamp: float) -> Codebook:
    collected = _Collected()
    collected.read(path, stack=())
    issues = collected.validate()
    errors = [i for i in issues if not i.message.startswith("warning:")]
    if errors:
        raise CodebookError(errors)
    return collected.compile(path)


def validate_codebook(spec: str | os.PathLike[str] | None = None) -> list[CodebookIssue]:
    """Every problem in a codebook (errors and warnings); an empty list means valid."""
    try:
        path = resolve_path(spec).resolve()
        collected = _Collected()
        collected.read(path, stack=())
    except CodebookError as exc:
        return exc.issues
    return collected.validate()


def _tree_stamp(path: Path) -> float:
    """Newest modification time under ``path``: edits invalidate the load cache."""
    newest = 0.0
    for p in path.rglob("*.yaml"):
        try:
            newest = max(newest, p.stat().st_mtime)
        except OSError:
            continue
    return newest


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass
class _Entry:
    """A raw entry with where it came from."""

    value: Any
    loc: Loc
    layer: int = 0


@dataclass
class _RawPattern:
    code: str | None
    pos: str
    value: Any
    loc: Loc
    layer: int


@dataclass
class _Collected:
    """Raw sections gathered from one codebook directory and its parents."""

    name: str = ""
    version: str = ""
    description: str = ""
    codes: dict[str, _Entry] = field(default_factory=dict)
    plover_types: dict[str, _Entry] = field(default_factory=dict)
    synsets: dict[str, _Entry] = field(default_factory=dict)
    lexicon: dict[str, _Entry] = field(default_factory=dict)
    wrappers: dict[str, _Entry] = field(default_factory=dict)
    patterns: list[_RawPattern] = field(default_factory=list)
    countries: dict[str, _Entry] = field(default_factory=dict)
    names: list[_Entry] = field(default_factory=list)
    agents: dict[str, _Entry] = field(default_factory=dict)
    people: dict[str, _Entry] = field(default_factory=dict)
    acled: _Entry | None = None
    places: list[_Entry] = field(default_factory=list)
    place_nouns: list[str] = field(default_factory=list)
    issues: list[CodebookIssue] = field(default_factory=list)
    layers: int = 0

    # -- reading -----------------------------------------------------------------

    def read(self, path: Path, stack: tuple[Path, ...]) -> None:
        manifest_path = path / MANIFEST
        shown = _display(manifest_path)
        if path in stack:
            chain = " -> ".join(str(p) for p in (*stack, path))
            self.issues.append(CodebookIssue(shown, 0, "extends", f"cycle: {chain}"))
            return
        if not manifest_path.is_file():
            self.issues.append(CodebookIssue(shown, 0, "", "missing codebook.yaml manifest"))
            return
        manifest = load_yaml(manifest_path, shown)
        if not isinstance(manifest, dict):
            self.issues.append(CodebookIssue(shown, 1, "", "the manifest must be a mapping"))
            return
        extends = manifest.get("extends")
        if extends:
            try:
                parent = _resolve_extends(str(extends), path)
            except CodebookError as exc:
                for issue in exc.issues:
                    self.issues.append(
                        CodebookIssue(shown, line_of(extends), "extends", issue.message)
                    )
            else:
                self.read(parent, (*stack, path))
        self.layers += 1
        self.name = str(manifest.get("name", path.name))
        self.version = str(manifest.get("version", "0"))
        self.description = str(manifest.get("description", ""))
        unknown = set(manifest) - {"name", "version", "description", "extends", "language"}
        for key in sorted(unknown):
            self.issues.append(CodebookIssue(shown, line_of(key), key, "unknown manifest key"))
        overridden: set[tuple[str, str]] = set()
        files = sorted(p for p in path.rglob("*.yaml") if p.name != MANIFEST)
        for file in files:
            shown_file = _display(file)
            data = load_yaml(file, shown_file)
            if data is None:
                continue
            if not isinstance(data, dict):
                self.issues.append(
                    CodebookIssue(
                        shown_file, 1, "", "a codebook file must be a mapping of sections"
                    )
                )
                continue
            for section, body in data.items():
                loc = Loc(shown_file, line_of(section))
                if section not in SECTIONS:
                    self.issues.append(
                        CodebookIssue(
                            loc.file,
                            loc.line,
                            section,
                            f"unknown section (known: {', '.join(SECTIONS)})",
                        )
                    )
                    continue
                getattr(self, f"_read_{section}")(body, loc, overridden)
        if overridden:
            self._drop_overridden(overridden)

    def _drop_overridden(self, overridden: set[tuple[str, str]]) -> None:
        """Remove parent-layer patterns the layer just read has written again."""
        layer = self.layers
        self.patterns = [
            p
            for p in self.patterns
            if p.layer == layer or (p.pos, _pattern_key(p.value)) not in overridden
        ]

    def _need(self, body: Any, kind: type, loc: Loc, entry: str) -> bool:
        if isinstance(body, kind):
            return True
        want = "a mapping" if kind is dict else "a list"
        self.issues.append(CodebookIssue(loc.file, loc.line, entry, f"must be {want}"))
        return False

    def _loc(self, value: Any, loc: Loc) -> Loc:
        return Loc(loc.file, line_of(value, loc.line))

    def _shaped(self, value: Any, shape: Shape, loc: Loc, entry: str) -> Any:
        """``value`` without its parts of the wrong type, each reported where it is.

        Checked as it is read, so that validation and compilation only see values of
        the types they read (a bad part is an error: the codebook never compiles).
        """
        clean, problems = conform(value, shape)
        for where, path, message in problems:
            text = f"{path}: {message}" if path else message
            self.issues.append(self._issue(self._loc(where, loc), entry, text))
        return clean

    def _read_codes(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        if self._need(body, dict, loc, "codes"):
            for code, value in body.items():
                where = self._loc(code, loc)
                if isinstance(value, dict):  # _check_codes reports any other value
                    value = self._shaped(value, _CODE, where, f"code {code}")
                self.codes[str(code)] = _Entry(value, where)

    def _read_plover_types(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        if self._need(body, dict, loc, "plover_types"):
            for name, value in body.items():
                where = self._loc(name, loc)
                if isinstance(value, dict):
                    value = self._shaped(value, _PLOVER_TYPE, where, f"plover type {name}")
                self.plover_types[str(name)] = _Entry(value, where)

    def _read_synsets(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        if self._need(body, dict, loc, "synsets"):
            for name, value in body.items():
                key = str(name)
                where = self._loc(name, loc)
                prev = self.synsets.get(key)
                if prev is not None and prev.layer == self.layers:
                    self.issues.append(
                        CodebookIssue(
                            where.file,
                            where.line,
                            f"synset {key}",
                            f"defined twice (also at {prev.loc})",
                        )
                    )
                self.synsets[key] = _Entry(value, where, self.layers)

    def _read_lexicon(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        if self._need(body, dict, loc, "lexicon"):
            for key, value in body.items():
                where = self._loc(key, loc)
                shape = LEXICON_SHAPES.get(str(key))  # _check_lexicon reports unknown keys
                if shape is not None and value is not None:
                    value = self._shaped(value, shape, where, f"lexicon {key}")
                    if value is None:
                        continue  # reported: nothing of it can be read
                self.lexicon[str(key)] = _Entry(value, where)

    def _read_wrappers(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        if self._need(body, dict, loc, "wrappers"):
            for name, value in body.items():
                where = self._loc(name, loc)
                if isinstance(value, dict):  # _check_wrappers reports any other value
                    value = self._shaped(value, _WRAPPER, where, f"wrapper {name}")
                self.wrappers[str(name)] = _Entry(value, where)

    def _read_patterns(self, body: Any, loc: Loc, overridden: set[tuple[str, str]]) -> None:
        if not self._need(body, dict, loc, "patterns"):
            return
        for code, groups in body.items():
            self._read_groups(str(code), groups, self._loc(code, loc), overridden)

    def _read_discard(self, body: Any, loc: Loc, overridden: set[tuple[str, str]]) -> None:
        self._read_groups(None, body, loc, overridden)

    def _read_groups(
        self, code: str | None, groups: Any, loc: Loc, overridden: set[tuple[str, str]]
    ) -> None:
        label = f"code {code}" if code else "discard"
        if not self._need(groups, dict, loc, label):
            return
        for group, items in groups.items():
            gloc = self._loc(group, loc)
            if group not in POS_GROUPS:
                self.issues.append(
                    CodebookIssue(
                        gloc.file,
                        gloc.line,
                        f"{label} {group}",
                        "unknown group (use verbs, nouns or adjectives)",
                    )
                )
                continue
            if not self._need(items, list, gloc, f"{label} {group}"):
                continue
            pos = POS_GROUPS[group]
            for item in items:
                if self.layers > 1:
                    # A child codebook's pattern replaces the parent's with the same text
                    # (dropped once the whole layer is read: see _drop_overridden).
                    overridden.add((pos, _pattern_key(item)))
                self.patterns.append(
                    _RawPattern(code, pos, item, self._loc(item, gloc), self.layers)
                )

    def _read_countries(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        if self._need(body, list, loc, "countries"):
            for item in body:
                key = str(item.get("code")) if isinstance(item, dict) else str(item)
                self.countries[key] = _Entry(item, self._loc(item, loc))

    def _read_names(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        if self._need(body, list, loc, "names"):
            self.names.extend(_Entry(item, self._loc(item, loc)) for item in body)

    def _read_agents(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        if self._need(body, dict, loc, "agents"):
            for sector, value in body.items():
                self.agents[str(sector)] = _Entry(value, self._loc(sector, loc))

    def _read_places(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        if not self._need(body, dict, loc, "places"):
            return
        body = self._shaped(body, _PLACES, loc, "places")
        for key in sorted(set(body) - {"nouns", "entries"}):
            self.issues.append(
                CodebookIssue(
                    loc.file,
                    line_of(key, loc.line),
                    f"places {key}",
                    "unknown key (use nouns, entries)",
                )
            )
        self.place_nouns.extend(str(n).lower() for n in body.get("nouns") or [])
        for item in body.get("entries") or []:
            where = self._loc(item, loc)
            if isinstance(item, dict):  # _check_places reports any other value
                item = self._shaped(item, _PLACE, where, f"place {item.get('name')}")
            self.places.append(_Entry(item, where, self.layers))

    def _read_acled(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        self.acled = _Entry(body, loc, self.layers)

    def _read_people(self, body: Any, loc: Loc, _o: set[tuple[str, str]]) -> None:
        if self._need(body, list, loc, "people"):
            for item in body:
                key = str(item.get("name")) if isinstance(item, dict) else str(item)
                self.people[key] = _Entry(item, self._loc(item, loc))

    # -- validation --------------------------------------------------------------

    def validate(self) -> list[CodebookIssue]:
        issues = list(self.issues)
        if not self.codes:
            issues.append(CodebookIssue(self.name or "codebook", 0, "", "no codes defined"))
        issues += self._check_codes()
        issues += self._check_synsets()
        issues += self._check_lexicon()
        issues += self._check_patterns()
        issues += self._check_wrappers()
        issues += self._check_actors()
        issues += self._check_places()
        if self.acled is not None:
            for where, entry, message in validate_acled(self.acled.value):
                issues.append(self._issue(self._loc(where, self.acled.loc), entry, message))
        return issues

    def _issue(self, loc: Loc, entry: str, message: str) -> CodebookIssue:
        return CodebookIssue(loc.file, loc.line, entry, message)

    def _check_codes(self) -> list[CodebookIssue]:
        out = []
        for code, e in self.codes.items():
            entry = f"code {code}"
            if not _CODE_RE.match(code):
                out.append(self._issue(e.loc, entry, "codes are 2 to 4 digits"))
                continue
            v = e.value
            if not isinstance(v, dict):
                out.append(self._issue(e.loc, entry, "must be a mapping with name, quad_class"))
                continue
            unknown = set(v) - {"name", "goldstein", "quad_class", "plover", "description"}
            if unknown:
                out.append(self._issue(e.loc, entry, f"unknown keys: {', '.join(sorted(unknown))}"))
            if not isinstance(v.get("name"), str) or not v.get("name"):
                out.append(self._issue(e.loc, entry, "needs a name"))
            g = v.get("goldstein")
            if g is not None and (not isinstance(g, int | float) or not -10 <= g <= 10):
                out.append(self._issue(e.loc, entry, f"goldstein {g!r} is not a number in -10..10"))
            if v.get("quad_class") not in (1, 2, 3, 4):
                out.append(self._issue(e.loc, entry, "quad_class must be 1, 2, 3 or 4"))
            parent = _parent_code(code)
            if parent and parent not in self.codes:
                out.append(self._issue(e.loc, entry, f"parent code {parent} is not defined"))
            plover = v.get("plover")
            if plover is not None:
                out += self._check_plover(plover, e.loc, entry)
        return out

    def _check_plover(self, plover: Any, loc: Loc, entry: str) -> list[CodebookIssue]:
        if not isinstance(plover, dict):
            return [self._issue(loc, entry, "plover must be a mapping with type/mode/context")]
        out = []
        unknown = set(plover) - {"type", "mode", "context"}
        if unknown:
            out.append(
                self._issue(loc, entry, f"unknown plover keys: {', '.join(sorted(unknown))}")
            )
        ptype = plover.get("type")
        if ptype is not None and self.plover_types and ptype not in self.plover_types:
            out.append(self._issue(loc, entry, f"crosswalk to unknown PLOVER type {ptype!r}"))
        mode = plover.get("mode")
        if ptype and mode and ptype in self.plover_types:
            modes = self.plover_types[ptype].value
            modes = modes.get("modes", []) if isinstance(modes, dict) else []
            if modes and mode not in modes:
                out.append(self._issue(loc, entry, f"PLOVER type {ptype} has no mode {mode!r}"))
        return out

    def _check_synsets(self) -> list[CodebookIssue]:
        out = []
        for name, e in self.synsets.items():
            entry = f"synset {name}"
            if not _SYNSET_RE.match(name):
                out.append(self._issue(e.loc, entry, "synset names are upper-case words"))
            if not isinstance(e.value, list) or not e.value:
                out.append(self._issue(e.loc, entry, "must be a non-empty list of lemmas"))
                continue
            for word in e.value:
                if not isinstance(word, str) or not word.strip():
                    out.append(self._issue(self._loc(word, e.loc), entry, f"bad member {word!r}"))
                elif word != word.lower():
                    out.append(
                        self._issue(
                            self._loc(word, e.loc),
                            entry,
                            f"member {word!r} has capitals; lemmas are lower-case",
                        )
                    )
        return out

    def _check_lexicon(self) -> list[CodebookIssue]:
        out = []
        for key, e in self.lexicon.items():
            if key not in LEXICON_KEYS:
                out.append(self._issue(e.loc, f"lexicon {key}", "unknown lexicon entry"))
        venue = self.lexicon.get("venue")
        if venue is not None:
            v = venue.value if isinstance(venue.value, dict) else {}
            named = [str(c) for c in v.get("codes") or []] + [
                str(v[k]) for k in ("visit", "third") if v.get(k) is not None
            ]
            for code in named:
                if code not in self.codes:
                    out.append(self._issue(venue.loc, "lexicon venue", f"unknown code {code}"))
        mass = self.lexicon.get("mass_killing")
        if mass is not None and isinstance(mass.value, dict):
            mass_code = mass.value.get("code")
            if mass_code is not None and str(mass_code) not in self.codes:
                problem = f"unknown code {mass_code}"
                out.append(self._issue(mass.loc, "lexicon mass_killing", problem))
        intent = self.lexicon.get("unspecified_intent")
        if intent is not None and str(intent.value) not in self.codes:
            problem = f"unknown code {intent.value}"
            out.append(self._issue(intent.loc, "lexicon unspecified_intent", problem))
        for key in ("refusal_wrapper", "future_wrapper"):
            ref = self.lexicon.get(key)
            if ref is not None and str(ref.value) not in self.wrappers:
                out.append(
                    self._issue(ref.loc, f"lexicon {key}", f"no wrapper named {ref.value!r}")
                )
        return out

    def _parse(
        self, raw: _RawPattern, entry: str, out: list[CodebookIssue]
    ) -> ParsedPattern | None:
        text = _pattern_text(raw.value)
        if not text:
            out.append(self._issue(raw.loc, entry, "empty pattern"))
            return None
        try:
            parsed = parse_pattern(text, raw.pos)
        except PatternSyntaxError as exc:
            out.append(self._issue(raw.loc, entry, str(exc)))
            return None
        for problem in parsed.problems:
            out.append(self._issue(raw.loc, entry, f"can never match: {problem}"))
        for c in parsed.constraints():
            for s in c.synsets:
                if s not in self.synsets:
                    out.append(self._issue(raw.loc, entry, f"unknown synset &{s}"))
        return parsed

    def _check_patterns(self) -> list[CodebookIssue]:
        out: list[CodebookIssue] = []
        seen: dict[tuple[str, str], tuple[str | None, Loc]] = {}  # (pos, text+subject)
        for raw in self.patterns:
            text = _pattern_text(raw.value)
            where = f"under code {raw.code}" if raw.code else "in discard"
            entry = f"pattern {text!r} {where}"
            if isinstance(raw.value, dict):
                unknown = set(raw.value) - _PATTERN_KEYS
                if unknown:
                    out.append(
                        self._issue(raw.loc, entry, f"unknown keys: {', '.join(sorted(unknown))}")
                    )
                neg = raw.value.get("negated")
                if neg is not None and str(neg) not in self.codes:
                    out.append(self._issue(raw.loc, entry, f"negated code {neg} is not defined"))
                subj = raw.value.get("subject")
                if subj is not None:
                    try:
                        constraint = parse_subject(str(subj))
                    except PatternSyntaxError as exc:
                        out.append(self._issue(raw.loc, entry, f"subject: {exc}"))
                    else:
                        for syn in constraint.synsets:
                            if syn not in self.synsets:
                                out.append(self._issue(raw.loc, entry, f"unknown synset &{syn}"))
            elif not isinstance(raw.value, str):
                out.append(self._issue(raw.loc, entry, "a pattern is a string or a mapping"))
                continue
            if raw.code is not None and raw.code not in self.codes:
                out.append(self._issue(raw.loc, entry, f"unknown code {raw.code}"))
            parsed = self._parse(raw, entry, out)
            if parsed is None:
                continue
            if parsed.has_event_slot:
                out.append(self._issue(raw.loc, entry, "@event is only for wrappers"))
            key = (raw.pos, _pattern_key(raw.value))
            if key in seen:
                prev_code, prev_loc = seen[key]
                what = "duplicate pattern" if prev_code == raw.code else "conflicting pattern"
                out.append(
                    self._issue(
                        raw.loc,
                        entry,
                        f"{what}: also at {prev_loc} (code {prev_code or 'discard'})",
                    )
                )
            else:
                seen[key] = (raw.code, raw.loc)
        return out

    def _check_wrappers(self) -> list[CodebookIssue]:
        out: list[CodebookIssue] = []
        for name, e in self.wrappers.items():
            entry = f"wrapper {name}"
            v = e.value
            if not isinstance(v, dict):
                out.append(self._issue(e.loc, entry, "must be a mapping"))
                continue
            unknown = set(v) - {
                "mode",
                "map",
                "future",
                "negated",
                "addressee",
                "verbs",
                "nouns",
                "adjectives",
                "note",
            }
            if unknown:
                out.append(self._issue(e.loc, entry, f"unknown keys: {', '.join(sorted(unknown))}"))
            mode = v.get("mode", "map")
            if mode not in WRAPPER_MODES:
                out.append(
                    self._issue(e.loc, entry, f"mode must be one of {', '.join(WRAPPER_MODES)}")
                )
            mapping = v.get("map") or {}
            if not isinstance(mapping, dict):
                out.append(
                    self._issue(e.loc, entry, "map must be a mapping of code prefix -> code")
                )
                mapping = {}
            for key, target in mapping.items():
                kloc = self._loc(key, e.loc)
                if key not in ("", "*") and not re.fullmatch(r"\d{2,4}", str(key)):
                    out.append(self._issue(kloc, entry, f"map key {key!r} is not a code prefix"))
                if target is not None and str(target) not in self.codes:
                    out.append(self._issue(kloc, entry, f"map {key} -> {target}: unknown code"))
            if mode == "map" and not mapping:
                out.append(self._issue(e.loc, entry, "mode map needs a map"))
            neg = v.get("negated")
            if neg is not None and str(neg) not in self.wrappers:
                out.append(self._issue(e.loc, entry, f"negated: no wrapper named {neg!r}"))
            for group, pos in POS_GROUPS.items():
                items = v.get(group) or []
                for item in items:
                    raw = _RawPattern(None, pos, item, self._loc(item, e.loc), 0)
                    pentry = f"pattern {_pattern_text(item)!r} in {entry}"
                    parsed = self._parse(raw, pentry, out)
                    if parsed is not None and not parsed.has_event_slot:
                        out.append(self._issue(raw.loc, pentry, "a wrapper pattern needs @event"))
        return out

    def _check_actors(self) -> list[CodebookIssue]:
        out: list[CodebookIssue] = []
        for code, e in self.countries.items():
            entry = f"country {code}"
            if not isinstance(e.value, dict):
                out.append(self._issue(e.loc, entry, "must be a mapping with code and names"))
                continue
            if not _COUNTRY_RE.match(code):
                out.append(self._issue(e.loc, entry, "country codes are three capital letters"))
            unknown = set(e.value) - {"code", "names", "adjectives", "capitals", "note"}
            if unknown:
                out.append(self._issue(e.loc, entry, f"unknown keys: {', '.join(sorted(unknown))}"))
            out += self._check_name_list(e.value.get("names"), e.loc, entry, required=True)
            for key in ("adjectives", "capitals"):
                out += self._check_name_list(e.value.get(key), e.loc, entry, required=False)
        for e in self.names:
            v = e.value
            if not isinstance(v, dict):
                out.append(self._issue(e.loc, "name", "must be a mapping with code and names"))
                continue
            entry = _name_entry(v)
            if "code" not in v:
                out.append(self._issue(e.loc, entry, "no code (an actor code such as USAGOV)"))
            elif not _ACTOR_RE.match(str(v["code"])):
                out.append(self._issue(e.loc, entry, "actor codes are groups of three capitals"))
            unknown = set(v) - {"code", "names", "kind", "note"}
            if unknown:
                out.append(self._issue(e.loc, entry, f"unknown keys: {', '.join(sorted(unknown))}"))
            out += self._check_name_list(v.get("names"), e.loc, entry, required=True)
        for sector, e in self.agents.items():
            entry = f"agents {sector}"
            if not re.fullmatch(r"(?:[A-Z]{3})+", sector):
                out.append(
                    self._issue(e.loc, entry, "sector codes are groups of three capital letters")
                )
            out += self._check_name_list(e.value, e.loc, entry, required=True)
        for key, e in self.people.items():
            out += self._check_person(key, e)
        return out

    def _check_places(self) -> list[CodebookIssue]:
        out = []
        for e in self.places:
            v = e.value
            entry = f"place {v.get('name') if isinstance(v, dict) else v!r}"
            if not isinstance(v, dict) or not v.get("name"):
                out.append(self._issue(e.loc, entry, "a place needs a name"))
                continue
            unknown = set(v) - {"name", "names", "country", "lat", "lon", "kind", "precision"}
            if unknown:
                out.append(self._issue(e.loc, entry, f"unknown keys: {', '.join(sorted(unknown))}"))
            for key, lo, hi in (("lat", -90, 90), ("lon", -180, 180)):
                val = v.get(key)
                if val is not None and (not isinstance(val, int | float) or not lo <= val <= hi):
                    out.append(self._issue(e.loc, entry, f"{key} {val!r} is not in {lo}..{hi}"))
            if v.get("country") is not None and not _COUNTRY_RE.match(str(v["country"])):
                out.append(self._issue(e.loc, entry, f"country {v['country']!r} is not a code"))
        return out

    def _check_name_list(
        self, names: Any, loc: Loc, entry: str, required: bool
    ) -> list[CodebookIssue]:
        if names is None:
            return [self._issue(loc, entry, "needs names")] if required else []
        if not isinstance(names, list) or (required and not names):
            return [self._issue(loc, entry, "names must be a non-empty list of strings")]
        return [
            self._issue(self._loc(n, loc), entry, f"bad name {n!r}")
            for n in names
            if not isinstance(n, str) or not n.strip()
        ]

    def _check_person(self, key: str, e: _Entry) -> list[CodebookIssue]:
        entry = f"person {key!r}"
        v = e.value
        if not isinstance(v, dict):
            return [self._issue(e.loc, entry, "must be a mapping with name and roles")]
        out = []
        unknown = set(v) - {"name", "names", "country", "roles", "surname", "note"}
        if unknown:
            out.append(self._issue(e.loc, entry, f"unknown keys: {', '.join(sorted(unknown))}"))
        if v.get("names") is not None:
            out += self._check_name_list(v.get("names"), e.loc, entry, required=False)
        country = v.get("country")
        if country is not None and not _ACTOR_RE.match(str(country)):
            out.append(self._issue(e.loc, entry, f"country {country!r} is not an actor code"))
        roles = v.get("roles") or []
        if not isinstance(roles, list):
            return [*out, self._issue(e.loc, entry, "roles must be a list")]
        for role in roles:
            rloc = self._loc(role, e.loc)
            if not isinstance(role, dict) or "code" not in role:
                out.append(self._issue(rloc, entry, "a role needs a code"))
                continue
            if not _ACTOR_RE.match(str(role["code"])):
                out.append(
                    self._issue(rloc, entry, f"role code {role['code']!r} is not an actor code")
                )
            try:
                start = _date(role.get("start"))
                end = _date(role.get("end"))
            except ValueError as exc:
                out.append(self._issue(rloc, entry, f"bad date: {exc}"))
                continue
            if start and end and start > end:
                out.append(self._issue(rloc, entry, f"bad date range: {start} is after {end}"))
        return out

    # -- compilation -------------------------------------------------------------

    def compile(self, path: Path) -> Codebook:
        codes = self._compile_codes()
        lexicon = self._compile_lexicon()
        order = iter(range(1_000_000))
        patterns = []
        # Later layers (the user's codebook) come first so they win specificity ties.
        for raw in sorted(self.patterns, key=lambda r: -r.layer):
            patterns.append(_compile_pattern(raw, next(order)))
        wrappers = {}
        for name, e in self.wrappers.items():
            v = e.value
            wpats = []
            for group, pos in POS_GROUPS.items():
                for item in v.get(group) or []:
                    raw = _RawPattern(None, pos, item, self._loc(item, e.loc), 0)
                    wpats.append(_compile_pattern(raw, next(order), prefix=f"wrapper:{name}"))
            mapping = {
                ("" if str(k) == "*" else str(k)): (None if t is None else str(t))
                for k, t in (v.get("map") or {}).items()
            }
            wrappers[name] = Wrapper(
                name=name,
                mode=str(v.get("mode", "map")),
                patterns=tuple(wpats),
                mapping=mapping,
                future=bool(v.get("future", False)),
                negated_wrapper=str(v["negated"]) if v.get("negated") else None,
                addressee=bool(v.get("addressee", False)),
                loc=e.loc,
            )
        countries: list[NamedActor] = []
        for code, e in self.countries.items():
            v = e.value
            countries.append(NamedActor(code, _strs(v.get("names")), "country", e.loc))
            if v.get("adjectives"):
                countries.append(NamedActor(code, _strs(v["adjectives"]), "adjective", e.loc))
            if v.get("capitals"):
                countries.append(NamedActor(code, _strs(v["capitals"]), "capital", e.loc))
        names = [
            NamedActor(
                str(e.value["code"]),
                _strs(e.value["names"]),
                str(e.value.get("kind", "organization")),
                e.loc,
            )
            for e in self.names
        ]
        agents = {sector: _strs(e.value) for sector, e in self.agents.items()}
        people = [_compile_person(key, e) for key, e in self.people.items()]
        sector_names = {}
        if "sector_names" in self.lexicon and isinstance(self.lexicon["sector_names"].value, dict):
            sector_names = {str(k): str(v) for k, v in self.lexicon["sector_names"].value.items()}
        return Codebook(
            name=self.name,
            version=self.version,
            path=path,
            description=self.description,
            codes=codes,
            lexicon=lexicon,
            patterns=patterns,
            wrappers=wrappers,
            countries=countries,
            names=names,
            agents=agents,
            people=people,
            sector_names=sector_names,
            acled=compile_acled(self.acled.value if self.acled else None),
            places=[_compile_place(e) for e in self.places],
            place_nouns=frozenset(self.place_nouns),
        )

    def _compile_codes(self) -> dict[str, CodeInfo]:
        out: dict[str, CodeInfo] = {}
        for code in sorted(self.codes, key=lambda c: (len(c), c)):
            v = self.codes[code].value
            parent = _parent_code(code)
            goldstein = v.get("goldstein")
            if goldstein is None and parent in out:
                goldstein = out[parent].goldstein  # documented: inherit the parent's value
            plover = v.get("plover") or {}
            out[code] = CodeInfo(
                code=code,
                name=str(v["name"]),
                root=code[:2],
                parent=parent,
                goldstein=None if goldstein is None else float(goldstein),
                quad_class=int(v["quad_class"]),
                plover_type=plover.get("type"),
                plover_mode=plover.get("mode"),
                plover_context=plover.get("context"),
                description=str(v.get("description", "")),
            )
        return out

    def _compile_lexicon(self) -> Lexicon:
        """The lexicon, each key read by the shape ``LEXICON_SHAPES`` declares for it."""
        lex = {k: e.value for k, e in self.lexicon.items()}
        compiled: dict[str, Any] = {}
        for key, shape in LEXICON_SHAPES.items():
            if key not in _LEXICON_FIELDS:
                continue  # sector_names: a codebook table (see compile)
            value = lex.get(key)
            if shape is WORDS:
                compiled[key] = _lower_words(value)
            elif shape is _CLASSES:
                compiled[key] = {str(k): _lower_words(v) for k, v in (value or {}).items()}
            elif shape is WORD:
                compiled[key] = str(value) if value else None
            elif key == "crowds":
                compiled[key] = _crowds(value)
            else:  # a few named fields (venue, mass_killing), read where they are used
                compiled[key] = dict(value or {})
        synsets = {name: _lower_words(e.value) for name, e in self.synsets.items()}
        return Lexicon(synsets=synsets, **compiled)


def _lower_words(value: Any) -> frozenset[str]:
    return frozenset(str(w).lower() for w in value or [])


def _compile_pattern(raw: _RawPattern, order: int, prefix: str | None = None) -> Pattern:
    text = " ".join(_pattern_text(raw.value).split())
    parsed = parse_pattern(text, raw.pos)
    opts = raw.value if isinstance(raw.value, dict) else {}
    default_id = f"{prefix or raw.code or 'discard'}:{raw.pos}:{_pattern_key(raw.value)}"
    neg = opts.get("negated")
    return Pattern(
        id=str(opts.get("id", default_id)),
        code=raw.code,
        pos=raw.pos,
        parsed=parsed,
        loc=raw.loc,
        order=order,
        negated_code=None if neg is None else str(neg),
        symmetric=bool(opts.get("symmetric", False)),
        subject=parse_subject(str(opts["subject"])) if opts.get("subject") else None,
    )


def _name_entry(v: dict[str, Any]) -> str:
    """How an issue names a ``names`` entry: its code, or its first name without one."""
    if v.get("code") is not None:
        return f"name {v['code']}"
    names = v.get("names")
    first = names[0] if isinstance(names, list) and names else None
    return f"name {first!r}" if first is not None else "name"


def _crowds(raw: Any) -> dict[str, Any]:
    """The lexicon's crowds: nouns that name an unnamed crowd, and its sector by root."""
    if not isinstance(raw, dict):
        return {}
    return {
        "nouns": frozenset(str(n).lower() for n in raw.get("nouns") or []),
        "sectors": {str(k): str(v) for k, v in (raw.get("sectors") or {}).items()},
    }


def _compile_place(e: _Entry) -> PlaceEntry:
    from eventcoder.places import Place

    v = e.value
    kind = str(v.get("kind", "region"))
    default = 3 if kind == "sea" else 2
    place = Place(
        name=str(v["name"]),
        country=str(v["country"]) if v.get("country") else None,
        admin1=None,
        latitude=None if v.get("lat") is None else float(v["lat"]),
        longitude=None if v.get("lon") is None else float(v["lon"]),
        precision=int(v["precision"]) if v.get("precision") is not None else default,
        kind=kind,
    )
    names = (str(v["name"]), *(str(n) for n in v.get("names") or []))
    return PlaceEntry(names, place, e.loc)


def _compile_person(key: str, e: _Entry) -> Person:
    v = e.value
    names = [str(v.get("name", key))] + [str(n) for n in v.get("names") or []]
    full = names[0].split()
    surname = str(v.get("surname") or (full[-1] if full else key))
    roles = tuple(
        Role(
            code=str(r["code"]),
            start=_date(r.get("start")),
            end=_date(r.get("end")),
            title=str(r.get("title", "")),
        )
        for r in v.get("roles") or []
    )
    return Person(
        key=key,
        names=tuple(dict.fromkeys(names)),
        country=str(v["country"]) if v.get("country") else None,
        roles=roles,
        surname=surname,
        loc=e.loc,
    )


def _resolve_extends(spec: str, base: Path) -> Path:
    """The codebook ``extends:`` names: a path from this one, or a shipped codebook.

    Any failure is a :class:`CodebookError`, which ``read`` reports at the extends line.
    """
    try:
        candidate = (base / spec).resolve()
        if candidate.is_dir():
            return candidate
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte: no file name
        raise _no_codebook(spec, f"not a usable path ({_why(exc)})") from exc
    return resolve_path(spec).resolve()


def _pattern_key(value: Any) -> str:
    """A pattern's identity: its text, plus its subject constraint when it has one."""
    text = " ".join(_pattern_text(value).split())
    if isinstance(value, dict) and value.get("subject"):
        return f"{text} [subject {value['subject']}]"
    return text


def _pattern_text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("pattern", "")
    return str(value).strip() if value is not None else ""


def _parent_code(code: str) -> str | None:
    if len(code) <= 2:
        return None
    return code[:-1] if len(code) >= 3 else None


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):  # a YAML timestamp with a time: dates compare
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    return dt.date.fromisoformat(text)


def _strs(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in values or [])


__all__ = ["LDict", "LList", "load_codebook", "resolve_path", "shipped_dir", "validate_codebook"]
