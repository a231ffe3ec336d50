"""PROTOTYPE (round 16, reverted before commit): sentence vectors from a cache file."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

import numpy as np

_TABLE: dict[str, np.ndarray] | None = None
question = ""  # the text the answerer answers (set by Answerer.answer)
followup = False
encoded = 0  # questions whose vector was read (the gate let them through)
previous = ""  # a follow-up's previous question (set by conversation.respond), or ""
MISSES = os.environ.get("NEWSBOT_SEM_MISSES", "/tmp/semM-misses.txt")


def _table() -> dict[str, np.ndarray]:
    global _TABLE
    if _TABLE is None:
        data = np.load(os.environ.get("NEWSBOT_SEM_VECTORS", "/tmp/semM-vectors.npz"))
        _TABLE = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    return _TABLE


def vector(text: str) -> np.ndarray | None:
    found = _table().get(hashlib.sha1(text.encode("utf-8")).hexdigest())
    if found is None:
        with open(MISSES, "a", encoding="utf-8") as out:
            out.write(text.replace("\n", "\\n") + "\n")
    return found


def cosines(q: np.ndarray, texts: Sequence[str]) -> list[float]:
    out = []
    for t in texts:
        v = vector(t)
        out.append(float(q @ v) if v is not None else 0.0)
    return out
