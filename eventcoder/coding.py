"""Frames to event codes, through the codebook's patterns and wrappers.

For every frame the codebook's patterns for its lemma are tried, most specific first;
the first that matches gives the code (a discard pattern that wins blocks coding).
Then wrappers are applied from the inside out: in "North Korea is open to direct talks
with the US", *talks with $target* gives 04x, the intent wrapper *open to @event* turns
it into 036 and makes "North Korea" the source, and the report wrapper *say @event*
records Lavrov as ``reported_by``. A wrapper (or an event noun bound as an argument)
that took part in a larger event is not coded on its own.

Negation is settled here: a negated predicate keeps its code with status
``negated`` unless the negation is a refusal ("will not", "would not") or the pattern
names its own negated code, in which case it is recoded (the codebook's refusal
wrapper maps cooperation to rejection: *would not re-certify the deal* -> 12x). A
negated cooperative verb is therefore never emitted as that cooperation.

No code is known here: everything comes from the codebook.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eventcoder.codebook.model import Codebook, Loc, Pattern, Wrapper
from eventcoder.codebook.patterns import Constraint, ParsedPattern, PrepElement
from eventcoder.dates import is_temporal
from eventcoder.frames import Arg, Frame
from eventcoder.parsed import ROOT, Sentence

STATUSES = ("asserted", "negated", "hypothetical", "conditional", "question")


@dataclass(slots=True)
class Binding:
    """How a pattern matched a frame."""

    pattern: Pattern
    sources: list[Arg]
    targets: list[Arg]
    implicit_target: bool = False
    consumed: set[int] = field(default_factory=set)  # token heads of frames used as args
    event: int | None = None  # wrappers: the embedded frame's predicate token


@dataclass(slots=True)
class Attempt:
    """A pattern tried on a frame, for ``explain``."""

    frame: int
    pattern_id: str
    matched: bool
    reason: str = ""


@dataclass(slots=True)
class Draft:
    """An event before its actors are resolved."""

    frame: Frame
    code: str
    pattern: Pattern
    sources: list[Arg]
    targets: list[Arg]
    implicit_target: bool
    status: str
    negated: bool
    modality: str | None
    future: bool
    conditional: bool
    consequent: bool
    purpose: bool
    question: bool
    reported_by: list[Arg] = field(default_factory=list)
    wrappers: list[str] = field(default_factory=list)
    wrapper_frames: list[Frame] = field(default_factory=list)
    alt_targets: list[Arg] = field(default_factory=list)  # from merged elaborations
    refusal: bool = False  # a negation recoded as a rejection: the refusal is the act
    note: str = ""


@dataclass(slots=True)
class SentenceCoding:
    """Everything coding decided about one sentence (drafts plus the reasons)."""

    drafts: list[Draft]
    bindings: dict[int, Binding]
    wraps: dict[int, tuple[Wrapper, Binding, Frame]]
    attempts: list[Attempt]
    consumed: set[int]


class Matcher:
    """Matches frames against a codebook's patterns."""

    def __init__(self, codebook: Codebook) -> None:
        self.cb = codebook
        self._split: dict[Constraint, tuple[frozenset[str], tuple[tuple[str, ...], ...]]] = {}
        self._intent = _unspecified_intent_pattern(codebook)
        # The head words of agent phrases ("troops", "rebels"): nouns that name actors.
        self._agent_words = frozenset(
            phrase.split()[-1].lower() for words in codebook.agents.values() for phrase in words
        )

    # -- sentence ----------------------------------------------------------------

    def code_sentence(
        self, sent: Sentence, frames: list[Frame], trace: bool = False
    ) -> SentenceCoding:
        by_token = {f.pred: f for f in frames}
        attempts: list[Attempt] = []
        bindings: dict[int, Binding] = {}
        consumed: set[int] = set()
        for f in frames:
            b = self._first_match(sent, f, by_token, attempts if trace else None)
            if b is not None:
                bindings[f.pred] = b
        wraps: dict[int, tuple[Wrapper, Binding, Frame]] = {}
        for f in frames:
            for wrapper, pat in self._wrappers_for(f):
                b = self._match(sent, f, pat, by_token)
                if trace:
                    attempts.append(Attempt(f.id, pat.id, b is not None and b.event is not None))
                if b is not None and b.event is not None and b.event not in wraps:
                    # "urged them to silence their guns and return to talks": the
                    # wrapper covers every conjoined event it embeds.
                    for head in _with_conjoined(b.event, frames):
                        wraps.setdefault(head, (wrapper, b, f))
                    break
        for pred, b in bindings.items():
            if b.pattern.code is not None:
                consumed |= b.consumed
                if b.pattern.subject is not None:
                    consumed |= _subject_events(by_token[pred], bindings)
        drafts: list[Draft] = []
        for f in frames:
            b = bindings.get(f.pred)
            if b is None or b.pattern.code is None or f.pred in consumed or f.descriptive:
                continue
            draft = self._draft(f, b, wraps, by_token, consumed)
            drafts.append(draft)
        drafts += self._unspecified_intents(sent, frames, bindings, wraps, by_token, consumed)
        consumed |= self._third_party_reports(sent, drafts, wraps, by_token)
        drafts = [d for d in drafts if d.frame.pred not in consumed]
        drafts = self._merge_elaborations(drafts, frames)
        return SentenceCoding(drafts, bindings, wraps, attempts, consumed)

    def _merge_elaborations(self, drafts: list[Draft], frames: list[Frame]) -> list[Draft]:
        """Fold "..., killing six civilians" into the attack it elaborates.

        A non-finite adverbial clause coded in the same family as the clause it hangs
        on (the codebook's ``elaboration_roots``) reports the outcome of one event, not
        a second one. Its targets stay available to the main event.
        """
        lex = self.cb.lexicon
        roots, absorbed = lex.elaboration_roots, lex.absorbed_roots
        if not roots and not absorbed:
            return drafts
        keep = []
        drafted = {d.frame.id: d for d in drafts}
        for d in drafts:
            parent = _elaborated(d, frames, drafted)
            if parent is not None and d.code[:2] in absorbed and d.frame.pos == "verb":
                # "..., saying ...": the statement explains the event it hangs on.
                continue
            if parent is not None and d.frame.purpose:
                parent.alt_targets.extend(d.targets)  # "to disperse the protesters"
                continue
            if (
                parent is not None
                and d.code[:2] in roots
                and parent.code[:2] in roots
                and d.status == parent.status
            ):
                parent.alt_targets.extend(d.targets)
                continue
            keep.append(d)
        return keep

    def _wrappers_for(self, f: Frame) -> list[tuple[Wrapper, Pattern]]:
        out: list[tuple[Wrapper, Pattern]] = []
        # A particle verb is another verb to a wrapper: "set up a hospital to treat the
        # wounded" is no "set to" future.
        lemmas = f.lemmas[:1] if f.particle else f.lemmas
        for lemma in lemmas:
            out += self.cb.wrappers_for(f.pos, lemma)
        return out

    def _first_match(
        self, sent: Sentence, f: Frame, by_token: dict[int, Frame], attempts: list[Attempt] | None
    ) -> Binding | None:
        preps = {a.prep for a in f.obliques} | {a.prep for a in f.object_obliques}
        preps |= {kind for kind, _ in f.complements}
        for lemma in f.lemmas:
            for pat in self.cb.patterns_for(f.pos, lemma):
                if not _may_match(pat, f, preps):
                    if attempts is not None:
                        attempts.append(Attempt(f.id, pat.id, False))
                    continue
                b = self._match(sent, f, pat, by_token)
                if attempts is not None:
                    attempts.append(Attempt(f.id, pat.id, b is not None))
                if b is not None:
                    return b
        return None

    # -- drafts and wrappers -----------------------------------------------------

    def _draft(
        self,
        f: Frame,
        b: Binding,
        wraps: dict[int, tuple[Wrapper, Binding, Frame]],
        by_token: dict[int, Frame],
        consumed: set[int],
    ) -> Draft:
        assert b.pattern.code is not None
        d = Draft(
            frame=f,
            code=b.pattern.code,
            pattern=b.pattern,
            sources=list(b.sources),
            targets=list(b.targets),
            implicit_target=b.implicit_target,
            status="asserted",
            negated=f.negated,
            modality=f.modality,
            future=f.future,
            conditional=f.conditional,
            consequent=f.consequent,
            purpose=f.purpose,
            question=f.question,
        )
        reported = False
        hypothetical = False
        current = f
        seen = {f.pred}
        chain: list[tuple[Wrapper, Binding, Frame]] = []
        while current.pred in wraps:
            wrapper, wb, wf = wraps[current.pred]
            if wf.pred in seen:
                break
            seen.add(wf.pred)
            chain.append((wrapper, wb, wf))
            if wrapper.mode == "report":
                reported = True
            current = wf
        if f.negated:
            self._negate(d, f, reported)
        for wrapper, wb, wf in chain:
            consumed.add(wf.pred)
            d.wrappers.append(wrapper.name)
            d.wrapper_frames.append(wf)
            d.purpose = False  # a wrapper says what the infinitive is ("moved to impose")
            if wrapper.mode == "report":
                d.reported_by = list(wf.subjects)
                continue
            if wrapper.mode == "map":
                # The wrapper's act is the event now: "warned it would strike if attacked"
                # is an asserted threat, whatever the conditions on the strike.
                d.conditional, d.modality = wf.conditional, wf.modality
                d.consequent = wf.consequent
                d.question, d.future = wf.question, wf.future or wrapper.future
                if d.status == "negated" and not wf.negated:
                    d.status = "asserted"
                    d.negated = False
            else:
                d.conditional = d.conditional or wf.conditional
                d.consequent = d.consequent or wf.consequent
                d.question = d.question or wf.question
                d.future = d.future or wrapper.future or wf.future
                if wf.modality and not d.modality:
                    d.modality = wf.modality
            if wrapper.mode == "pass":
                # "sent troops to help fight the rebels": the purpose of the transparent
                # verb is the purpose of what it passes through.
                d.purpose = d.purpose or wf.purpose
                if wf.negated and not d.refusal:
                    # "would not resume talks": the negation of a transparent verb is a
                    # refusal of the event it passes through, like "would not talk".
                    d.negated = True
                    self._negate(d, wf, reported)
                if not d.sources:
                    d.sources = list(wf.subjects)
                _, passed = wrapper.recode(d.code)
                d.code = passed or d.code
                continue
            use = wrapper
            if wf.negated:
                refusal = self._refusal_for(wrapper)
                if refusal is None:
                    d.negated = True
                    d.status = "negated"
                    continue
                use = refusal
                d.negated = True
            handled, new = use.recode(d.code)
            if not handled or new is None:
                hypothetical = True
                d.note = f"wrapper {use.name!r} has no mapping for {d.code}"
            else:
                d.code = new
            addressed = [a for a in d.sources if not a.via] if wrapper.addressee else []
            if wf.subjects:
                d.sources = list(wf.subjects)
            if wb.targets:
                d.targets = list(wb.targets)
                d.implicit_target = wb.implicit_target
            elif addressed:
                # "demanded that Sweden extradite ...": the demand is made of Sweden.
                d.targets, d.implicit_target = addressed, False
        d.status = self._status(d, reported, hypothetical)
        mapped = any(w.mode == "map" for w, _, _ in chain)
        if d.future and not mapped and not d.refusal and d.status == "asserted":
            self._recode_future(d)
        return d

    def _unspecified_intents(
        self,
        sent: Sentence,
        frames: list[Frame],
        bindings: dict[int, Binding],
        wraps: dict[int, tuple[Wrapper, Binding, Frame]],
        by_token: dict[int, Frame],
        consumed: set[int],
    ) -> list[Draft]:
        """ "Kenya offered to lead a police force": an announced act, uncoded.

        An act no pattern codes is still an intent when it is offered, promised or
        agreed to (the lexicon's ``future_wrapper``), a refusal when it is refused (the
        ``refusal_wrapper``), and an intent when a speaker reports their own future act
        ("said it would set up a hospital"; named or pronoun subjects only: "said schools
        would reopen" stays a statement). That says more than the bare statement it
        replaces. The code is the lexicon's ``unspecified_intent``; the wrappers recode it.
        """
        pattern = self._intent
        if pattern is None:
            return []
        lex = self.cb.lexicon
        committing = {lex.future_wrapper, lex.refusal_wrapper} - {None}
        wrapping = {wf.pred for _, _, wf in wraps.values()}
        out = []
        for f in frames:
            wrap = wraps.get(f.pred)
            if (
                wrap is None
                or f.pos != "verb"
                or f.pred in bindings
                or f.pred in consumed
                or f.pred in wrapping
                or f.negated
                or f.descriptive
                or not (wrap[0].name in committing or self._announced(sent, f, wrap[0]))
            ):
                continue
            # The one it is done to or with, if the clause names it: "step up sharing
            # with Kyiv", "send more police to Haiti", "will support Ukraine".
            near = [
                a for a in f.objects if a.role == "obj" and sent.tokens[a.head].upos == "PROPN"
            ] + [a for a in f.obliques if a.prep in ("with", "to", "for")]
            b = Binding(pattern, list(f.subjects), near[:1])
            out.append(self._draft(f, b, wraps, by_token, consumed))
            if wrap[0].mode == "report":
                consumed.add(wrap[2].pred)  # the statement is this event's report
        return out

    def _third_party_reports(
        self,
        sent: Sentence,
        drafts: list[Draft],
        wraps: dict[int, tuple[Wrapper, Binding, Frame]],
        by_token: dict[int, Frame],
    ) -> set[int]:
        """Statements that only report what another actor did, left uncoded.

        "Hackers from Russia were behind the attack, Ukraine's SBU said" reports an act
        of the hackers; the speaker's "said" is its source, not an event of its own. A
        report wrapper whose bare statement code is one of the lexicon's
        ``third_party_reports`` is dropped when the clause it reports has a subject that
        names an actor (a proper noun, or an agent noun such as "troops" in a past act).
        "Said it would ..." is the speaker's own intent and "said schools would reopen"
        the speaker's announcement, so they stay statements.
        """
        codes = self.cb.lexicon.third_party_reports
        if not codes:
            return set()
        coded = {d.frame.pred: d.code for d in drafts}
        out: set[int] = set()
        for event, (wrapper, _, wf) in wraps.items():
            f = by_token.get(event)
            if wrapper.mode != "report" or coded.get(wf.pred) not in codes or f is None:
                continue
            later = f.future or f.modality in self.cb.lexicon.backshift_modals  # "would"
            if any(self._names_an_actor(sent, a.head, later) for a in f.subjects):
                out.add(wf.pred)
        return out

    def _names_an_actor(self, sent: Sentence, head: int, future: bool) -> bool:
        """A named actor, or an agent noun in a past act ("troops pulled out").

        A future act of an agent noun is what the speaker announces ("the ministry said
        schools would reopen"), so it stays the speaker's statement.
        """
        tok = sent.tokens[head]
        agent = bool({tok.lemma, tok.lower} & self._agent_words)
        return tok.upos == "PROPN" or (agent and not future)

    def _announced(self, sent: Sentence, f: Frame, wrapper: Wrapper) -> bool:
        """A reported future act of a named actor or of the speaker ("it", "we")."""
        modals = self.cb.lexicon.backshift_modals
        return (
            wrapper.mode == "report"
            and (f.future or (f.modality is not None and f.modality in modals))
            and any(sent.tokens[a.head].upos in ("PROPN", "PRON") for a in f.subjects)
        )

    def _recode_future(self, d: Draft) -> None:
        """ "Britain will step up intelligence sharing": a promised act is an intent.

        The codebook's ``future_wrapper`` (CAMEO: intent, 03x; force becomes a threat)
        recodes events announced for the future; codes it does not map stay as they are.
        """
        wrapper = self.cb.wrappers.get(self.cb.lexicon.future_wrapper or "")
        if wrapper is None:
            return
        handled, new = wrapper.recode(d.code)
        if handled and new is not None:
            d.note = f"future: recoded through wrapper {wrapper.name!r}"
            d.code = new
            d.wrappers.append(f"future:{wrapper.name}")

    def _refusal_for(self, wrapper: Wrapper) -> Wrapper | None:
        name = wrapper.negated_wrapper
        return self.cb.wrappers.get(name) if name else None

    def _negate(self, d: Draft, f: Frame, reported: bool) -> None:
        """Recode a negated event when the negation is a refusal, else mark it negated."""
        refusal = f.future or (
            f.modality is not None and f.modality in self.cb.lexicon.backshift_modals
        )
        if d.pattern.negated_code:
            d.code = d.pattern.negated_code
            d.note = "negated: pattern's own negated code"
            d.refusal, d.future = True, False
            return
        wrapper = self.cb.wrappers.get(self.cb.lexicon.refusal_wrapper or "")
        if refusal and wrapper is not None:
            handled, new = wrapper.recode(d.code)
            if handled and new is not None:
                d.code = new
                d.note = f"refusal: recoded through wrapper {wrapper.name!r}"
                d.refusal, d.future = True, False  # the refusal is made now
                return
        d.status = "negated"

    def _status(self, d: Draft, reported: bool, hypothetical: bool) -> str:
        lex = self.cb.lexicon
        if d.question:
            return "question"
        if d.conditional:
            return "conditional"
        if d.consequent:
            # "will free the hostages if ...", "would retaliate if attacked": a promise or
            # a threat on a condition is itself an act (recoded as intent/threat below).
            # "warned Armenia of consequences if ...": a threat is made by saying it.
            if d.code[:2] in lex.conditional_acts and d.status != "negated":
                return "asserted"
            if d.future or (d.modality and d.modality in lex.backshift_modals):
                d.future = True
                return "negated" if d.status == "negated" else "asserted"
            return "conditional"
        if d.status == "negated":
            return "negated"
        hedged = lex.hypothetical_modals | lex.hypothetical_determiners
        if hypothetical or d.purpose or (d.modality and d.modality in hedged):
            return "hypothetical"
        if d.modality and d.modality in lex.backshift_modals:
            if not (reported or d.negated):
                return "hypothetical"
            d.future = d.future or not d.refusal
        return "asserted"

    # -- matching ----------------------------------------------------------------

    def _match(
        self, sent: Sentence, f: Frame, pat: Pattern, by_token: dict[int, Frame]
    ) -> Binding | None:
        p = pat.parsed
        if pat.subject is not None and not any(
            self._lexical_ok(sent, pat.subject, a.head) for a in f.subjects
        ):
            return None
        bound: dict[str, list[Arg]] = {"target": [], "source": []}
        consumed: set[int] = set()
        event: int | None = None
        first_lexical: Arg | None = None
        groups = _object_groups(f.objects)
        objects = list(p.objects)
        if objects and objects[-1].kind == "event":
            # "say @event", "urge $target @event": the event is a clause, not an object.
            res = self._bind(sent, objects.pop(), [], f, by_token, object_slot=True)
            if res is None:
                return None
            event = res[1]
        if objects:
            if len(objects) == 1:
                direct = [g for g in groups if g[0].role == "obj"]
                chosen = [direct[0] if direct else (groups[0] if groups else [])]
            else:
                chosen = groups[: len(objects)]
                if len(chosen) < len(objects):
                    return None
            for c, group in zip(objects, chosen, strict=True):
                if not group:
                    return None
                res = self._bind(sent, c, group, f, by_token, object_slot=True)
                if res is None:
                    return None
                args, ev = res
                if c.is_slot:
                    bound[c.kind] += args
                if c.kind == "lemma" and first_lexical is None:
                    first_lexical = args[0]
                if ev is not None:
                    event = ev
                if c.kind == "lemma":
                    # "imposed sanctions": the noun is part of this event. A slot-bound
                    # noun ("condemned the invasion") stays an event of its own.
                    consumed |= {a.head for a in args if a.head in by_token}
        lexical_prep: Arg | None = None
        for el in p.preps:
            res = self._bind_prep(sent, el, f, by_token)
            if res is None:
                return None
            args, ev = res
            if el.arg.is_slot:
                bound[el.arg.kind] += args
            if ev is not None:
                event = ev
            if el.arg.kind == "lemma":
                consumed |= {a.head for a in args if a.head in by_token}
                if lexical_prep is None and args:
                    lexical_prep = args[0]
        first_lexical = first_lexical or lexical_prep
        implicit = False
        if p.has_source_slot:
            sources = bound["source"]
            targets = bound["target"] or list(f.subjects)
        else:
            sources = list(f.subjects)
            targets = bound["target"]
            if not p.has_target_slot and first_lexical is not None:
                targets = [first_lexical]
                implicit = True
        consumed.discard(f.pred)
        return Binding(pat, sources, targets, implicit, consumed, event)

    def _bind(
        self,
        sent: Sentence,
        c: Constraint,
        group: list[Arg],
        f: Frame,
        by_token: dict[int, Frame],
        object_slot: bool,
    ) -> tuple[list[Arg], int | None] | None:
        if c.kind in ("target", "source", "any"):
            return group, None
        if c.kind == "event":
            for kind, head in f.complements:
                if kind in ("obj", "ccomp", "xcomp"):
                    return [], head
            return None
        if c.kind == "quote":
            ok = [a for a in group if a.quoted]
            return (ok, None) if ok else None
        ok = [a for a in group if self._lexical_ok(sent, c, a.head)]
        return (ok, None) if ok else None

    def _bind_prep(
        self, sent: Sentence, el: PrepElement, f: Frame, by_token: dict[int, Frame]
    ) -> tuple[list[Arg], int | None] | None:
        if el.arg.kind == "event":
            for kind, head in f.complements:
                if kind in el.preps:
                    return [], head
            return None
        cands = [
            a
            for a in (*f.obliques, *f.object_obliques)
            if a.prep in el.preps and not is_temporal(sent, a.head)
        ]
        if not cands:
            return None
        if el.arg.kind in ("target", "source", "any"):
            # Keep the first phrase and its conjuncts ("on Iran and Syria").
            first = cands[0]
            return [a for a in cands if a.head == first.head or a.via == "conj"], None
        ok = [a for a in cands if self._lexical_ok(sent, el.arg, a.head)]
        return (ok, None) if ok else None

    def _lexical_ok(self, sent: Sentence, c: Constraint, head: int) -> bool:
        singles, multis = self._words(c)
        tok = sent.tokens[head]
        if tok.lemma in singles or tok.lower in singles:
            return True
        if self._acts_as_member(sent, c, head):
            return True
        if not multis:
            return False
        seq = [*_left_words(sent, head), tok.lemma]
        return any(tuple(seq[-len(m) :]) == m for m in multis if len(m) <= len(seq))

    def _acts_as_member(self, sent: Sentence, c: Constraint, head: int) -> bool:
        """ "People protesting against the coup" are protesters: the lexicon's
        ``participle_members`` lets a phrase whose participle says what it is doing
        count as a member of a synset."""
        members = self.cb.lexicon.participle_members
        verbs = [members[s] for s in c.synsets if s in members]
        if not verbs:
            return False
        toks = sent.tokens
        return any(
            toks[ch].deprel == "acl" and any(toks[ch].lemma in v for v in verbs)
            for ch in sent.children(head)
        )

    def _words(self, c: Constraint) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
        got = self._split.get(c)
        if got is None:
            words = self.cb.constraint_words(c)
            singles = frozenset(w for w in words if " " not in w)
            multis = tuple(tuple(w.split()) for w in words if " " in w)
            got = self._split[c] = (singles, multis)
        return got


