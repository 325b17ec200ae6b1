"""Property tests: whatever the input, the CLI answers 0 or 1, never a traceback, and an ingest
stores a whole file or nothing of it.

(a) random bytes as a submission; (b) near-valid CSVs: valid rows with random mutations;
(c) random YAML-ish text as targets.yaml. Each example runs the real command through CliRunner.
"""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import CLEAN_ENV, DATA, assert_no_crash, store_snapshot
from liuzhang.cli.app import app
from liuzhang.store import open_store

HEADER = "id,period,value,unit,status,note,reported_by"
FIRST = HEADER + "\nnew_urban_jobs,2023-05,500,人,,,区民政人社局\n"
FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

pytestmark = pytest.mark.usefixtures("private_cache")


def assert_exit_0_or_1(result: Result) -> None:
    """What ``main()`` guarantees a user: exit 0 or 1, never an exception escaping."""
    assert_no_crash(result)
    assert result.exit_code in (0, 1), (result.exit_code, result.output)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """One folder for the whole module: hypothesis examples share it, each with its own files."""
    folder = Path(tempfile.mkdtemp(prefix="liuzhang-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def baseline(workdir: Path) -> Path:
    """A store holding one earlier ingest; every example works on a fresh copy."""
    db = workdir / "baseline.sqlite"
    first = workdir / "first.csv"
    first.write_text(FIRST, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["ingest", str(first), "--db", str(db), "--data", str(DATA)], env=CLEAN_ENV
    )
    assert result.exit_code == 0, result.output
    return db


class Example:
    """A fresh folder and store copy for one hypothesis example."""

    def __init__(self, workdir: Path, baseline: Path) -> None:
        self.dir = Path(tempfile.mkdtemp(dir=workdir))
        self.db = self.dir / "store.sqlite"
        shutil.copy(baseline, self.db)

    def ingest(self, path: Path) -> Result:
        return CliRunner().invoke(
            app, ["ingest", str(path), "--db", str(self.db), "--data", str(DATA)], env=CLEAN_ENV
        )

    def __enter__(self) -> Example:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


# -- (a) random bytes ------------------------------------------------------------------------

PREFIXES = [
    b"",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    (HEADER + "\n").encode(),
    codecs.BOM_UTF8 + "编号,期间,数值,单位,状态\n".encode(),
    "编号,期间,数值\n".encode("gbk"),
]


@FUZZ
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=3000),
    suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".txt", ""]),
)
def test_random_bytes_never_crash_and_a_refusal_stores_nothing(
    workdir: Path, baseline: Path, prefix: bytes, body: bytes, suffix: str
) -> None:
    with Example(workdir, baseline) as ex:
        path = ex.dir / f"submission{suffix}"
        path.write_bytes(prefix + body)
        before = store_snapshot(ex.db)
        result = ex.ingest(path)
        assert_exit_0_or_1(result)
        event(f"exit code {result.exit_code}")
        if result.exit_code == 1:
            assert store_snapshot(ex.db) == before


# -- (b) near-valid CSVs ---------------------------------------------------------------------

# id -> (value strategy, unit, status strategy) for rows that are valid as they stand.
_PERCENT = st.decimals(min_value=-20, max_value=60, places=1, allow_nan=False).map(str)
_COUNT = st.integers(min_value=0, max_value=5_000_000).map(str)
_SHARE = st.integers(min_value=0, max_value=100).map(lambda n: f"{n}%")
_NONE = st.just("")
ITEMS: dict[str, tuple[st.SearchStrategy[str], str, st.SearchStrategy[str]]] = {
    "gdp_growth": (_PERCENT, "%", _NONE),
    "new_urban_jobs": (_COUNT, "人", _NONE),
    "key_project_investment": (_COUNT.map(lambda v: v + "万"), "元", _NONE),
    "pm25": (st.integers(min_value=1, max_value=200).map(str), "μg/m³", _NONE),
    "general_airport_start": (st.sampled_from(["1", "0", "是", "否"]), "", _NONE),
    "a3-10": (_SHARE, "", st.sampled_from(["推进中", "已完成", "in_progress", "未启动"])),
    "a2-1": (_NONE, "", st.sampled_from(["推进中", "已完成", "done", "not_started"])),
}
PERIODS = ["2023-06", "2023年1-6月", "2023-Q2", "2023年6月", "2023-05", "2023-06-上旬", "2023"]
REPORTERS = ["", "区发改财政局", "区民政人社局", "区科技工信局"]
FULL_WIDTH = str.maketrans("0123456789.-%", "０１２３４５６７８９．－％")


