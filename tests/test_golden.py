"""The redesign's safety net: every answer on every question set is what tests/golden.py
recorded (passages, scores, coverage, highlighted sentence, decline reason)."""

from __future__ import annotations

import json

import pytest

from bot.config import RetrievalSettings
from tests.golden import GOLDEN, answers


def test_every_answer_is_the_recorded_one(retrieval: RetrievalSettings) -> None:
    if not GOLDEN.exists():
        pytest.fail(f"{GOLDEN} is missing: run python -m tests.golden")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    now = dict(answers(retrieval))
    assert list(now) == list(golden)
    changed = [
        f"{name}: {old['q']!r}\n  was {old}\n  now {new}"
        for name, records in now.items()
        for old, new in zip(golden[name], records, strict=True)
        if old != new
    ]
    assert not changed, f"{len(changed)} answers changed:\n" + "\n".join(changed[:5])
