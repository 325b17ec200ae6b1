"""`liuzhang init`: next year's plan copied from last year's (dates moved on, every item marked
for review, comments kept), an empty plan that validates, the layout it leaves, and refusals."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import DATA, ROOT, assert_no_crash, replace_once, store_snapshot
from liuzhang.cli.app import app
from liuzhang.domain.plan import PlanKey
from liuzhang.plandata import newplan
from liuzhang.plandata.catalog import load_catalog
from liuzhang.plandata.newplan import Folders, NewPlanError
from liuzhang.plandata.yamlsafe import loads

KINDS = ("plan", "targets", "tasks", "units")
SHIPPED = load_catalog(DATA)[0]
TARGETS = len(SHIPPED.targets)
TASKS = len(SHIPPED.tasks)
UNITS = len(SHIPPED.units)


# -- pure rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years", "expected"),
    [
        ("2023-12", 1, "2024-12"),
        ("2023-06-30", 1, "2024-06-30"),
        ("2023-03-25", 1, "2024-03-25"),
        ("2024-02-29", 1, "2025-02-28"),  # the day the new month lacks: its last day
        ("2023-02-28", 1, "2024-02-28"),
        ("2023-12", 2, "2025-12"),
        ("2024-06", -1, "2023-06"),
        ("ongoing", 1, "ongoing"),
        ("2023年6月底前", 1, "2024年6月底前"),
        ("3月25日前完成2023年度抽查计划", 1, "3月25日前完成2024年度抽查计划"),
        ("第12023号", 1, "第12023号"),  # not a year of its own
        ("20231201", 1, "20231201"),
        ("2023", 1, "2023"),  # a bare number is not a date
    ],
)
def test_dates_move_on(text: str, years: int, expected: str) -> None:
    assert newplan.shift_dates(text, years) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("南县2023年工作方案", "南县2024年工作方案"),
        ("2023 plan of Nanxian", "2024 plan of Nanxian"),
        ("大通湖区打好“发展六仗”实施方案", "大通湖区打好“发展六仗”实施方案"),
        ("第20231号", "第20231号"),
    ],
)
def test_a_title_gets_the_new_year(text: str, expected: str) -> None:
    assert newplan.replace_year(text, 2023, 2024) == expected


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("2024", True),
        ("南县-2024", True),
        ("plans 2024", True),
        ("a/b", False),
        ("a\\b", False),
        ("a:b", False),
        ("..", False),
        (".", False),
        ("", False),
        ("  ", False),
    ],
)
def test_folder_names(name: str, valid: bool) -> None:
    assert newplan.valid_folder_name(name) is valid


@pytest.mark.parametrize(
    ("at_root", "areas", "key", "chosen", "expected"),
    [
        # an empty workspace: the year
        (None, set(), PlanKey("南县", 2023), None, Folders("2023", None)),
        # next year of the plan at the root: both by year
        (
            PlanKey("大通湖区", 2023),
            {"大通湖区"},
            PlanKey("大通湖区", 2024),
            None,
            Folders("2024", "2023"),
        ),
        # another area beside the plan at the root: both by area and year
        (
            PlanKey("大通湖区", 2023),
            {"大通湖区"},
            PlanKey("南县", 2023),
            None,
            Folders("南县-2023", "大通湖区-2023"),
        ),
        # a workspace of several areas
        (None, {"南县", "华容县"}, PlanKey("南县", 2024), None, Folders("南县-2024", None)),
        (None, {"南县"}, PlanKey("南县", 2024), None, Folders("2024", None)),
        # --folder
        (PlanKey("南县", 2023), {"南县"}, PlanKey("南县", 2024), "新", Folders("新", "2023")),
        # an area that is no file name
        (None, {"A"}, PlanKey("B/C", 2024), None, Folders("B_C-2024", None)),
    ],
)
def test_where_plans_go(
    at_root: PlanKey | None, areas: set[str], key: PlanKey, chosen: str | None, expected: Folders
) -> None:
    assert newplan.plan_folders(at_root, areas, key, chosen) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# yaml-language-server: $schema=../schemas/plan.schema.json\nyear: 1\n",
            "# yaml-language-server: $schema=X/plan.schema.json\nyear: 1\n",
        ),
        ("year: 1\n", "# yaml-language-server: $schema=X/plan.schema.json\nyear: 1\n"),
        (
            "# yaml-language-server: $schema=https://example.org/p.json\nyear: 1\n",
            "# yaml-language-server: $schema=https://example.org/p.json\nyear: 1\n",
        ),
        (
            "# yaml-language-server: $schema=../schemas/plan.schema.json\r\nyear: 1\r\n",
            "# yaml-language-server: $schema=X/plan.schema.json\r\nyear: 1\r\n",
        ),
    ],
)
def test_the_schema_line(text: str, expected: str) -> None:
    assert newplan.with_schema_line(text, "X/plan.schema.json") == expected


def test_init_notes_are_replaced_not_stacked() -> None:
    text = "# yaml-language-server: $schema=a\n# mine\nx: 1\n"
    once = newplan.with_note(text, "# 由 liuzhang init A")
    assert once == "# yaml-language-server: $schema=a\n# 由 liuzhang init A\n# mine\nx: 1\n"
    assert newplan.with_note(once, "# 由 liuzhang init B") == once.replace(" A", " B")


ITEMS = """\
# yaml-language-server: $schema=../schemas/tasks.schema.json
# my comment
tasks:
  # battle 1
  - id: a1  # trailing comment
    battle: 1
    deadline: "2023-12"   # year end
    checkpoints:
      - {date: "2023-03-25", what: "完成2023年度计划"}
      - date: 2023-11-15
        what: "抽查"
  - {id: a2, battle: 1, deadline: '2023-06-30', needs_review: false}
  - deadline: ongoing
    id: a3
    needs_review: true
  -
    title: >-
      folded
      title
    id: a4
    deadline: "2023-12-31"
