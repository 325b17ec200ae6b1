"""Per-invocation settings resolved from options and environment, and shared helpers."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import typer

from liuzhang.cli.options import LangChoice
from liuzhang.render.i18n import Lang, default_lang, message


@dataclass
class Ctx:
    lang: Lang
    data: str | None
    debug: bool

    @classmethod
    def make(cls, lang: LangChoice | None, data: str | None, debug: bool = False) -> Ctx:
        chosen: Lang = lang.value if lang is not None else default_lang()
        return cls(chosen, data, debug or bool(os.environ.get("LIUZHANG_DEBUG")))

    def msg(self, code: str, **params: object) -> str:
        return message(code, self.lang, **params)

    def data_dir(self) -> Path:
        from liuzhang.plandata.catalog import find_data_dir

        return find_data_dir(self.data)

    def fail(self, code: str, exit_code: int = 1, **params: object) -> NoReturn:
        """Print a message to stderr and exit (1: bad input, 2: usage)."""
        print(self.msg(code, **params), file=sys.stderr)
        raise typer.Exit(exit_code)
