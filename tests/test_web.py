"""Fetching pages: a real HTTP server on 127.0.0.1, with the limits a hostile link meets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import FetchSettings
from bot.web import MAX_REDIRECTS, FetchError, check_url, fetch
from tests.pages import PAGES, PageServer, serving

LOCAL = FetchSettings(allow_private=True, timeout=5.0, max_bytes=1_000_000)


@pytest.fixture(scope="module")
def site() -> Iterator[PageServer]:
    with serving() as server:
        yield server


def test_a_page_is_fetched_and_redirects_followed(site: PageServer) -> None:
    fetched = fetch(site.url("/moved"), LOCAL)
    assert fetched.url == site.url("/news/ferry")
    assert fetched.html == (PAGES / "ferry.html").read_bytes()


def test_at_most_five_redirects(site: PageServer) -> None:
    assert fetch(site.url(f"/hop/{10 - MAX_REDIRECTS}"), LOCAL).url == site.url("/hop/10")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(site.url(f"/hop/{9 - MAX_REDIRECTS}"), LOCAL)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/file.pdf", "not a web page: the content type is application/pdf"),
        ("/huge", "limit of 1,000,000 bytes|1,000,000"),
        ("/nowhere", "404"),
        ("/to-ftp", "only http:// and https://"),
        ("/to-broken", "not a valid link"),
    ],
)
def test_what_is_not_a_small_html_page_is_refused(site: PageServer, path: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        fetch(site.url(path), LOCAL)


def test_local_and_private_addresses_are_refused_unless_allowed(site: PageServer) -> None:
    strict = FetchSettings()
    for url in (site.url("/news/ferry"), "http://localhost/", "http://10.1.2.3/",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://192.168.0.1/"):
        with pytest.raises(FetchError, match="private or local network"):
            fetch(url, strict)
    check_url("http://10.1.2.3/", allow_private=True)  # the tests' setting lets them through


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "http:///nohost", "http://[oops/x"],
)
def test_only_http_links_with_a_host(url: str) -> None:
    with pytest.raises(FetchError):
        check_url(url, allow_private=False)


def test_a_public_address_passes_the_address_check() -> None:
    check_url("http://93.184.215.14/", allow_private=False)  # a literal: no DNS needed


def test_a_silent_site_times_out() -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        port = listener.getsockname()[1]
        with pytest.raises(FetchError, match=r"did not answer within 0\.5 s"):
            fetch(f"http://127.0.0.1:{port}/", FetchSettings(allow_private=True, timeout=0.5))
    finally:
        listener.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.215.14/\x01",  # a public literal passes the address check
        "http://93.184.215.14/" + "a" * 70_000,
    ],
)
def test_a_link_the_http_client_cannot_send_is_a_fetch_error(url: str) -> None:
    """httpx refuses these before connecting, with errors that are not its HTTPError
    (InvalidURL, and the idna codec's UnicodeError): `add URL` ended in a traceback and an
    admin's link in "Sorry, something went wrong", with "Fetching…" left as it was."""
    with pytest.raises(FetchError, match="not a valid link"):
        fetch(url, FetchSettings())


def test_a_host_the_idna_codec_refuses_is_a_fetch_error(site: PageServer) -> None:
    with pytest.raises(FetchError, match="not a valid link"):
        fetch(site.url("/news/ferry").replace("127.0.0.1", "xn--a.test"), LOCAL)
