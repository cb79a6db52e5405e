"""An import's report: every problem with its file, row and column, and notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# A report lists at most this many problems of one kind (file, column, reason) and then
# counts the rest: a broken million-row export must not print a million lines.
MAX_PER_KIND = 20


@dataclass(frozen=True, order=True)
class ImportProblem:
    """One bad input: `row` counts like a spreadsheet (the header is row 1), 0 for the file."""

    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        column = f", column {self.column}" if self.column else ""
        return f"{self.file}: {where}{column}: {self.reason}"


@dataclass
class Report:
    """Problems (bad input, blocking unless --skip-bad) and notices (facts worth knowing)."""

    problems: list[ImportProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    unknowns: dict[str, set[str]] = field(default_factory=dict)
    bad_rows: int = 0
    # Long listings (every name matched or not, every version change): the report file only.
    sections: dict[str, list[str]] = field(default_factory=dict)

    def add(self, file: str, row: int, column: str, reason: str) -> None:
        key = (file, column, reason if row == 0 else reason.split(":")[0])
        self.counts[key] = self.counts.get(key, 0) + 1
        if self.counts[key] <= MAX_PER_KIND:
            self.problems.append(ImportProblem(file, int(row), column, reason))

    def add_rows(self, file: str, rows: pd.Series, column: str, reasons: pd.Series | str) -> None:
        """One problem per row of `rows` (spreadsheet row numbers) with its reason."""
        if rows.empty:
            return
        if isinstance(reasons, str):
            reasons = pd.Series(reasons, index=rows.index)
        for row, reason in zip(rows.tolist(), reasons.tolist()):
            self.add(file, row, column, reason)

    def keep_good(self, file: str, rows: pd.Series, problems: dict[str, pd.Series]) -> pd.Series:
        """Report every problem of a chunk (column -> reason or None per row); the good rows.

        A row with any problem is counted bad and left out as a whole.
        """
        bad = pd.Series(False, index=rows.index)
        for column, reasons in problems.items():
            hit = reasons.notna()
            self.add_rows(file, rows[hit], column, reasons[hit])
            bad |= hit
        self.bad_rows += int(bad.sum())
        return ~bad

    def note(self, text: str) -> None:
        if text not in self.notices:  # chunks repeat the same notice
            self.notices.append(text)

    def unknown(self, topic: str, values: list[str]) -> None:
        """Values a mapping did not know, gathered over chunks into one notice per topic."""
        self.unknowns.setdefault(topic, set()).update(str(v) for v in values)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        """The report as text lines: problems in file and row order, then the notices."""
        out = [f"{self.total} problem(s)" + (f" in {self.bad_rows} row(s)" if self.bad_rows else "")]
        out += [f"  - {p}" for p in sorted(self.problems)]
        for (file, column, reason), count in sorted(self.counts.items()):
            if count > MAX_PER_KIND:
                where = f", column {column}" if column else ""
                out.append(f"  - {file}{where}: {count - MAX_PER_KIND} more like '{reason}'")
        notices = self.notices + [
            f"{topic}: {', '.join(repr(v) for v in sorted(values)[:MAX_PER_KIND])}"
            + (f" and {len(values) - MAX_PER_KIND} more" if len(values) > MAX_PER_KIND else "")
            for topic, values in sorted(self.unknowns.items())
        ]
        if notices:
            out.append("notices:")
            out += [f"  - {n}" for n in notices]
        return out

    def section(self, title: str, lines: list[str]) -> None:
        """A listing for the report file, e.g. every actor name matched and how."""
        self.sections.setdefault(title, []).extend(lines)

    def full_lines(self) -> list[str]:
        """lines(), then every section under its title (with its count)."""
        out = self.lines()
        for title, lines in self.sections.items():
            out += ["", f"{title} ({len(lines)}):"] + [f"  - {line}" for line in lines]
        return out

    def write(self, path: Path) -> None:
        path.write_text("\n".join(self.full_lines()) + "\n", encoding="utf-8")
