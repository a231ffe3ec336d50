"""Every Bot API call rate limited, waited out on 429 and retried on network trouble.

`AIORateLimiter` keeps under Telegram's flood limits and sleeps through
``429 retry_after`` replies, but a connection reset, a timeout or a 502 from
Telegram would still drop an answer. `RetryingRateLimiter` retries those with
exponential backoff. A request that Telegram refused (400 Bad Request) is not
retried: it would fail the same way again.

The price: a send that timed out after Telegram received it is sent twice.
An answer delivered twice beats an answer lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class RetryingRateLimiter(AIORateLimiter):
    def __init__(
        self,
        *,
        attempts: int = 6,
        first_delay: float = 0.5,
        max_delay: float = 8.0,
        max_retry_after: int = 5,
        max_in_flight: int = 32,
        **limits: Any,
    ) -> None:
        """`attempts` tries per call on network errors; `max_retry_after` waits on 429s.

        At most `max_in_flight` calls reach the HTTP client at once: httpx's
        pool does work per queued request per connection on every release,
        so hundreds of queued sends slow a burst down several times.
        """
        super().__init__(max_retries=max_retry_after, **limits)
        self.in_flight = asyncio.Semaphore(max_in_flight)
        self.attempts = max(1, attempts)
        self.first_delay = first_delay
        self.max_delay = max_delay

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        async def limited(*call_args: Any, **call_kwargs: Any) -> JSONResult:
            # Only the HTTP call holds a slot: a send waiting out a group's
            # 20-a-minute limit must not keep other chats' answers waiting.
            async with self.in_flight:
                return await callback(*call_args, **call_kwargs)

        delay = self.first_delay
        for attempt in range(1, self.attempts + 1):
            try:
                return await super().process_request(
                    limited, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt == self.attempts:
                    raise
                log.warning(
                    "%s failed (%s); retry %d of %d in %.1f s",
                    endpoint,
                    exc.message,
                    attempt,
                    self.attempts - 1,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_delay)
        raise AssertionError("unreachable")  # pragma: no cover
