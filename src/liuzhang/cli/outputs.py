"""Files the commands write (reports, forms, rejected rows): folders made, clear errors.

A path that cannot be written (read-only, a file where a folder is expected, a full disk) is a
message naming the path and exit 1, never an internal error.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from liuzhang.cli.context import Ctx


def blocking_file(path: Path) -> Path | None:
    """The file standing where ``path`` or one of its parents should be a folder, if any."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


def os_reason(exc: OSError, lang: Any, path: Path | None = None) -> str:
    """Why writing failed, in the user's language."""
    from liuzhang.i18n import message

    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return message("os_permission", lang)
    if isinstance(exc, IsADirectoryError):
        return message("os_is_directory", lang)
    if isinstance(exc, NotADirectoryError | FileExistsError) and path is not None:
        blocker = blocking_file(path.parent if isinstance(exc, NotADirectoryError) else path)
        return message("os_not_directory", lang, path=str(blocker or path))
    if exc.errno == errno.ENOSPC:
        return message("os_no_space", lang)
    return exc.strerror or type(exc).__name__


def fail_unwritable(ctx: Ctx, path: Path, exc: OSError) -> NoReturn:
    """The ``output_unwritable`` message for ``path`` and exit 1."""
    from liuzhang.render.outtext import visible

    ctx.fail("output_unwritable", 1, path=visible(str(path)), reason=os_reason(exc, ctx.lang, path))


def ensure_dir(ctx: Ctx, directory: Path, file: Path | None = None) -> None:
    """Make ``directory`` and its parents; exit 1 with a clear message when that cannot be.

    ``file`` is the file about to be written there (named in the message instead of the folder).
    """
    from liuzhang.render.outtext import visible

    blocker = blocking_file(directory)
    if blocker is not None:
        if blocker == directory and file is None:
            ctx.fail("output_not_directory", 1, path=visible(str(directory)))
        ctx.fail(
            "output_unwritable",
            1,
            path=visible(str(file or directory)),
            reason=ctx.msg("os_not_directory", path=visible(str(blocker))),
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail_unwritable(ctx, file or directory, exc)


def write_file(ctx: Ctx, path: Path, write: Callable[[Path], object]) -> None:
    """``write(path)`` with its folder made first; exit 1 naming the path when it fails."""
    ensure_dir(ctx, path.parent, path)
    if path.is_dir():
        fail_unwritable(ctx, path, IsADirectoryError(errno.EISDIR, "is a directory"))
    try:
        write(path)
    except OSError as exc:
        fail_unwritable(ctx, path, exc)
