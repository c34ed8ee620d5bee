"""Acceptance: the article the project was born from, on the real parser and codebook."""

from __future__ import annotations

import pytest

import eventcoder as ec
from tests.conftest import shared_dir, triples

STORY_DATE = "2017-12-07"


@pytest.fixture(scope="module")
def article() -> str:
    path = shared_dir() / "examples" / "korea_2017_article.txt"
    assert path.is_file(), f"{path} not found: set EVENTCODER_SHARED to the project's shared folder"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def events(coder: ec.Coder, article: str) -> list[ec.Event]:
    return coder.code(article, date=STORY_DATE, doc_id="korea-2017")


def find(events: list[ec.Event], code: str, src: str | None = None, tgt: str | None = None):
    return [
        e
        for e in events
        if e.code == code
        and (src is None or (e.source and e.source.country == src))
        and (tgt is None or (e.target and e.target.country == tgt))
    ]


def test_north_korea_open_to_talks_reported_by_russia(events):
    found = find(events, "036", "PRK", "USA")
    assert found, triples(events)
    assert any(e.reported_by and e.reported_by.country == "RUS" for e in found)


def test_russia_ready_to_facilitate_negotiations_is_intent_to_mediate(events):
    found = find(events, "039", "RUS")
    assert found, triples(events)
    assert "ready" in found[0].sentence


def test_un_visit_to_north_korea(events):
    found = find(events, "042", "IGO", "PRK")
    assert found and found[0].source.code == "IGOUNO"


def test_icbm_launch_is_a_show_of_force(events):
    found = find(events, "150", "PRK")
    assert found and "launched" in found[0].sentence


def test_new_sanctions_on_the_country_resolve_to_north_korea(events):
    found = find(events, "163", "USA", "PRK")
    assert found
    assert found[0].target.text == "the country"


def test_insults_both_ways(events):
    assert find(events, "111", "USA", "PRK")
    assert find(events, "111", "PRK", "USA")


def test_would_not_recertify_is_a_rejection_never_intent(events):
    iran = [
        e
        for e in events
        if e.source and e.source.country == "USA" and e.target and e.target.country == "IRN"
    ]
    assert any(e.root == "12" for e in iran), triples(events)
    assert not any(e.root == "03" for e in iran)
    rejection = next(e for e in iran if e.root == "12")
    assert rejection.negated and rejection.status == "asserted"


def test_page_furniture_gives_no_event(coder: ec.Coder, article: str):
    furniture = (
        "Your support helps",
        "Join our",
        "Join thought",
        "Your donation",
        "Comments",
        "The Independent is trusted",
        "At such a critical moment",
    )
    lines = [line for line in article.splitlines() if line.startswith(furniture)]
    assert len(lines) >= 6
    for line in lines:
        assert coder.code(line, date=STORY_DATE) == [], line


def test_every_event_points_into_the_article(events, article):
    for e in events:
        assert article[e.predicate_start : e.predicate_end] == e.predicate
        for ref in (e.source, e.target):
            if ref is not None and ref.start >= 0:
                assert article[ref.start : ref.end] == ref.text


def test_headline_speaker_after_the_verb(events):
    """'North Korea open to direct talks with US, says Russia': Russia speaks."""
    headline = [e for e in events if e.sentence.startswith("North Korea open to direct talks")]
    assert headline, triples(events)
    assert all(e.source.country != "PRK" or e.code != "010" for e in headline)


# When and where (issue 7), story date 2017-12-07.


def test_icbm_launch_dated_november_2017(events):
    launch = find(events, "150", "PRK")
    assert launch, triples(events)
    assert all(str(e.event_date).startswith("2017-11") for e in launch)
    assert {e.date_precision for e in launch} == {"month"}


def test_nuclear_deal_rejection_dated_october_2017(events):
    rejection = find(events, "127", "USA", "IRN")
    assert rejection, triples(events)
    assert str(rejection[0].event_date).startswith("2017-10")


def test_2008_removal_from_the_terror_list_is_historical(coder_all: ec.Coder, article: str):
    # Nobody is named as the remover, so the event has no source: ask for those too.
    events = coder_all.code(article, date=STORY_DATE)
    removal = [e for e in events if e.predicate == "removed"]
    assert removal, triples(events)
    assert removal[0].target.country == "PRK"
    assert removal[0].tense == "historical"
    assert str(removal[0].event_date).startswith("2008")


def test_events_said_at_the_vienna_summit_are_located_in_vienna(events):
    vienna = [e for e in events if "summit in Vienna" in e.sentence]
    assert vienna, triples(events)
    for e in vienna:
        assert e.location is not None and e.location.name == "Vienna"
        assert e.location.country == "AUT"


def test_unplaced_events_have_no_location(events):
    assert find(events, "163", "USA", "PRK")[0].location is None
