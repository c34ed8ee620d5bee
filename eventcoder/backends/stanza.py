"""stanza parser backend: a local stanza pipeline, or stanza ``Document`` objects parsed elsewhere.

stanza speaks UD v2 already, so nothing is relabelled; this module only reads
stanza's words into :class:`~eventcoder.parsed.ParsedDoc` (0-based heads with the
root at :data:`~eventcoder.parsed.ROOT`, lemmas lower-cased like every backend,
character offsets into the document text, entity types from stanza's BIOES NER tags).

The pipeline (tokenize, pos, lemma, depparse, ner; stanza adds mwt where the language
needs it) is built with ``download_method=None``: eventcoder never downloads a model.
The model folder is, in order, ``Coder(stanza_dir=...)``, ``$EVENTCODER_STANZA_DIR``,
then stanza's own default (``$STANZA_RESOURCES_DIR``). Without models there, the
backend fails at once with a message saying how to fetch them on a connected machine.

Like the spaCy backend, every line break ends a sentence: each non-blank line of a
document is parsed as its own stanza document and the offsets shifted back.

stanza is an optional dependency: ``pip install "eventcoder[stanza]"``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.backends.conllu import read_conllu, tree_problem, ud_lemma
from eventcoder.errors import InputError, ModelNotFoundError
from eventcoder.parsed import ROOT, ParsedDoc, Sentence, Token

if TYPE_CHECKING:
    import datetime as dt

ENV_DIR = "EVENTCODER_STANZA_DIR"
PROCESSORS = "tokenize,pos,lemma,depparse,ner"
INSTALL_HINT = (
    'The stanza backend needs the stanza package: pip install "eventcoder[stanza]" '
    "(install a CPU build of torch first if you do not want the CUDA wheels)."
)


def _import_stanza() -> Any:
    try:
        import stanza
    except ImportError as exc:
        raise ModelNotFoundError(INSTALL_HINT) from exc
    return stanza


def resolve_stanza_dir(stanza_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the stanza models are: the argument, ``$EVENTCODER_STANZA_DIR``, stanza's default."""
    if stanza_dir:
        return Path(stanza_dir).expanduser()
    env = os.environ.get(ENV_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    env = os.environ.get("STANZA_RESOURCES_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    _import_stanza()
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return Path(DEFAULT_MODEL_DIR)


def missing_models_message(folder: Path, lang: str, detail: str = "") -> str:
    """What to do when there are no stanza models for ``lang`` in ``folder``."""
    return (
        f"No stanza models for {lang!r} in {folder}"
        + (f" ({detail})" if detail else "")
        + ". eventcoder never downloads models. On a machine with internet access run\n"
        + f'    python -c \'import stanza; stanza.download("{lang}", model_dir="{folder}")\'\n'
        + "copy that folder here, and point the coder at it with "
        + f'Coder(backend="stanza", stanza_dir="{folder}") or ${ENV_DIR}.'
    )


def check_models(folder: Path, lang: str = "en") -> None:
    """Fail fast (no stanza import, no model load) when ``folder`` cannot hold the models."""
    if not folder.is_dir():
        raise ModelNotFoundError(missing_models_message(folder, lang, "no such folder"))
    if not (folder / "resources.json").is_file():
        raise ModelNotFoundError(missing_models_message(folder, lang, "no resources.json"))
    if not (folder / lang).is_dir():
        raise ModelNotFoundError(missing_models_message(folder, lang, f"no {lang}/ folder"))


def load_pipeline(
    stanza_dir: str | os.PathLike[str] | None = None,
    *,
    lang: str = "en",
    ner: bool = True,
    use_gpu: bool = False,
    **kwargs: Any,
) -> Any:
    """A stanza ``Pipeline`` from local models only; :class:`ModelNotFoundError` if absent."""
    folder = resolve_stanza_dir(stanza_dir)
    check_models(folder, lang)
    stanza = _import_stanza()
    processors = PROCESSORS if ner else PROCESSORS.removesuffix(",ner")
    try:
        return stanza.Pipeline(
            lang,
            dir=str(folder),
            processors=processors,
            download_method=None,
            use_gpu=use_gpu,
            logging_level="WARN",
            **kwargs,
        )
    except (OSError, ValueError, KeyError) as exc:  # a model file missing or unreadable
        raise ModelNotFoundError(missing_models_message(folder, lang, str(exc))) from exc


class StanzaBackend:
    """Parse texts with a local stanza pipeline and hand back UD v2 parsed documents."""

    name = "stanza"

    def __init__(
        self,
        stanza_dir: str | os.PathLike[str] | None = None,
        *,
        lang: str = "en",
        ner: bool = True,
        pipeline: Any = None,
        use_gpu: bool = False,
    ) -> None:
        self.nlp = (
            pipeline
            if pipeline is not None
            else load_pipeline(stanza_dir, lang=lang, ner=ner, use_gpu=use_gpu)
        )

    def parse(self, text: str, doc_id: str | None = None) -> ParsedDoc:
        parsed = next(self.parse_many([text], batch_size=1))
        parsed.doc_id = doc_id
        return parsed

    def parse_many(
        self,
        texts: Iterable[str],
        batch_size: int = 64,
        n_process: int = 1,
        *,
        ahead: bool = True,
    ) -> Iterator[ParsedDoc]:
        """Parse in batches of ``batch_size`` documents (all their lines in one call).

        ``ahead`` is accepted for the backends' common signature; stanza parses in the
        caller's thread.
        """
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._parse_batch(batch)
                batch = []
        if batch:
            yield from self._parse_batch(batch)

    def _parse_batch(self, texts: list[str]) -> Iterator[ParsedDoc]:
        lines = [_lines(t) for t in texts]
        flat = [segment for doc in lines for _, segment in doc]
        done = iter(self.nlp.bulk_process(flat) if flat else [])
        for text, segments in zip(texts, lines, strict=True):
            sentences: list[Sentence] = []
            for offset, _ in segments:
                _add_sentences(next(done), text, offset, sentences)
            yield ParsedDoc(text=text, sentences=sentences)


def _lines(text: str) -> list[tuple[int, str]]:
    """The non-blank lines of ``text`` with their offsets."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def doc_to_parsed(doc: Any, doc_id: str | None = None) -> ParsedDoc:
    """A parsed stanza ``Document`` as a backend-neutral :class:`ParsedDoc`.

    The document needs a dependency parse (the depparse processor, or CoNLL-U with
    heads). Documents that carry no text or character offsets (read with stanza's
    ``CoNLL.conll2doc`` without ``reconstruct_text=True``) are laid out again from
    their ``# text`` comments and ``SpaceAfter`` annotations, as CoNLL-U input is.
    """
    doc_id = doc_id if doc_id is not None else document_meta(doc)[0]
    for k, sent in enumerate(doc.sentences, 1):
        if any(w.head is None or not w.deprel for w in sent.words):
            raise InputError(
                f"stanza sentence {k} has no dependency parse (run the depparse processor)"
            )
    if doc.text is None or any(t.start_char is None for s in doc.sentences for t in s.tokens):
        return _via_conllu(doc, doc_id)
    sentences: list[Sentence] = []
    _add_sentences(doc, doc.text, 0, sentences)
    return ParsedDoc(text=doc.text, sentences=sentences, doc_id=doc_id)


def document_meta(doc: Any) -> tuple[str | None, str | None]:
    """``(doc_id, date)`` from a stanza document's sentence ids and comments."""
    doc_id = date = None
    for sent in doc.sentences:
        if doc_id is None and getattr(sent, "doc_id", None):
            doc_id = str(sent.doc_id)
        for comment in getattr(sent, "comments", None) or []:
            key, sep, value = str(comment).lstrip("#").partition("=")
            key = " ".join(key.split())
            if not sep:
                continue
            if key in ("newdoc id", "doc_id") and doc_id is None:
                doc_id = value.strip()
            elif key == "date" and date is None:
                date = value.strip()
        if doc_id is not None and date is not None:
            break
    return doc_id, date


def document_date(doc: Any) -> dt.date | None:
    """The ``# date = YYYY-MM-DD`` comment of a stanza document, if it has one."""
    import datetime as dt

    raw = document_meta(doc)[1]
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise InputError(f"stanza document: # date {raw!r} is not YYYY-MM-DD") from exc


def _via_conllu(doc: Any, doc_id: str | None) -> ParsedDoc:
    """Lay out a document without offsets through the CoNLL-U reader (one document)."""
    lines = [
        line for line in f"{doc:C}".split("\n") if not line.startswith(("# newdoc", "# doc_id"))
    ]
    docs = read_conllu("\n".join(lines) + "\n\n", errors="raise", name="stanza document")
    parsed = docs[0].parsed if docs else ParsedDoc("", [])
    parsed.doc_id = doc_id
    return parsed


def _add_sentences(doc: Any, text: str, offset: int, out: list[Sentence]) -> None:
    """Append ``doc``'s sentences (offsets shifted by ``offset`` into ``text``) to ``out``."""
    for sent in doc.sentences:
        words = list(sent.words)
        if not words:
            continue
        heads: list[int] = []
        for w in words:
            if w.head is None or not w.deprel:
                raise InputError(
                    f"stanza sentence {len(out) + 1} has no dependency parse "
                    "(run the depparse processor)"
                )
            heads.append(w.head - 1 if w.head else ROOT)
        problem = tree_problem(heads)
        if problem is not None:
            raise InputError(f"stanza sentence {len(out) + 1}: {problem[1]}")
        tokens = []
        for i, w in enumerate(words):
            parent = w.parent
            start = w.start_char if w.start_char is not None else parent.start_char
            end = w.end_char if w.end_char is not None else parent.end_char
            upos = w.upos or ""
            tokens.append(
                Token(
                    i=i,
                    text=w.text,
                    lemma=ud_lemma(w.lemma or w.text, upos),
                    upos=upos,
                    deprel="root" if heads[i] == ROOT else w.deprel,
                    head=heads[i],
                    start=start + offset,
                    end=end + offset,
                    xpos=w.xpos or "",
                    feats=w.feats or "",
                    ent=_entity_type(getattr(parent, "ner", None)),
                )
            )
        start, end = tokens[0].start, tokens[-1].end
        out.append(Sentence(len(out), text[start:end], start, end, tokens))


def _entity_type(tag: str | None) -> str:
    """``B-GPE`` / ``S-ORG`` / ``O`` -> ``GPE`` / ``ORG`` / ``""``."""
    if not tag or tag == "O":
        return ""
    return tag[2:] if len(tag) > 2 and tag[1] == "-" else tag


__all__ = [
    "ENV_DIR",
    "StanzaBackend",
    "check_models",
    "doc_to_parsed",
    "document_date",
    "document_meta",
    "load_pipeline",
    "missing_models_message",
    "resolve_stanza_dir",
]
