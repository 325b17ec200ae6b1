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
    "template": "intake",
    "ingest": "intake",
    "log": "intake",
    "revert": "intake",
    "status": "tracking",
    "show": "tracking",
    "missing": "tracking",
    "report": "report",
}
HELP = (
    "六仗：按月跟踪实施方案（数据目录中的计划数据）的指标与任务。\n\n"
    "示例：liuzhang validate；liuzhang status --only behind,missing；"
    "liuzhang report --month 2023-06"
)


def build_app(commands: Iterable[str] = tuple(COMMAND_GROUPS)) -> typer.Typer:
    """The typer app with ``commands`` (all of them by default)."""
    import typer

    app = typer.Typer(
        name="liuzhang",
        help=HELP,
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
        app.command()(getattr(module, command))
    return app


def __getattr__(name: str) -> Any:
    """``from liuzhang.cli.app import app`` gives the full app (built on first use)."""
    if name == "app":
        full = build_app()
        globals()["app"] = full
        return full
    raise AttributeError(name)


def _help_cache_path() -> Any:
    """Where `liuzhang --help` is kept: keyed by version, terminal width and the CLI sources."""
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
    for source in sorted(here.glob("*.py")):
        info = source.stat()
        stamp.append(f"{source.name}:{info.st_mtime_ns}:{info.st_size}")
    key = hashlib.sha256("|".join(stamp).encode()).hexdigest()[:20]
    return folder / f"help-{key}.txt"


def _print_help() -> None:
    """Print the top-level help, from the cache when it is current."""
    import contextlib
    import io

    path = _help_cache_path()
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
