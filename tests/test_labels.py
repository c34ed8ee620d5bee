"""Every ClearNLP label spaCy uses has a defined UD v2 outcome, checked on real parses.

Labels the small English model does not produce on short sentences (``iobj``, ``dep``,
``meta``, ``nounmod``, ``parataxis``) are checked through the same converter on token
rows written out by hand.
"""

from __future__ import annotations

import pytest

from eventcoder.backends.clearnlp_ud import LABEL_MAP, RESTRUCTURED, RawToken, to_ud
from eventcoder.backends.spacy import doc_to_parsed
from eventcoder.parsed import ROOT, Sentence

# ClearNLP label -> (sentence in which spaCy produces it, expected UD label of that token)
SIMPLE = {
    "ROOT": ("The minister said that the talks had failed.", "root"),
    "acl": ("The man standing at the gate is a soldier.", "acl"),
    "advcl": ("He resigned because the talks failed.", "advcl"),
    "advmod": ("Nearly 300 people were killed.", "advmod"),
    "amod": ("Their strategy, in short, is working.", "amod"),
    "appos": ("Sergey Lavrov, the Russian foreign minister, arrived.", "appos"),
    "aux": ("The minister said that the talks had failed.", "aux"),
    "auxpass": ("Rebels were attacked by government troops near the border.", "aux:pass"),
    "case": ("North Korea's leader visited Beijing on Tuesday.", "case"),
    "cc": ("Both Russia and China vetoed the resolution.", "cc"),
    "ccomp": ("The minister said that the talks had failed.", "ccomp"),
    "compound": ("Rebels were attacked by government troops near the border.", "compound"),
    "conj": ("Both Russia and China vetoed the resolution.", "conj"),
    "csubj": ("What he said was not true.", "csubj"),
    "csubjpass": ("That the deal collapsed was blamed on Iran.", "csubj:pass"),
    "det": ("The minister said that the talks had failed.", "det"),
    "dobj": ("Iran rejected the offer.", "obj"),
    "expl": ("There is a risk of war.", "expl"),
    "intj": ("Oh, the protesters marched anyway.", "discourse"),
    "mark": ("The minister said that the talks had failed.", "mark"),
    "neg": ("The talks did not succeed.", "advmod"),
    "nmod": ("The US Secretary of State arrived.", "compound"),
    "npadvmod": ("The ministers met twice this week.", "obl:npmod"),
    "nsubj": ("The minister said that the talks had failed.", "nsubj"),
    "nsubjpass": ("Rebels were attacked by government troops near the border.", "nsubj:pass"),
    "nummod": ("Nearly 300 people were killed.", "nummod"),
    "oprd": ("They elected him president.", "xcomp"),
    "poss": ("North Korea's leader visited Beijing on Tuesday.", "nmod:poss"),
    "preconj": ("Both Russia and China vetoed the resolution.", "cc:preconj"),
    "predet": ("All the troops left the city.", "det:predet"),
    "prt": ("The army called off the offensive.", "compound:prt"),
    "punct": ("The minister said that the talks had failed.", "punct"),
    "quantmod": ("About 300 to 400 people marched.", "advmod"),
    "relcl": ("Troops who fired on protesters were arrested.", "acl:relcl"),
    "xcomp": ("Iran wants to negotiate with the United States.", "xcomp"),
}


def parse(nlp, text: str) -> tuple[object, Sentence]:
    doc = nlp(text)
    return doc, doc_to_parsed(doc).sentences[0]


def ud_token(sent: Sentence, start: int):
    return next(t for t in sent.tokens if t.start == start)


@pytest.mark.parametrize("label", sorted(SIMPLE))
def test_simple_label(coder, label):
    text, expected = SIMPLE[label]
    doc, sent = parse(coder.nlp, text)
    raw = [t for t in doc if t.dep_ == label]
    assert raw, f"spaCy no longer produces {label!r} for {text!r}"
    assert ud_token(sent, raw[0].idx).deprel == expected


def test_every_label_has_an_outcome():
    covered = set(SIMPLE) | RESTRUCTURED | {"iobj", "dep", "meta", "nounmod", "parataxis"}
    assert set(LABEL_MAP) | RESTRUCTURED <= covered


def test_prep_pobj_becomes_obl_with_case(coder):
    _, sent = parse(coder.nlp, "Rebels were attacked by government troops near the border.")
    toks = {t.text: t for t in sent.tokens}
    assert toks["border"].deprel == "obl" and toks["border"].head == toks["attacked"].i
    assert toks["near"].deprel == "case" and toks["near"].head == toks["border"].i


def test_agent_becomes_obl_agent(coder):
    _, sent = parse(coder.nlp, "Rebels were attacked by government troops near the border.")
    toks = {t.text: t for t in sent.tokens}
    assert toks["troops"].deprel == "obl:agent"
    assert toks["by"].deprel == "case" and toks["by"].head == toks["troops"].i


