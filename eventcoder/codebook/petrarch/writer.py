"""Writing the imported codebook: a manifest and one YAML file per dictionary kind.

The YAML is written by hand rather than by a YAML dumper: one entry per line in flow
style, strings double-quoted (JSON string syntax is valid YAML, so ``NO`` stays a word
and nothing needs escaping rules of its own), and a ``# file:line`` comment after each
pattern pointing at the PETRARCH line it came from. Compact output matters: a full
import has tens of thousands of entries and the codebook loader reads every line.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventcoder.codebook.petrarch.actors import ActorsOut
from eventcoder.codebook.petrarch.agents import AgentsOut
from eventcoder.codebook.petrarch.verbs import PatternOut, VerbsOut

HEADER = "# Written by `eventcoder codebook import-petrarch` from {source}.\n"


def q(text: str) -> str:
    """A double-quoted YAML string."""
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    """A value in YAML flow style (keys are plain identifiers, strings quoted)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return q(str(value))


def write_manifest(outdir: Path, name: str, extends: str | None, description: str) -> Path:
    lines = [f"name: {q(name)}", 'version: "1.0"', "language: en", f"description: {q(description)}"]
    if extends:
        lines.append(f"extends: {q(extends)}")
    path = outdir / "codebook.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_verbs(path: Path, out: VerbsOut, source: str) -> None:
    """Synsets, patterns by code and discard patterns from the verb dictionary."""
    lines = [HEADER.format(source=source)]
    if out.synsets:
        lines.append("synsets:")
        lines += [f"  {name}: {flow(list(members))}" for name, members in out.synsets.items()]
    if out.patterns:
        lines.append("patterns:")
        for code in sorted(out.patterns, key=lambda c: (c[:2], c)):
            lines += [f"  {q(code)}:", "    verbs:"]
            lines += _pattern_lines(out.patterns[code], source)
    if out.discard:
        lines += ["discard:", "  verbs:"]
        lines += _pattern_lines(out.discard, source)
    _write(path, lines)


def _pattern_lines(items: Iterable[PatternOut], source: str) -> list[str]:
    out = []
    for p in items:
        value = flow({"pattern": p.text, "symmetric": True}) if p.symmetric else q(p.text)
        out.append(f"      - {value}  # {source}:{p.line}")
    return out


def write_actors(path: Path, out: ActorsOut, sources: str) -> None:
    """Countries, names and people, one entry per line."""
    lines = [HEADER.format(source=sources)]
    if out.countries:
        lines.append("countries:")
        for code, entry in out.countries.items():
            lines.append(f"  - {flow({'code': code, **entry})}")
    if out.names:
        lines.append("names:")
        lines += [f"  - {flow(entry)}" for entry in out.names]
    if out.people:
        lines.append("people:")
        for person in out.people.values():
            compact = {k: v for k, v in person.items() if v or k == "name"}
            lines.append(f"  - {flow(compact)}")
    _write(path, lines)


def write_agents(path: Path, out: AgentsOut, source: str) -> None:
    lines = [HEADER.format(source=source), "agents:"]
    lines += [f"  {sector}: {flow(words)}" for sector, words in out.sectors.items()]
    _write(path, lines)


def write_discards(path: Path, items: list[tuple[int, str]], source: str) -> None:
    lines = [HEADER.format(source=source)]
    if items:
        lines += ["discard:", "  verbs:"]
        lines += [f"    - {q(text)}  # {source}:{line}" for line, text in items]
    else:
        lines.append("# No discard phrase could be written as a pattern (see import-report.txt).")
    _write(path, lines)


def copy_taxonomy(files: Iterable[Path], outdir: Path) -> list[Path]:
    """A standalone codebook needs the codes: copy the files that define them."""
    written = []
    for file in files:
        target = outdir / file.name
        shutil.copyfile(file, target)
        written.append(target)
    return written


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