@st.composite
def valid_row(draw: st.DrawFn) -> list[str]:
    ident = draw(st.sampled_from(sorted(ITEMS)))
    values, unit, statuses = ITEMS[ident]
    return [
        ident,
        draw(st.sampled_from(PERIODS)),
        draw(values),
        unit,
        draw(statuses),
        draw(st.sampled_from(["", "备注", "上半年数据", "含“引号”, 和逗号"])),
        draw(st.sampled_from(REPORTERS)),
    ]


@st.composite
def mutated_row(draw: st.DrawFn) -> list[str]:
    cells = draw(valid_row())
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        kind = draw(
            st.sampled_from(
                ["drop", "extra", "unicode", "huge", "negative", "full_width", "blank", "pad"]
            )
        )
        at = draw(st.integers(min_value=0, max_value=len(cells) - 1))
        if kind == "drop" and len(cells) > 1:
            del cells[at]
        elif kind == "extra":
            cells.insert(at, draw(st.sampled_from(["", "1", "200", "x"])))
        elif kind == "unicode":
            cells[at] = draw(st.text(max_size=12))
        elif kind == "huge":
            cells[at] = draw(st.sampled_from(["9" * 40, "1" + "0" * 400, "0." + "0" * 60 + "1"]))
        elif kind == "negative":
            cells[at] = draw(st.sampled_from(["-", "−", "负", "下降"])) + cells[at]
        elif kind == "full_width":
            cells[at] = cells[at].translate(FULL_WIDTH)
        elif kind == "blank":
            cells[at] = ""
        else:
            cells[at] = f" {cells[at]}\u3000"
    return cells


@st.composite
def near_valid_csv(draw: st.DrawFn) -> tuple[bytes, bool]:
    """The file and whether its cells were joined with proper CSV quoting."""
    rows = draw(st.lists(st.one_of(valid_row(), mutated_row()), min_size=1, max_size=12))
    quoted = draw(st.booleans())
    if quoted:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
        writer.writerow(HEADER.split(","))
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        text = "\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    return text.encode(encoding, errors="replace"), quoted


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _rows_the_reader_sees(path: Path) -> set[tuple[str, str]]:
    """The (id, period) of every data row that reports something, read the way a user's file is
    read (rows without a value and a status are 未填: not stored, not an error)."""
    from liuzhang.domain.periods import parse_period
    from liuzhang.submissions.reading import parse_table
    from liuzhang.submissions.rules import map_header, reports_nothing

    table = parse_table(path, path.read_bytes())
    columns, problems = map_header(table.header, str(path), table.header_row)
    assert not problems
    keys: dict[tuple[str, object], str] = {}  # (id, period end) -> the first period text
    for _, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        value = _cell(cells, columns.get("value", len(cells)))
        status = _cell(cells, columns.get("status", len(cells)))
        if reports_nothing(value, status):
            continue
        ident = _cell(cells, columns["id"])
        period = parse_period(_cell(cells, columns["period"]))
        assert period is not None
        # one value per period end: 2023-Q2 after 2023-06 (the same value) is a duplicate
        keys.setdefault((ident, period.end), period.text)
    return {(ident, text) for (ident, _), text in keys.items()}


