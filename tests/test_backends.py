"""One coder, three ways in: spaCy text, stanza Documents and CoNLL-U give the same events.

stanza models cannot be downloaded here, so the stanza Documents are real ones built by
stanza's own CoNLL-U reader from the UD parse of the same sentences (the spaCy parse,
converted to UD v2 and written out with :func:`eventcoder.backends.conllu.to_conllu`).
"""

from __future__ import annotations

import os

import pytest

import eventcoder as ec
from eventcoder.backends.conllu import to_conllu
from eventcoder.coder import to_date

SENTENCES = [
    "North Korea launched a ballistic missile over Japan.",
    "Iranian Foreign Minister Javad Zarif met German Chancellor Angela Merkel in Berlin.",
    "The United States accused China of stealing trade secrets.",
    "Israeli jets bombed Hamas positions in Gaza.",
    "The army did not attack the rebels.",
]
DATE = "2019-05-01"


@pytest.fixture(scope="module")
def conll():
    """stanza's CoNLL-U reader; CI installs stanza, so it must be there."""
    try:
        from stanza.utils.conll import CoNLL
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("stanza is missing on CI (.ci/run installs torch and stanza)")
        pytest.skip('stanza is not installed (pip install "eventcoder[stanza]")')
    return CoNLL


def _parsed(coder, text, doc_id):
    return coder.backend.parse(text, doc_id)


@pytest.mark.parametrize("which", ["coder", "coder_all"])
def test_spacy_stanza_and_conllu_give_the_same_events(which, conll, request):
    coder = request.getfixturevalue(which)
    day = to_date(DATE)
    total = 0
    for k, text in enumerate(SENTENCES):
        doc_id = f"s{k}"
        parsed = _parsed(coder, text, doc_id)
        from_spacy = coder.code(text, date=DATE, doc_id=doc_id)
        assert from_spacy == coder.code_parsed(parsed, day, doc_id)
        conllu = to_conllu(parsed, date=DATE)
        assert coder.code_conllu(conllu) == from_spacy, text
        doc = conll.conll2doc(input_str=conllu, reconstruct_text=True)
        assert coder.code_stanza(doc) == from_spacy, text
        # A stanza Document read without offsets is laid out from its comments.
        bare = conll.conll2doc(input_str=conllu)
        assert coder.code_stanza(bare, date=DATE, doc_id=doc_id) == from_spacy, text
        total += len(from_spacy)
    # The negated attack is kept by emit="all" only; every other sentence has an event.
    assert total == (5 if which == "coder_all" else 4)


def test_one_document_of_five_lines_through_all_three(coder, conll):
    text = "\n".join(SENTENCES)
    from_spacy = coder.code(text, date=DATE, doc_id="all")
    assert len(from_spacy) >= 4
    conllu = to_conllu(_parsed(coder, text, "all"), date=DATE)
    assert coder.code_conllu(conllu) == from_spacy
    doc = conll.conll2doc(input_str=conllu, reconstruct_text=True)
    assert doc.text == text
    assert coder.code_stanza(doc) == from_spacy


def test_stanza_document_conversion(coder, conll):
    from eventcoder.backends.stanza import doc_to_parsed, document_meta

    text = "Russia's army shelled Kharkiv.\nUkraine condemned the attack."
    parsed = _parsed(coder, text, "d9")
    doc = conll.conll2doc(input_str=to_conllu(parsed, date="2022-03-01"), reconstruct_text=True)
    assert document_meta(doc) == ("d9", "2022-03-01")
    got = doc_to_parsed(doc)
    assert got.text == text and got.doc_id == "d9"
    assert [s.text for s in got.sentences] == text.split("\n")

    def fields(sent):
        return [(t.text, t.lemma, t.deprel, t.head, t.start, t.end, t.ent) for t in sent.tokens]

    for want, have in zip(parsed.sentences, got.sentences, strict=True):
        assert fields(have) == fields(want)
    events = coder.code_stanza(doc)
    assert events and events[0].doc_id == "d9" and str(events[0].story_date) == "2022-03-01"


def test_stanza_document_without_a_parse_is_refused(conll):
    from eventcoder.backends.stanza import doc_to_parsed

    doc = conll.conll2doc(input_str="1\tIran\tIran\tPROPN\t_\t_\t_\t_\t_\t_\n\n")
    with pytest.raises(ec.InputError, match="sentence 1 has no dependency parse"):
        doc_to_parsed(doc)


def test_stanza_backend_without_models_says_how_to_get_them(coder, conll, tmp_path, monkeypatch):
    stanza_coder = ec.Coder(codebook=coder.codebook, backend="stanza", stanza_dir=tmp_path)
    with pytest.raises(ec.ModelNotFoundError) as info:
        stanza_coder.code("Iran condemned the attack.")
    message = str(info.value)
    assert f"No stanza models for 'en' in {tmp_path}" in message
    assert f'stanza.download("en", model_dir="{tmp_path}")' in message
    assert "stanza_dir=" in message and "$EVENTCODER_STANZA_DIR" in message
    assert "never downloads" in message
    # The environment variable is the second place looked at; a folder with a
    # resources.json but no English models fails the same way, before stanza loads.
    (tmp_path / "resources.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("EVENTCODER_STANZA_DIR", str(tmp_path))
    with pytest.raises(ec.ModelNotFoundError, match="no en/ folder"):
        ec.Coder(codebook=coder.codebook, backend="stanza").code("Iran condemned the attack.")
    # Pre-parsed input needs no parser at all, whichever backend was asked for.
    conllu = to_conllu(_parsed(coder, "Iran condemned the attack.", "x"))
    assert [e.code for e in stanza_coder.code_conllu(conllu)] == ["111"]


def test_unknown_backend(coder):
    with pytest.raises(ValueError, match="available: spacy, stanza"):
        ec.Coder(codebook=coder.codebook, backend="udpipe").code("Iran protested.")
