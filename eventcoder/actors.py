"""Noun phrases to actor codes: dictionaries, titles, dated roles and document context.

An actor code is a country (or IGO/group) code followed by sector codes: ``USAGOV``,
``PRKMIL``, ``IGOUNO``. A noun phrase resolves in this order:

1. a named person in the dictionary, with the role they held on the story date
   ("Rex Tillerson" in 2017 -> ``USAGOV``);
2. a named organisation, group or metonym ("United Nations" -> ``IGOUNO``, "the
   Kremlin" -> ``RUSGOV``);
3. a country name, adjective or capital, plus the sector of an agent noun in the
   phrase ("Russian Foreign Minister" -> ``RUS`` + ``GOV``; "Pyongyang" -> ``PRKGOV``);
4. an agent noun alone ("police" -> ``COP``), taking the country from the document
   when the phrase is definite ("the army" after "Sudan ..." -> ``SDNMIL``);
5. an anaphor: a pronoun or "the country" / "the regime", resolved to the most recent
   compatible actor in the document; "Mr Kim" to the person last named Kim.

A phrase that resolves to nothing keeps its text (``code`` is None) and a reason, so
users can see what the dictionaries are missing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from eventcoder.parsed import ROOT, Sentence
from eventcoder.places import LOCATIVE

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook, NamedActor, Person
    from eventcoder.places import Gazetteer

# Dependents that belong to a noun phrase for the purpose of naming its actor.
_NP_DEPS = {
    "compound",
    "flat",
    "flat:name",
    "amod",
    "det",
    "nummod",
    "appos",
    "nmod:poss",
    "case",
    "punct",
}
_OWNER_PREPS = {"of", "by", "with", "from", "between"}
_AFFILIATION = {"of", "for", "from"}
# Codes that start with something other than a country: keep them whole.
_NON_STATE = {"IGO", "NGO", "IMG", "MNC", "INT", "NGM", "UIS"}
_MAX_NGRAM = 8


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Spelling-insensitive form of a name: no dots, one kind of apostrophe and space."""
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = text.replace(".", "")
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


def _case_sensitive(name: str) -> bool:
    """Short all-capital names ("US", "UN", "IS") only match when written in capitals."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


@dataclass(frozen=True, slots=True)
class Actor:
    """The actor a noun phrase resolved to (``code`` None when it did not)."""

    code: str | None
    text: str
    start: int
    end: int
    kind: str = ""  # person | country | organization | group | agent | anaphor | ...
    method: str = ""  # how it was found: dictionary | context | anaphor | ...
    entry: str = ""  # the dictionary entry that gave the code
    note: str = ""  # why it did not resolve, or what was assumed

    @property
    def country(self) -> str | None:
        return self.code[:3] if self.code else None

    @property
    def name(self) -> str:
        """The dictionary's name for a named actor ("Taliban", "Sergey Lavrov"), else ""."""
        kind, _, name = self.entry.partition(" ")
        return name if kind in ("person", "organization", "group", "name") else ""


@dataclass(slots=True)
class _NameHit:
    code: str
    kind: str
    entry: str
    start_tok: int
    end_tok: int
    person: Person | None = None


