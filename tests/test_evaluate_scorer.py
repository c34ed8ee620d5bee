"""The scorer on hand-computed cases, with events built directly (no parser)."""

from __future__ import annotations

import json

import pytest

from eventcoder.evaluate.gold import SCHEMES, GoldEvent, GoldRecord
from eventcoder.evaluate.matching import NONE, explain
from eventcoder.evaluate.scorer import score
from eventcoder.records import ActorRef, Event


def ev(
    code: str,
    source: str | None = None,
    target: str | None = None,
    *,
    plover: str | None = None,
    acled: tuple[str, str] | None = None,
    pattern: str = "",
) -> Event:
    """A predicted event with only what scoring looks at."""
    return Event(
        sentence_index=0,
        code=code,
        name="",
        root=code[:2],
        quad_class=1,
        quad_class_name="",
        source=ActorRef(code=source) if source else None,
        target=ActorRef(code=target) if target else None,
        plover_type=plover,
        acled_type=acled[0] if acled else None,
        acled_sub_type=acled[1] if acled else None,
        pattern_id=pattern or f"{code}:test",
    )


def gold(*events: tuple, rid: str = "r1", tags: tuple[str, ...] = (), annotated=SCHEMES):
    """A gold record from ``(source, target, code[, plover])`` tuples."""
    return GoldRecord(
        id=rid,
        text="Some sentence.",
        date=None,
        events=[
            GoldEvent(source=e[0], target=e[1], code=e[2], plover=e[3] if len(e) > 3 else None)
            for e in events
        ],
        tags=tags,
        annotated=annotated,
    )


def prf(result, level: str) -> tuple:
    c = result.level(level).counts
    return c.precision, c.recall, c.f1


def run(records, predictions, **kw):
    return score(records, predictions, None, resamples=kw.pop("resamples", 0), **kw)


def test_perfect():
    g = gold(("USAGOV", "PRK", "036"), ("RUSMIL", "UKR", "190"))
    p = [ev("036", "USAGOV", "PRK"), ev("190", "RUSMIL", "UKR")]
    result = run([g], [p])
    for level in ("event", "root", "code", "root_dyad", "full"):
        assert prf(result, level) == (1.0, 1.0, 1.0), level
    r = result.records[0]
    assert r.ok and not r.missed and not r.extra
    assert sorted(r.correct) == [(0, 0), (1, 1)]
    assert result.outcome == {
        "records": 1,
        "records_with_errors": 0,
        "correct": 2,
        "missed": 0,
        "extra": 0,
    }


def test_empty_prediction():
    result = run([gold(("USAGOV", "PRK", "036"), ("RUSMIL", "UKR", "190"))], [[]])
    for level in ("event", "root", "full"):
        assert prf(result, level) == (None, 0.0, 0.0), level
    r = result.records[0]
    assert [m.gold for m in r.missed] == [0, 1]
    assert all(m.closest is None for m in r.missed)


def test_empty_gold():
    result = run([gold()], [[ev("190", "RUSMIL", "UKR", pattern="190:verb:attack")]])
    assert prf(result, "event") == (0.0, None, 0.0)
    assert prf(result, "full") == (0.0, None, 0.0)
    (extra,) = result.records[0].extra
    assert extra.closest is None
    assert result.records[0].to_dict()["extra"][0]["pattern_id"] == "190:verb:attack"


def test_nothing_at_all_is_undefined_not_zero():
    result = run([gold()], [[]])
    assert prf(result, "event") == (None, None, None)
    assert result.records[0].ok


def test_all_wrong():
    result = run([gold(("USAGOV", "PRK", "036"))], [[ev("190", "RUSMIL", "UKR")]])
    assert prf(result, "event") == (1.0, 1.0, 1.0)  # something was detected
    for level in ("root", "code", "root_dyad", "full"):
        assert prf(result, level) == (0.0, 0.0, 0.0), level
    r = result.records[0]
    (miss,) = r.missed
    assert miss.closest == 0  # the only prediction, though it shares nothing
    assert "code: 036 → 190" in miss.differences
    conf = result.confusion
    cell = {
        (g, p): conf.matrix[i][j]
        for i, g in enumerate(conf.labels)
        for j, p in enumerate(conf.labels)
    }
    assert cell[("03", NONE)] == 1 and cell[(NONE, "19")] == 1 and cell[("03", "19")] == 0


