"""The tutorials' scripts in docs/examples/ run, and write what the pages say they write.

Each script runs in a fresh temporary directory (its outputs land there) as a
separate process, exactly as a reader would run it. The scripts load the parser model
themselves, so they are started together, two at a time, when the first of these
tests needs them.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
TIMEOUT = 240  # seconds per script (each takes 5-25 s on a laptop)

# script -> (modules it needs, files or folders it must leave in its working directory)
SCRIPTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "monthly_counts.py": (
        ("matplotlib",),
        ("events.csv", "monthly_counts.csv", "monthly_quad_class.png"),
    ),
    "batch_to_parquet.py": (
        ("pyarrow",),
        ("events.parquet", "events.parquet.errors.jsonl", "events_per_story.csv"),
    ),
    "evaluate_gold.py": (("matplotlib",), ("report.html", "scores.json")),
    "own_codebook.py": ((), ("kenya-events.csv", "kenya-broken/patterns.yaml")),
    "import_petrarch.py": (
        (),
        ("petrarch-cb/codebook.yaml", "petrarch-cb/verbs.yaml", "petrarch-cb/import-report.txt"),
    ),
    "dask_cluster.py": (("dask", "distributed", "pyarrow"), ("events-dask",)),
}


def _missing(modules: tuple[str, ...]) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


def _run(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONUNBUFFERED="1")
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Start every selected script that can run, two at a time; script -> (future, cwd)."""
    selected = []
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        if item.module is request.module and callspec is not None and "script" in callspec.params:
            selected.append(callspec.params["script"])
    # The slowest first (it starts a cluster), so two at a time finish together.
    selected.sort(key=lambda script: script != "dask_cluster.py")
    started: dict[str, tuple[Future[subprocess.CompletedProcess[str]], Path]] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for script in dict.fromkeys(selected):
            if _missing(SCRIPTS[script][0]):
                continue
            cwd = tmp_path_factory.mktemp(script.removesuffix(".py"))
            started[script] = (pool.submit(_run, script, cwd), cwd)
        yield started


def test_every_example_script_is_tested():
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(SCRIPTS)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_example_runs_and_writes_its_outputs(script: str, runs) -> None:
    missing = _missing(SCRIPTS[script][0])
    assert not missing, f"{script} needs {', '.join(missing)}: pip install -e '.[test]'"
    future, cwd = runs[script]
    done = future.result()
    assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"
    for name in SCRIPTS[script][1]:
        path = cwd / name
        assert path.exists(), f"{script} did not write {name}"
        if path.is_file():
            assert path.stat().st_size > 0, f"{script} wrote an empty {name}"
