"""Where liuzhang keeps caches (the validated catalog, the top-level help text)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    """``LIUZHANG_CACHE`` (``off`` disables caching), else ``$XDG_CACHE_HOME/liuzhang``."""
    chosen = os.environ.get("LIUZHANG_CACHE")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "liuzhang"


def blake2b() -> Any:
    """The blake2b constructor, for the caches' content keys."""
    try:  # hashlib would load OpenSSL first: a few ms of every command's start-up
        from _blake2 import blake2b
    except ImportError:  # not CPython
        from hashlib import blake2b
    return blake2b


def digest(blob: bytes) -> str:
    """A content key (blake2b, hex) for the caches."""
    return str(blake2b()(blob).hexdigest())
