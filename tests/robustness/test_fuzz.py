"""Fuzzing the codebook loader, the CoNLL-U reader and the gold readers (a short run).

The targets live in ``scripts/fuzz_*.py`` (one ``check(data: bytes)`` each; see
``scripts/fuzz_harness.py`` and docs/robustness.md for the long runs). Here they get:

* their seeds, which must keep the contract with no bug tolerated;
* hypothesis: random bytes, and structured inputs (codebook YAML built from random
  trees, JSON gold records of every type, CoNLL-U lines with random columns);
* the built-in mutation engine for a few seconds in this process;
* the coverage-guided engine (atheris, when it is installed, else the mutation
  engine) for a few seconds per target in child processes, run side by side.

Crashes already reported (each target's ``KNOWN_BUGS``; reproduced one by one in
``test_findings.py``) are counted, not failed; anything else fails the test.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.robustness.support import REPO, SCRIPTS, fuzz_target

TARGETS = ["codebook", "conllu", "gold"]
SHORT_RUN_SECONDS = 12  # per target, in the child processes (run side by side)
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)


def guarded(name: str) -> Any:
    """The target's check, tolerating its known bugs, under the per-input time limit."""
    harness = fuzz_target("harness")
    target = fuzz_target(name)
    check = harness.guarded(target, harness.Stats(), report=False)

    def run(data: bytes) -> None:
        with harness.time_limit(harness.DEFAULT_TIMEOUT):
            check(data)

    return run


@pytest.mark.parametrize("name", TARGETS)
def test_the_seeds_keep_the_contract(name):
    """Valid inputs go through strictly: no known bug may fire on them."""
    target = fuzz_target(name)
    seeds = target.seeds()
    assert len(seeds) >= 3
    for data in seeds:
        target.check(data)


# -- hypothesis: bytes -------------------------------------------------------------------


@pytest.mark.parametrize("name", TARGETS)
@SETTINGS
@given(data=st.binary(max_size=4096))
def test_random_bytes(name, data):
    guarded(name)(data)


@pytest.mark.parametrize("name", TARGETS)
@settings(SETTINGS, max_examples=150)
@given(data=st.data())
def test_mutated_seeds(name, data):
    """Seeds with random byte edits (what a truncated or corrupted file looks like)."""
    target = fuzz_target(name)
    harness = fuzz_target("harness")
    seed = data.draw(st.sampled_from(target.seeds()))
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    structured = getattr(target, "mutate_structure", None)
    mutated = harness.mutate(seed, rng, target.seeds(), target.DICTIONARY, structured)
    guarded(name)(mutated)


# -- hypothesis: structure -----------------------------------------------------------------

SECTION_KEYS = [
    "codes", "plover_types", "synsets", "lexicon", "wrappers", "patterns", "discard",
    "countries", "names", "agents", "people", "acled", "places", "bogus",
]  # fmt: skip
ENTRY_KEYS = [
    "name", "names", "code", "pattern", "verbs", "nouns", "adjectives", "mode", "map",
    "roles", "start", "end", "quad_class", "goldstein", "plover", "type", "modes",
    "entries", "lat", "lon", "precision", "subject", "negated", "symmetric", "rules",
    "types", "classes", "inter", "venue", "pronouns", "anaphors", "negators", "nouns",
    "sector_names", "crowds", "country", "kind", "surname", "title", "id", "note",
    "refusal_wrapper", "future_wrapper", "sub_type", "codes", "words", "source",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.sampled_from(["010", "163", "04", "USA", "IRNGOV", "&SANCTION", "$target", "@event"]),
    st.sampled_from(["impose &SANCTION on $target", "meet $target", "say @event", "*", "a|b"]),
    st.text(max_size=20),
)
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(ENTRY_KEYS) | st.text(max_size=6), children, max_size=4),
    ),
    max_leaves=25,
)
CODEBOOK_FILES = st.dictionaries(st.sampled_from(SECTION_KEYS), TREES, min_size=1, max_size=4)


@SETTINGS
@given(files=st.lists(CODEBOOK_FILES, min_size=1, max_size=3), child=st.booleans())
def test_codebook_sections_of_every_type(files, child):
    """Well-formed YAML, wrong-typed sections: reported per entry, or a known bug."""
    target = fuzz_target("codebook")
    bodies = [yaml.safe_dump(f, allow_unicode=True).encode() for f in files]
    if child:
        data = bytes([2]) + bodies[0]
    else:
        data = bytes([3]) + target.MANIFEST + target.SEPARATOR + target.SEPARATOR.join(bodies)
    guarded("codebook")(data)


GOLD_VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.lists(
        st.dictionaries(
            st.sampled_from(["source", "target", "code", "plover", "acled_type", "x"]),
            SCALARS,
            max_size=5,
        ),
        max_size=3,
    ),
)
GOLD_RECORDS = st.dictionaries(
    st.sampled_from(["id", "text", "date", "events", "tags", "notes", "annotated", "event"])
    | st.sampled_from(["source", "target", "context", "actorText", "extra"]),
    GOLD_VALUES,
    max_size=7,
)


@SETTINGS
@given(records=st.lists(GOLD_RECORDS, max_size=4), fmt=st.sampled_from([0, 2, 5, 7]))
def test_gold_json_records_of_every_type(records, fmt):
    """JSONL / PLOVER / detected JSON, records with values of every type."""

    def default(value: Any) -> str:
        return str(value)

    if fmt == 2:
        body = json.dumps(records, default=default)
    else:
        body = "".join(json.dumps(r, default=default) + "\n" for r in records)
    guarded("gold")(bytes([fmt | 0x80]) + body.encode("utf-8", "surrogatepass"))


