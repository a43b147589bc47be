"""XML codec for OQS documents: safe reading of untrusted bytes, faithful writing.

Requests come from outside, so reading refuses DTDs and entity declarations outright (XXE,
billion laughs), caps the size, and insists the bytes match the declared encoding (UTF-8 or
Shift_JIS, read as CP932). Writing uses the declaration `<?xml version="1.0" encoding="…"
standalone="no"?>` that working clients exchange (oqs-interface.md §1.3).
"""

from __future__ import annotations

import re
from typing import TypeVar

from lxml import etree

from onshi.oqs import errors
from onshi.oqs.codes import CharacterCode
from onshi.oqs.errors import OqsError
from onshi.oqs.tree import Tree, from_tree
from onshi.oqs.writer import body_writer, escaped

T = TypeVar("T")

ROOT = "XmlMsg"
MAX_DOCUMENT_BYTES = 1024 * 1024
BOM = b"\xef\xbb\xbf"
_DECLARATION = re.compile(
    rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.\-]+)[\"'][^>]*\?>")
_ANY_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_FORBIDDEN = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "shift_jis": "cp932", "shift-jis": "cp932",
              "sjis": "cp932", "windows-31j": "cp932", "cp932": "cp932", "ms932": "cp932"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)


def read_tree(data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> Tree:
    """Untrusted bytes → the tree under the XmlMsg root."""
    if len(data) > max_bytes:
        raise errors.too_large(max_bytes)
    if b"<!" in data and _FORBIDDEN.search(data):
        raise OqsError(errors.FORBIDDEN_XML)
    try:
        root = etree.fromstring(_parser_input(data), _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise OqsError(errors.NOT_XML, _syntax_detail(exc)) from None
    if root is None or root.tag != ROOT:
        raise OqsError(errors.WRONG_ROOT, str(getattr(root, "tag", "")))
    return _element_tree(root)


def decode(data: bytes) -> str:
    """The document's text, read by its declared encoding (Shift_JIS as CP932, the superset
    real names need: ①, 髙); OqsError ENCODING when the bytes do not match it."""
    return _decoded(data)[1]


def _parser_input(data: bytes) -> bytes | str:
    """UTF-8 goes to the parser as it came, once checked; other text without its declaration,
    since parsers do not all know CP932."""
    declared, text = _decoded(data)
    return data if declared == "utf-8" else _ANY_DECLARATION.sub("", text, count=1)


def _decoded(data: bytes) -> tuple[str, str]:
    if data.startswith(BOM):
        data = data[len(BOM):]
    match = _DECLARATION.match(data)
    declared = match.group(1).decode("ascii").lower() if match else "utf-8"
    codec = _ENCODINGS.get(declared)
    if codec is None:
        raise OqsError(errors.ENCODING, f"宣言された文字コード {declared}")
    try:
        return declared, data.decode(codec)
    except UnicodeDecodeError:
        raise OqsError(errors.ENCODING, f"宣言 {declared}") from None


def _syntax_detail(exc: Exception) -> str:
    line = getattr(exc, "lineno", None)
    return f"{line}行目" if line else ""


def _element_tree(element: etree._Element) -> Tree:
    out: Tree = {}
    for child in element:
        name = child.tag
        if not isinstance(name, str):
            continue
        if name[0] == "{":
            name = name.rpartition("}")[2]
        value = _element_tree(child) if len(child) else (child.text or "")
        if name in out:
            previous = out[name]
            out[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            out[name] = value
    return out


def write_tree(tree: Tree, character_code: CharacterCode = CharacterCode.UTF8) -> bytes:
    """The tree as an indented document, written directly as text (names are ours, values are
    escaped)."""
    lines = _opening(character_code)
    _lines(tree, "  ", lines)
    return _closed(lines, character_code)


def _opening(character_code: CharacterCode) -> list[str]:
    return [f'<?xml version="1.0" encoding="{character_code.declaration}" standalone="no"?>',
            f"<{ROOT}>"]


def _closed(lines: list[str], character_code: CharacterCode) -> bytes:
    lines.append(f"</{ROOT}>\n")
    return "\n".join(lines).encode(character_code.codec, errors="xmlcharrefreplace")


def _lines(tree: Tree, indent: str, out: list[str]) -> None:
    for name, value in tree.items():
        for entry in value if isinstance(value, list) else (value,):
            if entry == {}:
                out.append(f"{indent}<{name}/>")
            elif isinstance(entry, dict):
                out.append(f"{indent}<{name}>")
                _lines(entry, indent + "  ", out)
                out.append(f"{indent}</{name}>")
            else:
                out.append(f"{indent}<{name}>{escaped(entry)}</{name}>")


def parse(cls: type[T], data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> T:
    """Untrusted XML bytes → a message of class `cls` (raises OqsError)."""
    return from_tree(cls, read_tree(data, max_bytes))


def dump(document: object, character_code: CharacterCode = CharacterCode.UTF8) -> bytes:
    """A message as a document: the same text write_tree gives for its tree."""
    lines = _opening(character_code)
    body_writer(type(document), "  ")(document, lines)
    return _closed(lines, character_code)
