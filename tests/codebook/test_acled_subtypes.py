"""Every ACLED sub-event type of the CAMEO codebook is assigned to wire-style sentences.

The codebook's ``acled`` section lists the ACLED event types and sub-event types its
rules can give an event; for each sub-type at least two sentences of varied shape
(different actors, countries and verbs) are coded with the real coder, and some
event of the sentence must carry that ``(acled_type, acled_sub_type)``. The taxonomy
is read from the loaded codebook, so adding a sub-type without sentences fails
``test_every_sub_type_has_sentences``.

Sentences whose attacker is not named ("A roadside bomb killed four soldiers") are
coded with ``coder_all``, which keeps events without a source; the rest use the
default coder. The last tests pin the edges of the rules: a head of government
resigning (0831) and a military exercise (150) get no ACLED type, and a helicopter
shot down is not an attack prevented (Disrupted weapons use) as a downed drone is.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

import eventcoder as ec

DATE = "2021-03-10"

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
SD = "Strategic developments"

# Sentences by (ACLED type, sub-event type).
SENTENCES: dict[tuple[str, str], list[str]] = {
    # -- Battles -----------------------------------------------------------------------
    (BATTLES, "Armed clash"): [
        "Nigerian troops clashed with Boko Haram fighters near Maiduguri on Sunday.",
        "Colombian soldiers fought ELN guerrillas in the province of Arauca.",
        "Somali forces battled al Shabaab militants for several hours outside Baidoa.",
        "Malian soldiers exchanged fire with jihadist fighters near the town of Gao.",
    ],
    (BATTLES, "Government regains territory"): [
        "The Iraqi army recaptured the town of Tal Afar from Islamic State militants.",
        "Ethiopian troops recaptured the town of Lalibela from Tigrayan rebels.",
        "Philippine troops liberated the city of Marawi from Islamist militants.",
    ],
    (BATTLES, "Non-state actor overtakes territory"): [
        "Taliban fighters captured the district of Kunduz after days of fighting.",
        "M23 rebels seized the town of Rutshuru from Congolese troops.",
        "Houthi rebels overran a government position in Marib province.",
    ],
    # -- Explosions/Remote violence ----------------------------------------------------
    (REMOTE, "Chemical weapon"): [
        "Syrian government forces used chlorine gas against rebels in Douma.",
        "The Syrian army carried out a chemical attack on the town of Khan Sheikhoun.",
        "Islamic State militants fired mustard gas shells at Kurdish fighters near Kirkuk.",
    ],
    (REMOTE, "Air/drone strike"): [
        "Saudi warplanes bombed a Houthi position in Saada province.",
        "A US drone strike killed three al Qaeda militants in Yemen.",
        "Turkish aircraft struck Kurdish militant targets in northern Iraq.",
    ],
    (REMOTE, "Suicide bomb"): [
        "A suicide bomber killed 12 soldiers at an army checkpoint in Mogadishu.",
        "A Taliban suicide bomber attacked an Afghan police station in Kandahar.",
        "Boko Haram militants blew themselves up at a market in Konduga.",
    ],
    (REMOTE, "Shelling/artillery/missile attack"): [
        "Russian forces shelled the Ukrainian city of Kharkiv overnight.",
        "Armenian artillery shelled Azerbaijani positions near the border.",
        "Hamas militants fired rockets at Israel from the Gaza Strip.",
    ],
    (REMOTE, "Remote explosive/landmine/IED"): [
        "A roadside bomb killed four Afghan soldiers in Helmand province.",
        "Militants detonated an improvised explosive device near a Pakistani army convoy.",
        "A landmine killed two Malian soldiers near Mopti.",
    ],
    (REMOTE, "Grenade"): [
        "Militants threw a grenade at a police post in Srinagar.",
        "Unidentified attackers hurled a grenade at a Burundian police patrol in Bujumbura.",
        "Rebels attacked a Colombian army patrol with grenades.",
    ],
    # -- Violence against civilians ----------------------------------------------------
    (VAC, "Sexual violence"): [
        "Soldiers raped women in a village in South Kivu, the United Nations said.",
        "Sudanese paramilitary forces raped dozens of women in Darfur.",
        "Militiamen sexually assaulted civilians in the Central African Republic.",
    ],
    (VAC, "Attack"): [
        "Gunmen killed ten villagers in Zamfara state.",
        "Islamist militants attacked villagers in northern Burkina Faso.",
        "Myanmar soldiers killed civilians in a village in Sagaing region.",
    ],
    (VAC, "Abduction/forced disappearance"): [
        "Gunmen kidnapped 30 students from a school in Kaduna state.",
        "Boko Haram abducted dozens of girls in Borno state.",
        "Al Shabaab militants kidnapped two Kenyan teachers in Mandera.",
    ],
    # -- Protests ----------------------------------------------------------------------
    (PROTESTS, "Peaceful protest"): [
        "Opposition supporters marched peacefully through the streets of Kinshasa.",
        "Farmers demonstrated outside the parliament in New Delhi.",
        "Hundreds of students rallied in Santiago to demand free education.",
    ],
    (PROTESTS, "Protest with intervention"): [
        "Police fired tear gas to disperse protesters in Nairobi.",
        "Belarusian police detained dozens of demonstrators in Minsk.",
        "Russian police arrested dozens of activists at a rally in Moscow.",
    ],
    (PROTESTS, "Excessive force against protesters"): [
        "Myanmar soldiers killed demonstrators in Mandalay with live ammunition.",
        "Police shot dead three protesters in Conakry.",
        "Zimbabwean soldiers opened fire on protesters in Harare, killing six people.",
        "Iranian security forces fired live ammunition at demonstrators in Mahabad.",
    ],
    # -- Riots -------------------------------------------------------------------------
    (RIOTS, "Violent demonstration"): [
        "Rioters torched police vehicles in Paris during a demonstration.",
        "Demonstrators rioted in Santiago, looting shops and burning buses.",
        "Protesters clashed with police in Hong Kong.",
    ],
    (RIOTS, "Mob violence"): [
        "A mob lynched a man accused of theft in Kano.",
        "Villagers beat a suspected witch to death in northern Ghana.",
        "Vigilantes killed two suspected cattle thieves in Plateau state.",
    ],
    # -- Strategic developments --------------------------------------------------------
    (SD, "Agreement"): [
        "The Sudanese government and rebel groups signed a peace agreement in Juba.",
        "Armenia and Azerbaijan agreed to a ceasefire in Nagorno-Karabakh.",
        "The Mozambican government signed an accord with Renamo rebels in Maputo.",
        "Yemen's government released 50 Houthi prisoners in exchange for 30 captured soldiers.",
    ],
    (SD, "Arrests"): [
        "Turkish police arrested an opposition journalist in Istanbul.",
        "Russian authorities detained a prominent opposition leader in Moscow.",
        "Egyptian security forces arrested three human rights activists in Cairo.",
    ],
    (SD, "Change to group/activity"): [
        "The rebels laid down their arms.",
        "About 500 Mai-Mai militiamen laid down their weapons in South Kivu.",
        "Al Shabaab recruited hundreds of new fighters in southern Somalia.",
        "The Islamic State group recruited dozens of child soldiers in northern Mozambique.",
    ],
    (SD, "Disrupted weapons use"): [
        "Saudi air defences shot down a Houthi drone over Jizan.",
        "Ukrainian forces shot down three Russian cruise missiles over Odesa.",
        "Nigerian police seized a large cache of weapons and ammunition from a Boko Haram hideout.",
        "Colombian soldiers confiscated rifles and explosives from ELN rebels in Arauca.",
    ],
    (SD, "Headquarters or base established"): [
        "Wagner mercenaries set up a base in central Mali.",
        "Turkish troops established a military base in northern Iraq.",
        "ADF rebels established a new command post near Beni.",
    ],
    (SD, "Looting/property destruction"): [
        "Militants looted shops in the town of Djibo.",
        "Rebels burned down houses in a village in North Kivu.",
        "Gunmen set fire to a school in Cameroon's Anglophone region.",
    ],
    (SD, "Non-violent transfer of territory"): [
        "Ethiopian troops withdrew from the town of Shire.",
        "Taliban fighters took control of the city without a fight after government troops "
        "withdrew.",
        "Burkinabe soldiers retreated from the town of Djibo, leaving it to the militants.",
    ],
    (SD, "Other"): [
        "The Nigerian army deployed troops to Borno state.",
        "North Korea test-fired two ballistic missiles into the sea.",
        "Pakistan conducted a nuclear test.",
    ],
}

# Sentences that name no attacker: coded with coder_all, which keeps unsourced events.
UNSOURCED = {
    "A roadside bomb killed four Afghan soldiers in Helmand province.",
    "A landmine killed two Malian soldiers near Mopti.",
    "Militiamen sexually assaulted civilians in the Central African Republic.",
}

CASES = [(t, s, text) for (t, s), texts in SENTENCES.items() for text in texts]


def _ids(cases: list[tuple[str, str, str]]) -> list[str]:
    """Readable ids: the sub-type as a slug and its running number ("air-drone-strike-2")."""
    seen: Counter[str] = Counter()
    out = []
    for _, sub_type, _ in cases:
        slug = re.sub(r"[^a-z0-9]+", "-", sub_type.lower()).strip("-")
        seen[slug] += 1
        out.append(f"{slug}-{seen[slug]}")
    return out


def _acled(events: list[ec.Event]) -> set[tuple[str | None, str | None]]:
    return {(e.acled_type, e.acled_sub_type) for e in events}


@pytest.mark.parametrize(("acled_type", "sub_type", "text"), CASES, ids=_ids(CASES))
def test_sentence_gets_the_acled_sub_type(coder, coder_all, acled_type, sub_type, text):
    events = (coder_all if text in UNSOURCED else coder).code(text, date=DATE)
    got = _acled(events)
    assert (acled_type, sub_type) in got, f"{text!r}: {sorted(got, key=str)}"


def test_every_sub_type_has_sentences(coder):
    """Each sub-type the codebook defines has two sentences; no case names another."""
    defined = {(t, s) for t, subs in coder.codebook.acled.types.items() for s in subs}
    assert defined, "the codebook defines no ACLED sub-types"
    assert set(SENTENCES) <= defined, sorted(set(SENTENCES) - defined)
    too_few = sorted(pair for pair in defined if len(set(SENTENCES.get(pair, []))) < 2)
    assert not too_few, f"sub-types with fewer than two sentences: {too_few}"
    texts = [text for _, _, text in CASES]
    assert len(texts) == len(set(texts)), "a sentence is listed twice"
    assert set(texts) >= UNSOURCED


# -- where a code alone would suggest a sub-type it does not have ------------------

NOT_RECORDED = [
    # a head of government resigning (0831) is not a change to an armed group
    "Peru's prime minister resigned on Monday.",
    # a military exercise (150) is not recorded; a missile or nuclear test is
    "China held large-scale military drills near Taiwan.",
]


@pytest.mark.parametrize("text", NOT_RECORDED)
def test_code_without_acled_event(coder, text):
    events = coder.code(text, date=DATE)
    assert events, text
    assert _acled(events) == {(None, None)}, f"{text!r}: {_acled(events)}"


def test_shot_down_helicopter_is_not_a_disrupted_attack(coder):
    # intercepting a drone or missile stops an attack; downing a manned aircraft does not
    events = coder.code("Rebels shot down a military helicopter in northern Mali.", date=DATE)
    assert events
    assert (SD, "Disrupted weapons use") not in _acled(events)
