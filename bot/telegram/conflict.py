"""Two instances polling one token: step aside instead of fighting over updates.

Telegram answers a getUpdates call with 409 Conflict when a newer getUpdates
for the same token arrives, so each instance ends the other's long poll and
both see a 409 every second or so, forever, with updates split between them.
The 409 goes to the *older* call: a bot that has been running for a while
gets the first one when a newcomer starts polling. It keeps polling (with a
warning), which ends the newcomer's poll in turn; the newcomer, still within
its first `GRACE` seconds, takes that as "another instance is running" and
stops. If both started within `GRACE` seconds of each other, the first to see
a 409 stops and the other carries on. An instance that keeps meeting
conflicts long after its start (say another program polls the token) stops
too, after `FIGHT_LIMIT` of them within `FIGHT_WINDOW` seconds.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

GRACE = 10.0  # seconds after start in which a 409 means "someone was here first"
FIGHT_LIMIT = 10
FIGHT_WINDOW = 60.0
EXIT_CODE = 3  # `python -m bot run` exits with this after stepping aside

ANOTHER_INSTANCE = (
    "another instance is already polling Telegram with this bot token (409 Conflict); "
    "stopping this one so they do not fight over updates. Run one instance per token."
)
NEWCOMER = (
    "another instance started polling Telegram with this bot token (409 Conflict); "
    "keeping on: it should stop by itself"
)
FIGHTING = (
    "another program keeps polling Telegram with this bot token ({count} conflicts in "
    "{window:.0f} s); stopping this one. Run one instance per token."
)


class ConflictPolicy:
    def __init__(
        self,
        *,
        grace: float = GRACE,
        fight_limit: int = FIGHT_LIMIT,
        fight_window: float = FIGHT_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.grace = grace
        self.fight_limit = fight_limit
        self.fight_window = fight_window
        self.clock = clock
        self.started = clock()
        self.seen: deque[float] = deque()

    def on_conflict(self) -> str | None:
        """The reason to stop this instance now, or None to keep polling."""
        now = self.clock()
        if now - self.started < self.grace:
            return ANOTHER_INSTANCE
        self.seen.append(now)
        while self.seen and now - self.seen[0] > self.fight_window:
            self.seen.popleft()
        if len(self.seen) >= self.fight_limit:
            return FIGHTING.format(count=len(self.seen), window=self.fight_window)
        return None
