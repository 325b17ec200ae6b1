"""The store refuses files that are not its own and leaves them byte for byte as they were.

Every refusal is a clear message and exit code 1, never a traceback: a file that is not SQLite,
another application's SQLite database, a liuzhang database from a newer release, and stores that
cannot be written (a read-only directory, a directory given as --db).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import DATA
from liuzhang.cli.app import app
from liuzhang.store import open_store
from liuzhang.store.sqlite import SCHEMA_VERSION

CLEAN_ENV: dict[str, str | None] = {
    "LIUZHANG_LANG": None,
    "LIUZHANG_DB": None,
    "LIUZHANG_DATA": None,
    "LIUZHANG_DEBUG": None,
    "LIUZHANG_CACHE": "off",
}
SUBMISSION = "id,period,value,unit\nnew_urban_jobs,2023-06,500,人\n"
NOT_OURS = "不是 liuzhang 数据库，拒绝使用（未做任何修改）"
UNWRITABLE = "无法打开或写入数据库"
TOO_NEW = (
    f"来自更新的版本（数据库版本 {SCHEMA_VERSION + 1}，本程序支持 {SCHEMA_VERSION}），"
    "请升级 liuzhang"
)

# Each command that opens the store, with the arguments it needs besides --db.
COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "ingest": lambda sub: ["ingest", str(sub)],
    "log": lambda sub: ["log"],
    "revert": lambda sub: ["revert", "1"],
    "status": lambda sub: ["status", "--as-of", "2023-06"],
}


def invoke(runner: CliRunner, *args: str, data: Path = DATA) -> Result:
    return runner.invoke(app, [*args, "--data", str(data)], env=CLEAN_ENV)


def assert_clean_exit(result: Result, code: int = 1) -> None:
    """The exit code, and no exception other than the CLI's own exit."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's sha256 and the names in its directory (no -wal, -shm or -journal left)."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(
        p.name for p in path.parent.iterdir()
    )


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    path = tmp_path / "sub" / "ok.csv"
    path.parent.mkdir()
    path.write_text(SUBMISSION, encoding="utf-8")
    return path


def _liuzhang_db(folder: Path, runner: CliRunner) -> Path:
    db = folder / "liuzhang.sqlite"
    first = folder / "first.csv"
    first.write_text(SUBMISSION.replace("2023-06", "2023-05"), encoding="utf-8")
    assert_clean_exit(invoke(runner, "ingest", str(first), "--db", str(db)), 0)
    first.unlink()
    return db


def _other_app(folder: Path, wal: bool) -> Path:
    db = folder / "places.sqlite"
    conn = sqlite3.connect(db)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
    conn.commit()
    conn.close()
    return db


def _other_app_with_meta(folder: Path) -> Path:
    """Another program that also keeps a key/value ``meta`` table."""
    db = folder / "other.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("app", "zotero"), ("schema_version", "1")])
    conn.commit()
    conn.close()
    return db


def _text_file(folder: Path) -> Path:
    db = folder / "notes.sqlite"
    db.write_text("这是一份会议纪要，不是数据库。\n" * 20, encoding="utf-8")
    return db


def _sqlite_header_then_garbage(folder: Path) -> Path:
    db = folder / "broken.sqlite"
    db.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    return db


