"""A real HTTP server on 127.0.0.1 serving the test news pages, and pages that must be refused."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

PAGES = Path(__file__).parent / "fixtures" / "pages"
STORIES = ("ferry", "library", "owls")  # the three realistic news pages

# Every paragraph of each story, as a reader sees it on the page, and the page furniture.
FURNITURE = (
    "cookie",
    "Accept",
    "Share on",
    "Subscribe today",
    "Sign up",
    "Related stories",
    "More from Local",
    "You may also like",
    "Storm closes north quay",
    "Bats use the moon",
    "Farmers' market",
    "All rights reserved",
    "Copyright",
    "Log in",
    "Tags:",
    "Advertisement",
    "More by this author",
    "0 comments",
)

PAYWALL_STUB = """<html><head><title>Council budget row deepens | The Daily Ledger</title>
<meta property="og:site_name" content="The Daily Ledger">
<meta property="article:published_time" content="2024-01-10"></head>
<body><article><h1>Council budget row deepens</h1>
<p>Councillors clashed again on Tuesday over plans to close two swimming pools.</p>
<p>Subscribe now to continue reading this article. Already a subscriber? Log in.</p>
</article></body></html>"""

NOT_AN_ARTICLE = """<html><head><title>Home | The Daily Ledger</title></head><body>
<nav><a href="/a">News</a> <a href="/b">Sport</a></nav>
<ul><li><a href="/1">Pools to close</a></li><li><a href="/2">Bridge reopens</a></li></ul>
</body></html>"""


def story_paragraphs(name: str) -> list[str]:
    """The story's <p> paragraphs, read from the page with the standard library."""
    from html.parser import HTMLParser

    class Paragraphs(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth = 0
            self.found: list[str] = []
            self.current: list[str] = []
            self.body = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            classes = dict(attrs).get("class") or ""
            if tag == "div" and classes in ("article-body", "entry-content"):
                self.body = True
            if tag == "article" and "story" in classes:
                self.body = True
            if tag == "div" and classes in ("tags", "author-box", "comments", "related-posts"):
                self.body = False  # the story is over
            if tag == "p" and self.body:
                self.depth, self.current = 1, []

        def handle_endtag(self, tag: str) -> None:
            if tag == "p" and self.depth:
                self.depth = 0
                self.found.append(" ".join("".join(self.current).split()))
            if tag == "article":
                self.body = False

        def handle_data(self, data: str) -> None:
            if self.depth:
                self.current.append(data)

    parser = Paragraphs()
    parser.feed((PAGES / f"{name}.html").read_text(encoding="utf-8"))
    return [p for p in parser.found if not p.startswith("By ")]  # the ferry's byline is a <p>


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class PageServer:
    def __init__(self) -> None:
        routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}
        html = {"Content-Type": "text/html; charset=utf-8"}
        for name in STORIES:
            routes[f"/news/{name}"] = (200, html, (PAGES / f"{name}.html").read_bytes())
        routes["/stub"] = (200, html, PAYWALL_STUB.encode())
        routes["/home"] = (200, html, NOT_AN_ARTICLE.encode())
        routes["/file.pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")
        routes["/huge"] = (200, html, b"<p>" + b"word " * 400_000 + b"</p>")
        for hop in range(10):
            routes[f"/hop/{hop}"] = (302, {"Location": f"/hop/{hop + 1}"}, b"")
        routes["/hop/10"] = routes["/news/owls"]
        routes["/moved"] = (301, {"Location": "/news/ferry"}, b"")
        routes["/to-ftp"] = (302, {"Location": "ftp://127.0.0.1/x"}, b"")
        routes["/to-broken"] = (302, {"Location": "http://[oops/x"}, b"")  # urlsplit raises
        handler = type("Handler", (_Handler,), {"routes": routes})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@contextmanager
def serving() -> Iterator[PageServer]:
    server = PageServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