"""

NOTE = (
    "# 由 liuzhang init 据 2023 年方案生成：日期已顺延，各项标记 needs_review: true（待复核），"
    "核对后删除该行。"
)
ITEMS_NEXT = """\
# yaml-language-server: $schema=../schemas/tasks.schema.json
NOTE
# my comment
tasks:
  # battle 1
  - id: a1  # trailing comment
    needs_review: true
    battle: 1
    deadline: "2024-12"   # year end
    checkpoints:
      - {date: "2024-03-25", what: "完成2023年度计划"}
      - date: 2024-11-15
        what: "抽查"
  - {id: a2, battle: 1, deadline: '2024-06-30', needs_review: true}
  - deadline: ongoing
    id: a3
    needs_review: true
  -
    needs_review: true
    title: >-
      folded
      title
    id: a4
    deadline: "2024-12-31"
""".replace("NOTE", NOTE)


def test_next_years_items_are_edited_in_place() -> None:
    """Dates move on in whatever style they are written, every item gets needs_review (below a
    one-line first entry, before any other), and every comment stays where it was."""
    copied = newplan.next_year_items("tasks", ITEMS, "tasks.yaml", 2023, 2024)
    assert copied.text == ITEMS_NEXT
    assert (copied.dates, copied.reviewed, copied.mentions) == (5, 4, ["a1"])


def test_windows_line_endings_survive() -> None:
    crlf = ITEMS.replace("\n", "\r\n")
    copied = newplan.next_year_items("tasks", crlf, "tasks.yaml", 2023, 2024)
    assert copied.text == ITEMS_NEXT.replace("\n", "\r\n")


def test_targets_keep_values_and_sources() -> None:
    text = (
        "targets:\n"
        "  - id: t1\n"
        "    target: 7.5\n"
        '    due: "2023-06"\n'
        "    sources:\n"
        '      - {ref: "附件1", quote: "2023年6月底前完成7.5%"}\n'
        '    name: "2023年任务"\n'
    )
    copied = newplan.next_year_items("targets", text, "targets.yaml", 2023, 2024)
    body = copied.text.split("\n", 1)[1]  # below init's note
    assert body == text.replace('due: "2023-06"', 'due: "2024-06"').replace(
        "  - id: t1\n", "  - id: t1\n    needs_review: true\n"
    )
    assert copied.mentions == ["t1"]


PLAN = """\
# yaml-language-server: $schema=../schemas/plan.schema.json
# 方案本身
area: "南县"
level: county
year: 2023   # 年度
title: "南县2023年工作方案"
name: '南县“六仗”'
document: "南办发〔2023〕2号"
issued: 2023-03-08
issuer: "南县人民政府办公室"
sections: []
"""


def test_next_years_plan_yaml() -> None:
    copied = newplan.next_year_plan(PLAN, "plan.yaml", 2023, 2024)
    assert copied.text == (
        "# yaml-language-server: $schema=../schemas/plan.schema.json\n"
        "# 由 liuzhang init 据 2023 年方案生成：年度与标题中的年份已改为 2024 年，"
        "文号、印发日期待填。\n"
        "# 方案本身\n"
        'area: "南县"\n'
        "level: county\n"
        "year: 2024   # 年度\n"
        'title: "南县2024年工作方案"\n'
        "name: '南县“六仗”'\n"
        '# document: "南办发〔2023〕2号"  # 待填：2024年方案的文号，填好后删去行首的“# ”\n'
        "# issued: 2023-03-08  # 待填：2024年方案的印发日期，填好后删去行首的“# ”\n"
        'issuer: "南县人民政府办公室"  # 待确认：2024年方案的印发机关\n'
        "sections: []\n"
    )
    assert copied.cleared == ["document", "issued"]


def test_a_title_over_several_lines_is_refused_not_guessed() -> None:
    text = PLAN.replace('title: "南县2023年工作方案"', "title: >-\n  南县2023年\n  工作方案")
    with pytest.raises(NewPlanError) as caught:
        newplan.next_year_plan(text, "plan.yaml", 2023, 2024)
    assert (caught.value.code, caught.value.params) == (
        "init_edit_unsupported",
        {"path": "plan.yaml", "line": 6, "field": "title"},
    )


DATES = st.tuples(
    st.integers(2001, 2098), st.integers(1, 12), st.one_of(st.none(), st.integers(1, 28))
).map(lambda t: f"{t[0]}-{t[1]:02d}" + ("" if t[2] is None else f"-{t[2]:02d}"))
QUOTES = st.sampled_from(['"{}"', "'{}'", "{}"])
ITEM = st.tuples(
    st.sampled_from(["block", "flow", "late_id"]),
    DATES,
    QUOTES,
    st.sampled_from([None, True, False]),
    st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(ITEM, max_size=6), st.integers(-3, 3))
def test_any_layout_of_items_is_edited_right(items: list[Any], years: int) -> None:
    """Whatever the style of each item, the edited text loads as the same data with dates moved
    on and needs_review true, and keeps every comment line in order."""
    lines = ["# head", "tasks:"]
    for n, (style, date, quote, review, comment) in enumerate(items):
        value = quote.format(date)
        flag = "" if review is None else f"needs_review: {str(review).lower()}"
        if style == "flow":
            inner = ", ".join(x for x in (f"id: t{n}", f"deadline: {value}", flag) if x)
            lines.append(f"  - {{{inner}}}")
        elif style == "block":
            lines += [f"  - id: t{n}", f"    deadline: {value}"]
            lines += [f"    {flag}"] if flag else []
        else:
            lines += [f"  - deadline: {value}", f"    id: t{n}"]
            lines += [f"    {flag}"] if flag else []
        if comment:
            lines.append(f"  # note {n}")
    text = "\n".join(lines) + "\n"
    copied = newplan.next_year_items("tasks", text, "t.yaml", 2023, 2023 + years)
    expected = [
        {"id": f"t{n}", "deadline": newplan.shift_dates(date, years), "needs_review": True}
        for n, (_, date, *_) in enumerate(items)
    ]
    assert loads(copied.text).data == {"tasks": expected or None}
    comments = [ln for ln in text.splitlines() if ln.lstrip().startswith("#")]
    kept = [ln for ln in copied.text.splitlines() if ln.lstrip().startswith("#")]
    assert [ln for ln in kept if not ln.startswith(newplan._INIT_NOTE)] == comments


# -- the command ---------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository's layout: data/ (the shipped plan at its root, with its source
    text) and schemas/ beside it."""
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    return tmp_path


