"""The ``liuzhang`` command: a thin typer layer over the core modules.

Commands live in one module per group, listed once in ``COMMAND_GROUPS`` (the command is the
module's function of that name); ``main`` imports and registers only the command being run, and
``liuzhang --help`` is answered from a small cache of its own output, so that start-up stays close
to the cost of importing typer itself.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

# The one command registry: command -> module of liuzhang.cli defining it (in help order).
COMMAND_GROUPS = {
    "validate": "plan",
    "targets": "plan",
    "tasks": "plan",
    "units": "plan",
    "schema": "plan",
    "plans": "workspace",
    "init": "workspace",
    "extract": "extract",
    "template": "intake",
    "ingest": "intake",
    "log": "intake",
    "revert": "intake",
    "status": "tracking",
    "show": "tracking",
    "missing": "tracking",
    "timeliness": "timeliness",
    "report": "report",
    "compare": "compare",
    "store": "store",
}
HELP = (
    "liuzhang：按月跟踪实施方案的指标与任务。方案是数据目录中的数据："
    "plan.yaml（地区、年度、标题、各部分）与 targets.yaml、tasks.yaml、units.yaml。"
    "\n\n"
    "示例：liuzhang validate；liuzhang status --only behind,missing；"
    "liuzhang report --month 2023-06"
)


def build_app(commands: Iterable[str] = tuple(COMMAND_GROUPS)) -> typer.Typer:
    """The typer app with ``commands`` (all of them by default)."""
    import typer

    group, command_class = _help_classes()
    app = typer.Typer(
        name="liuzhang",
        help=HELP,
        cls=group,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @app.callback()
    def _root() -> None:
        pass  # keeps the app a group even when only one command is loaded

    for command in commands:
        module = importlib.import_module(f"liuzhang.cli.{COMMAND_GROUPS[command]}")
        defined = getattr(module, command)
        if isinstance(defined, typer.Typer):  # a group of subcommands (store copy)
            app.add_typer(defined, name=command)
        else:
            app.command(cls=command_class)(defined)
    return app


def workspace_plans(data: str | None = None) -> tuple[Any, ...]:
    """The plans (:class:`~liuzhang.plandata.workspace.PlanRef`) of the data directory every
    command would use (``--data``, ``LIUZHANG_DATA`` or ``data/``); none when there is no usable
    one. Reads only the heads of the plan.yaml files, cached by their bytes: no YAML parser and
    no pydantic while they are unchanged."""
    try:
        from liuzhang.plandata.paths import find_data_dir
        from liuzhang.plandata.workspace import discover

        return discover(find_data_dir(data)).plans
    except Exception:  # no data directory, or one that cannot be used: the help still works
        return ()


def plan_line(plans: tuple[Any, ...]) -> str | None:
    """The help's line naming the plans: the one plan's title, area and year, else every plan's
    area/year (None without plans)."""
    if not plans:
        return None
    from liuzhang.i18n import word
    from liuzhang.render.text import plan_label

    if len(plans) == 1:
        only = plans[0]
        return word("help_plan", "zh", plan=plan_label(only.title, only.area, only.year))
    keys = word("b_list_sep", "zh").join(str(p.key) for p in plans)
    return word("help_plans", "zh", n=len(plans), plans=keys)


_ARGS = "liuzhang.args"  # ctx.meta: the command's own arguments, for the help's --data


def _data_option(args: list[str]) -> str | None:
    """The value of ``--data`` among a command's arguments (``--data X`` or ``--data=X``)."""
    for i, arg in enumerate(args):
        if arg == "--data" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--data="):
            return arg.partition("=")[2]
    return None


def _help_classes() -> tuple[Any, Any]:
    """The typer group and command classes whose help ends with :func:`plan_line` (worked out
    only when a help is shown)."""
    import click
    import typer.core

    def epilog(ctx: click.Context, formatter: click.HelpFormatter) -> None:
        line = plan_line(workspace_plans(_data_option(ctx.meta.get(_ARGS, []))))
        if line:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(line)

    class Group(typer.core.TyperGroup):
        def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
            super().format_epilog(ctx, formatter)
            epilog(ctx, formatter)

    class Command(typer.core.TyperCommand):
        def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
            ctx.meta[_ARGS] = list(args)
            return super().parse_args(ctx, args)

        def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
            super().format_epilog(ctx, formatter)
            epilog(ctx, formatter)

    return Group, Command


def __getattr__(name: str) -> Any:
    """``from liuzhang.cli.app import app`` gives the full app (built on first use)."""
    if name == "app":
        full = build_app()
        globals()["app"] = full
        return full
    raise AttributeError(name)


def _help_cache_path(plans: tuple[Any, ...]) -> Any:
    """Where `liuzhang --help` is kept: keyed by version, terminal width, the CLI sources and
    the workspace's plans (area, year and title from their plan.yaml heads)."""
    import hashlib
    import shutil
    from pathlib import Path

    from liuzhang import __version__
    from liuzhang.plandata.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    here = Path(__file__).parent
    stamp = [__version__, str(shutil.get_terminal_size().columns)]
    stamp += [f"{p.key}:{p.title}" for p in plans]
    for source in sorted(here.glob("*.py")):
        info = source.stat()
        stamp.append(f"{source.name}:{info.st_mtime_ns}:{info.st_size}")
    key = hashlib.sha256("|".join(stamp).encode()).hexdigest()[:20]
    return folder / f"help-{key}.txt"


def _print_help() -> None:
    """Print the top-level help, from the cache when it is current."""
    import contextlib
    import io

    path = _help_cache_path(workspace_plans())
    if path is not None:
        try:
            sys.stdout.write(path.read_text(encoding="utf-8"))
            return
        except OSError:
            pass
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
        build_app()(["--help"], prog_name="liuzhang")
    text = buffer.getvalue()
    sys.stdout.write(text)
    if path is not None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)


def main() -> None:
    """Console entry point: no traceback unless ``--debug`` (or LIUZHANG_DEBUG) is given."""
    args = sys.argv[1:]
    debug = "--debug" in args or bool(os.environ.get("LIUZHANG_DEBUG"))
    try:
        if args == ["--help"]:
            _print_help()
            return
        first = args[0] if args else ""
        build_app((first,) if first in COMMAND_GROUPS else COMMAND_GROUPS)(prog_name="liuzhang")
    except Exception as exc:
        if debug:
            raise
        from liuzhang.i18n import default_lang, message

        lang = "en" if "--lang" in args and "en" in args else default_lang()
        print(
            message("internal_error", lang, reason=f"{type(exc).__name__}: {exc}"), file=sys.stderr
        )
        sys.exit(1)
