"""Fuzz the CoNLL-U reader and what codes its output: bytes -> ``read_conllu`` -> events.

Contract: reading CoNLL-U (a file of any bytes, a string, a stream) gives documents or
raises :class:`~eventcoder.backends.conllu.ConlluError` (``errors="raise"``: every
malformed sentence listed with its source, line >= 1 and reason) or
:class:`~eventcoder.errors.InputError`; nothing else. The documents it gives are sound:
token spans lie inside the document text and spell single-word tokens exactly,
sentence spans spell the sentence text, heads form one tree per sentence. Coding them
(``Coder.code_parsed``, no parser involved) never raises and gives events whose codes
exist in the codebook and whose spans index the text. Writing a document back
(``to_conllu``) always gives CoNLL-U the reader accepts without an issue. Each input
within the time limit.

    python scripts/fuzz_conllu.py --seconds 60
    python scripts/fuzz_conllu.py corpus/conllu --seconds 14400 -jobs=2 -workers=2

See docs/robustness.md.
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_harness import ContractViolation, KnownBug, instrumented, located, main

with instrumented(__name__):
    from eventcoder.backends.conllu import ConlluError, read_conllu, to_conllu, tree_problem
    from eventcoder.errors import InputError
    from eventcoder.parsed import ROOT, ParsedDoc

NAME = "conllu"
REPO = Path(__file__).resolve().parent.parent

SANCTIONS = """# newdoc id = d1
# date = 2019-05-08
# sent_id = d1-1
# text = The United States imposed new sanctions on Iran.
1	The	the	DET	DT	_	3	det	_	_
2	United	United	PROPN	NNP	_	3	compound	_	ner=B-GPE
3	States	States	PROPN	NNP	_	4	nsubj	_	ner=E-GPE
4	imposed	impose	VERB	VBD	Tense=Past	0	root	_	_
5	new	new	ADJ	JJ	_	6	amod	_	_
6	sanctions	sanction	NOUN	NNS	_	4	obj	_	_
7	on	on	ADP	IN	_	8	case	_	_
8	Iran	Iran	PROPN	NNP	_	4	obl	_	SpaceAfter=No|ner=S-GPE
9	.	.	PUNCT	.	_	4	punct	_	SpacesAfter=\\n\\n

# sent_id = d1-2
# text = Tehran cannot accept it, officials said.
1	Tehran	Tehran	PROPN	NNP	_	4	nsubj	_	_
2-3	cannot	_	_	_	_	_	_	_	_
2	can	can	AUX	MD	_	4	aux	_	_
3	not	not	PART	RB	_	4	advmod	_	_
4	accept	accept	VERB	VB	_	8	ccomp	_	_
5	it	it	PRON	PRP	_	4	obj	_	SpaceAfter=No
6	,	,	PUNCT	,	_	9	punct	_	_
7	officials	official	NOUN	NNS	_	8	nsubj	_	_
8	said	say	VERB	VBD	_	0	root	_	SpaceAfter=No
9	.	.	PUNCT	.	_	8	punct	_	_

"""
SECOND = """# newdoc id = d2
# sent_id = d2-1
1	Russian	russian	ADJ	JJ	_	2	amod	_	_
2	troops	troop	NOUN	NNS	_	3	nsubj	_	_
3	shelled	shell	VERB	VBD	_	0	root	_	_
4	Izium	Izium	PROPN	NNP	_	3	obj	_	_
4.1	x	x	_	_	_	_	_	3:obj	_
5	on	on	ADP	IN	_	6	case	_	_
6	Tuesday	Tuesday	PROPN	NNP	_	3	obl	_	SpaceAfter=No
7	.	.	PUNCT	.	_	3	punct	_	_

"""

DICTIONARY = [
    b"\t",
    b"\n\n",
    b"\r\n",
    b"# text = ",
    b"# newdoc id = ",
    b"# newdoc\n",
    b"# doc_id = ",
    b"# sent_id = ",
    b"# date = ",
    b"1-2\t",
    b"1.1\t",
    b"_\t",
    b"\t0\troot\t",
    b"SpaceAfter=No",
    b"SpacesAfter=\\n",
    b"SpacesAfter=\\s\\t\\u00A0",
    b"SpacesBefore=\\s",
    b"ner=B-GPE",
    b"ner=S-ORG",
    b"|",
    b"nsubj",
    b"obj",
    b"obl",
    b"conj",
    b"xcomp",
    b"ccomp",
    b"VERB",
    b"NOUN",
    b"PROPN",
    b"impose",
    b"attack",
    b"Iran",
    b"\xef\xbb\xbf",
]

KNOWN_BUGS: list[KnownBug] = []

_STATE: dict[str, Any] = {}


def _coder() -> Any:
    """A coder that needs no parser (built once: loading the codebook takes a second)."""
    if "coder" not in _STATE:
        from eventcoder.coder import Coder

        _STATE["coder"] = Coder(emit="all", require_source=False)
        _STATE["dir"] = Path(tempfile.mkdtemp(prefix="fuzz-conllu-"))
    return _STATE["coder"]


def _read(source: Any, errors: str = "ignore") -> list[Any] | None:
    """``read_conllu`` under the contract: documents, or a documented error (None)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return read_conllu(source, errors=errors)
    except ConlluError as exc:
        located(exc.issues, what="ConlluError", file_attr="source")
        for issue in exc.issues:
            if issue.line < 1:
                raise ContractViolation(f"issue without a line: {issue}") from exc
        return None
    except InputError as exc:
        if not str(exc).strip():
            raise ContractViolation("InputError without a message") from exc
        return None


