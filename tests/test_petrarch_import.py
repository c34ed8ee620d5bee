"""`eventcoder codebook import-petrarch`: PETRARCH dictionaries -> a YAML codebook.

The fixtures in tests/fixtures/petrarch/ are small files written for these tests in the
PETRARCH formats, one construct per line; the last test imports the real PETRARCH-2
dictionaries from the shared folder.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import eventcoder as ec
from eventcoder.cli import app
from eventcoder.codebook.petrarch import REPORT_FILE, Report, Sources, import_petrarch
from eventcoder.codebook.petrarch.actors import parse_code_spec, parse_date
from eventcoder.codebook.petrarch.report import Finding
from eventcoder.codebook.petrarch.verbs import convert_verbs, read_verb_dictionary
from tests.conftest import REPO, shared_dir

FIXTURES = REPO / "tests" / "fixtures" / "petrarch"
runner = CliRunner()


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _verbs(outdir: Path, code: str) -> list:
    return _yaml(outdir / "verbs.yaml")["patterns"][code]["verbs"]


def _findings(found: list[Finding], snippet: str) -> list[str]:
    return [f.reason for f in found if snippet in f.entry]


@pytest.fixture(scope="module")
def standalone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    out = tmp_path_factory.mktemp("petrarch") / "standalone"
    report = import_petrarch(Sources.from_dir(FIXTURES), out, extends=None)
    return out, report


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    out = tmp_path_factory.mktemp("petrarch") / "extended"
    report = import_petrarch(Sources.from_dir(FIXTURES), out)
    return out, report


# -- verb dictionary ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "pattern"),
    [
        ("170", "impose|levy"),  # bare verbs of a block: its default code
        ("170", "impose|levy $target"),  # ... and the object as the target
        ("163", "impose|levy sanction|sanctions"),  # object noun: singular and as written
        ("1724", "impose|levy martial_law"),  # {noun phrase}
        ("163", "impose|levy &SANCTION on $target"),  # synset; (ON +) names the target
        ("190", "impose|levy &WEAPON_ATTACK"),  # a long {&SYNSET NOUN} becomes a synset
        ("046", "visit for talk|talks"),  # (PREP NOUN)
        ("046", "visit $target for talk|talks"),  # PETRARCH takes the object as target
        ("042", "visit on tour"),  # [042:---]: the active code
        ("043", "host $target"),  # [043:042]: the active code
        ("0334", "deploy|send &PKO to $target"),  # (TO) with no noun: the target
        ("0332", "deploy|send troop|troops from $source to $target"),  # TABARI $ and +
        ("073", "deploy|send of *"),  # ^ skips an actor: anything goes
        ("045", "meet in secret"),  # $ before the verb is the subject anyway
        ("160", "call_off $target"),  # +CALL_OFF: a phrasal verb
        ("020", "ask for $target"),  # +ASK_FOR: verb and preposition
        ("111", "anger by $target"),  # +ANGERED_BY {}: the literal form's base
        ("010", "set_out|symbolize_out|symbolise_out view|views"),  # particle; spelling
        ("030", "set_aside|symbolize_aside|symbolise_aside rift"),  # (ASIDE RIFT)
        ("1246", "violate|break ceasefire"),
        ("111", "criticize|chastise $target"),
    ],
)
def test_verb_patterns_convert(standalone, code, pattern):
    out, _ = standalone
    assert pattern in _verbs(out, code)


def test_compound_subject_is_symmetric_and_null_code_discards(standalone):
    out, _ = standalone
    assert {"pattern": "hold talk|talks", "symmetric": True} in _verbs(out, "043")
    assert "impose|levy tax|taxes" in _yaml(out / "verbs.yaml")["discard"]["verbs"]


def test_synsets_convert(standalone):
    out, report = standalone
    synsets = _yaml(out / "verbs.yaml")["synsets"]
    assert synsets["SANCTION"] == ["sanction", "embargo", "trade restriction"]
    assert synsets["PKO"] == ["peacekeeper", "blue helmet", "blue helmets"]
    assert "gun attack" in synsets["WEAPON_ATTACK"]
    assert synsets["BROKEN"] == ["good"]
    assert _findings(report.skipped, "+$MARKER") == [
        "synset member holding a marker or another synset"
    ]


@pytest.mark.parametrize(
    ("snippet", "reason"),
    [
        ("INSPECTOR *", "pattern constrains the subject or words before the verb"),
        ("&UNDEFINED", "uses an undefined synset"),
        ("(TO + BORDER)", "actor marker inside a noun phrase"),
        ("[172]", "same pattern as an earlier one with another code"),
        ("CURFEW", "code not in the CAMEO taxonomy"),
        ("[17!]", "unreadable code"),
        ("(THE STAKES)", "phrase introduced by a word our parser does not treat as a prep"),
        ("(BEFORE COURT)", "passive-only code"),
        ("(BETWEEN %)", "compound-actor marker % after the verb"),
        ("* A B C D", "more than two objects after the verb"),
        ("+KILLED_AND", "conjunction in a multi-word verb"),
        ("WIRE_+TAP", "words before the verb in a multi-word verb"),
        ("+IS_DETERMINED", "auxiliary verb as the head of a multi-word verb"),
        ("~ a (a b ATTACK) SAY", "transformation (verb-in-verb rewrite)"),
    ],
)
def test_verb_entries_skipped_with_reason(standalone, snippet, reason):
    _, report = standalone
    reasons = _findings(report.skipped, snippet)
    assert reasons and all(r.startswith(reason) for r in reasons), reasons


def test_duplicate_pattern_reported(standalone):
    _, report = standalone
    dups = [f for f in report.skipped if f.reason.startswith("duplicate of an earlier")]
    assert [(f.file, f.entry.split("[")[0].strip()) for f in dups] == [
        ("verbs.txt", "- * SANCTIONS")
    ]


@pytest.mark.parametrize(
    ("snippet", "reason"),
    [
        ("--- VISIT ---", "active/passive code pair: the active code is used"),
        ("(ON TOUR)", "active-only code"),
        ("chastise", "verb listed in more than one block"),
        ("SYMBOLIZE", "spelling variant in the forms list"),
    ],
)
def test_verb_approximations_reported(standalone, snippet, reason):
    _, report = standalone
    assert any(r.startswith(reason) for r in _findings(report.approximated, snippet))


def test_tabari_format_detected_and_converted(tmp_path):
    old = tmp_path / "CAMEO.verbpatterns.txt"
    old.write_text(
        "&CURRENCY\n+MONEY\n+DOLLAR\n\n"
        "--- ABANDON [080] ---\nABANDON\n"
        "- * OUTPOST IN + [0874] # ABANDON <jap 22 Feb 2002>\n"
        "- $ * DEAL RELEASE &CURRENCY FROZEN + ASSET [085]  # ANNOUNCE\n"
        "- % * RESUMPTION OF DIPLOMATIC RELATIONS [050]  # ANNOUNCE\n",
        encoding="utf-8",
    )
    vd = read_verb_dictionary(old)
    assert vd.format.startswith("PETRARCH-1/TABARI")
    report = Report()
    out = convert_verbs(vd, frozenset({"080", "0874", "085", "050"}), frozenset(), report)
    assert [p.text for p in out.patterns["0874"]] == ["abandon outpost in $target"]
    assert out.patterns["050"][0].symmetric
    assert (
        out.patterns["050"][0].text
        == "abandon resumption of diplomatic_relation|diplomatic_relations"
    )
    assert [f.reason for f in report.skipped] == [
        "more than two objects after the verb (positional TABARI word sequence)"
    ]


# -- actor dictionaries -------------------------------------------------------------


def test_dates_and_code_restrictions():
    assert parse_date("090120") == dt.date(2009, 1, 20)
    assert parse_date("320101") == dt.date(1932, 1, 1)  # the files go back to the 1930s
    assert parse_date("20130409") == dt.date(2013, 4, 9)
    with pytest.raises(ValueError):
        parse_date("2004017")
    spec = parse_code_spec("USAGOV > 090120")
    assert (spec.code, spec.start, spec.end) == ("USAGOV", dt.date(2009, 1, 20), None)
    assert parse_code_spec("SDNSSD <20050709").end == dt.date(2005, 7, 9)
    assert parse_code_spec("USAELI 780101-000101").end == dt.date(2000, 1, 1)
    assert not parse_code_spec("IGOUNO").dated


def test_people_with_dated_roles(standalone):
    out, report = standalone
    people = {p["name"]: p for p in _yaml(out / "actors.yaml")["people"]}
    assert people["Mwai Kibaki"] == {  # "# CountryInfo.txt": a person; [KENELI] the default
        "name": "Mwai Kibaki",
        "names": ["Kibaki"],
        "country": "KENELI",
        "roles": [
            {"code": "KENELI", "start": "1970-01-01", "end": "2002-12-30"},
            {"code": "KENGOV", "start": "2002-12-30", "end": "2013-04-09"},
        ],
    }
    # Under a "# Presidents" heading; <date is an end, >date a start.
    assert people["Uhuru Kenyatta"]["roles"] == [
        {"code": "KENGOV", "start": "2013-04-09"},
        {"code": "KENOPP", "end": "1999-12-31"},
    ]
    # Two phrases before the codes share them (TABARI style).
    assert people["Ivo Josipovic"]["names"] == ["President Josipovic"]
    assert people["Kofi Annan"]["country"] == "ELI"  # "# IGOrulers.txt"
    assert [r["code"] for r in people["Javier Solana"]["roles"]] == ["IGOEUREEC", "IGOWSTNAT"]
    assert people["Wanjiru Odhiambo"] == {"name": "Wanjiru Odhiambo", "country": "KENELI"}
    assert "Mwai Otieno" in people  # unmarked, dated, first name of a marked person
    assert _findings(report.approximated, "MWAI_OTIENO") == [
        "unmarked entry with dated codes taken as a person (first name of a marked person)"
    ]


def test_countries_and_names(standalone):
    out, report = standalone
    actors = _yaml(out / "actors.yaml")
    countries = {c["code"]: c["names"] for c in actors["countries"]}
    assert countries["KEN"] == ["Kenya", "Kenyan", "Republic Of Kenya", "Nairobi"]
    assert countries["SSD"] == ["South Sudan", "South Sudanese"]  # dated: the current code
    names = {n["code"]: (n["names"], n["kind"]) for n in actors["names"]}
    assert names["IGOUNO"] == (["UN"], "organization")  # short names keep their capitals
    assert names["IGOWSTNAT"][0] == ["Nato", "North Atlantic Treaty Organization"]
    assert names["KENMIL"][0] == ["Kenya Defence Forces"]  # under an institutions heading
    assert names["MNCNLD"][0] == ["Abn Amro"]  # dated code and a default: the default
    assert names["NGO"][0] == ["Human Rights Internet Harvard"]
    assert _findings(report.approximated, "SOUTH_SUDAN") == [
        "dated codes on an entry not marked as a person: the current code is kept"
    ]


@pytest.mark.parametrize(
    ("snippet", "reason"),
    [
        ("SDNSSDAUT 1920050709", "malformed date"),
        ("KENGOV 2004017", "malformed date"),
        ("KENGOV 20100101-20050101", "date range ends before it starts"),
        ("NGOCHRPRO214", "actor code not in three-letter blocks"),
        ("GHOST_PARTY_ [---]", "null actor code [---]"),
        ("GHOST_PARTY_", "no usable code left (each bad code is reported too)"),
        ("U.N._", "entry without a code"),
        ("Source: MNC.MLH.actors", "not a name"),
        ("+ORPHAN_SYNONYM", "synonym or code before any entry"),
    ],
)
def test_actor_entries_skipped_with_reason(standalone, snippet, reason):
    _, report = standalone
    assert reason in _findings(report.skipped, snippet)


# -- agents and discards ----------------------------------------------------------------


def test_agents_convert(standalone):
    out, report = standalone
    agents = _yaml(out / "agents.yaml")["agents"]
    assert agents["AGR"] == [
        "farmer",
        "cattleman",
        "cattlemen",
        "cattlewoman",
        "cattlewomen",
        "cattleperson",
    ]
    assert agents["HRI"] == ["right activist", "rights activist"]  # lemma and as written
    assert agents["GOV"] == ["minister for agriculture", "ministry for agriculture", "ambassador"]
    assert agents["COP"] == ["lawman", "lawmen"]  # {irregular plural}
    assert agents["MIL"] == ["self - defense force", "soldier"]  # hyphens as the parser splits
    assert agents["BUS"] == ["chief executive"]
    skipped = {f.entry: f.reason for f in report.skipped if f.file == "agents.txt"}
    assert skipped == {
        "HUMAN_RIGHTS_BODY [NGO~]": (
            "prefix agent code (X~): our agents add a sector after the country"
        ),
        "SOLDIER [~REB]": "phrase already an agent of another sector (the first sector is kept)",
        "!UNKNOWN!_BOSS [~BUS]": "unknown substitution set",
        "ISLAMIC_EXTREMIST": "agent without a code",
        "FISHER [AGR]": "unreadable agent code",
    }
    approx = {f.reason for f in report.approximated if f.file == "agents.txt"}
    assert approx == {
        "compound agent code: only the first sector is kept",
        "words PETRARCH lets stand apart must be adjacent here",
        "trailing preposition dropped (the agent is the noun before it)",
    }


def test_discards(standalone):
    out, report = standalone
    assert _yaml(out / "discards.yaml")["discard"]["verbs"] == ["break record"]
    skipped = {f.entry: f.reason.split(":")[0] for f in report.skipped if f.file == "discards.txt"}
    assert skipped == {
        "1914": "sentence discard phrase",
        "WORLD CUP": "sentence discard phrase",
        "+MANCHESTER_UNITED": "story discard (+)",
    }


# -- the result: validates, codes, reports -------------------------------------------


def test_standalone_codebook_validates_and_codes(standalone, coder):
    out, _ = standalone
    assert (out / "codes.yaml").is_file()  # the taxonomy is copied
    assert [i for i in ec.validate_codebook(out) if not i.message.startswith("warning")] == []
    imported = ec.Coder(codebook=out, nlp=coder.nlp)
    sentences = {
        "Kenya visited Uganda.": {("KEN", "UGA", "042")},
        "Kenya visited Uganda for talks.": {("KEN", "UGA", "046")},
        "Uganda hosted Kenya.": {("UGA", "KEN", "043")},
        "Kenya deployed peacekeepers to Uganda.": {("KEN", "UGA", "0334")},
        "Kenya sent troops from Uganda to Somalia.": {("UGA", "SOM", "0332")},
        "Kenya and Uganda held talks.": {("KEN", "UGA", "043"), ("UGA", "KEN", "043")},
        "Kenya called off the talks.": {("KEN", None, "160")},
        "Kenyan farmers condemned Uganda.": {("KENAGR", "UGA", "111")},
        "Mwai Kibaki criticized Uganda.": {("KENGOV", "UGA", "111")},
        "The UN condemned Kenya.": {("IGOUNO", "KEN", "111")},
        "Kenya imposed restrictions.": {("KEN", None, "170")},
        "Kenya imposed new taxes.": set(),  # [---]: a discard pattern blocks 170
        "Kenya broke the ceasefire.": {("KEN", None, "1246")},
        "Kenya broke the record.": set(),  # from the discards file
    }
    for text, want in sentences.items():
        got = {
            (e.source.code if e.source else None, e.target.code if e.target else None, e.code)
            for e in imported.code(text, date="2010-06-01")
        }
        assert got == want, text


def test_extending_cameo_keeps_the_parent(extended):
    out, report = extended
    assert 'extends: "cameo"' in (out / "codebook.yaml").read_text()
    assert not (out / "codes.yaml").exists()
    # A synset name the parent uses is renamed, so cameo's patterns keep their synset.
    assert "impose|levy &SANCTION_PETRARCH on $target" in _verbs(out, "163")
    assert _findings(report.approximated, "&SANCTION_") == [
        "synset renamed: the parent codebook has a synset of that name"
    ]
    # A country entry replaces the parent's: the parent's names come along.
    ken = next(c for c in _yaml(out / "actors.yaml")["countries"] if c["code"] == "KEN")
    assert ken["adjectives"] == ["Kenyan"] and ken["capitals"] == ["Nairobi"]
    assert ken["names"][:2] == ["Kenya", "Republic of Kenya"]
    # People cameo already has keep cameo's roles.
    in_parent = {f.entry for f in report.skipped if f.reason.startswith("person already")}
    assert {"MWAI_KIBAKI_", "BARACK_OBAMA", "KOFI_ANNAN_"} <= in_parent
    # A sector list replaces the parent's: the parent's nouns come first.
    agents = _yaml(out / "agents.yaml")["agents"]
    assert agents["GOV"][0] == "government" and "ambassador" in agents["GOV"]
    assert [i for i in ec.validate_codebook(out) if not i.message.startswith("warning")] == []


def test_report_file_lists_every_finding(standalone):
    out, report = standalone
    text = (out / REPORT_FILE).read_text(encoding="utf-8")
    assert f"## skipped ({len(report.skipped)})" in text
    assert f"## approximated ({len(report.approximated)})" in text
    lines = (FIXTURES / "verbs.txt").read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines, 1) if line.startswith("- INSPECTOR *"))
    assert f"verbs.txt:{n}: - INSPECTOR *" in text  # file:line: entry: reason
    for reason, count in report.skipped_by_reason().items():
        assert f"#   {count:>7,}  {reason}" in text  # the counts by reason head the file


def test_cli_import_and_validate(tmp_path):
    out = tmp_path / "book"
    result = runner.invoke(
        app, ["codebook", "import-petrarch", str(FIXTURES), str(out), "--standalone"]
    )
    assert result.exit_code == 0, result.output
    assert "converted:" in result.output and "skipped: " in result.output
    assert "passive-only code" in result.output
    assert runner.invoke(app, ["codebook", "validate", str(out)]).exit_code == 0
    again = runner.invoke(app, ["codebook", "import-petrarch", str(FIXTURES), str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    override = runner.invoke(
        app,
        [
            "codebook",
            "import-petrarch",
            str(FIXTURES),
            str(out),
            "--force",
            "--standalone",
            "--verbs",
            str(FIXTURES / "verbs.txt"),
        ],
    )
    assert override.exit_code == 0, override.output


# -- the real PETRARCH-2 dictionaries ---------------------------------------------------

REAL_SENTENCES = {
    # verb (block in CAMEO.2.0.txt) -> a sentence and the code the import must give
    "The United States imposed sanctions on Iran.": "163",  # IMPOSE: * SANCTIONS
    "Thailand imposed martial law.": "1724",  # IMPOSE: * {MARTIAL LAW}
    "Israel signed a peace treaty with Jordan.": "057",  # SIGN: * {PEACE &TREATY}
    "Japan condemned North Korea.": "111",  # CONDEMN [111]
    "Brazil visited China.": "042",  # VISIT [042:043]
    "China hosted Brazil.": "043",  # HOST [043:042]
    "India accused Pakistan.": "112",  # BLAME: ACCUSE [112]
    "Iran threatened Israel.": "130",  # THREATEN [130]
    "Spain apologized to Morocco.": "055",  # APOLOGIZE [055]
    "Germany praised France.": "051",  # PRAISE [051]
}


def test_real_petrarch_dictionaries(tmp_path, coder):
    source = shared_dir() / "reference" / "raw" / "petrarch2"
    out = tmp_path / "petrarch"
    started = time.perf_counter()
    report = import_petrarch(Sources.from_dir(source), out)
    assert time.perf_counter() - started < 60
    assert report.formats == {"CAMEO.2.0.txt": "PETRARCH-2"}
    assert report.read["verb patterns"] == 4668
    assert report.converted["verb patterns"] > 3500
    assert report.converted["people"] > 15000
    text = (out / REPORT_FILE).read_text(encoding="utf-8")
    counts = report.skipped_by_reason()
    for reason in (
        "pattern constrains the subject or words before the verb (our patterns start at the verb)",
        "passive-only code: our patterns cannot require the passive voice",
        "sentence discard phrase: eventcoder discards block a predicate, not a sentence",
    ):
        assert counts[reason] > 0 and f"{counts[reason]:>7,}  {reason}" in text
    assert text.count("\n") > len(report.skipped)  # one line per skipped entry
    codebook = ec.load_codebook(out)  # raises if the codebook is invalid
    assert len(codebook.people) > 15000
    imported = ec.Coder(codebook=codebook, nlp=coder.nlp)
    got = {
        text: [e.code for e in imported.code(text, date="2012-06-01")] for text in REAL_SENTENCES
    }
    assert got == {text: [code] for text, code in REAL_SENTENCES.items()}