def test_partial_hand_computed():
    g = gold(("USAGOV", "PRK", "042"), ("RUSMIL", "UKR", "190"), ("CHN", "USA", "112"))
    p = [ev("043", "USAGOV", "PRK"), ev("190", "RUSMIL", "UKRMIL")]
    result = run([g], [p])
    assert prf(result, "root") == (1.0, pytest.approx(2 / 3), pytest.approx(0.8))
    assert prf(result, "code") == (0.5, pytest.approx(1 / 3), pytest.approx(0.4))
    assert prf(result, "root_dyad") == prf(result, "root")
    assert prf(result, "full") == (0.0, 0.0, 0.0)
    r = result.records[0]
    assert r.pairs == [(0, 0), (1, 1)]
    by_gold = {m.gold: m for m in r.missed}
    assert by_gold[0].closest == 0 and by_gold[0].differences == ("code: 042 → 043",)
    assert by_gold[1].closest == 1 and by_gold[1].differences == ("target: UKR → UKRMIL",)
    assert 2 in by_gold
    assert {x.predicted for x in r.extra} == {0, 1}
    conf = result.confusion
    cell = {
        (g, p): conf.matrix[i][j]
        for i, g in enumerate(conf.labels)
        for j, p in enumerate(conf.labels)
    }
    assert cell[("04", "04")] == 1 and cell[("19", "19")] == 1 and cell[("11", NONE)] == 1
    assert sum(map(sum, conf.matrix)) == 3


def test_duplicates_count_once_each():
    twice = gold(("FRA", "DEU", "040"), ("FRA", "DEU", "040"))
    result = run([twice], [[ev("040", "FRA", "DEU")]])
    assert prf(result, "full") == (1.0, 0.5, pytest.approx(2 / 3))
    thrice = [ev("040", "FRA", "DEU")] * 3
    result = run([gold(("FRA", "DEU", "040"))], [thrice])
    assert prf(result, "full") == (pytest.approx(1 / 3), 1.0, 0.5)
    assert len(result.records[0].extra) == 2 and len(result.records[0].correct) == 1


def test_conjoined_targets_are_one_event_per_pair():
    g = gold(("USA", "IRN", "163"), ("USA", "SYR", "163"))
    result = run([g], [[ev("163", "USA", "SYR")]])
    assert prf(result, "full") == (1.0, 0.5, pytest.approx(2 / 3))
    (miss,) = result.records[0].missed
    assert result.records[0].record.events[miss.gold].target == "IRN"
    assert miss.differences == ("target: IRN → SYR",)


def test_igo_country_is_its_first_three_letters():
    g = gold(("IGOUNO", "ISR", "022"))
    result = run([g], [[ev("022", "IGOEUREEC", "ISR")]])
    assert prf(result, "root_dyad") == (1.0, 1.0, 1.0)  # IGO == IGO
    assert prf(result, "full") == (0.0, 0.0, 0.0)  # but not the same IGO
    assert result.records[0].missed[0].differences == ("source: IGOUNO → IGOEUREEC",)


def test_missing_target_matches_no_target():
    result = run([gold(("IRN", None, "125"))], [[ev("125", "IRN")]])
    assert prf(result, "full") == (1.0, 1.0, 1.0)


def test_micro_average_over_records():
    records = [
        gold(("USA", "IRN", "163"), rid="a"),
        gold(("FRA", "DEU", "040"), rid="b"),
        gold(rid="c"),
    ]
    preds = [[ev("163", "USA", "IRN")], [], [ev("010", "GBR")]]
    result = run(records, preds)
    c = result.level("full").counts
    assert (c.tp, c.n_pred, c.n_gold) == (1, 2, 2)
    assert result.level("full").records == 3
    assert [r.ok for r in result.records] == [True, False, False]


def test_plover_level_uses_annotated_types():
    g = gold(("USA", "IRN", "163", "SANCTION"))
    result = run([g], [[ev("163", "USA", "IRN", plover="COERCE")]])
    assert prf(result, "plover") == (0.0, 0.0, 0.0)
    assert "PLOVER: SANCTION → COERCE" in result.records[0].missed[0].differences


