"""The cooperation side of the CAMEO codebook (roots 01-08) codes wire-style sentences.

Each root is checked on sentences of several shapes: active verbs with objects and
prepositional phrases that decide the code ("sent weapons to" 072, "sent food to"
073), double objects ("promised Kyiv more weapons"), passives, event nouns with a
possessor or a light verb ("made a visit to"), predicative adjectives ("is
optimistic about"), symmetric events between conjoined actors ("Russia and China
signed a deal") and the direct forms of appeals and intents ("asked Russia for
military assistance", "pledged $100 million in aid to Iran"). The false-event tests
check everyday uses of the same verbs ("released a report", "called an election",
"withdrew from the race").

Expected actors are country codes (``Event.source.country``); ``ANY`` accepts any
actor, including none, where the sentence's actor is not a country.
"""

from __future__ import annotations

import pytest

import eventcoder as ec
from tests.conftest import triples

DATE = "2020-05-01"
ANY = "*"

# (root, sentence, source country, target country, code)
CASES: list[tuple[str, str, str | None, str | None, str]] = [
    # -- 01 make public statement ----------------------------------------------
    ("01", "The United States issued a statement on the situation in Iran.", "USA", ANY, "010"),
    ("01", "Russia held a press conference in Moscow on Tuesday.", "RUS", ANY, "010"),
    ("01", "Japan sent a letter to North Korea.", "JPN", "PRK", "010"),
    ("01", "The Kremlin declined to comment on the report.", "RUS", ANY, "011"),
    ("01", "Iran remained silent on the accusations.", "IRN", ANY, "011"),
    ("01", "South Korea voiced concern about North Korea's nuclear tests.", "KOR", "PRK", "012"),
    ("01", "South Korea is pessimistic about the prospects for talks.", "KOR", ANY, "012"),
    ("01", "Russia expressed optimism about the negotiations.", "RUS", ANY, "013"),
    ("01", "Beijing said it was confident that the talks would succeed.", "CHN", ANY, "013"),
    ("01", "The United States is considering new options against Iran.", "USA", ANY, "014"),
    ("01", "Britain is considering sanctions against Russia.", "GBR", "RUS", "014"),
    ("01", "Iran claimed responsibility for the attack on the tanker.", "IRN", ANY, "015"),
    ("01", "Japan admitted its mistakes during the war.", "JPN", ANY, "015"),
    ("01", "The Kremlin denied any involvement in the hacking.", "RUS", ANY, "016"),
    ("01", "China rejected the accusations by the United States.", "CHN", "USA", "016"),
    ("01", "North Korea denied that it had carried out a cyberattack.", "PRK", ANY, "016"),
    ("01", "The Japanese prime minister visited the Yasukuni shrine.", "JPN", ANY, "017"),
    ("01", "South Korea observed a minute of silence for the victims.", "KOR", ANY, "017"),
    ("01", "Japan expressed condolences to Iran over the earthquake.", "JPN", "IRN", "018"),
    (
        "01",
        "Chinese President Xi Jinping sent a message of condolence to the United States.",
        "CHN",
        "USA",
        "018",
    ),
    ("01", "Russia agreed with China on the need for restraint.", "RUS", "CHN", "019"),
    ("01", "Japan shares the view of the United States on the issue.", "JPN", "USA", "019"),
    # -- 02 appeal -------------------------------------------------------------
    ("02", "Japan appealed to China.", "JPN", "CHN", "020"),
    ("02", "The United States made an urgent appeal to China.", "USA", "CHN", "020"),
    ("02", "North Korea sought technical cooperation from Russia.", "PRK", "RUS", "021"),
    ("02", "Iran sought investment from China.", "IRN", "CHN", "0211"),
    ("02", "Russia asked China for support.", "RUS", "CHN", "022"),
    ("02", "Ukraine appealed to its allies for political support.", "UKR", ANY, "022"),
    ("02", "Russia appealed to China for help.", "RUS", "CHN", "023"),
    ("02", "Japan requested help from the United States.", "JPN", "USA", "023"),
    ("02", "North Korea sought economic aid from China.", "PRK", "CHN", "0231"),
    ("02", "Iran asked Russia for military assistance.", "IRN", "RUS", "0232"),
    ("02", "Kyiv pleaded with Washington for more air defense systems.", "UKR", "USA", "0232"),
    ("02", "Tehran appealed for international humanitarian assistance.", "IRN", ANY, "0233"),
    ("02", "The United States called for political reform in Iran.", "USA", ANY, "024"),
    (
        "02",
        "The United States called for the resignation of the Iranian president.",
        "USA",
        "IRN",
        "0241",
    ),
    ("02", "Protesters called for the ouster of the prime minister.", ANY, ANY, "0241"),
    ("02", "The United States called for calm.", "USA", ANY, "025"),
    ("02", "Iran called for sanctions relief.", "IRN", ANY, "0254"),
    ("02", "Japan urged restraint on both sides.", "JPN", ANY, "0256"),
    ("02", "China called for dialogue.", "CHN", ANY, "026"),
    ("02", "Japan invited Russia to talks on the island dispute.", "JPN", "RUS", "026"),
    ("02", "Russia called for a peaceful settlement of the dispute.", "RUS", ANY, "027"),
    ("02", "China urged a political solution to the crisis.", "CHN", ANY, "027"),
    ("02", "Iran asked Russia for mediation.", "IRN", "RUS", "028"),
    # -- 03 express intent to cooperate ----------------------------------------
    ("03", "China pledged cooperation with Russia.", "CHN", "RUS", "030"),
    ("03", "Russia offered military cooperation to China.", "RUS", "CHN", "0312"),
    ("03", "China promised investment in Iran.", "CHN", "IRN", "0311"),
    ("03", "Russia pledged support for Iran.", "RUS", "IRN", "032"),
    ("03", "The United States pledged $100 million in aid to Iran.", "USA", "IRN", "033"),
    ("03", "China pledged $5 billion in loans to Pakistan.", "CHN", "PAK", "0331"),
    ("03", "Japan offered South Korea a $2 billion loan.", "JPN", "KOR", "0331"),
    ("03", "The United States promised Ukraine more weapons.", "USA", "UKR", "0332"),
    ("03", "Japan offered humanitarian aid to Iran.", "JPN", "IRN", "0333"),
    ("03", "The United States offered Japan security guarantees.", "USA", "JPN", "0334"),
    ("03", "The Iranian president promised political reforms.", "IRN", ANY, "034"),
    ("03", "Iran offered concessions to the United States.", "IRN", "USA", "035"),
    ("03", "The United States offered sanctions relief to Iran.", "USA", "IRN", "0354"),
    ("03", "Japan accepted an invitation from China.", "JPN", "CHN", "036"),
    ("03", "Russia proposed talks with Japan.", "RUS", "JPN", "036"),
    ("03", "Russia unveiled a peace plan for Syria.", "RUS", ANY, "037"),
    ("03", "Iran accepted the peace proposal.", "IRN", ANY, "037"),
    ("03", "Iran accepted mediation by Russia.", "IRN", "RUS", "038"),
    ("03", "Russia accepted Japan as a mediator.", "RUS", "JPN", "038"),
    ("03", "Russia offered mediation between Iran and the United States.", "RUS", ANY, "039"),
    ("03", "Japan offered its good offices.", "JPN", ANY, "039"),
    # -- 04 consult ------------------------------------------------------------
    ("04", "The United States held talks with China in Geneva.", "USA", "CHN", "040"),
    ("04", "Russia and China held consultations on regional security.", "RUS", "CHN", "040"),
    ("04", "Japan exchanged views with the United States on North Korea.", "JPN", "USA", "040"),
    ("04", "The US president spoke by phone with the Russian president.", "USA", "RUS", "041"),
    ("04", "Japan's prime minister called the U.S. president on Tuesday.", "JPN", "USA", "041"),
    ("04", "Russia received a phone call from Japan.", "JPN", "RUS", "041"),
    ("04", "Iran's foreign minister made a visit to Russia.", "IRN", "RUS", "042"),
    ("04", "The Japanese foreign minister's visit to China began on Monday.", "JPN", "CHN", "042"),
    ("04", "The US secretary of state traveled to Japan.", "USA", "JPN", "042"),
    ("04", "China hosted the Russian president in Beijing.", "CHN", "RUS", "043"),
    ("04", "Japan welcomed the South Korean president to Tokyo.", "JPN", "KOR", "043"),
    (
        "04",
        "The US president met the Chinese president on the sidelines of the G20 summit.",
        "USA",
        "CHN",
        "044",
    ),
    ("04", "Japan and South Korea met on the sidelines of the summit.", "KOR", "JPN", "044"),
    ("04", "Russia mediated between Iran and the United States.", "RUS", ANY, "045"),
    ("04", "Qatar brokered a prisoner exchange between Washington and Tehran.", "QAT", ANY, "045"),
    ("04", "Japan acted as a mediator between the two Koreas.", "JPN", ANY, "045"),
    ("04", "Iran negotiated with the United States over its nuclear program.", "IRN", "USA", "046"),
    ("04", "Russia and Japan negotiated a peace treaty.", "JPN", "RUS", "046"),
    # -- 05 diplomatic cooperation ----------------------------------------------
    ("05", "Russia and Ukraine signed a truce on Friday.", "RUS", "UKR", "057"),
    ("05", "Japan cooperated with the United States on climate change.", "JPN", "USA", "050"),
    ("05", "Russia and China strengthened their ties.", "RUS", "CHN", "050"),
    ("05", "The United States praised Japan for its efforts.", "USA", "JPN", "051"),
    ("05", "Beijing welcomed Moscow's decision.", "CHN", "RUS", "051"),
    ("05", "South Korea is grateful to the United States.", "KOR", "USA", "051"),
    ("05", "China defended Russia against Western criticism.", "CHN", "RUS", "052"),
    ("05", "Japan stood by the United States.", "JPN", "USA", "052"),
    ("05", "The United States rallied support for Ukraine.", "USA", "UKR", "053"),
    ("05", "Japan mobilized support for South Korea.", "JPN", "KOR", "053"),
    ("05", "The United States established diplomatic relations with Vietnam.", "USA", "VNM", "054"),
    ("05", "The United States and China restored diplomatic relations.", "USA", "CHN", "054"),
    ("05", "Japan apologized to South Korea for its wartime actions.", "JPN", "KOR", "055"),
    ("05", "Tokyo issued a formal apology to Seoul.", "JPN", "KOR", "055"),
    ("05", "South Korea forgave Japan.", "KOR", "JPN", "056"),
    ("05", "Japan accepted the apology from China.", "JPN", "CHN", "056"),
    ("05", "Japan signed a trade agreement with the United States.", "JPN", "USA", "057"),
    ("05", "Russia and China signed an energy deal.", "CHN", "RUS", "057"),
    ("05", "A trade agreement was signed by Japan and the United States.", "JPN", ANY, "057"),
    # -- 06 material cooperation ------------------------------------------------
    ("06", "Japan is building a high-speed railway with India.", "JPN", "IND", "060"),
    (
        "06",
        "South Korea cooperated with the United States on the joint project.",
        "KOR",
        "USA",
        "060",
    ),
    ("06", "China imported oil from Iran.", "CHN", "IRN", "061"),
    ("06", "Japan invested $10 billion in the United States.", "JPN", "USA", "061"),
    ("06", "China resumed imports of Australian coal.", "CHN", "AUS", "061"),
    (
        "06",
        "The United States held joint military exercises with South Korea.",
        "USA",
        "KOR",
        "062",
    ),
    ("06", "Russia and China held joint naval drills in the Sea of Japan.", "RUS", "CHN", "062"),
    ("06", "Japan hosts US troops.", "JPN", "USA", "062"),
    ("06", "Japan extradited the suspect to the United States.", "JPN", "USA", "063"),
    ("06", "China cooperated with the United States on the investigation.", "CHN", "USA", "063"),
    ("06", "Japan shared intelligence with the United States.", "JPN", "USA", "064"),
    ("06", "The United States provided Israel with intelligence on Iran.", "USA", "ISR", "064"),
    # -- 07 provide aid ---------------------------------------------------------
    ("07", "Saudi Arabia deposited $3 billion with Pakistan's central bank.", "SAU", "PAK", "071"),
    ("07", "The United States sent aid to Iran.", "USA", "IRN", "070"),
    ("07", "Russia received aid from China.", "CHN", "RUS", "070"),
    ("07", "China lent $2 billion to Pakistan.", "CHN", "PAK", "071"),
    ("07", "China lent Sri Lanka $1 billion.", "CHN", "LKA", "071"),
    ("07", "The United States sold fighter jets to Taiwan.", "USA", "TWN", "072"),
    ("07", "The United States supplied Ukraine with anti-tank missiles.", "USA", "UKR", "072"),
    ("07", "Washington approved the sale of F-16 fighter jets to Ukraine.", "USA", "UKR", "072"),
    ("07", "Japan sent medical supplies to Iran.", "JPN", "IRN", "073"),
    ("07", "Japan gave $5 million in emergency aid to the Philippines.", "JPN", "PHL", "073"),
    ("07", "Japan sent peacekeeping troops to South Sudan.", "JPN", "SSD", "074"),
    ("07", "The United States extended its nuclear umbrella to Japan.", "USA", "JPN", "074"),
    ("07", "Russia granted asylum to the former intelligence contractor.", "RUS", ANY, "075"),
    ("07", "Japan accepted refugees from Syria.", "JPN", "SYR", "075"),
    # -- 08 yield ---------------------------------------------------------------
    ("08", "Iran yielded to the United States.", "IRN", "USA", "080"),
    ("08", "Japan bowed to pressure from China.", "JPN", "CHN", "080"),
    ("08", "South Korea made concessions to Japan.", "KOR", "JPN", "080"),
    ("08", "The United States eased travel restrictions on Cuba.", "USA", "CUB", "081"),
    (
        "08",
        "Japan removed South Korea from its list of trusted trade partners.",
        "JPN",
        "KOR",
        "081",
    ),
    ("08", "The Thai government lifted the state of emergency.", "THA", ANY, "0814"),
    ("08", "Opposition supporters called off their protests.", ANY, ANY, "082"),
    ("08", "Iran introduced political reforms.", "IRN", ANY, "083"),
    ("08", "The Iranian president resigned.", "IRN", ANY, "0831"),
    ("08", "China returned the underwater drone to the United States.", "CHN", "USA", "084"),
    ("08", "Russia returned the islands to Japan.", "RUS", "JPN", "0842"),
    (
        "08",
        "North Korea released the American prisoners to the United States.",
        "PRK",
        "USA",
        "0841",
    ),
    ("08", "Russia and the United States swapped prisoners.", "RUS", "USA", "0841"),
    ("08", "The United States lifted sanctions on Iran.", "USA", "IRN", "085"),
    ("08", "The United States cut tariffs on Chinese goods.", "USA", "CHN", "085"),
    ("08", "Iran allowed IAEA inspectors into the site.", "IRN", ANY, "0862"),
    ("08", "Iran allowed an international investigation.", "IRN", ANY, "086"),
    ("08", "Russia opened a humanitarian corridor.", "RUS", ANY, "0863"),
    ("08", "Russia withdrew its troops from the border.", "RUS", ANY, "087"),
    ("08", "China and India eased tensions.", "IND", "CHN", "087"),
    ("08", "Armenia and Azerbaijan agreed to a ceasefire.", "ARM", "AZE", "0871"),
    ("08", "Israel lifted the naval blockade on Gaza.", "ISR", ANY, "0872"),
    ("08", "The rebels laid down their arms.", ANY, ANY, "0873"),
    ("08", "Russian forces retreated from the city.", "RUS", ANY, "0874"),
]


