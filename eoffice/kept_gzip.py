"""HTML kept for many requests (a dashboard's figures), compressed once with it.

A district dashboard is 58 KB of HTML, 52 KB of it the figures kept for a minute; gzip
at level 4 spent 3.2 M instructions on every request compressing the same 52 KB again
(a sixth of the page). A kept part is deflated once, when it is kept, on its own: its
back-references reach nothing before it, and it ends on a byte boundary without ending
the stream. A page showing it is then gzipped as one stream of three pieces: the page
before it deflated now, the kept part's bytes, the page after it deflated now and ended.
The browser inflates one ordinary gzip stream into exactly the HTML rendered; only the
check sum (CRC-32) and length cover the whole page, counted now.

Flask-Compress still compresses everything else (and any response where the kept part
is not found whole, or the client takes no gzip)."""
import struct
import zlib

from flask import current_app, g, request
from markupsafe import Markup

# gzip member header: magic, deflate, no flags, no time, no extra flags, unknown OS
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_RAW = -zlib.MAX_WBITS  # a raw deflate stream: the gzip header and trailer are ours
_PROBE = 64  # bytes of a kept part looked for in the page before comparing it all


def _deflated(data, level, mode):
    compressor = zlib.compressobj(level, zlib.DEFLATED, _RAW)
    return compressor.compress(data) + compressor.flush(mode)


def keep(html):
    """What to keep in the cache for `html`: itself, its bytes and their deflate stream,
    made once (encoding 52 KB with a few non-Latin letters is not free either)."""
    data = html.encode()
    return html, data, _deflated(data, current_app.config["COMPRESS_LEVEL"], zlib.Z_SYNC_FLUSH)


def is_kept(value):
    return isinstance(value, tuple) and len(value) == 3


def shown(kept):
    """The kept HTML for a template; the response is gzipped around its stream."""
    html, data, deflated = kept
    g.setdefault("kept_gzip", []).append((data, deflated))
    return Markup(html)


def _accepts_gzip():
    return request.accept_encodings.quality("gzip") > 0


def compress_around_kept(response):
    """after_request, before Flask-Compress's: a page showing a kept part, gzipped."""
    parts = g.get("kept_gzip")
    if (not parts or response.status_code != 200 or response.mimetype != "text/html"
            or response.is_streamed or "Content-Encoding" in response.headers
            or not _accepts_gzip()):
        return response
    data, deflated = parts[0]
    body = response.get_data()
    at = body.find(data[:_PROBE])
    if at < 0 or not body.startswith(data, at):
        return response
    level = current_app.config["COMPRESS_LEVEL"]
    stream = b"".join((
        _HEADER,
        _deflated(body[:at], level, zlib.Z_SYNC_FLUSH),
        deflated,
        _deflated(body[at + len(data):], level, zlib.Z_FINISH),
        struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF),
    ))
    response.set_data(stream)
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response

