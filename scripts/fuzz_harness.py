"""The driver shared by the fuzz targets ``scripts/fuzz_*.py`` (not a target itself).

A target module defines

* ``NAME`` - a short name (``codebook``, ``conllu``, ``gold``, ``checkpoint``);
* ``check(data: bytes) -> None`` - runs the code under test on one input. Documented
  errors (``CodebookError``, ``ConlluError``/``InputError``, ``GoldError``) are the
  expected outcome of bad input: ``check`` verifies that they carry a location and
  returns. Anything else - another exception type, an error without a location, a
  broken invariant (:class:`ContractViolation`) - escapes and is a finding;
* ``seeds() -> list[bytes]`` - valid inputs to start mutating from;
* ``DICTIONARY`` - tokens of the input language, for the mutator;
* ``warm_up() -> None`` (optional) - one-off loading, run before the clock starts;
* ``KNOWN_BUGS`` - crashes already reported (see :class:`KnownBug`), tolerated so that a
  long run can explore past them; ``--strict`` turns them back into failures,

and ends with ``if __name__ == "__main__": main(sys.modules[__name__])``.

Two engines run a target:

``atheris`` (``pip install atheris``; Linux wheels for CPython 3.11-3.13)
    coverage-guided libFuzzer; eventcoder's modules are instrumented on import. Extra
    libFuzzer flags pass through (``-jobs=2 -workers=2``, ``-dict=...``).
``mutate`` (no dependency)
    blind mutations of the seeds (bit flips, inserted dictionary tokens, splices,
    deleted and repeated ranges), each input under a time limit.

``auto`` (default) takes atheris when it imports. Every finding is written to
``ARTIFACTS/crash-<sha1>`` (or ``timeout-``/``slow-``) so it can be replayed with
``python scripts/fuzz_X.py --replay FILE``. See docs/robustness.md.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import hashlib
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

PACKAGE = "eventcoder"
DEFAULT_TIMEOUT = 10.0  # seconds one input may take before it counts as a hang


class ContractViolation(AssertionError):
    """The code under test returned or raised something its contract rules out."""


class Hang(BaseException):
    """One input ran past the time limit (BaseException: no ``except Exception`` eats it)."""


@dataclass(frozen=True, slots=True)
class KnownBug:
    """A reported class of crash: one of ``exc`` raised in one of the places ``where``.

    ``where`` holds ``fnmatch`` patterns of ``"path/in/package.py:function"`` for the
    innermost eventcoder frame of the traceback (``"codebook/loader.py:*"``).
    """

    id: str
    exc: tuple[str, ...]
    where: tuple[str, ...]
    summary: str

    def matches(self, exc: BaseException) -> bool:
        if type(exc).__name__ not in self.exc:
            return False
        frame = innermost_frame(exc.__traceback__)
        return frame is not None and any(fnmatch.fnmatchcase(frame, w) for w in self.where)


def innermost_frame(tb: TracebackType | None) -> str | None:
    """``"path/inside/package.py:function"`` of the deepest eventcoder frame of a traceback."""
    found = None
    while tb is not None:
        code = tb.tb_frame.f_code
        parts = Path(code.co_filename).parts
        if PACKAGE in parts:
            rel = "/".join(parts[len(parts) - parts[::-1].index(PACKAGE) :])
            found = f"{rel}:{code.co_name}"
        tb = tb.tb_next
    return found


@dataclass(slots=True)
class Stats:
    """What one run did: executions, known-bug hits, slowest input."""

    executions: int = 0
    known: Counter[str] | None = None
    slowest: float = 0.0

    def __post_init__(self) -> None:
        self.known = Counter()


def located(issues: Any, *, what: str, line_attr: str = "line", file_attr: str = "file") -> None:
    """Every issue names its file and a line number >= 0, and says something."""
    issues = list(issues)
    if not issues:
        raise ContractViolation(f"{what} raised without any issue")
    for issue in issues:
        file = getattr(issue, file_attr, "")
        line = getattr(issue, line_attr, None)
        if not file or not isinstance(line, int) or line < 0:
            raise ContractViolation(f"{what} issue without a location: {issue!r}")
        if not str(issue).strip() or not getattr(issue, "message", getattr(issue, "reason", "x")):
            raise ContractViolation(f"{what} issue without a message: {issue!r}")


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread after ``seconds`` (no-op elsewhere or <= 0)."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def guarded(
    target: ModuleType, stats: Stats, *, strict: bool = False, report: bool = True
) -> Callable[[bytes], None]:
    """``target.check`` that tolerates (and counts) the target's known bugs."""
    known: list[KnownBug] = list(getattr(target, "KNOWN_BUGS", ()))

    def run(data: bytes) -> None:
        stats.executions += 1
        start = time.perf_counter()
        try:
            target.check(data)
        except Exception as exc:
            bug = None if strict else next((b for b in known if b.matches(exc)), None)
            if bug is None:
                raise
            assert stats.known is not None
            if report and not stats.known[bug.id]:
                print(f"[{target.NAME}] known bug {bug.id} ({bug.summary}); going on", flush=True)
            stats.known[bug.id] += 1
        finally:
            stats.slowest = max(stats.slowest, time.perf_counter() - start)

    return run


