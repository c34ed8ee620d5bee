"""Tutorial 4: extend the CAMEO codebook with a pattern and actors, and validate it.

    python docs/examples/own_codebook.py

codebooks/kenya/ is a codebook with `extends: cameo`: one new synset, one pattern
with a subject constraint, and two organisations. The script validates it, codes the
same sentences with and without it, then breaks a copy on purpose to show a located
validation error. Writes kenya-events.csv and kenya-broken/ to the current directory.
"""

import shutil
from pathlib import Path

import pandas as pd

import eventcoder as ec

KENYA = Path(__file__).resolve().parent / "codebooks" / "kenya"
SENTENCES = [
    "Police lobbed teargas canisters at the protesters in Nairobi.",
    "Protesters hurled the teargas canisters back at the police.",
    "Haki Africa accused the police of abducting activists.",
    "The Okoa Uchumi coalition demanded an audit of the public debt.",
]

# 1. Validate: every problem with its file, line and entry; an empty list means valid.
#    (Shell: eventcoder codebook validate docs/examples/codebooks/kenya)
issues = ec.validate_codebook(KENYA)
print("kenya codebook:", issues or "valid")

# 2. The same sentences with the shipped codebook and with ours. Both coders share one
#    loaded spaCy pipeline.
cameo = ec.Coder()
kenya = ec.Coder(codebook=KENYA, nlp=cameo.nlp)


def show(event: ec.Event) -> str:
    source = event.source.code if event.source else None
    target = event.target.code if event.target and event.target.code else "-"
    return f"{source} {event.code} {target}  [{event.pattern_id}]"


for sentence in SENTENCES:
    print(f"\n{sentence}")
    for name, coder in (("cameo", cameo), ("kenya", kenya)):
        events = coder.code(sentence, date="2024-06-25")
        print(f"  {name}: " + ("; ".join(show(e) for e in events) or "no event"))

news = pd.DataFrame({"id": range(len(SENTENCES)), "text": SENTENCES, "date": "2024-06-25"})
frame = kenya.code_frame(news, text="text", date="date", id="id")
frame.to_csv("kenya-events.csv", index=False)

# 3. A mistake, located. Copy the codebook, misspell the slot, validate again.
broken = Path("kenya-broken")
shutil.copytree(KENYA, broken, dirs_exist_ok=True)
patterns = broken / "patterns.yaml"
patterns.write_text(patterns.read_text().replace("at|into $target", "at|into $victim"))

print()
for issue in ec.validate_codebook(broken):
    print(issue)  # file:line: entry: message

# Loading an invalid codebook raises CodebookError listing every problem.
try:
    ec.Coder(codebook=broken, nlp=cameo.nlp)
except ec.CodebookError as exc:
    print(f"\nCodebookError with {len(exc.issues)} problem(s)")
