"""Date and location accuracy: the gold values, their checks, and how predictions compare.

A gold event may carry its own ``date`` and ``location`` where the text states when or
where it happened (``docs/gold-format.md``):

* ``date``: ``2017-11-29`` (day), ``2017-11`` (month), ``2017`` (year) or ``2017-W48``
  (ISO week), at the precision the text gives;
* ``location``: ``Vienna, AUT`` (a place and its ISO-3 country), ``AUT`` (the country
  only) or ``Sea of Japan`` (a place in no country: seas, straits, lakes on borders).

They are scored over the gold events that :func:`~eventcoder.evaluate.matching.explain`
paired (one to one, root first) with a prediction **of the same CAMEO root**; an
annotated gold event without such a partner is counted as *not scored*. This module
imports nothing of :mod:`eventcoder.evaluate` at run time, so the gold models can use
its checks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventcoder.places import skeleton

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook
    from eventcoder.evaluate.gold import GoldEvent, GoldRecord
    from eventcoder.evaluate.results import AttributeCheck, AttributeScore, RecordResult
    from eventcoder.records import Event, LocationRef

_GOLD_DATE = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?|-W(?P<week>\d{2}))?$"
)
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_PLACE = re.compile(r"^(?P<name>[^,]*[^,\s]), (?P<country>[A-Z]{3})$")

#: The attributes scored, in table order, with their labels.
ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("date", "event date"),
    ("country", "location: country"),
    ("place", "location: place"),
)


# -- gold values ----------------------------------------------------------------------


def check_gold_date(value: str) -> str:
    """``value`` if it is a valid gold event date, else :class:`ValueError` saying why."""
    m = _GOLD_DATE.match(value)
    if not m:
        raise ValueError(
            f"date {value!r} is not YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www (an ISO week)"
        )
    year, month, day, week = (
        int(g) if g else None for g in m.group("year", "month", "day", "week")
    )
    assert year is not None
    try:
        if week is not None:
            dt.date.fromisocalendar(year, week, 1)
        else:
            dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"date {value!r} is not a calendar date ({exc})") from exc
    return value


@dataclass(frozen=True, slots=True)
class GoldLocation:
    """A parsed gold location: a place name, its country, or both."""

    name: str | None  # None: the country only
    country: str | None  # None: a place in no country (a sea, a strait)


def parse_location(value: str) -> GoldLocation:
    """``Vienna, AUT`` / ``AUT`` / ``Sea of Japan``; :class:`ValueError` when malformed."""
    if value != value.strip() or not value:
        raise ValueError(f"location {value!r} is empty or has surrounding spaces")
    if _COUNTRY.match(value):
        return GoldLocation(None, value)
    if "," not in value:
        return GoldLocation(value, None)
    m = _PLACE.match(value)
    if not m:
        raise ValueError(
            f"location {value!r} is not 'Place, ISO' (one comma, then a 3-letter country "
            "code such as 'Vienna, AUT'), 'AUT' or a place with no country ('Sea of Japan')"
        )
    return GoldLocation(m.group("name"), m.group("country"))


def country_codes(codebook: Codebook) -> frozenset[str]:
    """The country codes a codebook knows (what a gold location may name)."""
    return frozenset(a.code for a in codebook.countries if a.kind == "country")


def check_gold_location(value: str, codebook: Codebook | None = None) -> str:
    """``value`` if it is a valid gold location (country known to ``codebook``)."""
    loc = parse_location(value)
    if loc.country is not None and codebook is not None:
        known = country_codes(codebook)
        if known and loc.country not in known:
            raise ValueError(
                f"unknown country code {loc.country!r} in location {value!r} "
                f"(not a country of codebook {codebook.name!r})"
            )
    return value


# -- predictions ----------------------------------------------------------------------


def predicted_date(e: Event) -> str | None:
    """A predicted event's date written at its own precision, as gold writes dates.

    ``day`` and ``story`` give ``YYYY-MM-DD``, ``month`` ``YYYY-MM``, ``year`` ``YYYY``
    and ``week`` the ISO week ``YYYY-Www`` of the week's first day. An event with no
    date of its own is at its story date; with neither, there is nothing to compare.
    """
    when = e.event_date or e.story_date
    if when is None:
        return None
    if e.date_precision == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if e.date_precision == "year":
        return f"{when.year:04d}"
    if e.date_precision == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return when.isoformat()


def predicted_location(loc: LocationRef | None) -> str | None:
    """A predicted location written as gold writes locations."""
    if loc is None:
        return None
    return f"{loc.name}, {loc.country}" if loc.country else loc.name


def same_name(gold: str, loc: LocationRef, book: Codebook | None) -> bool:
    """Whether a gold place name names the predicted place.

    Names are compared as the gazetteer compares spellings (no case, accents,
    punctuation, spaces or doubled letters: ``Bardhere`` = ``Baardheere``); with a
    codebook, a name that is another name of the same gazetteer entry also matches
    (``Falluja`` names ``Al Fallūjah``).
    """
    if skeleton(gold) == skeleton(loc.name):
        return True
    if book is None:
        return False
    return any(
        skeleton(p.name) == skeleton(loc.name) and p.country == loc.country
        for p in book.gazetteer.lookup(gold)
    )


def date_correct(gold: str, e: Event) -> bool:
    """The predicted date at the predicted precision is the gold date."""
    return predicted_date(e) == gold


def country_correct(gold: GoldLocation, e: Event) -> bool:
    """The predicted location lies in the gold country."""
    return e.location is not None and e.location.country == gold.country


def place_correct(gold: GoldLocation, e: Event, book: Codebook | None) -> bool:
    """The predicted location is the gold place.

    A country-only gold is right when the prediction lies in that country (whatever
    place in it it names: the text does not say more, so a town there is no error); a
    named gold place needs the same name, and the same country when the gold has one.
    """
    loc = e.location
    if loc is None:
        return False
    if gold.name is None:
        return loc.country == gold.country
    if gold.country is not None and loc.country != gold.country:
        return False
    return same_name(gold.name, loc, book)


# -- scoring --------------------------------------------------------------------------


def same_root_partners(
    record: GoldRecord,
    predicted: Sequence[Event],
    pairs: Sequence[tuple[int, int]],
    book: Codebook | None,
) -> dict[int, int]:
    """Gold index -> predicted index, for the pairs that agree on the CAMEO root."""
    from eventcoder.evaluate.levels import gold_root

    return {
        gi: pi
        for gi, pi in pairs
        if (root := gold_root(record.events[gi], book)) is not None and root == predicted[pi].root
    }


def event_checks(
    gi: int, g: GoldEvent, partner: Event | None, pi: int | None, book: Codebook | None
) -> list[AttributeCheck]:
    """The date, country and place checks of one gold event (those it annotates)."""
    from eventcoder.evaluate.results import AttributeCheck

    out: list[AttributeCheck] = []
    if g.date is not None:
        found = predicted_date(partner) if partner is not None else None
        ok = partner is not None and date_correct(g.date, partner)
        out.append(AttributeCheck("date", gi, pi, g.date, found, ok))
    if g.location is not None:
        loc = parse_location(g.location)
        where = predicted_location(partner.location) if partner is not None else None
        if loc.country is not None:
            ok = partner is not None and country_correct(loc, partner)
            country = partner.location.country if partner and partner.location else None
            out.append(AttributeCheck("country", gi, pi, loc.country, country, ok))
        ok = partner is not None and place_correct(loc, partner, book)
        out.append(AttributeCheck("place", gi, pi, g.location, where, ok))
    return out


def record_checks(
    record: GoldRecord,
    predicted: Sequence[Event],
    pairs: Sequence[tuple[int, int]],
    book: Codebook | None,
) -> list[AttributeCheck]:
    """Every date and location the record's gold annotates, checked against its partner.

    A check whose gold event has no same-root partner has ``predicted=None``: it is
    counted as annotated but not scored.
    """
    if not any(g.date or g.location for g in record.events):
        return []
    partners = same_root_partners(record, predicted, pairs, book)
    out: list[AttributeCheck] = []
    for gi, g in enumerate(record.events):
        pi = partners.get(gi)
        out += event_checks(gi, g, predicted[pi] if pi is not None else None, pi, book)
    return out


def attribute_scores(results: Sequence[RecordResult]) -> list[AttributeScore]:
    """Accuracy of dates, countries and places over all records' checks."""
    from eventcoder.evaluate.results import AttributeScore

    out = []
    for name, label in ATTRIBUTES:
        checks = [c for r in results for c in r.checks if c.attribute == name]
        scored = [c for c in checks if c.scored]
        out.append(
            AttributeScore(name, label, len(checks), len(scored), sum(c.correct for c in scored))
        )
    return out


__all__ = [
    "ATTRIBUTES",
    "GoldLocation",
    "attribute_scores",
    "check_gold_date",
    "check_gold_location",
    "parse_location",
    "predicted_date",
    "record_checks",
]