class ActorIndex:
    """Lookup tables compiled once from a codebook's actor dictionaries."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.ci: dict[str, list[_Entry]] = {}
        self.cs: dict[str, list[_Entry]] = {}
        self.agents: dict[str, str] = {}
        self.max_len = 1
        self.surnames: dict[str, list[Person]] = {}
        for actor in codebook.countries:
            for name in actor.names:
                self._add(name, actor.code, actor.kind, _entry_label(actor))
                if actor.kind == "adjective" and name[-1:] in ("n", "i"):
                    self._add(name + "s", actor.code, actor.kind, _entry_label(actor))
        for actor in codebook.names:
            for name in actor.names:
                self._add(name, actor.code, actor.kind, _entry_label(actor))
        for person in codebook.people:
            for name in person.names:
                self._add(name, person.country or "", "person", f"person {person.key}", person)
            self.surnames.setdefault(person.surname.lower(), []).append(person)
        for sector, words in codebook.agents.items():
            for word in words:
                self.agents.setdefault(" ".join(word.lower().split()), sector)
        # The first word of every name, lower-case: where a name can start.
        self.first_words = frozenset(
            key.split()[0].split("-")[0] for table in (self.ci, self.cs) for key in table
        ) | frozenset(key.lower().split()[0] for key in self.cs)
        # Every word of an agent phrase, and every lower-case dictionary name's first
        # word: what a lower-case phrase must contain to be worth resolving.
        self.agent_words = frozenset(w for phrase in self.agents for w in phrase.split())
        self.lower_names = frozenset(
            key.split()[0] for key, entries in self.ci.items() if any(e.lower_ok for e in entries)
        )

    def _add(
        self, name: str, code: str, kind: str, entry: str, person: Person | None = None
    ) -> None:
        norm = normalize_name(name)
        if not norm:
            return
        self.max_len = max(self.max_len, len(re.findall(r"\w+|[^\w\s]", norm)))
        value = _Entry(code, kind, entry, person, lower_ok=not norm[0].isupper())
        if _case_sensitive(norm):
            self.cs.setdefault(norm, []).append(value)
        else:
            table = self.ci.setdefault(norm.lower(), [])
            if value not in table:
                table.append(value)

    def may_start(self, text: str, lemma: str) -> bool:
        """Whether some dictionary name starts with this word (a cheap pre-check)."""
        first = self.first_words
        word = normalize_name(text).lower()
        return word in first or word.split("-")[0] in first or lemma in first

    def lookup(self, text: str) -> list[_Entry]:
        """Dictionary entries whose name is exactly ``text`` (normalised).

        Names written with a capital only match capitalised text, so the pronoun "us"
        is not the United States and "turkey" is not Turkey.
        """
        norm = normalize_name(text)
        if not norm:
            return []
        found = self.cs.get(norm, [])
        rest = self.ci.get(norm.lower(), [])
        if not norm[0].isupper():
            rest = [v for v in rest if v.lower_ok]
        return found + rest

    def agent(self, lemma_phrase: str) -> str | None:
        return self.agents.get(lemma_phrase)


@dataclass(frozen=True, slots=True)
class _Entry:
    code: str
    kind: str
    entry: str
    person: Person | None = None
    lower_ok: bool = False  # the dictionary spells it lower-case ("al-Shabaab")


def _entry_label(actor: NamedActor) -> str:
    return f"{actor.kind} {actor.names[0]}" if actor.names else actor.kind


@dataclass(slots=True)
class Mention:
    """An actor seen in the document, for anaphora."""

    actor: Actor
    sentence: int
    token: int
    kind: str
    person: Person | None = None
    locative: bool = False  # named as a place: "in Nairobi", "near the Syrian border"
    subject: bool = False  # the subject of its clause


@dataclass
class DocumentContext:
    """What a document has said so far: the actors mentioned, in order."""

    mentions: list[Mention] = field(default_factory=list)
    surnames: dict[str, Mention] = field(default_factory=dict)
    # Per sentence: the main subject's actor code, "" for a non-actor subject, or None.
    topics: dict[int, str | None] = field(default_factory=dict)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.person is not None:
            self.surnames[mention.person.surname.lower()] = mention

    def first_in(
        self, sentence: int, kinds: set[str], exclude_token: int | None = None
    ) -> Mention | None:
        """The first actor of these kinds that is a subject in this sentence."""
        for m in self.mentions:
            if (
                m.sentence == sentence
                and m.subject
                and m.kind in kinds
                and m.token != exclude_token
            ):
                return m
        return None

    def place_in(self, sentence: int) -> Mention | None:
        """The first country or capital named as a place in this sentence."""
        for m in self.mentions:
            if m.sentence == sentence and m.locative and m.kind == "country":
                return m
        return None

    def latest(
        self, kinds: set[str], before: tuple[int, int], exclude: set[str] | None = None
    ) -> Mention | None:
        for m in reversed(self.mentions):
            if (m.sentence, m.token) >= before:
                continue
            if m.kind in kinds and m.actor.code and not (exclude and m.actor.code[:3] in exclude):
                return m
        return None


class ActorResolver:
    """Resolves argument noun phrases of one document, keeping its context."""

    def __init__(
        self, codebook: Codebook, date: dt.date | None, places: Gazetteer | None = None
    ) -> None:
        self.cb = codebook
        self.places = places
        self.index = codebook.actor_index
        self.lex = codebook.lexicon
        self.date = date
        self.context = DocumentContext()
        self._cache: dict[tuple[int, int], Actor] = {}
        self._named_memo: dict[tuple[int, int, bool], Actor | None] = {}

    # -- sentence-level ---------------------------------------------------------

    def scan(self, sent: Sentence, doc_text: str) -> None:
        """Register every actor named in the sentence, so later anaphora can find it."""
        self._scan_names(sent, doc_text)
        self._note_topic(sent, doc_text)

    def _note_topic(self, sent: Sentence, doc_text: str) -> None:
        """Remember what the sentence is about: its main subject, if it has one.

        A subject "it"/"they" in the next sentence usually continues that topic: "The
        missile flew 1,000 km. It landed in the sea." is about the missile, not the last
        country named.
        """
        toks = sent.tokens
        root = sent.root()
        subj = next(
            (c for c in sent.children(root) if toks[c].deprel in ("nsubj", "nsubj:pass")), None
        )
        if subj is None:
            self.context.topics[sent.index] = None
            return
        if toks[subj].upos == "PRON":
            actor = self._anaphor(sent, subj, doc_text, None, None)
            self.context.topics[sent.index] = actor.code if actor and actor.code else ""
            return
        actor = self._cache.get((sent.index, subj)) or self._named(sent, subj, doc_text)
        self.context.topics[sent.index] = actor.code if actor and actor.code else ""

    def _scan_names(self, sent: Sentence, doc_text: str) -> None:
        for tok in sent.tokens:
            if tok.upos not in ("PROPN", "NOUN", "ADJ") or tok.deprel in (
                "compound",
                "flat",
                "flat:name",
            ):
                continue
            if tok.upos == "ADJ" and tok.deprel != "amod":
                continue
            if not self._may_name(sent, tok.i):
                continue
            actor = self._named(sent, tok.i, doc_text)
            if (actor is None or not actor.code) and self.places is not None:
                self._scan_place(sent, tok.i, doc_text)
                continue
            if actor is not None and actor.code:
                if actor.kind != "agent":  # agents take their country from the whole sentence
                    self._cache[(sent.index, tok.i)] = actor
                self.context.add(
                    Mention(
                        actor,
                        sent.index,
                        tok.i,
                        actor.kind,
                        self._person_of(actor),
                        locative=_is_locative(sent, tok.i, self.cb.place_nouns),
                        subject=tok.deprel in ("nsubj", "nsubj:pass"),
                    )
                )

    def _scan_place(self, sent: Sentence, i: int, doc_text: str) -> None:
        """A town or region named as a place ("in Idlib") tells which country we are in."""
        assert self.places is not None
        toks = sent.tokens
        if not _is_locative(sent, i, self.cb.place_nouns):
            return
        span = _np_tokens(sent, i)
        end = i
        if not toks[i].text[:1].isupper():
            # "in Benue state", "in Kech district": the name is before the place noun.
            if toks[i].lemma not in self.cb.place_nouns or i - 1 not in span:
                return
            end = i - 1
            if not toks[end].text[:1].isupper():
                return
        names = [end] if toks[span[0]].upos == "DET" else [span[0], end]
        s, e = toks[min(names)].start, toks[end].end
        place = self.places.best(doc_text[s:e], []) or self.places.best(toks[end].text, [])
        if place is None or not place.country:
            return
        actor = Actor(
            place.country, doc_text[s:e], s, e, "country", "gazetteer", "", f"place {place.name}"
        )
        self.context.add(Mention(actor, sent.index, i, "country", locative=True))

    def _may_name(self, sent: Sentence, i: int) -> bool:
        """Cheap pre-check: is this phrase worth registering for document context?

        Names are capitalised (or spelled lower-case in the dictionary, like
        "al-Shabaab"); a common agent noun matters only as a subject ("the rebels said
        ... they").
        """
        toks = sent.tokens
        tok = toks[i]
        if tok.text[:1].isupper() or any(toks[c].text[:1].isupper() for c in sent.children(i)):
            return True
        if self.index.lower_names and tok.lower in self.index.lower_names:
            return True
        return tok.lemma in self.index.agent_words and tok.deprel in ("nsubj", "nsubj:pass")

    def resolve(
        self,
        sent: Sentence,
        head: int,
        doc_text: str,
        exclude: set[str] | None = None,
        speaker: Actor | None = None,
        owner: bool = True,
        thing: bool = False,
        acl_owner: bool = True,
    ) -> Actor:
        """The actor of the noun phrase headed by token ``head``.

        ``thing=True`` says the phrase names a thing acted on ("launched a missile",
        "scrapped the deal signed by Iran"): only an actor named inside it or owning it
        counts, not the thing itself ("missile" is military equipment as a subject).
        """
        cached = self._cache.get((sent.index, head))
        if cached is not None and cached.code and not (thing and cached.kind == "agent"):
            return cached
        actor = self._named(sent, head, doc_text, agents=not thing)
        if (actor is None or not actor.code) and not thing:
            actor = self._anaphor(sent, head, doc_text, exclude, speaker) or actor
        if (actor is None or not actor.code) and owner:
            actor = self._owner(sent, head, doc_text, exclude, acl=acl_owner) or actor
        if actor is None:
            tok = sent.tokens[head]
            span = _np_tokens(sent, head)
            s, e = sent.tokens[span[0]].start, sent.tokens[span[-1]].end
            actor = Actor(
                None, doc_text[s:e], s, e, note=f"no actor for {tok.text!r}: not in dictionary"
            )
        return actor

    def resolve_all(
        self,
        sent: Sentence,
        head: int,
        doc_text: str,
        exclude: set[str] | None = None,
        speaker: Actor | None = None,
        thing: bool = False,
        acl_owner: bool = True,
    ) -> list[Actor]:
        """The actors of a phrase, one per conjoined name inside it.

        "Russian and Japanese troops", "officials from Nigeria and Niger", "British and
        EU negotiators" name two actors with one head; each gets the head's sector.
        """
        first = self.resolve(
            sent, head, doc_text, exclude, speaker, thing=thing, acl_owner=acl_owner
        )
        if not first.code:
            return [first]
        toks = sent.tokens
        sector = first.code[3:] if first.kind in ("country", "agent") else ""
        out = [first]
        seen = {first.code[:3]}
        for c in sent.children(head):
            if toks[c].deprel not in ("amod", "compound", "nmod", "nmod:poss", "flat"):
                continue
            for k in _conjuncts(sent, c):
                other = self._named(sent, k, doc_text, agents=False)
                if other is None or not other.code or other.code[:3] in seen:
                    continue
                seen.add(other.code[:3])
                code = other.code if other.kind != "country" else other.code[:3] + sector
                out.append(
                    replace(
                        first, code=code, entry=other.entry, note=f"conjoined with {first.text!r}"
                    )
                )
        return out

    # -- dictionary matching ----------------------------------------------------

    def _named(self, sent: Sentence, head: int, doc_text: str, agents: bool = True) -> Actor | None:
        """The actor named by the phrase itself (memoised per sentence and head).

        Agent-only results are not kept: their country depends on context that grows
        while the sentence is read.
        """
        key = (sent.index, head, agents)
        if key in self._named_memo:
            return self._named_memo[key]
        actor = self._named_uncached(sent, head, doc_text, agents)
        if actor is None or actor.kind != "agent":
            self._named_memo[key] = actor
        return actor

    def _named_uncached(
        self, sent: Sentence, head: int, doc_text: str, agents: bool
    ) -> Actor | None:
        toks = sent.tokens
        span = _np_tokens(sent, head)
        hits = self._name_hits(sent, span, doc_text)
        s, e = toks[span[0]].start, toks[span[-1]].end
        text = doc_text[s:e]
        people = [h for h in hits if h.kind == "person"]
        if not people:
            people = self._surname_hits(sent, span)
        for hit in people:
            person = hit.person
            assert person is not None
            role = person.role_on(self.date)
            if role is not None:
                return Actor(role.code, text, s, e, "person", "dictionary", hit.entry, role.title)
        agent = self._agent(sent, span, head)
        orgs = [h for h in hits if h.kind not in ("country", "adjective", "capital", "person")]
        if orgs:
            hit = _closest(orgs, head)
            return Actor(hit.code, text, s, e, hit.kind, "dictionary", hit.entry)
        all_places = [h for h in hits if h.kind in ("country", "adjective", "capital")]
        places = [h for h in all_places if not self._inside_unknown_name(sent, span, h, hits)]
        if places:
            hit = _closest(places, head)
            sector = agent or ("GOV" if hit.kind == "capital" else "")
            return Actor(hit.code + sector, text, s, e, "country", "dictionary", hit.entry)
        for hit in people:  # named, but no role on the story's date
            person = hit.person
            assert person is not None
            code = (person.country or "") + (agent or "")
            note = f"{person.key}: no role on {self.date}" if self.date else ""
            if code:
                return Actor(code, text, s, e, "person", "dictionary", hit.entry, note)
        if agent and agents:
            return self._agent_only(sent, head, agent, text, s, e, doc_text)
        if all_places:
            note = f"{text!r} is a name the codebook does not know, not the place in it"
            return Actor(None, text, s, e, note=note)
        return None

    def _inside_unknown_name(
        self, sent: Sentence, span: list[int], hit: _NameHit, hits: list[_NameHit]
    ) -> bool:
        """ "Haki Africa", "Tour de France", "Team USA": a place inside another name.

        A capitalised proper noun compounded onto the place, which is neither a name
        the codebook knows, nor an agent noun ("Radio France" is French media), nor a
        qualifier of the place ("Northeast Nigeria", the lexicon's
        ``place_qualifiers``), makes the whole phrase a name the codebook does not
        know: it is not the country.
        """
        toks = sent.tokens
        prev = hit.start_tok - 1
        if prev in span and toks[prev].upos == "ADP" and toks[prev].deprel != "case":
            prev -= 1  # "Tour de France"
        if prev not in span:
            return False
        tok = toks[prev]
        covered = any(h.start_tok <= prev <= h.end_tok for h in hits)
        return (
            tok.upos == "PROPN"
            and tok.text[:1].isupper()
            and tok.deprel in ("compound", "flat")
            and not covered
            and tok.lemma.lower() not in self.lex.place_qualifiers
            and self.index.agent(tok.lemma.lower()) is None
        )

    def _name_hits(self, sent: Sentence, span: list[int], doc_text: str) -> list[_NameHit]:
        toks = sent.tokens
        hits: list[_NameHit] = []
        runs = _contiguous_runs(span)
        for run in runs:
            i = 0
            while i < len(run):
                found = False
                first = toks[run[i]]
                if not self.index.may_start(first.text, first.lemma):
                    i += 1  # no dictionary name starts with this word
                    continue
                for j in range(min(len(run), i + self.index.max_len) - 1, i - 1, -1):
                    a, b = toks[run[i]], toks[run[j]]
                    if a.upos in ("DET", "PUNCT") or b.upos == "PUNCT":
                        continue
                    entries = self.index.lookup(doc_text[a.start : b.end])
                    if not entries and i == j and a.upos in ("PROPN", "ADJ", "NOUN"):
                        entries = (
                            self.index.lookup(a.lemma.capitalize()) if a.text[:1].isupper() else []
                        )
                    if entries:
                        best = entries[0]
                        hits.append(
                            _NameHit(best.code, best.kind, best.entry, run[i], run[j], best.person)
                        )
                        i = j + 1
                        found = True
                        break
                if not found:
                    i += 1
        return hits

    def _surname_hits(self, sent: Sentence, span: list[int]) -> list[_NameHit]:
        """ "Mr Kim": a bare surname, resolved to the person last named so in the document."""
        out = []
        for i in span:
            tok = sent.tokens[i]
            if tok.upos != "PROPN":
                continue
            mention = self.context.surnames.get(tok.text.lower())
            if mention is not None and mention.person is not None:
                out.append(
                    _NameHit(
                        mention.person.country or "",
                        "person",
                        f"person {mention.person.key}",
                        i,
                        i,
                        mention.person,
                    )
                )
        return out

    def _agent(self, sent: Sentence, span: list[int], head: int) -> str | None:
        """The sector of the agent noun closest to the head ("foreign minister" -> GOV)."""
        toks = sent.tokens
        best: tuple[int, str] | None = None
        agent_words = self.index.agent_words
        for run in _contiguous_runs([i for i in span if i <= head] or span):
            for i in range(len(run)):
                if toks[run[i]].lemma not in agent_words and toks[run[i]].lower not in agent_words:
                    continue
                for j in range(min(len(run), i + 4) - 1, i - 1, -1):
                    phrase = " ".join(toks[k].lemma for k in run[i : j + 1])
                    if i == j and toks[run[i]].upos == "ADJ":
                        continue  # "general strike", "military parade": not an agent
                    sector = self.index.agent(phrase)
                    if sector is None and i == j:
                        sector = self.index.agent(toks[run[i]].text.lower())
                    if sector is not None:
                        dist = abs(head - run[j])
                        if best is None or dist < best[0]:
                            best = (dist, sector)
                        break
        return best[1] if best else None

    def _agent_only(
        self,
        sent: Sentence,
        head: int,
        sector: str,
        text: str,
        s: int,
        e: int,
        doc_text: str,
    ) -> Actor:
        """An agent noun with no country ("police", "its foreign minister"): whose is it?

        In order: the phrase's own owner ("*its* foreign minister", "a spokesman *for
        Japan's Foreign Ministry*", "soldiers *from Chad*"), a place the sentence names
        ("... in Nairobi"), the first country the sentence names ("Russia will reduce
        ..., the deputy defence minister said"), the country the document last named.
        With none, the code is the sector alone.
        """
        owner = self._affiliation(sent, head, doc_text)
        if owner is not None and owner.code:
            code = owner.code[:3] + sector if owner.country not in _NON_STATE else owner.code
            return Actor(code, text, s, e, "agent", "owner", "", f"of {owner.text!r}")
        m = (
            self.context.place_in(sent.index)
            or self.context.first_in(sent.index, {"country"}, exclude_token=head)
            or self.context.latest({"country"}, (sent.index, head))
        )
        if m is not None and m.actor.code:
            return Actor(
                m.actor.code[:3] + sector,
                text,
                s,
                e,
                "agent",
                "context",
                "",
                f"country from {m.actor.text!r}",
            )
        return Actor(sector, text, s, e, "agent", "dictionary", f"agent {sector}")

    def crowd(self, sent: Sentence, actor: Actor, code: str) -> Actor | None:
        """An unnamed crowd ("thousands marched", "20 people were killed") as an actor.

        A phrase headed by one of the lexicon's crowd nouns takes the sector the codebook
        gives for the event's root (protesters in a protest, civilians elsewhere) and
        the country of the sentence's place or the document.
        """
        crowds = self.lex.crowds
        if actor.code or not crowds.get("nouns"):
            return None
        toks = [t for t in sent.tokens if actor.start <= t.start and t.end <= actor.end]
        heads = [t for t in toks if t.upos in ("NOUN", "PROPN", "NUM", "PRON")]
        if not heads or heads[-1].lemma not in crowds["nouns"]:
            return None
        sectors = crowds.get("sectors", {})
        sector = sectors.get(code[:2]) or sectors.get("*")
        if not sector:
            return None
        found = self._agent_only(
            sent, heads[-1].i, str(sector), actor.text, actor.start, actor.end, ""
        )
        return replace(found, note=f"a crowd: {found.note}".strip())

    def _affiliation(self, sent: Sentence, head: int, doc_text: str) -> Actor | None:
        """The possessor or "of/for/from" owner of an agent phrase, as an actor."""
        toks = sent.tokens
        for c in sent.children(head):
            rel = toks[c].deprel
            cases = [toks[k].lower for k in sent.children(c) if toks[k].deprel == "case"]
            if rel == "nmod:poss" or (rel == "nmod" and cases and cases[0] in _AFFILIATION):
                actor = self.resolve(sent, c, doc_text, owner=False)
                if actor.code:
                    return actor
                if self.places is not None and toks[c].upos == "PROPN":
                    # "the governor of Kandahar": a town or province says which country.
                    place = self.places.best(toks[c].text, [])
                    if place is not None and place.country:
                        return Actor(
                            place.country,
                            toks[c].text,
                            toks[c].start,
                            toks[c].end,
                            "country",
                            "gazetteer",
                            "",
                            f"place {place.name}",
                        )
        return None

    # -- anaphora ----------------------------------------------------------------

    def _anaphor(
        self,
        sent: Sentence,
        head: int,
        doc_text: str,
        exclude: set[str] | None,
        speaker: Actor | None,
    ) -> Actor | None:
        tok = sent.tokens[head]
        lemma = tok.lemma
        lower = tok.text.lower()
        pron = self.lex.pronouns
        before = (sent.index, head)
        found: Mention | None = None
        kinds: set[str] | None = None
        if lower in pron.get("speaker", ()) or lemma in pron.get("speaker", ()):
            if speaker is not None and speaker.code:
                return Actor(
                    speaker.code,
                    tok.text,
                    tok.start,
                    tok.end,
                    "anaphor",
                    "speaker",
                    note=f"speaker {speaker.text!r}",
                )
            return None
        if lower in pron.get("person", ()):
            kinds = {"person"}
        elif lower in pron.get("thing", ()):
            kinds = {"country", "organization", "group", "name"}
        elif lower in pron.get("group", ()):
            kinds = {"group", "country", "organization", "agent", "name"}
        elif tok.upos in ("NOUN", "PROPN") and self._is_definite(sent, head):
            for cls, words in self.lex.anaphors.items():
                phrase = " ".join(
                    sent.tokens[i].lemma
                    for i in _np_tokens(sent, head)
                    if sent.tokens[i].deprel != "det"
                )
                if lemma in words or phrase in words:
                    kinds = _ANAPHOR_KINDS.get(cls, {"country"})
                    m = self.context.latest(kinds, before, exclude)
                    if m is None:
                        return None
                    code = m.actor.code or ""
                    if kinds == {"country"}:
                        code = code[:3] + ("GOV" if cls == "government" else "")
                    span = _np_tokens(sent, head)
                    s, e = sent.tokens[span[0]].start, sent.tokens[span[-1]].end
                    return Actor(
                        code,
                        doc_text[s:e],
                        s,
                        e,
                        "anaphor",
                        "anaphor",
                        "",
                        f"refers to {m.actor.text!r}",
                    )
            return None
        if kinds is None:
            return None
        if tok.deprel == "nmod:poss" and "person" not in kinds:
            # "Russia vetoed a resolution condemning its annexation": "its" is the
            # sentence's subject when that is an actor named before it.
            m = self.context.first_in(sent.index, kinds)
            if (
                m is not None
                and m.token < head
                and not (exclude and (m.actor.code or "")[:3] in exclude)
            ):
                return Actor(
                    m.actor.code,
                    tok.text,
                    tok.start,
                    tok.end,
                    "anaphor",
                    "anaphor",
                    "",
                    f"refers to {m.actor.text!r}",
                )
        if tok.deprel in ("nsubj", "nsubj:pass") and "person" not in kinds:
            topic = self.context.topics.get(sent.index - 1)
            if topic == "":  # the last sentence was about a thing: "it" is that thing
                return None
            if topic and not (exclude and topic[:3] in exclude):
                return Actor(
                    topic,
                    tok.text,
                    tok.start,
                    tok.end,
                    "anaphor",
                    "anaphor",
                    "",
                    "continues the previous sentence's subject",
                )
        found = self.context.latest(kinds, before, exclude)
        if found is None:
            return None
        return Actor(
            found.actor.code,
            tok.text,
            tok.start,
            tok.end,
            "anaphor",
            "anaphor",
            "",
            f"refers to {found.actor.text!r}",
        )

    def _is_definite(self, sent: Sentence, head: int) -> bool:
        return any(
            sent.tokens[c].deprel == "det" and sent.tokens[c].lemma in ("the", "this", "that")
            for c in sent.children(head)
        )

    def _owner(
        self,
        sent: Sentence,
        head: int,
        doc_text: str,
        exclude: set[str] | None,
        acl: bool = True,
    ) -> Actor | None:
        """The actor that owns a non-actor phrase: "Iran's programme", "a deal signed by Iran".

        ``acl=False`` leaves out the agent of a modifying clause: "shells fired by X
        landed" is not something X did when it lands.
        """
        toks = sent.tokens
        for c in sent.children(head):
            rel = toks[c].deprel
            ok = rel == "nmod:poss" or (
                rel == "nmod"
                and any(
                    toks[k].deprel == "case" and toks[k].lemma in _OWNER_PREPS
                    for k in sent.children(c)
                )
            )
            if ok:
                actor = self.resolve(sent, c, doc_text, exclude, owner=False)
                if actor.code:
                    return actor
            if rel == "acl" and acl:
                for k in sent.children(c):
                    if toks[k].deprel == "obl:agent":
                        actor = self.resolve(sent, k, doc_text, exclude, owner=False)
                        if actor.code:
                            return actor
        return None

    def _person_of(self, actor: Actor) -> Person | None:
        if actor.kind != "person" or not actor.entry.startswith("person "):
            return None
        key = actor.entry[len("person ") :]
        for p in self.cb.people:
            if p.key == key:
                return p
        return None


# What each class of definite description in the lexicon's ``anaphors`` may point back
# to; classes not listed here point to countries ("the country", "the regime").
_ANAPHOR_KINDS: dict[str, set[str]] = {
    "group": {"group", "organization"},  # "the group", "the movement": Hamas, HRW
    "organization": {"organization"},
}


def _is_locative(sent: Sentence, i: int, place_nouns: frozenset[str] = frozenset()) -> bool:
    """The phrase names a place: "in Nairobi", "near Mosul", "the centre *of Kharkiv*"."""
    toks = sent.tokens
    if toks[i].deprel not in ("obl", "nmod"):
        return False
    cases = [toks[c].lower for c in sent.children(i) if toks[c].deprel == "case"]
    if any(c in LOCATIVE for c in cases):
        return True
    head = toks[i].head
    return cases == ["of"] and head != ROOT and toks[head].lemma in place_nouns


def _np_tokens(sent: Sentence, head: int) -> list[int]:
    """The tokens naming the phrase headed by ``head`` (no clauses, no other PPs)."""
    toks = sent.tokens
    out = [head]
    stack = [head]
    while stack:
        h = stack.pop()
        for c in sent.children(h):
            rel = toks[c].deprel
            if rel in _NP_DEPS or (rel == "nmod" and _is_of_title(sent, c)):
                if rel == "punct" and c > max(out) + 1:
                    continue
                if rel == "case" and c < h and h == head:  # the phrase's own preposition
                    continue
                out.append(c)
                stack.append(c)
    out.sort()
    # Trim leading/trailing punctuation.
    while len(out) > 1 and toks[out[0]].upos == "PUNCT":
        out.pop(0)
    while len(out) > 1 and toks[out[-1]].upos == "PUNCT":
        out.pop()
    return out


def _is_of_title(sent: Sentence, i: int) -> bool:
    """ "Secretary *of State*", "Minister *of Defence*": part of a title, not an owner."""
    toks = sent.tokens
    cases = [toks[c].lemma for c in sent.children(i) if toks[c].deprel == "case"]
    head = toks[i].head
    return (
        cases == ["of"] and head != ROOT and toks[head].upos == "PROPN" and toks[i].upos == "PROPN"
    )


def _conjuncts(sent: Sentence, i: int) -> list[int]:
    """Tokens conjoined to ``i`` ("Nigeria and *Niger*"), recursively, without ``i``."""
    toks = sent.tokens
    out: list[int] = []
    stack = [i]
    while stack:
        for c in sent.children(stack.pop()):
            if toks[c].deprel == "conj" and c not in out:
                out.append(c)
                stack.append(c)
    return out


def _contiguous_runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _closest(hits: list[_NameHit], head: int) -> _NameHit:
    """Prefer the hit that contains the head, else the nearest one before it."""
    for h in hits:
        if h.start_tok <= head <= h.end_tok:
            return h
    before = [h for h in hits if h.end_tok < head]
    if before:
        return max(before, key=lambda h: h.end_tok)
    return min(hits, key=lambda h: h.start_tok)
