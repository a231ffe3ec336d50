"""Who steps aside when two instances poll one token."""

from __future__ import annotations

from bot.telegram.conflict import ANOTHER_INSTANCE, ConflictPolicy


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_newcomer_stops_at_its_first_conflict() -> None:
    clock = Clock()
    policy = ConflictPolicy(grace=10, clock=clock)
    clock.now += 2
    assert policy.on_conflict() == ANOTHER_INSTANCE


def test_the_running_instance_keeps_on_when_a_newcomer_appears() -> None:
    clock = Clock()
    policy = ConflictPolicy(grace=10, fight_limit=5, fight_window=60, clock=clock)
    clock.now += 3600
    for _ in range(4):
        assert policy.on_conflict() is None
        clock.now += 1
    clock.now += 61  # those were long ago: a new newcomer is no fight yet
    assert policy.on_conflict() is None


def test_an_endless_fight_stops_even_an_old_instance() -> None:
    clock = Clock()
    policy = ConflictPolicy(grace=10, fight_limit=5, fight_window=60, clock=clock)
    clock.now += 3600
    verdicts = []
    for _ in range(5):
        verdicts.append(policy.on_conflict())
        clock.now += 2
    assert verdicts[:4] == [None] * 4
    assert verdicts[4] is not None and "5 conflicts" in verdicts[4]
