"""MkDocs hook: the examples in the docs are produced by the real code at build time.

Registered in ``mkdocs.yml`` (``hooks: [docs/hooks.py]``). It replaces HTML-comment
markers in the Markdown of every page, so what the pages show is what this version
of eventcoder does and cannot drift from it:

``<!-- run: TEXT | DATE | key=value ... -->``
    A table of the events :class:`eventcoder.Coder` gives for ``TEXT`` with story date
    ``DATE``. Options: ``emit=all`` (also negated, hypothetical, conditional and
    questioned events, and events without a resolved source), ``cols=date,place,
    plover,acled,counts`` (extra columns) and ``expect=SRC CODE TGT; ...`` (the
    events the surrounding text promises, compared with the emitted ones as
    ``source code, event code, target code`` with ``-`` for none, or ``no event``; a
    mismatch is a warning, so ``mkdocs build --strict`` fails instead of publishing a
    stale claim).
``<!-- explain: TEXT | DATE [| full] -->``
    The decision trail of ``eventcoder explain`` (patterns tried are listed with
    ``full`` only).
``<!-- cli: COMMAND -->``
    The reference of a command (``code``, ``codebook validate``...) read from the
    command-line objects themselves: usage, help, arguments and options.
``<!-- schema-check -->``
    Checks that the table after the marker documents exactly the columns (and
    dtypes) of :data:`eventcoder.COLUMNS`; a difference is a warning.
``<!-- lexicon-check -->``
    Checks that the table after the marker documents exactly the lexicon keys a
    codebook may use (``LEXICON_KEYS`` of the codebook loader).
``<!-- source-only --> ... <!-- /source-only -->``
    Text for readers of the Markdown source (on GitHub, say), left out of the site.

The parser model is the installed pip package; nothing is downloaded. The coder is
loaded once per build, on the first page that needs it.
"""

from __future__ import annotations

import html
import logging
import re
from functools import cache
from typing import Any

log = logging.getLogger("mkdocs.hooks.eventcoder")

# Sphinx roles in docstrings (":class:`~eventcoder.Event`") as mkdocstrings renders them.
SPHINX_ROLE = re.compile(r":(?:class|meth|func|data|mod|attr|exc|obj):<code>(~?)([\w.]+)</code>")
SOURCE_ONLY = re.compile(r"<!--\s*source-only\s*-->.*?<!--\s*/source-only\s*-->\n?", re.DOTALL)
MARKER = re.compile(r"<!--\s*(run|explain|cli|schema-check|lexicon-check)\b:?(.*?)-->", re.DOTALL)
EXTRA_COLUMNS = ("date", "place", "plover", "acled", "counts")


# -- the coders ---------------------------------------------------------------------


@cache
def _coder(emit_all: bool) -> Any:
    import eventcoder as ec

    if not emit_all:
        return ec.Coder()
    return ec.Coder(emit="all", require_source=False, nlp=_coder(False).nlp)


