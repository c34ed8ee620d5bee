"""Event dates, historicity, locations and duplicates, on real parses with a pinned date."""

from __future__ import annotations

import datetime as dt

import pytest

import eventcoder as ec
from eventcoder.dates import DateResolver, EventDate, tense

STORY = dt.date(2017, 12, 7)  # a Thursday


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("on 9 May 2020", dt.date(2020, 5, 9), "day"),
        ("May 9, 2020", dt.date(2020, 5, 9), "day"),
        ("in May 2020", dt.date(2020, 5, 1), "month"),
        ("in 2008", dt.date(2008, 1, 1), "year"),
        ("late last month", dt.date(2017, 11, 1), "month"),
        ("in October", dt.date(2017, 10, 1), "month"),
        ("in December", dt.date(2017, 12, 1), "month"),
        ("in March", dt.date(2017, 3, 1), "month"),
        ("last week", dt.date(2017, 11, 27), "week"),
        ("this week", dt.date(2017, 12, 4), "week"),
        ("on Tuesday", dt.date(2017, 12, 5), "day"),
        ("on Thursday", dt.date(2017, 12, 7), "day"),
        ("two years ago", dt.date(2015, 1, 1), "year"),
        ("three months ago", dt.date(2017, 9, 1), "month"),
        ("a week ago", dt.date(2017, 11, 27), "week"),
        ("yesterday", dt.date(2017, 12, 6), "day"),
        ("today", dt.date(2017, 12, 7), "day"),
        ("last year", dt.date(2016, 1, 1), "year"),
        ("earlier this month", dt.date(2017, 12, 1), "month"),
    ],
)
def test_temporal_expressions(text, date, precision):
    found = DateResolver(STORY).resolve_text(text)
    assert found == EventDate(date, precision, text)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("from Jan. 8", dt.date(2018, 1, 8)),  # a future act in a December story
        ("on 3 December", dt.date(2018, 12, 3)),
        ("in March", dt.date(2018, 3, 1)),
        ("on Tuesday", dt.date(2017, 12, 12)),
        ("in December", dt.date(2017, 12, 1)),
    ],
)
def test_future_events_look_forward(text, date):
    assert DateResolver(STORY).resolve_text(text, future=True).date == date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # The weekday belongs to "said": last Tuesday, though the event is future.
        ("Germany will back Moldova's bid, Chancellor Olaf Scholz said on Tuesday.", "2017-12-05"),
        ("Germany will back Moldova's bid on Tuesday.", "2017-12-12"),
    ],
)
def test_a_future_event_reported_on_a_weekday(coder, text, date):
    events = coder.code(text, date=STORY.isoformat())
    assert events and {e.event_date.isoformat() for e in events} == {date}


def test_expressions_that_are_not_dates():
    resolver = DateResolver(STORY)
    for text in ("in six years", "for two months", "the first time"):
        assert resolver.resolve_text(text) is None, text


def test_that_year_refers_back():
    resolver = DateResolver(STORY)
    assert resolver.resolve_text("in 2008") is not None
    resolver.context.remember(EventDate(dt.date(2008, 1, 1), "year", "in 2008"))
    assert resolver.resolve_text("that year") == EventDate(dt.date(2008, 1, 1), "year", "that year")


def test_tense():
    month = EventDate(dt.date(2017, 11, 1), "month")
    assert tense(month, STORY, False, False, 90) == "current"
    assert tense(EventDate(dt.date(2008, 1, 1), "year"), STORY, False, False, 90) == "historical"
    assert tense(EventDate(STORY, "story"), STORY, True, False, 90) == "future"
    assert tense(EventDate(STORY, "story"), STORY, False, True, 90) == "ongoing"


def test_event_dates_on_sentences(coder):
    events = coder.code(
        "On 9 May 2020, Iran fired missiles at US bases in Iraq.", date="2020-06-01"
    )
    assert events and events[0].event_date == dt.date(2020, 5, 9)
    assert events[0].date_precision == "day"
    undated = coder.code("Iran fired missiles at US bases in Iraq.", date="2020-06-01")
    assert undated[0].event_date == dt.date(2020, 6, 1)
    assert undated[0].date_precision == "story"


def test_wrapper_clause_dates_the_event(coder):
    events = coder.code(
        "In October, US President Donald Trump announced he would not re-certify the deal "
        "signed by Iran.",
        date=STORY,
    )
    rejection = [e for e in events if e.root == "12"]
    assert rejection and rejection[0].event_date == dt.date(2017, 10, 1)
    assert rejection[0].date_precision == "month"


def test_historical_event(coder):
    events = coder.code("In 2003, the United States invaded Iraq.", date="2017-12-07")
    assert events and events[0].tense == "historical"


