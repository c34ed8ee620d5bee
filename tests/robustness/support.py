"""What the robustness tests share: hostile text, event checks, the fuzz targets, CLI runs."""

from __future__ import annotations

import importlib
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import strategies as st

import eventcoder as ec
from eventcoder.codebook.model import Codebook

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
_ACTOR = re.compile(r"^(?:[A-Z]{3})+$")

# -- hostile text ----------------------------------------------------------------------

#: Sentences that do give events, so the properties are tested on real events too.
NEWSY = [
    "The United States imposed new sanctions on Iran.",
    "Russian troops shelled the town of Izium on Tuesday.",
    "North Korea is ready to hold talks with Washington, Russia said.",
    "Kenyan police arrested dozens of protesters in Nairobi.",
    "The army did not attack the rebels.",
    "China and Japan held talks in Geneva.",
    "Iran rejected the offer, its foreign minister said on Monday.",
    "Israeli airstrikes killed 20 people in Gaza.",
    "The UN condemned the attack on the convoy.",
    "Turkey expelled two diplomats from Germany.",
]
RTL = [
    "\u0627\u0644\u0639\u0631\u0627\u0642 \u064a\u0647\u0627\u062c\u0645 "
    "\u0625\u064a\u0631\u0627\u0646",
    "\u05d9\u05e9\u05e8\u05d0\u05dc \u05ea\u05e7\u05e4\u05d4",
    "\u202eIran attacked Iraq\u202c",  # right-to-left override around English
    "\u202bIsrael\u202c \u200fsaid\u200e",
    "\u0641\u0627\u0631\u0633\u06cc \u06f1\u06f2\u06f3",
]
EMOJI = [
    "😀",
    "🇺🇸🇰🇵",
    "👨‍👩‍👧‍👦",  # zero-width-joiner sequence
    "👍🏽",
    "🏳️‍🌈",
    "\U0001f9d1\u200d\U0001f680",
    "❤️",
]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
CONTROL = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\x9b", "\r"]
HTML = [
    "<p>The <b>UN</b> condemned the attack.</p>",
    "<script>alert('x')</script>",
    "&amp;&lt;&gt;&#x27;&nbsp;&#8203;",
    '<a href="http://example.com/?q=<b>">Iran</a> <br/> <!-- comment -->',
    "<![CDATA[ sanctions ]]>",
    "<div style='x'><span>China</span> met <i>Japan</i>.</div>",
]
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»“”‘’—–…¡¿·•§¶"
#: Unicode general categories (all but Cs, the lone surrogates: see test_findings.py).
CATEGORIES = [
    "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps",
    "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Co",
    "Cn",
]  # fmt: skip


