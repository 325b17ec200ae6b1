"""The ``liuzhang`` command: a thin typer layer over the core modules."""

from __future__ import annotations

import os
import sys

import typer

from liuzhang.cli import intake, plan, report, tracking

app = typer.Typer(
    name="liuzhang",
    help="六仗：跟踪大通湖区 2023 年“发展六仗”实施方案的指标与任务。\n\n"
    "示例：liuzhang validate；liuzhang targets --battle 1；liuzhang tasks --unit 区住建局",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
plan.register(app)
intake.register(app)
tracking.register(app)
report.register(app)


def main() -> None:
    """Console entry point: no traceback unless ``--debug`` (or LIUZHANG_DEBUG) is given."""
    debug = "--debug" in sys.argv or bool(os.environ.get("LIUZHANG_DEBUG"))
    try:
        app()
    except Exception as exc:
        if debug:
            raise
        from liuzhang.i18n import default_lang, message

        lang = "en" if "--lang" in sys.argv and "en" in sys.argv else default_lang()
        print(
            message("internal_error", lang, reason=f"{type(exc).__name__}: {exc}"), file=sys.stderr
        )
        sys.exit(1)
