"""Shared fixtures: one real spaCy pipeline and the real shipped codebook per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import eventcoder as ec

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The project's shared folder (reference data, the Korea article).

    ``$EVENTCODER_SHARED`` wins; otherwise ``../shared`` next to the repository.
    """
    env = os.environ.get("EVENTCODER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


@pytest.fixture(scope="session")
def coder() -> ec.Coder:
    """The default coder: asserted events with a resolved source."""
    return ec.Coder()


@pytest.fixture(scope="session")
def coder_all(coder: ec.Coder) -> ec.Coder:
    """Every event, whatever its status or source, sharing the loaded parser."""
    return ec.Coder(emit="all", require_source=False, nlp=coder.nlp)


def triples(events: list[ec.Event]) -> set[tuple[str | None, str | None, str]]:
    """(source country, target country, code) for a set comparison."""
    return {
        (
            e.source.country if e.source else None,
            e.target.country if e.target else None,
            e.code,
        )
        for e in events
    }


def full(events: list[ec.Event]) -> set[tuple[str | None, str | None, str]]:
    """(source code, target code, code) with the full actor codes."""
    return {
        (e.source.code if e.source else None, e.target.code if e.target else None, e.code)
        for e in events
    }