# -- the mutate engine -----------------------------------------------------------------

_INTERESTING = [b"\x00", b"\xff", b"\n", b"\r\n", b"\t", b" ", b"\\", b'"', b"'", b"\xc3\xa9"]
_INTERESTING += [b"\xe2\x80\x8b", b"\xf0\x9f\x87\xba", b"\xed\xa0\x80", b"-1", b"0", b"9" * 20]


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """A random JSON/YAML-like value: scalars of every type, lists, mappings, deep nests."""
    kind = rng.randrange(12 if depth < 3 else 8)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, 1, -1, 3, 2**63, -(2**70), 10**400 if rng.random() < 0.1 else 7])
    if kind == 3:
        return rng.choice([0.5, -0.0, 1e308, float("inf"), float("nan"), 12.75])
    if kind == 4:
        return rng.choice(["", " ", "x", "USA", "USAGOV", "010", "163", "2020-01-01", "&TALKS"])
    if kind == 5:
        return rng.choice(["$target", "$source", "@event", "a|b", "\u0000", "\u202e", "é", "_"])
    if kind == 6:
        return "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(12)))
    if kind == 7:
        return rng.choice(["2020-02-30", "99999", "-", "null", "on", "no", "*", "1e999"])
    if kind == 8:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 9:
        return {str(random_value(rng, 3)): random_value(rng, depth + 1) for _ in range(3)}
    if kind == 10:  # deep nesting
        value: Any = random_value(rng, 3)
        for _ in range(rng.randrange(1, 120)):
            value = [value] if rng.random() < 0.5 else {"k": value}
        return value
    return [random_value(rng, 3)] * rng.randrange(50, 2000)  # long lists


def tree_mutate(obj: Any, rng: random.Random, keys: list[str] | None = None) -> Any:
    """``obj`` (a loaded JSON/YAML tree) with one node replaced, dropped or renamed."""
    path: list[tuple[Any, Any]] = []
    node = obj
    while isinstance(node, dict | list) and node and rng.random() < 0.8:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        path.append((node, key))
        node = node[key]
    if not path:
        return random_value(rng) if rng.random() < 0.3 else obj
    parent, key = path[-1]
    action = rng.randrange(5)
    if action == 0 and isinstance(parent, dict):
        del parent[key]
    elif action == 1 and isinstance(parent, dict) and keys:
        parent[rng.choice(keys)] = parent.pop(key)
    elif action == 2 and isinstance(parent, list):
        parent.insert(key, random_value(rng))
    else:
        parent[key] = random_value(rng)
    return obj


