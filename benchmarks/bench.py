#!/usr/bin/env python3
"""Performance figures for liuzhang, each a RATIO measured within the same run.

This machine is noisy, so no absolute time is compared with a fixed number: every figure
times a liuzhang command against a baseline command (a bare import, a plain YAML or CSV read,
or liuzhang itself on a smaller input) in the same loop, interleaved, and compares medians.

    .venv/bin/python benchmarks/bench.py            # full run (~10-15 min on 2 cores)
    .venv/bin/python benchmarks/bench.py --quick    # 3,000 targets / 100k rows
    .venv/bin/python benchmarks/bench.py --only status --only help

Figures (``--only`` takes these names; ``scale`` = validate + ingest), each "X <= goal x Y":

  status    X `liuzhang status` on the shipped examples              goal 1.5
            Y python -c "import typer, rich.table, sqlite3" (the modules it cannot avoid)
  help      X `liuzhang --help`                                       goal 1.3
            Y python -c "import typer, rich"
  history   X `status` on a store of 1,000,000 observations          goal 1.2
            Y `status` on a store of the examples only
  validate  X `liuzhang validate --data BIG` (30,000 targets)        goal 2
            Y yaml.load(..., Loader=yaml.CSafeLoader) of the same three files
  ingest    X `liuzhang ingest BIG.csv` (1,000,000 rows)             goal 6
            Y pandas.read_csv(BIG.csv, dtype=str, keep_default_na=False)
            (5 while the store packed its columns; one plain row per value costs more)
            and: its peak RSS < 1 GiB; ingest of 1M rows <= 12 x ingest of 100k rows
  report    X `liuzhang report --month 2023-06` (html, xlsx, md, docx) goal 3
            Y python -c "import pandas, openpyxl"
            ("n/a (no report command)" while `liuzhang report --help` fails)
  xlsx      X `liuzhang ingest BIG.xlsx` (300,000 rows)              goal 3
            Y python_calamine: the same sheet read into a list of rows
            and: its peak RSS < 500 MiB
  compare   X `liuzhang compare --as-of 2023-06`: all 137 areas of a province
            (1 province, 14 cities, 122 counties; 140 targets each; 36 旬 x 3 years:
            ~2M observations)                                         goal 2
            Y `liuzhang status --plan <a county>/2023 --as-of 2023-06` on the same store
  pg_ingest X `liuzhang ingest BIG.csv --db postgresql://…` (1,000,000 rows)  goal 3
            Y psql -c "\\copy t from 'BIG.csv' csv header": the same CSV into a plain table of
            the same columns, on the same server (LIUZHANG_TEST_PG, else one started with
            initdb/pg_ctl as tests/pgserver.py does; skipped when there is none)

Every command runs as a subprocess with the venv's ``liuzhang`` and ``python`` (the directory of
``sys.executable``). All data is generated in a temporary directory; liuzhang's caches
(LIUZHANG_CACHE) go there too, warmed by one untimed run of each command. Exit code 0 when every
figure passes, 1 otherwise.

To measure one commit while the working tree keeps changing, pin the code the children import:

    mkdir /tmp/snap && git archive HEAD src | tar -x -C /tmp/snap
    PYTHONPATH=/tmp/snap/src .venv/bin/python benchmarks/bench.py

The title line names the code measured (commit, or the pinned copy) and warns if it changed.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PLAN_FILES = ("plan.yaml", "targets.yaml", "tasks.yaml", "units.yaml")
EXAMPLES = sorted((ROOT / "examples" / "2023-05").iterdir()) + sorted(
    (ROOT / "examples" / "2023-06").iterdir()
)
BIN = Path(sys.executable).parent
PYTHON = str(BIN / "python")
LIUZHANG = str(BIN / "liuzhang")
GIB = 1024**3

CACHE: Path | None = None  # LIUZHANG_CACHE of every child: private to the run (set in main)

FIGURES = (
    "status",
    "help",
    "history",
    "validate",
    "ingest",
    "report",
    "xlsx",
    "compare",
    "pg_ingest",
)
GROUPS = {"scale": ("validate", "ingest")}


@dataclass(frozen=True)
class Scale:
    targets: int
    tasks: int
    rows: int  # the big submission
    small_rows: int  # the linear-growth comparison
    observations: int  # the history store
    fast_runs: int  # repeats of the start-up figures
    big_runs: int  # repeats of the scale figures
    xlsx_rows: int  # the big workbook


FULL = Scale(30_000, 10_000, 1_000_000, 100_000, 1_000_000, 7, 3, 300_000)
QUICK = Scale(3_000, 1_000, 100_000, 10_000, 100_000, 5, 2, 100_000)


# -- running and timing -------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    max_rss: int  # bytes, of the child process (wait4 rusage)
    returncode: int
    stderr: str


@dataclass
class Job:
    """A command to time. ``argv`` may be a function of the run number (fresh db per run)."""

    label: str
    argv: Sequence[str] | Callable[[int], Sequence[str]]
    cwd: Path
    env: dict[str, str] | None = None
    runs: list[Run] = field(default_factory=list)
    own_peak: bool = False  # measure through a small launcher (see run_once)

    def args(self, n: int) -> list[str]:
        return list(self.argv(n) if callable(self.argv) else self.argv)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def failed(self) -> Run | None:
        return next((r for r in self.runs if r.returncode != 0), None)


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIUZHANG_")}
    env["COLUMNS"] = "150"  # rich renders as in a wide terminal, the same for every run
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    if CACHE is not None:  # liuzhang's catalog/help caches: warm, but private to this run
        env["LIUZHANG_CACHE"] = str(CACHE)
    env.update(extra)
    return env


# Runs a command and writes its wall time and peak RSS (wait4) to the file named first.
_LAUNCHER = (
    "import os, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "seconds = time.perf_counter() - start\n"
    "with open(sys.argv[1], 'w') as f: f.write(f'{seconds} {usage.ru_maxrss}')\n"
    "sys.exit(min(abs(os.waitstatus_to_exitcode(status)), 255))"
)


def run_once(
    argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None, own_peak: bool = False
) -> Run:
    """Wall time and peak RSS of one child (stdout to /dev/null, stderr kept).

    A child's ru_maxrss is at least this process's RSS when it was spawned (Linux keeps the
    high-water mark of the memory it replaced at exec), and this process holds the generated
    plan and data. ``own_peak`` starts the command from a small launcher instead, which reports
    the command's own time and peak."""
    if own_peak:
        with tempfile.NamedTemporaryFile("r", suffix=".peak") as report:
            run = run_once([PYTHON, "-c", _LAUNCHER, report.name, *argv], cwd, env)
            seconds, rss = report.read().split()
        return Run(float(seconds), int(rss) * 1024, run.returncode, run.stderr)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env or child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss * 1024, proc.returncode, stderr)


