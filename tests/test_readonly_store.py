"""A store in a read-only place (an archived store) can be read (issue 11, case 11).

status, log, show, missing, report and units open the store read-only: they work on a read-only
file in a read-only folder, and write nothing: the file's bytes and times stay, and no -wal or
-shm file appears beside it. Ingest and revert keep the write path. As root, permission bits do
not stop writes, so the same commands also run as ``nobody`` (see test_store_safety).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import CLEAN_ENV, DATA
from liuzhang.cli.app import app
from liuzhang.domain.plan import PlanKey
from liuzhang.store import Store, StoreError, open_store, read_only
from test_store_safety import _old_store, _skip_unless_read_only, unprivileged, world_dir

__all__ = ["world_dir"]  # a fixture used here

SUBMISSION = "id,period,value,unit\nnew_urban_jobs,2023-06,500,人\ngdp_growth,2023-06,6.8,%\n"

# Each read-only command, with its arguments besides --db (``out``: a writable folder).
READERS: dict[str, Callable[[Path], list[str]]] = {
    "status": lambda out: ["status"],
    "status-json": lambda out: ["status", "--as-of", "2023-06", "--format", "json"],
    "log": lambda out: ["log"],
    "show": lambda out: ["show", "new_urban_jobs"],
    "missing": lambda out: ["missing"],
    "units": lambda out: ["units", "--as-of", "2023-06"],
    "report": lambda out: ["report", "--month", "2023-06", "-f", "md", "--out", str(out)],
}


def invoke(*args: str) -> Result:
    env = {**CLEAN_ENV, "LIUZHANG_CACHE": "off", "COLUMNS": "300"}
    return CliRunner().invoke(app, [*args, "--data", str(DATA)], env=env)


def state(db: Path) -> tuple[str, int, list[str], int]:
    """The file's content, its modification time, what lies beside it, and the folder's
    modification time (which a -wal or -shm file created and removed again would change)."""
    return (
        hashlib.sha256(db.read_bytes()).hexdigest(),
        db.stat().st_mtime_ns,
        sorted(p.name for p in db.parent.iterdir()),
        db.parent.stat().st_mtime_ns,
    )


def make_store(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    db = folder / "archived.sqlite"
    sub = folder.parent / "june.csv"
    sub.write_text(SUBMISSION, encoding="utf-8")
    result = invoke("ingest", str(sub), "--db", str(db))
    assert result.exit_code == 0, result.output
    sub.unlink()
    return db


def archive(db: Path) -> None:
    """Mark the store and its folder read-only."""
    db.chmod(0o444)
    db.parent.chmod(0o555)


def _output(name: str, args: list[str], db: Path, out: Path) -> str:
    result = invoke(*args, "--db", str(db))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0, (name, result.output)
    text = result.stdout.replace(str(db), "DB").replace(str(out), "OUT")
    if name == "report":
        text += (out / "月通报_2023-06.md").read_text(encoding="utf-8")
    return text


@pytest.mark.parametrize("command", READERS)
def test_a_read_only_store_is_read_and_left_as_it_was(tmp_path: Path, command: str) -> None:
    """As whoever runs the tests (root included: then only the bits mark it read-only)."""
    db = make_store(tmp_path / "archive")
    out = tmp_path / "out"
    expected = _output(command, READERS[command](out), db, out)  # the same, writable
    archive(db)
    before = state(db)
    assert _output(command, READERS[command](out), db, out) == expected
    assert state(db) == before
    db.parent.chmod(0o755)


@pytest.mark.parametrize("command", READERS)
def test_a_store_that_cannot_be_written_is_read(world_dir: Path, command: str) -> None:
    """As a user who really cannot write there (``nobody`` when the tests run as root)."""
    db = make_store(world_dir / "archive")
    out = world_dir / "out"
    out.mkdir()
    out.chmod(0o777)
    expected = _output(command, READERS[command](out), db, out)
    archive(db)
    _skip_unless_read_only(db.parent)
    before = state(db)
    out = world_dir / "out-nobody"  # the files root wrote in ``out`` are not nobody's
    out.mkdir()
    out.chmod(0o777)
    with unprivileged():
        text = _output(command, READERS[command](out), db, out)
    assert text == expected
    assert state(db) == before


def test_ingest_and_revert_still_need_a_writable_store(world_dir: Path) -> None:
    db = make_store(world_dir / "archive")
    archive(db)
    _skip_unless_read_only(db.parent)
    before = state(db)
    sub = world_dir / "july.csv"
    sub.write_text(SUBMISSION.replace("2023-06", "2023-07"), encoding="utf-8")
    sub.chmod(0o644)
    with unprivileged():
        results = [
            invoke("ingest", str(sub), "--db", str(db)),
            invoke("revert", "1", "--db", str(db)),
        ]
    for result in results:
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"无法打开或写入数据库 {db}" in result.output
    assert state(db) == before


def test_opening_read_only_creates_no_file_beside_the_store(tmp_path: Path) -> None:
    db = make_store(tmp_path / "s")
    before = state(db)
    with open_store(db, readonly=True) as store:
        assert sorted(p.name for p in db.parent.iterdir()) == ["archived.sqlite"]
        assert [r.value for r in store.latest()] == ["6.8", "500"]
        with pytest.raises(sqlite3.OperationalError):
            store.revert(1)
    assert state(db) == before


def test_a_missing_store_is_not_created_by_a_reader(tmp_path: Path) -> None:
    db = tmp_path / "none.sqlite"
    with pytest.raises(StoreError) as caught:
        open_store(db, readonly=True)
    assert caught.value.code == "store_missing"
    result = invoke("log", "--db", str(db), "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])
    assert list(tmp_path.iterdir()) == []


def _add_ingest(db: Path) -> Store:
    """A second ingest, written by another connection (left open: close it)."""
    writer = open_store(db, create=False)
    writer.ingest("b.csv", "x", None, [], rows_read=0, rejected=0, plan=PlanKey("大通湖区", 2023))
    return writer


def test_a_writer_that_comes_in_while_reading_is_seen(tmp_path: Path) -> None:
    """Read as an immutable file first; if the store changed meanwhile, read it again."""
    db = make_store(tmp_path / "s")
    calls: list[bool] = []

    def read(store: Store) -> list[str]:
        calls.append(getattr(store, "immutable", False))
        if len(calls) == 1:
            _add_ingest(db).close()
        return [r.file for r in store.ingests()]

    assert read_only(db, read)[-1] == "b.csv"
    assert calls == [True, False]


def test_a_writer_with_an_open_log_is_read_through_it(tmp_path: Path) -> None:
    """A -wal file beside the store: values not yet folded into it are read all the same."""
    db = make_store(tmp_path / "s")
    writer = _add_ingest(db)
    try:
        assert (db.parent / "archived.sqlite-wal").exists()
        assert [r.file for r in read_only(db, lambda s: s.ingests())][-1] == "b.csv"
    finally:
        writer.close()


def test_an_old_store_that_cannot_be_written_says_it_must_be_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    _old_store(db, 2)
    db.chmod(0o444)
    before = state(db)
    result = invoke("status", "--db", str(db))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == (
        f"数据库 {db} 来自旧版本（数据库版本 2），需要升级，而它是只读的：恢复它的写权限"
        "（或复制到可写的目录）后运行一次 liuzhang status 即可完成升级"
    )
    assert state(db) == before
    db.chmod(0o644)
    result = invoke("status", "--db", str(db), "--as-of", "2023-06", "-f", "json")
    assert result.exit_code == 0
    assert (
        next(r for r in json.loads(result.stdout) if r["id"] == "new_urban_jobs")["actual"] == 450
    )


def test_a_path_with_uri_characters_is_opened_read_only(tmp_path: Path) -> None:
    """The read-only open goes through a file: URI; ? # % and spaces stay part of the name."""
    db = make_store(tmp_path / "归档 #1?x%20")
    archive(db)
    before = state(db)
    result = invoke("log", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["file"].endswith("june.csv") for r in json.loads(result.stdout)] == [True]
    assert state(db) == before
    db.parent.chmod(0o755)
