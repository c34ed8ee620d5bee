"""Gold loading: the JSONL format's located errors and every external-format reader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import eventcoder as ec
from eventcoder.evaluate.gold import GoldError, read_jsonl
from eventcoder.evaluate.readers import detect_format, read_gold

FIXTURES = Path(__file__).parent / "fixtures" / "gold"


@pytest.fixture(scope="module")
def book() -> ec.Codebook:
    return ec.load_codebook()


def test_jsonl_fixture_loads(book):
    records = read_jsonl(FIXTURES / "mini.jsonl", book)
    assert [r.id for r in records] == [f"mini-{i}" for i in range(1, 7)]
    first = records[0]
    assert first.date.isoformat() == "2022-03-02"
    assert (first.events[0].source, first.events[0].target, first.events[0].code) == (
        "RUSMIL",
        "UKR",
        "194",
    )
    assert records[2].events == () and records[2].tags == ("no-event",)
    # The file names no ACLED type: it is not scored at the ACLED levels.
    assert all(r.annotated == {"cameo", "plover"} for r in records)


def test_located_errors_all_reported(book):
    path = FIXTURES / "invalid.jsonl"
    with pytest.raises(GoldError) as info:
        read_jsonl(path, book)
    lines = [str(i) for i in info.value.issues]
    expected = [
        (2, "bad-1", "duplicate id (first used on line 1)"),
        (3, "bad-3", "date: date '21/06/2021' is not YYYY-MM-DD"),
        (3, "bad-3", "events[0].code: unknown CAMEO code '999'"),
        (4, "bad-4", "events[0].source: 'gha' is not an actor code"),
        (4, "bad-4", "events[0].target: missing required field"),
        (5, "bad-5", "text: missing required field"),
        (5, "bad-5", "events[0].plover: unknown PLOVER type 'NOT_A_TYPE'"),
        (6, "", "invalid JSON"),
    ]
    for line, rid, message in expected:
        prefix = f"{path}:{line}: {rid + ': ' if rid else ''}{message}"
        assert any(s.startswith(prefix) for s in lines), (prefix, lines)
    assert len(lines) == len(expected)
    assert not any(":1:" in s for s in lines)  # the good record has no issue
    assert str(info.value).startswith("gold data is invalid (8 problem(s)):")


def test_jsonl_rejects_reader_only_fields_and_null_code(tmp_path, book):
    path = tmp_path / "g.jsonl"
    rows = [
        {"id": "a", "text": "t", "date": "2021-01-01", "events": [], "annotated": ["acled"]},
        {
            "id": "b",
            "text": "t",
            "date": "2021-01-01",
            "events": [{"source": "USA", "target": None, "code": None, "source_text": "x"}],
        },
        {"id": "c", "text": "t", "date": None, "events": []},
        {"id": "d", "text": "t", "date": "2021-02-30", "events": [], "extra": 1},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.raises(GoldError) as info:
        read_jsonl(path, book)
    text = "\n".join(map(str, info.value.issues))
    assert f"{path}:1: a: annotated: unknown field" in text
    assert f"{path}:2: b: events[0].source_text: unknown field" in text
    assert f"{path}:2: b: events[0]: code must not be null" in text
    assert f"{path}:3: c: date: date None is not YYYY-MM-DD" in text
    assert f"{path}:4: d: date: date '2021-02-30' is not a calendar date" in text
    assert f"{path}:4: d: extra: unknown field" in text


def test_acled_types_checked_against_the_codebook(tmp_path, book):
    assert getattr(getattr(book, "acled", None), "types", None), "cameo has an ACLED taxonomy"
    path = tmp_path / "g.jsonl"
    event = {"source": "NGAMIL", "target": "NGAREB", "code": "190"}
    rows = [
        {
            "id": "a",
            "text": "t",
            "date": "2021-01-01",
            "events": [event | {"acled_type": "Battles", "acled_sub_type": "Armed clash"}],
        },
        {
            "id": "b",
            "text": "t",
            "date": "2021-01-01",
            "events": [event | {"acled_type": "Skirmish"}],
        },
        {
            "id": "c",
            "text": "t",
            "date": "2021-01-01",
            "events": [event | {"acled_type": "Battles", "acled_sub_type": "Grenade"}],
        },
        {
            "id": "d",
            "text": "t",
            "date": "2021-01-01",
            "events": [event | {"acled_sub_type": "Grenade"}],
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.raises(GoldError) as info:
        read_jsonl(path, book)
    by_line = {i.line: i.message for i in info.value.issues}
    assert set(by_line) == {2, 3, 4}
    assert "unknown ACLED event type 'Skirmish'" in by_line[2]
    assert "'Grenade' is not a sub-event type of 'Battles'" in by_line[3]
    assert "acled_sub_type given without acled_type" in by_line[4]


def test_detect_format(tmp_path):
    assert detect_format(FIXTURES / "mini.jsonl") == "gold"
    assert detect_format(FIXTURES / "petrarch.xml") == "petrarch"
    assert detect_format(FIXTURES / "plover.json") == "plover"
    assert detect_format(FIXTURES / "acled.csv") == "acled"
    assert detect_format(FIXTURES / "sentences.conllu") == "conllu"
    plover_lines = tmp_path / "plover.jsonl"
    records = json.loads((FIXTURES / "plover.json").read_text())
    plover_lines.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    assert detect_format(plover_lines) == "plover"
    unknown = tmp_path / "gold.txt"
    unknown.write_text((FIXTURES / "petrarch.xml").read_text())
    assert detect_format(unknown) == "petrarch"


def test_petrarch_reader(book):
    records = read_gold(FIXTURES / "petrarch.xml", codebook=book)
    assert [r.id for r in records] == ["PV-1", "PV-2", "PV-3", "PV-4"]
    pv1 = records[0]
    assert pv1.text == "Nigerian soldiers attacked Boko Haram fighters near Maiduguri on Sunday."
    assert pv1.date.isoformat() == "2015-01-04"
    assert [(e.source, e.target, e.code) for e in pv1.events] == [("NGAMIL", "NGAREB", "190")]
    assert len(records[1].events) == 2 and "Egypt & Jordan" in records[1].text
    assert records[2].events == ()
    assert records[3].events[0].target is None  # "---"
    assert records[0].annotated == {"cameo", "plover"}


def test_petrarch_reader_locates_errors(tmp_path, book):
    path = tmp_path / "bad.xml"
    path.write_text(
        '<Sentences>\n<Sentence date="2015-01-04" id="X-1">\n<Text>Hi.</Text>\n'
        '<EventCoding sourcecode="NGAMIL" targetcode="---" eventcode="999"/>\n</Sentence>\n'
        '<Sentence date="20150104" id="X-2"><Text>Hi.</Text>\n</Sentences>\n'
    )
    with pytest.raises(GoldError) as info:
        read_gold(path, codebook=book)
    assert re.match(rf"{re.escape(str(path))}:7: invalid XML", str(info.value.issues[0]))
    path.write_text(
        '<Sentences>\n<Sentence date="2015-13-04" id="X-1">\n<Text>Hi.</Text>\n'
        '<EventCoding sourcecode="NGAMIL" targetcode="---" eventcode="999"/>\n</Sentence>\n'
        "</Sentences>\n"
    )
    with pytest.raises(GoldError) as info:
        read_gold(path, codebook=book)
    messages = [str(i) for i in info.value.issues]
    assert any(m.startswith(f"{path}:2: X-1: events[0].code: unknown CAMEO code") for m in messages)
    assert any(m.startswith(f"{path}:2: X-1: date:") for m in messages)


def test_plover_reader(book, tmp_path):
    records = read_gold(FIXTURES / "plover.json", codebook=book)
    assert [r.id for r in records] == ["PL-1", "PL-2"]  # PL-3 shares PL-2's text
    pl1, pl2 = records
    assert pl1.annotated == {"plover"} and pl1.tags == ("economic",)
    assert [(e.source, e.target, e.plover) for e in pl1.events] == [
        ("IGOEUREEC", "BLR", "SANCTION"),
        ("IGOEUREEC", "RUS", "SANCTION"),
    ]
    assert [(e.source, e.target, e.plover, e.source_text) for e in pl2.events] == [
        ("KENCOP", None, "COERCE", "Kenyan police"),
        ("KENGOV", "KENCOP", "SUPPORT", "the governor"),
    ]
    as_lines = tmp_path / "p.jsonl"
    raw = json.loads((FIXTURES / "plover.json").read_text())
    as_lines.write_text("\n".join(json.dumps(r) for r in raw))
    assert read_gold(as_lines, codebook=book) == records


def test_plover_reader_rejects_unknown_type(tmp_path, book):
    path = tmp_path / "p.json"
    path.write_text('[\n  {"id": "x", "date": "2021-01-01", "text": "t", "event": "PARTY"}\n]\n')
    with pytest.raises(GoldError) as info:
        read_gold(path, codebook=book)
    assert str(info.value.issues[0]).startswith(f"{path}:2: x: events[0].plover: unknown PLOVER")


def test_acled_reader(book):
    records = read_gold(FIXTURES / "acled.csv", codebook=book)
    assert [r.id for r in records] == ["NGA1001", "KEN2002", "KEN2003"]
    nga, ken, ken2 = records
    assert nga.annotated == {"acled"}
    assert nga.tags == ("Nigeria", "Political violence")
    (event,) = nga.events
    assert (event.code, event.source, event.acled_type, event.acled_sub_type) == (
        None,
        None,
        "Battles",
        "Armed clash",
    )
    assert event.source_text == "Military Forces of Nigeria (2015-2023)"
    assert ken.date.isoformat() == "2021-06-04"  # from "04 June 2021"
    assert ken.events[0].target_text is None
    assert ken2.events[0].acled_sub_type == "Protest with intervention"


def test_acled_reader_needs_its_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,text\n1,hello\n")
    with pytest.raises(GoldError, match="missing column"):
        read_gold(path, format="acled")


def test_conllu_reader(book):
    records = read_gold(FIXTURES / "sentences.conllu", codebook=book)
    assert [r.id for r in records] == ["CU-1", "CU-2", "CU-3"]
    cu1, cu2, cu3 = records
    assert cu1.tags == ("sanctions",)
    assert [(e.source, e.target, e.code) for e in cu1.events] == [("USA", "IRN", "163")]
    assert cu2.text == "France offered talks to Germany."  # rebuilt from FORM + SpaceAfter
    assert [(e.source, e.target, e.code) for e in cu2.events] == [
        ("FRA", "DEU", "036"),
        ("DEU", None, "010"),
    ]
    assert cu3.events == () and cu3.date.isoformat() == "2019-05-10"


def test_unknown_format_and_missing_file(tmp_path):
    with pytest.raises(GoldError, match="no such file"):
        read_gold(tmp_path / "nope.jsonl")
    with pytest.raises(GoldError, match="unknown format"):
        read_gold(FIXTURES / "mini.jsonl", format="tabari")
