"""Questions answered and declined since start, and the declined ones: the gaps in the content."""

from __future__ import annotations

import threading
from collections import Counter, deque
from dataclasses import dataclass

from bot.text import normalize

RECENT_DECLINED = 500  # how many declined questions are remembered


@dataclass(frozen=True)
class StatsSnapshot:
    answered: int
    declined: int
    top_declined: tuple[tuple[str, int], ...]  # (question, times), most frequent first


class QuestionStats:
    def __init__(self, remember: int = RECENT_DECLINED):
        self._lock = threading.Lock()
        self.answered = 0
        self.declined = 0
        self._recent: deque[str] = deque(maxlen=remember)
        self._wording: dict[str, str] = {}  # normalised question -> how it was last asked

    def record(self, question: str, answered: bool) -> None:
        with self._lock:
            if answered:
                self.answered += 1
                return
            self.declined += 1
            key = " ".join(normalize(question).split())[:300]
            if key:
                self._recent.append(key)
                self._wording[key] = " ".join(question.split())[:300]

    def snapshot(self, top: int = 10) -> StatsSnapshot:
        with self._lock:
            counts = Counter(self._recent)
            for key in list(self._wording):
                if key not in counts:
                    del self._wording[key]
            ranked = tuple((self._wording[k], n) for k, n in counts.most_common(top))
            return StatsSnapshot(self.answered, self.declined, ranked)