def check_doc(parsed: ParsedDoc) -> None:
    """The invariants of a parsed document (any backend)."""
    text = parsed.text
    for k, sent in enumerate(parsed.sentences):
        if not 0 <= sent.start <= sent.end <= len(text) or text[sent.start : sent.end] != sent.text:
            raise ContractViolation(f"sentence {k} span {sent.start}:{sent.end} is not its text")
        heads = [t.head for t in sent.tokens]
        if not sent.tokens or tree_problem(heads) is not None:
            raise ContractViolation(f"sentence {k} is not one tree: {heads}")
        for i, tok in enumerate(sent.tokens):
            if tok.i != i or not 0 <= tok.start <= tok.end <= len(text):
                raise ContractViolation(f"token {i} of sentence {k}: bad index or span {tok}")
            if tok.head != ROOT and not 0 <= tok.head < len(sent.tokens):
                raise ContractViolation(f"token {i} of sentence {k}: head {tok.head}")
            shared = [t for t in sent.tokens if (t.start, t.end) == (tok.start, tok.end)]
            if len(shared) == 1 and text[tok.start : tok.end] != tok.text:
                raise ContractViolation(
                    f"token {i} of sentence {k}: {tok.text!r} != text {text[tok.start : tok.end]!r}"
                )


def check_events(parsed: ParsedDoc, date: Any, doc_id: str | None) -> None:
    coder = _coder()
    try:
        events = coder.code_parsed(parsed, date, doc_id)
    except InputError as exc:  # Coder(max_sentences=...) and friends
        if "limit" not in str(exc):
            raise
        return
    text = parsed.text
    # The words of a multiword token that do not spell it out share its span (the
    # documented reading): their events point at the surface token.
    spans = Counter((t.start, t.end) for s in parsed.sentences for t in s.tokens)
    for e in events:
        if e.code not in coder.codebook.codes:
            raise ContractViolation(f"event code {e.code} is not in the codebook")
        shared = spans[(e.predicate_start, e.predicate_end)] > 1
        if text[e.predicate_start : e.predicate_end] != e.predicate and not shared:
            raise ContractViolation(f"predicate span of {e!r}")
        for ref in (e.source, e.target, e.reported_by, e.location):
            if ref is not None and ref.start >= 0 and text[ref.start : ref.end] != ref.text:
                raise ContractViolation(f"span {ref.start}:{ref.end} is not {ref.text!r}")


def check(data: bytes) -> None:
    coder = _coder()
    # A stream and a file read alike (byte-order mark, lone \r): compared below.
    docs = _read(io.StringIO(data.decode("utf-8", "replace")))
    for doc in docs or []:
        check_doc(doc.parsed)
        check_events(doc.parsed, doc.date, doc.doc_id)
        written = to_conllu(doc.parsed, date=doc.date)
        again = _read(io.StringIO(written), errors="raise")
        if not doc.parsed.sentences and not doc.doc_id:
            continue  # nothing to write but "# newdoc": read back as no document at all
        if again is None or len(again) != 1:
            raise ContractViolation(f"to_conllu wrote what the reader refuses:\n{written}")
        check_doc(again[0].parsed)
    # The same bytes as a file (a path; utf-8-sig decoding) under both error policies.
    path = _STATE["dir"] / "input.conllu"
    path.write_bytes(data)
    from_file = _read(path, errors="raise")
    partial_bom = len(data) < 3 and b"\xef\xbb\xbf".startswith(data)  # CPython reads it as ""
    if from_file is not None and docs is not None and len(from_file) != len(docs):
        if partial_bom:
            return
        raise ContractViolation("a file and its text give different documents")
    _read(path)
    del coder


def warm_up() -> None:
    """Build the coder and its gazetteer (seconds) before the harness starts its clock."""
    for seed in seeds():
        check(seed)


def seeds() -> list[bytes]:
    out = [SANCTIONS.encode(), SECOND.encode(), (SANCTIONS + SECOND).encode()]
    fixture = REPO / "tests" / "fixtures" / "gold" / "sentences.conllu"
    if fixture.is_file():
        out.append(fixture.read_bytes())
    return out


def mutate_structure(data: bytes, rng: random.Random) -> bytes | None:
    """Swap one column of one word line for a value from another line or a wild one."""
    lines = data.split(b"\n")
    rows = [i for i, line in enumerate(lines) if line.count(b"\t") == 9]
    if not rows:
        return None
    i = rng.choice(rows)
    cols = lines[i].split(b"\t")
    col = rng.randrange(10)
    other = lines[rng.choice(rows)].split(b"\t")
    wild = [b"_", b"", b"0", b"-1", b"99", b"1-1", b"2.0", b"x y", b"\xe2\x80\x8b", b"root"]
    cols[col] = other[col] if rng.random() < 0.5 else rng.choice(wild)
    lines[i] = b"\t".join(cols)
    if rng.random() < 0.2:  # move a line (ids out of order, a comment among words)
        j = rng.randrange(len(lines))
        lines.insert(j, lines.pop(i))
    return b"\n".join(lines)


if __name__ == "__main__":
    main(sys.modules[__name__])
