"""Safe reader for PHP ``serialize()`` output found in WordPress meta values.

WordPress stores arrays and objects in ``wp_postmeta``/``wp_termmeta`` as PHP
serialized strings, and WXR exports them verbatim.  This module decodes that
format into plain Python values *without executing anything*: objects become a
``dict`` carrying their class name under ``"__class__"``, never an instance.

Supported tokens::

    N;                      -> None
    b:0; b:1;               -> bool
    i:-12;                  -> int
    d:1.5; d:INF; d:NAN;    -> float
    s:<bytes>:"...";        -> str   (length counted in UTF-8 *bytes*)
    a:<n>:{k;v;...}         -> dict  (keys int or str, insertion order kept)
    O:<len>:"Class":<n>:{}  -> dict  with "__class__": "Class"

Anything else (references ``r:``/``R:``, custom ``C:`` objects, ``S:``
escaped strings, truncated or overlong input, trailing bytes) raises
:class:`PhpSerializeError`; callers keep the raw string in that case.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["PhpSerializeError", "loads", "is_serialized", "maybe_unserialize"]

MAX_DEPTH = 64
CLASS_KEY = "__class__"

_INTEGER = re.compile(rb"[+-]?\d+")
_FLOAT = re.compile(rb"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NAN")
_SPECIAL_FLOATS = {b"INF": float("inf"), b"+INF": float("inf"), b"-INF": float("-inf"), b"NAN": float("nan")}
# The same shape test WordPress' is_serialized() performs, without parsing.
_LOOKS_SERIALIZED = re.compile(r"^(?:N;|b:[01];|i:-?\d+;|d:[^;]+;|s:\d+:\".*\";|[aO]:\d+:.*[;}])$", re.S)


class PhpSerializeError(ValueError):
    """The input is not a complete, supported PHP serialized value."""


def is_serialized(text: str) -> bool:
    """Cheap check: does ``text`` have the shape of a PHP serialized value?"""
    return bool(text) and _LOOKS_SERIALIZED.match(text.strip()) is not None


def maybe_unserialize(text: str) -> tuple[Any, bool]:
    """Return ``(value, True)`` when ``text`` decodes, else ``(text, False)``."""
    if not is_serialized(text):
        return text, False
    try:
        return loads(text.strip()), True
    except PhpSerializeError:
        return text, False


def loads(data: str | bytes) -> Any:
    """Decode one serialized value; the whole input must be consumed."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    reader = _Reader(raw)
    value = reader.value(0)
    if reader.pos != len(raw):
        raise PhpSerializeError(f"trailing data at byte {reader.pos}")
    return value


class _Reader:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def _fail(self, why: str) -> PhpSerializeError:
        return PhpSerializeError(f"{why} at byte {self.pos}")

    def _expect(self, token: bytes) -> None:
        if not self.data.startswith(token, self.pos):
            raise self._fail(f"expected {token!r}")
        self.pos += len(token)

    def _until(self, stop: bytes) -> bytes:
        end = self.data.find(stop, self.pos)
        if end < 0:
            raise self._fail(f"missing {stop!r}")
        chunk = self.data[self.pos:end]
        self.pos = end + len(stop)
        return chunk

    def _count(self, stop: bytes) -> int:
        digits = self._until(stop)
        if not digits.isdigit():
            raise self._fail("bad length")
        count = int(digits)
        # Each element needs at least a few bytes: refuse counts the input cannot hold.
        if count > len(self.data) - self.pos:
            raise self._fail("length exceeds input")
        return count

    def _string_body(self) -> str:
        length = self._count(b":")
        self._expect(b'"')
        end = self.pos + length
        if self.data[end:end + 1] != b'"':
            raise self._fail("string length does not match its bytes")
        chunk = self.data[self.pos:end]
        self.pos = end + 1
        try:
            return chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise self._fail("string is not valid UTF-8") from exc

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self._fail("nesting too deep")
        kind = self.data[self.pos:self.pos + 2]
        if self.data.startswith(b"N;", self.pos):
            self.pos += 2
            return None
        self.pos += 2
        if kind == b"b:":
            flag = self._until(b";")
            if flag not in (b"0", b"1"):
                raise self._fail("bad boolean")
            return flag == b"1"
        if kind == b"i:":
            digits = self._until(b";")
            if not _INTEGER.fullmatch(digits):
                raise self._fail("bad integer")
            return int(digits)
        if kind == b"d:":
            digits = self._until(b";")
            if not _FLOAT.fullmatch(digits):
                raise self._fail("bad float")
            return _SPECIAL_FLOATS.get(digits) if digits in _SPECIAL_FLOATS else float(digits)
        if kind == b"s:":
            text = self._string_body()
            self._expect(b";")
            return text
        if kind == b"a:":
            count = self._count(b":")
            return self._members(count, {}, depth, is_object=False)
        if kind == b"O:":
            class_name = self._string_body()
            self._expect(b":")
            count = self._count(b":")
            members = self._members(count, {CLASS_KEY: class_name}, depth, is_object=True)
            return members
        self.pos -= 2
        raise self._fail(f"unsupported token {kind!r}")

    def _members(self, count: int, into: dict, depth: int, *, is_object: bool) -> dict:
        self._expect(b"{")
        for _ in range(count):
            key = self.value(depth + 1)
            if is_object and isinstance(key, str) and key.startswith("\0"):
                # Private "\0Class\0name" and protected "\0*\0name" properties.
                key = key.rsplit("\0", 1)[-1]
            elif not isinstance(key, (int, str)):
                raise self._fail("array key must be int or string")
            into[key] = self.value(depth + 1)
        self._expect(b"}")
        return into
