"""Request bodies read with a bound: no client makes the hub hold more than one document."""

from __future__ import annotations

from fastapi import Request

from onshi.oqs.xml import MAX_DOCUMENT_BYTES


async def read_body(request: Request, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The body, received no further than just past `limit`: the codecs' size checks refuse an
    oversized one from that much, and that much is what the hub keeps of it."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            return bytes(data[:limit + 1])
    return bytes(data)