CONLLU_COLUMN = st.one_of(
    st.sampled_from(["_", "", "0", "1", "2", "3", "-1", "1-2", "2.1", "root", "nsubj", "obj"]),
    st.sampled_from(["VERB", "NOUN", "PROPN", "impose", "Iran", "SpaceAfter=No", "ner=B-GPE"]),
    st.text(st.characters(exclude_characters="\t\n\r"), max_size=8),
)


@SETTINGS
@given(
    sentences=st.lists(
        st.lists(st.lists(CONLLU_COLUMN, min_size=10, max_size=10), min_size=1, max_size=8),
        min_size=1,
        max_size=3,
    ),
    comments=st.lists(st.sampled_from(["# newdoc", "# text = x y", "# date = 2020-01-01"])),
)
def test_conllu_random_columns(sentences, comments):
    lines: list[str] = []
    for rows in sentences:
        lines += comments
        lines += ["\t".join([str(n + 1), *cols[1:]]) for n, cols in enumerate(rows)]
        lines.append("")
    guarded("conllu")("\n".join(lines).encode("utf-8", "surrogatepass"))


# -- the engines -----------------------------------------------------------------------


@pytest.mark.parametrize("name", TARGETS)
def test_mutation_engine_in_process(name, tmp_path):
    harness = fuzz_target("harness")
    target = fuzz_target(name)
    stats = harness.run_mutate(
        target,
        seconds=3,
        runs=0,
        timeout=harness.DEFAULT_TIMEOUT,
        seed=20261130,
        corpus=target.seeds(),
        artifacts=tmp_path,
        strict=False,
        report=False,
    )
    assert stats.executions > 50
    assert stats.slowest < harness.DEFAULT_TIMEOUT
    print(f"mutation engine, {name}: {stats.executions} inputs in 3 s, known bugs {stats.known}")


def _engine() -> str:
    return "atheris" if fuzz_target("harness").atheris_available() else "mutate"


def test_coverage_guided_short_run(tmp_path):
    """Every target for a few seconds in its own process (atheris when installed)."""
    engine = _engine()
    procs = {}
    for name in TARGETS:
        folder = tmp_path / name
        folder.mkdir()
        cmd = [sys.executable, str(SCRIPTS / f"fuzz_{name}.py"), str(folder / "corpus")]
        cmd += ["--engine", engine, "--seconds", str(SHORT_RUN_SECONDS)]
        cmd += ["--artifacts", str(folder / "findings")]
        procs[name] = subprocess.Popen(
            cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    deadline = time.monotonic() + SHORT_RUN_SECONDS + 120
    report = {}
    for name, proc in procs.items():
        out, _ = proc.communicate(timeout=max(1, deadline - time.monotonic()))
        findings = sorted((tmp_path / name / "findings").glob("*"))
        assert proc.returncode == 0 and not findings, (
            f"fuzz_{name}.py ({engine}) found something: {[p.name for p in findings]}\n"
            + "\n".join(line for line in out.splitlines() if not line.startswith("INFO:"))[-4000:]
        )
        runs = re.search(r"Done (\d+) runs", out)
        assert runs and int(runs.group(1)) > 20, out[-2000:]
        report[name] = int(runs.group(1))
    print(f"fuzz executions ({engine}, {SHORT_RUN_SECONDS} s each): {report}")


def test_a_finding_is_saved_and_replayed(tmp_path):
    """The harness itself: an input that breaks a contract is saved and can be replayed."""
    harness = fuzz_target("harness")

    class Target:
        NAME = "demo"
        KNOWN_BUGS: ClassVar[list[Any]] = []
        DICTIONARY: ClassVar[list[bytes]] = [b"boom"]

        @staticmethod
        def check(data: bytes) -> None:
            if b"boom" in data:
                raise KeyError("boom")

        @staticmethod
        def seeds() -> list[bytes]:
            return [b"quiet"]

    with pytest.raises(harness.FuzzFinding) as found:
        harness.run_mutate(
            Target,  # type: ignore[arg-type]
            seconds=30,
            runs=100_000,
            timeout=5,
            seed=1,
            corpus=Target.seeds(),
            artifacts=tmp_path,
            strict=True,
        )
    assert isinstance(found.value.__cause__, KeyError)
    [saved] = tmp_path.glob("crash-*")
    assert b"boom" in saved.read_bytes()
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "fuzz_gold.py"), "--replay", str(saved)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr[-2000:]


def test_a_hang_is_a_finding(tmp_path):
    harness = fuzz_target("harness")

    class Slow:
        NAME = "slow"

        @staticmethod
        def check(data: bytes) -> None:
            time.sleep(5)

    with pytest.raises(harness.FuzzFinding, match="timeout"):
        harness.run_mutate(
            Slow,  # type: ignore[arg-type]
            seconds=10,
            runs=1,
            timeout=0.2,
            seed=0,
            corpus=[b"x"],
            artifacts=tmp_path,
            strict=True,
        )
    assert list(tmp_path.glob("timeout-*"))


def test_the_scripts_document_how_to_run_for_hours():
    for name in TARGETS:
        doc = (SCRIPTS / f"fuzz_{name}.py").read_text(encoding="utf-8")
        assert "--seconds 14400" in doc and "docs/robustness.md" in doc
    assert Path(REPO / "docs" / "robustness.md").is_file()