def _left_words(sent: Sentence, head: int) -> list[str]:
    """Lemmas of the modifier words before a head, nested ones too ("air defense")."""
    toks = sent.tokens
    out: list[str] = []
    i = head - 1
    while i >= 0:
        if toks[i].text != "-":
            if toks[i].deprel not in ("compound", "amod", "flat") or not _under(sent, i, head):
                break
            out.insert(0, toks[i].lemma)
        i -= 1
    return out


def _under(sent: Sentence, i: int, head: int) -> bool:
    """Token ``i`` hangs (directly or through words left of ``head``) on ``head``."""
    toks = sent.tokens
    j = i
    for _ in range(10):
        j = toks[j].head
        if j == head:
            return True
        if j == ROOT or j > head:
            return False
    return False


def _may_match(pat: Pattern, f: Frame, preps: set[str]) -> bool:
    """Cheap necessary conditions, checked before the full match.

    A pattern that needs objects cannot match a frame without any; one that needs a
    preposition cannot match a frame that has no phrase with it.
    """
    if pat.needs_objects and not f.objects:
        return False
    return all(not prep_set.isdisjoint(preps) for prep_set in pat.prep_sets)


def _elaborated(d: Draft, frames: list[Frame], drafted: dict[int, Draft]) -> Draft | None:
    """The event an adverbial clause elaborates, through conjuncts: in "shelled the town,
    killing four and wounding 20", both participles elaborate the shelling; in "fired
    tear gas to disperse the protesters", the purpose clause names who was targeted."""
    f = d.frame
    if f.purpose and f.parent is not None and f.parent in drafted:
        return drafted[f.parent]
    through_advcl = False
    while f.relation in ("advcl", "conj") and f.parent is not None:
        through_advcl = through_advcl or f.relation == "advcl"
        f = frames[f.parent]
        if f.id in drafted and through_advcl:
            return drafted[f.id]
    return None


