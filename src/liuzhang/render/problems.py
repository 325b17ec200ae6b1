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


REVIEW_CODE = "item_needs_review"
REVIEW_IN_FULL = 10  # up to this many items to review are listed one per line
REVIEW_SHOWN = 5  # ids named per file in the summary


def review_lines(problems: list[Problem], lang: Lang) -> list[str]:
    """The items to review (``needs_review``): each on its line when there are a few, else one
    line per file naming the first few ids (a plan just copied by ``init`` has hundreds)."""
    review = [p for p in problems if p.code == REVIEW_CODE]
    if len(review) <= REVIEW_IN_FULL:
        return [problem_line(p, lang) for p in review]
    by_file: dict[str, list[str]] = {}
    for problem in problems:
        if problem.code == REVIEW_CODE:
            by_file.setdefault(problem.file, []).append(str(problem.params.get("id", "")))
    lines = []
    for file, ids in by_file.items():
        more = f" … (+{len(ids) - REVIEW_SHOWN})" if len(ids) > REVIEW_SHOWN else ""
        lines.append(
            message(
                "review_summary", lang, file=file, count=len(ids), ids=ids[:REVIEW_SHOWN], more=more
            )
        )
    return lines


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