def interleave(jobs: list[Job], runs: int, warmup: bool = True, log: str = "") -> None:
    """Run each job ``runs`` times, rotating the order every round so noise hits all alike."""
    if warmup:
        for job in jobs:
            run_once(job.args(-1), job.cwd, job.env, job.own_peak)
    for i in range(runs):
        order = jobs[i % len(jobs) :] + jobs[: i % len(jobs)]
        for job in order:
            job.runs.append(run_once(job.args(i), job.cwd, job.env, job.own_peak))
        progress(
            f"{log} round {i + 1}/{runs}: "
            + ", ".join(f"{j.label} {j.runs[-1].seconds:.2f}s" for j in jobs)
        )


def progress(text: str) -> None:
    print(f"  · {text}", file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# -- results ------------------------------------------------------------------------------------


@dataclass
class Row:
    figure: str
    measured: str
    baseline: str
    value: str
    goal: str
    result: str  # PASS | FAIL | n/a | info (no goal)
    note: str = ""


def ratio_row(figure: str, job: Job, base: Job, goal: float) -> Row:
    bad = job.failed or base.failed
    if bad is not None:
        return Row(
            figure,
            _cell(job),
            _cell(base),
            "—",
            f"<= {goal:g}x",
            "FAIL",
            f"exit {bad.returncode}: {bad.stderr.strip().splitlines()[-1:]}",
        )
    ratio = job.median / base.median
    return Row(
        figure,
        _cell(job),
        _cell(base),
        f"{ratio:.2f}x",
        f"<= {goal:g}x",
        "PASS" if ratio <= goal else "FAIL",
    )


def _cell(job: Job) -> str:
    if not job.runs:
        return job.label
    return f"{job.label} {job.median:.2f}s (n={len(job.runs)})"


def human(n: int) -> str:
    """1000000 -> 1M, 100343 -> 100k."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.3g}M"
    return f"{n / 1000:.3g}k" if n >= 1000 else str(n)


def print_table(rows: list[Row], title: str) -> None:
    headers = ("figure", "measured (median)", "baseline (median)", "value", "goal", "result")
    cells = [(r.figure, r.measured, r.baseline, r.value, r.goal, r.result) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    print(title)
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row, c in zip(rows, cells, strict=True):
        print(line(c))
        if row.note:
            print(f"    ↳ {row.note}")


# -- data generation ----------------------------------------------------------------------------

_ID_LINE = re.compile(r'^  - id: "?([^"\s]+)"?\s*$')
_TASK_LINE = re.compile(r'^    task: "?([^"\s]+)"?\s*$')


def _split_items(text: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """The header of a plan file and its items as (id, lines), in the shipped formatting."""
    lines = text.splitlines()
    head: list[str] = []
    items: list[tuple[str, list[str]]] = []
    for ln in lines:
        m = _ID_LINE.match(ln)
        if m:
            items.append((m.group(1), [ln]))
        elif items:
            items[-1][1].append(ln)
        else:
            head.append(ln)
    return "\n".join(head) + "\n", items


def make_big_data(out: Path, n_targets: int, n_tasks: int) -> None:
    """A province-scale data directory: the shipped items copied with new ids (copy 0 keeps
    the shipped ids), every field as shipped; units.yaml is the shipped registry, so every
    unit name and alias is a real one."""
    out.mkdir(parents=True)
    for name in ("plan.yaml", "units.yaml"):
        shutil.copy(DATA / name, out / name)
    task_head, task_items = _split_items((DATA / "tasks.yaml").read_text(encoding="utf-8"))
    full_task_copies = max(1, n_tasks // len(task_items))

    def task_id(ident: str, copy: int) -> str:
        return ident if copy == 0 else f"{ident}-x{copy}"

    with (out / "tasks.yaml").open("w", encoding="utf-8") as f:
        f.write(task_head)
        for i in range(n_tasks):
            copy, (ident, lines) = i // len(task_items), task_items[i % len(task_items)]
            f.write(f'  - id: "{task_id(ident, copy)}"\n')
            f.write("\n".join(lines[1:]) + "\n")

    head, items = _split_items((DATA / "targets.yaml").read_text(encoding="utf-8"))
    with (out / "targets.yaml").open("w", encoding="utf-8") as f:
        f.write(head)
        for i in range(n_targets):
            copy, (ident, lines) = i // len(items), items[i % len(items)]
            f.write(f"  - id: {ident if copy == 0 else f'{ident}_x{copy}'}\n")
            for ln in lines[1:]:
                m = _TASK_LINE.match(ln)
                if m:
                    ln = f'    task: "{task_id(m.group(1), copy % full_task_copies)}"'
                f.write(ln + "\n")


# Periods of 2023 in the spellings units use, each ending on a different day (an item has one
# value per period end: 2023-Q1 and 2023-03 are the same period, as are 2023-06-下旬 and 2023-06).
PERIODS = (
    ["2023-01", "2023年2月", "2023-Q1", "2023年4月", "2023-05", "2023-H1"]
    + ["2023-07", "2023年8月", "2023年三季度", "2023年10月", "2023-11", "2023年"]
    + [f"2023-{m:02d}-{d}" for m in range(1, 13) for d in ("上旬", "中旬")]
)
TASK_WORDS = ("推进中", "已完成", "未启动", "in_progress", "done", "进行中")
NOTES = ("", "", "", "", "含新开工项目", "数据来源：统计局快报", "较上月有所回升")


def make_submission(path: Path, catalog: Any, rows: int, seed: int) -> None:
    """A submission of ``rows`` valid rows for the catalog's items: numbers written as units
    write them (units in the cell or the unit column, 万/亿, %, thousands separators, full-width
    digits), statuses in Chinese or English, a reporting unit on every row. (id, period) pairs
    are unique, so nothing is a conflicting duplicate."""
    rng = random.Random(seed)
    targets = list(catalog.targets.values())
    tasks = list(catalog.tasks.values())
    items: list[tuple[str, Any]] = [("target", t) for t in targets] + [("task", t) for t in tasks]
    if rows > len(items) * len(PERIODS):
        raise BenchError("not enough (item, period) pairs for the requested rows")
    registry = catalog.registry
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["编号", "期间", "数值", "单位", "状态", "备注", "填报单位"])
    for r in range(rows):
        kind, item = items[r % len(items)]
        period = PERIODS[r // len(items)]
        note = NOTES[r % len(NOTES)]
        if kind == "task":
            lead = registry.canonical(item.lead[0])
            pct = rng.randrange(0, 101)
            value = f"{pct}%" if r % 3 else (str(pct) if r % 2 else "")
            w.writerow(
                [
                    item.id,
                    period,
                    value,
                    "%" if value and "%" not in value else "",
                    TASK_WORDS[r % len(TASK_WORDS)],
                    note,
                    lead,
                ]
            )
            continue
        lead = registry.canonical(item.lead)
        if item.measure == "milestone":
            if r % 2:
                w.writerow(
                    [item.id, period, "", "", "推进中" if r % 4 == 1 else "已完成", note, lead]
                )
            else:
                w.writerow([item.id, period, "1" if r % 4 == 0 else "0", "", "", note, lead])
            continue
        unit = item.unit or ""
        base = float(item.target or 10)
        amount = Decimal(str(round(abs(base) * rng.uniform(0.2, 1.3), 2)))
        style = r % 5
        if unit == "亿元" and style == 1:
            value, unit_col = f"{amount * 10000:,.0f}", "万元"  # 82000 万元 → 8.2 亿元
        elif unit == "%" and style == 2:
            value, unit_col = f"{amount}%", ""
        elif unit == "%" and style == 3:
            value, unit_col = f"下降{amount}%", ""
        elif style == 4:
            value, unit_col = str(amount).translate(_FULLWIDTH), unit
        else:
            value, unit_col = str(amount), unit
        w.writerow([item.id, period, value, unit_col, "", note, lead])
    path.write_text(buf.getvalue(), encoding="utf-8")


_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")

_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
_OOXML = "http://schemas.openxmlformats.org"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_REL = f"{_OOXML}/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def _rels(*targets: tuple[str, str]) -> str:
    return (
        f'{_XML}<Relationships xmlns="{_OOXML}/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/{kind}" Target="{target}"/>'
            for i, (kind, target) in enumerate(targets, 1)
        )
        + "</Relationships>"
    )


_XLSX_PARTS = {
    "[Content_Types].xml": f'{_XML}<Types xmlns="{_OOXML}/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    + "".join(
        f'<Override PartName="/xl/{part}" ContentType="{_CT}.{kind}+xml"/>'
        for part, kind in (
            ("workbook.xml", "sheet.main"),
            ("worksheets/sheet1.xml", "worksheet"),
            ("styles.xml", "styles"),
            ("sharedStrings.xml", "sharedStrings"),
        )
    )
    + "</Types>",
    "_rels/.rels": _rels(("officeDocument", "xl/workbook.xml")),
    "xl/workbook.xml": f'{_XML}<workbook xmlns="{_OOXML}/spreadsheetml/2006/main" '
    f'xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
    '<sheets><sheet name="填报" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": _rels(
        ("worksheet", "worksheets/sheet1.xml"),
        ("styles", "styles.xml"),
        ("sharedStrings", "sharedStrings.xml"),
    ),
    "xl/styles.xml": f'{_XML}<styleSheet xmlns="{_OOXML}/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>",
}


def make_workbook(csv_path: Path, path: Path) -> None:
    """The submission as Excel saves it: shared strings, numbers as numeric cells, ``7.5%``
    as 0.075 in a percent-formatted cell (written directly: openpyxl needs minutes and GBs)."""
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    sheet = io.StringIO()
    sheet.write(f'{_XML}<worksheet xmlns="{_OOXML}/spreadsheetml/2006/main"><sheetData>')
    with csv_path.open(encoding="utf-8", newline="") as f:
        for r, row in enumerate(csv.reader(f), 1):
            sheet.write(f'<row r="{r}">')
            for c, cell in enumerate(row):
                ref = f"{chr(65 + c)}{r}"
                if not cell:
                    continue
                if r > 1 and c == 2 and _PLAIN_NUMBER.match(cell):
                    sheet.write(f'<c r="{ref}"><v>{cell}</v></c>')
                elif r > 1 and c == 2 and _PLAIN_NUMBER.match(cell[:-1]) and cell[-1] == "%":
                    number = Decimal(cell[:-1]) / 100
                    sheet.write(f'<c r="{ref}" s="1"><v>{number}</v></c>')
                else:
                    index = strings.setdefault(cell, len(strings))
                    sheet.write(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            sheet.write("</row>")
    sheet.write("</sheetData></worksheet>")
    shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in _XLSX_PARTS.items():
            book.writestr(name, text)
        book.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
        book.writestr(
            "xl/sharedStrings.xml",
            f'{_XML}<sst xmlns="{_OOXML}/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
        )


def make_history_store(db: Path, n_observations: int, seed: int) -> int:
    """A store holding ``n_observations`` observations of the shipped catalog, written through
    the Store API the way `ingest` writes them: one ingest (file, sha256, reporting unit, row
    counts) per generated monthly file of one unit, ~1,000 rows, every (item, period) unique
    within an ingest, values revised again and again. Periods end by 2023-06 so the as-of month
    is the one of the examples (ingested afterwards, so their values stay current)."""
    from liuzhang.domain.observations import Observation
    from liuzhang.domain.periods import parse_period
    from liuzhang.plandata.catalog import load_catalog
    from liuzhang.store import open_store
    from liuzhang.submissions.reading import sha256_of

    catalog, report = load_catalog(DATA)
    if not report.ok:
        raise BenchError("shipped data does not validate")
    rng = random.Random(seed)
    months = [f"2023-{m:02d}" for m in range(1, 7)]
    keys: list[tuple[Any, str, str]] = []  # (item, kind, period)
    for t in catalog.targets.values():
        if t.frequency == "monthly":
            keys += [(t, "target", p) for p in months]
        elif t.frequency == "quarterly":
            keys += [(t, "target", p) for p in ("2023-Q1", "2023-Q2")]
    for k in catalog.tasks.values():
        keys += [(k, "task", p) for p in months]
    periods = {p: parse_period(p) for _, _, p in keys}
    per_ingest = min(1000, len(keys))
    store = open_store(db)
    written, n, offset = 0, 0, 0
    try:
        while written < n_observations:
            size = min(per_ingest, n_observations - written)
            chunk = [keys[(offset + j) % len(keys)] for j in range(size)]
            offset += size
            observations = []
            for row, (item, kind, ptext) in enumerate(chunk, 2):
                p = periods[ptext]
                assert p is not None
                if kind == "task" or item.measure == "milestone":
                    status = rng.choice(("not_started", "in_progress", "done"))
                    value = Decimal(rng.randrange(0, 101)) if kind == "task" else None
                    unit = "%" if value is not None else None
                else:
                    status = None
                    base = item.target or Decimal(10)
                    value = (abs(base) * Decimal(rng.randrange(20, 130)) / 100).quantize(
                        Decimal("0.01")
                    )
                    unit = item.unit
                lead = item.lead if kind == "target" else item.lead[0]
                observations.append(
                    Observation(
                        item_id=item.id,
                        kind=kind,
                        period=p.text,
                        period_kind=p.kind,
                        period_end=p.end.isoformat(),
                        end_month=p.end_month,
                        value=value,
                        status=status,
                        unit=unit,
                        raw_value=None if value is None else str(value),
                        raw_unit=unit,
                        note=None,
                        reported_by=catalog.registry.canonical(lead),
                        row=row,
                    )
                )
            n += 1
            reporter = observations[0].reported_by
            store.ingest(
                f"历史/{reporter}_{n:05d}.csv",
                sha256_of(f"history-{seed}-{n}".encode()),
                reporter,
                observations,
                rows_read=len(observations),
                rejected=0,
                plan=catalog.key,
            )
            written += size
    finally:
        store.close()
    return n


def ingest_examples(db: Path, cwd: Path) -> None:
    proc = subprocess.run(
        [LIUZHANG, "ingest", *map(str, EXAMPLES), "--data", str(DATA), "--db", str(db)],
        cwd=cwd,
        env=child_env(),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise BenchError(f"ingest of the examples failed: {proc.stderr[-800:]}")


# -- figures ------------------------------------------------------------------------------------


def fig_status(tmp: Path, scale: Scale, examples_db: Path) -> list[Row]:
    argv = [LIUZHANG, "status", "--data", str(DATA), "--db", str(examples_db)]
    status = Job("status", argv, tmp)
    base = Job(
        "import typer,rich.table,sqlite3",
        [PYTHON, "-c", "import typer, rich.table, sqlite3"],
        tmp,
    )
    # For information: the same command without liuzhang's catalog cache (the first run after
    # the plan files change pays this).
    cold = Job("status, cache off", argv, tmp, env=child_env(LIUZHANG_CACHE="off"))
    interleave([status, base, cold], scale.fast_runs, log="status")
    info = ratio_row("1i status, no catalog cache", cold, base, 1.5)
    info.goal, info.result = "(info)", "info"
    return [ratio_row("1 status (examples)", status, base, 1.5), info]


def fig_help(tmp: Path, scale: Scale) -> list[Row]:
    helped = Job("--help", [LIUZHANG, "--help"], tmp)
    base = Job("import typer,rich", [PYTHON, "-c", "import typer, rich"], tmp)
    interleave([helped, base], scale.fast_runs, log="help")
    return [ratio_row("2 --help", helped, base, 1.3)]


def fig_history(tmp: Path, scale: Scale, examples_db: Path) -> list[Row]:
    db = tmp / "history.sqlite"
    started = time.perf_counter()
    ingests = make_history_store(db, scale.observations, seed=3)
    ingest_examples(db, tmp)
    from liuzhang.store import open_store

    with open_store(db, create=False) as store:
        obs = store.counts()["observations"]
        cur = len(store.latest())
    progress(
        f"history store: {obs:,} observations in {ingests + len(EXAMPLES):,} ingests, "
        f"{cur:,} current values, {db.stat().st_size / 2**20:.0f} MiB, "
        f"built in {time.perf_counter() - started:.0f}s"
    )
    big = Job(
        f"status ({human(obs)} obs)",
        [LIUZHANG, "status", "--data", str(DATA), "--db", str(db)],
        tmp,
    )
    small = Job(
        "status (examples)",
        [LIUZHANG, "status", "--data", str(DATA), "--db", str(examples_db)],
        tmp,
    )
    interleave([big, small], scale.fast_runs, log="history")
    return [ratio_row(f"3 history ({obs:,} obs)", big, small, 1.2)]


def fig_scale(tmp: Path, scale: Scale, only: set[str]) -> list[Row]:
    from liuzhang.plandata.catalog import load_catalog

    big = tmp / "big"
    started = time.perf_counter()
    make_big_data(big / "data", scale.targets, scale.tasks)
    catalog, report = load_catalog(big / "data")
    if not report.ok:
        raise BenchError(f"generated data does not validate: {report.sorted()[:3]}")
    rows: list[Row] = []
    sizes = ", ".join(
        f"{p.name} {p.stat().st_size / 2**20:.1f} MiB" for p in sorted((big / "data").iterdir())
    )
    progress(
        f"big data: {len(catalog.targets):,} targets, {len(catalog.tasks):,} tasks, "
        f"{len(catalog.units)} units ({sizes})"
    )
    data_arg = ["--data", str(big / "data")]

    if "validate" in only:
        val = Job("validate", [LIUZHANG, "validate", *data_arg], tmp)
        yml = Job(
            "yaml CSafeLoader x4",
            [
                PYTHON,
                "-c",
                "import sys, yaml\n"
                "for p in sys.argv[1:]:\n"
                "    with open(p, encoding='utf-8') as f: yaml.load(f, Loader=yaml.CSafeLoader)",
                *(str(big / "data" / n) for n in PLAN_FILES),
            ],
            tmp,
        )
        interleave([val, yml], scale.big_runs, log="validate")
        rows.append(ratio_row(f"4a validate ({scale.targets:,} targets)", val, yml, 2.0))

    csv_big = big / f"submission_{scale.rows}.csv"
    if "pg_ingest" in only:
        make_submission(csv_big, catalog, scale.rows, seed=1)
        rows += fig_pg_ingest(tmp, scale, csv_big, data_arg)

    if "ingest" in only:
        csv_small = big / f"submission_{scale.small_rows}.csv"
        started = time.perf_counter()
        if not csv_big.exists():
            make_submission(csv_big, catalog, scale.rows, seed=1)
        make_submission(csv_small, catalog, scale.small_rows, seed=2)
        progress(
            f"submissions: {csv_big.name} {csv_big.stat().st_size / 2**20:.0f} MiB, "
            f"{csv_small.name} {csv_small.stat().st_size / 2**20:.1f} MiB "
            f"(generated in {time.perf_counter() - started:.0f}s)"
        )
        dbs = tmp / "ingest-dbs"
        dbs.mkdir()

        def ingest_argv(csv_path: Path) -> Callable[[int], list[str]]:
            def argv(n: int) -> list[str]:
                db = dbs / f"{csv_path.stem}_{n + 1}.sqlite"  # a fresh store every run
                for p in dbs.glob(f"{csv_path.stem}_*.sqlite*"):
                    p.unlink()
                return [LIUZHANG, "ingest", str(csv_path), *data_arg, "--db", str(db)]

            return argv

        ing = Job(f"ingest {human(scale.rows)}", ingest_argv(csv_big), tmp)
        pdr = Job(
            "pandas.read_csv",
            [
                PYTHON,
                "-c",
                "import sys, pandas\n"
                "pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False)",
                str(csv_big),
            ],
            tmp,
        )
        small = Job(f"ingest {human(scale.small_rows)}", ingest_argv(csv_small), tmp)
        # No warm-up for the big ingest: its data files are warm from generation, and one
        # run costs as much as the figure itself.
        for job in (pdr, small):
            run_once(job.args(-1), job.cwd, job.env)
        interleave([ing, pdr, small], scale.big_runs, warmup=False, log="ingest")
        rows.append(ratio_row(f"4b ingest ({scale.rows:,} rows)", ing, pdr, 6.0))
        if ing.runs and not ing.failed:
            rss = max(r.max_rss for r in ing.runs)
            rows.append(
                Row(
                    f"4c ingest peak RSS ({scale.rows:,} rows)",
                    f"{ing.label} max RSS",
                    "—",
                    f"{rss / 2**20:,.0f} MiB",
                    "< 1024 MiB",
                    "PASS" if rss < GIB else "FAIL",
                )
            )
        else:
            rows.append(
                Row(
                    "4c ingest peak RSS", ing.label, "—", "—", "< 1024 MiB", "FAIL", "ingest failed"
                )
            )
        growth = ratio_row(
            f"4d ingest growth ({scale.rows // scale.small_rows}x rows)", ing, small, 12.0
        )
        rows.append(growth)

    if "xlsx" in only:
        rows += fig_xlsx(tmp, scale, catalog, data_arg)
    return rows


def fig_pg_ingest(tmp: Path, scale: Scale, csv_path: Path, data_arg: list[str]) -> list[Row]:
    """`ingest` of the big CSV into PostgreSQL against psql's \\copy of it into a plain table of
    its columns, on the same server; each run into a new database / table."""
    figure = f"6 pg ingest ({scale.rows:,} rows)"
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import psycopg

        from pgserver import Server, binaries

        server = Server.start()
    except Exception as exc:  # no driver, no binaries, a server that does not start
        return [Row(figure, "ingest --db postgresql://…", "—", "—", "<= 3x", "skip", str(exc))]
    try:
        found = shutil.which("psql") or (
            str(server.bin_dir or binaries() or Path("/nonexistent")) + "/psql"
        )
        with csv_path.open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        columns = ", ".join(f'"{c}" text' for c in header)
        plain = server.database(create=True)
        made: list[str] = [plain]

        def ingest_argv(n: int) -> list[str]:
            url = server.database()  # the ingest makes it
            made.append(url)
            return [LIUZHANG, "ingest", str(csv_path), *data_arg, "--db", url]

        def copy_argv(n: int) -> list[str]:
            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute(f"DROP TABLE IF EXISTS t; CREATE TABLE t ({columns})")
            return [found, plain, "-q", "-c", f"\\copy t from '{csv_path}' csv header"]

        ing = Job(f"ingest {human(scale.rows)} → PostgreSQL", ingest_argv, tmp)
        cp = Job("psql \\copy (plain table)", copy_argv, tmp)
        run_once(cp.args(-1), cp.cwd, cp.env)
        interleave([ing, cp], scale.big_runs, warmup=False, log="pg_ingest")
        if ing.runs and not ing.failed:
            with psycopg.connect(made[-1]) as conn:
                (n,) = conn.execute("SELECT count(*) FROM observations").fetchone()
            progress(f"pg_ingest: {n:,} observations in the last run's database")
        return [ratio_row(figure, ing, cp, 3.0)]
    finally:
        for url in made:
            server.drop(url)
        server.stop()


def fig_xlsx(tmp: Path, scale: Scale, catalog: Any, data_arg: list[str]) -> list[Row]:
    big = tmp / "big"
    csv_path = big / f"submission_{scale.xlsx_rows}_for_xlsx.csv"
    xlsx = big / f"submission_{scale.xlsx_rows}.xlsx"
    started = time.perf_counter()
    make_submission(csv_path, catalog, scale.xlsx_rows, seed=4)
    make_workbook(csv_path, xlsx)
    csv_path.unlink()
    progress(
        f"workbook: {xlsx.name} {xlsx.stat().st_size / 2**20:.1f} MiB "
        f"(generated in {time.perf_counter() - started:.0f}s)"
    )
    dbs = tmp / "xlsx-dbs"
    dbs.mkdir()

    def argv(n: int) -> list[str]:
        db = dbs / f"xlsx_{n + 1}.sqlite"  # a fresh store every run
        for p in dbs.glob("xlsx_*.sqlite*"):
            p.unlink()
        return [LIUZHANG, "ingest", str(xlsx), *data_arg, "--db", str(db)]

    # Both from the launcher: the peak is the ingest's own, not this process's (see run_once).
    ing = Job(f"ingest {human(scale.xlsx_rows)} xlsx", argv, tmp, own_peak=True)
    cal = Job(
        "calamine rows",
        [
            PYTHON,
            "-c",
            "import sys, python_calamine\n"
            "with python_calamine.CalamineWorkbook.from_path(sys.argv[1]) as book:\n"
            "    rows = list(book.get_sheet_by_index(0).iter_rows())",
            str(xlsx),
        ],
        tmp,
        own_peak=True,
    )
    # One untimed run of each warms liuzhang's catalog cache (a first run builds it).
    interleave([ing, cal], scale.big_runs, log="xlsx")
    out = [ratio_row(f"6a xlsx ingest ({scale.xlsx_rows:,} rows)", ing, cal, 3.0)]
    limit = 500 * 2**20
    if ing.runs and not ing.failed:
        rss = max(r.max_rss for r in ing.runs)
        out.append(
            Row(
                f"6b xlsx ingest peak RSS ({scale.xlsx_rows:,} rows)",
                f"{ing.label} max RSS",
                "—",
                f"{rss / 2**20:,.0f} MiB",
                "< 500 MiB",
                "PASS" if rss < limit else "FAIL",
                f"{cal.label}: {max(r.max_rss for r in cal.runs) / 2**20:,.0f} MiB",
            )
        )
    else:
        out.append(
            Row(
                "6b xlsx ingest peak RSS", ing.label, "—", "—", "< 500 MiB", "FAIL", "ingest failed"
            )
        )
    return out


def fig_report(tmp: Path, scale: Scale, examples_db: Path) -> list[Row]:
    probe = run_once([LIUZHANG, "report", "--help"], tmp)
    if probe.returncode != 0:
        return [
            Row(
                "5 report (html,xlsx,md,docx)",
                "liuzhang report",
                "import pandas,openpyxl",
                "n/a (no report command)",
                "<= 3x",
                "n/a",
            )
        ]
    out = tmp / "reports"
    rep = Job(
        "report --month 2023-06",
        [
            LIUZHANG,
            "report",
            "--month",
            "2023-06",
            "--data",
            str(DATA),
            "--db",
            str(examples_db),
            "--out",
            str(out),
            *("-f", "html", "-f", "xlsx", "-f", "md", "-f", "docx"),  # PDF: LibreOffice's time
        ],
        tmp,
    )
    base = Job("import pandas,openpyxl", [PYTHON, "-c", "import pandas, openpyxl"], tmp)
    interleave([rep, base], scale.fast_runs, log="report")
    return [ratio_row("5 report (html,xlsx,md,docx)", rep, base, 3.0)]


# A province-sized workspace for `compare`: (areas, targets per plan, years); quick: fewer areas.
COMPARE_FULL = (137, 140, 3)
COMPARE_QUICK = (31, 140, 1)
COMPARE_CITIES = 14


def make_province(root: Path, db: Path, n_areas: int, n_targets: int, years: int) -> int:
    """A workspace of ``n_areas`` areas (a province, its cities, their counties; plan.yaml
    ``parent`` says which is whose) with a plan of ``n_targets`` targets for each of ``years``
    years ending 2023, and a store holding a value of every target for every 旬 of every year
    (one ingest per plan, written column-wise as ``ingest`` writes them). Returns the number of
    observations."""
    from liuzhang.domain.observations import COLUMNS
    from liuzhang.domain.plan import PlanKey
    from liuzhang.store import open_store
    from liuzhang.submissions.reading import sha256_of

    cities = [f"市{i:02d}" for i in range(1, COMPARE_CITIES + 1)]
    counties = [f"县{i:03d}" for i in range(1, n_areas - len(cities))]
    areas = [("省", "province", None)]
    areas += [(c, "city", "省") for c in cities]
    areas += [(c, "county", cities[i % len(cities)]) for i, c in enumerate(counties)]
    kinds = [  # (measure, unit, direction, target)
        ("growth", "%", "at_least", "7.5"),
        ("cumulative", "亿元", "at_least", "120"),
        ("level", "%", "at_most", "5"),
        ("cumulative", "家", "at_least", "40"),
    ]
    targets = ["targets:"]
    specs = []
    for k in range(n_targets):
        measure, unit, direction, goal = kinds[k % len(kinds)]
        specs.append((f"t{k:03d}", unit, Decimal(goal)))
        targets.append(
            f'  - {{id: t{k:03d}, battle: 1, name: "指标{k:03d}", target: {goal}, unit: "{unit}", '
            f"direction: {direction}, measure: {measure}, frequency: monthly, lead: 发改局, "
            f'sources: [{{ref: 正文, quote: "指标{k:03d}"}}]}}'
        )
    targets_text = "\n".join(targets) + "\n"
    last = 2023
    plan_years = list(range(last - years + 1, last + 1))
    for area, level, parent in areas:
        for year in plan_years:
            folder = root / f"{area}-{year}"
            folder.mkdir(parents=True)
            head = [
                f"area: {area}",
                f"level: {level}",
                f"year: {year}",
                f"title: {area}{year}年方案",
            ]
            if parent:
                head.append(f"parent: {parent}")
            head.append("sections: [{number: 1, name: 打好经济增长主动仗, lead: 发改局}]")
            (folder / "plan.yaml").write_text("\n".join(head) + "\n", encoding="utf-8")
            (folder / "targets.yaml").write_text(targets_text, encoding="utf-8")
            (folder / "tasks.yaml").write_text("tasks: []\n", encoding="utf-8")
            (folder / "units.yaml").write_text(
                "units:\n  - {name: 发改局, kind: office}\n", encoding="utf-8"
            )
    rng = random.Random(7)
    written = 0
    store = open_store(db)
    try:
        for n, (area, _level, _parent) in enumerate(areas):
            for year in plan_years:
                periods = [
                    f"{year}-{m:02d}-{d}" for m in range(1, 13) for d in ("上旬", "中旬", "下旬")
                ]
                columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
                row = 1
                for ident, unit, goal in specs:
                    for period in periods:
                        row += 1
                        value = str((goal * rng.randrange(40, 130) / 100).quantize(Decimal("0.01")))
                        columns["item_id"].append(ident)
                        columns["kind"].append("target")
                        columns["period"].append(period)
                        columns["value"].append(value)
                        columns["status"].append(None)
                        columns["unit"].append(unit)
                        columns["raw_value"].append(value)
                        columns["raw_unit"].append(unit)
                        columns["note"].append(None)
                        columns["reported_by"].append("发改局")
                        columns["flags"].append(None)
                        columns["row"].append(row)
                writer = store.begin_ingest(
                    f"收表/{area}_{year}.csv", sha256_of(f"province-{n}-{year}".encode())
                )
                writer.add_columns(columns, PlanKey(area, year))
                writer.finish(len(columns["row"]), 0, "发改局")
                written += len(columns["row"])
    finally:
        store.close()
    return written


def fig_compare(tmp: Path, quick: bool) -> list[Row]:
    n_areas, n_targets, years = COMPARE_QUICK if quick else COMPARE_FULL
    root, db = tmp / "province" / "data", tmp / "province" / "liuzhang.sqlite"
    started = time.perf_counter()
    obs = make_province(root, db, n_areas, n_targets, years)
    progress(
        f"province store: {n_areas} areas x {n_targets} targets x 36 旬 x {years} years = "
        f"{obs:,} observations, {db.stat().st_size / 2**20:.0f} MiB, "
        f"built in {time.perf_counter() - started:.0f}s"
    )
    common = ["--data", str(root), "--db", str(db), "--as-of", "2023-06"]
    compared = Job(f"compare ({n_areas} areas)", [LIUZHANG, "compare", *common], tmp)
    county = Job("status (1 county)", [LIUZHANG, "status", "--plan", "县001/2023", *common], tmp)
    interleave([compared, county], 5 if quick else 7, log="compare")
    return [ratio_row(f"8 compare ({n_areas} areas, {obs:,} obs)", compared, county, 2.0)]


# -- main ---------------------------------------------------------------------------------------


def revision() -> str:
    """The code measured: the commit (and whether src/ differs from it), or the copy of src/
    that PYTHONPATH pins (``PYTHONPATH=/snapshot/src``: a tree that others keep editing)."""
    try:
        import liuzhang

        code = Path(liuzhang.__file__).resolve().parent.parent
        if code != ROOT / "src":
            return f"code from {code}"
    except ImportError:
        pass
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src", "pyproject.toml"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "no git"
    return f"{head}{'+dirty src' if dirty else ''}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller scale: 3,000 targets, 100k rows, 100k observations",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help=f"run only these figures (repeatable or comma-separated): {', '.join(FIGURES)}, scale",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)

    only: set[str] = set()
    for item in args.only or list(FIGURES):
        for name in filter(None, (s.strip() for s in item.split(","))):
            if name in GROUPS:
                only.update(GROUPS[name])
            elif name in FIGURES:
                only.add(name)
            else:
                parser.error(f"unknown figure {name!r}; choose from {', '.join(FIGURES)}, scale")

    scale = QUICK if args.quick else FULL
    tmp = Path(tempfile.mkdtemp(prefix="liuzhang-bench-"))
    global CACHE
    CACHE = tmp / "cache"
    before = revision()
    started = time.perf_counter()
    rows: list[Row] = []
    try:
        examples_db = tmp / "examples.sqlite"
        if only & {"status", "history", "report"}:
            ingest_examples(examples_db, tmp)
        steps: list[tuple[str, Callable[[], list[Row]]]] = [
            ("help", lambda: fig_help(tmp, scale)),
            ("status", lambda: fig_status(tmp, scale, examples_db)),
            ("report", lambda: fig_report(tmp, scale, examples_db)),
            ("history", lambda: fig_history(tmp, scale, examples_db)),
        ]
        for name, step in steps:
            if name in only:
                progress(f"{name} …")
                rows += step()
        if only & {"validate", "ingest", "xlsx", "pg_ingest"}:
            progress("scale …")
            rows += fig_scale(tmp, scale, only)
        if "compare" in only:
            progress("compare …")
            rows += fig_compare(tmp, args.quick)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    order = {n: i for i, n in enumerate(("1", "2", "3", "4", "5", "6", "7", "8"))}
    rows.sort(key=lambda r: order.get(r.figure[:1], 9))
    mode = "quick" if args.quick else "full"
    mode += f", {revision()}"
    print()
    print_table(
        rows,
        f"liuzhang benchmarks ({mode}: {scale.targets:,} targets, "
        f"{scale.tasks:,} tasks, {scale.rows:,} rows, {scale.observations:,} "
        f"observations; {os.cpu_count()} CPUs; "
        f"{time.perf_counter() - started:.0f}s)",
    )
    after = revision()
    if after != before:
        print(f"warning: the code changed during the run ({before} -> {after})")
    failed = [r for r in rows if r.result == "FAIL"]
    scored = [r for r in rows if r.result in ("PASS", "FAIL")]
    print(
        f"\n{len(scored) - len(failed)} of {len(scored)} figures pass"
        + (f"; FAIL: {', '.join(r.figure for r in failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        sys.exit(2)
