"""When an event happened: its own date, precision and tense, relative to the story date.

The old coders stamped every event with the story's date, so "In October, Trump
announced ..." in a December story landed in December. Here the temporal expressions
attached to the event's clause (and to the clauses wrapping it: "In October, Trump
*announced* he would not re-certify ...") are resolved against the story date:

* absolute dates: "on 9 May 2020", "May 2020", "in 2008";
* relative ones: "yesterday", "on Tuesday", "last week", "late last month", "in October",
  "two years ago", "this month";
* anaphoric ones: "that year", "the same day" (the last date the document gave).

Each date has a precision (day, week, month, year) like ACLED's time precision; with no
expression the story date is used and the precision says ``story``. ``dateparser``
handles what the rules above do not recognise. The tense of the event (current,
historical, future, ongoing) follows from the date, the verb and the future flag.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from eventcoder.parsed import Sentence

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "several": 3, "a few": 3, "few": 3,
}  # fmt: skip
_TEMPORAL_WORDS = {
    "yesterday", "today", "tonight", "tomorrow", "week", "month", "year", "day", "ago",
    "decade", "weekend", "morning", "evening", "night", "afternoon", "earlier", "later",
    "recently", "overnight",
} | set(MONTHS) | set(WEEKDAYS)  # fmt: skip
_TIME_RELS = {"obl", "obl:npmod", "obl:tmod", "nmod:tmod", "advmod", "nmod", "obl:unmarked"}
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
PRECISIONS = ("day", "week", "month", "year", "story")


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's date: the first day of its period, the period, and the words."""

    date: dt.date | None
    precision: str  # day | week | month | year | story
    text: str = ""


@dataclass
class DateContext:
    """Dates the document has given so far, for "that year" and "the same day"."""

    last_year: int | None = None
    last_day: dt.date | None = None
    last_month: tuple[int, int] | None = None

    def remember(self, when: EventDate) -> None:
        if when.date is None or when.precision == "story":
            return
        self.last_year = when.date.year
        if when.precision in ("day", "week", "month"):
            self.last_month = (when.date.year, when.date.month)
        if when.precision == "day":
            self.last_day = when.date


class DateResolver:
    """Resolves event dates for one document, relative to its story date."""

    def __init__(self, story: dt.date | None) -> None:
        self.story = story
        self.context = DateContext()

    def for_predicates(self, sent: Sentence, preds: list[int], future: bool = False) -> EventDate:
        """The date of an event whose clause (and wrapping clauses) are ``preds``."""
        for pred in preds:
            # Only the event's own clause is future: in "X will back Y, Z said on
            # Tuesday" the Tuesday belongs to "said", last Tuesday.
            own_clause = pred == preds[0]
            for start, end in _time_phrases(sent, pred):
                words = [t.text for t in sent.tokens[start : end + 1]]
                text = " ".join(words)
                found = self.resolve_text(text, future and own_clause)
                if found is not None:
                    self.context.remember(found)
                    return found
        return EventDate(self.story, "story")

    def observe(self, sent: Sentence) -> None:
        """Remember dates a sentence states even if it codes no event.

        "North Korea was last on the list in 2008. It was removed that year ..." needs
        2008 from a sentence with no event of its own.
        """
        if self.story is None:
            return
        toks = sent.tokens
        i = 0
        while i < len(toks):
            if toks[i].ent == "DATE" or _YEAR.match(toks[i].text):
                j = i
                while j + 1 < len(toks) and toks[j + 1].ent == "DATE":
                    j += 1
                found = _absolute(" ".join(t.text for t in toks[i : j + 1]), self.story)
                if found is not None:
                    self.context.remember(found)
                i = j + 1
            else:
                i += 1

    def resolve_text(self, text: str, future: bool = False) -> EventDate | None:
        """A temporal expression to a dated period, or None if it names no date."""
        if self.story is None:
            return _absolute(text)
        found = _rules(text, self.story, self.context, future)
        if found is None and _dateparser_worthy(text):
            found = _dateparser(text, self.story)
        return found


