"""Problems as data: every check returns these instead of raising on the first one."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Literal

Severity = Literal["error", "warning"]


class LiuzhangError(Exception):
    """The one base of our errors: a message code (see :mod:`liuzhang.i18n`) and its
    parameters; the renderer turns them into words."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params




@dataclass(frozen=True)
class Problem:
    """One finding, located in a file: line and column for YAML (the column number as text),
    row and column header for submissions. :mod:`liuzhang.render.problems` words it."""

    file: str
    line: int
    column: str
    code: str
    field: str = ""
    params: dict[str, Any] = dc_field(default_factory=dict)
    severity: Severity = "error"

    def location(self) -> str:
        """``file:line:column`` as editors and compilers print it."""
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class Report:
    """An ordered collection of problems."""

    problems: list[Problem] = dc_field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        """Problems in file order: by file, then line, then column."""
        return sorted(self.problems, key=lambda p: (p.file, p.line, p.column.zfill(6), p.code))
