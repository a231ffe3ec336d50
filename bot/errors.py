"""Errors about input files, and the short excerpts their messages quote.

A message built from input quotes at most a short excerpt of it: a 50 MB
line or a 2 GB alias expansion must never reach a log, a terminal or a chat.
"""

from __future__ import annotations

EXCERPT_CHARS = 60
MAX_REASON_CHARS = 300


class ArticleError(ValueError):
    """A knowledge file (or page, or post) that cannot be loaded; the message says why."""


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text[: limit * 4].split())
    return flat if len(flat) <= limit and len(text) <= limit * 4 else flat[: limit - 1] + "…"


def bounded_reason(text: str) -> str:
    """A whole error message, cut to MAX_REASON_CHARS whatever built it."""
    return excerpt(text, MAX_REASON_CHARS)
