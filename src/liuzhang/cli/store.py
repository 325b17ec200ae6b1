"""Commands over the store itself: store copy."""

from __future__ import annotations

from typing import Annotated

import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import DebugOpt, LangOpt

store = typer.Typer(
    name="store",
    help="数据库的维护：在 SQLite 文件与 PostgreSQL 之间复制。\n\n"
    "示例：liuzhang store copy --from liuzhang.sqlite --to postgresql:///liuzhang",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@store.command("copy")
def copy(
    source: Annotated[
        str, typer.Option("--from", help="源数据库：SQLite 文件或 postgresql://… 地址")
    ],
    target: Annotated[
        str, typer.Option("--to", help="目标数据库（新的或空的）：SQLite 文件或 postgresql://…")
    ],
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """把整个数据库（全部导入记录、数据、修订和撤销记录）复制到另一个数据库，并校验导入记录、当前值和历史值一致；
    目标须为空。

    示例：liuzhang store copy --from liuzhang.sqlite --to postgresql://user@host/liuzhang
    """
    from liuzhang.i18n import word
    from liuzhang.render.terminal import say
    from liuzhang.services import storecopy as service
    from liuzhang.store.postgres import shown

    ctx = Ctx.make(lang, None, debug)
    counts = ctx.run(service.copy, source, target)
    say(
        word(
            "w_store_copied",
            ctx.lang,
            ingests=counts["ingests"],
            observations=counts["observations"],
            source=shown(source),
            target=shown(target),
        )
    )
