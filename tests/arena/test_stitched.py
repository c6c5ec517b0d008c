"""Pages stitched from parts compressed once (``ictarena.http.stitched``): whatever the parts,
the gzip member is one a standard decoder reads back to exactly their text, and a client that
does not accept gzip gets the text itself."""

from __future__ import annotations

import gzip
import random
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request

from ictarena.http.stitched import (
    SLOT,
    accepts_gzip,
    around,
    gzip_member,
    part,
    stitched_response,
)


def request(accept: str | None) -> Request:
    headers = [] if accept is None else [(b"accept-encoding", accept.encode())]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers})


@given(st.lists(st.text(max_size=3000), max_size=8))
def test_any_parts_decode_to_their_text_in_order(texts: list[str]) -> None:
    member = gzip_member([part(text) for text in texts])
    assert gzip.decompress(member).decode() == "".join(texts)
    decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
    decoder.decompress(member)
    assert decoder.eof and not decoder.unused_data  # one member, nothing after it


def test_a_large_page_of_repeated_rows_stays_small() -> None:
    rng = random.Random(3)
    rows = [
        f'<tr><td class="num">{i}</td><td>{rng.randrange(999)}</td></tr>\n' for i in range(9000)
    ]
    blocks = [part("".join(rows[i : i + 50])) for i in range(0, len(rows), 50)]
    member = gzip_member([part("<html>"), *blocks, part("</html>")])
    assert gzip.decompress(member).decode() == "<html>" + "".join(rows) + "</html>"
    assert len(member) < len("".join(rows)) / 5  # blocks compress well on their own


def test_a_page_is_split_around_its_slot() -> None:
    kept = [part("<b>kept</b>")]
    parts = around(f"<p>before</p>{SLOT}<p>after</p>", kept)
    assert [p.raw for p in parts] == [b"<p>before</p>", b"<b>kept</b>", b"<p>after</p>"]
    with pytest.raises(ValueError, match="no slot"):
        around("<p>no slot</p>", kept)


@pytest.mark.parametrize(
    ("accept", "gzip_ok"),
    [
        (None, False),
        ("", False),
        ("gzip", True),
        ("deflate, gzip;q=0.5", True),
        ("br, *", True),
        ("gzip;q=0", False),
        ("gzip; q=0.0, identity", False),
        ("x-gzip", True),
        ("gzipped", False),
        ("gzip;q=nonsense", False),
        ("GZIP", True),
    ],
)
def test_accept_encoding_is_read_as_rfc_9110_says(accept: str | None, gzip_ok: bool) -> None:
    assert accepts_gzip(request(accept)) is gzip_ok


def test_the_response_says_how_it_is_encoded() -> None:
    parts = [part("<p>é</p>"), part("<p>2</p>")]
    packed = stitched_response(request("gzip, deflate"), parts)
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["vary"] == "Accept-Encoding"
    assert packed.headers["content-type"] == "text/html; charset=utf-8"
    assert gzip.decompress(packed.body).decode() == "<p>é</p><p>2</p>"
    plain = stitched_response(request("identity"), parts)
    assert "content-encoding" not in plain.headers
    assert plain.body == "<p>é</p><p>2</p>".encode()