def _matches(got: set[tuple[str | None, str | None, str]], src, tgt, code) -> bool:
    return any(
        c == code and (src == ANY or s == src) and (tgt == ANY or t == tgt) for s, t, c in got
    )


@pytest.mark.parametrize(
    ("root", "text", "src", "tgt", "code"),
    CASES,
    ids=[f"{c[0]}-{c[4]}-{i}" for i, c in enumerate(CASES)],
)
def test_cooperation_sentence_codes(coder, coder_all, root, text, src, tgt, code):
    assert code[:2] == root
    # A source that is not a country (rebels, protesters) is only kept by coder_all.
    events = (coder_all if src == ANY else coder).code(text, date=DATE)
    got = triples(events)
    assert _matches(got, src, tgt, code), f"{text!r}: {sorted(got, key=str)}"


def test_every_root_has_cases():
    roots = {c[0] for c in CASES}
    assert roots == {f"{r:02d}" for r in range(1, 9)}
    for r in roots:
        codes = {c[4][:3] for c in CASES if c[0] == r}
        assert len([c for c in CASES if c[0] == r]) >= 4
        assert len(codes) >= 3, r


# -- patterns decided by the object class -------------------------------------

OBJECT_DECIDES = [
    ("The United States sent weapons to Ukraine.", "072"),
    ("The United States sent food to Ukraine.", "073"),
    ("The United States sent a loan to Ukraine.", "071"),
    ("The United States sent peacekeepers to Ukraine.", "074"),
    ("The United States sent assistance to Ukraine.", "070"),
]


