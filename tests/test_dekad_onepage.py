"""The 旬简报 is one page: per-office summaries of the values received, the changes and the items
newly behind cut to the gravest few, the offices owing cut to those owing the most; the docx on
one A4 page of the GB/T 9704 layout for the shipped June examples and for a heavy 旬."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import CLEAN_ENV, DATA, ROOT, assert_no_crash
from liuzhang.cli.app import app
from liuzhang.render import dekad as render
from liuzhang.render.dekad import SHOWN_ITEMS, SHOWN_NAMES, SHOWN_OFFICES
from liuzhang.views.dekad import office_counts, ranked

EXAMPLES = ROOT / "examples"


def invoke(*args: str) -> None:
    result = CliRunner().invoke(
        app, list(args), env={**CLEAN_ENV, "LIUZHANG_DATA": str(DATA), "COLUMNS": "200"}
    )
    assert_no_crash(result)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The shipped May examples received on 2023-06-04, June's on 2023-06-15; the brief of
    2023-06-中旬 written as md, docx and json: (its folder, its model)."""
    tmp = tmp_path_factory.mktemp("onepage")
    db = str(tmp / "s.sqlite")
    for month, day in (("2023-05", "2023-06-04"), ("2023-06", "2023-06-15")):
        files = sorted(str(p) for p in (EXAMPLES / month).iterdir())
        invoke("ingest", *files, "--received", day, "--db", db)
    out = tmp / "out"
    invoke("report", "--dekad", "2023-06-中旬", "--date", "2023-06-21", "--db", db, "-o", str(out),
           "-f", "md", "-f", "docx", "-f", "json")  # fmt: skip
    model = json.loads((out / "旬简报_2023-06-中旬.json").read_text(encoding="utf-8"))
    return out, model


# -- the model's per-office rows -------------------------------------------------------------------


def value(
    office: str | None, kind: str, period: str, arrived: str, revised: bool
) -> dict[str, Any]:
    return {
        "office": office,
        "kind": kind,
        "period": period,
        "arrived": arrived,
        "revised": revised,
    }


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], []),
        (
            [value("甲", "target", "2023-05", "2023-06-12", False)],
            [("甲", 1, 1, 0, ["2023-05"], ["2023-06-12"], 0)],
        ),
        (
            [
                value("甲", "target", "2023-06", "2023-06-16", True),
                value("甲", "task", "2023-05", "2023-06-12", False),
                value("甲", "milestone", "2023-06", "2023-06-12", True),
                value(None, "target", "2023-06-上旬", "2023-06-13", False),
            ],
            [
                ("甲", 3, 1, 2, ["2023-05", "2023-06"], ["2023-06-12", "2023-06-16"], 2),
                (None, 1, 1, 0, ["2023-06-上旬"], ["2023-06-13"], 0),
            ],
        ),
    ],
)
def test_office_counts(rows: list[dict[str, Any]], expected: list[tuple[Any, ...]]) -> None:
    got = office_counts(rows)
    keys = ("office", "values", "targets", "tasks", "periods", "arrived", "revised")
    assert [tuple(o[k] for k in keys) for o in got] == expected


def test_ranked_keeps_the_order_of_the_watch_list_and_puts_the_unranked_last() -> None:
    items = [{"id": "c"}, {"id": "x"}, {"id": "a"}, {"id": "b"}]
    assert [x["id"] for x in ranked(items, {"a": 0, "b": 1, "c": 2})] == ["a", "b", "c", "x"]


def test_the_shipped_briefs_offices(shipped: tuple[Path, dict[str, Any]]) -> None:
    _, b = shipped
    got = {
        o["office"]: (o["values"], o["targets"], o["tasks"], o["revised"])
        for o in b["received_offices"]
    }
    assert len(got) == 10 and got["区发改财政局"] == (43, 18, 25, 0)
    assert sum(v[0] for v in got.values()) == b["summary"]["received"] == 234
    # the per-value list stays whole in the model
    assert sum(len(g["values"]) for g in b["received"]) == 234


# -- what a page shows ------------------------------------------------------------------------


def heavy(b: dict[str, Any]) -> dict[str, Any]:
    """``b`` made heavy: 20 offices sending (one revising), 30 items newly behind and worsened
    (real names of the plan), 20 offices owing: the model a bad 旬 gives."""
    h = copy.deepcopy(b)
    owing = [o["unit"] for o in b["not_submitted"]]
    names = [r["name"] for o in b["not_submitted"] for r in o["items"]]
    h["received_offices"] = [
        {"office": u, "values": 40 - n, "targets": 20 - n // 2, "tasks": 20 - n + n // 2,
         "revised": n % 3, "periods": ["2023-05", "2023-06"],
         "arrived": ["2023-06-12", "2023-06-19"]}
        for n, u in enumerate(owing)
    ]  # fmt: skip
    items = [
        {"id": f"item{n}", "name": names[n], "kind": "target", "battle": None, "from": "on_track",
         "to": "behind", "actual": 90 + n, "expected": 100, "gap": n - 10, "unit": "万元",
         "period": "2023-05", "lead": [owing[n % 20]]}
        for n in range(30)
    ]  # fmt: skip
    h["newly_behind"] = items
    h["changes"] = {**b["changes"], "worsened": items}
    return h


