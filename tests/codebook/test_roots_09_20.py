"""The conflict side of the CAMEO codebook (roots 09-20) codes wire-style sentences.

Each root is checked on sentences of several shapes: active verbs, passives, event
nouns with a possessor or a "by" phrase, light verbs ("carried out an airstrike"), and
wrappers around an embedded event ("threatened to invade"). The false-event tests
check that political and everyday uses of violent words ("killed the bill", "struck
a deal", "shot a film") are not coded as violence.

Expected actors are country codes (``Event.source.country``); ``ANY`` accepts any
actor, including none, where the sentence's actor is not a country or is still being
added to the dictionaries.
"""

from __future__ import annotations

from collections import Counter

import pytest

import eventcoder as ec
from tests.conftest import triples

DATE = "2020-05-01"
ANY = "*"

# (root, sentence, source country, target country, code)
CASES: list[tuple[str, str, str | None, str | None, str]] = [
    # -- 09 investigate --------------------------------------------------------
    (
        "09",
        "Japanese prosecutors opened a criminal investigation into the Chinese shipping company.",
        "JPN",
        "CHN",
        "091",
    ),
    (
        "09",
        "The United Nations launched an inquiry into human rights abuses in North Korea.",
        ANY,
        ANY,
        "092",
    ),
    ("09", "South Korea is investigating the North Korean drone incursion.", "KOR", "PRK", "093"),
    (
        "09",
        "Japan opened an investigation into alleged war crimes by Russian forces.",
        "JPN",
        "RUS",
        "094",
    ),
    ("09", "Iran is investigating the American company.", "IRN", "USA", "090"),
    ("09", "China's investigation into the Japanese firm angered Tokyo.", "CHN", "JPN", "090"),
    # -- 10 demand -------------------------------------------------------------
    ("10", "Japan demanded compensation from Russia for the sunken ship.", "JPN", "RUS", "1031"),
    (
        "10",
        "South Korean protesters demanded the ouster of the South Korean government.",
        "KOR",
        "KOR",
        "1041",
    ),
    (
        "10",
        "The United States demanded the release of American journalists detained in Iran.",
        "USA",
        ANY,
        "1053",
    ),
    ("10", "Russia demanded talks with Japan on the disputed islands.", "RUS", "JPN", "106"),
    ("10", "Iran demanded an end to American sanctions.", "IRN", ANY, "1054"),
    (
        "10",
        "North Korea demanded the withdrawal of American troops from South Korea.",
        "PRK",
        ANY,
        "1056",
    ),
    # -- 11 disapprove ---------------------------------------------------------
    ("11", "China sharply criticized Japan over the visit.", "CHN", "JPN", "111"),
    ("11", "Japan was condemned by North Korea for its remarks.", "PRK", "JPN", "111"),
    (
        "11",
        "The United States formally designated North Korea a state sponsor of terrorism.",
        "USA",
        "PRK",
        "1123",
    ),
    (
        "11",
        "Iranian officials blamed the United States for the corruption scandal.",
        "IRN",
        "USA",
        "1121",
    ),
    ("11", "China accused the United States of espionage.", "CHN", "USA", "1125"),
    ("11", "Russia accused Japan of aggression.", "RUS", "JPN", "1123"),
    ("11", "Japan accused Russia of shelling its fishing boats.", "JPN", "RUS", "1123"),
    ("11", "Japan lodged a strong protest with Russia.", "JPN", "RUS", "114"),
    (
        "11",
        "Iran filed a lawsuit against the United States at the International Court of Justice.",
        "IRN",
        "USA",
        "115",
    ),
    (
        "11",
        "A Chinese court sentenced a Japanese businessman to 15 years in prison.",
        "CHN",
        "JPN",
        "116",
    ),
    # -- 12 reject -------------------------------------------------------------
    ("12", "North Korea rejected South Korea's offer of talks.", "PRK", "KOR", "125"),
    ("12", "Iran rejected Japan's peace proposal.", "IRN", "JPN", "127"),
    ("12", "The United States pulled out of the nuclear agreement with Iran.", "USA", ANY, "127"),
    ("12", "Russia vetoed a UN Security Council resolution condemning Japan.", "RUS", ANY, "129"),
    ("12", "North Korea defied UN sanctions.", "PRK", ANY, "128"),
    ("12", "Tehran rebuffed Tokyo's mediation offer.", "IRN", "JPN", "126"),
    ("12", "Iran refused to release the American sailors.", "IRN", "USA", "1243"),
    # -- 13 threaten -----------------------------------------------------------
    ("13", "Pyongyang threatened Seoul with a nuclear attack.", "PRK", "KOR", "1385"),
    ("13", "The United States threatened to impose new sanctions on Russia.", "USA", "RUS", "1312"),
    ("13", "China warned Japan of countermeasures.", "CHN", "JPN", "131"),
    ("13", "North Korea threatened to invade South Korea.", "PRK", "KOR", "1382"),
    ("13", "Iranian militants threatened to behead the Japanese hostages.", "IRN", "JPN", "1383"),
    ("13", "China threatened to expel Japanese diplomats.", "CHN", "JPN", "1313"),
    ("13", "Iran threatened to impose martial law.", "IRN", ANY, "1324"),
    ("13", "Iran threatened retaliation against the United States.", "IRN", "USA", "138"),
    ("13", "The United States gave Iran a two-week ultimatum.", "USA", "IRN", "139"),
    ("13", "North Korea threatened to attack the United States.", "PRK", "USA", "1384"),
    # -- 14 protest ------------------------------------------------------------
    (
        "14",
        "Thousands of South Koreans protested against the United States in Seoul.",
        "KOR",
        "USA",
        "141",
    ),
    (
        "14",
        "Iranian students staged a demonstration outside the Japanese embassy.",
        "IRN",
        "JPN",
        "141",
    ),
    ("14", "Jailed Chinese dissidents began a hunger strike.", "CHN", ANY, "142"),
    ("14", "Chinese shoppers boycotted Japanese products.", "CHN", "JPN", "143"),
    ("14", "South Korean doctors went on strike against the government.", "KOR", ANY, "143"),
    ("14", "Iranian protesters blocked the main highway into Tehran.", "IRN", ANY, "144"),
    ("14", "Russian rioters clashed with riot police in Moscow.", "RUS", ANY, "145"),
    ("14", "Chinese protesters stormed the Japanese consulate.", "CHN", "JPN", "145"),
    # -- 15 exhibit force posture ----------------------------------------------
    ("15", "North Korea fired two short-range ballistic missiles into the sea.", "PRK", ANY, "150"),
    ("15", "Russia held naval drills near Japan.", "RUS", "JPN", "150"),
    ("15", "Houthi rebels have recruited thousands of new fighters in Yemen.", "YEM", ANY, "154"),
    ("15", "Militants set up a new training camp near the border with Mali.", ANY, "MLI", "154"),
    ("16", "Iran has paused talks with the European Union.", "IRN", "IGO", "164"),
    ("17", "Islamist fighters looted a hospital in northern Mozambique.", "MOZ", ANY, "1711"),
    ("15", "Japan tightened security around the Chinese embassy.", "JPN", "CHN", "151"),
    ("15", "South Korea placed its military on high alert.", "KOR", ANY, "152"),
    ("15", "Iran deployed riot police across Tehran.", "IRN", ANY, "153"),
    ("15", "Russia deployed thousands of troops to the border with Japan.", "RUS", "JPN", "154"),
    # -- 16 reduce relations ---------------------------------------------------
    ("16", "China suspended military cooperation with the United States.", "CHN", "USA", "160"),
    ("16", "Iran severed diplomatic relations with Japan.", "IRN", "JPN", "161"),
    ("16", "Russia expelled two American diplomats.", "RUS", "USA", "161"),
    ("16", "Japan cut off financial aid to North Korea.", "JPN", "PRK", "1621"),
    (
        "16",
        "The United States slapped new sanctions on Chinese technology firms.",
        "USA",
        "CHN",
        "163",
    ),
    ("16", "Sanctions on Iran were imposed by Japan.", "JPN", "IRN", "163"),
    ("16", "Washington's sanctions against Tehran hurt the economy.", "USA", "IRN", "163"),
    ("16", "North Korea broke off talks with the United States.", "PRK", "USA", "164"),
    ("16", "North Korea expelled international nuclear inspectors.", "PRK", ANY, "1662"),
    # -- 17 coerce -------------------------------------------------------------
    ("17", "Iran seized a Japanese tanker in the Gulf.", "IRN", "JPN", "1711"),
    ("17", "Iranian authorities demolished homes.", "IRN", ANY, "1712"),
    ("17", "The Iranian government shut down the internet.", "IRN", ANY, "1721"),
    ("17", "Chinese authorities banned the opposition party.", "CHN", ANY, "1722"),
    ("17", "The Russian government imposed a curfew.", "RUS", ANY, "1723"),
    ("17", "Japan declared a state of emergency.", "JPN", ANY, "1724"),
    ("17", "Russia detained a Japanese diplomat.", "RUS", "JPN", "173"),
    ("17", "Russia deported three Japanese nationals.", "RUS", "JPN", "174"),
    ("17", "Russian police fired tear gas at demonstrators.", "RUS", ANY, "175"),
    ("17", "Police tear-gassed the protesters in Nairobi.", "KEN", "KEN", "175"),
    ("17", "Chinese hackers launched a cyberattack on Japanese banks.", "CHN", "JPN", "176"),
    # -- 18 assault ------------------------------------------------------------
    ("18", "Iranian militants kidnapped two American journalists.", "IRN", "USA", "181"),
    (
        "18",
        "The abduction of Japanese citizens by North Korea strained relations.",
        "PRK",
        "JPN",
        "181",
    ),
    ("18", "Russian soldiers beat the Japanese fishermen.", "RUS", "JPN", "182"),
    ("18", "North Korean guards tortured the American student.", "PRK", "USA", "1822"),
    ("18", "Iranian militants beheaded a Japanese journalist.", "IRN", "JPN", "1823"),
    (
        "18",
        "Iranian militants detonated a truck bomb outside the American embassy.",
        "IRN",
        "USA",
        "1832",
    ),
    (
        "18",
        "Iranian militants carried out a suicide bombing against Russian troops.",
        "IRN",
        "RUS",
        "1831",
    ),
    ("18", "Iranian insurgents planted a roadside bomb near a U.S. convoy.", "IRN", "USA", "1833"),
    ("18", "North Korean agents assassinated the South Korean general.", "PRK", "KOR", "186"),
    ("18", "Iranian forces used Japanese civilians as human shields.", "IRN", "JPN", "184"),
    # -- 19 fight --------------------------------------------------------------
    ("19", "Iranian forces attacked an American military base.", "IRN", "USA", "190"),
    ("19", "Russian troops attacked Ukrainian positions near Bakhmut.", "RUS", "UKR", "190"),
    ("19", "Taliban fighters attacked an army checkpoint in Helmand.", "AFG", ANY, "190"),
    ("18", "Jihadists killed 14 worshippers at a mosque in Burkina Faso.", "BFA", ANY, "180"),
    ("18", "Gunmen stormed a hotel in the Somali capital Mogadishu.", "SOM", ANY, "180"),
    ("19", "Japanese troops were attacked by Russian forces.", "RUS", "JPN", "190"),
    ("19", "Russia's attack on Japan killed dozens.", "RUS", "JPN", "190"),
    ("19", "Russia and Japan clashed near the disputed islands.", "JPN", "RUS", "190"),
    ("19", "American jets struck targets in Iran.", "USA", "IRN", "190"),
    ("19", "China blockaded the Japanese island.", "CHN", "JPN", "191"),
    ("19", "Russian forces occupied the Japanese island.", "RUS", "JPN", "192"),
    ("19", "North Korean soldiers opened fire on South Korean troops.", "PRK", "KOR", "193"),
    ("19", "Russian artillery shelled Japanese positions overnight.", "RUS", "JPN", "194"),
    ("19", "American warplanes bombed Iranian oil facilities.", "USA", "IRN", "195"),
    ("19", "Iran's airstrikes on Russia killed ten.", "IRN", "RUS", "195"),
    ("19", "The United States launched Tomahawk cruise missiles at Iran.", "USA", "IRN", "1951"),
    ("19", "The United States killed an Iranian general in a drone strike.", "USA", "IRN", "1952"),
    ("19", "Russia violated the ceasefire.", "RUS", ANY, "196"),
    # -- 20 unconventional mass violence ---------------------------------------
    (
        "20",
        "Chinese forces expelled thousands of Uighur residents from the region.",
        "CHN",
        ANY,
        "201",
    ),
    ("20", "Russian troops massacred Japanese villagers.", "RUS", "JPN", "202"),
    ("20", "Russia carried out ethnic cleansing of Japanese residents.", "RUS", "JPN", "203"),
    ("20", "The Iranian regime committed atrocities against Kurdish civilians.", "IRN", ANY, "200"),
    ("20", "Iran used chemical weapons against Russian forces.", "IRN", "RUS", "2041"),
    ("20", "The United States dropped an atomic bomb on Japan.", "USA", "JPN", "2042"),
]