@pytest.mark.parametrize(("text", "code"), OBJECT_DECIDES)
def test_object_class_decides_the_aid_code(coder, text, code):
    assert ("USA", "UKR", code) in triples(coder.code(text, date=DATE))


def test_appeal_roles_subject_is_source_from_phrase_is_target(coder):
    got = triples(coder.code("Japan requested military assistance from Russia.", date=DATE))
    assert ("JPN", "RUS", "0232") in got
    assert not any(s == "RUS" for s, _, _ in got)


def test_receiving_aid_makes_the_giver_the_source(coder):
    got = triples(coder.code("Iran received humanitarian aid from Japan.", date=DATE))
    assert ("JPN", "IRN", "073") in got


def test_wrapped_embedded_events_keep_the_wrapper_code(coder):
    # the appeal/intent wrappers around cooperation verbs written here
    got = triples(
        coder.code("Japan urged North Korea to return to the negotiating table.", date=DATE)
    )
    assert ("JPN", "PRK", "026") in got
    got = triples(coder.code("Germany pledged to deliver tanks to Ukraine.", date=DATE))
    assert ("DEU", "UKR", "0332") in got
    got = triples(coder.code("Iran offered to release the British sailors.", date=DATE))
    assert any(code == "0353" and s == "IRN" for s, _, code in got)