# -- markers ------------------------------------------------------------------------


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Replace every marker of the page with what the code produces."""
    if "<!--" not in markdown:
        return markdown
    where = page.file.src_path
    markdown = SOURCE_ONLY.sub("", markdown)

    def replace(m: re.Match[str]) -> str:
        kind, body = m.group(1), " ".join(m.group(2).split())
        before = markdown[: m.start()]
        if sum(1 for line in before.splitlines() if line.lstrip().startswith("```")) % 2:
            return m.group(0)  # inside a code block: shown, not run
        if before and not before.endswith("\n"):
            log.warning(
                "%s: marker <!-- %s: %s --> must start a line (not inside a list or a "
                "table): its output is a block of HTML",
                where,
                kind,
                body,
            )
        try:
            if kind == "run":
                return _run(body, where)
            if kind == "explain":
                return _explain(body)
            if kind == "cli":
                return _cli(body)
            if kind == "schema-check":
                return _schema_check(_first_table(markdown, m.end()), where)
            return _lexicon_check(_first_table(markdown, m.end()), where)
        except Exception as exc:  # a broken example must fail the build, visibly
            log.error(
                "%s: marker <!-- %s: %s -->: %s: %s", where, kind, body, type(exc).__name__, exc
            )
            return f"\n!!! failure\n    This example failed to build: {html.escape(str(exc))}\n"

    return MARKER.sub(replace, markdown)


def on_page_content(html_: str, **kwargs: Any) -> str:
    """Show Sphinx cross-reference roles in docstrings as plain code."""

    def short(m: re.Match[str]) -> str:
        name = m.group(2).rsplit(".", 1)[-1] if m.group(1) else m.group(2)
        return f"<code>{name}</code>"

    return SPHINX_ROLE.sub(short, html_)


def _fields(body: str) -> tuple[str, str | None, dict[str, str], list[str]]:
    parts = [p.strip() for p in body.split("|")]
    text, date, options, flags = parts[0], None, {}, []
    for p in parts[1:]:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p):
            date = p
        elif "=" in p:
            key, _, value = p.partition("=")
            options[key.strip()] = value.strip()
        elif p:
            flags.append(p)
    return text, date, options, flags


def _run(body: str, where: str) -> str:
    text, date, options, _ = _fields(body)
    unknown = set(options) - {"emit", "cols", "expect"}
    if unknown:
        raise ValueError(f"unknown option(s) {sorted(unknown)}")
    emit_all = options.get("emit") == "all"
    cols = [c.strip() for c in options.get("cols", "").split(",") if c.strip()]
    bad = set(cols) - set(EXTRA_COLUMNS)
    if bad:
        raise ValueError(f"unknown column group(s) {sorted(bad)}; choose from {EXTRA_COLUMNS}")
    events = _coder(emit_all).code(text, date=date)
    if "expect" in options:
        _check_expectation(options["expect"], events, text, where)
    return _events_table(text, date, events, cols, emit_all)


def _triple(e: Any) -> str:
    src = e.source.code if e.source and e.source.code else "-"
    tgt = e.target.code if e.target and e.target.code else "-"
    return f"{src} {e.code} {tgt}"


def _check_expectation(expect: str, events: list[Any], text: str, where: str) -> None:
    # ``expect=no event``: the page promises that nothing is coded.
    items = [] if expect.strip() == "no event" else expect.split(";")
    want = sorted(" ".join(t.split()) for t in items if t.strip())
    got = sorted(_triple(e) for e in events if e.status == "asserted")
    if want != got:
        log.warning(
            "%s: the page expects %s for %r, the coder now gives %s: update the example "
            "or the text around it",
            where,
            want,
            text,
            got or "no event",
        )


def _code(value: str | None) -> str:
    return f"<code>{html.escape(value)}</code>" if value else ""


def _actor(ref: Any) -> str:
    if ref is None:
        return "—"
    code = _code(ref.code) if ref.code else "<em>no actor:</em>"
    return f"{code} {html.escape(ref.text)}".strip()


def _flags(e: Any) -> str:
    out = []
    if e.negated:
        out.append("negated")
    if e.modality:
        out.append(f"modal <em>{html.escape(e.modality)}</em>")
    for name in ("future", "conditional", "question"):
        if getattr(e, name):
            out.append(name)
    if e.reported_by is not None:
        out.append(f"reported by {_actor(e.reported_by)}")
    return ", ".join(out)


def _extra(e: Any, group: str) -> str:
    if group == "date":
        text = f" ({html.escape(e.date_text)})" if e.date_text else ""
        day = e.event_date.isoformat() if e.event_date else ""
        return f"{day} · {e.date_precision}{text} · {e.tense}"
    if group == "place":
        loc = e.location
        if loc is None:
            return "—"
        at = f" ({loc.latitude:.2f}, {loc.longitude:.2f})" if loc.latitude is not None else ""
        return f"{html.escape(loc.name)}, {loc.country or 'at sea'}{at} · precision {loc.precision}"
    if group == "plover":
        parts = [e.plover_type, e.plover_mode, e.plover_context]
        return html.escape(" / ".join(p for p in parts if p)) or "—"
    if group == "acled":
        if not e.acled_type:
            return "—"
        inter = f" · interaction {e.acled_interaction}" if e.acled_interaction else ""
        actors = " vs ".join(a for a in (e.acled_actor1, e.acled_actor2) if a)
        return html.escape(f"{e.acled_type} / {e.acled_sub_type} · {actors}") + inter
    counts = [f"fatalities {e.fatalities}"] if e.fatalities is not None else []
    counts += [f"crowd {e.crowd_size}"] if e.crowd_size is not None else []
    return ", ".join(counts) or "—"


_HEADINGS = {"date": "event date", "place": "location", "plover": "PLOVER", "acled": "ACLED"}


def _events_table(
    text: str, date: str | None, events: list[Any], cols: list[str], emit_all: bool
) -> str:
    dated = f" <small>(story date {date})</small>" if date else ""
    quote = f'<p class="ec-input">“{html.escape(text)}”{dated}</p>'
    if not events:
        what = "no event at all" if emit_all else "no event (with the default settings)"
        return f'\n<div class="ec-run">{quote}<p class="ec-none"><em>{what}</em></p></div>\n'
    head = ["source", "event", "target"]
    head += ["status"] if emit_all else []
    head += ["flags"] + [_HEADINGS.get(c, c) for c in cols]
    rows = []
    for e in events:
        wrappers = f" · wrappers {html.escape(' → '.join(e.wrappers))}" if e.wrappers else ""
        event = (
            f"<strong>{e.code}</strong> {html.escape(e.name)}"
            f'<br><small class="ec-pattern">pattern {_code(e.pattern_id)}{wrappers}</small>'
        )
        cells = [_actor(e.source), event, _actor(e.target)]
        if emit_all:
            cells.append(e.status if e.status != "asserted" else "<strong>asserted</strong>")
        cells += [_flags(e) or "—"]
        cells += [_extra(e, c) for c in cols]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    table = (
        "<table><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    return f'\n<div class="ec-run">{quote}{table}</div>\n'


def _explain(body: str) -> str:
    from eventcoder.explain import render_text

    text, date, _, flags = _fields(body)
    report = _coder(False).explain(text, date=date)
    lines = render_text(report).splitlines()
    if "full" not in flags:
        lines = [line for line in lines if not line.lstrip().startswith("tried ")]
    command = f'$ eventcoder explain "{text}"' + (f" --date {date}" if date else "")
    return "\n```text\n" + "\n".join([command, *lines]) + "\n```\n"


# -- the command line ---------------------------------------------------------------


def _cli(body: str) -> str:
    import typer

    from eventcoder.cli import app

    # Typer builds click-style objects (its own copy of click in recent versions), so
    # they are read by duck typing: commands, groups, arguments and options.
    root = typer.main.get_command(app)
    ctx = root.context_class(root, info_name="eventcoder")
    cmd = root
    for name in body.split():
        if not hasattr(cmd, "list_commands"):
            raise ValueError(f"{ctx.command_path} has no subcommands")
        sub = cmd.get_command(ctx, name)
        if sub is None:
            raise ValueError(f"no command {name!r}")
        ctx = sub.context_class(sub, info_name=name, parent=ctx)
        cmd = sub
    usage = " ".join([ctx.command_path, *cmd.collect_usage_pieces(ctx)])
    usage = re.sub(r"\{(\w+)\}", lambda m: m.group(1).upper(), usage)  # typer's {inputs}
    out = [f"```text\n{usage}\n```", ""]
    paragraphs = [" ".join(p.split()) for p in (cmd.help or "").split("\n\n") if p.strip()]
    out += [*paragraphs, ""] if paragraphs else []
    if hasattr(cmd, "list_commands"):
        out += ["| command | what it does |", "| --- | --- |"]
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            short = sub.get_short_help_str(limit=200) if sub else ""
            out.append(f"| `{ctx.command_path} {name}` | {_cell(short)} |")
        return "\n".join(out) + "\n"
    args = [p for p in cmd.params if p.param_type_name == "argument"]
    opts = [p for p in cmd.params if p.param_type_name == "option" and not p.hidden]
    if args:
        out += ["| argument | meaning |", "| --- | --- |"]
        for a in args:
            name = (a.metavar or a.name or "").upper()
            help_ = getattr(a, "help", "") or ""
            many = " (one or more)" if a.nargs == -1 else ""
            out.append(f"| `{name}` | {_cell(help_)}{many} |")
        out.append("")
    if opts:
        out += ["| option | meaning | default |", "| --- | --- | --- |"]
        for o in opts:
            names = ", ".join(f"`{n}`" for n in [*o.opts, *o.secondary_opts])
            kind = _choices(o)
            help_ = _cell(o.help or "") + (f" One of {kind}." if kind else "")
            out.append(f"| {names} | {help_} | {_default(o)} |")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _choices(o: Any) -> str:
    import enum

    kind = getattr(o, "type", None)
    if hasattr(kind, "choices"):  # click
        values = list(kind.choices)
    else:  # typer's own parameter objects
        ann = getattr(getattr(o, "type_descriptor", None), "annotation", None)
        if not (isinstance(ann, type) and issubclass(ann, enum.Enum)):
            return ""
        values = [m.value for m in ann]
    return ", ".join(f"`{v}`" for v in values)


def _default(o: Any) -> str:
    if getattr(o, "is_flag", False) and not o.secondary_opts:
        return "off" if not o.default else "on"
    if o.required:
        return "required"
    value = o.default
    if value is None or value == () or callable(value):
        return ""
    value = getattr(value, "value", value)  # enums
    if isinstance(value, bool):
        return "on" if value else "off"
    return f"`{_cell(str(value))}`"


# -- tables that must match the code ---------------------------------------------


def _first_table(markdown: str, start: int) -> list[list[str]]:
    """The body rows of the first Markdown table after ``start``, as lists of cells."""
    rows: list[list[str]] = []
    for line in markdown[start:].splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            rows.append([c.strip() for c in cells])
        elif rows:
            break
    return rows[2:]  # without the header and the --- line


def _names(cell: str) -> list[str]:
    return re.findall(r"`([a-z0-9_]+)`", cell)


def _report(where: str, what: str, problems: dict[str, list[str]]) -> None:
    for problem, items in problems.items():
        if items:
            log.warning("%s: %s: %s: %s", where, what, problem, ", ".join(items))


def _schema_check(rows: list[list[str]], where: str) -> str:
    from eventcoder.records import COLUMNS

    documented = {name: row[1] if len(row) > 2 else "" for row in rows for name in _names(row[0])}
    _report(
        where,
        "eventcoder.COLUMNS",
        {
            "columns not documented": [c for c in COLUMNS if c not in documented],
            "documented columns that do not exist": [c for c in documented if c not in COLUMNS],
            "wrong dtypes": [
                f"{c} is {COLUMNS[c]}, documented {documented[c]}"
                for c in COLUMNS
                if documented.get(c) and documented[c] != COLUMNS[c]
            ],
        },
    )
    return ""


def _lexicon_check(rows: list[list[str]], where: str) -> str:
    from eventcoder.codebook.loader import LEXICON_KEYS

    documented = {name for row in rows for name in _names(row[0])}
    _report(
        where,
        "lexicon keys",
        {
            "keys not documented": sorted(LEXICON_KEYS - documented),
            "documented keys that do not exist": sorted(documented - LEXICON_KEYS),
        },
    )
    return ""
