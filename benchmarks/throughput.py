"""Coding throughput against bare spaCy parsing, measured in the same run.

    python benchmarks/throughput.py --sentences 2000

Both sides parse the same generated documents with the same loaded pipeline (same
model, same components), one process. Reported: documents/s and sentences/s (wall
time) for bare ``nlp.pipe`` and for ``Coder.code_many``, the ratio between them (1.0 =
coding costs nothing on top of parsing), the same ratio in CPU time (all threads: the
parser runs in a thread of its own while the coding goes on), events found, and the
process's peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import documents

import eventcoder as ec


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3, help="take the best of N runs per side")
    args = ap.parse_args()
    docs = list(documents(args.sentences))
    texts = [d["text"] for d in docs]
    coder = ec.Coder()
    nlp = coder.nlp
    list(nlp.pipe(texts[:20]))  # warm up
    bare_best = code_best = bare_cpu = code_cpu = float("inf")
    n_sents = n_events = 0
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        n_sents = sum(len(list(d.sents)) for d in nlp.pipe(texts, batch_size=args.batch_size))
        bare_best = min(bare_best, time.perf_counter() - t0)
        bare_cpu = min(bare_cpu, time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        items = [ec.Document(d["text"], ec.coder.to_date(d["date"]), d["id"]) for d in docs]
        n_events = sum(len(b) for b in coder.code_many(items, batch_size=args.batch_size))
        code_best = min(code_best, time.perf_counter() - t0)
        code_cpu = min(code_cpu, time.process_time() - c0)
    print(f"documents: {len(docs)}  sentences: {n_sents}  events: {n_events}")
    print(f"model: {nlp.meta.get('name')} {nlp.meta.get('version')}  components: {nlp.pipe_names}")
    print(
        f"bare nlp.pipe : {len(docs) / bare_best:8.1f} docs/s  {n_sents / bare_best:8.1f} sents/s"
    )
    print(
        f"eventcoder    : {len(docs) / code_best:8.1f} docs/s  {n_sents / code_best:8.1f} sents/s"
    )
    print(f"ratio (eventcoder / bare): {bare_best / code_best:.3f}")
    print(f"ratio in CPU time: {bare_cpu / code_cpu:.3f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
