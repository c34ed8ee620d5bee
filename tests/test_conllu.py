"""CoNLL-U input and output: offsets, documents, multiword tokens, located errors."""

from __future__ import annotations

import warnings

import pytest

import eventcoder as ec
from eventcoder.backends.conllu import (
    ConlluError,
    ConlluWarning,
    escape_space,
    iter_conllu,
    parse_conllu,
    read_conllu,
    to_conllu,
    tree_problem,
    unescape_space,
)
from eventcoder.parsed import ROOT


def row(i, form, lemma, upos, head, deprel, misc="_", xpos="_", feats="_"):
    return f"{i}\t{form}\t{lemma}\t{upos}\t{xpos}\t{feats}\t{head}\t{deprel}\t_\t{misc}"


SANCTIONS = [
    row(1, "The", "the", "DET", 3, "det"),
    row(2, "United", "United", "PROPN", 3, "compound", "ner=B-GPE"),
    row(3, "States", "States", "PROPN", 4, "nsubj", "ner=E-GPE"),
    row(4, "imposed", "impose", "VERB", 0, "root", xpos="VBD"),
    row(5, "sanctions", "sanction", "NOUN", 4, "obj"),
    row(6, "on", "on", "ADP", 7, "case"),
    row(7, "Iran", "Iran", "PROPN", 4, "obl", "ner=S-GPE|SpaceAfter=No"),
    row(8, ".", ".", "PUNCT", 4, "punct"),
]


def sentence(rows, text=None, sent_id=None, extra=()):
    lines = [*extra]
    if sent_id is not None:
        lines.append(f"# sent_id = {sent_id}")
    if text is not None:
        lines.append(f"# text = {text}")
    return "\n".join([*lines, *rows]) + "\n\n"


def test_offsets_from_text_comment_and_ud_fields():
    text = "The United States imposed sanctions on Iran."
    [doc] = parse_conllu(
        sentence(SANCTIONS, text, "s1", ["# newdoc id = d1", "# date = 2019-05-08"])
    )
    assert doc.doc_id == "d1" and str(doc.date) == "2019-05-08" and doc.sent_ids == ["s1"]
    parsed = doc.parsed
    assert parsed.text == text and parsed.doc_id == "d1"
    [sent] = parsed.sentences
    assert (sent.start, sent.end, sent.text) == (0, len(text), text)
    for tok in sent.tokens:
        assert text[tok.start : tok.end] == tok.text
    toks = sent.tokens
    assert toks[3].head == ROOT and toks[3].deprel == "root" and sent.root() == 3
    assert toks[0].head == 2 and toks[4].head == 3  # 0-based
    assert [t.ent for t in toks[1:3]] == ["GPE", "GPE"] and toks[6].ent == "GPE"
    assert toks[6].lemma == "iran"  # lemmas lower-cased like the spaCy backend
    assert toks[3].xpos == "VBD" and toks[0].feats == ""


def test_offsets_without_text_comment_follow_space_after():
    [doc] = parse_conllu(sentence(SANCTIONS))
    assert doc.parsed.text == "The United States imposed sanctions on Iran."


def test_sentences_joined_by_declared_whitespace_and_documents_split():
    s2 = [
        row(1, "Iran", "Iran", "PROPN", 2, "nsubj"),
        row(2, "protested", "protest", "VERB", 0, "root", "SpaceAfter=No"),
        row(3, ".", ".", "PUNCT", 2, "punct", "SpacesAfter=\\n\\n"),
    ]
    s1 = [*SANCTIONS[:-1], row(8, ".", ".", "PUNCT", 4, "punct", "SpacesAfter=\\n")]
    text = (
        sentence(s1, None, "a-1", ["# newdoc id = a", "# date = 2020-01-02"])
        + sentence(s2, "Iran protested.", "a-2")
        + sentence(s2, "Iran protested.", "b-1", ["# doc_id = b"])
        + sentence(s2, "Iran protested.", "c-1", ["# newdoc"])
    )
    docs = parse_conllu(text)
    assert [d.doc_id for d in docs] == ["a", "b", None]
    assert [str(d.date) for d in docs] == ["2020-01-02", "None", "None"]
    a = docs[0].parsed
    assert a.text == "The United States imposed sanctions on Iran.\nIran protested.\n\n"
    assert [s.index for s in a.sentences] == [0, 1]
    second = a.sentences[1]
    assert a.text[second.start : second.end] == "Iran protested."
    assert docs[0].line == 1 and docs[1].line > docs[0].line


