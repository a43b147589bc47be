"""Message classes ↔ a plain tree (dicts of element name → text, dict or list).

The tree is the common shape behind the XML and JSON codecs: the same `XmlMsg` names serve as XML
elements and as JSON keys (oqs-interface.md §1.1). Reading is by name, never by order. Each
class's fields are turned into a plan once, since every confirmation walks these classes.
"""

from __future__ import annotations

import dataclasses
import types
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from onshi.oqs import errors
from onshi.oqs.errors import OqsError

Tree = dict[str, Any]
T = TypeVar("T")

@dataclasses.dataclass(frozen=True)
class _Field:
    attribute: str
    element: str
    names: tuple[str, ...]  # the element name, then older names accepted on input
    hint: Any  # the field's type without Optional; for lists, the item class
    item: str | None  # item element of a list field
    required: bool
    nested: bool  # the value is itself a message class


@cache
def _plan(cls: type) -> tuple[_Field, ...]:
    hints = get_type_hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        meta = f.metadata
        hint = _unwrap_optional(hints[f.name])
        plan.append(_Field(
            attribute=f.name, element=meta["element"], names=(meta["element"], *meta["aliases"]),
            hint=get_args(hint)[0] if "item" in meta else hint, item=meta.get("item"),
            required=f.default is dataclasses.MISSING,
            nested=dataclasses.is_dataclass(hint)))
    return tuple(plan)


def _unwrap_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        return next(a for a in get_args(hint) if a is not type(None))
    return hint


def to_tree(obj: Any) -> Tree:
    """Dataclass → ordered tree; None and empty lists are left out."""
    out: Tree = {}
    for f in _plan(type(obj)):
        value = getattr(obj, f.attribute)
        if value is None or value == ():
            continue
        if f.item is not None:
            entries = [to_tree(v) for v in value]
            out[f.element] = {f.item: entries}
        elif f.nested:
            out[f.element] = to_tree(value)
        else:
            out[f.element] = _text(value)
    return out


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value  # StrEnum members are str too: their value
    if isinstance(value, datetime):
        return (f"{value.year:04d}{value.month:02d}{value.day:02d}"
                f"{value.hour:02d}{value.minute:02d}{value.second:02d}")
    if isinstance(value, date):
        return f"{value.year:04d}{value.month:02d}{value.day:02d}"
    return str(value)


def from_tree(cls: type[T], tree: Tree, path: str = "") -> T:
    """Tree → dataclass, raising OqsError (MISSING_ITEM / ITEM_FORMAT) naming the element."""
    if not isinstance(tree, dict):
        raise OqsError(errors.ITEM_FORMAT, path or cls.__name__)
    values: dict[str, Any] = {}
    for f in _plan(cls):
        raw = _lookup(tree, f.names)
        where = f"{path}/{f.element}" if path else f.element
        if raw is None or raw == "":
            if f.required:
                raise OqsError(errors.MISSING_ITEM, where)
            continue
        if f.item:
            values[f.attribute] = _items(f, raw, where)
        elif f.nested:
            values[f.attribute] = from_tree(f.hint, raw, where)
        else:
            values[f.attribute] = _value(f.hint, raw, where)
    return cls(**values)


def _lookup(tree: Tree, names: tuple[str, ...]) -> Any:
    for name in names:
        if name in tree:
            return tree[name]
    return None


def _items(f: _Field, raw: Any, where: str) -> tuple[Any, ...]:
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
    return tuple(from_tree(f.hint, e, where) for e in entries)


def _value(hint: Any, raw: Any, where: str) -> Any:
    if not isinstance(raw, str):
        raise OqsError(errors.ITEM_FORMAT, where)
    try:
        if hint is date:
            return _parse_time(raw, 8).date()
        if hint is datetime:
            return _parse_time(raw, 14)
        if isinstance(hint, type) and issubclass(hint, StrEnum):
            return hint(raw.strip())
    except ValueError:
        raise OqsError(errors.ITEM_FORMAT, where) from None
    return raw


def _parse_time(raw: str, length: int) -> datetime:
    """YYYYMMDD or YYYYMMDDHHmmss, digits only; an impossible date raises ValueError."""
    text = raw.strip()
    if len(text) != length or not text.isascii() or not text.isdigit():
        raise ValueError(text)
    parts = [int(text[:4]), *(int(text[i:i + 2]) for i in range(4, length, 2))]
    return datetime(*parts)
