"""The build's problems, collected rather than raised, each naming its file as the user knows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sahel_atlas.contract.problems import Problem, ProblemsError


@dataclass
class Report:
    """Every problem a build found, in the order found; `root` shortens the file names."""

    root: Path
    problems: list[Problem] = field(default_factory=list)

    def display(self, path: Path) -> str:
        """A path as the user knows it: relative to the project where possible."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def problem(self, file: Path, record: str, reason: str) -> None:
        self.problems.append(Problem(self.display(file), record, reason))

    def raise_if_any(self) -> None:
        """ProblemsError listing every distinct problem once, in the order found."""
        if self.problems:
            raise ProblemsError(sorted(set(self.problems), key=self.problems.index))
