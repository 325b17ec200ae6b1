"""Problems as data: every check returns these instead of raising on the first one."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Literal

from liuzhang.render.i18n import Lang, message

Severity = Literal["error", "warning"]


class CodedError(Exception):
    """An error that carries an i18n message code and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Problem:
    """One finding, located in a file (line/column for YAML, row/column for submissions)."""

    file: str
    line: int
    column: int | str
    code: str
    field: str = ""
    params: dict[str, Any] = dc_field(default_factory=dict)
    severity: Severity = "error"

    def message(self, lang: Lang) -> str:
        """The reason in the user's language."""
        return message(self.code, lang, **self.params)

    def location(self) -> str:
        """``file:line:column`` as editors and compilers print it."""
        return f"{self.file}:{self.line}:{self.column}"

    def render(self, lang: Lang) -> str:
        """One line: location, field and reason."""
        where = f" {self.field}:" if self.field else ""
        return f"{self.location()}:{where} {self.message(lang)}"

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        """The JSON shape of a problem."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "field": self.field,
            "message": self.message(lang),
        }


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
        return sorted(self.problems, key=lambda p: (p.file, p.line, str(p.column).zfill(6), p.code))
