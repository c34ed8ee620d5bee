"""``Coder.explain`` and ``eventcoder explain``: the reasons a sentence gave no event."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.explain import render_text

runner = CliRunner()
NEGATED = "The army did not attack the rebels."
UNKNOWN = "Zorblatt officials condemned the attack."
UNKNOWN_ALONE = "Zorblatt condemned the attack."


def test_negated_sentence_says_negated(coder):
    report = coder.explain(NEGATED, date="2020-01-01")
    [sent] = report["sentences"]
    assert report["events"] == 0 and sent["events"] == []
    [frame] = sent["frames"]
    assert frame["lemma"] == "attack" and frame["flags"]["negated"] is True
    [why] = sent["why_not"]
    assert why.startswith("190 from 'attack': negated: the predicate is negated")
    assert "emit filter" in why and "emit='all'" in why


def test_unknown_actor_says_not_in_dictionary(coder):
    [alone] = coder.explain(UNKNOWN_ALONE, date="2020-01-01")["sentences"]
    assert alone["events"] == []
    assert any(
        "source 'Zorblatt' has no actor code (no actor for 'Zorblatt': not in dictionary)" in w
        and "require_source=True" in w
        for w in alone["why_not"]
    )
    # With an agent noun the source gets a sector but no country: the note says why.
    [sent] = coder.explain(UNKNOWN, date="2020-01-01")["sentences"]
    [event] = sent["events"]
    assert event["source"]["code"] == "GOV"
    [note] = sent["notes"]
    assert note == (
        "source 'Zorblatt officials' was coded GOV from its other words alone, with no "
        "country: 'Zorblatt' is not in the actor dictionary (add it to the codebook's "
        "actors to code it)"
    )


def test_known_actors_get_no_note(coder):
    [sent] = coder.explain("Kenyan police arrested protesters in Nairobi.")["sentences"]
    assert sent["events"] and sent["notes"] == []


def test_cli_explain_text_json_and_html(coder, tmp_path):
    result = runner.invoke(app, ["explain", NEGATED, "--date", "2020-01-01"])
    assert result.exit_code == 0, result.output
    assert "no event: 190 from 'attack': negated" in result.output
    result = runner.invoke(app, ["explain", UNKNOWN_ALONE])
    assert result.exit_code == 0, result.output
    assert "has no actor code" in result.output and "not in dictionary" in result.output
    assert "note: source 'Zorblatt' has no actor code" in result.output
    result = runner.invoke(app, ["explain", UNKNOWN, "--json"])
    data = json.loads(result.output)
    assert "'Zorblatt' is not in the actor dictionary" in data["sentences"][0]["notes"][0]
    page = tmp_path / "why.html"
    result = runner.invoke(app, ["explain", NEGATED, "--html", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<b>no event:</b> 190 from &#x27;attack&#x27;: negated" in html


def test_render_text_prints_every_part(coder):
    text = render_text(coder.explain("North Korea launched a missile over Japan."))
    assert "frame launch (verb)" in text
    assert "subject: 'North Korea' -> PRK" in text
    assert "EVENT PRK -> JPN: 150" in text