def is_temporal(sent: Sentence, head: int) -> bool:
    """The phrase headed by ``head`` names a time ("on Tuesday", "last month").

    Time phrases look like obliques ("fired missiles on Tuesday") but never name an
    actor, so coding must not take them for a target.
    """
    tok = sent.tokens[head]
    return (
        tok.ent in ("DATE", "TIME") or tok.lower in _TEMPORAL_WORDS or bool(_YEAR.match(tok.text))
    )


def tense(
    when: EventDate,
    story: dt.date | None,
    future: bool,
    progressive: bool,
    historical_days: int,
) -> str:
    """current | historical | future | ongoing."""
    if when.date is not None and story is not None and when.precision != "story":
        end = _period_end(when)
        if (story - end).days > historical_days:
            return "historical"
        if when.date > story:
            return "future"
    if future:
        return "future"
    if progressive:
        return "ongoing"
    return "current"


def is_progressive(sent: Sentence, pred: int) -> bool:
    """ "are fighting", "is shelling": a present progressive predicate."""
    toks = sent.tokens
    if toks[pred].xpos != "VBG":
        return False
    return any(
        toks[c].deprel == "aux" and toks[c].lemma == "be" and toks[c].xpos in ("VBP", "VBZ")
        for c in sent.children(pred)
    )


# -- finding the expressions ---------------------------------------------------------


def _time_phrases(sent: Sentence, pred: int) -> list[tuple[int, int]]:
    """Token spans of temporal modifiers attached to a predicate, nearest first."""
    toks = sent.tokens
    out = []
    for c in sent.children(pred):
        if toks[c].deprel not in _TIME_RELS:
            continue
        span = sent.subtree(c)
        words = {toks[i].lower for i in span}
        if (
            words & _TEMPORAL_WORDS
            or any(_YEAR.match(toks[i].text) for i in span)
            or any(toks[i].ent == "DATE" for i in span)
        ):
            out.append((span[0], span[-1]))
    # A date entity elsewhere in a short clause ("Late last month, X launched ...").
    out.sort(key=lambda s: abs(s[0] - pred))
    return out


# -- rules ---------------------------------------------------------------------------


def _rules(text: str, story: dt.date, ctx: DateContext, future: bool) -> EventDate | None:
    t = " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split())
    words = t.split()
    if not words:
        return None
    ws = set(words)
    if {"that", "same"} & ws:
        if "year" in ws and ctx.last_year is not None and "this" not in ws:
            return EventDate(dt.date(ctx.last_year, 1, 1), "year", text)
        if "day" in ws and ctx.last_day is not None:
            return EventDate(ctx.last_day, "day", text)
        if "month" in ws and ctx.last_month is not None:
            return EventDate(dt.date(*ctx.last_month, 1), "month", text)
    if "yesterday" in ws:
        return EventDate(story - dt.timedelta(days=1), "day", text)
    if ws & {"today", "tonight"}:
        return EventDate(story, "day", text)
    if "tomorrow" in ws:
        return EventDate(story + dt.timedelta(days=1), "day", text)
    if "ago" in ws:
        return _ago(words, story, text)
    absolute = _absolute(text, story, future)
    if absolute is not None:
        return absolute
    for unit in ("week", "month", "year"):
        if unit in ws or f"{unit}s" in ws or (unit == "week" and "weekend" in ws):
            shift = -1 if "last" in ws or "past" in ws or "previous" in ws else 0
            shift = 1 if "next" in ws or "coming" in ws else shift
            if shift == 0 and not ({"this", "current"} & ws):
                continue
            return _relative_unit(unit, shift, story, text)
    for name, wd in WEEKDAYS.items():
        if name in ws:
            delta = (story.weekday() - wd) % 7
            day = story - dt.timedelta(days=delta)
            if future or "next" in ws:
                day = story + dt.timedelta(days=(wd - story.weekday()) % 7 or 7)
            return EventDate(day, "day", text)
    return None


def _ago(words: list[str], story: dt.date, text: str) -> EventDate | None:
    i = words.index("ago")
    if i < 1:
        return None
    unit = words[i - 1].rstrip("s")
    n_word = " ".join(words[max(0, i - 3) : i - 1])
    n = _number(words[i - 2]) if i >= 2 else 1
    if n is None:
        n = WORD_NUMBERS.get(n_word.split()[-1] if n_word else "a", 1)
    if unit == "day":
        return EventDate(story - dt.timedelta(days=n), "day", text)
    if unit == "week":
        return EventDate(_week_start(story - dt.timedelta(weeks=n)), "week", text)
    if unit == "month":
        y, m = _add_months(story.year, story.month, -n)
        return EventDate(dt.date(y, m, 1), "month", text)
    if unit == "year":
        return EventDate(dt.date(story.year - n, 1, 1), "year", text)
    if unit == "decade":
        return EventDate(dt.date(story.year - 10 * n, 1, 1), "year", text)
    return None