def category_text(category: str, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(st.characters(categories=[category]), min_size=1, max_size=max_size)  # type: ignore[list-item]


JUNK = st.one_of(
    st.sampled_from(CATEGORIES).flatmap(category_text),
    st.sampled_from(RTL + EMOJI + ZERO_WIDTH + CONTROL + HTML),
    st.text(st.sampled_from(PUNCTUATION), min_size=1, max_size=60),
    st.text(max_size=80),
)


@st.composite
def hostile_texts(draw: st.DrawFn, max_pieces: int = 8) -> str:
    """News sentences mixed with junk of every kind, joined by odd separators."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(NEWSY), JUNK), max_size=max_pieces))
    seps = st.sampled_from([" ", "\n", "\n\n", "\t", "", "\u200b", "\u2028", "\r\n", "\xa0"])
    out = ""
    for piece in pieces:
        out += draw(seps) + piece
    return out


#: Texts that are all junk, no news (the coder must still not fail).
ONLY_JUNK = st.one_of(
    st.text(st.sampled_from(PUNCTUATION), max_size=300),
    st.lists(st.sampled_from(HTML + ZERO_WIDTH + CONTROL + EMOJI + RTL), max_size=30).map("".join),
    st.sampled_from(CATEGORIES).flatmap(lambda c: category_text(c, 300)),
)


def hostile_corpus(n: int, seed: int) -> list[str]:
    """``n`` hostile documents from a fixed seed (for runs that must be repeatable)."""
    rng = random.Random(seed)
    junk = RTL + EMOJI + ZERO_WIDTH + CONTROL + HTML + [PUNCTUATION]
    docs = []
    for _ in range(n):
        parts = [
            rng.choice(NEWSY if rng.random() < 0.6 else junk) for _ in range(rng.randint(1, 8))
        ]
        parts.append("".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(20))))
        rng.shuffle(parts)
        docs.append(rng.choice([" ", "\n", "\u200b", "\n\n"]).join(parts))
    return docs


def long_document(target: int = 100_000) -> str:
    """About ``target`` characters of news interleaved with junk."""
    rng = random.Random(7)
    junk = RTL + EMOJI + ZERO_WIDTH + CONTROL + HTML
    parts: list[str] = []
    size = 0
    while size < target:
        piece = rng.choice(NEWSY) if rng.random() < 0.7 else rng.choice(junk)
        parts.append(piece)
        size += len(piece) + 1
    return " ".join(parts)[:target]


# -- checking events -------------------------------------------------------------------


_GROUPS: dict[int, tuple[frozenset[str], frozenset[str]]] = {}


def actor_groups(codebook: Codebook) -> tuple[frozenset[str], frozenset[str]]:
    """(prefixes an actor code may start with, every three-letter group the codebook uses)."""
    if id(codebook) in _GROUPS:
        return _GROUPS[id(codebook)]
    countries = {a.code for a in codebook.countries}
    names = {a.code for a in codebook.names}
    roles = {r.code for p in codebook.people for r in p.roles}
    sectors = set(codebook.agents) | set(codebook.sector_names)
    prefixes = countries | {c[:3] for c in names | roles} | {s[:3] for s in sectors}
    groups = {
        c[i : i + 3] for c in countries | names | roles | sectors for i in range(0, len(c), 3)
    }
    _GROUPS[id(codebook)] = (frozenset(prefixes), frozenset(groups))
    return _GROUPS[id(codebook)]


def check_actor_code(code: str | None, codebook: Codebook) -> None:
    if code is None:
        return
    prefixes, groups = actor_groups(codebook)
    assert _ACTOR.match(code), f"actor code {code!r} is not groups of three capitals"
    assert code[:3] in prefixes, f"actor code {code!r}: {code[:3]} is no country, org or sector"
    unknown = [code[i : i + 3] for i in range(0, len(code), 3) if code[i : i + 3] not in groups]
    assert not unknown, f"actor code {code!r}: unknown group(s) {unknown}"


def check_events(text: str, events: list[ec.Event], codebook: Codebook) -> None:
    """Every event is valid, coded from the codebook, and its spans index ``text``."""
    assert isinstance(events, list)
    for n, e in enumerate(events):
        assert isinstance(e, ec.Event)
        assert ec.Event.model_validate(e.model_dump()) == e  # every field is valid
        assert e.event_index == n
        info = codebook.codes.get(e.code)
        assert info is not None, f"code {e.code} is not in the codebook"
        assert (e.name, e.root, e.quad_class) == (info.name, info.root, info.quad_class)
        assert e.plover_type == info.plover_type
        assert text[e.predicate_start : e.predicate_end] == e.predicate, e
        assert e.predicate_start < e.predicate_end
        assert text[e.sentence_start : e.sentence_start + len(e.sentence)] == e.sentence
        assert e.sentence_start <= e.predicate_start and e.predicate_end <= e.sentence_start + len(
            e.sentence
        )
        for ref in (e.source, e.target, e.reported_by):
            if ref is None:
                continue
            check_actor_code(ref.code, codebook)
            if ref.start >= 0:
                assert text[ref.start : ref.end] == ref.text, (ref, text[ref.start : ref.end])
        if e.location is not None and e.location.start >= 0:
            loc = e.location
            assert text[loc.start : loc.end] == loc.text, (loc, text[loc.start : loc.end])
        if e.location is not None and e.location.country is not None:
            assert re.fullmatch(r"[A-Z]{3}", e.location.country)


def without_doc_id(batches: list[list[ec.Event]]) -> list[list[ec.Event]]:
    return [[e.model_copy(update={"doc_id": None}) for e in b] for b in batches]


# -- the fuzz targets in scripts/ --------------------------------------------------------


def fuzz_target(name: str) -> ModuleType:
    """``scripts/fuzz_<name>.py`` as a module (not instrumented: imported, not run)."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module(f"fuzz_{name}")


# -- running the command line ----------------------------------------------------------


def cli(*args: str, cwd: Path, timeout: float = 300, **kw: Any) -> subprocess.CompletedProcess[str]:
    """``python -m eventcoder ARGS`` in a fresh process (real files, real signals)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "eventcoder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        **kw,
    )


# -- batch corpora -----------------------------------------------------------------------

_ACTORS = ["Russia", "China", "Iran", "Japan", "France", "Germany", "Turkey", "Israel", "Egypt"]
_TEMPLATES = [
    "{a} imposed new sanctions on {b}.",
    "{a} held talks with {b} in Geneva.",
    "{a} accused {b} of violating the ceasefire.",
    "{a} expelled two diplomats from {b}.",
    "The central bank left interest rates unchanged.",
    "{a} signed a trade agreement with {b}, officials said.",
]


def news_docs(n: int, seed: int = 1) -> list[dict[str, str]]:
    """``n`` short news documents with ids and dates (1-3 sentences each)."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        sents = []
        for _ in range(rng.randint(1, 3)):
            a, b = rng.sample(_ACTORS, 2)
            sents.append(rng.choice(_TEMPLATES).format(a=a, b=b))
        docs.append(
            {"id": f"n{i:04d}", "date": f"2020-{1 + i % 12:02d}-15", "text": " ".join(sents)}
        )
    return docs


def write_jsonl(path: Path, docs: list[dict[str, str]]) -> Path:
    import json

    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path
