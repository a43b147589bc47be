"""Message classes ↔ a plain tree (dicts of element name → text, dict or list).

The tree is the common shape behind the XML and JSON codecs: the same `XmlMsg` names serve as XML
elements and as JSON keys (oqs-interface.md §1.1). Reading is by name, never by order. Each
class's fields are worked out once (fields_of), since every confirmation walks these classes.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from onshi.oqs import errors
from onshi.oqs.errors import OqsError

Tree = dict[str, Any]
T = TypeVar("T")

@dataclasses.dataclass(frozen=True)
class Field:
    """How one dataclass field maps to an element, worked out once per class."""

    attribute: str
    element: str
    aliases: tuple[str, ...]  # older names accepted on input, newest first
    item: str | None  # item element of a list field
    required: bool
    child: type | None  # the message class of a nested field, or of a list's items
    text: Callable[[Any], str]  # leaf value → element text
    read: Callable[[str], Any]  # element text → leaf value; ValueError when malformed
    free_text: bool  # plain strings, which may hold characters markup must escape


@cache
def fields_of(cls: type) -> tuple[Field, ...]:
    hints = get_type_hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        meta = f.metadata
        hint = _unwrap_optional(hints[f.name])
        if "item" in meta:
            hint = get_args(hint)[0]
        text, read = _conversions(hint)
        plan.append(Field(
            attribute=f.name, element=meta["element"], aliases=tuple(meta["aliases"]),
            item=meta.get("item"), required=f.default is dataclasses.MISSING,
            child=hint if dataclasses.is_dataclass(hint) else None,
            text=text, read=read, free_text=hint is str))
    return tuple(plan)


def _unwrap_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        return next(a for a in get_args(hint) if a is not type(None))
    return hint


def _conversions(hint: Any) -> tuple[Callable[[Any], str], Callable[[str], Any]]:
    """(value → text, text → value) for a leaf field's type."""
    if hint is datetime:
        return _timestamp_text, _read_timestamp
    if hint is date:
        return _date_text, _read_date
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return same, _EnumReader({member.value: member for member in hint})
    return (same, same) if hint is str else (str, same)


def same(value: str) -> str:
    return value  # StrEnum members are str too: their value


def _date_text(value: date) -> str:
    """YYYYMMDD, also for a datetime (its own day: an aware one is not remembered, since it
    equals the same instant in another zone, whose day may differ)."""
    return _remembered_day_text(value) if type(value) is date else _day_text(value)


def _day_text(value: date) -> str:
    return date.isoformat(value).replace("-", "")


# Remembered: the dates of a population span a few tens of thousands of days; the bound keeps
# dates echoed from requests from growing the memory.
_remembered_day_text = lru_cache(maxsize=1 << 16)(_day_text)


def _timestamp_text(value: datetime) -> str:
    return (f"{value.year:04d}{value.month:02d}{value.day:02d}"
            f"{value.hour:02d}{value.minute:02d}{value.second:02d}")


def _read_date(raw: str) -> date:
    text = raw.strip()
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise ValueError(text)
    return date.fromisoformat(text)  # YYYYMMDD; an impossible date raises ValueError


@dataclasses.dataclass(frozen=True)
class _EnumReader:
    members: dict[str, StrEnum]

    def __call__(self, raw: str) -> StrEnum:
        member = self.members.get(raw.strip())
        if member is None:
            raise ValueError(raw)
        return member


def to_tree(obj: Any) -> Tree:
    """Dataclass → ordered tree; None and empty lists are left out."""
    out: Tree = {}
    for f in fields_of(type(obj)):
        value = getattr(obj, f.attribute)
        if value is None or value == ():
            continue
        if f.item is not None:
            out[f.element] = {f.item: [to_tree(v) for v in value]}
        elif f.child is not None:
            out[f.element] = to_tree(value)
        else:
            out[f.element] = f.text(value)
    return out


def from_tree(cls: type[T], tree: Tree, path: str = "") -> T:
    """Tree → dataclass, raising OqsError (MISSING_ITEM / ITEM_FORMAT) naming the element."""
    if not isinstance(tree, dict):
        raise OqsError(errors.ITEM_FORMAT, path or cls.__name__)
    values: dict[str, Any] = {}
    for f in fields_of(cls):
        raw = tree.get(f.element, _ABSENT)
        if raw is _ABSENT:
            raw = _by_alias(tree, f.aliases)
        if raw is None or raw == "":
            if f.required:
                raise OqsError(errors.MISSING_ITEM, _where(path, f))
        elif f.item:
            values[f.attribute] = _items(f, raw, _where(path, f))
        elif f.child is not None:
            values[f.attribute] = from_tree(f.child, raw, _where(path, f))
        else:
            values[f.attribute] = _value(f, raw, path)
    return cls(**values)


_ABSENT = object()


def _where(path: str, f: Field) -> str:
    """The element's path for an error message (made only when needed)."""
    return f"{path}/{f.element}" if path else f.element


def _by_alias(tree: Tree, aliases: tuple[str, ...]) -> Any:
    for name in aliases:
        if name in tree:
            return tree[name]
    return None


def _items(f: Field, raw: Any, where: str) -> tuple[Any, ...]:
    if isinstance(raw, dict):
        entries = raw.get(f.item)
    elif isinstance(raw, str) and not raw.strip():
        entries = None
    else:  # text or a repeated wrapper: refuse rather than drop the entries silently
        raise OqsError(errors.ITEM_FORMAT, where)
    if entries is None:
        return ()
    if not isinstance(entries, list):
        entries = [entries]  # one entry arrives as an object, several as a list (§6.9)
    return tuple(from_tree(f.child, e, where) for e in entries)  # type: ignore[arg-type]


def _value(f: Field, raw: Any, path: str) -> Any:
    if isinstance(raw, str):
        try:
            return f.read(raw)
        except ValueError:
            pass
    raise OqsError(errors.ITEM_FORMAT, _where(path, f))


def _read_timestamp(raw: str) -> datetime:
    """YYYYMMDDHHmmss, digits only; an impossible time raises ValueError."""
    text = raw.strip()
    if len(text) != 14 or not text.isascii() or not text.isdigit():
        raise ValueError(text)
    return datetime(int(text[:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]),
                    int(text[10:12]), int(text[12:]))