FOREIGN: dict[str, Callable[[Path], Path]] = {
    "text_file": _text_file,
    "sqlite_header_then_garbage": _sqlite_header_then_garbage,
    "other_app_rollback_journal": lambda folder: _other_app(folder, wal=False),
    "other_app_wal": lambda folder: _other_app(folder, wal=True),
    "other_app_with_meta_table": _other_app_with_meta,
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_a_foreign_file_is_refused_and_left_untouched(
    tmp_path: Path, runner: CliRunner, submission: Path, kind: str, command: str
) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    db = FOREIGN[kind](folder)
    before = fingerprint(db)
    result = invoke(runner, *COMMANDS[command](submission), "--db", str(db))
    assert_clean_exit(result)
    assert f"{db} {NOT_OURS}" in result.output
    assert fingerprint(db) == before


def _set_schema_version(db: Path, value: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (value,))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_database_from_a_newer_release_is_refused_and_left_untouched(
    tmp_path: Path, runner: CliRunner, submission: Path, command: str
) -> None:
    db = _liuzhang_db(tmp_path, runner)
    _set_schema_version(db, str(SCHEMA_VERSION + 1))
    before = fingerprint(db)
    result = invoke(runner, *COMMANDS[command](submission), "--db", str(db))
    assert_clean_exit(result)
    assert f"{db} {TOO_NEW}" in result.output
    assert fingerprint(db) == before


def test_a_damaged_schema_version_is_refused_not_a_crash(
    tmp_path: Path, runner: CliRunner, submission: Path
) -> None:
    db = _liuzhang_db(tmp_path, runner)
    _set_schema_version(db, "2.0")
    before = fingerprint(db)
    result = invoke(runner, "ingest", str(submission), "--db", str(db))
    assert_clean_exit(result)
    assert f"{db} {NOT_OURS}" in result.output
    assert fingerprint(db) == before


def test_a_directory_given_as_db_is_refused(
    tmp_path: Path, runner: CliRunner, submission: Path
) -> None:
    folder = tmp_path / "a_folder"
    folder.mkdir()
    result = invoke(runner, "ingest", str(submission), "--db", str(folder))
    assert_clean_exit(result)
    assert f"{folder} {NOT_OURS}" in result.output
    assert list(folder.iterdir()) == []


# The layout of releases 1 and 2 (one SQLite row per observation; 2 added `current`).
OLD_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE ingests (id INTEGER PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL,
    reported_by TEXT, rows_read INTEGER NOT NULL, rows_stored INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL, rows_revised INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL, ingested_at TEXT NOT NULL, reverted_at TEXT) STRICT;
CREATE INDEX ingests_sha ON ingests (sha256);
CREATE TABLE observations (id INTEGER PRIMARY KEY, ingest_id INTEGER NOT NULL
    REFERENCES ingests (id), item_id TEXT NOT NULL, kind TEXT NOT NULL, period TEXT NOT NULL,
    period_kind TEXT NOT NULL, period_end TEXT NOT NULL, end_month INTEGER NOT NULL,
    value TEXT, status TEXT, unit TEXT, raw_value TEXT, raw_unit TEXT, note TEXT,
    reported_by TEXT, row INTEGER NOT NULL) STRICT;
CREATE INDEX observations_item ON observations (item_id, period, id);
CREATE VIEW live_observations AS SELECT o.* FROM observations o
    JOIN ingests i ON i.id = o.ingest_id WHERE i.reverted_at IS NULL;
"""
OLD_CURRENT = """CREATE TABLE current (item_id TEXT NOT NULL, period TEXT NOT NULL,
    observation_id INTEGER NOT NULL, PRIMARY KEY (item_id, period)) STRICT, WITHOUT ROWID"""


def _old_store(db: Path, version: int) -> None:
    """Three ingests in the old layout: a first report, a revision, a reverted revision."""
    conn = sqlite3.connect(db)
    conn.executescript(OLD_SCHEMA)
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)", [("app", "liuzhang"), ("schema_version", str(version))]
    )
    for n, reverted in ((1, None), (2, None), (3, "2023-07-02T10:00:00+08:00")):
        conn.execute(
            "INSERT INTO ingests VALUES (?, ?, ?, '区人社局', 2, 2, 0, 0, 0, ?, ?)",
            (n, f"f{n}.csv", f"sha{n}", f"2023-07-0{n}T09:00:00+08:00", reverted),
        )
    month = "'month', '2023-{m:02d}-{d}', {m}"
    rows = [
        (1, 1, "new_urban_jobs", 5, 31, "300", "3百"),
        (2, 1, "new_urban_jobs", 6, 30, "400", None),
        (3, 2, "new_urban_jobs", 6, 30, "450", "450人"),
        (4, 3, "new_urban_jobs", 6, 30, "999", None),
    ]
    for obs_id, ingest_id, item, m, d, value, raw in rows:
        conn.execute(
            f"""INSERT INTO observations VALUES (?, ?, ?, 'target', '2023-{m:02d}',
                {month.format(m=m, d=d)}, ?, NULL, '人', ?, NULL, '备注\x1f含分隔符',
                '区人社局', ?)""",
            (obs_id, ingest_id, item, value, raw, obs_id + 1),
        )
    if version >= 2:
        conn.execute(OLD_CURRENT)
        conn.executemany(
            "INSERT INTO current VALUES ('new_urban_jobs', ?, ?)", [("2023-05", 1), ("2023-06", 3)]
        )
    conn.commit()
    conn.close()


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize(
    "command",
    ["ingest", "status"],
)
def test_a_store_of_an_older_release_is_migrated(
    tmp_path: Path, runner: CliRunner, submission: Path, command: str, version: int
) -> None:
    db = tmp_path / "old.sqlite"
    _old_store(db, version)
    result = invoke(runner, *COMMANDS[command](submission), "--db", str(db))
    assert_clean_exit(result, 0)
    with open_store(db, create=False) as store:
        version = store.schema_version()
        latest = [(r.period, r.value, r.id, r.raw_value) for r in store.latest()]
        history = [
            (r.id, r.value, r.reverted_at is not None) for r in store.history("new_urban_jobs")
        ]
        notes = {r.note for r in store.history("new_urban_jobs")}
    assert version == SCHEMA_VERSION
    assert latest[0] == ("2023-05", "300", 1, "3百")
    if command == "ingest":  # the new file's 500 is observation 5 and now counts for 2023-06
        assert latest[1:] == [("2023-06", "500", 5, "500")]
        assert history[-1] == (5, "500", False)
    else:
        assert latest[1:] == [("2023-06", "450", 3, "450人")]
    assert history[:4] == [
        (1, "300", False),
        (2, "400", False),
        (3, "450", False),
        (4, "999", True),
    ]
    assert "备注\x1f含分隔符" in notes  # a value holding the separator survives


def test_an_empty_file_is_taken_as_a_new_store(
    tmp_path: Path, runner: CliRunner, submission: Path
) -> None:
    """A zero-byte file holds nothing to protect (``touch store.sqlite``): it becomes the store."""
    db = tmp_path / "touched.sqlite"
    db.touch()
    assert_clean_exit(invoke(runner, "ingest", str(submission), "--db", str(db)), 0)
    with open_store(db, create=False) as store:  # ours: a foreign file is refused
        assert store.schema_version() == SCHEMA_VERSION


# -- read-only directories -------------------------------------------------------------------


def _is_root() -> bool:
    return getattr(os, "geteuid", lambda: -1)() == 0


@contextmanager
def unprivileged() -> Iterator[None]:
    """Run a block without write permission on 0o555 directories.

    As root, permission bits do not bind, so the block runs with the effective uid of
    ``nobody`` (and back to root afterwards); as any other user it runs as is.
    """
    if not _is_root():
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def _preload() -> None:
    """Import every liuzhang module and look up the codecs the commands use, while the
    interpreter's own files are still readable (as ``nobody`` they may not be)."""
    import codecs
    import importlib
    import pkgutil

    import liuzhang

    for module in pkgutil.walk_packages(liuzhang.__path__, "liuzhang."):
        if not module.name.endswith("__main__"):  # that one runs the CLI on import
            importlib.import_module(module.name)
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "ascii", "latin-1"):
        codecs.lookup(encoding)