def test_prep_on_a_noun_becomes_nmod(coder):
    _, sent = parse(coder.nlp, "The US imposed sanctions on Iran.")
    toks = {t.text: t for t in sent.tokens}
    iran = toks["Iran"]
    assert iran.deprel in ("nmod", "obl")
    assert toks["on"].deprel == "case" and toks["on"].head == iran.i


def test_pcomp_becomes_advcl_with_mark(coder):
    _, sent = parse(coder.nlp, "He left after meeting the envoy.")
    toks = {t.text: t for t in sent.tokens}
    assert toks["meeting"].deprel == "advcl" and toks["meeting"].head == toks["left"].i
    assert toks["after"].deprel == "mark" and toks["after"].head == toks["meeting"].i


def test_dative_noun_is_iobj(coder):
    _, sent = parse(coder.nlp, "The envoy gave the president a letter.")
    toks = {t.text: t for t in sent.tokens}
    assert toks["president"].deprel == "iobj"
    assert toks["letter"].deprel == "obj"


def test_dative_to_is_an_oblique(coder):
    _, sent = parse(coder.nlp, "He sent a letter to the president.")
    toks = {t.text: t for t in sent.tokens}
    assert toks["president"].deprel == "obl"
    assert toks["to"].deprel == "case"


def test_acomp_under_be_inverts_the_copula(coder):
    _, sent = parse(coder.nlp, "She is ready to talk.")
    toks = {t.text: t for t in sent.tokens}
    assert toks["ready"].deprel == "root" and toks["ready"].head == ROOT
    assert toks["is"].deprel == "cop" and toks["is"].head == toks["ready"].i
    assert toks["She"].head == toks["ready"].i and toks["She"].deprel == "nsubj"


def test_acomp_under_another_verb_is_xcomp(coder):
    _, sent = parse(coder.nlp, "The deal seems fair.")
    toks = {t.text: t for t in sent.tokens}
    assert toks["fair"].deprel == "xcomp" and toks["fair"].head == toks["seems"].i


def test_attr_under_be_inverts_the_copula(coder):
    _, sent = parse(coder.nlp, "He is a diplomat.")
    toks = {t.text: t for t in sent.tokens}
    assert toks["diplomat"].deprel == "root"
    assert toks["is"].deprel == "cop"


def test_attr_after_expletive_is_the_subject(coder):
    _, sent = parse(coder.nlp, "There is a risk of war.")
    toks = {t.text: t for t in sent.tokens}
    assert toks["risk"].deprel == "nsubj" and toks["is"].deprel == "root"


def test_neg_gets_polarity_feature(coder):
    _, sent = parse(coder.nlp, "The talks did not succeed.")
    neg = next(t for t in sent.tokens if t.text == "not")
    assert neg.deprel == "advmod" and neg.has_feat("Polarity", "Neg")


def test_infinitive_to_is_a_mark(coder):
    _, sent = parse(coder.nlp, "Iran wants to negotiate with the United States.")
    to = next(t for t in sent.tokens if t.text == "to")
    assert to.deprel == "mark"


def test_cc_attaches_to_the_following_conjunct(coder):
    _, sent = parse(coder.nlp, "Russia and China vetoed the resolution.")
    toks = {t.text: t for t in sent.tokens}
    assert toks["and"].head == toks["China"].i


def test_multiword_preposition(coder):
    _, sent = parse(coder.nlp, "The missile fell into the sea, according to Japanese officials.")
    toks = {t.text: t for t in sent.tokens}
    officials = toks["officials"]
    assert officials.deprel == "obl" and toks["according"].head == officials.i
    assert toks["to"].deprel == "fixed" and toks["to"].head == toks["according"].i


def test_space_tokens_are_dropped_and_offsets_kept(coder):
    text = "Iran  rejected\nthe offer."
    doc = coder.nlp(text)
    for sent in doc_to_parsed(doc).sentences:
        for t in sent.tokens:
            assert not t.text.isspace()
            assert text[t.start : t.end] == t.text


def _row(text, dep, head, upos="NOUN", xpos="NN"):
    return (text, dep, head, upos, xpos)


def _convert(rows) -> Sentence:
    raw, pos = [], 0
    for text, dep, head, upos, xpos in rows:
        raw.append(RawToken(text, text.lower(), upos, xpos, dep, head, pos, pos + len(text)))
        pos += len(text) + 1
    return to_ud(raw, 0, " ".join(r[0] for r in rows))


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("iobj", "iobj"),
        ("dep", "dep"),
        ("meta", "discourse"),
        ("nounmod", "compound"),
        ("parataxis", "parataxis"),
    ],
)
def test_rare_labels_through_the_converter(label, expected):
    sent = _convert(
        [
            _row("Officials", "nsubj", 1, "NOUN", "NNS"),
            _row("gave", "ROOT", 1, "VERB", "VBD"),
            _row("X", label, 1, "PROPN", "NNP"),
            _row("aid", "dobj", 1),
        ]
    )
    assert sent.tokens[2].deprel == expected
    assert sent.tokens[1].head == ROOT
