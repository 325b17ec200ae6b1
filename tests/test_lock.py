"""A file full of unknown ids, and two ingests at once (issue 11, case 12).

A file is checked before the store's write lock is taken: a refused file never takes it, and a
good one holds it only while its rows are written. An ingest that finds the lock taken says so
on stderr and waits; if it is not released in time, it fails cleanly (exit 1, a coded message,
the store unchanged). Each unknown id's suggestion is worked out once, for a capped number of
distinct ids.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import CLEAN_ENV, DATA, ROOT, store_snapshot
from liuzhang.cli import intake as cli_intake
from liuzhang.cli.app import app
from liuzhang.store import StoreError, lock_timeout, open_store
from liuzhang.submissions import intake

ARGV = [sys.executable, "-m", "liuzhang.cli"]
WAITING = "数据库正被另一个导入占用，等待中…"
GOOD = "id,period,value,unit\nnew_urban_jobs,2023-06,500,人\n"

# Holds the store's write lock until a line comes on stdin.
HOLDER = """
import sys
from pathlib import Path
from liuzhang.store import open_store
store = open_store(Path(sys.argv[1]))
writer = store.begin_ingest("holder.csv", "holder")  # an ingest in progress
print("locked", flush=True)
sys.stdin.readline()
writer.abort()
store.close()
"""


@contextmanager
def lock_held(db: Path) -> Iterator[Callable[[], None]]:
    """Another process holds the write lock; call the yielded function to release it."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline() == "locked\n"

    def release() -> None:
        if proc.poll() is None:
            assert proc.stdin is not None
            proc.stdin.write("\n")
            proc.stdin.flush()
            proc.wait(timeout=30)

    try:
        yield release
    finally:
        release()


def invoke(*args: str, timeout: str = "0.5") -> Result:
    env = {**CLEAN_ENV, "LIUZHANG_CACHE": "off", "LIUZHANG_LOCK_TIMEOUT": timeout}
    return CliRunner().invoke(app, [*args, "--data", str(DATA)], env=env)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite"
    first = tmp_path / "first.csv"
    first.write_text(GOOD.replace("2023-06", "2023-05"), encoding="utf-8")
    result = invoke("ingest", str(first), "--db", str(path))
    assert result.exit_code == 0, result.output
    return path


def unknown_ids(path: Path, ids: list[str], rows: int) -> Path:
    body = "".join(f"{ids[n % len(ids)]},2023-06,{n},人\n" for n in range(rows))
    path.write_text("id,period,value,unit\n" + body, encoding="utf-8")
    return path


# -- suggestions ------------------------------------------------------------------------------


