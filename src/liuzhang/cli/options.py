"""Options shared by several commands, defined once."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class LangChoice(StrEnum):
    zh = "zh"
    en = "en"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


LangOpt = Annotated[
    LangChoice | None,
    typer.Option(
        "--lang", help="界面语言 zh|en（默认 zh，或环境变量 LIUZHANG_LANG）", show_default=False
    ),
]
DataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        help="数据目录（默认：当前目录或上级目录中的 data/，或 LIUZHANG_DATA）",
        show_default=False,
    ),
]
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        help="方案：年度 2024、地区/年度 南县/2023 或子目录名"
        "（默认：期间所属年度的方案，否则最新的；或 LIUZHANG_PLAN）",
        show_default=False,
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="出错时显示完整的错误堆栈")]
FormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="输出格式 table|json|csv")]
BattleOpt = Annotated[
    int | None,
    typer.Option(
        "--battle",
        "-b",
        min=1,
        help="只看第 N 部分（plan.yaml 中 sections 的编号）",
        show_default=False,
    ),
]
UnitOpt = Annotated[
    str | None,
    typer.Option("--unit", "-u", help="只看某单位（任一写法或别名均可）", show_default=False),
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="数据库文件或 PostgreSQL 地址 postgresql://…"
        "（默认：数据目录旁的 liuzhang.sqlite，或 LIUZHANG_DB）",
        show_default=False,
    ),
]
