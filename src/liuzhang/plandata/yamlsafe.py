"""Safe YAML loading with positions, YAML 1.2-style typing and no surprises.

The loader works on PyYAML's event stream (libyaml when available), so it never constructs
Python objects from tags, refuses aliases (no alias bombs), rejects duplicate keys, and
types plain scalars the YAML 1.2 way: only ``true``/``false`` are booleans, ``010`` is 10,
``1:30`` and ``2023-12-01`` stay strings. Every node's line and column are recorded by path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from liuzhang.domain.problems import LiuzhangError

try:  # libyaml is much faster; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the build of PyYAML
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64

Path = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


class YamlError(LiuzhangError):
    """A problem that stops a YAML file from being read at all (or a node from being used)."""

    def __init__(
        self, code: str, line: int, column: int, params: dict[str, Any] | None = None
    ) -> None:
        super().__init__(code, **(params or {}))
        self.line = line
        self.column = column


@dataclass
class Loaded:
    """The Python value of a document and the (line, column) of every node, keyed by path."""

    data: Any
    positions: dict[Path, tuple[int, int]]
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def key_position(self, path: Path) -> tuple[int, int]:
        """Position of the key that names ``path`` (falls back to the value's position)."""
        return self.key_positions.get(path) or self.position(path)

    def position(self, path: Path) -> tuple[int, int]:
        """Position of the deepest node on ``path`` that exists (1-based line and column)."""
        for end in range(len(path), -1, -1):
            pos = self.positions.get(path[:end])
            if pos is not None:
                return pos
        return (1, 1)


def plain_scalar(value: str) -> Any:
    """Type a plain (unquoted) scalar the YAML 1.2 core-schema way."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        try:
            number = Decimal(value)
        except ArithmeticError:
            return value
        # Reject exponents that would make later arithmetic blow up (1e999999999).
        return number if abs(number.adjusted()) < 1000 else value
    return value


def loads(text: str) -> Loaded:
    """Parse one YAML document. Raises :class:`YamlError` with a position on any problem."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlError("yaml_too_large", 1, 1, {"limit_mb": MAX_BYTES // (1024 * 1024)})
    positions: dict[Path, tuple[int, int]] = {}
    key_positions: dict[Path, tuple[int, int]] = {}
    # Each stack frame: [container, path, pending_key (for mappings), key_mark]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    loader: Any = None
    try:
        loader = _Loader(text)
        while True:
            event = loader.get_event()
            if event is None:
                break
            kind = type(event)
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    m = event.start_mark
                    raise YamlError("yaml_multiple_documents", m.line + 1, m.column + 1)
                continue
            mark = event.start_mark
            line, col = mark.line + 1, mark.column + 1
            if kind is yaml.AliasEvent:
                raise YamlError("yaml_alias", line, col)
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                done = stack.pop()
                _attach(stack, done[0])
                if not stack:
                    root = done[0]
                continue
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and not (
                kind is yaml.ScalarEvent and tag == "tag:yaml.org,2002:str"
            ):
                raise YamlError("yaml_tag", line, col, {"tag": tag})
            if getattr(event, "anchor", None) is not None:
                raise YamlError("yaml_alias", line, col)
            # Where does this node go?
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                # This node is a mapping key.
                if kind is not yaml.ScalarEvent:
                    raise YamlError("yaml_complex_key", line, col)
                key = event.value
                if key in stack[-1][0] or key in stack[-1][3]:
                    raise YamlError("yaml_duplicate_key", line, col, {"key": key})
                stack[-1][2] = key
                stack[-1][3][key] = (line, col)
                key_positions[(*stack[-1][1], key)] = (line, col)
                continue
            path = _child_path(stack)
            positions[path] = (line, col)
            if kind is yaml.ScalarEvent:
                value: Any
                if not event.style and tag is None and event.implicit[0]:
                    value = plain_scalar(event.value)
                else:
                    value = event.value
                if not stack:
                    root = value
                else:
                    _attach(stack, value)
            elif kind is yaml.MappingStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise YamlError("yaml_too_deep", line, col, {"limit": MAX_DEPTH})
                stack.append([{}, path, _NO_KEY, {}])
            elif kind is yaml.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise YamlError("yaml_too_deep", line, col, {"limit": MAX_DEPTH})
                stack.append([[], path, None, {}])
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "simple key" in (exc.context or ""):
            m = exc.context_mark  # the key that lacks its colon, not where the scanner gave up
        line, col = (m.line + 1, m.column + 1) if m is not None else (1, 1)
        raise YamlError("yaml_syntax", line, col, {"reason": exc.problem or str(exc)}) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(text, str) else 1
        raise YamlError("yaml_syntax", line, 1, {"reason": exc.reason}) from None
    except yaml.YAMLError as exc:
        raise YamlError("yaml_syntax", 1, 1, {"reason": str(exc)}) from None
    finally:
        if loader is not None:
            loader.dispose()
    return Loaded(root, positions, key_positions)


class _NoKey:
    __slots__ = ()


_NO_KEY: Any = _NoKey()


def _child_path(stack: list[list[Any]]) -> Path:
    if not stack:
        return ()
    container, path, key, _ = stack[-1]
    if isinstance(container, dict):
        return (*path, key)
    return (*path, len(container))


def _attach(stack: list[list[Any]], value: Any) -> None:
    if not stack:
        return
    frame = stack[-1]
    container = frame[0]
    if isinstance(container, dict):
        container[frame[2]] = value
        frame[2] = _NO_KEY
    else:
        container.append(value)
