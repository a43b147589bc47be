"""Message classes ↔ a plain tree (dicts of element name → text, dict or list).

The tree is the common shape behind the XML and JSON codecs: the same `XmlMsg` names serve as XML
elements and as JSON keys (oqs-interface.md §1.1). Reading is by name, never by order.
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

DATE_FORMAT = "%Y%m%d"
TIME_FORMAT = "%Y%m%d%H%M%S"


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _unwrap_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        return next(a for a in get_args(hint) if a is not type(None))
    return hint


def to_tree(obj: Any) -> Tree:
    """Dataclass → ordered tree; None and empty lists are left out."""
    out: Tree = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if value is None or value == ():
            continue
        name = f.metadata["element"]
        if "item" in f.metadata:
            entries = [to_tree(v) for v in value]
            out[name] = entries if f.metadata.get("flat") else {f.metadata["item"]: entries}
        elif dataclasses.is_dataclass(value):
            out[name] = to_tree(value)
        else:
            out[name] = _text(value)
    return out


def _text(value: Any) -> str:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return value.strftime(TIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def from_tree(cls: type[T], tree: Tree, path: str = "") -> T:
    """Tree → dataclass, raising OqsError (MISSING_ITEM / ITEM_FORMAT) naming the element."""
    if not isinstance(tree, dict):
        raise OqsError(errors.ITEM_FORMAT, path or cls.__name__)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        meta = f.metadata
        raw = _lookup(tree, (meta["element"], *meta["aliases"]))
        where = f"{path}/{meta['element']}" if path else meta["element"]
        if raw is None or raw == "":
            if f.default is dataclasses.MISSING:
                raise OqsError(errors.MISSING_ITEM, where)
            continue
        hint = _unwrap_optional(_hints(cls)[f.name])
        if "item" in meta:
            values[f.name] = _items(get_args(hint)[0], raw, meta, where)
        else:
            values[f.name] = _value(hint, raw, where)
    return cls(**values)


def _lookup(tree: Tree, names: tuple[str, ...]) -> Any:
    for name in names:
        if name in tree:
            return tree[name]
    return None


def _items(item_cls: type, raw: Any, meta: Any, where: str) -> tuple[Any, ...]:
    if meta.get("flat"):
        entries = raw
    elif isinstance(raw, dict):
        entries = raw.get(meta["item"])
    elif isinstance(raw, str) and not raw.strip():
        entries = None
    else:  # text or a repeated wrapper: refuse rather than drop the entries silently
        raise OqsError(errors.ITEM_FORMAT, where)
    if entries is None:
        return ()
    if not isinstance(entries, list):
        entries = [entries]  # one entry arrives as an object, several as a list (§6.9)
    return tuple(from_tree(item_cls, e, where) for e in entries)


def _value(hint: Any, raw: Any, where: str) -> Any:
    if dataclasses.is_dataclass(hint):
        return from_tree(hint, raw, where)
    if not isinstance(raw, str):
        raise OqsError(errors.ITEM_FORMAT, where)
    try:
        if hint is date:
            return _strict_time(raw, DATE_FORMAT, 8).date()
        if hint is datetime:
            return _strict_time(raw, TIME_FORMAT, 14)
        if isinstance(hint, type) and issubclass(hint, StrEnum):
            return hint(raw.strip())
    except ValueError:
        raise OqsError(errors.ITEM_FORMAT, where) from None
    return raw


def _strict_time(raw: str, fmt: str, length: int) -> datetime:
    text = raw.strip()
    if len(text) != length or not text.isascii() or not text.isdigit():
        raise ValueError(text)
    return datetime.strptime(text, fmt)
