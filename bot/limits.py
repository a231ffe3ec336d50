"""Per-user flood limits: a sliding window of questions, and one notice when it is full.

A flooding user gets one "slow down" notice per window and then silence, so
fifty questions in ten seconds cost the bot one reply, not fifty, and other
chats never wait behind them.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable
from enum import Enum

Record = Callable[[int, float], None]  # (key, time): written through to a store


class Verdict(Enum):
    ALLOW = "allow"
    NOTIFY = "notify"  # over the limit: tell the user once
    DROP = "drop"  # over the limit and already told


class FloodGuard:
    def __init__(
        self,
        limit: int,
        window: float,
        max_users: int = 100_000,
        *,
        on_count: Record | None = None,
        on_notify: Record | None = None,
    ):
        self.limit = limit
        self.window = window
        self.max_users = max_users
        self.on_count = on_count  # called for each question counted, to survive a restart
        self.on_notify = on_notify  # ... and for each notice sent
        self._lock = threading.Lock()
        self._times: dict[int, deque[float]] = {}
        self._notified: dict[int, float] = {}

    def restore(
        self, counted: Iterable[tuple[int, float]], told: Iterable[tuple[int, float]]
    ) -> None:
        """Refill the windows from stored (key, time) pairs, oldest first."""
        with self._lock:
            for key, at in counted:
                self._times.setdefault(key, deque()).append(at)
            for key, at in told:
                self._notified[key] = at

    def check(self, user_id: int, now: float) -> Verdict:
        with self._lock:
            times = self._times.get(user_id)
            if times is None:
                self._forget_idle(now)
                times = self._times[user_id] = deque()
            while times and now - times[0] >= self.window:
                times.popleft()
            if len(times) < self.limit:
                times.append(now)
                self._notified.pop(user_id, None)
                verdict, record = Verdict.ALLOW, self.on_count
            else:
                told = self._notified.get(user_id)
                if told is not None and now - told < self.window:
                    return Verdict.DROP
                self._notified[user_id] = now
                verdict, record = Verdict.NOTIFY, self.on_notify
        if record is not None:
            record(user_id, now)
        return verdict

    def retry_after(self, user_id: int, now: float) -> float:
        """Seconds until `user_id` may ask again."""
        with self._lock:
            times = self._times.get(user_id)
            if not times or len(times) < self.limit:
                return 0.0
            return max(0.0, self.window - (now - times[0]))

    def _forget_idle(self, now: float) -> None:
        """Keep memory bounded: drop users whose whole window has passed."""
        if len(self._times) < self.max_users:
            return
        idle = [u for u, t in self._times.items() if not t or now - t[-1] >= self.window]
        for user_id in idle:
            del self._times[user_id]
            self._notified.pop(user_id, None)
