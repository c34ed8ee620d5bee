"""Predicate frames: who does what to whom in one clause, read off a UD v2 parse.

A frame is built for every verb, predicative adjective ("North Korea is *open* to
talks") and event noun ("the *visit*", "new *sanctions*") and records:

* the arguments: subjects, objects (in sentence order), obliques with their
  preposition, and the obliques hanging on the objects (parsers attach "on X" in
  "impose sanctions on X" to either word);
* where the arguments came from when the clause does not state them: passive agents
  become subjects, controlled infinitives and participle clauses take the subject of
  the clause above, conjoined verbs share a subject, relative pronouns stand for their
  antecedent, an event noun after a light verb ("made a visit") takes the verb's
  subject;
* the frames it embeds (complements) and how: ``to`` (infinitive or "to" + event
  noun), ``ccomp``, ``xcomp``, ``obj`` (event noun object) or a preposition;
* flags: negated, modality, future, conditional, question, passive.

Conjoined arguments are kept apart (one :class:`Arg` each) so coding can emit one
event per source x target pair. Frames know nothing about codes; which lemmas are
event nouns and which words negate or mark modality comes from the codebook's lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eventcoder.codebook.model import Lexicon
from eventcoder.codebook.patterns import PREPOSITIONS
from eventcoder.parsed import ROOT, Sentence, Token

NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X"}
_SUBJ = ("nsubj", "csubj")
_PASS_SUBJ = ("nsubj:pass", "csubj:pass")
_PREP_WORDS = {p.replace("_", " ") for p in PREPOSITIONS} | {"to"}
_NONFINITE_TAGS = {"VBG", "VBN", "VB", "TO"}
_PARTICLES = {"down", "up", "out", "off", "back", "aside", "away", "in", "over", "on"}


@dataclass(slots=True)
class Arg:
    """One argument of a frame: a noun phrase identified by its head token."""

    head: int
    role: str  # "subj" | "obj" | "iobj" | "xobj" | "obl" | "mod"
    prep: str = ""  # lower-case preposition for obliques ("on", "according to")
    via: str = ""  # how it was found when not a plain dependent ("control", "relative", ...)
    owner_of: int | None = None  # for "mod"/"obl" on objects: the object it modifies
    quoted: bool = False  # written in quotation marks ("called him a 'dotard'")


@dataclass(slots=True)
class Frame:
    """A predicate with its arguments, embedded frames and flags."""

    id: int
    pred: int
    lemma: str
    particle: str
    pos: str  # "verb" | "noun" | "adj"
    subjects: list[Arg] = field(default_factory=list)
    objects: list[Arg] = field(default_factory=list)
    obliques: list[Arg] = field(default_factory=list)
    object_obliques: list[Arg] = field(default_factory=list)
    mods: list[Arg] = field(default_factory=list)
    complements: list[tuple[str, int]] = field(default_factory=list)
    parent: int | None = None
    relation: str = ""
    negated: bool = False
    modality: str | None = None
    future: bool = False
    conditional: bool = False  # inside an if/unless clause
    consequent: bool = False  # has an if/unless clause: "will strike if attacked"
    purpose: bool = False  # an infinitive of purpose: "sent troops to fight"
    question: bool = False
    passive: bool = False
    reporters: list[Arg] = field(default_factory=list)
    light_verb: int | None = None  # frame id of "make"/"hold" when this noun is its object
    descriptive: bool = False  # an object relative clause: background, not news
    modifiers: tuple[str, ...] = ()  # nouns: lemmas of the words right before the head

    @property
    def lemmas(self) -> tuple[str, ...]:
        """Keys to look patterns up by, most specific first.

        Verbs: with the particle ("pull_out"), then bare. Nouns: with the words before
        them ("suicide car bomb", "car bomb"), then bare ("bomb").
        """
        if self.particle:
            return (f"{self.lemma}_{self.particle}", self.lemma)
        if self.modifiers:
            mods = self.modifiers
            return (
                *(" ".join([*mods[-k:], self.lemma]) for k in range(len(mods), 0, -1)),
                self.lemma,
            )
        return (self.lemma,)


class FrameBuilder:
    """Builds frames for sentences, given the codebook's lexicon and event nouns."""

    def __init__(self, lexicon: Lexicon, event_nouns: frozenset[str]) -> None:
        self.lex = lexicon
        self.event_nouns = event_nouns

    # -- public ------------------------------------------------------------------

    def build(self, sent: Sentence) -> list[Frame]:
        """All frames of a sentence, ordered by predicate position."""
        frames: list[Frame] = []
        by_token: dict[int, Frame] = {}
        for tok in sent.tokens:
            pos = self._predicate_pos(sent, tok.i)
            if pos is None:
                continue
            frame = Frame(
                id=len(frames),
                pred=tok.i,
                lemma=tok.lemma,
                particle=self._particle(sent, tok.i),
                pos=pos,
                modifiers=_left_modifiers(sent, tok.i) if pos == "noun" else (),
            )
            frames.append(frame)
            by_token[tok.i] = frame
        for frame in frames:
            self._local_arguments(sent, frame, by_token)
        for frame in frames:
            self._link_parent(sent, frame, by_token)
        question = _is_question(sent)
        for frame in self._top_down(frames):
            self._inherit(sent, frame, frames)
            frame.question = question
        return frames

    # -- predicates --------------------------------------------------------------

    def _predicate_pos(self, sent: Sentence, i: int) -> str | None:
        tok = sent.tokens[i]
        if tok.deprel in ("aux", "aux:pass", "cop", "fixed", "case", "mark"):
            return None
        if tok.upos == "VERB":
            if tok.deprel == "acl" and tok.xpos in ("VBN", "VBG") and not _has_agent(sent, i):
                # "women fighting for their rights", "the sanctions imposed in 2017": a
                # reduced relative describes the noun; it is not the news. With a "by"
                # agent ("talks hosted by Qatar") it names who did something: coded.
                return None
            return "verb"
        if tok.upos == "ADJ":
            if tok.deprel in ("amod", "compound"):
                return None
            kids = sent.children(i)
            if any(sent.tokens[c].deprel in ("obj", "iobj") for c in kids):
                return "verb"  # an adjective with an object is a mis-tagged verb
            if any(sent.tokens[c].deprel in ("cop", "nsubj", "nsubj:pass") for c in kids):
                return "adj"
            if tok.deprel in ("xcomp", "ccomp", "root", "advcl", "conj"):
                return "adj"
            return None
        if tok.upos in ("NOUN", "PROPN") and tok.lemma in self.event_nouns:
            if tok.deprel in ("obl", "nmod") and _case(sent, i) in self.lex.background_preps:
                return None  # "after its summit", "on the sidelines of the G20 meeting"
            return "noun"
        return None

    def _particle(self, sent: Sentence, i: int) -> str:
        """The verb's particle ("pull *out*"), also when tagged as an adverb right after
        the verb ("stepped *down*": the small model often says advmod)."""
        toks = sent.tokens
        for c in sent.children(i):
            if toks[c].deprel == "compound:prt":
                return toks[c].lemma
        for c in sent.children(i):
            if toks[c].deprel == "advmod" and c == i + 1 and toks[c].lemma in _PARTICLES:
                return toks[c].lemma
        return ""

    # -- local arguments ---------------------------------------------------------

    def _local_arguments(self, sent: Sentence, f: Frame, by_token: dict[int, Frame]) -> None:
        toks = sent.tokens
        lex = self.lex
        objects: list[Arg] = []
        for c in sent.children(f.pred):
            tok = toks[c]
            rel = tok.deprel
            if rel in _SUBJ:
                if f.pos != "noun":  # "It was the first test": a copula, not an agent
                    f.subjects.append(Arg(c, "subj"))
                if _negated_subject(sent, c, lex.negators):
                    f.negated = True  # "Neither Washington nor Beijing has proposed talks"
            elif rel in _PASS_SUBJ:
                objects.append(Arg(c, "obj", via="passive"))
                f.passive = True
                # "no one was hurt"
                f.negated = f.negated or _negated_subject(sent, c, lex.negators)
            elif rel == "obl:agent":
                f.subjects.append(Arg(c, "subj", prep="by", via="agent"))
            elif rel in ("obj", "iobj"):
                objects.append(Arg(c, rel))
                if f.pos == "verb" and _negated_subject(sent, c, lex.negators):
                    f.negated = True  # "killed no civilians"
            elif rel == "xcomp" and (
                tok.upos in NOMINAL
                or (
                    tok.upos == "ADJ"
                    and any(toks[k].deprel == "obj" for k in sent.children(f.pred))
                )
            ):
                # "declared X a state sponsor", "called the decision 'hostile'"
                objects.append(Arg(c, "xobj"))
            elif rel == "ccomp" and (raised := _raised_subject(sent, c)) is not None:
                # "allowed inspectors to visit", "urged Iran to talk" parsed with the
                # infinitive's subject inside it: that subject is the verb's object.
                objects.append(Arg(raised, "obj", via="raising"))
            elif (
                rel in ("ccomp", "xcomp") and (small := _small_clause_subject(sent, c)) is not None
            ):
                # "found him guilty", "declared X persona non grata": a small clause's
                # subject is the verb's object, its predicate the second object.
                objects.append(Arg(small, "obj", via="small-clause"))
                objects.append(Arg(c, "xobj", via="small-clause"))
            elif rel in ("obl", "nmod"):
                prep = _case(sent, c)
                if f.pos == "noun" and prep == "by":
                    f.subjects.append(Arg(c, "subj", prep="by", via="agent"))
                elif prep:
                    arg = Arg(c, "obl", prep=prep)
                    (f.reporters if prep == "according to" else f.obliques).append(arg)
            elif rel == "nmod:poss" and f.pos == "noun":
                f.subjects.append(Arg(c, "subj", via="possessor"))
            elif rel in ("compound", "amod") and f.pos == "noun":
                f.mods.append(Arg(c, "mod", via=rel))
            elif _negates(f, tok, rel, lex.negators):
                f.negated = True
            elif rel == "det" and f.pos == "noun" and tok.lemma in lex.hypothetical_determiners:
                f.modality = tok.lemma  # "any attack on Iran would ...": no attack happened
            elif rel in ("aux", "aux:pass"):
                self._auxiliary(f, tok.lemma)
                f.passive = f.passive or rel == "aux:pass"
            elif rel == "mark" and tok.lemma in lex.conditional_marks:
                f.conditional = True
            elif rel == "mark" and tok.lemma in lex.negative_marks:
                f.negated = True  # "took control without firing a shot"
            elif rel == "mark" and tok.lemma == "to" and toks[f.pred].deprel == "advcl":
                f.purpose = True  # "sent troops to fight the rebels": intended, not done
            elif rel == "advcl" and any(
                toks[m].deprel == "mark" and toks[m].lemma in lex.conditional_marks
                for m in sent.children(c)
            ):
                f.consequent = True  # the main clause of an if-clause
        if f.pos == "verb" and toks[f.pred].lemma in lex.inverted_speech:
            _invert_speaker(sent, f, objects)
        # Passive subject goes first among objects: it is the logical direct object.
        objects.sort(key=lambda a: (a.via != "passive", a.head))
        f.objects = _split_quoted_epithet(sent, objects)
        f.subjects = _through_quantities(sent, f.subjects, lex.quantifiers)
        f.objects = _through_quantities(sent, f.objects, lex.quantifiers)
        for obj in f.objects:
            obj.quoted = _is_quoted(sent, obj.head)
        # Phrases on the objects and on the obliques: "impose sanctions *on X*", "called
        # for the resignation *of X*", "bowed to pressure *from China*".
        for owner in [*f.objects, *f.obliques]:
            for c in sent.children(owner.head):
                if toks[c].deprel == "nmod":
                    prep = _case(sent, c)
                    if prep:
                        f.object_obliques.append(Arg(c, "obl", prep=prep, owner_of=owner.head))
        f.subjects = _with_conjuncts(sent, f.subjects)
        f.objects = _with_conjuncts(sent, f.objects)
        f.obliques = _with_conjuncts(sent, f.obliques)
        f.object_obliques = _with_conjuncts(sent, f.object_obliques)
        f.reporters = _with_conjuncts(sent, f.reporters)
        self._complements(sent, f, by_token)

    def _auxiliary(self, f: Frame, lemma: str) -> None:
        lex = self.lex
        if lemma in lex.future_modals:
            f.future = True
        elif lemma in lex.backshift_modals or lemma in lex.hypothetical_modals:
            f.modality = lemma

    def _complements(self, sent: Sentence, f: Frame, by_token: dict[int, Frame]) -> None:
        toks = sent.tokens
        for c in sent.children(f.pred):
            if c not in by_token:
                continue
            rel = toks[c].deprel
            marks = [toks[m].lemma for m in sent.children(c) if toks[m].deprel == "mark"]
            if rel == "xcomp":
                f.complements.append(("to" if "to" in marks else "xcomp", c))
            elif rel == "ccomp":
                f.complements.append(("to" if "to" in marks else "ccomp", c))
            elif rel in ("advcl", "acl") and marks and marks[0] in _PREP_WORDS:
                f.complements.append((marks[0], c))
            elif rel in ("obl", "nmod") and by_token[c].pos == "noun":
                prep = _case(sent, c)
                if prep:
                    f.complements.append((prep, c))
            elif rel in ("obj", "nsubj:pass") and by_token[c].pos == "noun":
                f.complements.append(("obj", c))
        # An event noun object may also carry the "to"/"with" phrase we want.
        for obj in f.objects:
            noun = by_token.get(obj.head)
            if (
                noun is not None
                and noun.pos == "noun"
                and ("obj", obj.head) not in f.complements
                and toks[obj.head].deprel in ("obj", "xcomp")
            ):
                f.complements.append(("obj", obj.head))

    # -- clause links and inheritance -------------------------------------------

    def _link_parent(self, sent: Sentence, f: Frame, by_token: dict[int, Frame]) -> None:
        """The nearest governing predicate, and the relation to it."""
        tok = sent.tokens[f.pred]
        f.relation = tok.deprel
        h = tok.head
        while h != ROOT:
            if h in by_token:
                f.parent = by_token[h].id
                return
            h = sent.tokens[h].head

    def _top_down(self, frames: list[Frame]) -> list[Frame]:
        """Frames ordered so that every parent comes before its children."""
        order: list[Frame] = []
        seen: set[int] = set()

        def visit(fr: Frame, depth: int = 0) -> None:
            if fr.id in seen or depth > len(frames):
                return
            if fr.parent is not None and fr.parent not in seen:
                visit(frames[fr.parent], depth + 1)
            if fr.id not in seen:
                seen.add(fr.id)
                order.append(fr)

        for fr in frames:
            visit(fr)
        return order

    def _inherit(self, sent: Sentence, f: Frame, frames: list[Frame]) -> None:
        toks = sent.tokens
        parent = frames[f.parent] if f.parent is not None else None
        rel = toks[f.pred].deprel
        head = toks[f.pred].head
        # Relative clauses: the relative pronoun stands for the antecedent.
        if rel == "acl:relcl" and head != ROOT:
            ante = _with_conjuncts(sent, [Arg(head, "subj", via="relative")])
            if any(toks[a.head].lemma in self.lex.relative_pronouns for a in f.subjects):
                f.subjects = [
                    a for a in f.subjects if toks[a.head].lemma not in self.lex.relative_pronouns
                ]
                f.subjects += ante
            elif any(toks[a.head].lemma in self.lex.relative_pronouns for a in f.objects):
                # "the deal that Iran signed": the clause describes the deal.
                f.descriptive = True
        if rel == "acl" and head != ROOT and not any(a.via == "passive" for a in f.objects):
            # "a deal brokered by China": the noun is what was brokered.
            f.objects.insert(0, Arg(head, "obj", via="participle"))
            f.passive = True
        if rel == "conj" and f.passive and parent is not None and not f.objects:
            # "X arrived ... and was greeted by Y": the shared subject is the object.
            f.objects = [Arg(a.head, "obj", via="conj") for a in parent.subjects]
        if f.pos == "noun":
            self._noun_inherit(sent, f, parent)
        elif parent is not None and not f.subjects and not f.passive:
            f.subjects = self._controlled_subjects(sent, f, parent, rel)
        if parent is None:
            return
        # Flags flow into embedded infinitives and light-verb nouns.
        if f.relation in ("xcomp",) or f.light_verb is not None:
            f.negated = f.negated or (parent.negated and f.light_verb is not None)
            f.modality = f.modality or parent.modality
            f.future = f.future or parent.future
            f.conditional = f.conditional or parent.conditional
        elif f.relation in ("ccomp", "advcl", "conj", "obl", "nmod"):
            # A conjunct shares its parent's "if" ("if Israel ended the war and withdrew").
            f.conditional = f.conditional or parent.conditional
        if f.relation == "conj":
            f.consequent = f.consequent or parent.consequent
        own_aux = any(toks[c].deprel in ("aux", "aux:pass") for c in sent.children(f.pred))
        if f.relation == "conj" and not f.modality and not f.future and not own_aux:
            # "will meet X and sign a deal": the auxiliary is shared.
            f.modality = parent.modality
            f.future = parent.future

    def _controlled_subjects(self, sent: Sentence, f: Frame, parent: Frame, rel: str) -> list[Arg]:
        toks = sent.tokens
        if rel == "xcomp":
            if parent.lemma in self.lex.object_control and parent.objects:
                return [
                    Arg(a.head, "subj", via="control") for a in parent.objects if a.role == "obj"
                ]
            return [Arg(a.head, "subj", via="control") for a in parent.subjects]
        if rel == "conj" and parent.pos == f.pos:
            return [Arg(a.head, "subj", via="conj") for a in parent.subjects]
        nonfinite = toks[f.pred].xpos in _NONFINITE_TAGS or toks[f.pred].has_feat("VerbForm", "Ger")
        if rel in ("advcl", "ccomp") and nonfinite:
            return [Arg(a.head, "subj", via="participle") for a in parent.subjects]
        return []

    def _noun_inherit(self, sent: Sentence, f: Frame, parent: Frame | None) -> None:
        toks = sent.tokens
        if parent is None:
            return
        rel = toks[f.pred].deprel
        if rel in ("obj", "nsubj:pass", "xcomp") and parent.lemma in self.lex.light_verbs:
            f.light_verb = parent.id
            if not f.subjects:
                f.subjects = [Arg(a.head, "subj", via="light-verb") for a in parent.subjects]
            taken = {(a.head, a.prep) for a in f.obliques}
            f.obliques += [a for a in parent.obliques if (a.head, a.prep) not in taken]
            f.negated = f.negated or parent.negated
            f.modality = f.modality or parent.modality
            f.future = f.future or parent.future