@pytest.fixture
def world_dir(runner: CliRunner) -> Iterator[Path]:
    """A directory every user can enter (pytest's tmp_path is private to root), with a copy of
    the plan data in ``data`` (the checkout may live where ``nobody`` cannot read, such as a
    private home or a ``mktemp -d`` folder).

    One accepted and one refused ingest run first with full rights, so that every module the
    command imports lazily is loaded before the test drops them (the interpreter may live where
    ``nobody`` cannot read).
    """
    path = Path(tempfile.mkdtemp(prefix="liuzhang-ro-"))
    path.chmod(0o755)
    shutil.copytree(DATA, path / "data")
    for sub in [path / "data", *(path / "data").rglob("*")]:
        sub.chmod(0o755 if sub.is_dir() else 0o644)
    warmup = path / "warmup"
    warmup.mkdir()
    _liuzhang_db(warmup, runner)
    invoke(runner, "ingest", str(warmup / "liuzhang.sqlite"), "--db", str(_text_file(warmup)))
    _preload()
    shutil.rmtree(warmup)
    yield path
    for sub in [path, *path.rglob("*")]:
        if sub.is_dir():
            sub.chmod(0o755)
    shutil.rmtree(path)


def _readable_submission(folder: Path, period: str = "2023-06") -> Path:
    path = folder / f"ok-{period}.csv"
    path.write_text(SUBMISSION.replace("2023-06", period), encoding="utf-8")
    path.chmod(0o644)
    return path