def _matches(found: set, src: str | None, tgt: str | None, code: str) -> bool:
    return any(c == code and src in (ANY, s) and tgt in (ANY, t) for s, t, c in found)


@pytest.mark.parametrize(("root", "sentence", "src", "tgt", "code"), CASES)
def test_codes(
    coder: ec.Coder, root: str, sentence: str, src: str | None, tgt: str | None, code: str
) -> None:
    assert code.startswith(root)
    found = triples(coder.code(sentence, date=DATE))
    assert _matches(found, src, tgt, code), f"{sentence!r}: got {sorted(found, key=str)}"


def test_every_root_has_four_sentences() -> None:
    per_root = Counter(root for root, *_ in CASES)
    for root in [f"{n:02d}" for n in range(9, 21)]:
        assert per_root[root] >= 4, root


# Event nouns with no agent: coded, but without a source (kept by ``coder_all``).
SOURCELESS = [
    ("Protests against the Russian government spread to dozens of cities.", "RUS", "141"),
    ("A car bomb exploded near the Japanese embassy.", ANY, "183"),
    ("Fierce fighting broke out between Russian and Japanese troops.", ANY, "190"),
    ("An airstrike on a Japanese convoy killed ten soldiers.", "JPN", "195"),
]


@pytest.mark.parametrize(("sentence", "tgt", "code"), SOURCELESS)
def test_event_nouns_without_agent(
    coder_all: ec.Coder, sentence: str, tgt: str | None, code: str
) -> None:
    found = triples(coder_all.code(sentence, date=DATE))
    assert _matches(found, ANY, tgt, code), f"{sentence!r}: got {sorted(found, key=str)}"