def _through_quantities(sent: Sentence, args: list[Arg], quantifiers: frozenset[str]) -> list[Arg]:
    """ "dozens of militants", "hundreds of protesters": the argument is what is counted."""
    if not quantifiers:
        return args
    toks = sent.tokens
    out = []
    for a in args:
        head = a.head
        amount = toks[head].upos == "NUM"  # "$175 billion in assistance"
        if toks[head].lemma in quantifiers or amount:
            preps = ("of", "in") if amount else ("of",)
            inner = [
                c for c in sent.children(head)
                if toks[c].deprel == "nmod" and _case(sent, c) in preps
            ]  # fmt: skip
            if inner:
                a = Arg(inner[0], a.role, a.prep, a.via or "quantity", a.owner_of, a.quoted)
        out.append(a)
    return out


def _invert_speaker(sent: Sentence, f: Frame, objects: list[Arg]) -> None:
    """'..., says Russia': the object after a speech verb is its speaker.

    Headlines and quote attributions put the speaker after the verb; parsers then read
    the quoted content's head as the subject and the speaker as the object. A comma
    between that subject and the verb, with an object after the verb, is the signature.
    """
    after = [a for a in objects if a.head > f.pred and not a.via]
    if len(f.subjects) != 1 or len(after) != 1 or f.subjects[0].head > f.pred:
        return
    comma = any(
        sent.tokens[c].text == "," and f.subjects[0].head < c < f.pred
        for c in sent.children(f.pred)
    )
    if comma:
        f.subjects = [Arg(after[0].head, "subj", via="inversion")]
        objects.remove(after[0])


