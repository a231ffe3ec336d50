"""The project's errors: one base class carrying its exit code, and short excerpts of input.

Every error the project raises for a person to read (a bad config, a broken
article, a refused upload, a bad question set, an unusable index cache)
derives from `NewsbotError`: the command line prints any of them as
``<label>: <message>`` and exits with its `exit_code`, as click does.

A message built from input quotes only an excerpt of it (`excerpt`,
`shown`, `listed`), and the message as a whole is cut to `MAX_MESSAGE`
characters, so a 6,000-character URL or 600 unknown keys can never make a
reply longer than Telegram accepts, nor flood a log line.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_MESSAGE = 500  # characters of an error message (Telegram takes 4,096, after HTML escaping)
EXCERPT = 80  # characters of a value quoted inside a message
ELLIPSIS = "…"


class NewsbotError(Exception):
    """An error a person reads: its message is bounded, its exit code set by its class."""

    exit_code = 1
    label = "error"

    def __init__(self, message: str) -> None:
        super().__init__(excerpt(message, MAX_MESSAGE))


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """`text` on one line, cut to at most `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: max(0, limit - 1)].rstrip() + ELLIPSIS


def shown(value: object, limit: int = EXCERPT) -> str:
    """A value as Python writes it (quotes show where a string ends), cut to `limit`."""
    text = repr(value)
    return text if len(text) <= limit else text[: max(0, limit - 1)] + ELLIPSIS


def listed(items: Sequence[str], most: int = 8, limit: int = 40) -> str:
    """'a, b, c and 597 more': the first `most` items, each cut to `limit` characters."""
    head = ", ".join(excerpt(item, limit) for item in items[:most])
    more = len(items) - most
    return f"{head} and {more} more" if more > 0 else head


class ArticleError(NewsbotError, ValueError):
    """A knowledge file (or web page, or channel post) that cannot be loaded; the message
    says why. Raised for every problem inside one file, whatever caused it."""