def run(runner: CliRunner, data: Path, *args: str) -> Result:
    result = runner.invoke(app, ["init", *args, "--data", str(data)])
    assert_no_crash(result)
    return result


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (what "nothing changed" compares)."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def comment_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines if ln.lstrip().startswith("#")]


def test_next_years_plan_from_the_shipped_one(runner: CliRunner, repo: Path) -> None:
    data = repo / "data"
    before = tree(data)
    result = run(runner, data, "--year", "2024", "--from", "2023")
    assert result.exit_code == 0, result.output
    # the plan at the root moved into its own folder, with its source text; nothing else did
    assert sorted(os.listdir(data)) == ["2023", "2024"]
    moved = tree(data / "2023")
    assert set(moved) == {*(f"{k}.yaml" for k in KINDS), "source/大办发〔2023〕2号.txt"}
    for name, blob in moved.items():  # the same files, the schema line pointing one level up
        old = before[name].decode()
        if name.endswith(".yaml"):
            old = old.replace("$schema=../schemas/", "$schema=../../schemas/", 1)
        assert blob.decode() == old, name
    # the new plan: every file points at the schemas, which exist there
    for kind in KINDS:
        first = (data / "2024" / f"{kind}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
        assert (data / "2024" / "../../schemas" / f"{kind}.schema.json").is_file()
    new, report = load_catalog(data / "2024")
    assert report.ok and new.plan is not None and SHIPPED.plan is not None
    assert (new.plan.year, new.plan.document, new.plan.issued) == (2024, None, None)
    assert (new.plan.area, new.plan.title, new.plan.issuer, new.plan.office) == (
        SHIPPED.plan.area,
        SHIPPED.plan.title,
        SHIPPED.plan.issuer,
        SHIPPED.plan.office,
    )
    assert new.battles == SHIPPED.battles
    # values, units and sources kept; deadlines, checkpoints and due dates one year on
    for ident, target in SHIPPED.targets.items():
        moved_due = None if target.due is None else newplan.shift_dates(target.due, 1)
        assert new.targets[ident].target == target.target
        assert new.targets[ident].sources == target.sources
        assert new.targets[ident].due == moved_due
    for ident, task in SHIPPED.tasks.items():
        again = new.tasks[ident]
        assert again.deadline == newplan.shift_dates(task.deadline, 1)
        assert [c.date for c in again.checkpoints] == [
            newplan.shift_dates(c.date, 1) for c in task.checkpoints
        ]
        assert (again.lead, again.text) == (task.lead, task.text)
    assert new.units == SHIPPED.units
    # every target and task is flagged: one warning each, no error
    warnings = [p for p in report.problems if p.code == "item_needs_review"]
    assert len(warnings) == len(report.problems) == TARGETS + TASKS
    # the analyst's comments survive; init adds its note and the entries it commented out
    for kind in KINDS:
        old = comment_lines(DATA / f"{kind}.yaml")[1:]
        got = comment_lines(data / "2024" / f"{kind}.yaml")[1:]
        added = ("# 由 liuzhang init", "# document:", "# issued:")
        assert [ln for ln in got if not ln.startswith(added)] == old, kind
        assert len(got) - len(old) == {"plan": 3, "targets": 1, "tasks": 1, "units": 0}[kind]
    # what the user is told
    out = result.stdout.splitlines()
    dates = sum(1 for t in SHIPPED.targets.values() if t.due) + sum(
        (t.deadline != "ongoing") + len(t.checkpoints) for t in SHIPPED.tasks.values()
    )
    assert out[:8] == [
        f"原方案 大通湖区/2023 的文件已移入子目录 {data / '2023'}：plan.yaml、targets.yaml、"
        "tasks.yaml、units.yaml、source/（每个方案一个子目录）",
        f"新方案 大通湖区/2024 已写入 {data / '2024'}：plan.yaml、targets.yaml、tasks.yaml、"
        "units.yaml",
        f"数据有效：{TARGETS} 项指标、{TASKS} 项任务、{UNITS} 个单位",
        f"复制自 大通湖区/2023：目标值不变，{dates} 处日期（完成时限、节点日期）顺延 1 年",
        "接下来：",
        "  1. plan.yaml：填写 2024 年方案的文号（document）和印发日期（issued），"
        "确认印发机关（issuer）和标题",
        f"  2. {TARGETS} 个指标、{TASKS} 项任务标记为待复核（needs_review）：对照新方案核对每个"
        "目标值、期限和出处，核对后删除该行；liuzhang validate 列出尚待复核的各项",
        out[7],
    ]
    assert re.fullmatch(
        r"  3\. 名称或原文提到 2023 年的 \d+ 项：.*random_check_plan_2023.*", out[7]
    )
    assert out[8] == (
        f"  4. 新方案的原文放入 {data / '2024' / 'source'} 后，更新各项的出处"
        "（sources 仍引用 2023 年的原文）"
    )
    assert result.stderr == ""


def test_the_store_stays_beside_the_data_and_keeps_its_values(
    runner: CliRunner, repo: Path
) -> None:
    data = repo / "data"
    values = repo / "v.csv"
    values.write_text(
        "编号,期间,数值,单位,状态,备注,填报单位\n"
        "retail_sales_growth,2023-06,6.5,%,,,区发改财政局\n",
        encoding="utf-8",
    )
    db = repo / "liuzhang.sqlite"
    ingest = runner.invoke(app, ["ingest", str(values), "--data", str(data)])
    assert ingest.exit_code == 0, ingest.output
    stored = store_snapshot(db)
    assert run(runner, data, "--year", "2024", "--from", "2023").exit_code == 0
    assert sorted(p.name for p in repo.iterdir()) == ["data", "liuzhang.sqlite", "schemas", "v.csv"]
    assert store_snapshot(db) == stored
    show = runner.invoke(
        app,
        ["show", "retail_sales_growth", "--plan", "2023", "--format", "json", "--data", str(data)],
    )
    assert show.exit_code == 0, show.output
    shown = json.loads(show.stdout)
    assert (shown["status"]["actual"], shown["status"]["period"]) == (6.5, "2023-06")


def test_init_twice_is_refused_and_changes_nothing(runner: CliRunner, repo: Path) -> None:
    data = repo / "data"
    assert run(runner, data, "--year", "2024", "--from", "2023").exit_code == 0
    before = tree(repo)
    again = run(runner, data, "--year", "2024", "--from", "2023")
    assert again.exit_code == 1
    path = data / "2024" / "plan.yaml"
    assert again.stderr == f"方案 大通湖区/2024 已存在：{path}（不会覆盖）\n"
    english = run(runner, data, "--year", "2024", "--from", "2023", "--lang", "en")
    assert english.stderr == (
        f"the plan 大通湖区/2024 already exists: {path} (nothing is overwritten)\n"
    )
    empty = run(runner, data, "--year", "2023", "--area", "大通湖区")
    assert empty.exit_code == 1
    assert empty.stderr == f"方案 大通湖区/2023 已存在：{data / '2023' / 'plan.yaml'}（不会覆盖）\n"
    assert tree(repo) == before


def test_a_year_with_no_plan_to_copy_lists_the_plans(runner: CliRunner, repo: Path) -> None:
    before = tree(repo)
    result = run(runner, repo / "data", "--year", "2024", "--from", "2022")
    assert result.exit_code == 2
    assert result.stderr == "没有 大通湖区 2022 年的方案可复制（有：大通湖区/2023）\n"
    english = run(runner, repo / "data", "--year", "2024", "--from", "2022", "--lang", "en")
    assert english.stderr == "no plan of 大通湖区 for 2022 to copy (plans: 大通湖区/2023)\n"
    assert tree(repo) == before


def test_a_file_in_the_way_is_never_overwritten(runner: CliRunner, repo: Path) -> None:
    """The root plan's source/ would move into data/2023/, where a source/ already is."""
    data = repo / "data"
    (data / "2023" / "source").mkdir(parents=True)
    before = tree(repo)
    result = run(runner, data, "--year", "2024", "--from", "2023")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{data / '2023' / 'source'} 已存在：不会覆盖，换一个目录（--folder）或先移走它\n"
    )
    assert tree(repo) == before


