"""Hostile codebooks: bombs, huge and deep files, code execution tags, huge alternations.

Each is refused with a located error - or, for patterns, loads and matches - within a
bounded time and memory. Memory is measured with ``tracemalloc`` (Python allocations)
for in-process loads, and bounded with ``RLIMIT_AS`` in a child process where a bug
could otherwise take the machine down.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import eventcoder as ec
from eventcoder.codebook import loader, yamlfile
from eventcoder.errors import CodebookError
from tests.robustness.support import REPO

SECONDS = 5.0  # "bounded time": the real figures are 0.01-1.5 s (tracemalloc on)
MEGABYTES = 64  # peak Python allocations allowed while refusing a hostile file

MANIFEST = "name: hostile\n"
EXTENDS = "name: hostile\nextends: cameo\n"
MINIMAL = (
    'codes:\n  "01": {name: Make statement, goldstein: 0, quad_class: 1}\n'
    '  "16": {name: Reduce relations, goldstein: -4, quad_class: 3}\n'
    '  "163": {name: Impose embargo, goldstein: -8, quad_class: 3}\n'
)


@contextmanager
def bounded(seconds: float = SECONDS, megabytes: float = MEGABYTES) -> Iterator[dict[str, float]]:
    """Measure wall time and peak traced allocations of the block; assert the bounds."""
    tracemalloc.start()
    start = time.perf_counter()
    measured: dict[str, float] = {}
    try:
        yield measured
    finally:
        measured["seconds"] = time.perf_counter() - start
        measured["megabytes"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    assert measured["seconds"] < seconds, measured
    assert measured["megabytes"] < megabytes, measured


def codebook_dir(tmp_path: Path, files: dict[str, str | bytes], manifest: str = MANIFEST) -> Path:
    root = tmp_path / "cb"
    root.mkdir(exist_ok=True)
    (root / "codebook.yaml").write_text(manifest, encoding="utf-8")
    if "extends" not in manifest:
        (root / "codes.yaml").write_text(MINIMAL, encoding="utf-8")
    for name, body in files.items():
        data = body.encode("utf-8") if isinstance(body, str) else body
        (root / name).write_bytes(data)
    loader._load_cached.cache_clear()
    return root


def refused(path: Path, *phrases: str) -> CodebookError:
    with pytest.raises(CodebookError) as caught:
        ec.load_codebook(path)
    message = str(caught.value)
    for phrase in phrases:
        assert phrase in message, message
    for issue in caught.value.issues:
        assert issue.file and issue.line >= 0
    return caught.value


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml's fast loader and with the pure-Python one."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlfile, "_FAST", None)
    else:
        assert yamlfile._FAST is not None, "PyYAML without libyaml: the fast path is untested"
    return str(request.param)


# -- YAML bombs ------------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 "lol"']
    for n in range(1, levels + 1):
        refs = ", ".join([f"*lol{n - 1}"] * 10)
        lines.append(f"lol{n}: &lol{n} [{refs}]")
    lines.append(f"synsets: {{BOMB: *lol{levels}}}")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused(tmp_path, yaml_loader):
    root = codebook_dir(tmp_path, {"bomb.yaml": billion_laughs()})
    with bounded():
        error = refused(root, "anchor", "bomb.yaml")
    assert error.issues[0].line == 1  # the first anchor
    with bounded(), pytest.raises(CodebookError, match="anchor"):
        yamlfile.loads_yaml(billion_laughs(12), "bomb.yaml")


def test_merge_key_alias_is_refused(tmp_path, yaml_loader):
    text = "base: &b {name: x, quad_class: 1}\ncodes:\n  '99': {<<: *b}\n"
    with bounded():
        refused(codebook_dir(tmp_path, {"merge.yaml": text}), "anchor", "merge.yaml:1")


# -- size and depth --------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    root = codebook_dir(tmp_path, {})
    with open(root / "huge.yaml", "wb") as f:  # sparse: the size without the disk use
        f.truncate(yamlfile.MAX_FILE_BYTES + 1)
    with bounded(seconds=1.0, megabytes=4):
        refused(root, "huge.yaml", f"the limit is {yamlfile.MAX_FILE_BYTES}")


def test_the_manifest_has_the_same_size_limit(tmp_path):
    root = codebook_dir(tmp_path, {})
    with open(root / "codebook.yaml", "r+b") as f:
        f.truncate(yamlfile.MAX_FILE_BYTES + 1)
    with bounded(seconds=1.0, megabytes=4):
        refused(root, "codebook.yaml", "the limit is")


def test_the_size_limit_can_be_changed(tmp_path, monkeypatch):
    root = codebook_dir(tmp_path, {"codes.yaml": MINIMAL * 1})
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 40)
    refused(root, "the limit is 40")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("codes: " + "[" * 100_000 + "]" * 100_000, id="flow-lists"),
        pytest.param("codes: " + "{a: " * 50_000 + "1" + "}" * 50_000, id="flow-maps"),
        pytest.param(
            "".join(f"{'  ' * i}k{i}:\n" for i in range(2_000)) + "  " * 2000 + "x", id="block"
        ),
        pytest.param(
            "codes:\n" + "".join("  " * i + "- \n" for i in range(1, 2_000)), id="block-seq"
        ),
    ],
)
def test_deep_nesting_is_refused(tmp_path, yaml_loader, text):
    root = codebook_dir(tmp_path, {"deep.yaml": text})
    with bounded():
        error = refused(root, "nesting", "deep.yaml:")
    # libyaml's own scanner stops a 100,000-deep flow list before eventcoder's check does.
    assert f"deeper than {yamlfile.MAX_DEPTH} levels" in str(error) or "maximum nesting" in str(
        error
    )


def test_nesting_just_under_the_limit_loads(yaml_loader):
    depth = yamlfile.MAX_DEPTH - 2
    text = "a: " + "[" * depth + "x" + "]" * depth
    with bounded():
        data = yamlfile.loads_yaml(text)
    data = data["a"]
    for _ in range(depth):
        data = data[0]
    assert data == "x"


def test_a_large_valid_file_loads_in_bounded_time(tmp_path):
    """A 5 MB synset of 400,000 words: linear, seconds at most."""
    words = "\n".join(f"    - word{i}" for i in range(400_000))
    root = codebook_dir(tmp_path, {"big.yaml": f"synsets:\n  HUGE:\n{words}\n"})
    start = time.perf_counter()
    book = ec.load_codebook(root)
    assert len(book.lexicon.synsets["HUGE"]) == 400_000
    assert time.perf_counter() - start < 30


# -- code execution tags ----------------------------------------------------------------

_MARKER = "eventcoder-pwned"


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object:os._wrap_close {{}}",
        "!!python/tuple [1, 2]",
        "!<tag:yaml.org,2002:python/object/apply:subprocess.check_output> [[touch, {marker}]]",
        '!!python/object/apply:builtins.exec [\'open("{marker}", "w")\']',
    ],
)
def test_python_tags_are_refused(tmp_path, yaml_loader, payload):
    marker = tmp_path / _MARKER
    text = f"codes:\n  '99': {payload.format(marker=marker)}\n"
    root = codebook_dir(tmp_path, {"evil.yaml": text})
    with bounded():
        error = refused(root, "evil.yaml:2", "could not determine a constructor")
    assert "python" in str(error)
    assert not marker.exists()


def test_tags_in_the_manifest_are_refused(tmp_path, yaml_loader):
    marker = tmp_path / _MARKER
    root = codebook_dir(
        tmp_path, {}, manifest=f"name: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    refused(root, "codebook.yaml:1", "could not determine a constructor")
    assert not marker.exists()


# -- the pattern language has no regexes: huge alternations stay linear -----------------


def test_huge_alternations_load_and_match_in_bounded_time(tmp_path, coder):
    """``a|a|a|...`` with 20,000 alternatives, in every place a pattern allows them."""
    alts = "|".join(["a"] * 10_000 + [f"w{i}" for i in range(10_000)] + ["sanction"])
    preps = "|".join(["on"] * 5_000 + ["against"])
    patterns = (
        'patterns:\n  "163":\n    verbs:\n'
        f'      - "impose {alts} {preps} $target"\n'
        f'      - "{alts}|slap $target"\n'
        f'    nouns:\n      - "{alts} on $target"\n'
    )
    root = codebook_dir(tmp_path, {"alt.yaml": patterns}, manifest=EXTENDS)
    start = time.perf_counter()
    book = ec.load_codebook(root)
    assert time.perf_counter() - start < 30  # the whole shipped codebook is loaded too
    hostile = ec.Coder(book, nlp=coder.nlp)
    text = "The United States slapped new sanctions on Iran. " * 20
    start = time.perf_counter()
    events = hostile.code(text, date="2020-01-01")
    assert time.perf_counter() - start < SECONDS
    assert {e.code for e in events} == {"163"} and len(events) == 20


def test_long_synsets_match_in_bounded_time(tmp_path, coder):
    words = ", ".join(f"thing{i}" for i in range(100_000))
    text = (
        f"synsets:\n  BIG: [{words}, embargo]\n"
        'patterns:\n  "163":\n    verbs: ["lift &BIG on $target"]\n'
    )
    book = ec.load_codebook(codebook_dir(tmp_path, {"syn.yaml": text}, manifest=EXTENDS))
    hostile = ec.Coder(book, nlp=coder.nlp)
    start = time.perf_counter()
    events = hostile.code("The EU lifted the embargo on Iran. " * 30, date="2020-01-01")
    assert time.perf_counter() - start < SECONDS
    assert events


# -- in a child process with a memory ceiling -------------------------------------------

_CHILD = textwrap.dedent(
    """
    import resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]) * 2**20,) * 2)
    import eventcoder as ec
    from eventcoder.errors import CodebookError
    start = time.perf_counter()
    try:
        ec.load_codebook(sys.argv[1])
    except CodebookError as exc:
        print("refused", round(time.perf_counter() - start, 2), exc)
    else:
        print("loaded", round(time.perf_counter() - start, 2))
    """
)


def load_in_child(root: Path, megabytes: int = 1500, timeout: float = 60) -> tuple[int, str]:
    """Load a codebook in a child with an address-space limit; (returncode, output)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(root), str(megabytes)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    except subprocess.TimeoutExpired:
        return -1, f"no answer within {timeout} s"
    return done.returncode, done.stdout + done.stderr[-1500:]


def test_a_child_loads_the_shipped_codebook_under_the_memory_ceiling():
    """The ceiling used below is enough for a real codebook: a refusal is not a crash."""
    code, out = load_in_child(REPO / "codebooks" / "cameo")
    assert code == 0 and out.startswith("loaded"), out


def _noun_bomb(words: int) -> str:
    alts = "|".join(f"w{i}" for i in range(10))
    return f'patterns:\n  "163":\n    nouns:\n      - "{" ".join([alts] * words)} on $target"\n'


def test_noun_pattern_alternatives_cannot_multiply_out(tmp_path):
    root = codebook_dir(tmp_path, {"bomb.yaml": _noun_bomb(9)})
    code, out = load_in_child(root, megabytes=1500, timeout=20)
    assert code == 0 and out.startswith("refused"), out


def test_noun_pattern_alternatives_small_product_loads(tmp_path):
    """What the bomb grows from: 10 x 10 x 10 predicates load (and are all indexed)."""
    root = codebook_dir(tmp_path, {"ok.yaml": _noun_bomb(3)})
    book = ec.load_codebook(root)
    assert sum(1 for p in book.patterns if p.code == "163" and len(p.parsed.predicates) == 1000)