def test_the_tables_show_the_gravest_few_and_count_the_rest(
    shipped: tuple[Path, dict[str, Any]],
) -> None:
    _, b = shipped
    h = heavy(b)
    changes = render.changes_table(h)
    assert [r[1] for r in changes.rows] == [x["name"] for x in h["newly_behind"][:SHOWN_ITEMS]]
    assert changes.more == f"等 {30 - SHOWN_ITEMS} 项（详见 xlsx 明细）"
    behind = render.behind_table(h)
    assert [r[0] for r in behind.rows] == [f"item{n}" for n in range(SHOWN_ITEMS)]
    assert behind.shown_rows("zh")[-1][0] == changes.more
    assert len(render.changes_table(h, shown=None).rows) == 30  # the xlsx sheet's
    assert render.behind_table(b).more is None  # nothing cut, nothing said

    received = render.received_table(h)
    assert [r[0] for r in received.rows] == [
        *(o["office"] for o in h["received_offices"][:SHOWN_OFFICES]),
        f"其余 {20 - SHOWN_OFFICES} 个单位",
        "合计",
    ]
    rest = h["received_offices"][SHOWN_OFFICES:]
    assert received.rows[-2][1:4] == [
        sum(o[k] for o in rest) for k in ("values", "targets", "tasks")
    ]
    assert received.rows[-1][1:] == [610, 310, 300, "", "2023-06-12至06-19", 19]


def test_the_offices_owing_the_most_with_a_few_names(shipped: tuple[Path, dict[str, Any]]) -> None:
    _, b = shipped
    t = render.missing_table(b)
    assert [r[:2] for r in t.rows] == [
        ["区应急局", 15],
        ["区住房城乡建设局", 11],
        ["区自然资源局", 7],
        ["区市场监管局", 6],
        ["区教育卫生健康局", 6],
    ][:SHOWN_OFFICES]
    first = next(o for o in b["not_submitted"] if o["unit"] == "区应急局")["items"]
    names = "、".join(r["name"] for r in first[:SHOWN_NAMES])
    assert t.rows[0][2] == f"{names}等 {15 - SHOWN_NAMES} 项"
    assert t.more == "其余 15 个单位 32 项（详见 xlsx 明细）"


NAME = "=1+2<script>alert(2)</script>|x"
LONG = "长" * 300


def test_hostile_text_on_the_page(shipped: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    """An office, items owed and an item newly behind named hostilely: escaped in html and md,
    text (never a formula) in the xlsx, verbatim (control characters shown) in the docx."""
    from docx import Document
    from openpyxl import load_workbook

    from liuzhang.services import load_plan

    _, b = shipped
    h = heavy(b)
    h["received_offices"][0]["office"] = NAME + "\x1b[31m"
    most = max(h["not_submitted"], key=lambda o: len(o["items"]))  # the first row
    most["items"][0]["name"] = LONG
    h["newly_behind"][0]["name"] = NAME
    html = render.render_html(h)
    assert "<script>" not in html and "=1+2&lt;script&gt;alert(2)&lt;/script&gt;|x" in html
    assert LONG in html and "\x1b" not in html
    md = render.render_md(h)
    assert "| =1+2<script>alert(2)</script>\\|x\\x1b[31m | 40 |" in md
    render.write_xlsx(h, tmp_path / "h.xlsx")
    cells = [c for row in load_workbook(tmp_path / "h.xlsx").worksheets[0].iter_rows() for c in row]
    assert any(c.value == NAME and c.data_type == "s" for c in cells)
    render.write_docx(h, tmp_path / "h.docx", load_plan(DATA).plan.style)
    tables = Document(str(tmp_path / "h.docx")).tables
    assert tables[0].rows[1].cells[0].text == NAME + "\\x1b[31m"
    assert tables[2].rows[1].cells[0].text == NAME
    assert tables[3].rows[1].cells[2].text.startswith(LONG)


# -- one page ------------------------------------------------------------------------------------


def test_the_shipped_brief_in_markdown_is_short(shipped: tuple[Path, dict[str, Any]]) -> None:
    out, _ = shipped
    md = (out / "旬简报_2023-06-中旬.md").read_text(encoding="utf-8")
    assert len(md.splitlines()) == 54


def test_a_heavy_brief_in_markdown_is_short(shipped: tuple[Path, dict[str, Any]]) -> None:
    _, b = shipped
    assert len(render.render_md(heavy(b)).splitlines()) == 64


def pages(docx: Path) -> int:
    from liuzhang.render.pdf import convert

    pdf = convert(docx, docx.parent)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (soffice) and poppler (pdfinfo) print the docx to count its pages",
)


@needs_soffice
def test_the_shipped_brief_prints_on_one_page(shipped: tuple[Path, dict[str, Any]]) -> None:
    out, _ = shipped
    assert pages(out / "旬简报_2023-06-中旬.docx") == 1


@needs_soffice
@pytest.mark.parametrize("lang", ["zh"])
def test_a_heavy_brief_prints_on_one_page(
    shipped: tuple[Path, dict[str, Any]], tmp_path: Path, lang: str
) -> None:
    from liuzhang.services import load_plan

    _, b = shipped
    path = tmp_path / "heavy.docx"
    render.write_docx(heavy(b), path, load_plan(DATA).plan.style, lang)  # type: ignore[arg-type]
    assert pages(path) == 1
