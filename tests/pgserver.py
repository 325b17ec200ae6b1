"""A throwaway PostgreSQL server for the tests: ``LIUZHANG_TEST_PG`` (a URL of a server the
tests may create databases on), else one started here with the machine's ``initdb``/``pg_ctl``
(as the ``postgres`` user when run as root) on a Unix socket in a temporary folder; else none
(the PostgreSQL variants of the tests skip, saying why)."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

_counter = itertools.count(1)


def binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``, if the machine has them."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


class Server:
    """A server the tests create databases on (:meth:`database`)."""

    def __init__(self, url: str, folder: Path | None = None, bin_dir: Path | None = None) -> None:
        self.url = url
        self.folder = folder
        self.bin_dir = bin_dir

    @classmethod
    def start(cls) -> Server:
        """Start a server (raises RuntimeError saying why it cannot)."""
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise RuntimeError("psycopg is not installed (pip install -e '.[dev]')") from None
        given = os.environ.get("LIUZHANG_TEST_PG")
        if given:
            return cls(given)
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("no PostgreSQL server: set LIUZHANG_TEST_PG or install postgresql")
        folder = Path(tempfile.mkdtemp(prefix="liuzhang-pg-"))
        folder.chmod(0o777)
        run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        data = folder / "data"
        subprocess.run(
            [*run_as, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True, capture_output=True,
        )  # fmt: skip
        options = f"-c listen_addresses='' -k {folder} -c fsync=off -c max_connections=100"
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
             "-o", options, "-w", "start"],
            check=True, capture_output=True,
        )  # fmt: skip
        return cls(f"postgresql:///postgres?host={folder}&user=postgres", folder, bin_dir)

    def stop(self) -> None:
        if self.folder is None or self.bin_dir is None:
            return
        run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*run_as, str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
             "immediate", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)

    def database(self, create: bool = False) -> str:
        """The URL of a database of a new name (created, empty, when ``create``; else the
        store makes it on first use)."""
        name = f"lz_{os.getpid()}_{next(_counter)}"
        url = with_database(self.url, name)
        if create:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
        return url

    def empty(self, url: str) -> None:
        """Drop every table and view of a database."""
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")

    def drop(self, url: str) -> None:
        import psycopg

        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def with_database(url: str, name: str) -> str:
    """The URL of another database on the same server."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme}://{parts.netloc}/{name}{query}"