def _has_agent(sent: Sentence, i: int) -> bool:
    return any(sent.tokens[c].deprel == "obl:agent" for c in sent.children(i))


def _raised_subject(sent: Sentence, i: int) -> int | None:
    """The subject of an infinitive clause "X to V" hanging on a verb as ccomp."""
    toks = sent.tokens
    if toks[i].upos != "VERB":
        return None
    kids = sent.children(i)
    if not any(toks[c].deprel == "mark" and toks[c].lemma == "to" for c in kids):
        return None
    subjects = [c for c in kids if toks[c].deprel in ("nsubj", "nsubj:pass") and c < i]
    return subjects[0] if subjects else None


def _small_clause_subject(sent: Sentence, i: int) -> int | None:
    """The subject of a verbless small clause ("him guilty"), if ``i`` heads one."""
    toks = sent.tokens
    if toks[i].upos not in ("ADJ", "NOUN", "PROPN"):
        return None
    kids = sent.children(i)
    if any(toks[c].deprel in ("cop", "mark", "aux") for c in kids):
        return None
    subjects = [c for c in kids if toks[c].deprel == "nsubj" and c < i]
    return subjects[0] if subjects else None


def _left_modifiers(sent: Sentence, i: int, limit: int = 3) -> tuple[str, ...]:
    """Lemmas of the compound/adjective words directly before a noun ("car bomb")."""
    toks = sent.tokens
    out: list[str] = []
    j = i - 1
    while j >= 0 and len(out) < limit:
        if toks[j].head == i and toks[j].deprel in ("compound", "amod"):
            out.insert(0, toks[j].lemma)
        elif toks[j].text != "-":
            break
        j -= 1
    return tuple(out)