def test_a_failed_write_is_undone(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up at the third new file: the moved plan goes back to the root, the
    files and folders written go away."""
    from liuzhang.services import workspace

    data = repo / "data"
    before = tree(repo)
    real = workspace._Changes.create
    calls: list[Path] = []

    def create(self: Any, path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(path))
        real(self, path, text)

    monkeypatch.setattr(workspace._Changes, "create", create)
    result = run(runner, data, "--year", "2024", "--from", "2023")
    assert result.exit_code == 1
    assert result.stderr == (
        f"无法写入 {data / '2024' / 'tasks.yaml'}（No space left on device）：没有留下任何改动\n"
    )
    assert tree(repo) == before
    assert sorted(p.name for p in data.iterdir()) == sorted(p.name for p in DATA.iterdir())


def test_a_second_area_beside_the_root_plan(runner: CliRunner, repo: Path) -> None:
    data = repo / "data"
    result = run(runner, data, "--area", "南县", "--year", "2023")
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(data)) == ["南县-2023", "大通湖区-2023"]
    assert result.stdout.splitlines()[:2] == [
        f"原方案 大通湖区/2023 的文件已移入子目录 {data / '大通湖区-2023'}：plan.yaml、"
        "targets.yaml、tasks.yaml、units.yaml、source/（每个方案一个子目录）",
        f"新方案 南县/2023 已写入 {data / '南县-2023'}：plan.yaml、targets.yaml、tasks.yaml、"
        "units.yaml",
    ]
    # with two areas, copying needs --area
    ambiguous = run(runner, data, "--year", "2024", "--from", "2023")
    assert ambiguous.exit_code == 2
    assert ambiguous.stderr == (
        "工作区有多个地区的方案（南县、大通湖区）：请用 --area 指定复制哪个地区的方案\n"
    )
    chosen = run(runner, data, "--year", "2024", "--from", "2023", "--area", "南县")
    assert chosen.exit_code == 0, chosen.output
    assert sorted(os.listdir(data)) == ["南县-2023", "南县-2024", "大通湖区-2023"]
    validate = runner.invoke(app, ["validate", "--data", str(data)])
    assert validate.exit_code == 0, validate.output


EMPTY_PLAN = """\
# yaml-language-server: $schema=../schemas/plan.schema.json
# 方案本身：地区、层级、年度、标题、文号、印发机关、调度机构和各部分。
# 由 liuzhang init 生成：按方案原文修改；以“# 字段:”开头的行填好后删去行首的“# ”。
area: "南县"
# area_en: ""  # 地区英文名称
# 层级：province 省、city 市、county 县、district 区、township 乡镇、department 部门
level: county
year: 2023
title: "南县2023年工作方案"
# title_en: ""  # 方案英文标题
# name: ""  # 通报标题用的简称（缺省用 title），如“××县××”
# document: ""  # 文号，如“×办发〔2023〕2号”
# issued: ""  # 印发日期，如 2023-03-08
# issuer: ""  # 印发机关
# office: ""  # 负责调度、署名通报的机构，如“……工作专班”
# 方案的各部分：编号、名称、简称、牵头单位，如：
#   - {number: 1, name: "……", short: "……", lead: "……"}
sections: []
"""


def test_an_empty_plan_in_a_new_data_directory(runner: CliRunner, tmp_path: Path) -> None:
    """No data directory yet: the plan goes into a folder of its own (as every later plan
    will), and the JSON Schemas into data/schemas, where the files point."""
    data = tmp_path / "data"
    result = run(runner, data, "--area", "南县", "--year", "2023")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"编辑器用的 JSON Schema 已写入 {data / 'schemas'}",
        f"新方案 南县/2023 已写入 {data / '2023'}：plan.yaml、targets.yaml、tasks.yaml、units.yaml",
        "数据有效：0 项指标、0 项任务、0 个单位",
        "接下来：",
        "  在 plan.yaml 中填写标题、文号、调度机构和各部分（sections），在 units.yaml、"
        "targets.yaml、tasks.yaml 中录入单位、指标和任务，然后运行 liuzhang validate",
    ]
    assert (data / "2023" / "plan.yaml").read_text(encoding="utf-8") == EMPTY_PLAN
    for kind in KINDS:
        written = (data / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert written == newplan.schema_text(kind)
        text = (data / "2023" / f"{kind}.yaml").read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n")
    assert (data / "2023" / "units.yaml").read_text(encoding="utf-8").endswith("\nunits: []\n")
    validate = runner.invoke(app, ["validate", "--data", str(data)])
    assert (validate.exit_code, validate.stdout, validate.stderr) == (
        0,
        "数据有效：0 项指标、0 项任务、0 个单位\n",
        "",
    )
    # a second plan of the area, copied from the first
    copied = run(runner, data, "--year", "2024", "--from", "2023", "--lang", "en")
    assert copied.exit_code == 0, copied.output
    assert copied.stdout.splitlines()[2:] == [
        "copied from 南县/2023: target values kept, 0 date(s) (deadlines, checkpoints) moved on"
        " by 1 year(s)",
        "Next:",
        "  1. plan.yaml: fill in the document number (document) and issue date (issued) of the"
        " 2024 plan; check the issuer and the title",
        "  2. 0 targets and 0 tasks are marked for review (needs_review): check each value,"
        " deadline and source against the new plan, then delete that line; liuzhang validate"
        " lists those left",
        f"  3. put the new plan's text into {data / '2024' / 'source'}, then update the sources"
        " (they still quote the 2023 plan)",
    ]
    assert load_catalog(data / "2024")[0].plan.title == "南县2024年工作方案"  # type: ignore[union-attr]


def test_an_empty_plan_with_level_title_and_folder(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    args = ["--area", "益阳市", "--year", "2025", "--level", "city", "--title", "益阳市计划"]
    result = run(runner, data, *args, "--folder", "yy")
    assert result.exit_code == 0, result.output
    plan = load_catalog(data / "yy")[0].plan
    assert plan is not None and (plan.area, plan.level, plan.year, plan.title) == (
        "益阳市",
        "city",
        2025,
        "益阳市计划",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--year", "2024"],
            "新方案要写明地区：liuzhang init --area 地区 --year 2024；或用 --from 年度 复制已有方案"
            "（有：大通湖区/2023）",
        ),
        (
            ["--year", "2024", "--from", "2023", "--level", "city"],
            "--level 和 --title 只用于新建空白方案；"
            "复制方案（--from）时请在生成的 plan.yaml 中修改",
        ),
        (
            ["--year", "2024", "--from", "2023", "--folder", "a/b"],
            "目录名“a/b”不可用：--folder 只写一个子目录名，如 2024 或 南县-2024",
        ),
        (
            ["--year", "2024", "--from", "2023", "--folder", "2023"],
            "目录名“2023”不可用：--folder 只写一个子目录名，如 2024 或 南县-2024",
        ),
    ],
)
def test_usage_errors(runner: CliRunner, repo: Path, args: list[str], message: str) -> None:
    before = tree(repo)
    result = run(runner, repo / "data", *args)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert tree(repo) == before


def test_an_unknown_level_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, tmp_path / "data", "--area", "南县", "--year", "2023", "--level", "bad")
    assert result.exit_code == 2 and "'bad' is not one of" in result.stderr
    assert not (tmp_path / "data").exists()


def test_a_plan_with_errors_is_not_copied(runner: CliRunner, repo: Path) -> None:
    data = repo / "data"
    line = replace_once(data / "targets.yaml", "battle: 1", "battle: one")
    before = tree(repo)
    result = run(runner, data, "--year", "2024", "--from", "2023")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{data / 'targets.yaml'}:{line}:13: targets[0].battle: 应为整数，实为“one”",
        "方案 大通湖区/2023 有错误（见上）：先改正，再据它生成新方案",
    ]
    assert tree(repo) == before


def test_a_copy_of_a_copy(runner: CliRunner, repo: Path) -> None:
    """2025 from 2024 from 2023: one note per file, needs_review still true, dates two years
    on; a needs_review: false left by the analyst becomes true again."""
    data = repo / "data"
    assert run(runner, data, "--year", "2024", "--from", "2023").exit_code == 0
    path = data / "2024" / "targets.yaml"
    replace_once(path, "\n    needs_review: true", "\n    needs_review: false")
    assert run(runner, data, "--year", "2025", "--from", "2024").exit_code == 0
    text = (data / "2025" / "targets.yaml").read_text(encoding="utf-8")
    assert text.count("# 由 liuzhang init") == 1
    assert text.count("\n    needs_review: true\n") == TARGETS
    assert "needs_review: false" not in text
    new = load_catalog(data / "2025")[0]
    assert new.targets["random_check_plan_2023"].due == "2025-03-25"


# -- the review flag -----------------------------------------------------------------------------


def test_validate_lists_items_to_review_as_warnings(runner: CliRunner, data_copy: Path) -> None:
    """needs_review: true is a warning (exit 0), on the flag's own line; false is nothing."""
    targets, tasks = data_copy / "targets.yaml", data_copy / "tasks.yaml"
    line = replace_once(targets, "    battle: 1\n", "    needs_review: true\n    battle: 1\n")
    replace_once(tasks, "    battle: 1\n", "    needs_review: false\n    battle: 1\n")
    task_line = replace_once(
        tasks,
        "  - id: a1-1-2\n    battle: 1\n",
        "  - id: a1-1-2\n    needs_review: true\n    battle: 1\n",
    )
    result = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"数据有效：{TARGETS} 项指标、{TASKS} 项任务、{UNITS} 个单位\n"
    assert result.stderr.splitlines() == [
        f"{targets}:{line}:19: targets[0].needs_review: 警告：“gdp_growth”待复核"
        "（needs_review: true）：核对目标值、期限和出处后删除这一行",
        f"{tasks}:{task_line + 1}:19: tasks[1].needs_review: 警告：“a1-1-2”待复核"
        "（needs_review: true）：核对目标值、期限和出处后删除这一行",
        "另有 2 个警告（见上）",
    ]
    english = runner.invoke(app, ["validate", "--data", str(data_copy), "--lang", "en"])
    assert english.stderr.splitlines()[0] == (
        f"{targets}:{line}:19: targets[0].needs_review: warning: 'gdp_growth' needs review "
        "(needs_review: true): check its value, dates and sources, then delete that line"
    )
    as_json = runner.invoke(app, ["validate", "--data", str(data_copy), "--format", "json"])
    report = json.loads(as_json.stdout)
    assert (as_json.exit_code, report["ok"]) == (0, True)
    assert [(p["severity"], p["code"], p["line"]) for p in report["problems"]] == [
        ("warning", "item_needs_review", line),
        ("warning", "item_needs_review", task_line + 1),
    ]
    # the everyday commands load the plan as usual, without a word about it
    status = runner.invoke(
        app,
        ["status", "--as-of", "2023-06", "--data", str(data_copy), "--db", str(data_copy / "x")],
    )
    assert (status.exit_code, status.stderr) == (0, "")


def test_errors_come_after_the_warnings(runner: CliRunner, data_copy: Path) -> None:
    """The errors stand next to the summary, however many items wait for review."""
    targets = data_copy / "targets.yaml"
    replace_once(targets, "    battle: 1\n", "    needs_review: true\n    battle: 1\n")
    plan = data_copy / "plan.yaml"
    line = replace_once(
        plan, 'office_en: "Datonghu District “Six Battles” task force"', 'office_en: ""'
    )
    result = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith("待复核（needs_review: true）：核对目标值、期限和出处后删除这一行")
    assert lines[1].startswith(f"{plan}:{line}:")
    assert lines[2:] == ["发现 1 个错误", "另有 1 个警告（见上）"]


@pytest.mark.parametrize(("value", "warned"), [("true", True), ("false", False), ("yes", True)])
def test_the_flag_is_a_boolean(data_copy: Path, value: str, warned: bool) -> None:
    replace_once(
        data_copy / "targets.yaml", "    battle: 1\n", f"    needs_review: {value}\n    battle: 1\n"
    )
    problems = load_catalog(data_copy)[1].problems
    assert [(p.code, p.severity) for p in problems] == (
        [("item_needs_review", "warning")] if warned else []
    )


def test_a_flag_that_is_no_boolean_is_an_error(data_copy: Path) -> None:
    replace_once(
        data_copy / "tasks.yaml", "    battle: 1\n", "    needs_review: maybe\n    battle: 1\n"
    )
    problems = load_catalog(data_copy)[1].problems
    assert [(p.code, p.field) for p in problems] == [("expected_bool", "tasks[0].needs_review")]


def test_one_plan_folder_of_a_workspace_is_not_a_data_directory(
    runner: CliRunner, repo: Path
) -> None:
    """`--data data/2023` names one plan of a workspace: init would move that plan into a
    folder inside itself."""
    data = repo / "data"
    assert run(runner, data, "--year", "2024", "--from", "2023").exit_code == 0
    before = tree(repo)
    result = run(runner, data / "2023", "--year", "2025", "--from", "2023")
    assert (result.exit_code, result.stderr) == (
        2,
        f"{data / '2023'} 是工作区 {data} 中的一个方案目录：用 --data {data} 指定整个工作区\n",
    )
    assert tree(repo) == before


def test_previous_ids_are_dropped_in_a_copy() -> None:
    """A copy keeps last year's ids, so a previous_id (the id two years back) has nothing left
    to map: commented out where it has a line of its own, else null."""
    text = (
        "targets:\n"
        "  - id: t1\n"
        "    previous_id: t0  # renamed in 2023\n"
        "    target: 1\n"
        "  - {id: t2, previous_id: t9, target: 2}\n"
        "  - previous_id: t8\n"
        "    id: t3\n"
    )
    copied = newplan.next_year_items("targets", text, "targets.yaml", 2023, 2024)
    assert copied.text.split("\n", 1)[1] == (
        "targets:\n"
        "  - id: t1\n"
        "    needs_review: true\n"
        "    # previous_id: t0  # renamed in 2023  # 不再需要：本方案的编号与 2023 年方案相同\n"
        "    target: 1\n"
        "  - {needs_review: true, id: t2, previous_id: null, target: 2}\n"
        "  - previous_id: null\n"
        "    needs_review: true\n"
        "    id: t3\n"
    )


def test_the_new_plan_is_judged_against_last_years_values(runner: CliRunner, repo: Path) -> None:
    """With values for 2023-06 and 2024-06: the 2024 plan made by init carries last year's value
    for the same period, and the 2023 judgements are what they were before init."""
    data = repo / "data"
    header = "编号,期间,数值,单位,状态,备注,填报单位\n"

    def ingest(period: str, value: str) -> None:
        path = repo / f"{period}.csv"
        row = f"retail_sales_growth,{period},{value},%,,,区发改财政局\n"
        path.write_text(header + row, encoding="utf-8")
        result = runner.invoke(app, ["ingest", str(path), "--data", str(data)])
        assert result.exit_code == 0, result.output

    def status(year: int) -> list[dict[str, Any]]:
        args = ["status", "--plan", str(year), "--as-of", f"{year}-06", "--format", "json"]
        result = runner.invoke(app, [*args, "--data", str(data)])
        assert result.exit_code == 0, result.output
        return list(json.loads(result.stdout))

    ingest("2023-06", "6.5")
    before = status(2023)
    assert run(runner, data, "--year", "2024", "--from", "2023").exit_code == 0
    ingest("2024-06", "7.9")
    after = {r["id"]: r for r in status(2024)}["retail_sales_growth"]
    assert (after["actual"], after["last_year"], after["last_year_period"]) == (
        7.9,
        6.5,
        "2023-06",
    )
    assert status(2023) == before
