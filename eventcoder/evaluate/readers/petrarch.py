"""PETRARCH / UniversalPetrarch validation XML.

::

    <Sentence date="20150104" id="ENG-1" source="..." sentence="True">
      <Text>The army attacked rebels.</Text>
      <EventCoding sourcecode="NGAMIL" targetcode="NGAREB" eventcode="190"/>
      <Parse>...</Parse>
    </Sentence>

``<Parse>`` blocks and unknown elements are ignored; ``<EventCoding noevents="True"/>``
or no coding means the sentence has no event. The format carries CAMEO codes and
actors; PLOVER types are derived from the codes by the scorer, ACLED is not scored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from eventcoder.evaluate.gold import GoldError, GoldIssue, GoldRecord, validate_records
from eventcoder.evaluate.readers._common import actor_code, iso_date, read_text

if TYPE_CHECKING:
    from eventcoder.codebook.model import Codebook

_TRUE = frozenset({"true", "yes", "1"})


class _Collector:
    """Expat callbacks collecting sentences with the line each one starts on.

    Expat rather than ElementTree because ElementTree does not keep line numbers,
    and errors must name the line.
    """

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.items: list[tuple[int, dict[str, Any]]] = []
        self.current: dict[str, Any] | None = None
        self.in_text = False
        self.text: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Sentence":
            self.current = {
                "id": attrs.get("id", ""),
                "date": iso_date(attrs.get("date")),
                "text": "",
                "events": [],
                "annotated": ["cameo", "plover"],
            }
            self.items.append((self.parser.CurrentLineNumber, self.current))
        elif self.current is None:
            return
        elif name == "Text":
            self.in_text, self.text = True, []
        elif name == "EventCoding" and attrs.get("noevents", "").lower() not in _TRUE:
            self.current["events"].append(
                {
                    "source": actor_code(attrs.get("sourcecode")),
                    "target": actor_code(attrs.get("targetcode")),
                    "code": (attrs.get("eventcode") or "").strip() or None,
                }
            )

    def end(self, name: str) -> None:
        if name == "Text" and self.current is not None:
            self.current["text"] = " ".join("".join(self.text).split())
            self.in_text = False
        elif name == "Sentence":
            self.current = None

    def data(self, chunk: str) -> None:
        if self.in_text:
            self.text.append(chunk)


def read_petrarch(path: Path, codebook: Codebook | None = None) -> list[GoldRecord]:
    """Gold records from a PETRARCH validation XML file."""
    parser = expat.ParserCreate()
    collector = _Collector(parser)
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.data
    try:
        parser.Parse(read_text(path), True)
    except expat.ExpatError as exc:
        raise GoldError(
            [GoldIssue(str(path), exc.lineno, "", f"invalid XML: {expat.ErrorString(exc.code)}")]
        ) from exc
    return validate_records(collector.items, str(path), codebook)