def _negated_subject(sent: Sentence, head: int, negators: frozenset[str]) -> bool:
    """ "Neither Washington nor Beijing ...", "No country ...", "killed no one": not done."""
    return any(
        sent.tokens[k].deprel in ("preconj", "cc:preconj", "det")
        and sent.tokens[k].lemma in negators
        for k in sent.children(head)
    )


def _negates(f: Frame, tok: Token, rel: str, negators: frozenset[str]) -> bool:
    """ "not"/"never"/"n't" on a predicate, or "no" on an event noun ("no talks")."""
    if rel == "advmod":
        return tok.lemma in negators or tok.has_feat("Polarity", "Neg")
    return rel == "det" and f.pos == "noun" and tok.lemma in negators


_QUOTES = {'"', "“", "”", "‘", "’", "'", "«", "»"}


def _is_quoted(sent: Sentence, head: int) -> bool:
    """The phrase headed by ``head`` sits between quotation marks."""
    toks = sent.tokens
    left = head
    while left > 0 and toks[left - 1].head == head and toks[left - 1].text not in _QUOTES:
        left -= 1
    right = head
    while (
        right + 1 < len(toks)
        and toks[right + 1].head == head
        and toks[right + 1].text not in _QUOTES
    ):
        right += 1
    return (
        left > 0
        and toks[left - 1].text in _QUOTES
        and right + 1 < len(toks)
        and toks[right + 1].text in _QUOTES
    )


