"""Tutorial 5: import PETRARCH-2 dictionaries and code with them.

    python docs/examples/import_petrarch.py

Imports the small PETRARCH-format dictionaries of the test suite
(tests/fixtures/petrarch/: verbs.txt, actors.txt, agents.txt, discards.txt; they
hold every construct of the format, including ones that cannot be converted). For
the real PETRARCH-2 dictionaries, point the command at their folder instead:

    eventcoder codebook import-petrarch path/to/petrarch2/data/dictionaries petrarch-cb

Writes the codebook to petrarch-cb/ in the current directory (codebook.yaml,
verbs.yaml, actors.yaml, agents.yaml, discards.yaml, import-report.txt).
"""

import subprocess
import sys
from pathlib import Path

import eventcoder as ec

REPO = Path(__file__).resolve().parents[2]
DICTIONARIES = REPO / "tests" / "fixtures" / "petrarch"
EVENTCODER = [sys.executable, "-m", "eventcoder"]  # the `eventcoder` command


def eventcoder(*args: str) -> None:
    print("$ eventcoder", " ".join(args))
    subprocess.run([*EVENTCODER, *args], check=True)


# 1. Convert. The command prints what was converted and what was skipped, by reason;
#    petrarch-cb/import-report.txt lists every skipped or changed entry with its line.
#    --force: overwrite an earlier import in the same folder.
eventcoder("codebook", "import-petrarch", str(DICTIONARIES), "petrarch-cb", "--force")

report = Path("petrarch-cb/import-report.txt").read_text().splitlines()
entries = [line for line in report if line and not line.startswith("#")]
print(f"\nimport-report.txt: {len(entries)} entry lines, for example:")
print("\n".join(entries[:5]))

# 2. The result is an ordinary codebook that extends the shipped CAMEO one.
print("\npetrarch-cb:", ec.validate_codebook("petrarch-cb") or "valid")

# 3. Code with it, next to the shipped codebook: imported patterns and agents apply,
#    and win ties with the shipped ones.
cameo = ec.Coder()
petrarch = ec.Coder(codebook="petrarch-cb", nlp=cameo.nlp)
for sentence in [
    "Kenya met Somalia in secret.",
    "Kenyan cattlemen condemned the government.",
    "Uganda deployed peacekeepers to Somalia.",
]:
    print(f"\n{sentence}")
    for name, coder in (("cameo   ", cameo), ("petrarch", petrarch)):
        for e in coder.code(sentence, date="2015-01-01"):
            target = e.target.code if e.target else "-"
            print(f"  {name} {e.source.code} {e.code} {target}  [{e.pattern_id}]")
