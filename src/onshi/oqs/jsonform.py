"""The same XmlMsg tree as JSON (`{"XmlMsg": {...}}`), as the terminal's web API uses it."""

from __future__ import annotations

from typing import Any, TypeVar

import orjson

from onshi.oqs import errors
from onshi.oqs.errors import OqsError
from onshi.oqs.tree import from_tree, to_tree
from onshi.oqs.xml import MAX_DOCUMENT_BYTES, ROOT

T = TypeVar("T")


def parse(cls: type[T], data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> T:
    if len(data) > max_bytes:
        raise errors.too_large(max_bytes)
    try:
        document: Any = orjson.loads(data)
    except orjson.JSONDecodeError:
        raise OqsError(errors.UNREADABLE_BODY, "JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get(ROOT), dict):
        raise OqsError(errors.WRONG_ROOT)
    return from_tree(cls, document[ROOT])


def dump(document: object) -> bytes:
    return orjson.dumps({ROOT: to_tree(document)})