def _read_only_dir(folder: Path) -> Path:
    path = folder / "readonly"
    path.mkdir()
    path.chmod(0o555)
    return path


def _skip_unless_read_only(path: Path) -> None:
    probe = path / ".probe"
    with unprivileged():
        try:
            probe.touch()
        except PermissionError:
            return
    probe.unlink()
    pytest.skip("cannot make a directory read-only here")


def test_a_new_store_in_a_read_only_directory_is_a_clear_message(
    world_dir: Path, runner: CliRunner
) -> None:
    folder = _read_only_dir(world_dir)
    _skip_unless_read_only(folder)
    db = folder / "liuzhang.sqlite"
    submission = _readable_submission(world_dir)
    with unprivileged():
        result = invoke(runner, "ingest", str(submission), "--db", str(db), data=world_dir / "data")
    assert_clean_exit(result)
    assert f"{UNWRITABLE} {db}" in result.output
    assert list(folder.iterdir()) == []


def test_a_store_folder_that_cannot_be_created_is_a_clear_message(
    world_dir: Path, runner: CliRunner
) -> None:
    folder = _read_only_dir(world_dir)
    _skip_unless_read_only(folder)
    db = folder / "new" / "liuzhang.sqlite"
    submission = _readable_submission(world_dir)
    with unprivileged():
        result = invoke(runner, "ingest", str(submission), "--db", str(db), data=world_dir / "data")
    assert_clean_exit(result)
    assert f"{UNWRITABLE} {db}" in result.output
    assert list(folder.iterdir()) == []


def test_an_existing_store_in_a_read_only_directory_is_not_called_foreign(
    world_dir: Path, runner: CliRunner
) -> None:
    folder = world_dir / "store"
    folder.mkdir()
    db = _liuzhang_db(folder, runner)
    db.chmod(0o666)
    folder.chmod(0o555)
    _skip_unless_read_only(folder)
    before = fingerprint(db)
    submission = _readable_submission(world_dir)
    with unprivileged():
        result = invoke(runner, "ingest", str(submission), "--db", str(db), data=world_dir / "data")
    assert_clean_exit(result)
    assert f"{UNWRITABLE} {db}" in result.output and NOT_OURS not in result.output
    assert fingerprint(db) == before


def test_a_read_only_directory_with_a_foreign_file_is_still_refused_cleanly(
    world_dir: Path, runner: CliRunner
) -> None:
    """The refusal of a foreign file needs no write access and writes nothing."""
    folder = world_dir / "store"
    folder.mkdir()
    db = _text_file(folder)
    db.chmod(0o644)
    folder.chmod(0o555)
    _skip_unless_read_only(folder)
    before = fingerprint(db)
    submission = _readable_submission(world_dir)
    with unprivileged():
        result = invoke(runner, "ingest", str(submission), "--db", str(db), data=world_dir / "data")
    assert_clean_exit(result)
    assert f"{db} {NOT_OURS}" in result.output
    assert fingerprint(db) == before
