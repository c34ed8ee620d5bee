"""Frames on real parses: who is the subject, object and target after the rules."""

from __future__ import annotations

import eventcoder as ec
from tests.conftest import full, triples


def codes(coder: ec.Coder, text: str, date: str = "2019-06-01"):
    return triples(coder.code(text, date=date))


def test_active(coder):
    assert ("USA", "IRN", "163") in codes(coder, "The United States imposed sanctions on Iran.")


def test_passive_with_agent_is_normalised(coder):
    assert ("USA", "IRN", "163") in codes(
        coder, "New sanctions were imposed on Iran by the United States on Monday."
    )


def test_passive_without_agent_has_no_source(coder_all):
    events = coder_all.code("Sanctions were imposed on Iran on Monday.", date="2019-06-01")
    assert any(e.code == "163" and e.source is None and e.target.country == "IRN" for e in events)


def test_prepositional_target(coder):
    assert ("PRK", "USA", "040") in codes(coder, "North Korea held talks with the United States.")


def test_double_object(coder):
    assert ("USA", "PRK", "1123") in codes(
        coder, "Washington declared North Korea a state sponsor of terrorism."
    )


def test_participle_clause_inherits_the_subject(coder):
    found = codes(
        coder,
        "The United States declared North Korea a state sponsor of terrorism, "
        "imposing new sanctions on the country.",
    )
    assert ("USA", "PRK", "163") in found


def test_conjoined_subjects_give_one_event_each(coder):
    found = codes(coder, "Russia and China vetoed the resolution.")
    assert {("RUS", None, "129"), ("CHN", None, "129")} <= found


def test_conjoined_targets_give_one_event_each(coder):
    found = codes(coder, "The European Union imposed sanctions on Russia and Belarus.")
    assert {s for s in found if s[2] == "163"} >= {("IGO", "RUS", "163"), ("IGO", "BLR", "163")}


def test_conjoined_verbs_share_the_subject(coder):
    found = codes(coder, "Iran condemned the strike and recalled its ambassador.")
    assert ("IRN", None, "111") in found or any(t[0] == "IRN" and t[2] == "111" for t in found)
    assert any(t[0] == "IRN" and t[2] == "161" for t in found)


def test_title_and_apposition(coder):
    events = coder.code(
        "Russian Foreign Minister Sergey Lavrov met US Secretary of State Rex Tillerson.",
        date="2017-12-07",
    )
    assert ("RUSGOV", "USAGOV", "040") in full(events)


def test_negated_attack_is_not_emitted(coder, coder_all):
    text = "The army did not attack the rebels."
    assert not [e for e in coder.code(text) if e.root == "19"]
    negated = [e for e in coder_all.code(text) if e.root == "19"]
    assert negated and negated[0].status == "negated" and negated[0].negated


def test_negated_cooperation_is_never_cooperation(coder, coder_all):
    text = "Iran will not hold talks with the United States."
    events = coder.code(text, date="2019-06-01")
    assert not [e for e in events if e.root in ("03", "04")]
    assert any(e.code == "125" for e in events), triples(events)


def test_refusal_verb_is_a_rejection(coder):
    assert ("IRN", "USA", "125") in codes(
        coder, "Iran refused to hold talks with the United States."
    )


def test_modal_makes_an_event_hypothetical(coder, coder_all):
    text = "China could impose sanctions on Japan."
    assert not coder.code(text)
    assert [e.status for e in coder_all.code(text) if e.code == "163"] == ["hypothetical"]


def test_conditional(coder, coder_all):
    text = "If the talks collapse, China could impose sanctions on Japan."
    assert not [e for e in coder.code(text) if e.root == "16"]
    assert any(e.status == "conditional" for e in coder_all.code(text) if e.root == "16")


def test_conditional_threat_is_a_threat(coder):
    events = coder.code("If talks fail, Israel will strike Iran.", date="2020-01-01")
    assert not [e for e in events if e.root == "19"]
    assert any(e.root == "13" and e.source.country == "ISR" for e in events)


def test_question(coder_all):
    events = coder_all.code("Will Russia invade Ukraine?")
    assert events and all(e.status == "question" for e in events)


def test_reported_speech_keeps_the_reported_actor(coder):
    events = coder.code("Turkish officials said Syria had shelled the border town.")
    found = [e for e in events if e.root == "19"]
    assert found and found[0].source.country == "SYR"
    assert found[0].reported_by and found[0].reported_by.country == "TUR"


def test_according_to_is_a_reporter(coder):
    events = coder.code("According to Japanese officials, North Korea fired a missile.")
    found = [e for e in events if e.code == "150"]
    assert found and found[0].reported_by and found[0].reported_by.country == "JPN"


def test_xcomp_chain_ready_to_facilitate(coder):
    found = codes(coder, "Russia is ready to take part in facilitating negotiations.")
    assert ("RUS", None, "039") in found