@pytest.fixture
def close_matches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids difflib is asked about, in order."""
    asked: list[str] = []
    real = difflib.get_close_matches

    def counting(word: str, *args: Any, **kwargs: Any) -> list[str]:
        asked.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    return asked


def test_each_unknown_id_is_looked_up_once(
    tmp_path: Path, db: Path, close_matches: list[str]
) -> None:
    ids = ["gdp_grwth", "new_urban_jobz", "zzz", "gdp_grwth2"]
    path = unknown_ids(tmp_path / "bad.csv", ids, 2000)
    result = invoke("ingest", str(path), "--db", str(db))
    assert result.exit_code == 1
    assert close_matches == ids
    lines = result.stderr.splitlines()
    assert lines[0] == f"{path}:2:id: 未知编号“gdp_grwth”，是否指“gdp_growth”？"
    assert lines[1] == f"{path}:3:id: 未知编号“new_urban_jobz”，是否指“new_urban_jobs”？"
    assert lines[2] == f"{path}:4:id: 未知编号“zzz”"
    assert lines[4] == f"{path}:6:id: 未知编号“gdp_grwth”，是否指“gdp_growth”？"


def test_suggestions_stop_after_a_cap(
    tmp_path: Path, db: Path, close_matches: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(intake, "MAX_SUGGESTED_IDS", 2)
    ids = ["gdp_grwth", "zzz", "new_urban_jobz", "gdp_grwth"]
    path = unknown_ids(tmp_path / "bad.csv", ids, 8)
    result = invoke("ingest", str(path), "--db", str(db))
    assert result.exit_code == 1
    assert close_matches == ["gdp_grwth", "zzz"]
    lines = result.stderr.splitlines()
    assert lines[2] == f"{path}:4:id: 未知编号“new_urban_jobz”"  # past the cap: no hint
    assert lines[3] == f"{path}:5:id: 未知编号“gdp_grwth”，是否指“gdp_growth”？"  # known one


def test_the_listing_stops_after_a_cap(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_intake, "MAX_PRINTED", 5)
    path = unknown_ids(tmp_path / "bad.csv", ["zzz"], 12)
    result = invoke("ingest", str(path), "--db", str(db))
    assert result.stderr.splitlines()[5:] == [
        "… (+7)",
        f"{path}：有 12 行被拒收，整个文件未导入（可加 --partial 只导入正确的行）",
    ]


# -- the write lock ---------------------------------------------------------------------------


@pytest.mark.parametrize("large", [False, True], ids=["row-by-row", "column-wise"])
def test_a_refused_file_never_waits_for_the_lock(tmp_path: Path, db: Path, large: bool) -> None:
    """Checked before the lock: its problems come at once, with no waiting."""
    rows = 60_000 if large else 10
    path = unknown_ids(tmp_path / "bad.csv", ["zzz"], rows)
    assert (path.stat().st_size >= cli_intake.FAST_MIN_BYTES) is large
    before = store_snapshot(db)
    with lock_held(db):
        result = invoke("ingest", str(path), "--db", str(db), timeout="0")
    assert result.exit_code == 1
    assert WAITING not in result.stderr and "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == (
        f"{path}：有 {rows} 行被拒收，整个文件未导入（可加 --partial 只导入正确的行）"
    )
    assert store_snapshot(db) == before


@pytest.mark.parametrize("large", [False, True], ids=["row-by-row", "column-wise"])
def test_a_lock_that_stays_taken_fails_cleanly(tmp_path: Path, db: Path, large: bool) -> None:
    path = tmp_path / "good.csv"
    rows = 40_000 if large else 1
    body = "".join(f"a3-{1 + n % 56:02d},2023-{1 + n % 12:02d},50,%,推进中\n" for n in range(rows))
    path.write_text("id,period,value,unit,status\n" + body, encoding="utf-8")
    assert (path.stat().st_size >= cli_intake.FAST_MIN_BYTES) is large
    before = store_snapshot(db)
    with lock_held(db):
        result = invoke("ingest", str(path), "--db", str(db), "--partial", timeout="0.3")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        "数据库正被另一个导入占用，等待中…（最多 0.3 秒）",
        f"{path}：数据库 {db} 正被另一个导入占用，等待 0.3 秒后仍未释放，此文件未导入"
        "（数据库未做任何修改），请稍后重试",
    ]
    assert result.stdout == ""
    assert store_snapshot(db) == before


def test_the_message_in_english(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "good.csv"
    path.write_text(GOOD, encoding="utf-8")
    with lock_held(db):
        result = invoke("ingest", str(path), "--db", str(db), "--lang", "en", timeout="0")
    assert result.stderr.splitlines() == [
        "the database is in use by another ingest; waiting… (up to 0 s)",
        f"{path}: the database {db} is in use by another ingest and was not released within"
        " 0 s; this file was not stored (nothing changed); try again later",
    ]


def test_a_waiting_ingest_lands_once_the_lock_is_released(tmp_path: Path, db: Path) -> None:
    """Two processes: the second ingest waits (and says so) until the first lets go."""
    path = tmp_path / "good.csv"
    path.write_text(GOOD, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIUZHANG_")}
    env.update(PYTHONPATH=str(ROOT / "src"), LIUZHANG_CACHE="off")
    with lock_held(db) as release:
        proc = subprocess.Popen(
            [*ARGV, "ingest", str(path), "--db", str(db), "--data", str(DATA)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stderr is not None
        assert proc.stderr.readline() == "数据库正被另一个导入占用，等待中…（最多 60 秒）\n"
        assert proc.poll() is None  # still waiting
        release()
        out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, "")
    assert out == f"{path}：读取 1 行，新增 1，未变 0，修订 0，拒收 0，未填 0\n"
    with open_store(db, readonly=True) as store:
        assert [(r.period, r.value) for r in store.latest()] == [
            ("2023-05", "500"),
            ("2023-06", "500"),
        ]


def test_revert_waits_and_fails_cleanly_too(db: Path) -> None:
    before = store_snapshot(db)
    with lock_held(db):
        result = invoke("revert", "1", "--db", str(db), timeout="0")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        "数据库正被另一个导入占用，等待中…（最多 0 秒）",
        f"数据库 {db} 正被另一个导入占用，等待 0 秒后仍未释放：本次未做任何修改，请稍后重试",
    ]
    assert store_snapshot(db) == before


def test_begin_immediate_without_a_listener(db: Path) -> None:
    with open_store(db) as store, lock_held(db), pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIUZHANG_LOCK_TIMEOUT", "0.1")
        with pytest.raises(StoreError) as caught:
            store.begin_immediate()
    assert caught.value.code == "store_busy"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 60.0), ("5", 5.0), ("0.25", 0.25), ("0", 0.0), ("-1", 60.0), ("x", 60.0)],
)
def test_lock_timeout(value: str | None, expected: float, monkeypatch: pytest.MonkeyPatch) -> None:
    if value is None:
        monkeypatch.delenv("LIUZHANG_LOCK_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("LIUZHANG_LOCK_TIMEOUT", value)
    assert lock_timeout() == expected