def test_future_event(coder):
    events = coder.code("Putin will visit China next month.", date="2019-03-01")
    assert events and events[0].tense == "future" and events[0].future


def test_gazetteer(coder):
    gaz = coder.codebook.gazetteer
    vienna = gaz.best("Vienna", [])
    assert vienna and vienna.country == "AUT" and vienna.latitude is not None
    sea = gaz.best("Sea of Japan", [])
    assert sea and sea.kind == "sea" and sea.country is None
    assert gaz.best("Bardhere", []).country == "SOM"
    assert gaz.best("Zamfara", []).country == "NGA"
    assert gaz.best("Nowhereville", []) is None


def test_location_from_the_clause(coder):
    events = coder.code(
        "Russian troops shelled the town of Izium in eastern Ukraine on Tuesday.",
        date="2022-04-20",
    )
    located = [e for e in events if e.location]
    assert located and located[0].location.country == "UKR"


def test_location_in_the_vicinity(coder):
    events = coder.code(
        "Al-Shabaab fighters attacked a military base in the vicinity of Bardhere.",
        date="2020-01-05",
    )
    located = [e for e in events if e.location]
    assert located and located[0].location.name == "Baardheere"
    assert located[0].location.country == "SOM"


def test_no_place_no_location(coder):
    events = coder.code("The United States imposed sanctions on Iran.", date="2019-05-08")
    assert events and all(e.location is None for e in events)


def test_place_gives_agents_their_country(coder):
    events = coder.code("Police fired tear gas at protesters in Nairobi.", date="2021-05-01")
    assert events and events[0].source.code == "KENCOP"


def test_a_region_named_before_its_noun_gives_agents_their_country(coder):
    events = coder.code("Armed herdsmen attacked a village in Benue state.", date="2023-03-01")
    assert events and events[0].source.code == "NGAAGR"
    events = coder.code("Rebels killed 12 civilians in North Kivu.", date="2023-03-01")
    assert events and events[0].source.code == "CODREB"


def test_dedupe_within_a_document(coder):
    events = coder.code(
        "North Korea fired a ballistic missile on Tuesday. "
        "The missile was fired by North Korea from a site near Pyongyang.",
        date="2017-11-29",
    )
    launches = [e for e in events if e.code == "150"]
    assert len(launches) >= 2
    merged = ec.dedupe(launches, window=1)
    assert len(merged) == 1
    assert merged[0].mentions == len(launches)
    assert len(merged[0].evidence) == len(launches)


def test_dedupe_keeps_different_events_apart(coder):
    events = coder.code(
        "The United States imposed sanctions on Iran. Iran condemned the United States.",
        date="2019-05-08",
    )
    assert len(ec.dedupe(events)) == len(events)


def test_dedupe_across_documents(coder):
    docs = [
        ("The United States imposed sanctions on Iran.", "2019-05-08", "a"),
        ("The United States imposed new sanctions on Iran.", "2019-05-08", "b"),
    ]
    events = [e for batch in coder.code_many(docs) for e in batch]
    assert len(ec.dedupe(events)) == 2
    assert len(ec.dedupe(events, across_documents=True)) == 1


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a place on the subject, when the clause names none
        ("Police in Istanbul detained more than 200 people on Sunday.", ("Istanbul", "TUR")),
        # the clause's own place wins over the subject's
        ("Authorities in Ladakh eased the curfew in Leh on Saturday.", ("Leh", "IND")),
        # a town an event goes to
        ("Saudi Arabia's foreign minister travelled to Tehran for talks.", ("Tehran", "IRN")),
        # a country after "to" is the target, not the place
        ("Ukraine appealed to Germany for more air defence systems.", None),
        # "Camp David" is not the Panamanian town of David
        ("Israeli and Palestinian leaders began peace talks at Camp David.", None),
        # a name's first word alone is no place: "North Kivu" is not "North"
        ("Rebels attacked an army base in North Kivu on Sunday.", ("North Kivu", "COD")),
        # the place a place noun is "of"; the region that qualifies it when unknown
        (
            "Soldiers executed civilians in the Amhara town of Merawi, witnesses said.",
            ("Mer’āwī", "ETH"),
        ),
        (
            "Israeli forces demolished homes in the West Bank village of Masafer Yatta.",
            ("West Bank", "PSE"),
        ),
        # a lower-case qualifier the parser calls a name; a state named before its noun
        (
            "Turkey and Greece traded accusations over drilling rights in the eastern "
            "Mediterranean.",
            ("Mediterranean Sea", None),
        ),
        ("Gunmen abducted 20 students from a school in Kaduna state.", ("Kaduna", "NGA")),
    ],
)
def test_where_the_clause_or_its_subject_says(coder, text, place):
    events = coder.code(text, date="2023-05-14")
    assert events
    for e in events:
        assert (e.location and (e.location.name, e.location.country)) == place, e