def test_appeal_takes_the_wrapper_target(coder):
    assert ("IGO", "ISR", "026") in codes(
        coder, "The United Nations urged Israel to hold talks with the Palestinians."
    )


def test_threat_wrapper(coder):
    assert any(
        t[0] == "USA" and t[2].startswith("13")
        for t in codes(coder, "The United States threatened to impose sanctions on Venezuela.")
    )


def test_light_verb_noun_event(coder):
    assert ("IGO", "PRK", "042") in codes(
        coder, "The United Nations made its first official visit to North Korea.", "2017-12-07"
    )


def test_meeting_between_is_symmetric(coder):
    found = codes(coder, "A meeting between Russia and Turkey took place in Sochi.")
    assert {("RUS", "TUR", "040"), ("TUR", "RUS", "040")} <= found


def test_reciprocal_each_other(coder):
    found = codes(coder, "India and Pakistan accused each other of violating the ceasefire.")
    assert {("IND", "PAK"), ("PAK", "IND")} <= {(s, t) for s, t, c in found if c.startswith("112")}


def test_relative_clause_subject(coder):
    found = codes(coder, "Hamas, which fired rockets at Israel on Monday, rejected the truce.")
    assert any(s == "PSE" and c == "127" for s, t, c in found) or any(c == "127" for *_, c in found)


def test_quoted_epithet(coder):
    events = coder.code(
        'In a speech on Tuesday, President Donald Trump called Mr Kim "Rocket Man".',
        date="2017-09-20",
    )
    assert any(e.code == "111" for e in events)


def test_discard_blocks_a_false_fight(coder):
    assert not [
        e
        for e in coder.code("American women are fighting for reproductive rights.")
        if e.root == "19"
    ]


def test_refusal_through_a_transparent_verb(coder):
    # "would not resume talks" refuses the talks, as "would not talk" does
    assert codes(coder, "Iran said it would not resume talks with the United States.") == {
        ("IRN", "USA", "125")
    }
    assert codes(coder, "Iran did not resume talks with the United States.") == set()


def test_weapon_subject_is_part_of_its_event(coder):
    # one air strike, not a strike plus a killing
    found = codes(coder, "Israeli airstrikes killed 20 people in Gaza on Monday.")
    assert found == {("ISR", "PSE", "195")}


def test_speaker_after_the_verb_in_a_headline(coder):
    found = codes(coder, "Iran ready for new nuclear talks, says Russia\nThe talks begin soon.")
    assert ("IRN", None, "010") not in found


def test_appeal_and_demand_with_uncoded_content(coder):
    # what is asked for is not in the codebook, the asking is
    found = codes(coder, "The Red Cross urged Sudan's army to spare civilians in Khartoum.")
    assert found == {("NGO", "SDN", "020")}
    found = codes(coder, "Niger demanded that the European Union resume its budget support.")
    assert found == {("NER", None, "100")}


def test_announced_uncoded_act_is_an_intent(coder):
    found = codes(coder, "The United Arab Emirates said it would set up a field hospital.")
    assert found == {("ARE", None, "030")}
    # not the speaker's act: a plain statement
    found = codes(coder, "Kenya's Interior Ministry said schools would reopen next month.")
    assert found == {("KEN", None, "010")}
    # offered, promised, refused: an intent or a rejection of it
    found = codes(coder, "Kenya has offered to lead a multinational police force.")
    assert found == {("KEN", None, "030")}
    found = codes(coder, "The French government refused to withdraw its pension reform.")
    assert found == {("FRA", None, "120")}
    # negated: left as a statement, not a refusal of something unnamed
    found = codes(coder, "The United Arab Emirates said it would not set up a field hospital.")
    assert {c for *_, c in found} == {"010"}


def test_nobody_did_it(coder, coder_all):
    text = "Neither Washington nor Beijing has proposed new trade talks, officials said."
    assert {c for *_, c in codes(coder, text)} <= {"010"}
    assert any(e.negated and e.code == "036" for e in coder_all.code(text))


def test_any_attack_is_hypothetical(coder, coder_all):
    text = "Any Israeli strike on Iran's nuclear sites would risk a regional war."
    assert codes(coder, text) == set()
    assert any(e.status == "hypothetical" and e.root == "19" for e in coder_all.code(text))


def test_purpose_through_a_transparent_verb(coder):
    # the fighting is what the troops are for, not something that happened
    found = codes(coder, "Rwanda deployed 1,000 soldiers to Mozambique to help fight insurgents.")
    assert {c for *_, c in found} == {"154"}


def test_killing_while_repressing_is_one_event(coder):
    found = codes(coder, "Thai troops fired on protesters in Bangkok, killing at least 21 people.")
    assert {c for *_, c in found} == {"175"}


def test_a_warning_with_a_condition_is_a_threat(coder):
    text = "Azerbaijan warned Armenia of serious consequences if it kept arming itself."
    assert {(s, t, c[:2]) for s, t, c in codes(coder, text)} == {("AZE", "ARM", "13")}
