"""Convert spaCy's ClearNLP-style English dependencies to Universal Dependencies v2.

spaCy's English pipelines label dependencies in the ClearNLP scheme (``dobj``,
``nsubjpass``, ``prep`` + ``pobj``, ``agent``, ``neg``, ``acomp``...). stanza and every
CoNLL-U file speak UD v2 (``obj``, ``nsubj:pass``, ``obl`` + ``case``, ``obl:agent``,
copula as a dependent). The conversion happens here, once, so every rule downstream is
written against one scheme.

Besides renaming labels, three constructions are restructured because UD puts the
heads elsewhere:

* prepositional phrases: ClearNLP hangs the noun under the preposition (``prep`` ->
  ``pobj``); UD hangs the noun under the verb/noun (``obl``/``nmod``) with the
  preposition as its ``case`` dependent (clausal objects of prepositions become
  ``advcl``/``acl`` with the preposition as ``mark``);
* copulas: ClearNLP makes *be* the head (``is`` -> ``acomp`` *open*); UD makes the
  predicate the head with *be* as ``cop``;
* coordination: ClearNLP hangs ``cc`` on the first conjunct, UD on the next one.

The module only depends on the raw tuple shape below, not on spaCy objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from eventcoder.parsed import ROOT, Sentence, Token

# One-to-one renames. Labels that need restructuring are handled in code below and
# are listed in RESTRUCTURED so the test suite can check every ClearNLP label has a
# defined outcome.
LABEL_MAP: dict[str, str] = {
    "ROOT": "root",
    "nsubj": "nsubj",
    "nsubjpass": "nsubj:pass",
    "csubj": "csubj",
    "csubjpass": "csubj:pass",
    "dobj": "obj",
    "iobj": "iobj",
    "oprd": "xcomp",
    "ccomp": "ccomp",
    "xcomp": "xcomp",
    "advcl": "advcl",
    "relcl": "acl:relcl",
    "acl": "acl",
    "amod": "amod",
    "advmod": "advmod",
    "npadvmod": "obl:npmod",
    "nummod": "nummod",
    "quantmod": "advmod",
    "poss": "nmod:poss",
    "case": "case",
    "appos": "appos",
    "compound": "compound",
    "det": "det",
    "predet": "det:predet",
    "preconj": "cc:preconj",
    "cc": "cc",
    "conj": "conj",
    "punct": "punct",
    "mark": "mark",
    "aux": "aux",
    "auxpass": "aux:pass",
    "expl": "expl",
    "parataxis": "parataxis",
    "intj": "discourse",
    "meta": "discourse",
    "dep": "dep",
    "prt": "compound:prt",
    "neg": "advmod",
    # ClearNLP's nmod is a bare nominal modifier ("US Secretary of State"): UD's compound.
    "nounmod": "compound",
    "nmod": "compound",
}

RESTRUCTURED = {
    "prep",  # -> case on its object, which becomes obl / nmod
    "pobj",  # -> obl / nmod (or obl:agent)
    "pcomp",  # -> advcl / acl, preposition becomes mark
    "agent",  # -> case on its object, which becomes obl:agent
    "dative",  # -> iobj, or obl when it is the preposition "to"/"for"
    "acomp",  # -> copula inversion under "be", else xcomp
    "attr",  # -> copula inversion under "be", else xcomp
}

_VERBAL = {"VERB", "AUX", "ADJ", "ADV"}


@dataclass(slots=True)
class RawToken:
    """A token as a ClearNLP-labelled parser produced it (sentence-relative head)."""

    text: str
    lemma: str
    upos: str
    xpos: str
    dep: str
    head: int
    start: int
    end: int
    feats: str = ""
    ent: str = ""


def to_ud(raw: list[RawToken], index: int, doc_text: str) -> Sentence:
    """Build a UD v2 :class:`Sentence` from one sentence of ClearNLP-labelled tokens."""
    raw = _drop_space_tokens(raw)
    n = len(raw)
    heads = [ROOT if t.head == i or t.dep == "ROOT" else t.head for i, t in enumerate(raw)]
    deps = [t.dep for t in raw]
    feats = [t.feats for t in raw]

    kids: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(heads):
        if h != ROOT:
            kids[h].append(i)

    def children(i: int) -> list[int]:
        return [c for c in range(n) if heads[c] == i]

    # Each step below looks only at the tokens it can change; a sentence without the
    # label a step needs skips it (a corpus run converts every sentence it parses).
    # 1. Secondary predicates: "called Trump a dotard" is parsed as two oprd.
    for i in sorted({heads[c] for c in range(n) if deps[c] == "oprd" and heads[c] != ROOT}):
        oprds = [c for c in kids[i] if deps[c] == "oprd"]
        if len(oprds) >= 2 and not any(deps[c] == "dobj" for c in kids[i]):
            deps[oprds[0]] = "dobj"

    # 1b. Headline small clauses: "North Korea open to talks, says Russia" is parsed
    # with two subjects on "says"; the first is the subject of the adjective "open".
    for v in range(n) if deps.count("nsubj") >= 2 else ():
        subs = [c for c in kids[v] if deps[c] == "nsubj"]
        if len(subs) < 2 or not (subs[0] < v < subs[-1]):
            continue
        first = subs[0]
        preds = [c for c in kids[first] if deps[c] == "amod" and raw[c].upos == "ADJ" and c > first]
        if preds and any(deps[k] == "prep" for k in kids[preds[0]]):
            a = preds[0]
            heads[a], deps[a] = v, "ccomp"
            heads[first] = a
            kids[first].remove(a)
            kids[v].remove(first)
            kids[v].append(a)
            kids[a].append(first)

    # 2. Prepositions and the agent "by".
    for p in range(n):
        if deps[p] not in ("prep", "agent") and not (deps[p] == "dative" and raw[p].upos == "ADP"):
            continue
        _restructure_preposition(p, raw, heads, deps, children)

    # 3. Copulas.
    for b in range(n):
        if raw[b].lemma != "be" or deps[b] in ("aux", "auxpass"):
            continue
        kids_b = children(b)
        if any(deps[c] == "expl" for c in kids_b):
            for c in kids_b:
                if deps[c] == "attr":
                    deps[c] = "ud:nsubj"
            continue
        preds = [c for c in kids_b if deps[c] in ("acomp", "attr")]
        if not preds:
            continue
        x = preds[0]
        heads[x], deps[x] = heads[b], deps[b]
        for c in kids_b:
            if c != x:
                heads[c] = x
        heads[b], deps[b] = x, "ud:cop"

    # 4. Coordination: cc attaches to the following conjunct.
    for c in range(n) if "cc" in deps else ():
        if deps[c] != "cc" or heads[c] == ROOT:
            continue
        later = [k for k in children(heads[c]) if deps[k] == "conj" and k > c]
        if later:
            heads[c] = min(later)

    # 5. Rename what is left.
    out: list[Token] = []
    for i, t in enumerate(raw):
        dep = deps[i]
        f = feats[i]
        if dep == "neg":
            f = _add_feat(f, "Polarity=Neg")
        if dep == "aux" and t.xpos == "TO":
            dep = "ud:mark"  # infinitival "to" is a marker in UD, not an auxiliary
        label = _rename(dep)
        out.append(
            Token(
                i=i,
                text=t.text,
                lemma=t.lemma,
                upos=t.upos,
                deprel=label,
                head=heads[i],
                start=t.start,
                end=t.end,
                xpos=t.xpos,
                feats=f,
                ent=t.ent,
            )
        )
    start = out[0].start if out else 0
    end = out[-1].end if out else 0
    return Sentence(index=index, text=doc_text[start:end], start=start, end=end, tokens=out)


def _rename(dep: str) -> str:
    if dep.startswith("ud:"):
        return dep[3:]
    if dep in ("acomp", "attr"):
        return "xcomp"
    if dep == "dative":
        return "iobj"
    if dep in ("prep", "agent"):
        # A preposition with no object left (stranded, or a particle the parser
        # called a preposition): keep the attachment, label it as a particle.
        return "compound:prt"
    if dep in ("pobj", "pcomp"):
        return "obl"
    return LABEL_MAP.get(dep, "dep")


def _restructure_preposition(
    p: int,
    raw: list[RawToken],
    heads: list[int],
    deps: list[str],
    children: Callable[[int], list[int]],
) -> None:
    """Re-hang ``prep``/``agent`` + ``pobj``/``pcomp`` the UD way."""
    h = heads[p]
    kids = children(p)
    objs = [c for c in kids if deps[c] == "pobj"]
    comps = [c for c in kids if deps[c] == "pcomp"]
    # Multiword prepositions: "according to X", "because of X", "ahead of X".
    if not objs and not comps:
        inner = [c for c in kids if deps[c] == "prep"]
        if inner:
            q = inner[0]
            qobjs = [c for c in children(q) if deps[c] == "pobj"]
            if qobjs:
                n = qobjs[0]
                heads[n], deps[n] = h, _oblique_label(deps[p], h, raw)
                heads[p], deps[p] = n, "ud:case"
                heads[q], deps[q] = p, "ud:fixed"
                return
    if objs:
        n = objs[0]
        label = _oblique_label(deps[p], h, raw)
        heads[n], deps[n] = h, label
        heads[p], deps[p] = n, "ud:case"
        return
    if comps:
        c = comps[0]
        verbal = h == ROOT or raw[h].upos in _VERBAL
        heads[c], deps[c] = h, ("ud:advcl" if verbal else "ud:acl")
        heads[p], deps[p] = c, "ud:mark"


def _oblique_label(prep_dep: str, head: int, raw: list[RawToken]) -> str:
    if prep_dep == "agent":
        return "ud:obl:agent"
    if head == ROOT:
        return "ud:obl"
    return "ud:obl" if raw[head].upos in _VERBAL else "ud:nmod"


def _drop_space_tokens(raw: list[RawToken]) -> list[RawToken]:
    """Remove whitespace tokens, re-attaching their dependents and re-indexing heads."""
    keep = [i for i, t in enumerate(raw) if not t.text.isspace() and t.text != ""]
    if len(keep) == len(raw):
        return raw
    new_index = {old: new for new, old in enumerate(keep)}
    out: list[RawToken] = []
    for old in keep:
        t = raw[old]
        h = t.head
        seen = 0
        while h not in new_index and seen < len(raw):
            if raw[h].head == h:
                h = old
                break
            h = raw[h].head
            seen += 1
        nh = new_index.get(h, new_index[old])
        dep = t.dep if nh != new_index[old] else "ROOT"
        out.append(
            RawToken(t.text, t.lemma, t.upos, t.xpos, dep, nh, t.start, t.end, t.feats, t.ent)
        )
    # Exactly one root per sentence.
    roots = [i for i, t in enumerate(out) if t.dep == "ROOT" or t.head == i]
    for extra in roots[1:]:
        out[extra].head = roots[0]
        out[extra].dep = "dep"
    return out


def _add_feat(feats: str, feat: str) -> str:
    if not feats:
        return feat
    parts = feats.split("|")
    if feat in parts:
        return feats
    return "|".join(sorted([*parts, feat]))
