"""Fuzz the codebook loader: YAML bytes -> a codebook directory -> ``load_codebook``.

Contract: loading a codebook directory, whatever its files hold, either gives a
:class:`~eventcoder.codebook.model.Codebook` or raises
:class:`~eventcoder.errors.CodebookError` whose every issue names its file (and a line,
0 when the problem is the whole file); ``validate_codebook`` returns issues and never
raises; ``loads_yaml`` returns data or raises ``CodebookError``. Nothing else escapes,
and no input takes longer than the time limit (``--timeout``, default 10 s).

The first byte of an input picks where the rest goes:

0. the manifest (``codebook.yaml``) of a small valid codebook;
1. an extra section file in that codebook;
2. a file of a child codebook that ``extends`` it (layering, overrides);
3. several files at once, separated by ``\\n---8<---\\n``.

    python scripts/fuzz_codebook.py --seconds 60            # a minute, atheris if present
    python scripts/fuzz_codebook.py corpus/codebook --seconds 14400 -jobs=2 -workers=2
    python scripts/fuzz_codebook.py --replay crash-0123abcd  # re-run one finding

See docs/robustness.md.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_harness import (
    ContractViolation,
    KnownBug,
    instrumented,
    located,
    main,
    tree_mutate,
)

with instrumented(__name__):
    import yaml

    from eventcoder.codebook import loader
    from eventcoder.codebook.model import Codebook
    from eventcoder.codebook.yamlfile import loads_yaml
    from eventcoder.errors import CodebookError

NAME = "codebook"
SEPARATOR = b"\n---8<---\n"

MANIFEST = b"name: fuzz\nversion: '1'\ndescription: a small codebook to fuzz\n"
BASE_FILES: dict[str, bytes] = {
    "codes.yaml": b"""plover_types:
  CONSULT: {quad_class: 1, modes: [visit, phone]}
  SANCTION: {quad_class: 3, modes: []}
codes:
  "01": {name: Make public statement, goldstein: 0, quad_class: 1}
  "010": {name: Make statement, quad_class: 1}
  "04": {name: Consult, goldstein: 1, quad_class: 1, plover: {type: CONSULT}}
  "042": {name: Make a visit, goldstein: 1.9, quad_class: 1, plover: {type: CONSULT, mode: visit}}
  "044": {name: Meet at a third location, goldstein: 2.5, quad_class: 1}
  "16": {name: Reduce relations, goldstein: -4, quad_class: 3, plover: {type: SANCTION}}
  "163": {name: Impose embargo, goldstein: -8, quad_class: 3}
""",
    "lexicon.yaml": b"""lexicon:
  negators: [not, never, "n't"]
  hypothetical_modals: [could, may, might]
  future_modals: [will, shall]
  pronouns: {it: [it, its], they: [they, them]}
  sector_names: {GOV: government}
  refusal_wrapper: refuse
  venue: {codes: ["04"], visit: "042", third: "044"}
synsets:
  SANCTION: [sanction, embargo, trade embargo]
  TALKS: [talk, negotiation]
""",
    "wrappers.yaml": b"""wrappers:
  report: {mode: report, verbs: ["say @event", "tell $target @event"]}
  refuse: {mode: map, map: {"*": "163"}, verbs: ["refuse to @event"]}
  intend: {mode: map, map: {"04": "04", "*": null}, negated: refuse, verbs: ["plan @event"]}
""",
    "patterns.yaml": b"""patterns:
  "04":
    verbs:
      - meet $target
      - hold &TALKS with $target
      - {pattern: "talk with|to $target", symmetric: true}
  "163":
    verbs:
      - impose &SANCTION on $target
      - {pattern: "sanction $target", id: sanction-verb, negated: "010"}
    nouns:
      - sanction on $target
      - trade|arms embargo on $target
      - {pattern: "drone strike on $target", subject: "&TALKS"}
discard:
  verbs: [meet deadline]
""",
    "actors.yaml": b"""countries:
  - {code: IRN, names: [Iran], adjectives: [Iranian], capitals: [Tehran]}
  - {code: USA, names: [United States, US], adjectives: [American]}
names:
  - {code: IGOUNO, names: [United Nations, UN], kind: organization}
agents:
  GOV: [government, minister]
  MIL: [army, troop]
people:
  - name: Jane Doe
    names: [Doe]
    country: USA
    roles:
      - {code: USAGOV, start: 2001-01-20, end: 2009-01-20, title: President}
      - {code: USAELI, start: "2009", title: Citizen}
places:
  nouns: [outskirts, vicinity]
  entries:
    - {name: Sea of Japan, names: [East Sea], lat: 40.0, lon: 135.0, kind: sea}
    - {name: Gulf Region, country: IRN, precision: 2}
acled:
  types:
    Protests: [Peaceful protest]
  classes:
    state: [GOV, MIL]
  inter:
    state: 1
  rules:
    - {codes: ["14"], type: Protests, sub_type: Peaceful protest}
