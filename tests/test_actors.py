"""Actor resolution: dictionaries, dated roles, metonyms and document context."""

from __future__ import annotations

import eventcoder as ec
from tests.conftest import full


def sources(coder: ec.Coder, text: str, date: str) -> set[str | None]:
    return {e.source.code for e in coder.code(text, date=date) if e.source}


def test_dated_role_in_office(coder):
    assert "USAGOV" in sources(coder, "Rex Tillerson visited Moscow.", "2017-06-01")


def test_dated_role_out_of_office_falls_back_to_country(coder_all):
    events = coder_all.code("Rex Tillerson visited Moscow.", date="2019-06-01")
    assert events and events[0].source.code == "USA"


def test_president_by_date(coder):
    assert "USAGOV" in sources(coder, "Barack Obama visited Cuba.", "2016-03-21")
    assert "USAGOV" in sources(coder, "Donald Trump visited Japan.", "2017-11-05")


def test_capital_as_metonym_is_the_government(coder):
    assert "PRKGOV" in sources(coder, "Pyongyang rejected the proposal.", "2018-01-01")


def test_country_adjective_and_agent(coder):
    events = coder.code("Russian troops attacked the town.", date="2022-03-01")
    assert any(e.source.code == "RUSMIL" for e in events)


def test_igo(coder):
    assert "IGOUNO" in sources(coder, "The United Nations condemned the attack.", "2020-01-01")


def test_the_country_resolves_to_the_last_country(coder):
    events = coder.code(
        "North Korea fired a missile. The United States imposed sanctions on the country.",
        date="2017-12-01",
    )
    assert ("USA", "PRK", "163") in full(events)


def test_surname_after_full_name(coder):
    events = coder.code(
        "Kim Jong-un met Donald Trump in Singapore. Trump praised Mr Kim.", date="2018-06-12"
    )
    assert ("USAGOV", "PRKGOV", "051") in full(events)


def test_pronoun_resolves_to_the_last_person(coder):
    events = coder.code(
        "Donald Trump arrived in Hanoi. He met Kim Jong-un on Wednesday.", date="2019-02-27"
    )
    assert ("USAGOV", "PRKGOV", "040") in full(events)


def test_lower_case_us_is_a_pronoun(coder):
    assert not any(
        e.target and e.target.code == "USA"
        for e in coder.code("They attacked us yesterday.", date="2020-01-01")
    )


def test_unresolved_phrase_keeps_its_text(coder_all):
    events = coder_all.code("Gunmen attacked the Zorblat compound.", date="2020-01-01")
    assert events and any(
        e.target and e.target.code is None and "compound" in e.target.text for e in events
    )


def test_a_place_inside_an_unknown_name_is_not_the_actor(coder):
    # a rights group, a sports team and a race are not their countries
    assert sources(coder, "Haki Africa condemned the killings.", "2023-01-01") == set()
    assert sources(coder, "Team USA criticised the referees.", "2023-01-01") == set()
    # a qualifier, a known name or an agent noun keep the place
    assert sources(coder, "Northeast Nigeria condemned the killings.", "2023-01-01") == {"NGA"}
    assert sources(coder, "South Africa condemned the coup.", "2023-01-01") == {"ZAF"}
    assert "FRAMED" in sources(coder, "Radio France criticised the decision.", "2023-01-01")


def test_the_group_points_back_to_the_last_group(coder):
    text = "Hezbollah fired rockets at Israel. The group said it targeted army posts."
    found = {e.source.code for e in coder.code(text, date="2023-01-01") if e.source}
    assert found == {"LBNREBHEZ"}
