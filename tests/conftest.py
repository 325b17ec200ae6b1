"""Shared fixtures: the shipped data directory, copies of it to break, and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from liuzhang.store import open_store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED = DATA / "source" / "大办发〔2023〕2号.txt"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped plan files."""
    target = tmp_path / "data"
    target.mkdir()
    for name in ("plan.yaml", "targets.yaml", "tasks.yaml", "units.yaml"):
        shutil.copy(DATA / name, target / name)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of ``old`` in a file; returns its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old) :], encoding="utf-8")
    return text[:index].count("\n") + 1


Replace = Callable[[Path, str, str], int]


# The user's LIUZHANG_* settings must not leak into CLI tests.
CLEAN_ENV: dict[str, str | None] = {
    "LIUZHANG_LANG": None,
    "LIUZHANG_DB": None,
    "LIUZHANG_DATA": None,
    "LIUZHANG_DEBUG": None,
    "LIUZHANG_PLAN": None,
}

Rows = list[tuple[Any, ...]]


def store_snapshot(db: Path) -> dict[str, Rows]:
    """Every row of every table of the store (what “unchanged” means); none when there is no
    store yet."""
    if not db.exists() or db.stat().st_size == 0:
        return {}
    with open_store(db, create=False, readonly=True) as store:
        return store.tables()


def assert_no_crash(result: Result) -> None:
    """What ``main()`` guarantees a user: no exception escapes, no traceback is printed."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


@pytest.fixture(scope="module")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A private catalog cache: the everyday (cached) path, without touching ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIUZHANG_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


def ingest_file(runner: CliRunner, db: Path, path: Path, *args: str) -> tuple[int, str]:
    """``liuzhang ingest PATH --db DB …``: (exit code, output)."""
    from liuzhang.cli.app import app

    result = runner.invoke(app, ["ingest", str(path), "--db", str(db), *args])
    return result.exit_code, result.output


@pytest.fixture(autouse=True, scope="session")
def strict_fast_path() -> Iterator[None]:
    """Every column-wise check in the suite (the CLI's too) raises an unexpected exception
    instead of quietly leaving the file to the row checker (``submissions.fast.STRICT``)."""
    from liuzhang.submissions import fast

    fast.STRICT = True
    yield
    fast.STRICT = False


# -- both store backends (PostgreSQL: tests/pgserver.py) ---------------------------------------

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A throwaway PostgreSQL server for the session (skips, saying why, when none)."""
    from pgserver import Server

    try:
        server = Server.start()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        pytest.skip(f"no PostgreSQL server: {exc} {detail.decode(errors='replace')}".strip())
    yield server
    server.stop()


NewDb = Callable[[], "Path | str"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each store test once on SQLite and once on PostgreSQL."""
    return str(request.param)


@pytest.fixture
def new_db(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[NewDb]:
    """Where a new, empty store is made on this test's backend, each call a new one: a file, or
    on PostgreSQL the test's own database, emptied (the stores opened before must be closed)."""
    if backend == "sqlite":
        counter = iter(range(1, 1_000_000))
        yield lambda: tmp_path / f"s{next(counter)}.sqlite"
        return
    server = request.getfixturevalue("pg_server")
    made: list[str] = []

    def make() -> str:
        if not made:
            made.append(server.database(create=True))
        else:
            server.empty(made[0])
        return made[0]

    yield make
    for url in made:
        server.drop(url)


@pytest.fixture
def db(new_db: NewDb) -> Path | str:
    """A new store's location on this test's backend."""
    return new_db()
