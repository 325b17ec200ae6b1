"""Per-invocation settings resolved from options and environment, and shared helpers."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, ParamSpec, TypeVar

import typer

from liuzhang.cli.options import LangChoice
from liuzhang.i18n import Lang, default_lang, message
from liuzhang.services import ServiceError

_P = ParamSpec("_P")
_T = TypeVar("_T")


@dataclass
class Ctx:
    lang: Lang
    data: str | None
    debug: bool
    plan: str | None = None  # --plan, else LIUZHANG_PLAN

    @classmethod
    def make(
        cls, lang: LangChoice | None, data: str | None, debug: bool = False, plan: str | None = None
    ) -> Ctx:
        chosen: Lang = lang.value if lang is not None else default_lang()
        debug = debug or bool(os.environ.get("LIUZHANG_DEBUG"))
        return cls(chosen, data, debug, plan or os.environ.get("LIUZHANG_PLAN") or None)

    def msg(self, code: str, **params: object) -> str:
        return message(code, self.lang, **params)

    def data_dir(self) -> Path:
        from liuzhang.plandata.catalog import find_data_dir

        return find_data_dir(self.data)

    def fail(self, code: str, exit_code: int = 1, **params: object) -> NoReturn:
        """Print a message to stderr and exit (1: bad input, 2: usage)."""
        print(self.msg(code, **params), file=sys.stderr)
        raise typer.Exit(exit_code)

    def run(self, use_case: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        """``use_case(*args, **kwargs)``; its ServiceError printed (problems first) and exit."""
        try:
            return use_case(*args, **kwargs)
        except ServiceError as exc:
            if exc.problems:
                from liuzhang.render.terminal import print_problems

                print_problems(exc.problems, self.lang, limit=20)
            self.fail(exc.code, exc.exit_code, **exc.params)
