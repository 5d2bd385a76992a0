"""Write ``crawl.warc.gz``, the example crawl: two English news pages, a request record,
an image response and a redirect — a reader must keep the pages and skip the rest.

Run from the repository root: ``python examples/make_warc.py``. WARC is simple enough to
write by hand (one gzip member per record), which keeps this script dependency-free.
"""

from __future__ import annotations

import gzip
import uuid
from pathlib import Path

PAGES = {
    "https://news.example/world/port-strike": """<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8"><title>Dock workers extend strike | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-09-12T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Dock workers extend strike for a second week</h1>
<p>Dock workers at the country's two largest ports will stay on strike for at least another
week, their union said on Thursday, as talks with port operators broke down again.</p>
<p>"We are not going back until the safety rules are in writing," union leader Ana Costa told
a rally outside the harbour office. According to the operators' association, more than 40
ships are waiting to be unloaded.</p>
<p>The transport minister denied reports that the government was preparing to order the
workers back, calling them "pure speculation".</p></article>
<footer>Contact · Privacy · Cookies</footer></body></html>""",
    "https://news.example/science/glacier": """<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8"><title>Glacier retreat faster than thought | Example News</title></head>
<body><nav>Home · Science · Climate</nav><article>
<h1>Alpine glacier retreating faster than thought, study says</h1>
<p>An Alpine glacier lost almost a tenth of its volume in two summers, researchers said on
Monday, citing new satellite measurements.</p>
<p>The study's lead author, Dr. Lukas Meier, said the losses were "unprecedented in the
measurement record". Other glaciologists said the figures were plausible but could not yet be
independently verified.</p></article><footer>© Example News</footer></body></html>""",
}


def record(warc_type: str, uri: str, payload: bytes, content_type: str) -> bytes:
    head = (
        "WARC/1.0\r\n"
        f"WARC-Type: {warc_type}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, warc_type + uri)}>\r\n"
        "WARC-Date: 2024-09-12T12:00:00Z\r\n"
        f"WARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + payload + b"\r\n\r\n", mtime=0)


def http_response(status: str, content_type: str, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
    head += f"Content-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def main() -> None:
    out = bytearray()
    for uri, html in PAGES.items():
        request = f"GET {uri.split('example', 1)[1]} HTTP/1.1\r\nHost: news.example\r\n\r\n"
        out += record("request", uri, request.encode(), "application/http; msgtype=request")
        body = html.encode("utf-8")
        response = http_response("200 OK", "text/html; charset=utf-8", body)
        out += record("response", uri, response, "application/http; msgtype=response")
    image = http_response("200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    out += record("response", "https://news.example/logo.png", image, "application/http")
    moved = http_response("301 Moved Permanently", "text/html", b"<a href='/'>moved</a>")
    out += record("response", "https://news.example/old", moved, "application/http")
    target = Path(__file__).with_name("crawl.warc.gz")
    target.write_bytes(bytes(out))
    print(f"wrote {target} ({len(out)} bytes)")


if __name__ == "__main__":
    main()