# -- false events ---------------------------------------------------------------

NOT_CODED = [
    ("The ministry released a report on the economy.", "0841"),
    ("The president signed an executive order on immigration.", "057"),
    ("The prime minister called an early election.", "041"),
    ("Russia called off the talks with Japan.", "041"),
    ("The scientist received an award.", "043"),
    ("Iran received a letter from the United States.", "043"),
    ("The border guards denied them entry.", "016"),
    ("Iran denied access to the inspectors.", "016"),
    ("The senator withdrew from the presidential race.", "0874"),
    ("Tesla agreed to pay a fine.", "019"),
    ("The king pardoned 500 prisoners.", "0841"),
]


@pytest.mark.parametrize(("text", "code"), NOT_CODED)
def test_everyday_uses_are_not_coded(coder_all, text, code):
    codes = {e.code for e in coder_all.code(text, date=DATE)}
    assert code not in codes, f"{text!r} gave {sorted(codes)}"


def test_negated_cooperation_is_not_emitted(coder):
    events: list[ec.Event] = coder.code("Japan did not sign the agreement.", date=DATE)
    assert not any(e.code == "057" for e in events)


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        # a report of another actor's act: the speaker's "said" is its source only
        ("Russia kept its ships in the port for weeks, Ukraine's security service said.", False),
        ("Government troops pulled out of the town overnight, residents said.", False),
        ("Kenya's Interior Ministry said schools would reopen next month.", True),
        ("Kenya's Interior Ministry said on Wednesday that it was reviewing security.", True),
    ],
)
def test_reporting_another_actors_act_is_no_statement(coder, text, statement):
    codes = [e.code for e in coder.code(text, date=DATE)]
    assert ("010" in codes) is statement, codes
