"""Field declarations for OQS message classes: the element name each dataclass field maps to.

A field declared with `element("InsurerNumber")` becomes that child element; `aliases` are older
spec names accepted on input (the newest name is always the one emitted). A tuple field declared
with `items("ResultList", "ResultOfQualificationConfirmation")` is a wrapper element holding
repeated items.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any


def element(name: str, *aliases: str, default: Any = None) -> Any:
    return field(default=default, metadata={"element": name, "aliases": aliases})


def required(name: str, *aliases: str) -> Any:
    return field(metadata={"element": name, "aliases": aliases})


def items(wrapper: str, item: str) -> Any:
    return field(default=(), metadata={"element": wrapper, "aliases": (), "item": item})

