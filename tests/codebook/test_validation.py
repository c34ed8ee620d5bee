"""A codebook broken in ten different ways: each problem names its file, line and entry.

Each case is a small codebook that ``extends: cameo`` and adds one file with one
mistake. ``validate_codebook`` must list the problem as ``file:line: entry: message``
with the line of the mistake, and ``Coder(codebook=...)`` must refuse the codebook
with a :class:`CodebookError` carrying the same issue: nothing is coded with a
half-read codebook.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import eventcoder as ec

# name: (file, content, line of the mistake, words the entry and message must contain)
CORRUPTIONS: dict[str, tuple[str, str, int, tuple[str, ...]]] = {
    "unknown slot": (
        "patterns.yaml",
        'patterns:\n  "163":\n    verbs:\n      - impose * on $goal\n',
        4,
        ("impose * on $goal", "code 163", "unknown slot '$goal'"),
    ),
    "unknown code": (
        "patterns.yaml",
        'patterns:\n  "999":\n    verbs:\n      - impose * on $target\n',
        4,
        ("under code 999", "unknown code 999"),
    ),
    "unknown synset": (
        "patterns.yaml",
        'patterns:\n  "163":\n    verbs:\n      - impose &NO_SUCH_SET on $target\n',
        4,
        ("impose &NO_SUCH_SET on $target", "unknown synset &NO_SUCH_SET"),
    ),
    "unknown synset in a subject constraint": (
        "patterns.yaml",
        'patterns:\n  "163":\n    verbs:\n'
        '      - {pattern: "impose * on $target", subject: "&NO_SUCH_SET"}\n',
        4,
        ("code 163", "unknown synset &NO_SUCH_SET"),
    ),
    "YAML syntax": (
        "patterns.yaml",
        'patterns:\n  "163":\n    verbs: [impose * on $target\n',
        4,
        ("invalid YAML",),
    ),
    "duplicate key": (
        "synsets.yaml",
        "synsets:\n  WEAPON_X: [gun]\n  WEAPON_X: [rifle]\n",
        3,
        ("duplicate key 'WEAPON_X'",),
    ),
    "quad class out of range": (
        "codes.yaml",
        'codes:\n  "0999":\n    name: Test code\n    quad_class: high\n',
        2,
        ("code 0999", "quad_class must be 1, 2, 3 or 4"),
    ),
    "impossible date in a role": (
        "people.yaml",
        "people:\n  - name: Jane Testperson\n    roles:\n"
        "      - {code: USAGOV, start: 2020-13-45}\n",
        4,
        ("month must be in 1..12",),
    ),
    "unknown wrapper mode": (
        "wrappers.yaml",
        "wrappers:\n  hint:\n    mode: sideways\n    verbs: [hint @event]\n",
        2,
        ("wrapper hint", "mode must be one of map, pass, report"),
    ),
    "misspelt lexicon key": (
        "lexicon.yaml",
        "lexicon:\n  negaters: [not]\n",
        2,
        ("lexicon negaters", "unknown lexicon entry"),
    ),
    "actor without a code": (
        "actors.yaml",
        "names:\n  - {code: KENNGO, names: [Okoa Front]}\n  - {names: [Test Front]}\n",
        3,
        ("name 'Test Front'", "no code"),
    ),
    "python object tag": (
        "synsets.yaml",
        'synsets:\n  X: !!python/object/apply:os.system ["true"]\n',
        2,
        ("python/object/apply",),
    ),
}


def _broken(tmp_path: Path, file: str, content: str) -> Path:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "codebook.yaml").write_text("name: broken\nversion: '1'\nextends: cameo\n")
    (folder / file).write_text(content)
    return folder


def test_there_are_at_least_ten_corruptions():
    assert len(CORRUPTIONS) >= 10


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_each_problem_names_file_line_and_entry(coder, tmp_path, name):
    file, content, line, words = CORRUPTIONS[name]
    folder = _broken(tmp_path, file, content)
    issues = [str(i) for i in ec.validate_codebook(folder)]
    located = [i for i in issues if f"{file}:{line}:" in i]
    assert located, f"no issue at {file}:{line}: {issues}"
    assert any(all(w in i for w in words) for i in located), located
    with pytest.raises(ec.CodebookError) as refused:
        ec.Coder(codebook=folder, nlp=coder.nlp)
    assert any(f"{file}:{line}:" in str(i) for i in refused.value.issues)
