"""The verb dictionary (``CAMEO.2.0.txt``): synsets and verb blocks -> synsets and patterns.

A PETRARCH verb block lists synonymous verbs and the patterns they share::

    ---  IMPOSE   [170]  ---
    IMPOSE
    LEVY {LEVYING LEVIED LEVIES }
    - * SANCTIONS                                         [163]         # IMPOSE

Our pattern language lets a predicate be a list of alternatives, so a block becomes
one pattern per PETRARCH pattern (``impose|levy sanction|sanctions`` under ``"163"``)
plus bare-verb patterns for the block's default code. Irregular forms in ``{...}`` are
dropped (we match lemmas); null codes ``[---]`` become discard patterns, which block
a more general code exactly as PETRARCH's null code does. The older PETRARCH-1/TABARI
file (``CAMEO.verbpatterns.150430.txt``) has the same layout with positional
patterns; it is read the same way and converts much less (see the import report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.codebook.petrarch.report import Report
from eventcoder.codebook.petrarch.source import read_lines, split_comment
from eventcoder.codebook.petrarch.verbpatterns import (
    Shape,
    Synset,
    SynsetTable,
    Unconvertible,
    convert_body,
    convert_tail,
    dsl_problem,
    synset_key,
)
from eventcoder.codebook.petrarch.words import (
    AMBIGUOUS_PARTICLES,
    AUXILIARIES,
    CONJUNCTIONS,
    PURE_PARTICLES,
    is_word,
    noun_forms,
    verb_base,
)

_HEADER = re.compile(r"^-{3}\s*([^\s\[]+)\s*\[([^\]]*)\]\s*-{3}")
_VERB = re.compile(r"^(?P<word>[^\s{\[;]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?")
_PATTERN = re.compile(r"^-\s*(?P<body>[^\[]*?)\s*\[(?P<code>[^\]]*)\]")
_SYNSET_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")

R_TRANSFORM = "transformation (verb-in-verb rewrite): wrappers do this in eventcoder"
R_PASSIVE = "passive-only code: our patterns cannot require the passive voice"
R_CODE = "unreadable code"
R_UNKNOWN_CODE = "code not in the CAMEO taxonomy"
R_NO_CODE = "pattern without a code"
R_DUP = "duplicate of an earlier pattern with the same code"
R_CONFLICT = "same pattern as an earlier one with another code (the first is kept)"
R_BEFORE = "words before the verb in a multi-word verb"
R_CONJ = "conjunction in a multi-word verb (the parser resolves conjoined verbs)"
R_AUX = "auxiliary verb as the head of a multi-word verb"
R_MEMBER = "synset member holding a marker or another synset"
R_EMPTY = "synset with no usable members"
R_SYNSET_NAME = "synset name our codebooks cannot use"
R_LINE = "line not understood"
R_OUTSIDE = "verb or pattern outside a verb block"
R_NO_VERBS = "pattern on a block with no verb that can take it"
R_DSL = "not expressible in our pattern language"

A_VOICE = "active/passive code pair: the active code is used (passives become active roles)"
A_ACTIVE_ONLY = "active-only code: it also codes passive sentences"
A_RENAMED = "synset renamed: the parent codebook has a synset of that name"
A_TWICE = "verb listed in more than one block: the patterns of every block apply"
A_SPELLING = "spelling variant in the forms list kept as a verb of its own"


@dataclass(slots=True)
class VerbLine:
    line: int
    text: str
    word: str
    forms: str | None  # the text inside {...}; "" for "{}" (the word is literal)
    code: str | None


@dataclass(slots=True)
class PatternLine:
    line: int
    text: str
    body: str
    code: str


@dataclass(slots=True)
class Block:
    line: int
    name: str
    code: str
    verbs: list[VerbLine] = field(default_factory=list)
    patterns: list[PatternLine] = field(default_factory=list)


@dataclass(slots=True)
class SynsetLines:
    line: int
    label: str
    members: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class VerbDictionary:
    """The verb file as read: nothing converted yet."""

    name: str
    synsets: list[SynsetLines] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    transformations: list[tuple[int, str]] = field(default_factory=list)
    unread: list[tuple[int, str, str]] = field(default_factory=list)  # line, text, reason

    @property
    def format(self) -> str:
        """PETRARCH-2 patterns bracket their phrases; PETRARCH-1/TABARI ones do not."""
        pats = [p.body for b in self.blocks for p in b.patterns]
        bracketed = sum(1 for p in pats if "(" in p or "{" in p)
        if pats and bracketed < 0.05 * len(pats):
            return "PETRARCH-1/TABARI (positional patterns)"
        return "PETRARCH-2"


@dataclass
class PatternOut:
    """One pattern string we write, with the PETRARCH line it came from."""

    text: str
    line: int
    symmetric: bool = False


@dataclass
class VerbsOut:
    """What the verb file becomes: synsets, patterns by code, discard patterns."""

    synsets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    patterns: dict[str, list[PatternOut]] = field(default_factory=dict)
    discard: list[PatternOut] = field(default_factory=list)


def read_verb_dictionary(path: Path) -> VerbDictionary:
    """Split the file into synsets, blocks (verbs + patterns) and transformations."""
    vd = VerbDictionary(path.name)
    block: Block | None = None
    synset: SynsetLines | None = None
    for n, raw in enumerate(read_lines(path), 1):
        if raw.lstrip().startswith("<!"):
            continue  # PETRARCH-1 skips these
        text, _ = split_comment(raw)
        line = text.strip()
        if not line:
            continue
        header = _HEADER.match(line)
        if header:
            block = Block(n, header.group(1), header.group(2).strip())
            vd.blocks.append(block)
            synset = None
        elif line.startswith("~"):
            vd.transformations.append((n, line))
        elif line.startswith("&"):
            synset = SynsetLines(n, line.split()[0])
            vd.synsets.append(synset)
        elif line.startswith("+") and synset is not None and block is None:
            synset.members.append((n, line))
        elif line.startswith("-"):
            m = _PATTERN.match(line)
            if block is None:
                vd.unread.append((n, line, R_OUTSIDE))
            elif m is None:
                vd.unread.append((n, line, R_NO_CODE))
            else:
                block.patterns.append(PatternLine(n, line, m.group("body"), m.group("code")))
        elif block is not None:
            v = _VERB.match(line)
            if v is None:
                vd.unread.append((n, line, R_LINE))
            else:
                forms = v.group("forms")
                block.verbs.append(VerbLine(n, line, v.group("word"), forms, v.group("code")))
        else:
            vd.unread.append((n, line, R_OUTSIDE if block is None else R_LINE))
    return vd


def parse_code(raw: str) -> tuple[str | None, str]:
    """``[042:043]`` -> ("042", approximation); ``[---]`` -> (None, "").

    The active code is used: our parser turns "B was visited by A" into A visiting B,
    which is what PETRARCH's active code says.
    """
    text = raw.strip()
    if not text:
        raise Unconvertible(R_CODE, "[]")
    active, colon, passive = (p.strip() for p in text.partition(":"))
    for part in (active, passive):
        if part and part != "---" and not re.fullmatch(r"\d{2,4}", part):
            raise Unconvertible(R_CODE, f"[{text}]")
    if not colon:
        return (None if active == "---" else active), ""
    if active in ("", "---"):
        if passive in ("", "---"):
            return None, ""
        raise Unconvertible(R_PASSIVE, f"[{text}]")
    if passive in ("", "---"):
        return active, A_ACTIVE_ONLY
    return active, (A_VOICE if passive != active else "")


def convert_synsets(vd: VerbDictionary, taken: frozenset[str], report: Report) -> dict[str, Synset]:
    """PETRARCH synsets keyed by their label, with our names and lower-case members."""
    out: dict[str, Synset] = {}
    for s in vd.synsets:
        report.read["synsets"] += 1
        key = synset_key(s.label)
        name = key
        if name in taken:
            name = f"{key}_PETRARCH"
            report.approx(vd.name, s.line, s.label, A_RENAMED, f"&{name}")
        if not _SYNSET_NAME.match(name):
            report.skip(vd.name, s.line, s.label, R_SYNSET_NAME)
            continue
        members: list[str] = []
        for line, raw in s.members:
            word = raw.lstrip("+").strip()
            if not word or any(c in word for c in "$+%^&"):
                report.skip(vd.name, line, raw, R_MEMBER)
                continue
            members.extend(_member_forms(word))
        members = list(dict.fromkeys(members))
        if not members:
            report.skip(vd.name, s.line, s.label, R_EMPTY)
            continue
        out[key] = Synset(name, tuple(members))
        report.converted["synsets"] += 1
    return out


def _member_forms(word: str) -> list[str]:
    """``DIPLOMATIC_RELATIONS`` -> ["diplomatic relation", "diplomatic relations"]."""
    words = word.rstrip("_").lower().replace("_", " ").split()
    if not words:
        return []
    return [" ".join([*words[:-1], form]) for form in noun_forms(words[-1])]


@dataclass(frozen=True, slots=True)
class _VerbShape:
    """A verb line read: the predicate it adds to its block, and its own pattern."""

    lemma: str | None  # "ask", "call_off": takes the block's patterns; None if it cannot
    own: tuple[str, Shape] | None = None  # "get" + "hold of $target" (multi-word verbs)
    spellings: tuple[str, ...] = ()  # British spellings listed as forms


def _verb_shape(v: VerbLine, synsets: SynsetTable) -> _VerbShape:
    parts = [p for p in v.word.split("_") if p]
    heads = [i for i, p in enumerate(parts) if p.startswith("+")]
    if heads and heads[0] > 0:
        raise Unconvertible(R_BEFORE, v.word)
    words = [p.lstrip("+").lower() for p in parts]
    if any(w in CONJUNCTIONS for w in words):
        raise Unconvertible(R_CONJ, v.word)
    if words[0] in AUXILIARIES:
        raise Unconvertible(R_AUX, v.word)
    literal = v.forms is not None and not v.forms.strip()  # "{}": the word as written
    head = verb_base(words[0]) if literal else words[0]
    if not is_word(head):
        raise Unconvertible(R_DSL, f"verb {head!r}")
    tail = words[1:]
    if tail and tail[0] in PURE_PARTICLES:
        head, tail = f"{head}_{tail[0]}", tail[1:]
    if not tail:
        return _VerbShape(head, None, _spellings(words[0], v.forms))
    shape = convert_tail(tail, synsets)
    if len(tail) == 1 and tail[0] in AMBIGUOUS_PARTICLES:
        # "GIVE_IN": a particle ("gave in") or a preposition ("gave in to X"): both.
        return _VerbShape(f"{head}_{tail[0]}", (head, shape))
    return _VerbShape(None, (head, shape))


def _spellings(base: str, forms: str | None) -> tuple[str, ...]:
    """British spellings listed as forms (``SYMBOLIZE {SYMBOLISE}``): verbs of their own."""
    out = []
    for form in (forms or "").split():
        f = form.strip(",").lstrip("+").lower()
        if f != base and len(f) == len(base) and f.replace("s", "z") == base.replace("s", "z"):
            out.append(f)
    return tuple(out)


class _Writer:
    """Collects pattern strings, refusing duplicates and checking each one."""

    def __init__(self, vd: VerbDictionary, codes: frozenset[str], report: Report) -> None:
        self.vd, self.codes, self.report = vd, codes, report
        self.out = VerbsOut()
        self.seen: dict[str, str | None] = {}

    def add(self, code: str | None, texts: list[str], line: int, entry: str, sym: bool) -> int:
        """Write ``texts`` under ``code`` (None: discard); how many were new."""
        written = 0
        clash: str | None = None
        for text in texts:
            problem = dsl_problem(text)
            if problem:
                self.report.skip(self.vd.name, line, entry, R_DSL, problem)
                return 0
            if text in self.seen:
                clash = R_DUP if self.seen[text] == code else R_CONFLICT
                continue
            self.seen[text] = code
            item = PatternOut(text, line, sym)
            if code is None:
                self.out.discard.append(item)
            else:
                self.out.patterns.setdefault(code, []).append(item)
            written += 1
        if not written and clash:
            self.report.skip(self.vd.name, line, entry, clash)
        self.report.converted["codebook patterns written"] += written
        return written


def convert_verbs(
    vd: VerbDictionary,
    codes: frozenset[str],
    taken_synsets: frozenset[str],
    report: Report,
) -> VerbsOut:
    """Every synset, verb and pattern of the file -> our synsets and patterns."""
    synsets = SynsetTable(convert_synsets(vd, taken_synsets, report), taken_synsets)
    writer = _Writer(vd, codes, report)
    for line, text, reason in vd.unread:
        report.skip(vd.name, line, text, reason)
    for line, text in vd.transformations:
        report.read["transformations"] += 1
        report.skip(vd.name, line, text, R_TRANSFORM)
    lines_of: dict[str, list[int]] = {}  # verb -> the lines listing it
    for block in vd.blocks:
        _convert_block(block, synsets, writer, lines_of)
    for lemma, lines in lines_of.items():
        if len(lines) > 1:
            report.approx(vd.name, lines[1], lemma, A_TWICE, f"lines {lines}")
    writer.out.synsets = {s.name: s.members for s in synsets.synsets.values()}
    writer.out.synsets.update({s.name: s.members for s in synsets.derived.values()})
    report.converted["synsets made for long noun phrases"] = len(synsets.derived)
    return writer.out


def _code(raw: str, codes: frozenset[str], w: _Writer, line: int, entry: str) -> str | None:
    """A checked event code (None: null code); raises for codes we cannot use."""
    code, approx = parse_code(raw)
    if code is not None and code not in codes:
        raise Unconvertible(R_UNKNOWN_CODE, code)
    if approx:
        w.report.approx(w.vd.name, line, entry, approx, f"[{raw.strip()}]")
    return code


def _convert_block(
    block: Block, synsets: SynsetTable, w: _Writer, lines_of: dict[str, list[int]]
) -> None:
    report, name = w.report, w.vd.name
    try:
        block_code = _code(block.code, w.codes, w, block.line, f"--- {block.name} ---")
    except Unconvertible as exc:
        report.skip(name, block.line, f"--- {block.name} [{block.code}] ---", exc.reason)
        block_code = None
    shared: list[str] = []  # predicates that take the block's patterns
    bare: dict[str | None, list[str]] = {}
    for v in block.verbs:
        report.read["verbs"] += 1
        try:
            shape = _verb_shape(v, synsets)
            code = block_code if v.code is None else _code(v.code, w.codes, w, v.line, v.text)
        except Unconvertible as exc:
            report.skip(name, v.line, v.text, exc.reason, exc.detail)
            continue
        report.converted["verbs"] += 1
        for spelling in shape.spellings:
            report.approx(name, v.line, v.text, A_SPELLING, spelling)
        if shape.lemma is not None:
            lemmas = [shape.lemma, *shape.spellings]
            lines_of.setdefault(shape.lemma, []).append(v.line)
            shared += lemmas
            bare.setdefault(code, []).extend(lemmas)
        if shape.own is not None:
            _own_pattern(shape.own, code, block_code, v, w)
    for code, lemmas in bare.items():
        if code is not None:
            preds = "|".join(dict.fromkeys(lemmas))
            w.add(code, [preds, f"{preds} $target"], block.line, f"--- {block.name} ---", False)
    shared = list(dict.fromkeys(shared))
    for p in block.patterns:
        _block_pattern(p, shared, synsets, w)


def _own_pattern(
    own: tuple[str, Shape], code: str | None, block_code: str | None, v: VerbLine, w: _Writer
) -> None:
    """A multi-word verb with arguments (``GET_HOLD_OF``) gets a pattern of its own.

    A null code on it, under a block that codes, blocks that code (a discard pattern).
    """
    if code is None and block_code is None:
        return
    predicate, shape = own
    w.add(code, shape.render(predicate), v.line, v.text, shape.symmetric)


def _block_pattern(p: PatternLine, shared: list[str], synsets: SynsetTable, w: _Writer) -> None:
    report, name = w.report, w.vd.name
    report.read["verb patterns"] += 1
    try:
        code = _code(p.code, w.codes, w, p.line, p.text)
        shape = convert_body(p.body, synsets)
    except Unconvertible as exc:
        report.skip(name, p.line, p.text, exc.reason, exc.detail)
        return
    preds = shared
    if shape.particle:
        preds = [f"{lemma}_{shape.particle}" for lemma in shared if "_" not in lemma]
    if not preds:
        report.skip(name, p.line, p.text, R_NO_VERBS)
        return
    if w.add(code, shape.render("|".join(preds)), p.line, p.text, shape.symmetric):
        report.converted["verb patterns"] += 1


def verb_forms(vd: VerbDictionary) -> dict[str, str]:
    """Upper-case surface forms of the file's single-word verbs -> their base form.

    The discards importer uses it to tell "BREAK RECORD" (a verb and its object) from
    "BIRD FLU" (a noun phrase).
    """
    out: dict[str, str] = {}
    for block in vd.blocks:
        for v in block.verbs:
            word = v.word.lstrip("+")
            if "_" in word or not word.isalpha():
                continue
            base = word.lower()
            for form in [word, *_regular_forms(word), *(v.forms or "").split()]:
                out.setdefault(form.strip(",").lstrip("+").upper(), base)
    return out


def _regular_forms(word: str) -> list[str]:
    w = word.upper()
    if w.endswith("E"):
        return [w + "S", w + "D", w[:-1] + "ING"]
    if w.endswith("Y") and len(w) > 2 and w[-2] not in "AEIOU":
        return [w[:-1] + "IES", w[:-1] + "IED", w + "ING"]
    if w.endswith(("S", "SH", "CH", "X", "Z")):
        return [w + "ES", w + "ED", w + "ING"]
    return [w + "S", w + "ED", w + "ING"]
