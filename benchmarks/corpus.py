"""Generate a varied, realistic news-like corpus for benchmarks (deterministic, offline).

Sentences are assembled from templates: diplomatic and conflict events with different
actors, titles, clause types (passive, reported speech, participles, relative
clauses) and plenty of sentences with no event (markets, sport, weather), grouped into
documents of 3-12 sentences the way wire stories are.

    python benchmarks/corpus.py 1000 > corpus.jsonl
    python benchmarks/corpus.py 100000 corpus.jsonl      # same, written to a file
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ACTORS = [
    "the United States",
    "Russia",
    "China",
    "Iran",
    "North Korea",
    "South Korea",
    "Japan",
    "Israel",
    "Turkey",
    "the European Union",
    "the United Nations",
    "NATO",
    "Ukraine",
    "Pakistan",
    "India",
    "Egypt",
    "Saudi Arabia",
    "Germany",
    "France",
    "Britain",
    "Nigeria",
    "Kenya",
    "Ethiopia",
    "Sudan",
    "Syria",
    "Iraq",
    "Afghanistan",
    "Venezuela",
    "Colombia",
    "Brazil",
    "Mexico",
    "the African Union",
]
PEOPLE = [
    "Russian Foreign Minister Sergey Lavrov",
    "US Secretary of State Antony Blinken",
    "Chinese President Xi Jinping",
    "French President Emmanuel Macron",
    "German Chancellor Olaf Scholz",
    "Turkish President Recep Tayyip Erdogan",
    "UN Secretary-General Antonio Guterres",
    "Iranian Foreign Minister Hossein Amirabdollahian",
    "Indian Prime Minister Narendra Modi",
    "Kenyan President William Ruto",
]
GROUPS = [
    "rebels",
    "protesters",
    "police",
    "troops",
    "militants",
    "opposition lawmakers",
    "government forces",
    "security forces",
    "gunmen",
    "villagers",
]
PLACES = [
    "Geneva",
    "Vienna",
    "Doha",
    "Nairobi",
    "Kabul",
    "Baghdad",
    "Kyiv",
    "Beijing",
    "Cairo",
    "Istanbul",
    "the capital",
    "the border town",
    "the northern province",
]
WHEN = [
    "on Monday",
    "on Tuesday",
    "late last month",
    "earlier this week",
    "on Friday",
    "in October",
    "two days ago",
    "yesterday",
    "last week",
    "",
]
SPEAKERS = [
    "officials said",
    "a spokesman said",
    "state media reported",
    "the ministry said in a statement",
    "diplomats said",
    "witnesses said",
]

EVENTS = [
    "{a} imposed new sanctions on {b} {when}",
    "{a} lifted sanctions on {b} {when}",
    "{a} held talks with {b} in {place} {when}",
    "{p} met {b}'s foreign minister in {place} {when}",
    "{a} is ready to resume negotiations with {b}",
    "{a} urged {b} to return to the negotiating table",
    "{a} accused {b} of violating the ceasefire",
    "{a} condemned the attack on {b}",
    "{a} threatened to cut diplomatic ties with {b}",
    "{a} expelled two diplomats from {b} {when}",
    "{a} recalled its ambassador from {b}",
    "{a} signed a trade agreement with {b} {when}",
    "{a} pledged humanitarian aid to {b}",
    "{a} sent troops to the border with {b}",
    "{a} launched a ballistic missile {when}",
    "{g} clashed with {g2} in {place} {when}",
    "{g} attacked a police station in {place}, killing {n} people",
    "about {n}00 {g} marched through {place} {when}",
    "{g} were arrested in {place} after the protest",
    "{a} rejected the peace plan proposed by {b}",
    "{a} will not attend the summit in {place}",
    "{p} visited {b} {when}",
    "{a} praised {b} for its role in the talks",
    "new sanctions on {b} were announced by {a} {when}",
    "{a} could impose tariffs on {b} if talks fail",
]
NOISE = [
    "Shares in the company rose {n} percent in early trading.",
    "The central bank left interest rates unchanged.",
    "Temperatures are expected to reach {n} degrees by the weekend.",
    "The team won the final {n}-1 after extra time.",
    "The festival drew thousands of visitors to {place}.",
    "Oil prices fell for a third straight session.",
    "Sign up for our daily newsletter.",
    "The film opens in cinemas next month.",
]


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.3:
        text = rng.choice(NOISE)
    else:
        text = rng.choice(EVENTS)
        if rng.random() < 0.3:
            text = f"{text}, {rng.choice(SPEAKERS)}"
    a, b = rng.sample(ACTORS, 2)
    g, g2 = rng.sample(GROUPS, 2)
    out = text.format(
        a=a,
        b=b,
        p=rng.choice(PEOPLE),
        g=g,
        g2=g2,
        place=rng.choice(PLACES),
        when=rng.choice(WHEN),
        n=rng.randint(2, 60),
    )
    out = " ".join(out.split())
    return out[0].upper() + out[1:] + ("" if out.endswith(".") else ".")


def documents(n_sentences: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """Documents of 3-12 sentences until ``n_sentences`` sentences are written."""
    rng = random.Random(seed)
    written = 0
    doc = 0
    while written < n_sentences:
        k = min(rng.randint(3, 12), n_sentences - written)
        year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
        yield {
            "id": f"doc-{doc:07d}",
            "date": f"{year}-{month:02d}-{day:02d}",
            "text": " ".join(sentence(rng) for _ in range(k)),
        }
        written += k
        doc += 1


def write_jsonl(path: str | Path, n_sentences: int, seed: int = 7) -> int:
    """Write :func:`documents` as JSON Lines (streamed); return the number of documents."""
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for d in documents(n_sentences, seed):
            f.write(json.dumps(d) + "\n")
            n += 1
    return n


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    if len(sys.argv) > 2:
        write_jsonl(sys.argv[2], count)
    else:
        for d in documents(count):
            print(json.dumps(d))
