"""Date and location accuracy: gold validation, scoring on hand-built events, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import eventcoder as ec
from eventcoder.cli import app
from eventcoder.evaluate.gold import GoldError, GoldEvent, GoldRecord, read_jsonl
from eventcoder.evaluate.report import render_report
from eventcoder.evaluate.scorer import score
from eventcoder.evaluate.text import markdown
from eventcoder.evaluate.when_where import parse_location, predicted_date
from eventcoder.records import Event, LocationRef
from tests.test_evaluate_scorer import ev

FIXTURES = Path(__file__).parent / "fixtures" / "gold"
WHEN_WHERE = FIXTURES / "when_where.jsonl"
MINI = FIXTURES / "mini.jsonl"
STORY = dt.date(2023, 5, 26)  # a Friday
runner = CliRunner()


@pytest.fixture(scope="module")
def book() -> ec.Codebook:
    return ec.load_codebook()


def at(
    code: str,
    when: dt.date | None = STORY,
    precision: str = "day",
    place: tuple[str, str | None] | None = None,
) -> Event:
    """A predicted event with a date and, if given, a place (name, country)."""
    loc = LocationRef(name=place[0], country=place[1]) if place else None
    return ev(code, "FRA", "DEU").model_copy(
        update={
            "story_date": STORY,
            "event_date": when,
            "date_precision": precision,
            "location": loc,
        }
    )


def gold_at(
    *dates_places: tuple[str | None, str | None], code: str = "040", rid: str = "r"
) -> GoldRecord:
    """A gold record with one ``code`` event per (date, location)."""
    return GoldRecord(
        id=rid,
        text="Some sentence.",
        date=STORY,
        events=tuple(
            GoldEvent(source="FRA", target="DEU", code=code, date=d, location=loc)
            for d, loc in dates_places
        ),
    )


def attrs(result: ec.EvaluationResult) -> dict[str, tuple[int, int, int]]:
    """attribute -> (annotated, scored, correct)."""
    return {s.attribute: (s.annotated, s.scored, s.correct) for s in result.when_where}


# -- gold validation ------------------------------------------------------------------


def write(path: Path, events: list[dict[str, object]]) -> Path:
    rows = [
        {"id": f"r{n}", "text": "t", "date": "2023-05-26", "events": [e]}
        for n, e in enumerate(events, start=1)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_gold_dates_and_locations_accepted(tmp_path, book):
    good = [
        {"date": "2017-11-29", "location": "Vienna, AUT"},
        {"date": "2017-11", "location": "AUT"},
        {"date": "2017", "location": "Sea of Japan"},
        {"date": "2020-W53", "location": "Dili, TMP"},  # 2020 has 53 ISO weeks
        {},
    ]
    events = [{"source": "USA", "target": None, "code": "040", **e} for e in good]
    records = read_jsonl(write(tmp_path / "g.jsonl", events), book)
    assert [(r.events[0].date, r.events[0].location) for r in records] == [
        ("2017-11-29", "Vienna, AUT"),
        ("2017-11", "AUT"),
        ("2017", "Sea of Japan"),
        ("2020-W53", "Dili, TMP"),
        (None, None),
    ]
    assert parse_location("Vienna, AUT") == parse_location("Vienna, AUT")
    assert (parse_location("AUT").name, parse_location("AUT").country) == (None, "AUT")
    assert (parse_location("Sea of Japan").name, parse_location("Sea of Japan").country) == (
        "Sea of Japan",
        None,
    )


BAD = [
    ({"date": "29/11/2017"}, "events[0].date: date '29/11/2017' is not YYYY-MM-DD, YYYY-MM"),
    ({"date": "2017-13"}, "events[0].date: date '2017-13' is not a calendar date"),
    ({"date": "2017-02-30"}, "events[0].date: date '2017-02-30' is not a calendar date"),
    ({"date": "2021-W53"}, "events[0].date: date '2021-W53' is not a calendar date"),
    ({"date": 2017}, "events[0].date: Input should be a valid string"),
    ({"location": "Vienna,AUT"}, "events[0].location: location 'Vienna,AUT' is not 'Place, ISO'"),
    ({"location": "Vienna, Austria"}, "events[0].location: location 'Vienna, Austria' is not"),
    ({"location": "Sea of Japan, "}, "events[0].location: location 'Sea of Japan, ' is empty or"),
    ({"location": ", AUT"}, "events[0].location: location ', AUT' is not 'Place, ISO'"),
    ({"location": ""}, "events[0].location: location '' is empty"),
    ({"location": "Vienna, XYZ"}, "events[0].location: unknown country code 'XYZ'"),
    ({"location": "XYZ"}, "events[0].location: unknown country code 'XYZ' in location 'XYZ'"),
]


def test_bad_gold_dates_and_locations_are_located(tmp_path, book):
    events = [{"source": "USA", "target": None, "code": "040", **e} for e, _ in BAD]
    path = write(tmp_path / "g.jsonl", events)
    with pytest.raises(GoldError) as info:
        read_jsonl(path, book)
    issues = [str(i) for i in info.value.issues]
    assert len(issues) == len(BAD), issues
    for n, (_, message) in enumerate(BAD, start=1):
        assert issues[n - 1].startswith(f"{path}:{n}: r{n}: {message}"), (n, issues[n - 1])


def test_cli_reports_bad_gold_dates(tmp_path):
    path = write(
        tmp_path / "g.jsonl",
        [{"source": "USA", "target": None, "code": "040", "date": "2017-02-30"}],
    )
    out = runner.invoke(app, ["evaluate", str(path)])
    assert out.exit_code == 1
    assert f"{path}:1: r1: events[0].date: date '2017-02-30' is not a calendar date" in out.stderr


def test_the_dev_gold_annotates_dates_and_places(book):
    records = read_jsonl(Path(__file__).parent.parent / "data" / "gold" / "dev.jsonl", book)
    events = [e for r in records for e in r.events]
    assert sum(e.date is not None for e in events) > 300
    assert sum(e.location is not None for e in events) > 150


# -- scoring on hand-built events -----------------------------------------------------


def test_predicted_date_at_each_precision():
    assert predicted_date(at("040")) == "2023-05-26"
    assert predicted_date(at("040", dt.date(2023, 5, 1), "month")) == "2023-05"
    assert predicted_date(at("040", dt.date(2023, 1, 1), "year")) == "2023"
    assert predicted_date(at("040", dt.date(2023, 5, 22), "week")) == "2023-W21"
    assert predicted_date(at("040", STORY, "story")) == "2023-05-26"
    assert predicted_date(at("040", None, "story")) == "2023-05-26"  # the story date
    assert predicted_date(ev("040")) is None  # no date at all


def test_date_accuracy_hand_computed():
    records = [
        gold_at(("2023-05-26", None), rid="right"),
        gold_at(("2023-05-26", None), rid="wrong-precision"),
        gold_at(("2023-05-26", None), rid="wrong-day"),
        gold_at(("2023-05", None), rid="month"),
        gold_at(("2023-W21", None), rid="week"),
        gold_at(("2023-05-26", None), rid="story"),
        gold_at(("2023-05-26", None), rid="missing"),
        gold_at(("2023-05-26", None), rid="other-root"),
        gold_at((None, None), rid="not-annotated"),
    ]
    predictions = [
        [at("040")],
        [at("040", dt.date(2023, 5, 1), "month")],  # right month, gold says the day
        [at("040", dt.date(2023, 5, 25))],
        [at("043", dt.date(2023, 5, 1), "month")],  # same root, other code: still scored
        [at("040", dt.date(2023, 5, 22), "week")],
        [at("040", STORY, "story")],  # the story date, and the gold's day is the story's
        [],
        [at("190")],  # paired by explain, but not the same root: not scored
        [at("040", dt.date(2020, 1, 1))],
    ]
    result = score(records, predictions, None, resamples=0)
    date = result.attribute("date")
    assert (date.annotated, date.scored, date.correct, date.not_scored) == (8, 6, 4, 2)
    assert date.accuracy == pytest.approx(4 / 6)
    by_id = {r.record.id: r.checks for r in result.records}
    assert (
        by_id["wrong-precision"][0].found == "2023-05" and not by_id["wrong-precision"][0].correct
    )
    assert by_id["wrong-day"][0].found == "2023-05-25"
    assert by_id["missing"][0].predicted is None and not by_id["missing"][0].scored
    assert by_id["other-root"][0].predicted is None
    assert by_id["not-annotated"] == []
    assert attrs(result)["country"] == (0, 0, 0)  # no location annotated


def test_location_accuracy_hand_computed():
    records = [
        gold_at((None, "AUT"), rid="country-only-right"),
        gold_at((None, "AUT"), rid="country-only-other-country"),
        gold_at((None, "AUT"), rid="country-only-no-location"),
        gold_at((None, "Vienna, AUT"), rid="place-right"),
        gold_at((None, "Vienna, AUT"), rid="place-other-town"),
        gold_at((None, "Vienna, AUT"), rid="place-other-country"),
        gold_at((None, "Sea of Japan"), rid="sea"),
        gold_at((None, "Vienna, AUT"), rid="missing"),
    ]
    predictions = [
        [at("040", place=("Vienna", "AUT"))],  # more specific than the gold, same country
        [at("040", place=("Munich", "DEU"))],
        [at("040")],
        [at("040", place=("VIENNA", "AUT"))],  # names are compared without case
        [at("040", place=("Graz", "AUT"))],
        [at("040", place=("Vienna", "USA"))],
        [at("040", place=("sea of japan", None))],
        [],
    ]
    result = score(records, predictions, None, resamples=0)
    # country: every gold with a country (not the sea); place: every located gold event
    assert attrs(result)["country"] == (7, 6, 3)
    assert attrs(result)["place"] == (8, 7, 3)
    by_id = {r.record.id: {c.attribute: c for c in r.checks} for r in result.records}
    assert by_id["country-only-right"]["place"].correct
    assert not by_id["country-only-other-country"]["place"].correct
    assert by_id["place-right"]["place"].found == "VIENNA, AUT"
    assert by_id["place-other-town"]["country"].correct
    assert not by_id["place-other-town"]["place"].correct
    assert "country" not in by_id["sea"] and by_id["sea"]["place"].correct
    assert by_id["missing"]["place"].predicted is None


def test_place_names_match_through_the_gazetteer(book):
    records = [gold_at((None, "Falluja, IRQ"), rid="alias"), gold_at((None, "Bardhere, SOM"))]
    predictions = [
        [at("040", place=("Al Fallūjah", "IRQ"))],
        [at("040", place=("Baardheere", "SOM"))],  # doubled letters: no gazetteer needed
    ]
    assert attrs(score(records, predictions, None, resamples=0))["place"] == (2, 2, 1)
    assert attrs(score(records, predictions, book, resamples=0))["place"] == (2, 2, 2)


def test_outputs_carry_the_table_only_when_annotated():
    plain = score([gold_at((None, None))], [[at("040")]], None, resamples=0)
    assert "| attribute |" not in markdown(plain)
    assert "Dates and locations" not in render_report(plain)
    assert plain.to_dict()["records"][0]["when_where"] == []
    result = score([gold_at(("2023-05-26", "AUT"))], [[at("040")]], None, resamples=0)
    text = markdown(result)
    assert "| event date | 1.000 | 1 | 1 | 0 |" in text
    assert "| location: place | 0.000 | 0 | 1 | 0 |" in text
    data = json.loads(json.dumps(result.to_dict()))
    assert [r["attribute"] for r in data["when_where"]] == ["date", "country", "place"]
    assert data["when_where"][0] == {
        "attribute": "date",
        "label": "event date",
        "annotated": 1,
        "scored": 1,
        "correct": 1,
        "not_scored": 0,
        "accuracy": 1.0,
    }
    html = render_report(result)
    assert "<h2>Dates and locations</h2>" in html and 'class="when-where"' in html


# -- the real coder and the command line ----------------------------------------------


def test_real_coder_dates_and_places(coder):
    result = ec.evaluate(coder, WHEN_WHERE, resamples=0)
    checks = {r.record.id: r.checks for r in result.records}
    assert [(c.attribute, c.expected, c.found, c.correct) for c in checks["ww-1"]] == [
        ("date", "2023-06-21", "2023-06-21", True),
        ("country", "USA", "USA", True),
        ("place", "Washington, USA", "Washington, USA", True),
    ]
    assert checks["ww-4"][0].found == "2022-W09"  # "last week" at week precision
    assert checks["ww-5"][0].found == "2023-05"  # "in May" at month precision
    assert all(not c.scored for c in checks["ww-6"])  # nothing coded for it
    assert checks["ww-7"] == []
    for r in result.records:  # a check's value is its partner's, written the gold way
        for c in r.checks:
            if c.attribute == "date" and c.predicted is not None:
                assert c.found == predicted_date(r.predicted[c.predicted])
                assert c.correct == (c.found == c.expected)
    assert attrs(result)["date"][:2] == (8, 7)
    assert attrs(result)["place"][:2] == (7, 6)


def test_cli_markdown_has_the_date_and_location_table(coder):
    out = runner.invoke(app, ["evaluate", str(WHEN_WHERE), "--markdown", "--resamples", "0"])
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert lines[0] == "| level | precision | recall | F1 | gold | predicted |"
    head = lines.index("| attribute | accuracy | correct | scored | not scored |")
    last_level = max(i for i, line in enumerate(lines) if line.startswith("| PLOVER type |"))
    assert head > last_level  # the second table comes after the levels
    assert lines[head + 1] == "|---|---:|---:|---:|---:|"
    rows = [line.split(" | ")[0].lstrip("| ") for line in lines[head + 2 : head + 5]]
    assert rows == ["event date", "location: country", "location: place"]
    date_row = lines[head + 2].strip("|").split("|")
    assert [c.strip() for c in date_row][3:] == ["7", "1"]  # scored, not scored
    assert "paired with a prediction of the same root" in out.stdout
    plain = runner.invoke(app, ["evaluate", str(MINI), "--markdown", "--resamples", "0"])
    assert "| attribute |" not in plain.stdout  # no dates or places in that gold


def test_cli_terminal_and_json(coder):
    out = runner.invoke(app, ["evaluate", str(WHEN_WHERE), "--resamples", "0", "--errors", "0"])
    assert out.exit_code == 0, out.output
    assert "Dates and locations" in out.stdout and "location: place" in out.stdout
    out = runner.invoke(app, ["evaluate", str(WHEN_WHERE), "--json", "--resamples", "0"])
    data = json.loads(out.stdout)
    assert {r["attribute"]: r["annotated"] for r in data["when_where"]} == {
        "date": 8,
        "country": 7,
        "place": 7,
    }
