"""Message classes → lines of XML, through writers generated once per class and depth.

A result document has about ninety possible elements, most of them absent. Walking each
class's field plan (tree.fields_of) for every document costs more than all the rest of writing
it, so each class gets straight-line code instead, the way dataclasses builds `__init__`: one
attribute read per field, and element names and indentation as string constants. The plan
stays the one source of what is written; this module only compiles it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from onshi.oqs.tree import Field, fields_of, same

Lines = list[str]
Writer = Callable[[Any, Lines], None]


def escaped(text: str) -> str:
    """Free text with the markup characters `&`, `<` and `>` escaped (names may hold them)."""
    if "&" in text or "<" in text or ">" in text:
        return escape(text)
    return text


@cache
def body_writer(cls: type, indent: str) -> Writer:
    """A function appending the elements of a `cls` message, indented by `indent`."""
    namespace: dict[str, Any] = {"escaped": escaped}
    source = ["def write(obj, lines):", "    append = lines.append"]
    for index, f in enumerate(fields_of(cls)):
        source.append(f"    value = obj.{f.attribute}")
        source += _field_source(f, index, indent, namespace)
    return _compiled(source, namespace, f"write_{cls.__name__}")


@cache
def element_writer(cls: type, name: str, indent: str) -> Writer:
    """A function appending a `cls` message as element `name`; `<name/>` when it is empty."""
    body = body_writer(cls, indent + "  ")
    opening, closing, empty = f"{indent}<{name}>", f"{indent}</{name}>", f"{indent}<{name}/>"

    def write(obj: Any, lines: Lines) -> None:
        start = len(lines)
        lines.append(opening)
        body(obj, lines)
        if len(lines) == start + 1:
            lines[start] = empty
        else:
            lines.append(closing)

    return write


def _field_source(f: Field, index: int, indent: str, namespace: dict[str, Any]) -> list[str]:
    if f.item is not None:
        namespace[f"item_{index}"] = element_writer(f.child, f.item, indent + "  ")
        return ["    if value:",
                f"        append({f'{indent}<{f.element}>'!r})",
                "        for entry in value:",
                f"            item_{index}(entry, lines)",
                f"        append({f'{indent}</{f.element}>'!r})"]
    if f.child is not None:
        namespace[f"child_{index}"] = element_writer(f.child, f.element, indent)
        return ["    if value is not None:", f"        child_{index}(value, lines)"]
    if f.free_text:
        text = "escaped(value)"
    elif f.text is same:
        text = "value"  # StrEnum members concatenate as their value
    else:
        namespace[f"text_{index}"] = f.text
        text = f"text_{index}(value)"
    return ["    if value is not None:",
            f"        append({f'{indent}<{f.element}>'!r} + {text} + {f'</{f.element}>'!r})"]


def _compiled(source: list[str], namespace: dict[str, Any], name: str) -> Writer:
    exec(compile("\n".join(source), f"<onshi.oqs.writer {name}>", "exec"), namespace)
    function: Writer = namespace["write"]
    function.__name__ = function.__qualname__ = name
    return function
