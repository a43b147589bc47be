"""Check a written OQS document against the 資格確認 XML Schema (schema/qualification.xsd).

The schema describes what onshi emits (element order included); the reader is more lenient.
Bytes are decoded by the reader's own rules (onshi.oqs.xml) before parsing, because libxml2's
Shift_JIS decoder refuses the CP932 extensions (①, 髙) that real names contain
(oqs-interface §1.3, §6.2).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from lxml import etree

from onshi.oqs import errors
from onshi.oqs.errors import OqsError
from onshi.oqs.xml import decode  # one decoding policy for reading and validating

# The text is already decoded: the override makes libxml2 ignore the declared encoding.
_PARSER = etree.XMLParser(encoding="utf-8", resolve_entities=False, no_network=True,
                          load_dtd=False)


@cache
def schema() -> etree.XMLSchema:
    source = resources.files("onshi.oqs.schema").joinpath("qualification.xsd").read_bytes()
    return etree.XMLSchema(etree.fromstring(source))


def validate(document: bytes) -> list[str]:
    """Schema errors as `line N: message` strings; [] when the document is valid."""
    try:
        root = etree.fromstring(decode(document).encode("utf-8"), _PARSER)
    except OqsError as exc:
        return [exc.message]
    except etree.XMLSyntaxError as exc:
        return [str(exc)]
    if root.getroottree().docinfo.doctype:  # entities stay unexpanded and break validation
        return [errors.FORBIDDEN_XML.message]
    validator = schema()
    if validator.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in validator.error_log]