# Political and everyday uses of violent or hostile words: no event of these roots,
# whatever its status or source.
FALSE_EVENTS = [
    ("Republicans killed the bill in the Senate.", ("18", "19", "20")),
    ("Russia killed the deal with Japan.", ("18", "19", "20")),
    ("Ten Japanese were killed in a car crash.", ("18", "19", "20")),
    ("The United States and China struck a deal on trade.", ("18", "19", "20")),
    ("China struck a conciliatory tone with Japan.", ("18", "19", "20")),
    ("The Supreme Court struck down the law.", ("18", "19", "20")),
    ("Japanese women fought for equal rights.", ("18", "19", "20")),
    ("China is fighting corruption.", ("18", "19", "20")),
    ("Russia launched a campaign to promote tourism.", ("18", "19", "20")),
    ("The director shot a film in Tehran.", ("18", "19", "20")),
    ("The Japanese movie bombed at the box office.", ("18", "19", "20")),
    ("The pandemic hit the Japanese economy.", ("18", "19", "20")),
    ("Russia attacked the proposal as unfair.", ("18", "19", "20")),
    ("Iran fired its foreign minister.", ("18", "19", "20")),
    ("Japan executed the plan.", ("18", "19", "20")),
    ("South Korea beat Japan in the final.", ("18", "19", "20")),
    ("Brazil beat Germany 3-1 on penalties to reach the semi-finals.", ("18", "19", "20")),
    ("American investors shelled out billions for Chinese stocks.", ("18", "19", "20")),
    ("Japan's trade war with China escalated.", ("18", "19", "20")),
    ("China seized the opportunity.", ("17", "18", "19")),
    ("China captured the imagination of investors.", ("17", "18", "19")),
    ("North Korea demonstrated its resolve.", ("14",)),
    ("The Japanese government declared a public health emergency.", ("17",)),
]


