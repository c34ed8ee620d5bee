"""Import PETRARCH-2 (and PETRARCH-1/TABARI) dictionaries as an eventcoder codebook.

``eventcoder codebook import-petrarch SRC OUTDIR`` runs :func:`import_petrarch`. One
module per dictionary kind (:mod:`.verbs`, :mod:`.actors`, :mod:`.agents`,
:mod:`.discards`), :mod:`.writer` writes the YAML and :mod:`.report` counts what was
converted and lists everything that was not. See ``docs/petrarch-import.md``.
"""

from eventcoder.codebook.petrarch.importer import REPORT_FILE, Sources, import_petrarch
from eventcoder.codebook.petrarch.report import Finding, Report

__all__ = ["REPORT_FILE", "Finding", "Report", "Sources", "import_petrarch"]