def test_multiword_tokens_and_empty_nodes():
    rows = [
        "1-2\tcannot\t_\t_\t_\t_\t_\t_\t_\t_",
        row(1, "can", "can", "AUX", 3, "aux"),
        row(2, "not", "not", "PART", 3, "advmod", feats="Polarity=Neg"),
        row(3, "attend", "attend", "VERB", 0, "root"),
        "3.1\tattend\tattend\tVERB\t_\t_\t_\t_\t3:conj\t_",
        "4-5\tdel\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No",
        row(4, "de", "de", "ADP", 5, "case"),
        row(5, "el", "el", "DET", 3, "obl"),
        row(6, ".", ".", "PUNCT", 3, "punct"),
    ]
    [doc] = parse_conllu(sentence(rows, "I cannot attend del."[2:]))
    toks = doc.parsed.sentences[0].tokens
    assert [t.text for t in toks] == ["can", "not", "attend", "de", "el", "."]
    text = doc.parsed.text
    assert text == "cannot attend del."
    assert [(t.start, t.end) for t in toks[:2]] == [(0, 3), (3, 6)]  # "cannot" split exactly
    assert (toks[3].start, toks[3].end) == (14, 17) == (toks[4].start, toks[4].end)  # "del"
    assert toks[1].has_feat("Polarity", "Neg")
    # Written back, words sharing a span go under a range line again.
    again = to_conllu(doc.parsed)
    assert "4-5\tdel\t" in again
    [back] = parse_conllu(again)
    assert back.parsed.text == text
    assert [t.text for t in back.parsed.sentences[0].tokens] == [t.text for t in toks]


@pytest.mark.parametrize(
    ("bad_row", "line", "reason"),
    [
        ("4\timposed\timpose\tVERB\t_\t_\t0\troot\t_", 5, "expected 10 tab-separated columns"),
        ("4 imposed impose VERB _ _ 0 root _ _", 5, "separated by tabs"),
        (row("x", "imposed", "impose", "VERB", 0, "root"), 5, "id 'x' is not an integer"),
        (row(5, "imposed", "impose", "VERB", 0, "root"), 5, "expected 4, found 5"),
        (row(4, "imposed", "impose", "VERB", 42, "root"), 5, "HEAD 42 points outside"),
        (row(4, "imposed", "impose", "VERB", "x", "root"), 5, "HEAD 'x' is not an integer"),
        (row(4, "imposed", "impose", "VERB", "_", "root"), 5, "no dependency parse"),
        (row(4, "imposed", "impose", "VERB", 4, "root"), 5, "its own head"),
        (row(4, "imposed", "impose", "VERB", 3, "dep"), 2, "no root"),
        (row(4, "imposed", "impose", "VERB", 0, "_"), 5, "has no DEPREL"),
    ],
)
def test_malformed_sentence_is_located_and_the_rest_goes_on(bad_row, line, reason):
    bad = [*SANCTIONS[:3], bad_row, *SANCTIONS[4:]]
    good = [
        row(1, "Iran", "Iran", "PROPN", 2, "nsubj"),
        row(2, "protested", "protest", "VERB", 0, "root"),
    ]
    text = sentence(bad, None, "bad-1") + sentence(good, "Iran protested", "ok-2")
    [doc] = read_conllu(text, errors="ignore")
    [issue] = doc.issues
    assert (issue.line, issue.sent_id) == (line, "bad-1")
    assert reason in issue.reason
    assert str(issue).startswith(f"<string>:{line} (sent_id bad-1): ")
    # The malformed sentence is left out; the next one is read, at its own position.
    assert [s.text for s in doc.parsed.sentences] == ["Iran protested"]
    assert doc.parsed.sentences[0].index == 1


