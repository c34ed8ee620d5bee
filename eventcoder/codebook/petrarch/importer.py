"""Import a set of PETRARCH dictionaries into a codebook directory.

The parent codebook (``extends: cameo`` by default) matters to the import: pattern
codes must be in its taxonomy, imported synsets must not silently replace its synsets,
a country or sector list written here replaces the parent's (so the parent's names are
merged in), and a person the parent already has keeps the parent's curated roles. The
parent is read with a plain YAML loader: only these sections are needed, and a full
validating load of the parent would cost more than the import itself.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eventcoder.codebook.loader import MANIFEST, resolve_path, shipped_dir
from eventcoder.codebook.petrarch.actors import (
    ActorContext,
    convert_actors,
    merge_parent_countries,
    person_key,
    read_actor_file,
)
from eventcoder.codebook.petrarch.agents import AgentsOut, convert_agents
from eventcoder.codebook.petrarch.discards import convert_discards
from eventcoder.codebook.petrarch.report import Report
from eventcoder.codebook.petrarch.verbs import (
    VerbsOut,
    convert_verbs,
    read_verb_dictionary,
    verb_forms,
)
from eventcoder.codebook.petrarch.writer import (
    copy_taxonomy,
    write_actors,
    write_agents,
    write_discards,
    write_manifest,
    write_verbs,
)
from eventcoder.errors import InputError

# The files PETRARCH-2 loads (petrarch2/data/config/PETR_config.ini).
VERBS_FILE = "CAMEO.2.0.txt"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENTS_FILE = "Phoenix.agents.txt"
DISCARDS_FILE = "Phoenix.discards.txt"
REPORT_FILE = "import-report.txt"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Sources:
    """The dictionary files to import (any of them may be missing)."""

    verbs: Path | None = None
    actors: tuple[Path, ...] = ()
    agents: Path | None = None
    discards: Path | None = None

    @classmethod
    def from_dir(cls, folder: Path) -> Sources:
        """The files PETRARCH-2 loads, where ``folder`` has them; otherwise files named
        after their kind (``verbs.txt``, ``*actors*.txt``, ``agents.txt``...)."""

        def first(*patterns: str) -> Path | None:
            for pattern in patterns:
                found = sorted(p for p in folder.glob(pattern) if p.is_file())
                if found:
                    return found[0]
            return None

        actors = tuple(p for n in ACTOR_FILES if (p := folder / n).is_file())
        return cls(
            verbs=first(VERBS_FILE, "verbs.txt", "*verbs*.txt"),
            actors=actors or tuple(sorted(folder.glob("*actors*.txt"))),
            agents=first(AGENTS_FILE, "*agents*.txt"),
            discards=first(DISCARDS_FILE, "*discards*.txt"),
        )

    def all(self) -> list[Path]:
        return [p for p in (self.verbs, *self.actors, self.agents, self.discards) if p]


@dataclass
class ParentInfo:
    """What the import needs to know about the codebook it extends (or copies)."""

    codes: frozenset[str] = frozenset()
    synsets: frozenset[str] = frozenset()
    countries: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    agents: dict[str, list[str]] = field(default_factory=dict)
    people: frozenset[str] = frozenset()
    taxonomy_files: list[Path] = field(default_factory=list)


def read_parent(spec: str | Path, base: Path | None = None) -> ParentInfo:
    """Codes, synset names, countries, agents and people names of a codebook (and of
    the codebooks it extends)."""
    info = ParentInfo()
    _read_into(info, _resolve(spec, base), seen=set())
    return info


def _resolve(spec: str | Path, base: Path | None) -> Path:
    if base is not None and (base / spec).is_dir():
        return (base / spec).resolve()
    return resolve_path(spec).resolve()


def _read_into(info: ParentInfo, folder: Path, seen: set[Path]) -> None:
    if folder in seen:
        return
    seen.add(folder)
    manifest = yaml.load((folder / MANIFEST).read_text(encoding="utf-8"), Loader=_LOADER) or {}
    if manifest.get("extends"):
        _read_into(info, _resolve(str(manifest["extends"]), folder), seen)
    codes, synsets, people = set(info.codes), set(info.synsets), set(info.people)
    for file in sorted(p for p in folder.rglob("*.yaml") if p.name != MANIFEST):
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER)
        if not isinstance(data, dict):
            continue
        if "codes" in data:
            codes |= {str(c) for c in data["codes"] or {}}
            info.taxonomy_files.append(file)
        synsets |= {str(s) for s in data.get("synsets") or {}}
        for entry in data.get("countries") or []:
            if isinstance(entry, dict) and entry.get("code"):
                info.countries[str(entry["code"])] = {
                    key: _strings(entry.get(key)) for key in ("names", "adjectives", "capitals")
                }
        for sector, words in (data.get("agents") or {}).items():
            info.agents[str(sector)] = _strings(words)
        for person in data.get("people") or []:
            if isinstance(person, dict) and person.get("name"):
                people.add(person_key(str(person["name"])))
    info.codes, info.synsets, info.people = frozenset(codes), frozenset(synsets), frozenset(people)


def _strings(values: Any) -> list[str]:
    return [v for v in values or [] if isinstance(v, str)]


def import_petrarch(
    sources: Sources,
    outdir: Path,
    *,
    extends: str | None = "cameo",
    name: str = "petrarch",
    force: bool = False,
) -> Report:
    """Convert ``sources`` into a codebook in ``outdir``; the report lists every entry
    that could not be converted (also written to ``outdir/import-report.txt``)."""
    started = time.perf_counter()
    if not sources.all():
        raise InputError("no PETRARCH dictionary files to import")
    if (outdir / MANIFEST).exists() and not force:
        raise InputError(f"{outdir / MANIFEST} exists (use --force to overwrite)")
    outdir.mkdir(parents=True, exist_ok=True)
    extends = _extends_from(extends, outdir)
    parent = read_parent(extends, outdir) if extends else read_parent(shipped_dir() / "cameo")
    report = Report(files=[p.name for p in sources.all()])
    forms: dict[str, str] = {}
    written: set[str] = set()
    if sources.verbs:
        vd = read_verb_dictionary(sources.verbs)
        report.formats[vd.name] = vd.format
        taken = parent.synsets if extends else frozenset()
        verbs = convert_verbs(vd, parent.codes, taken, report)
        write_verbs(outdir / "verbs.yaml", verbs, vd.name)
        forms = verb_forms(vd)
        written = _texts(verbs)
    if sources.actors:
        files = [(read_actor_file(path, report), _actor_kind(path)) for path in sources.actors]
        ctx = ActorContext(
            country_codes=frozenset(parent.countries),
            parent_people=parent.people if extends else frozenset(),
        )
        actors = convert_actors(files, ctx, report)
        if extends:
            merge_parent_countries(actors, parent.countries)
        write_actors(outdir / "actors.yaml", actors, ", ".join(p.name for p in sources.actors))
    if sources.agents:
        agents: AgentsOut = convert_agents(
            sources.agents, parent.agents if extends else {}, report, merge=bool(extends)
        )
        write_agents(outdir / "agents.yaml", agents, sources.agents.name)
    if sources.discards:
        items = convert_discards(sources.discards, forms, written, report)
        write_discards(outdir / "discards.yaml", items, sources.discards.name)
    if not extends:
        copy_taxonomy(parent.taxonomy_files, outdir)
    description = (
        f"PETRARCH dictionaries ({', '.join(report.files)}) imported on "
        f"{dt.date.today().isoformat()}; what was not converted is in {REPORT_FILE}."
    )
    write_manifest(outdir, name, extends, description)
    report.seconds = time.perf_counter() - started
    report.write(outdir / REPORT_FILE)
    return report


def _extends_from(spec: str | None, outdir: Path) -> str | None:
    """A parent given as a directory is written relative to the new codebook (the
    loader resolves ``extends`` from the manifest's folder); a name stays a name."""
    if spec and Path(spec).is_dir() and not (outdir / spec).is_dir():
        return os.path.relpath(Path(spec).resolve(), outdir.resolve())
    return spec


def _texts(verbs: VerbsOut) -> set[str]:
    texts = {p.text for items in verbs.patterns.values() for p in items}
    return texts | {p.text for p in verbs.discard}


def _actor_kind(path: Path) -> str:
    """The kind of a file's names entries: armed groups in the MilNonState file."""
    return "group" if "nonstate" in path.name.lower() else "organization"
