"""HTML kept for many requests (a dashboard's figures), compressed once with it.

A district dashboard is 58 KB of HTML, 52 KB of it the figures kept for a minute; gzip
at level 4 spent 3.2 M instructions on every request compressing the same 52 KB again
(a sixth of the page). A kept part is deflated once, when it is kept, on its own: its
back-references reach nothing before it, and it ends on a byte boundary without ending
the stream. A page showing it is then gzipped as one stream of three pieces: the page
before it deflated now, the kept part's bytes, the page after it deflated now and ended.
The browser inflates one ordinary gzip stream into exactly the HTML rendered; the
check sum (CRC-32) and length cover the whole page: the kept part's CRC is counted once
and combined with the page's around it.

Flask-Compress still compresses everything else (and any response where the kept part
or the client takes no gzip).

The page itself is rendered with a short mark where a kept part goes, and the part's
bytes are put in its place here: decoding 52 KB of text from the cache, joining it into
the page and encoding it again on every request cost 1.5 M instructions, a tenth of
the dashboard. The mark carries a random token made at start-up, so no text a
page shows can forge one; the part is put in on every response that has the mark,
compressed or not."""
import secrets
import struct
import zlib

from flask import current_app, g, request
from markupsafe import Markup

# gzip member header: magic, deflate, no flags, no time, no extra flags, unknown OS
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_RAW = -zlib.MAX_WBITS  # a raw deflate stream: the gzip header and trailer are ours
_KEPT = "kept-gzip/2"  # what a cache entry made here starts with
_MARK = f"<!--kept {secrets.token_hex(8)} "


def _deflated(data, level, mode):
    compressor = zlib.compressobj(level, zlib.DEFLATED, _RAW)
    return compressor.compress(data) + compressor.flush(mode)


def _crc_shift(length):
    """CRC-32 after `length` more bytes, as a linear map of the CRC before them (one
    value per bit): crc32(a + b) == _shifted(crc32(a), _crc_shift(len(b))) ^ crc32(b),
    so a kept part's CRC is counted once and the page's combined with it per request."""
    zeros = bytes(length)
    base = zlib.crc32(zeros)
    return tuple(zlib.crc32(zeros, 1 << bit) ^ base for bit in range(32))


def _shifted(crc, columns):
    shifted = 0
    for column in columns:
        if crc & 1:
            shifted ^= column
        crc >>= 1
    return shifted


def keep(html):
    """What to keep in the cache for `html`: its bytes and their deflate stream, made
    once (encoding 52 KB with a few non-Latin letters is not free either)."""
    data = html.encode()
    return (_KEPT, data, _deflated(data, current_app.config["COMPRESS_LEVEL"], zlib.Z_SYNC_FLUSH),
            zlib.crc32(data), _crc_shift(len(data)))


def is_kept(value):
    return isinstance(value, tuple) and len(value) == 5 and value[0] == _KEPT


def _mark(index):
    return f"{_MARK}{index}-->"


def shown(kept):
    """The mark for a template where the kept HTML goes; the response gets its bytes."""
    parts = g.setdefault("kept_gzip", [])
    parts.append(kept[1:])
    return Markup(_mark(len(parts) - 1))


def _accepts_gzip():
    return request.accept_encodings.quality("gzip") > 0


def _pieces(body, parts):
    """The body cut at the marks: [page bytes, (data, deflated), page bytes, ...]."""
    pieces, rest = [], body
    for index, part in enumerate(parts):
        before, found, after = rest.partition(_mark(index).encode())
        if found:
            pieces += [before, part]
            rest = after
    return pieces + [rest]


def _gzipped(pieces, level):
    stream, crc, length = [_HEADER], 0, 0
    last = len(pieces) - 1
    for at, piece in enumerate(pieces):
        if isinstance(piece, tuple):
            data, deflated, kept_crc, shift = piece
            crc = _shifted(crc, shift) ^ kept_crc
            stream.append(deflated)
        else:
            data = piece
            crc = zlib.crc32(data, crc)
            stream.append(_deflated(data, level, zlib.Z_FINISH if at == last
                                    else zlib.Z_SYNC_FLUSH))
        length += len(data)
    stream.append(struct.pack("<II", crc, length & 0xFFFFFFFF))
    return b"".join(stream)


def compress_around_kept(response):
    """after_request, before Flask-Compress's: the kept parts put in their marks' place,
    and a page showing them gzipped around their kept streams."""
    parts = g.get("kept_gzip")
    if not parts or response.is_streamed:
        return response
    pieces = _pieces(response.get_data(), parts)
    if len(pieces) == 1:
        return response
    if (response.status_code != 200 or response.mimetype != "text/html"
            or "Content-Encoding" in response.headers or not _accepts_gzip()):
        response.set_data(b"".join(p[0] if isinstance(p, tuple) else p for p in pieces))
        return response
    response.set_data(_gzipped(pieces, current_app.config["COMPRESS_LEVEL"]))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