def test_levels_without_the_scheme_are_skipped():
    acled = GoldRecord(
        id="ac",
        text="Troops clashed with rebels.",
        date=None,
        events=[
            GoldEvent(
                source=None,
                target=None,
                code=None,
                acled_type="Battles",
                acled_sub_type="Armed clash",
            )
        ],
        annotated=frozenset({"acled"}),
    )
    pred = [ev("190", "NGAMIL", "NGAREB", acled=("Battles", "Armed clash")), ev("010", "NGAMIL")]
    result = run([acled], [pred])
    assert set(result.records[0].counts) == {"event", "acled_type", "acled_sub_type"}
    assert result.level("root").records == 0
    assert prf(result, "acled_type") == (1.0, 1.0, 1.0)
    assert prf(result, "acled_sub_type") == (1.0, 1.0, 1.0)
    assert result.records[0].ok
    assert result.records[0].extra == []  # the statement is no ACLED event: not scored
    wrong = [ev("190", "NGAMIL", "NGAREB", acled=("Battles", "Government regains territory"))]
    result = run([acled], [wrong])
    assert prf(result, "acled_type") == (1.0, 1.0, 1.0)
    assert prf(result, "acled_sub_type") == (0.0, 0.0, 0.0)
    assert result.records[0].missed[0].differences == (
        "ACLED sub-type: Armed clash → Government regains territory",
    )


def test_category_tables_and_tags():
    records = [
        gold(("USA", "IRN", "163"), rid="a", tags=("sanctions",)),
        gold(("RUS", "UKR", "190"), rid="b", tags=("military", "passive")),
        gold(("RUS", "UKR", "193"), rid="c", tags=("military",)),
    ]
    preds = [[ev("163", "USA", "IRN")], [ev("190", "RUS", "UKR")], [ev("173", "RUS", "UKR")]]
    result = run(records, preds)
    roots = {c.category: c.counts for c in result.categories["root"]}
    assert (roots["19"].tp, roots["19"].n_pred, roots["19"].n_gold) == (1, 1, 2)
    assert (roots["17"].tp, roots["17"].n_pred, roots["17"].n_gold) == (0, 1, 0)
    assert roots["16"].f1 == 1.0
    military = {s.level: s for s in result.tags["military"]}
    assert military["full"].records == 2
    assert military["full"].counts.f1 == 0.5
    assert {s.level: s.counts.f1 for s in result.tags["sanctions"]}["full"] == 1.0


def test_bootstrap_intervals_are_seeded_and_bracket_the_estimate():
    records = [gold(("USA", "IRN", "163"), rid=str(i)) for i in range(20)]
    preds = [[ev("163", "USA", "IRN")] if i % 4 else [ev("190", "USA", "IRN")] for i in range(20)]
    first = run(records, preds, resamples=300, seed=7)
    again = run(records, preds, resamples=300, seed=7)
    s = first.level("full")
    low, high = s.ci["f1"]
    assert low <= s.counts.f1 <= high and low < high
    assert again.level("full").ci == s.ci
    assert run(records, preds, resamples=300, seed=8).level("full").ci != s.ci
    perfect = run(records, [[ev("163", "USA", "IRN")]] * 20, resamples=100)
    assert perfect.level("full").ci["f1"] == (1.0, 1.0)


def test_json_form_is_serialisable():
    result = run([gold(("USA", "IRN", "163"))], [[ev("163", "USA", "IRN")]], resamples=50)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["levels"][0]["level"] == "event"
    assert data["records"][0]["ok"] is True
    assert data["meta"]["resamples"] == 50


def test_explain_prefers_same_root_pairs():
    # A greedy pairing on actors alone would pair 036 with 190 (same dyad).
    g = gold(("USA", "IRN", "036"), ("GBR", "FRA", "190"))
    p = [ev("190", "USA", "IRN"), ev("037", "GBR", "FRA")]
    correct, missed, extra, pairs = explain(g, p, None)
    assert pairs == [(0, 1), (1, 0)]
    assert not correct and len(missed) == 2 and len(extra) == 2


def test_plover_gold_scores_types_not_actors():
    rec = GoldRecord(
        id="pl",
        text="Kenyan police arrested protesters.",
        date=None,
        events=[GoldEvent(source="KENCOP", target=None, code=None, plover="COERCE")],
        annotated=frozenset({"plover"}),
    )
    result = run([rec], [[ev("173", "KENCOP", "KENOPP", plover="COERCE")]])
    assert set(result.records[0].counts) == {"event", "plover"}
    assert result.records[0].ok and result.records[0].correct == [(0, 0)]
