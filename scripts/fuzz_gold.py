"""Fuzz the gold readers: bytes -> a gold file -> ``read_gold`` (every format).

Contract: reading a gold file of any bytes, in any format (the project's JSONL,
PETRARCH XML, PLOVER JSON/JSONL, ACLED CSV, CoNLL-U with ``# event`` comments, or
detected from the content) gives validated :class:`~eventcoder.evaluate.gold.GoldRecord`
objects or raises :class:`~eventcoder.evaluate.gold.GoldError` whose every issue names
the file and a line (0 only for whole-file problems); nothing else escapes, with or
without a codebook to validate codes against, within the time limit.

The first byte of an input picks the format (and whether a codebook validates); the
rest is the file.

    python scripts/fuzz_gold.py --seconds 60
    python scripts/fuzz_gold.py corpus/gold --seconds 14400 -jobs=2 -workers=2

See docs/robustness.md.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

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
    from eventcoder.evaluate.gold import GoldError, GoldRecord
    from eventcoder.evaluate.readers import read_gold

NAME = "gold"
REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "gold"

# (format passed to read_gold or None to detect it, file suffix)
FORMATS: list[tuple[str | None, str]] = [
    ("gold", ".jsonl"),
    ("petrarch", ".xml"),
    ("plover", ".json"),
    ("acled", ".csv"),
    ("conllu", ".conllu"),
    (None, ".json"),
    (None, ".txt"),
    ("plover", ".jsonl"),
]

SEEDS: dict[int, list[bytes]] = {
    0: [
        b'{"id": "a-1", "text": "Iran protested.", "date": "2020-01-01", "events": '
        b'[{"source": "IRN", "target": null, "code": "141", "plover": "PROTEST"}], '
        b'"tags": ["x"], "notes": ""}\n'
        b'{"id": "a-2", "text": "It rained.", "date": "2020-01-02", "events": []}\n'
    ],
    1: [
        b'<Sentences><Sentence date="20150104" id="ENG-1" sentence="True">'
        b"<Text>The army attacked rebels.</Text>"
        b'<EventCoding sourcecode="NGAMIL" targetcode="NGAREB" eventcode="190"/>'
        b"<Parse>(ROOT (S))</Parse></Sentence>"
        b'<Sentence date="2015-01-05" id="ENG-2"><Text>Nothing.</Text>'
        b'<EventCoding noevents="True"/></Sentence></Sentences>'
    ],
    2: [
        b'[{"id": "p-1", "date": "2021-06-21", "text": "The EU sanctioned Belarus.", '
        b'"source": [{"actorText": "EU", "code": "IGOEUREEC", "sector": ""}], '
        b'"target": [{"actorText": "Belarus", "code": "BLR", "sector": "GOV"}], '
        b'"event": "SANCTION", "mode": "", "context": ["economic"]}]'
    ],
    3: [
        b"event_id_cnty,event_date,disorder_type,event_type,sub_event_type,actor1,actor2,"
        b"country,notes\n"
        b"KEN1,04 June 2021,Demonstrations,Protests,Peaceful protest,Protesters (Kenya),,"
        b'Kenya,"On 4 June 2021, traders protested\nin Nairobi."\n'
    ],
    4: [
        b"# sent_id = c-1\n# date = 2019-05-08\n# text = The US imposed sanctions on Iran.\n"
        b"# event = USA IRN 163 SANCTION\n# tags = sanctions, economy\n"
        b"1\tThe\tthe\tDET\t_\t_\t2\tdet\t_\t_\n\n"
    ],
}
_FIXTURE_FORMAT = {
    "mini.jsonl": 0,
    "invalid.jsonl": 0,
    "petrarch.xml": 1,
    "plover.json": 2,
    "acled.csv": 3,
    "sentences.conllu": 4,
}

DICTIONARY = [
    b'"id": ',
    b'"text": ',
    b'"date": ',
    b'"events": ',
    b'"source": ',
    b'"target": ',
    b'"code": ',
    b'"plover": ',
    b'"acled_type": ',
    b'"acled_sub_type": ',
    b'"event": ',
    b'"context": ',
    b'"actorText": ',
    b'"sector": ',
    b"null",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"<Sentence ",
    b"</Sentence>",
    b"<Text>",
    b"</Text>",
    b"<EventCoding ",
    b'noevents="True"',
    b"<!DOCTYPE x [<!ENTITY e 'aaaa'>]>",
    b"&e;",
    b"<![CDATA[",
    b"# event = ",
    b"# text = ",
    b"# date = ",
    b"\t",
    b"\n\n",
    b'"',
    b'""',
    b"\r",
    b"2020-02-30",
    b"20150104",
    b"\xef\xbb\xbf",
]

KNOWN_BUGS: list[KnownBug] = []

_STATE: dict[str, Any] = {}


def _codebook() -> Any:
    if "codebook" not in _STATE:
        from eventcoder.codebook.loader import load_codebook

        _STATE["codebook"] = load_codebook()
        _STATE["dir"] = Path(tempfile.mkdtemp(prefix="fuzz-gold-"))
    return _STATE["codebook"]


def check(data: bytes) -> None:
    codebook = _codebook()
    selector, body = (data[0], data[1:]) if data else (0, b"")
    fmt, suffix = FORMATS[selector % len(FORMATS)]
    path = _STATE["dir"] / f"gold{suffix}"
    path.write_bytes(body)
    for book in (None, codebook) if selector & 0x80 else (None,):
        try:
            records = read_gold(path, fmt, book)
        except GoldError as exc:
            located(exc.issues, what="GoldError")
            if any(i.file != str(path) for i in exc.issues):
                raise ContractViolation(f"an issue names another file: {exc}") from exc
            continue
        if not isinstance(records, list):
            raise ContractViolation(f"read_gold returned {records!r}")
        for record in records:
            if not isinstance(record, GoldRecord) or not record.id or not record.text:
                raise ContractViolation(f"invalid record {record!r}")


def seeds() -> list[bytes]:
    out = [bytes([k | 0x80]) + body for k, bodies in SEEDS.items() for body in bodies]
    for name, k in _FIXTURE_FORMAT.items():
        fixture = FIXTURES / name
        if fixture.is_file():
            out.append(bytes([k | 0x80]) + fixture.read_bytes())
    return out


_KEYS = ["id", "text", "date", "events", "source", "target", "code", "plover", "tags", "notes"]
_KEYS += ["acled_type", "acled_sub_type", "reported_by", "event", "context", "actorText"]
_KEYS += ["sector", "annotated", "source_text", "target_text", "mode"]


def mutate_structure(data: bytes, rng: random.Random) -> bytes | None:
    """JSON-based formats: change one node of a record (type, value or key)."""
    if not data or FORMATS[data[0] % len(FORMATS)][1] not in (".json", ".jsonl"):
        return None
    text = data[1:].decode("utf-8", "replace")
    try:
        if text.lstrip().startswith("["):
            tree = tree_mutate(json.loads(text), rng, _KEYS)
            body = json.dumps(tree, ensure_ascii=rng.random() < 0.5)
        else:
            lines = text.splitlines()
            if not lines:
                return None
            k = rng.randrange(len(lines))
            lines[k] = json.dumps(tree_mutate(json.loads(lines[k]), rng, _KEYS))
            body = "\n".join(lines) + "\n"
    except (ValueError, RecursionError, TypeError):
        return None
    return data[:1] + body.encode("utf-8", "surrogatepass")


if __name__ == "__main__":
    main(sys.modules[__name__])
