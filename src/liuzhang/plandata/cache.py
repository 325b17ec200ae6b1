"""Where liuzhang keeps caches (the validated catalog, the top-level help text)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """``LIUZHANG_CACHE`` (``off`` disables caching), else ``$XDG_CACHE_HOME/liuzhang``."""
    chosen = os.environ.get("LIUZHANG_CACHE")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "liuzhang"