def _split_quoted_epithet(sent: Sentence, objects: list[Arg]) -> list[Arg]:
    """ "called Mr Kim 'Rocket Man'": one object phrase, parsed as one, is two.

    When a single object's phrase holds a name followed by a quoted phrase, the name
    becomes the object and the quoted head a second object, as in "called him a 'dotard'".
    """
    if len(objects) != 1 or objects[0].role not in ("obj", "xobj"):
        return objects
    obj = objects[0]
    toks = sent.tokens
    kids = sent.children(obj.head)
    # "called the decision 'extremely hostile'": a quoted modifier after the head.
    after = [
        c for c in kids
        if c > obj.head and toks[c].upos in ("ADJ", "NOUN", "PROPN") and _is_quoted(sent, c)
    ]  # fmt: skip
    if after:
        return [Arg(obj.head, "obj", via="epithet"), Arg(after[0], "xobj", via="epithet")]
    opening = [c for c in kids if toks[c].text in _QUOTES and c < obj.head]
    if not opening:
        return objects
    names = [
        c
        for c in kids
        if c < opening[0]
        and toks[c].upos in ("PROPN", "PRON")
        and toks[c].deprel in ("compound", "nmod", "flat", "appos")
    ]
    if not names:
        return objects
    return [Arg(names[-1], "obj", via="epithet"), Arg(obj.head, "xobj", via="epithet")]