def _subject_events(f: Frame, bindings: dict[int, Binding]) -> set[int]:
    """Event nouns that a subject-constrained pattern took as its subject.

    "Israeli airstrikes killed 20 people": the weapon noun is part of the killing, not
    a second event. A noun that names its own target ("airstrikes on Russia killed
    ten") stays an event: it says who was hit.
    """
    out = set()
    for a in f.subjects:
        b = bindings.get(a.head)
        if b is not None and not b.targets:
            out.add(a.head)
    return out


def _with_conjoined(head: int, frames: list[Frame]) -> list[int]:
    """A predicate and the predicates conjoined to it (recursively), as token heads."""
    by_pred = {f.pred: f for f in frames}
    out = [head]
    queue = [head]
    while queue:
        current = by_pred.get(queue.pop())
        if current is None:
            continue
        for f in frames:
            if f.relation == "conj" and f.parent == current.id and f.pred not in out:
                out.append(f.pred)
                queue.append(f.pred)
    return out


def _object_groups(objects: list[Arg]) -> list[list[Arg]]:
    """Objects grouped with their conjuncts, in sentence order of the first member."""
    groups: list[list[Arg]] = []
    for a in objects:
        if a.via == "conj" and groups:
            groups[-1].append(a)
        else:
            groups.append([a])
    return groups


def _unspecified_intent_pattern(cb: Codebook) -> Pattern | None:
    """The pseudo-pattern an uncoded announced act is coded by (``explain`` names it)."""
    code = cb.lexicon.unspecified_intent
    if not code:
        return None
    text = "(a reported future act no pattern codes)"
    parsed = ParsedPattern(text=text, predicates=())
    pattern_id = f"{code}:lexicon:unspecified_intent"
    return Pattern(pattern_id, code, "verb", parsed, Loc("lexicon", 0), order=-1)
