"""Downloading an uploaded file, stopping at the size limit.

The size a document message declares, and the one getFile reports, are
claims: a file declared small but large must be refused once the limit is
reached, not after the whole file was read into memory. So the download is
a stream, checked against the limit at its Content-Length (when the server
sends one) and again at every chunk.

The download is not a Bot API call, so the retrying rate limiter (bot/telegram/
retry.py) never sees it: a 5xx from Telegram's file server or a dropped
connection is tried again here, `ATTEMPTS` times in all, before the admin is
told; a refusal (4xx) or a file over the limit is not.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from pathlib import Path

import httpx
from telegram import File

from bot.content import ContentError

CHUNK = 1 << 16
ATTEMPTS = 3  # a download that failed on the way: tried again after 0.5 s, then 1 s
FIRST_DELAY = 0.5


def too_big(size: int, limit: int, *, at_least: bool = False) -> ContentError:
    more = "more than " if at_least else ""
    return ContentError(f"the file is {more}{size:,} bytes; the limit is {limit:,}")


class _Failed(ContentError):
    """A download that failed on the way (a 5xx, a dropped connection): worth another try."""


async def download_at_most(
    file: File, limit: int, *, timeout: float, delay: float = FIRST_DELAY
) -> bytes:
    """The file's bytes; ContentError as soon as it proves longer than `limit` bytes, or
    when the `ATTEMPTS`th download fails too (`delay` before the second, doubling).
    `timeout`: seconds for each step (connect, each read), telegram.download_timeout."""
    if file.file_size is not None and file.file_size > limit:
        raise too_big(file.file_size, limit)
    if not file.file_path:
        raise ContentError("Telegram gave no way to download the file")
    parts = urllib.parse.urlsplit(file.file_path)
    if parts.scheme not in ("http", "https"):  # a self-hosted Bot API server in --local mode
        return _read_local(Path(file.file_path), limit)
    url = urllib.parse.urlunsplit(parts._replace(path=urllib.parse.quote(parts.path)))
    for attempt in range(ATTEMPTS - 1):
        try:
            return await _download(url, limit, timeout)
        except _Failed:
            await asyncio.sleep(delay * 2**attempt)
    return await _download(url, limit, timeout)  # its failure is the admin's to read


async def _download(url: str, limit: int, timeout: float) -> bytes:
    data = bytearray()
    try:
        async with (
            httpx.AsyncClient(timeout=timeout) as client,
            client.stream("GET", url) as response,
        ):
            status = response.status_code
            if status != httpx.codes.OK:
                failed = _Failed if status >= 500 else ContentError
                raise failed(f"Telegram did not hand the file over (HTTP {status})")
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                raise too_big(int(length), limit)
            async for chunk in response.aiter_bytes(CHUNK):
                data += chunk
                if len(data) > limit:
                    raise too_big(limit, limit, at_least=True)
    except httpx.HTTPError as exc:  # its text holds the URL, and so the token: not shown
        failed = _Failed if isinstance(exc, httpx.TransportError) else ContentError
        raise failed(f"the download from Telegram failed ({type(exc).__name__})") from None
    return bytes(data)


def _read_local(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ContentError(f"cannot read the uploaded file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise too_big(limit, limit, at_least=True)
    return data