def _case(sent: Sentence, i: int) -> str:
    """The preposition of an oblique/nmod (multiword ones joined: "according to")."""
    toks = sent.tokens
    for c in sent.children(i):
        if toks[c].deprel == "case" and toks[c].upos != "PART":
            # Word forms, not lemmas: "according" must not become "accord".
            words = [toks[c].lower] + [
                toks[x].lower for x in sent.children(c) if toks[x].deprel == "fixed"
            ]
            return " ".join(words)
    return ""


def _with_conjuncts(sent: Sentence, args: list[Arg]) -> list[Arg]:
    """Expand each argument with the nouns conjoined to it ("Russia and China")."""
    out: list[Arg] = []
    seen: set[int] = set()
    toks = sent.tokens
    for arg in args:
        stack = [arg.head]
        while stack:
            h = stack.pop(0)
            if h in seen:
                continue
            seen.add(h)
            out.append(arg if h == arg.head else Arg(h, arg.role, arg.prep, "conj", arg.owner_of))
            for c in sent.children(h):
                if toks[c].deprel == "conj" and toks[c].upos in NOMINAL:
                    stack.append(c)
    return out


def _is_question(sent: Sentence) -> bool:
    for tok in reversed(sent.tokens):
        if tok.upos == "PUNCT" and tok.text in ('"', "”", "’", "'", ")"):
            continue
        return tok.text == "?"
    return False