def _absolute(text: str, story: dt.date | None = None, future: bool = False) -> EventDate | None:
    """Dates with a month name or a year: "9 May 2020", "May 9", "in October", "in 2008".

    Without a year, a month is the latest one up to the story date, or for a future
    event ("will scrap quarantine from Jan. 8" in a December story) the next one.
    """
    t = re.sub(r"[^\w\s]", " ", text.lower())
    words = t.split()
    month = None
    for i, w in enumerate(words):
        if w in MONTHS and (w != "may" or _looks_like_month_may(words, i)):
            month = MONTHS[w]
            break
    year = next((int(w) for w in words if _YEAR.match(w)), None)
    day = next(
        (
            int(w.rstrip("stndrh"))
            for w in words
            if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", w) and 1 <= int(re.sub(r"\D", "", w)) <= 31
        ),
        None,
    )
    if month is None and year is None:
        return None
    if month is None:
        assert year is not None
        return EventDate(dt.date(year, 1, 1), "year", text)
    if year is None:
        if story is None:
            return None
        year = story.year
        # "in October" in a December story is this October; in a March story, last year's.
        if future or "next" in words:
            if (month, day or 31) < (story.month, story.day):
                year += 1
        elif (month, day or 1) > (story.month, story.day):
            year -= 1
    if day is not None:
        try:
            return EventDate(dt.date(year, month, day), "day", text)
        except ValueError:
            return None
    return EventDate(dt.date(year, month, 1), "month", text)


def _looks_like_month_may(words: list[str], i: int) -> bool:
    """ "May" the month ("on 9 May", "in May") and not the modal verb."""
    near = words[max(0, i - 1) : i + 2]
    return any(re.fullmatch(r"\d{1,4}(st|nd|rd|th)?", w) for w in near) or (
        i > 0 and words[i - 1] in ("in", "early", "late", "mid", "since", "until")
    )


def _relative_unit(unit: str, shift: int, story: dt.date, text: str) -> EventDate:
    if unit == "week":
        return EventDate(_week_start(story + dt.timedelta(weeks=shift)), "week", text)
    if unit == "month":
        y, m = _add_months(story.year, story.month, shift)
        return EventDate(dt.date(y, m, 1), "month", text)
    return EventDate(dt.date(story.year + shift, 1, 1), "year", text)


def _dateparser_worthy(text: str) -> bool:
    """Only hand dateparser text that names a date ("in six years" does not)."""
    words = set(re.sub(r"[^\w\s]", " ", text.lower()).split())
    return any(c.isdigit() for c in text) or bool(words & (set(MONTHS) | set(WEEKDAYS)))


def _dateparser(text: str, story: dt.date) -> EventDate | None:
    """Fallback for expressions the rules do not know (lazy import: it is slow)."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a core dependency
        return None
    settings = {
        "RELATIVE_BASE": dt.datetime(story.year, story.month, story.day),
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
        "REQUIRE_PARTS": [],
    }
    parser = dateparser.date.DateDataParser(languages=["en"], settings=settings)
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    period = data.period if data.period in ("day", "week", "month", "year") else "day"
    when = data.date_obj.date()
    if period == "month":
        when = when.replace(day=1)
    elif period == "year":
        when = when.replace(month=1, day=1)
    elif period == "week":
        when = _week_start(when)
    return EventDate(when, period, text)


# -- arithmetic ------------------------------------------------------------------------


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return WORD_NUMBERS.get(word)


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _add_months(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _period_end(when: EventDate) -> dt.date:
    assert when.date is not None
    d = when.date
    if when.precision == "week":
        return d + dt.timedelta(days=6)
    if when.precision == "month":
        return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    if when.precision == "year":
        return dt.date(d.year, 12, 31)
    return d


__all__ = ["DateResolver", "EventDate", "is_progressive", "tense"]
