"""What an import did: counts of converted entries, and every entry it could not use.

A PETRARCH user needs to know what did not come across, so every skipped entry is
kept with its file, line and text, and grouped by a short reason for the summary.
Approximations (converted, but with a change the user should know about, such as a
compound agent code losing its second sector) are kept the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Finding:
    """One entry that was skipped or changed: where it is, what it is, and why."""

    file: str
    line: int
    entry: str
    reason: str  # a fixed phrase, so findings group by it
    detail: str = ""

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.file}:{self.line}: {self.entry}: {self.reason}{detail}"


@dataclass
class Report:
    """Counts and findings of one import."""

    converted: Counter[str] = field(default_factory=Counter)
    read: Counter[str] = field(default_factory=Counter)
    skipped: list[Finding] = field(default_factory=list)
    approximated: list[Finding] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def skip(self, file: str, line: int, entry: str, reason: str, detail: str = "") -> None:
        self.skipped.append(Finding(file, line, entry.strip(), reason, detail))

    def approx(self, file: str, line: int, entry: str, reason: str, detail: str = "") -> None:
        self.approximated.append(Finding(file, line, entry.strip(), reason, detail))

    def skipped_by_reason(self) -> Counter[str]:
        return Counter(f.reason for f in self.skipped)

    def approximated_by_reason(self) -> Counter[str]:
        return Counter(f.reason for f in self.approximated)

    def summary(self) -> str:
        """The counts a user reads first (printed by the command)."""
        lines = [f"read: {', '.join(self.files) or 'nothing'}"]
        lines += [f"format of {name}: {fmt}" for name, fmt in self.formats.items()]
        lines.append("converted:")
        width = max((len(k) for k in self.converted), default=10)
        for key, count in self.converted.items():
            source = f"  (from {self.read[key]:,} read)" if key in self.read else ""
            lines.append(f"  {key:<{width}}  {count:>7,}{source}")
        lines.append(f"skipped: {len(self.skipped):,} entries, by reason:")
        lines += _counted(self.skipped_by_reason())
        lines.append(f"approximated (converted with a change): {len(self.approximated):,}")
        lines += _counted(self.approximated_by_reason())
        lines.append(f"elapsed: {self.seconds:.1f} s")
        return "\n".join(lines)

    def write(self, path: Path) -> None:
        """The full list of findings, one per line (``file:line: entry: reason``)."""
        parts = [
            "# eventcoder codebook import-petrarch: report",
            *(f"# {line}" for line in self.summary().splitlines()),
            "",
            f"## skipped ({len(self.skipped)})",
            *(str(f) for f in sorted(self.skipped, key=_order)),
            "",
            f"## approximated ({len(self.approximated)})",
            *(str(f) for f in sorted(self.approximated, key=_order)),
            "",
        ]
        path.write_text("\n".join(parts), encoding="utf-8")


def _counted(counts: Counter[str]) -> list[str]:
    return [f"  {n:>7,}  {reason}" for reason, n in counts.most_common()]


def _order(f: Finding) -> tuple[str, int]:
    return (f.file, f.line)