def mutate(
    data: bytes,
    rng: random.Random,
    pool: list[bytes],
    words: list[bytes],
    structured: Callable[[bytes, random.Random], bytes | None] | None = None,
) -> bytes:
    """One to four random edits of ``data`` (or a structural edit, when the target has one)."""
    if structured is not None and rng.random() < 0.5:
        out = structured(data, rng)
        if out is not None:
            return out
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        pos = rng.randint(0, len(buf))
        if op == 0 and buf:  # flip a bit
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:  # insert a dictionary word
            buf[pos:pos] = rng.choice(words or _INTERESTING)
        elif op == 2:  # insert an interesting byte sequence
            buf[pos:pos] = rng.choice(_INTERESTING)
        elif op == 3 and buf:  # delete a range
            end = min(len(buf), pos + rng.randint(1, 16))
            del buf[pos:end]
        elif op == 4 and buf:  # repeat a range (deep nesting, long lists)
            start = rng.randrange(len(buf))
            piece = bytes(buf[start : start + rng.randint(1, 12)])
            buf[pos:pos] = piece * rng.randint(2, 64)
        elif op == 5 and pool:  # splice another input in
            other = rng.choice(pool)
            a = rng.randint(0, len(other))
            buf[pos:] = other[a:] if rng.random() < 0.5 else other[a:] + bytes(buf[pos:])
        elif op == 6 and buf:  # overwrite a byte with a random one
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        else:  # truncate (a file cut short)
            del buf[pos:]
    return bytes(buf[:200_000])


def run_mutate(
    target: ModuleType,
    *,
    seconds: float,
    runs: int,
    timeout: float,
    seed: int,
    corpus: list[bytes],
    artifacts: Path,
    strict: bool,
    report: bool = True,
) -> Stats:
    """Blind mutation of the corpus until ``seconds`` or ``runs`` run out.

    Raises the first finding after saving its input under ``artifacts``.
    """
    stats = Stats()
    check = guarded(target, stats, strict=strict, report=report)
    rng = random.Random(seed)
    words = list(getattr(target, "DICTIONARY", ()))
    structured = getattr(target, "mutate_structure", None)
    deadline = time.monotonic() + seconds if seconds > 0 else float("inf")
    queue = list(corpus)  # every seed is run once as it is
    while time.monotonic() < deadline and (runs <= 0 or stats.executions < runs):
        data = queue.pop() if queue else mutate(rng.choice(corpus), rng, corpus, words, structured)
        try:
            with time_limit(timeout):
                check(data)
        except BaseException as exc:
            kind = "timeout" if isinstance(exc, Hang) else "crash"
            path = save_artifact(artifacts, kind, data)
            raise FuzzFinding(f"{target.NAME}: {kind} on input saved to {path}") from exc
    return stats


class FuzzFinding(Exception):
    """An input broke the contract (the cause holds the original exception)."""


def save_artifact(folder: Path, kind: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{hashlib.sha1(data).hexdigest()}"
    path.write_bytes(data)
    return path


# -- the command line ------------------------------------------------------------------


def atheris_available() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def instrumented(module_name: str) -> Iterator[None]:
    """Instrument eventcoder's modules for atheris when a target runs as a script.

    Pass the target's ``__name__``: imported (by the tests) nothing is instrumented.
    """
    mutate_only = "--engine=mutate" in sys.argv or ("--engine" in sys.argv and "mutate" in sys.argv)
    if module_name != "__main__" or mutate_only or "--replay" in sys.argv:
        yield
        return
    try:
        import atheris
    except ImportError:
        yield
        return
    with atheris.instrument_imports(include=[PACKAGE]):
        yield


def seed_corpus(folder: Path, seeds: list[bytes]) -> list[bytes]:
    """Write the seeds into an empty corpus folder; return every input in it."""
    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.iterdir()):
        for data in seeds:
            (folder / f"seed-{hashlib.sha1(data).hexdigest()[:16]}").write_bytes(data)
    return [p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()]