@FUZZ
@given(case=near_valid_csv())
def test_a_near_valid_csv_is_stored_whole_or_not_at_all(
    workdir: Path, baseline: Path, case: tuple[bytes, bool]
) -> None:
    content, _ = case
    with Example(workdir, baseline) as ex:
        path = ex.dir / "near.csv"
        path.write_bytes(content)
        before = store_snapshot(ex.db)
        result = ex.ingest(path)
        assert_exit_0_or_1(result)
        event(f"exit code {result.exit_code}")
        after = store_snapshot(ex.db)
        if result.exit_code == 1:
            assert after == before, result.output
            return
        # Accepted: the earlier rows are untouched and every row of this file is stored.
        for table in ("ingests", "observations"):
            assert after[table][: len(before[table])] == before[table]
        if "完全相同" in result.output:  # the very bytes of the earlier ingest
            assert after == before
            return
        assert len(after["ingests"]) == len(before["ingests"]) + 1, result.output
        ingest_id = after["ingests"][-1][0]
        with open_store(ex.db, create=False) as store:
            stored = {(r.item_id, r.period) for r in store.observations(ingest_id)}
        assert stored == _rows_the_reader_sees(path), result.output


# -- (c) YAML-ish text as targets.yaml -------------------------------------------------------

_KEYS = [
    "year",
    "tolerance",
    "targets",
    "points",
    "ratio",
    "id",
    "battle",
    "name",
    "target",
    "unit",
    "direction",
    "measure",
    "frequency",
    "pacing",
    "commitment",
    "lead",
    "task",
    "due",
    "sources",
    "ref",
    "quote",
    "note",
]
_SCALARS = [
    "2023",
    "6",
    "7.5",
    "-1",
    "0x10",
    "010",
    "1e3",
    ".inf",
    ".nan",
    "true",
    "null",
    "~",
    "at_least",
    "at_most",
    "cumulative",
    "milestone",
    "monthly",
    "确保",
    "区发改财政局",
    "市环保局",
    "a3-10",
    '"2023-12"',
    "2024-06",
    "linear",
    "{3: 0.25, 12: 1}",
    "{6: 0.5}",
    "[]",
    "{}",
    "'引号'",
    '"未闭合',
    "&a x",
    "*a",
    "!!str s",
    "!!python/object:os.system x",
    "|",
    ">",
]
_PIECES = st.one_of(
    st.sampled_from(_KEYS).map(lambda k: k + ":"),
    st.sampled_from(_SCALARS),
    st.sampled_from(["\n", "\n  ", "\n    ", "\n  - ", "\n      - ", "- ", " ", "\t", ": "]),
    st.sampled_from(["{", "}", "[", "]", ",", "#", "---", "? ", "%YAML 1.2", "\\", '"', "'"]),
    st.text(max_size=6),
)
VALID_TARGETS = """year: 2023
tolerance: {points: 1, ratio: 0.1}
targets:
  - id: new_loans
    battle: 3
    name: "年度新增贷款"
    target: 3
    unit: "亿元"
    direction: at_least
    measure: cumulative
    frequency: monthly
    pacing: {3: 0.25, 6: 0.5, 9: 0.75, 12: 1}
    lead: "区发改财政局"
    task: a3-10
    sources:
      - {ref: "附件3-1 (10)", quote: "确保年度新增贷款3亿元以上"}
"""


@st.composite
def yamlish(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return "".join(draw(st.lists(_PIECES, max_size=60)))
    # A valid file with a few pieces spliced in or cut out.
    text = VALID_TARGETS
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(_PIECES) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=12)) :]
    return text


@pytest.fixture(scope="module")
def data_copy_for_fuzz(workdir: Path) -> Path:
    folder = workdir / "data"
    folder.mkdir()
    for name in ("plan.yaml", "targets.yaml", "tasks.yaml", "units.yaml"):
        shutil.copy(DATA / name, folder / name)
    return folder


@FUZZ
@given(text=yamlish())
def test_yamlish_targets_never_crash_validate(data_copy_for_fuzz: Path, text: str) -> None:
    (data_copy_for_fuzz / "targets.yaml").write_text(text, encoding="utf-8", errors="replace")
    result = CliRunner().invoke(app, ["validate", "--data", str(data_copy_for_fuzz)], env=CLEAN_ENV)
    assert_exit_0_or_1(result)
    event(f"exit code {result.exit_code}")
    if result.exit_code == 1:
        assert "发现" in result.output and "个错误" in result.output
