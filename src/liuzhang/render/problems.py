"""Problems in words: the domain's problems carry a code and parameters, these render them."""

from __future__ import annotations

from typing import Any

from liuzhang.domain.problems import Problem
from liuzhang.i18n import Lang, message


def problem_message(problem: Problem, lang: Lang) -> str:
    """The reason in the user's language."""
    return message(problem.code, lang, **problem.params)


def problem_line(problem: Problem, lang: Lang) -> str:
    """One line: location, field and reason (a warning says so)."""
    where = f" {problem.field}:" if problem.field else ""
    if problem.severity == "warning":
        text = problem_message(problem, lang)
        return message("warning_line", lang, where=f"{problem.location()}:{where[:-1]}", text=text)
    return f"{problem.location()}:{where} {problem_message(problem, lang)}"


def problem_record(problem: Problem, lang: Lang) -> dict[str, Any]:
    """The JSON shape of a problem."""
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "code": problem.code,
        "field": problem.field,
        "message": problem_message(problem, lang),
    }
