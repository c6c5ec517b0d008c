"""HTML responses stitched from parts that are compressed once, not for every reader.

A 1000-line scoreboard is about 0.9 MB of HTML, read by dozens of viewers every second. Most
of it (blocks of lines) is the same from one reader and one version of the board to the next;
only the page around it (the reader's name, their form token, the server's clock) is theirs.
Compressing the whole page for each response would cost several milliseconds of CPU each time.

So a page is a sequence of :class:`Part`, each compressed on its own as raw DEFLATE data ended
with a sync flush (RFC 1951: a byte-aligned, non-final empty stored block, and no reference
into another part). Such streams may be concatenated; one gzip member (RFC 1952) is then the
10-byte header, every part's data in order, an empty final block, and the CRC-32 and length of
the whole text. Only the small per-reader parts are compressed per request; the kept parts are
copied. A client that does not accept gzip gets the parts' text joined. The response carries
its own ``Content-Encoding``, so :class:`starlette.middleware.gzip.GZipMiddleware` passes it
through untouched.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

GZIP_LEVEL = 3  # also the app's GZipMiddleware level (http/app.py)

# Where the kept parts go in a page rendered around them: no template or user text holds NUL.
SLOT = Markup("\x00stitched\x00")

_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no name, no mtime
_LAST = b"\x03\x00"  # an empty final block with fixed Huffman codes
_GZIP = re.compile(r"(?:^|,)\s*(x-gzip|gzip|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*(?=,|$)", re.I)


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a page: its UTF-8 text and that text compressed on its own."""

    raw: bytes
    packed: bytes  # raw DEFLATE data ending with a sync flush (not final)


def part(text: str) -> Part:
    raw = text.encode()
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Part(raw, packer.compress(raw) + packer.flush(zlib.Z_SYNC_FLUSH))


def gzip_member(parts: Sequence[Part]) -> bytes:
    """One gzip member holding the parts' text in order (``gzip.decompress`` reads it)."""
    crc = 0
    size = 0
    for piece in parts:
        crc = zlib.crc32(piece.raw, crc)
        size += len(piece.raw)
    trailer = crc.to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little")
    return b"".join((_HEADER, *(piece.packed for piece in parts), _LAST, trailer))


def accepts_gzip(request: Request) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (``gzip`` or ``*``, with a non-zero q)."""
    header = request.headers.get("accept-encoding", "")
    for match in _GZIP.finditer(header):
        quality = match.group(2)
        try:
            if quality is None or float(quality) > 0:
                return True
        except ValueError:
            continue
    return False


def around(page: str, kept: Sequence[Part]) -> list[Part]:
    """The parts of ``page`` (rendered with :data:`SLOT` where ``kept`` goes), in order."""
    before, slot, after = page.partition(SLOT)
    if not slot:
        raise ValueError("the page has no slot for its kept parts")
    return [part(before), *kept, part(after)]


def stitched_response(request: Request, parts: Sequence[Part], status_code: int = 200) -> Response:
    """The parts as one gzip member if the client accepts gzip, else their text joined (the
    app's GZipMiddleware then adds ``Vary: Accept-Encoding`` as to any page of its size)."""
    if accepts_gzip(request):
        headers = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        return Response(gzip_member(parts), status_code, headers, media_type="text/html")
    return Response(b"".join(piece.raw for piece in parts), status_code, media_type="text/html")