""",
}

DICTIONARY = [
    b": ",
    b"- ",
    b"\n  ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"&a ",
    b"*a",
    b"!!python/object:os.system",
    b"!!python/name:os.system",
    b"!!binary ",
    b"!!set ",
    b"!!omap ",
    b"!!timestamp ",
    b"!!float ",
    b"? ",
    b"<<: ",
    b"~",
    b"null",
    b"true",
    b"no",
    b".nan",
    b"1e400",
    b"2020-02-30",
    b"extends: ../base\n",
    b"extends: cameo\n",
    b"codes:",
    b"patterns:",
    b"synsets:",
    b"lexicon:",
    b"wrappers:",
    b"countries:",
    b"names:",
    b"agents:",
    b"people:",
    b"places:",
    b"acled:",
    b"discard:",
    b"plover_types:",
    b"verbs:",
    b"nouns:",
    b"adjectives:",
    b"roles:",
    b"entries:",
    b"$target",
    b"$source",
    b"@event",
    b"@quote",
    b"&SANCTION",
    b"|",
    b"_",
    b"'",
    b'"',
    b"\t",
    b"\\x00",
    b"\xef\xbb\xbf",
]

# Crashes reported to the maintainers; tolerated (and counted) so a run goes past them.
# None open: the wrong-type, constructor and extends crashes are fixed (test_findings.py).
KNOWN_BUGS: list[KnownBug] = []

_WORK: Path | None = None


def _workdir() -> Path:
    """A scratch folder reused by every input (made once per process)."""
    global _WORK
    if _WORK is None:
        _WORK = Path(tempfile.mkdtemp(prefix="fuzz-codebook-"))
    return _WORK


def _write_tree(root: Path, files: dict[str, bytes]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name, data in files.items():
        (root / name).write_bytes(data)


def layout(data: bytes) -> tuple[dict[str, bytes], dict[str, bytes] | None]:
    """The base codebook's files and, for mode 2, a child codebook's files."""
    mode, body = (data[0] % 4, data[1:]) if data else (0, b"")
    base = {"codebook.yaml": MANIFEST, **BASE_FILES}
    if mode == 0:
        base["codebook.yaml"] = body
        return base, None
    if mode == 1:
        base["extra.yaml"] = body
        return base, None
    if mode == 2:
        return base, {"codebook.yaml": b"name: child\nextends: ../base\n", "child.yaml": body}
    parts = body.split(SEPARATOR)
    base["codebook.yaml"] = parts[0] or MANIFEST
    for n, part in enumerate(parts[1:8]):
        base[f"part{n}.yaml"] = part
    return base, None


def check(data: bytes) -> None:
    root = _workdir()
    base, child = layout(data)
    _write_tree(root / "base", base)
    target = root / "base"
    if child is not None:
        _write_tree(root / "child", child)
        target = root / "child"
    loader._load_cached.cache_clear()  # the cache is keyed on mtimes: never trust it here
    try:
        book = loader.load_codebook(target)
    except CodebookError as exc:
        located(exc.issues, what="CodebookError")
    else:
        if not isinstance(book, Codebook) or not book.codes:
            raise ContractViolation(f"load_codebook returned {book!r}")
        for pattern in book.patterns:
            if pattern.code is not None and pattern.code not in book.codes:
                raise ContractViolation(f"pattern {pattern.id} has unknown code {pattern.code}")
    issues = loader.validate_codebook(target)
    if not isinstance(issues, list):
        raise ContractViolation(f"validate_codebook returned {issues!r}")
    for issue in issues:
        located([issue], what="validate_codebook")
    text = data[1:].decode("utf-8", "replace")
    try:
        loads_yaml(text, "<fuzz>")
    except CodebookError as exc:
        located(exc.issues, what="loads_yaml")


KEYS = [*loader.SECTIONS, "name", "names", "code", "pattern", "verbs", "nouns", "mode", "map",
        "extends", "roles", "start", "end", "quad_class", "goldstein", "plover", "type",
        "modes", "entries", "lat", "lon", "precision", "subject", "negated", "symmetric",
        "rules", "types", "classes", "inter", "venue", "pronouns", "sector_names", "crowds",
        *sorted(loader.LEXICON_KEYS)]  # fmt: skip


def mutate_structure(data: bytes, rng: random.Random) -> bytes | None:
    """Load the YAML, change one node (type, value, key), dump it back."""
    if not data:
        return None
    mode = data[:1]
    body = data[1:]
    parts = body.split(SEPARATOR) if data[0] % 4 == 3 else [body]
    k = rng.randrange(len(parts))
    try:
        tree = yaml.safe_load(parts[k].decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, TypeError, AttributeError, KeyError):
        return None
    tree = tree_mutate(tree, rng, KEYS)
    try:
        parts[k] = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode("utf-8")
    except (yaml.YAMLError, RecursionError, UnicodeEncodeError):
        return None
    return mode + SEPARATOR.join(parts)


def seeds() -> list[bytes]:
    out = [bytes([1]) + body for body in BASE_FILES.values()]
    out += [bytes([2]) + body for body in BASE_FILES.values()]
    out.append(bytes([0]) + MANIFEST)
    out.append(bytes([3]) + MANIFEST + SEPARATOR + SEPARATOR.join(BASE_FILES.values()))
    return out


if __name__ == "__main__":
    main(sys.modules[__name__])
