"""The use case of ``liuzhang store copy``: a store moved to another backend, verified."""

from __future__ import annotations

from pathlib import Path

from liuzhang.services import ServiceError


def copy(source: str, target: str) -> dict[str, int]:
    """Copy the store at ``source`` (a file or a ``postgresql://`` URL) into a new or empty one
    at ``target``, verified; how many ingests and values were copied. A store that cannot be
    used, a non-empty target or a failed check is a ServiceError (exit 1)."""
    from liuzhang.store import StoreError, is_url
    from liuzhang.store.transfer import copy_store

    def place(text: str) -> str | Path:
        return text if is_url(text) else Path(text)

    try:
        copied = copy_store(place(source), place(target))
    except StoreError as exc:
        raise ServiceError(exc.code, 1, **exc.params) from None
    return dict(copied.counts)
