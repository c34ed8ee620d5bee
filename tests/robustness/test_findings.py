"""Bugs the robustness work found, one exact reproduction each; all are fixed.

Each test states the behaviour the library should have. A new finding goes in
failing, marked ``@xfail(where, what)`` (strict): when its fix lands the test passes,
strict xfail turns that into a failure, and the marker comes off (and, for crashes,
the matching entry of the fuzz target's ``KNOWN_BUGS`` goes too). The list of what
was found and how it was fixed is in docs/robustness.md.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import stat
import threading
from pathlib import Path

import pytest

import eventcoder as ec
from eventcoder.backends.conllu import read_conllu
from eventcoder.batch import BatchConfig, CoderSpec, read_events, run_batch
from eventcoder.batch.checkpoint import checkpoint_path
from eventcoder.codebook import loader
from eventcoder.codebook.yamlfile import loads_yaml
from eventcoder.errors import CodebookError, InputError
from eventcoder.evaluate.gold import GoldError, read_jsonl
from eventcoder.evaluate.readers import read_gold
from tests.robustness.support import news_docs, write_jsonl


def xfail(module: str, what: str) -> pytest.MarkDecorator:
    """The marker of a finding not fixed yet (none today)."""
    return pytest.mark.xfail(strict=True, reason=f"BUG ({module}): {what}")


# -- codebooks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: !!int x",  # ValueError
        "a: !!float x",  # ValueError
        "a: !!float ",  # IndexError
        "a: !!bool x",  # KeyError
        "a: !!timestamp x",  # AttributeError
        "a: !!map x",  # ValueError
        "a: !!seq x",  # AttributeError
        "a: 0x_",  # implicit int, ValueError
        "a: 2020-1-1 10:00:00 +99",  # timestamp offset, ValueError
    ],
)
def test_yaml_scalars_that_cannot_be_built_are_codebook_errors(text):
    with pytest.raises(CodebookError) as caught:
        loads_yaml(text, "x.yaml")
    assert caught.value.issues[0].line == 1


def _codebook(tmp_path: Path, body: str) -> Path:
    (tmp_path / "codebook.yaml").write_text("name: t\n", encoding="utf-8")
    (tmp_path / "codes.yaml").write_text(
        'codes:\n  "01": {name: Statement, quad_class: 1}\n', encoding="utf-8"
    )
    (tmp_path / "extra.yaml").write_text(body, encoding="utf-8")
    loader._load_cached.cache_clear()
    return tmp_path


@pytest.mark.parametrize(
    "body",
    [
        "places: {nouns: 5}",  # TypeError in _read_places
        "places: {entries: 5}",  # TypeError in _read_places
        "places: {entries: [{name: X, precision: abc}]}",  # ValueError in _compile_place
        "lexicon: {pronouns: [a, b]}",  # AttributeError in _compile_lexicon
        "lexicon: {negators: 5}",  # TypeError in _compile_lexicon
        "lexicon: {venue: [a]}",  # ValueError in _compile_lexicon
        "lexicon: {venue: {codes: 5}}",  # TypeError in _check_lexicon
        "wrappers: {w: {mode: pass, verbs: 5}}",  # TypeError in _check_wrappers
        "codes: {'02': {name: x, quad_class: 1, plover: {type: [a], mode: b}}}",  # unhashable
    ],
)
def test_entries_of_the_wrong_type_are_reported(tmp_path, body):
    with pytest.raises(CodebookError) as caught:
        ec.load_codebook(_codebook(tmp_path, body))
    assert all(i.file.endswith("extra.yaml") and i.line == 1 for i in caught.value.issues)


@pytest.mark.parametrize(
    "body",
    [
        "acled: {types: x}",
        "acled: {classes: x}",
        "acled: {inter: {state: x}}",
        "acled: {counts: x}",
        "acled: {rules: [{type: a, sub_type: b, codes: 5}]}",
    ],
)
def test_acled_section_of_the_wrong_shape_is_reported(tmp_path, body):
    with pytest.raises(CodebookError):
        ec.load_codebook(_codebook(tmp_path, body))


# -- inputs to the coder -------------------------------------------------------------------


def test_text_with_a_lone_surrogate_is_an_input_error(coder):
    with pytest.raises(InputError, match=r"surrogate|encod"):
        coder.code("Iran \ud800 attacked Iraq.")


def test_conllu_file_that_is_not_utf8_is_an_input_error(tmp_path):
    path = tmp_path / "latin1.conllu"
    path.write_bytes("1\tS\u00e3o\ts\u00e3o\tPROPN\t_\t_\t0\troot\t_\t_\n\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.conllu"):
        read_conllu(path, errors="raise")


def test_conllu_stream_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.conllu"
    path.write_text("\ufeff1\tIran\tIran\tPROPN\t_\t_\t0\troot\t_\t_\n\n", encoding="utf-8")
    with path.open(encoding="utf-8") as stream:
        [doc] = read_conllu(stream, errors="raise")
    assert doc.parsed.text == "Iran"


def test_conllu_with_old_mac_line_endings_reads_the_same_from_a_string(tmp_path):
    text = "1\tIran\tIran\tPROPN\t_\t_\t0\troot\t_\t_\r\r# sent_id = 2\r"
    text += "1\tIraq\tIraq\tPROPN\t_\t_\t0\troot\t_\t_\r"
    path = tmp_path / "cr.conllu"
    path.write_bytes(text.encode("utf-8"))
    from_file = read_conllu(path, errors="raise")
    from_text = read_conllu(text, errors="raise")
    assert [d.parsed.text for d in from_text] == [d.parsed.text for d in from_file]


def test_extends_that_is_no_file_name_is_reported(tmp_path):
    (tmp_path / "codebook.yaml").write_text(f"name: t\nextends: {'x' * 300}\n", "utf-8")
    loader._load_cached.cache_clear()
    with pytest.raises(CodebookError, match="extends"):
        ec.load_codebook(tmp_path)


# -- gold readers --------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "suffix"), [("gold", "jsonl"), ("plover", "json")])
def test_deeply_nested_gold_json_is_a_gold_error(tmp_path, fmt, suffix):
    path = tmp_path / f"deep.{suffix}"
    path.write_text("[" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(GoldError):
        read_gold(path, fmt)


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_gold_jsonl_with_unicode_line_separators_in_text(tmp_path, char):
    record = {"id": "a", "text": f"Iran protested.{char}China met Japan.", "date": "2020-01-01"}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({**record, "events": []}, ensure_ascii=False) + "\n", "utf-8")
    [got] = read_jsonl(path)
    assert got.text == record["text"]


@pytest.mark.parametrize("cut", ["[", '[{"id": "p", "text": "x", "event": "PROTEST"},'])
def test_truncated_plover_list_is_a_gold_error(tmp_path, cut):
    path = tmp_path / "cut.json"
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(GoldError, match=r"cut\.json"):
        read_gold(path, "plover")


def test_truncated_acled_csv_is_a_gold_error(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_text('notes,event_date,event_type\n"On 4 June, traders prot', encoding="utf-8")
    with pytest.raises(GoldError, match=r"cut\.csv"):
        read_gold(path, "acled")


# -- batch coding ----------------------------------------------------------------------


def test_a_carriage_return_in_a_sentence_survives_the_csv(coder, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Iran\rattacked Iraq."}])
    run_batch(BatchConfig(inputs=(str(src),), output=tmp_path / "out.csv"), coder=coder)
    frame = read_events(tmp_path / "out.csv")
    assert list(frame["sentence"]) == ["Iran\rattacked Iraq."]


def test_a_truncated_gzip_input_is_not_a_complete_run(coder, tmp_path):
    lines = "".join(json.dumps(d) + "\n" for d in news_docs(40))
    data = gzip.compress(lines.encode("utf-8"))
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(data[: len(data) // 2])
    config = BatchConfig(inputs=(str(src),), output=tmp_path / "out.csv")
    try:
        summary = run_batch(config, coder=coder)
    except (InputError, EOFError):
        return  # reported: fine
    assert not summary.complete or summary.errors > 0, (summary.documents, summary.errors)


def test_a_csv_input_cut_inside_a_quoted_field_is_reported(coder, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('id,text\n1,"Iran imposed sanctions on Iraq, officials sa', encoding="utf-8")
    summary = run_batch(BatchConfig(inputs=(str(src),), output=tmp_path / "o.csv"), coder=coder)
    assert summary.errors == 1


def test_a_small_max_chars_limit_fails_documents_not_the_run(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Iran protested."}])
    spec = CoderSpec.make(max_chars=50)
    summary = run_batch(BatchConfig(inputs=(str(src),), output=tmp_path / "o.csv", coder=spec))
    assert summary.complete and summary.errors == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_an_errors_path_that_is_a_device_is_not_deleted(coder, tmp_path):
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
    src = write_jsonl(tmp_path / "in.jsonl", news_docs(3))
    config = BatchConfig(inputs=(str(src),), output=tmp_path / "o.csv", errors=device)
    with contextlib.suppress(InputError):  # refusing is fine too
        run_batch(config, coder=coder)
    assert stat.S_ISCHR(device.stat().st_mode)


def _interrupted(coder, tmp_path: Path) -> tuple[BatchConfig, dict[str, object]]:
    src = write_jsonl(tmp_path / "in.jsonl", news_docs(20))
    config = BatchConfig(inputs=(str(src),), output=tmp_path / "out.csv", chunk_size=4)
    stop = threading.Event()
    seen = [0]

    def progress(_: object) -> None:
        seen[0] += 1
        if seen[0] >= 6:
            stop.set()

    run_batch(config, coder=coder, stop=stop, on_progress=progress)
    return config, json.loads(checkpoint_path(config.output).read_text())


_BAD_CHECKPOINTS = {
    "a JSON list": lambda c: [c],
    "unknown key": lambda c: {**c, "extra": 1},
    "missing key": lambda c: {k: v for k, v in c.items() if k != "fingerprint"},
    "docs_done text": lambda c: {**c, "docs_done": "six"},
    "docs_done negative": lambda c: {**c, "docs_done": -1},
    "output bytes negative": lambda c: {**c, "output_state": {"bytes": -5}},
    "errors_bytes negative": lambda c: {**c, "errors_bytes": -1},
    # Silent damage: these resume "successfully" with rows lost.
    "docs_done past the input": lambda c: {**c, "docs_done": 10_000},
    "output state emptied": lambda c: {**c, "output_state": {}},
    "docs_done off by some": lambda c: {**c, "docs_done": int(c["docs_done"]) + 5},
    "output bytes off by some": lambda c: {
        **c,
        "output_state": {"bytes": int(c["output_state"]["bytes"]) - 7},
    },
}


@pytest.mark.parametrize("damage", list(_BAD_CHECKPOINTS))
def test_a_damaged_checkpoint_is_refused(coder, tmp_path, damage):
    config, state = _interrupted(coder, tmp_path)
    path = checkpoint_path(config.output)
    path.write_text(json.dumps(_BAD_CHECKPOINTS[damage](state)), encoding="utf-8")
    resumed = BatchConfig(**{**_fields(config), "resume": True})
    with pytest.raises(InputError, match="checkpoint"):
        run_batch(resumed, coder=coder)


def _fields(config: BatchConfig) -> dict[str, object]:
    return {name: getattr(config, name) for name in BatchConfig.__dataclass_fields__}


def test_an_os_error_is_a_one_line_message(tmp_path, monkeypatch, capsys):
    import sys

    from eventcoder.cli import main

    src = write_jsonl(tmp_path / "in.jsonl", news_docs(2))
    out = tmp_path / "out.csv"
    out.mkdir()  # the output path is a directory: IsADirectoryError on opening it
    monkeypatch.setattr(sys, "argv", ["eventcoder", "code", str(src), "-o", str(out)])
    with pytest.raises(SystemExit) as stopped:
        main()
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "Traceback" not in err and "out.csv" in err