@pytest.mark.parametrize(("sentence", "roots"), FALSE_EVENTS)
def test_false_events(coder_all: ec.Coder, sentence: str, roots: tuple[str, ...]) -> None:
    events = coder_all.code(sentence, date=DATE)
    bad = [(e.code, e.pattern_id) for e in events if e.code.startswith(roots)]
    assert not bad, f"{sentence!r}: {bad}"


def test_natural_disaster_has_no_perpetrator(coder: ec.Coder) -> None:
    """A subject that is not an actor gives no event (patterns cannot see the subject)."""
    assert coder.code("The typhoon killed ten people in Japan.", date=DATE) == []


def test_verbal_attack_is_criticism(coder: ec.Coder) -> None:
    """ "attacked the proposal" is a verbal attack (111), not force."""
    codes = {e.code for e in coder.code("Russia attacked the proposal as unfair.", date=DATE)}
    assert codes == {"111"}


def test_deal_is_cooperation_not_force(coder_all: ec.Coder) -> None:
    codes = {e.code for e in coder_all.code("Iran struck a deal with Russia.", date=DATE)}
    assert not any(c.startswith("19") for c in codes)


def test_lifting_sanctions_is_not_imposing(coder: ec.Coder) -> None:
    """The object decides: impose sanctions is 163, lift sanctions is 085 (yield)."""
    impose = triples(coder.code("Japan imposed sanctions on North Korea.", date=DATE))
    lift = triples(coder.code("Japan lifted sanctions on North Korea.", date=DATE))
    assert ("JPN", "PRK", "163") in impose
    assert not any(code == "163" for _, _, code in lift)