def main(target: ModuleType, argv: list[str] | None = None) -> None:
    """Fuzz ``target`` from the command line (see the module docstring and ``--help``)."""
    parser = argparse.ArgumentParser(
        description=f"Fuzz eventcoder's {target.NAME} input handling.",
        epilog="Unknown -flags go to libFuzzer (atheris engine).",
    )
    parser.add_argument("corpus", nargs="?", type=Path, help="corpus folder (seeded if empty)")
    parser.add_argument("--engine", choices=("auto", "atheris", "mutate"), default="auto")
    parser.add_argument("--seconds", type=float, default=60.0, help="total time (0: forever)")
    parser.add_argument("--runs", type=int, default=0, help="stop after N inputs (0: no limit)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="per input")
    parser.add_argument("--rss-mb", type=int, default=2048, help="memory limit (atheris)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (mutate)")
    parser.add_argument("--artifacts", type=Path, default=Path("."), help="where findings go")
    parser.add_argument("--strict", action="store_true", help="known bugs are failures too")
    parser.add_argument("--replay", type=Path, nargs="+", help="run these inputs and stop")
    args, passthrough = parser.parse_known_args(argv)

    stats = Stats()
    if args.replay:
        check = guarded(target, stats, strict=args.strict)
        for path in args.replay:
            with time_limit(args.timeout):
                check(path.read_bytes())
            print(f"{path}: ok")
        return

    with contextlib.ExitStack() as stack:
        corpus_dir = args.corpus or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        corpus = seed_corpus(corpus_dir, list(target.seeds()))
        # Load what the target loads once (a coder, the gazetteer) before the clock
        # starts, so --seconds is spent on inputs, not on start-up.
        warm_up = getattr(target, "warm_up", None)
        if warm_up is not None:
            warm_up()
        engine = args.engine
        if engine == "auto":
            engine = "atheris" if atheris_available() else "mutate"
        if engine == "atheris":
            _run_atheris(target, args, passthrough, corpus_dir, stack)
            return  # pragma: no cover - libFuzzer exits the process itself
        start = time.monotonic()
        try:
            stats = run_mutate(
                target,
                seconds=args.seconds,
                runs=args.runs,
                timeout=args.timeout,
                seed=args.seed,
                corpus=corpus,
                artifacts=args.artifacts,
                strict=args.strict,
            )
        except FuzzFinding as finding:
            traceback.print_exception(finding.__cause__ or finding)
            print(f"FINDING: {finding}", file=sys.stderr)
            sys.exit(1)
        took = time.monotonic() - start
        assert stats.known is not None
        known = ", ".join(f"{k} x{n}" for k, n in sorted(stats.known.items())) or "none"
        print(
            f"Done {stats.executions} runs in {took:.0f} second(s) "
            f"(engine mutate, slowest input {stats.slowest:.2f} s, known bugs hit: {known})"
        )


def _run_atheris(
    target: ModuleType,
    args: argparse.Namespace,
    passthrough: list[str],
    corpus_dir: Path,
    stack: contextlib.ExitStack,
) -> None:
    import atheris

    args.artifacts.mkdir(parents=True, exist_ok=True)
    flags = [
        f"-timeout={max(1, int(args.timeout))}",
        f"-rss_limit_mb={args.rss_mb}",
        f"-artifact_prefix={os.path.join(str(args.artifacts), '')}",
        "-print_final_stats=1",
    ]
    if args.seconds > 0:
        flags.append(f"-max_total_time={int(args.seconds)}")
    if args.runs > 0:
        flags.append(f"-runs={args.runs}")
    words = list(getattr(target, "DICTIONARY", ()))
    if words and not any(f.startswith("-dict=") for f in passthrough):
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        dict_file = folder / f"{target.NAME}.dict"
        dict_file.write_text(
            "".join(f'"{_dict_escape(w)}"\n' for w in words if w), encoding="ascii"
        )
        flags.append(f"-dict={dict_file}")
    stats = Stats()
    check = guarded(target, stats, strict=args.strict)
    argv = [sys.argv[0], *flags, *passthrough, str(corpus_dir)]
    structured = getattr(target, "mutate_structure", None)
    if structured is None:
        atheris.Setup(argv, check)
    else:

        def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
            rng = random.Random(seed)
            if rng.random() < 0.5:
                out = structured(data, rng)
                if out is not None:
                    return bytes(out[:max_size])
            return bytes(atheris.Mutate(data, max_size))

        atheris.Setup(argv, check, custom_mutator=custom_mutator)
    atheris.Fuzz()


def _dict_escape(word: bytes) -> str:
    """A libFuzzer dictionary entry: printable ASCII as is, everything else as \\xNN."""
    out = []
    for b in word:
        ch = chr(b)
        out.append(ch if 32 <= b < 127 and ch not in '"\\' else f"\\x{b:02X}")
    return "".join(out)
