"""Backend-neutral parsed sentences in Universal Dependencies v2.

Every parser backend (spaCy, stanza, CoNLL-U input) ends here. Frames, actors and
coding only ever see these objects, so parser differences stop at the backend: a
rule is written once, against UD v2 labels, and works whatever produced the parse.

Plain slotted dataclasses rather than pydantic models: a corpus run builds tens of
millions of tokens and validation would cost more than the parse it describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROOT = -1
"""Head index of the sentence root."""


@dataclass(slots=True)
class Token:
    """One word of a parsed sentence.

    ``i`` and ``head`` index the sentence's token list (0-based; the root has
    ``head == ROOT``). ``start``/``end`` are character offsets into the *document*
    text, so ``doc_text[tok.start:tok.end] == tok.text`` always holds.
    """

    i: int
    text: str
    lemma: str
    upos: str
    deprel: str
    head: int
    start: int
    end: int
    xpos: str = ""
    feats: str = ""
    ent: str = ""

    @property
    def lower(self) -> str:
        return self.text.lower()

    def has_feat(self, name: str, value: str) -> bool:
        """True when the UD feature string carries ``name=value``."""
        return f"{name}={value}" in self.feats.split("|") if self.feats else False


@dataclass(slots=True)
class Sentence:
    """A parsed sentence: tokens in order plus lazily built child lists."""

    index: int
    text: str
    start: int
    end: int
    tokens: list[Token]
    _children: list[list[int]] | None = field(default=None, repr=False)

    def children(self, i: int) -> list[int]:
        """Indices of the dependents of token ``i``, in sentence order."""
        if self._children is None:
            kids: list[list[int]] = [[] for _ in self.tokens]
            for tok in self.tokens:
                if tok.head != ROOT:
                    kids[tok.head].append(tok.i)
            self._children = kids
        return self._children[i]

    def children_with(self, i: int, *deprels: str) -> list[int]:
        """Dependents of ``i`` whose label is one of ``deprels`` (exact match)."""
        toks = self.tokens
        return [c for c in self.children(i) if toks[c].deprel in deprels]

    def subtree(self, i: int) -> list[int]:
        """All token indices dominated by ``i`` (including ``i``), sorted."""
        out = [i]
        stack = [i]
        while stack:
            for c in self.children(stack.pop()):
                out.append(c)
                stack.append(c)
        out.sort()
        return out

    def root(self) -> int:
        for tok in self.tokens:
            if tok.head == ROOT:
                return tok.i
        return 0


@dataclass(slots=True)
class ParsedDoc:
    """A document's text with its parsed sentences."""

    text: str
    sentences: list[Sentence]
    doc_id: str | None = None