def test_weapon_decides_the_code(coder: ec.Coder) -> None:
    """The same verb codes by its weapon: missiles into the sea are a test (150),
    rockets at a country are artillery (194), a drone strike is 1952."""
    sea = triples(coder.code("North Korea fired two missiles into the sea.", date=DATE))
    at = triples(coder.code("Russia fired rockets at Japan.", date=DATE))
    drone = triples(coder.code("The United States launched a drone strike on Iran.", date=DATE))
    assert {c for *_, c in sea} == {"150"}
    assert ("RUS", "JPN", "194") in at
    assert ("USA", "IRN", "1952") in drone


def test_police_firing_on_protesters_is_repression(coder: ec.Coder) -> None:
    """The victim decides: security forces shooting protesters is 175, not 193."""
    found = triples(coder.code("Iranian police opened fire on protesters.", date=DATE))
    assert {c for *_, c in found} == {"175"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Soldiers killed at least 223 villagers in two villages.", "202"),
        ("Militias killed hundreds of civilians in the town in June.", "202"),
        ("Rebels massacred more than 300 people in the village.", "202"),
        # too few victims, armed victims, or not a killing verb: the attack's own code
        ("Gunmen killed 32 villagers in an overnight raid.", "180"),
        ("The army killed 150 rebels in the offensive.", "190"),
        ("Russian forces killed 200 Ukrainian soldiers.", "190"),
    ],
)
def test_killing_many_unarmed_people_is_a_mass_killing(coder, text, code):
    assert [e.code for e in coder.code(text, date=DATE)] == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("A suicide car bomber rammed a military checkpoint outside the capital.", "1831"),
        ("A suicide bomber attacked Shiite worshippers at a mosque.", "1831"),
        ("Militants threw a grenade at a police post in the market.", "183"),
        ("Soldiers threw grenades at the rebel positions.", "193"),
    ],
)
def test_who_throws_or_carries_the_bomb_decides_the_code(coder, text, code):
    assert code in [e.code for e in coder.code(text, date=DATE)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Soldiers shot dead at least 15 people protesting against the coup.", "175"),
        ("Police opened fire on students demonstrating outside the parliament.", "175"),
        # the participle must say they were protesting
        ("Soldiers shot dead at least 15 people living in the village.", "193"),
    ],
)
def test_people_protesting_are_protesters(coder, text, code):
    assert [e.code for e in coder.code(text, date=DATE)] == [code]
