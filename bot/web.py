"""Fetch a web page for `add URL` and admins' links, carefully.

http and https only; at most MAX_REDIRECTS redirects, each checked like the
first URL; a timeout per request; the body read up to a size limit and no
further; HTML content types only. Addresses on private, loopback, link-local
and other non-public networks are refused unless ``knowledge.fetch.allow_private``
is set (the tests serve pages on 127.0.0.1), so an admin's link cannot make
the bot read the machine's own services.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from bot.config import FetchSettings
from bot.errors import NewsbotError, excerpt

MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "newsbot/0.1 (+a Telegram bot that answers questions about news articles)"


class FetchError(NewsbotError, ValueError):
    """A page that could not be fetched; the message says why, quoting at most an excerpt."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    html: bytes


def fetch(url: str, settings: FetchSettings) -> Fetched:
    """The HTML at `url`, following at most MAX_REDIRECTS checked redirects."""
    with httpx.Client(
        timeout=settings.timeout,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
        trust_env=False,  # no proxy from the environment decides where a link goes
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, allow_private=settings.allow_private)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = _redirect_target(url, response.headers.get("location", ""))
                        continue
                    return Fetched(url, _read(response, settings.max_bytes))
            except httpx.TimeoutException:
                raise FetchError(f"the site did not answer within {settings.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch the page: {excerpt(str(exc) or 'error')}") from None
            except (httpx.InvalidURL, UnicodeError):  # not HTTPErrors: refused before sending
                raise FetchError(f"not a valid link: {excerpt(url)!r}") from None
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _read(response: httpx.Response, max_bytes: int) -> bytes:
    if response.status_code != 200:
        raise FetchError(f"the site answered {response.status_code} {response.reason_phrase}")
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in HTML_TYPES:
        raise FetchError(f"not a web page: the content type is {excerpt(kind or 'missing', 40)}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"the page is {int(declared):,} bytes; the limit is {max_bytes:,}")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(f"the page is over the limit of {max_bytes:,} bytes")
    return bytes(body)


def _redirect_target(url: str, location: str) -> str:
    """Where a redirect leads; a Location that is no link is the page's error, not a crash."""
    try:
        return urljoin(url, location)
    except ValueError:  # urllib raises it for a malformed host such as http://[oops/
        raise FetchError(
            f"the site redirects to what is not a valid link: {excerpt(location)!r}"
        ) from None


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse what is not http(s), and (unless allowed) hosts on non-public networks."""
    try:
        parts = urlsplit(url)
    except ValueError:  # urllib raises it for a malformed host such as http://[oops/
        raise FetchError(f"not a valid link: {excerpt(url)!r}") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http:// and https:// links can be added, not {excerpt(url)!r}")
    host = parts.hostname
    if not host:
        raise FetchError(f"the link has no host name: {excerpt(url)!r}")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError, ValueError):
        raise FetchError(f"cannot find the host {excerpt(host, 80)!r}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise FetchError(
                f"{excerpt(host, 80)} is on a private or local network ({address}); refused"
            )