def test_cycles_two_roots_and_bad_multiword_ranges():
    two_roots = [
        row(1, "Iran", "Iran", "PROPN", 0, "root"),
        row(2, "wins", "win", "VERB", 0, "root"),
    ]
    bad_range = ["1-3\tfoo\t_\t_\t_\t_\t_\t_\t_\t_", row(1, "fo", "fo", "X", 0, "root")]
    cycle = [
        row(1, "Iran", "Iran", "PROPN", 0, "root"),
        row(2, "and", "and", "CCONJ", 3, "cc"),
        row(3, "Iraq", "Iraq", "PROPN", 2, "conj"),
    ]
    text = sentence(two_roots) + sentence(bad_range) + sentence(cycle, sent_id="c")
    [doc] = read_conllu(text, errors="ignore")
    assert [(i.line, i.reason) for i in doc.issues] == [
        (2, "2 roots (words 1, 2 have HEAD 0)"),
        (5, "multiword token 1-3 runs past the sentence"),
        (9, "cycle in the heads: 2 -> 3 -> 2"),
    ]
    assert doc.parsed.sentences == [] and doc.parsed.text == ""


def test_error_policies(tmp_path):
    bad = [row(1, "Iran", "Iran", "PROPN", 1, "root")]
    path = tmp_path / "in.conllu"
    path.write_text(sentence(SANCTIONS, sent_id="s1") + sentence(bad, sent_id="s2"), "utf-8")
    with pytest.raises(ConlluError) as info:
        read_conllu(path, errors="raise")
    assert f"{path}:12 (sent_id s2): word 1 is its own head" in str(info.value)
    assert isinstance(info.value, ec.InputError) and len(info.value.issues) == 1
    with pytest.warns(ConlluWarning, match="sent_id s2"):
        docs = read_conllu(path)
    assert len(docs[0].parsed.sentences) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_conllu(path, errors="ignore")
    with pytest.raises(ValueError, match="errors="):
        read_conllu(path, errors="skip")
    with pytest.raises(ec.InputError, match="no such CoNLL-U file"):
        read_conllu(tmp_path / "missing.conllu")


def test_bad_date_comment_is_reported_and_ignored():
    [doc] = parse_conllu(sentence(SANCTIONS, extra=["# date = last Tuesday"]), errors="ignore")
    assert doc.date is None and len(doc.parsed.sentences) == 1
    assert "is not YYYY-MM-DD" in doc.issues[0].reason and doc.issues[0].line == 1


def test_streams_one_document_at_a_time(tmp_path):
    path = tmp_path / "many.conllu"
    body = "".join(
        sentence(SANCTIONS, sent_id=f"d{k}-1", extra=[f"# newdoc id = d{k}"]) for k in range(3)
    )
    path.write_text("\ufeff" + body, encoding="utf-8")  # a byte-order mark is tolerated
    stream = iter_conllu(path)
    first = next(stream)
    assert first.doc_id == "d0"
    assert [d.doc_id for d in stream] == ["d1", "d2"]
    with path.open(encoding="utf-8-sig") as f:
        assert len(read_conllu(f)) == 3


def test_tree_problem_and_space_escapes():
    assert tree_problem([ROOT, 0, 1]) is None
    assert tree_problem([1, 2, 1]) == (None, "no root (no word has HEAD 0)")
    assert tree_problem([ROOT, 2, 1])[1] == "cycle in the heads: 2 -> 3 -> 2"
    assert tree_problem([ROOT, 7])[1] == "word 2: HEAD 8 points outside the sentence"
    raw = " \t\n\r|\\\u00a0"
    assert unescape_space(escape_space(raw)) == raw
    assert escape_space("\n\n") == "\\n\\n"


def test_code_conllu_matches_the_spacy_parse(coder, tmp_path):
    """The coder gives the same events from CoNLL-U as from the parse it was written from."""
    text = (
        "North Korea launched a missile over Japan on Tuesday.\n"
        "The United States condemned the launch.  It imposed new sanctions on Pyongyang."
    )
    parsed = coder.backend.parse(text, "k1")
    day = ec.coder.to_date("2017-11-29")
    expected = coder.code_parsed(parsed, day, "k1")
    assert expected
    conllu = to_conllu(parsed, date=day)
    assert conllu.startswith("# newdoc id = k1\n# date = 2017-11-29\n# sent_id = k1-1\n")
    [doc] = parse_conllu(conllu)
    assert doc.parsed.text == text
    assert coder.code_conllu(conllu) == expected
    path = tmp_path / "k1.conllu"
    path.write_text(conllu, encoding="utf-8")
    assert coder.code_conllu(path) == expected
    assert coder.code_conllu(str(path)) == expected
    # Without "# date" the date argument is the story date.
    undated = conllu.replace("# date = 2017-11-29\n", "")
    assert coder.code_conllu(undated, date="2017-11-29") == expected
